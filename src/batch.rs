//! Many projects at once: a CSV with one project per row in, one result per
//! row out, in input order, in constant memory, over all cores.
//!
//! The header is read and checked first ([`Batch::new`]); then
//! [`Batch::run`] streams the rows through a small pipeline:
//!
//! ```text
//! reader thread ──chunks──▶ worker threads (evaluate, format) ──▶ caller's thread
//!      ▲                                                          (reorders, writes)
//!      └──────────────── emptied row buffers ◀────────────────────────┘
//! ```
//!
//! Chunks carry a sequence number; the writing thread puts them back in order.
//! Every channel is bounded, so at most a few chunks are in memory whatever the
//! file's length.
//!
//! CSV output columns: `row` (1-based data row, header excluded), `project.id`,
//! `status` (`ok`, `error` or `empty`), `error`, `cash_total`,
//! `cash_total_max`, `annual_savings`, one column per monetary rule id (the
//! item's payable amount, lower bound: its `amount` when its status is
//! `applies`, else `0.00`), then `needs_input` (ids of items needing input,
//! `;`-separated), `suspended` (cash held back by suspension, lower bound),
//! `notes` (why the scope gate stopped or doubted the row, `; `-separated;
//! usually empty) and `line` (the line of the input where the row starts,
//! header = line 1: what a spreadsheet shows beside the row). A failed row
//! has `row`, `project.id` (when its cell could be read), `status`, `error`
//! and `line` filled and every other cell empty; an empty row (every cell
//! empty) likewise has no figures and no error.

use crate::engine::{self, Status};
use crate::money;
use crate::project::Project;
use crate::project::parse::{Columns, InputErrors, Source};
use crate::report::{Report, Totals};
use crate::rules::RuleSet;
use anyhow::Context;
use csv::ByteRecord;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// What each output row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The CSV columns described in the module documentation.
    #[default]
    #[value(
        help = "每行一个结果: row, project.id, status, error, 合计与各项金额 (one CSV row per project, see the README)"
    )]
    Csv,
    /// One JSON object per line: `row`, `status`, then the full `calc` JSON
    /// (or `error` for a failed row).
    #[value(
        help = "每行一个 JSON: row, line, status 及完整的 calc JSON 或 error (one JSON object per row)"
    )]
    Jsonl,
    /// Long CSV, one line per project × rule ([`crate::output::items`]).
    #[value(help = "每个项目×条款一行的长表 CSV (long CSV, one line per project and rule)")]
    Items,
    /// A workbook ([`crate::output::workbook`]); the batch's output bytes are
    /// its rows ([`crate::output::SheetRow`], one JSON line each), which the
    /// workbook writer turns into sheets.
    #[value(
        help = "工作簿: 结果、逐项、分年、预算及错误工作表 (a workbook with results, items, schedule, budget and errors sheets)"
    )]
    Xlsx,
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// Evaluation date for every row; `None`: each row's application date,
    /// else today.
    pub as_of: Option<Date>,
    /// As `calc --strict`; a row with items needing input is a failed row.
    pub strict: bool,
    /// Write a UTF-8 byte-order mark first (CSV only).
    pub bom: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Rows per chunk handed to a worker.
    pub chunk_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Csv,
            as_of: None,
            strict: false,
            bom: false,
            threads: 0,
            chunk_rows: 1024,
        }
    }
}

/// How many failed rows a summary quotes.
pub const QUOTED_ERRORS: usize = 5;

/// A failed row: its 1-based number, the input line where it starts (header
/// = line 1) and the one-line message of its `error` cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u64,
    pub line: u64,
    pub message: String,
}

/// Counts so far (during a run) or in all (after it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    pub ok: u64,
    pub failed: u64,
    /// Rows whose cells are all empty (status `empty`): neither ok nor failed.
    pub empty: u64,
    /// The first [`QUOTED_ERRORS`] failed rows, in row order.
    pub first_errors: Vec<RowError>,
    /// Input bytes consumed by the rows written so far.
    pub bytes: u64,
}

impl Summary {
    fn add(&mut self, done: &Done) {
        self.rows += done.rows;
        self.failed += done.errors_total;
        self.empty += done.empty_total;
        self.ok = self.rows - self.failed - self.empty;
        self.bytes = done.end_byte;
        let room = QUOTED_ERRORS.saturating_sub(self.first_errors.len());
        self.first_errors
            .extend(done.errors.iter().take(room).cloned());
    }
}

