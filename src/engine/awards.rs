//! The award types of the implementing rules: recognition of a headquarters
//! enterprise, criterion by criterion, and awards whose conditions are checked
//! here while their amount is computed only when the rules file carries the
//! standard (otherwise case by case, naming where the standard lives).

use super::common::{condition_holds, field, fields};
use super::{Ctx, KindError, KindResult, Outcome, Status};
use crate::model::Criterion;
use crate::money::{self, grouped};
use crate::project::{FieldType, Value};
use crate::rules::kinds::award::Award;
use crate::rules::kinds::headquarters::{self, Headquarters};
use crate::rules::kinds::scope::ScopeHead;
use crate::rules::{FieldRef, Kind, Rule};
use rust_decimal::Decimal;

// ------------------------------------------------------------ headquarters

/// How one criterion came out.
enum State {
    Met,
    /// Missed, with the reason.
    Missed(String),
    /// A fact it needs is not given (field paths).
    Unknown(Vec<String>),
}

/// A figure for display in a criterion: money with two decimals, other
/// numbers plain.
fn show(f: FieldRef, v: &Value) -> String {
    match (f.0.spec().ty, v) {
        (FieldType::Money, Value::Num(d)) => money::fixed2(*d),
        // Written in dollars, compared in 元 (a domestic enterprise).
        (FieldType::Money, Value::Dollars { yuan: Some(y), .. }) => money::fixed2(*y),
        _ => v.display(),
    }
}

fn threshold_text(f: FieldRef, d: Decimal) -> String {
    if f.0.spec().ty == FieldType::Money {
        money::fixed2(d)
    } else {
        money::plain(d)
    }
}

fn evaluate_criterion(
    ctx: &Ctx,
    c: &headquarters::Criterion,
    route: &'static str,
    foreign: bool,
    rate: Option<(FieldRef, Option<Decimal>)>,
) -> Result<(Criterion, State), KindError> {
    let spec = c.field.0.spec();
    let value = ctx.project.get(c.field.0);
    let mut out = Criterion {
        id: c.id.clone(),
        name: c.name.clone(),
        route,
        test: if c.at_least.is_some() {
            "at_least"
        } else if c.at_most.is_some() {
            "at_most"
        } else if c.equals.is_some() {
            "equals"
        } else {
            "present"
        },
        met: false,
        value: value.map(|v| show(c.field, v)),
        threshold: String::new(),
        unit: c.unit.clone(),
        shortfall: None,
        clause: c.clause.clone(),
    };
    let unknown = |out: Criterion, fields: Vec<String>| Ok((out, State::Unknown(fields)));
    if let Some(min) = c.at_least.map(|m| m.0) {
        // Foreign-funded: the threshold is in dollars, the figure in 元,
        // compared by multiplication at the project's own rate.
        if let (true, Some(usd)) = (foreign, c.foreign_at_least_usd) {
            out.unit = "美元".into();
            out.threshold = money::fixed2(usd.0);
            // Written in dollars (`300万美元`): compared in dollars, as the
            // clause states its threshold; the rate only converts 元.
            if let Some(Value::Dollars { usd: v, .. }) = value {
                out.value = Some(money::fixed2(*v));
                if *v >= usd.0 {
                    out.met = true;
                    return Ok((out, State::Met));
                }
                let short = money::sub(usd.0, *v)?;
                out.shortfall = Some(money::fixed2(short));
                let reason = ctx.text(|| {
                    format!(
                        "{} {}美元, 须 {}美元 及以上, 还差 {}美元",
                        c.name,
                        grouped(*v),
                        grouped(usd.0),
                        grouped(short)
                    )
                });
                return Ok((out, State::Missed(reason)));
            }
            let (rate_field, rate) = rate.unwrap_or((c.field, None));
            let Some(rate) = rate.filter(|r| !r.is_zero()) else {
                out.value = None;
                return unknown(out, vec![rate_field.path().to_string()]);
            };
            let Some(v) = value.and_then(Value::as_num) else {
                return unknown(out, vec![c.field.path().to_string()]);
            };
            let in_usd = v.checked_div(rate);
            out.value = in_usd.map(money::fixed2);
            let need = money::mul(usd.0, rate)?;
            if v >= need {
                out.met = true;
                return Ok((out, State::Met));
            }
            let short_yuan = money::sub(need, v)?;
            out.shortfall = short_yuan.checked_div(rate).map(money::fixed2);
            let reason = ctx.text(|| {
                format!(
                    "{} {}元 (按 {} 元/美元 折 {}美元), 须 {}美元 (= {}元) 及以上, 还差 {}元",
                    c.name,
                    grouped(v),
                    money::plain(rate),
                    in_usd.map(grouped).unwrap_or_default(),
                    grouped(usd.0),
                    grouped(need),
                    grouped(short_yuan)
                )
            });
            return Ok((out, State::Missed(reason)));
        }
        out.threshold = threshold_text(c.field, min);
        if c.foreign_at_least_usd.is_some() {
            out.unit = "元".into();
        }
        let Some(v) = value.and_then(Value::as_num) else {
            return unknown(out, vec![c.field.path().to_string()]);
        };
        if v >= min {
            out.met = true;
            return Ok((out, State::Met));
        }
        let short = money::sub(min, v)?;
        out.shortfall = Some(threshold_text(c.field, short));
        let reason = ctx.text(|| {
            format!(
                "{} {}{}, 须 {}{} 及以上, 还差 {}{}",
                c.name,
                num_text(c.field, v),
                c.unit,
                num_text(c.field, min),
                c.unit,
                num_text(c.field, short),
                c.unit
            )
        });
        return Ok((out, State::Missed(reason)));
    }
    if let Some(max) = c.at_most {
        out.threshold = threshold_text(c.field, max.0);
        return Ok(match value.and_then(Value::as_num) {
            Some(v) if v <= max.0 => {
                out.met = true;
                (out, State::Met)
            }
            Some(v) => {
                let reason = ctx.text(|| {
                    format!(
                        "{} 为 {}{}, 须 {}{} 及以上 (数字不大于 {})",
                        c.name,
                        money::plain(v),
                        c.unit,
                        money::plain(max.0),
                        c.unit,
                        money::plain(max.0)
                    )
                });
                (out, State::Missed(reason))
            }
            None => (out, State::Unknown(vec![c.field.path().to_string()])),
        });
    }
    if let Some(want) = c.equals {
        out.threshold = want.to_string();
        return Ok(match value.and_then(Value::as_bool) {
            Some(b) if b == want => {
                out.met = true;
                (out, State::Met)
            }
            Some(b) => {
                let reason = ctx.text(|| format!("{} ({} = {b})", c.name, spec.path));
                (out, State::Missed(reason))
            }
            None => (out, State::Unknown(vec![c.field.path().to_string()])),
        });
    }
    // `present`: the field is given (any value) or, with false, not given.
    let want = c.present.unwrap_or(true);
    out.threshold = if want { "已填写" } else { "未填写" }.into();
    if value.is_some() == want {
        out.met = true;
        Ok((out, State::Met))
    } else {
        let reason = ctx.text(|| format!("{} ({} {})", c.name, spec.path, out.threshold));
        Ok((out, State::Missed(reason)))
    }
}

