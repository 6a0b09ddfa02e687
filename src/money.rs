//! Exact money, rates and quantities: parsing with Chinese units, checked
//! arithmetic, one rounding rule (四舍五入 to the fen) and display.

use rust_decimal::{Decimal, RoundingStrategy};
use std::borrow::Cow;
use std::fmt::Write;

/// The largest amount of money the calculator accepts, in 元 (10^15).
pub const MAX_MONEY: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Arithmetic overflowed: the inputs are too large to compute exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow;

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("数值过大, 无法精确计算 (arithmetic overflow)")
    }
}

impl std::error::Error for Overflow {}

pub type Checked = Result<Decimal, Overflow>;

#[inline]
pub fn add(a: Decimal, b: Decimal) -> Checked {
    a.checked_add(b).ok_or(Overflow)
}

/// An amount the policy gives as a span: its lower and upper bound (equal
/// when it names one figure), added and subtracted bound by bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub low: Decimal,
    pub high: Decimal,
}

impl Range {
    pub const fn new(low: Decimal, high: Decimal) -> Self {
        Range { low, high }
    }

    #[inline]
    pub fn checked_add(self, other: Range) -> Result<Range, Overflow> {
        Ok(Range::new(
            add(self.low, other.low)?,
            add(self.high, other.high)?,
        ))
    }

    /// For figures already summed once with checks (a schedule's years).
    pub fn saturating_add(self, other: Range) -> Range {
        Range::new(
            self.low.saturating_add(other.low),
            self.high.saturating_add(other.high),
        )
    }

    /// `self − other`, bound by bound: the change a revision makes.
    pub fn saturating_sub(self, other: Range) -> Range {
        Range::new(
            self.low.saturating_sub(other.low),
            self.high.saturating_sub(other.high),
        )
    }
}

#[inline]
pub fn sub(a: Decimal, b: Decimal) -> Checked {
    a.checked_sub(b).ok_or(Overflow)
}

/// A product of exact figures (inputs, rules, their differences). Decimal does
/// not fail when the product needs more than its 28-29 digits: it rounds the
/// last ones away (`(10005003.0005 − 3) × 999999999999.999999` came out one
/// fen high). Dropping digits below the fen is harmless unless the product
/// kept fewer than three decimals or landed exactly on a half fen, where
/// 四舍五入 could then go the wrong way: those are refused as overflow.
pub fn mul(a: Decimal, b: Decimal) -> Checked {
    let r = a.checked_mul(b).ok_or(Overflow)?;
    if r.scale() >= a.scale() + b.scale() || r.is_zero() {
        return Ok(r);
    }
    let fen = r.round_dp_with_strategy(2, RoundingStrategy::ToZero);
    let on_half_fen = r
        .checked_sub(fen)
        .is_some_and(|d| d.abs() == Decimal::new(5, 3));
    if r.scale() < 3 || on_half_fen {
        Err(Overflow)
    } else {
        Ok(r)
    }
}

/// `a > b`, compared as integers when both have the same scale (most
/// amounts are whole yuan), as `Decimal` does otherwise.
#[inline]
pub fn greater(a: Decimal, b: Decimal) -> bool {
    let (sa, sb) = (a.scale(), b.scale());
    let (ma, mb) = (a.mantissa(), b.mantissa());
    if sa == sb {
        return ma > mb;
    }
    // More decimals and digits no larger (a cell in fen against a limit in
    // whole yuan): for numbers not below zero, no larger.
    if sa > sb && ma >= 0 && ma <= mb {
        return false;
    }
    a > b
}

/// Division; a zero divisor is reported as overflow because callers only divide
/// by validated positive quantities.
pub fn div(a: Decimal, b: Decimal) -> Checked {
    a.checked_div(b).ok_or(Overflow)
}

