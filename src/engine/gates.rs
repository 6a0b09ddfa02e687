//! Project-level provisions applied after every item is computed: validity of
//! the documents, the scope gate, no double reward, and suspension.

use super::{Ctx, EvalError, Outcome, Status};
use crate::money::{grouped, round_yuan};
use crate::project::F;
use crate::report::GateResult;
use crate::rules::params::{self, Kind};
use crate::rules::{Rule, RuleSet};

/// Warnings for documents not in force on the evaluation date; in strict mode
/// that is an error.
pub fn validity(ctx: &Ctx) -> Result<Vec<String>, EvalError> {
    let mut warnings = Vec::new();
    for doc in &ctx.rules.documents {
        let before = ctx.as_of < doc.valid_from;
        let after = doc.valid_until.is_some_and(|u| ctx.as_of > u);
        // Without texts the warning is not read; strict mode still needs it.
        if !(before || after) || !(ctx.texts || ctx.strict) {
            continue;
        }
        let window = match doc.valid_until {
            Some(u) => format!("{} 至 {}", doc.valid_from, u),
            None => format!("{} 起", doc.valid_from),
        };
        let message = format!(
            "{} 有效期为 {window}, 评估日期 {} 不在有效期内; 仍按其条文计算, 请核实是否有新的文件",
            doc.number, ctx.as_of
        );
        if ctx.strict {
            return Err(EvalError {
                field: "as_of".into(),
                message: format!("严格模式: {message}"),
            });
        }
        warnings.push(message);
    }
    Ok(warnings)
}

/// Applies the gate rules to the items, in order: scope, exclusive groups,
/// suspension. What each gate found goes to `results` when wanted.
pub fn apply(
    ctx: &Ctx,
    items: &mut [(&Rule, Outcome)],
    warnings: &mut Vec<String>,
    mut results: Option<&mut Vec<GateResult>>,
) {
    let article = |rule: &Rule| ctx.text(|| ctx.rules.article(rule));
    for rule in ctx.rules.rules.iter() {
        let result = match &rule.kind {
            Kind::Scope(p) => scope(ctx, rule, p, items, warnings),
            Kind::ExclusiveGroup(p) => group(ctx, rule, p, items),
            Kind::Recognition(p) => recognition(ctx, p),
            Kind::Deduction(p) => deduction(ctx, p),
            _ => continue,
        };
        if let Some(r) = results.as_deref_mut() {
            r.push(GateResult::new(rule, article(rule), result));
        }
    }
    // Suspension comes last so it holds back exactly what would be paid.
    for rule in ctx.rules.rules.iter() {
        if let Kind::Suspension(p) = &rule.kind {
            let article = article(rule);
            let result = suspension(ctx, rule, p, items, &article);
            if let Some(r) = results.as_deref_mut() {
                r.push(GateResult::new(rule, article, result));
            }
        }
    }
}

