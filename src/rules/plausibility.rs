//! The office's plausibility check (INTERPRETATION second round, reading
//! 12): figures so large that a wrong unit is the likely cause are computed
//! as given, with a warning naming the field and asking about the unit. The
//! thresholds are data (`[plausibility]` in a rules file), not policy.

use crate::money;
use crate::project::schema::{self, FieldSpec, FieldType};
use crate::project::{Project, Value};
use rust_decimal::Decimal;
use serde::Deserialize;

/// `[plausibility]` as written in a rules file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlausibility {
    /// Where the thresholds come from (the office, not a clause).
    source: String,
    #[serde(default)]
    checks: Vec<RawCheck>,
    within_total: Option<RawWithin>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    id: String,
    field: String,
    /// Above this (in the field's base unit; money may carry 万/亿) is flagged.
    above: String,
    /// How the threshold is shown: `10000 亩`.
    shown: String,
    /// The question asked: `单位是否应为平方米?`.
    hint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWithin {
    total: String,
    parts: Vec<String>,
    hint: String,
}

/// The validated check.
#[derive(Debug, Clone, Default)]
pub struct Plausibility {
    pub source: String,
    pub checks: Vec<Check>,
    pub within_total: Option<WithinTotal>,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub id: String,
    pub field: &'static FieldSpec,
    pub above: Decimal,
    pub shown: String,
    pub hint: String,
}

/// Parts of the investment, each at most the total investment.
#[derive(Debug, Clone)]
pub struct WithinTotal {
    pub total: &'static FieldSpec,
    pub parts: Vec<&'static FieldSpec>,
    pub hint: String,
}

/// A numeric field of the project named by its template path.
fn numeric_field(path: &str, money_only: bool) -> Result<&'static FieldSpec, String> {
    let spec = schema::by_path(path).ok_or_else(|| format!("未知字段 {path:?}"))?;
    let ok = match spec.ty {
        FieldType::Money => !spec.unit_price,
        FieldType::Quantity(_) | FieldType::Int => !money_only,
        _ => false,
    };
    if ok {
        Ok(spec)
    } else if money_only {
        Err(format!("字段 {path} 不是金额"))
    } else {
        Err(format!("字段 {path} 不是数值"))
    }
}

/// Validates `[plausibility]`; each message names the entry.
pub(super) fn validate(raw: RawPlausibility) -> Result<Plausibility, Vec<String>> {
    let mut errors = Vec::new();
    let mut out = Plausibility {
        source: raw.source,
        ..Plausibility::default()
    };
    if out.source.trim().is_empty() {
        errors.push("[plausibility] source 不能为空 (写明这是办公室的核对, 不是政策条款)".into());
    }
    for (i, c) in raw.checks.into_iter().enumerate() {
        let at = format!("[plausibility] checks 第{}项 ({})", i + 1, c.id);
        let field = numeric_field(&c.field, false);
        let above = money::parse_money(&c.above);
        match (field, above) {
            (Ok(field), Ok(above)) if above > Decimal::ZERO && !c.hint.trim().is_empty() => {
                out.checks.push(Check {
                    id: c.id,
                    field,
                    above,
                    shown: c.shown,
                    hint: c.hint,
                })
            }
            (Err(e), _) => errors.push(format!("{at}: field: {e}")),
            (_, Err(e)) => errors.push(format!("{at}: above: {e}")),
            _ => errors.push(format!("{at}: above 应大于0, hint 不能为空")),
        }
    }
    if let Some(w) = raw.within_total {
        let at = "[plausibility] within_total";
        let total = numeric_field(&w.total, true);
        let parts: Vec<_> = w.parts.iter().map(|p| numeric_field(p, true)).collect();
        match total {
            Ok(total) if parts.iter().all(Result::is_ok) => {
                out.within_total = Some(WithinTotal {
                    total,
                    parts: parts.into_iter().flatten().collect(),
                    hint: w.hint,
                });
            }
            Err(e) => errors.push(format!("{at}: total: {e}")),
            Ok(_) => {
                for e in parts.into_iter().filter_map(Result::err) {
                    errors.push(format!("{at}: parts: {e}"));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Every value of a field in the project, with the header naming it.
fn values(project: &Project, spec: &FieldSpec) -> Vec<(String, Decimal)> {
    match spec.group() {
        None => project
            .num(spec.field)
            .map(|d| (spec.header(None), d))
            .into_iter()
            .collect(),
        Some(g) => project
            .records(g)
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.num(spec.field).map(|d| (spec.header(Some(i)), d)))
            .collect(),
    }
}

/// A figure as written: money in 元 grouped, dollars with their 元.
fn figure(project: &Project, spec: &FieldSpec, d: Decimal) -> String {
    if spec.ty == FieldType::Money {
        if let Some(Value::Dollars { usd, .. }) = project.get(spec.field) {
            return format!("{}美元 (折 {} 元)", money::grouped(*usd), money::grouped(d));
        }
        format!("{} 元", money::grouped(d))
    } else {
        money::plain(d)
    }
}

impl Plausibility {
    /// The warnings for a project: one per figure above its threshold and
    /// per part of the investment larger than the total.
    pub fn warnings(&self, project: &Project) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.checks {
            for (name, d) in values(project, c.field) {
                if d > c.above {
                    let unit = crate::project::units::units(c.field)
                        .first()
                        .map_or("", |u| u.name);
                    let value = if c.field.ty == FieldType::Money {
                        figure(project, c.field, d)
                    } else {
                        format!("{} {unit}", money::plain(d))
                    };
                    out.push(format!(
                        "{name} {value}, 超过 {}, {} (数值照常测算)",
                        c.shown, c.hint
                    ));
                }
            }
        }
        if let Some(w) = &self.within_total
            && let Some(total) = project.num(w.total.field)
        {
            for part in &w.parts {
                for (name, d) in values(project, part) {
                    if d > total {
                        out.push(format!(
                            "{name} {} 大于{} {}, {} (数值照常测算)",
                            figure(project, part, d),
                            w.total.header(None),
                            figure(project, w.total, total),
                            w.hint
                        ));
                    }
                }
            }
        }
        out
    }
}
