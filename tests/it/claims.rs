//! Second-round readings 9 and 10 through the binary: a year's records move
//! the workbook budget's payment-year view (not its calendar-year view), and
//! an explicit "no" lets strict mode pass without asking for facts that
//! cannot change the outcome.

use crate::util::{bin, calc_stdin, item};
use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The (year → lower bound) rows of the budget table whose title contains
/// `title`.
fn budget_view(rows: &calamine::Range<Data>, title: &str) -> BTreeMap<i64, Decimal> {
    let mut out = BTreeMap::new();
    let mut lines = rows
        .rows()
        .skip_while(|r| !r[0].to_string().contains(title));
    assert!(lines.next().is_some(), "no budget table {title:?}");
    lines.next(); // the header
    for r in lines {
        if r[0] == "合计" {
            return out;
        }
        let (Data::Float(y), Data::Float(lo)) = (&r[0], &r[1]) else {
            panic!("{title}: not a year row: {r:?}");
        };
        // Whole numbers and fen amounts well inside f64's exact range.
        out.insert(*y as i64, Decimal::from_f64(*lo).expect("amount"));
    }
    panic!("{title}: no 合计 row")
}

fn yuan(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

/// Transport subsidy for 2023 (500万 × 10% = 500,000.00) and 2024 (2000万 ×
/// 10% = 200万, capped at 1,000,000.00), and the one-time investment reward
/// (2亿 × 1% = 2,000,000.00) of the 2024 round. By calendar year: 2023
/// 500,000, 2024 3,000,000. By payment year: the records of 2023 are claimed
/// in the 2024 round and paid in 2025 with the investment reward (2,500,000),
/// those of 2024 in the 2025 round, paid in 2026 (1,000,000).
#[test]
fn a_years_records_move_the_budget_payment_year_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "project.id,project.industry,project.investment_start,project.completion_date,\
project.production_date,project.application_date,investment.total,\
tax_years[1].year,tax_years[1].tax_paid,tax_years[1].logistics_cost,\
tax_years[2].year,tax_years[2].tax_paid,tax_years[2].logistics_cost\n\
P1,高端装备制造,2021-01-01,2022-06-30,2022-07-15,2024-05-10,2亿,2023,1200万,500万,2024,1500万,2000万\n",
    )
    .expect("write");
    let out_path = dir.path().join("out.xlsx");
    let out = bin()
        .arg("batch")
        .arg(&input)
        .args(["--as-of", "2024-05-10", "-o"])
        .arg(&out_path)
        .output()
        .expect("run batch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book = open_workbook_auto(&out_path).expect("open workbook");
    let budget = book.worksheet_range("预算").expect("budget sheet");
    assert_eq!(
        budget_view(&budget, "按日历年度"),
        BTreeMap::from([(2023, yuan("500000")), (2024, yuan("3000000"))])
    );
    assert_eq!(
        budget_view(&budget, "按支付年度"),
        BTreeMap::from([(2025, yuan("2500000")), (2026, yuan("1000000"))])
    );
}

/// A tenant of a plant that is not a standard factory, with its area left
/// out, and a loan that is not new, with its term left out: strict mode
/// computes (exit 0), both rent reliefs and that loan are left out, and
/// nothing is asked for. The other loan (1000万 for 12 months from
/// 2023-01-01) earns 10,000,000 × 4.35% × 30% = 130,500.00.
#[test]
fn an_explicit_no_passes_strict_mode() {
    let project = r#"
[project]
industry = "高端装备制造"
investment_start = 2021-01-01
production_date = 2021-09-01

[enterprise]
registered_locally = true
independent_legal_person = true
five_year_commitment = true

[factory.rented]
standard_factory = false
monthly_rent_per_m2 = "15"
lease_start = 2021-07-01

[[loans]]
principal = "2000万"
start_date = 2022-06-01
new_loan = false

[[loans]]
principal = "1000万"
start_date = 2023-01-01
term_months = 12
new_loan = true
"#;
    let out = calc_stdin(project, &["--strict", "--as-of", "2023-08-01"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for id in ["factory_rent_free", "factory_rent_reduction"] {
        let i = item(&r, id);
        assert_eq!(i["status"], "not_applicable", "{i}");
        assert_eq!(i["missing"], serde_json::json!([]), "{i}");
    }
    let loans = item(&r, "loan_interest");
    assert_eq!(loans["status"], "applies", "{loans}");
    assert_eq!(loans["amount"], "130500.00");
    assert_eq!(loans["missing"], serde_json::json!([]), "{loans}");
}

/// The table under the cash by payment year names, once, the items whose
/// years are claimed after they close (the worked example: 超标奖励, 贷款贴息,
/// 运输补贴), so the application's round above it is not read as theirs.
#[test]
fn the_payment_year_table_names_the_items_claimed_after_their_year() {
    let out = bin()
        .arg("calc")
        .arg(crate::util::example("worked-example.toml"))
        .output()
        .expect("run calc");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("注: 标准地超标奖励、贷款贴息奖励、运输成本补贴 各年度的数额"),
        "{text}"
    );
}
