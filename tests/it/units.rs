//! Units applied or refused, never ignored (INTERPRETATION second round,
//! readings 11 and 12): a sheet whose headers carry 万元, 亿元, 万元/亩, %,
//! 月/年 gives the same report as a project file written in base units;
//! a unit the field cannot take refuses the header; dollars convert at the
//! project's rate; implausible figures are flagged. Every base-unit figure
//! below is the header's number times its unit, worked by hand.

use crate::util::{bin, calc_json, item};
use serde_json::Value;
use std::path::Path;

const AS_OF: &str = "2024-06-30";

const HEADER: &str = "项目编号,实际投资额(万元),市县金融机构贷款(亿元),固定资产投资（万元）,\
用地面积(亩),是否标准地,约定亩均投资强度(万元/亩),约定亩均税收(万元/亩),\
贷款1本金(亿元),贷款1放款日期,贷款1期限(年),贷款1实际年利率(%),\
loans[2].principal(万元),贷款2放款日期,贷款2期限(月),\
纳税年度1年份,纳税年度1上缴税收(万元),纳税年度1市县留成(万元),厂房1结构,厂房1建筑面积(平方米)";

/// Bare numbers under the headers' units.
const ROW_BARE: &str = "U-1,45000,0.5,42000,100,是,300,20,1,2021-06-01,3,4.35,10000,2022-01-01,12,2023,2500,1000,轻钢结构,20000";
/// The same figures, each cell with its own unit (which wins over the header's).
const ROW_OWN_UNITS: &str = "U-1,4.5亿,5000万元,4.2亿元,100亩,是,3000000元/亩,20万元/亩,10000万,2021-06-01,36个月,4.35个百分点,1亿元,2022-01-01,1年,2023,25000000元,0.1亿,轻钢结构,20000㎡";

/// The twin project file, in base units: 45000万元 = 450000000 元;
/// 0.5亿元 = 50000000 元; 42000万元 = 420000000 元; 300万元/亩 = 3000000 元/亩;
/// 20万元/亩 = 200000 元/亩; 1亿元 = 100000000 元; 3年 = 36 月; 4.35% = 0.0435;
/// 10000万元 = 100000000 元; 2500万元 = 25000000 元; 1000万元 = 10000000 元.
const TWIN: &str = r#"[project]
id = "U-1"
[investment]
total = "450000000"
local_bank_loans = "50000000"
fixed_assets = "420000000"
[land]
area_mu = 100
standard_land = true
agreed_intensity = "3000000"
agreed_tax_per_mu = "200000"
[[loans]]
principal = "100000000"
start_date = 2021-06-01
term_months = 36
annual_rate = "0.0435"
[[loans]]
principal = "100000000"
start_date = 2022-01-01
term_months = 12
[[tax_years]]
year = 2023
tax_paid = "25000000"
retained = "10000000"
[[factory.buildings]]
structure = "light_steel"
area_m2 = 20000
"#;

fn batch(input: &str, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["batch", "-", "--as-of", AS_OF])
        .args(extra)
        .write_stdin(input.as_bytes().to_vec())
        .output()
        .expect("run batch")
}

fn jsonl(out: &std::process::Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect()
}

/// A jsonl row without the batch's own keys, comparable to calc JSON.
fn as_report(mut line: Value) -> Value {
    let obj = line.as_object_mut().expect("object");
    for key in ["row", "line", "status"] {
        obj.remove(key);
    }
    line
}

fn twin(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write twin");
    path
}

#[test]
fn header_units_give_the_same_report_as_base_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calc = calc_json(&twin(dir.path(), "twin.toml", TWIN), &["--as-of", AS_OF]);
    let input = format!("{HEADER}\n{ROW_BARE}\n{ROW_OWN_UNITS}\n");
    let lines = jsonl(&batch(&input, &["--format", "jsonl"]));
    assert_eq!(lines.len(), 2);
    for (i, line) in lines.into_iter().enumerate() {
        assert_eq!(line["status"], "ok", "row {}", i + 1);
        assert_eq!(as_report(line), calc, "row {} differs from the twin", i + 1);
    }
    // The figures themselves: 100亩 × 15万 (intensity 4.2亿 / 100 = 420万/亩
    // ≥ 1.3 × 300万) = 15,000,000.00; 20000 m² light steel × 40 = 800,000.00.
    assert_eq!(
        item(&calc, "standard_land_investment")["amount"],
        "15000000.00"
    );
    assert_eq!(item(&calc, "factory_construction")["amount"], "800000.00");
}

