//! Project-level provisions applied after every item is computed: validity of
//! the documents, the scope gate, no double reward, and suspension.

use super::{Ctx, EvalError, Outcome, Status};
use crate::model::{GateResult, GateStatus};
use crate::money::{grouped, round_yuan};
use crate::project::Field;
use crate::rules::Kind;
use crate::rules::kinds::{deduction, exclusive_group, recognition, scope, suspension};
use crate::rules::{Rule, RuleSet};

/// The documents not in force on the evaluation date (indices); in strict
/// mode the first of them is an error, since nothing was computed.
pub fn validity(ctx: &Ctx) -> Result<Vec<usize>, EvalError> {
    let mut out = Vec::new();
    for (i, doc) in ctx.rules.documents.iter().enumerate() {
        let before = ctx.as_of < doc.valid_from;
        let after = doc.valid_until.is_some_and(|u| ctx.as_of > u);
        // A project signed within the validity keeps the document (reading
        // 13): a note says so (`versions::name_pinned`), not a warning.
        let pinned = super::agreement_in_force(ctx.rules, ctx.project, i).is_some();
        // Without texts the warning is not read; strict mode still needs it.
        if !(before || after) || pinned || !(ctx.texts || ctx.strict) {
            continue;
        }
        if ctx.strict {
            return Err(EvalError {
                field: "as_of".into(),
                message: format!(
                    "严格模式: {}; 不予计算, 请核实是否有新的文件, 或以有效期内的日期评估 (--as-of)",
                    out_of_force(ctx, doc)
                ),
            });
        }
        out.push(i);
    }
    Ok(out)
}

/// "X 有效期为 …, 评估日期 … 不在有效期内".
fn out_of_force(ctx: &Ctx, doc: &crate::rules::Document) -> String {
    let window = match doc.valid_until {
        Some(u) => format!("{} 至 {}", doc.valid_from, u),
        None => format!("{} 起", doc.valid_from),
    };
    let state = state(ctx, doc);
    format!(
        "{} 有效期为 {window}, 评估日期 {} 不在有效期内 ({state})",
        doc.number, ctx.as_of
    )
}

/// Whether a document out of force is not yet or no longer in force.
fn state(ctx: &Ctx, doc: &crate::rules::Document) -> &'static str {
    if ctx.as_of < doc.valid_from {
        "尚未施行"
    } else {
        "已失效"
    }
}

/// For each document out of force: one warning, and on every item and gate
/// that rests on it (its own rules, rules naming it in `rests_on`, items one
/// of its gates changed) a note naming it.
pub fn name_out_of_force(
    ctx: &Ctx,
    docs: &[usize],
    items: &mut [(&Rule, Outcome)],
    gates: &mut [GateResult],
    warnings: &mut Vec<String>,
) {
    // Validity comes first among the warnings.
    for (k, &d) in docs.iter().enumerate() {
        let doc = &ctx.rules.documents[d];
        let mut named = Vec::new();
        for (rule, o) in items.iter_mut() {
            let clauses: Vec<&str> = if rule.document == d {
                vec![]
            } else {
                rule.rests_on
                    .iter()
                    .filter(|r| r.starts_with(&doc.number))
                    .map(String::as_str)
                    .collect()
            };
            let gated = o.gated & super::outcome::doc_bit(d) != 0;
            if rule.document != d && clauses.is_empty() && !gated {
                continue;
            }
            // Items out of play, or items of other documents not applicable
            // for reasons of their own, do not rest on it.
            if o.absent || (rule.document != d && o.status == Status::NotApplicable && !gated) {
                continue;
            }
            let what = if clauses.is_empty() {
                doc.number.clone()
            } else {
                clauses.join("、")
            };
            o.add_assumption(format!(
                "所依据的 {what} 在评估日期{}, 仍按其条文测算 (见提示)",
                state(ctx, doc)
            ));
            named.push(rule.label.as_str());
        }
        for g in gates.iter_mut() {
            if ctx.rules.get(&g.id).is_some_and(|r| r.document == d) {
                g.detail
                    .push_str(&format!(" (依据的 {} 不在有效期内)", doc.number));
            }
        }
        let list = if named.is_empty() {
            String::new()
        } else {
            format!("; 涉及: {}", named.join("、"))
        };
        warnings.insert(
            k.min(warnings.len()),
            format!(
                "{}; 依据其条款的项目与审核仍按其条文测算, 请核实是否有新的文件{list}",
                out_of_force(ctx, doc)
            ),
        );
    }
}

