//! Parameters of the kinds for the award types and the claiming procedure of
//! the implementing rules (headquarters recognition, awards whose standard may
//! or may not be in the rules files, the filing round and the documents).
//! Every condition, threshold, date and document arrives from a rules file.

use super::kinds::KindParams;
use super::params::{Condition, Money, Rate};
use super::{FieldRef, Rule, RuleSet};
use crate::money;
use crate::project::schema::Ty;
use serde::Deserialize;

/// The kinds of this module, as written in rules files.
pub const NAMES: [&str; 4] = ["headquarters", "award", "procedure", "documents"];

/// One of the kinds of this module with its parameters.
#[derive(Debug, Clone)]
pub enum AwardKind {
    Headquarters(Headquarters),
    Award(Award),
    Procedure(Procedure),
    Documents(Documents),
}

fn params<T: serde::de::DeserializeOwned>(table: toml::Table) -> Result<T, String> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| format!("params: {}", super::messages::zh(e.message())))
}

impl AwardKind {
    /// Builds the kind `name` (one of [`NAMES`]) from its `params` table.
    pub fn parse(name: &str, table: toml::Table) -> Result<AwardKind, String> {
        Ok(match name {
            "headquarters" => AwardKind::Headquarters(params(table)?),
            "award" => AwardKind::Award(params(table)?),
            "procedure" => AwardKind::Procedure(params(table)?),
            _ => AwardKind::Documents(params(table)?),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            AwardKind::Headquarters(_) => NAMES[0],
            AwardKind::Award(_) => NAMES[1],
            AwardKind::Procedure(_) => NAMES[2],
            AwardKind::Documents(_) => NAMES[3],
        }
    }

    /// What the kind is, in the officers' words.
    pub fn label(&self) -> &'static str {
        match self {
            AwardKind::Headquarters(_) => "总部企业认定",
            AwardKind::Award(_) => "奖项",
            AwardKind::Procedure(_) => "申报程序",
            AwardKind::Documents(_) => "申报材料",
        }
    }
}

/// The award kinds share this file (they share their helpers and checks).
impl KindParams for AwardKind {
    fn categories(&self) -> &'static [super::Category] {
        use super::Category::*;
        match self {
            AwardKind::Headquarters(_) => &[Benefit],
            AwardKind::Award(_) => &[CashOneTime, Benefit],
            AwardKind::Procedure(_) | AwardKind::Documents(_) => &[Gate],
        }
    }

    fn summary(&self) -> String {
        match self {
            AwardKind::Headquarters(p) => format!(
                "{}项条件全部满足, 或{}种直接认定",
                p.criteria.len(),
                p.direct.len()
            ),
            AwardKind::Award(p) => match (p.rate, p.amount) {
                (Some(r), _) => format!("基数 × {}", money::percent(r.0)),
                (None, Some(a)) => money::wan(a.0),
                (None, None) => "标准未载入规则".into(),
            },
            AwardKind::Procedure(p) => format!(
                "{}月{}日前申报; 次{}年兑现",
                p.deadline_month, p.deadline_day, p.payment_years_after
            ),
            AwardKind::Documents(p) => format!("{}份材料", p.documents.len()),
        }
    }

    fn problems(&self, set: &RuleSet, rule: &Rule) -> Vec<String> {
        validate(set, rule, self)
    }
}

// ------------------------------------------------------------ headquarters

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

// ------------------------------------------------------------ awards

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

// ------------------------------------------------------------ procedure

/// The yearly round: where and by when to file, the review, the payment year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub office: String,
    pub deadline_month: i8,
    pub deadline_day: i8,
    pub deadline_clause: String,
    pub deadline_text: String,
    /// Rewards are paid from the budget this many years after the round.
    pub payment_years_after: i16,
    pub payment_clause: String,
    pub payment_text: String,
    pub steps: Vec<Step>,
}

/// One step of the procedure, with its month and working days when the text
/// gives them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    /// Month of the award year in which it happens, when the text says.
    pub month: Option<i8>,
    /// Words for when within the month (12月初 … 12月下旬).
    #[serde(default)]
    pub when: String,
    pub working_days: Option<u8>,
    /// Part of the December review (shown as the round's review).
    #[serde(default)]
    pub review: bool,
    /// Happens in the payment year (兑现).
    #[serde(default)]
    pub payment: bool,
    /// Which items the step is for (empty: all).
    #[serde(default)]
    pub items: Vec<String>,
    pub clause: String,
    pub text: String,
}

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

// ------------------------------------------------------------ validation

fn numeric(f: FieldRef) -> bool {
    matches!(
        f.0.spec().ty,
        Ty::Money | Ty::Int | Ty::Quantity(_) | Ty::Rate
    )
}

