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
//! ([`rows`], [`WorkbookRows`]), this module numbers them into the sheets' rows, and each
//! sheet's rows are compressed on their own thread. At the end
//! rust_xlsxwriter writes the workbook with the big sheets' heads (header
//! row, widths, frozen panes, filter, page set-up) and the small sheets, and
//! the rows are put into it ([`splice`], which says why, with the measurement).

mod cell_xml;
mod reform;
pub mod rows;
mod sheets;
mod splice;

pub use sheets::Formats;

use super::row_sink::{Needs, RowEncoder, RowSink};
use super::{SheetBaseline, SheetRow};
use crate::model::batch_row::{Base, BatchRow, RowOutcome};
use anyhow::Context;
use rows::{Cell, Chunk, Layout, RowPart, RowStatus, Sheet};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};
use splice::{BigSheet, Body, Compressed};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use unicode_width::UnicodeWidthStr;

/// A workbook shows every item with its reason, and its budget sheet the
/// baseline's schedule under `--baseline-rules`.
pub const NEEDS: Needs = Needs {
    report: true,
    texts: true,
    checklist: false,
    next_tiers: false,
    baseline_report: true,
};

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

    /// Writes one line of cells, whose XML is in `xml`.
    fn row(&mut self, cells: &[Cell], xml: &[u8]) -> anyhow::Result<()> {
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
        for cell in cells {
            let (c, width, cell_lines) = (cell.col, cell.width, cell.lines);
            let xml = xml.get(cell.xml.clone()).ok_or_else(bug)?;
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

/// A cell outside its sheet's columns, which [`rows`] never makes.
fn bug() -> anyhow::Error {
    anyhow::anyhow!("内部错误 (bug): 工作簿的单元格超出列范围")
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

/// Receives the batch's rows ([`rows::Chunk`]) and writes the workbook to
/// `out` at the end.
pub struct WorkbookSink<W: Write> {
    out: W,
    /// The sheet line of the input's header (1 for a CSV), from which rows
    /// whose line is unknown are numbered; settled by the reader as it reads.
    header_line: Arc<AtomicU64>,
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
}

impl<W: Write> WorkbookSink<W> {
    /// A workbook of the rows evaluated under `rules`, written to `out`;
    /// `reform` when they were also evaluated under the rules before a
    /// revision (`--baseline-rules`): the results sheet gains two columns
    /// and the workbook the 政策调整影响 sheet.
    pub fn new(
        rules: &crate::rules::RuleSet,
        reform: bool,
        out: W,
        header_line: Arc<AtomicU64>,
    ) -> anyhow::Result<Self> {
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
            out,
            header_line,
            layout,
            results,
            items: Stream::new(ITEMS, items_header, 2).context(temp)?,
            schedule: Stream::new(SCHEDULE, schedule_header, 2).context(temp)?,
            errors: Stream::new(ERRORS, errors_header, 4).context(temp)?,
            coverage: Coverage::default(),
            by_year: Sums::new(),
            by_payment_year: Sums::new(),
            impact: reform.then(reform::Impact::default),
        })
    }

    /// Writes one row's lines and adds its figures to the budget.
    fn part(&mut self, part: RowPart, chunk: &Chunk) -> anyhow::Result<()> {
        self.count(&part);
        let computed = matches!(part.status, RowStatus::Ok | RowStatus::OutOfScope);
        for line in chunk.lines.get(part.lines.clone()).unwrap_or_default() {
            let stream = match line.sheet {
                Sheet::Results => &mut self.results,
                Sheet::Items => &mut self.items,
                Sheet::Schedule => &mut self.schedule,
                Sheet::Errors => &mut self.errors,
            };
            let cells = chunk.cells.get(line.cells.clone()).unwrap_or_default();
            stream.row(cells, &chunk.xml)?;
        }
        let mut after = Vec::new();
        for e in &part.budget {
            let (lo, hi) = (e.amount, e.amount_max);
            add(&mut self.by_year, (e.item, e.year), lo, hi);
            if let Some(p) = e.payment_year {
                add(&mut self.by_payment_year, (e.item, p), lo, hi);
            }
            if self.impact.is_some() {
                after.push((e.year, e.payment_year, lo, hi));
            }
        }
        if let Some(b) = part.baseline
            && let Some(impact) = self.impact.as_mut().filter(|_| computed)
        {
            let change = reform::Change {
                row: part.row,
                id: part.id,
                name: part.name,
                before: b.before,
                after: b.after,
                diff: b.diff,
            };
            impact.add(change, &b.entries, &after);
        }
        Ok(())
    }

    /// Counts a row for the budget's coverage, and lists it when left out.
    fn count(&mut self, part: &RowPart) {
        let c = &mut self.coverage;
        let why = match part.status {
            RowStatus::Ok => {
                c.included += 1;
                return;
            }
            RowStatus::Empty => {
                c.empty += 1;
                return;
            }
            RowStatus::Example => {
                c.examples += 1;
                "示例行 (项目编号以“示例”或“例:”开头), 未测算".to_string()
            }
            RowStatus::OutOfScope => {
                c.out_of_scope += 1;
                format!("不在政策范围: {}", part.notes)
            }
            RowStatus::Error => {
                c.failed += 1;
                format!("测算失败: {}", part.error)
            }
        };
        if c.listed.len() < LISTED_LEFT_OUT {
            c.listed.push(LeftOut {
                row: part.row,
                line: part.line,
                id: part.id.clone(),
                name: part.name.clone(),
                why,
            });
        }
    }

    /// Writes the budget sheet and the whole workbook.
    fn write_book(self) -> anyhow::Result<()> {
        let header_line = self.header_line.load(Ordering::Relaxed);
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
            if stream.name == ERRORS {
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
        splice::assemble(saved, &big, &mut files, io::BufWriter::new(self.out))
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
        // (splice::without_second_row_1); a sheet without rows keeps the
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

impl<W: Write> RowSink for WorkbookSink<W> {
    type Encoder = WorkbookRows;

    fn needs(&self) -> Needs {
        NEEDS
    }

    fn encoder(&self) -> WorkbookRows {
        WorkbookRows {
            layout: self.layout.clone(),
        }
    }

    fn write(&mut self, mut chunk: Chunk) -> anyhow::Result<()> {
        let parts = std::mem::take(&mut chunk.rows);
        for part in parts {
            self.part(part, &chunk)?;
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        self.write_book()
    }
}

/// The workers' part of the workbook: each row's cells and figures.
#[derive(Debug, Clone)]
pub struct WorkbookRows {
    layout: Layout,
}

impl RowEncoder for WorkbookRows {
    type Chunk = Chunk;

    fn chunk(&self, rows: usize) -> Chunk {
        Chunk::with_capacity(rows)
    }

    fn row(&self, chunk: &mut Chunk, batch_row: &BatchRow) {
        let row = batch_row.row;
        let mut sheet_row = match &batch_row.outcome {
            RowOutcome::Ok(report) => {
                let mut r = SheetRow::from_report(row, report);
                if let Some(Base::Report(before)) = &batch_row.baseline {
                    r.baseline = Some(SheetBaseline::new(before, report));
                }
                r
            }
            RowOutcome::Failed { message, id, name } => {
                SheetRow::failed(row, id.as_deref(), message).named(name.as_deref())
            }
            RowOutcome::Empty => SheetRow::empty(row),
            RowOutcome::Example { id } => SheetRow::example(row, id),
            RowOutcome::Amounts(..) => SheetRow::failed(row, None, "内部错误 (bug): 缺少逐项结果"),
        };
        sheet_row.line = batch_row.line;
        rows::encode(&self.layout, &sheet_row, chunk);
    }
}

fn add(sums: &mut Sums, key: (usize, i16), lo: Decimal, hi: Decimal) {
    let e = sums.entry(key).or_default();
    // Sums of at most a million amounts of at most 10^15 元 fit a Decimal.
    e.0 = e.0.saturating_add(lo);
    e.1 = e.1.saturating_add(hi);
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
        let mut out = std::io::Cursor::new(Vec::new());
        let header_line = Arc::new(AtomicU64::new(1));
        let mut sink = WorkbookSink::new(&rules, false, &mut out, header_line).unwrap();
        for s in [
            &mut sink.results,
            &mut sink.items,
            &mut sink.schedule,
            &mut sink.errors,
        ] {
            s.max_rows = 3;
        }
        // Three mistakes: the errors sheet continues on 错误(2).
        let mut failed = SheetRow::failed(
            5,
            Some("P-5"),
            "land.area_mu: 应为数字; investment.total: \"x\" (不是金额); project.name: 过长",
        )
        .named(Some("丙项目"));
        failed.line = 6;
        let rows: Vec<SheetRow> = (1..=4).map(worked_example_row).chain([failed]).collect();
        // Handed over in chunks of two rows.
        let encoder = sink.encoder();
        for pair in rows.chunks(2) {
            let mut chunk = encoder.chunk(pair.len());
            for r in pair {
                rows::encode(&sink.layout, r, &mut chunk);
            }
            sink.write(chunk).unwrap();
        }
        sink.finish().unwrap();
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
