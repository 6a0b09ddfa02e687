//! One function per kind of calculation. Each reads the facts its kind needs
//! and the numbers of its rule, and explains the figure with the project's
//! own numbers. Amounts stay exact here; rounding happens once, later.

use super::common::{RecordCheck, field, fields, is_given, record_preconditions, shown, word};
use super::{Ctx, KindError, KindResult, Outcome, Status};
use crate::money::{self, add, div, grouped, mul, percent, plain, sub, wan};
use crate::project::{F, Group, Record};
use crate::rules::params::{self, Kind};
use crate::rules::{FieldRef, Rule};
use rust_decimal::Decimal;

pub fn run(ctx: &Ctx, rule: &Rule) -> KindResult {
    match &rule.kind {
        Kind::IntensityReward(p) => intensity_reward(ctx, rule, p),
        Kind::RetainedTaxRebate(p) => retained_tax_rebate(ctx, p),
        Kind::Benefit => Ok(benefit(ctx, rule)),
        Kind::TermCheck(p) => term_check(ctx, p),
        Kind::PerAreaSubsidy(p) => per_area_subsidy(ctx, rule, p),
        Kind::RentFree(p) => rent_free(ctx, p),
        Kind::RentReduction(p) => rent_reduction(ctx, p),
        Kind::LoanInterest(p) => loan_interest(ctx, rule, p),
        Kind::TieredRate(p) => tiered_rate(ctx, rule, p),
        Kind::LumpSum(p) => Ok(lump_sum(ctx, rule, p)),
        Kind::PriceCap(p) => price_cap(ctx, p),
        Kind::Discount(p) => discount(ctx, p),
        Kind::ThresholdSubsidy(p) => threshold_subsidy(ctx, p),
        Kind::HeadcountSubsidy(p) => headcount_subsidy(ctx, p),
        Kind::CaseByCase(p) => case_by_case(ctx, p),
        Kind::Award(a) => super::awards::run(ctx, rule, a),
        Kind::Scope(_)
        | Kind::Suspension(_)
        | Kind::Deduction(_)
        | Kind::ExclusiveGroup(_)
        | Kind::Recognition(_) => Ok(Outcome::status_only(
            Status::NotApplicable,
            String::new(),
            None,
        )),
    }
}

/// `needs_input` naming the fields to fill in.
fn ask_for(ctx: &Ctx, missing: Vec<String>) -> Outcome {
    let text = ctx.text(|| format!("需补充: {}", fields(&missing)));
    Outcome::needs_input(missing, text)
}

/// A given number; the shared checks have made sure required facts exist.
fn num(ctx: &Ctx, f: F) -> Decimal {
    ctx.project.num(f).unwrap_or_default()
}

/// One-time money is scheduled in the year of evaluation (the application).
fn one_time(ctx: &Ctx, o: Outcome) -> Outcome {
    let (lo, hi) = (o.amount, o.amount_max);
    let year = ctx.as_of.year();
    o.with_schedule(vec![(year, lo, hi)])
}

/// A month as a count from year 0, so months can be added and compared.
fn month_index(d: jiff::civil::Date) -> i32 {
    i32::from(d.year()) * 12 + i32::from(d.month()) - 1
}

fn year_of(month: i32) -> i16 {
    // Dates are limited to 1900–2200 plus a few hundred months, so this fits.
    i16::try_from(month.div_euclid(12)).unwrap_or(i16::MAX)
}

fn month_label(month: i32) -> String {
    format!("{}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// A (lower, upper) schedule being built: money by calendar year, in year
/// order. A handful of years: a sorted vector, not a map.
#[derive(Default)]
struct Years(Vec<(i16, Decimal, Decimal)>);

impl Years {
    /// The year's entry, added (at zero) if new.
    fn entry(&mut self, year: i16) -> &mut (i16, Decimal, Decimal) {
        let i = match self.0.binary_search_by_key(&year, |e| e.0) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (year, Decimal::ZERO, Decimal::ZERO));
                i
            }
        };
        &mut self.0[i]
    }

    /// Adds an amount to a year.
    fn put(&mut self, year: i16, lo: Decimal, hi: Decimal) -> Result<(), KindError> {
        let e = self.entry(year);
        e.1 = add(e.1, lo)?;
        e.2 = add(e.2, hi)?;
        Ok(())
    }

    /// [`Years::put`] `n` times over: exactly what `n` successive calls would
    /// leave.
    fn put_times(&mut self, year: i16, lo: Decimal, hi: Decimal, n: i32) -> Result<(), KindError> {
        let e = self.entry(year);
        e.1 = add_times(e.1, lo, n)?;
        e.2 = add_times(e.2, hi, n)?;
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn lower_sum(&self) -> Result<Decimal, KindError> {
        Ok(money::sum(self.0.iter().map(|e| e.1))?)
    }

    /// The schedule, in year order.
    fn into_list(self) -> Vec<(i16, Decimal, Decimal)> {
        self.0
    }
}