/// Longest stretch of input without a line break: far above any real row
/// (a 10 MB cell is still a row error), low enough that an endless line
/// (`batch /dev/zero`) fails instead of eating memory.
const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Reads the input, failing once a line grows past [`MAX_LINE_BYTES`].
pub struct LineLimit<R> {
    inner: R,
    since_newline: usize,
}

impl<R> LineLimit<R> {
    fn new(inner: R) -> Self {
        LineLimit {
            inner,
            since_newline: 0,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        match got.iter().rposition(|b| *b == b'\n') {
            Some(i) => self.since_newline = n - i - 1,
            None => self.since_newline = self.since_newline.saturating_add(n),
        }
        if self.since_newline > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "输入中有一行超过 {} MiB, 不像 CSV",
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(n)
    }
}

/// A batch whose header has been read and checked, ready to run.
pub struct Batch<'r, R> {
    rules: &'r RuleSet,
    reader: csv::Reader<LineLimit<R>>,
    columns: Columns,
    opts: Options,
    /// The sheet line of the header when the rows are a workbook sheet's
    /// (one record per sheet row); `None` for a CSV, whose records are
    /// numbered by the line where each starts.
    sheet_header_line: Option<Arc<AtomicU64>>,
    /// Lines end in `\r\n`: see [`ends_before_its_newline`].
    crlf: bool,
}

/// Whether the csv reader stopped reading `record` before the `\n` of its
/// `\r\n` terminator (`end` is the reader's position after it). It then
/// counts that `\n` only when reading the next record, whose start position
/// reports the line before: a `\r\n` file (what spreadsheet programs
/// write) numbers every row one line short unless corrected.
fn ends_before_its_newline(record: &ByteRecord, end: &csv::Position) -> bool {
    let Some(start) = record.position() else {
        return false;
    };
    let inside = record.as_slice().iter().filter(|b| **b == b'\n').count() as u64;
    end.line() == start.line() + inside
}