pub fn sum<I: IntoIterator<Item = Decimal>>(values: I) -> Checked {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// The one rounding of the calculator: half away from zero, to 0.01 元.
#[inline]
pub fn round_yuan(d: Decimal) -> Decimal {
    // What the rounding returns for two decimals or fewer, without the call:
    // most figures of a row are whole yuan.
    if d.scale() <= 2 {
        return d;
    }
    // A positive amount within a machine word, to at most 18 decimals: the
    // same half-away-from-zero rounding on the integer of its digits (tested
    // against `round_dp_with_strategy`).
    if d.scale() <= 18
        && !d.is_sign_negative()
        && let Ok(m) = u64::try_from(d.mantissa())
    {
        let unit = 10u64.pow(d.scale() - 2);
        let (q, r) = (m / unit, m % unit);
        let fen = if r >= unit - r { q + 1 } else { q };
        if let Ok(fen) = i64::try_from(fen) {
            return Decimal::new(fen, 2);
        }
    }
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Money for machines: `"16000000.00"`.
pub fn fixed2(d: Decimal) -> String {
    let mut r = round_yuan(d);
    r.rescale(2);
    r.to_string()
}

/// Appends [`fixed2`]'s text of `d` (rounded to the fen, two decimals, a
/// leading `-` for negatives) to `out` without building a `String`: for the
/// CSV writer, which writes some 30 amounts a row. Amounts whose fen fit in
/// a machine word are written from the integer; others through `fixed2`.
#[inline]
pub fn write_fen(out: &mut Vec<u8>, d: Decimal) {
    // Most amounts of a row are items that do not apply: zero, at any scale
    // (a negative zero keeps its sign below, as `fixed2` does), written
    // without a call.
    if d.is_zero() && !d.is_sign_negative() {
        out.extend_from_slice(b"0.00");
        return;
    }
    write_nonzero_fen(out, d);
}

/// [`write_fen`] of an amount other than zero.
fn write_nonzero_fen(out: &mut Vec<u8>, d: Decimal) {
    let r = round_yuan(d);
    let fen = u64::try_from(r.mantissa().unsigned_abs())
        .ok()
        .and_then(|m| match r.scale() {
            0 => m.checked_mul(100),
            1 => m.checked_mul(10),
            2 => Some(m),
            _ => None,
        });
    let Some(fen) = fen else {
        out.extend_from_slice(fixed2(d).as_bytes());
        return;
    };
    if r.is_sign_negative() {
        out.push(b'-');
    }
    // The yuan through `itoa` (two digits a step), then the two fen digits.
    let (yuan, cents) = (fen / 100, fen % 100);
    out.extend_from_slice(itoa::Buffer::new().format(yuan).as_bytes());
    out.extend_from_slice(&[b'.', b'0' + (cents / 10) as u8, b'0' + (cents % 10) as u8]);
}

/// Whether an amount can be written with two decimals. Decimal keeps 96 bits
/// of digits, so from about 7.9 × 10^26 元 up the fen no longer fits.
pub fn fits_fen(d: Decimal) -> bool {
    // Called for every figure of every item: decide from the mantissa instead
    // of rounding and rescaling. Two or more decimals round to exactly two;
    // fewer fit when the mantissa times 10 or 100 stays within 96 bits.
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    match d.scale() {
        0 => d.mantissa().unsigned_abs() <= MAX_MANTISSA / 100,
        1 => d.mantissa().unsigned_abs() <= MAX_MANTISSA / 10,
        _ => true,
    }
}

/// Money for people: `"16,000,000.00"`.
pub fn grouped(d: Decimal) -> String {
    let s = fixed2(d);
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let _ = write!(out, ".{frac}");
    out
}

/// Money in 万元 with up to four decimals and no trailing zeros: `"1600万"`.
pub fn wan(d: Decimal) -> String {
    let w = (d / Decimal::from(10_000))
        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    format!("{}万", w.normalize())
}

/// A plain number with trailing zeros removed, for quantities in formulas.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A rate as a percentage: `0.035` → `"3.5%"`.
pub fn percent(r: Decimal) -> String {
    format!("{}%", (r * Decimal::ONE_HUNDRED).normalize())
}

/// Parses a plain decimal number the way people type it: optional thousands
/// separators (ASCII or full-width comma) in groups of three, no exponent,
/// no sign other than a leading minus.
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    parse_trimmed_number(text.trim())
}

/// [`parse_number`] of text without surrounding whitespace.
fn parse_trimmed_number(t: &str) -> Result<Decimal, String> {
    if let Some(d) = short_digits(t.as_bytes()) {
        return Ok(d);
    }
    match plain_digits(t) {
        Some(d) => Ok(d),
        None => general_number(t),
    }
}

/// [`parse_trimmed_number`] for any text.
fn general_number(t: &str) -> Result<Decimal, String> {
    if t.is_empty() {
        return Err("空值 (empty)".into());
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int = strip_separators(int).ok_or_else(|| format!("不是数字: {t:?}"))?;
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("不是数字: {t:?}"));
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("不是数字: {t:?}"));
    }
    if int.len() > 20 || frac.map_or(0, str::len) > 20 {
        return Err(format!("数字位数过多: {t:?}"));
    }
    // Without separators `body` already is the number's text: no copy.
    let parsed = match (&int, frac) {
        (Cow::Borrowed(_), _) => body.parse::<Decimal>(),
        (Cow::Owned(i), Some(f)) => format!("{i}.{f}").parse(),
        (Cow::Owned(i), None) => i.parse(),
    };
    let d = parsed.map_err(|_| format!("不是数字: {t:?}"))?;
    Ok(if neg { -d } else { d })
}

