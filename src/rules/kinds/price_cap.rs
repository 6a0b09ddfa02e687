//! A price held at a cap: the yearly saving is (market − cap) × quantity
//! (水、电、气限价).

use super::Money;
use super::{Category, FieldRef, KindParams, is_bool, is_numeric};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// A price held at a cap: the saving is (market − cap) × quantity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceCap {
    pub quantity: FieldRef,
    pub price: FieldRef,
    pub cap: Money,
    pub unit: String,
    /// A lower cap for users meeting a yes/no condition.
    pub lower_cap_when: Option<LowerCap>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerCap {
    pub field: FieldRef,
    pub cap: Money,
    pub label: String,
}

impl KindParams for PriceCap {
    fn categories(&self) -> &'static [Category] {
        &[Category::AnnualSaving]
    }

    fn summary(&self) -> String {
        match &self.lower_cap_when {
            Some(l) => format!(
                "≤{}{} ({}: ≤{})",
                money::plain(self.cap.0),
                self.unit,
                l.label,
                money::plain(l.cap.0)
            ),
            None => format!("≤{}{}", money::plain(self.cap.0), self.unit),
        }
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if !is_numeric(self.quantity) || !is_numeric(self.price) {
            e.push("quantity 与 price 应为数值字段".into());
        }
        if let Some(l) = &self.lower_cap_when {
            if !is_bool(l.field) {
                e.push(format!(
                    "lower_cap_when.field 应为是/否字段: {}",
                    l.field.path()
                ));
            }
            if l.cap > self.cap {
                e.push("lower_cap_when.cap 应不高于 cap".into());
            }
        }
        e
    }
}