impl<'r, R: Read + Send> Batch<'r, R> {
    /// Reads the header of `input` and resolves its columns. An empty input,
    /// a header that is not UTF-8, or one naming no known field is an error
    /// here, before any row is read.
    pub fn new(rules: &'r RuleSet, input: R, opts: Options) -> anyhow::Result<Self> {
        if opts.bom && !matches!(opts.format, Format::Csv | Format::Items) {
            anyhow::bail!("--bom 只用于 CSV 输出 (not with --format jsonl or xlsx)");
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(64 * 1024)
            .from_reader(LineLimit::new(input));
        let header = reader.byte_headers().context("无法读取表头")?.clone();
        let crlf = ends_before_its_newline(&header, reader.position());
        if header.is_empty() {
            anyhow::bail!("输入为空: 第一行应为表头 (字段路径, 如 project.id,land.area_mu)");
        }
        let mut names = Vec::with_capacity(header.len());
        for (i, cell) in header.iter().enumerate() {
            let text = std::str::from_utf8(cell)
                .map_err(|_| anyhow::anyhow!("表头第{}列不是 UTF-8 文本", i + 1))?;
            // csv strips a byte-order mark itself; this covers one that was not.
            let text = if i == 0 {
                text.trim_start_matches('\u{feff}')
            } else {
                text
            };
            names.push(text);
        }
        let columns = Columns::from_headers(names).map_err(|e| anyhow::anyhow!(one_line(&e)))?;
        Ok(Batch {
            rules,
            reader,
            columns,
            opts,
            sheet_header_line: None,
            crlf,
        })
    }

    /// Numbers rows by sheet line: the rows are a workbook sheet's whose
    /// header is on `header_line` (1-based), one record per sheet row. The
    /// line is read as each chunk is formed: the sheet reader settles it
    /// (empty rows under a header belong to it) before sending the rows.
    pub fn sheet_rows(mut self, header_line: Arc<AtomicU64>) -> Self {
        self.sheet_header_line = Some(header_line);
        self
    }

    /// The output's CSV header.
    pub fn output_header(&self) -> Vec<String> {
        let mut h: Vec<String> = FIXED_COLUMNS.iter().map(|s| s.to_string()).collect();
        h.extend(self.rules.money_ids().into_iter().map(str::to_string));
        h.extend(EXTRA_COLUMNS.iter().map(|s| s.to_string()));
        h
    }

    /// Evaluates every row and writes the results to `out` in input order,
    /// calling `progress` after each chunk written. Row failures are counted
    /// in the summary; an error here (reading the input, writing the output)
    /// stops the run.
    pub fn run<W: Write>(
        self,
        mut out: W,
        mut progress: impl FnMut(&Summary),
    ) -> anyhow::Result<Summary> {
        if self.opts.bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        if self.opts.format == Format::Csv {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(self.output_header())?;
            w.flush()?;
        }
        if self.opts.format == Format::Items {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(crate::output::items::HEADER)?;
            w.flush()?;
        }
        let threads = match self.opts.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let chunk_rows = self.opts.chunk_rows.max(1);
        let shared = Shared::new(self.rules, &self.columns, &self.opts);
        let numbering = match self.sheet_header_line {
            Some(header) => Numbering::Sheet(header),
            None => Numbering::Csv {
                fix: u64::from(self.crlf),
            },
        };
        let reader = self.reader;

        std::thread::scope(|s| {
            let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<Chunk>(threads);
            let work_rx = Arc::new(Mutex::new(work_rx));
            let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Done>(threads * 2);
            let (recycle_tx, recycle_rx) = std::sync::mpsc::sync_channel(threads * 4);
            let read =
                s.spawn(move || read_chunks(reader, chunk_rows, numbering, work_tx, recycle_rx));
            for _ in 0..threads {
                let work_rx = Arc::clone(&work_rx);
                let done_tx = done_tx.clone();
                let shared = &shared;
                s.spawn(move || work(shared, &work_rx, &done_tx));
            }
            drop(work_rx);
            drop(done_tx);
            let written = write_in_order(done_rx, &mut out, &recycle_tx, &mut progress);
            drop(recycle_tx);
            let read = read
                .join()
                .map_err(|_| anyhow::anyhow!("读取线程意外终止 (bug)"))?;
            let summary = written?;
            let rows_read = read.context("无法读取输入")?;
            if rows_read != summary.rows {
                anyhow::bail!("内部错误 (bug): 读入{rows_read}行, 写出{}行", summary.rows);
            }
            out.flush()?;
            Ok(summary)
        })
    }
}

const FIXED_COLUMNS: [&str; 7] = [
    "row",
    "project.id",
    "status",
    "error",
    "cash_total",
    "cash_total_max",
    "annual_savings",
];
const EXTRA_COLUMNS: [&str; 4] = ["needs_input", "suspended", "notes", "line"];

/// Input rows handed to a worker.
struct Chunk {
    seq: u64,
    /// Number of the first row, 1-based.
    first_row: u64,
    records: Vec<ByteRecord>,
    /// Per record, the input line where it starts (header = line 1).
    lines: Vec<u64>,
    /// Input bytes consumed up to the end of this chunk.
    end_byte: u64,
}

/// A chunk's formatted output.
struct Done {
    seq: u64,
    rows: u64,
    bytes: Vec<u8>,
    errors_total: u64,
    empty_total: u64,
    errors: Vec<RowError>,
    end_byte: u64,
    records: Vec<ByteRecord>,
}

/// A row buffer that grew beyond this (a huge cell) is freed, not reused.
const RECYCLE_MAX_BYTES: usize = 64 * 1024;

/// Reads records into chunks until the input ends; returns the rows read.
/// How a row's line is found (see [`Batch::sheet_rows`]).
enum Numbering {
    /// The line where the record starts, corrected for `\r\n` files.
    Csv { fix: u64 },
    /// The header's sheet line plus the row number.
    Sheet(Arc<AtomicU64>),
}

fn read_chunks<R: Read>(
    mut reader: csv::Reader<R>,
    chunk_rows: usize,
    numbering: Numbering,
    work: SyncSender<Chunk>,
    recycle: Receiver<Vec<ByteRecord>>,
) -> csv::Result<u64> {
    let mut seq = 0;
    let mut rows = 0u64;
    loop {
        let mut records = recycle.try_recv().unwrap_or_default();
        records.resize_with(chunk_rows, ByteRecord::new);
        let mut n = 0;
        let mut lines = Vec::with_capacity(chunk_rows);
        while n < chunk_rows && reader.read_byte_record(&mut records[n])? {
            lines.push(match &numbering {
                Numbering::Csv { fix } => records[n].position().map_or(0, |p| p.line() + fix),
                Numbering::Sheet(header) => header
                    .load(Ordering::Relaxed)
                    .saturating_add(rows + n as u64 + 1),
            });
            n += 1;
        }
        records.truncate(n);
        if n == 0 {
            return Ok(rows);
        }
        let chunk = Chunk {
            seq,
            first_row: rows + 1,
            records,
            lines,
            end_byte: reader.position().byte(),
        };
        rows += n as u64;
        seq += 1;
        if work.send(chunk).is_err() {
            // The writer stopped (an output error it reports itself).
            return Ok(rows);
        }
        if n < chunk_rows {
            return Ok(rows);
        }
    }
}

/// Evaluates chunks until there are no more.
fn work(shared: &Shared, work: &Mutex<Receiver<Chunk>>, done: &SyncSender<Done>) {
    loop {
        let next = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(chunk) = next else { return };
        if done.send(shared.chunk(chunk)).is_err() {
            return;
        }
    }
}

/// Writes chunks in sequence order as they arrive; returns the totals.
fn write_in_order<W: Write>(
    done: Receiver<Done>,
    out: &mut W,
    recycle: &SyncSender<Vec<ByteRecord>>,
    progress: &mut impl FnMut(&Summary),
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    for d in done {
        pending.insert(d.seq, d);
        while let Some(mut d) = pending.remove(&next) {
            out.write_all(&d.bytes)?;
            summary.add(&d);
            next += 1;
            d.records
                .retain(|r| r.as_slice().len() <= RECYCLE_MAX_BYTES);
            // A full pool or a finished reader: the buffers are just dropped.
            let _ = recycle.try_send(std::mem::take(&mut d.records));
            progress(&summary);
        }
    }
    if !pending.is_empty() {
        anyhow::bail!("内部错误 (bug): 有计算结果未写出");
    }
    Ok(summary)
}

/// What every worker reads: the rules, columns, options and money columns.
struct Shared<'a> {
    rules: &'a RuleSet,
    columns: &'a Columns,
    format: Format,
    eval: engine::Options,
    /// Per monetary rule id: its id and its index among the report's items.
    money: Vec<(&'a str, Option<usize>)>,
    /// The ids of the item rules, in the order of the items.
    item_ids: Vec<&'a str>,
    /// The column of `project.id`, if the header has one.
    id_column: Option<usize>,
}

/// One row's outcome.
enum RowOutcome {
    /// The full report (JSON lines).
    Ok(Box<Report>),
    /// The amounts only (CSV): the project's id and the items' figures.
    Amounts(Box<(Option<String>, engine::Amounts)>),
    /// The row's message, and its project id when the id cell could be read.
    Failed { message: String, id: Option<String> },
    /// Every cell empty: no project, no figures, no error.
    Empty,
}

impl<'a> Shared<'a> {
    fn new(rules: &'a RuleSet, columns: &'a Columns, opts: &Options) -> Self {
        let item_ids: Vec<&str> = rules.item_rules().map(|r| r.id.as_str()).collect();
        let money = rules
            .money_ids()
            .into_iter()
            .map(|id| (id, item_ids.iter().position(|i| *i == id)))
            .collect();
        Shared {
            rules,
            columns,
            format: opts.format,
            eval: engine::Options {
                as_of: opts.as_of,
                strict: opts.strict,
                // Items and workbooks show every item's reason.
                texts: opts.format != Format::Csv,
            },
            money,
            item_ids,
            id_column: (0..columns.len()).find(|&i| {
                columns
                    .column(i)
                    .is_some_and(|c| c.field == crate::project::F::ProjectId && c.index.is_none())
            }),
        }
    }

