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

use super::cell_text::{data_ref_text, data_text, is_percent_format};
use super::limits::MAX_WORKBOOK_BYTES;
use anyhow::Context;
use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};
use std::collections::BTreeMap;
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

/// The template's sheet of example rows (`template --xlsx`), which `batch`
/// never reads unless it is named with `--sheet`.
pub const EXAMPLES_SHEET: &str = "示例";

/// Starts streaming `sheet` (default: the first) of an opened workbook as
/// CSV. An unknown sheet is an error here; a sheet that breaks off later is
/// a read error of the stream.
fn start<RS>(mut book: Sheets<RS>, sheet: Option<&str>) -> anyhow::Result<SheetInput>
where
    RS: Read + Seek + Send + 'static,
{
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => pick_sheet(&names, s)?,
        // The template's example sheet is never read unless named.
        None => names
            .iter()
            .find(|n| n.trim() != EXAMPLES_SHEET)
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
            // A panic inside calamine is the last guard's business (the
            // checks before opening are the first): the sheet then fails
            // with a message instead of ending early as if complete.
            let run = std::panic::AssertUnwindSafe(|| {
                stream(&mut book, &thread_name, &mut rows).and_then(|()| rows.finish())
            });
            let result = std::panic::catch_unwind(run).unwrap_or_else(|_| {
                Err(format!(
                    "工作表 \"{thread_name}\" 无法读取: 读取程序在文件中遇到无法处理的内容 (文件可能已损坏)"
                ))
            });
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

/// `--sheet NAME`: the sheet of exactly that name, else the one whose name
/// is that name with spaces around it (when only one is).
fn pick_sheet(names: &[String], wanted: &str) -> anyhow::Result<String> {
    if let Some(n) = names.iter().find(|n| n.as_str() == wanted) {
        return Ok(n.clone());
    }
    let trimmed: Vec<&String> = names.iter().filter(|n| n.trim() == wanted.trim()).collect();
    match trimmed.as_slice() {
        [one] => Ok((*one).clone()),
        [] => anyhow::bail!(
            "没有名为 \"{wanted}\" 的工作表; 工作簿中有: {}",
            shown_names(names)
        ),
        many => anyhow::bail!(
            "没有恰好名为 \"{wanted}\" 的工作表, 去掉首尾空格后相同的有 {} 个: {}; 请写出完整的名称",
            many.len(),
            many.iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The sheets' names for a message, at most a few.
fn shown_names(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut s = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("\"{}\"", n.chars().take(40).collect::<String>()))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" 等 {} 个", names.len()));
    }
    s
}

/// calamine's error in Chinese, its English kept in brackets.
fn unreadable(e: calamine::Error) -> anyhow::Error {
    let english = e.to_string();
    if english.to_ascii_lowercase().contains("password") {
        return anyhow::anyhow!(
            "工作簿有密码保护; 请在 Excel/WPS 中去掉密码另存后重试 ({english})"
        );
    }
    anyhow::anyhow!("不是可读取的工作簿 (xlsx/xls/ods) ({english})")
}

