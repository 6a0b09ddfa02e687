//! Rules + project → items → report. Each rule is first put through the
//! checks every rule shares (is it in play, are its facts given, do its
//! conditions hold), then through the function of its kind; the project-level
//! provisions (scope, no double reward, suspension) are applied last.

mod awards;
mod common;
mod gates;
mod kinds;
pub mod next_tier;
mod outcome;
mod plan;
mod rule_plan;
pub mod sweep;
mod versions;

pub use outcome::Outcome;
use outcome::Schedule;
pub use plan::award_year;
pub use rule_plan::RulePlan;

use crate::model::{Item, ProjectInfo, Report, SCHEMA_VERSION, ScheduleEntry, Status, Totals};

use crate::money::{self, Overflow, Range};
use crate::project::{Field, Project};
use crate::rules::{Category, Rule, RuleSet};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// How to evaluate: the date, strictness, and whether to write explanations.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Evaluation date; `None` means the project's application date, else `today`.
    pub as_of: Option<Date>,
    /// Today's date, read from the clock by the caller (the command line):
    /// the engine never reads the clock, so the same inputs give the same report.
    pub today: Date,
    /// Absent preconditions become `needs_input`; expired rules are errors.
    pub strict: bool,
    /// Build the basis, reasons and assumptions (off for fast CSV batches:
    /// then items also carry no label, article or clause text, gate results
    /// no article or deduction detail, and validity warnings are not written).
    pub texts: bool,
    /// Build the application checklist too (with texts only; off for batch
    /// items and workbooks, which do not show it: it was a third of their
    /// evaluation time).
    pub checklist: bool,
}

impl Options {
    /// Explanations and checklist on, not strict, evaluated on the
    /// application date or else `today`.
    pub fn new(today: Date) -> Self {
        Options {
            as_of: None,
            today,
            strict: false,
            texts: true,
            checklist: true,
        }
    }
}

/// A project that cannot be evaluated: a figure overflowed, a value is out of
/// the range a rule allows, or (strict) the rules are not in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else if self.field == "as_of" {
            // Not a field of the project file: the officer's evaluation date.
            write!(f, "评估日期: {}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for EvalError {}

/// What every kind function sees.
pub struct Ctx<'a, 'p> {
    pub rules: &'a RuleSet,
    /// The project's lifetime is its own: a batch row's is shorter than its
    /// rules' (see [`Scratch`]).
    pub project: &'p Project,
    pub as_of: Date,
    pub strict: bool,
    pub texts: bool,
    pub checklist: bool,
}

impl Ctx<'_, '_> {
    /// Builds a text only when explanations are wanted.
    #[inline]
    pub fn text(&self, f: impl FnOnce() -> String) -> String {
        if self.texts { f() } else { String::new() }
    }
}

/// The evaluation date: `--as-of`, else the project's application date, else today.
fn evaluation_date(project: &Project, opts: Options) -> Date {
    opts.as_of
        .or_else(|| project.date(Field::ApplicationDate))
        .unwrap_or(opts.today)
}

/// The project's agreement date when it lies within document `d`'s validity
/// (reading 13: that document then governs the project).
pub(crate) fn agreement_in_force(rules: &RuleSet, project: &Project, d: usize) -> Option<Date> {
    let doc = rules.documents.get(d)?;
    project
        .date(Field::AgreementDate)
        .filter(|a| *a >= doc.valid_from && doc.valid_until.is_none_or(|u| *a <= u))
}

/// The rules as they stand on the project's policy date, document by
/// document: the agreement date when it lies within the document's validity,
/// else the evaluation date (CONTRACT "Policy versions and reforms").
pub(crate) fn rules_in_force<'a>(
    rules: &'a RuleSet,
    project: &Project,
    opts: Options,
) -> crate::rules::InForceSet<'a> {
    let as_of = evaluation_date(project, opts);
    rules.in_force(|d| agreement_in_force(rules, project, d).unwrap_or(as_of))
}

/// Evaluates every rule for a project.
pub fn evaluate(rules: &RuleSet, project: &Project, opts: Options) -> Result<Report, EvalError> {
    evaluate_planned(rules, &RulePlan::open(), project, opts)
}

