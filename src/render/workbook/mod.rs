//! `batch -o out.xlsx`: the workbook for leaders and the finance bureau.
//!
//! Sheets, in order: 结果 (results: one row per input row, failed rows with
//! their error), 逐项 (items: project × rule), 分年 (schedule: project × rule
//! × year; rules none of whose facts a row gives are left out, as the
//! `calc` table leaves them out), 预算 (budget: the cash the portfolio's
//! applying items schedule, by calendar year and, when the reports carry it,
//! by payment year; lower and upper bound, by rule and in total, with a
//! column chart; above its tables how many rows it includes and every row
//! left out, with why), with `--baseline-rules` 政策调整影响 (the
//! revision's impact: [`reform`]) and, when rows failed, 错误 (errors: row, sheet line,
//! project id and name, field, value, expected). Money cells are numbers formatted `#,##0.00`; headers
//! are frozen, the big sheets have an autofilter, column widths are measured
//! with CJK characters counted double. A sheet that would pass Excel's
//! 1,048,576 rows continues on `逐项(2)`, ….
//!
//! The big sheets (results, items, schedule, errors) stream: workers write each row's cells as XML
//! ([`rows`]), this module numbers them into the sheets' rows, and each
//! sheet's rows are compressed on their own thread ([`body`]). At the end
//! rust_xlsxwriter writes the workbook with the big sheets' heads (header
//! row, widths, frozen panes, filter, page set-up) and the small sheets, and
//! the rows are put into it ([`package`]).

mod body;
mod cell_xml;
mod package;
mod reform;
pub mod rows;
mod sheets;

pub use sheets::Formats;

use anyhow::Context;
use body::{Body, Compressed};
use package::BigSheet;
use rows::{Layout, Reader};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::str::FromStr;
use unicode_width::UnicodeWidthStr;

/// Rows in a sheet, header included (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;
/// The font of every cell: a Chinese one, so Chinese text is not drawn in a
/// fallback font of another width.
pub const FONT: &str = "等线";

pub const RESULTS: &str = "结果";
pub const ITEMS: &str = "逐项";
pub const SCHEDULE: &str = "分年";
pub const BUDGET: &str = "预算";
pub const ERRORS: &str = "错误";
pub const REFORM: &str = "政策调整影响";

/// Display width of a text: CJK characters count 2, as in a Chinese font.
pub fn text_width(s: &str) -> usize {
    s.width()
}

/// What a column holds, which decides its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Money,
    Int,
    /// Text wrapped inside its column: reasons and messages, which would
    /// otherwise run across the printed page.
    Wrap,
}

/// A big sheet being streamed, continued on a new sheet when full.
struct Stream {
    name: &'static str,
    header: Vec<(String, ColumnKind)>,
    freeze_cols: u16,
    /// Columns from this one on that hold only zeros or nothing in every row
    /// are grouped and collapsed, so they are not printed.
    collapse_from: usize,
    /// Rows a sheet holds, header included ([`MAX_ROWS`]; fewer in tests).
    max_rows: u32,
    /// Column letters, for the cells' references.
    letters: Vec<Vec<u8>>,
    /// Widest text per column so far.
    widths: Vec<usize>,
    /// Whether any row so far has something other than zero in the column.
    filled: Vec<bool>,
    /// Data rows of each finished sheet.
    done: Vec<u32>,
    /// Data rows of the current sheet, when one is open.
    open: Option<u32>,
    body: Body,
}

impl Stream {
    fn new(
        name: &'static str,
        header: Vec<(String, ColumnKind)>,
        freeze_cols: u16,
    ) -> io::Result<Self> {
        // A header wraps on two lines or more: its columns are as wide as
        // their figures, so the sheet fits a printed page.
        let widths = header
            .iter()
            .map(|(h, _)| text_width(h).div_ceil(2) + 1)
            .collect();
        let filled = vec![false; header.len()];
        let letters = (0..header.len())
            .map(|c| cell_xml::column_name(col(c)).into_bytes())
            .collect();
        Ok(Stream {
            name,
            header,
            freeze_cols,
            collapse_from: usize::MAX,
            max_rows: MAX_ROWS,
            letters,
            widths,
            filled,
            done: Vec::new(),
            open: None,
            body: Body::new()?,
        })
    }