/// Opens a workbook file (its format told by its content, like a workbook
/// on standard input).
pub fn open_file(path: &Path, sheet: Option<&str>) -> anyhow::Result<SheetInput> {
    let file = std::fs::File::open(path).context("无法打开")?;
    let mut bytes = Vec::new();
    file.take(MAX_WORKBOOK_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("无法读取")?;
    open_bytes(bytes, sheet)
}

/// Opens a workbook held in memory, its format told by its content. The
/// file is checked against [`super::limits`] first; a panic of calamine
/// while opening is caught as a last resort.
pub fn open_bytes(bytes: Vec<u8>, sheet: Option<&str>) -> anyhow::Result<SheetInput> {
    if bytes.len() as u64 > MAX_WORKBOOK_BYTES {
        anyhow::bail!(
            "工作簿超过 {} MiB 的上限; 请分成几个文件, 或另存为 CSV",
            MAX_WORKBOOK_BYTES / (1024 * 1024)
        );
    }
    if bytes.starts_with(b"PK\x03\x04") {
        super::zip_guard::check(&bytes).map_err(anyhow::Error::msg)?;
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        super::biff::check(&bytes).map_err(anyhow::Error::msg)?;
    } else {
        let start = String::from_utf8_lossy(bytes.get(..512).unwrap_or(&bytes)).to_lowercase();
        if start.contains("<html") || start.contains("<table") || start.contains("<!doctype") {
            anyhow::bail!(
                "不是真正的工作簿: 这是以 .xls 等扩展名保存的网页 (HTML); 请在 Excel/WPS 中打开后另存为 xlsx 或 CSV"
            );
        }
        anyhow::bail!(
            "不是可读取的工作簿: 内容既不是 xlsx/ods (zip) 也不是 xls (OLE); 若是 CSV, 请把扩展名改为 .csv"
        );
    }
    let opened = std::panic::catch_unwind(|| open_workbook_auto_from_rs(Cursor::new(bytes)))
        .map_err(|_| {
            anyhow::anyhow!(
                "不是可读取的工作簿: 读取程序在文件中遇到无法处理的内容 (文件可能已损坏)"
            )
        })?;
    start(opened.map_err(unreadable)?, sheet)
}

/// Feeds every cell of the sheet, in row order, to `rows`.
fn stream<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    rows: &mut Rows,
) -> Result<(), String> {
    match book {
        Sheets::Xlsx(xlsx) => return stream_xlsx(xlsx, name, rows),
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb
                .worksheet_cells_reader(name)
                .map_err(|e| format!("无法读取工作表 \"{name}\" ({e})"))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| format!("工作表 \"{name}\" 读取中断 ({e})"))?
            {
                let (r, c) = cell.get_position();
                rows.cell(r, c, data_ref_text(cell.get_value(), false))?;
            }
            return Ok(());
        }
        _ => {}
    }
    let range = book
        .worksheet_range(name)
        .map_err(|e| format!("无法读取工作表 \"{name}\" ({e})"))?;
    // Formulas whose value was never computed: empty in `range`.
    let formulas = book
        .worksheet_formula(name)
        .map_err(|e| format!("无法读取工作表 \"{name}\" 的公式 ({e})"))?;
    let mut uncomputed = BTreeMap::new();
    for (r, c, f) in formulas.used_cells() {
        let (r, c) = (
            formulas.start().map_or(0, |s| s.0) + r as u32,
            formulas.start().map_or(0, |s| s.1) + c as u32,
        );
        if !f.is_empty()
            && range
                .get_value((r, c))
                .is_none_or(|v| matches!(v, Data::Empty))
        {
            uncomputed.entry(r).or_insert(c);
        }
    }
    drop(formulas);
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    for (i, row) in range.rows().enumerate() {
        let r = r0 + i as u32;
        if let Some(c) = uncomputed.remove(&r) {
            rows.cell_error(r, c, no_value(r, c))?;
        }
        for (j, value) in row.iter().enumerate() {
            let text = data_text(value);
            if !text.is_empty() {
                rows.cell(r, c0 + j as u32, text)?;
            }
        }
    }
    // Formula rows outside the values' range (every formula uncomputed).
    for (r, c) in uncomputed {
        rows.cell_error(r, c, no_value(r, c))?;
    }
    Ok(())
}

/// The message of a formula cell with no computed value.
fn no_value(r: u32, c: u32) -> String {
    format!(
        "{}: 公式没有计算结果: 请在 Excel/WPS 中打开并保存后重试",
        cell_name(r, c)
    )
}

/// `C5` for row 4, column 2 (0-based).
pub fn cell_name(r: u32, c: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(c) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), u64::from(r) + 1)
}

/// Cells whose value could not be read before the whole sheet is given up.
const MAX_CELL_ERRORS: usize = 10_000;

/// An `.xlsx` sheet, streamed in two passes: the first finds formulas
/// without a computed value, the second gives the cells with their styles.
/// A cell calamine cannot read fails its row; the XML around it goes on.
fn stream_xlsx<RS: Read + Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
    rows: &mut Rows,
) -> Result<(), String> {
    let open_error = |e: calamine::XlsxError| format!("无法读取工作表 \"{name}\" ({e})");
    let mut uncomputed = BTreeMap::new();
    {
        let mut reader = xlsx.worksheet_cells_reader(name).map_err(open_error)?;
        let mut errors = 0;
        loop {
            match reader.next_cell_with_formula() {
                Ok(Some(cell)) => {
                    if cell.formula.is_some() && matches!(cell.value, DataRef::Empty) {
                        uncomputed.entry(cell.pos.0).or_insert(cell.pos.1);
                    }
                }
                Ok(None) => break,
                Err(e) if recoverable(&e) && errors < MAX_CELL_ERRORS => errors += 1,
                // The second pass says what went wrong.
                Err(_) => break,
            }
        }
    }
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(open_error)?;
    let percent: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| is_percent_format(&f.format_code))
        })
        .collect();
    let mut errors = 0;
    let mut pending: Option<String> = None;
    let mut last: Option<(u32, u32)> = None;
    loop {
        match reader.next_cell_with_style_id() {
            Ok(Some((cell, style))) => {
                let (r, c) = cell.get_position();
                if let Some(message) = pending.take() {
                    // The cell that failed lies between the last one read
                    // and this one: in this row if the last was, or if this
                    // row starts right of the header's first column.
                    let row = match last {
                        Some((lr, _)) if lr != r && c <= rows.first_col => lr,
                        _ => r,
                    };
                    rows.cell_error(row, c, message)?;
                }
                if let Some(fc) = uncomputed.remove(&r) {
                    rows.cell_error(r, fc, no_value(r, fc))?;
                }
                let pct = percent.get(style).copied().unwrap_or(false);
                rows.cell(r, c, data_ref_text(cell.get_value(), pct))?;
                last = Some((r, c));
            }
            Ok(None) => break,
            Err(e) if recoverable(&e) && errors < MAX_CELL_ERRORS => {
                errors += 1;
                pending = Some(format!("本行有单元格无法读取 ({e})"));
            }
            Err(e) => {
                let at = last.map_or(String::new(), |(r, c)| {
                    format!(" (最后读到的单元格: {})", cell_name(r, c))
                });
                return Err(format!("工作表 \"{name}\" 读取中断{at} ({e})"));
            }
        }
    }
    if let Some(message) = pending {
        let row = last.map_or(0, |(r, _)| r);
        rows.cell_error(row, rows.first_col, message)?;
    }
    for (r, c) in uncomputed {
        rows.cell_error(r, c, no_value(r, c))?;
    }
    Ok(())
}

