//! What a header cell names: a dotted path with 1-based indices
//! (`loans[1].principal`) or the field's Chinese header with the index in
//! place of `{n}` (`贷款1本金`), and the unit a trailing bracket gives its
//! bare numbers; an unknown header gets the nearest names as suggestions.

use super::columns::Column;
use super::parse::shorten;
use super::schema::{self, FIELDS, FieldType, nearest};
use super::units::{self, Unit};

/// What a header names, whether it was written in Chinese, and the unit its
/// brackets give bare numbers. A numeric field refuses a unit it does not
/// take; a field of words, dates or yes/no refuses a unit but keeps any
/// other note in brackets (`是否标准地(是/否)`) as a note.
pub fn resolve_header_unit(header: &str) -> Result<(Column, bool, Option<&'static Unit>), String> {
    resolve_unit(header, true)
}

/// [`resolve_header_unit`], suggesting near headers only when `suggest`.
pub(super) fn resolve_unit(
    header: &str,
    suggest: bool,
) -> Result<(Column, bool, Option<&'static Unit>), String> {
    let (name, written) = units::split_header(header);
    let (column, chinese) = resolve_name(name, suggest)?;
    let unit = units::header_unit(column.field.spec(), written)
        .map_err(|e| format!("列名 {} 的{e}", shorten(header.trim())))?;
    Ok((column, chinese, unit))
}

/// What a header names, and whether it was written in Chinese; a unit in
/// its brackets is checked as by [`resolve_header_unit`].
pub fn resolve_header(header: &str) -> Result<(Column, bool), String> {
    resolve_header_unit(header).map(|(c, chinese, _)| (c, chinese))
}

/// What a header names, looking for the nearest valid headers of an
/// unknown one only when `suggest` (a message that lists no more skips the
/// search).
fn resolve_name(name: &str, suggest: bool) -> Result<(Column, bool), String> {
    let candidates = |find: fn(&str) -> Vec<String>, name: &str| {
        if suggest { find(name) } else { Vec::new() }
    };
    if name.is_empty() {
        return Err("空的列名".into());
    }
    if name.is_ascii() {
        let (head, element) = schema::split_element(name);
        return match schema::parse_user_path(head) {
            Ok((spec, index)) => Ok((
                Column {
                    field: spec.field,
                    index,
                    element: check_element(element)?,
                },
                false,
            )),
            // A known field with a wrong or missing index: say so.
            Err(message) if schema::by_path(&schema::strip_indices(head)).is_some() => Err(message),
            Err(_) => Err(unknown_header(name, &candidates(dotted_candidates, name))),
        };
    }
    match chinese_header(name) {
        Some(c) => Ok((
            Column {
                element: check_element(c.element)?,
                ..c
            },
            true,
        )),
        None => Err(unknown_header(name, &candidates(chinese_candidates, name))),
    }
}

fn check_element(element: Option<usize>) -> Result<Option<usize>, String> {
    match element {
        Some(k) if !(1..=100).contains(&k) => Err(format!("列表的项号应在 1..=100 之内: {k}")),
        other => Ok(other),
    }
}

/// A Chinese header: `header_zh` exactly, or with a number where `{n}` is,
/// and for a list a second number after it (its element).
fn chinese_header(name: &str) -> Option<Column> {
    for spec in FIELDS.iter() {
        let Some((pre, post)) = spec.header_zh.split_once("{n}") else {
            if spec.header_zh == name {
                return Some(Column {
                    field: spec.field,
                    index: None,
                    element: None,
                });
            }
            if spec.ty == FieldType::MoneyList
                && let Some(k) = name.strip_prefix(spec.header_zh).and_then(number)
            {
                return Some(Column {
                    field: spec.field,
                    index: None,
                    element: Some(k),
                });
            }
            continue;
        };
        let Some(rest) = name.strip_prefix(pre) else {
            continue;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(n) = number(&rest[..digits]).filter(|n| (1..=10_000).contains(n)) else {
            continue;
        };
        let after = &rest[digits..];
        let index = Some(n - 1);
        if after == post {
            return Some(Column {
                field: spec.field,
                index,
                element: None,
            });
        }
        if spec.ty == FieldType::MoneyList
            && let Some(k) = after.strip_prefix(post).and_then(number)
        {
            return Some(Column {
                field: spec.field,
                index,
                element: Some(k),
            });
        }
    }
    None
}

/// A whole number of ASCII digits (no sign, no spaces).
fn number(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The first number written in a header (`贷款2本金` → 2), else 1: the index
/// a suggestion keeps.
fn index_in(name: &str) -> usize {
    let start = name.find(|c: char| c.is_ascii_digit());
    start
        .and_then(|s| {
            let digits = name[s..].bytes().take_while(u8::is_ascii_digit).count();
            number(&name[s..s + digits])
        })
        .filter(|n| (1..=10_000).contains(n))
        .unwrap_or(1)
}

/// Every valid dotted header, array fields at the index the header used.
fn dotted_candidates(name: &str) -> Vec<String> {
    let n = index_in(name);
    FIELDS
        .iter()
        .map(|s| s.display_path(s.group().map(|_| n - 1)))
        .collect()
}

/// Every valid Chinese header, array fields at the index the header used.
fn chinese_candidates(name: &str) -> Vec<String> {
    let n = index_in(name);
    FIELDS
        .iter()
        .map(|s| s.header(s.group().map(|_| n - 1)))
        .collect()
}

/// "unknown header" with the nearest valid header of the same language, by
/// edit distance, else one the header is part of (or that is part of it).
fn unknown_header(name: &str, candidates: &[String]) -> String {
    // What a decoder leaves of unreadable bytes: say so rather than guess.
    if name.contains('\u{FFFD}') {
        return format!(
            "未知字段 (列名) {}: 含有无法识别的字符 (不是有效的 UTF-8 或 GB18030 文本, 请检查文件编码)",
            shorten(name)
        );
    }
    let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let near = nearest(name, &refs).or_else(|| {
        refs.iter()
            .copied()
            .filter(|c| c.contains(name) || name.contains(c))
            .max_by_key(|c| c.len())
    });
    let hint = if name.is_ascii() {
        "字段路径见 jincheng-incentives fields"
    } else {
        "中文列名见 jincheng-incentives fields"
    };
    match near {
        Some(n) => format!(
            "未知字段 (列名) {}; 是否应为 {n:?}? ({hint})",
            shorten(name)
        ),
        None => format!("未知字段 (列名) {} ({hint})", shorten(name)),
    }
}