    /// Writes one row of cells read from a frame.
    fn row(&mut self, cells: &mut Reader, count: u16) -> anyhow::Result<()> {
        let rows = match self.open {
            Some(n) if n + 1 < self.max_rows => n + 1,
            Some(n) => {
                self.body.end_sheet()?;
                self.done.push(n);
                1
            }
            None => 1,
        };
        self.open = Some(rows);
        // Row 1 is the header.
        let mut number = itoa::Buffer::new();
        let number = number.format(rows + 1).as_bytes();
        let buf = &mut self.body.buf;
        buf.extend_from_slice(b"<row r=\"");
        buf.extend_from_slice(number);
        buf.push(b'"');
        let attrs_at = buf.len();
        buf.push(b'>');
        let mut lines = 1usize;
        for _ in 0..count {
            let (Some(c), Some(width), Some(cell_lines), Some(xml)) =
                (cells.u16(), cells.u16(), cells.u8(), cells.bytes())
            else {
                return Err(bug());
            };
            let c = usize::from(c);
            if cell_lines != 0
                && let Some(f) = self.filled.get_mut(c)
            {
                *f = true;
            }
            let letters = self.letters.get(c).ok_or_else(bug)?;
            buf.extend_from_slice(b"<c r=\"");
            buf.extend_from_slice(letters);
            buf.extend_from_slice(number);
            buf.push(b'"');
            buf.extend_from_slice(xml);
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(usize::from(width));
            }
            if let Some((_, ColumnKind::Wrap)) = self.header.get(c) {
                lines = lines.max(usize::from(cell_lines));
            }
        }
        if lines > 1 {
            // A wrapped text's row is as high as its lines: a printed row
            // would otherwise show one line of it.
            let height = format!(" ht=\"{}\" customHeight=\"1\"", sheets::row_height(lines));
            buf.splice(attrs_at..attrs_at, height.into_bytes());
        }
        buf.extend_from_slice(b"</row>");
        self.body.maybe_send()?;
        Ok(())
    }

    /// Ends the last sheet: the data rows of each sheet and their file.
    fn close(mut self) -> io::Result<Closed> {
        if let Some(n) = self.open.take() {
            self.body.end_sheet()?;
            self.done.push(n);
        }
        let rows = self.body.finish()?;
        Ok(Closed {
            name: self.name,
            header: self.header,
            freeze_cols: self.freeze_cols,
            collapse_from: self.collapse_from,
            widths: self.widths,
            filled: self.filled,
            sheets: self.done,
            rows,
        })
    }
}

/// A stream whose rows are all written.
struct Closed {
    name: &'static str,
    header: Vec<(String, ColumnKind)>,
    freeze_cols: u16,
    collapse_from: usize,
    widths: Vec<usize>,
    filled: Vec<bool>,
    sheets: Vec<u32>,
    rows: Compressed,
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn bug() -> anyhow::Error {
    anyhow::anyhow!("内部错误 (bug): 工作簿的行数据不完整")
}

/// What one rule contributes to the budget, lower and upper bound.
type Sums = BTreeMap<(usize, i16), (Decimal, Decimal)>;

/// How many rows left out of the budget its sheet lists by name (the rest
/// are counted; each is on the results sheet with its status).
const LISTED_LEFT_OUT: usize = 10_000;

/// A row the budget does not include, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub row: u64,
    pub line: u64,
    pub id: String,
    pub name: String,
    pub why: String,
}

/// Which rows the budget includes: the counts by status and the rows left
/// out (the first [`LISTED_LEFT_OUT`]).
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub included: u64,
    pub failed: u64,
    pub examples: u64,
    pub out_of_scope: u64,
    pub empty: u64,
    pub listed: Vec<LeftOut>,
}

impl Coverage {
    pub fn left_out(&self) -> u64 {
        self.failed + self.examples + self.out_of_scope
    }
}

/// Receives the batch's row frames ([`rows`]) and writes the workbook.
pub struct WorkbookSink {
    layout: Layout,
    results: Stream,
    items: Stream,
    schedule: Stream,
    errors: Stream,
    coverage: Coverage,
    by_year: Sums,
    by_payment_year: Sums,
    /// With `--baseline-rules`: the revision's impact so far.
    impact: Option<reform::Impact>,
    pending: Vec<u8>,
}

