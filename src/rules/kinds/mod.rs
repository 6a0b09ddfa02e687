//! The kinds of calculation a rule may name, one file each: its parameters
//! (read from the rule's `params` table), their checks and the summary for
//! `rules list`. What each kind computes lives in the engine's file of the
//! same name (`engine/kinds/<kind>.rs`). Amounts, rates, thresholds and
//! durations arrive from the rules files; none is written in code.

pub use super::params::{Condition, Day, Money, Number, Rate};
pub use super::{Category, FieldRef};

use super::{Rule, RuleSet};
use crate::project::Field;
use crate::project::schema::{self, FieldType};

// One file per kind of calculation.
pub mod award;
pub mod benefit;
pub mod case_by_case;
pub mod deduction;
pub mod discount;
pub mod documents;
pub mod exclusive_group;
pub mod headcount_subsidy;
pub mod headquarters;
pub mod intensity_reward;
pub mod loan_interest;
pub mod lump_sum;
pub mod per_area_subsidy;
pub mod price_cap;
pub mod procedure;
pub mod recognition;
pub mod rent_free;
pub mod rent_reduction;
pub mod retained_tax_rebate;
pub mod scope;
pub mod suspension;
pub mod term_check;
pub mod threshold_subsidy;
pub mod tiered_rate;

/// What every kind of calculation says about its parameters.
pub trait KindParams {
    /// Reads the parameters from the rule's `params` table.
    fn from_table(table: toml::Table) -> Result<Self, String>
    where
        Self: Sized + serde::de::DeserializeOwned,
    {
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| format!("params: {}", super::messages::zh(e.message())))
    }

    /// The categories a rule of this kind may declare.
    fn categories(&self) -> &'static [Category];

    /// The main numbers of the kind, for `rules list`.
    fn summary(&self) -> String;

    /// Mistakes in the parameters, checked against the whole rule set (rules
    /// they refer to must exist and be of the right kind).
    fn problems(&self, set: &RuleSet, rule: &Rule) -> Vec<String>;
}

/// Declares the kinds from one table: for each, its enum variant, its file
/// (module) and type, the name rules files use and what it computes in the
/// officers' words. The enum, the name and label lookups and the parsing
/// all come from this one table, so a kind cannot be half declared.
/// (The modules are declared above, outside the macro, so that `cargo fmt`
/// reaches their files; a table row without its module does not compile.)
macro_rules! kinds {
    ($($variant:ident($module:ident::$ty:ident) = $name:literal, $label:literal;)*) => {
        /// A kind of calculation with its parameters.
        #[derive(Debug, Clone)]
        pub enum Kind {
            $($variant($module::$ty),)*
        }

        /// Every kind a rules file may name, with what it computes.
        pub const KINDS: &[(&str, &str)] = &[$(($name, $label),)*];

        impl Kind {
            /// Builds a kind from its name and `params` table.
            pub fn parse(name: &str, table: toml::Table) -> Result<Kind, String> {
                match name {
                    $($name => <$module::$ty as KindParams>::from_table(table).map(Kind::$variant),)*
                    other => Err(unknown_kind(other)),
                }
            }

            /// The name rules files use: `tiered_rate`.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Kind::$variant(_) => $name,)*
                }
            }

            /// What the kind computes, in the officers' words.
            pub fn label(&self) -> &'static str {
                match self {
                    $(Kind::$variant(_) => $label,)*
                }
            }

            /// The parameters, whatever the kind.
            pub fn params(&self) -> &dyn KindParams {
                match self {
                    $(Kind::$variant(p) => p,)*
                }
            }
        }
    };
}

kinds! {
    IntensityReward(intensity_reward::IntensityReward) = "intensity_reward", "亩均强度分档奖励";
    RetainedTaxRebate(retained_tax_rebate::RetainedTaxRebate) = "retained_tax_rebate", "留成税收返还";
    Benefit(benefit::Benefit) = "benefit", "非资金支持";
    TermCheck(term_check::TermCheck) = "term_check", "期限核对";
    PerAreaSubsidy(per_area_subsidy::PerAreaSubsidy) = "per_area_subsidy", "按面积补贴";
    RentFree(rent_free::RentFree) = "rent_free", "免租";
    RentReduction(rent_reduction::RentReduction) = "rent_reduction", "租金减免";
    LoanInterest(loan_interest::LoanInterest) = "loan_interest", "贷款贴息";
    TieredRate(tiered_rate::TieredRate) = "tiered_rate", "分档比例奖励";
    LumpSum(lump_sum::LumpSum) = "lump_sum", "定额奖励";
    PriceCap(price_cap::PriceCap) = "price_cap", "限价降本";
    Discount(discount::Discount) = "discount", "资费折扣";
    ThresholdSubsidy(threshold_subsidy::ThresholdSubsidy) = "threshold_subsidy", "税收门槛补贴";
    HeadcountSubsidy(headcount_subsidy::HeadcountSubsidy) = "headcount_subsidy", "按人数补贴";
    CaseByCase(case_by_case::CaseByCase) = "case_by_case", "一事一议";
    Scope(scope::Scope) = "scope", "奖励范围";
    Suspension(suspension::Suspension) = "suspension", "暂停兑现";
    Deduction(deduction::Deduction) = "deduction", "投资额扣除";
    ExclusiveGroup(exclusive_group::ExclusiveGroup) = "exclusive_group", "不重复奖励";
    Recognition(recognition::Recognition) = "recognition", "认定";
    Headquarters(headquarters::Headquarters) = "headquarters", "总部企业认定";
    Award(award::Award) = "award", "奖项";
    Procedure(procedure::Procedure) = "procedure", "申报程序";
    Documents(documents::Documents) = "documents", "申报材料";
}

/// The mistake for a kind name of no kind, naming the nearest and all.
fn unknown_kind(name: &str) -> String {
    let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
    let hint = schema::nearest(name, &names)
        .map(|n| format!("是否应为 {n:?}? "))
        .unwrap_or_default();
    format!(
        "未知的计算类型 kind = {name:?}; {hint}可用: {}",
        names.join(", ")
    )
}

impl Kind {
    /// The kind for people: `分档比例奖励 (tiered_rate)`.
    pub fn display(&self) -> String {
        format!("{} ({})", self.label(), self.name())
    }

    /// The categories a rule of this kind may declare.
    pub fn categories(&self) -> &'static [Category] {
        self.params().categories()
    }

    /// The main numbers of the kind, for `rules list`.
    pub fn summary(&self) -> String {
        self.params().summary()
    }
}

/// The rule `id`, which must be of the kind named `kind`.
fn rule_of_kind<'a>(set: &'a RuleSet, id: &str, kind: &str) -> Result<&'a Rule, String> {
    match set.get(id) {
        Some(r) if r.kind.name() == kind => Ok(r),
        Some(r) => Err(format!("{id} 的计算类型是 {}, 应为 {kind}", r.kind.name())),
        None => Err(format!("引用了不存在的规则 {id}")),
    }
}

fn is_numeric(f: FieldRef) -> bool {
    matches!(
        f.0.spec().ty,
        FieldType::Money | FieldType::Int | FieldType::Quantity(_) | FieldType::Rate
    )
}

fn is_bool(f: FieldRef) -> bool {
    f.0.spec().ty == FieldType::Bool
}

/// The values (English keys) a choice field takes; empty for other fields.
fn choices(f: Field) -> Vec<&'static str> {
    f.spec().ty.choices().iter().map(|c| c.value).collect()
}
