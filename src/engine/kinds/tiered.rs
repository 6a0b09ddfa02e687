//! One-time amounts: a rate by tier of the investment base (after the
//! deductions other rules attach to it), and a fixed lump sum.

use super::{num, one_time};
use crate::engine::common::{field, shown};
use crate::engine::{Ctx, KindError, KindResult, Outcome, Status};
use crate::money::{grouped, mul, percent, sub};
use crate::rules::params::{self, Kind};
use crate::rules::{FieldRef, Rule};
use rust_decimal::Decimal;

/// A tiered rule's base after the deductions that other rules attach to it.
pub fn tiered_base(
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

pub(super) fn tiered_rate(ctx: &Ctx, rule: &Rule, p: &params::TieredRate) -> KindResult {
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

pub(super) fn lump_sum(ctx: &Ctx, rule: &Rule, p: &params::LumpSum) -> Outcome {
    let basis = ctx.text(|| {
        let mut seen = Vec::new();
        let conds: Vec<String> = rule
            .when
            .iter()
            .filter(|c| {
                let new = !seen.contains(&c.field);
                seen.push(c.field);
                new
            })
            .map(|c| {
                let v = ctx
                    .project
                    .get(c.field.0)
                    .map(|v| shown(c.field.0, v))
                    .unwrap_or_default();
                format!("{} 为 {v}", field(c.field.0))
            })
            .collect();
        format!("{} → 一次性 {}元", conds.join(", "), grouped(p.amount.0))
    });
    one_time(ctx, Outcome::applies(p.amount.0, p.amount.0, basis))
}
