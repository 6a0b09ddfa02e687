//! An award type of the implementing rules: computed in `engine/awards.rs`
//! (conditions, disqualifiers, the standard when the rules carry it).

use super::Calculation;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::rules::Rule;
use crate::rules::kinds::award::Award;

impl Calculation for Award {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        crate::engine::awards::award(ctx, self)
    }

    /// A disqualifier given settles the award whatever else is missing.
    fn decided_no(&self, ctx: &Ctx, _rule: &Rule) -> Result<Option<Outcome>, KindError> {
        Ok(crate::engine::awards::decided_no(ctx, self))
    }

    /// Awards are decided on conditions, whose bounds every rule has.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}