impl WorkbookSink {
    /// A workbook of the rows evaluated under `rules`; `reform` when they
    /// were also evaluated under the rules before a revision
    /// (`--baseline-rules`): the results sheet gains two columns and the
    /// workbook the 政策调整影响 sheet.
    pub fn new(rules: &crate::rules::RuleSet, reform: bool) -> anyhow::Result<Self> {
        let layout = Layout::new(rules).reform(reform);
        use ColumnKind::{Int, Money, Text, Wrap};
        let named = |list: &[(&str, ColumnKind)]| -> Vec<(String, ColumnKind)> {
            list.iter().map(|(h, k)| (h.to_string(), *k)).collect()
        };
        let mut results_header = named(&[
            ("行号", Int),
            ("项目编号", Text),
            ("项目名称", Text),
            ("状态", Text),
            ("现金奖补合计(下限)", Money),
            ("现金奖补合计(上限)", Money),
            ("要素降本(每年)", Money),
        ]);
        if reform {
            results_header.extend(named(&[
                ("调整前现金奖补合计(下限)", Money),
                ("调整影响(下限)", Money),
            ]));
        }
        results_header.extend(
            rules
                .money_ids()
                .iter()
                .filter_map(|id| rules.get(id))
                .map(|r| {
                    let label = if r.category == crate::rules::Category::AnnualSaving {
                        format!("{}(每年)", r.label)
                    } else {
                        r.label.clone()
                    };
                    (label, Money)
                }),
        );
        // The error last: a failed row's figures are empty, and the message
        // (also split up on the errors sheet) would push the figures aside.
        results_header.extend(named(&[
            ("需补充信息", Wrap),
            ("暂停兑现", Money),
            ("备注", Wrap),
            ("错误", Wrap),
        ]));
        let items_header = named(&[
            ("行号", Int),
            ("项目编号", Text),
            ("规则", Text),
            ("规则编号", Text),
            ("状态", Text),
            ("类别", Text),
            ("金额(下限)", Money),
            ("金额(上限)", Money),
            ("原因", Wrap),
        ]);
        let schedule_header = named(&[
            ("行号", Int),
            ("项目编号", Text),
            ("规则", Text),
            ("规则编号", Text),
            ("状态", Text),
            ("年度", Int),
            ("金额(下限)", Money),
            ("金额(上限)", Money),
            ("支付年度", Int),
        ]);
        let errors_header = named(&[
            ("行号", Int),
            ("表格行", Int),
            ("项目编号", Text),
            ("项目名称", Text),
            ("字段", Text),
            ("填写值", Text),
            ("问题说明", Wrap),
        ]);
        let temp = "无法创建临时文件";
        let mut results = Stream::new(RESULTS, results_header, 3).context(temp)?;
        // 要素降本 and the columns after it: an item no project has is not
        // printed (the cash totals always are).
        results.collapse_from = 6;
        Ok(WorkbookSink {
            layout,
            results,
            items: Stream::new(ITEMS, items_header, 2).context(temp)?,
            schedule: Stream::new(SCHEDULE, schedule_header, 2).context(temp)?,
            errors: Stream::new(ERRORS, errors_header, 4).context(temp)?,
            coverage: Coverage::default(),
            by_year: Sums::new(),
            by_payment_year: Sums::new(),
            impact: reform.then(reform::Impact::default),
            pending: Vec::new(),
        })
    }

