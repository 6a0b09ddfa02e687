//! The rules quote the policy: every rule's `text` (and every document's
//! `validity_text`) appears word for word in the gazette text kept in
//! docs/policy/, so a quoted clause can never drift from the published one.
//! Only whitespace is ignored (the print's page breaks fall inside
//! sentences); `……` in a quote marks an elision, and each part must appear,
//! in order.

use crate::util::root;
use jincheng_incentives::rules;

/// The text with every whitespace character removed: the gazette keeps the
/// print's page breaks, which fall inside sentences. Nothing else is changed.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The gazette files of docs/policy/ whose header names `number`, squeezed.
fn gazette_for(number: &str) -> Vec<(String, String)> {
    let dir = root().join("docs").join("policy");
    let marker = format!("文号: {number}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("docs/policy/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read gazette file");
        if text.contains(&marker) {
            found.push((path.display().to_string(), squeeze(&text)));
        }
    }
    found
}

#[test]
fn every_rule_text_is_quoted_verbatim() {
    let set = rules::load_dir(&root().join("rules")).expect("shipped rules load");
    let mut missing = Vec::new();
    let mut checked = 0;
    for (d, doc) in set.documents.iter().enumerate() {
        let gazette = gazette_for(&doc.number);
        assert!(
            !gazette.is_empty(),
            "docs/policy/ has no file with the header `文号: {}` (for {})",
            doc.number,
            doc.file
        );
        // `……` marks an elision: each part must be there, in order.
        let quoted = |text: &str| {
            gazette.iter().any(|(_, g)| {
                let mut rest = g.as_str();
                text.split("……")
                    .map(squeeze)
                    .all(|part| match rest.find(&part) {
                        Some(at) => {
                            rest = &rest[at + part.len()..];
                            true
                        }
                        None => false,
                    })
            })
        };
        if !doc.validity_text.is_empty() && !quoted(&doc.validity_text) {
            missing.push(format!("{} validity_text: {}", doc.file, doc.validity_text));
        }
        for rule in set.rules.iter().filter(|r| r.document == d) {
            assert!(
                !rule.text.trim().is_empty(),
                "{}: rule {} has no text",
                doc.file,
                rule.id
            );
            checked += 1;
            if !quoted(&rule.text) {
                missing.push(format!("{} [{}]: {}", doc.file, rule.id, rule.text));
            }
        }
    }
    assert!(checked >= 31, "only {checked} rules checked");
    assert!(
        missing.is_empty(),
        "not found verbatim in docs/policy/:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_check_would_catch_a_changed_word() {
    let gazette = gazette_for("晋市政发〔2020〕10号");
    assert_eq!(gazette.len(), 1);
    let g = &gazette[0].1;
    assert!(g.contains(&squeeze("每亩奖励10万元")));
    assert!(!g.contains(&squeeze("每亩奖励11万元")));
}
