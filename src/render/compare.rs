//! Reports side by side: a baseline and its scenarios, or several projects.
//! Differences are `other − first`, per item (lower and upper bound), per
//! total and per calendar year of the schedules; one table with a column per
//! report, and the JSON of CONTRACT.md.

use crate::model::{Item, Report, Status, Totals};
use crate::money::{fixed2, grouped};
use crate::rules::Category;
use comfy_table::{Cell, CellAlignment};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;

/// Differences of one report against another, every rule id and every
/// totals key, signed.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// (rule id, amount, amount_max), in rule order.
    pub items: Vec<(String, Decimal, Decimal)>,
    /// (totals key, difference), in contract order.
    pub totals: Vec<(&'static str, Decimal)>,
    /// (calendar year, lower, upper) of the multi-year cash that applies.
    pub years: Vec<(i16, Decimal, Decimal)>,
}

impl Serialize for Diff {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Items<'a>(&'a [(String, Decimal, Decimal)]);
        impl Serialize for Items<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (id, lo, hi) in self.0 {
                    let mut v = BTreeMap::new();
                    v.insert("amount", fixed2(*lo));
                    v.insert("amount_max", fixed2(*hi));
                    m.serialize_entry(id, &v)?;
                }
                m.end()
            }
        }
        struct Totals<'a>(&'a [(&'static str, Decimal)]);
        impl Serialize for Totals<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, d) in self.0 {
                    m.serialize_entry(k, &fixed2(*d))?;
                }
                m.end()
            }
        }
        #[derive(Serialize)]
        struct Year {
            year: i16,
            amount: String,
            amount_max: String,
        }
        let years: Vec<Year> = self
            .years
            .iter()
            .map(|(y, lo, hi)| Year {
                year: *y,
                amount: fixed2(*lo),
                amount_max: fixed2(*hi),
            })
            .collect();
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("items", &Items(&self.items))?;
        m.serialize_entry("totals", &Totals(&self.totals))?;
        m.serialize_entry("years", &years)?;
        m.end()
    }
}

/// Per calendar year, the multi-year cash that applies (lower, upper): the
/// rows of the report's schedule table.
pub fn years(r: &Report) -> BTreeMap<i16, (Decimal, Decimal)> {
    let mut out: BTreeMap<i16, (Decimal, Decimal)> = BTreeMap::new();
    for i in &r.items {
        if i.category != Category::CashMultiYear || i.status != Status::Applies {
            continue;
        }
        for e in &i.schedule {
            let slot = out.entry(e.year).or_default();
            slot.0 = slot.0.saturating_add(e.amount);
            slot.1 = slot.1.saturating_add(e.amount_max);
        }
    }
    out
}

/// `other − base` for every item, total and year.
pub fn diff(base: &Report, other: &Report) -> Diff {
    let items = base
        .items
        .iter()
        .map(|b| {
            let (lo, hi) = other
                .item(&b.id)
                .map_or((Decimal::ZERO, Decimal::ZERO), |o| (o.amount, o.amount_max));
            (
                b.id.clone(),
                lo.saturating_sub(b.amount),
                hi.saturating_sub(b.amount_max),
            )
        })
        .collect();
    let totals = totals_diff(&base.totals, &other.totals);
    let (yb, yo) = (years(base), years(other));
    let mut all: Vec<i16> = yb.keys().chain(yo.keys()).copied().collect();
    all.sort_unstable();
    all.dedup();
    let zero = (Decimal::ZERO, Decimal::ZERO);
    let years = all
        .into_iter()
        .map(|y| {
            let (b, o) = (yb.get(&y).unwrap_or(&zero), yo.get(&y).unwrap_or(&zero));
            (y, o.0.saturating_sub(b.0), o.1.saturating_sub(b.1))
        })
        .collect();
    Diff {
        items,
        totals,
        years,
    }
}

fn totals_diff(base: &Totals, other: &Totals) -> Vec<(&'static str, Decimal)> {
    base.pairs()
        .iter()
        .zip(other.pairs())
        .map(|((k, b), (_, o))| (*k, o.saturating_sub(*b)))
        .collect()
}

/// A money figure with its sign: `+2,000,000.00`, `-490,000.00`, `0.00`.
pub fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", grouped(d))
    } else {
        grouped(d)
    }
}

