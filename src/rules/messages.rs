//! The deserializer's English about a rules file, said in Chinese: unknown
//! keys and values, wrong types, missing keys. Anything else keeps its words.

/// `unknown field `bass`, expected `base` or `tiers`` → `未知的键 bass (可用: base, tiers)`.
pub fn zh(message: &str) -> String {
    let m = message.trim();
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (name, expected) = split_expected(rest);
        return format!("未知的键 {name}{expected}");
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (name, expected) = split_expected(rest);
        return format!("未知的取值 {name}{expected}");
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("缺少键 {}", unquote(rest));
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return format!("键 {} 写了两次", unquote(rest));
    }
    if let Some(rest) = m.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "类型不对: 应为{}, 实为{}",
            type_word(expected),
            found_word(found)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        return format!("个数不对 ({rest})");
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        return format!("取值无效 ({rest})");
    }
    m.to_string()
}

/// `` `x`, expected one of `a`, `b` `` → (`x`, ` (可用: a, b)`).
fn split_expected(rest: &str) -> (String, String) {
    match rest.split_once(", expected ") {
        Some((name, list)) => {
            let list = list
                .trim_start_matches("one of ")
                .replace("` or `", "`, `")
                .replace('`', "");
            (unquote(name), format!(" (可用: {list})"))
        }
        None => (unquote(rest), String::new()),
    }
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('`').to_string()
}

/// What serde expected, in the words of the rules file's comments.
fn type_word(expected: &str) -> &'static str {
    let e = expected.trim();
    if [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ]
    .contains(&e)
        || e.contains("integer")
    {
        "整数"
    } else if e.contains("string") {
        "文本 (加引号, 金额如 \"15万\", 比例如 \"50%\")"
    } else if e.contains("sequence") || e.contains("array") {
        "数组 [..]"
    } else if e.contains("bool") {
        "true 或 false"
    } else if e.contains("date") {
        "日期, 如 2020-01-01"
    } else if e.contains("map") || e.contains("struct") || e.contains("table") {
        "表 {..}"
    } else {
        "另一种类型"
    }
}

/// What was found: `string "2"` → `文本 "2"`, `integer `5`` → `整数 5`.
fn found_word(found: &str) -> String {
    let f = found.trim();
    let (kind, value) = f.split_once(' ').unwrap_or((f, ""));
    let value = value.trim().trim_matches('`');
    let word = match kind {
        "string" => "文本",
        "integer" => "整数",
        "floating" => {
            return format!(
                "小数 {}",
                value.trim_start_matches("point ").trim_matches('`')
            );
        }
        "boolean" => "true/false",
        "sequence" => "数组",
        "map" => "表",
        _ => return f.to_string(),
    };
    if value.is_empty() {
        word.to_string()
    } else {
        format!("{word} {value}")
    }
}

#[cfg(test)]
mod tests {
    use super::zh;

    #[test]
    fn serde_english_is_said_in_chinese() {
        assert_eq!(
            zh("unknown field `bass`, expected `base` or `tiers`"),
            "未知的键 bass (可用: base, tiers)"
        );
        assert_eq!(
            zh("unknown variant `cash`, expected one of `cash_one_time`, `benefit`"),
            "未知的取值 cash (可用: cash_one_time, benefit)"
        );
        assert_eq!(
            zh("invalid type: string \"2\", expected u8"),
            "类型不对: 应为整数, 实为文本 \"2\""
        );
        assert!(
            zh("invalid type: integer `5`, expected a string").starts_with("类型不对: 应为文本")
        );
        assert_eq!(zh("missing field `label`"), "缺少键 label");
    }
}
