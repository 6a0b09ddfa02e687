//! What `batch` reads: a CSV in UTF-8 or GB18030 ([`encoding`]), or a sheet
//! of a workbook ([`workbook`]), either way handed on as UTF-8 CSV text.
//! The kind is decided by the file's extension, else by its first bytes (a
//! zip archive is `.xlsx`/`.ods`, an OLE file `.xls`).

mod biff;
mod cell_text;
pub mod encoding;
pub mod limits;
pub mod workbook;
mod zip_guard;

use anyhow::Context;
use encoding::{Encoding, SNIFF_BYTES};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// Where the input comes from and how to read it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--encoding`: a CSV's encoding instead of detecting it.
    pub encoding: Option<Encoding>,
    /// `--sheet`: the sheet of a workbook (default: the first).
    pub sheet: Option<String>,
}

/// An opened input.
pub struct Input {
    /// UTF-8 CSV text, header first.
    pub reader: Box<dyn Read + Send>,
    /// What was opened, for messages: `GB18030 编码的 CSV`, `工作表 "项目"`.
    pub described: String,
    /// Whether the text is not the file's own bytes (a workbook, or a
    /// CSV decoded from another encoding).
    pub converted: bool,
    /// The line (1-based) of the header in the sheet; 1 for a CSV. Known
    /// once the header has been read.
    pub header_line: Arc<AtomicU64>,
    /// Whether the rows are a workbook sheet's: one record per sheet row, so
    /// a row's sheet line is `header_line + row` (a CSV's records may span
    /// lines instead).
    pub sheet: bool,
}

/// Workbook file extensions (`.et` is WPS's own name for the `.xls` format).
const WORKBOOK_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "et"];

/// Whether `path` names a workbook by its extension.
pub fn is_workbook_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether these first bytes open a zip archive or an OLE compound file.
fn looks_like_workbook(prefix: &[u8]) -> bool {
    prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Opens `path` (`-` for standard input) as UTF-8 CSV text.
pub fn open(path: &Path, opts: &Options) -> anyhow::Result<Input> {
    let stdin = path == Path::new("-");
    let mut source: Box<dyn Read + Send> = if stdin {
        Box::new(std::io::stdin())
    } else {
        if is_workbook_path(path) {
            return open_workbook(workbook::open_file(path, opts.sheet.as_deref())?, opts);
        }
        Box::new(std::fs::File::open(path).context("无法打开")?)
    };
    let prefix = encoding::read_prefix(&mut source, SNIFF_BYTES).context("无法读取")?;
    if looks_like_workbook(&prefix) {
        let mut bytes = prefix;
        source.read_to_end(&mut bytes).context("无法读取")?;
        return open_workbook(workbook::open_bytes(bytes, opts.sheet.as_deref())?, opts);
    }
    if opts.sheet.is_some() {
        anyhow::bail!("--sheet 只用于工作簿 (xlsx/xls/ods), 输入是 CSV");
    }
    if opts.encoding.is_none() && encoding_rs::Encoding::for_bom(&prefix).is_none() {
        encoding::check_one_encoding(&prefix).map_err(anyhow::Error::msg)?;
    }
    let (reader, enc) = encoding::utf8_reader(prefix, source, opts.encoding);
    let converted = enc != encoding_rs::UTF_8;
    Ok(Input {
        reader,
        described: format!("{} 编码的 CSV", encoding::name(enc)),
        converted,
        header_line: Arc::new(AtomicU64::new(1)),
        sheet: false,
    })
}

fn open_workbook(sheet: workbook::SheetInput, opts: &Options) -> anyhow::Result<Input> {
    if opts.encoding.is_some() {
        anyhow::bail!("--encoding 只用于 CSV; 工作簿自带编码");
    }
    Ok(Input {
        described: format!("工作表 \"{}\"", sheet.sheet),
        reader: Box::new(sheet.reader),
        converted: true,
        header_line: sheet.header_line,
        sheet: true,
    })
}
