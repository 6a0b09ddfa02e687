//! A computed sweep as a table for people.

use crate::model::Status;
use crate::model::sweep::Sweep;
use crate::money::{self, grouped};
use crate::project::FieldType;
use crate::rules::RuleSet;
use comfy_table::{Cell, CellAlignment};
use rust_decimal::Decimal;

/// A value of the swept field for people: money grouped with two decimals,
/// other quantities as written.
pub fn value_text(ty: FieldType, v: Decimal) -> String {
    match ty {
        FieldType::Money => grouped(v),
        _ => money::plain(v),
    }
}

/// Items whose payable amount is not the same at every point.
pub fn changed(s: &Sweep) -> Vec<usize> {
    let Some(first) = s.points.first() else {
        return Vec::new();
    };
    (0..first.items.len())
        .filter(|k| s.points.iter().any(|p| p.items[*k].1 != first.items[*k].1))
        .collect()
}

/// The table: value, cash total and each item that changes along the range.
pub fn table(s: &Sweep, rules: &RuleSet) -> String {
    let cols = changed(s);
    let mut head = vec![s.label.clone(), "现金奖补合计".into()];
    // Savings recur every year, marked so beside the one-time cash.
    let label = |id: &str| match rules.get(id) {
        Some(r) if r.category == crate::rules::Category::AnnualSaving => {
            format!("{} (每年)", r.label)
        }
        Some(r) => r.label.clone(),
        None => id.to_string(),
    };
    if let Some(p) = s.points.first() {
        head.extend(cols.iter().map(|k| label(&p.items[*k].0)));
    }
    head.push("界点".into());
    // Stacked a point a block when the columns do not fit the terminal.
    let mut t = super::table::new_table(head);
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    for p in &s.points {
        let mut row = vec![
            right(value_text(s.ty, p.value)),
            right(grouped(p.totals.cash_total.low)),
        ];
        row.extend(cols.iter().map(|k| {
            if p.statuses.get(*k) == Some(&Status::CaseByCase) {
                right(Status::CaseByCase.label().to_string())
            } else {
                right(grouped(p.items[*k].1))
            }
        }));
        let mark = s
            .bounds
            .iter()
            .find(|(v, _)| *v == p.value)
            .map_or(String::new(), |(_, l)| l.clone());
        row.push(Cell::new(mark));
        t.add_row(row);
    }
    format!(
        "扫描 {} 从 {} 到 {}\n{}\n{}",
        s.label,
        grouped(first_value(s)),
        grouped(last_value(s)),
        super::table::show(&t),
        case_by_case_note(s, rules)
    )
}

/// Where a rule becomes 一事一议 along the range, said in words: the cash
/// total falls there because the amount is agreed case by case, not lost.
pub fn case_by_case_note(s: &Sweep, rules: &RuleSet) -> String {
    let mut out = String::new();
    for (from, to, ids) in s.case_by_case_runs() {
        let labels: Vec<String> = ids
            .iter()
            .map(|id| rules.get(id).map_or(id.clone(), |r| r.label.clone()))
            .collect();
        let range = if from == to {
            value_text(s.ty, from)
        } else {
            format!("{} 至 {}", value_text(s.ty, from), value_text(s.ty, to))
        };
        out.push_str(&super::table::para(
            &format!("{}: ", labels.join("、")),
            &format!("在 {range} 为一事一议 (金额另行商定, 不计入现金奖补合计)"),
            0,
        ));
    }
    out
}

fn first_value(s: &Sweep) -> Decimal {
    s.points.first().map_or(Decimal::ZERO, |p| p.value)
}

fn last_value(s: &Sweep) -> Decimal {
    s.points.last().map_or(Decimal::ZERO, |p| p.value)
}