/// One column of the table: a title and its report.
pub struct Column<'a> {
    pub title: String,
    pub report: &'a Report,
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// `lo`, with `上限 hi` on a second line when the bounds differ, and the
/// status when it is not `applies`.
fn figure(lo: Decimal, hi: Decimal, status: Option<&Item>, sign: bool) -> Cell {
    let show = |d| if sign { signed(d) } else { grouped(d) };
    let mut s = show(lo);
    if hi != lo {
        s.push_str(&format!("\n上限 {}", show(hi)));
    }
    if let Some(i) = status.filter(|i| i.status != Status::Applies) {
        s.push_str(&format!("\n[{}]", i.status_label()));
    }
    right(s)
}

/// The table: a row per monetary item, per total and per calendar year; a
/// column per report, and after each but the first its difference from the
/// first when `diffs`.
pub fn render(title: &str, cols: &[Column], diffs: bool) -> String {
    let Some(first) = cols.first() else {
        return String::new();
    };
    let mut head = vec!["项目 (元)".to_string()];
    for (k, c) in cols.iter().enumerate() {
        head.push(c.title.clone());
        if diffs && k > 0 {
            head.push(format!("差额 ({})", c.title));
        }
    }
    // Stacked a row a block when the columns do not fit the terminal.
    let mut t = super::table::new_table(head);
    let all_diffs: Vec<Diff> = cols.iter().map(|c| diff(first.report, c.report)).collect();
    for (n, item) in first.report.items.iter().enumerate() {
        if !item.category.is_money() {
            continue;
        }
        let untouched = cols.iter().all(|c| {
            c.report
                .item(&item.id)
                .is_none_or(|i| i.absent && i.amount.is_zero() && i.amount_max.is_zero())
        });
        if untouched {
            continue;
        }
        // Savings recur every year; cash is paid once or by year.
        let label = if item.category == Category::AnnualSaving {
            format!("{} (每年)", item.label)
        } else {
            item.label.clone()
        };
        let mut row = vec![Cell::new(label)];
        for (k, c) in cols.iter().enumerate() {
            match c.report.item(&item.id) {
                Some(i) => row.push(figure(i.amount, i.amount_max, Some(i), false)),
                None => row.push(Cell::new("")),
            }
            if diffs && k > 0 {
                let (_, lo, hi) = &all_diffs[k].items[n];
                row.push(figure(*lo, *hi, None, true));
            }
        }
        t.add_row(row);
    }
    let labels = [
        ("cash_one_time", "合计: 一次性奖补"),
        ("cash_multi_year", "合计: 分年奖补"),
        ("cash_total", "合计: 现金奖补"),
        ("annual_savings", "合计: 要素降本 (每年)"),
        ("suspended", "合计: 暂停兑现 (现金)"),
    ];
    for (key, label) in labels {
        let pick = |t: &Totals| {
            let pairs = t.pairs();
            let get = |k: &str| {
                pairs
                    .iter()
                    .find(|(x, _)| *x == k)
                    .map_or(Decimal::ZERO, |p| p.1)
            };
            (get(key), get(&format!("{key}_max")))
        };
        if key == "suspended" && cols.iter().all(|c| pick(&c.report.totals).1.is_zero()) {
            continue;
        }
        let mut row = vec![Cell::new(label)];
        let (b_lo, b_hi) = pick(&first.report.totals);
        for (k, c) in cols.iter().enumerate() {
            let (lo, hi) = pick(&c.report.totals);
            row.push(figure(lo, hi, None, false));
            if diffs && k > 0 {
                row.push(figure(lo - b_lo, hi - b_hi, None, true));
            }
        }
        t.add_row(row);
    }
    let per: Vec<BTreeMap<i16, (Decimal, Decimal)>> =
        cols.iter().map(|c| years(c.report)).collect();
    let mut all: Vec<i16> = per.iter().flat_map(|m| m.keys().copied()).collect();
    all.sort_unstable();
    all.dedup();
    let zero = (Decimal::ZERO, Decimal::ZERO);
    for y in all {
        let mut row = vec![Cell::new(format!("分年奖补 {y}年"))];
        let b = per[0].get(&y).unwrap_or(&zero);
        for (k, m) in per.iter().enumerate() {
            let v = m.get(&y).unwrap_or(&zero);
            row.push(figure(v.0, v.1, None, false));
            if diffs && k > 0 {
                row.push(figure(v.0 - b.0, v.1 - b.1, None, true));
            }
        }
        t.add_row(row);
    }
    format!("{title}\n{}\n", super::table::show(&t))
}
