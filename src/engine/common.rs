//! The checks every rule shares, in order: is it in play (`inputs`), do the
//! given facts meet its conditions (`when`), does a fact given as "no" settle
//! it (a precondition `false`, a kind's own deciding facts), are the facts it
//! needs given (`requires`), and (strict) are its preconditions given.

use super::{Ctx, KindError, Outcome};
use crate::money::{self, grouped};
use crate::project::{Field, Value};
use crate::rules::params::{EqValue, Test};
use crate::rules::{Condition, FieldRef, Rule};
use rust_decimal::Decimal;

/// Returns an outcome when a shared check settles the item before its kind runs.
pub fn check(ctx: &Ctx, rule: &Rule) -> Result<Option<Outcome>, KindError> {
    if !rule.inputs.is_empty() && !rule.inputs.iter().any(|f| is_given(ctx, *f)) {
        return Ok(Some(out_of_play(ctx, rule)));
    }
    for cond in rule.when.iter().filter(|c| is_given(ctx, c.field)) {
        if let Some(failed) = failing(ctx, cond)? {
            return Ok(Some(failed));
        }
    }
    // An explicit "no" decides before anything is asked for (reading 10).
    if let Some(no) = precondition_false(ctx, rule) {
        return Ok(Some(no));
    }
    if let Some(no) = super::kinds::decided_no(ctx, rule)? {
        return Ok(Some(no));
    }
    // Looked for before they are listed: most rules of a row lack none.
    if rule.requires.iter().any(|f| !is_given(ctx, *f)) {
        let missing: Vec<String> = rule
            .requires
            .iter()
            .filter(|f| !is_given(ctx, **f))
            .map(|f| f.path().to_string())
            .collect();
        let text = ctx.text(|| format!("需补充: {}", fields(&missing)));
        return Ok(Some(Outcome::needs_input(missing, text)));
    }
    if let Some(cond) = rule.when.iter().find(|c| !is_given(ctx, c.field)) {
        return Ok(Some(Outcome::not_applicable(ctx.text(|| {
            format!("未填写 {}, 条件无法满足", field(cond.field.0))
        }))));
    }
    Ok(preconditions_absent(ctx, rule))
}

/// The outcome of a rule none of whose inputs is given: 未填写, that part
/// of the policy unused (also what a [`super::RulePlan`] settles).
pub fn out_of_play(ctx: &Ctx, rule: &Rule) -> Outcome {
    Outcome::absent(ctx.text(|| {
        let names: Vec<String> = rule.inputs.iter().map(|f| field(f.0)).collect();
        format!("未填写 {}", names.join(" / "))
    }))
}

/// A fact is given when the project has it (for array fields: in any entry).
pub fn is_given(ctx: &Ctx, f: FieldRef) -> bool {
    match f.0.spec().group() {
        None => ctx.project.get(f.0).is_some(),
        Some(g) => ctx.project.records(g).iter().any(|r| r.get(f.0).is_some()),
    }
}

/// A scalar precondition given as `false`: the item does not apply.
fn precondition_false(ctx: &Ctx, rule: &Rule) -> Option<Outcome> {
    let f = rule
        .preconditions
        .iter()
        .find(|f| f.0.spec().group().is_none() && ctx.project.flag(f.0) == Some(false))?;
    Some(Outcome::not_applicable(
        ctx.text(|| format!("不满足前提条件: {} 为 否", field(f.0))),
    ))
}

/// Strict mode: absent scalar preconditions need input (otherwise they are
/// assumed, see [`precondition_assumptions`]).
fn preconditions_absent(ctx: &Ctx, rule: &Rule) -> Option<Outcome> {
    if !ctx.strict {
        return None;
    }
    let missing: Vec<String> = rule
        .preconditions
        .iter()
        .filter(|f| f.0.spec().group().is_none() && ctx.project.flag(f.0).is_none())
        .map(|f| f.path().to_string())
        .collect();
    (!missing.is_empty()).then(|| {
        let text = ctx.text(|| format!("严格模式: 前提条件未填写: {}", fields(&missing)));
        Outcome::needs_input(missing, text)
    })
}

/// The assumptions made for absent scalar preconditions.
#[inline]
pub fn precondition_assumptions(ctx: &Ctx, rule: &Rule) -> Vec<String> {
    if !ctx.texts {
        return Vec::new();
    }
    rule.preconditions
        .iter()
        .filter(|f| f.0.spec().group().is_none() && ctx.project.flag(f.0).is_none())
        .map(|f| assumed(f.0))
        .collect()
}

