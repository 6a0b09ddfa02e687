//! Amounts that do not count toward a tiered base (外来投资口径). A gate.

use super::{Category, FieldRef, KindParams, is_numeric, rule_of_kind};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Amounts that do not count toward a base (government money, local loans).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    pub deduct: Vec<FieldRef>,
    pub applies_to: Vec<String>,
}

impl KindParams for Deduction {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        format!("扣除 {}项", self.deduct.len())
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        for f in &self.deduct {
            if !is_numeric(*f) {
                e.push(format!("deduct 应为数值字段: {}", f.path()));
            }
        }
        for id in &self.applies_to {
            if let Err(m) = rule_of_kind(set, id, "tiered_rate") {
                e.push(format!("applies_to: {m}"));
            }
        }
        e
    }
}
