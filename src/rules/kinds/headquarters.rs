//! 总部经济企业认定: recognition of a headquarters enterprise, every criterion
//! met or one route of direct recognition.

use super::{Category, FieldRef, KindParams, Money, is_bool, is_numeric};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Recognition of a headquarters enterprise: every criterion met, or one of
/// the routes of direct recognition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headquarters {
    /// Yes/no: a foreign-funded enterprise, whose thresholds are in dollars.
    pub foreign_field: FieldRef,
    /// 元 per US dollar, given by the project (never a constant).
    pub rate_field: FieldRef,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub direct: Vec<Criterion>,
}

/// One condition of recognition: a field and exactly one test.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable English key (JSON, case files).
    pub id: String,
    /// What the policy calls it, in Chinese.
    pub name: String,
    pub field: FieldRef,
    /// At least this much (以上, 不低于, 不少于: inclusive), in the field's unit.
    pub at_least: Option<Money>,
    /// At most this much (e.g. a level number: 二级(含二级)以上 is ≤ 2).
    pub at_most: Option<Money>,
    /// The yes/no fact must be this.
    pub equals: Option<bool>,
    /// The field must be given (any value).
    pub present: Option<bool>,
    /// For foreign-funded enterprises: the threshold in US dollars instead.
    pub foreign_at_least_usd: Option<Money>,
    /// A unit for display (元, 家, 级).
    #[serde(default)]
    pub unit: String,
    pub clause: String,
    pub text: String,
}

impl KindParams for Headquarters {
    fn categories(&self) -> &'static [Category] {
        &[Category::Benefit]
    }

    fn summary(&self) -> String {
        format!(
            "{}项条件全部满足, 或{}种直接认定",
            self.criteria.len(),
            self.direct.len()
        )
    }

    fn problems(&self, _set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if !is_bool(self.foreign_field) {
            e.push(format!(
                "foreign_field 应为是/否字段: {}",
                self.foreign_field.path()
            ));
        }
        if !is_numeric(self.rate_field) {
            e.push(format!(
                "rate_field 应为数值字段: {}",
                self.rate_field.path()
            ));
        }
        if self.criteria.is_empty() {
            e.push("criteria 不能为空".into());
        }
        let mut seen = std::collections::HashSet::new();
        for c in self.criteria.iter().chain(&self.direct) {
            criterion_problems(c, &mut e);
            if !seen.insert(c.id.as_str()) {
                e.push(format!("criteria {}: id 重复", c.id));
            }
        }
        e
    }
}

fn criterion_problems(c: &Criterion, out: &mut Vec<String>) {
    let tests = [
        c.at_least.is_some(),
        c.at_most.is_some(),
        c.equals.is_some(),
        c.present.is_some(),
    ];
    if tests.iter().filter(|t| **t).count() != 1 {
        out.push(format!(
            "criteria {}: 应恰好有一个检验 (at_least, at_most, equals 或 present)",
            c.id
        ));
    }
    if (c.at_least.is_some() || c.at_most.is_some()) && !is_numeric(c.field) {
        out.push(format!(
            "criteria {}: {} 不是数值字段",
            c.id,
            c.field.path()
        ));
    }
    if c.equals.is_some() && !is_bool(c.field) {
        out.push(format!(
            "criteria {}: {} 不是是/否字段",
            c.id,
            c.field.path()
        ));
    }
    if c.foreign_at_least_usd.is_some() && c.at_least.is_none() {
        out.push(format!(
            "criteria {}: foreign_at_least_usd 须与 at_least 同时给出",
            c.id
        ));
    }
    if c.field.0.spec().group().is_some() {
        out.push(format!("criteria {}: 只能引用非数组字段", c.id));
    }
    if c.id.is_empty() || !c.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        out.push(format!(
            "criteria {:?}: id 只能由小写字母和下划线组成",
            c.id
        ));
    }
}
