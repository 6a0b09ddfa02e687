//! A typed fact and the one cell parser that decides what a cell means, for
//! TOML strings, CSV cells, workbook cells ([`from_cell`]) and `--set` values
//! alike (dates in [`super::dates`]). The accepted forms are listed in the
//! README ("The project file").

use super::dates::check_year;
pub use super::dates::parse_date;
use super::limits::check_normalized_money;
pub use super::limits::{check_list_money, check_number, check_range};
use super::schema::{Choice, FieldSpec, FieldType};
use super::units::{self, Unit};
use crate::money;
use jiff::civil::Date;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    Num(Decimal),
    Date(Date),
    List(Vec<Decimal>),
    /// An amount written in US dollars; `yuan` is its value in 元 once
    /// converted at `headquarters.usd_cny_rate` (`Project::resolve_dollars`).
    Dollars {
        usd: Decimal,
        yuan: Option<Decimal>,
    },
}

impl Value {
    pub fn as_num(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(*d),
            Value::Dollars { yuan, .. } => *yuan,
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
            Value::Dollars { usd, .. } => format!("{}美元", money::plain(*usd)),
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
        FieldType::Text => "文本".into(),
        FieldType::Bool => "是/否 (或 true/false、Y/N、1/0)".into(),
        FieldType::Int => "整数".into(),
        FieldType::Money if spec.unit_price => {
            "单价: 元为单位的数字, 最多4位小数, 如 \"0.45\"".into()
        }
        FieldType::Money => {
            "金额: 元为单位的数字 (最多2位小数), 或带单位如 \"3000万\"、\"1.2亿元\"、\"¥1,200\""
                .into()
        }
        FieldType::Rate => "比率: 如 \"3.85%\" 或 0.0385".into(),
        FieldType::Quantity(units) => format!("数字 ({})", units.first().copied().unwrap_or("")),
        FieldType::Date => "日期, 如 2023-05-01、2023/5/1、2023.5.1 或 2023年5月1日".into(),
        FieldType::MoneyList => "金额列表, 以 ; 分隔, 如 1亿;8000万".into(),
        FieldType::Choice(choices) => format!(
            "以下之一: {}",
            choices
                .iter()
                .map(choice_text)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Longest text read as anything but free text (a list of 100 amounts fits).
const MAX_VALUE_BYTES: usize = 4096;

/// A cell as a workbook reader has typed it. The reader turns a number
/// cell's float into a `Decimal` (its shortest exact decimal text) itself;
/// from here on everything is exact, and [`from_cell`] decides what the cell
/// means for the field, as [`parse_cell`] does for text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue<'a> {
    Empty,
    /// A text cell (or a cell of any type written as text): read like CSV.
    Text(&'a str),
    /// A number cell, as an exact decimal.
    Number(Decimal),
    /// A date (or date-time at midnight) cell.
    Date(Date),
    Bool(bool),
    /// A percent-formatted number cell, by its stored fraction: a cell shown
    /// `3.85%` holds 0.0385.
    Percent(Decimal),
}

/// Reads a typed workbook cell into a field: `None` for an empty cell.
/// Text cells go through [`parse_cell`]; a number cell may fill a money,
/// number, rate (as a fraction), yes/no (1/0), text or choice field; a date
/// cell only a date or text field; a percent cell only a rate.
pub fn from_cell(spec: &FieldSpec, cell: CellValue<'_>) -> Result<Option<Value>, String> {
    from_cell_in(spec, cell, None)
}

/// [`from_cell`] under a column whose header carries a unit: a number cell
/// is in that unit; a text cell's own unit wins.
pub fn from_cell_in(
    spec: &FieldSpec,
    cell: CellValue<'_>,
    column: Option<&'static Unit>,
) -> Result<Option<Value>, String> {
    let wrong = |found: &str| format!("应为{}, 实为{found}", expected(spec));
    let v = match cell {
        CellValue::Empty => return Ok(None),
        CellValue::Text(t) => return parse_cell_in(spec, t, column),
        CellValue::Number(d) if column.is_some_and(|u| !u.is_base()) && units::is_numeric(spec) => {
            let text = money::plain(d);
            return parse_trimmed_in(spec, &text, column).map(Some);
        }
        CellValue::Number(d) => match spec.ty {
            FieldType::Money | FieldType::Rate | FieldType::Quantity(_) => Value::Num(d),
            FieldType::Int if d.fract().is_zero() => Value::Num(d.trunc()),
            FieldType::Int => return Err(format!("应为整数, 实为 {}", money::plain(d))),
            FieldType::MoneyList => Value::List(vec![check_list_money(d, 0)?]),
            FieldType::Bool if d.is_zero() => Value::Bool(false),
            FieldType::Bool if d == Decimal::ONE => Value::Bool(true),
            FieldType::Text | FieldType::Choice(_) | FieldType::Bool => {
                return parse_trimmed_text(spec, &money::plain(d)).map(Some);
            }
            FieldType::Date => {
                return Err(format!(
                    "应为日期, 实为数字 {} (请把该列设为日期格式, 或填写如 2023-05-01)",
                    money::plain(d)
                ));
            }
        },
        CellValue::Date(d) => match spec.ty {
            FieldType::Date => Value::Date(check_year(d, &d.to_string())?),
            FieldType::Text => Value::Text(d.to_string()),
            _ => return Err(wrong(&format!("日期 {d}"))),
        },
        CellValue::Bool(b) => match spec.ty {
            FieldType::Bool => Value::Bool(b),
            _ => return Err(wrong(if b { "TRUE" } else { "FALSE" })),
        },
        CellValue::Percent(d) => match spec.ty {
            FieldType::Rate => Value::Num(d),
            _ => return Err(wrong(&format!("百分比 {}", money::percent(d)))),
        },
    };
    check_range(spec, v).map(Some)
}

/// Whether a cell, trimmed, means "nothing here": empty, or only a dash, a
/// slash or 无, as spreadsheets are filled in.
#[inline(always)]
pub fn is_blank(t: &str) -> bool {
    // Every placeholder is at most 6 bytes and starts with `-`, `/` or the
    // lead byte of —, –, －, ／ or 无: one comparison settles most cells.
    match t.as_bytes().first() {
        None => true,
        Some(b'-' | b'/' | 0xE2 | 0xE6 | 0xEF) if t.len() <= 6 => {
            matches!(t, "-" | "--" | "—" | "——" | "–" | "－" | "/" | "／" | "无")
        }
        Some(_) => false,
    }
}

/// Reads a field from text (a CSV cell, a `--set` value, a TOML string):
/// `None` when it is blank ([`is_blank`]).
pub fn parse_cell(spec: &FieldSpec, text: &str) -> Result<Option<Value>, String> {
    parse_cell_in(spec, text, None)
}

/// [`parse_cell`] under a column whose header carries a unit.
pub fn parse_cell_in(
    spec: &FieldSpec,
    text: &str,
    column: Option<&'static Unit>,
) -> Result<Option<Value>, String> {
    let t = text.trim();
    if is_blank(t) {
        return Ok(None);
    }
    parse_trimmed_in(spec, t, column).map(Some)
}

/// Reads a field from text that must hold a value.
pub fn parse_text(spec: &FieldSpec, text: &str) -> Result<Value, String> {
    parse_trimmed_text(spec, text.trim())
}

/// [`parse_text`] of text without surrounding whitespace (and not blank:
/// a placeholder here is a mistake like any other word).
pub fn parse_trimmed_text(spec: &FieldSpec, t: &str) -> Result<Value, String> {
    parse_trimmed_in(spec, t, None)
}

/// [`parse_trimmed_text`] under a column whose header carries a unit: a
/// bare number is in that unit, a number with its own unit in its own.
pub fn parse_trimmed_in(
    spec: &FieldSpec,
    t: &str,
    column: Option<&'static Unit>,
) -> Result<Value, String> {
    if spec.ty.holds_words()
        && let Some(text) = parse_trimmed_words(spec, t)
    {
        return text.map(|w| Value::Text(w.to_string()));
    }
    check_size(spec, t)?;
    let v = match spec.ty {
        FieldType::Bool => Value::Bool(parse_bool(t).ok_or_else(|| bad(spec, t))?),
        FieldType::Int if column.is_none() && t.bytes().all(|b| b.is_ascii_digit()) => {
            let d = parse_int(t).ok_or_else(|| bad(spec, t))?;
            return check_number(spec, d).map(Value::Num);
        }
        FieldType::Money
            if column.is_none()
                && t.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && let Ok(d) = money::parse_trimmed_money(t)
                && d.scale() <= 2 =>
        {
            return check_number(spec, d).map(Value::Num);
        }
        FieldType::Money | FieldType::Int | FieldType::Rate | FieldType::Quantity(_) => {
            with_unit(spec, t, column)?
        }
        FieldType::Date => Value::Date(parse_date(t)?),
        FieldType::MoneyList => Value::List(parse_money_list(spec, t, column)?),
        // Read by `parse_trimmed_words`.
        FieldType::Text | FieldType::Choice(_) => return Err(bad(spec, t)),
    };
    check_range(spec, v)
}

/// The words a text or choice field holds (a choice's value, however it
/// was written); `None` for fields of other types. Borrowed, so that a batch
/// copies them into strings it keeps from row to row
/// ([`Project::set_text`](super::Project::set_text)).
pub fn parse_trimmed_words<'t>(spec: &FieldSpec, t: &'t str) -> Option<Result<&'t str, String>> {
    let words = match spec.ty {
        FieldType::Text => check_size(spec, t).and_then(|()| check_text(t)).map(|()| t),
        FieldType::Choice(choices) => check_size(spec, t).and_then(|()| {
            choices
                .iter()
                .find(|c| c.value == t)
                .or_else(|| choices.iter().find(|c| choice_matches(c, t)))
                .map(|c| c.value)
                .ok_or_else(|| bad(spec, t))
        }),
        _ => return None,
    };
    Some(words)
}

/// The first checks of every cell: not empty, and no longer than any value
/// but free text can be (a 10 MB cell is refused here, before it is echoed
/// or scanned in messages; free text has its own limit, [`check_text`]).
#[inline]
fn check_size(spec: &FieldSpec, t: &str) -> Result<(), String> {
    // No number, date, word or list of 100 amounts is this long.
    if t.is_empty() || (spec.ty != FieldType::Text && t.len() > MAX_VALUE_BYTES) {
        return Err(size_error(spec, t));
    }
    Ok(())
}

/// [`check_size`]'s message, out of the way of every cell's checks.
#[cold]
fn size_error(spec: &FieldSpec, t: &str) -> String {
    if t.is_empty() {
        format!("空值, 应为{}", expected(spec))
    } else {
        format!("过长 ({} 字节), 应为{}", t.len(), expected(spec))
    }
}

/// What a text must be: no control characters, nothing a decoder could not
/// read, at most 200 characters.
fn check_text(t: &str) -> Result<(), String> {
    // One pass for both checks (a control character is named first
    // wherever it stands). U+FFFD is what a decoder leaves of bytes
    // it could not read (a GBK file with broken bytes): the fact is
    // garbled, not a name.
    let mut garbled = false;
    for c in t.chars() {
        if c.is_control() {
            return Err("含有控制字符".into());
        }
        garbled |= c == '\u{FFFD}';
    }
    if garbled {
        return Err("含有无法识别的字符 (不是有效的 UTF-8 或 GB18030 文本, 请检查文件编码)".into());
    }
    // No more characters than bytes: count only a long text.
    if t.len() > 200 && t.chars().count() > 200 {
        return Err("文本过长 (最多200字)".into());
    }
    Ok(())
}

/// A choice for people: `出让 (transfer)`, or the label alone when it
/// already shows the value (`新型产业用地(M0)`).
pub fn choice_text(c: &Choice) -> String {
    if c.label_zh.contains(c.value) {
        c.label_zh.to_string()
    } else {
        format!("{} ({})", c.label_zh, c.value)
    }
}

/// A choice is typed as its value (in any ASCII case), its Chinese label,
/// or that label without the code in brackets (`新型产业用地` for M0).
fn choice_matches(c: &Choice, t: &str) -> bool {
    c.value.eq_ignore_ascii_case(t)
        || c.label_zh == t
        || c.label_zh
            .split_once('(')
            .is_some_and(|(bare, _)| bare == t)
}

fn bad(spec: &FieldSpec, text: &str) -> String {
    format!("{} 无法识别, 应为{}", quote(text), expected(spec))
}

/// A value quoted for a message, cut short if long.
pub(super) fn quote(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
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
        "是" | "true" | "TRUE" | "True" | "Y" | "y" | "yes" | "Yes" | "YES" | "1" => Some(true),
        "否" | "false" | "FALSE" | "False" | "N" | "n" | "no" | "No" | "NO" | "0" => Some(false),
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

/// A number written with a unit, or under a column's unit: the cell's own
/// unit wins; a unit the field does not take is refused (reading 11). Money
/// may carry `¥`/`￥` before it, and dollars `USD` before or `美元` after.
/// Scaling is exact; money keeps its limits after it (at most two decimals
/// of 元, so `1.2345678万` is refused).
#[cold]
fn with_unit(spec: &FieldSpec, t: &str, column: Option<&'static Unit>) -> Result<Value, String> {
    let mut body = t;
    let mut dollars = false;
    if spec.ty == FieldType::Money {
        body = body
            .strip_prefix(['¥', '￥'])
            .map_or(body, |rest| rest.trim_start());
        if let Some(rest) = body
            .strip_prefix("USD")
            .or_else(|| body.strip_prefix("US$"))
        {
            body = rest.trim_start();
            dollars = true;
        }
    }
    let (number, written) = units::split_suffix(body);
    let unit = match (written, dollars) {
        ("", false) => column,
        ("", true) => units::find(spec, "USD"),
        (w, true) if matches!(w, "万" | "亿") => units::find(spec, &format!("{w}美元")),
        (w, true) => return Err(units::refused(spec, &format!("USD…{w}"))),
        (w, false) => {
            Some(units::find(spec, w).ok_or_else(|| with_expected(spec, units::refused(spec, w)))?)
        }
    };
    if dollars && unit.is_none() {
        return Err(units::refused(spec, "USD"));
    }
    let n = money::parse_number(number).map_err(|_| match spec.ty {
        FieldType::Money if is_scientific(number) => format!(
            "{} 是科学计数法, 可能已丢失位数; 请把单元格设为数值格式 (不用科学计数法) 后重新导出, 或写成如 \"1.2亿\"",
            quote(t)
        ),
        FieldType::Money => format!(
            "不是金额: {t:?} (应为数字元, 或带单位如 \"3000万\"、\"1.2亿\"、\"2.5万元\")"
        ),
        FieldType::Rate => format!("不是比率: {t:?} (应为如 \"3.5%\" 或 0.035)"),
        _ => bad(spec, t),
    });
    let n = n.map_err(|e| with_expected(spec, e))?;
    let Some(unit) = unit.filter(|u| !u.is_base()) else {
        return int_or_num(spec, n, t);
    };
    let d = money::mul(n, unit.factor()).map_err(|_| format!("{} 数值过大", quote(t)))?;
    if unit.usd {
        return dollars_value(d, t);
    }
    if spec.ty == FieldType::Money {
        let places = if spec.unit_price { 4 } else { 2 };
        if d.normalize().scale() > places {
            return Err(format!(
                "{} 折合 {} 元, 金额最多{places}位小数 (到分)",
                quote(t),
                money::plain(d.normalize())
            ));
        }
    }
    int_or_num(spec, d, t)
}

/// A whole number for a whole-number field (after its unit: `1.5年` is 18
/// months), else the number.
fn int_or_num(spec: &FieldSpec, d: Decimal, t: &str) -> Result<Value, String> {
    if spec.ty != FieldType::Int {
        return Ok(Value::Num(d));
    }
    if d.fract().is_zero() {
        Ok(Value::Num(d.trunc()))
    } else {
        Err(format!(
            "{} 应为整数, 实为 {}",
            quote(t),
            money::plain(d.normalize())
        ))
    }
}

/// An amount in dollars: not negative, at most 10^15, to the cent.
fn dollars_value(d: Decimal, t: &str) -> Result<Value, String> {
    let normalized = d.normalize();
    check_normalized_money(d, normalized, 2).map_err(|e| format!("{} 美元金额: {e}", quote(t)))?;
    Ok(Value::Dollars {
        usd: normalized,
        yuan: None,
    })
}

/// One amount of a list, bare numbers in the column's unit.
fn list_amount(
    spec: &FieldSpec,
    t: &str,
    column: Option<&'static Unit>,
) -> Result<Decimal, String> {
    if column.is_none()
        && t.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Ok(d) = money::parse_trimmed_money(t)
    {
        return Ok(d);
    }
    match with_unit(spec, t, column)? {
        Value::Num(d) => Ok(d),
        _ => Err(units::refused(spec, "美元")),
    }
}

/// `1.2E+08`, `3e5`: digits, an `e`, an optional sign and digits.
fn is_scientific(t: &str) -> bool {
    let Some((mantissa, exponent)) = t.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// A list of amounts in one cell: `1亿;8000万`, separated by `;` `；` `、`
/// `|`, or TOML-like `["1亿", "8000万"]`. A comma separates amounts only
/// when the cell is not one amount with thousands separators: `1亿,8000万`
/// is two amounts, `1,200,000` is one.
fn parse_money_list(
    spec: &FieldSpec,
    t: &str,
    column: Option<&'static Unit>,
) -> Result<Vec<Decimal>, String> {
    let inner = t.strip_prefix('[').and_then(|s| s.strip_suffix(']'));
    let parts: Vec<&str> = match inner {
        Some(body) => body.split([',', '，']).collect(),
        None if t.contains([';', '；', '、', '|']) => t.split([';', '；', '、', '|']).collect(),
        None if t.contains([',', '，']) && list_amount(spec, t, column).is_err() => {
            t.split([',', '，']).collect()
        }
        None => vec![t],
    };
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let p = part.trim().trim_matches('"').trim();
        if p.is_empty() && parts.len() == 1 {
            break;
        }
        let d = list_amount(spec, p, column).map_err(|e| format!("第{}个: {e}", i + 1))?;
        out.push(check_list_money(d, i)?);
    }
    if out.len() > 100 {
        return Err("列表过长 (最多100项)".into());
    }
    Ok(out)
}

/// One amount of a money list written apart (a TOML array's element), read
/// like a cell; `i` is its 0-based place for the message.
pub fn parse_list_element(spec: &FieldSpec, text: &str, i: usize) -> Result<Decimal, String> {
    let d = list_amount(spec, text.trim(), None).map_err(|e| format!("第{}个: {e}", i + 1))?;
    check_list_money(d, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::project::Field;
    use rust_decimal::dec;

    /// A control character is named before a garbled one, wherever each
    /// stands; a garbled one alone is named as such.
    #[test]
    fn text_checks_name_control_characters_first() {
        let spec = Field::ProjectName.spec();
        let control = Err("含有控制字符".to_string());
        assert_eq!(parse_trimmed_text(spec, "甲\u{FFFD}乙\u{7}"), control);
        assert_eq!(parse_trimmed_text(spec, "甲\u{7}\u{FFFD}"), control);
        let garbled = parse_trimmed_text(spec, "甲\u{FFFD}乙");
        assert!(garbled.is_err_and(|e| e.contains("无法识别的字符")));
        assert_eq!(
            parse_trimmed_text(spec, "甲乙"),
            Ok(Value::Text("甲乙".into()))
        );
    }

    fn num(f: Field, t: &str) -> Result<Decimal, String> {
        parse_text(f.spec(), t).map(|v| v.as_num().unwrap())
    }

    #[test]
    fn money_as_spreadsheets_write_it() {
        let total = Field::InvestmentTotal;
        for (t, want) in [
            ("1,200,000.00", dec!(1200000)),
            ("¥1200万", dec!(12000000)),
            ("￥1,200", dec!(1200)),
            ("￥ 1,200", dec!(1200)),
            ("1.2亿元", dec!(120000000)),
            ("1.2亿", dec!(120000000)),
            ("3000万元", dec!(30000000)),
            ("800元", dec!(800)),
            ("¥0.01", dec!(0.01)),
            ("0.01", dec!(0.01)),
            ("1.23456万", dec!(12345.6)),
        ] {
            assert_eq!(num(total, t), Ok(want), "{t}");
        }
        // An amount has at most two decimals (the fen), after its unit.
        let e = num(total, "0.001").unwrap_err();
        assert!(e.contains("最多2位小数"), "{e}");
        assert!(num(total, "1.234").is_err());
        assert!(num(total, "1.2345678万").is_err());
        // A unit price may have four.
        assert_eq!(num(Field::ElectricityPrice, "0.4523"), Ok(dec!(0.4523)));
        assert!(num(Field::ElectricityPrice, "0.45231").is_err());
        // Scientific notation is refused: its digits may be cut already.
        let e = num(total, "1.2E+08").unwrap_err();
        assert!(e.contains("科学计数法"), "{e}");
        assert!(num(total, "1e3").unwrap_err().contains("科学计数法"));
        assert!(num(total, "-5").unwrap_err().contains("负数"));
        assert!(num(total, "1,20,000").is_err());
        assert!(num(total, "abc").unwrap_err().contains("应为"));
    }

    #[test]
    fn rates_booleans_and_blanks() {
        assert_eq!(num(Field::AnnualRate, "3.85%"), Ok(dec!(0.0385)));
        assert_eq!(num(Field::AnnualRate, "3.85 %"), Ok(dec!(0.0385)));
        assert_eq!(num(Field::AnnualRate, "3.85％"), Ok(dec!(0.0385)));
        assert_eq!(num(Field::AnnualRate, "0.0385"), Ok(dec!(0.0385)));
        assert!(num(Field::AnnualRate, "101%").is_err());
        let flag =
            |t: &str| parse_text(Field::StandardLand.spec(), t).map(|v| v.as_bool().unwrap());
        for t in ["是", "true", "TRUE", "True", "Y", "y", "1", "yes"] {
            assert_eq!(flag(t), Ok(true), "{t}");
        }
        for t in ["否", "false", "FALSE", "N", "n", "0", "no"] {
            assert_eq!(flag(t), Ok(false), "{t}");
        }
        assert!(flag("2").is_err());
        for t in ["", " ", "-", "—", "/", "无", " 无 ", "－", "——"] {
            assert_eq!(
                parse_cell(Field::InvestmentTotal.spec(), t),
                Ok(None),
                "{t:?}"
            );
            assert_eq!(parse_cell(Field::ProjectName.spec(), t), Ok(None), "{t:?}");
        }
        assert!(parse_cell(Field::InvestmentTotal.spec(), "--5").is_err());
    }

    #[test]
    fn choices_by_value_or_label() {
        let word =
            |f: Field, t: &str| parse_text(f.spec(), t).map(|v| v.as_text().unwrap().to_string());
        for (f, t, want) in [
            (Field::Supply, "出让", "transfer"),
            (Field::Supply, "弹性出让", "flexible_transfer"),
            (Field::Supply, "先租后让", "lease_then_transfer"),
            (Field::Supply, "长期租赁", "long_term_lease"),
            (Field::Supply, "transfer", "transfer"),
            (Field::BuildingStructure, "轻钢结构", "light_steel"),
            (Field::BuildingStructure, "混合结构", "mixed"),
            (Field::BuildingStructure, "其他结构", "other"),
            (Field::Board, "主板", "main"),
            (Field::Board, "新三板", "neeq"),
            (Field::TopRank, "世界500强", "world500"),
            (Field::TopRank, "中国500强", "china500"),
            (Field::TopRank, "行业20强", "industry20"),
            (Field::LandUse, "M1", "M1"),
            (Field::LandUse, "m1", "M1"),
            (Field::LandUse, "新型产业用地", "M0"),
            (Field::LandUse, "二类工业用地(M2)", "M2"),
        ] {
            assert_eq!(word(f, t).as_deref(), Ok(want), "{t}");
        }
        let e = word(Field::Supply, "划拨").unwrap_err();
        assert!(e.contains("出让 (transfer)"), "{e}");
    }

    #[test]
    fn lists_and_their_separators() {
        let list =
            |t: &str| parse_text(Field::Balances.spec(), t).map(|v| v.as_list().unwrap().to_vec());
        let want = vec![dec!(100000000), dec!(80000000)];
        for t in [
            "1亿;8000万",
            "1亿；8000万",
            "1亿、8000万",
            "1亿|8000万",
            "1亿, 8000万",
            "[\"1亿\", \"8000万\"]",
            "100,000,000;80,000,000",
        ] {
            assert_eq!(list(t), Ok(want.clone()), "{t}");
        }
        // A comma between groups of three digits is a thousands separator.
        assert_eq!(list("1,200,000"), Ok(vec![dec!(1200000)]));
        assert!(list("1亿;abc").unwrap_err().contains("第2个"));
        assert!(list("1亿;0.001").unwrap_err().contains("第2个"));
    }

    #[test]
    fn typed_workbook_cells() {
        let cell = |f: Field, c: CellValue<'_>| from_cell(f.spec(), c);
        assert_eq!(
            cell(Field::InvestmentTotal, CellValue::Number(dec!(1200000.5))),
            Ok(Some(Value::Num(dec!(1200000.5))))
        );
        assert!(cell(Field::InvestmentTotal, CellValue::Number(dec!(0.001))).is_err());
        assert_eq!(
            cell(Field::AnnualRate, CellValue::Percent(dec!(0.0385))),
            Ok(Some(Value::Num(dec!(0.0385))))
        );
        assert!(cell(Field::InvestmentTotal, CellValue::Percent(dec!(0.5))).is_err());
        let d = jiff::civil::date(2024, 2, 29);
        assert_eq!(
            cell(Field::LoanStart, CellValue::Date(d)),
            Ok(Some(Value::Date(d)))
        );
        assert!(
            cell(Field::LoanStart, CellValue::Number(dec!(45000)))
                .unwrap_err()
                .contains("日期格式")
        );
        assert_eq!(
            cell(Field::ProjectId, CellValue::Number(dec!(1001))),
            Ok(Some(Value::Text("1001".into())))
        );
        assert_eq!(
            cell(Field::StandardLand, CellValue::Number(Decimal::ONE)),
            Ok(Some(Value::Bool(true)))
        );
        assert_eq!(
            cell(Field::TermMonths, CellValue::Number(dec!(36.0))),
            Ok(Some(Value::Num(dec!(36))))
        );
        assert!(cell(Field::TermMonths, CellValue::Number(dec!(36.5))).is_err());
        assert_eq!(
            cell(Field::Supply, CellValue::Text("先租后让")),
            Ok(Some(Value::Text("lease_then_transfer".into())))
        );
        assert_eq!(cell(Field::Supply, CellValue::Text("—")), Ok(None));
        assert_eq!(cell(Field::Supply, CellValue::Empty), Ok(None));
    }

    proptest::proptest! {
        /// An amount in fen reads back from the ways people write it.
        #[test]
        fn every_money_form_reads_the_same_amount(fen in 0i64..100_000_000_000_000_000) {
            let d = Decimal::new(fen, 2);
            let spec = Field::InvestmentTotal.spec();
            let grouped = money::grouped(d);
            for t in [
                money::fixed2(d),
                grouped.clone(),
                format!("¥{grouped}"),
                format!("￥{grouped}"),
                format!("{grouped}元"),
            ] {
                let v = parse_text(spec, &t).map(|v| v.as_num());
                proptest::prop_assert_eq!(v, Ok(Some(d.normalize())), "{}", t);
            }
            if fen % 100 == 0 {
                // Whole yuan in 万 with up to 4 decimals.
                let wan = Decimal::new(fen / 100, 4).normalize();
                let v = parse_text(spec, &format!("{wan}万")).map(|v| v.as_num());
                proptest::prop_assert_eq!(v, Ok(Some(d.normalize())));
            }
        }
    }
}
