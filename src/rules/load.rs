//! Loading rules files: parse, resolve fields, validate everything, and name
//! the file, line and rule of every mistake.

use super::Kind;
use super::dated;
use super::params;
use super::{Category, Document, FieldRef, Rule, RuleSet};
use crate::project::parse::line_col;
use crate::project::schema::FieldType;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The rules shipped in `rules/`, embedded at build time: (file name, text).
pub static EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Every mistake found in a rule set, each naming file, line and rule.
#[derive(Debug, Clone)]
pub struct RulesError(pub Vec<String>);

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "规则文件有{}处错误:", self.0.len())?;
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RulesError {}

pub fn load_embedded() -> Result<RuleSet, RulesError> {
    let sources: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
    load_sources(&sources)
}

/// Largest rules file read (the shipped ones are a few dozen KB).
const MAX_RULES_FILE: u64 = 10 * 1024 * 1024;

/// Loads every `*.toml` of a folder, in file-name order.
pub fn load_dir(dir: &Path) -> Result<RuleSet, RulesError> {
    load_sources(&read_dir(dir)?)
}

/// The (file name, text) of every `*.toml` of a folder, in file-name order.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, RulesError> {
    let fail = |m: String| RulesError(vec![m]);
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let e = crate::os_error::describe(&e);
        fail(format!("{}: 无法读取规则目录: {e}", dir.display()))
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(fail(format!(
            "{}: 目录中没有 .toml 规则文件",
            dir.display()
        )));
    }
    let mut sources = Vec::new();
    for p in paths {
        // At most 10 MB, so a rules "file" that is /dev/zero or a pipe ends.
        let mut bytes = Vec::new();
        std::fs::File::open(&p)
            .and_then(|f| f.take(MAX_RULES_FILE + 1).read_to_end(&mut bytes))
            .map_err(|e| {
                let e = crate::os_error::describe(&e);
                fail(format!("{}: 无法读取: {e}", p.display()))
            })?;
        if bytes.len() as u64 > MAX_RULES_FILE {
            return Err(fail(format!("{}: 文件超过 10 MB", p.display())));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| fail(format!("{}: 不是 UTF-8 文本", p.display())))?;
        sources.push((p.display().to_string(), text));
    }
    Ok(sources)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    document: RawDocument,
    #[serde(default)]
    rules: Vec<toml::Spanned<toml::Table>>,
    plausibility: Option<super::plausibility::RawPlausibility>,
    agreement: Option<RawAgreement>,
}

/// `[agreement]`: why a project keeps the document in force when it signed
/// (reading 13), quoted in the note that replaces the expiry warning.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgreement {
    source: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    number: String,
    title: String,
    issued: params::Day,
    valid_from: params::Day,
    valid_until: Option<params::Day>,
    checked: params::Day,
    source: String,
    validity_text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    label: String,
    category: Category,
    clause: String,
    text: String,
    #[serde(default)]
    reading: String,
    #[serde(default)]
    inputs: Vec<FieldRef>,
    #[serde(default)]
    requires: Vec<FieldRef>,
    #[serde(default)]
    when: Vec<params::Condition>,
    #[serde(default)]
    preconditions: Vec<FieldRef>,
    #[serde(default)]
    claimable_after: Option<params::ClaimableAfter>,
    #[serde(default)]
    claimed_after_year: bool,
    #[serde(default)]
    rests_on: Vec<String>,
}

