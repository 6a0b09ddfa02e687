//! `batch --format items`: long CSV for scripts, one line per project ×
//! rule (every item rule, in rules order), with stable English keys for the
//! status and category and the reason in Chinese. A failed row has one line
//! with `status` `error` and its message as the reason.

use super::row_sink::{Needs, RowEncoder};
use crate::model::Report;
use crate::model::batch_row::{BatchRow, RowOutcome};
use crate::money;
use crate::rules::RuleSet;
use rust_decimal::Decimal;

/// Every item with its reason; under `--baseline-rules` the baseline's
/// amounts suffice.
pub const NEEDS: Needs = Needs {
    report: true,
    texts: true,
    checklist: false,
    next_tiers: false,
    baseline_report: false,
};

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

/// With `--baseline-rules`, after [`HEADER`]: the item's amount under the
/// rules before the revision and the change, and the same of the project's
/// cash total (repeated on each of its lines).
pub const REFORM_HEADER: [&str; 4] = [
    "baseline.amount",
    "diff.amount",
    "baseline.cash_total",
    "diff.cash_total",
];

/// A project under the rules before a revision: per item of the report (0
/// for a rule they do not have), the amount, and the cash total.
pub struct Before<'a> {
    pub amounts: &'a [Decimal],
    pub cash_total: Decimal,
}

/// The lines of a computed row, with the [`REFORM_HEADER`] cells when
/// `before` is given.
pub fn write_report(out: &mut Vec<u8>, row: u64, report: &Report, before: Option<&Before>) {
    let id = report.project.id.as_deref().unwrap_or("");
    let row = row.to_string();
    let totals = before.map(|b| {
        let after = report.totals.cash_total.low;
        (
            money::fixed2(b.cash_total),
            money::fixed2(after.saturating_sub(b.cash_total)),
        )
    });
    for (k, item) in report.items.iter().enumerate() {
        let amount = money::fixed2(item.amount);
        let amount_max = money::fixed2(item.amount_max);
        let reason = item.reason.as_deref().unwrap_or("");
        let mut cells = vec![
            row.as_str(),
            id,
            &item.id,
            &item.label,
            item.status.key(),
            item.category.key(),
            &amount,
            &amount_max,
            reason,
        ];
        let extra;
        if let (Some(b), Some((total, total_diff))) = (before, &totals) {
            let was = b.amounts.get(k).copied().unwrap_or_default();
            extra = [
                money::fixed2(was),
                money::fixed2(item.amount.saturating_sub(was)),
            ];
            cells.extend([extra[0].as_str(), &extra[1], total, total_diff]);
        }
        line(out, &cells);
    }
}

/// The one line of a failed row; `extra` are the empty cells of further
/// columns.
pub fn write_failed(out: &mut Vec<u8>, row: u64, id: Option<&str>, message: &str, extra: &[&str]) {
    let row = row.to_string();
    let mut cells = vec![&row, id.unwrap_or(""), "", "", "error", "", "", "", message];
    cells.extend(extra);
    line(out, &cells);
}

/// A row without figures nor error: one line with its status (`empty`: every
/// cell empty; `example`: skipped for its project id).
pub fn write_status(out: &mut Vec<u8>, row: u64, id: Option<&str>, status: &str, extra: &[&str]) {
    let row = row.to_string();
    let mut cells = vec![&row, id.unwrap_or(""), "", "", status, "", "", "", ""];
    cells.extend(extra);
    line(out, &cells);
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

/// What the workers need to write items lines.
#[derive(Debug, Clone)]
pub struct ItemRows {
    /// With `--baseline-rules`: per item of a report, the index of the same
    /// rule among the baseline's items.
    base_index: Option<Vec<Option<usize>>>,
}

impl ItemRows {
    /// `baseline`: the rules before a revision (`--baseline-rules`).
    pub fn new(rules: &RuleSet, baseline: Option<&RuleSet>) -> Self {
        let base_index = baseline.map(|b| {
            let ids: Vec<&str> = b.item_rules().map(|r| r.id.as_str()).collect();
            rules
                .item_rules()
                .map(|r| ids.iter().position(|b| *b == r.id))
                .collect()
        });
        ItemRows { base_index }
    }

    /// The header: [`HEADER`], and [`REFORM_HEADER`] under `--baseline-rules`.
    pub fn header(&self) -> Vec<&'static str> {
        let mut header = HEADER.to_vec();
        if self.base_index.is_some() {
            header.extend(REFORM_HEADER);
        }
        header
    }
}

impl RowEncoder for ItemRows {
    type Chunk = Vec<u8>;

    fn chunk(&self, rows: usize) -> Vec<u8> {
        Vec::with_capacity(rows * 256)
    }

    fn row(&self, out: &mut Vec<u8>, batch_row: &BatchRow) {
        let row = batch_row.row;
        let extra: &[&str] = if self.base_index.is_some() {
            &["", "", "", ""]
        } else {
            &[]
        };
        match &batch_row.outcome {
            RowOutcome::Ok(report) => {
                let items: Vec<Decimal>;
                let before = match (&batch_row.baseline, &self.base_index) {
                    (Some(base), Some(index)) => {
                        items = index.iter().map(|i| base.amount(*i)).collect();
                        Some(Before {
                            amounts: &items,
                            cash_total: base.totals().cash_total.low,
                        })
                    }
                    _ => None,
                };
                write_report(out, row, report, before.as_ref())
            }
            RowOutcome::Failed { message, id, .. } => {
                write_failed(out, row, id.as_deref(), message, extra)
            }
            RowOutcome::Empty => write_status(out, row, None, "empty", extra),
            RowOutcome::Example { id } => write_status(out, row, Some(id), "example", extra),
            RowOutcome::Amounts(..) => {
                write_failed(out, row, None, "内部错误 (bug): 缺少逐项结果", extra)
            }
        }
    }
}