fn is_bool(f: FieldRef) -> bool {
    f.0.spec().ty == Ty::Bool
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
    if (c.at_least.is_some() || c.at_most.is_some()) && !numeric(c.field) {
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

/// Checks a kind of this module against the whole rule set.
pub fn validate(set: &RuleSet, rule: &Rule, kind: &AwardKind) -> Vec<String> {
    let mut e = Vec::new();
    match kind {
        AwardKind::Headquarters(p) => {
            if !is_bool(p.foreign_field) {
                e.push(format!(
                    "foreign_field 应为是/否字段: {}",
                    p.foreign_field.path()
                ));
            }
            if !numeric(p.rate_field) {
                e.push(format!("rate_field 应为数值字段: {}", p.rate_field.path()));
            }
            if p.criteria.is_empty() {
                e.push("criteria 不能为空".into());
            }
            let mut seen = std::collections::HashSet::new();
            for c in p.criteria.iter().chain(&p.direct) {
                criterion_problems(c, &mut e);
                if !seen.insert(c.id.as_str()) {
                    e.push(format!("criteria {}: id 重复", c.id));
                }
            }
        }
        AwardKind::Award(p) => {
            if let Some(b) = p.base {
                if !numeric(b) {
                    e.push(format!("base 应为数值字段: {}", b.path()));
                }
                match (b.0.spec().group(), p.base_latest_by) {
                    (Some(g), Some(by)) if by.0.spec().group() != Some(g) || !numeric(by) => e
                        .push(format!(
                            "base_latest_by 应为与 base 同一数组的数值字段: {}",
                            by.path()
                        )),
                    (Some(_), None) => {
                        e.push("base 是数组字段时须给出 base_latest_by".into());
                    }
                    (None, Some(_)) => e.push("base 不是数组字段, 不应有 base_latest_by".into()),
                    _ => {}
                }
            }
            if p.rate.is_some() && p.amount.is_some() {
                e.push("rate 与 amount 只能给出其一".into());
            }
            if p.rate.is_some() && p.base.is_none() {
                e.push("给出 rate 时须有 base".into());
            }
            if (p.rate.is_some() || p.amount.is_some()) && rule.category == super::Category::Benefit
            {
                e.push("category 为 benefit 的奖项不能有金额 (rate/amount)".into());
            }
            for f in &p.disqualifiers {
                if !is_bool(*f) || f.0.spec().group().is_some() {
                    e.push(format!("disqualifiers 只能是是/否字段: {}", f.path()));
                }
            }
            if let Some(f) = p.in_production
                && f.0.spec().ty != Ty::Date
            {
                e.push(format!("in_production 应为日期字段: {}", f.path()));
            }
            if let Some(f) = p.paying_tax
                && !numeric(f)
            {
                e.push(format!("paying_tax 应为数值字段: {}", f.path()));
            }
            if let Some(id) = &p.requires_item {
                match set.get(id) {
                    Some(r) if r.category == super::Category::Gate => {
                        e.push(format!("requires_item: {id} 是总则, 不是奖项"))
                    }
                    Some(r) if matches!(r.kind, super::Kind::Award(AwardKind::Award(_))) => {
                        e.push(format!("requires_item: {id} 不能是 award 类规则"))
                    }
                    Some(_) => {}
                    None => e.push(format!("requires_item: 引用了不存在的规则 {id}")),
                }
            }
            if let Some(id) = &p.industry_of_scope {
                match set.get(id) {
                    Some(r) if matches!(r.kind, super::Kind::Scope(_)) => {}
                    Some(_) => e.push(format!("industry_of_scope: {id} 不是 scope 规则")),
                    None => e.push(format!("industry_of_scope: 引用了不存在的规则 {id}")),
                }
            }
        }
        AwardKind::Procedure(p) => {
            let date = jiff::civil::Date::new(2024, p.deadline_month, p.deadline_day);
            if date.is_err() {
                e.push(format!(
                    "deadline {}月{}日 不是有效日期",
                    p.deadline_month, p.deadline_day
                ));
            }
            if !(0..=5).contains(&p.payment_years_after) {
                e.push("payment_years_after 应在 0–5 之间".into());
            }
            for s in &p.steps {
                if s.month.is_some_and(|m| !(1..=12).contains(&m)) {
                    e.push(format!("steps {}: month 应在 1–12 之间", s.name));
                }
                for id in &s.items {
                    if set.get(id).is_none() {
                        e.push(format!("steps {}: 引用了不存在的规则 {id}", s.name));
                    }
                }
            }
            let n = set
                .rules
                .iter()
                .filter(|r| matches!(&r.kind, super::Kind::Award(AwardKind::Procedure(_))))
                .count();
            if n > 1 {
                e.push("只能有一条 procedure 规则".into());
            }
        }
        AwardKind::Documents(p) => {
            let mut names: std::collections::HashMap<&str, &str> = Default::default();
            for d in &p.documents {
                if d.all != d.items.is_empty() {
                    e.push(format!(
                        "documents {}: items 与 all = true 应恰好给出其一",
                        d.id
                    ));
                }
                for id in &d.items {
                    match set.get(id) {
                        None => e.push(format!("documents {}: 引用了不存在的规则 {id}", d.id)),
                        Some(r) if r.category == super::Category::Gate => {
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
        }
    }
    e
}

// ------------------------------------------------------------ scope heads

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
                Some(r) if r.category == super::Category::Gate => {
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
