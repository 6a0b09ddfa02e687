//! How fields are named to people: the Chinese header of an entry, a path
//! shown with its header, and the nearest known name for a typo.

use super::{FIELDS, FieldSpec, by_path, parse_user_path, split_element};

impl FieldSpec {
    /// The Chinese header of the `index`-th (0-based) entry: `贷款2本金`.
    /// Without an index the `{n}` is dropped (`贷款本金`).
    pub fn header(&self, index: Option<usize>) -> String {
        match index {
            Some(i) => self.header_zh.replacen("{n}", &(i + 1).to_string(), 1),
            None => self.header_zh.replacen("{n}", "", 1),
        }
    }
}

/// A field named for people: its Chinese header with the path in brackets,
/// `贷款2本金 (loans[2].principal)`. The path may carry 1-based indices, and a
/// list element its own (`loans[1].balances[2]` → `贷款1余额2 (…)`); a path
/// that names no field is returned as it is.
pub fn field_display(path: &str) -> String {
    let (head, element) = split_element(path);
    match parse_user_path(head) {
        Ok((spec, index)) => {
            let mut zh = spec.header(index);
            if let Some(k) = element {
                zh.push_str(&k.to_string());
            }
            format!("{zh} ({path})")
        }
        Err(_) => match by_path(head) {
            Some(spec) => format!("{} ({path})", spec.header(None)),
            None => path.to_string(),
        },
    }
}

/// A field named for officers in a report: its Chinese header alone,
/// `贷款2本金` (the path stays in JSON's `missing` and in input errors, where
/// the officer edits the file); a path that names no field as it is.
pub fn field_label(path: &str) -> String {
    let (head, element) = split_element(path);
    match parse_user_path(head) {
        Ok((spec, index)) => {
            let mut zh = spec.header(index);
            if let Some(k) = element {
                zh.push_str(&k.to_string());
            }
            zh
        }
        Err(_) => by_path(head).map_or_else(|| path.to_string(), |s| s.header(None)),
    }
}

/// "unknown field" with the nearest known path, for typos; the suggestion
/// keeps the index the user wrote (`loans[2].principle` → `loans[2].principal`),
/// so it is itself a valid path.
pub fn unknown_field_message(path: &str) -> String {
    let index = path
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(digits, _)| digits.parse::<usize>().ok())
        .filter(|n| (1..=10_000).contains(n))
        .unwrap_or(1);
    let paths: Vec<String> = FIELDS
        .iter()
        .map(|s| s.display_path(s.group().map(|_| index - 1)))
        .collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    match nearest(path, &refs) {
        Some(n) => format!("未知字段 {path:?} (unknown field); 是否应为 {n:?}?"),
        None => format!("未知字段 {path:?} (unknown field)"),
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a
/// plausible typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(2);
    // The distance is at least the difference in length: skipping those
    // candidates first keeps a 10 MB key from costing minutes of levenshtein.
    candidates
        .iter()
        .filter(|c| len.abs_diff(c.chars().count()) <= limit)
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_unique_and_indexed_only_in_arrays() {
        let mut seen = std::collections::HashSet::new();
        for s in FIELDS.iter() {
            assert!(seen.insert(s.header_zh), "{}", s.header_zh);
            assert!(!s.header_zh.is_empty() && !s.header_zh.contains(['(', '（', ' ']));
            assert_eq!(
                s.header_zh.contains("{n}"),
                s.group().is_some(),
                "{}",
                s.path
            );
            assert!(!s.header_zh.is_ascii(), "{}", s.path);
        }
    }

    #[test]
    fn display() {
        assert_eq!(
            field_display("loans[2].principal"),
            "贷款2本金 (loans[2].principal)"
        );
        assert_eq!(
            field_display("listing.hq_moved"),
            "是否已迁入总部 (listing.hq_moved)"
        );
        assert_eq!(
            field_display("loans[1].balances[2]"),
            "贷款1余额2 (loans[1].balances[2])"
        );
        assert_eq!(
            field_display("loans[].principal"),
            "贷款本金 (loans[].principal)"
        );
        assert_eq!(field_display("nonsense.x"), "nonsense.x");
    }
}
