//! 限价降本: a price held at a cap; the yearly saving is (market − cap) ×
//! quantity.

use super::{Calculation, num};
use crate::engine::common::field;
use crate::engine::next_tier::{Bound, Evaluator};
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{grouped, mul, plain, sub};
use crate::rules::Rule;
use crate::rules::kinds::price_cap::PriceCap;
use rust_decimal::Decimal;

impl Calculation for PriceCap {
    fn compute(&self, ctx: &Ctx, _rule: &Rule) -> KindResult {
        price_cap(ctx, self)
    }

    /// The saving grows with the quantity and price: no tier.
    fn bounds(&self, _ev: &mut Evaluator, _rule: &Rule) -> Vec<Bound> {
        Vec::new()
    }
}

fn price_cap(ctx: &Ctx, p: &PriceCap) -> KindResult {
    let q = num(ctx, p.quantity.0);
    let price = num(ctx, p.price.0);
    let mut assumptions = Vec::new();
    let (cap_lo, cap_hi) = match &p.lower_cap_when {
        None => (p.cap.0, p.cap.0),
        Some(l) => match ctx.project.flag(l.field.0) {
            Some(true) => (l.cap.0, l.cap.0),
            Some(false) => (p.cap.0, p.cap.0),
            None => {
                if ctx.texts {
                    assumptions.push(format!(
                        "未填写 {}: 下限按限价 {}{}, 上限按 {}{}",
                        field(l.field.0),
                        plain(p.cap.0),
                        p.unit,
                        plain(l.cap.0),
                        p.unit
                    ));
                }
                (p.cap.0, l.cap.0)
            }
        },
    };
    let saving = |cap: Decimal| -> Result<Decimal, KindError> {
        Ok(mul(sub(price, cap)?.max(Decimal::ZERO), q)?)
    };
    let (lo, hi) = (saving(cap_lo)?, saving(cap_hi)?);
    if hi.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| {
            format!(
                "市场价格 {}{} 不高于限价 {}{}, 无差额",
                plain(price),
                p.unit,
                plain(cap_hi),
                p.unit
            )
        }))
        .with_assumptions(assumptions));
    }
    let basis = ctx.text(|| {
        let one = |cap: Decimal, v: Decimal| {
            format!(
                "({} − {}) {} × {} = {}元",
                plain(price),
                plain(cap),
                p.unit,
                plain(q),
                grouped(v)
            )
        };
        if cap_lo == cap_hi {
            format!("每年 {}", one(cap_lo, lo))
        } else {
            format!("每年 {} 至 {}", one(cap_lo, lo), one(cap_hi, hi))
        }
    });
    Ok(Outcome::applies(lo, hi, basis).with_assumptions(assumptions))
}
