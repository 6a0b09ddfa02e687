//! An award type of the implementing rules: its conditions are checked; its
//! amount is computed when the rules file carries the standard, otherwise the
//! item is case by case.

use super::{Category, FieldRef, Kind, KindParams, Money, Rate, is_bool, is_numeric};
use crate::money;
use crate::project::schema::FieldType;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// An award of the implementing rules: its conditions are checked; the amount
/// is `rate × base` or a fixed `amount` when the rules file carries one, and
/// otherwise the item is case by case, naming where the standard lives.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// The figure the award is computed on (funds introduced, tax paid).
    pub base: Option<FieldRef>,
    /// For a base inside an array: the entry with the largest value of this
    /// field (the latest tax year).
    pub base_latest_by: Option<FieldRef>,
    pub rate: Option<Rate>,
    pub amount: Option<Money>,
    pub cap: Option<Money>,
    /// Where the standard is (a document not in the rules), said when absent.
    pub standard: String,
    /// Yes/no facts that exclude the award when true (absent: assumed false).
    #[serde(default)]
    pub disqualifiers: Vec<FieldRef>,
    /// A date that must have passed (production): absent is an assumption.
    pub in_production: Option<FieldRef>,
    /// An amount of which some entry must be above zero (tax paid).
    pub paying_tax: Option<FieldRef>,
    /// The industry must be among the industries of this scope rule.
    pub industry_of_scope: Option<String>,
    /// Another item (not an award) that must apply first (a recognition).
    pub requires_item: Option<String>,
    /// How the decision is taken when no standard is loaded.
    #[serde(default)]
    pub decided_by: String,
}

impl KindParams for Award {
    fn categories(&self) -> &'static [Category] {
        use Category::*;
        &[CashOneTime, Benefit]
    }

    fn summary(&self) -> String {
        match (self.rate, self.amount) {
            (Some(r), _) => format!("基数 × {}", money::percent(r.0)),
            (None, Some(a)) => money::wan(a.0),
            (None, None) => "标准未载入规则".into(),
        }
    }

    fn problems(&self, set: &RuleSet, rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if let Some(b) = self.base {
            if !is_numeric(b) {
                e.push(format!("base 应为数值字段: {}", b.path()));
            }
            match (b.0.spec().group(), self.base_latest_by) {
                (Some(g), Some(by)) if by.0.spec().group() != Some(g) || !is_numeric(by) => {
                    e.push(format!(
                        "base_latest_by 应为与 base 同一数组的数值字段: {}",
                        by.path()
                    ))
                }
                (Some(_), None) => {
                    e.push("base 是数组字段时须给出 base_latest_by".into());
                }
                (None, Some(_)) => e.push("base 不是数组字段, 不应有 base_latest_by".into()),
                _ => {}
            }
        }
        if self.rate.is_some() && self.amount.is_some() {
            e.push("rate 与 amount 只能给出其一".into());
        }
        if self.rate.is_some() && self.base.is_none() {
            e.push("给出 rate 时须有 base".into());
        }
        if (self.rate.is_some() || self.amount.is_some()) && rule.category == Category::Benefit {
            e.push("category 为 benefit 的奖项不能有金额 (rate/amount)".into());
        }
        for f in &self.disqualifiers {
            if !is_bool(*f) || f.0.spec().group().is_some() {
                e.push(format!("disqualifiers 只能是是/否字段: {}", f.path()));
            }
        }
        if let Some(f) = self.in_production
            && f.0.spec().ty != FieldType::Date
        {
            e.push(format!("in_production 应为日期字段: {}", f.path()));
        }
        if let Some(f) = self.paying_tax
            && !is_numeric(f)
        {
            e.push(format!("paying_tax 应为数值字段: {}", f.path()));
        }
        if let Some(id) = &self.requires_item {
            match set.get(id) {
                Some(r) if r.category == Category::Gate => {
                    e.push(format!("requires_item: {id} 是总则, 不是奖项"))
                }
                Some(r) if matches!(r.kind, Kind::Award(_)) => {
                    e.push(format!("requires_item: {id} 不能是 award 类规则"))
                }
                Some(_) => {}
                None => e.push(format!("requires_item: 引用了不存在的规则 {id}")),
            }
        }
        if let Some(id) = &self.industry_of_scope {
            match set.get(id) {
                Some(r) if matches!(r.kind, Kind::Scope(_)) => {}
                Some(_) => e.push(format!("industry_of_scope: {id} 不是 scope 规则")),
                None => e.push(format!("industry_of_scope: 引用了不存在的规则 {id}")),
            }
        }
        e
    }
}
