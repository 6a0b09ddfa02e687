//! EXPERIMENT (issue 18, step 4), picked with `JI_XLSX_SIMPLE=1`: the
//! workbook written cell by cell through rust_xlsxwriter's constant-memory
//! worksheets from typed rows ([`SheetRow`]), compressed once at save.

use super::rows::{Layout, Lines, Sheet, Value};
use super::sheets::{self, Formats};
use super::{ColumnKind, MAX_ROWS, WorkbookSink, col, empty_runs, reform, text_width};
use crate::model::batch_row::BatchRow;
use crate::render::row_sink::{Needs, RowEncoder, RowSink};
use crate::render::{SheetBaseline, SheetRow};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

struct Stream {
    name: &'static str,
    header: Vec<(String, ColumnKind)>,
    freeze_cols: u16,
    collapse_from: usize,
    widths: Vec<usize>,
    filled: Vec<bool>,
    /// Finished sheets with their data rows; the last one open.
    sheets: Vec<(Worksheet, u32)>,
    lines: usize,
}

impl Stream {
    fn from(s: &super::Stream) -> Self {
        Stream {
            name: s.name,
            header: s.header.clone(),
            freeze_cols: s.freeze_cols,
            collapse_from: s.collapse_from,
            widths: s.widths.clone(),
            filled: s.filled.clone(),
            sheets: Vec::new(),
            lines: 1,
        }
    }
}

pub struct SimpleSink<W: Write> {
    out: W,
    header_line: Arc<AtomicU64>,
    layout: Layout,
    /// Only its budget, coverage and impact are used.
    figures: WorkbookSink<io::Sink>,
    streams: Vec<Stream>,
    current: usize,
    f: Formats,
    book: Workbook,
    error: Option<XlsxError>,
}

impl<W: Write> SimpleSink<W> {
    pub fn new(
        rules: &crate::rules::RuleSet,
        reform: bool,
        out: W,
        header_line: Arc<AtomicU64>,
    ) -> anyhow::Result<Self> {
        let figures = WorkbookSink::new(rules, reform, io::sink(), Arc::clone(&header_line))?;
        let streams = [
            &figures.results,
            &figures.items,
            &figures.schedule,
            &figures.errors,
        ]
        .into_iter()
        .map(Stream::from)
        .collect();
        Ok(SimpleSink {
            out,
            header_line,
            layout: figures.layout.clone(),
            figures,
            streams,
            current: 0,
            f: Formats::new(),
            book: {
                let mut book = Workbook::new();
                book.set_zip_compression_level(1);
                book
            },
            error: None,
        })
    }

    fn try_begin(&mut self, sheet: Sheet) -> Result<(), XlsxError> {
        self.current = sheet as usize;
        let f = &self.f;
        let s = &mut self.streams[self.current];
        s.lines = 1;
        let full = s.sheets.last().is_none_or(|(_, n)| *n + 1 >= MAX_ROWS);
        if full {
            let mut ws = self.book.new_worksheet_with_constant_memory()?;
            for (c, (h, _)) in s.header.iter().enumerate() {
                ws.write_string_with_format(0, col(c), h, &f.header)?;
            }
            s.sheets.push((ws, 0));
        }
        if let Some((_, n)) = s.sheets.last_mut() {
            *n += 1;
        }
        Ok(())
    }

    fn try_cell(
        &mut self,
        c: u16,
        width: usize,
        lines: u8,
        value: Value<'_>,
    ) -> Result<(), XlsxError> {
        let f = &self.f;
        let s = &mut self.streams[self.current];
        let Some((ws, row)) = s.sheets.last_mut() else {
            return Ok(());
        };
        let row = *row;
        let i = usize::from(c);
        if lines != 0
            && let Some(x) = s.filled.get_mut(i)
        {
            *x = true;
        }
        if let Some(w) = s.widths.get_mut(i) {
            *w = (*w).max(width);
        }
        match value {
            Value::Int(n) => {
                ws.write_number_with_format(row, c, n as f64, &f.int)?;
            }
            Value::Money(digits) => {
                let d = rust_decimal::Decimal::from_str(digits).unwrap_or_default();
                ws.write_number_with_format(row, c, crate::excel_float::cell_number(d), &f.money)?;
            }
            Value::Text(text, kind) => {
                let format = if kind == ColumnKind::Wrap {
                    &f.wrap
                } else {
                    &f.text
                };
                ws.write_string_with_format(row, c, text, format)?;
                if kind == ColumnKind::Wrap {
                    s.lines = s.lines.max(usize::from(lines));
                }
            }
        }
        Ok(())
    }