/// A cell's value that could not be read, after which the XML goes on; an
/// XML error or an early end stops the sheet.
fn recoverable(e: &calamine::XlsxError) -> bool {
    !matches!(
        e,
        calamine::XlsxError::Xml(_)
            | calamine::XlsxError::XmlAttr(_)
            | calamine::XlsxError::XmlEof(_)
            | calamine::XlsxError::Io(_)
            | calamine::XlsxError::Zip(_)
    )
}

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
const MAX_SHEET_ROWS: u32 = 1_048_576;
const MAX_SHEET_COLS: u32 = 16_384;

/// Columns right of the header a row may reach before it fails instead of
/// being padded out (nearer ones give the CSV path's own message).
const FAR_RIGHT: usize = 64;

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
    /// Why the row being assembled cannot be read (its first such cell).
    row_error: Option<String>,
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
            row_error: None,
        }
    }

    /// A cell of row `r` whose value cannot be read: the row fails with
    /// `message` (the header's row stops the sheet).
    fn cell_error(&mut self, r: u32, c: u32, message: String) -> Result<(), String> {
        self.cell(r, c, String::new())?;
        if self.row_error.is_none() {
            self.row_error = Some(message);
        }
        Ok(())
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
            Some(i) if i as usize >= self.width.saturating_add(FAR_RIGHT) => {
                // Not padded out: a cell at XFD on every row would make
                // 16 KB of empty cells per row.
                if self.row_error.is_none() {
                    self.row_error = Some(format!(
                        "{}: 表头右边很远处有内容 (表头只有{}列); 请删去表头之外的内容",
                        cell_name(r, c),
                        self.width
                    ));
                }
            }
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
        let error = self.row_error.take();
        if self.cells.iter().all(String::is_empty) && self.stray.is_empty() && error.is_none() {
            self.cells.clear();
            return Ok(());
        }
        if !self.header_done
            && let Some(e) = error
        {
            return Err(format!("表头 (第{}行): {e}", u64::from(r) + 1));
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
        if let Some(e) = error {
            mark_row_error(&mut self.out, &e);
        }
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

/// Starts the extra last cell of a record whose row could not be read
/// (bytes no UTF-8 text holds, honoured only for a workbook's rows); the
/// row's message follows.
pub const ROW_ERROR_MARK: &[u8] = b"\xFF\xFE";

/// Puts the row's message, behind [`ROW_ERROR_MARK`], as its last cell.
fn mark_row_error(out: &mut Vec<u8>, message: &str) {
    // Replaces the record's line break.
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    out.extend_from_slice(b",\"");
    out.extend_from_slice(ROW_ERROR_MARK);
    for b in message.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.extend_from_slice(b"\"\n");
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
    use crate::excel_float::cell_decimal;
    use crate::input::cell_text::{date_text, int_text, iso_date_text, number_text};
    use calamine::{ExcelDateTime, ExcelDateTimeType};

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
    fn the_exact_sheet_name_wins_over_a_padded_one() {
        let names: Vec<String> = [" 项目 ", "项目", "项目 "].map(String::from).to_vec();
        assert_eq!(pick_sheet(&names, "项目").unwrap(), "项目");
        assert_eq!(pick_sheet(&names[..1], "项目").unwrap(), " 项目 ");
        let e = pick_sheet(&[names[0].clone(), names[2].clone()], "项目").unwrap_err();
        assert!(e.to_string().contains("有 2 个"), "{e}");
        assert!(
            pick_sheet(&names, "预算")
                .unwrap_err()
                .to_string()
                .contains("没有名为")
        );
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 16_383), "XFD1");
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
