//! The next tier: for each item, the least increase of one input that gives it
//! a better amount. Each kind names its bounds from its parameters in the
//! rules files (and every rule's numeric `when` conditions add theirs); the
//! amount at a bound comes from evaluating the project again with the field
//! raised, so a hint is exactly what the engine computes there. Sweeps use the
//! same bounds as their breakpoints.

use super::{Amounts, EvalError, Options, evaluate_amounts};
use crate::model::{BestChange, BestChangeItem, NextTier, Report};
use crate::money::{self, percent, wan};
use crate::project::{Field, FieldType, Project, Value};
use crate::rules::{Rule, RuleSet, Test};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// On which side of a bound a rule's outcome holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// At the bound and above (达到, 以上).
    AtLeast,
    /// Strictly above the bound (超过, 超出).
    Above,
    /// At the bound and below (an inclusive top, such as 10亿 of [5亿, 10亿]).
    AtMost,
    /// Strictly below (the exclusive end of a tier).
    Below,
}

/// A value of one field where a rule's outcome changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub field: Field,
    /// 0-based entry for fields of arrays.
    pub index: Option<usize>,
    pub value: Decimal,
    pub side: Side,
    /// What is reached there, for people: `1% 档 [10000万, 50000万)`.
    pub tier: String,
    /// The field is a cost the company bears, of which the item returns only
    /// a share (a loan's principal): shown, never proposed as worth most.
    pub cost_share: bool,
}

impl Bound {
    /// A bound the item reaches with the field at `value`; none when that
    /// value cannot be worked out (a fact absent, a figure overflowing).
    pub fn new(
        field: Field,
        index: Option<usize>,
        value: Option<Decimal>,
        side: Side,
        tier: String,
    ) -> Option<Bound> {
        Some(Bound {
            field,
            index,
            value: value?,
            side,
            tier,
            cost_share: false,
        })
    }

    /// The two neighbouring values of the field's unit around the bound:
    /// (the first value on the side where the outcome holds, the value one
    /// unit on the other side). 1亿 (at least): (1亿, 99,999,999.99); 10亿 (at
    /// most): (10亿, 1,000,000,000.01).
    pub fn points(&self) -> (Decimal, Decimal) {
        let step = step(self.field);
        let up = ceil_to(self.value, step);
        let down = floor_to(self.value, step);
        match self.side {
            Side::AtLeast => (up, up - step),
            Side::Above => (down + step, down),
            Side::AtMost => (down, down + step),
            Side::Below => (up - step, up),
        }
    }

    /// The bound on the field's unit grid: the bound itself, or for a bound
    /// between two units the one on its own side (rounded up for "at least"
    /// and "below", down for "above" and "at most").
    pub fn at(&self) -> Decimal {
        let step = step(self.field);
        match self.side {
            Side::AtLeast | Side::Below => ceil_to(self.value, step),
            Side::Above | Side::AtMost => floor_to(self.value, step),
        }
    }

    /// The least value reaching the outcome from below, for lower bounds.
    fn target(&self) -> Option<Decimal> {
        match self.side {
            Side::AtLeast | Side::Above => Some(self.points().0),
            Side::AtMost | Side::Below => None,
        }
    }

    /// The field as `--set` writes it: `tax_years[2].tax_paid`.
    pub fn path(&self) -> String {
        self.field.spec().display_path(self.index)
    }
}

/// The smallest amount a field is written in: one unit for whole numbers,
/// one fen (or 0.01 of the unit) otherwise.
pub fn step(f: Field) -> Decimal {
    match f.spec().ty {
        FieldType::Int => Decimal::ONE,
        _ => Decimal::new(1, 2),
    }
}

pub(crate) fn ceil_to(d: Decimal, step: Decimal) -> Decimal {
    let dp = step.scale();
    d.round_dp_with_strategy(dp, RoundingStrategy::ToPositiveInfinity)
}

pub(crate) fn floor_to(d: Decimal, step: Decimal) -> Decimal {
    let dp = step.scale();
    d.round_dp_with_strategy(dp, RoundingStrategy::ToNegativeInfinity)
}