/// Applies the gate rules to the items, in order: scope, exclusive groups,
/// suspension. What each gate found goes to `results` when wanted; returns
/// whether a gate failed (the project is outside the policy's scope), which
/// a CSV row needs without the gates' results.
pub fn apply(
    ctx: &Ctx,
    items: &mut [(&Rule, Outcome)],
    warnings: &mut Vec<String>,
    mut results: Option<&mut Vec<GateResult>>,
) -> bool {
    let mut failed = false;
    let article = |rule: &Rule| ctx.text(|| ctx.rules.article(rule));
    for rule in ctx.rules.rules.iter() {
        let result = match &rule.kind {
            Kind::Scope(p) => scope(ctx, rule, p, items, warnings),
            Kind::ExclusiveGroup(p) => group(ctx, rule, p, items),
            Kind::Recognition(p) => recognition(ctx, p),
            Kind::Deduction(p) => deduction(ctx, p),
            // Applied in the second pass below.
            Kind::Suspension(_) => continue,
            // Not gates: computed as items, or read by the plan and awards.
            // Listed one by one so that a new kind must be placed here.
            Kind::IntensityReward(_)
            | Kind::RetainedTaxRebate(_)
            | Kind::Benefit(_)
            | Kind::TermCheck(_)
            | Kind::PerAreaSubsidy(_)
            | Kind::RentFree(_)
            | Kind::RentReduction(_)
            | Kind::LoanInterest(_)
            | Kind::TieredRate(_)
            | Kind::LumpSum(_)
            | Kind::PriceCap(_)
            | Kind::Discount(_)
            | Kind::ThresholdSubsidy(_)
            | Kind::HeadcountSubsidy(_)
            | Kind::CaseByCase(_)
            | Kind::Headquarters(_)
            | Kind::Award(_)
            | Kind::Procedure(_)
            | Kind::Documents(_) => continue,
        };
        failed |= result.0 == GateStatus::Failed;
        if let Some(r) = results.as_deref_mut() {
            r.push(GateResult::new(rule, article(rule), result));
        }
    }
    // Suspension comes last so it holds back exactly what would be paid.
    for rule in ctx.rules.rules.iter() {
        if let Kind::Suspension(p) = &rule.kind {
            let article = article(rule);
            let result = suspension(ctx, rule, p, items, &article);
            failed |= result.0 == GateStatus::Failed;
            if let Some(r) = results.as_deref_mut() {
                r.push(GateResult::new(rule, article, result));
            }
        }
    }
    failed
}

/// (status, detail) of a gate.
pub type GateOutcome = (GateStatus, String);

