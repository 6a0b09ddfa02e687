//! `batch --format items`: long CSV for scripts, one line per project ×
//! rule (every item rule, in rules order), with stable English keys for the
//! status and category and the reason in Chinese. A failed row has one line
//! with `status` `error` and its message as the reason.

use crate::model::Report;
use crate::money;

/// The columns (CONTRACT.md, "Batch output").
pub const HEADER: [&str; 9] = [
    "row",
    "project.id",
    "rule",
    "label",
    "status",
    "category",
    "amount",
    "amount_max",
    "reason",
];

/// The lines of a computed row.
pub fn write_report(out: &mut Vec<u8>, row: u64, report: &Report) {
    let id = report.project.id.as_deref().unwrap_or("");
    let row = row.to_string();
    for item in &report.items {
        let amount = money::fixed2(item.amount);
        let amount_max = money::fixed2(item.amount_max);
        let reason = item.reason.as_deref().unwrap_or("");
        line(
            out,
            &[
                &row,
                id,
                &item.id,
                &item.label,
                item.status.key(),
                item.category.key(),
                &amount,
                &amount_max,
                reason,
            ],
        );
    }
}

/// The one line of a failed row.
pub fn write_failed(out: &mut Vec<u8>, row: u64, id: Option<&str>, message: &str) {
    let row = row.to_string();
    line(
        out,
        &[&row, id.unwrap_or(""), "", "", "error", "", "", "", message],
    );
}

/// A row without figures nor error: one line with its status (`empty`: every
/// cell empty; `example`: skipped for its project id).
pub fn write_status(out: &mut Vec<u8>, row: u64, id: Option<&str>, status: &str) {
    let row = row.to_string();
    line(
        out,
        &[&row, id.unwrap_or(""), "", "", status, "", "", "", ""],
    );
}

/// One CSV record, quoted as the csv crate quotes.
pub(crate) fn line(out: &mut Vec<u8>, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        crate::csv_text::push_cell(out, cell);
    }
    out.push(b'\n');
}
