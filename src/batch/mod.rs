//! Many projects at once: a CSV with one project per row in, one result per
//! row out, in input order, in constant memory, over all cores.
//!
//! The header is read and checked first ([`Batch::new`]); then
//! [`Batch::run`] streams the rows through a small pipeline:
//!
//! ```text
//! reader thread ──chunks──▶ worker threads (evaluate, encode) ──▶ caller's thread
//!      ▲                                                          (reorders, writes)
//!      └──────────────── emptied row buffers ◀────────────────────────┘
//! ```
//!
//! Chunks carry a sequence number; the writing thread puts them back in order.
//! Every channel is bounded, so at most a few chunks are in memory whatever the
//! file's length. The pipeline knows no output format: it evaluates what the
//! format's [`RowSink`] needs, hands each row to the sink's encoder on the
//! worker, and the encoded chunks to the sink in order
//! ([`crate::render::row_sink`]).
//!
//! CSV output columns: `row` (1-based data row, header excluded), `project.id`,
//! `status` (`ok`, `out_of_scope`, `error`, `empty` or `example`), `error`, `cash_total`,
//! `cash_total_max`, `annual_savings`, with `--baseline-rules` then
//! `baseline.cash_total` and `diff.cash_total` (the cash total under the rules
//! before a revision, and after − before), one column per monetary rule id (the
//! item's payable amount, lower bound: its `amount` when its status is
//! `applies`, else `0.00`), then `needs_input` (ids of items needing input,
//! `;`-separated), `suspended` (cash held back by suspension, lower bound),
//! `notes` (why the scope gate stopped or doubted the row, `; `-separated;
//! usually empty) and `line` (the line of the input where the row starts,
//! header = line 1: what a spreadsheet shows beside the row). A failed row
//! has `row`, `project.id` (when its cell could be read), `status`, `error`
//! and `line` filled and every other cell empty; an empty row (every cell
//! empty) and an example row (its id starts `示例` or `例:`) likewise have
//! no figures and no error. For a Chinese header the columns and statuses
//! are in Chinese ([`Headers`]).

mod evaluate;
mod header;
mod pool;
mod read;
mod summary;

pub use read::LineLimit;
pub use summary::{QUOTED_ERRORS, QUOTED_EXAMPLES, RowError, RowExample, Summary};

use crate::csv_text::flatten;
use crate::input::limits::MAX_HEADER_COLUMNS;
use crate::project::parse::{Columns, InputErrors, Source};
use crate::render::row_sink::{RowEncoder, RowSink};
use crate::rules::RuleSet;
use anyhow::Context;
use csv::ByteRecord;
use evaluate::RowContext;
use jiff::civil::Date;
use pool::{work, write_in_order};
use read::{Numbering, ends_before_its_newline, read_chunks};
use std::fmt::Write as _;
use std::io::Read;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

/// The language of the CSV output's header and statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Headers {
    /// 中文列名与状态 (成功/错误/空行/示例), 带 BOM (Chinese headers and statuses, with a BOM)
    Zh,
    /// 英文列名与状态键 (row, project.id, status …; ok/error/empty/example) (English keys)
    En,
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Evaluation date for every row; `None`: each row's application date,
    /// else today.
    pub as_of: Option<Date>,
    /// Today's date, read from the clock by the caller.
    pub today: Date,
    /// As `calc --strict`; a row with items needing input is a failed row.
    pub strict: bool,
    /// The CSV's header language; `None`: as the input's header was written
    /// (resolved by [`Batch::new`]).
    pub headers: Option<Headers>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Rows per chunk handed to a worker.
    pub chunk_rows: usize,
}

impl Options {
    /// The default threads and chunks, each row evaluated on its
    /// application date or else `today`.
    pub fn new(today: Date) -> Self {
        Options {
            as_of: None,
            today,
            strict: false,
            headers: None,
            threads: 0,
            chunk_rows: 1024,
        }
    }
}

/// A batch whose header has been read and checked, ready to run.
pub struct Batch<'r, R> {
    rules: &'r RuleSet,
    /// The rules before a revision (`--baseline-rules`): each row is also
    /// evaluated under them, and its output gains their cash total and the
    /// difference.
    baseline: Option<&'r RuleSet>,
    reader: csv::Reader<LineLimit<R>>,
    columns: Columns,
    opts: Options,
    /// The sheet line of the header when the rows are a workbook sheet's
    /// (one record per sheet row); `None` for a CSV, whose records are
    /// numbered by the line where each starts.
    sheet_header_line: Option<Arc<AtomicU64>>,
    /// Lines end in `\r\n`: see [`ends_before_its_newline`].
    crlf: bool,
    /// A title row above the header, skipped.
    skipped_title: Option<String>,
}