/// The most common case, read in a machine word: up to 19 ASCII digits with
/// at most one `.` between digits (so below 10^19, within a `u64`), the same
/// mantissa and scale as [`plain_digits`] gives. `None`: anything else.
fn short_digits(t: &[u8]) -> Option<Decimal> {
    if t.is_empty() || t.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut dot = None;
    for (i, &c) in t.iter().enumerate() {
        if c.is_ascii_digit() {
            mantissa = mantissa * 10 + u64::from(c - b'0');
        } else if c == b'.' && dot.is_none() && i > 0 && i + 1 < t.len() {
            dot = Some(i);
        } else {
            return None;
        }
    }
    let scale = dot.map_or(0, |i| t.len() - i - 1);
    // Below 2^64 and with a scale below 19: both casts are exact.
    Some(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        false,
        scale as u32,
    ))
}

/// The common case read directly: ASCII digits with at most one inner `.` and
/// ASCII commas between groups of three integer digits, no sign, at most 20
/// digits a side and 28 in all, so the mantissa and scale are exact and what
/// the general path (separators removed, then `Decimal`'s own parser) gives,
/// trailing zeros kept. `None`: any other text, left to the general path.
fn plain_digits(t: &str) -> Option<Decimal> {
    let mut mantissa: i128 = 0;
    let (mut int_digits, mut frac_digits) = (0usize, 0usize);
    let mut dot = false;
    // Digits since the last comma, and whether there was one.
    let (mut group, mut commas) = (0usize, false);
    for &c in t.as_bytes() {
        match c {
            b'0'..=b'9' => {
                if int_digits + frac_digits == 28 {
                    return None;
                }
                mantissa = mantissa * 10 + i128::from(c - b'0');
                if dot {
                    frac_digits += 1;
                } else {
                    int_digits += 1;
                    group += 1;
                }
            }
            b',' if !dot
                && (if commas {
                    group == 3
                } else {
                    (1..=3).contains(&group)
                }) =>
            {
                commas = true;
                group = 0;
            }
            b'.' if !dot && int_digits > 0 && (!commas || group == 3) => dot = true,
            _ => return None,
        }
    }
    // The general path refuses a lone `.` end and more than 20 digits a side.
    if int_digits == 0 || dot && frac_digits == 0 || !dot && commas && group != 3 {
        return None;
    }
    if int_digits > 20 || frac_digits > 20 {
        return None;
    }
    let scale = u32::try_from(frac_digits).ok()?;
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// Removes thousands separators when they are well placed (groups of three).
fn strip_separators(int: &str) -> Option<Cow<'_, str>> {
    if !int.contains([',', '，']) {
        return Some(Cow::Borrowed(int));
    }
    let normalized = int.replace('，', ",");
    let groups: Vec<&str> = normalized.split(',').collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| Cow::Owned(groups.concat()))
}

