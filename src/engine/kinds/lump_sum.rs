//! 定额奖励: a fixed amount once the rule's conditions hold.

use super::{Calculation, one_time};
use crate::engine::common::fact_is;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome};
use crate::money::grouped;
use crate::rules::Rule;
use crate::rules::kinds::lump_sum::LumpSum;

impl Calculation for LumpSum {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        Ok(lump_sum(ctx, rule, self))
    }

    /// The conditions' own bounds are the only ones (added for every rule).
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn lump_sum(ctx: &Ctx, rule: &Rule, p: &LumpSum) -> Outcome {
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
            .map(|c| fact_is(ctx, c.field))
            .collect();
        format!("{} → 一次性 {}元", conds.join(", "), grouped(p.amount.0))
    });
    one_time(ctx, Outcome::applies(p.amount.0, p.amount.0, basis))
}
