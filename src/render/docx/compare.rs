//! The comparison section of a printed report: each scenario (or each other
//! project) against the baseline, item by item and in total, with the
//! differences that `calc --compare` computes ([`crate::render::compare::diff`]).

use super::blocks::{Align, Doc};
use super::{Comparison, TEXT_W};
use crate::model::{Override, Report};
use crate::money::grouped;
use crate::render::compare::diff;
use crate::render::labels as L;
use crate::render::labels::is_paid_or_held;

/// Differences are signed: a gain reads `+1,000.00`.
fn signed(d: rust_decimal::Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", grouped(d))
    } else {
        grouped(d)
    }
}

/// `(状态)`, or nothing when the item is not in play.
fn status_of(r: &Report, id: &str) -> (String, String) {
    match r.item(id) {
        Some(i) => (i.status_label().to_string(), grouped(i.amount)),
        None => (String::new(), String::new()),
    }
}

pub fn section(doc: &mut Doc, c: &Comparison, heading: &str) {
    doc.heading(heading, false);
    doc.line(&format!(
        "差额 = {} − {}, 按金额下限计。",
        c.other_word, c.base_name
    ));
    for other in &c.others {
        let d = diff(c.base, other.report);
        // The changed fields by their Chinese names, as the tables name them.
        let changes: Vec<String> = Override::from_sets(&other.sets)
            .into_iter()
            .map(|o| {
                let name = o.label.unwrap_or(o.field);
                if o.value.is_empty() {
                    format!("{name} 清空")
                } else {
                    let value =
                        crate::project::schema::any_choice_label(&o.value).unwrap_or(&o.value);
                    format!("{name} = {value}")
                }
            })
            .collect();
        let title = if changes.is_empty() {
            other.name.clone()
        } else {
            format!("{}: {}", other.name, changes.join("; "))
        };
        doc.subheading(&title);
        let mut rows = Vec::new();
        for (id, lo, _hi) in &d.items {
            let Some(b) = c.base.item(id) else { continue };
            let o = other.report.item(id);
            let changed = !lo.is_zero() || o.is_some_and(|o| o.status != b.status);
            if !(is_paid_or_held(b) || o.is_some_and(is_paid_or_held) || changed) {
                continue;
            }
            let (bs, ba) = status_of(c.base, id);
            let (os, oa) = status_of(other.report, id);
            // Savings recur every year; cash is paid once or by year.
            let label = if b.category == crate::rules::Category::AnnualSaving {
                format!("{} (每年)", b.label)
            } else {
                b.label.clone()
            };
            rows.push(vec![label, bs, ba, os, oa, signed(*lo)]);
        }
        let t = |key: &str| {
            d.totals
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| *v)
                .unwrap_or_default()
        };
        let (bt, ot) = (&c.base.totals, &other.report.totals);
        for (label, key, b, o) in [
            (
                L::TOTAL_ONE_TIME,
                "cash_one_time",
                bt.cash_one_time.low,
                ot.cash_one_time.low,
            ),
            (
                L::TOTAL_MULTI_YEAR,
                "cash_multi_year",
                bt.cash_multi_year.low,
                ot.cash_multi_year.low,
            ),
            (
                L::TOTAL_CASH,
                "cash_total",
                bt.cash_total.low,
                ot.cash_total.low,
            ),
            (
                L::TOTAL_SAVINGS,
                "annual_savings",
                bt.annual_savings.low,
                ot.annual_savings.low,
            ),
        ] {
            rows.push(vec![
                label.to_string(),
                String::new(),
                grouped(b),
                String::new(),
                grouped(o),
                signed(t(key)),
            ]);
        }
        let base_head = format!("{}(元)", c.base_name);
        let other_head = format!("{}(元)", c.other_word);
        let header = [
            L::ITEM,
            L::STATUS,
            base_head.as_str(),
            L::STATUS,
            other_head.as_str(),
            "差额(元)",
        ];
        doc.table(
            &header,
            &[TEXT_W - 7400, 1150, 1700, 1150, 1700, 1700],
            &[
                Align::Left,
                Align::Center,
                Align::Right,
                Align::Center,
                Align::Right,
                Align::Right,
            ],
            &rows,
        );
    }
}
