//! The kinds of calculation the engine knows and the parameters each takes.
//! Amounts, rates, thresholds and durations arrive here from the rules files;
//! none is written in code.

use super::FieldRef;
use crate::money;
use crate::project::schema::{self, Ty};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// Money in a rules file: a string with optional unit (`"80万"`) or an
/// integer of 元; never negative. Floats are refused: they pass through binary floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Decimal);

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        let v = money::parse_money(&text).map_err(serde::de::Error::custom)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(serde::de::Error::custom(format!("金额不能为负: {text}")));
        }
        if v > money::MAX_MONEY {
            return Err(serde::de::Error::custom(format!(
                "金额超过上限 10^15 元: {text}"
            )));
        }
        Ok(Money(v))
    }
}

/// A rate in a rules file: `"3.5%"` or `"0.035"`, within 0–100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub Decimal);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        let v = money::parse_rate(&text).map_err(serde::de::Error::custom)?;
        if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE {
            return Err(serde::de::Error::custom(format!(
                "比率应在 0–100% 之间: {text}"
            )));
        }
        Ok(Rate(v))
    }
}

/// A plain non-negative number (a ratio such as 1.3), written as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Number(pub Decimal);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        let v = money::parse_number(&text).map_err(serde::de::Error::custom)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(serde::de::Error::custom(format!("不能为负: {text}")));
        }
        Ok(Number(v))
    }
}

/// Accepts a string or an integer; refuses floats with a reason.
fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    match Raw::deserialize(d)? {
        Raw::Int(i) => Ok(i.to_string()),
        Raw::Text(s) => Ok(s),
        Raw::Other(_) => Err(serde::de::Error::custom(
            "应为字符串或整数; 小数请写成字符串 (如 \"0.30\"), 以免二进制浮点误差",
        )),
    }
}

/// A calendar date in a rules file (TOML date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub Date);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time) {
            (Some(date), None) => Date::new(date.year as i16, date.month as i8, date.day as i8)
                .map(Day)
                .map_err(|e| serde::de::Error::custom(format!("无效日期 {dt}: {e}"))),
            _ => Err(serde::de::Error::custom(format!(
                "应为日期 YYYY-MM-DD: {dt}"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for FieldRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let path = String::deserialize(d)?;
        schema::by_path(&path)
            .map(|s| FieldRef(s.field))
            .ok_or_else(|| serde::de::Error::custom(schema::unknown_field_message(&path)))
    }
}

/// A test on one project field.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The field equals a word or a yes/no.
    Equals(EqValue),
    /// The field is given (or, with `false`, not given).
    Present(bool),
    /// The field is at least this much (达到, 以上: inclusive).
    AtLeast(Decimal),
    /// The field is more than this (超过: exclusive).
    Above(Decimal),
    /// The field is at least `share` of another field.
    ShareAtLeast { of: FieldRef, share: Decimal },
}

#[derive(Debug, Clone, PartialEq)]
pub enum EqValue {
    Word(String),
    Flag(bool),
}

/// A condition of a rule: a field and a test.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawCondition")]
pub struct Condition {
    pub field: FieldRef,
    pub test: Test,
}

