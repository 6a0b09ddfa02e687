//! Limits on the terms of land supplied flexibly, by supply mode (灵活供地方式).

use super::{Category, KindParams, choices};
use crate::project::Field;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Limits on land supply terms, by supply mode.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermCheck {
    pub modes: Vec<TermMode>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermMode {
    pub supply: String,
    pub label: String,
    pub max_total_years: u16,
    pub max_lease_years: Option<u16>,
}

impl KindParams for TermCheck {
    fn categories(&self) -> &'static [Category] {
        &[Category::Benefit]
    }

    fn summary(&self) -> String {
        self.modes
            .iter()
            .map(|m| match m.max_lease_years {
                Some(l) => format!("{} ≤{}年(租≤{}年)", m.label, m.max_total_years, l),
                None => format!("{} ≤{}年", m.label, m.max_total_years),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        for m in &self.modes {
            if !choices(Field::Supply).contains(&m.supply.as_str()) {
                e.push(format!("modes: 未知供地方式 {:?}", m.supply));
            }
            if m.max_lease_years.is_some_and(|l| l > m.max_total_years) {
                e.push(format!("modes {}: 租赁年限上限超过总年限上限", m.supply));
            }
        }
        e
    }
}
