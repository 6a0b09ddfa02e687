//! JSON for scripts: the report as CONTRACT.md shapes it.

use crate::model::Report;

/// Pretty JSON for `calc --format json`.
pub fn pretty(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One line of JSON for `batch --format jsonl`.
pub fn line(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