/// Splits a money string's unit off: `万元` and `亿元` before `元`, `万`, `亿`
/// (the factor in 元; 1 without a unit).
fn money_unit(t: &str) -> (&str, i64) {
    let body = t.strip_suffix('元').unwrap_or(t);
    if let Some(n) = body.strip_suffix('万') {
        (n, 10_000)
    } else if let Some(n) = body.strip_suffix('亿') {
        (n, 100_000_000)
    } else {
        (body, 1)
    }
}

/// Parses money: `"3000万"`, `"1.2亿"`, `"2.5万元"`, `"800元"`, `"4,500,000"`.
pub fn parse_money(text: &str) -> Result<Decimal, String> {
    parse_trimmed_money(text.trim())
}

/// [`parse_money`] of text without surrounding whitespace.
pub fn parse_trimmed_money(t: &str) -> Result<Decimal, String> {
    // Every unit ends in a non-ASCII byte: a number ending in a digit has none.
    let (number, factor) = if t.as_bytes().last().is_some_and(u8::is_ascii) {
        (t, 1)
    } else {
        money_unit(t)
    };
    // Without a unit `t` already is the number, trimmed.
    let parsed = if number.len() == t.len() {
        parse_trimmed_number(number)
    } else {
        parse_number(number)
    };
    let n = parsed.map_err(|_| {
        format!("不是金额: {t:?} (应为数字元, 或带单位如 \"3000万\"、\"1.2亿\"、\"2.5万元\")")
    })?;
    if factor == 1 {
        // What the multiplication by one would give, without it.
        return Ok(n);
    }
    mul(n, Decimal::from(factor)).map_err(|_| format!("金额过大: {t:?}"))
}

/// Parses a rate: `"3.5%"` or a fraction `"0.035"`.
pub fn parse_rate(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let expected = || format!("不是比率: {t:?} (应为如 \"3.5%\" 或 0.035)");
    match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
        Some(p) => {
            let n = parse_number(p).map_err(|_| expected())?;
            div(n, Decimal::ONE_HUNDRED).map_err(|_| expected())
        }
        None => parse_number(t).map_err(|_| expected()),
    }
}

