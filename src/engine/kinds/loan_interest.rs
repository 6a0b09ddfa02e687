//! 贷款贴息: interest subsidy on new loans at a share of the benchmark rate by
//! term, balances by loan year, the cumulative cap cut from the latest
//! months; its next tier is the principal at which the cap is reached.

use super::{
    Calculation, Years, add_times, month_index, month_label, partial, record_path, sum_schedule,
    year_spans,
};
use crate::engine::common::{RecordCheck, fields, record_preconditions};
use crate::engine::next_tier::{Bound, Evaluator, Side, ceil_to, current, floor_to};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{self, add, div, grouped, mul, percent, sub, wan};
use crate::project::Record;
use crate::project::{Field, Group};
use crate::rules::Rule;
use crate::rules::kinds::loan_interest::{BenchmarkTier, LoanInterest};
use rust_decimal::Decimal;
use smallvec::SmallVec;

impl Calculation for LoanInterest {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        loan_interest(ctx, rule, self)
    }

    /// The principal of each loan at which the cumulative cap is reached:
    /// shown, never proposed (the company bears the loan).
    fn bounds(&self, ev: &mut Evaluator, rule: &Rule) -> Vec<Bound> {
        loan_cap_bounds(ev, rule, self)
            .into_iter()
            .map(|(j, v)| Bound {
                field: Field::Principal,
                index: Some(j),
                value: v,
                side: Side::AtLeast,
                tier: format!("累计上限 {}", wan(self.cap.0)),
                cost_share: true,
            })
            .collect()
    }
}

fn loan_interest(ctx: &Ctx, rule: &Rule, p: &LoanInterest) -> KindResult {
    let mut by_year = Years::default();
    let mut lines = Vec::new();
    let mut excluded = Vec::new();
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    for (i, loan) in ctx.project.records(Group::Loans).iter().enumerate() {
        let what = ctx.text(|| format!("贷款{}", i + 1));
        let t = match classify(ctx, rule, p, loan, i, &what)? {
            Class::Missing(fields, mut a) => {
                // Balances short: the preconditions were read (and their
                // assumptions listed) before the balances.
                assumptions.append(&mut a);
                missing.extend(fields);
                continue;
            }
            Class::Excluded(reason) => {
                excluded.push(reason);
                continue;
            }
            Class::Counted(mut a, t) => {
                assumptions.append(&mut a);
                t
            }
        };
        let Terms {
            tier,
            subsidy_rate,
            rate,
            months,
            years_needed,
            first,
        } = t;
        let principal = loan.num(Field::Principal).unwrap_or_default();
        let balances = loan.list(Field::Balances);
        let balance_sum = year_amounts(&t, balances, principal)?;
        let mut loan_total = Decimal::ZERO;
        for (year, amount) in balance_sum {
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
    if ctx.texts {
        assumptions.push(format!(
            "基准利率为中国人民银行自{}起执行的贷款基准利率",
            p.benchmark_date.0
        ));
    }
    assumptions.retain(|s| !s.is_empty());
    let o = Outcome::applies(total, total, basis)
        .with_schedule(schedule)
        .with_assumptions(assumptions);
    Ok(partial(ctx, o, missing))
}

/// What a loan's subsidy is computed from, once it counts.
#[derive(Clone, Copy)]
struct Terms<'a> {
    tier: &'a BenchmarkTier,
    subsidy_rate: Decimal,
    /// The subsidy rate, or the actual rate when lower.
    rate: Decimal,
    /// Months subsidised (the term, at most the rule's months).
    months: i32,
    /// Loan years the balances must cover.
    years_needed: usize,
    /// Month index of the loan's start.
    first: i32,
}

/// Whether a loan counts: the same test for the item and for the next
/// tier's search ([`PreCap`]).
enum Class<'a> {
    /// Fields to fill in, and assumptions already made about the loan.
    Missing(Vec<String>, Vec<String>),
    Excluded(String),
    Counted(Vec<String>, Terms<'a>),
}

fn classify<'a>(
    ctx: &Ctx,
    rule: &Rule,
    p: &'a LoanInterest,
    loan: &Record,
    i: usize,
    what: &str,
) -> Result<Class<'a>, KindError> {
    // A loan given as not new is left out before its facts are asked for
    // (reading 10).
    let (assumptions, asked) = match record_preconditions(ctx, rule, loan, what) {
        RecordCheck::Fails(reason) => return Ok(Class::Excluded(reason)),
        RecordCheck::Missing(fields) => (Vec::new(), fields),
        RecordCheck::Holds(a) => (a, Vec::new()),
    };
    let need = [Field::Principal, Field::LoanStart, Field::TermMonths];
    let absent: Vec<String> = need
        .iter()
        .chain(&asked)
        .filter(|f| loan.get(**f).is_none())
        .map(|f| record_path(*f, i))
        .collect();
    if !absent.is_empty() {
        return Ok(Class::Missing(absent, Vec::new()));
    }
    let term = loan.num(Field::TermMonths).unwrap_or_default();
    let months = term.min(Decimal::from(p.months));
    let months = i32::try_from(months.mantissa()).unwrap_or_default();
    let tier = benchmark_for(p, term);
    let subsidy_rate = mul(tier.rate.0, p.share.0)?;
    let rate = match loan.num(Field::AnnualRate) {
        Some(actual) if actual < subsidy_rate => actual,
        _ => subsidy_rate,
    };
    let years_needed = usize::try_from((months + 11) / 12).unwrap_or_default();
    if let Some(b) = loan.list(Field::Balances)
        && b.len() < years_needed
    {
        return Ok(Class::Missing(
            vec![record_path(Field::Balances, i)],
            assumptions,
        ));
    }
    let first = loan
        .date(Field::LoanStart)
        .map(month_index)
        .unwrap_or_default();
    Ok(Class::Counted(
        assumptions,
        Terms {
            tier,
            subsidy_rate,
            rate,
            months,
            years_needed,
            first,
        },
    ))
}

