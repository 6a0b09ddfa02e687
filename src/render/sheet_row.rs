//! A batch row as the workbook needs it. A workbook is written on one thread
//! while rows are evaluated on others; each evaluated row is turned into a
//! [`SheetRow`], just what the sheets show, and from it, on the same worker,
//! into its sheet cells and budget figures ([`super::workbook::rows`]).

use crate::model::{GateStatus, Report, Status};
use crate::money;
use crate::rules::Category;

/// One project's row as the workbook needs it. Money is in `money::fixed2`
/// text, so no figure passes through a float on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub row: u64,
    /// The input line where the row starts (header = line 1); 0 when unknown.
    pub line: u64,
    /// `ok`, `out_of_scope`, `error`, `empty` or `example`.
    pub status: String,
    pub id: Option<String>,
    pub name: Option<String>,
    pub error: Option<String>,
    /// `cash_total`, `cash_total_max`, `annual_savings`, `suspended`.
    pub totals: Vec<String>,
    /// One per item rule, in rules order.
    pub items: Vec<SheetItem>,
    /// Why a project-level provision stopped or doubted the row (the CSV's
    /// `notes`), `; `-separated.
    pub notes: String,
    /// The project under the rules before a revision (`--baseline-rules`).
    pub baseline: Option<SheetBaseline>,
}

/// A computed row under the rules before a revision: what the results sheet
/// and the 政策调整影响 sheet show of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetBaseline {
    /// Cash total (lower bound) before the revision.
    pub cash_total: String,
    /// After − before, cash total (lower bound).
    pub diff: String,
    /// The cash that applies before the revision, per schedule entry:
    /// (calendar year, payment year, lower bound, upper bound).
    pub entries: Vec<(i16, i16, String, String)>,
}

