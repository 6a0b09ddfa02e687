//! `batch` end to end on the real binary: every row equals `calc` of the same
//! project, bad rows keep their place and give exit 3, bad headers exit 1
//! before anything is written, and `-o` is replaced only by a complete file.

use crate::util::{bin, calc_json, example, root};
use jincheng_incentives::project::parse::from_toml;
use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2024-06-30";

/// The worked example flattened by hand into one row.
const WORKED_HEADER: &str = "project.id,project.name,project.county,project.industry,project.investment_start,project.construction_permit_date,project.completion_date,project.production_date,project.application_date,project.new_enterprise,enterprise.name,investment.total,investment.government,investment.local_bank_loans,investment.fixed_assets,land.area_mu,land.standard_land,land.agreed_intensity,land.agreed_tax_per_mu,land.use,land.supply,factory.buildings[1].structure,factory.buildings[1].area_m2,factory.buildings[2].structure,factory.buildings[2].area_m2,loans[1].principal,loans[1].start_date,loans[1].term_months,loans[2].principal,loans[2].start_date,loans[2].term_months,tax_years[1].year,tax_years[1].tax_paid,tax_years[1].retained,tax_years[1].logistics_cost,tax_years[2].year,tax_years[2].tax_paid,tax_years[2].retained,tax_years[2].logistics_cost,tax_years[3].year,tax_years[3].tax_paid,tax_years[3].retained,tax_years[3].logistics_cost,utilities.water_tons,utilities.water_price,utilities.electricity_kwh,utilities.electricity_price,utilities.gas_m3,utilities.gas_price,utilities.gas_large_industrial_dedicated,utilities.heating_cost,utilities.telecom_fees,employment.insured_employees";
const WORKED_ROW: &str = "WX-1,光机电装备产业园项目,泽州县,高端装备制造,2021-03-01,2021-03-15,2022-12-20,2023-01-10,2023-11-20,是,晋城示例装备制造有限公司,4.5亿,0,5000万,4.2亿,100,true,300万,20万,M1,transfer,light_steel,20000,mixed,5000,1亿,2021-06-01,36,1亿,2022-01-01,12,2023,2500万,1000万,1500万,2024,3000万,1200万,1800万,2025,1800万,700万,800万,100000,4.5,50000000,0.45,2000000,2.6,true,30万,20万,350";

fn worked_csv() -> String {
    format!("{WORKED_HEADER}\n{WORKED_ROW}\n")
}

/// Output CSV as one map per row, header → cell.
fn rows(csv_text: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text);
    let header: Vec<String> = r
        .headers()
        .expect("output header")
        .iter()
        .map(str::to_string)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("output row");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn run_batch(input: &str, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["batch", "-"])
        .args(extra)
        .write_stdin(input)
        .output()
        .expect("run batch")
}

/// The money ids of the shipped rules, in output order.
fn money_ids() -> Vec<String> {
    let rules = jincheng_incentives::rules::load_embedded().expect("shipped rules");
    rules.money_ids().into_iter().map(str::to_string).collect()
}

/// Asserts that a batch CSV row says what `calc --format json` says.
fn assert_row_matches_calc(row: &BTreeMap<String, String>, calc: &Value, what: &str) {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    // A project the scope gate stops is computed, but says so in its status.
    let gates = calc["gates"].as_array().expect("gates");
    let status = if gates.iter().any(|g| g["status"] == "failed") {
        "out_of_scope"
    } else {
        "ok"
    };
    assert_eq!(row["status"], status, "{what}: {row:?}");
    assert_eq!(row["error"], "", "{what}");
    assert_eq!(row["project.id"], s(&calc["project"]["id"]), "{what}");
    let totals = &calc["totals"];
    for key in [
        "cash_total",
        "cash_total_max",
        "annual_savings",
        "suspended",
    ] {
        assert_eq!(row[key], s(&totals[key]), "{what}: {key}");
    }
    let items = calc["items"].as_array().expect("items");
    for id in money_ids() {
        let item = items.iter().find(|i| i["id"] == id.as_str());
        let expected = match item {
            Some(i) if i["status"] == "applies" => s(&i["amount"]),
            _ => "0.00".to_string(),
        };
        assert_eq!(row[&id], expected, "{what}: {id}");
    }
    let needs: Vec<String> = items
        .iter()
        .filter(|i| i["status"] == "needs_input")
        .map(|i| s(&i["id"]))
        .collect();
    assert_eq!(row["needs_input"], needs.join(";"), "{what}: needs_input");
}

