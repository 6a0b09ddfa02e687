//! 租金减免: a share of the rent not already waived, for months from
//! production, scheduled month by month.

use super::rent_free::rent_window;
use super::{
    Calculation, Years, add_times, month_index, month_label, num, sum_schedule, year_spans,
};
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{grouped, mul, percent, sub};
use crate::project::Field;
use crate::rules::Kind;
use crate::rules::Rule;
use crate::rules::kinds::rent_reduction::RentReduction;
use rust_decimal::Decimal;

impl Calculation for RentReduction {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        rent_reduction(ctx, self)
    }

    /// The amount grows with the rent: no tier.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn rent_reduction(ctx: &Ctx, p: &RentReduction) -> KindResult {
    let free = match ctx.rules.get(&p.free_rule).map(|r| &r.kind) {
        Some(Kind::RentFree(f)) => f,
        _ => return Ok(Outcome::not_applicable(String::new())),
    };
    let w = rent_window(ctx, free)?;
    let full = mul(num(ctx, Field::RentedArea), num(ctx, Field::MonthlyRent))?;
    let (lo_rate, hi_rate) = match ctx.project.num(Field::ReductionRate) {
        Some(r) if r < p.rate_min.0 || r > p.rate_max.0 => {
            return Err(KindError::Input(
                Field::ReductionRate.path().into(),
                format!(
                    "已确定的减免比例 {} 不在 {}–{} 之间",
                    percent(r),
                    percent(p.rate_min.0),
                    percent(p.rate_max.0)
                ),
            ));
        }
        Some(r) => (r, r),
        None => (p.rate_min.0, p.rate_max.0),
    };
    let production = ctx
        .project
        .date(Field::ProductionDate)
        .map(month_index)
        .unwrap_or_default();
    let mut schedule = Years::default();
    let mut base_total = Decimal::ZERO;
    // Months before the window are skipped; the window's end cuts the spans.
    let from = production.max(w.first);
    let to = production + i32::from(p.months);
    for (year, m, n) in year_spans(from, to, w.first + w.months) {
        let waived = if m < w.first + w.months {
            w.monthly
        } else {
            Decimal::ZERO
        };
        let base = sub(full, waived)?;
        base_total = add_times(base_total, base, n)?;
        let (lo, hi) = (mul(base, lo_rate)?, mul(base, hi_rate)?);
        schedule.put_times(year, lo, hi, n)?;
    }
    let schedule: Vec<_> = schedule
        .into_list()
        .into_iter()
        .filter(|e| !e.2.is_zero())
        .collect();
    if base_total.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "投产后{}个月内的租金已全部免交或尚未起租, 无可减免的租金",
                p.months
            )
        })));
    }
    let (lo, hi) = sum_schedule(&schedule)?;
    let basis = ctx.text(|| {
        format!(
            "自投产月 {} 起{}个月, 未免交的租金合计 {}元 (月租 {}元, 免租期内扣除 {}元/月) × {}{} = {}{}",
            month_label(production),
            p.months,
            grouped(base_total),
            grouped(full),
            grouped(w.monthly),
            percent(lo_rate),
            if lo_rate == hi_rate { String::new() } else { format!("–{}", percent(hi_rate)) },
            grouped(lo),
            if lo == hi { String::new() } else { format!("–{}", grouped(hi)) }
        )
    });
    let mut assumptions = Vec::new();
    if ctx.texts {
        assumptions.push("假定租期覆盖整个减免期".to_string());
    }
    if ctx.project.num(Field::ReductionRate).is_none() && ctx.texts {
        assumptions.push(format!(
            "减免比例按财政贡献在{}–{}之间确定, 下限按{}、上限按{}列示",
            percent(p.rate_min.0),
            percent(p.rate_max.0),
            percent(p.rate_min.0),
            percent(p.rate_max.0)
        ));
    }
    assumptions.retain(|s| !s.is_empty());
    Ok(Outcome::applies(lo, hi, basis)
        .with_schedule(schedule)
        .with_assumptions(assumptions))
}