    fn chunk(&self, chunk: Chunk) -> Done {
        let mut errors = Vec::new();
        let mut errors_total = 0;
        let mut empty_total = 0;
        let mut line = LineWriter::new(self.format, chunk.records.len() * 256);
        // One project for the chunk's rows, emptied for each: no allocation
        // of its fields' slots per row.
        let mut project = Project::default();
        for (i, record) in chunk.records.iter().enumerate() {
            let row = chunk.first_row + i as u64;
            let input_line = chunk.lines.get(i).copied().unwrap_or(0);
            let outcome = self.row(row, record, &mut project);
            match &outcome {
                RowOutcome::Failed { message, .. } => {
                    errors_total += 1;
                    if errors.len() < QUOTED_ERRORS {
                        errors.push(RowError {
                            row,
                            line: input_line,
                            message: message.clone(),
                        });
                    }
                }
                RowOutcome::Empty => empty_total += 1,
                _ => {}
            }
            line.write(self, (row, input_line), &outcome);
        }
        Done {
            seq: chunk.seq,
            rows: chunk.records.len() as u64,
            bytes: line.finish(),
            errors_total,
            empty_total,
            errors,
            end_byte: chunk.end_byte,
            records: chunk.records,
        }
    }

    /// Parses and evaluates one row; never panics out (a panic in the engine
    /// becomes this row's error).
    fn row(&self, row: u64, record: &ByteRecord, project: &mut Project) -> RowOutcome {
        // A panic may leave `project` half filled: every row empties it first.
        let run = std::panic::AssertUnwindSafe(|| self.row_inner(row, record, project));
        let message = match std::panic::catch_unwind(run) {
            Ok(Ok(outcome)) => return outcome,
            Ok(Err(message)) => message,
            Err(_) => "内部错误 (bug): 计算本行时程序出错".into(),
        };
        RowOutcome::Failed {
            message,
            id: self.id_cell(record),
        }
    }