/// A counted loan's subsidy per calendar year (before the cap): per year the
/// sum of each month's balance (spans of months within one year with one
/// balance, a balance per loan year; the principal when no balances are
/// given) times the rate, over 12.
fn year_amounts(
    t: &Terms,
    balances: Option<&[Decimal]>,
    principal: Decimal,
) -> Result<SmallVec<[(i16, Decimal); 8]>, KindError> {
    let (months, first) = (t.months, t.first);
    let mut balance_sum: SmallVec<[(i16, Decimal); 8]> = SmallVec::new();
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
    for (_, sum) in &mut balance_sum {
        *sum = div(mul(*sum, t.rate)?, Decimal::from(12))?;
    }
    Ok(balance_sum)
}

/// Every loan's subsidy before the cap, computed once, so that the next
/// tier's search for the principal reaching the cap asks about one loan at a
/// time instead of evaluating every loan again (quadratic in the loans).
struct PreCap<'a> {
    p: &'a LoanInterest,
    loans: &'a [Record],
    terms: Vec<Option<Terms<'a>>>,
    /// Each loan's own subsidy, for a loan counted on its principal.
    own: Vec<Option<Decimal>>,
    /// The sum over counted loans, added up as the item adds it.
    total: Decimal,
}

impl<'a> PreCap<'a> {
    fn new(ctx: &Ctx<'a, 'a>, rule: &Rule, p: &'a LoanInterest) -> Result<PreCap<'a>, KindError> {
        let loans = ctx.project.records(Group::Loans);
        let mut by_year = Years::default();
        let mut terms = Vec::with_capacity(loans.len());
        let mut own = Vec::with_capacity(loans.len());
        for (i, loan) in loans.iter().enumerate() {
            let Class::Counted(_, t) = classify(ctx, rule, p, loan, i, "")? else {
                terms.push(None);
                own.push(None);
                continue;
            };
            let balances = loan.list(Field::Balances);
            let principal = loan.num(Field::Principal).unwrap_or_default();
            let mut loan_total = Decimal::ZERO;
            for (year, amount) in year_amounts(&t, balances, principal)? {
                loan_total = add(loan_total, amount)?;
                by_year.put(year, amount, amount)?;
            }
            terms.push(Some(t));
            own.push(balances.is_none().then_some(loan_total));
        }
        Ok(PreCap {
            p,
            loans,
            terms,
            own,
            total: by_year.lower_sum()?,
        })
    }

    /// The subsidy before the cap with every loan as given.
    fn total(&self) -> Decimal {
        self.total
    }

    /// The subsidy after the cap with loan `j`'s principal at `v`; `None`
    /// when that principal does not move it (the loan does not count, or
    /// its balances are given) or a figure overflows.
    fn capped_with(&self, j: usize, v: Decimal) -> Option<Decimal> {
        let own = (*self.own.get(j)?)?;
        let t = (*self.terms.get(j)?)?;
        let balances = self.loans.get(j)?.list(Field::Balances);
        let there: Decimal = year_amounts(&t, balances, v)
            .ok()?
            .into_iter()
            .try_fold(Decimal::ZERO, |acc, (_, a)| acc.checked_add(a))?;
        let total = self.total.checked_sub(own)?.checked_add(there)?;
        Some(total.min(self.p.cap.0))
    }
}

/// The benchmark tier for a loan term in months.
fn benchmark_for(p: &LoanInterest, term: Decimal) -> &BenchmarkTier {
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

/// The least principal of each loan at which the interest subsidy reaches
/// its cap ([`loan_cap_principal`]), with each loan's subsidy computed once
/// ([`PreCap`]) so the searches cost one loan each, not every loan again:
/// linear in the loans. Where the rule's amount is not simply the capped sum
/// of its loans (strict mode with loans left out, a claim date), each loan
/// is searched by evaluating the rule, as before.
fn loan_cap_bounds(ev: &mut Evaluator, rule: &Rule, k: &LoanInterest) -> Vec<(usize, Decimal)> {
    let n = ev.project.records(Group::Loans).len();
    let cap = k.cap.0;
    let slow = |ev: &mut Evaluator, j: usize| loan_cap_principal(ev, rule, j, cap);
    let ctx = crate::engine::context(ev.rules, ev.project, ev.opts);
    // A rule stopped by its conditions gives nothing at any principal.
    match crate::engine::common::check(&ctx, rule) {
        Ok(Some(_)) => return Vec::new(),
        Ok(None) => {}
        Err(_) => return (0..n).filter_map(|j| Some((j, slow(ev, j)?))).collect(),
    }
    let pre = PreCap::new(&ctx, rule, k).ok();
    let base = ev.exact(rule);
    let fast = match (&pre, base) {
        // At the cap already: no loan's principal adds anything.
        (_, Some(b)) if b >= cap => return Vec::new(),
        (Some(pre), Some(b)) if b == pre.total() => Some((pre, b)),
        _ => None,
    };
    let fen = Decimal::new(1, 2);
    (0..n)
        .filter_map(|j| {
            let v = match fast {
                Some((pre, base)) => {
                    let now = current(ev.project, Field::Principal, Some(j))?;
                    let here = ceil_to(now, fen);
                    if here == now {
                        cap_search(here, base, cap, |v| pre.capped_with(j, v))
                    } else {
                        slow(ev, j)
                    }
                }
                None => slow(ev, j),
            };
            Some((j, v?))
        })
        .collect()
}

/// The least principal of loan `j` at which the interest subsidy reaches its
/// cap, found by evaluating the rule; `None` when already at the cap or when
/// the principal does not move the subsidy.
fn loan_cap_principal(ev: &mut Evaluator, rule: &Rule, j: usize, cap: Decimal) -> Option<Decimal> {
    let f = Field::Principal;
    let fen = Decimal::new(1, 2);
    let here = ceil_to(current(ev.project, f, Some(j))?, fen);
    let base = ev.exact_at(rule, f, Some(j), here)?;
    if base >= cap {
        return None;
    }
    cap_search(here, base, cap, |v| ev.exact_at(rule, f, Some(j), v))
}

/// Where the subsidy `at(principal)` (before rounding and before the
/// project-level provisions) is the cap itself ("不超过" the cap includes
/// it), from `here` where it is `base`, below the cap. The subsidy grows
/// with the principal (unless the loan is left out, or its balances are
/// given), so a search on whole fen finds the exact least value.
fn cap_search(
    here: Decimal,
    base: Decimal,
    cap: Decimal,
    mut at: impl FnMut(Decimal) -> Option<Decimal>,
) -> Option<Decimal> {
    let fen = Decimal::new(1, 2);
    // An upper end that reaches the cap: from the slope of one step, then
    // doubling while it falls short.
    let probe = here.checked_add(Decimal::from(1_000_000))?;
    let slope_gain = at(probe)?.checked_sub(base)?;
    if slope_gain <= Decimal::ZERO {
        return None;
    }
    let mut inc = cap
        .checked_sub(base)?
        .checked_mul(Decimal::from(1_000_000))?
        .checked_div(slope_gain)?;
    let mut hi = None;
    for _ in 0..40 {
        let v = ceil_to(here.checked_add(inc)?, fen);
        if v > money::MAX_MONEY {
            return None;
        }
        if at(v)? >= cap {
            hi = Some(v);
            break;
        }
        inc = inc.checked_mul(Decimal::TWO)?.checked_add(Decimal::ONE)?;
    }
    // Binary search on whole fen between a value below the cap and one at it.
    let (mut lo, mut hi) = (here, hi?);
    while hi - lo > fen {
        let mid = floor_to((lo + hi) / Decimal::TWO, fen);
        if at(mid)? >= cap {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}
