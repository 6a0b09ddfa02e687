//! Rent waived for the first months of a lease, on a limited area (租金免交).

use super::{Category, KindParams, Number};
use crate::money;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Rent waived for the first months of a lease, on a limited area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentFree {
    pub months: u16,
    pub max_area_m2: Number,
}

impl KindParams for RentFree {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, CashMultiYear]
    }

    fn summary(&self) -> String {
        format!(
            "{}个月, ≤{}m²",
            self.months,
            money::plain(self.max_area_m2.0)
        )
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.months == 0 || self.max_area_m2.0.is_zero() {
            e.push("months 与 max_area_m2 应大于0".into());
        }
        e
    }
}
