//! A support given in kind (priority for land, a fund, free training): no
//! amount, no parameters.

use super::{Category, KindParams};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// No parameters: the rule's own text says what is given.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benefit {}

impl KindParams for Benefit {
    fn categories(&self) -> &'static [Category] {
        &[Category::Benefit]
    }

    fn summary(&self) -> String {
        String::new()
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        Vec::new()
    }

    fn from_table(table: toml::Table) -> Result<Self, String> {
        if let Some(k) = table.keys().next() {
            return Err(format!("benefit 没有参数, 多余的 params.{k}"));
        }
        Ok(Benefit {})
    }
}
