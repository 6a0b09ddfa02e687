//! Which version of the policy a project was computed under: the version of
//! each dated rule taken (by the project's policy date), and the documents a
//! project keeps because it signed its agreement while they were in force
//! (reading 13).

use super::{Ctx, Outcome};
use crate::project::Field;
use crate::rules::Rule;

/// On every item of a dated rule, the version taken and the date that chose
/// it: "按 2024-01-01 起施行的标准 (…source…)".
pub fn name_versions(ctx: &Ctx, items: &mut [(&Rule, Outcome)]) {
    for (rule, o) in items.iter_mut() {
        let Some(v) = &rule.in_force else { continue };
        if o.absent {
            continue;
        }
        let doc = &ctx.rules.documents[rule.document];
        let by = match super::agreement_in_force(ctx.rules, ctx.project, rule.document) {
            Some(a) => format!("{} {a}", Field::AgreementDate.spec().label),
            None => format!("评估日期 {}", ctx.as_of),
        };
        let basis = if v.changes.is_empty() {
            format!("{} {}", doc.number, rule.clause)
        } else {
            v.changes
                .iter()
                .map(|c| c.source.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        o.add_assumption(format!(
            "按 {} 起施行的标准 ({basis}); 政策日期为{by}",
            v.from
        ));
    }
}

/// For each document out of force on the evaluation date that the project
/// keeps (its agreement date lies within the validity): a note on every item
/// resting on it, citing the law that keeps the promise (`[agreement]` of
/// the rules), and the same note once for the whole project.
pub fn name_pinned(ctx: &Ctx, items: &mut [(&Rule, Outcome)], notes: &mut Vec<String>) {
    for (d, doc) in ctx.rules.documents.iter().enumerate() {
        let out = ctx.as_of < doc.valid_from || doc.valid_until.is_some_and(|u| ctx.as_of > u);
        let Some(signed) = super::agreement_in_force(ctx.rules, ctx.project, d) else {
            continue;
        };
        if !out {
            continue;
        }
        let window = match doc.valid_until {
            Some(u) => format!("{} 至 {u}", doc.valid_from),
            None => format!("{} 起", doc.valid_from),
        };
        let why = match &ctx.rules.agreement {
            Some(a) => format!("依 {}: “{}”", a.source, a.text),
            None => "政策承诺应当履行".to_string(),
        };
        let note = format!(
            "投资协议签订日期 {signed} 在 {} 有效期 ({window}) 内, 评估日期 {} 虽已不在有效期内, 本项目仍按该文件测算和兑现; {why}",
            doc.number, ctx.as_of
        );
        for (rule, o) in items.iter_mut() {
            let rests = rule.document == d
                || rule.rests_on.iter().any(|r| r.starts_with(&doc.number))
                || o.gated & super::outcome::doc_bit(d) != 0;
            if rests && !o.absent {
                o.add_assumption(format!(
                    "所依据的 {} 按投资协议签订时有效的文件适用 (见说明)",
                    doc.number
                ));
            }
        }
        notes.push(note);
    }
}