/// The LibreOffice-saved fixture (tests/fixtures/office/README.md): the same
/// header and rows as above, as number, date and text cells.
#[test]
fn a_libreoffice_workbook_with_unit_headers_gives_the_twin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calc = calc_json(&twin(dir.path(), "twin.toml", TWIN), &["--as-of", AS_OF]);
    let office = crate::util::root().join("tests/fixtures/office");
    let csv = std::fs::read_to_string(office.join("units.csv")).expect("fixture");
    assert_eq!(csv, format!("{HEADER}\n{ROW_BARE}\n{ROW_OWN_UNITS}\n"));
    let out = bin()
        .arg("batch")
        .arg(office.join("units.xlsx"))
        .args(["--as-of", AS_OF, "--format", "jsonl"])
        .output()
        .expect("run batch");
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 2);
    for (i, line) in lines.into_iter().enumerate() {
        assert_eq!(line["status"], "ok", "row {}", i + 1);
        assert!(
            as_report(line) == calc,
            "row {} differs from the twin",
            i + 1
        );
    }
}

#[test]
fn a_workbook_with_unit_headers_reads_like_the_csv() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().expect("tempdir");
    let calc = calc_json(
        &twin(
            dir.path(),
            "twin.toml",
            "[project]\nid = \"X-1\"\n[investment]\ntotal = \"450000000\"\nfixed_assets = \"420000000\"\n[land]\narea_mu = 100\nstandard_land = true\nagreed_intensity = \"3000000\"\n[[loans]]\nprincipal = \"100000000\"\nstart_date = 2021-06-01\nterm_months = 36\n",
        ),
        &["--as-of", AS_OF],
    );
    let path = dir.path().join("units.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let header = [
        "项目编号",
        "实际投资额(万元)",
        "固定资产投资(亿元)",
        "用地面积(亩)",
        "是否标准地",
        "约定亩均投资强度(万元/亩)",
        "贷款1本金(万元)",
        "贷款1放款日期",
        "贷款1期限(年)",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "X-1").expect("cell");
    // Number cells, each in its header's unit: 45000万元, 4.2亿元, 300万元/亩,
    // 10000万元, 3年.
    for (c, n) in [
        (1, 45000.0),
        (2, 4.2),
        (3, 100.0),
        (5, 300.0),
        (6, 10000.0),
        (8, 3.0),
    ] {
        ws.write_number(1, c, n).expect("cell");
    }
    ws.write_string(1, 4, "是").expect("cell");
    ws.write_string(1, 7, "2021-06-01").expect("cell");
    book.save(&path).expect("save");
    let out = bin()
        .arg("batch")
        .arg(&path)
        .args(["--as-of", AS_OF, "--format", "jsonl"])
        .output()
        .expect("run batch");
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(as_report(lines[0].clone()), calc);
}