    /// What the workers need to write this workbook's frames.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    fn frame(&mut self, frame: &[u8]) -> anyhow::Result<()> {
        let mut r = Reader::new(frame);
        let (Some(row), Some(line), Some(status), Some(error)) =
            (r.u64(), r.u64(), r.u8(), r.text())
        else {
            return Err(bug());
        };
        let (Some(id), Some(name), Some(notes)) = (r.text(), r.text(), r.text()) else {
            return Err(bug());
        };
        self.count((row, line, id, name), status, error, notes);
        let computed = status == rows::OK || status == rows::OUT_OF_SCOPE;
        loop {
            let sheet = r.u8().ok_or_else(bug)?;
            if sheet == rows::END {
                break;
            }
            let count = r.u16().ok_or_else(bug)?;
            let stream = match sheet {
                rows::RESULTS => &mut self.results,
                rows::ITEMS => &mut self.items,
                rows::SCHEDULE => &mut self.schedule,
                rows::ERRORS => &mut self.errors,
                _ => return Err(bug()),
            };
            stream.row(&mut r, count)?;
        }
        let entries = r.u32().ok_or_else(bug)?;
        let mut after = Vec::new();
        for _ in 0..entries {
            let (Some(item), Some(year), Some(paid), Some(lo), Some(hi)) =
                (r.u16(), r.i16(), r.i16(), r.text(), r.text())
            else {
                return Err(bug());
            };
            let (lo, hi) = (parse_fixed2(lo), parse_fixed2(hi));
            let item = usize::from(item);
            add(&mut self.by_year, (item, year), lo, hi);
            let paid = (paid != rows::NO_YEAR).then_some(paid);
            if let Some(p) = paid {
                add(&mut self.by_payment_year, (item, p), lo, hi);
            }
            if self.impact.is_some() {
                after.push((year, paid, lo, hi));
            }
        }
        if r.u8().ok_or_else(bug)? == 1 {
            let (Some(before_total), Some(after_total), Some(diff)) =
                (r.text(), r.text(), r.text())
            else {
                return Err(bug());
            };
            let count = r.u32().ok_or_else(bug)?;
            let mut before = Vec::new();
            for _ in 0..count {
                let (Some(year), Some(paid), Some(lo), Some(hi)) =
                    (r.i16(), r.i16(), r.text(), r.text())
                else {
                    return Err(bug());
                };
                before.push((year, Some(paid), parse_fixed2(lo), parse_fixed2(hi)));
            }
            if let Some(impact) = self.impact.as_mut().filter(|_| computed) {
                let change = reform::Change {
                    row,
                    id: id.to_string(),
                    name: name.to_string(),
                    before: parse_fixed2(before_total),
                    after: parse_fixed2(after_total),
                    diff: parse_fixed2(diff),
                };
                impact.add(change, &before, &after);
            }
        }
        Ok(())
    }

    /// Counts a row for the budget's coverage, and lists it when left out.
    /// `(row, line, id, name)` of the row.
    fn count(&mut self, who: (u64, u64, &str, &str), status: u8, error: &str, notes: &str) {
        let c = &mut self.coverage;
        let why = match status {
            rows::OK => {
                c.included += 1;
                return;
            }
            rows::EMPTY => {
                c.empty += 1;
                return;
            }
            rows::EXAMPLE => {
                c.examples += 1;
                "示例行 (项目编号以“示例”或“例:”开头), 未测算".to_string()
            }
            rows::OUT_OF_SCOPE => {
                c.out_of_scope += 1;
                format!("不在政策范围: {notes}")
            }
            _ => {
                c.failed += 1;
                format!("测算失败: {error}")
            }
        };
        if c.listed.len() < LISTED_LEFT_OUT {
            let (row, line, id, name) = who;
            c.listed.push(LeftOut {
                row,
                line,
                id: id.to_string(),
                name: name.to_string(),
                why,
            });
        }
    }

    /// Writes the budget sheet and the whole workbook to `out`;
    /// `header_line` is the sheet line of the input's header (1 for a CSV),
    /// from which rows whose line is unknown are numbered.
    pub fn finish<W: Write>(self, out: W, header_line: u64) -> anyhow::Result<()> {
        if !self.pending.is_empty() {
            return Err(bug());
        }
        let streams = [
            self.results.close()?,
            self.items.close()?,
            self.schedule.close()?,
            self.errors.close()?,
        ];
        let mut book = Workbook::new();
        book.set_zip_compression_level(1);
        let f = Formats::new();
        let mut big = Vec::new();
        let mut sheet_no = 0usize;
        let item_rules = &self.layout.item_rules;
        for (s, stream) in streams.iter().enumerate() {
            if s == usize::from(rows::ERRORS) {
                // The budget before the errors.
                let budget = sheets::budget_sheet(
                    item_rules,
                    (&self.by_year, &self.by_payment_year),
                    &self.coverage,
                    header_line,
                    &f,
                )?;
                book.push_worksheet(budget);
                sheet_no += 1;
                if let Some(impact) = &self.impact {
                    book.push_worksheet(reform::sheet(impact, &f)?);
                    sheet_no += 1;
                }
            }
            // A workbook always has its results sheet, even for no rows.
            let empty = [0u32];
            let sheets = match stream.sheets.as_slice() {
                [] if s == 0 => &empty[..],
                list => list,
            };
            for (k, rows) in sheets.iter().enumerate() {
                let ws = head(&mut book, stream, k, *rows, &f)?;
                book.push_worksheet(ws);
                sheet_no += 1;
                if let Some(segment) = stream.rows.segments.get(k) {
                    big.push(BigSheet {
                        entry: format!("xl/worksheets/sheet{sheet_no}.xml"),
                        last_row: rows + 1,
                        styles: stream.header.iter().map(|(_, k)| rows::style(*k)).collect(),
                        stream: s,
                        segment: segment.clone(),
                    });
                }
            }
        }
        let saved = book.save_to_buffer()?;
        let mut files: Vec<Compressed> = streams.into_iter().map(|s| s.rows).collect();
        package::assemble(saved, &big, &mut files, io::BufWriter::new(out))
    }
}