    /// A failed row's project id: its cell, read as the project file would
    /// read it, when it is there and valid (whatever else is wrong in the row).
    fn id_cell(&self, record: &ByteRecord) -> Option<String> {
        let cell = record.get(self.id_column?)?;
        let text = std::str::from_utf8(cell).ok()?;
        let spec = crate::project::F::ProjectId.spec();
        match crate::project::value::parse_cell(spec, text) {
            Ok(Some(crate::project::value::Value::Text(id))) if !id.is_empty() => Some(id),
            _ => None,
        }
    }

    fn row_inner(
        &self,
        row: u64,
        record: &ByteRecord,
        project: &mut Project,
    ) -> Result<RowOutcome, String> {
        let mut cells = Vec::with_capacity(record.len());
        // One UTF-8 check of the whole row; a cell is then a slice of it (a
        // cell cut inside a character falls back to the checks cell by cell).
        if let Ok(whole) = std::str::from_utf8(record.as_slice()) {
            for i in 0..record.len() {
                match record.range(i).and_then(|r| whole.get(r)) {
                    Some(cell) => cells.push(cell),
                    None => break,
                }
            }
        }
        if cells.len() == record.len() {
            return self.evaluate_row(row, &cells, project);
        }
        cells.clear();
        for (i, cell) in record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(s) => cells.push(s),
                Err(e) => {
                    let name = self
                        .columns
                        .names()
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("第{}列", i + 1));
                    return Err(format!(
                        "{name}: 不是 UTF-8 文本 (第{}字节处无效); 请以 UTF-8 编码保存 CSV",
                        e.valid_up_to() + 1
                    ));
                }
            }
        }
        self.evaluate_row(row, &cells, project)
    }

    /// Parses and evaluates one row's cells.
    fn evaluate_row(
        &self,
        row: u64,
        cells: &[&str],
        project: &mut Project,
    ) -> Result<RowOutcome, String> {
        // A row of empty cells (also with the wrong number of them) is a
        // blank line of the spreadsheet, not a project.
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(RowOutcome::Empty);
        }
        let row_usize = usize::try_from(row).unwrap_or(usize::MAX);
        self.columns
            .project_into(row_usize, cells, project)
            .map_err(|e| one_line(&e))?;
        // Cells the cell parser reads as empty (`-`, `无`) count likewise.
        if project.is_empty() {
            return Ok(RowOutcome::Empty);
        }
        let project = &*project;
        if self.format == Format::Csv {
            let amounts = engine::evaluate_amounts(self.rules, project, self.eval)
                .map_err(|e| flatten(&e.to_string()))?;
            let statuses = amounts.items.iter().map(|(s, _)| *s);
            self.strict_check(statuses)?;
            let id = project
                .text(crate::project::F::ProjectId)
                .map(str::to_string);
            return Ok(RowOutcome::Amounts(Box::new((id, amounts))));
        }
        let mut report = engine::evaluate(self.rules, project, self.eval)
            .map_err(|e| flatten(&e.to_string()))?;
        // The full calc JSON, next tiers included (the items and workbook
        // outputs show none, and searching them re-evaluates the row).
        if self.format == Format::Jsonl {
            engine::next_tier::annotate(self.rules, project, self.eval, &mut report)
                .map_err(|e| flatten(&e.to_string()))?;
        }
        self.strict_check(report.items.iter().map(|i| i.status))?;
        Ok(RowOutcome::Ok(Box::new(report)))
    }

    /// In strict mode a row with items needing input fails; `statuses` are
    /// the items' in item rule order.
    fn strict_check(&self, statuses: impl Iterator<Item = Status>) -> Result<(), String> {
        if !self.eval.strict {
            return Ok(());
        }
        let ids: Vec<&str> = statuses
            .zip(&self.item_ids)
            .filter(|(s, _)| *s == Status::NeedsInput)
            .map(|(_, id)| *id)
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        Err(format!("严格模式: 以下项目需补充信息: {}", ids.join(", ")))
    }
}

/// Formats rows into a chunk's output buffer.
enum LineWriter {
    Csv(Vec<u8>),
    Jsonl(Vec<u8>),
    Items(Vec<u8>),
    Sheet(Vec<u8>),
}

