//! A row's part of the workbook, made on the worker that evaluated it: its
//! cells on the results, items and schedule sheets (each cell's XML after
//! its reference, with its measured width), its mistakes on the errors
//! sheet, its contributions to the budget and its figures under the rules
//! before a revision. The writing thread then only numbers the rows and
//! cells ([`super::WorkbookSink`]).

use super::cell_xml;
use super::{ColumnKind, text_width};
use crate::model::Status;
use crate::render::SheetRow;
use crate::rules::{Category, RuleSet};
use rust_decimal::Decimal;
use std::ops::Range;
use std::str::FromStr;

/// The big sheet a line goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Results,
    Items,
    Schedule,
    Errors,
}

/// A row's status, which decides whether the budget includes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    Ok,
    /// Computed, but outside the policy's scope (a gate failed).
    OutOfScope,
    Empty,
    Error,
    Example,
}

/// One cell of a sheet line: its column, display width, the lines its text
/// takes (0 for nothing or zero) and its XML in [`Chunk::xml`].
#[derive(Debug, Clone)]
pub struct Cell {
    pub col: u16,
    pub width: u16,
    pub lines: u8,
    pub xml: Range<usize>,
}

/// One line of a big sheet: its cells in [`Chunk::cells`].
#[derive(Debug, Clone)]
pub struct SheetLine {
    pub sheet: Sheet,
    pub cells: Range<usize>,
}

/// What an applying cash item pays in a year, for the budget.
#[derive(Debug, Clone)]
pub struct BudgetEntry {
    /// The item's index among the item rules.
    pub item: usize,
    pub year: i16,
    pub payment_year: Option<i16>,
    pub amount: Decimal,
    pub amount_max: Decimal,
}

/// A row under the rules before a revision (`--baseline-rules`).
#[derive(Debug, Clone)]
pub struct BaselineFigures {
    /// Cash total (lower bound) before, after, and after − before.
    pub before: Decimal,
    pub after: Decimal,
    pub diff: Decimal,
    /// The cash that applies before the revision, per schedule entry:
    /// (calendar year, payment year, lower bound, upper bound).
    pub entries: Vec<(i16, Option<i16>, Decimal, Decimal)>,
}

/// One batch row's part of the workbook.
#[derive(Debug, Clone)]
pub struct RowPart {
    pub row: u64,
    pub line: u64,
    pub status: RowStatus,
    pub error: String,
    pub id: String,
    pub name: String,
    pub notes: String,
    /// Its lines in [`Chunk::lines`].
    pub lines: Range<usize>,
    pub budget: Vec<BudgetEntry>,
    pub baseline: Option<Box<BaselineFigures>>,
}

/// A chunk's rows: the rows in input order, their sheet lines, the lines'
/// cells and the cells' XML, each list shared by the chunk's rows (a few
/// allocations per chunk rather than per cell).
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub rows: Vec<RowPart>,
    pub lines: Vec<SheetLine>,
    pub cells: Vec<Cell>,
    pub xml: Vec<u8>,
}

impl Chunk {
    /// An empty chunk for about `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Chunk {
            rows: Vec::with_capacity(rows),
            lines: Vec::with_capacity(rows * 16),
            cells: Vec::with_capacity(rows * 128),
            xml: Vec::with_capacity(rows * 4096),
        }
    }
}

/// The style (xf) index of a column kind's format. rust_xlsxwriter numbers
/// formats in the order a workbook first uses them, and the first results
/// sheet uses them in this order (its columns 行号, 项目编号, … 现金奖补合计,
/// … 需补充信息): the number format of whole numbers, the header's, text's,
/// money's, wrapped text's. Each
/// big sheet's head is checked against these when the file is put together.
pub fn style(kind: ColumnKind) -> u32 {
    match kind {
        ColumnKind::Int => 1,
        ColumnKind::Text => 3,
        ColumnKind::Money => 4,
        ColumnKind::Wrap => 5,
    }
}

/// What the rows need from the rules: the item rules in report order and,
/// per money column of the results sheet, its item.
#[derive(Debug, Clone)]
pub struct Layout {
    pub item_rules: Vec<(String, String, Category)>,
    pub money_items: Vec<Option<usize>>,
    /// The rows carry the project under the rules before a revision
    /// (`--baseline-rules`): two more columns after the totals.
    pub reform: bool,
}

impl Layout {
    pub fn new(rules: &RuleSet) -> Self {
        let item_rules: Vec<(String, String, Category)> = rules
            .item_rules()
            .map(|r| (r.id.clone(), r.label.clone(), r.category))
            .collect();
        let money_items = rules
            .money_ids()
            .iter()
            .map(|id| item_rules.iter().position(|(i, ..)| i == id))
            .collect();
        Layout {
            item_rules,
            money_items,
            reform: false,
        }
    }

