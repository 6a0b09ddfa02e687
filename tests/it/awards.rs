//! The award types of 43号 and the application plan, through the binary:
//! a rate added to a copied rules folder computes the introducer reward with
//! no code change; every example prints its checklist; award and payment
//! years and the cash by payment year add up.

use crate::util::{bin, calc_json, root};
use rust_decimal::Decimal;
use std::str::FromStr;

fn item<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn json_decimal(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("money string")).expect("decimal")
}

const EXAMPLES: [&str; 4] = [
    "standard-land-manufacturer",
    "standard-factory-tenant",
    "listed-top-enterprise",
    "headquarters-enterprise",
];

/// The shipped rules give no introducer rate: case by case, saying the
/// policy sets no standard. A copy of the rules folder with `rate = "1%"` added to
/// the rule computes 1% of the funds introduced (1.2亿 → 1,200,000.00 元).
#[test]
fn a_rate_added_to_a_copied_rules_folder_computes_the_introducer_reward() {
    let example = root().join("examples").join("headquarters-enterprise.toml");
    let shipped = calc_json(&example, &[]);
    let i = item(&shipped, "introducer_reward");
    assert_eq!(i["status"], "case_by_case");
    assert!(
        i["reason"]
            .as_str()
            .unwrap_or("")
            .contains("政策未规定标准, 由市政府研究确定"),
        "{i}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut found = false;
    for entry in std::fs::read_dir(root().join("rules")).expect("rules dir") {
        let p = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&p).expect("read rule");
        let anchor = "[rules.params]\nbase = \"introducer.funds_introduced\"\n";
        if text.contains(anchor) {
            text = text.replace(anchor, &format!("{anchor}rate = \"1%\"\n"));
            found = true;
        }
        std::fs::write(dir.path().join(p.file_name().expect("name")), text).expect("write");
    }
    assert!(found, "the introducer rule's params were not found");
    let r = calc_json(&example, &["--rules", dir.path().to_str().expect("path")]);
    let i = item(&r, "introducer_reward");
    assert_eq!(i["status"], "applies", "{i}");
    // 120,000,000 × 1% = 1,200,000.00, paid the year after the 2023 round.
    assert_eq!(i["amount"], "1200000.00");
    assert_eq!(i["schedule"][0]["award_year"], 2023);
    assert_eq!(i["schedule"][0]["payment_year"], 2024);
    // 1,272,000 of the shipped rules plus the introducer's 1,200,000.
    assert_eq!(r["totals"]["cash_one_time"], "2472000.00");
}

/// `calc --checklist` on every example names the office, the deadline, the
/// review and the payment year, and lists each item that applies.
#[test]
fn checklist_on_every_example() {
    for name in EXAMPLES {
        let path = root().join("examples").join(format!("{name}.toml"));
        let out = bin()
            .arg("calc")
            .arg(&path)
            .arg("--checklist")
            .output()
            .expect("run");
        assert!(out.status.success(), "{name}");
        let text = String::from_utf8_lossy(&out.stdout);
        for needle in [
            "申报清单",
            "市招商引资工作领导小组办公室",
            "11月30日",
            "12月",
            "兑现年度",
            "申报材料",
        ] {
            assert!(text.contains(needle), "{name}: no {needle:?}");
        }
        let r = calc_json(&path, &[]);
        let listed: Vec<&str> = r["checklist"]["items"]
            .as_array()
            .expect("checklist items")
            .iter()
            .map(|i| i["id"].as_str().expect("id"))
            .collect();
        for i in r["items"].as_array().expect("items") {
            if i["status"] == "applies" || i["status"] == "case_by_case" {
                let id = i["id"].as_str().expect("id");
                assert!(listed.contains(&id), "{name}: {id} not in the checklist");
            }
        }
        // Every document serves some listed item, and each is listed once.
        let docs = r["checklist"]["documents"].as_array().expect("documents");
        let mut ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().expect("id")).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{name}: a document listed twice");
    }
}

/// Award years are never before the application's round (nor, for the
/// items resting on a year's records, before the year after the records:
/// second-round reading 9), each entry's deadline is 30 November of its award
/// year, payment years come one year later, and the cash by payment year adds
/// up to the cash total.
#[test]
fn payment_years_add_up_to_the_cash_total() {
    // Tax paid and retained, interest paid, tax and logistics of the year.
    const YEAR_RECORDS: [&str; 3] = [
        "standard_land_over_standard",
        "loan_interest",
        "transport_subsidy",
    ];
    for name in EXAMPLES {
        let r = calc_json(&root().join("examples").join(format!("{name}.toml")), &[]);
        let round = r["application"]["award_year"].as_i64().expect("award year");
        for i in r["items"].as_array().expect("items") {
            let after = YEAR_RECORDS.iter().any(|id| i["id"] == *id);
            for e in i["schedule"].as_array().expect("schedule") {
                let (year, award, pay) = (
                    e["year"].as_i64().expect("year"),
                    e["award_year"].as_i64().expect("award_year"),
                    e["payment_year"].as_i64().expect("payment_year"),
                );
                let first = if after { year + 1 } else { year };
                assert_eq!(award, first.max(round), "{name} {}", i["id"]);
                assert_eq!(
                    e["deadline"],
                    format!("{award}-11-30"),
                    "{name} {}",
                    i["id"]
                );
                assert_eq!(pay, award + 1, "{name} {}", i["id"]);
            }
        }
        let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
        for y in r["by_payment_year"].as_array().expect("by_payment_year") {
            lo += json_decimal(&y["cash_total"]);
            hi += json_decimal(&y["cash_total_max"]);
        }
        assert_eq!(lo, json_decimal(&r["totals"]["cash_total"]), "{name}");
        assert_eq!(hi, json_decimal(&r["totals"]["cash_total_max"]), "{name}");
    }
}