/// A project file flattened to a CSV header and row through the library's
/// own view of its fields (dotted paths with 1-based indices).
fn flatten(path: &Path) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("read project");
    let project = from_toml(&text, &[]).expect("project parses");
    project
        .entries()
        .into_iter()
        .map(|(k, v)| (k, v.display()))
        .unzip()
}

fn example_projects() -> Vec<PathBuf> {
    // examples/ holds the worked example beside the others.
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.contains(&example("worked-example.toml")));
    files
}

#[test]
fn worked_example_row_gives_its_figures() {
    let out = run_batch(&worked_csv(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = rows(&out.stdout);
    assert_eq!(r.len(), 1);
    let row = &r[0];
    assert_eq!(row["row"], "1");
    assert_eq!(row["project.id"], "WX-1");
    assert_eq!(row["status"], "ok");
    assert_eq!(row["cash_total"], "34960000.00");
    assert_eq!(row["annual_savings"], "8900000.00");
    assert_eq!(row["loan_interest"], "5000000.00");
    assert_eq!(row["standard_land_investment"], "15000000.00");
    // A duplicate of standard_land_investment: nothing payable.
    assert_eq!(row["investment_reward"], "0.00");
    let calc = calc_json(&example("worked-example.toml"), &[]);
    assert_row_matches_calc(row, &calc, "worked example");
}

#[test]
fn output_columns_follow_the_contract() {
    let out = run_batch("project.id\n", &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut expected = vec![
        "row",
        "project.id",
        "status",
        "error",
        "cash_total",
        "cash_total_max",
        "annual_savings",
    ]
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    expected.extend(money_ids());
    expected.extend(["needs_input", "suspended", "notes", "line"].map(str::to_string));
    assert_eq!(text, format!("{}\n", expected.join(",")));
}

/// Every example project, flattened to a CSV row, gives in CSV the figures and
/// in JSONL exactly the JSON that `calc` gives for its file.
#[test]
fn every_example_row_equals_calc() {
    let files = example_projects();
    let flat: Vec<(Vec<String>, Vec<String>)> = files.iter().map(|f| flatten(f)).collect();
    let mut header: Vec<String> = Vec::new();
    for (h, _) in &flat {
        for k in h {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).expect("header");
    for (h, v) in &flat {
        let cells: Vec<&str> = header
            .iter()
            .map(|k| h.iter().position(|x| x == k).map_or("", |i| v[i].as_str()))
            .collect();
        w.write_record(&cells).expect("row");
    }
    let input = String::from_utf8(w.into_inner().expect("csv")).expect("utf-8");

    let out = run_batch(&input, &["--as-of", AS_OF]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv_rows = rows(&out.stdout);
    let out = run_batch(&input, &["--as-of", AS_OF, "--format", "jsonl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(csv_rows.len(), files.len());
    assert_eq!(lines.len(), files.len());
    for (i, file) in files.iter().enumerate() {
        let what = file.display().to_string();
        let calc = calc_json(file, &["--as-of", AS_OF]);
        assert_row_matches_calc(&csv_rows[i], &calc, &what);
        assert_eq!(csv_rows[i]["row"], (i + 1).to_string());
        let mut line = lines[i].clone();
        let obj = line.as_object_mut().expect("object");
        assert_eq!(obj.remove("row"), Some(Value::from(i + 1)), "{what}");
        assert_eq!(obj.remove("status"), Some(Value::from("ok")), "{what}");
        assert_eq!(obj.remove("line"), Some(Value::from(i + 2)), "{what}");
        assert_eq!(line, calc, "{what}: jsonl line differs from calc JSON");
    }
}

#[test]
fn mixed_good_and_bad_rows_keep_order_and_exit_3() {
    let input = format!(
        "{WORKED_HEADER}\n{WORKED_ROW}\n{}\n{WORKED_ROW}\n{}\n",
        WORKED_ROW.replace(",100,true,", ",一百,true,"),
        WORKED_ROW.replace("2022-12-20", "2022-13-20"),
    );
    let out = run_batch(&input, &[]);
    assert_eq!(out.status.code(), Some(3));
    let r = rows(&out.stdout);
    let status: Vec<&str> = r.iter().map(|x| x["status"].as_str()).collect();
    assert_eq!(status, ["ok", "error", "ok", "error"]);
    let numbers: Vec<&str> = r.iter().map(|x| x["row"].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    // The error names the column, quotes the value and says what was expected.
    assert!(r[1]["error"].contains("land.area_mu"), "{}", r[1]["error"]);
    assert!(r[1]["error"].contains("一百"));
    assert!(r[1]["error"].contains("应为"));
    assert!(r[3]["error"].contains("project.completion_date"));
    // A failed row keeps its id and line; every other cell is empty.
    assert_eq!(r[1]["cash_total"], "");
    assert_eq!(r[1]["project.id"], "WX-1");
    assert_eq!(r[1]["line"], "3");
    assert_eq!(r[2]["cash_total"], "34960000.00");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 行, 成功 2, 失败 2"), "{err}");
    assert!(err.contains("第2行 (表格第3行): land.area_mu"), "{err}");
    assert!(
        err.contains("第4行 (表格第5行): project.completion_date"),
        "{err}"
    );
}

#[test]
fn unknown_header_exits_1_naming_it_and_the_nearest_field() {
    bin()
        .args(["batch", "-"])
        .write_stdin("project.id,land.area_muu\nA,1\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("land.area_muu")
                .and(predicate::str::contains("\"land.area_mu\"")),
        );
}

#[test]
fn empty_input_is_an_error_and_a_header_alone_gives_no_rows() {
    bin()
        .args(["batch", "-"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("输入为空"));
    let out = run_batch("land.area_mu\n", &[]);
    assert!(out.status.success());
    assert_eq!(rows(&out.stdout).len(), 0);
}

#[test]
fn bom_input_is_read_and_bom_output_is_written_on_request() {
    let input = format!("\u{feff}{}", worked_csv());
    let out = run_batch(&input, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"row,"));
    assert_eq!(rows(&out.stdout)[0]["cash_total"], "34960000.00");

    let out = run_batch(&input, &["--bom"]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFrow,project.id,"));
}

#[test]
fn ragged_rows_and_bad_bytes_are_row_errors_not_crashes() {
    let mut input = b"project.id,land.area_mu,project.name\nA,1,x\nB,2\nC,3,x,extra\nD,4,".to_vec();
    input.extend_from_slice(b"\xff\xfe\n");
    input.extend_from_slice(format!("E,{},x\n", "9".repeat(1_000_000)).as_bytes());
    input.extend_from_slice(b"F,5,ok\n");
    let out = bin()
        .args(["batch", "-"])
        .write_stdin(input)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = rows(&out.stdout);
    let status: Vec<&str> = r.iter().map(|x| x["status"].as_str()).collect();
    assert_eq!(status, ["ok", "error", "error", "error", "error", "ok"]);
    assert!(r[1]["error"].contains("2列"), "{}", r[1]["error"]);
    assert!(r[2]["error"].contains("4列"), "{}", r[2]["error"]);
    assert!(r[3]["error"].contains("project.name"));
    assert!(r[3]["error"].contains("UTF-8"));
    assert!(r[4]["error"].contains("land.area_mu"));
    assert!(r[4]["error"].len() < 1000, "a huge cell is quoted short");
}

#[test]
fn stdin_to_stdout_in_a_pipe() {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '%s\\n' '{WORKED_HEADER}' '{WORKED_ROW}' | '{}' batch - | cut -d, -f5",
            assert_cmd::cargo::cargo_bin("jincheng-incentives").display()
        ))
        .output()
        .expect("sh");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "cash_total\n34960000.00\n"
    );
}

#[test]
fn closed_pipe_is_success() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("many.csv");
    let mut text = format!("{WORKED_HEADER}\n");
    for _ in 0..5000 {
        text.push_str(WORKED_ROW);
        text.push('\n');
    }
    std::fs::write(&input, text).expect("write");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' batch '{}' | head -1",
            assert_cmd::cargo::cargo_bin("jincheng-incentives").display(),
            input.display()
        ))
        .output()
        .expect("bash");
    assert!(out.status.success(), "{:?}", out);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("row,"));
}

/// Files in a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_file_is_replaced_only_by_a_complete_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.csv");
    let bad = dir.path().join("bad.csv");
    let out = dir.path().join("out.csv");
    std::fs::write(&good, worked_csv()).expect("write");
    std::fs::write(&bad, "project.id,land.area_muu\nA,1\n").expect("write");
    std::fs::write(&out, "previous results\n").expect("write");

    bin()
        .arg("batch")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&out).expect("read"),
        "previous results\n"
    );
    assert_eq!(listing(dir.path()), ["bad.csv", "good.csv", "out.csv"]);

    bin()
        .arg("batch")
        .arg(&good)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read(&out).expect("read");
    assert_eq!(rows(&written)[0]["cash_total"], "34960000.00");
    assert_eq!(listing(dir.path()), ["bad.csv", "good.csv", "out.csv"]);

    // A new file in a relative path (no directory part) works too.
    bin()
        .current_dir(dir.path())
        .args(["batch", "good.csv", "-o", "new.csv"])
        .assert()
        .success();
    assert!(dir.path().join("new.csv").exists());
}

