//! 总部经济企业认定: computed in `engine/awards.rs`, criterion by criterion,
//! with the award types it shares its helpers with.

use super::Calculation;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult};
use crate::rules::Rule;
use crate::rules::kinds::headquarters::Headquarters;

impl Calculation for Headquarters {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        crate::engine::awards::headquarters(ctx, rule, self)
    }

    /// A recognition has no amount.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}
