//! So much per insured person per month for some months (用工社保补贴).

use super::Money;
use super::{Category, FieldRef, KindParams, is_numeric};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// So much per person per month for some months.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadcountSubsidy {
    pub headcount: FieldRef,
    pub per_person_month: Money,
    pub months: u16,
}

impl KindParams for HeadcountSubsidy {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        format!(
            "{}元/人/月 × {}个月",
            money::plain(self.per_person_month.0),
            self.months
        )
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if !is_numeric(self.headcount) {
            e.push(format!("headcount 应为数值字段: {}", self.headcount.path()));
        }
        e
    }
}