#[derive(Serialize)]
struct JsonOk<'a> {
    row: u64,
    line: u64,
    status: &'static str,
    #[serde(flatten)]
    report: &'a Report,
}

/// A failed row (`error` set) or an empty one (`error` absent).
#[derive(Serialize)]
struct JsonError<'a> {
    row: u64,
    line: u64,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<JsonId<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// `{"id": …}` of a failed row whose id cell could be read.
#[derive(Serialize)]
struct JsonId<'a> {
    id: &'a str,
}

impl<'a> JsonError<'a> {
    fn failed(row: (u64, u64), error: &'a str, id: Option<&'a str>) -> Self {
        JsonError {
            row: row.0,
            line: row.1,
            status: "error",
            project: id.map(|id| JsonId { id }),
            error: Some(error),
        }
    }
}

impl LineWriter {
    fn new(format: Format, capacity: usize) -> Self {
        let buf = Vec::with_capacity(capacity);
        match format {
            Format::Csv => LineWriter::Csv(buf),
            Format::Jsonl => LineWriter::Jsonl(buf),
            Format::Items => LineWriter::Items(buf),
            Format::Xlsx => LineWriter::Sheet(buf),
        }
    }

    /// The formatted bytes.
    fn finish(self) -> Vec<u8> {
        match self {
            LineWriter::Csv(buf)
            | LineWriter::Jsonl(buf)
            | LineWriter::Items(buf)
            | LineWriter::Sheet(buf) => buf,
        }
    }

    /// Appends one row; `row` is (data row, input line).
    fn write(&mut self, shared: &Shared, row: (u64, u64), outcome: &RowOutcome) {
        const BUG: &str = "内部错误 (bug): 无法生成 JSON";
        match self {
            LineWriter::Csv(out) => csv_row(&mut CsvLine::new(out), shared, row, outcome),
            LineWriter::Items(out) => match outcome {
                RowOutcome::Ok(report) => crate::output::items::write_report(out, row.0, report),
                RowOutcome::Failed { message, id } => {
                    crate::output::items::write_failed(out, row.0, id.as_deref(), message)
                }
                RowOutcome::Empty => crate::output::items::write_empty(out, row.0),
                RowOutcome::Amounts(..) => crate::output::items::write_failed(
                    out,
                    row.0,
                    None,
                    "内部错误 (bug): 缺少逐项结果",
                ),
            },
            LineWriter::Sheet(out) => {
                let mut sheet_row = match outcome {
                    RowOutcome::Ok(report) => crate::output::SheetRow::from_report(row.0, report),
                    RowOutcome::Failed { message, id } => {
                        crate::output::SheetRow::failed(row.0, id.as_deref(), message)
                    }
                    RowOutcome::Empty => crate::output::SheetRow::empty(row.0),
                    RowOutcome::Amounts(..) => {
                        crate::output::SheetRow::failed(row.0, None, "内部错误 (bug): 缺少逐项结果")
                    }
                };
                sheet_row.line = row.1;
                sheet_row.write_line(out);
            }
            LineWriter::Jsonl(out) => {
                let written = match outcome {
                    RowOutcome::Ok(report) => serde_json::to_writer(
                        &mut *out,
                        &JsonOk {
                            row: row.0,
                            line: row.1,
                            status: "ok",
                            report,
                        },
                    ),
                    RowOutcome::Failed { message, id } => serde_json::to_writer(
                        &mut *out,
                        &JsonError::failed(row, message, id.as_deref()),
                    ),
                    RowOutcome::Empty => serde_json::to_writer(
                        &mut *out,
                        &JsonError {
                            row: row.0,
                            line: row.1,
                            status: "empty",
                            project: None,
                            error: None,
                        },
                    ),
                    // Only CSV rows are evaluated to amounts alone.
                    RowOutcome::Amounts(..) => {
                        serde_json::to_writer(&mut *out, &JsonError::failed(row, BUG, None))
                    }
                };
                if written.is_err() {
                    // Serializing plain data into memory does not fail; if it
                    // ever did, the row still gets its line.
                    let _ = serde_json::to_writer(&mut *out, &JsonError::failed(row, BUG, None));
                }
                out.push(b'\n');
            }
        }
    }
}

