//! The completion deadline the land kinds share (竣工须在施工许可证颁发后
//!若干年之内): checked when both dates are given, assumed otherwise.

use crate::engine::{Ctx, KindError, Outcome};
use crate::project::Field;

/// Both dates given and the completion too late: not applicable.
pub(super) fn late_completion(
    ctx: &Ctx,
    within: Option<u8>,
    clause: &str,
    text: &str,
) -> Result<Option<Outcome>, KindError> {
    let Some(years) = within else {
        return Ok(None);
    };
    Ok(match completion_in_time(ctx, years, clause, text)? {
        Timely::Late(reason) => Some(Outcome::not_applicable(reason)),
        _ => None,
    })
}

pub(super) enum Timely {
    Yes(String),
    Assumed(String),
    Late(String),
    Missing(Vec<String>),
}

/// Completion within `years` of the construction permit (inclusive), checked
/// when both dates are given, assumed otherwise.
pub(super) fn completion_in_time(
    ctx: &Ctx,
    years: u8,
    clause: &str,
    text: &str,
) -> Result<Timely, KindError> {
    let permit = ctx.project.date(Field::ConstructionPermitDate);
    let done = ctx.project.date(Field::CompletionDate);
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
                (Field::ConstructionPermitDate, permit.is_none()),
                (Field::CompletionDate, done.is_none()),
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