    /// The layout of a run with `--baseline-rules` when `reform`.
    pub fn reform(mut self, reform: bool) -> Self {
        self.reform = reform;
        self
    }

    /// Columns after the totals for the baseline (调整前, 调整影响).
    fn reform_cols(&self) -> usize {
        if self.reform { 2 } else { 0 }
    }

    /// The results sheet's last column: 错误, after the totals, the money
    /// columns, 需补充信息, 暂停兑现 and 备注.
    pub fn error_col(&self) -> u16 {
        u16::try_from(4 + 3 + self.reform_cols() + self.money_items.len() + 3).unwrap_or(u16::MAX)
    }
}

/// Appends the part of `r`.
pub fn encode(layout: &Layout, r: &SheetRow, out: &mut Chunk) {
    let (status, status_label) = match r.status.as_str() {
        "ok" => (RowStatus::Ok, "成功"),
        "out_of_scope" => (RowStatus::OutOfScope, "不在政策范围"),
        "empty" => (RowStatus::Empty, "空行"),
        "example" => (RowStatus::Example, "示例"),
        _ => (RowStatus::Error, "失败"),
    };
    let error = r.error.as_deref().unwrap_or("");
    let id = r.id.as_deref().unwrap_or("");
    let name = r.name.as_deref().unwrap_or("");
    let first_line = out.lines.len();

    let mut row = Row::begin(out, Sheet::Results);
    row.int(0, whole(r.row));
    row.text(1, id);
    row.text(2, name);
    row.text(3, status_label);
    if matches!(status, RowStatus::Ok | RowStatus::OutOfScope) {
        let mut c = 4u16;
        for t in r.totals.iter().take(3) {
            row.money(c, t);
            c += 1;
        }
        if layout.reform {
            if let Some(b) = &r.baseline {
                row.money(c, &b.cash_total);
                row.money(c + 1, &b.diff);
            }
            c += 2;
        }
        for index in &layout.money_items {
            let payable = match index.and_then(|i| r.items.get(i)) {
                Some(it) if it.status == Status::Applies.key() => it.amount.as_str(),
                _ => "0.00",
            };
            row.money(c, payable);
            c += 1;
        }
        let needs: Vec<&str> = r
            .items
            .iter()
            .zip(&layout.item_rules)
            .filter(|(it, _)| it.status == Status::NeedsInput.key())
            .map(|(_, (_, label, _))| label.as_str())
            .collect();
        row.wrapped(c, &needs.join("、"));
        row.money(c + 1, r.totals.get(3).map_or("0.00", String::as_str));
        row.wrapped(c + 2, &r.notes);
    }
    row.wrapped(layout.error_col(), error);
    row.end();

    if status == RowStatus::Error {
        // The errors sheet: one line per mistake.
        for part in crate::render::error_parts(error) {
            let mut line = Row::begin(out, Sheet::Errors);
            line.int(0, whole(r.row));
            if r.line > 0 {
                line.int(1, whole(r.line));
            }
            line.text(2, id);
            line.text(3, name);
            line.text(4, &part.field);
            line.text(5, &part.value);
            line.wrapped(6, &part.expected);
            line.end();
        }
    }

    let mut budget = Vec::new();
    for (i, item) in r.items.iter().enumerate() {
        let Some((rule, label, category)) = layout.item_rules.get(i) else {
            continue;
        };
        if item.absent {
            // A rule none of whose facts the row gives: no line (the
            // results sheet shows it as 0; `--format items` lists it).
            continue;
        }
        let status: &str = match Status::parse(&item.status) {
            Some(st) => st.label(),
            None => &item.status,
        };
        // The officer reads the rule's Chinese name; its id (the `rule` of
        // `--format items`, which scripts read) follows it.
        let lead = [id, label, rule, status];
        let mut line = Row::begin(out, Sheet::Items);
        line.lead(r.row, lead);
        line.text(5, category.label());
        line.money(6, &item.amount);
        line.money(7, &item.amount_max);
        line.wrapped(8, item.reason.as_deref().unwrap_or(""));
        line.end();
        let cash = matches!(category, Category::CashOneTime | Category::CashMultiYear);
        let payable = item.status == Status::Applies.key() && cash;
        for e in &item.schedule {
            let mut line = Row::begin(out, Sheet::Schedule);
            line.lead(r.row, lead);
            line.int(5, i64::from(e.year));
            line.money(6, &e.amount);
            line.money(7, &e.amount_max);
            if let Some(p) = e.payment_year {
                line.int(8, i64::from(p));
            }
            line.end();
            if payable {
                budget.push(BudgetEntry {
                    item: i,
                    year: e.year,
                    payment_year: e.payment_year,
                    amount: parse_fixed2(&e.amount),
                    amount_max: parse_fixed2(&e.amount_max),
                });
            }
        }
    }
    let baseline = r.baseline.as_ref().map(|b| {
        Box::new(BaselineFigures {
            before: parse_fixed2(&b.cash_total),
            after: parse_fixed2(r.totals.first().map_or("0.00", String::as_str)),
            diff: parse_fixed2(&b.diff),
            entries: b
                .entries
                .iter()
                .map(|(year, paid, lo, hi)| {
                    (*year, Some(*paid), parse_fixed2(lo), parse_fixed2(hi))
                })
                .collect(),
        })
    });
    out.rows.push(RowPart {
        row: r.row,
        line: r.line,
        status,
        error: error.to_string(),
        id: id.to_string(),
        name: name.to_string(),
        notes: r.notes.clone(),
        lines: first_line..out.lines.len(),
        budget,
        baseline,
    });
}

