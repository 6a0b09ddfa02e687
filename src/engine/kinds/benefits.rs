//! Kinds that give a status rather than an amount: benefits, land-term checks
//! by supply mode, and the triggers of case-by-case decisions.

use super::{condition_holds, num, tiered_base};
use crate::engine::common::{field, fields, is_given, shown, word};
use crate::engine::{Ctx, KindResult, Outcome, Status};
use crate::money::{add, grouped, plain};
use crate::project::F;
use crate::rules::Rule;
use crate::rules::params::{self, Kind};
use rust_decimal::Decimal;

pub(super) fn benefit(ctx: &Ctx, rule: &Rule) -> Outcome {
    Outcome::status_only(Status::Benefit, ctx.text(|| rule.text.clone()), None)
}

pub(super) fn term_check(ctx: &Ctx, p: &params::TermCheck) -> KindResult {
    let supply = ctx.project.text(F::Supply).unwrap_or_default();
    let Some(mode) = p.modes.iter().find(|m| m.supply == supply) else {
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "供地方式为 {}, 不属弹性出让、先租后让或长期租赁",
                word(F::Supply, supply)
            )
        })));
    };
    let mut needed = vec![F::TermYears];
    if mode.max_lease_years.is_some() {
        needed.push(F::LeaseYears);
    }
    let missing: Vec<String> = needed
        .iter()
        .filter(|f| ctx.project.num(**f).is_none())
        .map(|f| f.path().to_string())
        .collect();
    if !missing.is_empty() {
        let text = ctx.text(|| format!("核对{}期限需补充: {}", mode.label, fields(&missing)));
        return Ok(Outcome::needs_input(missing, text));
    }
    let term = num(ctx, F::TermYears);
    let lease = ctx
        .project
        .num(F::LeaseYears)
        .filter(|_| mode.max_lease_years.is_some());
    let total = add(term, lease.unwrap_or_default())?;
    let mut problems = Vec::new();
    if total > Decimal::from(mode.max_total_years) {
        problems.push(format!(
            "期限合计 {}年 超过 {}年",
            plain(total),
            mode.max_total_years
        ));
    }
    if let (Some(l), Some(max)) = (lease, mode.max_lease_years)
        && l > Decimal::from(max)
    {
        problems.push(format!("租赁 {}年 超过 {max}年", plain(l)));
    }
    let basis = ctx.text(|| match lease {
        Some(l) => format!(
            "{}: 租赁 {}年 + 出让 {}年 = {}年 (上限 {}年, 租赁上限 {}年)",
            mode.label,
            plain(l),
            plain(term),
            plain(total),
            mode.max_total_years,
            mode.max_lease_years.unwrap_or_default()
        ),
        None => format!(
            "{}: {}年 (上限 {}年)",
            mode.label,
            plain(term),
            mode.max_total_years
        ),
    });
    if problems.is_empty() {
        Ok(Outcome::status_only(Status::Benefit, basis, None))
    } else {
        let reason = ctx.text(|| problems.join("; "));
        Ok(Outcome::status_only(
            Status::CheckFailed,
            basis,
            Some(reason),
        ))
    }
}

pub(super) fn case_by_case(ctx: &Ctx, p: &params::CaseByCase) -> KindResult {
    let mut reasons: Vec<String> = p
        .triggers
        .iter()
        .filter(|c| is_given(ctx, c.field) && condition_holds(ctx, c))
        .map(|c| {
            let v = ctx
                .project
                .get(c.field.0)
                .map(|v| shown(c.field.0, v))
                .unwrap_or_default();
            format!("{} 为 {v}", field(c.field.0))
        })
        .collect();
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
    if reasons.is_empty() {
        return Ok(Outcome::not_applicable(
            ctx.text(|| "无一事一议情形".into()),
        ));
    }
    let text = ctx.text(|| format!("{}; 金额由市政府研究确定, 本工具不计算", reasons.join("; ")));
    Ok(Outcome::status_only(Status::CaseByCase, text, None))
}