impl Condition {
    /// The condition as people read it: `listing.board = main`.
    pub fn describe(&self) -> String {
        let f = self.field.path();
        match &self.test {
            Test::Equals(EqValue::Word(w)) => format!("{f} = {w}"),
            Test::Equals(EqValue::Flag(b)) => format!("{f} = {b}"),
            Test::Present(true) => format!("{f} 已填写"),
            Test::Present(false) => format!("{f} 未填写"),
            Test::AtLeast(m) => format!("{f} ≥ {}", money::grouped(*m)),
            Test::Above(m) => format!("{f} > {}", money::grouped(*m)),
            Test::ShareAtLeast { of, share } => {
                format!("{f} ≥ {} × {}", of.path(), money::percent(*share))
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    field: FieldRef,
    equals: Option<toml::Value>,
    present: Option<bool>,
    at_least: Option<Money>,
    above: Option<Money>,
    at_least_share_of: Option<FieldRef>,
    share: Option<Rate>,
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(raw: RawCondition) -> Result<Self, String> {
        let field = raw.field;
        let spec = field.0.spec();
        if spec.group().is_some() {
            return Err(format!("条件只能引用非数组字段: {}", spec.path));
        }
        let mut tests = Vec::new();
        if let Some(v) = raw.equals {
            tests.push(Test::Equals(equals_value(spec, v)?));
        }
        if let Some(p) = raw.present {
            tests.push(Test::Present(p));
        }
        if let Some(Money(m)) = raw.at_least {
            tests.push(Test::AtLeast(m));
        }
        if let Some(Money(m)) = raw.above {
            tests.push(Test::Above(m));
        }
        match (raw.at_least_share_of, raw.share) {
            (Some(of), Some(Rate(share))) => tests.push(Test::ShareAtLeast { of, share }),
            (None, None) => {}
            _ => return Err("at_least_share_of 与 share 须同时给出".into()),
        }
        let numeric = matches!(spec.ty, Ty::Money | Ty::Int | Ty::Quantity(_) | Ty::Rate);
        match tests.as_slice() {
            [Test::AtLeast(_) | Test::Above(_) | Test::ShareAtLeast { .. }] if !numeric => {
                Err(format!("{} 不是数值字段, 不能比较大小", spec.path))
            }
            [_] => Ok(Condition {
                field,
                test: tests.remove(0),
            }),
            _ => Err(format!(
                "条件 {} 应恰好有一个检验: equals, present, at_least, above 或 at_least_share_of",
                spec.path
            )),
        }
    }
}

fn equals_value(spec: &schema::FieldSpec, v: toml::Value) -> Result<EqValue, String> {
    match (spec.ty, v) {
        (Ty::Bool, toml::Value::Boolean(b)) => Ok(EqValue::Flag(b)),
        (Ty::Choice(choices), toml::Value::String(s)) => {
            if choices.iter().any(|c| c.value == s) {
                Ok(EqValue::Word(s))
            } else {
                let words: Vec<&str> = choices.iter().map(|c| c.value).collect();
                Err(format!(
                    "{} 只能取 {}, 不能是 {s:?}",
                    spec.path,
                    words.join(", ")
                ))
            }
        }
        (Ty::Text, toml::Value::String(s)) => Ok(EqValue::Word(s)),
        (_, other) => Err(format!("{} 的 equals 值类型不对: {other}", spec.path)),
    }
}

/// A reward per 亩 once the investment intensity reaches a multiple of the
/// agreed intensity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntensityReward {
    pub tiers: Vec<RatioTier>,
    /// Completion must come within this many years of the construction permit.
    pub completion_within_years: Option<u8>,
    #[serde(default)]
    pub completion_clause: String,
    #[serde(default)]
    pub completion_text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioTier {
    /// Multiple of the agreed intensity to reach (inclusive).
    pub ratio: Number,
    pub per_mu: Money,
}

/// A share of retained tax for the years that beat the agreed figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetainedTaxRebate {
    pub years: u8,
    pub rate: Rate,
    /// A wider upper bound for some enterprises ("最高可给予").
    pub upper: Option<UpperBound>,
    /// As [`IntensityReward::completion_within_years`].
    pub completion_within_years: Option<u8>,
    #[serde(default)]
    pub completion_clause: String,
    #[serde(default)]
    pub completion_text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpperBound {
    pub when: Condition,
    pub years: u8,
    pub rate: Rate,
}

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

/// A subsidy per m² of new buildings, by structure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerAreaSubsidy {
    pub rates: BTreeMap<String, Money>,
}

/// Rent waived for the first months of a lease, on a limited area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentFree {
    pub months: u16,
    pub max_area_m2: Number,
}

/// A share of the rent not already waived, for months from production.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentReduction {
    pub months: u16,
    pub rate_min: Rate,
    pub rate_max: Rate,
    /// The rent-free rule whose waived rent is not reduced twice.
    pub free_rule: String,
}

/// Interest subsidy on new loans at a share of the benchmark rate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanInterest {
    pub months: u16,
    pub share: Rate,
    pub cap: Money,
    pub benchmark_date: Day,
    pub benchmark: Vec<BenchmarkTier>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkTier {
    pub label: String,
    /// Terms up to this many months (inclusive); absent for the top tier.
    pub up_to_months: Option<u16>,
    pub rate: Rate,
}

/// A rate of the whole base, by the tier the base falls in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieredRate {
    pub base: FieldRef,
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub from: Money,
    #[serde(default = "yes")]
    pub from_inclusive: bool,
    pub to: Money,
    #[serde(default)]
    pub to_inclusive: bool,
    pub rate: Rate,
}

