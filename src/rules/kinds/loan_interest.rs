//! Interest subsidy on new loans at a share of the benchmark rate, with a
//! cumulative cap (贷款贴息).

use super::Money;
use super::{Category, Day, KindParams, Rate};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Interest subsidy on new loans at a share of the benchmark rate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanInterest {
    pub months: u16,
    pub share: Rate,
    pub cap: Money,
    pub benchmark_date: Day,
    pub benchmark: Vec<BenchmarkTier>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkTier {
    pub label: String,
    /// Terms up to this many months (inclusive); absent for the top tier.
    pub up_to_months: Option<u16>,
    pub rate: Rate,
}

impl KindParams for LoanInterest {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        format!(
            "{}个月 × {}基准利率, 累计≤{}",
            self.months,
            money::percent(self.share.0),
            money::wan(self.cap.0)
        )
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.months == 0 {
            e.push("months 应大于0".into());
        }
        e.extend(benchmark_problems(&self.benchmark));
        e
    }
}

/// Benchmark tiers rise strictly and end with one open-ended tier.
fn benchmark_problems(tiers: &[BenchmarkTier]) -> Vec<String> {
    let mut e = Vec::new();
    let Some((last, rest)) = tiers.split_last() else {
        return vec!["benchmark 不能为空".into()];
    };
    if last.up_to_months.is_some() {
        e.push("benchmark 最后一档不应有 up_to_months (覆盖更长期限)".into());
    }
    let mut prev = 0u16;
    for t in rest {
        match t.up_to_months {
            Some(m) if m > prev => prev = m,
            Some(m) => e.push(format!("benchmark: up_to_months {m} 应递增")),
            None => e.push("benchmark: 只有最后一档可以不写 up_to_months".into()),
        }
    }
    e
}