#[test]
fn a_unit_the_field_cannot_take_refuses_the_header() {
    for (header, column, unit, takes) in [
        ("项目编号,实际投资额(万吨)", "第2列", "万吨", "万元"),
        ("项目编号,实际投资额(万斤)", "第2列", "万斤", "万元"),
        ("项目编号,用地面积(平方米)", "第2列", "平方米", "亩"),
        ("项目编号,厂房1建筑面积（亩）", "第2列", "亩", "平方米"),
        ("项目编号,贷款1实际年利率(元)", "第2列", "元", "%"),
        ("项目编号,是否标准地,贷款1期限(天)", "第3列", "天", "个月"),
        (
            "项目编号,loans[1].principal(平方米)",
            "第2列",
            "平方米",
            "亿元",
        ),
    ] {
        let out = batch(&format!("{header}\nA,1\n"), &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{header}: {err}");
        assert!(out.stdout.is_empty(), "{header}: nothing is computed");
        for word in [column, unit, takes] {
            assert!(err.contains(word), "{header}: {word} not in {err}");
        }
    }
    // A note that is no unit stays a note on a yes/no column.
    let out = batch("项目编号,是否标准地(是/否)\nA,是\n", &["--format", "jsonl"]);
    assert_eq!(jsonl(&out).len(), 1);
}

#[test]
fn set_values_carry_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = twin(dir.path(), "p.toml", TWIN);
    let with = |sets: &[&str]| {
        let mut args = vec!["--as-of", AS_OF];
        for s in sets {
            args.push("--set");
            args.push(s);
        }
        // `overrides` echoes the text as typed; the rest must be the same.
        let mut report = calc_json(&base, &args);
        report.as_object_mut().expect("object").remove("overrides");
        report
    };
    // 5亿 = 500000000 元; 3年 = 36 月; 5000万元 = 50000000 元.
    assert_eq!(
        with(&["investment.total=5亿"]),
        with(&["investment.total=500000000"])
    );
    assert_eq!(
        with(&["loans[2].term_months=3年"]),
        with(&["loans[2].term_months=36"])
    );
    assert_eq!(
        with(&["loans[2].term_months=36个月"]),
        with(&["loans[2].term_months=36"])
    );
    assert_eq!(
        with(&["investment.local_bank_loans=5000万元"]),
        with(&["investment.local_bank_loans=50000000"])
    );
    // A unit of another kind is refused, naming the field and what it takes.
    let out = bin()
        .arg("calc")
        .arg(&base)
        .args(["--set", "land.area_mu=6000平方米"])
        .output()
        .expect("run calc");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("land.area_mu") && err.contains("亩"), "{err}");
    // 1.2345678万元 = 12345.678 元: a fraction of a fen, refused.
    let out = bin()
        .arg("calc")
        .arg(&base)
        .args(["--set", "investment.total=1.2345678万元"])
        .output()
        .expect("run calc");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("12345.678") && err.contains("分"), "{err}");
}

fn headquarters(capital: &str, rate: Option<&str>) -> std::process::Output {
    let rate = rate.map_or(String::new(), |r| format!("usd_cny_rate = \"{r}\"\n"));
    let text = format!(
        "[headquarters]\nforeign_funded = true\nregistered_capital = \"{capital}\"\nnet_assets = \"500万美元\"\n{rate}"
    );
    bin()
        .args(["calc", "-", "--format", "json", "--as-of", "2023-06-01"])
        .write_stdin(text)
        .output()
        .expect("run calc")
}

fn capital_criterion(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    item(&report, "headquarters_qualification")["criteria"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "registered_capital"))
        .cloned()
        .expect("criterion")
}

#[test]
fn dollars_compare_in_dollars_at_the_threshold() {
    // 43号 四(五)1(1): 外资企业注册资本 300万美元及以上.
    let at = capital_criterion(&headquarters("300万美元", Some("7.1")));
    assert_eq!(at["met"], true, "{at}");
    assert_eq!(at["value"], "3000000.00");
    assert_eq!(at["unit"], "美元");
    let below = capital_criterion(&headquarters("2999999美元", Some("7.1")));
    assert_eq!(below["met"], false, "{below}");
    assert_eq!(below["shortfall"], "1.00");
    let prefixed = capital_criterion(&headquarters("USD 3,000,000", Some("7.1")));
    assert_eq!(prefixed["met"], true, "{prefixed}");
    // A bare number is 元: 300万美元 × 7.1 = 21,300,000 元 meets it, one 元
    // less does not.
    let yuan = capital_criterion(&headquarters("21300000", Some("7.1")));
    assert_eq!(yuan["met"], true, "{yuan}");
    let yuan = capital_criterion(&headquarters("21299999", Some("7.1")));
    assert_eq!(yuan["met"], false, "{yuan}");
    // Dollars without the rate: an input error naming the rate field.
    let out = headquarters("300万美元", None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("headquarters.registered_capital")
            && err.contains("headquarters.usd_cny_rate"),
        "{err}"
    );
}

