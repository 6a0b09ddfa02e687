//! A batch row as it leaves evaluation: what every batch output format reads.
//! The batch pipeline makes these on its workers and hands them to the
//! format's renderer (`render::row_sink`), which never sees the engine.

use super::{GateStatus, Report, Status, Totals};
use rust_decimal::Decimal;

/// Per item rule (in `RuleSet::item_rules` order) its status and rounded
/// amount, and the totals: what a CSV batch row shows, without the rest of a
/// [`Report`].
#[derive(Debug, Clone)]
pub struct Amounts {
    pub items: Vec<(Status, Decimal)>,
    pub totals: Totals,
    /// What the gates said of the row where they stopped or doubted it (a
    /// failed scope, an industry not among the named ones); usually empty.
    pub notes: Vec<String>,
    /// A gate found the project outside the policy's scope (its money items
    /// are then not applicable): a batch row says so in its status.
    pub out_of_scope: bool,
}

/// One evaluated input row.
pub struct BatchRow {
    /// The data row, 1-based (header excluded).
    pub row: u64,
    /// The input line where the row starts (header = line 1); 0 when unknown.
    pub line: u64,
    pub outcome: RowOutcome,
    /// The row under the rules before a revision (`--baseline-rules`).
    pub baseline: Option<Base>,
}

/// One row's outcome.
pub enum RowOutcome {
    /// The full report (formats that show every item).
    Ok(Box<Report>),
    /// The amounts only (CSV): the project's id and the items' figures.
    Amounts(Box<(Option<String>, Amounts)>),
    /// The row's message, and its project id and name when their cells
    /// could be read.
    Failed {
        message: String,
        id: Option<String>,
        name: Option<String>,
    },
    /// Every cell empty: no project, no figures, no error.
    Empty,
    /// A row whose project id marks it as an example: skipped, never
    /// evaluated nor counted.
    Example { id: String },
}

impl RowOutcome {
    /// A computed row that a gate found outside the policy's scope.
    pub fn out_of_scope(&self) -> bool {
        match self {
            RowOutcome::Ok(report) => report.gates.iter().any(|g| g.status == GateStatus::Failed),
            RowOutcome::Amounts(row) => row.1.out_of_scope,
            _ => false,
        }
    }

    /// The status key of a computed row: `out_of_scope` or `ok`.
    pub fn computed_key(&self) -> &'static str {
        if self.out_of_scope() {
            "out_of_scope"
        } else {
            "ok"
        }
    }
}

/// A row under the baseline rules: the amounts only, or (for a workbook,
/// whose budget needs the schedule) the whole report.
pub enum Base {
    Amounts(Box<Amounts>),
    Report(Box<Report>),
}

impl Base {
    pub fn totals(&self) -> &Totals {
        match self {
            Base::Amounts(a) => &a.totals,
            Base::Report(r) => &r.totals,
        }
    }

    /// The amount (lower bound) of the baseline's item `index`.
    pub fn amount(&self, index: Option<usize>) -> Decimal {
        let found = match (self, index) {
            (Base::Amounts(a), Some(i)) => a.items.get(i).map(|(_, d)| *d),
            (Base::Report(r), Some(i)) => r.items.get(i).map(|it| it.amount),
            _ => None,
        };
        found.unwrap_or_default()
    }
}
