//! Land rewards on investment intensity and the retained-tax rebate: both
//! measure the project against its agreed intensity and completion deadline.

use super::{
    Years, ask_for, condition_holds, num, one_time, partial, record_path, sum_schedule, tax_window,
    tax_year_of, tax_years,
};
use crate::engine::common::fields;
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{grouped, mul, percent, plain, sub, wan};
use crate::project::F;
use crate::rules::Rule;
use crate::rules::params;
use rust_decimal::Decimal;

pub(super) fn intensity_reward(ctx: &Ctx, rule: &Rule, p: &params::IntensityReward) -> KindResult {
    let fixed = num(ctx, F::FixedAssets);
    let area = num(ctx, F::AreaMu);
    let agreed = num(ctx, F::AgreedIntensity);
    let mut tiers: Vec<&params::RatioTier> = p.tiers.iter().collect();
    tiers.sort_by_key(|t| std::cmp::Reverse(t.ratio));
    let intensity = || {
        format!(
            "亩均投资强度 = 固定资产投资 {} ÷ {}亩 = {}元/亩, 约定 {}元/亩",
            grouped(fixed),
            plain(area),
            per(fixed, area),
            grouped(agreed)
        )
    };
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
    for tier in &tiers {
        let need_per_mu = mul(tier.ratio.0, agreed)?;
        let need = mul(need_per_mu, area)?;
        if fixed >= need {
            let amount = mul(tier.per_mu.0, area)?;
            let basis = ctx.text(|| {
                format!(
                    "{}; 达到约定的 {} 倍 ({}元/亩) → 每亩 {}元 × {}亩 = {}元",
                    intensity(),
                    plain(tier.ratio.0),
                    grouped(need_per_mu),
                    grouped(tier.per_mu.0),
                    plain(area),
                    grouped(amount)
                )
            });
            return Ok(one_time(ctx, Outcome::applies(amount, amount, basis))
                .with_assumptions(assumptions));
        }
    }
    let lowest = tiers.last().map(|t| t.ratio.0).unwrap_or(Decimal::ONE);
    let short = sub(mul(mul(lowest, agreed)?, area)?, fixed)?;
    let mut gaps = Vec::new();
    for tier in tiers.iter().rev() {
        let need = mul(mul(tier.ratio.0, agreed)?, area)?;
        gaps.push((tier, sub(need, fixed)?));
    }
    let reason = ctx.text(|| {
        let steps: Vec<String> = gaps
            .iter()
            .map(|(t, gap)| {
                format!(
                    "再增加固定资产投资 {}元可达每亩{}",
                    grouped(*gap),
                    wan(t.per_mu.0)
                )
            })
            .collect();
        format!(
            "{}, 未达到约定强度 ({}); {}",
            intensity(),
            rule.label,
            steps.join("; ")
        )
    });
    Ok(Outcome::not_applicable(reason).with_shortfall(short))
}

/// Both dates given and the completion too late: not applicable.
pub(super) fn late_completion(
    ctx: &Ctx,
    within: Option<u8>,
    clause: &str,
    text: &str,
) -> Result<Option<Outcome>, KindError> {
    let Some(years) = within else {
        return Ok(None);
    };
    Ok(match completion_in_time(ctx, years, clause, text)? {
        Timely::Late(reason) => Some(Outcome::not_applicable(reason)),
        _ => None,
    })
}

enum Timely {
    Yes(String),
    Assumed(String),
    Late(String),
    Missing(Vec<String>),
}

/// Completion within `years` of the construction permit (inclusive), checked
/// when both dates are given, assumed otherwise.
fn completion_in_time(ctx: &Ctx, years: u8, clause: &str, text: &str) -> Result<Timely, KindError> {
    let permit = ctx.project.date(F::ConstructionPermitDate);
    let done = ctx.project.date(F::CompletionDate);
    match (permit, done) {
        (Some(permit), Some(done)) => {
            let deadline = permit
                .checked_add(jiff::Span::new().years(i64::from(years)))
                .map_err(|_| KindError::Overflow)?;
            if done <= deadline {
                Ok(Timely::Yes(String::new()))
            } else {
                Ok(Timely::Late(ctx.text(|| {
                    format!(
                        "竣工日期 {done} 晚于施工许可证颁发日 {permit} 起{years}年 ({deadline}); {clause}: {text}"
                    )
                })))
            }
        }
        _ if ctx.strict => Ok(Timely::Missing(
            [
                (F::ConstructionPermitDate, permit.is_none()),
                (F::CompletionDate, done.is_none()),
            ]
            .into_iter()
            .filter(|(_, absent)| *absent)
            .map(|(f, _)| f.path().to_string())
            .collect(),
        )),
        _ => Ok(Timely::Assumed(ctx.text(|| {
            format!(
                "未同时填写施工许可证颁发日与竣工日期, 假定自开工日起{years}年之内竣工 ({clause})"
            )
        }))),
    }
}

pub(super) fn retained_tax_rebate(ctx: &Ctx, p: &params::RetainedTaxRebate) -> KindResult {
    let fixed = num(ctx, F::FixedAssets);
    let area = num(ctx, F::AreaMu);
    let agreed = num(ctx, F::AgreedIntensity);
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
    let Some(agreed_tax) = ctx.project.num(F::AgreedTaxPerMu) else {
        return Ok(ask_for(ctx, vec![F::AgreedTaxPerMu.path().to_string()]));
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
        let Some(tax) = r.num(F::TaxPaid) else {
            missing.push(record_path(F::TaxPaid, *i));
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
        let Some(retained) = r.num(F::Retained) else {
            missing.push(record_path(F::Retained, *i));
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

/// `a ÷ b` for display, rounded to the fen; a quotient too large to show is
/// written as a dash rather than a panic.
fn per(a: Decimal, b: Decimal) -> String {
    a.checked_div(b).map_or_else(|| "—".to_string(), grouped)
}
