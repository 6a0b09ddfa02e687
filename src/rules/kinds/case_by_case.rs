//! Projects decided case by case by the city government (一事一议).

use super::{Category, Condition, KindParams, rule_of_kind};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Projects decided case by case: any trigger puts the project there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseByCase {
    pub triggers: Vec<Condition>,
    /// A tiered rule whose base above its top tier also triggers.
    pub above_top_tier_of: Option<String>,
}

impl KindParams for CaseByCase {
    fn categories(&self) -> &'static [Category] {
        &[Category::Benefit]
    }

    fn summary(&self) -> String {
        "一事一议".into()
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if let Some(id) = &self.above_top_tier_of
            && let Err(m) = rule_of_kind(set, id, "tiered_rate")
        {
            e.push(format!("above_top_tier_of: {m}"));
        }
        e
    }
}
