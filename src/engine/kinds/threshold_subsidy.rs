//! 运输成本补贴: a share of logistics costs, capped each year, for a run of
//! years whose tax reaches a threshold.

use super::{
    Calculation, Years, ask_for, partial, record_path, sum_schedule, tax_window, tax_year_of,
    tax_years,
};
use crate::engine::next_tier::{Bound, Evaluator, Side};
use crate::engine::{Ctx, KindResult, Outcome};
use crate::money::{self, grouped, mul, percent, sub, wan};
use crate::project::{Field, Group, Record};
use crate::rules::Rule;
use crate::rules::kinds::threshold_subsidy::ThresholdSubsidy;
use rust_decimal::Decimal;
use smallvec::SmallVec;

impl Calculation for ThresholdSubsidy {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        threshold_subsidy(ctx, self)
    }

    /// Each tax year's tax reaching the threshold.
    fn bounds(&self, ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        let mut out = Vec::new();
        for (j, r) in ev.project.records(Group::TaxYears).iter().enumerate() {
            let year = r.num(Field::TaxYear).map(money::plain).unwrap_or_default();
            let tier = format!("{year}年上缴税收达到 {}", wan(self.threshold.0));
            let bar = Some(self.threshold.0);
            out.extend(Bound::new(
                Field::TaxPaid,
                Some(j),
                bar,
                Side::AtLeast,
                tier,
            ));
        }
        out
    }
}

fn threshold_subsidy(ctx: &Ctx, p: &ThresholdSubsidy) -> KindResult {
    let records = tax_years(ctx);
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    let window = tax_window(ctx, &records, &mut missing, &mut lines);
    // A year without its tax figure cannot open or fill the window: left out.
    let mut years: SmallVec<[(usize, &Record, Decimal); 8]> = SmallVec::new();
    for (i, r) in &window.counted {
        match r.num(Field::TaxPaid) {
            Some(tax) => years.push((*i, *r, tax)),
            None => missing.push(record_path(Field::TaxPaid, *i)),
        }
    }
    let bar = p.threshold.0;
    let Some(start) = years
        .iter()
        .find(|(_, _, t)| *t >= bar)
        .map(|(_, r, _)| tax_year_of(r))
    else {
        if !missing.is_empty() {
            return Ok(ask_for(ctx, missing));
        }
        let best = years.iter().map(|(_, _, t)| *t).max().unwrap_or_default();
        let short = sub(bar, best)?;
        return Ok(Outcome::not_applicable(ctx.text(|| {
            let mut s = format!(
                "投产后各年度上缴税收均未达到 {}元; 最高 {}元, 还差 {}元",
                grouped(bar),
                grouped(best),
                grouped(short)
            );
            if !lines.is_empty() {
                s.push_str(&format!(" ({})", lines.join("; ")));
            }
            s
        }))
        .with_shortfall(short));
    };
    let end = i32::from(start) + i32::from(p.years) - 1;
    let mut schedule = Years::default();
    for (i, r, tax) in &years {
        let year = tax_year_of(r);
        if i32::from(year) > end || year < start {
            continue;
        }
        if *tax < bar {
            if ctx.texts {
                lines.push(format!(
                    "{year}: 税收 {} 未达到 {}",
                    grouped(*tax),
                    grouped(bar)
                ));
            }
            continue;
        }
        let Some(cost) = r.num(Field::LogisticsCost) else {
            missing.push(record_path(Field::LogisticsCost, *i));
            continue;
        };
        let raw = mul(cost, p.rate.0)?;
        let amount = raw.min(p.cap_per_year.0);
        schedule.put(year, amount, amount)?;
        if ctx.texts {
            let capped = if raw > amount {
                format!(", 封顶 {}", grouped(amount))
            } else {
                String::new()
            };
            lines.push(format!(
                "{year}: 物流费用 {} × {} = {}{capped}",
                grouped(cost),
                percent(p.rate.0),
                grouped(raw)
            ));
        }
    }
    let schedule = schedule.into_list();
    let (total, _) = sum_schedule(&schedule)?;
    let basis = ctx.text(|| {
        format!(
            "{start}年起连续{}年 ({start}–{end}): {}; 合计 {}元",
            p.years,
            lines.join("; "),
            grouped(total)
        )
    });
    if total.is_zero() {
        if !missing.is_empty() {
            return Ok(ask_for(ctx, missing));
        }
        return Ok(Outcome::not_applicable(basis));
    }
    let o = Outcome::applies(total, total, basis)
        .with_schedule(schedule)
        .with_assumptions(window.notes);
    Ok(partial(ctx, o, missing))
}