impl SheetBaseline {
    /// `before` is the project under the baseline rules, `after` under the
    /// rules of the run.
    pub fn new(before: &Report, after: &Report) -> Self {
        let (b, a) = (before.totals.cash_total.low, after.totals.cash_total.low);
        let entries = before
            .items
            .iter()
            .filter(|i| {
                i.status == Status::Applies
                    && matches!(i.category, Category::CashOneTime | Category::CashMultiYear)
            })
            .flat_map(|i| i.schedule.iter())
            .map(|e| {
                let (lo, hi) = (money::fixed2(e.amount), money::fixed2(e.amount_max));
                (e.year, e.payment_year, lo, hi)
            })
            .collect();
        SheetBaseline {
            cash_total: money::fixed2(b),
            diff: money::fixed2(a.saturating_sub(b)),
            entries,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetItem {
    /// The status key (`applies`, …).
    pub status: String,
    pub amount: String,
    pub amount_max: String,
    pub reason: Option<String>,
    /// None of the rule's facts were given (the item is not applicable).
    pub absent: bool,
    pub schedule: Vec<SheetYear>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetYear {
    pub year: i16,
    pub amount: String,
    pub amount_max: String,
    /// The year the budget pays it, when the report has one.
    pub payment_year: Option<i16>,
}

impl SheetRow {
    pub fn from_report(row: u64, report: &Report) -> Self {
        let t = &report.totals;
        SheetRow {
            row,
            line: 0,
            // Computed, but a gate found the project outside the scope.
            status: if report.gates.iter().any(|g| g.status == GateStatus::Failed) {
                "out_of_scope".into()
            } else {
                "ok".into()
            },
            id: report.project.id.clone(),
            name: report.project.name.clone(),
            error: None,
            totals: [
                t.cash_total.low,
                t.cash_total.high,
                t.annual_savings.low,
                t.suspended.low,
            ]
            .into_iter()
            .map(money::fixed2)
            .collect(),
            items: report
                .items
                .iter()
                .map(|i| SheetItem {
                    status: i.status.key().into(),
                    amount: money::fixed2(i.amount),
                    amount_max: money::fixed2(i.amount_max),
                    // The items sheet leaves out rules the row does not
                    // touch: their reasons are not carried to it.
                    reason: if i.absent { None } else { i.reason.clone() },
                    absent: i.absent,
                    schedule: i
                        .schedule
                        .iter()
                        .map(|e| SheetYear {
                            year: e.year,
                            amount: money::fixed2(e.amount),
                            amount_max: money::fixed2(e.amount_max),
                            payment_year: Some(e.payment_year),
                        })
                        .collect(),
                })
                .collect(),
            notes: report
                .gates
                .iter()
                .filter(|g| matches!(g.status, GateStatus::Failed | GateStatus::NeedsInput))
                .map(|g| g.detail.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            baseline: None,
        }
    }

    pub fn failed(row: u64, id: Option<&str>, message: &str) -> Self {
        SheetRow {
            row,
            line: 0,
            status: "error".into(),
            id: id.map(str::to_string),
            name: None,
            error: Some(message.to_string()),
            totals: Vec::new(),
            items: Vec::new(),
            notes: String::new(),
            baseline: None,
        }
    }

    /// A failed row with its project name, when its cell could be read.
    pub fn named(mut self, name: Option<&str>) -> Self {
        self.name = name.map(str::to_string);
        self
    }

    /// A row skipped for its example project id: no figures, no error.
    pub fn example(row: u64, id: &str) -> Self {
        SheetRow {
            status: "example".into(),
            id: Some(id.to_string()),
            ..SheetRow::empty(row)
        }
    }

    /// An empty input row (every cell empty): no id, no figures, no error.
    pub fn empty(row: u64) -> Self {
        SheetRow {
            row,
            line: 0,
            status: "empty".into(),
            id: None,
            name: None,
            error: None,
            totals: Vec::new(),
            items: Vec::new(),
            notes: String::new(),
            baseline: None,
        }
    }
}

/// One mistake of a failed row, split for the errors sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorParts {
    pub field: String,
    pub value: String,
    pub expected: String,
}

/// Splits a row's one-line error (`field: "value" (expected); …`) into its
/// mistakes. Anything not in that shape is kept whole as `expected`.
pub fn error_parts(message: &str) -> Vec<ErrorParts> {
    message
        .split("; ")
        .filter(|p| !p.trim().is_empty())
        .map(|part| {
            let (field, rest) = match part.split_once(": ") {
                // A column as messages name it: a path, or a Chinese header
                // with its path in brackets (`实际投资额 (investment.total)`).
                Some((f, r)) if is_field_name(f) => (f, r),
                _ => ("", part),
            };
            let (value, expected) = split_value(rest);
            ErrorParts {
                field: field.to_string(),
                value,
                expected,
            }
        })
        .collect()
}

fn is_field_name(f: &str) -> bool {
    !f.is_empty()
        && f.chars().count() <= 80
        && !f.contains(['"', ':', ';'])
        && (!f.contains(' ') || f.ends_with(')'))
}

/// `"abc" (不是金额: …)` → (`abc`, `不是金额: …`).
fn split_value(rest: &str) -> (String, String) {
    if let Some(quoted) = rest.strip_prefix('"') {
        // The value is written with Rust's string escapes: find its end.
        let mut escaped = false;
        for (i, ch) in quoted.char_indices() {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    let raw = &quoted[..i];
                    let value = serde_json::from_str::<String>(&format!("\"{raw}\""))
                        .unwrap_or_else(|_| raw.to_string());
                    let after = quoted[i + 1..].trim_start_matches('…').trim();
                    let expected = after
                        .strip_prefix('(')
                        .and_then(|e| e.strip_suffix(')'))
                        .unwrap_or(after);
                    return (value, expected.to_string());
                }
                _ => {}
            }
        }
    }
    (String::new(), rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_split_into_field_value_expected() {
        let parts = error_parts(
            "investment.total: \"abc\" (不是金额: \"abc\" (应为数字元)); 本行有3列, 表头有2列",
        );
        assert_eq!(
            parts[0],
            ErrorParts {
                field: "investment.total".into(),
                value: "abc".into(),
                expected: "不是金额: \"abc\" (应为数字元)".into(),
            }
        );
        assert_eq!(parts[1].field, "");
        let zh = error_parts("实际投资额 (investment.total): \"abc\" (不是金额)");
        assert_eq!(zh[0].field, "实际投资额 (investment.total)");
        assert_eq!(
            (zh[0].value.as_str(), zh[0].expected.as_str()),
            ("abc", "不是金额")
        );
        assert_eq!(parts[1].expected, "本行有3列, 表头有2列");
    }
}
