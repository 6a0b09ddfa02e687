//! 建设厂房补贴: so much per m² of each new, self-used, compliant building
//! of a structure with a rate.

use super::{Calculation, ask_for, one_time, partial, record_path};
use crate::engine::common::{RecordCheck, record_preconditions, word};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome};
use crate::money::{add, grouped, mul, plain};
use crate::project::{Field, Group};
use crate::rules::Rule;
use crate::rules::kinds::per_area_subsidy::PerAreaSubsidy;
use rust_decimal::Decimal;

impl Calculation for PerAreaSubsidy {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        per_area_subsidy(ctx, rule, self)
    }

    /// The amount grows with the area: no tier.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn per_area_subsidy(ctx: &Ctx, rule: &Rule, p: &PerAreaSubsidy) -> KindResult {
    let mut total = Decimal::ZERO;
    let mut lines = Vec::new();
    // Buildings left out, in words: only for the texts.
    let mut excluded = Vec::new();
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    let mut eligible = 0usize;
    for (i, b) in ctx.project.records(Group::Buildings).iter().enumerate() {
        let what = ctx.text(|| format!("厂房{}", i + 1));
        // A building given as not new and self-used, not compliant, or of a
        // structure without a rate is left out before its other facts are
        // asked for (reading 10).
        let (mut held, asked) = match record_preconditions(ctx, rule, b, &what) {
            RecordCheck::Fails(reason) => {
                if ctx.texts {
                    excluded.push(reason);
                }
                continue;
            }
            RecordCheck::Missing(fields) => (Vec::new(), fields),
            RecordCheck::Holds(a) => (a, Vec::new()),
        };
        let structure = b.text(Field::BuildingStructure);
        let rate = match structure.map(|s| (s, p.rates.get(s))) {
            Some((s, None)) => {
                if ctx.texts {
                    excluded.push(format!(
                        "{what}: 结构 {} 不在补贴范围",
                        word(Field::BuildingStructure, s)
                    ));
                }
                continue;
            }
            Some((_, Some(rate))) => Some(rate),
            None => None,
        };
        let area = b.num(Field::BuildingArea);
        let (Some(structure), Some(rate), Some(area), true) =
            (structure, rate, area, asked.is_empty())
        else {
            let facts = [Field::BuildingStructure, Field::BuildingArea];
            missing.extend(
                facts
                    .iter()
                    .chain(&asked)
                    .filter(|f| b.get(**f).is_none())
                    .map(|f| record_path(*f, i)),
            );
            continue;
        };
        assumptions.append(&mut held);
        let amount = mul(rate.0, area)?;
        total = add(total, amount)?;
        eligible += 1;
        if ctx.texts {
            lines.push(format!(
                "{what} {} {}m² × {}元 = {}",
                word(Field::BuildingStructure, structure),
                plain(area),
                plain(rate.0),
                grouped(amount)
            ));
        }
    }
    if eligible == 0 {
        if !missing.is_empty() {
            return Ok(ask_for(ctx, missing));
        }
        return Ok(Outcome::not_applicable(ctx.text(|| {
            if excluded.is_empty() {
                "没有符合条件的厂房".to_string()
            } else {
                excluded.join("; ")
            }
        })));
    }
    let basis = ctx.text(|| {
        let mut s = format!("{} = {}元", lines.join(" + "), grouped(total));
        if !excluded.is_empty() {
            s.push_str(&format!(" (不计: {})", excluded.join("; ")));
        }
        s
    });
    let o = one_time(ctx, Outcome::applies(total, total, basis)).with_assumptions(assumptions);
    Ok(partial(ctx, o, missing))
}
