//! A share of the rent not already waived, for months from production
//! (租金减免).

use super::{Category, KindParams, Rate, rule_of_kind};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A share of the rent not already waived, for months from production.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentReduction {
    pub months: u16,
    pub rate_min: Rate,
    pub rate_max: Rate,
    /// The rent-free rule whose waived rent is not reduced twice.
    pub free_rule: String,
}

impl KindParams for RentReduction {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        format!(
            "{}个月, {}–{}",
            self.months,
            money::percent(self.rate_min.0),
            money::percent(self.rate_max.0)
        )
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.rate_min > self.rate_max {
            e.push("rate_min 大于 rate_max".into());
        }
        if let Err(m) = rule_of_kind(set, &self.free_rule, "rent_free") {
            e.push(format!("free_rule: {m}"));
        }
        e
    }
}
