//! The award types and the claiming procedure of the implementing rules:
//! computed in `engine/awards.rs` (one family, sharing its helpers).

use super::Calculation;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::rules::Rule;
use crate::rules::kinds::AwardKind;

impl Calculation for AwardKind {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        crate::engine::awards::run(ctx, rule, self)
    }

    /// An award's disqualifier settles it whatever else is missing.
    fn decided_no(&self, ctx: &Ctx, _rule: &Rule) -> Result<Option<Outcome>, KindError> {
        match self {
            AwardKind::Award(p) => Ok(crate::engine::awards::decided_no(ctx, p)),
            _ => Ok(None),
        }
    }

    /// Awards are decided on conditions (whose bounds every rule has).
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}
