//! The worker threads and the writing thread: chunks are evaluated and
//! encoded in any order and handed to the sink in input order, their row
//! buffers recycled.

use super::evaluate::RowContext;
use super::{Chunk, FinishedChunk, Summary};
use crate::render::row_sink::{RowEncoder, RowSink};
use csv::ByteRecord;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender};

/// A row buffer that grew beyond this (a huge cell) is freed, not reused.
const RECYCLE_MAX_BYTES: usize = 64 * 1024;

/// Evaluates chunks until there are no more.
pub(super) fn work<E: RowEncoder>(
    context: &RowContext,
    encoder: &E,
    work: &Mutex<Receiver<Chunk>>,
    done: &SyncSender<FinishedChunk<E::Chunk>>,
) {
    loop {
        let next = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(chunk) = next else { return };
        if done.send(context.chunk(encoder, chunk)).is_err() {
            return;
        }
    }
}

/// Hands chunks to the sink in sequence order as they arrive; returns the
/// totals.
pub(super) fn write_in_order<S: RowSink>(
    done: Receiver<FinishedChunk<<S::Encoder as RowEncoder>::Chunk>>,
    sink: &mut S,
    recycle: &SyncSender<Vec<ByteRecord>>,
    progress: &mut impl FnMut(&Summary),
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    let mut pending = BTreeMap::new();
    let mut next = 0u64;
    for d in done {
        pending.insert(d.seq, d);
        while let Some(mut d) = pending.remove(&next) {
            summary.add(&d);
            sink.write(d.output)?;
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