/// Loads and validates rules from (file name, text) pairs.
pub fn load_sources(sources: &[(String, String)]) -> Result<RuleSet, RulesError> {
    let mut errors = Vec::new();
    let mut documents = Vec::new();
    let mut rules = Vec::new();
    // Rules that failed to parse: references to them are not errors of
    // their own (the one mistake is reported once, at the rule).
    let mut broken: Vec<String> = Vec::new();
    // A file that is not TOML at all: its rules are unknown, so references
    // to them are not checked (they would all be reported as missing).
    let mut unreadable = false;
    let mut plausibility = None;
    let mut agreement = None;
    let mut hasher = Sha256::new();
    let mut sorted: Vec<&(String, String)> = sources.iter().collect();
    sorted.sort_by_key(|(n, _)| file_name(n));
    for (name, text) in sorted {
        hasher.update(file_name(name).as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
        let raw: RawFile = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let (line, _) = e.span().map_or((1, 1), |s| line_col(text, s.start));
                let message = e.message();
                // The deserializer's words on a [document], or else a syntax error.
                let message = match super::messages::zh(message) {
                    same if same == message.trim() => {
                        crate::project::parse::toml_message_zh(message)
                    }
                    zh => zh,
                };
                errors.push(format!("{name}:{line}: {message}"));
                unreadable = true;
                continue;
            }
        };
        if let Some((pos, c)) = control_character(text) {
            let line = line_col(text, pos).0;
            errors.push(format!(
                "{name}:{line}: 含有控制字符 U+{:04X}; 规则文件的文字只能含可见字符、空格、制表符和换行",
                u32::from(c)
            ));
            continue;
        }
        if let Some(p) = raw.plausibility {
            let line = text
                .find("[plausibility]")
                .map_or(1, |at| line_col(text, at).0);
            match super::plausibility::validate(p) {
                Ok(_) if plausibility.is_some() => errors.push(format!(
                    "{name}:{line}: [plausibility] 重复: 只能在一个规则文件中给出"
                )),
                Ok(p) => plausibility = Some(p),
                Err(es) => errors.extend(es.into_iter().map(|e| format!("{name}:{line}: {e}"))),
            }
        }
        if let Some(a) = raw.agreement {
            let line = text
                .find("[agreement]")
                .map_or(1, |at| line_col(text, at).0);
            if agreement.is_some() {
                errors.push(format!(
                    "{name}:{line}: [agreement] 重复: 只能在一个规则文件中给出"
                ));
            } else if a.source.trim().is_empty() || a.text.trim().is_empty() {
                errors.push(format!(
                    "{name}:{line}: [agreement] 的 source (依据) 和 text (原文) 不能为空"
                ));
            } else {
                agreement = Some(super::Agreement {
                    source: a.source.trim().to_string(),
                    text: a.text.trim().to_string(),
                });
            }
        }
        let doc = raw.document;
        if let Some(until) = doc.valid_until
            && until < doc.valid_from
        {
            errors.push(format!(
                "{name}: [document] 有效期止 {} 早于起始 {}",
                until.0, doc.valid_from.0
            ));
        }
        let index = documents.len();
        documents.push(Document {
            number: doc.number,
            title: doc.title,
            issued: doc.issued.0,
            valid_from: doc.valid_from.0,
            valid_until: doc.valid_until.map(|d| d.0),
            checked: doc.checked.0,
            source: doc.source,
            validity_text: doc.validity_text,
            file: name.clone(),
        });
        // Rules come in file order: count lines as we go, not from the top
        // for each rule (a file of thousands of rules would take minutes).
        let (mut line, mut counted) = (1, 0);
        for spanned in raw.rules {
            let start = spanned.span().start.clamp(counted, text.len());
            line += text
                .as_bytes()
                .get(counted..start)
                .unwrap_or_default()
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted = start;
            // The rule runs to the next rule of the file (its span may
            // leave out its `[rules.params]` table).
            let end = text
                .get(start + 1..)
                .and_then(|t| t.find("\n[[rules]]").map(|i| start + 1 + i))
                .unwrap_or(text.len())
                .max(spanned.span().end);
            let validity = dated::Validity {
                from: doc.valid_from.0,
                until: doc.valid_until.map(|d| d.0),
            };
            match parse_dated_rule(spanned.into_inner(), index, line, validity) {
                Ok(rule) => rules.push(rule),
                Err((id, mistakes)) => {
                    for (key, msg) in mistakes {
                        let at = key
                            .and_then(|k| dated::line_of(text, start, end, &k))
                            .unwrap_or(line);
                        errors.push(format!("{name}:{at}: 规则 {id}: {msg}"));
                    }
                    broken.push(id);
                }
            }
        }
    }
    // Rules in the order of their documents' issue (then file order): the
    // articles of 10号 come before the award types of 43号, in reports and in
    // the CSV columns, whatever the file names.
    rules.sort_by_key(|r| (documents[r.document].issued, r.document));
    let set = RuleSet {
        documents,
        rules,
        fingerprint: hex(&hasher.finalize()),
        plausibility: plausibility.unwrap_or_default(),
        agreement,
        resolved: Default::default(),
    };
    let checked = if unreadable {
        Vec::new()
    } else {
        validate(&set)
    };
    for (rule, msg) in checked {
        if broken
            .iter()
            .any(|b| msg.ends_with(&format!("引用了不存在的规则 {b}")))
        {
            continue;
        }
        let file = &set.documents[rule.document].file;
        let line = format!("{file}:{}: 规则 {}: {msg}", rule.line, rule.id);
        if !errors.contains(&line) {
            errors.push(line);
        }
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(RulesError(errors))
    }
}