/// A field's current number (`None` when absent or not a number).
pub fn current(project: &Project, f: Field, index: Option<usize>) -> Option<Decimal> {
    match (f.spec().group(), index) {
        (Some(g), Some(i)) => project.records(g).get(i).and_then(|r| r.num(f)),
        (None, _) => project.num(f),
        _ => None,
    }
}

/// Evaluates the project with one field changed, remembering each result.
pub struct Evaluator<'a> {
    pub(crate) rules: &'a RuleSet,
    pub(crate) project: &'a Project,
    pub(crate) opts: Options,
    cache: HashMap<(Field, Option<usize>, Decimal), Option<Amounts>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(rules: &'a RuleSet, project: &'a Project, opts: Options) -> Self {
        Evaluator {
            rules,
            project,
            opts: Options {
                texts: false,
                checklist: false,
                ..opts
            },
            cache: HashMap::new(),
        }
    }

    /// The amounts with `field` set to `value`; `None` when the project
    /// cannot be evaluated there (a figure overflows).
    pub fn at(&mut self, f: Field, index: Option<usize>, value: Decimal) -> Option<&Amounts> {
        let key = (f, index, value.normalize());
        if !self.cache.contains_key(&key) {
            let mut p = self.project.clone();
            p.set(f, index, Some(Value::Num(value)));
            let r = evaluate_amounts(self.rules, &p, self.opts).ok();
            self.cache.insert(key, r);
        }
        self.cache.get(&key).and_then(Option::as_ref)
    }

    /// The rule's own amount there before rounding and before the
    /// project-level provisions: where a cap of the rule is reached exactly.
    pub(crate) fn exact_at(
        &self,
        rule: &Rule,
        f: Field,
        index: Option<usize>,
        v: Decimal,
    ) -> Option<Decimal> {
        let mut p = self.project.clone();
        p.set(f, index, Some(Value::Num(v)));
        let ctx = super::context(self.rules, &p, self.opts);
        super::evaluate_rule(&ctx, rule).ok().map(|o| o.amount)
    }

    /// The rule's own amount with the project as it is (as [`Self::exact_at`]).
    pub(crate) fn exact(&self, rule: &Rule) -> Option<Decimal> {
        let ctx = super::context(self.rules, self.project, self.opts);
        super::evaluate_rule(&ctx, rule).ok().map(|o| o.amount)
    }

    /// The amount of item `i` (in [`RuleSet::item_rules`] order) there.
    fn item_at(&mut self, i: usize, f: Field, index: Option<usize>, v: Decimal) -> Option<Decimal> {
        self.at(f, index, v)
            .and_then(|a| a.items.get(i))
            .map(|x| x.1)
    }
}

/// Every bound of a rule, from its conditions and from its kind's parameters
/// (each kind's own, in its file under `engine/kinds/`).
pub fn bounds(ev: &mut Evaluator, rule: &Rule) -> Vec<Bound> {
    let p = ev.project;
    let mut out = Vec::new();
    for c in &rule.when {
        let f = c.field.0;
        let label = f.spec().label;
        let bound = match &c.test {
            Test::AtLeast(m) => Bound::new(
                f,
                None,
                Some(*m),
                Side::AtLeast,
                format!("门槛 ({label}达到 {})", wan(*m)),
            ),
            Test::Above(m) => Bound::new(
                f,
                None,
                Some(*m),
                Side::Above,
                format!("门槛 ({label}超过 {})", wan(*m)),
            ),
            Test::ShareAtLeast { of, share } => {
                let v = p.num(of.0).and_then(|x| money::mul(x, *share).ok());
                let tier = format!(
                    "门槛 ({label}达到{}的 {})",
                    of.0.spec().label,
                    percent(*share)
                );
                Bound::new(f, None, v, Side::AtLeast, tier)
            }
            Test::Equals(_) | Test::Present(_) => None,
        };
        out.extend(bound);
    }
    out.extend(super::kinds::bounds(ev, rule));
    out
}

/// `a × b` when both are known and the product fits.
pub fn product(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    money::mul(a?, b?).ok()
}

