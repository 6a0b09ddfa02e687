//! Dated values (OpenFisca style): any value of a rule may be written as a
//! list of `{ from = DATE, value = …, source = "…", text = "…" }`, each entry
//! in force from its date until the next. This is the one place that finds
//! such lists, checks them and resolves a rule's table at a date; the loader
//! then parses the resolved table exactly as a plain rule, so every value is
//! validated as the plain parameter would be.

use jiff::civil::Date;
use toml::{Table, Value};

/// Keys of a rule that say what the rule is, never a parameter: they cannot
/// be dated.
const FIXED: &[&str] = &[
    "id", "kind", "category", "label", "clause", "text", "reading",
];

/// The keys a dated entry may have.
const ENTRY_KEYS: &[&str] = &["from", "value", "source", "text"];

/// One entry of a dated value.
#[derive(Debug, Clone)]
struct Entry {
    from: Date,
    value: Value,
    source: String,
    text: String,
}

/// Where a dated value sits in the rule's table.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A dated value found in a rule: its place and its entries, in file order.
#[derive(Debug, Clone)]
struct Dated {
    path: Vec<Step>,
    entries: Vec<Entry>,
}

/// A value that changes on a version's date, with the clause that changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The value's place in the rule, as written: `params.tiers`.
    pub param: String,
    pub source: String,
    pub text: String,
}

/// The rule's table as it stands from `from` on.
#[derive(Debug, Clone)]
pub struct TableVersion {
    pub from: Date,
    pub table: Table,
    /// Values that change on `from` (empty for the first version).
    pub changes: Vec<Change>,
}

/// The validity of the document a rule belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Validity {
    pub from: Date,
    pub until: Option<Date>,
}

/// Whether a value is written as a dated list: an array whose tables have a
/// TOML date `from` and a `value` (a tier table's own `from` is money, a
/// string, so it is not taken for one).
fn is_dated(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.iter().any(|e| {
            e.as_table().is_some_and(|t| {
                t.contains_key("value") && t.get("from").is_some_and(Value::is_datetime)
            })
        }),
        _ => false,
    }
}

fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

/// A mistake in a dated value: the key it is written under (to find its
/// line) and the message in Chinese naming the value.
pub type Mistake = (String, String);

