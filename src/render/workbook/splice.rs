//! The workbook's big sheets spliced into the file rust_xlsxwriter writes:
//! the one place the workbook goes below rust_xlsxwriter.
//!
//! **Why (measured).** Writing the typed rows cell by cell through
//! rust_xlsxwriter's constant-memory worksheets, compressed once at save,
//! was tried (commit 920c4c0, reverted; issue 18 step 4) on 100,000
//! generated rows (`gen_projects 100000`, `batch IN -o OUT.xlsx --as-of
//! 2026-06-01`, release build, 2 shared cores, three runs interleaved,
//! 2026-12-05): wall 4.86 / 6.83 / 6.79 s and user+sys 6.6–6.7 s with this
//! splicing, against wall 18.6 / 19.3 / 20.0 s and user+sys 18.5–19.2 s
//! (and 580–680 MB peak memory against 180–220 MB) for the simple path:
//! about three times as long, where issue 18 allowed 25%. So the workers
//! write each cell's XML ([`super::rows`]), and this file compresses and
//! joins it.
//!
//! **Rows, while the batch runs** ([`Body`]). Each sheet's rows become one
//! raw deflate segment of a temporary file, compressed on their own thread,
//! ended by a sync flush rather than a final block, so that the sheet's head
//! (written at the end, when the column widths are known) and its tail can
//! be compressed separately and the three pieces joined into one zip entry.
//!
//! **The file, at the end** ([`assemble`]). rust_xlsxwriter's workbook,
//! whose big sheets hold only their header row, with each big sheet's
//! streamed rows put in. The zip is written here rather than by the zip
//! crate because a big sheet's entry is joined from pieces compressed at
//! different times. Every other entry is copied as rust_xlsxwriter
//! compressed it. No entry or offset may pass 4 GiB (no ZIP64): a sheet
//! holds at most 1,048,576 rows, far below.

use super::cell_xml::column_name;
use anyhow::{Context, bail};
use flate2::{Compress, Compression, FlushCompress};
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Rows are handed over in buffers of about this size.
const BUFFER_BYTES: usize = 1 << 20;

/// One sheet's rows in the temporary file.
#[derive(Debug, Clone)]
pub struct Segment {
    pub offset: u64,
    pub compressed: u64,
    pub raw: u64,
    pub crc: crc32fast::Hasher,
}

/// The compressed rows of every sheet of a stream.
pub struct Compressed {
    pub file: File,
    pub segments: Vec<Segment>,
}

enum Msg {
    Rows(Vec<u8>),
    EndSheet,
}

/// Rows being written: XML is gathered in `buf` and sent off when full.
pub struct Body {
    pub buf: Vec<u8>,
    tx: Option<SyncSender<Msg>>,
    spare: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<io::Result<Compressed>>>,
}

impl Body {
    pub fn new() -> io::Result<Self> {
        // A full or unwritable TMPDIR: say which directory.
        let file = tempfile::tempfile().map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "无法在临时目录 {} 中创建临时文件 (可用 TMPDIR 指定别的目录)",
                    std::env::temp_dir().display()
                ),
            )
        })?;
        let (tx, rx) = sync_channel(4);
        let (spare_tx, spare) = sync_channel(8);
        let thread = std::thread::Builder::new()
            .name("deflate".into())
            .spawn(move || compress_all(file, &rx, &spare_tx))?;
        Ok(Body {
            buf: Vec::with_capacity(BUFFER_BYTES + 64 * 1024),
            tx: Some(tx),
            spare,
            thread: Some(thread),
        })
    }

    /// Sends the rows gathered so far when the buffer is full.
    pub fn maybe_send(&mut self) -> io::Result<()> {
        if self.buf.len() >= BUFFER_BYTES {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> io::Result<()> {
        let next = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BUFFER_BYTES + 64 * 1024));
        let full = std::mem::replace(&mut self.buf, next);
        self.post(Msg::Rows(full))
    }

    fn post(&mut self, msg: Msg) -> io::Result<()> {
        let sent = self.tx.as_ref().map(|tx| tx.send(msg));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread stopped: its error is returned by `finish`.
            _ => Err(self.stopped()),
        }
    }

    /// Ends the current sheet's segment.
    pub fn end_sheet(&mut self) -> io::Result<()> {
        self.send()?;
        self.post(Msg::EndSheet)
    }

    /// Waits for the thread and returns the segments.
    pub fn finish(mut self) -> io::Result<Compressed> {
        self.tx = None;
        self.join()
    }

    fn join(&mut self) -> io::Result<Compressed> {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(io::Error::other("内部错误 (bug): 压缩线程异常结束")),
        }
    }

    fn stopped(&mut self) -> io::Error {
        self.tx = None;
        match self.join() {
            Err(e) => e,
            Ok(_) => io::Error::other("内部错误 (bug): 压缩线程提前结束"),
        }
    }
}

