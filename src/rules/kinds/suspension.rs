//! Yes/no facts any of which suspends payment (暂停兑现). A gate.

use super::{Category, FieldRef, KindParams, is_bool};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Yes/no facts any of which suspends payment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    pub fields: Vec<FieldRef>,
}

impl KindParams for Suspension {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        format!("{}项情形", self.fields.len())
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        for f in &self.fields {
            if !is_bool(*f) {
                e.push(format!("fields 只能是是/否字段: {}", f.path()));
            }
        }
        e
    }
}
