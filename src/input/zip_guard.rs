//! Checks a zip workbook (`.xlsx`, `.ods`) before calamine sees it: every
//! entry is inflated once through a counting reader (a declared size can
//! lie) and its XML scanned for nesting and element count; an `.ods` sheet's
//! repeated rows and columns are multiplied out as calamine would, so a few
//! bytes asking for billions of cells are refused before any grid exists.

use super::limits::{
    MAX_GRID_CELLS, MAX_SHEET_XML_BYTES, MAX_SHEET_XML_ELEMENTS, MAX_XML_DEPTH, MAX_XML_ELEMENTS,
    MAX_XML_TAG_BYTES, MAX_XML_TEXT_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES,
    MAX_ZIP_TOTAL_BYTES,
};
use std::io::{Cursor, Read};

const MIB: u64 = 1024 * 1024;

/// Refuses a zip workbook that would take unbounded memory or time to read.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("不是可读取的工作簿: zip 结构损坏 ({e})"))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(format!(
            "工作簿中有 {} 个文件, 超过上限 {MAX_ZIP_ENTRIES}",
            zip.len()
        ));
    }
    let mut total = 0u64;
    let mut grid = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("不是可读取的工作簿: zip 中第{}个文件损坏 ({e})", i + 1))?;
        let name = entry
            .name()
            .map_or_else(|_| format!("第{}个文件", i + 1), |n| n.to_string());
        // An .xlsx worksheet is streamed; every other entry is read whole.
        let streamed = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let (max_bytes, max_elements) = if streamed {
            (MAX_SHEET_XML_BYTES, MAX_SHEET_XML_ELEMENTS)
        } else {
            (MAX_ZIP_ENTRY_BYTES, MAX_XML_ELEMENTS)
        };
        if entry.size() > max_bytes {
            return Err(too_big(&name, entry.size(), max_bytes));
        }
        let is_ods_content = name == "content.xml";
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let mut scan = Scan::new(is_ods_content, max_elements);
        let mut buf = vec![0u8; 64 * 1024];
        let mut read = 0u64;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(format!(
                        "不是可读取的工作簿: zip 中的 {name} 无法解压 ({e})"
                    ));
                }
            };
            read += n as u64;
            total += n as u64;
            if read > max_bytes {
                return Err(too_big(&name, read, max_bytes));
            }
            if total > MAX_ZIP_TOTAL_BYTES {
                return Err(format!(
                    "工作簿解压后超过 {} MiB 的上限",
                    MAX_ZIP_TOTAL_BYTES / MIB
                ));
            }
            if xml {
                scan.feed(buf.get(..n).unwrap_or_default())
                    .map_err(|e| format!("工作簿中的 {name}: {e}"))?;
            }
        }
        grid = grid.saturating_add(scan.ods_cells());
        if grid > MAX_GRID_CELLS {
            return Err(format!(
                "工作表{} 太大: 按其中的重复行列数 (number-rows-repeated × number-columns-repeated) 要展开 {} 个以上单元格, 超过上限 {MAX_GRID_CELLS}; 请删去表格末尾的空行空列后另存",
                scan.table_name(),
                grid
            ));
        }
    }
    Ok(())
}

fn too_big(name: &str, size: u64, limit: u64) -> String {
    format!(
        "工作簿中的 {name} 解压后超过 {} MiB 的上限 (至少 {} MiB)",
        limit / MIB,
        size / MIB
    )
}

/// Where the scanner is between tags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    Tag { quote: u8 },
    Comment,
    CData,
    Pi,
}

/// A streaming XML scanner: nesting depth and element count, and for an
/// `.ods` content.xml the cells its sheets would expand to.
struct Scan {
    state: State,
    tag: Vec<u8>,
    depth: u32,
    elements: u64,
    max_elements: u64,
    /// Bytes of the current text, comment or CDATA section.
    text: usize,
    ods: Option<Ods>,
}

/// Counts of an `.ods` content.xml, following calamine's reader: a row is
/// stored up to its last filled cell (columns repeated), then the rows from
/// the first to the last filled one are expanded (rows repeated) to the
/// widest row.
#[derive(Default)]
struct Ods {
    table: String,
    total: u64,
    rows: u64,
    first_filled: Option<u64>,
    last_end: u64,
    widest: u64,
    stored: u64,
    row_repeats: u64,
    width: u64,
    filled_width: u64,
}