/// [`evaluate`] through a plan made for the fields the project can have
/// (a batch's header): the same report, rules out of reach settled.
pub fn evaluate_planned(
    rules: &RuleSet,
    plan: &RulePlan,
    project: &Project,
    opts: Options,
) -> Result<Report, EvalError> {
    let rules = &*rules_in_force(rules, project, opts);
    let ctx = context(rules, project, opts);
    let out_of_force = gates::validity(&ctx)?;
    let mut items = outcomes(&ctx, plan)?;
    let mut gate_results = Vec::new();
    let mut warnings = Vec::new();
    gates::apply(&ctx, &mut items, &mut warnings, Some(&mut gate_results));
    // Figures so large a wrong unit is likely: computed, but flagged.
    warnings.extend(rules.plausibility.warnings(project));
    let mut notes = Vec::new();
    if ctx.texts {
        gates::name_out_of_force(
            &ctx,
            &out_of_force,
            &mut items,
            &mut gate_results,
            &mut warnings,
        );
        versions::name_pinned(&ctx, &mut items, &mut notes);
        versions::name_versions(&ctx, &mut items);
    }
    let items: Vec<Item> = items
        .into_iter()
        .map(|(rule, o)| finish(&ctx, rule, o))
        .collect::<Result<_, _>>()?;
    let totals = totals(
        items
            .iter()
            .map(|i| (i.status, i.category, i.amount, i.amount_max)),
    )
    .map_err(|_| totals_error())?;
    let mut report = report(&ctx, items, gate_results, totals, warnings);
    report.notes = notes;
    Ok(report)
}

/// The whole report: the items with their application plan worked out.
fn report(
    ctx: &Ctx,
    mut items: Vec<Item>,
    gates: Vec<crate::model::GateResult>,
    totals: Totals,
    mut warnings: Vec<String>,
) -> Report {
    let plan = plan::plan(ctx, &mut items);
    if plan.application.late {
        warnings.push(plan.application.note.clone());
    }
    let p = ctx.project;
    let text = |f: Field| p.text(f).map(str::to_string);
    let top_rank = p
        .text(Field::TopRank)
        .map(|v| gates::rank_label(ctx.rules, v).unwrap_or_else(|| v.to_string()));
    Report {
        schema_version: SCHEMA_VERSION,
        rules_fingerprint: ctx.rules.fingerprint.clone(),
        project: ProjectInfo {
            id: text(Field::ProjectId),
            name: text(Field::ProjectName),
            enterprise: text(Field::EnterpriseName),
            county: text(Field::County),
            industry: text(Field::Industry),
            top_rank,
        },
        as_of: ctx.as_of.to_string(),
        overrides: Vec::new(),
        items,
        gates,
        totals,
        warnings,
        notes: Vec::new(),
        application: plan.application,
        by_payment_year: plan.by_payment_year,
        checklist: plan.checklist,
        best_next_tier: None,
    }
}

/// What a CSV batch row shows; it lives with the result types.
pub use crate::model::batch_row::Amounts;

/// As [`evaluate`], through the same kind functions, gates, rounding and
/// checks (so the same figures and the same errors), keeping only the amounts.
pub fn evaluate_amounts(
    rules: &RuleSet,
    project: &Project,
    opts: Options,
) -> Result<Amounts, EvalError> {
    let mut amounts = Amounts {
        items: Vec::new(),
        totals: Totals::default(),
        notes: Vec::new(),
        out_of_scope: false,
    };
    let plan = RulePlan::open();
    evaluate_amounts_into(
        &mut amounts,
        rules,
        &plan,
        project,
        opts,
        &mut Scratch::default(),
    )?;
    Ok(amounts)
}

/// A worker's vector of outcomes, kept from row to row: a batch row
/// evaluated with it allocates none (the rules' lifetime is the scratch's).
#[derive(Default)]
pub struct Scratch<'r> {
    items: Vec<(&'r Rule, Outcome)>,
}