fn scope(
    ctx: &Ctx,
    rule: &Rule,
    p: &scope::Scope,
    items: &mut [(&Rule, Outcome)],
    warnings: &mut Vec<String>,
) -> GateOutcome {
    let mut failures = Vec::new();
    // Whether anything was assumed (it decides the status, also without
    // texts); the words only with texts, and the paths of the facts assumed
    // only in strict mode (turned into strings only if needed): a CSV row
    // fills neither.
    let mut assumed = false;
    let mut assumptions = Vec::new();
    let mut missing: Vec<&'static str> = Vec::new();
    let mut assume = |path: &'static str, words: &dyn Fn() -> String| {
        assumed = true;
        if ctx.strict {
            missing.push(path);
        }
        if ctx.texts {
            assumptions.push(words());
        }
    };
    match ctx.project.date(p.start_field.0) {
        Some(d) if d < p.start_on_or_after.0 => {
            failures.push(format!("开始投资日期 {d} 早于 {}", p.start_on_or_after.0))
        }
        Some(_) => {}
        None => assume(p.start_field.path(), &|| {
            format!(
                "未填写 {}, 假定在 {} 以后投资",
                super::common::field(p.start_field.0),
                p.start_on_or_after.0
            )
        }),
    }
    // Another head of the scope (a headquarters project…) needs no industry.
    let head = super::awards::scope_head(ctx, p, items);
    // An industry outside the named ones: words written even without texts
    // (a batch row says why in its notes), since it is rare.
    let mut unlisted = None;
    match ctx.project.text(p.industry_field.0) {
        _ if head.is_some() => {}
        Some(name) => match industry_check(p, name) {
            Industry::Listed => {}
            Industry::Refused(reason) => failures.push(reason),
            Industry::Unlisted(note) => {
                unlisted = Some((note, p.industry_field.path()));
            }
        },
        None => assume(p.industry_field.path(), &|| {
            format!(
                "未填写 {}, 假定属于鼓励类产业",
                super::common::field(p.industry_field.0)
            )
        }),
    }
    for f in &rule.preconditions {
        match ctx.project.flag(f.0) {
            Some(false) => failures.push(format!("不满足: {} 为 否", super::common::field(f.0))),
            Some(true) => {}
            None => assume(f.path(), &|| super::common::assumed(f.0)),
        }
    }
    // An unlisted industry is missing after the start date and before the
    // preconditions, as it was found.
    let unlisted = unlisted.map(|(note, path)| {
        if ctx.strict {
            let at = usize::from(ctx.project.date(p.start_field.0).is_none());
            missing.insert(at.min(missing.len()), path);
        }
        note
    });
    let article = || ctx.rules.article(rule);
    // The gate's reason is given once (gate result and warnings); the items
    // it stops say so in a few words, and items not in play stay 未填写.
    let in_play = |o: &Outcome| !o.absent;
    if !failures.is_empty() {
        let article = article();
        let reason = format!("不符合奖励范围 ({article}): {}", failures.join("; "));
        let short = ctx.text(|| format!("不符合奖励范围 ({article}), 原因见提示"));
        for (_, o) in items
            .iter_mut()
            .filter(|(r, o)| r.category.is_money() && in_play(o))
        {
            *o = Outcome::not_applicable(short.clone()).gated_by(rule.document);
        }
        warnings.push(format!("{reason}; 资金类项目均不适用"));
        return (GateStatus::Failed, reason);
    }
    if ctx.strict && !missing.is_empty() {
        let mut why = Vec::new();
        if let Some(note) = &unlisted {
            why.push(note.clone());
        }
        let absent: Vec<&str> = missing
            .iter()
            .copied()
            .filter(|m| unlisted.is_none() || *m != p.industry_field.path())
            .collect();
        if !absent.is_empty() {
            let absent: Vec<String> = absent.iter().map(|m| m.to_string()).collect();
            why.push(format!("未填写: {}", super::common::fields(&absent)));
        }
        let article = article();
        let reason = format!(
            "严格模式: 奖励范围条件未确认 ({article}): {}",
            why.join("; ")
        );
        let short = ctx.text(|| format!("严格模式: 奖励范围条件未确认 ({article}), 见提示"));
        let fields: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
        for (_, o) in items
            .iter_mut()
            .filter(|(r, o)| r.category.is_money() && o.status == Status::Applies)
        {
            *o = Outcome::needs_input(fields.clone(), short.clone()).gated_by(rule.document);
        }
        warnings.push(reason.clone());
        return (GateStatus::NeedsInput, reason);
    }
    if let Some(h) = head.filter(|_| ctx.texts) {
        let via = format!(
            "按 {} {} 纳入奖励范围, 不要求属于鼓励类产业",
            h.clause, h.label
        );
        if assumptions.is_empty() {
            return (GateStatus::Passed, via);
        }
        let detail = assumptions.join("; ");
        warnings.push(format!("奖励范围 ({}) 按假设判断: {detail}", article()));
        return (GateStatus::Assumed, format!("{via}; {detail}"));
    }
    if let Some(note) = unlisted {
        // Not assumed quietly: its own warning, in batch notes too.
        warnings.push(format!("奖励范围 ({}): {note}", article()));
        let mut detail = vec![note];
        if ctx.texts && !assumptions.is_empty() {
            let rest = assumptions.join("; ");
            warnings.push(format!("奖励范围 ({}) 按假设判断: {rest}", article()));
            detail.push(rest);
        }
        return (GateStatus::Assumed, detail.join("; "));
    }
    if !assumed {
        (GateStatus::Passed, ctx.text(|| "符合奖励范围".into()))
    } else if !ctx.texts {
        (GateStatus::Assumed, String::new())
    } else {
        let detail = assumptions.join("; ");
        warnings.push(format!("奖励范围 ({}) 按假设判断: {detail}", article()));
        (GateStatus::Assumed, detail)
    }
}

/// Where an industry name stands against 43号 二(一).
enum Industry {
    /// Named (or a focus of 10号).
    Listed,
    /// A named exclusion or a sector plainly outside: the reason.
    Refused(String),
    /// Any other name: passes, to be checked against the catalogue (the note).
    Unlisted(String),
}