fn yes() -> bool {
    true
}

impl Tier {
    pub fn contains(&self, x: Decimal) -> bool {
        let lower = if self.from_inclusive {
            x >= self.from.0
        } else {
            x > self.from.0
        };
        let upper = if self.to_inclusive {
            x <= self.to.0
        } else {
            x < self.to.0
        };
        lower && upper
    }

    /// `[5000万, 1亿)` in the notation of intervals.
    pub fn describe(&self) -> String {
        format!(
            "{}{}, {}{}",
            if self.from_inclusive { '[' } else { '(' },
            money::wan(self.from.0),
            money::wan(self.to.0),
            if self.to_inclusive { ']' } else { ')' }
        )
    }
}

/// A fixed amount once the rule's conditions hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LumpSum {
    pub amount: Money,
}

/// A price held at a cap: the saving is (market − cap) × quantity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceCap {
    pub quantity: FieldRef,
    pub price: FieldRef,
    pub cap: Money,
    pub unit: String,
    /// A lower cap for users meeting a yes/no condition.
    pub lower_cap_when: Option<LowerCap>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerCap {
    pub field: FieldRef,
    pub cap: Money,
    pub label: String,
}

/// A percentage off an annual bill.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    pub base: FieldRef,
    pub rate: Rate,
}

/// A yearly subsidy for a run of years whose tax reaches a threshold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSubsidy {
    pub threshold: Money,
    pub years: u8,
    pub rate: Rate,
    pub cap_per_year: Money,
}

/// So much per person per month for some months.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadcountSubsidy {
    pub headcount: FieldRef,
    pub per_person_month: Money,
    pub months: u16,
}

/// Projects decided case by case: any trigger puts the project there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseByCase {
    pub triggers: Vec<Condition>,
    /// A tiered rule whose base above its top tier also triggers.
    pub above_top_tier_of: Option<String>,
}

/// Dates after which an item may be claimed (竣工投产后): preconditions, not
/// facts to ask for. Absent: assumed (strict: needs input); later than the
/// evaluation date: estimated and scheduled when it becomes claimable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimableAfter {
    pub fields: Vec<FieldRef>,
    /// What the dates mark, e.g. 竣工投产.
    pub label: String,
}

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
    pub heads: Vec<super::award_params::ScopeHead>,
}

/// Yes/no facts any of which suspends payment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    pub fields: Vec<FieldRef>,
}

/// Amounts that do not count toward a base (government money, local loans).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    pub deduct: Vec<FieldRef>,
    pub applies_to: Vec<String>,
}

/// Rules of which only the highest is paid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusiveGroup {
    pub members: Vec<String>,
}

/// How a field's values are recognised (top-enterprise lists).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    pub field: FieldRef,
    pub ranks: Vec<Rank>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rank {
    pub value: String,
    pub label: String,
    pub list: String,
}

/// A kind of calculation with its parameters.
#[derive(Debug, Clone)]
pub enum Kind {
    IntensityReward(IntensityReward),
    RetainedTaxRebate(RetainedTaxRebate),
    Benefit,
    TermCheck(TermCheck),
    PerAreaSubsidy(PerAreaSubsidy),
    RentFree(RentFree),
    RentReduction(RentReduction),
    LoanInterest(LoanInterest),
    TieredRate(TieredRate),
    LumpSum(LumpSum),
    PriceCap(PriceCap),
    Discount(Discount),
    ThresholdSubsidy(ThresholdSubsidy),
    HeadcountSubsidy(HeadcountSubsidy),
    CaseByCase(CaseByCase),
    Scope(Scope),
    Suspension(Suspension),
    Deduction(Deduction),
    ExclusiveGroup(ExclusiveGroup),
    Recognition(Recognition),
    /// The award types and the claiming procedure (see `award_params`).
    Award(super::award_params::AwardKind),
}

/// Every kind name a rules file may use.
pub const KIND_NAMES: [&str; 20] = [
    "intensity_reward",
    "retained_tax_rebate",
    "benefit",
    "term_check",
    "per_area_subsidy",
    "rent_free",
    "rent_reduction",
    "loan_interest",
    "tiered_rate",
    "lump_sum",
    "price_cap",
    "discount",
    "threshold_subsidy",
    "headcount_subsidy",
    "case_by_case",
    "scope",
    "suspension",
    "deduction",
    "exclusive_group",
    "recognition",
];

