//! 企业投资奖励: a rate of the whole base by the tier it falls in, the base
//! taken after the deductions other rules attach to it; above the top tier,
//! case by case.

use super::{Calculation, num, one_time};
use crate::engine::common::field;
use crate::engine::next_tier::{Bound, Evaluator, Side};
use crate::engine::{Ctx, KindError, KindResult, Outcome, Status};
use crate::money::{grouped, mul, percent, sub};
use crate::project::Project;
use crate::rules::kinds::tiered_rate::TieredRate;
use crate::rules::{FieldRef, Kind, Rule, RuleSet};
use rust_decimal::Decimal;

impl Calculation for TieredRate {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        tiered_rate(ctx, rule, self)
    }

    /// Both ends of every tier, on the base before the deductions.
    fn bounds(&self, ev: &mut Evaluator, rule: &Rule) -> Vec<Bound> {
        let ded = deductions(ev.rules, rule, ev.project);
        let mut out = Vec::new();
        for t in &self.tiers {
            let from = ded.and_then(|d| t.from.0.checked_add(d));
            let to = ded.and_then(|d| t.to.0.checked_add(d));
            let lower = if t.from_inclusive {
                Side::AtLeast
            } else {
                Side::Above
            };
            let upper = if t.to_inclusive {
                Side::AtMost
            } else {
                Side::Below
            };
            let tier = format!("{} 档 {}", percent(t.rate.0), t.describe());
            let base = self.base.0;
            out.extend(Bound::new(base, None, from, lower, tier.clone()));
            out.extend(Bound::new(base, None, to, upper, format!("{tier} 的上端")));
        }
        out
    }
}

/// A tiered rule's base after the deductions that other rules attach to it.
pub(super) fn tiered_base(
    ctx: &Ctx,
    rule: &Rule,
    base_field: FieldRef,
) -> Result<(Decimal, Vec<String>, String), KindError> {
    let mut base = num(ctx, base_field.0);
    let mut assumptions = Vec::new();
    let mut parts = Vec::new();
    if ctx.texts {
        parts.push(format!("{} {}", base_field.0.spec().label, grouped(base)));
    }
    for other in &ctx.rules.rules {
        let Kind::Deduction(d) = &other.kind else {
            continue;
        };
        if !d.applies_to.contains(&rule.id) {
            continue;
        }
        for f in &d.deduct {
            match ctx.project.num(f.0) {
                Some(v) => {
                    base = sub(base, v)?;
                    if ctx.texts {
                        parts.push(format!("− {} {}", f.0.spec().label, grouped(v)));
                    }
                }
                None if ctx.texts => assumptions.push(format!(
                    "未填写 {}, 按0扣除 ({})",
                    field(f.0),
                    ctx.rules.article(other)
                )),
                None => {}
            }
        }
    }
    let base = base.max(Decimal::ZERO);
    let text = ctx.text(|| format!("投资额 = {} = {}元", parts.join(" "), grouped(base)));
    Ok((base, assumptions, text))
}

fn tiered_rate(ctx: &Ctx, rule: &Rule, p: &TieredRate) -> KindResult {
    let (base, assumptions, base_text) = tiered_base(ctx, rule, p.base)?;
    if let Some(tier) = p.tiers.iter().find(|t| t.contains(base)) {
        let amount = mul(base, tier.rate.0)?;
        let basis = ctx.text(|| {
            format!(
                "{base_text}, 在 {} 档 → × {} = {}元",
                tier.describe(),
                percent(tier.rate.0),
                grouped(amount)
            )
        });
        return Ok(
            one_time(ctx, Outcome::applies(amount, amount, basis)).with_assumptions(assumptions)
        );
    }
    let (Some(first), Some(last)) = (p.tiers.first(), p.tiers.last()) else {
        return Ok(Outcome::not_applicable(String::new()));
    };
    if base >= last.to.0 {
        let reason = ctx.text(|| {
            format!(
                "{base_text}, 超过最高档 {} → 一事一议, 金额由市政府研究确定",
                last.describe()
            )
        });
        return Ok(
            Outcome::status_only(Status::CaseByCase, base_text.clone(), Some(reason))
                .with_assumptions(assumptions),
        );
    }
    let short = sub(first.from.0, base)?;
    let reason = ctx.text(|| {
        format!(
            "{base_text}, 低于最低档 {}; 还差 {}元{}",
            first.describe(),
            grouped(short),
            if first.from_inclusive {
                ""
            } else {
                " (须超过)"
            }
        )
    });
    Ok(Outcome::not_applicable(reason)
        .with_shortfall(short)
        .with_assumptions(assumptions))
}

/// What the deductions attached to a tiered rule take off its base.
fn deductions(rules: &RuleSet, rule: &Rule, p: &Project) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    for other in &rules.rules {
        if let Kind::Deduction(d) = &other.kind
            && d.applies_to.contains(&rule.id)
        {
            for f in &d.deduct {
                total = total.checked_add(p.num(f.0).unwrap_or_default())?;
            }
        }
    }
    Some(total)
}