/// One CSV record being appended to a buffer, written byte for byte as the
/// csv crate writes it (fields quoted only when they hold `,` `"` CR or LF,
/// quotes doubled, `\n` at the end). Written by hand because a million rows
/// have 25 million money cells, which never need quoting.
struct CsvLine<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> CsvLine<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        CsvLine { out, first: true }
    }

    fn separator(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    /// Any text, quoted when it must be.
    fn text(&mut self, s: &str) {
        self.separator();
        if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            self.out.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    self.out.push(b'"');
                }
                self.out.push(b);
            }
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(s.as_bytes());
        }
    }

    fn number(&mut self, n: u64) {
        self.separator();
        push_digits(self.out, n);
    }

    fn yuan(&mut self, d: Decimal) {
        self.separator();
        write_yuan(self.out, d);
    }

    fn end(&mut self) {
        self.out.push(b'\n');
    }
}

/// One output row; `row` is (data row, input line).
fn csv_row(w: &mut CsvLine, shared: &Shared, (row, line): (u64, u64), outcome: &RowOutcome) {
    w.number(row);
    // The figures' cells (between `error` and `line`) of a row without figures.
    let blank = FIXED_COLUMNS.len() - 4 + shared.money.len() + EXTRA_COLUMNS.len() - 1;
    match outcome {
        RowOutcome::Failed { message, id } => {
            w.text(id.as_deref().unwrap_or(""));
            w.text("error");
            w.text(message);
            for _ in 0..blank {
                w.text("");
            }
        }
        RowOutcome::Empty => {
            w.text("");
            w.text("empty");
            w.text("");
            for _ in 0..blank {
                w.text("");
            }
        }
        RowOutcome::Ok(report) => {
            let items: Vec<(Status, Decimal)> =
                report.items.iter().map(|i| (i.status, i.amount)).collect();
            let id = report.project.id.as_deref();
            let notes: Vec<String> = report
                .gates
                .iter()
                .filter(|g| matches!(g.status, "failed" | "needs_input"))
                .map(|g| g.detail.clone())
                .collect();
            csv_ok(w, shared, id, &report.totals, &items, &notes);
        }
        RowOutcome::Amounts(row) => {
            let (id, a) = &**row;
            csv_ok(w, shared, id.as_deref(), &a.totals, &a.items, &a.notes);
        }
    }
    w.number(line);
    w.end();
}

/// The cells of a computed row after `row`; `items` are (status, amount) in
/// item rule order.
fn csv_ok(
    w: &mut CsvLine,
    shared: &Shared,
    id: Option<&str>,
    t: &Totals,
    items: &[(Status, Decimal)],
    notes: &[String],
) {
    w.text(id.unwrap_or(""));
    w.text("ok");
    w.text("");
    w.yuan(t.cash_total);
    w.yuan(t.cash_total_max);
    w.yuan(t.annual_savings);
    for (_, index) in &shared.money {
        let payable = match index.and_then(|i| items.get(i)) {
            Some((Status::Applies, amount)) => *amount,
            _ => Decimal::ZERO,
        };
        w.yuan(payable);
    }
    // Allocates only for a row that needs input.
    let mut needs = String::new();
    for ((status, _), id) in items.iter().zip(&shared.item_ids) {
        if *status == Status::NeedsInput {
            if !needs.is_empty() {
                needs.push(';');
            }
            needs.push_str(id);
        }
    }
    w.text(&needs);
    w.yuan(t.suspended);
    w.text(&flatten(&notes.join("; ")));
}

/// Money as [`money::fixed2`] writes it (`"1500.00"`), appended to `out`
/// without the formatting machinery.
fn write_yuan(out: &mut Vec<u8>, d: Decimal) {
    // Rounded to the fen, the scale is at most 2: scale the mantissa to cents.
    let r = money::round_yuan(d);
    let cents = 2u32
        .checked_sub(r.scale())
        .and_then(|up| r.mantissa().unsigned_abs().checked_mul(10u128.pow(up)))
        .and_then(|c| u64::try_from(c).ok());
    match cents {
        Some(abs) => {
            if r.is_sign_negative() {
                out.push(b'-');
            }
            // Every amount of the row has a fen part: two digits after `.`.
            let cents = abs % 100;
            push_digits(out, abs / 100);
            out.extend_from_slice(&[b'.', b'0' + (cents / 10) as u8, b'0' + (cents % 10) as u8]);
        }
        None => out.extend_from_slice(money::fixed2(d).as_bytes()),
    }
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Every mistake of a row on one line, each naming its column.
fn one_line(errors: &InputErrors) -> String {
    let mut s = String::new();
    for (i, e) in errors.0.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        // The row number has its own column; keep the field and message.
        if matches!(e.source, Source::Row(_) | Source::Project) {
            if e.field.is_empty() {
                s.push_str(&e.message);
            } else {
                let _ = write!(s, "{}: {}", e.field, e.message);
            }
        } else {
            let _ = write!(s, "{e}");
        }
    }
    flatten(&s)
}