/// A `money::fixed2` text as a Decimal (zero if it is not one, which
/// [`SheetRow`] never holds).
fn parse_fixed2(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

/// One sheet line's cells being appended to a chunk.
struct Row<'a> {
    out: &'a mut Chunk,
    sheet: Sheet,
    first_cell: usize,
}

impl<'a> Row<'a> {
    fn begin(out: &'a mut Chunk, sheet: Sheet) -> Self {
        let first_cell = out.cells.len();
        Row {
            out,
            sheet,
            first_cell,
        }
    }

    fn cell(&mut self, col: u16, width: usize, lines: u8, xml: impl FnOnce(&mut Vec<u8>)) {
        let at = self.out.xml.len();
        xml(&mut self.out.xml);
        self.out.cells.push(Cell {
            col,
            width: u16::try_from(width).unwrap_or(u16::MAX),
            lines,
            xml: at..self.out.xml.len(),
        });
    }

    /// The first columns of an items or schedule line: 行号, 项目编号, 规则
    /// (the Chinese name), 规则编号, 状态.
    fn lead(&mut self, row: u64, texts: [&str; 4]) {
        self.int(0, whole(row));
        for (c, t) in (1u16..).zip(texts) {
            self.text(c, t);
        }
    }

    /// A text cell; an empty text is no cell.
    fn text(&mut self, col: u16, text: &str) {
        self.styled_text(col, text, ColumnKind::Text);
    }

    /// A text cell wrapped inside its column (reasons, notes, messages).
    fn wrapped(&mut self, col: u16, text: &str) {
        self.styled_text(col, text, ColumnKind::Wrap);
    }

    fn styled_text(&mut self, col: u16, text: &str, kind: ColumnKind) {
        if text.is_empty() {
            return;
        }
        let (width, lines) = if kind == ColumnKind::Wrap {
            // Its own line breaks, then each line wrapped in the column.
            text.split('\n').fold((0, 0usize), |(w, n), line| {
                let lw = text_width(line);
                (
                    w.max(lw),
                    n.saturating_add(super::sheets::wrapped_lines(lw)),
                )
            })
        } else {
            (text_width(text), 1)
        };
        let lines = u8::try_from(lines.max(1)).unwrap_or(u8::MAX);
        self.cell(col, width, lines, |o| cell_xml::text(o, style(kind), text));
    }

    fn money(&mut self, col: u16, digits: &str) {
        let filled = digits.bytes().any(|b| (b'1'..=b'9').contains(&b));
        self.cell(col, money_width(digits), u8::from(filled), |o| {
            cell_xml::decimal(o, style(ColumnKind::Money), digits)
        });
    }

    fn int(&mut self, col: u16, n: i64) {
        let width = n
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1);
        self.cell(col, width, u8::from(n != 0), |o| {
            cell_xml::int(o, style(ColumnKind::Int), n)
        });
    }

    fn end(self) {
        let cells = self.first_cell..self.out.cells.len();
        self.out.lines.push(SheetLine {
            sheet: self.sheet,
            cells,
        });
    }
}

fn whole(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Width of an amount shown with thousands separators.
fn money_width(s: &str) -> usize {
    let digits = s
        .split('.')
        .next()
        .map_or(0, |i| i.trim_start_matches('-').len());
    s.len() + digits.saturating_sub(1) / 3
}
