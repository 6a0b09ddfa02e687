//! What evaluating one rule yields, before rounding.

use rust_decimal::Decimal;
use serde::Serialize;

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

/// An item's exact (unrounded) result and its explanation.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    /// Lower bound: what the general rule gives.
    pub amount: Decimal,
    /// Upper bound where the policy leaves a range to the authorities.
    pub amount_max: Decimal,
    /// (calendar year, lower, upper), in year order.
    pub schedule: Vec<(i16, Decimal, Decimal)>,
    pub basis: String,
    pub assumptions: Vec<String>,
    pub reason: Option<String>,
    /// How much more (in 元) would make the project qualify.
    pub shortfall: Option<Decimal>,
    /// Fields whose absence keeps the item from being computed.
    pub missing: Vec<String>,
    /// None of the rule's facts were given: that part of the policy is unused.
    pub absent: bool,
}

impl Outcome {
    fn empty(status: Status) -> Self {
        Outcome {
            status,
            amount: Decimal::ZERO,
            amount_max: Decimal::ZERO,
            schedule: Vec::new(),
            basis: String::new(),
            assumptions: Vec::new(),
            reason: None,
            shortfall: None,
            missing: Vec::new(),
            absent: false,
        }
    }

    pub fn applies(amount: Decimal, amount_max: Decimal, basis: String) -> Self {
        Outcome {
            amount,
            amount_max,
            basis,
            ..Outcome::empty(Status::Applies)
        }
    }

    pub fn not_applicable(reason: String) -> Self {
        Outcome {
            reason: Some(reason),
            ..Outcome::empty(Status::NotApplicable)
        }
    }

    /// Not applicable because none of the rule's facts were given.
    pub fn absent(reason: String) -> Self {
        Outcome {
            absent: true,
            ..Outcome::not_applicable(reason)
        }
    }

    pub fn needs_input(missing: Vec<String>, reason: String) -> Self {
        Outcome {
            missing,
            reason: Some(reason),
            ..Outcome::empty(Status::NeedsInput)
        }
    }

    pub fn status_only(status: Status, basis: String, reason: Option<String>) -> Self {
        Outcome {
            basis,
            reason,
            ..Outcome::empty(status)
        }
    }

    pub fn with_schedule(mut self, schedule: Vec<(i16, Decimal, Decimal)>) -> Self {
        self.schedule = schedule;
        self
    }

    pub fn with_shortfall(mut self, shortfall: Decimal) -> Self {
        self.shortfall = Some(shortfall);
        self
    }

    pub fn with_assumptions(mut self, assumptions: Vec<String>) -> Self {
        self.assumptions = assumptions;
        self
    }
}
