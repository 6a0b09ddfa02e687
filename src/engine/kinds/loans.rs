//! Loan interest subsidies: the benchmark rate by term, balances by loan year,
//! and the cumulative cap cut from the latest months.

use super::{
    Years, add_times, month_index, month_label, partial, record_path, sum_schedule, year_spans,
};
use crate::engine::common::{RecordCheck, fields, record_preconditions};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{add, div, grouped, mul, percent, sub};
use crate::project::{F, Group};
use crate::rules::Rule;
use crate::rules::params;
use rust_decimal::Decimal;

pub(super) fn loan_interest(ctx: &Ctx, rule: &Rule, p: &params::LoanInterest) -> KindResult {
    let mut by_year = Years::default();
    let mut lines = Vec::new();
    let mut excluded = Vec::new();
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    for (i, loan) in ctx.project.records(Group::Loans).iter().enumerate() {
        let what = ctx.text(|| format!("贷款{}", i + 1));
        // A loan given as not new is left out before its facts are asked
        // for (reading 10).
        let (mut held, asked) = match record_preconditions(ctx, rule, loan, &what) {
            RecordCheck::Fails(reason) => {
                excluded.push(reason);
                continue;
            }
            RecordCheck::Missing(fields) => (Vec::new(), fields),
            RecordCheck::Holds(a) => (a, Vec::new()),
        };
        let need = [F::Principal, F::LoanStart, F::TermMonths];
        let absent: Vec<String> = need
            .iter()
            .chain(&asked)
            .filter(|f| loan.get(**f).is_none())
            .map(|f| record_path(*f, i))
            .collect();
        if !absent.is_empty() {
            missing.extend(absent);
            continue;
        }
        assumptions.append(&mut held);
        let term = loan.num(F::TermMonths).unwrap_or_default();
        let months = term.min(Decimal::from(p.months));
        let months = i32::try_from(months.mantissa()).unwrap_or_default();
        let tier = benchmark_for(p, term);
        let subsidy_rate = mul(tier.rate.0, p.share.0)?;
        let rate = match loan.num(F::AnnualRate) {
            Some(actual) if actual < subsidy_rate => actual,
            _ => subsidy_rate,
        };
        let principal = loan.num(F::Principal).unwrap_or_default();
        let balances = loan.list(F::Balances);
        let years_needed = usize::try_from((months + 11) / 12).unwrap_or_default();
        if let Some(b) = balances
            && b.len() < years_needed
        {
            missing.push(record_path(F::Balances, i));
            continue;
        }
        let first = loan.date(F::LoanStart).map(month_index).unwrap_or_default();
        // Per calendar year, the sum of the balance of each month; spans of
        // months within one year with one balance (a balance per loan year).
        let mut balance_sum: Vec<(i16, Decimal)> = Vec::new();
        let mut k = 0;
        while k < months {
            let bal = balances
                .and_then(|b| b.get(usize::try_from(k / 12).unwrap_or_default()).copied())
                .unwrap_or(principal);
            let loan_year_end = (k / 12 + 1) * 12;
            let Some((year, _, n)) =
                year_spans(first + k, first + months, first + loan_year_end).next()
            else {
                break;
            };
            match balance_sum.last_mut() {
                Some((y, sum)) if *y == year => *sum = add_times(*sum, bal, n)?,
                _ => balance_sum.push((year, add_times(Decimal::ZERO, bal, n)?)),
            }
            k += n;
        }
        let mut loan_total = Decimal::ZERO;
        for (year, sum_bal) in balance_sum {
            let amount = div(mul(sum_bal, rate)?, Decimal::from(12))?;
            loan_total = add(loan_total, amount)?;
            by_year.put(year, amount, amount)?;
        }
        if ctx.texts {
            let capped = if rate < subsidy_rate {
                format!(", 不超过实际利率 {}", percent(rate))
            } else {
                String::new()
            };
            match balances {
                None => lines.push(format!(
                    "{what}: 本金 {} × 基准利率 {} ({}) × {} = 年贴息率 {}{capped}, 自 {} 起{}个月 = {}元",
                    grouped(principal),
                    percent(tier.rate.0),
                    tier.label,
                    percent(p.share.0),
                    percent(subsidy_rate),
                    month_label(first),
                    months,
                    grouped(loan_total)
                )),
                // Each loan year's balance, months and subsidy, so the line
                // can be checked by hand.
                Some(b) => {
                    let mut parts = Vec::new();
                    for (k, bal) in b.iter().enumerate().take(years_needed) {
                        let k = i32::try_from(k).unwrap_or_default();
                        let m = (months - 12 * k).clamp(0, 12);
                        let amount = div(mul(mul(*bal, rate)?, Decimal::from(m))?, Decimal::from(12))?;
                        parts.push(format!(
                            "第{}年 余额 {} × {} × {m}/12 = {}",
                            k + 1,
                            grouped(*bal),
                            percent(rate),
                            grouped(amount)
                        ));
                    }
                    lines.push(format!(
                        "{what}: 基准利率 {} ({}) × {} = 年贴息率 {}{capped}, 自 {} 起{}个月, 按各贷款年度余额: {}; 共 {}元",
                        percent(tier.rate.0),
                        tier.label,
                        percent(p.share.0),
                        percent(subsidy_rate),
                        month_label(first),
                        months,
                        parts.join("; "),
                        grouped(loan_total)
                    ));
                }
            }
        }
    }
    if by_year.is_empty() {
        if !missing.is_empty() {
            let text = ctx.text(|| {
                format!(
                    "需补充 (期限决定基准利率; 余额须覆盖贴息各年度): {}",
                    fields(&missing)
                )
            });
            return Ok(Outcome::needs_input(missing, text));
        }
        return Ok(Outcome::not_applicable(ctx.text(|| excluded.join("; "))));
    }
    let before_cap = by_year.lower_sum()?;
    let cut = apply_cap(&mut by_year, p.cap.0)?;
    let schedule = by_year.into_list();
    let (total, _) = sum_schedule(&schedule)?;
    let basis = ctx.text(|| {
        let mut s = lines.join("; ");
        s.push_str(&format!("; 合计 {}元", grouped(before_cap)));
        if !cut.is_zero() {
            s.push_str(&format!(
                ", 超过累计上限 {}元, 从最晚月份扣减 {}元 → {}元",
                grouped(p.cap.0),
                grouped(cut),
                grouped(total)
            ));
        }
        if !excluded.is_empty() {
            s.push_str(&format!(" (不计: {})", excluded.join("; ")));
        }
        s
    });
    assumptions.push(ctx.text(|| {
        format!(
            "基准利率为中国人民银行自{}起执行的贷款基准利率",
            p.benchmark_date.0
        )
    }));
    assumptions.retain(|s| !s.is_empty());
    let o = Outcome::applies(total, total, basis)
        .with_schedule(schedule)
        .with_assumptions(assumptions);
    Ok(partial(ctx, o, missing))
}

/// The benchmark tier for a loan term in months.
fn benchmark_for(p: &params::LoanInterest, term: Decimal) -> &params::BenchmarkTier {
    p.benchmark
        .iter()
        .find(|t| t.up_to_months.is_none_or(|m| term <= Decimal::from(m)))
        .or(p.benchmark.last())
        .unwrap_or(&p.benchmark[0])
}

/// Cuts the excess over `cap` from the latest years first; returns the cut.
fn apply_cap(by_year: &mut Years, cap: Decimal) -> Result<Decimal, KindError> {
    let total = by_year.lower_sum()?;
    let excess = sub(total, cap)?;
    if excess <= Decimal::ZERO {
        return Ok(Decimal::ZERO);
    }
    let mut left = excess;
    for (_, lo, hi) in by_year.0.iter_mut().rev() {
        let take = left.min(*lo);
        *lo = sub(*lo, take)?;
        *hi = *lo;
        left = sub(left, take)?;
        if left.is_zero() {
            break;
        }
    }
    by_year.0.retain(|e| !e.1.is_zero());
    Ok(excess)
}
