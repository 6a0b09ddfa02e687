//! A rate of the whole base, by the tier the base falls in (企业投资奖励).

use super::Money;
use super::{Category, FieldRef, KindParams, Rate, is_numeric};
use crate::money::{self, greater};
use crate::rules::{Rule, RuleSet};
use rust_decimal::Decimal;
use serde::Deserialize;

/// A rate of the whole base, by the tier the base falls in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieredRate {
    pub base: FieldRef,
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub from: Money,
    #[serde(default = "inclusive")]
    pub from_inclusive: bool,
    pub to: Money,
    #[serde(default)]
    pub to_inclusive: bool,
    pub rate: Rate,
}

/// A tier includes its lower end unless the rules file says otherwise.
fn inclusive() -> bool {
    true
}

impl Tier {
    pub fn contains(&self, x: Decimal) -> bool {
        // Through `money::greater` (integers when the scales agree): every
        // row asks this of every tier.
        let (from, to) = (self.from.0, self.to.0);
        let lower = if self.from_inclusive {
            !greater(from, x)
        } else {
            greater(x, from)
        };
        let upper = if self.to_inclusive {
            !greater(x, to)
        } else {
            greater(to, x)
        };
        lower && upper
    }

    /// `[5000万, 1亿)` in the notation of intervals.
    pub fn describe(&self) -> String {
        format!(
            "{}{}, {}{}",
            if self.from_inclusive { '[' } else { '(' },
            money::wan(self.from.0),
            money::wan(self.to.0),
            if self.to_inclusive { ']' } else { ')' }
        )
    }
}

impl KindParams for TieredRate {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        self.tiers
            .iter()
            .map(|t| format!("{} {}", t.describe(), money::percent(t.rate.0)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if !is_numeric(self.base) {
            e.push(format!("base 应为数值字段: {}", self.base.path()));
        }
        e.extend(tier_problems(&self.tiers));
        e
    }
}

/// Tiers must cover one unbroken range: each ends where the next begins, and
/// exactly one of the two includes the shared bound.
pub fn tier_problems(tiers: &[Tier]) -> Vec<String> {
    let mut e = Vec::new();
    if tiers.is_empty() {
        e.push("tiers 不能为空".into());
    }
    for (i, t) in tiers.iter().enumerate() {
        if t.from.0 >= t.to.0 {
            e.push(format!(
                "第{}档: 下限 {} 不小于上限 {}",
                i + 1,
                t.from.0,
                t.to.0
            ));
        }
    }
    for (i, w) in tiers.windows(2).enumerate() {
        let (a, b) = (&w[0], &w[1]);
        let n = i + 1;
        if b.from.0 < a.to.0 || (b.from.0 == a.to.0 && a.to_inclusive && b.from_inclusive) {
            e.push(format!(
                "第{n}档 {} 与第{}档 {} 重叠",
                a.describe(),
                n + 1,
                b.describe()
            ));
        } else if b.from.0 > a.to.0 || (!a.to_inclusive && !b.from_inclusive) {
            e.push(format!(
                "第{n}档 {} 与第{}档 {} 之间有空档",
                a.describe(),
                n + 1,
                b.describe()
            ));
        }
    }
    e
}