/// The head of sheet `k` of a stream: its name, header row, column formats
/// and widths, frozen panes, filter and page set-up; the rows are put in
/// later.
fn head(
    book: &mut Workbook,
    stream: &Closed,
    k: usize,
    rows: u32,
    f: &Formats,
) -> Result<rust_xlsxwriter::Worksheet, XlsxError> {
    let mut ws = book.new_worksheet_with_constant_memory()?;
    let name = match k {
        0 => stream.name.to_string(),
        n => format!("{}({})", stream.name, n + 1),
    };
    ws.set_name(name)?;
    ws.set_freeze_panes(1, stream.freeze_cols)?;
    sheets::print_setup(&mut ws)?;
    if stream.name == RESULTS {
        // 项目编号 and 项目名称 on every printed page across.
        ws.set_repeat_columns(1, 2)?;
    }
    let mut header_lines = 1;
    for (c, (w, (h, kind))) in stream.widths.iter().zip(&stream.header).enumerate() {
        let width = match kind {
            ColumnKind::Wrap => sheets::wrap_width_units(*w),
            _ => sheets::width_units(*w),
        };
        ws.set_column_width(col(c), width)?;
        let room = usize::try_from(width.saturating_sub(2).max(2)).unwrap_or(usize::MAX);
        header_lines = header_lines.max(text_width(h).div_ceil(room));
    }
    if rows > 0 {
        // The copy of row 1 this makes is dropped when the rows are put in
        // (package::without_second_row_1); a sheet without rows keeps the
        // plain height.
        ws.set_row_height(
            0,
            u32::try_from(sheets::row_height(header_lines)).unwrap_or(15),
        )?;
    }
    for (c, (h, kind)) in stream.header.iter().enumerate() {
        let format = match kind {
            ColumnKind::Text => &f.text,
            ColumnKind::Money => &f.money,
            ColumnKind::Int => &f.int,
            ColumnKind::Wrap => &f.wrap,
        };
        ws.set_column_format(col(c), format)?;
        ws.write_string_with_format(0, col(c), h, &f.header)?;
    }
    for (first, last) in empty_runs(&stream.filled, stream.collapse_from) {
        ws.group_columns_collapsed(col(first), col(last))?;
    }
    let last_col = col(stream.header.len().saturating_sub(1));
    ws.autofilter(0, 0, rows, last_col)?;
    Ok(ws)
}

/// The runs `(first, last)` of columns from `from` on that nothing filled.
fn empty_runs(filled: &[bool], from: usize) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (c, f) in filled.iter().enumerate().skip(from) {
        if *f {
            continue;
        }
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == c => *last = c,
            _ => runs.push((c, c)),
        }
    }
    runs
}

impl WorkbookSink {
    /// Handles the whole frames at the start of `data`; returns their length.
    fn frames(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut at = 0;
        while let Some(len) = data.get(at..at + 4) {
            let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
            let Some(frame) = data.get(at + 4..at + 4 + len) else {
                break;
            };
            self.frame(frame).map_err(io::Error::other)?;
            at += 4 + len;
        }
        Ok(at)
    }
}