/// Money grouped, other numbers plain, for reasons.
fn num_text(f: FieldRef, d: Decimal) -> String {
    if f.0.spec().ty == FieldType::Money {
        grouped(d)
    } else {
        money::plain(d)
    }
}

pub(super) fn headquarters(ctx: &Ctx, rule: &Rule, p: &Headquarters) -> KindResult {
    let foreign = ctx.project.flag(p.foreign_field.0) == Some(true);
    let rate = Some((p.rate_field, ctx.project.num(p.rate_field.0)));
    let mut criteria = Vec::new();
    let (mut missed, mut missing) = (Vec::new(), Vec::new());
    for c in &p.criteria {
        let (shown, state) = evaluate_criterion(ctx, c, "criterion", foreign, rate)?;
        criteria.push(shown);
        match state {
            State::Met => {}
            State::Missed(r) => missed.push(r),
            State::Unknown(fields) => missing.extend(fields),
        }
    }
    let mut direct = None;
    for c in &p.direct {
        let (shown, state) = evaluate_criterion(ctx, c, "direct", foreign, rate)?;
        if matches!(state, State::Met) && direct.is_none() {
            direct = Some(c);
        }
        criteria.push(shown);
    }
    missing.dedup();
    let article = ctx.text(|| ctx.rules.article(rule));
    let o = if let Some(c) = direct {
        let basis = ctx.text(|| format!("直接认定为总部企业 ({}): {}", c.clause, c.name));
        Outcome::status_only(Status::Applies, basis, None)
    } else if !missed.is_empty() {
        let reason = ctx.text(|| {
            let mut r = format!("不符合总部经济企业条件 ({article}): {}", missed.join("; "));
            if !missing.is_empty() {
                r.push_str(&format!("; 另有未填写: {}", fields(&missing)));
            }
            r
        });
        Outcome::not_applicable(reason)
    } else if !missing.is_empty() {
        let text = ctx.text(|| format!("需补充: {}", fields(&missing)));
        Outcome::needs_input(missing, text)
    } else {
        let basis = ctx.text(|| {
            let names: Vec<&str> = p.criteria.iter().map(|c| c.name.as_str()).collect();
            format!("{} 各项条件均满足: {}", article, names.join("、"))
        });
        Outcome::status_only(Status::Applies, basis, None)
    };
    let mut o = o.with_criteria(criteria);
    if foreign && ctx.texts {
        o.add_assumption(format!(
            "外资企业: 注册资本、净资产以美元填写的 (如 \"300万美元\") 直接与美元门槛比较, 以元填写的按 {} 折算为美元比较",
            field(p.rate_field.0)
        ));
    }
    Ok(o)
}