/// "假定满足: …" for an absent yes/no fact.
pub fn assumed(f: Field) -> String {
    format!("未填写 {}, 假定满足", field(f))
}

/// A field as officers read it: its Chinese label (the path is in `missing`).
pub fn field(f: Field) -> String {
    crate::project::schema::field_label(f.path())
}

/// Field paths (as in `missing`) as people read them, joined.
pub fn fields(paths: &[String]) -> String {
    paths
        .iter()
        .map(|p| crate::project::schema::field_label(p))
        .collect::<Vec<_>>()
        .join("、")
}

/// A given fact as a reason names it: `标签 为 值`.
pub fn fact_is(ctx: &Ctx, f: FieldRef) -> String {
    let v = ctx
        .project
        .get(f.0)
        .map(|v| shown(f.0, v))
        .unwrap_or_default();
    format!("{} 为 {v}", field(f.0))
}

/// A value as people read it: 是/否 for yes/no, the Chinese label of a choice.
pub fn shown(f: Field, v: &Value) -> String {
    match v {
        Value::Bool(b) => yes_no(*b).to_string(),
        Value::Text(t) => word(f, t),
        Value::Num(d) if f.spec().ty == crate::project::schema::FieldType::Money => grouped(*d),
        _ => v.display(),
    }
}

/// A choice value by its Chinese label (other text as it is).
pub fn word(f: Field, value: &str) -> String {
    crate::project::schema::choice_label(f.spec(), value)
        .map_or_else(|| value.to_string(), str::to_string)
}

pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// Tests a condition on a given field; `Some` is the not-applicable outcome.
fn failing(ctx: &Ctx, cond: &Condition) -> Result<Option<Outcome>, KindError> {
    let Some(value) = ctx.project.get(cond.field.0) else {
        return Ok(None);
    };
    let na = |reason: String| Some(Outcome::not_applicable(reason));
    Ok(match &cond.test {
        Test::Equals(expected) => {
            let ok = match (expected, value) {
                (EqValue::Flag(b), Value::Bool(v)) => b == v,
                (EqValue::Word(w), Value::Text(v)) => w == v,
                _ => false,
            };
            if ok {
                None
            } else {
                na(ctx.text(|| {
                    let want = match expected {
                        EqValue::Flag(b) => yes_no(*b).to_string(),
                        EqValue::Word(w) => word(cond.field.0, w),
                    };
                    format!(
                        "{} 为 {}, 须为 {want}",
                        field(cond.field.0),
                        shown(cond.field.0, value)
                    )
                }))
            }
        }
        Test::Present(want) => {
            // The field is given here, so only `present = false` fails.
            if *want {
                None
            } else {
                na(ctx.text(|| format!("{} 已填写, 本项要求未填写", field(cond.field.0))))
            }
        }
        Test::AtLeast(min) => threshold(ctx, cond, value, *min, true)?,
        Test::Above(min) => threshold(ctx, cond, value, *min, false)?,
        Test::ShareAtLeast { of, share } => match ctx.project.num(of.0) {
            None => None,
            Some(base) => {
                let need = money::mul(base, *share)?;
                threshold(ctx, cond, value, need, true)?.map(|mut o| {
                    let reason = o.reason().filter(|_| ctx.texts).map(|r| {
                        format!(
                            "{r} (= {} {} × {})",
                            field(of.0),
                            grouped(base),
                            money::percent(*share)
                        )
                    });
                    if let Some(r) = reason {
                        o.set_reason(r);
                    }
                    o
                })
            }
        },
    })
}

/// `value ≥ min` (inclusive) or `value > min`, with the distance when short.
fn threshold(
    ctx: &Ctx,
    cond: &Condition,
    value: &Value,
    min: Decimal,
    inclusive: bool,
) -> Result<Option<Outcome>, KindError> {
    let Some(v) = value.as_num() else {
        return Ok(None);
    };
    let ok = if inclusive { v >= min } else { v > min };
    if ok {
        return Ok(None);
    }
    let short = money::sub(min, v)?;
    let spec = cond.field.0.spec();
    let reason = ctx.text(|| {
        let word = if inclusive { "达到" } else { "超过" };
        format!(
            "{} 为 {}, 须{word} {}; 还差 {}",
            field(spec.field),
            grouped(v),
            grouped(min),
            grouped(short)
        )
    });
    Ok(Some(Outcome::not_applicable(reason).with_shortfall(short)))
}

