//! 资费折扣: a percentage off a yearly bill.

use super::{Calculation, num};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome};
use crate::money::{grouped, mul, percent};
use crate::rules::Rule;
use crate::rules::kinds::discount::Discount;

impl Calculation for Discount {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        discount(ctx, self)
    }

    /// The saving grows with the bill: no tier.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn discount(ctx: &Ctx, p: &Discount) -> KindResult {
    let base = num(ctx, p.base.0);
    let amount = mul(base, p.rate.0)?;
    let basis = ctx.text(|| {
        format!(
            "每年 {} {}元 × {} = {}元",
            p.base.0.spec().label,
            grouped(base),
            percent(p.rate.0),
            grouped(amount)
        )
    });
    if amount.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| "费用为0".into())));
    }
    Ok(Outcome::applies(amount, amount, basis))
}