/// `acc` plus `n` times `x`, bit for bit (value and scale) what `n` successive
/// [`add`]s give, errors included. With `acc` ≥ 0 and `x` > 0, when `n × x`
/// and `acc + n × x` are exact (Decimal kept the scale, so rounded nothing),
/// every partial sum lies between `acc` and that result at the same scale, so
/// each of the `n` additions is exact too and they end on the same value at
/// the same scale. Otherwise the additions are done one by one, as before.
fn add_times(acc: Decimal, x: Decimal, n: i32) -> Result<Decimal, KindError> {
    if n <= 0 {
        return Ok(acc);
    }
    let scale = acc.scale().max(x.scale());
    let fast = (x > Decimal::ZERO && !acc.is_sign_negative())
        .then(|| x.checked_mul(Decimal::from(n)))
        .flatten()
        .filter(|p| p.scale() == x.scale())
        .and_then(|p| acc.checked_add(p))
        .filter(|r| r.scale() == scale);
    if let Some(r) = fast {
        return Ok(r);
    }
    let mut a = acc;
    for _ in 0..n {
        a = add(a, x)?;
    }
    Ok(a)
}

/// The months `from..to` cut where a calendar year ends or `also` (a month
/// index) falls: (year, first month, count) in order.
fn year_spans(from: i32, to: i32, also: i32) -> impl Iterator<Item = (i16, i32, i32)> {
    let mut m = from;
    std::iter::from_fn(move || {
        if m >= to {
            return None;
        }
        let year_end = (m.div_euclid(12) + 1) * 12;
        let mut end = to.min(year_end);
        if also > m {
            end = end.min(also);
        }
        let span = (year_of(m), m, end - m);
        m = end;
        Some(span)
    })
}

fn sum_schedule(s: &[(i16, Decimal, Decimal)]) -> Result<(Decimal, Decimal), KindError> {
    Ok((
        money::sum(s.iter().map(|e| e.1))?,
        money::sum(s.iter().map(|e| e.2))?,
    ))
}

// ------------------------------------------------------------ land

fn intensity_reward(ctx: &Ctx, rule: &Rule, p: &params::IntensityReward) -> KindResult {
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

/// Tax years in year order.
fn tax_years<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a Record)> {
    let mut years: Vec<(usize, &Record)> = ctx
        .project
        .records(Group::TaxYears)
        .iter()
        .enumerate()
        .collect();
    years.sort_by_key(|(_, r)| r.num(F::TaxYear));
    years
}

fn record_path(f: F, index: usize) -> String {
    f.spec().display_path(Some(index))
}

fn tax_year_of(r: &Record) -> i16 {
    r.num(F::TaxYear)
        .and_then(|y| i16::try_from(y.mantissa()).ok())
        .unwrap_or_default()
}

