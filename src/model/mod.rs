//! The result of evaluating a project, in the shape of CONTRACT.md: result
//! types only. A leaf: the engine fills these, the renderers read them, and
//! this module imports neither.

pub mod batch_row;
pub mod plan;
pub mod sweep;

use crate::money::{self, Range};
use crate::rules::{Category, Rule};
use plan::{Application, Checklist, PaymentYear};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// The status of an item (CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applies,
    NotApplicable,
    NeedsInput,
    Duplicate,
    Suspended,
    CaseByCase,
    Benefit,
    CheckFailed,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Applies => "applies",
            Status::NotApplicable => "not_applicable",
            Status::NeedsInput => "needs_input",
            Status::Duplicate => "duplicate",
            Status::Suspended => "suspended",
            Status::CaseByCase => "case_by_case",
            Status::Benefit => "benefit",
            Status::CheckFailed => "check_failed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Applies => "适用",
            Status::NotApplicable => "不适用",
            Status::NeedsInput => "需补充信息",
            Status::Duplicate => "不重复奖励",
            Status::Suspended => "暂停兑现",
            Status::CaseByCase => "一事一议",
            Status::Benefit => "享受",
            Status::CheckFailed => "条件不符",
        }
    }

    pub fn parse(key: &str) -> Option<Status> {
        [
            Status::Applies,
            Status::NotApplicable,
            Status::NeedsInput,
            Status::Duplicate,
            Status::Suspended,
            Status::CaseByCase,
            Status::Benefit,
            Status::CheckFailed,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// What a project-level provision found (serialized as its key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateStatus {
    Passed,
    Assumed,
    /// Found the project outside the policy's scope (only the scope gate).
    Failed,
    NeedsInput,
    Applied,
    NotTriggered,
}

impl GateStatus {
    /// The status in the words an officer reads.
    pub fn label(self) -> &'static str {
        match self {
            GateStatus::Passed => "通过",
            GateStatus::Assumed => "按假设通过",
            GateStatus::Failed => "不符合",
            GateStatus::NeedsInput => "需补充信息",
            GateStatus::Applied => "已适用",
            GateStatus::NotTriggered => "未触发",
        }
    }
}

/// One criterion of a recognition as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Stable English key.
    pub id: String,
    pub name: String,
    /// `criterion` (all must be met) or `direct` (any one recognises).
    pub route: &'static str,
    /// How the figure is compared: `at_least`, `at_most`, `equals`, `present`.
    pub test: &'static str,
    pub met: bool,
    /// The project's figure in `unit`; `null` when not given.
    pub value: Option<String>,
    pub threshold: String,
    pub unit: String,
    /// How much more would meet it, in `unit`, when missed by a figure.
    pub shortfall: Option<String>,
    pub clause: String,
}

/// Bump when a key of the JSON output changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

fn yuan<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&money::fixed2(*d))
}

fn yuan_opt<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&money::fixed2(*d)),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleEntry {
    pub year: i16,
    #[serde(serialize_with = "yuan")]
    pub amount: Decimal,
    #[serde(serialize_with = "yuan")]
    pub amount_max: Decimal,
    /// The round (评审年度) in which the entry is claimed: the later of its
    /// year (the next year for a year's records, reading 9) and the
    /// application's award year.
    pub award_year: i16,
    /// Filing deadline of that round (`null` without a procedure rule).
    pub deadline: Option<String>,
    /// The year the money is paid from the budget (the round's next year).
    pub payment_year: i16,
}

/// The word for an item none of whose facts were given, in every table.
pub const ABSENT_LABEL: &str = "未涉及";

