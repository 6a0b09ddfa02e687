//! The 政策调整影响 sheet of `batch --baseline-rules`: what a revision of
//! the rules costs the budget, year by year (lower and upper bound), and for
//! whom (by the change of cash total, lower bound). Rows stream past
//! once: only running sums by year, three counts and the ten largest changes
//! are kept, so memory does not grow with the rows.

use super::sheets::{Formats, print_setup, width_units};
use super::{REFORM, col, text_width};
use crate::excel_float::{cell_int, cell_number};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};

/// How many of the largest changes the sheet lists.
pub const LARGEST: usize = 10;

/// Per year: before and after (lower bound), before and after (upper bound).
type ByYear = BTreeMap<i16, [Decimal; 4]>;

/// One project's change of cash total (lower bound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub row: u64,
    pub id: String,
    pub name: String,
    pub before: Decimal,
    pub after: Decimal,
    pub diff: Decimal,
}

impl Change {
    /// Larger changes first; of equal size, the earlier row first.
    fn rank(&self) -> (Decimal, Reverse<u64>) {
        (self.diff.abs(), Reverse(self.row))
    }
}

impl Ord for Change {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl PartialOrd for Change {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The revision's impact over the rows seen so far.
#[derive(Debug, Default)]
pub struct Impact {
    pub by_year: ByYear,
    pub by_payment_year: ByYear,
    pub projects: u64,
    pub gain: u64,
    pub lose: u64,
    pub same: u64,
    /// The largest changes so far, smallest on top (to be pushed out).
    largest: BinaryHeap<Reverse<Change>>,
}

/// A row's cash under each rule set: calendar year, payment year (none
/// when unknown), lower and upper bound.
pub type Entries<'a> = &'a [(i16, Option<i16>, Decimal, Decimal)];

impl Impact {
    /// Counts one computed row: `before` and `after` are its cash entries
    /// under the baseline rules and the rules of the run.
    pub fn add(&mut self, change: Change, before: Entries, after: Entries) {
        for (side, entries) in [(0, before), (1, after)] {
            for (year, paid, lo, hi) in entries {
                add(&mut self.by_year, *year, side, (*lo, *hi));
                if let Some(p) = paid {
                    add(&mut self.by_payment_year, *p, side, (*lo, *hi));
                }
            }
        }
        self.projects += 1;
        match change.diff.cmp(&Decimal::ZERO) {
            Ordering::Greater => self.gain += 1,
            Ordering::Less => self.lose += 1,
            Ordering::Equal => {
                self.same += 1;
                return;
            }
        }
        self.largest.push(Reverse(change));
        if self.largest.len() > LARGEST {
            self.largest.pop();
        }
    }

    /// The largest changes, largest first.
    pub fn largest(&self) -> Vec<&Change> {
        let mut list: Vec<&Change> = self.largest.iter().map(|r| &r.0).collect();
        list.sort_by(|a, b| b.cmp(a));
        list
    }
}

/// Adds (lower, upper) to `side` (0 before, 1 after) of a year.
fn add(sums: &mut ByYear, year: i16, side: usize, (lo, hi): (Decimal, Decimal)) {
    let slot = sums.entry(year).or_default();
    // Sums of at most a million amounts of at most 10^15 元 fit a Decimal.
    slot[side] = slot[side].saturating_add(lo);
    slot[side + 2] = slot[side + 2].saturating_add(hi);
}

/// The sheet: counts, cash by calendar year and by payment year before and
/// after with the difference, and the largest changes.
pub fn sheet(impact: &Impact, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(REFORM)?;
    print_setup(&mut ws)?;
    ws.set_print_fit_to_pages(1, 0).set_print_gridlines(false);
    let title = format!(
        "政策调整影响: 调整前 (基准规则, --baseline-rules) 与调整后 (本次规则) 的现金奖补 \
         (元; 计入测算成功的 {} 个项目)",
        impact.projects
    );
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let mut row = 2u32;
    for (c, h) in ["项目数", "增加", "减少", "不变", "合计"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, col(c), *h, &f.header)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "个数", &f.text)?;
    let counts = [impact.gain, impact.lose, impact.same, impact.projects];
    for (c, n) in counts.iter().enumerate() {
        ws.write_number_with_format(row, col(c + 1), cell_int(*n), &f.int)?;
    }
    row += 2;
    for (heading, year_word, sums) in [
        ("按日历年度 (分年表的年度)", "年度", &impact.by_year),
        (
            "按兑现年度 (评审后列入下一年度财政预算)",
            "兑现年度",
            &impact.by_payment_year,
        ),
    ] {
        ws.write_string_with_format(row, 0, format!("现金奖补{heading}"), &f.title)?;
        row += 1;
        let head = [
            year_word,
            "调整前",
            "调整后",
            "差额",
            "调整前(上限)",
            "调整后(上限)",
            "差额(上限)",
        ];
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(row, col(c), *h, &f.header)?;
        }
        row += 1;
        let mut all = [Decimal::ZERO; 4];
        for (year, sums) in sums {
            for (t, v) in all.iter_mut().zip(sums) {
                *t = t.saturating_add(*v);
            }
            ws.write_number_with_format(row, 0, *year, &f.int)?;
            money_row(&mut ws, row, sums, &f.money)?;
            row += 1;
        }
        ws.write_string_with_format(row, 0, "合计", &f.total)?;
        money_row(&mut ws, row, &all, &f.total_money)?;
        row += 2;
    }
    ws.write_string_with_format(
        row,
        0,
        format!("变化最大的 {LARGEST} 个项目 (按现金奖补合计(下限)差额的绝对值)"),
        &f.title,
    )?;
    row += 1;
    let head = ["行号", "项目编号", "项目名称", "调整前", "调整后", "差额"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(row, col(c), *h, &f.header)?;
    }
    row += 1;
    let mut widest = [8usize, 10, 10];
    for c in impact.largest() {
        ws.write_number_with_format(row, 0, cell_int(c.row), &f.int)?;
        ws.write_string_with_format(row, 1, &c.id, &f.text)?;
        ws.write_string_with_format(row, 2, &c.name, &f.text)?;
        widest[1] = widest[1].max(text_width(&c.id));
        widest[2] = widest[2].max(text_width(&c.name));
        for (k, v) in [c.before, c.after, c.diff].into_iter().enumerate() {
            ws.write_number_with_format(row, col(k + 3), cell_number(v), &f.money)?;
        }
        row += 1;
    }
    if impact.largest.is_empty() {
        ws.write_string_with_format(row, 0, "没有项目的现金奖补发生变化", &f.text)?;
    }
    ws.set_column_width(0, width_units(widest[0].max(text_width("兑现年度"))))?;
    ws.set_column_width(1, width_units(widest[1].max(18)))?;
    ws.set_column_width(2, width_units(widest[2].max(18)))?;
    ws.set_column_range_width(3, 6, 18)?;
    Ok(ws)
}

