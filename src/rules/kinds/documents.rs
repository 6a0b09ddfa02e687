//! 申报材料: the documents to file, each for the items it serves. A gate.

use super::{Category, Condition, KindParams};
use crate::rules::{Rule, RuleSet};
use serde::Deserialize;

/// The documents to file, each for the items it serves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Entries with the same id are one document (listed once).
    pub id: String,
    pub name: String,
    /// The rule ids it serves; with `all`, every item in the checklist.
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub all: bool,
    /// Conditions on the project, all of which must hold (absent: not listed).
    #[serde(default)]
    pub when: Vec<Condition>,
    /// When it is needed, in words (如委托他人代为办理).
    #[serde(default)]
    pub note: String,
    pub clause: String,
    pub text: String,
}

impl KindParams for Documents {
    fn categories(&self) -> &'static [Category] {
        &[Category::Gate]
    }

    fn summary(&self) -> String {
        format!("{}份材料", self.documents.len())
    }

    fn problems(&self, set: &RuleSet, _rule: &Rule) -> Vec<String> {
        let mut e = Vec::new();
        let mut names: std::collections::HashMap<&str, &str> = Default::default();
        for d in &self.documents {
            if d.all != d.items.is_empty() {
                e.push(format!(
                    "documents {}: items 与 all = true 应恰好给出其一",
                    d.id
                ));
            }
            for id in &d.items {
                match set.get(id) {
                    None => e.push(format!("documents {}: 引用了不存在的规则 {id}", d.id)),
                    Some(r) if r.category == Category::Gate => {
                        e.push(format!("documents {}: {id} 是总则, 不是奖项", d.id))
                    }
                    Some(_) => {}
                }
            }
            if let Some(prev) = names.insert(&d.id, &d.name)
                && prev != d.name
            {
                e.push(format!("documents {}: 同一 id 的名称不一致", d.id));
            }
        }
        e
    }
}