/// A message with its line breaks turned into spaces, for a single cell.
fn flatten(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.split(['\n', '\r'])
            .filter(|p| !p.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, opts: Options) -> (String, Summary) {
        let rules = crate::rules::load_embedded().unwrap();
        let batch = Batch::new(&rules, input.as_bytes(), opts).unwrap();
        let mut out = Vec::new();
        let summary = batch.run(&mut out, |_| {}).unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }

    #[test]
    fn order_is_kept_across_chunks_and_threads() {
        let mut input = String::from("project.id,land.area_mu\n");
        for i in 0..1000 {
            if i % 7 == 3 {
                input.push_str(&format!("P{i},abc\n"));
            } else {
                input.push_str(&format!("P{i},{}\n", i + 1));
            }
        }
        let opts = Options {
            chunk_rows: 16,
            threads: 3,
            ..Options::default()
        };
        let (out, summary) = run(&input, opts);
        assert_eq!(summary.rows, 1000);
        assert_eq!(
            summary.failed,
            (0..1000).filter(|i| i % 7 == 3).count() as u64
        );
        assert_eq!(summary.first_errors.len(), QUOTED_ERRORS);
        assert_eq!(summary.first_errors[0].row, 4);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.unwrap();
            assert_eq!(rec[0], (i + 1).to_string());
            if i % 7 == 3 {
                assert_eq!(&rec[2], "error");
                assert!(rec[3].contains("land.area_mu"), "{}", &rec[3]);
                assert_eq!(rec[1], format!("P{i}"));
            } else {
                assert_eq!(rec[1], format!("P{i}"));
                assert_eq!(&rec[2], "ok");
            }
        }
    }

    #[test]
    fn header_only_gives_header_only() {
        let (out, summary) = run("project.id\n", Options::default());
        assert_eq!(summary.rows, 0);
        assert!(out.starts_with("row,project.id,status,error,cash_total,"));
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn empty_input_and_unknown_header_are_errors() {
        let rules = crate::rules::load_embedded().unwrap();
        let e = Batch::new(&rules, &b""[..], Options::default())
            .err()
            .unwrap();
        assert!(e.to_string().contains("输入为空"), "{e}");
        let e = Batch::new(&rules, &b"land.area_muu\n1\n"[..], Options::default())
            .err()
            .unwrap();
        assert!(e.to_string().contains("land.area_mu\""), "{e}");
    }

    #[test]
    fn invalid_utf8_and_ragged_rows_are_row_errors() {
        let rules = crate::rules::load_embedded().unwrap();
        let input = b"project.id,project.name\nA,\xff\xfe\nB\nC,ok\n";
        let batch = Batch::new(&rules, &input[..], Options::default()).unwrap();
        let mut out = Vec::new();
        let s = batch.run(&mut out, |_| {}).unwrap();
        assert_eq!((s.rows, s.ok, s.failed), (3, 1, 2));
        assert!(s.first_errors[0].message.contains("project.name"));
        assert!(s.first_errors[0].message.contains("UTF-8"));
        assert!(s.first_errors[1].message.contains("1列"));
    }

    #[test]
    fn yuan_matches_fixed2() {
        for d in [
            Decimal::ZERO,
            Decimal::new(12_345, 3),
            Decimal::new(-5, 3),
            Decimal::new(-4, 3),
            Decimal::new(7, 0),
            Decimal::new(1_000_000_000_000_000, 0),
            Decimal::MAX,
        ] {
            let mut s = Vec::new();
            write_yuan(&mut s, d);
            assert_eq!(String::from_utf8(s).unwrap(), money::fixed2(d), "{d}");
        }
        for n in [0, 7, 10, u64::MAX] {
            let mut s = Vec::new();
            push_digits(&mut s, n);
            assert_eq!(String::from_utf8(s).unwrap(), n.to_string());
        }
    }

    #[test]
    fn csv_lines_quote_as_the_csv_crate_does() {
        let cells = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "中文",
            " x ",
        ];
        let mut ours = Vec::new();
        let mut line = CsvLine::new(&mut ours);
        for c in cells {
            line.text(c);
        }
        line.end();
        let mut theirs = csv::Writer::from_writer(Vec::new());
        theirs.write_record(cells).unwrap();
        assert_eq!(ours, theirs.into_inner().unwrap());
    }

    #[test]
    fn messages_fit_on_one_line() {
        assert_eq!(flatten("a\n  - b\r\n"), "a - b");
    }
}