/// The first key or string holding a control character other than tab and
/// line breaks (written as an escape such as `\u001b`): printed in a table,
/// it would garble or recolour the terminal. Returns its byte offset.
fn control_character(text: &str) -> Option<(usize, char)> {
    use toml::de::{DeTable, DeValue};
    fn bad(s: &str) -> Option<char> {
        s.chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    }
    fn in_value(v: &toml::Spanned<DeValue<'_>>) -> Option<(usize, char)> {
        match v.get_ref() {
            DeValue::String(s) => bad(s).map(|c| (v.span().start, c)),
            DeValue::Array(a) => a.iter().find_map(in_value),
            DeValue::Table(t) => in_table(t),
            _ => None,
        }
    }
    fn in_table(t: &DeTable<'_>) -> Option<(usize, char)> {
        t.iter().find_map(|(k, v)| {
            bad(k.get_ref())
                .map(|c| (k.span().start, c))
                .or_else(|| in_value(v))
        })
    }
    in_table(DeTable::parse(text).ok()?.get_ref())
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A mistake with the key it is written under, when known (to find its line).
type Located = (Option<String>, String);

/// A rule whose values may be dated: each version is parsed (and so checked)
/// as a plain rule; the rule itself is its first version. Mistakes carry the
/// key they are written under, when known, to find their line.
fn parse_dated_rule(
    table: toml::Table,
    document: usize,
    line: usize,
    validity: dated::Validity,
) -> Result<Rule, (String, Vec<Located>)> {
    let id = table
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_string();
    let tables = match dated::versions(&table, validity) {
        Ok(Some(v)) => v,
        Ok(None) => {
            return parse_rule(table, document, line).map_err(|(id, m)| (id, vec![(None, m)]));
        }
        Err(mistakes) => {
            return Err((
                id,
                mistakes.into_iter().map(|(k, m)| (Some(k), m)).collect(),
            ));
        }
    };
    let mut versions = Vec::with_capacity(tables.len());
    let mut mistakes = Vec::new();
    for v in tables {
        match parse_rule(v.table, document, line) {
            Ok(rule) => versions.push(super::Version {
                from: v.from,
                rule: Box::new(rule),
                changes: v.changes,
            }),
            Err((_, m)) => {
                // The line of the value that changes on that date, if one does.
                let key = v.changes.first().and_then(|c| {
                    c.param
                        .rsplit('.')
                        .next()
                        .map(|k| k.split('[').next().unwrap_or(k).to_string())
                });
                let names: Vec<&str> = v.changes.iter().map(|c| c.param.as_str()).collect();
                let names = if names.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", names.join(", "))
                };
                mistakes.push((key, format!("自 {} 起的取值{names}: {m}", v.from)));
            }
        }
    }
    if !mistakes.is_empty() {
        return Err((id, mistakes));
    }
    let Some(first) = versions.first() else {
        return Err((id, vec![(None, "按日期取值: 没有任何取值".into())]));
    };
    let mut rule = (*first.rule).clone();
    rule.versions = versions;
    Ok(rule)
}

