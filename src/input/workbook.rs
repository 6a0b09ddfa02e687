//! Workbooks as input (`.xlsx`, `.xls`, `.ods`, read with calamine): one
//! sheet becomes the same UTF-8 CSV a user would have saved, and goes down
//! the CSV path from there, so the one cell parser decides what every cell
//! means.
//!
//! The header is the first row with a non-empty cell; every later row is a
//! project (empty rows between projects included, trailing empty rows not).
//! Cells are given as their canonical text: a number cell its shortest exact
//! decimal ([`crate::excel_float::cell_decimal`]), a percent-formatted
//! number `x%` (`.xlsx`; elsewhere the fraction, which rates read the same),
//! a date cell `YYYY-MM-DD`, a boolean `true`/`false`, a formula its cached
//! value, an error value its code (`#N/A`), which no number or date accepts.
//! `.xlsx` sheets are streamed cell by cell; `.xls` and `.ods` sheets are
//! read whole (calamine has no streaming reader for them).

use crate::excel_float::cell_decimal;
use calamine::{
    Data, DataRef, ExcelDateTime, Reader, Sheets, open_workbook_auto, open_workbook_auto_from_rs,
};
use rust_decimal::Decimal;
use std::io::{self, Cursor, Read, Seek};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// A sheet being turned into CSV on its own thread.
pub struct SheetInput {
    pub reader: ChannelReader,
    /// The sheet's name.
    pub sheet: String,
    /// The sheet line (1-based) of the header, once the stream has found it.
    pub header_line: Arc<AtomicU64>,
}

/// Starts streaming `sheet` (default: the first) of an opened workbook as
/// CSV. An unknown sheet is an error here; a sheet that breaks off later is
/// a read error of the stream.
fn start<RS>(mut book: Sheets<RS>, sheet: Option<&str>) -> anyhow::Result<SheetInput>
where
    RS: Read + Seek + Send + 'static,
{
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s || n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "没有名为 \"{s}\" 的工作表; 工作簿中有: {}",
                    names.join(", ")
                )
            })?,
        // The template's example sheet is never read unless named.
        None => names
            .iter()
            .find(|n| n.trim() != crate::output::sheet_template::EXAMPLES)
            .cloned()
            .ok_or_else(|| {
                anyhow::anyhow!("工作簿中没有工作表 (示例表不读取, 除非以 --sheet 指定)")
            })?,
    };
    let (tx, rx) = sync_channel(4);
    let thread_name = name.clone();
    let header_line = Arc::new(AtomicU64::new(1));
    let found = Arc::clone(&header_line);
    std::thread::Builder::new()
        .name("workbook".into())
        .spawn(move || {
            let mut rows = Rows::new(tx.clone());
            rows.header_line = Some(found);
            let result = stream(&mut book, &thread_name, &mut rows).and_then(|()| rows.finish());
            if let Err(e) = result {
                let _ = tx.send(Err(e));
            }
        })?;
    Ok(SheetInput {
        reader: ChannelReader {
            rx,
            buf: Vec::new(),
            pos: 0,
        },
        sheet: name,
        header_line,
    })
}

fn unreadable(e: calamine::Error) -> anyhow::Error {
    anyhow::anyhow!("不是可读取的工作簿 (xlsx/xls/ods): {e}")
}

/// Opens a workbook file, its format told by its extension.
pub fn open_file(path: &Path, sheet: Option<&str>) -> anyhow::Result<SheetInput> {
    start(open_workbook_auto(path).map_err(unreadable)?, sheet)
}

/// Opens a workbook held in memory, its format told by its content.
pub fn open_bytes(bytes: Vec<u8>, sheet: Option<&str>) -> anyhow::Result<SheetInput> {
    start(
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?,
        sheet,
    )
}

