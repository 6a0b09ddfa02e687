//! A support given in kind: the rule's own text is the result.

use super::Calculation;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome, Status};
use crate::rules::Rule;
use crate::rules::kinds::benefit::Benefit;

impl Calculation for Benefit {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        Ok(Outcome::status_only(
            Status::Benefit,
            ctx.text(|| rule.text.clone()),
            None,
        ))
    }

    /// A benefit has no amount.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}