fn retained_tax_rebate(ctx: &Ctx, p: &params::RetainedTaxRebate) -> KindResult {
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
            ctx.text(|| "未填写纳税年度 (tax_years)".into()),
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

/// The tax years that count as 投产后: those in or after the production
/// year (all, when no production date is given), each with its year.
struct TaxWindow<'a> {
    /// The first counted year.
    start: Option<i16>,
    counted: Vec<(usize, &'a Record)>,
    /// Assumptions to list (an absent production date).
    notes: Vec<String>,
}

/// Sorts out the tax years: those lacking a year are left out and named in
/// `missing`; those before the production year are left out with a line.
fn tax_window<'a>(
    ctx: &Ctx,
    records: &[(usize, &'a Record)],
    missing: &mut Vec<String>,
    lines: &mut Vec<String>,
) -> TaxWindow<'a> {
    let production = ctx.project.date(F::ProductionDate).map(|d| d.year());
    let mut counted = Vec::new();
    let mut notes = Vec::new();
    for (i, r) in records {
        if r.get(F::TaxYear).is_none() {
            missing.push(record_path(F::TaxYear, *i));
            continue;
        }
        let y = tax_year_of(r);
        match production {
            Some(py) if y < py => {
                if ctx.texts {
                    lines.push(format!("{y}: 在投产年 {py} 之前, 不属投产后, 不计"));
                }
            }
            _ => counted.push((*i, *r)),
        }
    }
    if production.is_none() && !counted.is_empty() && ctx.texts {
        notes.push(format!(
            "未填写 {}, 所填纳税年度均视为投产后",
            field(F::ProductionDate)
        ));
    }
    TaxWindow {
        start: counted.first().map(|(_, r)| tax_year_of(r)),
        counted,
        notes,
    }
}

/// December reading 7: records lacking a fact were left out of an item that
/// applies on the others; they are named in `missing` and in an assumption
/// (strict mode, or nothing computed: needs input).
fn partial(ctx: &Ctx, o: Outcome, missing: Vec<String>) -> Outcome {
    if missing.is_empty() {
        return o;
    }
    if ctx.strict || o.status != Status::Applies {
        return ask_for(ctx, missing);
    }
    let note = ctx.text(|| {
        format!(
            "资料不全的记录未计入本项, 其余照算; 需补充: {}",
            fields(&missing)
        )
    });
    let mut o = o.with_missing(missing);
    if !note.is_empty() {
        o.add_assumption(note);
    }
    o
}

/// Whether a rule's condition holds on the project (absent facts: no).
fn condition_holds(ctx: &Ctx, cond: &crate::rules::Condition) -> bool {
    use params::{EqValue, Test};
    let v = ctx.project.get(cond.field.0);
    match (&cond.test, v) {
        (Test::Present(want), v) => v.is_some() == *want,
        (_, None) => false,
        (Test::Equals(EqValue::Flag(b)), Some(v)) => v.as_bool() == Some(*b),
        (Test::Equals(EqValue::Word(w)), Some(v)) => v.as_text() == Some(w.as_str()),
        (Test::AtLeast(m), Some(v)) => v.as_num().is_some_and(|x| x >= *m),
        (Test::Above(m), Some(v)) => v.as_num().is_some_and(|x| x > *m),
        (Test::ShareAtLeast { of, share }, Some(v)) => match (v.as_num(), ctx.project.num(of.0)) {
            (Some(x), Some(base)) => money::mul(base, *share).is_ok_and(|need| x >= need),
            _ => false,
        },
    }
}

fn benefit(ctx: &Ctx, rule: &Rule) -> Outcome {
    Outcome::status_only(Status::Benefit, ctx.text(|| rule.text.clone()), None)
}

fn term_check(ctx: &Ctx, p: &params::TermCheck) -> KindResult {
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

// ------------------------------------------------------------ factories

fn per_area_subsidy(ctx: &Ctx, rule: &Rule, p: &params::PerAreaSubsidy) -> KindResult {
    let mut total = Decimal::ZERO;
    let mut lines = Vec::new();
    let mut excluded = Vec::new();
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    let mut eligible = 0usize;
    for (i, b) in ctx.project.records(Group::Buildings).iter().enumerate() {
        let what = ctx.text(|| format!("厂房{}", i + 1));
        let (Some(structure), Some(area)) = (b.text(F::BuildingStructure), b.num(F::BuildingArea))
        else {
            for f in [F::BuildingStructure, F::BuildingArea] {
                if b.get(f).is_none() {
                    missing.push(record_path(f, i));
                }
            }
            continue;
        };
        let Some(rate) = p.rates.get(structure) else {
            excluded.push(ctx.text(|| {
                format!(
                    "{what}: 结构 {} 不在补贴范围",
                    word(F::BuildingStructure, structure)
                )
            }));
            continue;
        };
        match record_preconditions(ctx, rule, b, &what) {
            RecordCheck::Fails(reason) => {
                excluded.push(reason);
                continue;
            }
            RecordCheck::Missing(fields) => {
                missing.extend(fields.iter().map(|f| record_path(*f, i)));
                continue;
            }
            RecordCheck::Holds(mut a) => assumptions.append(&mut a),
        }
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

fn rent_free(ctx: &Ctx, p: &params::RentFree) -> KindResult {
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

fn rent_reduction(ctx: &Ctx, p: &params::RentReduction) -> KindResult {
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

// ------------------------------------------------------------ money

fn loan_interest(ctx: &Ctx, rule: &Rule, p: &params::LoanInterest) -> KindResult {
    let mut by_year = Years::default();
    let mut lines = Vec::new();
    let mut excluded = Vec::new();
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    for (i, loan) in ctx.project.records(Group::Loans).iter().enumerate() {
        let what = ctx.text(|| format!("贷款{}", i + 1));
        let need = [F::Principal, F::LoanStart, F::TermMonths];
        let absent: Vec<String> = need
            .iter()
            .filter(|f| loan.get(**f).is_none())
            .map(|f| record_path(*f, i))
            .collect();
        if !absent.is_empty() {
            missing.extend(absent);
            continue;
        }
        match record_preconditions(ctx, rule, loan, &what) {
            RecordCheck::Fails(reason) => {
                excluded.push(reason);
                continue;
            }
            RecordCheck::Missing(fields) => {
                missing.extend(fields.iter().map(|f| record_path(*f, i)));
                continue;
            }
            RecordCheck::Holds(mut a) => assumptions.append(&mut a),
        }
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

/// A tiered rule's base after the deductions that other rules attach to it.
pub fn tiered_base(
    ctx: &Ctx,
    rule: &Rule,
    base_field: FieldRef,
) -> Result<(Decimal, Vec<String>, String), KindError> {
    let mut base = num(ctx, base_field.0);
    let mut assumptions = Vec::new();
    let mut parts = Vec::new();
    if ctx.texts {
        parts.push(format!("{} {}", base_field.0.spec().label, grouped(base)));
    }
    for other in &ctx.rules.rules {
        let Kind::Deduction(d) = &other.kind else {
            continue;
        };
        if !d.applies_to.contains(&rule.id) {
            continue;
        }
        for f in &d.deduct {
            match ctx.project.num(f.0) {
                Some(v) => {
                    base = sub(base, v)?;
                    if ctx.texts {
                        parts.push(format!("− {} {}", f.0.spec().label, grouped(v)));
                    }
                }
                None if ctx.texts => assumptions.push(format!(
                    "未填写 {}, 按0扣除 ({})",
                    field(f.0),
                    ctx.rules.article(other)
                )),
                None => {}
            }
        }
    }
    let base = base.max(Decimal::ZERO);
    let text = ctx.text(|| format!("投资额 = {} = {}元", parts.join(" "), grouped(base)));
    Ok((base, assumptions, text))
}

fn tiered_rate(ctx: &Ctx, rule: &Rule, p: &params::TieredRate) -> KindResult {
    let (base, assumptions, base_text) = tiered_base(ctx, rule, p.base)?;
    if let Some(tier) = p.tiers.iter().find(|t| t.contains(base)) {
        let amount = mul(base, tier.rate.0)?;
        let basis = ctx.text(|| {
            format!(
                "{base_text}, 在 {} 档 → × {} = {}元",
                tier.describe(),
                percent(tier.rate.0),
                grouped(amount)
            )
        });
        return Ok(
            one_time(ctx, Outcome::applies(amount, amount, basis)).with_assumptions(assumptions)
        );
    }
    let (Some(first), Some(last)) = (p.tiers.first(), p.tiers.last()) else {
        return Ok(Outcome::not_applicable(String::new()));
    };
    if base >= last.to.0 {
        let reason = ctx.text(|| {
            format!(
                "{base_text}, 超过最高档 {} → 一事一议, 金额由市政府研究确定",
                last.describe()
            )
        });
        return Ok(
            Outcome::status_only(Status::CaseByCase, base_text.clone(), Some(reason))
                .with_assumptions(assumptions),
        );
    }
    let short = sub(first.from.0, base)?;
    let reason = ctx.text(|| {
        format!(
            "{base_text}, 低于最低档 {}; 还差 {}元{}",
            first.describe(),
            grouped(short),
            if first.from_inclusive {
                ""
            } else {
                " (须超过)"
            }
        )
    });
    Ok(Outcome::not_applicable(reason)
        .with_shortfall(short)
        .with_assumptions(assumptions))
}

fn lump_sum(ctx: &Ctx, rule: &Rule, p: &params::LumpSum) -> Outcome {
    let basis = ctx.text(|| {
        let mut seen = Vec::new();
        let conds: Vec<String> = rule
            .when
            .iter()
            .filter(|c| {
                let new = !seen.contains(&c.field);
                seen.push(c.field);
                new
            })
            .map(|c| {
                let v = ctx
                    .project
                    .get(c.field.0)
                    .map(|v| shown(c.field.0, v))
                    .unwrap_or_default();
                format!("{} 为 {v}", field(c.field.0))
            })
            .collect();
        format!("{} → 一次性 {}元", conds.join(", "), grouped(p.amount.0))
    });
    one_time(ctx, Outcome::applies(p.amount.0, p.amount.0, basis))
}

// ------------------------------------------------------------ prices

fn price_cap(ctx: &Ctx, p: &params::PriceCap) -> KindResult {
    let q = num(ctx, p.quantity.0);
    let price = num(ctx, p.price.0);
    let mut assumptions = Vec::new();
    let (cap_lo, cap_hi) = match &p.lower_cap_when {
        None => (p.cap.0, p.cap.0),
        Some(l) => match ctx.project.flag(l.field.0) {
            Some(true) => (l.cap.0, l.cap.0),
            Some(false) => (p.cap.0, p.cap.0),
            None => {
                if ctx.texts {
                    assumptions.push(format!(
                        "未填写 {}: 下限按限价 {}{}, 上限按 {}{}",
                        field(l.field.0),
                        plain(p.cap.0),
                        p.unit,
                        plain(l.cap.0),
                        p.unit
                    ));
                }
                (p.cap.0, l.cap.0)
            }
        },
    };
    let saving = |cap: Decimal| -> Result<Decimal, KindError> {
        Ok(mul(sub(price, cap)?.max(Decimal::ZERO), q)?)
    };
    let (lo, hi) = (saving(cap_lo)?, saving(cap_hi)?);
    if hi.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "市场价格 {}{} 不高于限价 {}{}, 无差额",
                plain(price),
                p.unit,
                plain(cap_hi),
                p.unit
            )
        }))
        .with_assumptions(assumptions));
    }
    let basis = ctx.text(|| {
        let one = |cap: Decimal, v: Decimal| {
            format!(
                "({} − {}) {} × {} = {}元",
                plain(price),
                plain(cap),
                p.unit,
                plain(q),
                grouped(v)
            )
        };
        if cap_lo == cap_hi {
            format!("每年 {}", one(cap_lo, lo))
        } else {
            format!("每年 {} 至 {}", one(cap_lo, lo), one(cap_hi, hi))
        }
    });
    Ok(Outcome::applies(lo, hi, basis).with_assumptions(assumptions))
}

fn discount(ctx: &Ctx, p: &params::Discount) -> KindResult {
    let base = num(ctx, p.base.0);
    let amount = mul(base, p.rate.0)?;
    let basis = ctx.text(|| {
        format!(
            "每年 {} {}元 × {} = {}元",
            p.base.0.spec().label,
            grouped(base),
            percent(p.rate.0),
            grouped(amount)
        )
    });
    if amount.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| "费用为0".into())));
    }
    Ok(Outcome::applies(amount, amount, basis))
}

