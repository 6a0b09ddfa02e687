//! Factory buildings and rented plant: the per-area building subsidy, rent-free
//! months and the rent reduction after them, each scheduled month by month.

use super::{
    Years, add_times, ask_for, month_index, month_label, num, one_time, partial, record_path,
    sum_schedule, year_spans,
};
use crate::engine::common::{RecordCheck, record_preconditions, word};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{add, grouped, mul, percent, plain, sub};
use crate::project::{F, Group};
use crate::rules::Rule;
use crate::rules::params::{self, Kind};
use rust_decimal::Decimal;

pub(super) fn per_area_subsidy(ctx: &Ctx, rule: &Rule, p: &params::PerAreaSubsidy) -> KindResult {
    let mut total = Decimal::ZERO;
    let mut lines = Vec::new();
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
                excluded.push(reason);
                continue;
            }
            RecordCheck::Missing(fields) => (Vec::new(), fields),
            RecordCheck::Holds(a) => (a, Vec::new()),
        };
        let structure = b.text(F::BuildingStructure);
        let rate = match structure.map(|s| (s, p.rates.get(s))) {
            Some((s, None)) => {
                excluded.push(ctx.text(|| {
                    format!(
                        "{what}: 结构 {} 不在补贴范围",
                        word(F::BuildingStructure, s)
                    )
                }));
                continue;
            }
            Some((_, Some(rate))) => Some(rate),
            None => None,
        };
        let area = b.num(F::BuildingArea);
        let (Some(structure), Some(rate), Some(area), true) =
            (structure, rate, area, asked.is_empty())
        else {
            let facts = [F::BuildingStructure, F::BuildingArea];
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
                word(F::BuildingStructure, structure),
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

/// The monthly rent waived by a rent-free rule and its window of months.
struct RentWindow {
    first: i32,
    months: i32,
    monthly: Decimal,
    area: Decimal,
}

fn rent_window(ctx: &Ctx, p: &params::RentFree) -> Result<RentWindow, KindError> {
    let area = num(ctx, F::RentedArea).min(p.max_area_m2.0);
    let rent = num(ctx, F::MonthlyRent);
    let start = ctx
        .project
        .date(F::LeaseStart)
        .map(month_index)
        .unwrap_or_default();
    Ok(RentWindow {
        first: start,
        months: i32::from(p.months),
        monthly: mul(area, rent)?,
        area,
    })
}

pub(super) fn rent_free(ctx: &Ctx, p: &params::RentFree) -> KindResult {
    let w = rent_window(ctx, p)?;
    let mut schedule = Years::default();
    for (year, _, n) in year_spans(w.first, w.first + w.months, w.first) {
        schedule.put_times(year, w.monthly, w.monthly, n)?;
    }
    let schedule = schedule.into_list();
    let (total, _) = sum_schedule(&schedule)?;
    if total.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| "租金为0".into())));
    }
    let basis = ctx.text(|| {
        format!(
            "免租面积 取 {}m² 与上限 {}m² 中较小者 = {}m² × 月租金 {}元/m² = {}元/月 × {}个月 ({} 至 {}) = {}元",
            plain(num(ctx, F::RentedArea)),
            plain(p.max_area_m2.0),
            plain(w.area),
            plain(num(ctx, F::MonthlyRent)),
            grouped(w.monthly),
            w.months,
            month_label(w.first),
            month_label(w.first + w.months - 1),
            grouped(total)
        )
    });
    let assumption = ctx.text(|| "假定租期覆盖整个免租期".into());
    Ok(Outcome::applies(total, total, basis)
        .with_schedule(schedule)
        .with_assumptions(
            vec![assumption]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
        ))
}

pub(super) fn rent_reduction(ctx: &Ctx, p: &params::RentReduction) -> KindResult {
    let free = match ctx.rules.get(&p.free_rule).map(|r| &r.kind) {
        Some(Kind::RentFree(f)) => f,
        _ => return Ok(Outcome::not_applicable(String::new())),
    };
    let w = rent_window(ctx, free)?;
    let full = mul(num(ctx, F::RentedArea), num(ctx, F::MonthlyRent))?;
    let (lo_rate, hi_rate) = match ctx.project.num(F::ReductionRate) {
        Some(r) if r < p.rate_min.0 || r > p.rate_max.0 => {
            return Err(KindError::Input(
                F::ReductionRate.path().into(),
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
        .date(F::ProductionDate)
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
    let mut assumptions = vec![ctx.text(|| "假定租期覆盖整个减免期".into())];
    if ctx.project.num(F::ReductionRate).is_none() && ctx.texts {
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