impl Write for WorkbookSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            let used = self.frames(buf)?;
            self.pending
                .extend_from_slice(buf.get(used..).unwrap_or_default());
        } else {
            let mut data = std::mem::take(&mut self.pending);
            data.extend_from_slice(buf);
            let used = self.frames(&data)?;
            data.drain(..used);
            self.pending = data;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn add(sums: &mut Sums, key: (usize, i16), lo: Decimal, hi: Decimal) {
    let e = sums.entry(key).or_default();
    // Sums of at most a million amounts of at most 10^15 元 fit a Decimal.
    e.0 = e.0.saturating_add(lo);
    e.1 = e.1.saturating_add(hi);
}

/// A `money::fixed2` text as a Decimal (zero if it is not one, which the
/// batch never writes).
fn parse_fixed2(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::SheetRow;
    use calamine::{Data, Reader as _, Xlsx};

    fn worked_example_row(row: u64) -> SheetRow {
        let rules = crate::rules::load_embedded().unwrap();
        let text = include_str!("../../../examples/worked-example.toml");
        let project = crate::project::parse::from_toml(text, &[]).unwrap();
        let report = crate::engine::evaluate(
            &rules,
            &project,
            crate::engine::Options::new(jiff::civil::date(2024, 6, 30)),
        )
        .unwrap();
        SheetRow::from_report(row, &report)
    }

    /// Sheets that fill continue on `名(2)`, every row in order, each sheet
    /// with its header, and the zip reads back.
    #[test]
    fn full_sheets_continue_on_the_next() {
        let rules = crate::rules::load_embedded().unwrap();
        let mut sink = WorkbookSink::new(&rules, false).unwrap();
        for s in [
            &mut sink.results,
            &mut sink.items,
            &mut sink.schedule,
            &mut sink.errors,
        ] {
            s.max_rows = 3;
        }
        let mut frames = Vec::new();
        // Three mistakes: the errors sheet continues on 错误(2).
        let mut failed = SheetRow::failed(
            5,
            Some("P-5"),
            "land.area_mu: 应为数字; investment.total: \"x\" (不是金额); project.name: 过长",
        )
        .named(Some("丙项目"));
        failed.line = 6;
        let rows: Vec<SheetRow> = (1..=4).map(worked_example_row).chain([failed]).collect();
        for r in &rows {
            rows::encode(sink.layout(), r, &mut frames);
        }
        // Handed over in pieces that cut frames anywhere.
        for piece in frames.chunks(777) {
            sink.write_all(piece).unwrap();
        }
        let mut out = std::io::Cursor::new(Vec::new());
        sink.finish(&mut out, 1).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(out).unwrap();
        let names = book.sheet_names();
        assert_eq!(&names[..3], ["结果", "结果(2)", "结果(3)"]);
        assert!(names.contains(&"逐项(2)".to_string()));
        assert_eq!(names[names.len() - 3..], ["预算", "错误", "错误(2)"]);
        let errors = book.worksheet_range("错误(2)").unwrap();
        let last: Vec<String> = errors
            .rows()
            .nth(1)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(last[..5], ["5", "6", "P-5", "丙项目", "project.name"]);
        let mut seen = Vec::new();
        for name in ["结果", "结果(2)", "结果(3)"] {
            let range = book.worksheet_range(name).unwrap();
            let mut lines = range.rows();
            assert_eq!(lines.next().unwrap()[0], Data::String("行号".into()));
            for line in lines {
                seen.push((line[0].to_string(), line[3].to_string()));
            }
        }
        let want: Vec<(String, String)> = (1..=5)
            .map(|i| {
                let status = if i == 5 { "失败" } else { "成功" };
                (i.to_string(), status.to_string())
            })
            .collect();
        assert_eq!(seen, want);
        let items: usize = names
            .iter()
            .filter(|n| n.starts_with(ITEMS))
            .map(|n| book.worksheet_range(n).unwrap().height() - 1)
            .sum();
        let per_row = rows[0].items.iter().filter(|i| !i.absent).count();
        assert_eq!(items, 4 * per_row);
        // The worked example's cash total, as a number cell.
        let first = book.worksheet_range("结果").unwrap();
        assert_eq!(first.get((1, 4)), Some(&Data::Float(34_960_000.0)));
    }
}