// ------------------------------------------------------------ awards

pub(super) fn award(ctx: &Ctx, p: &Award) -> KindResult {
    let mut assumptions = Vec::new();
    let mut missing = Vec::new();
    if let Some(first) = p.requires_item.as_deref().and_then(|id| ctx.rules.get(id)) {
        // Not an award itself (checked on loading), so this ends.
        let o = super::evaluate_rule(ctx, first)?;
        match o.status {
            Status::Applies => {}
            Status::NeedsInput => {
                let (notes, reason) = o.into_notes();
                let text = ctx.text(|| format!("{}: {}", first.label, reason.unwrap_or_default()));
                return Ok(Outcome::needs_input(notes.missing, text));
            }
            _ => {
                let why = o.reason().unwrap_or_default().to_string();
                return Ok(Outcome::not_applicable(
                    ctx.text(|| format!("未认定为{}: {why}", first.label)),
                ));
            }
        }
    }
    if let Some(no) = decided_no(ctx, p) {
        return Ok(no);
    }
    for f in &p.disqualifiers {
        match ctx.project.flag(f.0) {
            None if ctx.strict => missing.push(f.path().to_string()),
            None => assumptions.push(ctx.text(|| format!("未填写 {}, 假定为 否", field(f.0)))),
            Some(_) => {}
        }
    }
    if let Some(s) = scope_of(ctx, p)
        && ctx.project.text(s.industry_field.0).is_none()
    {
        if ctx.strict {
            missing.push(s.industry_field.path().to_string());
        } else {
            assumptions.push(ctx.text(|| {
                format!(
                    "未填写 {}, 假定属于本细则规定的产业",
                    field(s.industry_field.0)
                )
            }));
        }
    }
    let mut claim_year = ctx.as_of.year();
    if let Some(f) = p.in_production {
        match ctx.project.date(f.0) {
            Some(d) if d > ctx.as_of => {
                claim_year = claim_year.max(d.year());
                assumptions.push(ctx.text(|| format!("投产后方可申报 (预计 {d} 投产)")));
            }
            Some(_) => {}
            None if ctx.strict => missing.push(f.path().to_string()),
            None => assumptions.push(ctx.text(|| format!("未填写 {}, 假定已投产", field(f.0)))),
        }
    }
    if let Some(f) = p.paying_tax {
        let values = tax_values(ctx, f);
        if values.is_empty() {
            if ctx.strict {
                missing.push(f.path().to_string());
            } else {
                assumptions.push(ctx.text(|| format!("未填写 {}, 假定已缴纳税收", field(f.0))));
            }
        }
    }
    if !missing.is_empty() {
        let text = ctx.text(|| format!("严格模式: 需补充: {}", fields(&missing)));
        return Ok(Outcome::needs_input(missing, text).with_assumptions(assumptions));
    }
    let base = match p.base {
        Some(b) => base_value(ctx, b, p.base_latest_by),
        None => None,
    };
    let standard_loaded = p.rate.is_some() || p.amount.is_some();
    if let (Some(b), None, true) = (p.base, &base, p.rate.is_some()) {
        let text = ctx.text(|| format!("需补充: {}", field(b.0)));
        return Ok(
            Outcome::needs_input(vec![b.path().to_string()], text).with_assumptions(assumptions)
        );
    }
    let base_text = |b: &(Decimal, String)| format!("{} {}元", b.1, grouped(b.0));
    if !standard_loaded {
        let basis = ctx.text(|| match &base {
            Some(b) => format!("核算基数: {}", base_text(b)),
            None => String::new(),
        });
        let reason = ctx.text(|| {
            let mut r = String::new();
            if !p.decided_by.is_empty() {
                r.push_str(&p.decided_by);
                r.push_str("; ");
            }
            r.push_str(&format!(
                "政策未规定标准, 由市政府研究确定 ({})",
                p.standard
            ));
            r
        });
        return Ok(
            Outcome::status_only(Status::CaseByCase, basis, Some(reason))
                .with_assumptions(assumptions),
        );
    }
    let (raw, mut basis) = match (p.rate, p.amount, &base) {
        (Some(r), _, Some(b)) => (
            money::mul(b.0, r.0)?,
            ctx.text(|| format!("{} × {}", base_text(b), money::percent(r.0))),
        ),
        (_, Some(a), _) => (a.0, ctx.text(|| format!("定额 {}元", grouped(a.0)))),
        _ => (Decimal::ZERO, String::new()),
    };
    let amount = match p.cap {
        Some(c) if raw > c.0 => {
            basis =
                ctx.text(|| format!("{basis} = {}元, 超过上限 {}元", grouped(raw), grouped(c.0)));
            c.0
        }
        _ => raw,
    };
    let basis = ctx.text(|| format!("{basis} = {}元", grouped(amount)));
    Ok(Outcome::applies(amount, amount, basis)
        .with_schedule(vec![(claim_year, amount, amount)])
        .with_assumptions(assumptions))
}