/// 调整前, 调整后 and 差额 of the lower bound in columns 1 to 3, of the
/// upper bound in columns 4 to 6.
fn money_row(
    ws: &mut Worksheet,
    row: u32,
    sums: &[Decimal; 4],
    format: &rust_xlsxwriter::Format,
) -> Result<(), XlsxError> {
    let [b, a, b_max, a_max] = *sums;
    let cells = [
        b,
        a,
        a.saturating_sub(b),
        b_max,
        a_max,
        a_max.saturating_sub(b_max),
    ];
    for (c, v) in cells.into_iter().enumerate() {
        ws.write_number_with_format(row, col(c + 1), cell_number(v), format)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(row: u64, diff: i64) -> Change {
        Change {
            row,
            id: format!("P{row}"),
            name: String::new(),
            before: Decimal::ZERO,
            after: Decimal::from(diff),
            diff: Decimal::from(diff),
        }
    }

    /// The ten largest by size, gains and losses alike, earlier rows first
    /// among equals; unchanged rows are counted, never listed.
    #[test]
    fn keeps_the_ten_largest_changes() {
        let mut impact = Impact::default();
        for row in 1..=30u64 {
            let diff = match row % 3 {
                0 => 0,
                1 => row as i64 * 10,
                _ => -(row as i64) * 10,
            };
            impact.add(change(row, diff), &[], &[]);
        }
        impact.add(change(31, -290), &[], &[]);
        assert_eq!((impact.gain, impact.lose, impact.same), (10, 11, 10));
        let rows: Vec<u64> = impact.largest().iter().map(|c| c.row).collect();
        assert_eq!(rows, [29, 31, 28, 26, 25, 23, 22, 20, 19, 17]);
    }

    /// Lower and upper bounds are summed apart, per calendar and payment
    /// year, before and after.
    #[test]
    fn sums_both_bounds_by_year() {
        let d = |n: i64| Decimal::from(n);
        let mut impact = Impact::default();
        let before = [
            (2024, Some(2026), d(100), d(150)),
            (2025, Some(2026), d(10), d(10)),
        ];
        let after = [(2025, Some(2027), d(120), d(200))];
        impact.add(change(1, 10), &before, &after);
        impact.add(change(2, 0), &[], &after);
        assert_eq!(impact.by_year[&2024], [d(100), d(0), d(150), d(0)]);
        assert_eq!(impact.by_year[&2025], [d(10), d(240), d(10), d(400)]);
        assert_eq!(impact.by_payment_year[&2026], [d(110), d(0), d(160), d(0)]);
        assert_eq!(impact.by_payment_year[&2027], [d(0), d(240), d(0), d(400)]);
        assert_eq!((impact.projects, impact.gain, impact.same), (2, 1, 1));
    }
}
