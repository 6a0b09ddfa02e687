//! A percentage off a yearly bill (供热、网络资费).

use super::{Category, FieldRef, KindParams, Rate, is_numeric};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A percentage off an annual bill.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    pub base: FieldRef,
    pub rate: Rate,
}

impl KindParams for Discount {
    fn categories(&self) -> &'static [Category] {
        &[Category::AnnualSaving]
    }

    fn summary(&self) -> String {
        money::percent(self.rate.0)
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if !is_numeric(self.base) {
            e.push(format!("base 应为数值字段: {}", self.base.path()));
        }
        e
    }
}
