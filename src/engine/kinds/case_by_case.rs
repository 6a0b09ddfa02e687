//! 一事一议: the triggers that put a project before the city government.

use super::{Calculation, condition_holds, tiered_rate::tiered_base};
use crate::engine::common::{fact_is, is_given};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome, Status};
use crate::money::grouped;
use crate::rules::Kind;
use crate::rules::Rule;
use crate::rules::kinds::case_by_case::CaseByCase;

impl Calculation for CaseByCase {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        case_by_case(ctx, self)
    }

    /// A case-by-case item has no amount to raise.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn case_by_case(ctx: &Ctx, p: &CaseByCase) -> KindResult {
    let held = || {
        p.triggers
            .iter()
            .filter(|c| is_given(ctx, c.field) && condition_holds(ctx, c))
    };
    // Without texts (a CSV row) only whether a trigger holds matters: its
    // words are made only for a report.
    let triggered = !ctx.texts && held().next().is_some();
    let mut reasons: Vec<String> = if ctx.texts {
        held().map(|c| fact_is(ctx, c.field)).collect()
    } else {
        Vec::new()
    };
    if let Some(id) = &p.above_top_tier_of
        && let Some(rule) = ctx.rules.get(id)
        && let Kind::TieredRate(t) = &rule.kind
        && ctx.project.num(t.base.0).is_some()
    {
        let (base, _, _) = tiered_base(ctx, rule, t.base)?;
        if let Some(top) = t.tiers.last()
            && (base > top.to.0 || (base == top.to.0 && !top.to_inclusive))
        {
            reasons.push(ctx.text(|| {
                format!(
                    "投资额 {}元 超过{}最高档 {}",
                    grouped(base),
                    rule.label,
                    top.describe()
                )
            }));
        }
    }
    if reasons.is_empty() && !triggered {
        return Ok(Outcome::not_applicable(
            ctx.text(|| "无一事一议情形".into()),
        ));
    }
    let text = ctx.text(|| format!("{}; 金额由市政府研究确定, 本工具不计算", reasons.join("; ")));
    Ok(Outcome::status_only(Status::CaseByCase, text, None))
}