/// Killed half-way (rows still arriving on standard input), the run leaves
/// the previous output as it was.
#[test]
fn interrupted_run_leaves_previous_output_untouched() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous results\n").expect("write");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jincheng-incentives"))
        .args(["batch", "-", "-o"])
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut text = format!("{WORKED_HEADER}\n");
    for _ in 0..3000 {
        text.push_str(WORKED_ROW);
        text.push('\n');
    }
    stdin.write_all(text.as_bytes()).expect("feed rows");
    stdin.flush().expect("flush");
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().expect("kill");
    child.wait().expect("wait");
    drop(stdin);
    assert_eq!(
        std::fs::read_to_string(&out).expect("read"),
        "previous results\n"
    );
}

#[test]
fn output_never_overwrites_the_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(&input, worked_csv()).expect("write");
    let also_input = dir.path().join(".").join("in.csv");
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&also_input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("同一个文件"));
    assert_eq!(std::fs::read_to_string(&input).expect("read"), worked_csv());
    assert_eq!(listing(dir.path()), ["in.csv"]);
}

#[test]
fn strict_rows_needing_input_fail() {
    // No preconditions given: strict mode asks for them.
    let out = run_batch(&worked_csv(), &["--strict", "--as-of", "2023-01-01"]);
    assert_eq!(out.status.code(), Some(3));
    let r = rows(&out.stdout);
    assert_eq!(r[0]["status"], "error");
    assert!(r[0]["error"].contains("严格模式"), "{}", r[0]["error"]);
}