fn compress_all(
    mut file: File,
    rx: &Receiver<Msg>,
    spare: &SyncSender<Vec<u8>>,
) -> io::Result<Compressed> {
    let mut c = Compress::new(level(), false);
    let mut out = Vec::with_capacity(BUFFER_BYTES);
    let mut segments = Vec::new();
    let mut offset = 0u64;
    let mut crc = crc32fast::Hasher::new();
    for msg in rx {
        match msg {
            Msg::Rows(mut rows) => {
                crc.update(&rows);
                deflate(&mut c, &rows, FlushCompress::None, &mut out)?;
                file.write_all(&out)?;
                out.clear();
                rows.clear();
                let _ = spare.try_send(rows);
            }
            Msg::EndSheet => {
                deflate(&mut c, &[], FlushCompress::Sync, &mut out)?;
                file.write_all(&out)?;
                out.clear();
                let end = offset + c.total_out();
                segments.push(Segment {
                    offset,
                    compressed: c.total_out(),
                    raw: c.total_in(),
                    crc: std::mem::take(&mut crc),
                });
                offset = end;
                c.reset();
            }
        }
    }
    file.flush()?;
    Ok(Compressed { file, segments })
}

/// The workbook's compression: level 1 writes a 100,000-row batch several
/// times faster than the default level 6, for a file about a quarter larger.
pub fn level() -> Compression {
    Compression::new(1)
}

/// Compresses all of `input` into `out` (appended); with a sync flush, also
/// everything pending, ending on a byte boundary without a final block;
/// with `Finish`, the final block.
pub fn deflate(
    c: &mut Compress,
    mut input: &[u8],
    flush: FlushCompress,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    loop {
        if out.capacity() - out.len() < 64 * 1024 {
            out.reserve(256 * 1024);
        }
        let before = c.total_in();
        let status = c
            .compress_vec(input, out, flush)
            .map_err(|e| io::Error::other(format!("压缩失败: {e}")))?;
        let used = usize::try_from(c.total_in() - before).unwrap_or(input.len());
        input = input.get(used..).unwrap_or_default();
        let room_left = out.capacity() > out.len();
        let done = match flush {
            FlushCompress::Finish => status == flate2::Status::StreamEnd,
            _ => input.is_empty() && room_left,
        };
        if done {
            return Ok(());
        }
    }
}

/// A big sheet: its entry in the workbook and where its rows are.
pub struct BigSheet {
    /// `xl/worksheets/sheetN.xml`.
    pub entry: String,
    /// The last row, header included (1-based, as Excel numbers rows).
    pub last_row: u32,
    /// The style index the rows use in each column, which must be the
    /// column's own (the head's `<col style>`).
    pub styles: Vec<u32>,
    /// Which stream's file holds the rows, and where.
    pub stream: usize,
    pub segment: Segment,
}

/// Writes `book` (a workbook as rust_xlsxwriter saved it) to `out` with the
/// big sheets' rows put in.
pub fn assemble<W: Write>(
    book: Vec<u8>,
    big: &[BigSheet],
    streams: &mut [Compressed],
    out: W,
) -> anyhow::Result<()> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(book)).context("内部错误 (bug): 工作簿无法读回")?;
    let mut zip = ZipOut::new(out);
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name()?.to_string();
        match big.iter().find(|b| b.entry == name) {
            Some(sheet) => {
                let mut xml = String::new();
                archive.by_index(i)?.read_to_string(&mut xml)?;
                let file = streams
                    .get_mut(sheet.stream)
                    .context("内部错误 (bug): 工作表的行不存在")?;
                put_big_sheet(&mut zip, &name, &xml, sheet, file)?;
            }
            None => {
                let mut entry = archive.by_index_raw(i)?;
                let method = match entry.compression() {
                    zip::CompressionMethod::Stored => 0,
                    zip::CompressionMethod::Deflated => 8,
                    m => bail!("内部错误 (bug): 工作簿条目 {name} 的压缩方式 {m:?}"),
                };
                let (crc, size) = (entry.crc32(), entry.size());
                let mut data = Vec::new();
                entry.read_to_end(&mut data)?;
                zip.header(&name, method, crc, data.len() as u64, size)?;
                zip.write(&data)?;
            }
        }
    }
    zip.finish()
}

