//! 标准地超标奖励: a share of retained tax for the years whose tax per 亩
//! beats the agreed figure, once the investment intensity beats its own.

use super::completion::{Timely, completion_in_time, late_completion};
use super::{
    Calculation, Years, ask_for, condition_holds, num, partial, per, record_path, sum_schedule,
    tax_window, tax_year_of, tax_years,
};
use crate::engine::common::fields;
use crate::engine::next_tier::{Bound, Evaluator, Side, product};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{self, grouped, mul, percent, sub};
use crate::project::{Field, Group};
use crate::rules::Rule;
use crate::rules::kinds::retained_tax_rebate::RetainedTaxRebate;
use rust_decimal::Decimal;

impl Calculation for RetainedTaxRebate {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        retained_tax_rebate(ctx, self)
    }

    fn decided_no(&self, ctx: &Ctx, _rule: &Rule) -> Result<Option<Outcome>, KindError> {
        late_completion(
            ctx,
            self.completion_within_years,
            &self.completion_clause,
            &self.completion_text,
        )
    }

    /// The agreed intensity (fixed assets) and each year's agreed tax.
    fn bounds(&self, ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        let p = ev.project;
        let area = p.num(Field::AreaMu);
        let need = product(p.num(Field::AgreedIntensity), area);
        let mut out: Vec<Bound> = Bound::new(
            Field::FixedAssets,
            None,
            need,
            Side::Above,
            "亩均投资强度超出约定".into(),
        )
        .into_iter()
        .collect();
        let tax = product(p.num(Field::AgreedTaxPerMu), area);
        for (k, r) in p.records(Group::TaxYears).iter().enumerate() {
            let year = r.num(Field::TaxYear).map(money::plain).unwrap_or_default();
            let tier = format!("{year}年亩均税收超出约定");
            out.extend(Bound::new(Field::TaxPaid, Some(k), tax, Side::Above, tier));
        }
        out
    }
}

