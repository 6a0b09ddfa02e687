//! `calc` end to end on the real binary: the worked example figure by figure,
//! the options, and a clear exit-1 error naming the field for bad input.

use crate::util::{bin, calc_json, calc_stdin, example, item, root};
use predicates::prelude::*;
use serde_json::Value;

/// Every figure of the worked example table in INTERPRETATION.md.
#[test]
fn worked_example_reproduces_every_figure() {
    let r = calc_json(&example("worked-example.toml"), &[]);
    let amount = |id: &str| item(&r, id)["amount"].as_str().unwrap_or("").to_string();
    let status = |id: &str| item(&r, id)["status"].as_str().unwrap_or("").to_string();
    let expected = [
        ("standard_land_investment", "applies", "15000000.00"),
        ("investment_reward", "duplicate", "4000000.00"),
        ("standard_land_over_standard", "applies", "11000000.00"),
        ("factory_construction", "applies", "950000.00"),
        ("loan_interest", "applies", "5000000.00"),
        ("transport_subsidy", "applies", "2800000.00"),
        ("social_insurance", "applies", "210000.00"),
        ("water_price", "applies", "150000.00"),
        ("electricity_price", "applies", "7500000.00"),
        ("gas_price", "applies", "1200000.00"),
        ("heat_price", "applies", "30000.00"),
        ("telecom_discount", "applies", "20000.00"),
    ];
    for (id, st, amt) in expected {
        assert_eq!(status(id), st, "{id}");
        assert_eq!(amount(id), amt, "{id}");
    }
    let schedule: Vec<(i64, String)> = item(&r, "loan_interest")["schedule"]
        .as_array()
        .expect("schedule")
        .iter()
        .map(|e| {
            (
                e["year"].as_i64().unwrap_or(0),
                e["amount"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        schedule,
        vec![
            (2021, "831250.00".to_string()),
            (2022, "2730000.00".to_string()),
            (2023, "1425000.00".to_string()),
            (2024, "13750.00".to_string()),
        ]
    );
    let t = &r["totals"];
    assert_eq!(t["cash_total"], "34960000.00");
    assert_eq!(t["cash_one_time"], "16160000.00");
    assert_eq!(t["cash_multi_year"], "18800000.00");
    assert_eq!(t["annual_savings"], "8900000.00");
    assert_eq!(t["cash_total_max"], "34960000.00");
    assert_eq!(t["suspended"], "0.00");
    assert_eq!(r["as_of"], "2023-11-20");
    assert_eq!(r["project"]["id"], "WX-1");
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["rules_fingerprint"].as_str().map(str::len), Some(64));
    // 43号 was in force through 2023-08-18: later, a warning, not an error.
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("晋市政办〔2020〕43号"), "{warnings}");
}

#[test]
fn every_item_carries_its_clause_basis_and_status() {
    let r = calc_json(&example("worked-example.toml"), &[]);
    let items = r["items"].as_array().expect("items");
    let of = |doc: &str| {
        items
            .iter()
            .filter(|i| i["article"].as_str().is_some_and(|a| a.contains(doc)))
            .count()
    };
    assert_eq!(of("10号"), 26, "one item per rule id of 10号");
    // Then the award types of 43号 四, after those of 10号.
    assert_eq!(of("43号"), items.len() - 26);
    assert!(
        items[..26]
            .iter()
            .all(|i| i["article"].as_str().is_some_and(|a| a.contains("10号")))
    );
    for i in items {
        assert!(i["text"].as_str().is_some_and(|t| !t.is_empty()), "{i}");
        if i["status"] == "applies" {
            assert!(i["basis"].as_str().is_some_and(|b| !b.is_empty()), "{i}");
        }
        if i["status"] == "not_applicable" {
            assert!(i["reason"].as_str().is_some_and(|b| !b.is_empty()), "{i}");
        }
    }
    // The basis shows the project's own numbers.
    let basis = item(&r, "standard_land_investment")["basis"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        basis.contains("420,000,000.00") && basis.contains("100亩"),
        "{basis}"
    );
}

#[test]
fn table_output_has_chinese_sections_and_right_aligned_money() {
    bin()
        .args(["calc"])
        .arg(example("worked-example.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("一次性奖补"))
        .stdout(predicate::str::contains("分年奖补按年度"))
        .stdout(predicate::str::contains("要素降本"))
        .stdout(predicate::str::contains("34,960,000.00"))
        .stdout(predicate::str::contains("3496万"))
        .stdout(predicate::str::contains("   210,000.00 ┆"));
}

#[test]
fn explain_quotes_the_clause_and_the_formula() {
    bin()
        .args(["calc", "--explain"])
        .arg(example("worked-example.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("原文: 实行贷款贴息奖励"))
        .stdout(predicate::str::contains("计算: 贷款1"));
}

#[test]
fn standard_input_and_as_of() {
    let text = std::fs::read_to_string(example("worked-example.toml")).expect("read");
    let out = calc_stdin(&text, &["--as-of", "2023-01-01"]);
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["as_of"], "2023-01-01");
    assert_eq!(
        r["warnings"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r["warnings"]
    );
}

#[test]
fn set_overrides_a_field_like_editing_the_file() {
    let r = calc_json(
        &example("worked-example.toml"),
        &["--set", "land.area_mu=80"],
    );
    // 4.2亿 ÷ 80亩 = 525万/亩 ≥ 1.3 × 300万 → 15万 × 80.
    assert_eq!(
        item(&r, "standard_land_investment")["amount"],
        "12000000.00"
    );
    let text = std::fs::read_to_string(example("worked-example.toml"))
        .expect("read")
        .replace("area_mu = 100", "area_mu = 80");
    let out = calc_stdin(&text, &[]);
    let edited: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(edited["items"], r["items"]);
    assert_eq!(edited["totals"], r["totals"]);
}

/// A what-if run says so in JSON (`overrides`) and in the table's header,
/// so that its printout cannot pass for the project's own figures.
#[test]
fn set_runs_name_their_overrides() {
    let plain = calc_json(&example("worked-example.toml"), &[]);
    assert_eq!(plain["overrides"], serde_json::json!([]));
    let r = calc_json(
        &example("worked-example.toml"),
        &[
            "--set",
            "land.area_mu=80",
            "--set",
            " loans[2].principal = \"2亿\" ",
        ],
    );
    assert_eq!(r["overrides"][0]["field"], "land.area_mu");
    assert_eq!(r["overrides"][0]["value"], "80");
    assert_eq!(r["overrides"][1]["field"], "loans[2].principal");
    assert_eq!(r["overrides"][1]["value"], "2亿");
    assert_eq!(r["overrides"].as_array().map(Vec::len), Some(2));

    let table = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .args(["--set", "land.area_mu=80"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&table.stdout);
    let head = text.split("一次性奖补").next().unwrap_or_default();
    assert!(head.contains("假设测算"), "{head}");
    assert!(head.contains("假设调整"), "{head}");
    assert!(head.contains("(land.area_mu) = 80"), "{head}");
    let plain = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .output()
        .expect("run");
    let plain = String::from_utf8_lossy(&plain.stdout);
    // The scenario of a comparison names them too, the baseline none.
    let c = calc_json(
        &example("worked-example.toml"),
        &["--compare", "--set", "land.area_mu=80"],
    );
    assert_eq!(c["baseline"]["overrides"], serde_json::json!([]));
    assert_eq!(c["scenario"]["overrides"][0]["field"], "land.area_mu");
    assert!(!plain.contains("假设测算") && !plain.contains("假设调整"));
}

#[test]
fn strict_mode_turns_assumptions_into_needs_input_and_expiry_into_an_error() {
    bin()
        .args(["calc", "--strict"])
        .arg(example("worked-example.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("有效期"));
    let out = bin()
        .args([
            "calc",
            "--strict",
            "--as-of",
            "2022-06-01",
            "--format",
            "json",
        ])
        .arg(example("worked-example.toml"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(item(&r, "factory_construction")["status"], "needs_input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("需补充"));
}

/// Runs calc on a project text and returns (exit code, stderr).
fn refuse(text: &str) -> (Option<i32>, String) {
    let out = calc_stdin(text, &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unknown_key_names_key_position_and_nearest() {
    let (code, err) = refuse("[land]\narea_muu = 100\n");
    assert_eq!(code, Some(1));
    assert!(err.contains("land.area_muu"), "{err}");
    assert!(err.contains("第2行第1列"), "{err}");
    assert!(err.contains("\"land.area_mu\""), "{err}");
}

#[test]
fn several_mistakes_are_reported_in_one_run() {
    let (code, err) = refuse(
        "[land]\narea_mu = -5\n[investment]\ntotal = \"abc\"\n[[loans]]\nannual_rate = \"120%\"\n[project]\ncompletion_date = \"2023-02-30\"\n",
    );
    assert_eq!(code, Some(1));
    for field in [
        "land.area_mu",
        "investment.total",
        "loans[1].annual_rate",
        "project.completion_date",
    ] {
        assert!(err.contains(field), "missing {field} in {err}");
    }
    assert!(err.contains("4处错误"), "{err}");
}

#[test]
fn bad_values_name_the_field_and_what_was_expected() {
    let cases = [
        ("[land]\narea_mu = -1\n", "land.area_mu", "负数"),
        (
            "[project]\nproduction_date = \"2023-13-01\"\n",
            "project.production_date",
            "日期",
        ),
        (
            "[project]\ninvestment_start = 2022-01-01\ncompletion_date = 2021-01-01\n",
            "project.completion_date",
            "早于",
        ),
        (
            "[[loans]]\nannual_rate = \"101%\"\n",
            "loans[1].annual_rate",
            "100%",
        ),
        (
            "[investment]\ntotal = \"3000万万\"\n",
            "investment.total",
            "金额",
        ),
        (
            "[utilities]\nwater_price = true\n",
            "utilities.water_price",
            "类型",
        ),
        (
            "[employment]\ninsured_employees = 10.5\n",
            "employment.insured_employees",
            "整数",
        ),
        (
            "[investment]\ntotal = \"2000000000000000\"\n",
            "investment.total",
            "10^15",
        ),
        ("[land]\narea_mu = 2000000000\n", "land.area_mu", "上限"),
        (
            "[factory.rented]\nreduction_rate = \"40%\"\narea_m2 = 10\nmonthly_rent_per_m2 = 1\nlease_start = 2023-01-01\n[project]\nproduction_date = 2023-02-01\n",
            "factory.rented.reduction_rate",
            "50%",
        ),
    ];
    for (text, field, word) in cases {
        let (code, err) = refuse(text);
        assert_eq!(code, Some(1), "{text}: {err}");
        assert!(err.contains(field) && err.contains(word), "{text}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn bad_usage_exits_two() {
    bin().args(["calc"]).assert().code(2);
    bin()
        .args(["calc", "x.toml", "--format", "xml"])
        .assert()
        .code(2);
    bin()
        .args(["calc", "x.toml", "--as-of", "2023-02-30"])
        .assert()
        .code(2);
}

#[test]
fn missing_file_is_a_clear_error() {
    bin()
        .args(["calc", "no-such-file.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.toml"));
}

#[test]
fn template_is_accepted_as_is() {
    let out = bin().arg("template").output().expect("template");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.contains("# 占地面积"), "Chinese comments");
    let out = calc_stdin(&text, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rules_list_show_and_check() {
    bin()
        .args(["rules", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("贷款贴息奖励"))
        .stdout(predicate::str::contains("晋市政办〔2020〕43号"));
    bin()
        .args(["rules", "show", "loan_interest"])
        .assert()
        .success()
        .stdout(predicate::str::contains("原文: 实行贷款贴息奖励"));
    bin()
        .args(["rules", "show", "loan_intrest"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("loan_interest"));
    bin()
        .args(["rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("规则校验通过"));
    bin()
        .args(["rules", "check", "--rules"])
        .arg(root().join("rules"))
        .assert()
        .success();
}

/// Proof that the rules are data: change one number in a copy, and the
/// figure follows.
#[test]
fn editing_a_copied_rules_folder_changes_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(root().join("rules")).expect("rules dir") {
        let p = entry.expect("entry").path();
        let text = std::fs::read_to_string(&p).expect("read rule");
        let text = text.replace(
            "rates = { light_steel = \"40\", mixed = \"30\" }",
            "rates = { light_steel = \"50\", mixed = \"30\" }",
        );
        std::fs::write(dir.path().join(p.file_name().expect("name")), text).expect("write");
    }
    let r = calc_json(
        &example("worked-example.toml"),
        &["--rules", dir.path().to_str().expect("path")],
    );
    // 20000 × 50 + 5000 × 30.
    assert_eq!(item(&r, "factory_construction")["amount"], "1150000.00");
    let shipped = calc_json(&example("worked-example.toml"), &[]);
    assert_ne!(r["rules_fingerprint"], shipped["rules_fingerprint"]);
}

/// The examples shipped in `examples/` run and their JSON adds up.
#[test]
fn examples_run_and_totals_add_up() {
    for name in [
        "standard-land-manufacturer",
        "standard-factory-tenant",
        "listed-top-enterprise",
    ] {
        let r = calc_json(&root().join("examples").join(format!("{name}.toml")), &[]);
        let cash: rust_decimal::Decimal = r["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| {
                i["status"] == "applies"
                    && i["category"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("cash"))
            })
            .map(|i| {
                i["amount"]
                    .as_str()
                    .unwrap_or("0")
                    .parse::<rust_decimal::Decimal>()
                    .expect("money")
            })
            .sum();
        assert_eq!(
            r["totals"]["cash_total"].as_str().map(str::to_string),
            Some(format!("{cash:.2}")),
            "{name}"
        );
    }
}

/// The JSON keeps every key and value shape CONTRACT.md promises scripts.
#[test]
fn json_follows_the_contract() {
    let money = |v: &Value| {
        v.as_str().is_some_and(|s| {
            let (int, frac) = s.split_once('.').unwrap_or(("", ""));
            !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.len() == 2
                && frac.bytes().all(|b| b.is_ascii_digit())
        })
    };
    for path in [
        example("worked-example.toml"),
        root().join("examples/listed-top-enterprise.toml"),
        root().join("examples/standard-factory-tenant.toml"),
    ] {
        let r = calc_json(&path, &[]);
        assert!(r["project"].get("id").is_some() && r["project"].get("name").is_some());
        assert!(r["as_of"].as_str().is_some_and(|d| d.len() == 10));
        for i in r["items"].as_array().expect("items") {
            for key in [
                "id",
                "article",
                "status",
                "category",
                "amount",
                "amount_max",
                "basis",
                "assumptions",
                "reason",
                "schedule",
            ] {
                assert!(i.get(key).is_some(), "{key} missing in {i}");
            }
            let status = i["status"].as_str().unwrap_or("");
            assert!(
                [
                    "applies",
                    "not_applicable",
                    "needs_input",
                    "duplicate",
                    "suspended",
                    "case_by_case",
                    "benefit",
                    "check_failed"
                ]
                .contains(&status),
                "{status}"
            );
            let category = i["category"].as_str().unwrap_or("");
            assert!(
                [
                    "cash_one_time",
                    "cash_multi_year",
                    "annual_saving",
                    "benefit"
                ]
                .contains(&category),
                "{category}"
            );
            assert!(money(&i["amount"]) && money(&i["amount_max"]), "{i}");
            for s in i["schedule"].as_array().expect("schedule") {
                assert!(
                    s["year"].is_i64() && money(&s["amount"]) && money(&s["amount_max"]),
                    "{s}"
                );
            }
        }
        for key in [
            "cash_one_time",
            "cash_one_time_max",
            "cash_multi_year",
            "cash_multi_year_max",
            "cash_total",
            "cash_total_max",
            "annual_savings",
            "annual_savings_max",
            "suspended",
        ] {
            assert!(money(&r["totals"][key]), "totals.{key}");
        }
        assert!(r["warnings"].is_array());
    }
}