/// What each kind of [`KIND_NAMES`] computes, in the officers' words.
const KIND_LABELS: [&str; 20] = [
    "亩均强度分档奖励",
    "留成税收返还",
    "非资金支持",
    "期限核对",
    "按面积补贴",
    "免租",
    "租金减免",
    "贷款贴息",
    "分档比例奖励",
    "定额奖励",
    "限价降本",
    "资费折扣",
    "税收门槛补贴",
    "按人数补贴",
    "一事一议",
    "奖励范围",
    "暂停兑现",
    "投资额扣除",
    "不重复奖励",
    "认定",
];

fn params<T: serde::de::DeserializeOwned>(table: toml::Table) -> Result<T, String> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| format!("params: {}", super::messages::zh(e.message())))
}

impl Kind {
    /// Builds a kind from its name and `params` table.
    pub fn parse(name: &str, table: toml::Table) -> Result<Kind, String> {
        Ok(match name {
            "intensity_reward" => Kind::IntensityReward(params(table)?),
            "retained_tax_rebate" => Kind::RetainedTaxRebate(params(table)?),
            "benefit" => {
                if let Some(k) = table.keys().next() {
                    return Err(format!("benefit 没有参数, 多余的 params.{k}"));
                }
                Kind::Benefit
            }
            "term_check" => Kind::TermCheck(params(table)?),
            "per_area_subsidy" => Kind::PerAreaSubsidy(params(table)?),
            "rent_free" => Kind::RentFree(params(table)?),
            "rent_reduction" => Kind::RentReduction(params(table)?),
            "loan_interest" => Kind::LoanInterest(params(table)?),
            "tiered_rate" => Kind::TieredRate(params(table)?),
            "lump_sum" => Kind::LumpSum(params(table)?),
            "price_cap" => Kind::PriceCap(params(table)?),
            "discount" => Kind::Discount(params(table)?),
            "threshold_subsidy" => Kind::ThresholdSubsidy(params(table)?),
            "headcount_subsidy" => Kind::HeadcountSubsidy(params(table)?),
            "case_by_case" => Kind::CaseByCase(params(table)?),
            "scope" => Kind::Scope(params(table)?),
            "suspension" => Kind::Suspension(params(table)?),
            "deduction" => Kind::Deduction(params(table)?),
            "exclusive_group" => Kind::ExclusiveGroup(params(table)?),
            "recognition" => Kind::Recognition(params(table)?),
            other if super::award_params::NAMES.contains(&other) => {
                Kind::Award(super::award_params::AwardKind::parse(other, table)?)
            }
            other => {
                let names: Vec<&str> = KIND_NAMES
                    .iter()
                    .chain(&super::award_params::NAMES)
                    .copied()
                    .collect();
                let hint = schema::nearest(other, &names)
                    .map(|n| format!("是否应为 {n:?}? "))
                    .unwrap_or_default();
                return Err(format!(
                    "未知的计算类型 kind = {other:?}; {hint}可用: {}",
                    names.join(", ")
                ));
            }
        })
    }