/// [`evaluate_amounts`] through `plan` (see [`evaluate_planned`]) into
/// `out`, whose vectors are emptied and reused, as are `scratch`'s: a batch
/// evaluates row after row without allocating them again.
pub fn evaluate_amounts_into<'r>(
    out: &mut Amounts,
    rules: &'r RuleSet,
    plan: &RulePlan,
    project: &Project,
    opts: Options,
    scratch: &mut Scratch<'r>,
) -> Result<(), EvalError> {
    match rules_in_force(rules, project, opts) {
        crate::rules::InForceSet::Same(rules) => {
            amounts_into(out, rules, plan, project, opts, &mut scratch.items)
        }
        // Dated versions taken for this project: its own rule set, whose
        // outcomes cannot outlive the row.
        resolved => amounts_into(out, &resolved, plan, project, opts, &mut Vec::new()),
    }
}

fn amounts_into<'r>(
    out: &mut Amounts,
    rules: &'r RuleSet,
    plan: &RulePlan,
    project: &Project,
    opts: Options,
    items: &mut Vec<(&'r Rule, Outcome)>,
) -> Result<(), EvalError> {
    let ctx = context(rules, project, opts);
    gates::validity(&ctx)?;
    outcomes_into(&ctx, plan, items)?;
    out.items.clear();
    out.notes.clear();
    out.out_of_scope = gates::apply(&ctx, items, &mut out.notes, None);
    // Every item is rounded (and its error given) before a totals error, as
    // in `evaluate`.
    let mut totals = Ok(Totals::default());
    for (rule, o) in items.iter() {
        let r = round(rule, o, None)?;
        if let Ok(t) = &mut totals
            && add_to_totals(
                t,
                o.status,
                rule.category,
                Range::new(r.amount, r.amount_max),
            )
            .is_err()
        {
            totals = Err(Overflow);
        }
        out.items.push((o.status, r.amount));
    }
    out.totals = totals.and_then(finish_totals).map_err(|_| totals_error())?;
    Ok(())
}

fn context<'a, 'p>(rules: &'a RuleSet, project: &'p Project, opts: Options) -> Ctx<'a, 'p> {
    let as_of = evaluation_date(project, opts);
    Ctx {
        rules,
        project,
        as_of,
        strict: opts.strict,
        texts: opts.texts,
        checklist: opts.texts && opts.checklist,
    }
}

/// Every item rule's outcome, before the gates; a rule the plan settles is
/// out of play without being asked of the project.
fn outcomes<'a>(ctx: &Ctx<'a, '_>, plan: &RulePlan) -> Result<Vec<(&'a Rule, Outcome)>, EvalError> {
    let mut items = Vec::new();
    outcomes_into(ctx, plan, &mut items)?;
    Ok(items)
}

/// [`outcomes`] into `items`, emptied first.
fn outcomes_into<'a>(
    ctx: &Ctx<'a, '_>,
    plan: &RulePlan,
    items: &mut Vec<(&'a Rule, Outcome)>,
) -> Result<(), EvalError> {
    items.clear();
    items.reserve(ctx.rules.rules.len());
    // `item_rules`, with each rule's place in the set, which the plan is by.
    for (i, rule) in ctx.rules.rules.iter().enumerate() {
        if rule.category == Category::Gate {
            continue;
        }
        let outcome = if plan.settled(i) {
            let settled = common::out_of_play(ctx, rule);
            // Tests run debug builds: there every settled rule is also
            // evaluated, and must come out the same.
            #[cfg(debug_assertions)]
            if let Ok(full) = evaluate_rule(ctx, rule) {
                assert_eq!(
                    format!("{full:?}"),
                    format!("{settled:?}"),
                    "rule {} settled by the plan but in play",
                    rule.id
                );
            }
            settled
        } else {
            evaluate_rule(ctx, rule).map_err(|e| overflow_in(rule, e))?
        };
        items.push((rule, outcome));
    }
    Ok(())
}

fn totals_error() -> EvalError {
    EvalError {
        field: String::new(),
        message: "合计数值过大, 无法精确计算".into(),
    }
}

