//! A big sheet's rows, compressed on their own thread while the batch runs.
//!
//! Each sheet's rows become one raw deflate segment of a temporary file,
//! ended by a sync flush rather than a final block, so that the sheet's head
//! (written at the end, when the column widths are known) and its tail can
//! be compressed separately and the three pieces joined into one zip entry
//! ([`super::package`]). Compressing here, beside the workers, keeps the
//! writing thread from doing it all at the end.

use flate2::{Compress, Compression, FlushCompress};
use std::fs::File;
use std::io::{self, Write};
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
