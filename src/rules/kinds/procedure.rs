//! 申报与兑现程序: the yearly round, where and by when to file, the review and
//! the payment year. A gate.

use super::{Category, Kind, KindParams};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// The yearly round: where and by when to file, the review, the payment year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub office: String,
    pub deadline_month: i8,
    pub deadline_day: i8,
    pub deadline_clause: String,
    pub deadline_text: String,
    /// Rewards are paid from the budget this many years after the round.
    pub payment_years_after: i16,
    pub payment_clause: String,
    pub payment_text: String,
    pub steps: Vec<Step>,
}

/// One step of the procedure, with its month and working days when the text
/// gives them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    /// Month of the award year in which it happens, when the text says.
    pub month: Option<i8>,
    /// Words for when within the month (12月初 … 12月下旬).
    #[serde(default)]
    pub when: String,
    pub working_days: Option<u8>,
    /// Part of the December review (shown as the round's review).
    #[serde(default)]
    pub review: bool,
    /// Happens in the payment year (兑现).
    #[serde(default)]
    pub payment: bool,
    /// Which items the step is for (empty: all).
    #[serde(default)]
    pub items: Vec<String>,
    pub clause: String,
    pub text: String,
}

impl KindParams for Procedure {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        format!(
            "{}月{}日前申报; 次{}年兑现",
            self.deadline_month, self.deadline_day, self.payment_years_after
        )
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        let date = jiff::civil::Date::new(2024, self.deadline_month, self.deadline_day);
        if date.is_err() {
            e.push(format!(
                "deadline {}月{}日 不是有效日期",
                self.deadline_month, self.deadline_day
            ));
        }
        if !(0..=5).contains(&self.payment_years_after) {
            e.push("payment_years_after 应在 0–5 之间".into());
        }
        for s in &self.steps {
            if s.month.is_some_and(|m| !(1..=12).contains(&m)) {
                e.push(format!("steps {}: month 应在 1–12 之间", s.name));
            }
            for id in &s.items {
                if set.get(id).is_none() {
                    e.push(format!("steps {}: 引用了不存在的规则 {id}", s.name));
                }
            }
        }
        let n = set
            .rules
            .iter()
            .filter(|r| matches!(&r.kind, Kind::Procedure(_)))
            .count();
        if n > 1 {
            e.push("只能有一条 procedure 规则".into());
        }
        e
    }
}
