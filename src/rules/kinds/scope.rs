//! Who is eligible at all: start date, industry and the other heads of the
//! award scope (奖励范围). A gate: it gives no item of its own.

use super::Condition;
use super::{Category, Day, FieldRef, KindParams};
use crate::project::schema::FieldType;
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Who is eligible at all: start date, industry, and yes/no conditions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub start_field: FieldRef,
    pub start_on_or_after: Day,
    pub industry_field: FieldRef,
    pub industries: Vec<String>,
    #[serde(default)]
    pub focus: Vec<String>,
    #[serde(default)]
    pub focus_source: String,
    #[serde(default)]
    pub excluded: Vec<String>,
    /// The clause's words for the exclusions, shown when one is refused.
    #[serde(default)]
    pub excluded_source: String,
    /// Sectors plainly outside 新兴工业和高科技工业项目: refused when the
    /// name is or contains one (房地产业, 房屋建筑业 …).
    #[serde(default)]
    pub outside: Vec<String>,
    /// Words that mark an industrial project (制造, 装备 …): a name that
    /// contains an exclusion or outside sector *and* one of these is not
    /// refused by containment, only warned (风电装备制造, 建筑材料).
    #[serde(default)]
    pub industrial_words: Vec<String>,
    /// Where the `outside` list comes from (the clause's words).
    #[serde(default)]
    pub outside_source: String,
    /// The catalogue an unlisted industry is to be checked against.
    #[serde(default)]
    pub catalogue: String,
    /// Other heads of the award scope (a headquarters project, a project of
    /// major support): when one holds, the industry test is not applied.
    #[serde(default)]
    pub heads: Vec<ScopeHead>,
}

impl KindParams for Scope {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        format!(
            "{}起; {}个鼓励类产业",
            self.start_on_or_after.0,
            self.industries.len()
        )
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.start_field.0.spec().ty != FieldType::Date {
            e.push("start_field 应为日期字段".into());
        }
        if self.industry_field.0.spec().ty != FieldType::Text {
            e.push("industry_field 应为文本字段".into());
        }
        if self.industries.is_empty() {
            e.push("industries 不能为空".into());
        }
        for x in self.excluded.iter().chain(&self.outside) {
            if self.industries.contains(x) || self.focus.contains(x) {
                e.push(format!("{x:?} 既是鼓励类又被排除"));
            }
        }
        e.extend(head_problems(set, &self.heads));
        e
    }
}

/// A head of the award scope besides the industrial projects of its first
/// paragraph: it holds when the rule `item` qualifies (applies), or when all
/// of `when` hold on the project.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeHead {
    pub label: String,
    pub clause: String,
    pub text: String,
    pub item: Option<String>,
    #[serde(default)]
    pub when: Vec<Condition>,
}

/// Heads name existing item rules or give conditions, not both nor neither.
pub fn head_problems(set: &RuleSet, heads: &[ScopeHead]) -> Vec<String> {
    let mut e = Vec::new();
    for h in heads {
        match (&h.item, h.when.is_empty()) {
            (Some(id), true) => match set.get(id) {
                None => e.push(format!("heads {}: 引用了不存在的规则 {id}", h.label)),
                Some(r) if r.category == Category::Gate => {
                    e.push(format!("heads {}: {id} 是总则, 不是奖项", h.label))
                }
                Some(_) => {}
            },
            (None, false) => {}
            _ => e.push(format!("heads {}: item 与 when 应恰好给出其一", h.label)),
        }
    }
    e
}
