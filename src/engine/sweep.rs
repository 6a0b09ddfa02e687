//! One field along a range: the project evaluated at every breakpoint the
//! rules put on the range (each bound and the value one unit on its other
//! side) and at evenly spaced points, with the cash total and the payable
//! amount of each monetary item at each.

use super::Options;
use super::next_tier::{self, Evaluator};
use crate::model::Status;
use crate::model::sweep::{Point, Sweep};
use crate::money;
use crate::project::schema::FieldSpec;
use crate::project::{FieldType, Project, value};
use crate::rules::RuleSet;
use rust_decimal::Decimal;

/// What `--sweep FIELD=FROM..TO` asks for.
#[derive(Debug, Clone)]
pub struct Spec {
    pub field: &'static FieldSpec,
    pub index: Option<usize>,
    pub from: Decimal,
    pub to: Decimal,
}

impl Spec {
    /// Reads `investment.total=5000万..12亿`; the values as the field's cells.
    pub fn parse(text: &str) -> Result<Spec, String> {
        let (key, range) = text.split_once('=').ok_or_else(|| {
            format!("--sweep 应为 FIELD=FROM..TO, 如 investment.total=5000万..12亿, 不是 {text:?}")
        })?;
        // The names `--set` takes: a path or the Chinese column name.
        let (spec, index) = crate::project::parse::field_key(key)
            .map_err(|e| format!("--sweep: {}", e.replace("--set", "--sweep")))?;
        if !matches!(
            spec.ty,
            FieldType::Money | FieldType::Int | FieldType::Quantity(_)
        ) {
            return Err(format!("{}: 不是数值字段, 不能扫描", spec.path));
        }
        let (a, b) = range
            .split_once("..")
            .ok_or_else(|| format!("--sweep {key}: 范围应为 FROM..TO, 不是 {range:?}"))?;
        let read = |t: &str| -> Result<Decimal, String> {
            value::parse_text(spec, t)
                .map_err(|e| format!("--sweep {}: {e}", key.trim()))?
                .as_num()
                .ok_or_else(|| format!("--sweep {}: 不是数值", key.trim()))
        };
        let (from, to) = (read(a)?, read(b)?);
        if from >= to {
            return Err(format!(
                "--sweep {}: 起点 {} 应小于终点 {}",
                key.trim(),
                money::plain(from),
                money::plain(to)
            ));
        }
        Ok(Spec {
            field: spec,
            index,
            from,
            to,
        })
    }

    pub fn path(&self) -> String {
        self.field.display_path(self.index)
    }
}

/// Evaluates the sweep: breakpoints plus `steps` evenly spaced values (both
/// ends included), in increasing order, each value once.
pub fn run(
    rules: &RuleSet,
    project: &Project,
    opts: Options,
    spec: &Spec,
    steps: usize,
) -> anyhow::Result<Sweep> {
    // The rules at the project's policy date, once for every point.
    let rules = &*super::rules_in_force(rules, project, opts);
    let f = spec.field.field;
    let unit = next_tier::step(f);
    let marks = next_tier::breakpoints(rules, project, opts, f, spec.index, spec.from, spec.to);
    let mut values: Vec<Decimal> = marks.iter().map(|(v, _, _)| *v).collect();
    let n = steps.max(2);
    let span = spec.to - spec.from;
    for k in 0..n {
        let v = if k + 1 == n {
            spec.to
        } else {
            let raw = spec.from + span * Decimal::from(k) / Decimal::from(n - 1);
            raw.round_dp_with_strategy(unit.scale(), rust_decimal::RoundingStrategy::ToZero)
        };
        values.push(v);
    }
    values.sort_unstable();
    values.dedup();
    // The bounds themselves (the first value of each on its own side).
    let mut bounds: Vec<(Decimal, String)> = Vec::new();
    let labels: Vec<&str> = rules.item_rules().map(|r| r.label.as_str()).collect();
    for (v, b, i) in &marks {
        if *v != b.at() {
            continue;
        }
        let label = labels.get(*i).copied().unwrap_or_default().to_string();
        match bounds.iter_mut().find(|(x, _)| x == v) {
            Some((_, l)) if !l.contains(&label) => {
                l.push('、');
                l.push_str(&label);
            }
            Some(_) => {}
            None => bounds.push((*v, label)),
        }
    }
    bounds.sort_by_key(|a| a.0);
    let money_rules: Vec<(usize, &str)> = rules
        .item_rules()
        .enumerate()
        .filter(|(_, r)| r.category.is_money())
        .map(|(i, r)| (i, r.id.as_str()))
        .collect();
    refuse_what_set_refuses(project, spec, &values)?;
    let mut ev = Evaluator::new(rules, project, opts);
    let mut points = Vec::with_capacity(values.len());
    for v in values {
        let Some(a) = ev.at(f, spec.index, v) else {
            // The same evaluation again, for its error.
            let mut p = project.clone();
            p.set(f, spec.index, Some(crate::project::Value::Num(v)));
            crate::engine::evaluate_amounts(rules, &p, opts)?;
            continue;
        };
        let items = money_rules
            .iter()
            .map(|(i, id)| {
                let amount = a
                    .items
                    .get(*i)
                    .filter(|x| x.0 == Status::Applies)
                    .map_or(Decimal::ZERO, |x| x.1);
                (id.to_string(), amount)
            })
            .collect();
        let statuses = money_rules
            .iter()
            .map(|(i, _)| a.items.get(*i).map_or(Status::NotApplicable, |x| x.0))
            .collect();
        points.push(Point {
            value: v,
            totals: a.totals.clone(),
            items,
            statuses,
        });
    }
    Ok(Sweep {
        field: spec.path(),
        label: spec.field.label.to_string(),
        ty: spec.field.ty,
        points,
        bounds,
    })
}

/// A point `--set` would refuse (the project's cross-checks, such as the
/// deductions exceeding investment.total) is not computed: the sweep is
/// refused, naming the first such point and why.
fn refuse_what_set_refuses(
    project: &Project,
    spec: &Spec,
    values: &[Decimal],
) -> anyhow::Result<()> {
    let mut p = project.clone();
    for v in values {
        p.set(
            spec.field.field,
            spec.index,
            Some(crate::project::Value::Num(*v)),
        );
        let errors = crate::project::parse::cross_checks(&p);
        if let Some(e) = errors.first() {
            anyhow::bail!(
                "--sweep {}={}: --set 也不接受这个值 ({}: {}); 请缩小扫描范围",
                spec.path(),
                money::plain(*v),
                e.field,
                e.message
            );
        }
    }
    Ok(())
}