fn retained_tax_rebate(ctx: &Ctx, p: &RetainedTaxRebate) -> KindResult {
    let fixed = num(ctx, Field::FixedAssets);
    let area = num(ctx, Field::AreaMu);
    let agreed = num(ctx, Field::AgreedIntensity);
    let need = mul(agreed, area)?;
    if fixed <= need {
        let short = sub(need, fixed)?;
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "亩均投资强度 {}元/亩 未超过约定 {}元/亩 (须超出, 不含本数)",
                per(fixed, area),
                grouped(agreed)
            )
        }))
        .with_shortfall(short));
    }
    let mut assumptions = Vec::new();
    if let Some(years) = p.completion_within_years {
        match completion_in_time(ctx, years, &p.completion_clause, &p.completion_text)? {
            Timely::Yes(note) | Timely::Assumed(note) if !note.is_empty() => assumptions.push(note),
            Timely::Yes(_) | Timely::Assumed(_) => {}
            Timely::Late(reason) => return Ok(Outcome::not_applicable(reason)),
            Timely::Missing(fields) => {
                let text = ctx.text(|| format!("严格模式: 需补充 {}", self::fields(&fields)));
                return Ok(Outcome::needs_input(fields, text));
            }
        }
    }
    let upper = p.upper.as_ref().filter(|u| condition_holds(ctx, &u.when));
    let (hi_years, hi_rate) = upper.map_or((p.years, p.rate.0), |u| (u.years, u.rate.0));
    let records = tax_years(ctx);
    if records.is_empty() {
        return Ok(Outcome::not_applicable(
            ctx.text(|| "未填写纳税年度".into()),
        ));
    }
    let Some(agreed_tax) = ctx.project.num(Field::AgreedTaxPerMu) else {
        return Ok(ask_for(ctx, vec![Field::AgreedTaxPerMu.path().to_string()]));
    };
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    let window = tax_window(ctx, &records, &mut missing, &mut lines);
    let Some(start) = window.start else {
        if !missing.is_empty() {
            return Ok(ask_for(ctx, missing));
        }
        return Ok(Outcome::not_applicable(
            ctx.text(|| format!("投产后没有纳税年度: {}", lines.join("; "))),
        ));
    };
    let lo_end = i32::from(start) + i32::from(p.years) - 1;
    let hi_end = i32::from(start) + i32::from(hi_years) - 1;
    let end = lo_end.max(hi_end);
    let tax_bar = mul(agreed_tax, area)?;
    let mut schedule = Years::default();
    let mut last_given = i32::from(start);
    for y in i32::from(start)..=end {
        let year = i16::try_from(y).unwrap_or(i16::MAX);
        let Some((i, r)) = window.counted.iter().find(|(_, r)| tax_year_of(r) == year) else {
            if ctx.texts
                && window
                    .counted
                    .iter()
                    .any(|(_, r)| i32::from(tax_year_of(r)) > y)
            {
                lines.push(format!("{year}: 未填写, 不计"));
            }
            continue;
        };
        last_given = y;
        let Some(tax) = r.num(Field::TaxPaid) else {
            missing.push(record_path(Field::TaxPaid, *i));
            continue;
        };
        if tax <= tax_bar {
            if ctx.texts {
                lines.push(format!(
                    "{year}: 亩均税收 {} 未超过约定 {}",
                    per(tax, area),
                    grouped(agreed_tax)
                ));
            }
            continue;
        }
        let Some(retained) = r.num(Field::Retained) else {
            missing.push(record_path(Field::Retained, *i));
            continue;
        };
        let lo = if y <= lo_end {
            mul(retained, p.rate.0)?
        } else {
            Decimal::ZERO
        };
        let hi = if y <= hi_end {
            mul(retained, hi_rate)?
        } else {
            Decimal::ZERO
        };
        schedule.put(year, lo, hi)?;
        if ctx.texts {
            let rate = if y <= lo_end { p.rate.0 } else { hi_rate };
            let (shown, tag) = if y <= lo_end {
                (lo, "")
            } else {
                (hi, " (仅上限)")
            };
            lines.push(format!(
                "{year}: 亩均税收 {} > {}, 市县留成 {} × {} = {}{tag}",
                per(tax, area),
                grouped(agreed_tax),
                grouped(retained),
                percent(rate),
                grouped(shown)
            ));
        }
    }
    if ctx.texts {
        for (_, r) in window.counted.iter() {
            let y = tax_year_of(r);
            if i32::from(y) > end {
                lines.push(format!("{y}: 在{start}–{end}之后, 不计"));
            }
        }
    }
    let schedule = schedule.into_list();
    let (lo, hi) = sum_schedule(&schedule)?;
    if hi.is_zero() {
        if !missing.is_empty() {
            return Ok(ask_for(ctx, missing));
        }
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "投产后{start}–{end}各纳税年度亩均税收均未超过约定: {}",
                lines.join("; ")
            )
        })));
    }
    let basis = ctx.text(|| {
        let mut s = format!(
            "亩均投资强度 {}元/亩 > 约定 {}元/亩; {}年期 {start}–{lo_end}: {}",
            per(fixed, area),
            grouped(agreed),
            p.years,
            lines.join("; ")
        );
        if upper.is_some() {
            s.push_str(&format!(
                "; 上限: {hi_years}年期 {start}–{hi_end} 按{}",
                percent(hi_rate)
            ));
        }
        s
    });
    if last_given < end && ctx.texts {
        let first_absent = last_given + 1;
        assumptions.push(format!(
            "{}年期 {start}–{end} 中只填写到 {last_given}年, {first_absent}年起的年度未计",
            p.years.max(hi_years)
        ));
    }
    assumptions.extend(window.notes);
    let o = Outcome::applies(lo, hi, basis)
        .with_schedule(schedule)
        .with_assumptions(assumptions);
    Ok(partial(ctx, o, missing))
}
