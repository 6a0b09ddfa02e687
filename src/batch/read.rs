//! Reading the input: a guard against endless lines, the line each record
//! starts on, and the reader thread that cuts the records into chunks.

use super::Chunk;
use csv::ByteRecord;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

/// Longest stretch of input without a line break: far above any real row
/// (a 10 MB cell is still a row error), low enough that an endless line
/// (`batch /dev/zero`) fails instead of eating memory.
const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Reads the input, failing once a line grows past [`MAX_LINE_BYTES`], or
/// a quoted cell runs that long or to the end of the input (an unclosed
/// quote would swallow every row after it): the message names the line
/// where the quote opened.
pub struct LineLimit<R> {
    inner: R,
    since_newline: usize,
    /// Lines seen so far (1-based line of the next byte).
    line: u64,
    quote: Quote,
    /// Where the open quote started, and the bytes inside it so far.
    quote_line: u64,
    quoted_bytes: usize,
}

/// Where the CSV scanner is: a quote opens a cell only at its start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    CellStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted cell: closing, or the first of `""`.
    ClosingOrDoubled,
}

impl<R> LineLimit<R> {
    pub(super) fn new(inner: R) -> Self {
        LineLimit {
            inner,
            since_newline: 0,
            line: 1,
            quote: Quote::CellStart,
            quote_line: 0,
            quoted_bytes: 0,
        }
    }

    /// Follows the quotes and counts the lines of `bytes`. Between quotes
    /// the state changes only at cell and line ends, so each run up to the
    /// next quote is taken whole (found and counted with `memchr`); only the
    /// quotes themselves go through [`LineLimit::scan_each`].
    fn scan(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let n = memchr::memchr(b'"', bytes).unwrap_or(bytes.len());
            let (run, rest) = bytes.split_at(n);
            if let Some(&last) = run.last() {
                self.line += memchr::memchr_iter(b'\n', run).count() as u64;
                if self.quote == Quote::Quoted {
                    self.quoted_bytes += run.len();
                } else {
                    // What the byte scan ends in for bytes without quotes.
                    self.quote = match last {
                        b',' | b'\n' | b'\r' => Quote::CellStart,
                        _ => Quote::Unquoted,
                    };
                }
            }
            let (quote, rest) = rest.split_at(rest.len().min(1));
            self.scan_each(quote);
            bytes = rest;
        }
    }

    /// [`LineLimit::scan`] a byte at a time.
    fn scan_each(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.quote = match (self.quote, b) {
                (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
                (Quote::Quoted, _) => Quote::Quoted,
                (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
                (Quote::CellStart, b'"') => {
                    self.quote_line = self.line;
                    self.quoted_bytes = 0;
                    Quote::Quoted
                }
                (_, b',' | b'\n' | b'\r') => Quote::CellStart,
                _ => Quote::Unquoted,
            };
            if self.quote == Quote::Quoted {
                self.quoted_bytes += 1;
            }
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    fn unclosed(&self, why: &str) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "第{}行的引号 (\") 没有闭合: {why}; 请检查该行的引号",
                self.quote_line
            ),
        )
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        if n == 0 && self.quote == Quote::Quoted {
            return Err(self.unclosed("直到文件末尾"));
        }
        self.scan(got);
        if self.quote == Quote::Quoted && self.quoted_bytes > MAX_LINE_BYTES {
            return Err(self.unclosed(&format!(
                "引号内的内容超过 {} MiB",
                MAX_LINE_BYTES / (1024 * 1024)
            )));
        }
        match got.iter().rposition(|b| *b == b'\n') {
            Some(i) => self.since_newline = n - i - 1,
            None => self.since_newline = self.since_newline.saturating_add(n),
        }
        if self.since_newline > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "输入第{}行超过 {} MiB, 不像 CSV",
                    self.line,
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(n)
    }
}

/// Whether the csv reader stopped reading `record` before the `\n` of its
/// `\r\n` terminator (`end` is the reader's position after it). It then
/// counts that `\n` only when reading the next record, whose start position
/// reports the line before: a `\r\n` file (what spreadsheet programs
/// write) numbers every row one line short unless corrected.
pub(super) fn ends_before_its_newline(record: &ByteRecord, end: &csv::Position) -> bool {
    let Some(start) = record.position() else {
        return false;
    };
    let inside = record.as_slice().iter().filter(|b| **b == b'\n').count() as u64;
    end.line() == start.line() + inside
}

/// How a row's line is found (see [`Batch::sheet_rows`](super::Batch::sheet_rows)).
pub(super) enum Numbering {
    /// The line where the record starts, corrected for `\r\n` files.
    Csv { fix: u64 },
    /// The header's sheet line plus the row number.
    Sheet(Arc<AtomicU64>),
}

/// How long the reader waits for a chunk's records to come back before it
/// makes new ones.
const RECYCLE_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// Reads records into chunks until the input ends; returns the rows read.
pub(super) fn read_chunks<R: Read>(
    mut reader: csv::Reader<R>,
    chunk_rows: usize,
    numbering: Numbering,
    work: SyncSender<Chunk>,
    recycle: Receiver<Vec<ByteRecord>>,
) -> csv::Result<u64> {
    let mut seq = 0;
    let mut rows = 0u64;
    // Chunks' records made before the reader waits for used ones to come
    // back (enough to keep every worker busy): without a bound the reader,
    // faster than the workers, found none back and made new records for
    // most chunks, fresh memory for every row. The wait is bounded, so that
    // records let go on the way back (or a writer gone) cost only new ones.
    let most = std::thread::available_parallelism().map_or(1, |n| n.get()) * 4 + 2;
    let mut made = 0;
    loop {
        let used = match recycle.try_recv() {
            Ok(used) => Some(used),
            Err(_) if made < most => None,
            Err(_) => recycle.recv_timeout(RECYCLE_WAIT).ok(),
        };
        let mut records = used.unwrap_or_else(|| {
            made += 1;
            Vec::new()
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        LineLimit::new(input).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn quotes_are_followed_as_the_csv_reader_reads_them() {
        // A quote inside an unquoted cell is a character; `""` is one quote.
        assert!(read_all(b"a,5\"6,b\n\"x\"\"y\",\"multi\nline\"\n").is_ok());
        let e = read_all(b"a,b\nc,d\ne,\"open\nf,g\n").unwrap_err();
        assert!(e.to_string().contains("第3行的引号"), "{e}");
        let e = read_all(b"\"a\r\n\"\"b\r\n").unwrap_err();
        assert!(e.to_string().contains("第1行"), "{e}");
    }

    /// The scan by runs between quotes ends in the state, lines and quoted
    /// bytes of the byte-at-a-time scan, wherever the reads are cut.
    #[test]
    fn the_scan_by_runs_ends_as_the_byte_scan() {
        let text = b"a,\"b\"\"c\",d\r\n\"x\ny\",,z\n1,2,3\n,\n\"\"\n\"q\"w,e\r\n";
        for cut in 0..text.len() {
            for second in cut..text.len() {
                let mut fast = LineLimit::new(&b""[..]);
                let mut slow = LineLimit::new(&b""[..]);
                for part in [&text[..cut], &text[cut..second], &text[second..]] {
                    fast.scan(part);
                    slow.scan_each(part);
                    assert!(
                        fast.quote == slow.quote
                            && fast.line == slow.line
                            && fast.quoted_bytes == slow.quoted_bytes
                            && fast.quote_line == slow.quote_line,
                        "cut at {cut} and {second}"
                    );
                }
            }
        }
    }
}
