//! The worker threads and the writing thread: chunks are evaluated in any
//! order and written back in input order, their row buffers recycled.

use super::evaluate::RowContext;
use super::{Chunk, FinishedChunk, Summary};
use csv::ByteRecord;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender};

/// A row buffer that grew beyond this (a huge cell) is freed, not reused.
const RECYCLE_MAX_BYTES: usize = 64 * 1024;

/// Evaluates chunks until there are no more.
pub(super) fn work(
    context: &RowContext,
    work: &Mutex<Receiver<Chunk>>,
    done: &SyncSender<FinishedChunk>,
) {
    loop {
        let next = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(chunk) = next else { return };
        if done.send(context.chunk(chunk)).is_err() {
            return;
        }
    }
}

/// Writes chunks in sequence order as they arrive; returns the totals.
pub(super) fn write_in_order<W: Write>(
    done: Receiver<FinishedChunk>,
    out: &mut W,
    recycle: &SyncSender<Vec<ByteRecord>>,
    progress: &mut impl FnMut(&Summary),
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    let mut pending: BTreeMap<u64, FinishedChunk> = BTreeMap::new();
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