fn put_big_sheet<W: Write>(
    zip: &mut ZipOut<W>,
    name: &str,
    xml: &str,
    sheet: &BigSheet,
    rows: &mut Compressed,
) -> anyhow::Result<()> {
    const END: &str = "</sheetData>";
    let at = xml
        .find(END)
        .with_context(|| format!("内部错误 (bug): {name} 没有 {END}"))?;
    let (head, tail) = xml.split_at(at);
    let head = without_second_row_1(head);
    let head = head.as_str();
    check_styles(head, &sheet.styles).with_context(|| format!("内部错误 (bug): {name}"))?;
    let last_col = u16::try_from(sheet.styles.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let head = with_dimension(
        head,
        &format!("A1:{}{}", column_name(last_col), sheet.last_row),
    )
    .with_context(|| format!("内部错误 (bug): {name} 没有 dimension"))?;

    let mut c = Compress::new(level(), false);
    let mut head_z = Vec::new();
    deflate(&mut c, head.as_bytes(), FlushCompress::Sync, &mut head_z)?;
    let mut c = Compress::new(level(), false);
    let mut tail_z = Vec::new();
    deflate(&mut c, tail.as_bytes(), FlushCompress::Finish, &mut tail_z)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(head.as_bytes());
    crc.combine(&sheet.segment.crc);
    let mut tail_crc = crc32fast::Hasher::new();
    tail_crc.update(tail.as_bytes());
    crc.combine(&tail_crc);

    let seg = &sheet.segment;
    let compressed = head_z.len() as u64 + seg.compressed + tail_z.len() as u64;
    let raw = head.len() as u64 + seg.raw + tail.len() as u64;
    zip.header(name, 8, crc.finalize(), compressed, raw)?;
    zip.write(&head_z)?;
    rows.file.seek(SeekFrom::Start(seg.offset))?;
    let mut part = (&mut rows.file).take(seg.compressed);
    let copied = std::io::copy(&mut part, &mut zip.w)?;
    if copied != seg.compressed {
        bail!("内部错误 (bug): {name} 的行未能全部读回");
    }
    zip.offset += copied;
    zip.write(&tail_z)?;
    Ok(())
}

/// The head without the empty `<row r="1" …/>` that rust_xlsxwriter's
/// constant-memory writer repeats after a header row given a height: a
/// second row 1, which Excel reports as a damaged file.
fn without_second_row_1(head: &str) -> String {
    const SECOND: &str = "</row><row r=\"1\"";
    let Some(at) = head.find(SECOND) else {
        return head.to_string();
    };
    let start = at + "</row>".len();
    match head[start..].find('>') {
        Some(end) if head[start..start + end].ends_with('/') => {
            format!("{}{}", &head[..start], &head[start + end + 1..])
        }
        _ => head.to_string(),
    }
}

/// The head with its `<dimension ref="…"/>` set to `range`.
fn with_dimension(head: &str, range: &str) -> Option<String> {
    const OPEN: &str = "<dimension ref=\"";
    let start = head.find(OPEN)? + OPEN.len();
    let len = head.get(start..)?.find('"')?;
    Some(format!("{}{range}{}", &head[..start], &head[start + len..]))
}

/// Every column's `<col … style="N">` in the head is the style its rows use.
fn check_styles(head: &str, styles: &[u32]) -> anyhow::Result<()> {
    let mut seen = vec![None; styles.len()];
    for col in head.split("<col ").skip(1) {
        let col = col.split('>').next().unwrap_or_default();
        let attr = |key: &str| -> Option<u32> {
            let pat = format!(" {key}=\"");
            let rest = format!(" {col}");
            let v = rest.split(&pat).nth(1)?.split('"').next()?;
            v.parse().ok()
        };
        let (Some(min), Some(max)) = (attr("min"), attr("max")) else {
            bail!("列定义无 min/max: {col}");
        };
        let style = attr("style").unwrap_or(0);
        for c in min..=max {
            if let Some(slot) = usize::try_from(c - 1).ok().and_then(|i| seen.get_mut(i)) {
                *slot = Some(style);
            }
        }
    }
    for (c, (want, got)) in styles.iter().zip(&seen).enumerate() {
        if Some(*want) != *got {
            bail!("第{}列的样式编号为 {got:?}, 行中用的是 {want}", c + 1);
        }
    }
    Ok(())
}

/// A zip file written entry by entry: local headers with their sizes known,
/// then the central directory.
struct ZipOut<W> {
    w: W,
    offset: u64,
    central: Vec<u8>,
    entries: u64,
}

impl<W: Write> ZipOut<W> {
    fn new(w: W) -> Self {
        ZipOut {
            w,
            offset: 0,
            central: Vec::new(),
            entries: 0,
        }
    }

    fn write(&mut self, data: &[u8]) -> anyhow::Result<()> {
        self.w.write_all(data)?;
        self.offset += data.len() as u64;
        Ok(())
    }

    /// Writes an entry's local header; its `compressed` bytes follow.
    fn header(
        &mut self,
        name: &str,
        method: u16,
        crc: u32,
        compressed: u64,
        raw: u64,
    ) -> anyhow::Result<()> {
        let (csize, size, offset) = (zip32(compressed)?, zip32(raw)?, zip32(self.offset)?);
        let name_len = u16::try_from(name.len()).context("内部错误 (bug): 条目名过长")?;
        // Version 2.0, no flags, 1980-01-01 00:00 as rust_xlsxwriter writes.
        let common = |out: &mut Vec<u8>| {
            for v in [20u16, 0, method, 0, 0x21] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, csize, size] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut local);
        local.extend_from_slice(name.as_bytes());

        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes());
        common(c);
        // Comment length, disk, internal and external attributes.
        for v in [0u16, 0, 0] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        c.extend_from_slice(&0u32.to_le_bytes());
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        self.entries += 1;
        self.write(&local)
    }

    fn finish(mut self) -> anyhow::Result<()> {
        let start = zip32(self.offset)?;
        let size = zip32(self.central.len() as u64)?;
        let entries = u16::try_from(self.entries).context("内部错误 (bug): 条目过多")?;
        let central = std::mem::take(&mut self.central);
        self.write(&central)?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, entries, entries] {
            end.extend_from_slice(&v.to_le_bytes());
        }
        end.extend_from_slice(&size.to_le_bytes());
        end.extend_from_slice(&start.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.write(&end)?;
        self.w.flush()?;
        Ok(())
    }
}