fn industry_check(p: &scope::Scope, name: &str) -> Industry {
    let name = name.trim();
    if p.industries.iter().chain(&p.focus).any(|i| i == name) {
        return Industry::Listed;
    }
    // Exact names are refused outright; a name that merely contains one is
    // refused unless it also reads as an industrial project.
    let industrial = p.industrial_words.iter().any(|w| name.contains(w.as_str()));
    let hit = |list: &[String]| {
        list.iter()
            .find(|x| x.as_str() == name)
            .or_else(|| {
                list.iter()
                    .filter(|x| !industrial && name.contains(x.as_str()))
                    .max_by_key(|x| x.chars().count())
            })
            .cloned()
    };
    if let Some(x) = hit(&p.excluded) {
        let source = if p.excluded_source.is_empty() {
            p.excluded.join("、")
        } else {
            p.excluded_source.clone()
        };
        let named = if x == name {
            String::new()
        } else {
            format!(", 即{x}")
        };
        return Industry::Refused(format!("产业 {name:?} 属明确排除的产业{named} ({source})"));
    }
    if let Some(x) = hit(&p.outside) {
        let named = if x == name {
            String::new()
        } else {
            format!(", 属{x}")
        };
        return Industry::Refused(format!(
            "产业 {name:?} 不属新兴工业和高科技工业项目{named} ({})",
            p.outside_source
        ));
    }
    let all: Vec<&str> = p
        .industries
        .iter()
        .chain(&p.focus)
        .map(String::as_str)
        .collect();
    // A near spelling first; else a named industry the name contains (or
    // that contains it), e.g. 新能源汽车零部件 → 新能源汽车.
    let near = crate::project::schema::nearest(name, &all).or_else(|| {
        all.iter()
            .filter(|n| name.contains(**n) || n.contains(name))
            .max_by_key(|n| n.chars().count())
            .copied()
    });
    let hint = near
        .map(|n| format!(" (是否应为 {n:?}?)"))
        .unwrap_or_default();
    Industry::Unlisted(format!(
        "产业 {name:?} 不在43号所列鼓励类产业之中, 假定属于鼓励类, 请对照{}核实{hint}",
        p.catalogue
    ))
}

/// Of the group's members that apply, only the highest is paid.
fn group(
    ctx: &Ctx,
    rule: &Rule,
    p: &exclusive_group::ExclusiveGroup,
    items: &mut [(&Rule, Outcome)],
) -> GateOutcome {
    let applying: smallvec::SmallVec<[usize; 8]> = p
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
        return (
            GateStatus::NotTriggered,
            ctx.text(|| "组内没有适用的项目".into()),
        );
    };
    if applying.len() < 2 {
        return (
            GateStatus::NotTriggered,
            ctx.text(|| "组内只有一项适用".into()),
        );
    }
    let win_rule: &Rule = items[winner].0;
    let (win_label, win_amount) = (&win_rule.label, items[winner].1.amount);
    let article = ctx.text(|| ctx.rules.article(rule));
    for &i in applying.iter().filter(|&&i| i != winner) {
        let o = &mut items[i].1;
        o.status = Status::Duplicate;
        o.gated |= super::outcome::doc_bit(rule.document);
        o.set_reason(ctx.text(|| {
            format!(
                "同一项目不重复奖励 ({article}): 按金额较高的{win_label} {}元 发放",
                grouped(win_amount)
            )
        }));
    }
    (
        GateStatus::Applied,
        ctx.text(|| format!("按金额高者发放: {win_label}")),
    )
}

fn suspension(
    ctx: &Ctx,
    rule: &Rule,
    p: &suspension::Suspension,
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
        return (GateStatus::Passed, ctx.text(|| "无暂停兑现情形".into()));
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
            o.gated |= super::outcome::doc_bit(rule.document);
            o.set_reason(reason.clone());
        }
    }
    (GateStatus::Applied, reason)
}

fn recognition(ctx: &Ctx, p: &recognition::Recognition) -> GateOutcome {
    match ctx.project.text(p.field.0) {
        Some(v) => match p.ranks.iter().find(|r| r.value == v) {
            Some(r) => (
                GateStatus::Applied,
                ctx.text(|| format!("{} (依据: {})", r.label, r.list)),
            ),
            None => (GateStatus::NotTriggered, ctx.text(|| v.to_string())),
        },
        None => (
            GateStatus::NotTriggered,
            ctx.text(|| format!("未填写 {}", super::common::field(p.field.0))),
        ),
    }
}

fn deduction(ctx: &Ctx, p: &deduction::Deduction) -> GateOutcome {
    if !ctx.texts {
        let any = p.deduct.iter().any(|f| ctx.project.num(f.0).is_some());
        return (
            if any {
                GateStatus::Applied
            } else {
                GateStatus::NotTriggered
            },
            String::new(),
        );
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
        (GateStatus::NotTriggered, "无需扣除".into())
    } else {
        (GateStatus::Applied, format!("扣除 {}", parts.join(", ")))
    }
}

/// The label of a recognised rank, for the report header.
pub fn rank_label(rules: &RuleSet, value: &str) -> Option<String> {
    rules.rules.iter().find_map(|r| match &r.kind {
        Kind::Recognition(p) if p.field.0 == Field::TopRank => p
            .ranks
            .iter()
            .find(|k| k.value == value)
            .map(|k| k.label.clone()),
        _ => None,
    })
}