/// One rule's result, rounded.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub label: String,
    pub article: String,
    pub status: Status,
    pub category: Category,
    #[serde(serialize_with = "yuan")]
    pub amount: Decimal,
    #[serde(serialize_with = "yuan")]
    pub amount_max: Decimal,
    pub basis: String,
    pub assumptions: Vec<String>,
    pub reason: Option<String>,
    /// How much more (元) would make the project qualify, where measurable.
    #[serde(serialize_with = "yuan_opt")]
    pub shortfall: Option<Decimal>,
    /// Fields to fill in for a `needs_input` item.
    pub missing: Vec<String>,
    /// Criteria of a recognition (headquarters), each met or missed; only
    /// on items that have them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    pub schedule: Vec<ScheduleEntry>,
    /// None of the rule's facts were given (shown apart in the table).
    #[serde(skip)]
    pub absent: bool,
    /// The original clause, quoted.
    pub text: String,
    /// The nearest better outcome that more of one input reaches (filled by
    /// the engine's next-tier search; `None` until then, and when there is none).
    pub next_tier: Option<NextTier>,
}

impl Item {
    /// The item's status in one word, the same in every table and in
    /// `--explain`: 未涉及 when none of its facts were given.
    pub fn status_label(&self) -> &'static str {
        if self.absent {
            ABSENT_LABEL
        } else {
            self.status.label()
        }
    }
}

/// The least increase of one field that gives an item a better amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextTier {
    /// The field's path as `--set` takes it (`loans[1].principal`).
    pub field: String,
    /// How much more of the field, in its own unit.
    #[serde(serialize_with = "yuan")]
    pub increase: Decimal,
    /// The item's amount with the field so raised.
    #[serde(serialize_with = "yuan")]
    pub amount: Decimal,
    /// `amount` minus the item's current amount.
    #[serde(serialize_with = "yuan")]
    pub gain: Decimal,
    /// What is reached there, for people: `1% 档 [10000万, 50000万)`.
    pub tier: String,
    /// How much the project's payable cash total grows there: less than
    /// `gain` when the item is not paid (不重复奖励, 暂停兑现).
    #[serde(serialize_with = "yuan")]
    pub cash_gain: Decimal,
    /// The field is a cost the company bears of which the item returns only
    /// a share (more loan to reach the subsidy's cap): never "worth most".
    #[serde(skip)]
    pub cost_share: bool,
}

/// Of every item's next tier, the change worth most to the project's cash total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestChange {
    pub field: String,
    #[serde(serialize_with = "yuan")]
    pub increase: Decimal,
    /// The cash total (lower bound) with the change.
    #[serde(serialize_with = "yuan")]
    pub cash_total: Decimal,
    /// `cash_total` minus the current cash total.
    #[serde(serialize_with = "yuan")]
    pub gain: Decimal,
    /// The items whose amount the change moves, with their gain.
    pub items: Vec<BestChangeItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestChangeItem {
    pub id: String,
    pub label: String,
    #[serde(serialize_with = "yuan")]
    pub gain: Decimal,
}

/// Sums of the items that apply, by category, each a lower and an upper
/// bound. Serialized as the contract's flat keys (`cash_total`,
/// `cash_total_max`, …), in [`Totals::pairs`] order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub cash_one_time: Range,
    pub cash_multi_year: Range,
    pub cash_total: Range,
    pub annual_savings: Range,
    /// Cash held back by the suspension gate.
    pub suspended: Range,
    /// Annual savings held back by suspension, kept apart from cash.
    pub suspended_annual_savings: Range,
}

impl Totals {
    /// (key, value) pairs in contract order, for JSON, CSV and case files.
    pub fn pairs(&self) -> [(&'static str, Decimal); 12] {
        [
            ("cash_one_time", self.cash_one_time.low),
            ("cash_one_time_max", self.cash_one_time.high),
            ("cash_multi_year", self.cash_multi_year.low),
            ("cash_multi_year_max", self.cash_multi_year.high),
            ("cash_total", self.cash_total.low),
            ("cash_total_max", self.cash_total.high),
            ("annual_savings", self.annual_savings.low),
            ("annual_savings_max", self.annual_savings.high),
            ("suspended", self.suspended.low),
            ("suspended_max", self.suspended.high),
            (
                "suspended_annual_savings",
                self.suspended_annual_savings.low,
            ),
            (
                "suspended_annual_savings_max",
                self.suspended_annual_savings.high,
            ),
        ]
    }

    /// `self − before`, total by total: what a revision changes.
    pub fn minus(&self, before: &Totals) -> Totals {
        Totals {
            cash_one_time: self.cash_one_time.saturating_sub(before.cash_one_time),
            cash_multi_year: self.cash_multi_year.saturating_sub(before.cash_multi_year),
            cash_total: self.cash_total.saturating_sub(before.cash_total),
            annual_savings: self.annual_savings.saturating_sub(before.annual_savings),
            suspended: self.suspended.saturating_sub(before.suspended),
            suspended_annual_savings: self
                .suspended_annual_savings
                .saturating_sub(before.suspended_annual_savings),
        }
    }
}

impl Serialize for Totals {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let pairs = self.pairs();
        let mut out = s.serialize_struct("Totals", pairs.len())?;
        for (key, value) in pairs {
            out.serialize_field(key, &money::fixed2(value))?;
        }
        out.end()
    }
}

