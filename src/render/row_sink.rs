//! One interface for every `batch` output format. A format is a
//! [`RowSink`]: it says what each row needs evaluated ([`Needs`]), gives the
//! workers a [`RowEncoder`] that turns evaluated rows ([`BatchRow`]) into its
//! typed chunk output, and receives those chunks back in input order. The
//! batch pipeline is generic over it and knows no format (as hyperfine's
//! exporters or ripgrep's printer sinks).

use crate::model::batch_row::BatchRow;
use std::io::{BufWriter, Write};

/// What a format needs evaluated for each row: the least that fills its
/// cells, since a million rows pay for every extra.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The full report; else the amounts only ([`crate::model::batch_row::Amounts`]).
    pub report: bool,
    /// Every item's reason text.
    pub texts: bool,
    /// The application checklist.
    pub checklist: bool,
    /// The next tiers (the full `calc` JSON).
    pub next_tiers: bool,
    /// Under `--baseline-rules`, the baseline's full report (its schedule);
    /// else its amounts.
    pub baseline_report: bool,
}

/// The workers' part of a format: shared by every worker thread.
pub trait RowEncoder: Sync {
    /// What a chunk of rows becomes: bytes for a text format, typed rows for
    /// the workbook.
    type Chunk: Send;

    /// An empty chunk output for about `rows` rows.
    fn chunk(&self, rows: usize) -> Self::Chunk;

    /// Appends one evaluated row.
    fn row(&self, chunk: &mut Self::Chunk, row: &BatchRow);
}

/// The writing thread's part of a format.
pub trait RowSink {
    type Encoder: RowEncoder;

    /// What each row needs evaluated.
    fn needs(&self) -> Needs;

    /// The workers' part.
    fn encoder(&self) -> Self::Encoder;

    /// Writes one chunk; chunks come in input order.
    fn write(&mut self, chunk: <Self::Encoder as RowEncoder>::Chunk) -> anyhow::Result<()>;

    /// Writes whatever is left once every row is written.
    fn finish(self) -> anyhow::Result<()>;
}

/// The writing side of a text format (CSV, JSON lines, items): its head
/// first, then each chunk's bytes as they come.
pub struct TextSink<W: Write, E> {
    out: BufWriter<W>,
    encoder: E,
    needs: Needs,
}

impl<W: Write, E> TextSink<W, E> {
    /// Writes `head` (a byte-order mark, a header line) at once.
    pub fn new(out: W, head: &[u8], encoder: E, needs: Needs) -> std::io::Result<Self> {
        let mut out = BufWriter::with_capacity(256 * 1024, out);
        out.write_all(head)?;
        Ok(TextSink {
            out,
            encoder,
            needs,
        })
    }
}

impl<W: Write, E: RowEncoder<Chunk = Vec<u8>> + Clone> RowSink for TextSink<W, E> {
    type Encoder = E;

    fn needs(&self) -> Needs {
        self.needs
    }

    fn encoder(&self) -> E {
        self.encoder.clone()
    }

    fn write(&mut self, chunk: Vec<u8>) -> anyhow::Result<()> {
        self.out.write_all(&chunk)?;
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