impl Ods {
    fn table_cells(&self) -> u64 {
        let span = match self.first_filled {
            Some(first) => self.last_end.saturating_sub(first),
            None => 0,
        };
        span.saturating_mul(self.widest).saturating_add(self.stored)
    }
}

impl Scan {
    fn new(ods: bool, max_elements: u64) -> Self {
        Scan {
            state: State::Text,
            tag: Vec::new(),
            depth: 0,
            elements: 0,
            max_elements,
            text: 0,
            ods: ods.then(Ods::default),
        }
    }

    fn ods_cells(&self) -> u64 {
        self.ods
            .as_ref()
            .map_or(0, |o| o.total.saturating_add(o.table_cells()))
    }

    fn table_name(&self) -> String {
        match &self.ods {
            Some(o) if !o.table.is_empty() => format!(" \"{}\"", o.table),
            _ => String::new(),
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        for &b in bytes {
            if matches!(self.state, State::Text | State::Comment | State::CData) {
                self.text += 1;
                if self.text > MAX_XML_TEXT_BYTES {
                    return Err(format!(
                        "有一段 XML 文字超过 {} MiB, 不像工作簿",
                        MAX_XML_TEXT_BYTES / (1024 * 1024)
                    ));
                }
            } else {
                self.text = 0;
            }
            match self.state {
                State::Text => {
                    if b == b'<' {
                        self.tag.clear();
                        self.state = State::Tag { quote: 0 };
                    }
                }
                State::Tag { quote } => {
                    if quote != 0 {
                        if b == quote {
                            self.state = State::Tag { quote: 0 };
                        }
                        self.push(b)?;
                    } else if b == b'>' {
                        self.state = State::Text;
                        self.tag_done()?;
                    } else {
                        if (b == b'"' || b == b'\'') && self.tag.first() != Some(&b'!') {
                            self.state = State::Tag { quote: b };
                        }
                        self.push(b)?;
                        if self.tag.as_slice() == b"!--" {
                            self.state = State::Comment;
                        } else if self.tag.as_slice() == b"![CDATA[" {
                            self.state = State::CData;
                        } else if self.tag.as_slice() == b"?" {
                            self.state = State::Pi;
                        }
                    }
                }
                State::Comment | State::CData | State::Pi => {
                    let end: &[u8] = match self.state {
                        State::Comment => b"--",
                        State::CData => b"]]",
                        _ => b"?",
                    };
                    if b == b'>' && self.tag.ends_with(end) {
                        self.state = State::Text;
                    }
                    // Only the last two bytes matter here.
                    if self.tag.len() >= 2 {
                        self.tag.remove(0);
                    }
                    self.tag.push(b);
                }
            }
        }
        Ok(())
    }

    fn push(&mut self, b: u8) -> Result<(), String> {
        if self.tag.len() >= MAX_XML_TAG_BYTES {
            return Err(format!(
                "有一个 XML 标签超过 {} KiB, 不像工作簿",
                MAX_XML_TAG_BYTES / 1024
            ));
        }
        self.tag.push(b);
        Ok(())
    }

    fn tag_done(&mut self) -> Result<(), String> {
        let tag = std::mem::take(&mut self.tag);
        if let Some(name) = tag.strip_prefix(b"/") {
            self.depth = self.depth.saturating_sub(1);
            if let Some(ods) = &mut self.ods {
                ods_end(ods, tag_name(name));
            }
        } else if !tag.starts_with(b"!") {
            let closed = tag.ends_with(b"/");
            self.elements += 1;
            if self.elements > self.max_elements {
                return Err(format!(
                    "XML 元素超过 {} 个的上限, 不像工作簿",
                    self.max_elements
                ));
            }
            if !closed {
                self.depth += 1;
                if self.depth > MAX_XML_DEPTH {
                    return Err(format!(
                        "XML 嵌套超过 {MAX_XML_DEPTH} 层 (未闭合的标签?), 不像工作簿"
                    ));
                }
            }
            if let Some(ods) = &mut self.ods {
                ods_start(ods, &tag, closed);
                if closed {
                    ods_end(ods, tag_name(&tag));
                }
            }
        }
        self.tag = tag;
        self.tag.clear();
        Ok(())
    }
}

fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    tag.get(..end).unwrap_or_default()
}