/// The least increase of one field that gives item `i` a better amount;
/// `cash` is the project's payable cash total now.
fn next_for(
    ev: &mut Evaluator,
    rule: &Rule,
    i: usize,
    amount: Decimal,
    cash: Decimal,
) -> Option<NextTier> {
    let mut targets: Vec<(Decimal, Bound, Decimal)> = Vec::new();
    for b in bounds(ev, rule) {
        let (Some(t), Some(now)) = (b.target(), current(ev.project, b.field, b.index)) else {
            continue;
        };
        if t > now && t <= money::MAX_MONEY {
            targets.push((t - now, b, t));
        }
    }
    // Nearest first; equal increases in file order of the bounds.
    targets.sort_by_key(|a| a.0);
    for (increase, b, t) in targets {
        let Some(there) = ev.item_at(i, b.field, b.index, t) else {
            continue;
        };
        if there > amount {
            let cash_there = ev.at(b.field, b.index, t).map(|a| a.totals.cash_total.low);
            return Some(NextTier {
                field: b.path(),
                tier: b.tier,
                increase,
                amount: there,
                gain: there - amount,
                cash_gain: cash_there.map(|c| c - cash).unwrap_or_default(),
                cost_share: b.cost_share,
            });
        }
    }
    None
}

/// Fills `next_tier` on every item of the report and the project's best
/// change. The report must be the project's, evaluated with `opts`.
pub fn annotate(
    rules: &RuleSet,
    project: &Project,
    opts: Options,
    report: &mut Report,
) -> Result<(), EvalError> {
    let rules = &*super::rules_in_force(rules, project, opts);
    let mut ev = Evaluator::new(rules, project, opts);
    let base = evaluate_amounts(rules, project, ev.opts)?;
    for (i, rule) in rules.item_rules().enumerate() {
        let Some(item) = report.items.get_mut(i) else {
            break;
        };
        if item.id != rule.id {
            continue;
        }
        item.next_tier = next_for(&mut ev, rule, i, item.amount, base.totals.cash_total.low);
    }
    report.best_next_tier = best_change(&mut ev, &base, report);
    Ok(())
}

/// Of the items' next tiers, the one that adds most to the cash total.
fn best_change(ev: &mut Evaluator, base: &Amounts, report: &Report) -> Option<BestChange> {
    let mut best: Option<BestChange> = None;
    for item in &report.items {
        let Some(n) = item.next_tier.as_ref().filter(|n| !n.cost_share) else {
            continue;
        };
        let Ok((f, index)) = crate::project::schema::parse_user_path(&n.field) else {
            continue;
        };
        let f = f.field;
        let Some(now) = current(ev.project, f, index) else {
            continue;
        };
        let Some(there) = ev.at(f, index, now + n.increase) else {
            continue;
        };
        let gain = there.totals.cash_total.low - base.totals.cash_total.low;
        if gain <= Decimal::ZERO || best.as_ref().is_some_and(|b| b.gain >= gain) {
            continue;
        }
        let items = report
            .items
            .iter()
            .zip(&there.items)
            .filter(|(a, b)| a.amount != b.1)
            .map(|(a, b)| BestChangeItem {
                id: a.id.clone(),
                label: a.label.clone(),
                gain: b.1 - a.amount,
            })
            .collect();
        best = Some(BestChange {
            field: n.field.clone(),
            increase: n.increase,
            cash_total: there.totals.cash_total.low,
            gain,
            items,
        });
    }
    best
}

/// Every breakpoint the rules put on `field` within `[from, to]`: both
/// neighbouring values of each bound that fall in the range, with the place
/// of the rule it comes from among the item rules.
pub fn breakpoints(
    rules: &RuleSet,
    project: &Project,
    opts: Options,
    f: Field,
    index: Option<usize>,
    from: Decimal,
    to: Decimal,
) -> Vec<(Decimal, Bound, usize)> {
    let rules = &*super::rules_in_force(rules, project, opts);
    let mut ev = Evaluator::new(rules, project, opts);
    let mut out = Vec::new();
    for (i, rule) in rules.item_rules().enumerate() {
        for b in bounds(&mut ev, rule) {
            if b.field != f || b.index != index {
                continue;
            }
            let (a, c) = b.points();
            for v in [a, c] {
                if v >= from && v <= to {
                    out.push((v, b.clone(), i));
                }
            }
        }
    }
    out
}
