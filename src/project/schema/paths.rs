//! Field paths as users write them: 1-based indices (`loans[2].principal`),
//! list elements as their own column, and the lookup by template path.

use super::{FIELDS, FieldSpec, FieldType, unknown_field_message};

/// `loans[1].balances[2]` → (`loans[1].balances`, Some(2)): the 1-based
/// element of a list field written as its own column.
pub fn split_element(path: &str) -> (&str, Option<usize>) {
    if let Some(body) = path.strip_suffix(']')
        && let Some(open) = body.rfind('[')
        && !body[..open].ends_with(']')
        && body[..open].contains('.')
        && let Ok(k) = body[open + 1..].parse::<usize>()
        && by_path(&strip_indices(&body[..open])).is_some_and(|s| s.ty == FieldType::MoneyList)
    {
        return (&body[..open], Some(k));
    }
    (path, None)
}

/// Looks a field up by its template path (`loans[].principal`).
pub fn by_path(path: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|s| s.path == path)
}

/// Splits a user path with 1-based indices (`loans[2].principal`) into its
/// template path and 0-based index.
pub fn parse_user_path(path: &str) -> Result<(&'static FieldSpec, Option<usize>), String> {
    let path = path.trim();
    let (template, index) = match (path.find('['), path.find(']')) {
        (Some(open), Some(close)) if close > open => {
            let digits = &path[open + 1..close];
            let n: usize = digits
                .parse()
                .map_err(|_| format!("数组下标应为从1开始的整数: {path:?}"))?;
            if n == 0 || n > 10_000 {
                return Err(format!("数组下标应在 1..=10000 之内: {path:?}"));
            }
            (
                format!("{}[]{}", &path[..open], &path[close + 1..]),
                Some(n - 1),
            )
        }
        (None, None) => (path.to_string(), None),
        _ => return Err(format!("字段路径格式不对: {path:?}")),
    };
    match by_path(&template) {
        Some(spec) if spec.group().is_some() == index.is_some() => Ok((spec, index)),
        Some(spec) if index.is_none() => Err(format!(
            "{path:?} 属于数组, 需要下标, 如 {}",
            spec.display_path(Some(0))
        )),
        Some(_) => Err(format!("{path:?} 不是数组字段, 不能带下标")),
        None => Err(unknown_field_message(path)),
    }
}

/// The template path of a user path: indices emptied (`loans[2].x` →
/// `loans[].x`).
pub fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::schema::Field;

    #[test]
    fn user_paths() {
        let (s, i) = parse_user_path("loans[2].principal").unwrap();
        assert_eq!((s.field, i), (Field::Principal, Some(1)));
        let (s, i) = parse_user_path("land.area_mu").unwrap();
        assert_eq!((s.field, i), (Field::AreaMu, None));
        assert!(parse_user_path("loans.principal").is_err());
        assert!(parse_user_path("loans[0].principal").is_err());
        let e = parse_user_path("land.area_muu").unwrap_err();
        assert!(e.contains("land.area_mu"), "{e}");
    }
}
