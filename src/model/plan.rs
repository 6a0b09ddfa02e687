//! The application plan of a report: the application's round, the cash by
//! payment year and the checklist of what to file, where and by when.

use super::Status;
use crate::money::{self, Range};
use crate::rules::Category;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

fn yuan_opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&money::fixed2(*d)),
        None => s.serialize_none(),
    }
}

/// The round an application falls in.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    /// The date the round is decided from.
    pub date: String,
    /// `application_date`, or `as_of` when the project gives none.
    pub date_source: &'static str,
    pub award_year: i16,
    /// Filing deadline of that round (`null` without a procedure rule).
    pub deadline: Option<String>,
    /// Filed after the deadline of its own year: moved to the next round.
    pub late: bool,
    pub payment_year: i16,
    pub note: String,
}

/// Cash that applies, by the year it is paid (totals-like).
#[derive(Debug, Clone, Default)]
pub struct PaymentYear {
    pub payment_year: i16,
    pub cash_one_time: Range,
    pub cash_multi_year: Range,
    pub cash_total: Range,
}

impl Serialize for PaymentYear {
    /// The contract's flat keys: `cash_total`, `cash_total_max`, ….
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("PaymentYear", 7)?;
        out.serialize_field("payment_year", &self.payment_year)?;
        for (low, high, range) in [
            ("cash_one_time", "cash_one_time_max", self.cash_one_time),
            (
                "cash_multi_year",
                "cash_multi_year_max",
                self.cash_multi_year,
            ),
            ("cash_total", "cash_total_max", self.cash_total),
        ] {
            out.serialize_field(low, &money::fixed2(range.low))?;
            out.serialize_field(high, &money::fixed2(range.high))?;
        }
        out.end()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Checklist {
    /// Where to file.
    pub office: String,
    pub office_clause: String,
    /// The application's round and its dates.
    pub award_year: i16,
    pub deadline: Option<String>,
    pub review: String,
    pub payment_year: i16,
    /// The clauses that put the payment in that year.
    pub payment_clause: String,
    pub steps: Vec<StepOut>,
    pub items: Vec<ChecklistItem>,
    /// Each document once, with the items it serves.
    pub documents: Vec<DocumentOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepOut {
    pub name: String,
    /// When, in words with the round's year (`2023年12月初至下旬`).
    pub when: String,
    pub working_days: Option<u8>,
    /// Items the step is for (empty: all).
    pub items: Vec<String>,
    pub clause: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem {
    pub id: String,
    pub label: String,
    pub article: String,
    pub status: Status,
    pub category: Category,
    pub office: String,
    /// One entry per round in which some of the item is claimed.
    pub rounds: Vec<RoundOut>,
    /// Ids of the documents it needs (see `documents`).
    pub documents: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundOut {
    pub award_year: i16,
    pub deadline: Option<String>,
    pub review: String,
    pub payment_year: i16,
    /// The cash claimed in that round; `null` when no amount is computed.
    #[serde(serialize_with = "yuan_opt")]
    pub amount: Option<Decimal>,
    #[serde(serialize_with = "yuan_opt")]
    pub amount_max: Option<Decimal>,
    /// The amount is a yearly saving (要素降本), not a sum claimed once.
    pub per_year: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentOut {
    pub id: String,
    pub name: String,
    pub items: Vec<String>,
    /// When it is needed (如委托他人代为办理), from its entries.
    pub notes: Vec<String>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    pub clause: String,
    pub text: String,
}
