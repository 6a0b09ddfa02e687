//! A fixed amount once the rule's conditions hold (上市、挂牌奖励).

use super::Money;
use super::{Category, KindParams};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A fixed amount once the rule's conditions hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LumpSum {
    pub amount: Money,
}

impl KindParams for LumpSum {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        money::wan(self.amount.0)
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        Vec::new()
    }
}
