//! Shared by the fuzz targets: the embedded rules loaded once, and the checks
//! run on every report (rendering must not panic; figures must not lie).

#![allow(dead_code)]

use jincheng_incentives::engine::{self, Options};
use jincheng_incentives::model::{Report, Status};
use jincheng_incentives::project::Project;
use jincheng_incentives::project::value::parse_date;
use jincheng_incentives::render::{json, table};
use jincheng_incentives::rules::{self, Category, RuleSet};
use rust_decimal::Decimal;
use std::sync::LazyLock;

pub static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| rules::load_embedded().expect("the shipped rules load"));

/// Evaluates and renders as `calc` would; on the shipped rules, also checks the
/// report's arithmetic invariants.
pub fn evaluate_and_check(rules: &RuleSet, project: &Project, shipped: bool) {
    if let Ok(report) = engine::evaluate(
        rules,
        project,
        Options::new(parse_date("2024-06-30").expect("a date")),
    ) {
        let _ = table::render(&report, true);
        let _ = json::pretty(&report);
        if shipped {
            invariants(&report);
        }
    }
}

/// Amounts are non-negative, lower ≤ upper, and totals add the items that apply.
pub fn invariants(r: &Report) {
    let mut one = (Decimal::ZERO, Decimal::ZERO);
    let mut multi = (Decimal::ZERO, Decimal::ZERO);
    let mut saving = (Decimal::ZERO, Decimal::ZERO);
    for i in &r.items {
        assert!(i.amount >= Decimal::ZERO, "{}: negative amount", i.id);
        assert!(i.amount <= i.amount_max, "{}: amount > amount_max", i.id);
        if i.status != Status::Applies {
            continue;
        }
        let slot = match i.category {
            Category::CashOneTime => &mut one,
            Category::CashMultiYear => &mut multi,
            Category::AnnualSaving => &mut saving,
            _ => continue,
        };
        slot.0 += i.amount;
        slot.1 += i.amount_max;
    }
    let t = &r.totals;
    assert_eq!((t.cash_one_time.low, t.cash_one_time.high), one);
    assert_eq!((t.cash_multi_year.low, t.cash_multi_year.high), multi);
    assert_eq!((t.annual_savings.low, t.annual_savings.high), saving);
    assert_eq!(
        t.cash_total.low,
        t.cash_one_time.low + t.cash_multi_year.low
    );
}