/// Every dated value of the rule's table, checked; mistakes in Chinese, each
/// naming the value (the loader adds file, line and rule).
fn find(table: &Table, validity: Validity) -> Result<Vec<Dated>, Vec<Mistake>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (k, v) in table {
        let path = vec![Step::Key(k.clone())];
        if FIXED.contains(&k.as_str()) {
            if is_dated(v) {
                errors.push((k.clone(), format!("{k} 不是参数, 不能按日期取值")));
            }
            continue;
        }
        walk(v, path, validity, &mut found, &mut errors);
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

fn walk(
    v: &Value,
    path: Vec<Step>,
    validity: Validity,
    found: &mut Vec<Dated>,
    errors: &mut Vec<Mistake>,
) {
    if is_dated(v) {
        match entries(v, &path_text(&path), validity) {
            Ok(entries) => found.push(Dated { path, entries }),
            Err(e) => {
                let leaf = path
                    .iter()
                    .rev()
                    .find_map(|s| match s {
                        Step::Key(k) => Some(k.clone()),
                        Step::Index(_) => None,
                    })
                    .unwrap_or_default();
                errors.extend(e.into_iter().map(|m| (leaf.clone(), m)));
            }
        }
        return;
    }
    match v {
        Value::Table(t) => {
            for (k, x) in t {
                let mut p = path.clone();
                p.push(Step::Key(k.clone()));
                walk(x, p, validity, found, errors);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut p = path.clone();
                p.push(Step::Index(i));
                walk(x, p, validity, found, errors);
            }
        }
        _ => {}
    }
}

/// The entries of one dated value, checked: each a table of the known keys
/// with a date; dates rising, the first on the document's first day, none
/// after its last; every entry after the first with its own source and text.
fn entries(v: &Value, name: &str, validity: Validity) -> Result<Vec<Entry>, Vec<String>> {
    let mut out: Vec<Entry> = Vec::new();
    let mut errors = Vec::new();
    let list = v.as_array().map(Vec::as_slice).unwrap_or_default();
    for (i, e) in list.iter().enumerate() {
        let n = i + 1;
        let Some(t) = e.as_table() else {
            errors.push(format!(
                "{name} 按日期取值: 第{n}项应为 {{ from = 日期, value = … }}"
            ));
            continue;
        };
        for k in t.keys() {
            if !ENTRY_KEYS.contains(&k.as_str()) {
                errors.push(format!(
                    "{name} 按日期取值: 第{n}项有未知的键 {k}; 可用: {}",
                    ENTRY_KEYS.join(", ")
                ));
            }
        }
        let from = match t.get("from").and_then(Value::as_datetime) {
            Some(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|e| e.to_string())
                }
                _ => Err(format!("应为日期 YYYY-MM-DD: {dt}")),
            },
            None => Err("缺少 from (日期 YYYY-MM-DD)".into()),
        };
        let from = match from {
            Ok(d) => d,
            Err(m) => {
                errors.push(format!("{name} 按日期取值: 第{n}项 {m}"));
                continue;
            }
        };
        let Some(value) = t.get("value").cloned() else {
            errors.push(format!("{name} 按日期取值: 第{n}项 (自 {from}) 缺少 value"));
            continue;
        };
        let text_of = |k: &str| {
            t.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        let (source, text) = (text_of("source"), text_of("text"));
        for k in ["source", "text"] {
            if t.get(k).is_some_and(|x| !x.is_str()) {
                errors.push(format!("{name} 按日期取值: 第{n}项的 {k} 应为字符串"));
            }
        }
        if let Some(prev) = out.last() {
            if from == prev.from {
                errors.push(format!(
                    "{name} 按日期取值: 第{n}项与前一项的 from 都是 {from}, 日期重复 (同一天只能有一个取值)"
                ));
            } else if from < prev.from {
                errors.push(format!(
                    "{name} 按日期取值: 第{n}项 from = {from} 早于前一项 {}; 各项应按日期从早到晚排列, 不能重叠",
                    prev.from
                ));
            }
            if source.is_empty() || text.is_empty() {
                errors.push(format!(
                    "{name} 按日期取值: 第{n}项 (自 {from}) 缺少 source 或 text; 第一项以后的每次调整都要写明依据的条款 (source) 和原文 (text)"
                ));
            }
            if value == prev.value {
                errors.push(format!(
                    "{name} 按日期取值: 第{n}项 (自 {from}) 与前一项取值相同, 不是调整"
                ));
            }
        } else if from != validity.from {
            let why = if from > validity.from {
                "之间没有取值"
            } else {
                "早于文件施行日期"
            };
            errors.push(format!(
                "{name} 按日期取值: 第一项 from = {from} 应为文件的施行日期 valid_from = {} ({why})",
                validity.from
            ));
        }
        if let Some(until) = validity.until
            && from > until
        {
            errors.push(format!(
                "{name} 按日期取值: 第{n}项 from = {from} 晚于文件有效期止 valid_until = {until}"
            ));
        }
        out.push(Entry {
            from,
            value,
            source,
            text,
        });
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(format!("{name} 按日期取值: 没有任何取值"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The table with every dated value replaced by its value at `date` (the
/// last entry whose `from` is not after it; the first before any).
fn resolve(table: &Table, dated: &[Dated], date: Date) -> Table {
    let mut out = table.clone();
    for d in dated {
        let entry = d
            .entries
            .iter()
            .rev()
            .find(|e| e.from <= date)
            .or(d.entries.first());
        if let Some(e) = entry {
            set(&mut out, &d.path, e.value.clone());
        }
    }
    out
}

fn set(table: &mut Table, path: &[Step], value: Value) {
    let Some((Step::Key(first), rest)) = path.split_first() else {
        return;
    };
    let Some(mut at) = table.get_mut(first) else {
        return;
    };
    for step in rest {
        let next = match (step, at) {
            (Step::Key(k), Value::Table(t)) => t.get_mut(k),
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i),
            _ => None,
        };
        let Some(n) = next else { return };
        at = n;
    }
    *at = value;
}

/// The rule's table at each date one of its values changes, in date order;
/// `Ok(None)` when nothing in it is dated.
pub fn versions(
    table: &Table,
    validity: Validity,
) -> Result<Option<Vec<TableVersion>>, Vec<Mistake>> {
    let dated = find(table, validity)?;
    if dated.is_empty() {
        return Ok(None);
    }
    let mut dates: Vec<Date> = dated
        .iter()
        .flat_map(|d| d.entries.iter().map(|e| e.from))
        .collect();
    dates.sort();
    dates.dedup();
    let first = dates.first().copied();
    let out = dates
        .into_iter()
        .map(|from| TableVersion {
            from,
            table: resolve(table, &dated, from),
            changes: if Some(from) == first {
                Vec::new()
            } else {
                dated
                    .iter()
                    .filter_map(|d| {
                        d.entries.iter().find(|e| e.from == from).map(|e| Change {
                            param: path_text(&d.path),
                            source: e.source.clone(),
                            text: e.text.clone(),
                        })
                    })
                    .collect()
            },
        })
        .collect();
    Ok(Some(out))
}

/// The line, within a rule's part `start..end` of a file's text, where
/// `key = ` is first written (for messages); `None` when not found.
pub fn line_of(text: &str, start: usize, end: usize, key: &str) -> Option<usize> {
    let part = text.get(start..end.min(text.len()))?;
    let at = part
        .match_indices(key)
        .map(|(i, _)| i)
        .find(|&i| part[i + key.len()..].trim_start().starts_with('='))?;
    Some(text[..start + at].bytes().filter(|b| *b == b'\n').count() + 1)
}

/// A value's entries as (from, value, source, text) when it is written as a
/// dated list (already checked by loading); `None` for a plain value.
pub fn timeline(v: &Value, validity: Validity) -> Option<Vec<(Date, Value, String, String)>> {
    if !is_dated(v) {
        return None;
    }
    let entries = entries(v, "", validity).ok()?;
    Some(
        entries
            .into_iter()
            .map(|e| (e.from, e.value, e.source, e.text))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validity() -> Validity {
        Validity {
            from: jiff::civil::date(2020, 7, 27),
            until: None,
        }
    }

    #[test]
    fn a_tier_table_with_a_money_from_is_no_dated_value() {
        let t: Table = toml::from_str(
            "[params]\ntiers = [{ from = \"5000万\", to = \"1亿\", rate = \"0.5%\" }]\n",
        )
        .expect("toml");
        assert!(versions(&t, validity()).expect("valid").is_none());
    }

    #[test]
    fn a_value_is_resolved_at_each_date() {
        let t: Table = toml::from_str(
            "[params]\ncap = [{ from = 2020-07-27, value = \"100万\" }, \
             { from = 2024-01-01, value = \"80万\", source = \"s\", text = \"t\" }]\n",
        )
        .expect("toml");
        let v = versions(&t, validity()).expect("valid").expect("dated");
        assert_eq!(v.len(), 2);
        let cap = |i: usize| v[i].table["params"]["cap"].as_str().map(str::to_string);
        assert_eq!(cap(0).as_deref(), Some("100万"));
        assert_eq!(cap(1).as_deref(), Some("80万"));
        assert!(v[0].changes.is_empty());
        assert_eq!(v[1].changes[0].param, "params.cap");
    }
}
