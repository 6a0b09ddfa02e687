//! Where output formats are picked: `--format` and the extension of `-o`
//! for `calc` and `batch`, and the [`RowSink`] that writes each batch format.
//! A new batch format is its renderer in `render/` (implementing
//! `RowSink`), and here a variant of [`BatchFormat`] and its arm in
//! [`run_batch`] (and its extension in [`batch_format`] if `-o` should pick it).

use super::NAME;
use crate::batch::{Batch, Headers, Summary};
use crate::render::row_sink::TextSink;
use crate::render::workbook::WorkbookSink;
use crate::render::{csv_rows, items, json_lines};
use crate::rules::RuleSet;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// `batch`'s formats: `--format`'s values (the CLI contract), each written
/// by its [`crate::render::row_sink::RowSink`] (see [`run_batch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BatchFormat {
    /// The CSV columns described in [`crate::batch`]'s documentation.
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
    /// Long CSV, one line per project × rule ([`crate::render::items`]).
    #[value(help = "每个项目×条款一行的长表 CSV (long CSV, one line per project and rule)")]
    Items,
    /// A workbook ([`crate::render::workbook`]).
    #[value(
        help = "工作簿: 结果、逐项、分年、预算及错误工作表 (a workbook with results, items, schedule, budget and errors sheets)"
    )]
    Xlsx,
}

/// `calc`'s formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalcFormat {
    /// 表格, 给人看 (tables for people)
    Table,
    /// JSON, 给脚本用 (JSON for scripts, see the README)
    Json,
    /// Word 文档 (.docx), 可打印签字的测算报告 (a printable report to sign and attach)
    Docx,
}

/// `calc`'s format: `--format`, else docx for `-o X.docx`, json for `-o
/// X.json`, else table.
pub fn calc_format(format: Option<CalcFormat>, output: Option<&Path>) -> CalcFormat {
    match (format, output) {
        (Some(f), _) => f,
        (None, Some(o)) if has_extension(o, "docx") => CalcFormat::Docx,
        (None, Some(o)) if has_extension(o, "json") => CalcFormat::Json,
        _ => CalcFormat::Table,
    }
}

/// The refusal of `calc -o NAME` whose extension names no format calc
/// writes (`-o 结果.xlsx` would put table text under a workbook's name).
pub fn calc_refusal(format: Option<CalcFormat>, output: Option<&Path>) -> Option<String> {
    let o = output?;
    if format.is_some()
        || ["docx", "json", "txt"].iter().any(|e| has_extension(o, e))
        || o.starts_with("/dev")
    {
        return None;
    }
    Some(format!(
        "-o {}: 无法按扩展名确定输出格式; calc 可写: .docx (测算报告)、.json、.txt (表格文本), \
         或用 --format table|json|docx 指明; 工作簿与 CSV 请用 batch",
        o.display()
    ))
}

pub fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// `batch`'s format: `--format`, else by the extension of `-o`, else CSV;
/// `Err` with the usage message for an output whose extension names none.
pub fn batch_format(
    format: Option<BatchFormat>,
    output: Option<&Path>,
) -> Result<BatchFormat, String> {
    let o = match (format, output) {
        (Some(f), _) => return Ok(f),
        (None, None) => return Ok(BatchFormat::Csv),
        (None, Some(o)) => o,
    };
    let ext = o
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(BatchFormat::Csv),
        Some("jsonl") => Ok(BatchFormat::Jsonl),
        Some("xlsx") => Ok(BatchFormat::Xlsx),
        // A device or pipe (`/dev/stdout`, even when it is a file
        // underneath) has no name to mislead.
        _ if o.starts_with("/dev") || std::fs::metadata(o).is_ok_and(|m| !m.is_file()) => {
            Ok(BatchFormat::Csv)
        }
        // Nothing is read or written: a workbook's name on CSV text would
        // open as garbage, or not at all.
        _ => Err(format!(
            "{NAME}: 用法错误 (usage): -o {}: 无法按扩展名确定输出格式; \
             可写的格式: .csv、.jsonl、.xlsx (或用 --format csv|jsonl|items|xlsx 指明); \
             不能写 .xls、.ods、.et",
            o.display()
        )),
    }
}

/// Options a format refuses, checked before the input is read.
pub fn batch_refusal(format: BatchFormat, bom: bool) -> Option<&'static str> {
    (bom && !matches!(format, BatchFormat::Csv | BatchFormat::Items))
        .then_some("--bom 只用于 CSV 输出 (not with --format jsonl or xlsx)")
}

/// A binary format, which is not written to a terminal.
pub fn batch_is_binary(format: BatchFormat) -> bool {
    format == BatchFormat::Xlsx
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Runs `batch` with the sink of `format` writing to `out`. `bom` as
/// `--bom`; `header_line` is the input's header line as the reader settles
/// it (the workbook numbers rows of unknown line from it).
pub fn run_batch<R: Read + Send, W: Write>(
    format: BatchFormat,
    batch: Batch<'_, R>,
    (rules, bom): (&RuleSet, bool),
    out: W,
    header_line: Arc<AtomicU64>,
    progress: impl FnMut(&Summary),
) -> anyhow::Result<Summary> {
    let baseline = batch.baseline_rules();
    let zh = batch.headers() == Headers::Zh;
    let mut head = Vec::new();
    match format {
        BatchFormat::Csv => {
            let rows = csv_rows::CsvRows::new(rules, baseline.is_some(), zh);
            // A spreadsheet opens a Chinese CSV right only with a byte-order mark.
            if bom || zh {
                head.extend_from_slice(BOM);
            }
            csv_line(&mut head, rows.header(rules))?;
            batch.run(TextSink::new(out, &head, rows, csv_rows::NEEDS)?, progress)
        }
        BatchFormat::Jsonl => {
            let sink = TextSink::new(out, &head, json_lines::JsonLines, json_lines::NEEDS)?;
            batch.run(sink, progress)
        }
        BatchFormat::Items => {
            let rows = items::ItemRows::new(rules, baseline);
            if bom {
                head.extend_from_slice(BOM);
            }
            csv_line(&mut head, rows.header())?;
            batch.run(TextSink::new(out, &head, rows, items::NEEDS)?, progress)
        }
        BatchFormat::Xlsx => {
            let sink = WorkbookSink::new(rules, baseline.is_some(), out, header_line)?;
            batch.run(sink, progress)
        }
    }
}

/// A header line as the csv crate writes it.
fn csv_line<I, T>(out: &mut Vec<u8>, cells: I) -> anyhow::Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(out);
    w.write_record(cells)?;
    w.flush()?;
    Ok(())
}
