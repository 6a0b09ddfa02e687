//! Annual savings on prices: a price held at a cap and a percentage off a
//! yearly bill.

use super::num;
use crate::engine::common::field;
use crate::engine::{Ctx, KindError, KindResult, Outcome};
use crate::money::{grouped, mul, percent, plain, sub};
use crate::rules::params;
use rust_decimal::Decimal;

pub(super) fn price_cap(ctx: &Ctx, p: &params::PriceCap) -> KindResult {
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

pub(super) fn discount(ctx: &Ctx, p: &params::Discount) -> KindResult {
    let base = num(ctx, p.base.0);
    let amount = mul(base, p.rate.0)?;
    let basis = ctx.text(|| {
        format!(
            "每年 {} {}元 × {} = {}元",
            p.base.0.spec().label,
            grouped(base),
            percent(p.rate.0),
            grouped(amount)
        )
    });
    if amount.is_zero() {
        return Ok(Outcome::not_applicable(ctx.text(|| "费用为0".into())));
    }
    Ok(Outcome::applies(amount, amount, basis))
}
