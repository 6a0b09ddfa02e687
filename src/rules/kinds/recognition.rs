//! How a field's values are recognised (500强及行业20强认定). A gate.

use super::{Category, FieldRef, KindParams, choices};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// How a field's values are recognised (top-enterprise lists).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    pub field: FieldRef,
    pub ranks: Vec<Rank>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rank {
    pub value: String,
    pub label: String,
    pub list: String,
}

impl KindParams for Recognition {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        self.ranks
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        let allowed = choices(self.field.0);
        if allowed.is_empty() {
            e.push(format!("field 应为选项字段: {}", self.field.path()));
        }
        for r in &self.ranks {
            if !allowed.contains(&r.value.as_str()) {
                e.push(format!("ranks: 未知取值 {:?}", r.value));
            }
        }
        e
    }
}
