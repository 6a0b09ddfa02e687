//! `batch --format jsonl`: one JSON object per row: `row`, `line`,
//! `status`, then the full `calc` JSON (or `error` for a failed row).

use super::row_sink::{Needs, RowEncoder};
use crate::model::batch_row::{Base, BatchRow, RowOutcome};
use crate::model::{Report, Totals};
use serde::Serialize;

/// What a JSON line needs: the full report with its next tiers and
/// checklist, as `calc --json` shows it.
pub const NEEDS: Needs = Needs {
    report: true,
    texts: true,
    checklist: true,
    next_tiers: true,
    baseline_report: false,
};

/// Writes each row as one JSON line.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLines;

impl RowEncoder for JsonLines {
    type Chunk = Vec<u8>;

    fn chunk(&self, rows: usize) -> Vec<u8> {
        Vec::with_capacity(rows * 256)
    }

    fn row(&self, out: &mut Vec<u8>, batch_row: &BatchRow) {
        const BUG: &str = "内部错误 (bug): 无法生成 JSON";
        let row = (batch_row.row, batch_row.line);
        let outcome = &batch_row.outcome;
        let base = batch_row.baseline.as_ref();
        let bare = |status| JsonError {
            row: row.0,
            line: row.1,
            status,
            project: None,
            error: None,
        };
        let written = match outcome {
            RowOutcome::Ok(report) => serde_json::to_writer(
                &mut *out,
                &JsonOk {
                    row: row.0,
                    line: row.1,
                    status: outcome.computed_key(),
                    report,
                    baseline: base.map(Base::totals),
                    diff: base.map(|b| report.totals.minus(b.totals())),
                },
            ),
            RowOutcome::Failed { message, id, name } => serde_json::to_writer(
                &mut *out,
                &JsonError::failed(row, message, id.as_deref(), name.as_deref()),
            ),
            RowOutcome::Empty => serde_json::to_writer(&mut *out, &bare("empty")),
            RowOutcome::Example { id } => serde_json::to_writer(
                &mut *out,
                &JsonError {
                    project: Some(JsonId {
                        id: Some(id),
                        name: None,
                    }),
                    ..bare("example")
                },
            ),
            // Only CSV rows are evaluated to amounts alone.
            RowOutcome::Amounts(..) => {
                serde_json::to_writer(&mut *out, &JsonError::failed(row, BUG, None, None))
            }
        };
        if written.is_err() {
            // Serializing plain data into memory does not fail; if it
            // ever did, the row still gets its line.
            let _ = serde_json::to_writer(&mut *out, &JsonError::failed(row, BUG, None, None));
        }
        out.push(b'\n');
    }
}

#[derive(Serialize)]
struct JsonOk<'a> {
    row: u64,
    line: u64,
    status: &'static str,
    #[serde(flatten)]
    report: &'a Report,
    /// With `--baseline-rules`: the totals under the rules before the
    /// revision, and after − before.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Totals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<Totals>,
}

/// A row without a report: failed (`error` set), empty or an example.
#[derive(Serialize)]
struct JsonError<'a> {
    row: u64,
    line: u64,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<JsonId<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// `{"id": …, "name": …}` of a row whose id or name cell could be read.
#[derive(Serialize)]
struct JsonId<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> JsonError<'a> {
    fn failed(row: (u64, u64), error: &'a str, id: Option<&'a str>, name: Option<&'a str>) -> Self {
        JsonError {
            row: row.0,
            line: row.1,
            status: "error",
            project: (id.is_some() || name.is_some()).then_some(JsonId { id, name }),
            error: Some(error),
        }
    }
}