/// The value of attribute `name` in a start tag (no entity decoding: the
/// attributes read here are names and numbers).
fn attr<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut from = 0;
    while let Some(i) = find(tag.get(from..)?, name) {
        let at = from + i;
        let before = at.checked_sub(1).and_then(|j| tag.get(j));
        let rest = tag.get(at + name.len()..)?;
        if before.is_some_and(u8::is_ascii_whitespace)
            && let Some(rest) = rest.strip_prefix(b"=")
            && let Some(&q) = rest.first()
            && (q == b'"' || q == b'\'')
        {
            let value = rest.get(1..)?;
            let end = value.iter().position(|b| *b == q)?;
            return value.get(..end);
        }
        from = at + 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn number(tag: &[u8], name: &[u8]) -> u64 {
    attr(tag, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

fn ods_start(ods: &mut Ods, tag: &[u8], closed: bool) {
    match tag_name(tag) {
        b"table:table" => {
            ods.total = ods.total.saturating_add(ods.table_cells());
            let total = ods.total;
            *ods = Ods {
                total,
                table: attr(tag, b"table:name")
                    .map(|n| String::from_utf8_lossy(n).chars().take(100).collect())
                    .unwrap_or_default(),
                ..Ods::default()
            };
        }
        b"table:table-row" => {
            ods.row_repeats = number(tag, b"table:number-rows-repeated");
            ods.width = 0;
            ods.filled_width = 0;
        }
        b"table:table-cell" | b"table:covered-table-cell" => {
            let repeats = number(tag, b"table:number-columns-repeated");
            ods.width = ods.width.saturating_add(repeats);
            let filled = !closed
                || attr(tag, b"office:value-type").is_some()
                || attr(tag, b"table:formula").is_some();
            if filled {
                ods.filled_width = ods.width;
            }
        }
        _ => {}
    }
}

fn ods_end(ods: &mut Ods, name: &[u8]) {
    if name != b"table:table-row" {
        return;
    }
    let start = ods.rows;
    ods.rows = ods.rows.saturating_add(ods.row_repeats);
    if ods.filled_width > 0 {
        // Each stored once (value and formula), then expanded.
        ods.stored = ods
            .stored
            .saturating_add(ods.filled_width.saturating_mul(2));
        ods.first_filled.get_or_insert(start);
        ods.last_end = ods.rows;
        ods.widest = ods.widest.max(ods.filled_width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str, ods: bool) -> Result<u64, String> {
        let mut s = Scan::new(ods, MAX_XML_ELEMENTS);
        for piece in xml.as_bytes().chunks(3) {
            s.feed(piece)?;
        }
        Ok(s.ods_cells())
    }

    #[test]
    fn nesting_and_comments() {
        assert!(scan("<a><b x='>'/><!-- <c> --><![CDATA[<d>]]></a>", false).is_ok());
        let deep = "<x>".repeat(MAX_XML_DEPTH as usize + 1);
        assert!(scan(&deep, false).unwrap_err().contains("嵌套"));
        let flat = "<x/>".repeat(1000);
        assert!(scan(&flat, false).is_ok());
    }

    #[test]
    fn ods_repeats_multiply_out() {
        let row = |rows: u64, cols: u64| {
            format!(
                "<table:table-row table:number-rows-repeated=\"{rows}\"><table:table-cell table:number-columns-repeated=\"{cols}\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
            )
        };
        let trailing = "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
        let xml = format!(
            "<table:table table:name=\"S\">{}{}{trailing}</table:table>",
            row(1, 3),
            row(9, 2)
        );
        // Rows 1..=10 by 3 columns, plus 3 + 2 stored twice.
        assert_eq!(scan(&xml, true).unwrap(), 30 + 10);
        let xml = format!("<table:table>{}</table:table>", row(6100, 16384));
        assert!(scan(&xml, true).unwrap() > MAX_GRID_CELLS);
    }
}
