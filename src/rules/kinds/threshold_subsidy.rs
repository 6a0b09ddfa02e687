//! A yearly subsidy for a run of years whose tax reaches a threshold
//! (运输成本补贴).

use super::Money;
use super::{Category, KindParams, Rate};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A yearly subsidy for a run of years whose tax reaches a threshold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSubsidy {
    pub threshold: Money,
    pub years: u8,
    pub rate: Rate,
    pub cap_per_year: Money,
}

impl KindParams for ThresholdSubsidy {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        format!(
            "税收≥{}: {}年 × {}, 每年≤{}",
            money::wan(self.threshold.0),
            self.years,
            money::percent(self.rate.0),
            money::wan(self.cap_per_year.0)
        )
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.years == 0 {
            e.push("years 应大于0".into());
        }
        e
    }
}