fn overflow_in(rule: &Rule, e: KindError) -> EvalError {
    match e {
        KindError::Overflow => EvalError {
            field: String::new(),
            message: format!(
                "计算 {} ({}) 时数值过大, 无法精确计算; 请检查输入金额与数量",
                rule.label, rule.id
            ),
        },
        KindError::Input(field, message) => EvalError { field, message },
    }
}

/// Why a kind function could not produce an outcome.
#[derive(Debug)]
pub enum KindError {
    Overflow,
    /// A value out of the range the rule allows: (field path, message).
    Input(String, String),
}

impl From<Overflow> for KindError {
    fn from(_: Overflow) -> Self {
        KindError::Overflow
    }
}

pub type KindResult = Result<Outcome, KindError>;

fn evaluate_rule(ctx: &Ctx, rule: &Rule) -> KindResult {
    if let Some(early) = common::check(ctx, rule)? {
        return Ok(early);
    }
    let mut outcome = kinds::run(ctx, rule)?;
    outcome.prepend_assumptions(common::precondition_assumptions(ctx, rule));
    if let Some(after) = &rule.claimable_after {
        outcome = common::claimable_after(ctx, rule, after, outcome);
    }
    Ok(outcome)
}

/// An outcome's figures rounded once (四舍五入 to the fen).
struct Rounded {
    amount: Decimal,
    amount_max: Decimal,
    shortfall: Option<Decimal>,
}

/// Rounds once per item (四舍五入 to the fen) and makes the schedule add up to
/// the rounded amount by putting any difference on its last year. The
/// schedule is written to `keep` when given (a report), else only checked
/// (a batch row's amounts; no vector to fill and return).
#[inline]
fn round(
    rule: &Rule,
    o: &Outcome,
    keep: Option<&mut Vec<ScheduleEntry>>,
) -> Result<Rounded, EvalError> {
    // Nothing to round or check: an item out of play or not applicable,
    // most of a row's (the same result as the way below, sooner, without
    // the call).
    if o.schedule.is_empty()
        && o.shortfall.is_none()
        && o.amount.is_zero()
        && o.amount_max.is_zero()
        && o.amount.scale() <= 2
        && o.amount_max.scale() <= 2
    {
        return Ok(Rounded {
            amount: o.amount,
            amount_max: o.amount_max,
            shortfall: None,
        });
    }
    round_figures(rule, o, keep)
}

/// [`round`] of an item with figures.
fn round_figures(
    rule: &Rule,
    o: &Outcome,
    mut keep: Option<&mut Vec<ScheduleEntry>>,
) -> Result<Rounded, EvalError> {
    let keep_schedule = keep.is_some();
    let amount = money::round_yuan(o.amount);
    let amount_max = money::round_yuan(o.amount_max);
    let overflow = |_| EvalError {
        field: String::new(),
        message: format!("计算 {} 时数值过大, 无法精确计算", rule.id),
    };
    let shortfall = o.shortfall.map(money::round_yuan);
    // A figure too large to carry the fen would be printed with fewer than two
    // decimals: refuse it instead of showing a malformed amount (every error
    // here is the same one, so the order of the checks does not show).
    let mut fits = money::fits_fen(amount)
        && money::fits_fen(amount_max)
        && shortfall.is_none_or(money::fits_fen);
    // A single year holding the whole amount (one-time money) rounds to the
    // amount, already checked: without a schedule to keep, nothing to do.
    let once;
    let years: &[(i16, Decimal, Decimal)] = match &o.schedule {
        Schedule::Years(v) => v,
        Schedule::Whole(year) => {
            once = [(*year, o.amount, o.amount_max)];
            &once
        }
    };
    let whole = matches!(years,
        [(_, lo, hi)] if *lo == o.amount && *hi == o.amount_max);
    let spread = if whole && !keep_schedule {
        None
    } else {
        years.split_last()
    };
    if let Some(((_, last_lo, last_hi), rest)) = spread {
        if let Some(schedule) = keep.as_deref_mut() {
            schedule.reserve_exact(years.len());
        }
        let (mut lo_sum, mut hi_sum) = (Decimal::ZERO, Decimal::ZERO);
        for (i, (year, lo, hi)) in years.iter().enumerate() {
            let (lo, hi) = (money::round_yuan(*lo), money::round_yuan(*hi));
            lo_sum = money::add(lo_sum, lo).map_err(overflow)?;
            hi_sum = money::add(hi_sum, hi).map_err(overflow)?;
            // The last year is checked once its difference is on it.
            if i < rest.len() {
                fits = fits && money::fits_fen(lo) && money::fits_fen(hi);
            }
            if let Some(schedule) = keep.as_deref_mut() {
                schedule.push(ScheduleEntry {
                    year: *year,
                    amount: lo,
                    amount_max: hi,
                    // Set from the application's round when the report is made.
                    award_year: *year,
                    deadline: None,
                    payment_year: *year,
                });
            }
        }
        let lo_fix = money::sub(amount, lo_sum).map_err(overflow)?;
        let hi_fix = money::sub(amount_max, hi_sum).map_err(overflow)?;
        let last_lo = money::add(money::round_yuan(*last_lo), lo_fix).map_err(overflow)?;
        let last_hi = money::add(money::round_yuan(*last_hi), hi_fix).map_err(overflow)?;
        fits = fits && money::fits_fen(last_lo) && money::fits_fen(last_hi);
        if let Some(last) = keep.and_then(|s| s.last_mut()) {
            last.amount = last_lo;
            last.amount_max = last_hi;
        }
    }
    if !fits {
        return Err(overflow(Overflow));
    }
    Ok(Rounded {
        amount,
        amount_max,
        shortfall,
    })
}

