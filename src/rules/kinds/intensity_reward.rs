//! Reward per 亩 by the multiple of the agreed investment intensity reached
//! (标准地投资奖励).

use super::Money;
use super::{Category, KindParams, Number};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A reward per 亩 once the investment intensity reaches a multiple of the
/// agreed intensity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntensityReward {
    pub tiers: Vec<RatioTier>,
    /// Completion must come within this many years of the construction permit.
    pub completion_within_years: Option<u8>,
    #[serde(default)]
    pub completion_clause: String,
    #[serde(default)]
    pub completion_text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioTier {
    /// Multiple of the agreed intensity to reach (inclusive).
    pub ratio: Number,
    pub per_mu: Money,
}

impl KindParams for IntensityReward {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        self.tiers
            .iter()
            .map(|t| {
                format!(
                    "≥{}×约定: {}/亩",
                    money::plain(t.ratio.0),
                    money::wan(t.per_mu.0)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.tiers.is_empty() {
            e.push("tiers 不能为空".into());
        }
        let mut tiers: Vec<_> = self.tiers.iter().collect();
        tiers.sort_by_key(|t| t.ratio);
        for w in tiers.windows(2) {
            if w[0].ratio == w[1].ratio {
                e.push(format!("tiers 重叠: ratio {} 出现两次", w[0].ratio.0));
            } else if w[0].per_mu > w[1].per_mu {
                e.push("tiers: 倍数越高奖励不应越低".into());
            }
        }
        if self.completion_within_years == Some(0) {
            e.push("completion_within_years 应大于0".into());
        }
        e
    }
}
