//! `rules diff`: what changes between two rule sets, document by document,
//! rule by rule and value by value. A dated value is compared by what is in
//! force on each date, so writing a value as a one-entry list is no change,
//! and a revision from a date is one change with that date.

use super::dated::{self, Validity};
use jiff::civil::Date;
use serde::Serialize;
use toml::{Table, Value};

/// One difference between the old and the new rules.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The document's number (文号).
    pub document: String,
    /// The rule's id; `None` for the document itself or a section of its file.
    pub rule: Option<String>,
    /// The rule's label (its name), when there is a rule.
    pub label: Option<String>,
    /// The key that changes (`title`, `params.tiers`); `None` when a whole
    /// document or rule is added or removed.
    pub field: Option<String>,
    /// From when the new value applies, for a dated value.
    pub from: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The clause behind each side: its source and its words.
    pub old_source: Option<String>,
    pub old_text: Option<String>,
    pub new_source: Option<String>,
    pub new_text: Option<String>,
}

impl Change {
    fn new(change: &'static str, document: &str) -> Self {
        Change {
            change,
            document: document.to_string(),
            rule: None,
            label: None,
            field: None,
            from: None,
            old: None,
            new: None,
            old_source: None,
            old_text: None,
            new_source: None,
            new_text: None,
        }
    }
}

/// One rules file, read as TOML (both sets have been loaded and checked).
struct File {
    number: String,
    document: Table,
    rules: Vec<Table>,
    /// Top-level sections other than `[document]` and `[[rules]]`.
    other: Table,
    validity: Validity,
}

