//! Rules of which only the highest is paid (不重复奖励). A gate.

use super::{Category, KindParams};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// Rules of which only the highest is paid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusiveGroup {
    pub members: Vec<String>,
}

impl KindParams for ExclusiveGroup {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        self.members.join(" / ")
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        if self.members.len() < 2 {
            e.push("members 至少两项".into());
        }
        for (i, id) in self.members.iter().enumerate() {
            match set.get(id) {
                None => e.push(format!("members: 引用了不存在的规则 {id}")),
                Some(r) if !r.category.is_money() => {
                    e.push(format!("members: {id} 不是资金类规则"))
                }
                Some(_) if self.members[..i].contains(id) => e.push(format!("members: {id} 重复")),
                Some(_) => {}
            }
        }
        e
    }
}
