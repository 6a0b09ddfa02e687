//! The limits every number of a project must respect, checked once a cell
//! has been read ([`super::value`]): no negatives, money up to 10^15 元 and
//! to the fen, rates within 0–100%, few enough decimals that every product
//! stays exact, a field's own maximum and positivity.

use super::schema::{FieldSpec, FieldType};
use super::value::Value;
use crate::money::{self, MAX_MONEY};
use rust_decimal::Decimal;

/// One amount of a money list, within money's limits; `i` is its 0-based
/// place for the message.
pub fn check_list_money(d: Decimal, i: usize) -> Result<Decimal, String> {
    let normalized = d.normalize();
    check_normalized_money(d, normalized, 2).map_err(|e| format!("第{}个: {e}", i + 1))?;
    Ok(normalized)
}

/// Money's limits: not negative, at most 10^15 元, at most `places`
/// decimals (2 for an amount, the fen; 4 for a unit price); `normalized` is
/// `d.normalize()`.
pub(super) fn check_normalized_money(
    d: Decimal,
    normalized: Decimal,
    places: u32,
) -> Result<(), String> {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("不能为负数: {}", money::plain(d)));
    }
    if money::greater(d, MAX_MONEY) {
        return Err(format!("金额超过上限 10^15 元: {}", money::plain(d)));
    }
    if normalized.scale() > places {
        let what = if places == 2 {
            "金额最多2位小数 (到分)"
        } else {
            "单价最多4位小数"
        };
        return Err(format!("{what}: {}", money::plain(d)));
    }
    Ok(())
}

/// Whether `normalize` would return `d` as it is: a whole number other than
/// zero (zero is normalized for its sign), or a last decimal that is not 0
/// (told from a mantissa in a machine word: most cells). Saves the call.
fn already_normal(d: Decimal) -> bool {
    if d.is_zero() {
        return false;
    }
    d.scale() == 0 || u64::try_from(d.mantissa().unsigned_abs()).is_ok_and(|m| m % 10 != 0)
}

/// Limits every number must respect: no negatives, money up to 10^15 元,
/// rates within 0–100%, the field's own maximum and positivity.
pub fn check_range(spec: &FieldSpec, v: Value) -> Result<Value, String> {
    match v {
        Value::Num(d) => check_number(spec, d).map(Value::Num),
        other => Ok(other),
    }
}

/// [`check_range`] of a number, normalized (a number cell's path: the
/// decimal alone moves, not a whole value).
#[inline]
pub fn check_number(spec: &FieldSpec, d: Decimal) -> Result<Decimal, String> {
    // Most cells of a batch: an amount above zero, already normal, to the
    // fen, within money's and the field's limits; it passes as it is,
    // without the call (what the checks below would conclude).
    if spec.ty == FieldType::Money
        && !d.is_sign_negative()
        && d.scale() <= 2
        && already_normal(d)
        && !money::greater(d, MAX_MONEY)
        && spec.max.is_none_or(|max| !money::greater(d, max))
    {
        return Ok(d);
    }
    check_number_in_full(spec, d)
}

/// [`check_number`], every check.
fn check_number_in_full(spec: &FieldSpec, d: Decimal) -> Result<Decimal, String> {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("不能为负数: {}", money::plain(d)));
    }
    // A whole number has no trailing decimal zeros to drop (zero itself is
    // normalized for its sign).
    let normalized = if already_normal(d) { d } else { d.normalize() };
    match spec.ty {
        FieldType::Money => {
            check_normalized_money(d, normalized, if spec.unit_price { 4 } else { 2 })?
        }
        FieldType::Rate if d > Decimal::ONE => {
            return Err(format!("比率不能超过100%: {}", money::percent(d)));
        }
        _ => {}
    }
    // Few enough decimals that every product stays exact within 28 digits.
    let places = match spec.ty {
        FieldType::Rate => 8,
        _ => 6,
    };
    if normalized.scale() > places {
        return Err(format!(
            "小数位数过多 (最多{places}位): {}",
            money::plain(d)
        ));
    }
    if spec.positive && d.is_zero() {
        return Err("应大于0".into());
    }
    if let Some(max) = spec.max
        && money::greater(d, max)
    {
        return Err(format!(
            "超过上限 {}: {}",
            money::plain(max),
            money::plain(d)
        ));
    }
    Ok(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check_number`'s shortcut concludes what every check concludes, for
    /// every field and a spread of numbers (signs, zeros, scales, limits).
    #[test]
    fn the_number_shortcut_is_the_full_check() {
        let numbers = [
            "0",
            "-0",
            "0.00",
            "1",
            "7",
            "10",
            "1.5",
            "1.50",
            "12.34",
            "12.345",
            "-3",
            "999999999999999.99",
            "1000000000000000",
            "1000000000000000.01",
            "98765432",
            "98765432.10",
            "0.0001",
            "100",
            "101",
            "1e2",
        ];
        for spec in super::super::schema::FIELDS.iter() {
            for n in numbers {
                let Ok(d) = n
                    .parse::<Decimal>()
                    .or_else(|_| Decimal::from_scientific(n))
                else {
                    continue;
                };
                assert_eq!(
                    check_number(spec, d).map(|r| r.serialize()),
                    check_number_in_full(spec, d).map(|r| r.serialize()),
                    "{} {n}",
                    spec.path
                );
            }
        }
    }

    /// The shortcut agrees with `normalize`, in value and in scale.
    #[test]
    fn already_normal_is_what_normalize_leaves_alone() {
        for t in [
            "0",
            "-0",
            "0.00",
            "1",
            "10",
            "1.5",
            "1.50",
            "-2.25",
            "0.001",
            "120.0",
            "7.0000001",
            "79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "792281625142643375935439503.30",
        ] {
            let d: Decimal = t.parse().unwrap();
            let n = d.normalize();
            if already_normal(d) {
                assert!(
                    d == n
                        && d.scale() == n.scale()
                        && d.is_sign_negative() == n.is_sign_negative(),
                    "{t}"
                );
            }
        }
        assert!(already_normal(Decimal::new(15, 1)) && !already_normal(Decimal::new(150, 2)));
    }
}
