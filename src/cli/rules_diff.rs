//! `rules diff OLD_DIR NEW_DIR`: what a revision changes, for people (stacked
//! rows that fit 80 columns) and for scripts (JSON, stable English keys).

use crate::rules::diff::Change;
use serde_json::json;
use std::path::Path;
use unicode_width::UnicodeWidthChar;

/// Width of the table output, in terminal columns.
const WIDTH: usize = 80;

/// The changes as JSON: `{"old", "new", "count", "changes": [...]}`.
pub fn json(old: &Path, new: &Path, changes: &[Change]) -> String {
    let v = json!({
        "old": old.display().to_string(),
        "new": new.display().to_string(),
        "count": changes.len(),
        "changes": changes,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// The changes for people: a numbered block per change, each line wrapped.
pub fn table(old: &Path, new: &Path, changes: &[Change]) -> String {
    let mut out = format!("规则差异: {} → {}\n", old.display(), new.display());
    if changes.is_empty() {
        out.push_str("没有改动。\n");
        return out;
    }
    out.push_str(&format!("共 {} 处改动。\n", changes.len()));
    for (i, c) in changes.iter().enumerate() {
        out.push('\n');
        let what = match c.change {
            "added" => "新增",
            "removed" => "删除",
            _ => "修改",
        };
        let whom = match (&c.rule, &c.label) {
            (Some(id), Some(l)) if !l.is_empty() => format!("规则 {id} ({l})"),
            (Some(id), _) => format!("规则 {id}"),
            (None, _) if c.field.is_some() => "文件".to_string(),
            (None, _) => "文件".to_string(),
        };
        let field = c
            .field
            .as_deref()
            .map(|f| format!(" {f}"))
            .unwrap_or_default();
        let from = c
            .from
            .as_deref()
            .map(|d| format!(", 自 {d} 起"))
            .unwrap_or_default();
        wrap(
            &mut out,
            &format!("{}. [{what}] {} {whom}{field}{from}", i + 1, c.document),
            "   ",
        );
        let mut line = |label: &str, v: &Option<String>| {
            if let Some(v) = v {
                wrap(&mut out, &format!("   {label}: {v}"), "        ");
            }
        };
        line("原值", &c.old);
        line("新值", &c.new);
        if c.old_source.is_some() || c.old_text.is_some() {
            line(
                "原条款",
                &Some(clause(c.old_source.as_deref(), c.old_text.as_deref())),
            );
        }
        if c.new_source.is_some() || c.new_text.is_some() {
            line(
                "新条款",
                &Some(clause(c.new_source.as_deref(), c.new_text.as_deref())),
            );
        }
    }
    out
}

fn clause(source: Option<&str>, text: Option<&str>) -> String {
    match (source, text) {
        (Some(s), Some(t)) if !t.is_empty() => format!("{s} “{t}”"),
        (Some(s), _) => s.to_string(),
        (None, Some(t)) => format!("“{t}”"),
        (None, None) => String::new(),
    }
}

/// Appends `text` cut into lines of at most [`WIDTH`] columns, the lines
/// after the first starting with `indent`. A run of ASCII letters and signs
/// (a key, a number) is kept whole when it fits on a line; Chinese breaks
/// anywhere.
fn wrap(out: &mut String, text: &str, indent: &str) {
    let mut col = 0;
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        // The next piece: one Chinese character or space, or an ASCII word.
        let len = if ch.is_ascii_graphic() {
            rest.find(|c: char| !c.is_ascii_graphic())
                .unwrap_or(rest.len())
        } else {
            ch.len_utf8()
        };
        let (piece, tail) = rest.split_at(len);
        rest = tail;
        let w: usize = piece.chars().map(|c| c.width().unwrap_or(0)).sum();
        if col + w > WIDTH && col > indent.len() {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            out.push_str(indent);
            col = indent.len();
            if piece == " " {
                continue;
            }
        }
        for c in piece.chars() {
            let cw = c.width().unwrap_or(0);
            if col + cw > WIDTH {
                out.push('\n');
                out.push_str(indent);
                col = indent.len();
            }
            out.push(c);
            col += cw;
        }
    }
    out.push('\n');
}