/// The scope rule whose industries the award requires, if any.
fn scope_of<'a>(ctx: &Ctx<'a, '_>, p: &Award) -> Option<&'a crate::rules::kinds::scope::Scope> {
    match p
        .industry_of_scope
        .as_deref()
        .and_then(|id| ctx.rules.get(id))
    {
        Some(Rule {
            kind: Kind::Scope(s),
            ..
        }) => Some(s),
        _ => None,
    }
}

/// The given figures of the tax-paying field (one, or one per record).
fn tax_values(ctx: &Ctx, f: FieldRef) -> Vec<Decimal> {
    match f.0.spec().group() {
        None => ctx.project.num(f.0).into_iter().collect(),
        Some(g) => ctx
            .project
            .records(g)
            .iter()
            .filter_map(|r| r.num(f.0))
            .collect(),
    }
}

/// A fact given that excludes the award whatever else is missing (reading
/// 10): a disqualifier given as yes, an industry outside the scope rule's
/// list, tax figures given and all zero.
pub fn decided_no(ctx: &Ctx, p: &Award) -> Option<Outcome> {
    if let Some(f) = p
        .disqualifiers
        .iter()
        .find(|f| ctx.project.flag(f.0) == Some(true))
    {
        return Some(Outcome::not_applicable(
            ctx.text(|| format!("不在奖励范围: {} 为 是", field(f.0))),
        ));
    }
    if let Some(s) = scope_of(ctx, p)
        && let Some(name) = ctx.project.text(s.industry_field.0)
        && !s
            .industries
            .iter()
            .chain(&s.focus)
            .any(|i| i == name.trim())
    {
        return Some(Outcome::not_applicable(ctx.text(|| {
            let all: Vec<&str> = s
                .industries
                .iter()
                .chain(&s.focus)
                .map(String::as_str)
                .collect();
            format!("产业 {name:?} 不属于本细则规定的产业 ({})", all.join("、"))
        })));
    }
    if let Some(f) = p.paying_tax {
        let values = tax_values(ctx, f);
        if !values.is_empty() && values.iter().all(|v| v.is_zero()) {
            return Some(Outcome::not_applicable(
                ctx.text(|| format!("未缴纳税收 ({} 均为0)", field(f.0))),
            ));
        }
    }
    None
}

/// The base figure and its label: a scalar, or for an array the entry with
/// the largest `latest_by` (ties: the later entry).
/// The base and, with texts only, how it is named.
fn base_value(ctx: &Ctx, b: FieldRef, latest_by: Option<FieldRef>) -> Option<(Decimal, String)> {
    let label = b.0.spec().label;
    match (b.0.spec().group(), latest_by) {
        (None, _) => ctx
            .project
            .num(b.0)
            .map(|v| (v, ctx.text(|| label.to_string()))),
        (Some(g), Some(by)) => ctx
            .project
            .records(g)
            .iter()
            .filter_map(|r| Some((r.num(by.0)?, r.num(b.0)?)))
            .max_by_key(|(k, _)| *k)
            .map(|(k, v)| {
                (
                    v,
                    ctx.text(|| format!("{} {} ({})", by.0.spec().label, money::plain(k), label)),
                )
            }),
        (Some(_), None) => None,
    }
}

// ------------------------------------------------------------ scope heads

/// The first head of the scope (besides its industrial projects) that holds:
/// its item qualifies, or all its conditions hold on the project.
pub fn scope_head<'a>(
    ctx: &Ctx,
    scope: &'a crate::rules::kinds::scope::Scope,
    items: &[(&Rule, Outcome)],
) -> Option<&'a ScopeHead> {
    scope.heads.iter().find(|h| match &h.item {
        Some(id) => items
            .iter()
            .any(|(r, o)| &r.id == id && o.status == Status::Applies),
        None => !h.when.is_empty() && h.when.iter().all(|c| condition_holds(ctx, c)),
    })
}
