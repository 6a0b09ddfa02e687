//! 标准地投资奖励: a reward per 亩 once the investment intensity reaches a
//! multiple of the agreed intensity, completion in time.

use super::completion::{Timely, completion_in_time, late_completion};
use super::{Calculation, num, one_time, per};
use crate::engine::common::fields;
use crate::engine::next_tier::{Bound, Evaluator, Side, product};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{self, grouped, mul, plain, sub, wan};
use crate::project::Field;
use crate::rules::Rule;
use crate::rules::kinds::intensity_reward::{IntensityReward, RatioTier};
use rust_decimal::Decimal;

impl Calculation for IntensityReward {
    fn compute(&self, ctx: &Ctx, rule: &Rule) -> KindResult {
        intensity_reward(ctx, rule, self)
    }

    fn decided_no(&self, ctx: &Ctx, _rule: &Rule) -> Result<Option<Outcome>, KindError> {
        late_completion(
            ctx,
            self.completion_within_years,
            &self.completion_clause,
            &self.completion_text,
        )
    }

    /// Each tier's multiple of the agreed intensity, as fixed assets.
    fn bounds(&self, ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        let p = ev.project;
        let per_area = product(p.num(Field::AgreedIntensity), p.num(Field::AreaMu));
        let mut out = Vec::new();
        for t in &self.tiers {
            let need = product(Some(t.ratio.0), per_area);
            let tier = format!(
                "约定强度的 {} 倍 (每亩 {} 档)",
                money::plain(t.ratio.0),
                wan(t.per_mu.0)
            );
            out.extend(Bound::new(
                Field::FixedAssets,
                None,
                need,
                Side::AtLeast,
                tier,
            ));
        }
        out
    }
}

fn intensity_reward(ctx: &Ctx, rule: &Rule, p: &IntensityReward) -> KindResult {
    let fixed = num(ctx, Field::FixedAssets);
    let area = num(ctx, Field::AreaMu);
    let agreed = num(ctx, Field::AgreedIntensity);
    let mut tiers: smallvec::SmallVec<[&RatioTier; 8]> = p.tiers.iter().collect();
    tiers.sort_by_key(|t| std::cmp::Reverse(t.ratio));
    let intensity = || {
        format!(
            "亩均投资强度 = 固定资产投资 {} ÷ {}亩 = {}元/亩, 约定 {}元/亩",
            grouped(fixed),
            plain(area),
            per(fixed, area),
            grouped(agreed)
        )
    };
    let mut assumptions = Vec::new();
    if let Some(years) = p.completion_within_years {
        match completion_in_time(ctx, years, &p.completion_clause, &p.completion_text)? {
            Timely::Yes(note) | Timely::Assumed(note) if !note.is_empty() => assumptions.push(note),
            Timely::Yes(_) | Timely::Assumed(_) => {}
            Timely::Late(reason) => return Ok(Outcome::not_applicable(reason)),
            Timely::Missing(fields) => {
                let text = ctx.text(|| format!("严格模式: 需补充 {}", self::fields(&fields)));
                return Ok(Outcome::needs_input(fields, text));
            }
        }
    }
    for tier in &tiers {
        let need_per_mu = mul(tier.ratio.0, agreed)?;
        let need = mul(need_per_mu, area)?;
        if fixed >= need {
            let amount = mul(tier.per_mu.0, area)?;
            let basis = ctx.text(|| {
                format!(
                    "{}; 达到约定的 {} 倍 ({}元/亩) → 每亩 {}元 × {}亩 = {}元",
                    intensity(),
                    plain(tier.ratio.0),
                    grouped(need_per_mu),
                    grouped(tier.per_mu.0),
                    plain(area),
                    grouped(amount)
                )
            });
            return Ok(one_time(ctx, Outcome::applies(amount, amount, basis))
                .with_assumptions(assumptions));
        }
    }
    let lowest = tiers.last().map(|t| t.ratio.0).unwrap_or(Decimal::ONE);
    let short = sub(mul(mul(lowest, agreed)?, area)?, fixed)?;
    let mut gaps = Vec::new();
    for tier in tiers.iter().rev() {
        let need = mul(mul(tier.ratio.0, agreed)?, area)?;
        gaps.push((tier, sub(need, fixed)?));
    }
    let reason = ctx.text(|| {
        let steps: Vec<String> = gaps
            .iter()
            .map(|(t, gap)| {
                format!(
                    "再增加固定资产投资 {}元可达每亩{}",
                    grouped(*gap),
                    wan(t.per_mu.0)
                )
            })
            .collect();
        format!(
            "{}, 未达到约定强度 ({}); {}",
            intensity(),
            rule.label,
            steps.join("; ")
        )
    });
    Ok(Outcome::not_applicable(reason).with_shortfall(short))
}
