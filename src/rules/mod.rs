//! The policy as data: documents, rules and the parameters of each kind of
//! calculation, loaded and validated from `rules/*.toml`.

pub mod dated;
pub mod diff;
pub mod kinds;
mod load;
mod messages;
pub mod params;
pub mod plausibility;

pub use kinds::Kind;
pub use load::{EMBEDDED, RulesError, load_dir, load_embedded, load_sources, read_dir};
pub use params::{Condition, Test};

use crate::project::Field;
use jiff::civil::Date;
use serde::Serialize;
use std::sync::{Arc, Mutex};

/// One policy document (a file of rules): its number and validity window.
#[derive(Debug, Clone)]
pub struct Document {
    pub number: String,
    pub title: String,
    pub issued: Date,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    /// When the figures were last checked against the text.
    pub checked: Date,
    pub source: String,
    pub validity_text: String,
    pub file: String,
}

/// Where money from a rule falls in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    CashOneTime,
    CashMultiYear,
    AnnualSaving,
    Benefit,
    /// A project-level provision (eligibility, suspension, groups): no item.
    Gate,
}

impl Category {
    pub fn key(self) -> &'static str {
        match self {
            Category::CashOneTime => "cash_one_time",
            Category::CashMultiYear => "cash_multi_year",
            Category::AnnualSaving => "annual_saving",
            Category::Benefit => "benefit",
            Category::Gate => "gate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::CashOneTime => "一次性奖补",
            Category::CashMultiYear => "分年奖补",
            Category::AnnualSaving => "要素降本(每年)",
            Category::Benefit => "非资金支持",
            Category::Gate => "总则",
        }
    }

    pub fn is_money(self) -> bool {
        matches!(
            self,
            Category::CashOneTime | Category::CashMultiYear | Category::AnnualSaving
        )
    }
}

/// A field a rule refers to, resolved against the project schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldRef(pub Field);

impl FieldRef {
    pub fn path(self) -> &'static str {
        self.0.path()
    }
}

/// One rule: a clause of a document and how to compute it.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub label: String,
    pub category: Category,
    /// The clause within its document, e.g. `第1项` or `六(六)`.
    pub clause: String,
    /// The original sentence, quoted.
    pub text: String,
    /// How this calculator reads the clause where the text leaves a choice.
    pub reading: String,
    /// Index into [`RuleSet::documents`].
    pub document: usize,
    /// Facts of which at least one must be given for the rule to be in play.
    pub inputs: Vec<FieldRef>,
    /// Facts the rule needs once in play; absent ones give `needs_input`.
    pub requires: Vec<FieldRef>,
    /// Conditions that must all hold.
    pub when: Vec<Condition>,
    /// Yes/no conditions assumed true when absent.
    pub preconditions: Vec<FieldRef>,
    /// Dates after which the item may be claimed (preconditions).
    pub claimable_after: Option<params::ClaimableAfter>,
    /// Each schedule year rests on that whole calendar year's records, so it
    /// is claimed in the round after the year (second-round reading 9).
    pub claimed_after_year: bool,
    /// Clauses of other documents the item rests on (`"<number> <clause>"`),
    /// so that it is named when such a document is out of force.
    pub rests_on: Vec<String>,
    pub kind: Kind,
    /// Line of the rule in its file, for messages.
    pub line: usize,
    /// The rule from each date one of its values changes (dated values), in
    /// date order; empty when nothing in it is dated.
    pub versions: Vec<Version>,
    /// In a rule set resolved at a date: the version taken.
    pub in_force: Option<InForce>,
}

/// A rule as it stands from a date on, when some of its values are dated.
#[derive(Debug, Clone)]
pub struct Version {
    pub from: Date,
    /// The rule with every dated value taken at `from`.
    pub rule: Box<Rule>,
    /// The values that change on `from`, each with its clause (empty for the first).
    pub changes: Vec<dated::Change>,
}

/// The version of a dated rule a calculation used.
#[derive(Debug, Clone)]
pub struct InForce {
    pub from: Date,
    /// The values that changed on `from` (empty: the document's first values).
    pub changes: Vec<dated::Change>,
}