/// (status key, detail) of a gate.
pub type GateOutcome = (&'static str, String);

fn scope(
    ctx: &Ctx,
    rule: &Rule,
    p: &params::Scope,
    items: &mut [(&Rule, Outcome)],
    warnings: &mut Vec<String>,
) -> GateOutcome {
    let mut failures = Vec::new();
    let mut assumptions = Vec::new();
    // The paths of the facts assumed; turned into strings only if needed.
    let mut missing: Vec<&'static str> = Vec::new();
    match ctx.project.date(p.start_field.0) {
        Some(d) if d < p.start_on_or_after.0 => {
            failures.push(ctx.text(|| format!("开始投资日期 {d} 早于 {}", p.start_on_or_after.0)))
        }
        Some(_) => {}
        None => {
            missing.push(p.start_field.path());
            assumptions.push(ctx.text(|| {
                format!(
                    "未填写 {}, 假定在 {} 以后投资",
                    p.start_field.path(),
                    p.start_on_or_after.0
                )
            }));
        }
    }
    // Another head of the scope (a headquarters project…) needs no industry.
    let head = super::awards::scope_head(ctx, p, items);
    match ctx.project.text(p.industry_field.0) {
        _ if head.is_some() => {}
        Some(name) => {
            if let Some(reason) = industry_problem(p, name, ctx.texts) {
                failures.push(reason);
            }
        }
        None => {
            missing.push(p.industry_field.path());
            assumptions.push(
                ctx.text(|| format!("未填写 {}, 假定属于鼓励类产业", p.industry_field.path())),
            );
        }
    }
    for f in &rule.preconditions {
        match ctx.project.flag(f.0) {
            Some(false) => failures
                .push(ctx.text(|| format!("不满足: {} ({} = false)", f.0.spec().label, f.path()))),
            Some(true) => {}
            None => {
                missing.push(f.path());
                assumptions.push(ctx.text(|| super::common::assumed(f.0)));
            }
        }
    }
    let article = ctx.text(|| ctx.rules.article(rule));
    if !failures.is_empty() {
        let reason = ctx.text(|| format!("不符合奖励范围 ({article}): {}", failures.join("; ")));
        for (_, o) in items.iter_mut().filter(|(r, _)| r.category.is_money()) {
            *o = Outcome::not_applicable(reason.clone());
        }
        return ("failed", reason);
    }
    if ctx.strict && !missing.is_empty() {
        let reason = ctx.text(|| {
            format!(
                "严格模式: 奖励范围条件未填写 ({article}): {}",
                missing.join(", ")
            )
        });
        let missing: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
        for (_, o) in items.iter_mut().filter(|(r, _)| r.category.is_money()) {
            *o = Outcome::needs_input(missing.clone(), reason.clone());
        }
        return ("needs_input", reason);
    }
    if let Some(h) = head.filter(|_| ctx.texts) {
        let via = format!(
            "按 {} {} 纳入奖励范围, 不要求属于鼓励类产业",
            h.clause, h.label
        );
        if assumptions.is_empty() {
            return ("passed", via);
        }
        let detail = assumptions.join("; ");
        warnings.push(format!("奖励范围 ({article}) 按假设判断: {detail}"));
        return ("assumed", format!("{via}; {detail}"));
    }
    if assumptions.is_empty() {
        ("passed", ctx.text(|| "符合奖励范围".into()))
    } else if !ctx.texts {
        ("assumed", String::new())
    } else {
        let detail = assumptions.join("; ");
        warnings.push(format!("奖励范围 ({article}) 按假设判断: {detail}"));
        ("assumed", detail)
    }
}

/// Why an industry is outside the encouraged list, if it is (without texts:
/// an empty reason).
fn industry_problem(p: &params::Scope, name: &str, texts: bool) -> Option<String> {
    let name = name.trim();
    if p.industries.iter().chain(&p.focus).any(|i| i == name) {
        return None;
    }
    if !texts {
        return Some(String::new());
    }
    if p.excluded.iter().any(|x| x == name) {
        return Some(format!(
            "产业 {name:?} 属明确排除的产业 ({})",
            p.excluded.join("、")
        ));
    }
    let all: Vec<&str> = p
        .industries
        .iter()
        .chain(&p.focus)
        .map(String::as_str)
        .collect();
    let hint = crate::project::schema::nearest(name, &all)
        .map(|n| format!("是否应为 {n:?}? "))
        .unwrap_or_default();
    Some(format!(
        "产业 {name:?} 不在鼓励类产业之列; {hint}鼓励类: {}",
        all.join("、")
    ))
}

/// Of the group's members that apply, only the highest is paid.
fn group(
    ctx: &Ctx,
    rule: &Rule,
    p: &params::ExclusiveGroup,
    items: &mut [(&Rule, Outcome)],
) -> GateOutcome {
    let applying: Vec<usize> = p
        .members
        .iter()
        .filter_map(|id| items.iter().position(|(r, _)| &r.id == id))
        .filter(|&i| items[i].1.status == Status::Applies)
        .collect();
    let Some(&winner) = applying.iter().reduce(|best, i| {
        let key = |k: usize| {
            (
                round_yuan(items[k].1.amount),
                round_yuan(items[k].1.amount_max),
            )
        };
        if key(*i) > key(*best) { i } else { best }
    }) else {
        return ("not_triggered", ctx.text(|| "组内没有适用的项目".into()));
    };
    if applying.len() < 2 {
        return ("not_triggered", ctx.text(|| "组内只有一项适用".into()));
    }
    let win_rule: &Rule = items[winner].0;
    let (win_label, win_amount) = (&win_rule.label, items[winner].1.amount);
    let article = ctx.text(|| ctx.rules.article(rule));
    for &i in applying.iter().filter(|&&i| i != winner) {
        let o = &mut items[i].1;
        o.status = Status::Duplicate;
        o.set_reason(ctx.text(|| {
            format!(
                "同一项目不重复奖励 ({article}): 按金额较高的{win_label} {}元 发放",
                grouped(win_amount)
            )
        }));
    }
    (
        "applied",
        ctx.text(|| format!("按金额高者发放: {win_label}")),
    )
}

fn suspension(
    ctx: &Ctx,
    rule: &Rule,
    p: &params::Suspension,
    items: &mut [(&Rule, Outcome)],
    article: &str,
) -> GateOutcome {
    let found: Vec<&str> = p
        .fields
        .iter()
        .filter(|f| ctx.project.flag(f.0) == Some(true))
        .map(|f| f.0.spec().label)
        .collect();
    if found.is_empty() {
        return ("passed", ctx.text(|| "无暂停兑现情形".into()));
    }
    let reason = ctx.text(|| {
        format!(
            "{} ({article}): {}; {}",
            rule.label,
            found.join("、"),
            rule.text
        )
    });
    for (_, o) in items.iter_mut().filter(|(r, _)| r.category.is_money()) {
        if o.status == Status::Applies {
            o.status = Status::Suspended;
            o.set_reason(reason.clone());
        }
    }
    ("applied", reason)
}

fn recognition(ctx: &Ctx, p: &params::Recognition) -> GateOutcome {
    match ctx.project.text(p.field.0) {
        Some(v) => match p.ranks.iter().find(|r| r.value == v) {
            Some(r) => (
                "applied",
                ctx.text(|| format!("{} (依据: {})", r.label, r.list)),
            ),
            None => ("not_triggered", ctx.text(|| v.to_string())),
        },
        None => (
            "not_triggered",
            ctx.text(|| format!("未填写 {}", p.field.path())),
        ),
    }
}

fn deduction(ctx: &Ctx, p: &params::Deduction) -> GateOutcome {
    if !ctx.texts {
        let any = p.deduct.iter().any(|f| ctx.project.num(f.0).is_some());
        return (if any { "applied" } else { "not_triggered" }, String::new());
    }
    let parts: Vec<String> = p
        .deduct
        .iter()
        .filter_map(|f| {
            ctx.project
                .num(f.0)
                .map(|v| format!("{} {}", f.0.spec().label, grouped(v)))
        })
        .collect();
    if parts.is_empty() {
        ("not_triggered", "无需扣除".into())
    } else {
        ("applied", format!("扣除 {}", parts.join(", ")))
    }
}

/// The label of a recognised rank, for the report header.
pub fn rank_label(rules: &RuleSet, value: &str) -> Option<String> {
    rules.rules.iter().find_map(|r| match &r.kind {
        Kind::Recognition(p) if p.field.0 == F::TopRank => p
            .ranks
            .iter()
            .find(|k| k.value == value)
            .map(|k| k.label.clone()),
        _ => None,
    })
}
