//! A typed fact and the one function that reads a field's text into it, shared
//! by TOML strings, CSV cells and `--set` values.

use super::schema::{FieldSpec, Ty};
use crate::money::{self, MAX_MONEY};
use jiff::civil::Date;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    Num(Decimal),
    Date(Date),
    List(Vec<Decimal>),
}

impl Value {
    pub fn as_num(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Decimal]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The value as it would be written in a file, for reports and `--set`
    /// round trips.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Num(d) => money::plain(*d),
            Value::Date(d) => d.to_string(),
            Value::List(l) => l
                .iter()
                .map(|d| money::plain(*d))
                .collect::<Vec<_>>()
                .join(";"),
        }
    }
}

/// What a field's text must look like, for error messages.
pub fn expected(spec: &FieldSpec) -> String {
    match spec.ty {
        Ty::Text => "文本".into(),
        Ty::Bool => "true/false (或 是/否)".into(),
        Ty::Int => "整数".into(),
        Ty::Money => "金额: 元为单位的数字, 或带单位如 \"3000万\"、\"1.2亿\"".into(),
        Ty::Rate => "比率: 如 \"3.5%\" 或 0.035".into(),
        Ty::Quantity(units) => format!("数字 ({})", units.first().copied().unwrap_or("")),
        Ty::Date => "日期 YYYY-MM-DD".into(),
        Ty::MoneyList => "金额列表, 如 [\"1亿\", \"8000万\"] 或 1亿;8000万".into(),
        Ty::Choice(choices) => format!(
            "以下之一: {}",
            choices
                .iter()
                .map(|c| format!("{} ({})", c.label_zh, c.value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Longest text read as anything but free text (a list of 100 amounts fits).
const MAX_VALUE_BYTES: usize = 4096;

/// Reads a field from text: a CSV cell, a `--set` value or a TOML string.
pub fn parse_text(spec: &FieldSpec, text: &str) -> Result<Value, String> {
    parse_trimmed_text(spec, text.trim())
}

/// [`parse_text`] of text without surrounding whitespace.
pub fn parse_trimmed_text(spec: &FieldSpec, t: &str) -> Result<Value, String> {
    // No number, date, word or list of 100 amounts is this long; refusing it
    // here keeps a 10 MB cell from being echoed (and scanned) in messages.
    if spec.ty != Ty::Text && t.len() > MAX_VALUE_BYTES {
        return Err(format!("过长 ({} 字节), 应为{}", t.len(), expected(spec)));
    }
    let v = match spec.ty {
        Ty::Text => {
            if t.chars().any(char::is_control) {
                return Err("含有控制字符".into());
            }
            // No more characters than bytes: count only a long text.
            if t.len() > 200 && t.chars().count() > 200 {
                return Err("文本过长 (最多200字)".into());
            }
            Value::Text(t.to_string())
        }
        Ty::Bool => Value::Bool(parse_bool(t).ok_or_else(|| bad(spec, t))?),
        Ty::Int => Value::Num(parse_int(t).ok_or_else(|| bad(spec, t))?),
        Ty::Money => Value::Num(money::parse_trimmed_money(t).map_err(|e| with_expected(spec, e))?),
        Ty::Rate => Value::Num(money::parse_rate(t).map_err(|e| with_expected(spec, e))?),
        Ty::Quantity(units) => {
            Value::Num(money::parse_quantity(t, units).map_err(|_| bad(spec, t))?)
        }
        Ty::Date => Value::Date(parse_date(t)?),
        Ty::MoneyList => Value::List(parse_money_list(t)?),
        Ty::Choice(choices) => match choices.iter().find(|c| c.value == t || c.label_zh == t) {
            Some(c) => Value::Text(c.value.to_string()),
            None => return Err(bad(spec, t)),
        },
    };
    check_range(spec, v)
}

fn bad(spec: &FieldSpec, text: &str) -> String {
    format!("{text:?} 无法识别, 应为{}", expected(spec))
}

fn with_expected(spec: &FieldSpec, err: String) -> String {
    if err.contains("应为") {
        err
    } else {
        format!("{err}; 应为{}", expected(spec))
    }
}

fn parse_bool(t: &str) -> Option<bool> {
    match t {
        "true" | "是" | "TRUE" | "True" => Some(true),
        "false" | "否" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn parse_int(t: &str) -> Option<Decimal> {
    let d = money::parse_number(t).ok()?;
    if d.scale() == 0 {
        return Some(d);
    }
    (d.fract().is_zero()).then(|| d.trunc())
}

/// A calendar date `YYYY-MM-DD` that exists, between 1900 and 2200.
pub fn parse_date(t: &str) -> Result<Date, String> {
    let d: Date = match plain_date(t) {
        Some(d) => d,
        None => t
            .parse()
            .map_err(|e| format!("{t:?} 不是有效日期 (应为 YYYY-MM-DD): {e}"))?,
    };
    if !(1900..=2200).contains(&d.year()) {
        return Err(format!("{t:?} 年份应在 1900–2200 之间"));
    }
    Ok(d)
}

/// The usual `YYYY-MM-DD` of a day that exists, read without the general
/// parser; anything else (and every mistake) is left to it and its message.
fn plain_date(t: &str) -> Option<Date> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

fn parse_money_list(t: &str) -> Result<Vec<Decimal>, String> {
    let inner = t.strip_prefix('[').and_then(|s| s.strip_suffix(']'));
    let parts: Vec<&str> = match inner {
        Some(body) => body.split(',').collect(),
        None => t.split([';', '；', '、', '|']).collect(),
    };
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let p = part.trim().trim_matches('"');
        if p.is_empty() && parts.len() == 1 {
            break;
        }
        let d = money::parse_money(p).map_err(|e| format!("第{}个: {e}", i + 1))?;
        check_money(d).map_err(|e| format!("第{}个: {e}", i + 1))?;
        out.push(d);
    }
    if out.len() > 100 {
        return Err("列表过长 (最多100项)".into());
    }
    Ok(out)
}

fn check_money(d: Decimal) -> Result<(), String> {
    check_normalized_money(d, d.normalize())
}

/// [`check_money`] given `d.normalize()` too.
fn check_normalized_money(d: Decimal, normalized: Decimal) -> Result<(), String> {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("不能为负数: {}", money::plain(d)));
    }
    if money::greater(d, MAX_MONEY) {
        return Err(format!("金额超过上限 10^15 元: {}", money::plain(d)));
    }
    if normalized.scale() > 4 {
        return Err(format!("金额最多4位小数: {}", money::plain(d)));
    }
    Ok(())
}

/// Limits every number must respect: no negatives, money up to 10^15 元,
/// rates within 0–100%, the field's own maximum and positivity.
pub fn check_range(spec: &FieldSpec, v: Value) -> Result<Value, String> {
    let Value::Num(d) = v else {
        return Ok(v);
    };
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("不能为负数: {}", money::plain(d)));
    }
    // A whole number has no trailing decimal zeros to drop (zero itself is
    // normalized for its sign).
    let normalized = if d.scale() == 0 && !d.is_zero() {
        d
    } else {
        d.normalize()
    };
    match spec.ty {
        Ty::Money => check_normalized_money(d, normalized)?,
        Ty::Rate if d > Decimal::ONE => {
            return Err(format!("比率不能超过100%: {}", money::percent(d)));
        }
        _ => {}
    }
    // Few enough decimals that every product stays exact within 28 digits.
    let places = match spec.ty {
        Ty::Rate => 8,
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
        && d > max
    {
        return Err(format!(
            "超过上限 {}: {}",
            money::plain(max),
            money::plain(d)
        ));
    }
    Ok(Value::Num(normalized))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dates_read_as_the_general_parser_reads_them() {
        let general = |t: &str| t.parse::<Date>().ok();
        let mut cases: Vec<String> = [
            "2024-02-29",
            "2023-02-29",
            "2023-02-28",
            "2021-12-31",
            "2021-13-01",
            "2021-00-10",
            "2021-01-00",
            "2021-04-31",
            "0000-01-01",
            "9999-12-31",
            "1900-01-01",
            "2200-12-31",
            "2021-1-01",
            "2021/01/01",
            "20210101",
            "2021-01-01 ",
            "+2021-01-01",
            "2021-01-0a",
            "２０２１-01-01",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for y in [1899, 1900, 2000, 2100, 2200] {
            for m in 0..=13 {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    cases.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        // What the fast path reads, the general parser reads the same; what it
        // leaves, `parse_date` gives to the general parser.
        for t in &cases {
            if let Some(d) = plain_date(t) {
                assert_eq!(Some(d), general(t), "{t:?}");
            }
        }
        assert!(plain_date("2024-02-29").is_some());
        assert!(plain_date("2023-02-29").is_none());
        // Every accepted date still goes through the range check.
        assert!(parse_date("1899-12-31").is_err());
        assert_eq!(parse_date("2024-02-29").map(|d| d.day()), Ok(29));
        assert!(parse_date("2023-02-29").is_err());
    }
}
