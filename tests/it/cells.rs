//! Cells and headers as the office writes them, through the real binary:
//! Chinese and mixed batch headers, units in brackets, office date and money
//! forms, Chinese choice labels in TOML, `--set` and CSV, list elements by
//! column, and `fields`.
//!
//! Expected figures are worked by hand from the policy:
//! - 10号 第10项: 8000万 lies in [5000万, 1亿): 0.5% × 80,000,000 = 400,000.00.
//! - 10号 第9项: a 12-month loan of 1000万 at 30% of the 4.35% benchmark
//!   (≤ 1 year) for 12 months: 10,000,000 × 0.0435 × 0.3 = 130,500.00.

use crate::util::{bin, calc_stdin, item};
use serde_json::Value;
use std::collections::HashSet;

const AS_OF: [&str; 2] = ["--as-of", "2023-12-31"];

/// English output columns whatever the input's header language, so Chinese
/// and dotted inputs compare byte for byte (Chinese output: tests/it/office.rs).
fn batch(input: &str) -> std::process::Output {
    bin()
        .args(["batch", "-", "--headers", "en"])
        .args(AS_OF)
        .write_stdin(input)
        .output()
        .expect("run batch")
}

/// The output rows of a successful batch, as maps from column to cell.
fn rows(input: &str) -> Vec<std::collections::HashMap<String, String>> {
    let out = batch(input);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{input}\n{stderr}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn batch_stdout(input: &str) -> String {
    let out = batch(input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{input}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

const DOTTED: &str = "project.id,investment.total,project.completion_date,project.production_date,loans[1].principal,loans[1].start_date,loans[1].term_months\n\
                      C-1,80000000,2023-05-01,2023-06-01,10000000,2023-03-01,12\n";

#[test]
fn chinese_headers_with_units_and_office_cells_read_as_dotted_paths() {
    let chinese = "项目编号,实际投资额(元),竣工日期,投产日期,贷款1本金,贷款1放款日期,贷款1期限（月）\n\
                   C-1,\"¥8,000万\",2023年5月1日,2023/6/1 0:00,1000万元,2023.3.1,12\n";
    let rows_zh = rows(chinese);
    assert_eq!(rows_zh.len(), 1);
    let r = &rows_zh[0];
    assert_eq!(r["project.id"], "C-1");
    assert_eq!(r["status"], "ok", "{r:?}");
    assert_eq!(r["investment_reward"], "400000.00");
    assert_eq!(r["loan_interest"], "130500.00");
    assert_eq!(r["cash_total"], "530500.00");
    // The same project under dotted headers gives the same output, byte for byte.
    assert_eq!(batch_stdout(chinese), batch_stdout(DOTTED));
}

#[test]
fn mixed_headers_with_spaces_are_one_file() {
    let mixed = " 项目编号 ,investment.total, 竣工日期 (日期) ,project.production_date,贷款1本金,loans[1].start_date,贷款1期限\n\
                 C-1,1.2亿元,2023-5-1,2023/06/01,\"10,000,000.00\",2023/3/1,12\n";
    let r = &rows(mixed)[0];
    assert_eq!(r["status"], "ok", "{r:?}");
    // 1.2亿 lies in [1亿, 5亿): 1% × 120,000,000 = 1,200,000.00.
    assert_eq!(r["investment_reward"], "1200000.00");
    assert_eq!(r["loan_interest"], "130500.00");
}

#[test]
fn blank_markers_are_empty_cells() {
    let with_marks = "project.id,investment.total,project.completion_date,project.production_date,loans[1].principal,loans[1].start_date,loans[1].term_months,land.area_mu,listing.board\n\
                      C-1,80000000,2023-05-01,2023-06-01,10000000,2023-03-01,12,-,无\n";
    let plain = "project.id,investment.total,project.completion_date,project.production_date,loans[1].principal,loans[1].start_date,loans[1].term_months,land.area_mu,listing.board\n\
                 C-1,80000000,2023-05-01,2023-06-01,10000000,2023-03-01,12,,\n";
    assert_eq!(batch_stdout(with_marks), batch_stdout(plain));
    assert_eq!(batch_stdout(plain), batch_stdout(DOTTED));
}

#[test]
fn list_elements_by_column_equal_one_cell() {
    let head = "project.id,loans[1].principal,loans[1].start_date,loans[1].term_months";
    let one_cell = format!("{head},loans[1].balances\nC-1,1亿,2023-01-01,36,1亿;8000万;5000万\n");
    let by_column = format!(
        "{head},loans[1].balances[1],loans[1].balances[2],贷款1余额3\nC-1,1亿,2023-01-01,36,1亿,8000万,5000万\n"
    );
    let out = batch_stdout(&one_cell);
    assert_eq!(out, batch_stdout(&by_column));
    // Balances by loan year: (1亿 + 8000万 + 5000万) × 4.75% × 30% = 3,277,500.00.
    let r = &rows(&one_cell)[0];
    assert_eq!(r["loan_interest"], "3277500.00", "{r:?}");
}

#[test]
fn unknown_headers_suggest_a_valid_header_in_their_language() {
    for (header, suggestion) in [
        ("贷款1本钱", "\"贷款1本金\""),
        ("loans[1].principle", "\"loans[1].principal\""),
        ("loans.principal", "\"loans[1].principal\""),
        ("land.area_muu", "\"land.area_mu\""),
    ] {
        let out = batch(&format!("project.id,{header}\nC-1,1\n"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{header}: {stderr}");
        assert!(stderr.contains(suggestion), "{header}: {stderr}");
        assert!(!stderr.contains("[]"), "{header}: {stderr}");
    }
}

#[test]
fn bad_cells_say_in_chinese_what_was_expected() {
    for (cell, needle) in [
        ("2023年2月29日", "2023年2月只有28天"),
        ("2023-0五-01", "不是日期"),
        ("2023/5/1 14:30", "带有时间"),
    ] {
        let out = batch(&format!("project.id,project.production_date\nC-1,{cell}\n"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{cell}: {stderr}");
        assert!(stderr.contains(needle), "{cell}: {stderr}");
        assert!(
            !stderr.contains("expected") && !stderr.contains("\\x"),
            "{stderr}"
        );
    }
    for (cell, needle) in [("1.2E+08", "科学计数法"), ("1200.001", "最多2位小数")] {
        let out = batch(&format!("project.id,实际投资额\nC-1,{cell}\n"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{cell}: {stderr}");
        assert!(stderr.contains(needle), "{cell}: {stderr}");
        assert!(stderr.contains("实际投资额 (investment.total)"), "{stderr}");
    }
    // 2024 is a leap year: 2月29日 exists.
    let r = &rows("project.id,project.production_date\nC-1,2024年2月29日\n")[0];
    assert_eq!(r["status"], "ok");
}

fn calc(text: &str, extra: &[&str]) -> Value {
    let mut args = AS_OF.to_vec();
    args.extend_from_slice(extra);
    let out = calc_stdin(text, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The JSON without what legitimately differs between two runs of the same
/// facts (the `--set` overrides some versions list).
fn facts(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("overrides");
    }
    v
}

#[test]
fn chinese_choice_values_in_toml_set_and_csv() {
    let english = "[land]\nsupply = \"lease_then_transfer\"\nterm_years = 15\nlease_years = 5\n\
                   [[factory.buildings]]\nstructure = \"light_steel\"\narea_m2 = 1000\n\
                   [enterprise]\ntop_rank = \"world500\"\n[listing]\nboard = \"main\"\n";
    let chinese = "[land]\nsupply = \"先租后让\"\nterm_years = 15\nlease_years = 5\n\
                   [[factory.buildings]]\nstructure = \"轻钢结构\"\narea_m2 = 1000\n\
                   [enterprise]\ntop_rank = \"世界500强\"\n[listing]\nboard = \"主板\"\n";
    let a = calc(english, &[]);
    assert_eq!(a, calc(chinese, &[]));
    // 先租后让 5 + 15 years is within its limits: a benefit, not a failed check.
    assert_eq!(item(&a, "flexible_land_supply")["status"], "benefit", "{a}");
    // 轻钢结构 1000 m² × 40元/m² = 40,000.00.
    assert_eq!(item(&a, "factory_construction")["amount"], "40000.00");

    // --set takes the label as the file does.
    let flexible = "[land]\nsupply = \"flexible_transfer\"\nterm_years = 15\n";
    let by_set = calc(
        "[land]\nsupply = \"transfer\"\nterm_years = 15\n",
        &["--set", "land.supply=弹性出让"],
    );
    assert_eq!(facts(by_set), facts(calc(flexible, &[])));

    // And so does a CSV cell, under a Chinese header.
    let zh = rows(
        "项目编号,厂房1结构,厂房1建筑面积(平方米),供地方式,出让或租赁年限,先租后让租赁年限\nC-1,轻钢结构,1000,先租后让,15,5\n",
    );
    let en = rows(
        "project.id,factory.buildings[1].structure,factory.buildings[1].area_m2,land.supply,land.term_years,land.lease_years\nC-1,light_steel,1000,lease_then_transfer,15,5\n",
    );
    assert_eq!(zh, en);
    assert_eq!(zh[0]["factory_construction"], "40000.00");
}

#[test]
fn fields_json_follows_the_contract() {
    let out = bin()
        .args(["fields", "--format", "json"])
        .output()
        .expect("fields");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let fields = v.as_array().expect("an array");
    assert_eq!(fields.len(), jincheng_incentives::project::FIELDS.len());
    let types: HashSet<&str> = [
        "money",
        "rate",
        "date",
        "bool",
        "int",
        "area_mu",
        "area_m2",
        "text",
        "choice",
        "money_list",
        "quantity_t",
        "quantity_kwh",
        "quantity_m3",
        "exchange_rate",
    ]
    .into();
    let (mut headers, mut paths) = (HashSet::new(), HashSet::new());
    for (f, spec) in fields
        .iter()
        .zip(jincheng_incentives::project::FIELDS.iter())
    {
        // Template order, with every key of the contract.
        assert_eq!(f["path"], spec.path);
        for key in ["header_zh", "type", "choices", "precondition", "label_zh"] {
            assert!(f.get(key).is_some(), "{f}: no {key}");
        }
        let header = f["header_zh"].as_str().expect("header");
        assert!(
            headers.insert(header.to_string()),
            "repeated header {header}"
        );
        assert!(paths.insert(f["path"].as_str().unwrap().to_string()));
        assert_eq!(header.contains("{n}"), spec.path.contains("[]"), "{f}");
        let ty = f["type"].as_str().expect("type");
        assert!(types.contains(ty), "{f}");
        assert_eq!(
            ty == "choice",
            !f["choices"].as_array().unwrap().is_empty(),
            "{f}"
        );
    }
    let supply = fields.iter().find(|f| f["path"] == "land.supply").unwrap();
    assert_eq!(
        supply["choices"][2],
        serde_json::json!({"value": "lease_then_transfer", "label_zh": "先租后让"})
    );
    let principal = fields
        .iter()
        .find(|f| f["path"] == "loans[].principal")
        .unwrap();
    assert_eq!(principal["header_zh"], "贷款{n}本金");
    assert_eq!(principal["type"], "money");
    let area = fields.iter().find(|f| f["path"] == "land.area_mu").unwrap();
    assert_eq!(area["type"], "area_mu");
    let registered = fields
        .iter()
        .find(|f| f["path"] == "enterprise.registered_locally")
        .unwrap();
    assert_eq!(registered["precondition"], true);

    let table = bin().args(["fields"]).output().expect("fields");
    let text = String::from_utf8(table.stdout).expect("UTF-8");
    // Officers read the Chinese label of a choice (issue 19); its key stays
    // in the JSON form above for scripts.
    assert!(text.contains("贷款{n}本金") && text.contains("先租后让"));
    assert!(!text.contains("lease_then_transfer"));
}

#[test]
fn rules_show_takes_a_chinese_label() {
    let by_id = bin()
        .args(["rules", "show", "loan_interest"])
        .output()
        .unwrap();
    let by_label = bin()
        .args(["rules", "show", "贷款贴息奖励"])
        .output()
        .unwrap();
    assert!(by_label.status.success());
    assert_eq!(by_id.stdout, by_label.stdout);
    let near = bin().args(["rules", "show", "贷款贴息"]).output().unwrap();
    assert_eq!(near.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&near.stderr).contains("贷款贴息奖励"));
}

#[test]
fn template_explains_the_lease_then_transfer_years() {
    let out = bin().arg("template").output().expect("template");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("先租后让只填出让部分"), "{text}");
    for label in [
        "出让",
        "弹性出让",
        "先租后让",
        "长期租赁",
        "轻钢结构",
        "主板",
        "世界500强",
    ] {
        assert!(text.contains(&format!("\"{label}\"")), "{label}");
    }
    assert!(!text.lines().any(|l| l.trim() == "#"), "an empty heading");
}

#[test]
fn office_forms_in_a_project_file_and_set_keys_in_chinese() {
    let iso = "[investment]\ntotal = 80000000\n[project]\ncompletion_date = 2023-05-01\n\
               production_date = 2023-06-01\n[land]\nsupply = \"transfer\"\n";
    let office = "[investment]\ntotal = \"¥8,000万元\"\n[project]\ncompletion_date = \"2023年5月1日\"\n\
                  production_date = \"2023/6/1 0:00\"\ncounty = \"—\"\n[land]\nsupply = \"出让\"\n";
    let a = calc(iso, &[]);
    assert_eq!(a, calc(office, &[]));
    assert_eq!(item(&a, "investment_reward")["amount"], "400000.00");
    // `--set` by Chinese header equals `--set` by path.
    let by_path = calc(
        iso,
        &[
            "--set",
            "loans[1].principal=1000万",
            "--set",
            "loans[1].start_date=2023-03-01",
            "--set",
            "loans[1].term_months=12",
        ],
    );
    let by_header = calc(
        iso,
        &[
            "--set",
            "贷款1本金=1000万",
            "--set",
            "贷款1放款日期=2023年3月1日",
            "--set",
            "贷款1期限=12",
        ],
    );
    assert_eq!(facts(by_path.clone()), facts(by_header));
    assert_eq!(item(&by_path, "loan_interest")["amount"], "130500.00");
    // A scientific-notation float in TOML is refused, not rounded.
    let out = calc_stdin("[investment]\ntotal = 1.2E8\n", &AS_OF);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("科学计数法"));
}
