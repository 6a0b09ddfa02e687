//! A share of retained tax for the years whose tax per 亩 beats the agreed
//! figure (标准地超标奖励).

use super::{Category, Condition, KindParams, Rate};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A share of retained tax for the years that beat the agreed figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetainedTaxRebate {
    pub years: u8,
    pub rate: Rate,
    /// A wider upper bound for some enterprises ("最高可给予").
    pub upper: Option<UpperBound>,
    /// As [`IntensityReward::completion_within_years`].
    pub completion_within_years: Option<u8>,
    #[serde(default)]
    pub completion_clause: String,
    #[serde(default)]
    pub completion_text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpperBound {
    pub when: Condition,
    pub years: u8,
    pub rate: Rate,
}

impl KindParams for RetainedTaxRebate {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        let mut s = format!("{}年 × {}", self.years, money::percent(self.rate.0));
        if let Some(u) = &self.upper {
            s.push_str(&format!(
                "; 最高 {}年 × {}",
                u.years,
                money::percent(u.rate.0)
            ));
        }
        s
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.years == 0 {
            e.push("years 应大于0".into());
        }
        if let Some(u) = &self.upper
            && (u.years < self.years || u.rate < self.rate)
        {
            e.push("upper 的年限和比率不应低于一般标准".into());
        }
        e
    }
}