/// A validated set of rules with the fingerprint of the files it came from.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub documents: Vec<Document>,
    pub rules: Vec<Rule>,
    /// SHA-256 of the rules files (name and content, sorted by name).
    pub fingerprint: String,
    /// The office's plausibility check (`[plausibility]`), when a file has one.
    pub plausibility: plausibility::Plausibility,
    /// `[agreement]`: the law that keeps a promise made under a document in
    /// force (reading 13), when a file gives it.
    pub agreement: Option<Agreement>,
    /// The sets already resolved at some dates (by the version taken of each
    /// dated rule), shared by the threads of a batch: resolving clones the
    /// whole set, and a batch resolves once per project.
    pub(crate) resolved: Arc<Mutex<Vec<Resolved>>>,
}

/// A set resolved at some dates, keyed by the version taken of each rule.
pub(crate) type Resolved = (Vec<usize>, Arc<RuleSet>);

/// At most this many resolved sets are kept (each a copy of the rules).
const RESOLVED_KEPT: usize = 64;

/// A rule set as it stands at a date: the set itself when nothing in it is
/// dated, else a resolved copy (shared).
#[derive(Debug, Clone)]
pub enum InForceSet<'a> {
    Same(&'a RuleSet),
    Resolved(Arc<RuleSet>),
}

impl std::ops::Deref for InForceSet<'_> {
    type Target = RuleSet;
    fn deref(&self) -> &RuleSet {
        match self {
            InForceSet::Same(s) => s,
            InForceSet::Resolved(s) => s,
        }
    }
}

/// Why a project signed within a document's validity keeps that document:
/// the provision (`source`) and its words (`text`).
#[derive(Debug, Clone)]
pub struct Agreement {
    pub source: String,
    pub text: String,
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The document's number followed by the rule's clause.
    pub fn article(&self, rule: &Rule) -> String {
        format!("{} {}", self.documents[rule.document].number, rule.clause)
    }

    /// Rules that produce a line item (everything but gates).
    pub fn item_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.category != Category::Gate)
    }

    /// Whether any rule has dated values.
    pub fn has_versions(&self) -> bool {
        self.rules.iter().any(|r| !r.versions.is_empty())
    }

    /// The rule set with every dated rule taken at the date `date_of` gives
    /// for its document (its policy date): the version whose date is the last
    /// not after it (the first when it is before all). The set itself when
    /// nothing is dated.
    pub fn in_force(&self, date_of: impl Fn(usize) -> Date) -> InForceSet<'_> {
        if !self.has_versions() {
            return InForceSet::Same(self);
        }
        let taken: Vec<usize> = self
            .rules
            .iter()
            .map(|rule| {
                let date = date_of(rule.document);
                rule.versions
                    .iter()
                    .rposition(|v| v.from <= date)
                    .unwrap_or(0)
            })
            .collect();
        // A poisoned lock only loses the cache, never a result.
        if let Ok(cache) = self.resolved.lock()
            && let Some((_, set)) = cache.iter().find(|(k, _)| *k == taken)
        {
            return InForceSet::Resolved(Arc::clone(set));
        }
        let mut set = self.clone();
        set.resolved = Arc::default();
        for (rule, &i) in set.rules.iter_mut().zip(&taken) {
            let Some(v) = rule.versions.get(i) else {
                continue;
            };
            let in_force = InForce {
                from: v.from,
                changes: v.changes.clone(),
            };
            let mut version = (*v.rule).clone();
            version.in_force = Some(in_force);
            *rule = version;
        }
        let set = Arc::new(set);
        if let Ok(mut cache) = self.resolved.lock()
            && cache.len() < RESOLVED_KEPT
        {
            cache.push((taken, Arc::clone(&set)));
        }
        InForceSet::Resolved(set)
    }

    /// Ids of the monetary rules, in file order: the CSV's amount columns.
    pub fn money_ids(&self) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|r| r.category.is_money())
            .map(|r| r.id.as_str())
            .collect()
    }
}