/// A size or offset of a zip without ZIP64.
fn zip32(n: u64) -> anyhow::Result<u32> {
    match u32::try_from(n) {
        Ok(v) if v < u32::MAX => Ok(v),
        _ => bail!("工作簿超过 ZIP 的 4 GB 上限; 请分批处理 (拆分输入), 或输出 CSV"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimension_is_replaced() {
        let head = r#"<worksheet><dimension ref="A1:I1"/><sheetViews>"#;
        assert_eq!(
            with_dimension(head, "A1:I99").unwrap(),
            r#"<worksheet><dimension ref="A1:I99"/><sheetViews>"#
        );
    }

    #[test]
    fn a_second_empty_row_1_is_dropped() {
        let head = r#"<sheetData><row r="1" ht="30" customHeight="1"><c r="A1"/></row><row r="1" ht="30" customHeight="1"/>"#;
        assert_eq!(
            without_second_row_1(head),
            r#"<sheetData><row r="1" ht="30" customHeight="1"><c r="A1"/></row>"#
        );
        let plain = r#"<sheetData><row r="1"><c r="A1"/></row>"#;
        assert_eq!(without_second_row_1(plain), plain);
    }

    #[test]
    fn column_styles_are_checked() {
        let head = r#"<cols><col min="1" max="1" width="8" style="1" customWidth="1"/><col min="2" max="3" width="9" style="3" customWidth="1"/></cols>"#;
        assert!(check_styles(head, &[1, 3, 3]).is_ok());
        assert!(check_styles(head, &[1, 3, 4]).is_err());
        assert!(check_styles(head, &[1, 3, 3, 4]).is_err());
    }
}