    pub fn name(&self) -> &'static str {
        let i = match self {
            Kind::IntensityReward(_) => 0,
            Kind::RetainedTaxRebate(_) => 1,
            Kind::Benefit => 2,
            Kind::TermCheck(_) => 3,
            Kind::PerAreaSubsidy(_) => 4,
            Kind::RentFree(_) => 5,
            Kind::RentReduction(_) => 6,
            Kind::LoanInterest(_) => 7,
            Kind::TieredRate(_) => 8,
            Kind::LumpSum(_) => 9,
            Kind::PriceCap(_) => 10,
            Kind::Discount(_) => 11,
            Kind::ThresholdSubsidy(_) => 12,
            Kind::HeadcountSubsidy(_) => 13,
            Kind::CaseByCase(_) => 14,
            Kind::Scope(_) => 15,
            Kind::Suspension(_) => 16,
            Kind::Deduction(_) => 17,
            Kind::ExclusiveGroup(_) => 18,
            Kind::Recognition(_) => 19,
            Kind::Award(a) => return a.name(),
        };
        KIND_NAMES[i]
    }

    /// The kind for people: `分档比例奖励 (tiered_rate)`.
    pub fn display(&self) -> String {
        let label = match self {
            Kind::Award(a) => a.label(),
            _ => KIND_NAMES
                .iter()
                .position(|n| *n == self.name())
                .and_then(|i| KIND_LABELS.get(i))
                .copied()
                .unwrap_or(""),
        };
        format!("{label} ({})", self.name())
    }

    /// The categories a rule of this kind may declare.
    pub fn categories(&self) -> &'static [super::Category] {
        use super::Category::*;
        match self {
            Kind::Benefit | Kind::TermCheck(_) | Kind::CaseByCase(_) => &[Benefit],
            Kind::PriceCap(_) | Kind::Discount(_) => &[AnnualSaving],
            Kind::Scope(_)
            | Kind::Suspension(_)
            | Kind::Deduction(_)
            | Kind::ExclusiveGroup(_)
            | Kind::Recognition(_) => &[Gate],
            Kind::Award(a) => a.categories(),
            _ => &[CashOneTime, CashMultiYear],
        }
    }

    /// The main numbers of the kind, for `rules list`.
    pub fn summary(&self) -> String {
        match self {
            Kind::IntensityReward(p) => p
                .tiers
                .iter()
                .map(|t| {
                    format!(
                        "≥{}×约定: {}/亩",
                        money::plain(t.ratio.0),
                        money::wan(t.per_mu.0)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            Kind::RetainedTaxRebate(p) => {
                let mut s = format!("{}年 × {}", p.years, money::percent(p.rate.0));
                if let Some(u) = &p.upper {
                    s.push_str(&format!(
                        "; 最高 {}年 × {}",
                        u.years,
                        money::percent(u.rate.0)
                    ));
                }
                s
            }
            Kind::Benefit => String::new(),
            Kind::TermCheck(p) => p
                .modes
                .iter()
                .map(|m| match m.max_lease_years {
                    Some(l) => format!("{} ≤{}年(租≤{}年)", m.label, m.max_total_years, l),
                    None => format!("{} ≤{}年", m.label, m.max_total_years),
                })
                .collect::<Vec<_>>()
                .join("; "),
            Kind::PerAreaSubsidy(p) => p
                .rates
                .iter()
                .map(|(k, v)| format!("{k} {}元/m²", money::plain(v.0)))
                .collect::<Vec<_>>()
                .join("; "),
            Kind::RentFree(p) => format!("{}个月, ≤{}m²", p.months, money::plain(p.max_area_m2.0)),
            Kind::RentReduction(p) => format!(
                "{}个月, {}–{}",
                p.months,
                money::percent(p.rate_min.0),
                money::percent(p.rate_max.0)
            ),
            Kind::LoanInterest(p) => format!(
                "{}个月 × {}基准利率, 累计≤{}",
                p.months,
                money::percent(p.share.0),
                money::wan(p.cap.0)
            ),
            Kind::TieredRate(p) => p
                .tiers
                .iter()
                .map(|t| format!("{} {}", t.describe(), money::percent(t.rate.0)))
                .collect::<Vec<_>>()
                .join("; "),
            Kind::LumpSum(p) => money::wan(p.amount.0),
            Kind::PriceCap(p) => match &p.lower_cap_when {
                Some(l) => format!(
                    "≤{}{} ({}: ≤{})",
                    money::plain(p.cap.0),
                    p.unit,
                    l.label,
                    money::plain(l.cap.0)
                ),
                None => format!("≤{}{}", money::plain(p.cap.0), p.unit),
            },
            Kind::Discount(p) => money::percent(p.rate.0),
            Kind::ThresholdSubsidy(p) => format!(
                "税收≥{}: {}年 × {}, 每年≤{}",
                money::wan(p.threshold.0),
                p.years,
                money::percent(p.rate.0),
                money::wan(p.cap_per_year.0)
            ),
            Kind::HeadcountSubsidy(p) => format!(
                "{}元/人/月 × {}个月",
                money::plain(p.per_person_month.0),
                p.months
            ),
            Kind::CaseByCase(_) => "一事一议".into(),
            Kind::Scope(p) => format!(
                "{}起; {}个鼓励类产业",
                p.start_on_or_after.0,
                p.industries.len()
            ),
            Kind::Suspension(p) => format!("{}项情形", p.fields.len()),
            Kind::Deduction(p) => format!("扣除 {}项", p.deduct.len()),
            Kind::ExclusiveGroup(p) => p.members.join(" / "),
            Kind::Recognition(p) => p
                .ranks
                .iter()
                .map(|r| r.label.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            Kind::Award(a) => a.summary(),
        }
    }
}