fn read(sources: &[(String, String)]) -> Vec<File> {
    let mut out = Vec::new();
    for (_, text) in sources {
        let Ok(mut t) = toml::from_str::<Table>(text) else {
            continue;
        };
        let Some(Value::Table(document)) = t.remove("document") else {
            continue;
        };
        let rules = match t.remove("rules") {
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|v| match v {
                    Value::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let date = |k: &str| {
            document
                .get(k)
                .and_then(Value::as_datetime)
                .and_then(|d| d.date)
                .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
        };
        let Some(from) = date("valid_from") else {
            continue;
        };
        out.push(File {
            number: str_of(&document, "number"),
            validity: Validity {
                from,
                until: date("valid_until"),
            },
            document,
            rules,
            other: t,
        });
    }
    out
}

fn str_of(t: &Table, k: &str) -> String {
    t.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A value as written in a rules file, on one line.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every difference from `old` to `new` (each a rules folder's files).
pub fn diff(old: &[(String, String)], new: &[(String, String)]) -> Vec<Change> {
    let (old, new) = (read(old), read(new));
    let mut out = Vec::new();
    for o in &old {
        if !new.iter().any(|n| n.number == o.number) {
            let mut c = Change::new("removed", &o.number);
            c.old = Some(str_of(&o.document, "title"));
            out.push(c);
        }
    }
    for n in &new {
        let Some(o) = old.iter().find(|o| o.number == n.number) else {
            let mut c = Change::new("added", &n.number);
            c.new = Some(str_of(&n.document, "title"));
            out.push(c);
            continue;
        };
        document(o, n, &mut out);
        rules(o, n, &mut out);
    }
    out
}

/// The `[document]` fields and the file's other sections, plain values.
fn document(o: &File, n: &File, out: &mut Vec<Change>) {
    for (ot, nt) in [(&o.document, &n.document), (&o.other, &n.other)] {
        for key in keys(ot, nt) {
            let (a, b) = (ot.get(&key), nt.get(&key));
            if a == b {
                continue;
            }
            let mut c = Change::new(kind_of(a, b), &n.number);
            c.field = Some(key);
            c.old = a.map(show);
            c.new = b.map(show);
            out.push(c);
        }
    }
}

fn kind_of(a: Option<&Value>, b: Option<&Value>) -> &'static str {
    match (a, b) {
        (None, _) => "added",
        (_, None) => "removed",
        _ => "changed",
    }
}

/// The keys of both tables, those of the old first, in order.
fn keys(a: &Table, b: &Table) -> Vec<String> {
    let mut out: Vec<String> = a.keys().cloned().collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    out
}

fn rules(o: &File, n: &File, out: &mut Vec<Change>) {
    let id = |t: &Table| str_of(t, "id");
    for r in &o.rules {
        if !n.rules.iter().any(|x| id(x) == id(r)) {
            let mut c = Change::new("removed", &n.number);
            c.rule = Some(id(r));
            c.label = Some(str_of(r, "label"));
            c.old_source = Some(format!("{} {}", o.number, str_of(r, "clause")));
            c.old_text = Some(str_of(r, "text"));
            out.push(c);
        }
    }
    for r in &n.rules {
        let Some(old) = o.rules.iter().find(|x| id(x) == id(r)) else {
            let mut c = Change::new("added", &n.number);
            c.rule = Some(id(r));
            c.label = Some(str_of(r, "label"));
            c.new_source = Some(format!("{} {}", n.number, str_of(r, "clause")));
            c.new_text = Some(str_of(r, "text"));
            out.push(c);
            continue;
        };
        let side = |f: &File, t: &Table| Side {
            validity: f.validity,
            source: format!("{} {}", f.number, str_of(t, "clause")),
            text: str_of(t, "text"),
        };
        let (so, sn) = (side(o, old), side(n, r));
        let base = Change {
            rule: Some(id(r)),
            label: Some(str_of(r, "label")),
            ..Change::new("changed", &n.number)
        };
        values("", old, r, &so, &sn, &base, out);
    }
}

/// One side of a comparison: its document's validity and the rule's clause.
struct Side {
    validity: Validity,
    source: String,
    text: String,
}

/// Compares two tables key by key; `params` one level down, so each
/// parameter is its own change.
fn values(
    prefix: &str,
    a: &Table,
    b: &Table,
    so: &Side,
    sn: &Side,
    base: &Change,
    out: &mut Vec<Change>,
) {
    for key in keys(a, b) {
        let name = format!("{prefix}{key}");
        match (a.get(&key), b.get(&key)) {
            (Some(Value::Table(x)), Some(Value::Table(y)))
                if prefix.is_empty() && key == "params" =>
            {
                values("params.", x, y, so, sn, base, out);
            }
            (x, y) => value(&name, x, y, so, sn, base, out),
        }
    }
}

/// A value's entries in force, plain or dated: (from, value, source, text).
fn timeline(v: &Value, side: &Side) -> Vec<(Date, Value, String, String)> {
    dated::timeline(v, side.validity)
        .unwrap_or_else(|| vec![(side.validity.from, v.clone(), String::new(), String::new())])
}

/// The entry in force on `date` (the first before any).
fn at(t: &[(Date, Value, String, String)], date: Date) -> Option<&(Date, Value, String, String)> {
    t.iter().rev().find(|e| e.0 <= date).or(t.first())
}

fn value(
    name: &str,
    a: Option<&Value>,
    b: Option<&Value>,
    so: &Side,
    sn: &Side,
    base: &Change,
    out: &mut Vec<Change>,
) {
    let clause = |e: &(Date, Value, String, String), s: &Side| {
        if e.2.is_empty() {
            (s.source.clone(), s.text.clone())
        } else {
            (e.2.clone(), e.3.clone())
        }
    };
    let (Some(a), Some(b)) = (a, b) else {
        let mut c = base.clone();
        c.change = kind_of(a, b);
        c.field = Some(name.to_string());
        c.old = a.map(show);
        c.new = b.map(show);
        out.push(c);
        return;
    };
    let (ta, tb) = (timeline(a, so), timeline(b, sn));
    let mut dates: Vec<Date> = ta.iter().chain(&tb).map(|e| e.0).collect();
    dates.sort();
    dates.dedup();
    let mut last: Option<(&Value, &Value)> = None;
    for d in dates {
        let (Some(ea), Some(eb)) = (at(&ta, d), at(&tb, d)) else {
            continue;
        };
        let pair = (&ea.1, &eb.1);
        if ea.1 == eb.1 || last == Some(pair) {
            last = Some(pair);
            continue;
        }
        last = Some(pair);
        let mut c = base.clone();
        c.field = Some(name.to_string());
        // A change from the document's first day is no dated revision.
        let dated = d != so.validity.from || d != sn.validity.from;
        c.from = dated.then(|| d.to_string());
        c.old = Some(show(&ea.1));
        c.new = Some(show(&eb.1));
        let (s, t) = clause(ea, so);
        (c.old_source, c.old_text) = (Some(s), Some(t));
        let (s, t) = clause(eb, sn);
        (c.new_source, c.new_text) = (Some(s), Some(t));
        out.push(c);
    }
}
