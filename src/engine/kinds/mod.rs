//! What each kind of calculation computes, one file per kind named as its
//! parameters' file in `rules/kinds/`: the item's outcome, explained with the
//! project's own numbers, and the kind's next-tier bounds. The helpers the
//! kinds share are here. Amounts stay exact here; rounding happens once, later.

use super::common::{condition_holds, field, fields};
use super::next_tier::{Bound, Evaluator};
use super::{Ctx, KindError, KindResult, Outcome, Status};
use crate::money::{self, add, grouped};
use crate::project::{Field, Group, Record};
use crate::rules::Kind;
use crate::rules::Rule;
use rust_decimal::Decimal;
use smallvec::SmallVec;

// One file per kind of calculation, named as in `rules/kinds/`.
mod award;
mod benefit;
mod case_by_case;
mod deduction;
mod discount;
mod documents;
mod exclusive_group;
mod headcount_subsidy;
mod headquarters;
mod intensity_reward;
mod loan_interest;
mod lump_sum;
mod per_area_subsidy;
mod price_cap;
mod procedure;
mod recognition;
mod rent_free;
mod rent_reduction;
mod retained_tax_rebate;
mod scope;
mod suspension;
mod term_check;
mod threshold_subsidy;
mod tiered_rate;

/// The completion deadline the two land kinds share.
mod completion;

/// What the engine does with a kind of calculation, implemented for the
/// kind's parameters in the file of the same name.
pub trait Calculation {
    /// The item's outcome, explained with the project's own numbers.
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult;

    /// A fact given that settles the item as not applicable whatever else
    /// is missing, so nothing is asked for first (reading 10).
    fn decided_no(&self, _ctx: &Ctx, _rule: &Rule) -> Result<Option<Outcome>, KindError> {
        Ok(None)
    }

    /// The values of inputs where the kind's amount changes tier (next-tier
    /// hints and sweep breakpoints); the rule's conditions add their own.
    /// Required, so that a new kind says whether it has any.
    fn bounds(&self, ev: &mut Evaluator, rule: &Rule) -> Vec<Bound>;
}

/// A kind's calculation: one exhaustive match, without a catch-all, so a kind
/// of `rules::kinds` missing here does not compile, nor does one whose
/// parameters lack `impl Calculation` (in the file of the same name).
fn calculation(kind: &Kind) -> &dyn Calculation {
    match kind {
        Kind::IntensityReward(p) => p,
        Kind::RetainedTaxRebate(p) => p,
        Kind::Benefit(p) => p,
        Kind::TermCheck(p) => p,
        Kind::PerAreaSubsidy(p) => p,
        Kind::RentFree(p) => p,
        Kind::RentReduction(p) => p,
        Kind::LoanInterest(p) => p,
        Kind::TieredRate(p) => p,
        Kind::LumpSum(p) => p,
        Kind::PriceCap(p) => p,
        Kind::Discount(p) => p,
        Kind::ThresholdSubsidy(p) => p,
        Kind::HeadcountSubsidy(p) => p,
        Kind::CaseByCase(p) => p,
        Kind::Scope(p) => p,
        Kind::Suspension(p) => p,
        Kind::Deduction(p) => p,
        Kind::ExclusiveGroup(p) => p,
        Kind::Recognition(p) => p,
        Kind::Headquarters(p) => p,
        Kind::Award(p) => p,
        Kind::Procedure(p) => p,
        Kind::Documents(p) => p,
    }
}

pub fn run(ctx: &Ctx, rule: &Rule) -> KindResult {
    calculation(&rule.kind).compute(ctx, rule)
}

/// A fact given that settles the item as not applicable whatever else is
/// missing, so nothing is asked for first (reading 10): a completion later
/// than the two-year rule allows, an award's disqualifier.
pub fn decided_no(ctx: &Ctx, rule: &Rule) -> Result<Option<Outcome>, KindError> {
    calculation(&rule.kind).decided_no(ctx, rule)
}

/// The bounds of the rule's kind (see [`Calculation::bounds`]).
pub fn bounds(ev: &mut Evaluator, rule: &Rule) -> Vec<Bound> {
    calculation(&rule.kind).bounds(ev, rule)
}

/// A gate's rule as an item: it gives none (gates are applied on the whole
/// project, in `engine/gates.rs`).
fn gate_item() -> KindResult {
    Ok(Outcome::status_only(
        Status::NotApplicable,
        String::new(),
        None,
    ))
}

/// `needs_input` naming the fields to fill in.
fn ask_for(ctx: &Ctx, missing: Vec<String>) -> Outcome {
    let text = ctx.text(|| format!("需补充: {}", fields(&missing)));
    Outcome::needs_input(missing, text)
}

/// A given number; the shared checks have made sure required facts exist.
fn num(ctx: &Ctx, f: Field) -> Decimal {
    ctx.project.num(f).unwrap_or_default()
}

/// One-time money is scheduled in the year of evaluation (the application).
fn one_time(ctx: &Ctx, o: Outcome) -> Outcome {
    o.whole_in(ctx.as_of.year())
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
    let fast = (!x.is_sign_negative() && !x.is_zero() && !acc.is_sign_negative())
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

/// A row's few records, kept on the stack (a batch row allocates none).
type FewRecords<'a> = SmallVec<[(usize, &'a Record); 8]>;

/// Tax years in year order.
fn tax_years<'a>(ctx: &Ctx<'_, 'a>) -> FewRecords<'a> {
    let mut years: FewRecords = ctx
        .project
        .records(Group::TaxYears)
        .iter()
        .enumerate()
        .collect();
    years.sort_by_key(|(_, r)| r.num(Field::TaxYear));
    years
}

fn record_path(f: Field, index: usize) -> String {
    f.spec().display_path(Some(index))
}

fn tax_year_of(r: &Record) -> i16 {
    r.num(Field::TaxYear)
        .and_then(|y| i16::try_from(y.mantissa()).ok())
        .unwrap_or_default()
}

/// The tax years that count as 投产后: those in or after the production
/// year (all, when no production date is given), each with its year.
struct TaxWindow<'a> {
    /// The first counted year.
    start: Option<i16>,
    counted: FewRecords<'a>,
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
    let production = ctx.project.date(Field::ProductionDate).map(|d| d.year());
    let mut counted = FewRecords::new();
    let mut notes = Vec::new();
    for (i, r) in records {
        if r.get(Field::TaxYear).is_none() {
            missing.push(record_path(Field::TaxYear, *i));
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
            field(Field::ProductionDate)
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

/// `a ÷ b` for display, rounded to the fen; a quotient too large to show is
/// written as a dash rather than a panic.
fn per(a: Decimal, b: Decimal) -> String {
    a.checked_div(b).map_or_else(|| "—".to_string(), grouped)
}