/// An outcome as a report item.
fn finish(ctx: &Ctx, rule: &Rule, o: Outcome) -> Result<Item, EvalError> {
    let mut schedule = Vec::new();
    let Rounded {
        amount,
        amount_max,
        shortfall,
    } = round(rule, &o, Some(&mut schedule))?;
    // Without texts (CSV batches) the label, article and clause are not needed.
    let (label, article, text) = if ctx.texts {
        (
            rule.label.clone(),
            ctx.rules.article(rule),
            rule.text.clone(),
        )
    } else {
        (String::new(), String::new(), String::new())
    };
    let (status, absent) = (o.status, o.absent);
    let (notes, reason) = o.into_notes();
    Ok(Item {
        id: rule.id.clone(),
        label,
        article,
        text,
        status,
        category: rule.category,
        amount,
        amount_max,
        basis: notes.basis,
        assumptions: notes.assumptions,
        reason,
        shortfall,
        missing: notes.missing,
        criteria: notes.criteria,
        absent,
        schedule,
        next_tier: None,
    })
}

/// Totals add only the items that apply; suspended money is summed apart.
/// Items as (status, category, amount, amount_max), rounded.
fn totals(
    items: impl Iterator<Item = (Status, Category, Decimal, Decimal)>,
) -> Result<Totals, Overflow> {
    let mut t = Totals::default();
    for (status, category, lo, hi) in items {
        add_to_totals(&mut t, status, category, Range::new(lo, hi))?;
    }
    finish_totals(t)
}

/// Adds one rounded item to the running totals (see [`totals`]).
fn add_to_totals(
    t: &mut Totals,
    status: Status,
    category: Category,
    amount: Range,
) -> Result<(), Overflow> {
    let sum = match (status, category) {
        (Status::Applies, Category::CashOneTime) => &mut t.cash_one_time,
        (Status::Applies, Category::CashMultiYear) => &mut t.cash_multi_year,
        (Status::Applies, Category::AnnualSaving) => &mut t.annual_savings,
        (Status::Suspended, Category::AnnualSaving) => &mut t.suspended_annual_savings,
        (Status::Suspended, _) => &mut t.suspended,
        _ => return Ok(()),
    };
    *sum = sum.checked_add(amount)?;
    Ok(())
}

/// The cash total of the running totals, and the check that every figure
/// can be written to the fen.
fn finish_totals(mut t: Totals) -> Result<Totals, Overflow> {
    t.cash_total = t.cash_one_time.checked_add(t.cash_multi_year)?;
    if !t.pairs().iter().all(|(_, d)| crate::money::fits_fen(*d)) {
        return Err(Overflow);
    }
    Ok(t)
}