/// Feeds every cell of the sheet, in row order, to `rows`.
fn stream<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    rows: &mut Rows,
) -> Result<(), String> {
    if let Sheets::Xlsx(xlsx) = book {
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|e| format!("无法读取工作表 \"{name}\": {e}"))?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| format!("工作表 \"{name}\" 读取中断: {e}"))?
        {
            let (r, c) = cell.get_position();
            let pct = percent.get(style).copied().unwrap_or(false);
            rows.cell(r, c, data_ref_text(cell.get_value(), pct))?;
        }
        return Ok(());
    }
    let range = book
        .worksheet_range(name)
        .map_err(|e| format!("无法读取工作表 \"{name}\": {e}"))?;
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    for (i, row) in range.rows().enumerate() {
        for (j, value) in row.iter().enumerate() {
            let text = data_text(value);
            if !text.is_empty() {
                rows.cell(r0 + i as u32, c0 + j as u32, text)?;
            }
        }
    }
    Ok(())
}

/// A number format that shows a percentage (`0.00%`), ignoring `%` inside
/// quoted text or after a backslash.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A streamed `.xlsx` cell's text.
fn data_ref_text(value: &DataRef<'_>, percent: bool) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => int_text(*i, percent),
        DataRef::Float(f) => number_text(cell_decimal(*f), percent),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::DateTimeIso(s) => iso_date_text(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A `.xls` or `.ods` cell's text (no number formats: a percent cell gives
/// its fraction).
fn data_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => int_text(*i, false),
        Data::Float(f) => number_text(cell_decimal(*f), false),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => date_text(dt),
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn int_text(i: i64, percent: bool) -> String {
    if percent {
        decimal_text(Decimal::from(i), true)
    } else {
        i.to_string()
    }
}

/// A number cell by its exact decimal (turned from the stored double at once
/// by [`cell_decimal`]); `None` is a value no field takes.
fn number_text(d: Option<Decimal>, percent: bool) -> String {
    match d {
        Some(d) => decimal_text(d, percent),
        // NaN, infinities or beyond 7.9×10^28: no field takes it.
        None => "#NUM!".to_string(),
    }
}

fn decimal_text(d: Decimal, percent: bool) -> String {
    if percent && let Some(p) = d.checked_mul(Decimal::ONE_HUNDRED) {
        return format!("{}%", p.normalize());
    }
    d.normalize().to_string()
}

/// A date cell as `YYYY-MM-DD` (the time of day, if any, is dropped). The
/// serial is counted from the workbook's epoch (1900 or 1904) by calamine,
/// which gives Excel's non-existent 1900-02-29 for serial 60 as Excel shows
/// it; the date parser then refuses it as a date that does not exist. A
/// negative serial, which Excel cannot show, is refused the same way.
fn date_text(dt: &ExcelDateTime) -> String {
    let serial = cell_decimal(dt.as_f64());
    if dt.is_duration() {
        return format!("时长{}", number_text(serial, false));
    }
    if serial.is_none_or(|d| d.is_sign_negative()) {
        return format!("日期序列号{}无效", number_text(serial, false));
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    format!("{y:04}-{m:02}-{d:02}")
}

/// An `.ods` date (`2023-05-01` or `2023-05-01T08:00:00`): its date part.
fn iso_date_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, _)) => date.to_string(),
        None => s.to_string(),
    }
}

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
const MAX_SHEET_ROWS: u32 = 1_048_576;
const MAX_SHEET_COLS: u32 = 16_384;

/// Bytes of CSV sent per message.
const SEND_BYTES: usize = 64 * 1024;

/// Assembles cells, arriving in row order, into CSV records.
struct Rows {
    tx: SyncSender<Result<Vec<u8>, String>>,
    out: Vec<u8>,
    /// First column of the header (cells left of it make a row ragged).
    first_col: u32,
    /// Columns in the header.
    width: usize,
    header_done: bool,
    /// The sheet row being assembled and its cells (by column from `first_col`).
    row: Option<u32>,
    cells: Vec<String>,
    /// Text found left of the header's first column.
    stray: Vec<String>,
    /// The last row written (header or data).
    last_written: u32,
    /// Where to tell the header's line.
    header_line: Option<Arc<AtomicU64>>,
    /// Whether a project row has been written.
    data_started: bool,
}

impl Rows {
    fn new(tx: SyncSender<Result<Vec<u8>, String>>) -> Self {
        Rows {
            tx,
            out: Vec::with_capacity(SEND_BYTES * 2),
            first_col: 0,
            width: 0,
            header_done: false,
            row: None,
            cells: Vec::new(),
            stray: Vec::new(),
            last_written: 0,
            header_line: None,
            data_started: false,
        }
    }