/// Columns the property test fills, with how to generate a cell for each.
fn cell_strategies() -> Vec<(&'static str, BoxedStrategy<String>)> {
    fn money(lo: u64, hi: u64) -> BoxedStrategy<String> {
        (lo..hi, 0usize..3)
            .prop_map(|(n, unit)| match unit {
                0 => format!("{n}万"),
                1 => (n * 10_000).to_string(),
                _ => format!("{}.{:04}亿", n / 10_000, n % 10_000),
            })
            .boxed()
    }
    fn date(from: i32, to: i32) -> BoxedStrategy<String> {
        (from..to, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
            .boxed()
    }
    fn flag() -> BoxedStrategy<String> {
        prop::sample::select(vec!["true", "false", "是", "否"])
            .prop_map(str::to_string)
            .boxed()
    }
    fn int(lo: u64, hi: u64) -> BoxedStrategy<String> {
        (lo..hi).prop_map(|n| n.to_string()).boxed()
    }
    vec![
        ("project.id", "[A-Z]{1,3}-[0-9]{1,4}".boxed()),
        (
            "project.industry",
            prop::sample::select(vec!["高端装备制造", "新材料", "信息技术", "光伏发电"])
                .prop_map(str::to_string)
                .boxed(),
        ),
        ("project.investment_start", date(2020, 2022)),
        ("project.completion_date", date(2022, 2024)),
        ("project.production_date", date(2024, 2025)),
        ("project.new_enterprise", flag()),
        (
            "enterprise.top_rank",
            prop::sample::select(vec!["world500", "china500", "industry20"])
                .prop_map(str::to_string)
                .boxed(),
        ),
        ("investment.total", money(1_000, 200_000)),
        ("investment.local_bank_loans", money(0, 1_000)),
        ("investment.fixed_assets", money(1_000, 100_000)),
        (
            "land.area_mu",
            prop_oneof![9 => int(1, 600), 1 => Just("一百".to_string())].boxed(),
        ),
        ("land.standard_land", flag()),
        ("land.agreed_intensity", money(10, 1_000)),
        ("land.agreed_tax_per_mu", money(1, 100)),
        (
            "factory.buildings[1].structure",
            prop::sample::select(vec!["light_steel", "mixed", "other"])
                .prop_map(str::to_string)
                .boxed(),
        ),
        ("factory.buildings[1].area_m2", int(1, 50_000)),
        ("factory.rented.area_m2", int(1, 6_000)),
        ("factory.rented.monthly_rent_per_m2", int(1, 40)),
        ("factory.rented.lease_start", date(2020, 2024)),
        ("loans[1].principal", money(1, 60_000)),
        ("loans[1].start_date", date(2020, 2024)),
        ("loans[1].term_months", int(1, 130)),
        ("loans[2].principal", money(1, 60_000)),
        ("loans[2].start_date", date(2020, 2024)),
        ("loans[2].term_months", int(1, 130)),
        ("tax_years[1].year", int(2024, 2026)),
        ("tax_years[1].tax_paid", money(0, 20_000)),
        ("tax_years[1].retained", money(0, 5_000)),
        ("tax_years[1].logistics_cost", money(0, 5_000)),
        ("utilities.water_tons", int(0, 1_000_000)),
        (
            "utilities.water_price",
            (3u32..9).prop_map(|n| n.to_string()).boxed(),
        ),
        ("utilities.electricity_kwh", int(0, 100_000_000)),
        (
            "utilities.electricity_price",
            (1u32..9).prop_map(|n| format!("0.{n}")).boxed(),
        ),
        ("employment.insured_employees", int(0, 3_000)),
        (
            "compliance.tax_arrears",
            prop::sample::select(vec!["false", "否", "false", "true"])
                .prop_map(str::to_string)
                .boxed(),
        ),
    ]
}

/// A CSV header and one row where each column is filled or left empty.
fn csv_project() -> impl Strategy<Value = (Vec<&'static str>, Vec<String>)> {
    let (names, strategies): (Vec<&'static str>, Vec<BoxedStrategy<String>>) =
        cell_strategies().into_iter().unzip();
    let cells: Vec<BoxedStrategy<String>> = strategies
        .into_iter()
        .map(|s| {
            prop::option::weighted(0.7, s)
                .prop_map(Option::unwrap_or_default)
                .boxed()
        })
        .collect();
    (Just(names), cells)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// A generated row gives in batch what `calc --set` gives for the same
    /// fields, or both refuse it.
    #[test]
    fn generated_row_equals_calc((names, cells) in csv_project()) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&names).expect("header");
        w.write_record(&cells).expect("row");
        let input = String::from_utf8(w.into_inner().expect("csv")).expect("utf-8");
        let out = run_batch(&input, &["--as-of", AS_OF]);
        let code = out.status.code();
        prop_assert!(code == Some(0) || code == Some(3), "{:?}", out);
        let r = rows(&out.stdout);
        prop_assert_eq!(r.len(), 1);

        let mut calc = bin();
        calc.args(["calc", "-", "--format", "json", "--as-of", AS_OF]).write_stdin("");
        for (name, cell) in names.iter().zip(&cells) {
            if !cell.is_empty() {
                calc.arg("--set").arg(format!("{name}={cell}"));
            }
        }
        let calc = calc.output().expect("run calc");
        if code == Some(3) {
            prop_assert_eq!(&r[0]["status"], "error");
            prop_assert!(!calc.status.success(), "batch refused a row calc accepts: {}", r[0]["error"]);
        } else {
            prop_assert!(calc.status.success(), "{}", String::from_utf8_lossy(&calc.stderr));
            let json: Value = serde_json::from_slice(&calc.stdout).expect("calc JSON");
            assert_row_matches_calc(&r[0], &json, &input);
        }
    }
}
