//! A subsidy per m² of new factory buildings, by structure (建设厂房补贴).

use super::Money;
use super::{Category, KindParams, choices};
use crate::money;
use crate::project::Field;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A subsidy per m² of new buildings, by structure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerAreaSubsidy {
    pub rates: BTreeMap<String, Money>,
}

impl KindParams for PerAreaSubsidy {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        self.rates
            .iter()
            .map(|(k, v)| format!("{k} {}元/m²", money::plain(v.0)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        for k in self.rates.keys() {
            if !choices(Field::BuildingStructure).contains(&k.as_str()) {
                e.push(format!("rates: 未知结构 {k:?}"));
            }
        }
        e
    }
}
