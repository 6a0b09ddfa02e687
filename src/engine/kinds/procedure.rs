//! 申报与兑现程序: read by the checklist (`engine/plan.rs`); as a rule of its
//! own it gives no item.

use super::{Calculation, gate_item};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult};
use crate::rules::Rule;
use crate::rules::kinds::procedure::Procedure;

impl Calculation for Procedure {
    fn compute(&self, _ctx: &Ctx, _rule: &Rule) -> KindResult {
        gate_item()
    }

    /// No amount, no bounds.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}