impl<'r, R: Read + Send> Batch<'r, R> {
    /// Reads the header of `input` and resolves its columns. An empty input,
    /// a header that is not UTF-8, or one naming no known field is an error
    /// here, before any row is read.
    pub fn new(rules: &'r RuleSet, input: R, opts: Options) -> anyhow::Result<Self> {
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
        if header.len() > MAX_HEADER_COLUMNS {
            anyhow::bail!(
                "表头有 {} 列, 超过上限 {MAX_HEADER_COLUMNS} 列 (电子表格最多这么多列); 第一行应为表头",
                header.len()
            );
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
        let chosen = header::choose(&names, &mut reader, one_line)?;
        let columns = chosen.columns;
        let mut opts = opts;
        if opts.headers.is_none() {
            opts.headers = Some(if columns.written_in_chinese() {
                Headers::Zh
            } else {
                Headers::En
            });
        }
        Ok(Batch {
            rules,
            baseline: None,
            reader,
            columns,
            opts,
            sheet_header_line: None,
            crlf,
            skipped_title: chosen.title,
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

    /// Also evaluates every row under `rules`, the rules before a revision
    /// (`--baseline-rules`): one more evaluation per row, nothing kept.
    pub fn baseline(mut self, rules: &'r RuleSet) -> Self {
        self.baseline = Some(rules);
        self
    }

    /// The text of the title row skipped above the header, if one was.
    pub fn skipped_title(&self) -> Option<&str> {
        self.skipped_title.as_deref()
    }

    /// The language of the CSV output's header and statuses: as asked, or
    /// as the input's header was written.
    pub fn headers(&self) -> Headers {
        self.opts.headers.unwrap_or(Headers::En)
    }

    /// The rules before a revision (`--baseline-rules`), when given.
    pub fn baseline_rules(&self) -> Option<&'r RuleSet> {
        self.baseline
    }

    /// Evaluates every row and writes the results through `sink` in input
    /// order, calling `progress` after each chunk written, then finishes the
    /// sink. Row failures are counted in the summary; an error here (reading
    /// the input, writing the output) stops the run.
    pub fn run<S: RowSink>(
        self,
        mut sink: S,
        mut progress: impl FnMut(&Summary),
    ) -> anyhow::Result<Summary> {
        let threads = match self.opts.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let chunk_rows = self.opts.chunk_rows.max(1);
        let needs = sink.needs();
        let encoder = sink.encoder();
        let mut context = RowContext::new(
            (self.rules, self.baseline),
            &self.columns,
            &self.opts,
            needs,
        );
        context.workbook_rows = self.sheet_header_line.is_some();
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
            let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<
                FinishedChunk<<S::Encoder as RowEncoder>::Chunk>,
            >(threads * 2);
            let (recycle_tx, recycle_rx) = std::sync::mpsc::sync_channel(threads * 4);
            let read =
                s.spawn(move || read_chunks(reader, chunk_rows, numbering, work_tx, recycle_rx));
            for _ in 0..threads {
                let work_rx = Arc::clone(&work_rx);
                let done_tx = done_tx.clone();
                let context = &context;
                let encoder = &encoder;
                s.spawn(move || work(context, encoder, &work_rx, &done_tx));
            }
            drop(work_rx);
            drop(done_tx);
            let written = write_in_order(done_rx, &mut sink, &recycle_tx, &mut progress);
            drop(recycle_tx);
            let read = read
                .join()
                .map_err(|_| anyhow::anyhow!("读取线程意外终止 (bug)"))?;
            let summary = written?;
            let rows_read = read.context("无法读取输入")?;
            if rows_read != summary.rows {
                anyhow::bail!("内部错误 (bug): 读入{rows_read}行, 写出{}行", summary.rows);
            }
            sink.finish()?;
            Ok(summary)
        })
    }
}

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

/// A chunk's encoded output (`T`: the format's [`RowEncoder::Chunk`]).
struct FinishedChunk<T> {
    seq: u64,
    rows: u64,
    output: T,
    errors_total: u64,
    empty_total: u64,
    examples_total: u64,
    out_of_scope_total: u64,
    errors: Vec<RowError>,
    examples: Vec<RowExample>,
    end_byte: u64,
    records: Vec<ByteRecord>,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed "today" (rows without an application date).
    const TODAY: Date = jiff::civil::date(2024, 6, 30);

    /// The CSV output of `batch` (English header) and its summary.
    fn csv_of<R: Read + Send>(rules: &RuleSet, batch: Batch<'_, R>) -> (String, Summary) {
        use crate::render::csv_rows::{CsvRows, NEEDS};
        let rows = CsvRows::new(rules, false, false);
        let mut head = rows.header(rules).join(",").into_bytes();
        head.push(b'\n');
        let mut out = Vec::new();
        let sink = crate::render::row_sink::TextSink::new(&mut out, &head, rows, NEEDS).unwrap();
        let summary = batch.run(sink, |_| {}).unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }

    fn run(input: &str, opts: Options) -> (String, Summary) {
        let rules = crate::rules::load_embedded().unwrap();
        let batch = Batch::new(&rules, input.as_bytes(), opts).unwrap();
        csv_of(&rules, batch)
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
            ..Options::new(TODAY)
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
        let (out, summary) = run("project.id\n", Options::new(TODAY));
        assert_eq!(summary.rows, 0);
        assert!(out.starts_with("row,project.id,status,error,cash_total,"));
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn empty_input_and_unknown_header_are_errors() {
        let rules = crate::rules::load_embedded().unwrap();
        let e = Batch::new(&rules, &b""[..], Options::new(TODAY))
            .err()
            .unwrap();
        assert!(e.to_string().contains("输入为空"), "{e}");
        let e = Batch::new(&rules, &b"land.area_muu\n1\n"[..], Options::new(TODAY))
            .err()
            .unwrap();
        assert!(e.to_string().contains("land.area_mu\""), "{e}");
    }

    #[test]
    fn invalid_utf8_and_ragged_rows_are_row_errors() {
        let rules = crate::rules::load_embedded().unwrap();
        let input = b"project.id,project.name\nA,\xff\xfe\nB\nC,ok\n";
        let batch = Batch::new(&rules, &input[..], Options::new(TODAY)).unwrap();
        let (_, s) = csv_of(&rules, batch);
        assert_eq!((s.rows, s.ok, s.failed), (3, 1, 2));
        assert!(s.first_errors[0].message.contains("project.name"));
        assert!(s.first_errors[0].message.contains("UTF-8"));
        assert!(s.first_errors[1].message.contains("1列"));
    }

    #[test]
    fn messages_fit_on_one_line() {
        assert_eq!(flatten("a\n  - b\r\n"), "a - b");
    }
}
