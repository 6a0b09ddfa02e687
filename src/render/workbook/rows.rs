//! A row's part of the workbook, made on the worker that evaluated it: the
//! XML of its cells on the results, items and schedule sheets, with each
//! cell's measured width, and its contributions to the budget. The writing
//! thread then only numbers the rows and cells ([`super::WorkbookSink`]).
//!
//! A row travels in the batch's ordered output as one frame: its length
//! (u32, little-endian) and then, in order: data row (u64), input line (u64),
//! status (u8), error message, project id, project name, notes; the sheet
//! rows (a failed row's mistakes among them, on the errors sheet), each a sheet (u8) and its
//! cells (u16 count; per cell column u16, width u16, its lines (u8: 0 for
//! nothing or zero, else the lines a wrapped text takes, 1 for any other
//! value) and the XML after the cell's reference),
//! ended by [`END`]; then the budget entries (u32 count;
//! per entry item u16, year i16, payment year i16 or [`NO_YEAR`], lower and
//! upper bound as decimal text); then the row under the rules before a
//! revision: u8 0 (none), or 1 and the cash total before, after and their
//! difference, and its cash entries (u32 count; per entry year i16, payment
//! year i16, lower and upper bound as text). Texts are a u32 length and UTF-8 bytes.

use super::cell_xml;
use super::{ColumnKind, text_width};
use crate::model::Status;
use crate::render::SheetRow;
use crate::rules::{Category, RuleSet};

pub const RESULTS: u8 = 0;
pub const ITEMS: u8 = 1;
pub const SCHEDULE: u8 = 2;
pub const ERRORS: u8 = 3;
/// Ends a frame's sheet rows.
pub const END: u8 = 0xFF;
/// A budget entry without a payment year.
pub const NO_YEAR: i16 = i16::MIN;

pub const OK: u8 = 0;
pub const EMPTY: u8 = 1;
pub const ERROR: u8 = 2;
pub const EXAMPLE: u8 = 3;
/// Computed, but outside the policy's scope (a gate failed).
pub const OUT_OF_SCOPE: u8 = 4;

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

/// Appends the frame of `r`.
pub fn encode(layout: &Layout, r: &SheetRow, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&r.row.to_le_bytes());
    out.extend_from_slice(&r.line.to_le_bytes());
    let (status, status_label) = match r.status.as_str() {
        "ok" => (OK, "成功"),
        "out_of_scope" => (OUT_OF_SCOPE, "不在政策范围"),
        "empty" => (EMPTY, "空行"),
        "example" => (EXAMPLE, "示例"),
        _ => (ERROR, "失败"),
    };
    out.push(status);
    let error = r.error.as_deref().unwrap_or("");
    push_text(out, error);
    let id = r.id.as_deref().unwrap_or("");
    let name = r.name.as_deref().unwrap_or("");
    push_text(out, id);
    push_text(out, name);
    push_text(out, &r.notes);

    let mut row = Row::begin(out, RESULTS);
    row.int(0, whole(r.row));
    row.text(1, id);
    row.text(2, name);
    row.text(3, status_label);
    if status == OK || status == OUT_OF_SCOPE {
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

    if status == ERROR {
        // The errors sheet: one line per mistake.
        for part in crate::render::error_parts(error) {
            let mut line = Row::begin(out, ERRORS);
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
        let mut line = Row::begin(out, ITEMS);
        line.lead(r.row, lead);
        line.text(5, category.label());
        line.money(6, &item.amount);
        line.money(7, &item.amount_max);
        line.wrapped(8, item.reason.as_deref().unwrap_or(""));
        line.end();
        let cash = matches!(category, Category::CashOneTime | Category::CashMultiYear);
        let payable = item.status == Status::Applies.key() && cash;
        for e in &item.schedule {
            let mut line = Row::begin(out, SCHEDULE);
            line.lead(r.row, lead);
            line.int(5, i64::from(e.year));
            line.money(6, &e.amount);
            line.money(7, &e.amount_max);
            if let Some(p) = e.payment_year {
                line.int(8, i64::from(p));
            }
            line.end();
            if payable {
                budget.push((i, e));
            }
        }
    }
    out.push(END);
    out.extend_from_slice(&u32::try_from(budget.len()).unwrap_or(0).to_le_bytes());
    for (i, e) in budget {
        out.extend_from_slice(&u16::try_from(i).unwrap_or(u16::MAX).to_le_bytes());
        out.extend_from_slice(&e.year.to_le_bytes());
        out.extend_from_slice(&e.payment_year.unwrap_or(NO_YEAR).to_le_bytes());
        push_text(out, &e.amount);
        push_text(out, &e.amount_max);
    }
    match &r.baseline {
        Some(b) => {
            out.push(1);
            push_text(out, &b.cash_total);
            push_text(out, r.totals.first().map_or("0.00", String::as_str));
            push_text(out, &b.diff);
            out.extend_from_slice(&u32::try_from(b.entries.len()).unwrap_or(0).to_le_bytes());
            for (year, paid, lo, hi) in &b.entries {
                out.extend_from_slice(&year.to_le_bytes());
                out.extend_from_slice(&paid.to_le_bytes());
                push_text(out, lo);
                push_text(out, hi);
            }
        }
        None => out.push(0),
    }
    let len = out.len() - start - 4;
    patch_u32(out, start, len);
}

/// One sheet row's cells being appended to a frame.
struct Row<'a> {
    out: &'a mut Vec<u8>,
    count_at: usize,
    count: u16,
}

impl<'a> Row<'a> {
    fn begin(out: &'a mut Vec<u8>, sheet: u8) -> Self {
        out.push(sheet);
        let count_at = out.len();
        out.extend_from_slice(&[0; 2]);
        Row {
            out,
            count_at,
            count: 0,
        }
    }

    fn cell(&mut self, col: u16, width: usize, lines: u8, xml: impl FnOnce(&mut Vec<u8>)) {
        self.out.extend_from_slice(&col.to_le_bytes());
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        self.out.extend_from_slice(&width.to_le_bytes());
        self.out.push(lines);
        let at = self.out.len();
        self.out.extend_from_slice(&[0; 4]);
        xml(self.out);
        let len = self.out.len() - at - 4;
        patch_u32(self.out, at, len);
        self.count += 1;
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
        let count = self.count.to_le_bytes();
        self.out[self.count_at..self.count_at + 2].copy_from_slice(&count);
    }
}

fn whole(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn push_text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(0).to_le_bytes());
    if u32::try_from(s.len()).is_ok() {
        out.extend_from_slice(s.as_bytes());
    }
}

fn patch_u32(out: &mut [u8], at: usize, value: usize) {
    let v = u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes();
    if let Some(slot) = out.get_mut(at..at + 4) {
        slot.copy_from_slice(&v);
    }
}

/// Width of an amount shown with thousands separators.
fn money_width(s: &str) -> usize {
    let digits = s
        .split('.')
        .next()
        .map_or(0, |i| i.trim_start_matches('-').len());
    s.len() + digits.saturating_sub(1) / 3
}

/// Reads a frame's fields in order; `None` on a frame cut short (a bug).
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.buf.split_at_checked(n)?;
        self.buf = rest;
        Some(head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    pub fn i16(&mut self) -> Option<i16> {
        Some(i16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u32()?).ok()?;
        self.take(n)
    }

    pub fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}