// ------------------------------------------------------------ tax-based

fn threshold_subsidy(ctx: &Ctx, p: &params::ThresholdSubsidy) -> KindResult {
    let records = tax_years(ctx);
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    let window = tax_window(ctx, &records, &mut missing, &mut lines);
    // A year without its tax figure cannot open or fill the window: left out.
    let mut years: Vec<(usize, &Record, Decimal)> = Vec::new();
    for (i, r) in &window.counted {
        match r.num(F::TaxPaid) {
            Some(tax) => years.push((*i, *r, tax)),
            None => missing.push(record_path(F::TaxPaid, *i)),
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
        let Some(cost) = r.num(F::LogisticsCost) else {
            missing.push(record_path(F::LogisticsCost, *i));
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

fn headcount_subsidy(ctx: &Ctx, p: &params::HeadcountSubsidy) -> KindResult {
    let people = num(ctx, p.headcount.0);
    let amount = mul(mul(people, p.per_person_month.0)?, Decimal::from(p.months))?;
    if amount.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| "参保人数为0".into())));
    }
    let basis = ctx.text(|| {
        format!(
            "{}人 × {}元/人/月 × {}个月 = {}元",
            plain(people),
            plain(p.per_person_month.0),
            p.months,
            grouped(amount)
        )
    });
    Ok(one_time(ctx, Outcome::applies(amount, amount, basis)))
}

fn case_by_case(ctx: &Ctx, p: &params::CaseByCase) -> KindResult {
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

/// `a ÷ b` for display, rounded to the fen; a quotient too large to show is
/// written as a dash rather than a panic.
fn per(a: Decimal, b: Decimal) -> String {
    a.checked_div(b).map_or_else(|| "—".to_string(), grouped)
}
