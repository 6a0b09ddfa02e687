//! 灵活供地方式: the land's terms checked against the limits of its supply
//! mode.

use super::{Calculation, num};
use crate::engine::common::{fields, word};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindResult, Outcome, Status};
use crate::money::{add, plain};
use crate::project::Field;
use crate::rules::Rule;
use crate::rules::kinds::term_check::TermCheck;
use rust_decimal::Decimal;

impl Calculation for TermCheck {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        term_check(ctx, self)
    }

    /// A check has no amount.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn term_check(ctx: &Ctx, p: &TermCheck) -> KindResult {
    let supply = ctx.project.text(Field::Supply).unwrap_or_default();
    let Some(mode) = p.modes.iter().find(|m| m.supply == supply) else {
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "供地方式为 {}, 不属弹性出让、先租后让或长期租赁",
                word(Field::Supply, supply)
            )
        })));
    };
    let needed: &[Field] = if mode.max_lease_years.is_some() {
        &[Field::TermYears, Field::LeaseYears]
    } else {
        &[Field::TermYears]
    };
    let missing: Vec<String> = needed
        .iter()
        .filter(|f| ctx.project.num(**f).is_none())
        .map(|f| f.path().to_string())
        .collect();
    if !missing.is_empty() {
        let text = ctx.text(|| format!("核对{}期限需补充: {}", mode.label, fields(&missing)));
        return Ok(Outcome::needs_input(missing, text));
    }
    let term = num(ctx, Field::TermYears);
    let lease = ctx
        .project
        .num(Field::LeaseYears)
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