/// What a project-level provision found.
#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub id: String,
    pub label: String,
    pub article: String,
    pub status: GateStatus,
    pub detail: String,
}

impl GateResult {
    pub fn new(rule: &Rule, article: String, (status, detail): (GateStatus, String)) -> Self {
        GateResult {
            id: rule.id.clone(),
            label: rule.label.clone(),
            article,
            status,
            detail,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectInfo {
    pub id: Option<String>,
    pub name: Option<String>,
    pub enterprise: Option<String>,
    pub county: Option<String>,
    pub industry: Option<String>,
    pub top_rank: Option<String>,
}

/// A field a what-if run changed with `--set`: `field` is its path (also when
/// the key was typed as a Chinese column header), `value` the text after `=`
/// as typed (empty: the field was cleared); `label` is the field's Chinese
/// label when the key names a field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Override {
    pub field: String,
    pub value: String,
    pub label: Option<String>,
}

impl Override {
    /// The overrides of `--set KEY=VALUE` arguments, in order, trimmed as the
    /// parser trims them (`apply_sets`).
    pub fn from_sets(sets: &[String]) -> Vec<Override> {
        sets.iter()
            .map(|set| {
                let (key, value) = set.split_once('=').unwrap_or((set, ""));
                // A Chinese column header names its field by its path.
                let (field, label) = match crate::project::columns::resolve_header(key.trim()) {
                    Ok((c, _)) => (c.path(), Some(c.field.spec().label.to_string())),
                    Err(_) => (key.trim().to_string(), None),
                };
                Override {
                    field,
                    value: value.trim().trim_matches('"').to_string(),
                    label,
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub rules_fingerprint: String,
    pub project: ProjectInfo,
    pub as_of: String,
    /// What `--set` changed (empty when nothing): a what-if run says so.
    pub overrides: Vec<Override>,
    pub items: Vec<Item>,
    pub gates: Vec<GateResult>,
    pub totals: Totals,
    pub warnings: Vec<String>,
    /// Notes on the whole project that are not warnings: a document past its
    /// end that the project keeps, signed while it was in force (reading 13).
    pub notes: Vec<String>,
    /// The application's award year and how it was found.
    pub application: Application,
    /// Cash that applies, by the year it is paid.
    pub by_payment_year: Vec<PaymentYear>,
    /// What to file, where, by when, and when the money comes.
    pub checklist: Checklist,
    /// The single next-tier change worth most (filled with the next tiers).
    pub best_next_tier: Option<BestChange>,
}

impl Report {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The multi-year items that apply and the calendar years of their
    /// entries, in order: what every schedule by year shows.
    pub fn multi_year_schedule(&self) -> (Vec<&Item>, Vec<i16>) {
        let items: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| i.category == Category::CashMultiYear && i.status == Status::Applies)
            .collect();
        let years: std::collections::BTreeSet<i16> = items
            .iter()
            .flat_map(|i| i.schedule.iter().map(|s| s.year))
            .collect();
        (items, years.into_iter().collect())
    }

    /// Whether any item needs input (strict mode exits 1 on it).
    pub fn needs_input(&self) -> bool {
        self.items.iter().any(|i| i.status == Status::NeedsInput)
    }
}
