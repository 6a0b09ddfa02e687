//! The values rules files are written in (money, rates, numbers, dates,
//! fields) and the conditions rules put on a project. The kinds of
//! calculation and their parameters are in `kinds/`, one file each.

use super::FieldRef;
use crate::money;
use crate::project::schema::{self, FieldType};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

/// Money in a rules file: a string with optional unit (`"80万"`) or an
/// integer of 元; never negative. Floats are refused: they pass through binary floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Decimal);

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        let v = money::parse_money(&text).map_err(serde::de::Error::custom)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(serde::de::Error::custom(format!("金额不能为负: {text}")));
        }
        if v > money::MAX_MONEY {
            return Err(serde::de::Error::custom(format!(
                "金额超过上限 10^15 元: {text}"
            )));
        }
        Ok(Money(v))
    }
}

/// A rate in a rules file: `"3.5%"` or `"0.035"`, within 0–100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub Decimal);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        let v = money::parse_rate(&text).map_err(serde::de::Error::custom)?;
        if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE {
            return Err(serde::de::Error::custom(format!(
                "比率应在 0–100% 之间: {text}"
            )));
        }
        Ok(Rate(v))
    }
}

/// A plain non-negative number (a ratio such as 1.3), written as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Number(pub Decimal);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_text(d)?;
        let v = money::parse_number(&text).map_err(serde::de::Error::custom)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(serde::de::Error::custom(format!("不能为负: {text}")));
        }
        Ok(Number(v))
    }
}

/// Accepts a string or an integer; refuses floats with a reason.
fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    match Raw::deserialize(d)? {
        Raw::Int(i) => Ok(i.to_string()),
        Raw::Text(s) => Ok(s),
        Raw::Other(_) => Err(serde::de::Error::custom(
            "应为字符串或整数; 小数请写成字符串 (如 \"0.30\"), 以免二进制浮点误差",
        )),
    }
}

/// A calendar date in a rules file (TOML date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub Date);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time) {
            (Some(date), None) => Date::new(date.year as i16, date.month as i8, date.day as i8)
                .map(Day)
                .map_err(|e| serde::de::Error::custom(format!("无效日期 {dt}: {e}"))),
            _ => Err(serde::de::Error::custom(format!(
                "应为日期 YYYY-MM-DD: {dt}"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for FieldRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let path = String::deserialize(d)?;
        schema::by_path(&path)
            .map(|s| FieldRef(s.field))
            .ok_or_else(|| serde::de::Error::custom(schema::unknown_field_message(&path)))
    }
}

/// A test on one project field.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The field equals a word or a yes/no.
    Equals(EqValue),
    /// The field is given (or, with `false`, not given).
    Present(bool),
    /// The field is at least this much (达到, 以上: inclusive).
    AtLeast(Decimal),
    /// The field is more than this (超过: exclusive).
    Above(Decimal),
    /// The field is at least `share` of another field.
    ShareAtLeast { of: FieldRef, share: Decimal },
}

#[derive(Debug, Clone, PartialEq)]
pub enum EqValue {
    Word(String),
    Flag(bool),
}

/// A condition of a rule: a field and a test.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawCondition")]
pub struct Condition {
    pub field: FieldRef,
    pub test: Test,
}

impl Condition {
    /// The condition as people read it: `listing.board = main`.
    pub fn describe(&self) -> String {
        let f = self.field.path();
        match &self.test {
            Test::Equals(EqValue::Word(w)) => format!("{f} = {w}"),
            Test::Equals(EqValue::Flag(b)) => format!("{f} = {b}"),
            Test::Present(true) => format!("{f} 已填写"),
            Test::Present(false) => format!("{f} 未填写"),
            Test::AtLeast(m) => format!("{f} ≥ {}", money::grouped(*m)),
            Test::Above(m) => format!("{f} > {}", money::grouped(*m)),
            Test::ShareAtLeast { of, share } => {
                format!("{f} ≥ {} × {}", of.path(), money::percent(*share))
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    field: FieldRef,
    equals: Option<toml::Value>,
    present: Option<bool>,
    at_least: Option<Money>,
    above: Option<Money>,
    at_least_share_of: Option<FieldRef>,
    share: Option<Rate>,
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(raw: RawCondition) -> Result<Self, String> {
        let field = raw.field;
        let spec = field.0.spec();
        if spec.group().is_some() {
            return Err(format!("条件只能引用非数组字段: {}", spec.path));
        }
        let mut tests = Vec::new();
        if let Some(v) = raw.equals {
            tests.push(Test::Equals(equals_value(spec, v)?));
        }
        if let Some(p) = raw.present {
            tests.push(Test::Present(p));
        }
        if let Some(Money(m)) = raw.at_least {
            tests.push(Test::AtLeast(m));
        }
        if let Some(Money(m)) = raw.above {
            tests.push(Test::Above(m));
        }
        match (raw.at_least_share_of, raw.share) {
            (Some(of), Some(Rate(share))) => tests.push(Test::ShareAtLeast { of, share }),
            (None, None) => {}
            _ => return Err("at_least_share_of 与 share 须同时给出".into()),
        }
        let numeric = matches!(
            spec.ty,
            FieldType::Money | FieldType::Int | FieldType::Quantity(_) | FieldType::Rate
        );
        match tests.as_slice() {
            [Test::AtLeast(_) | Test::Above(_) | Test::ShareAtLeast { .. }] if !numeric => {
                Err(format!("{} 不是数值字段, 不能比较大小", spec.path))
            }
            [_] => Ok(Condition {
                field,
                test: tests.remove(0),
            }),
            _ => Err(format!(
                "条件 {} 应恰好有一个检验: equals, present, at_least, above 或 at_least_share_of",
                spec.path
            )),
        }
    }
}

fn equals_value(spec: &schema::FieldSpec, v: toml::Value) -> Result<EqValue, String> {
    match (spec.ty, v) {
        (FieldType::Bool, toml::Value::Boolean(b)) => Ok(EqValue::Flag(b)),
        (FieldType::Choice(choices), toml::Value::String(s)) => {
            if choices.iter().any(|c| c.value == s) {
                Ok(EqValue::Word(s))
            } else {
                let words: Vec<&str> = choices.iter().map(|c| c.value).collect();
                Err(format!(
                    "{} 只能取 {}, 不能是 {s:?}",
                    spec.path,
                    words.join(", ")
                ))
            }
        }
        (FieldType::Text, toml::Value::String(s)) => Ok(EqValue::Word(s)),
        (_, other) => Err(format!("{} 的 equals 值类型不对: {other}", spec.path)),
    }
}

/// Dates after which an item may be claimed (竣工投产后): preconditions, not
/// facts to ask for. Absent: assumed (strict: needs input); later than the
/// evaluation date: estimated and scheduled when it becomes claimable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimableAfter {
    pub fields: Vec<FieldRef>,
    /// What the dates mark, e.g. 竣工投产.
    pub label: String,
}
