//! 用工社保补贴: so much per insured person per month for some months.

use super::{Calculation, num, one_time};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome};
use crate::money::{grouped, mul, plain};
use crate::rules::Rule;
use crate::rules::kinds::headcount_subsidy::HeadcountSubsidy;
use rust_decimal::Decimal;

impl Calculation for HeadcountSubsidy {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        headcount_subsidy(ctx, self)
    }

    /// The amount grows with the headcount: no tier.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn headcount_subsidy(ctx: &Ctx, p: &HeadcountSubsidy) -> KindResult {
    let people = num(ctx, p.headcount.0);
    let amount = mul(mul(people, p.per_person_month.0)?, Decimal::from(p.months))?;
    if amount.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| "参保人数为0".into())));
    }
    let basis = ctx.text(|| {
        format!(
            "{}人 × {}元/人/月 × {}个月 = {}元",
            plain(people),
            plain(p.per_person_month.0),
            p.months,
            grouped(amount)
        )
    });
    Ok(one_time(ctx, Outcome::applies(amount, amount, basis)))
}