/// Checks a yes/no condition of the rule on one record of an array (a loan,
/// a building): `Err` is the reason it fails; `Ok` carries assumptions.
pub fn record_preconditions(
    ctx: &Ctx,
    rule: &Rule,
    record: &crate::project::Record,
    what: &str,
) -> RecordCheck {
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    for f in rule
        .preconditions
        .iter()
        .filter(|f| f.0.spec().group().is_some())
    {
        match record.flag(f.0) {
            Some(false) => {
                return RecordCheck::Fails(
                    ctx.text(|| format!("{what}: 不满足 {}", f.0.spec().label)),
                );
            }
            None if ctx.strict => missing.push(f.0),
            None if ctx.texts => {
                assumptions.push(format!("{what}: 未填写 {}, 假定满足", f.0.spec().label))
            }
            None => {}
            Some(true) => {}
        }
    }
    if missing.is_empty() {
        RecordCheck::Holds(assumptions)
    } else {
        RecordCheck::Missing(missing)
    }
}

pub enum RecordCheck {
    Holds(Vec<String>),
    Fails(String),
    /// Strict mode: these preconditions were left out.
    Missing(Vec<Field>),
}

/// Dates after which the item may be claimed (竣工投产后), applied to an item
/// that applies: absent dates are assumed (strict: needs input); dates after
/// the evaluation date leave an estimate, marked as claimable only then and
/// scheduled (one-time money) in the year it becomes claimable.
pub fn claimable_after(
    ctx: &Ctx,
    rule: &Rule,
    after: &crate::rules::params::ClaimableAfter,
    mut o: Outcome,
) -> Outcome {
    if o.status != super::Status::Applies {
        return o;
    }
    let absent: Vec<Field> = after
        .fields
        .iter()
        .map(|f| f.0)
        .filter(|f| ctx.project.date(*f).is_none())
        .collect();
    if ctx.strict && !absent.is_empty() {
        let missing: Vec<String> = absent.iter().map(|f| f.path().to_string()).collect();
        let text = ctx.text(|| {
            format!(
                "严格模式: {}后方可申报, 需补充: {}",
                after.label,
                fields(&missing)
            )
        });
        return Outcome::needs_input(missing, text);
    }
    if !absent.is_empty() && ctx.texts {
        let names: Vec<String> = absent.iter().map(|f| field(*f)).collect();
        o.add_assumption(format!(
            "未填写 {}, 假定已{}",
            names.join("、"),
            after.label
        ));
    }
    let latest = after
        .fields
        .iter()
        .filter_map(|f| ctx.project.date(f.0).map(|d| (f.0, d)))
        .max_by_key(|(_, d)| *d);
    if let Some((_, last)) = latest.filter(|(_, d)| *d > ctx.as_of) {
        let year = last.year().max(ctx.as_of.year());
        if ctx.texts {
            let dates: Vec<String> = after
                .fields
                .iter()
                .filter_map(|f| {
                    ctx.project
                        .date(f.0)
                        .map(|d| format!("{} {d}", f.0.spec().label))
                })
                .collect();
            o.add_assumption(format!(
                "{}后方可申报 (预计 {}), 列入{year}年",
                after.label,
                dates.join("、")
            ));
        }
        if rule.category == crate::rules::Category::CashOneTime {
            o = o.whole_in(year);
        }
    }
    o
}
/// Whether a condition holds on the project (absent facts: no, except for
/// `present = false`).
pub fn condition_holds(ctx: &Ctx, cond: &Condition) -> bool {
    let Some(v) = ctx.project.get(cond.field.0) else {
        return matches!(cond.test, Test::Present(false));
    };
    match &cond.test {
        Test::Present(want) => *want,
        Test::Equals(EqValue::Flag(b)) => v.as_bool() == Some(*b),
        Test::Equals(EqValue::Word(w)) => v.as_text() == Some(w.as_str()),
        Test::AtLeast(m) => v.as_num().is_some_and(|x| x >= *m),
        Test::Above(m) => v.as_num().is_some_and(|x| x > *m),
        Test::ShareAtLeast { of, share } => match (v.as_num(), ctx.project.num(of.0)) {
            (Some(x), Some(base)) => money::mul(base, *share).is_ok_and(|need| x >= need),
            _ => false,
        },
    }
}
