//! The run's counts and the first failed rows it quotes: what the caller
//! reports when the batch ends (and as progress while it runs).

use super::Done;

/// How many failed rows a summary quotes.
pub const QUOTED_ERRORS: usize = 5;

/// A failed row: its 1-based number, the input line where it starts (header
/// = line 1) and the one-line message of its `error` cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u64,
    pub line: u64,
    pub message: String,
}

/// Counts so far (during a run) or in all (after it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    pub ok: u64,
    pub failed: u64,
    /// Rows whose cells are all empty (status `empty`): neither ok nor failed.
    pub empty: u64,
    /// The first [`QUOTED_ERRORS`] failed rows, in row order.
    pub first_errors: Vec<RowError>,
    /// Input bytes consumed by the rows written so far.
    pub bytes: u64,
}

impl Summary {
    pub(super) fn add(&mut self, done: &Done) {
        self.rows += done.rows;
        self.failed += done.errors_total;
        self.empty += done.empty_total;
        self.ok = self.rows - self.failed - self.empty;
        self.bytes = done.end_byte;
        let room = QUOTED_ERRORS.saturating_sub(self.first_errors.len());
        self.first_errors
            .extend(done.errors.iter().take(room).cloned());
    }
}