#[test]
fn a_dollar_column_needs_the_rate_on_its_row() {
    let input = "项目编号,总部注册资本(万美元),美元汇率,外资总部企业\nA,300,7.1,是\nB,300,,是\n";
    let out = batch(input, &["--format", "jsonl"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(lines[0]["status"], "ok");
    assert_eq!(lines[1]["status"], "error");
    let text = lines[1].to_string();
    assert!(text.contains("headquarters.usd_cny_rate"), "{text}");
}

#[test]
fn implausible_figures_are_computed_and_flagged() {
    let text = "[investment]\ntotal = \"4500\"\nfixed_assets = \"4.2亿\"\n[land]\narea_mu = 12000\n[[factory.buildings]]\nstructure = \"light_steel\"\narea_m2 = 1000001\n";
    let out = crate::util::calc_stdin(text, &["--as-of", AS_OF]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let warnings = report["warnings"].to_string();
    for word in [
        "用地面积 12000 亩, 超过 10000 亩, 单位是否应为平方米?",
        "厂房1建筑面积 1000001 平方米, 超过 1000000 平方米",
        "固定资产投资 420,000,000.00 元 大于实际投资额 4,500.00 元, 单位是否应为万元?",
    ] {
        assert!(warnings.contains(word), "{word} not in {warnings}");
    }
    // Computed as given: 1000001 m² light steel × 40 元 = 40,000,040.00.
    assert_eq!(
        item(&report, "factory_construction")["amount"],
        "40000040.00"
    );
    // At the thresholds exactly: no warning.
    let text = "[investment]\ntotal = \"1000亿\"\n[land]\narea_mu = 10000\n";
    let out = crate::util::calc_stdin(text, &["--as-of", AS_OF]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let warnings = report["warnings"].to_string();
    assert!(!warnings.contains("单位"), "{warnings}");
    // One fen above 1000亿, in a batch row.
    let out = batch(
        "项目编号,实际投资额\nA,100000000000.01\n",
        &["--format", "jsonl"],
    );
    let lines = jsonl(&out);
    let warnings = lines[0]["warnings"].to_string();
    assert!(
        warnings.contains("实际投资额") && warnings.contains("1000亿元"),
        "{warnings}"
    );
}

#[test]
fn fields_list_their_units_base_first() {
    let out = bin()
        .args(["fields", "--format", "json"])
        .output()
        .expect("run fields");
    let fields: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let units = |path: &str| -> Vec<String> {
        fields
            .as_array()
            .and_then(|a| a.iter().find(|f| f["path"] == path))
            .and_then(|f| f["units"].as_array())
            .map(|u| {
                u.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_else(|| panic!("{path}"))
    };
    assert_eq!(units("investment.total")[..3], ["元", "万元", "亿元"]);
    assert!(units("investment.total").contains(&"美元".to_string()));
    assert_eq!(units("land.area_mu"), ["亩"]);
    assert_eq!(units("land.agreed_intensity")[..2], ["元/亩", "万元/亩"]);
    assert_eq!(units("factory.buildings[].area_m2")[0], "平方米");
    assert_eq!(units("loans[].term_months"), ["月", "个月", "年"]);
    assert_eq!(units("loans[].annual_rate")[..2], ["", "%"]);
    assert!(units("project.name").is_empty());
}

/// A mistake in `[plausibility]` is refused on loading, naming the file,
/// the line and the entry.
#[test]
fn plausibility_thresholds_are_checked_on_loading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = crate::util::root().join("rules");
    for entry in std::fs::read_dir(&rules).expect("rules") {
        let p = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&p).expect("read");
        if p.ends_with("shizhengfa-2020-10.toml") {
            let from = r#"field = "land.area_mu", above = "10000""#;
            assert_eq!(text.matches(from).count(), 1);
            text = text.replace(from, r#"field = "land.area_muu", above = "10000""#);
        }
        std::fs::write(dir.path().join(p.file_name().expect("name")), text).expect("write");
    }
    let out = bin()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .output()
        .expect("run rules check");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for word in [
        "shizhengfa-2020-10.toml:",
        "[plausibility]",
        "land_area",
        "land.area_muu",
    ] {
        assert!(err.contains(word), "{word} not in {err}");
    }
}

/// `tests/fixtures/units/`: each row of `units_in_headers.csv` (units in the
/// headers, one cell with its own unit) twins a hand-worked case of
/// `tests/cases/`; the cash totals are those worked in that folder's README.
const FIXTURE_ROWS: [(&str, &str, &str); 4] = [
    ("U-1", "units__twin_with_units.toml", "6137500.00"),
    (
        "U-2",
        "loan_interest__interest_claimed_next_year.toml",
        "427500.00",
    ),
    (
        "U-3",
        "social_insurance__one_time_keeps_year.toml",
        "1060000.00",
    ),
    (
        "U-4",
        "standard_land_over_standard__retained_claimed_next_year_one_time_keeps_year.toml",
        "7700000.00",
    ),
];

/// A case file's project: the file without its `[case]` and `[expect]`.
fn case_project(dir: &Path, case: &str) -> std::path::PathBuf {
    let path = crate::util::root().join("tests/cases").join(case);
    let text = std::fs::read_to_string(&path).expect("case file");
    let mut table: toml::Table = toml::from_str(&text).expect("case is TOML");
    assert!(table.remove("case").is_some(), "{case}: [case]");
    assert!(table.remove("expect").is_some(), "{case}: [expect]");
    twin(dir, case, &toml::to_string(&table).expect("TOML"))
}

#[test]
fn unit_headers_fixture_rows_equal_their_twin_cases() {
    // A fixed evaluation date for both sides (the cases leave it to the day
    // of the run; every row gives its application date).
    let as_of = "2026-12-04";
    let fixture = crate::util::root().join("tests/fixtures/units/units_in_headers.csv");
    let out = bin()
        .arg("batch")
        .arg(&fixture)
        .args(["--as-of", as_of, "--format", "jsonl"])
        .output()
        .expect("run batch");
    let lines = jsonl(&out);
    assert_eq!(lines.len(), FIXTURE_ROWS.len());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut sum = rust_decimal::Decimal::ZERO;
    for (line, (id, case, cash)) in lines.into_iter().zip(FIXTURE_ROWS) {
        assert_eq!(line["status"], "ok", "{id}: {line}");
        assert_eq!(line["project"]["id"], id);
        assert_eq!(line["totals"]["cash_total"], cash, "{id}");
        sum += cash.parse::<rust_decimal::Decimal>().expect("decimal");
        // The case files carry no project id; the row's is its 项目编号.
        let mut row = as_report(line);
        row["project"]["id"] = Value::Null;
        let calc = calc_json(&case_project(dir.path(), case), &["--as-of", as_of]);
        assert!(row == calc, "{id} differs from {case}");
        if id == "U-1" {
            let base = case_project(dir.path(), "units__twin_base_units.toml");
            assert!(row == calc_json(&base, &["--as-of", as_of]), "U-1 base");
        }
    }
    // The README's total of all four rows.
    assert_eq!(sum.to_string(), "15325000.00");
}

#[test]
fn unit_of_wrong_kind_fixture_is_refused_before_any_row() {
    let fixture = crate::util::root().join("tests/fixtures/units/unit_of_wrong_kind.csv");
    let dir = tempfile::tempdir().expect("tempdir");
    let written = dir.path().join("out.csv");
    let out = bin()
        .arg("batch")
        .arg(&fixture)
        .arg("-o")
        .arg(&written)
        .output()
        .expect("run batch");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for word in ["第3列", "用地面积(平方米)", "\"平方米\"", "可用单位: 亩"] {
        assert!(err.contains(word), "{word} not in {err}");
    }
    assert!(out.stdout.is_empty());
    assert!(!written.exists(), "no result written");
}
