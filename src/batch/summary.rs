//! The run's counts and the first failed rows it quotes: what the caller
//! reports when the batch ends (and as progress while it runs).

use super::FinishedChunk;

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

/// How many skipped example rows a summary names (each gets a warning line).
pub const QUOTED_EXAMPLES: usize = 20;

/// A row skipped as an example: its number, input line and project id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowExample {
    pub row: u64,
    pub line: u64,
    pub id: String,
}

/// Counts so far (during a run) or in all (after it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    pub ok: u64,
    pub failed: u64,
    /// Rows whose cells are all empty (status `empty`): neither ok nor failed.
    pub empty: u64,
    /// Rows whose project id marks them as examples (status `example`):
    /// skipped, neither ok nor failed.
    pub examples: u64,
    /// Computed rows outside the policy's scope (status `out_of_scope`),
    /// counted among `ok`.
    pub out_of_scope: u64,
    /// The first [`QUOTED_EXAMPLES`] example rows, in row order.
    pub first_examples: Vec<RowExample>,
    /// The first [`QUOTED_ERRORS`] failed rows, in row order.
    pub first_errors: Vec<RowError>,
    /// Input bytes consumed by the rows written so far.
    pub bytes: u64,
}

impl Summary {
    pub(super) fn add<T>(&mut self, done: &FinishedChunk<T>) {
        self.rows += done.rows;
        self.failed += done.errors_total;
        self.empty += done.empty_total;
        self.examples += done.examples_total;
        self.out_of_scope += done.out_of_scope_total;
        self.ok = self.rows - self.failed - self.empty - self.examples;
        self.bytes = done.end_byte;
        let room = QUOTED_ERRORS.saturating_sub(self.first_errors.len());
        self.first_errors
            .extend(done.errors.iter().take(room).cloned());
        let room = QUOTED_EXAMPLES.saturating_sub(self.first_examples.len());
        self.first_examples
            .extend(done.examples.iter().take(room).cloned());
    }
}
