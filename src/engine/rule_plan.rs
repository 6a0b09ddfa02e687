//! A plan per header (issue 22): which rules a row of a file can put in
//! play, decided once from the fields its columns can set. A rule none of
//! whose `inputs` any column sets is out of play on every row (未填写): the
//! shared checks would settle it at their first step, so the plan settles it
//! without asking the project. The engine always evaluates through a plan;
//! `calc` and every other single project use [`RulePlan::open`].

use crate::project::Field;
use crate::rules::{Rule, RuleSet};

/// Per rule of a rule set (by its position in `RuleSet::rules`), whether it
/// is settled out of play for every row.
#[derive(Debug, Clone, Default)]
pub struct RulePlan {
    settled: Vec<bool>,
}

impl RulePlan {
    /// Nothing settled: every field may be given (a project file, `--set`).
    pub fn open() -> Self {
        RulePlan::default()
    }

    /// The plan for rows that can set only the fields `can_set` admits. A
    /// rule is settled when neither it nor any of its dated versions has an
    /// input such a row can give (a version in force on some row's date
    /// might otherwise read another field).
    pub fn for_fields(rules: &RuleSet, can_set: impl Fn(Field) -> bool) -> Self {
        let out_of_reach =
            |rule: &Rule| !rule.inputs.is_empty() && !rule.inputs.iter().any(|f| can_set(f.0));
        RulePlan {
            settled: rules
                .rules
                .iter()
                .map(|r| out_of_reach(r) && r.versions.iter().all(|v| out_of_reach(&v.rule)))
                .collect(),
        }
    }

    /// Whether the rule at `index` of the rule set is settled out of play.
    pub fn settled(&self, index: usize) -> bool {
        self.settled.get(index).copied().unwrap_or(false)
    }

    /// How many rules are settled (for tests and benchmarks).
    pub fn settled_count(&self) -> usize {
        self.settled.iter().filter(|s| **s).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, evaluate, evaluate_planned};
    use crate::project::Project;
    use crate::project::parse::from_toml;

    fn given(project: &Project, f: Field) -> bool {
        match f.spec().group() {
            None => project.get(f).is_some(),
            Some(g) => project.records(g).iter().any(|r| r.get(f).is_some()),
        }
    }

    #[test]
    fn rules_without_inputs_are_never_settled() {
        let rules = crate::rules::load_embedded().unwrap();
        let none = RulePlan::for_fields(&rules, |_| false);
        let with_inputs = rules.rules.iter().filter(|r| !r.inputs.is_empty()).count();
        assert_eq!(none.settled_count(), with_inputs);
        assert_eq!(RulePlan::for_fields(&rules, |_| true).settled_count(), 0);
        assert_eq!(RulePlan::open().settled_count(), 0);
    }

    /// Every case file and example, evaluated through the plan of its own
    /// fields (the rules none of its facts reaches settled), gives the report
    /// of the open plan, word for word. (In debug builds every settled rule
    /// is evaluated as well and compared, see `outcomes`.)
    #[test]
    fn a_plan_of_the_projects_own_fields_changes_no_report() {
        let rules = crate::rules::load_embedded().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["tests/cases", "examples"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") {
                    files.push(path);
                }
            }
        }
        let mut settled_somewhere = 0;
        let mut compared = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let Ok(project) = from_toml(&text, &["case", "expect"]) else {
                continue;
            };
            let plan = RulePlan::for_fields(&rules, |f| given(&project, f));
            settled_somewhere += usize::from(plan.settled_count() > 0);
            for as_of in [None, Some(jiff::civil::date(2026, 6, 1))] {
                for texts in [true, false] {
                    let opts = Options {
                        as_of,
                        texts,
                        ..Options::new(jiff::civil::date(2026, 12, 1))
                    };
                    let open = evaluate(&rules, &project, opts)
                        .map(|r| serde_json::to_string(&r).unwrap());
                    let planned = evaluate_planned(&rules, &plan, &project, opts)
                        .map(|r| serde_json::to_string(&r).unwrap());
                    assert_eq!(open, planned, "{}", path.display());
                    compared += 1;
                }
            }
        }
        assert!(compared > 300 * 4, "{compared} evaluations compared");
        assert!(settled_somewhere > 100, "{settled_somewhere}");
    }
}