    fn try_end(&mut self) -> Result<(), XlsxError> {
        let s = &mut self.streams[self.current];
        if s.lines > 1
            && let Some((ws, row)) = s.sheets.last_mut()
        {
            ws.set_row_height(*row, sheets::row_height(s.lines) as f64)?;
        }
        Ok(())
    }

    fn keep(&mut self, r: Result<(), XlsxError>) {
        if let Err(e) = r
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }
}

impl<W: Write> Lines for SimpleSink<W> {
    fn begin(&mut self, sheet: Sheet) {
        let r = self.try_begin(sheet);
        self.keep(r);
    }

    fn cell(&mut self, col: u16, width: usize, lines: u8, value: Value<'_>) {
        let r = self.try_cell(col, width, lines, value);
        self.keep(r);
    }

    fn end(&mut self) {
        let r = self.try_end();
        self.keep(r);
    }
}

/// Workers make the typed rows only.
#[derive(Debug, Clone)]
pub struct SimpleRows;

impl RowEncoder for SimpleRows {
    type Chunk = Vec<SheetRow>;

    fn chunk(&self, rows: usize) -> Vec<SheetRow> {
        Vec::with_capacity(rows)
    }

    fn row(&self, chunk: &mut Vec<SheetRow>, batch_row: &BatchRow) {
        use crate::model::batch_row::{Base, RowOutcome};
        let row = batch_row.row;
        let mut r = match &batch_row.outcome {
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
        r.line = batch_row.line;
        chunk.push(r);
    }
}

impl<W: Write> RowSink for SimpleSink<W> {
    type Encoder = SimpleRows;

    fn needs(&self) -> Needs {
        super::NEEDS
    }

    fn encoder(&self) -> SimpleRows {
        SimpleRows
    }

    fn write(&mut self, chunk: Vec<SheetRow>) -> anyhow::Result<()> {
        let layout = self.layout.clone();
        for r in &chunk {
            super::rows::lines(&layout, r, self);
            let part = super::rows::part(&layout, r, 0..0);
            self.figures.add_part(part);
        }
        if let Some(e) = self.error.take() {
            return Err(e.into());
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        let header_line = self.header_line.load(Ordering::Relaxed);
        let mut book = self.book;
        let f = &self.f;
        let fig = &self.figures;
        for (s, mut stream) in self.streams.into_iter().enumerate() {
            if s == 3 {
                book.push_worksheet(sheets::budget_sheet(
                    &fig.layout.item_rules,
                    (&fig.by_year, &fig.by_payment_year),
                    &fig.coverage,
                    header_line,
                    f,
                )?);
                if let Some(impact) = &fig.impact {
                    book.push_worksheet(reform::sheet(impact, f)?);
                }
            }
            if stream.sheets.is_empty() && s == 0 {
                let mut ws = book.new_worksheet_with_constant_memory()?;
                for (c, (h, _)) in stream.header.iter().enumerate() {
                    ws.write_string_with_format(0, col(c), h, &f.header)?;
                }
                stream.sheets.push((ws, 0));
            }
            let sheets = std::mem::take(&mut stream.sheets);
            for (k, (mut ws, rows)) in sheets.into_iter().enumerate() {
                let name = match k {
                    0 => stream.name.to_string(),
                    n => format!("{}({})", stream.name, n + 1),
                };
                ws.set_name(name)?;
                ws.set_freeze_panes(1, stream.freeze_cols)?;
                sheets::print_setup(&mut ws)?;
                if stream.name == super::RESULTS {
                    ws.set_repeat_columns(1, 2)?;
                }
                for (c, (w, (_, kind))) in stream.widths.iter().zip(&stream.header).enumerate() {
                    let width = match kind {
                        ColumnKind::Wrap => sheets::wrap_width_units(*w),
                        _ => sheets::width_units(*w),
                    };
                    ws.set_column_width(col(c), width)?;
                    let _ = text_width("");
                    let format = match kind {
                        ColumnKind::Text => &f.text,
                        ColumnKind::Money => &f.money,
                        ColumnKind::Int => &f.int,
                        ColumnKind::Wrap => &f.wrap,
                    };
                    ws.set_column_format(col(c), format)?;
                }
                for (first, last) in empty_runs(&stream.filled, stream.collapse_from) {
                    ws.group_columns_collapsed(col(first), col(last))?;
                }
                let last_col = col(stream.header.len().saturating_sub(1));
                ws.autofilter(0, 0, rows, last_col)?;
                book.push_worksheet(ws);
            }
        }
        let saved = book.save_to_buffer()?;
        let mut out = self.out;
        out.write_all(&saved)?;
        out.flush()?;
        Ok(())
    }
}