fn parse_rule(
    mut table: toml::Table,
    document: usize,
    line: usize,
) -> Result<Rule, (String, String)> {
    let id = table
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_string();
    let fail = |m: String| (id.clone(), m);
    let kind_name = match table.remove("kind") {
        Some(toml::Value::String(k)) => k,
        Some(_) => return Err(fail("kind 应为字符串".into())),
        None => return Err(fail("缺少 kind".into())),
    };
    let params_table = match table.remove("params") {
        Some(toml::Value::Table(t)) => t,
        Some(_) => return Err(fail("params 应为表".into())),
        None => toml::Table::new(),
    };
    let raw: RawRule = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| fail(super::messages::zh(e.message())))?;
    let kind = Kind::parse(&kind_name, params_table).map_err(fail)?;
    Ok(Rule {
        id: raw.id,
        label: raw.label,
        category: raw.category,
        clause: raw.clause,
        text: raw.text,
        reading: raw.reading,
        document,
        inputs: raw.inputs,
        requires: raw.requires,
        when: raw.when,
        preconditions: raw.preconditions,
        claimable_after: raw.claimable_after,
        claimed_after_year: raw.claimed_after_year,
        rests_on: raw.rests_on,
        kind,
        line,
        versions: Vec::new(),
        in_force: None,
    })
}

fn is_bool(f: FieldRef) -> bool {
    f.0.spec().ty == FieldType::Bool
}

/// Cross-checks a whole set: ids, categories, references between rules, tier
/// shapes and parameter ranges.
fn validate(set: &RuleSet) -> Vec<(&Rule, String)> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rule in &set.rules {
        let mut err = |m: String| out.push((rule, m));
        if rule.id.is_empty()
            || !rule
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            err("id 只能由小写字母、数字和下划线组成".into());
        }
        if !seen.insert(rule.id.as_str()) {
            err("id 重复".into());
        }
        if !rule.kind.categories().contains(&rule.category) {
            let allowed: Vec<&str> = rule.kind.categories().iter().map(|c| c.key()).collect();
            err(format!(
                "计算类型 {} 的 category 应为 {}, 不能是 {}",
                rule.kind.name(),
                allowed.join(" 或 "),
                rule.category.key()
            ));
        }
        for p in &rule.preconditions {
            if !is_bool(*p) {
                err(format!("preconditions 只能是是/否字段: {}", p.path()));
            }
        }
        if let Some(c) = &rule.claimable_after {
            if c.fields.is_empty() {
                err("claimable_after.fields 不能为空".into());
            }
            for f in &c.fields {
                if f.0.spec().ty != FieldType::Date || f.0.spec().group().is_some() {
                    err(format!(
                        "claimable_after 只能是项目的日期字段: {}",
                        f.path()
                    ));
                }
            }
        }
        if rule.claimed_after_year && rule.category != Category::CashMultiYear {
            err(format!(
                "claimed_after_year 只用于分年奖补 (cash_multi_year) 的规则, 本规则的 category 是 {}; 一次性奖补列入可申报的年度",
                rule.category.key()
            ));
        }
        for r in &rule.rests_on {
            if !set.documents.iter().any(|d| r.starts_with(&d.number)) {
                err(format!("rests_on {r:?} 应以已载入文件的文号开头"));
            }
        }
        for m in validate_kind(set, rule) {
            err(m);
        }
        // Every later version is checked as the rule itself would be.
        for v in rule.versions.iter().skip(1) {
            for m in validate_kind(set, &v.rule) {
                err(format!("自 {} 起的取值: {m}", v.from));
            }
        }
    }
    out
}

/// The checks of the rule's own kind of calculation.
fn validate_kind(set: &RuleSet, rule: &Rule) -> Vec<String> {
    rule.kind.params().problems(set, rule)
}