    fn cell(&mut self, r: u32, c: u32, text: String) -> Result<(), String> {
        // Beyond Excel's grid a file is not a spreadsheet (and a cell at row
        // 4,000,000,000 would make as many empty rows).
        if r >= MAX_SHEET_ROWS || c >= MAX_SHEET_COLS {
            return Err(format!(
                "工作表中有单元格在第{}行第{}列, 超出电子表格的范围 ({MAX_SHEET_ROWS}行, {MAX_SHEET_COLS}列)",
                u64::from(r) + 1,
                u64::from(c) + 1
            ));
        }
        if self.row != Some(r) {
            self.end_row()?;
            self.row = Some(r);
        }
        if text.is_empty() {
            return Ok(());
        }
        if !self.header_done {
            // The header's cells are collected by absolute column first.
            let c = c as usize;
            if self.cells.len() <= c {
                self.cells.resize(c + 1, String::new());
            }
            self.cells[c] = text;
            return Ok(());
        }
        match c.checked_sub(self.first_col) {
            Some(i) => {
                let i = i as usize;
                if self.cells.len() <= i {
                    self.cells.resize(i + 1, String::new());
                }
                self.cells[i] = text;
            }
            None => self.stray.push(text),
        }
        Ok(())
    }

    /// Writes the row assembled so far, if it holds anything.
    fn end_row(&mut self) -> Result<(), String> {
        let Some(r) = self.row.take() else {
            return Ok(());
        };
        if self.cells.iter().all(String::is_empty) && self.stray.is_empty() {
            self.cells.clear();
            return Ok(());
        }
        if !self.header_done {
            let first = self.cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
            self.first_col = first as u32;
            self.cells.drain(..first);
            self.width = self.cells.len();
            self.header_done = true;
            if let Some(line) = &self.header_line {
                line.store(u64::from(r) + 1, Ordering::Relaxed);
            }
        } else if !self.data_started {
            // Empty rows right under the header (a header cell merged over
            // two rows, a spacer row) belong to the header: the projects
            // start here, and lines are counted from the row above.
            self.data_started = true;
            if let Some(line) = &self.header_line {
                line.store(u64::from(r), Ordering::Relaxed);
            }
        } else {
            // Empty rows between projects stay rows (numbered as in the sheet).
            for _ in self.last_written + 1..r {
                write_record(&mut self.out, &[], self.width);
            }
        }
        if self.data_started && !self.stray.is_empty() {
            let w = self.cells.len().max(self.width);
            self.cells.resize(w, String::new());
            self.cells.append(&mut self.stray);
        }
        write_record(&mut self.out, &self.cells, self.width);
        self.cells.clear();
        self.last_written = r;
        // Nothing is sent before the first project row: by then the header's
        // line is final (empty rows under it move it), and whoever reads the
        // header sees it.
        if self.data_started && self.out.len() >= SEND_BYTES {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), String> {
        let bytes = std::mem::replace(&mut self.out, Vec::with_capacity(SEND_BYTES * 2));
        // The batch stopped reading (it failed itself and says why).
        self.tx.send(Ok(bytes)).map_err(|_| String::new())
    }

    fn finish(&mut self) -> Result<(), String> {
        self.end_row()?;
        if !self.header_done {
            // An empty sheet: an empty input, which the batch reports.
            return Ok(());
        }
        self.send()
    }
}

/// One CSV record of `cells`, padded with empty cells to `width`.
fn write_record(out: &mut Vec<u8>, cells: &[String], width: usize) {
    let n = cells.len().max(width).max(1);
    if n == 1 && cells.first().is_none_or(String::is_empty) {
        // A lone empty cell as `""`: an empty line would be no record.
        out.extend_from_slice(b"\"\"\n");
        return;
    }
    for i in 0..n {
        if i > 0 {
            out.push(b',');
        }
        let cell = cells.get(i).map_or("", String::as_str);
        crate::csv_text::push_cell(out, cell);
    }
    out.push(b'\n');
}

/// Reads the CSV a sheet's thread sends; an error it sends is a read error.
pub struct ChannelReader {
    rx: Receiver<Result<Vec<u8>, String>>,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.buf.len() {
            match self.rx.recv() {
                Ok(Ok(bytes)) => {
                    self.buf = bytes;
                    self.pos = 0;
                }
                Ok(Err(message)) => {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, message));
                }
                // The sheet is done.
                Err(_) => return Ok(0),
            }
        }
        let avail = self.buf.get(self.pos..).unwrap_or_default();
        let n = avail.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn date(serial: f64, is_1904: bool) -> String {
        date_text(&ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            is_1904,
        ))
    }

    #[test]
    fn serial_dates_in_both_systems() {
        assert_eq!(date(45047.0, false), "2023-05-01");
        assert_eq!(date(45047.75, false), "2023-05-01");
        assert_eq!(date(61.0, false), "1900-03-01");
        assert_eq!(date(59.0, false), "1900-02-28");
        // Excel's phantom leap day, refused later by the date parser.
        assert_eq!(date(60.0, false), "1900-02-29");
        assert_eq!(date(45047.0 - 1462.0, true), "2023-05-01");
        assert_eq!(date(0.0, true), "1904-01-01");
        assert!(date(-1.0, false).contains("无效"));
        assert_eq!(date(45351.0, false), "2024-02-29");
    }

    #[test]
    fn numbers_and_percent_cells() {
        let text = |f: f64, percent| number_text(cell_decimal(f), percent);
        assert_eq!(text(1.2e8, false), "120000000");
        assert_eq!(text(0.01, false), "0.01");
        assert_eq!(text(0.0385, true), "3.85%");
        assert_eq!(text(2024.0, false), "2024");
        assert_eq!(int_text(1, true), "100%");
        assert!(is_percent_format("0.00%"));
        assert!(!is_percent_format("0.00\"%\""));
        assert!(!is_percent_format("#,##0.00"));
        assert_eq!(iso_date_text("2023-05-01T00:00:00"), "2023-05-01");
    }

    #[test]
    fn cells_beyond_the_grid_stop_the_sheet() {
        let (tx, _rx) = sync_channel(100);
        let mut rows = Rows::new(tx);
        rows.cell(0, 0, "project.id".into()).unwrap();
        let e = rows.cell(4_000_000_000, 0, "x".into()).unwrap_err();
        assert!(e.contains("超出"), "{e}");
        assert!(rows.cell(1, 20_000, "x".into()).is_err());
    }

    #[test]
    fn empty_rows_under_the_header_belong_to_it() {
        let (tx, rx) = sync_channel(100);
        let mut rows = Rows::new(tx);
        let line = Arc::new(AtomicU64::new(1));
        rows.header_line = Some(Arc::clone(&line));
        rows.cell(0, 0, "project.id".into()).unwrap();
        rows.cell(1, 0, String::new()).unwrap();
        rows.cell(3, 0, "A".into()).unwrap();
        rows.cell(5, 0, "B".into()).unwrap();
        rows.finish().unwrap();
        drop(rows);
        let mut r = ChannelReader {
            rx,
            buf: Vec::new(),
            pos: 0,
        };
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        // A is data row 1 on sheet line 4: lines count from 3.
        assert_eq!(s, "project.id\nA\n\"\"\nB\n");
        assert_eq!(line.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn rows_keep_gaps_and_drop_trailing_empties() {
        let (tx, rx) = sync_channel(100);
        let mut rows = Rows::new(tx);
        rows.cell(2, 1, "project.id".into()).unwrap();
        rows.cell(2, 2, "land.area_mu".into()).unwrap();
        rows.cell(3, 1, "A".into()).unwrap();
        rows.cell(3, 2, "4,0".into()).unwrap();
        rows.cell(5, 2, "7".into()).unwrap();
        rows.cell(6, 0, "stray".into()).unwrap();
        rows.cell(9, 1, String::new()).unwrap();
        rows.finish().unwrap();
        drop(rows);
        let mut r = ChannelReader {
            rx,
            buf: Vec::new(),
            pos: 0,
        };
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "project.id,land.area_mu\nA,\"4,0\"\n,\n,7\n,,stray\n");
    }
}
