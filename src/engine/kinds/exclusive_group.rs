//! 不重复奖励: a provision on the whole project, applied in `engine/gates.rs`
//! before and after the items; as a rule of its own it gives no item.

use super::{Calculation, gate_item};
use crate::engine::Ctx;
use crate::engine::KindResult;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::rules::Rule;
use crate::rules::kinds::exclusive_group::ExclusiveGroup;

impl Calculation for ExclusiveGroup {
    fn compute(&self, _ctx: &Ctx, _rule: &Rule) -> KindResult {
        gate_item()
    }

    /// A gate has no amount; its bounds are those of its conditions.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}