/// Parses a quantity with an optional unit suffix among `units`.
pub fn parse_quantity(text: &str, units: &[&str]) -> Result<Decimal, String> {
    let t = text.trim();
    let number = units.iter().find_map(|u| t.strip_suffix(u)).unwrap_or(t);
    parse_number(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    /// Decimals of every sign, scale and size near the machine-word limits.
    fn samples() -> Vec<Decimal> {
        let mut out = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mantissas = [
            0i64,
            1,
            4,
            5,
            6,
            49,
            50,
            51,
            995,
            1_005,
            i64::MAX,
            i64::MAX - 1,
        ];
        for scale in 0..=20 {
            for m in mantissas {
                for sign in [false, true] {
                    let mut d = Decimal::new(m, scale);
                    d.set_sign_negative(sign);
                    out.push(d);
                }
            }
            for _ in 0..40 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let m = (x >> (x % 60)) as i64;
                out.push(Decimal::new(m, scale));
                out.push(Decimal::new(-m, scale));
            }
        }
        out.push(Decimal::MAX);
        out.push(Decimal::from_i128_with_scale(u64::MAX as i128 + 7, 4));
        out
    }

    /// `write_fen` writes what `fixed2` returns, for every sample.
    #[test]
    fn write_fen_is_fixed2() {
        let mut all = samples();
        all.extend([
            dec!(0),
            dec!(0.000),
            dec!(-0),
            dec!(-0.00),
            dec!(-0.004),
            dec!(0.005),
            dec!(-0.005),
            dec!(7),
            dec!(12.3),
        ]);
        for d in all {
            let mut out = Vec::new();
            write_fen(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), fixed2(d), "{d}");
        }
    }

    /// `greater` agrees with `Decimal`'s `>` on every pair of samples
    /// (scales alike and unlike, signs, zeros, the 96-bit limits).
    #[test]
    fn greater_is_decimals_order() {
        let mut all = samples();
        all.extend([
            dec!(-0),
            dec!(0.00),
            dec!(1e15),
            dec!(1000000000000000.00),
            dec!(999999999999999.99),
            dec!(1000000000000000.01),
        ]);
        for &a in &all {
            for &b in &all {
                assert_eq!(greater(a, b), a > b, "{a} > {b}");
            }
        }
    }

    /// The shortcut of `round_yuan` gives what rust_decimal gives, to the
    /// bit (digits, scale and the sign of a zero).
    #[test]
    fn integer_rounding_is_rust_decimals() {
        let all = samples();
        for &d in &all {
            let ours = round_yuan(d);
            let theirs = if d.scale() <= 2 {
                d
            } else {
                d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            };
            assert_eq!(ours.serialize(), theirs.serialize(), "round {d}");
        }
    }

    #[test]
    fn ranges_add_and_subtract_bound_by_bound() {
        let a = Range::new(dec!(100.00), dec!(150.00));
        let b = Range::new(dec!(20.50), dec!(20.50));
        assert_eq!(a.checked_add(b), Ok(Range::new(dec!(120.50), dec!(170.50))));
        assert_eq!(a.saturating_sub(b), Range::new(dec!(79.50), dec!(129.50)));
        let big = Range::new(Decimal::MAX, Decimal::MAX);
        assert_eq!(big.checked_add(a), Err(Overflow));
    }

    #[test]
    fn max_money_is_ten_to_the_fifteen() {
        assert_eq!(MAX_MONEY, dec!(1_000_000_000_000_000));
    }

    #[test]
    fn units_and_separators() {
        assert_eq!(parse_money("3000万"), Ok(dec!(30_000_000)));
        assert_eq!(parse_money("1.2亿"), Ok(dec!(120_000_000)));
        assert_eq!(parse_money("2.5万元"), Ok(dec!(25_000)));
        assert_eq!(parse_money("800元"), Ok(dec!(800)));
        assert_eq!(parse_money("1.5亿元"), Ok(dec!(150_000_000)));
        assert_eq!(parse_money("5 万"), Ok(dec!(50_000)));
        assert!(parse_money("万元").is_err());
        assert!(parse_money("2万亿元").is_err());
        assert!(parse_money("3元万").is_err());
        assert_eq!(parse_money("4,500,000"), Ok(dec!(4_500_000)));
        assert_eq!(parse_money(" 12 "), Ok(dec!(12)));
        assert!(parse_money("4,50,000").is_err());
        assert!(parse_money("1e3").is_err());
        assert!(parse_money("+5").is_err());
        assert!(parse_money("万").is_err());
        assert!(parse_money("abc").is_err());
        assert!(parse_money("1..2").is_err());
    }

    #[test]
    fn fits_fen_is_round_then_rescale() {
        let slow = |d: Decimal| {
            let mut r = round_yuan(d);
            r.rescale(2);
            r.scale() == 2
        };
        let max = Decimal::MAX;
        let edge = |m: i128, s: u32| Decimal::try_from_i128_with_scale(m, s).unwrap();
        let limit0 = (((1u128 << 96) - 1) / 100) as i128;
        let limit1 = (((1u128 << 96) - 1) / 10) as i128;
        for d in [
            Decimal::ZERO,
            dec!(0.005),
            dec!(-12.345),
            dec!(16000000),
            max,
            -max,
            edge(limit0, 0),
            edge(limit0 + 1, 0),
            -edge(limit0 + 1, 0),
            edge(limit1, 1),
            edge(limit1 + 1, 1),
            edge(limit1 + 1, 2),
            edge(limit1 + 1, 3),
            edge(i128::from(u64::MAX), 28),
        ] {
            assert_eq!(fits_fen(d), slow(d), "{d}");
        }
    }

    #[test]
    fn plain_digits_read_as_decimal_parses() {
        let general = |t: &str| {
            let (int, frac) = t.split_once('.').map_or((t, None), |(i, f)| (i, Some(f)));
            let groups: Vec<&str> = int.split(',').collect();
            let grouped = groups.len() == 1
                || (!groups[0].is_empty()
                    && groups[0].len() <= 3
                    && groups[1..].iter().all(|g| g.len() == 3));
            let int = groups.concat();
            let ok = grouped
                && !int.is_empty()
                && int.len() <= 20
                && frac.is_none_or(|f| !f.is_empty() && f.len() <= 20 && !f.contains(','))
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
                && t.matches('.').count() <= 1;
            let text = format!("{int}{}", frac.map(|f| format!(".{f}")).unwrap_or_default());
            if ok {
                text.parse::<Decimal>().ok()
            } else {
                None
            }
        };
        let mut cases: Vec<String> = [
            "0",
            "00",
            "0.0",
            "0.000",
            "007",
            "1.50",
            "12345678901234.89",
            ".5",
            "5.",
            "1.2.3",
            "",
            "-1",
            "1,000",
            "1e3",
            "99999999999999999999",
            "999999999999999999999",
            "1.00000000000000000000",
            "1.000000000000000000000",
            "12345678901234567890.12345678",
            "12345678901234567890.123456789",
            "0.0000000000000000000000001",
            "1,000",
            "12,345,678.5",
            ",100",
            "1,00",
            "1234,567",
            "1,234,567,",
            "1,234.5,6",
            "1.234,567",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 31) as usize;
            let s: String = (0..len)
                .map(|i| match (x >> (i % 60)) % 14 {
                    0 => '.',
                    13 => ',',
                    d => char::from(b'0' + (d % 10) as u8),
                })
                .collect();
            cases.push(s);
        }
        for t in &cases {
            if let Some(d) = plain_digits(t) {
                let g = general(t).unwrap_or_else(|| panic!("{t:?}"));
                assert_eq!((d, d.scale()), (g, g.scale()), "{t:?}");
            }
        }
        // The machine-word path reads what it takes exactly as the other does.
        for t in &cases {
            if let Some(d) = short_digits(t.as_bytes()) {
                let p = plain_digits(t).unwrap_or_else(|| panic!("{t:?}"));
                assert_eq!((d, d.scale()), (p, p.scale()), "{t:?}");
            }
        }
        assert_eq!(
            short_digits(b"9999999999999999999"),
            plain_digits("9999999999999999999")
        );
        assert_eq!(short_digits(b"99999999999999999999"), None);
        assert_eq!(plain_digits("1.50").map(|d| d.scale()), Some(2));
        assert_eq!(plain_digits("12,345,678.5"), Some(dec!(12345678.5)));
        for t in &cases {
            if let Some(d) = plain_digits(t) {
                let g = general_number(t).unwrap_or_else(|e| panic!("{t:?}: {e}"));
                assert_eq!((d, d.scale()), (g, g.scale()), "{t:?}");
            }
        }
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("3.5%"), Ok(dec!(0.035)));
        assert_eq!(parse_rate("0.035"), Ok(dec!(0.035)));
        assert_eq!(parse_rate("12.25%"), Ok(dec!(0.1225)));
        assert!(parse_rate("x%").is_err());
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_yuan(dec!(2.345)), dec!(2.35));
        assert_eq!(round_yuan(dec!(2.355)), dec!(2.36));
        assert_eq!(round_yuan(dec!(499999.995)), dec!(500000.00));
        assert_eq!(fixed2(dec!(16000000)), "16000000.00");
        assert_eq!(grouped(dec!(16000000)), "16,000,000.00");
        assert_eq!(grouped(dec!(950)), "950.00");
        assert_eq!(wan(dec!(16000000)), "1600万");
        assert_eq!(percent(dec!(0.035)), "3.5%");
    }
}