/// An application on 1 December falls in the next year's round, and the
/// report says so.
#[test]
fn a_december_application_falls_in_the_next_round() {
    let example = root().join("examples").join("headquarters-enterprise.toml");
    let r = calc_json(&example, &["--set", "project.application_date=2023-12-01"]);
    assert_eq!(r["application"]["award_year"], 2024);
    assert_eq!(r["application"]["late"], true);
    assert_eq!(r["checklist"]["deadline"], "2024-11-30");
    assert_eq!(
        item(&r, "investment_reward")["schedule"][0]["payment_year"],
        2025
    );
    let warned = r["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .any(|w| w.as_str().unwrap_or("").contains("列入 2024 年度评审"));
    assert!(warned, "{}", r["warnings"]);
}

/// A headquarters project passes the scope gate through 二(二) without an
/// encouraged industry; without the recognition the same industry fails it.
#[test]
fn a_headquarters_project_passes_the_scope_gate_without_an_industry_of_the_list() {
    let example = root().join("examples").join("headquarters-enterprise.toml");
    let r = calc_json(&example, &[]);
    let scope = r["gates"]
        .as_array()
        .expect("gates")
        .iter()
        .find(|g| g["id"] == "scope")
        .expect("scope gate");
    assert_eq!(scope["status"], "passed", "{scope}");
    assert!(scope["detail"].as_str().unwrap_or("").contains("二(二)"));
    assert_eq!(item(&r, "investment_reward")["status"], "applies");
    let r = calc_json(
        &example,
        &["--set", "headquarters.managed_enterprises_outside=2"],
    );
    assert_eq!(
        item(&r, "headquarters_qualification")["status"],
        "not_applicable"
    );
    assert_ne!(item(&r, "investment_reward")["status"], "applies");
}

/// Mistakes in the new kinds are found when the rules are loaded, each
/// naming the file, line and rule.
#[test]
fn mistakes_in_award_rules_are_named_on_loading() {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(root().join("rules")).expect("rules dir") {
        let p = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&p).expect("read rule");
        if text.contains("id = \"introducer_reward\"") {
            text.push_str(
                r#"
[[rules]]
id = "bad_award"
label = "错误的奖项"
kind = "award"
category = "benefit"
clause = "四(九)"
text = "……"
[rules.params]
standard = "无"
rate = "1%"
requires_item = "no_such_rule"

[[rules]]
id = "bad_headquarters"
label = "错误的认定"
kind = "headquarters"
category = "benefit"
clause = "四(五)1"
text = "……"
[rules.params]
foreign_field = "headquarters.foreign_funded"
rate_field = "headquarters.usd_cny_rate"
criteria = [{ id = "capital", name = "注册资本", field = "headquarters.registered_capital", at_least = "2000万", at_most = "1亿", clause = "四(五)1(1)", text = "……" }]
"#,
            );
        }
        std::fs::write(dir.path().join(p.file_name().expect("name")), text).expect("write");
    }
    let out = bin()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "规则 bad_award",
        "category 为 benefit 的奖项不能有金额",
        "给出 rate 时须有 base",
        "requires_item: 引用了不存在的规则 no_such_rule",
        "规则 bad_headquarters",
        "应恰好有一个检验",
        "shizhengban-2020-43.toml:",
    ] {
        assert!(err.contains(needle), "no {needle:?} in {err}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..proptest::prelude::ProptestConfig::default() })]
    /// The award year is the first round whose deadline is not past: its
    /// deadline is on or after the date, the year before's is before it.
    #[test]
    fn award_year_is_the_first_round_still_open(days in 0i64..80_000) {
        use jincheng_incentives::rules::Kind;
        let rules = jincheng_incentives::rules::load_embedded().expect("rules");
        let p = rules
            .rules
            .iter()
            .find_map(|r| match &r.kind {
                Kind::Procedure(p) => Some(p),
                _ => None,
            })
            .expect("procedure rule");
        let date = jiff::civil::date(1950, 1, 1)
            .checked_add(jiff::Span::new().days(days))
            .expect("date");
        let y = jincheng_incentives::engine::award_year(Some(p), date);
        let deadline = |y: i16| jiff::civil::Date::new(y, p.deadline_month, p.deadline_day).expect("deadline");
        proptest::prop_assert!(deadline(y) >= date);
        proptest::prop_assert!(deadline(y - 1) < date);
        proptest::prop_assert!(y == date.year() || y == date.year() + 1);
    }
}
