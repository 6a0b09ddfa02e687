//! 租金免交: rent waived for the first months of the lease, on an area up to
//! a limit, scheduled month by month.

use super::{Calculation, Years, month_index, month_label, num, sum_schedule, year_spans};
use crate::engine::next_tier::{Bound, Evaluator, Side};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{self, grouped, mul, plain};
use crate::project::Field;
use crate::rules::Rule;
use crate::rules::kinds::rent_free::RentFree;
use rust_decimal::Decimal;

impl Calculation for RentFree {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        rent_free(ctx, self)
    }

    /// The area limit: beyond it more rented area waives nothing more.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        let max = self.max_area_m2.0;
        let tier = format!("免租面积上限 {} 平方米", money::plain(max));
        Bound::new(Field::RentedArea, None, Some(max), Side::AtLeast, tier)
            .into_iter()
            .collect()
    }
}

/// The monthly rent waived by a rent-free rule and its window of months.
pub(super) struct RentWindow {
    pub(super) first: i32,
    pub(super) months: i32,
    pub(super) monthly: Decimal,
    pub(super) area: Decimal,
}

pub(super) fn rent_window(ctx: &Ctx, p: &RentFree) -> Result<RentWindow, KindError> {
    let area = num(ctx, Field::RentedArea).min(p.max_area_m2.0);
    let rent = num(ctx, Field::MonthlyRent);
    let start = ctx
        .project
        .date(Field::LeaseStart)
        .map(month_index)
        .unwrap_or_default();
    Ok(RentWindow {
        first: start,
        months: i32::from(p.months),
        monthly: mul(area, rent)?,
        area,
    })
}

fn rent_free(ctx: &Ctx, p: &RentFree) -> KindResult {
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
            plain(num(ctx, Field::RentedArea)),
            plain(p.max_area_m2.0),
            plain(w.area),
            plain(num(ctx, Field::MonthlyRent)),
            grouped(w.monthly),
            w.months,
            month_label(w.first),
            month_label(w.first + w.months - 1),
            grouped(total)
        )
    });
    let mut assumptions = Vec::new();
    if ctx.texts {
        assumptions.push("假定租期覆盖整个免租期".to_string());
    }
    Ok(Outcome::applies(total, total, basis)
        .with_schedule(schedule)
        .with_assumptions(assumptions))
}
