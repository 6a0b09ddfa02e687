//! Tests as data: a case file is a project file plus a `[case]` table (the
//! evaluation date, a description) and an `[expect]` table (statuses, amounts,
//! schedules and totals it must produce, or the error it must raise). Staff
//! editing `rules/` and `cargo test` run the same cases.

use crate::engine::{self, Options};
use crate::model::{Report, Status};
use crate::money;
use crate::project::parse::from_toml;
use crate::rules::RuleSet;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseMeta {
    #[serde(default)]
    description: String,
    as_of: Option<toml::value::Datetime>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    worked: String,
    #[serde(default)]
    set: Vec<String>,
    /// Overrides of a scenario compared with the case's project (`[expect.diff]`
    /// holds the expected differences, scenario − baseline).
    #[serde(default)]
    compare_set: Vec<String>,
    /// A project file to use instead of this file's own sections, relative to
    /// the case file (so an example can be checked without copying it).
    project: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    error_contains: Option<Vec<String>>,
    #[serde(default)]
    items: BTreeMap<String, ExpectItem>,
    #[serde(default)]
    totals: BTreeMap<String, String>,
    #[serde(default)]
    warnings_contain: Vec<String>,
    /// Text no warning may contain (a figure at a bound is not flagged).
    #[serde(default)]
    warnings_not_contain: Vec<String>,
    /// Text some note must contain: a note of the project (`notes`) or of an
    /// item (its `assumptions`); notes are not warnings.
    #[serde(default)]
    notes_contain: Vec<String>,
    /// Text no note (of the project or of any item) may contain.
    #[serde(default)]
    notes_not_contain: Vec<String>,
    /// The application's award year (评审年度).
    award_year: Option<i16>,
    /// Whether some item needs input (what makes strict mode exit 1).
    needs_input: Option<bool>,
    /// Payment year → the cash total paid that year (lower bound).
    by_payment_year: Option<BTreeMap<String, String>>,
    diff: Option<ExpectDiff>,
}

impl Expect {
    /// Nothing to check: a case like this would pass whatever the program
    /// computes, so it is counted as a failure, not a pass.
    fn is_empty(&self) -> bool {
        self.error_contains.as_ref().is_none_or(Vec::is_empty)
            && self.items.values().all(ExpectItem::is_empty)
            && self.totals.is_empty()
            && self.warnings_contain.is_empty()
            && self.warnings_not_contain.is_empty()
            && self.notes_contain.is_empty()
            && self.notes_not_contain.is_empty()
            && self.award_year.is_none()
            && self.needs_input.is_none()
            && self.by_payment_year.is_none()
            && self.diff.as_ref().is_none_or(|d| {
                d.totals.is_empty()
                    && d.items
                        .values()
                        .all(|i| i.amount.is_none() && i.amount_max.is_none())
            })
    }
}

impl ExpectItem {
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.amount.is_none()
            && self.amount_max.is_none()
            && self.schedule.as_ref().is_none_or(BTreeMap::is_empty)
            && self.missing.is_none()
            && self.not_missing.as_ref().is_none_or(Vec::is_empty)
            && self.reason_contains.is_none()
            && self.payment_year.is_none()
            && self.entries.as_ref().is_none_or(BTreeMap::is_empty)
            && self.criteria.as_ref().is_none_or(BTreeMap::is_empty)
            && self.next_tier.is_none()
    }
}

/// Expected differences of the `compare_set` scenario against the case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectDiff {
    #[serde(default)]
    items: BTreeMap<String, ExpectDiffItem>,
    #[serde(default)]
    totals: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectDiffItem {
    amount: Option<String>,
    amount_max: Option<String>,
}

/// `next_tier = "none"`, or the four figures of the next tier (and, when
/// given, what the project's cash total gains there).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ExpectNextTier {
    None(String),
    Tier {
        field: String,
        increase: String,
        amount: String,
        gain: String,
        cash_gain: Option<String>,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectItem {
    status: Option<String>,
    amount: Option<String>,
    amount_max: Option<String>,
    schedule: Option<BTreeMap<String, String>>,
    missing: Option<Vec<String>>,
    /// Fields the item must not ask for (an explicit no makes them moot).
    not_missing: Option<Vec<String>>,
    reason_contains: Option<String>,
    /// Every non-zero schedule entry is paid in this year.
    payment_year: Option<i16>,
    /// Schedule year → the round it is claimed in, its deadline and the
    /// payment year.
    entries: Option<BTreeMap<String, ExpectEntry>>,
    /// Criterion id → met (a recognition's criteria).
    criteria: Option<BTreeMap<String, bool>>,
    next_tier: Option<ExpectNextTier>,
}

/// Where one schedule entry is claimed and paid (any subset).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectEntry {
    award_year: Option<i16>,
    deadline: Option<String>,
    payment_year: Option<i16>,
}

/// The parts of a case file the runner reads; project sections are ignored here.
#[derive(Debug, Deserialize)]
struct CaseFile {
    #[serde(default)]
    case: CaseMeta,
    #[serde(default)]
    expect: Expect,
}

/// The result of one case: its path and every mismatch found.
#[derive(Debug)]
pub struct CaseResult {
    pub path: PathBuf,
    pub description: String,
    /// How the expected figures were worked by hand.
    pub worked: String,
    pub failures: Vec<String>,
}

/// The case files below a folder, and what was passed over.
#[derive(Debug, Default)]
pub struct Found {
    /// Every `*.toml` that is a regular file (directly or through a link), sorted.
    pub files: Vec<PathBuf>,
    /// Paths not read, each with why (a pipe, a device, a linked folder).
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Every `*.toml` below a folder (or the file itself), sorted.
pub fn case_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(find_cases(path)?.files)
}

/// Walks `path` for case files. Folders reached through a symbolic link are
/// not entered (a link loop would count a case again and again); a named
/// pipe, socket or device is never opened (reading a pipe would wait for
/// ever). A case that is a link to a regular file is read.
pub fn find_cases(path: &Path) -> std::io::Result<Found> {
    let meta = std::fs::metadata(path)?;
    let mut found = Found::default();
    if meta.is_file() {
        found.files.push(path.to_path_buf());
    } else if meta.is_dir() {
        walk(path, &mut found)?;
    } else {
        return Err(std::io::Error::other("既不是用例文件也不是目录"));
    }
    found.files.sort();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Found) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let p = entry.path();
        let own = entry.file_type()?;
        if own.is_dir() {
            walk(&p, found)?;
            continue;
        }
        let toml = p.extension().is_some_and(|x| x == "toml");
        // What a link points at (a link's own type says only "link").
        let target = if own.is_symlink() {
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => {
                    found.skipped.push((p, "链接到目录, 未进入"));
                    continue;
                }
                Ok(m) => m.file_type(),
                Err(_) if toml => {
                    found.skipped.push((p, "链接无效"));
                    continue;
                }
                Err(_) => continue,
            }
        } else {
            own
        };
        if !toml {
            continue;
        }
        if target.is_file() {
            found.files.push(p);
        } else {
            found
                .skipped
                .push((p, "不是普通文件 (管道、设备或套接字), 未读取"));
        }
    }
    Ok(())
}

/// A named pipe or socket: opening one waits for a writer, for ever.
fn is_pipe(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata(p).is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_socket())
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        false
    }
}

/// Runs one case file against a rule set; `today` stands for the evaluation
/// date when neither the case nor its project gives one.
pub fn run_case(rules: &RuleSet, path: &Path, today: Date) -> CaseResult {
    let mut result = CaseResult {
        path: path.to_path_buf(),
        description: String::new(),
        worked: String::new(),
        failures: Vec::new(),
    };
    // Read as `calc` reads a project: at most 10 MB (a case may point at
    // /dev/zero or a pipe), UTF-8.
    let text = match crate::project::file::read_input(path) {
        Ok(t) => t,
        Err(e) => {
            result.failures.push(format!("无法读取: {e}"));
            return result;
        }
    };
    let file: CaseFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            result
                .failures
                .push(format!("用例格式有误: {}", e.message().trim()));
            return result;
        }
    };
    result.description = file.case.description.clone();
    result.worked = file.case.worked.clone();
    let project_text = match &file.case.project {
        Some(rel) => {
            let p = path.parent().unwrap_or(Path::new(".")).join(rel);
            if is_pipe(&p) {
                result.failures.push(format!(
                    "项目文件 {} 是命名管道或套接字, 未读取 (读取会一直等待)",
                    p.display()
                ));
                return result;
            }
            match crate::project::file::read_input(&p) {
                Ok(t) => t,
                Err(e) => {
                    result
                        .failures
                        .push(format!("无法读取项目文件 {}: {e}", p.display()));
                    return result;
                }
            }
        }
        None => text,
    };
    // After the project is read, so that an unreadable one is said first.
    if file.expect.is_empty() {
        result
            .failures
            .push("用例没有预期结果 ([expect] 中没有任何要核对的项)".into());
        return result;
    }
    let outcome = evaluate(rules, &project_text, &file.case, today);
    match (&file.expect.error_contains, outcome) {
        (Some(needles), Err(message)) => {
            for n in needles {
                if !message.contains(n.as_str()) {
                    result
                        .failures
                        .push(format!("错误信息应包含 {n:?}, 实为: {message}"));
                }
            }
        }
        (Some(_), Ok(_)) => result.failures.push("应报输入错误, 却计算成功".into()),
        (None, Err(message)) => result.failures.push(format!("计算失败: {message}")),
        (None, Ok((report, diff))) => {
            result.failures = compare(rules, &file.expect, &report);
            result
                .failures
                .extend(compare_diff(&file.expect, diff.as_ref()));
        }
    }
    result
}

/// The case's report (with its next tiers) and, with `compare_set`, the
/// differences of that scenario.
fn evaluate(
    rules: &RuleSet,
    text: &str,
    meta: &CaseMeta,
    today: Date,
) -> Result<(Report, Option<crate::render::compare::Diff>), String> {
    let mut project = from_toml(text, &["case", "expect"]).map_err(|e| e.to_string())?;
    crate::project::parse::apply_sets(&mut project, &meta.set).map_err(|e| e.to_string())?;
    let as_of = match &meta.as_of {
        Some(dt) => Some(crate::project::value::parse_date(&dt.to_string())?),
        None => None,
    };
    let opts = Options {
        as_of,
        today,
        strict: meta.strict,
        texts: true,
        checklist: true,
    };
    let full = |p: &crate::project::Project| -> Result<Report, String> {
        let mut r = engine::evaluate(rules, p, opts).map_err(|e| e.to_string())?;
        engine::next_tier::annotate(rules, p, opts, &mut r).map_err(|e| e.to_string())?;
        Ok(r)
    };
    let report = full(&project)?;
    if meta.compare_set.is_empty() {
        return Ok((report, None));
    }
    let mut scenario = project.clone();
    crate::project::parse::apply_sets(&mut scenario, &meta.compare_set)
        .map_err(|e| format!("compare_set: {e}"))?;
    let other = full(&scenario)?;
    let diff = crate::render::compare::diff(&report, &other);
    Ok((report, Some(diff)))
}

/// Compares the scenario's differences with `[expect.diff]`.
fn compare_diff(expect: &Expect, diff: Option<&crate::render::compare::Diff>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(want) = &expect.diff else {
        return out;
    };
    let Some(diff) = diff else {
        out.push("[expect.diff] 需要 [case] compare_set".into());
        return out;
    };
    for (id, w) in &want.items {
        let Some((_, lo, hi)) = diff.items.iter().find(|(x, _, _)| x == id) else {
            out.push(format!("diff.items.{id}: 没有这条规则"));
            continue;
        };
        for (what, expected, actual) in
            [("amount", &w.amount, lo), ("amount_max", &w.amount_max, hi)]
        {
            if let Some(e) = expected
                && *e != money::fixed2(*actual)
            {
                out.push(format!(
                    "diff.items.{id}.{what}: 应为 {e}, 实为 {}",
                    money::fixed2(*actual)
                ));
            }
        }
    }
    for (key, w) in &want.totals {
        match diff.totals.iter().find(|(k, _)| k == key) {
            Some((_, d)) if money::fixed2(*d) == *w => {}
            Some((_, d)) => out.push(format!(
                "diff.totals.{key}: 应为 {w}, 实为 {}",
                money::fixed2(*d)
            )),
            None => out.push(format!("diff.totals.{key}: 没有这个合计")),
        }
    }
    out
}

/// Compares a report with the expectations, naming rule, expected and actual.
fn compare(rules: &RuleSet, expect: &Expect, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for (id, want) in &expect.items {
        let Some(item) = report.item(id) else {
            out.push(format!("{id}: 没有这条规则"));
            continue;
        };
        let article = rules.get(id).map(|r| rules.article(r)).unwrap_or_default();
        let mut check = |what: &str, expected: &str, actual: String| {
            if expected != actual {
                out.push(format!(
                    "{id} ({article}) {what}: 应为 {expected}, 实为 {actual}"
                ));
            }
        };
        if let Some(s) = &want.status {
            if Status::parse(s).is_none() {
                check("status", s, "(未知状态)".into());
            }
            check("status", s, item.status.key().to_string());
        }
        if let Some(a) = &want.amount {
            check("amount", a, money::fixed2(item.amount));
        }
        if let Some(a) = &want.amount_max {
            check("amount_max", a, money::fixed2(item.amount_max));
        }
        if let Some(schedule) = &want.schedule {
            let actual: BTreeMap<String, String> = item
                .schedule
                .iter()
                .filter(|e| !e.amount.is_zero())
                .map(|e| (e.year.to_string(), money::fixed2(e.amount)))
                .collect();
            check("schedule", &format!("{schedule:?}"), format!("{actual:?}"));
        }
        if let Some(m) = &want.missing {
            // `missing = []`: the item asks for nothing.
            if m.is_empty() && !item.missing.is_empty() {
                check("missing", "[]", format!("{:?}", item.missing));
            }
            for field in m {
                if !item.missing.iter().any(|x| x.contains(field.as_str())) {
                    check("missing", field, format!("{:?}", item.missing));
                }
            }
        }
        for field in want.not_missing.iter().flatten() {
            if item.missing.iter().any(|x| x.contains(field.as_str())) {
                check(
                    "not_missing",
                    &format!("(不应要求 {field})"),
                    format!("{:?}", item.missing),
                );
            }
        }
        if let Some(y) = want.payment_year {
            let years: Vec<i16> = item
                .schedule
                .iter()
                .filter(|e| !(e.amount.is_zero() && e.amount_max.is_zero()))
                .map(|e| e.payment_year)
                .collect();
            if years.is_empty() || years.iter().any(|p| *p != y) {
                check("payment_year", &y.to_string(), format!("{years:?}"));
            }
        }
        for (year, e) in want.entries.iter().flatten() {
            let Some(got) = item.schedule.iter().find(|x| x.year.to_string() == *year) else {
                check(
                    &format!("entries.{year}"),
                    "(分年条目)",
                    "(没有这一年)".into(),
                );
                continue;
            };
            if let Some(y) = e.award_year {
                check(
                    &format!("entries.{year}.award_year"),
                    &y.to_string(),
                    got.award_year.to_string(),
                );
            }
            if let Some(d) = &e.deadline {
                check(
                    &format!("entries.{year}.deadline"),
                    d,
                    got.deadline.clone().unwrap_or_default(),
                );
            }
            if let Some(y) = e.payment_year {
                check(
                    &format!("entries.{year}.payment_year"),
                    &y.to_string(),
                    got.payment_year.to_string(),
                );
            }
        }
        if let Some(criteria) = &want.criteria {
            for (cid, met) in criteria {
                match item.criteria.iter().find(|c| &c.id == cid) {
                    Some(c) => check(
                        &format!("criteria.{cid}"),
                        &met.to_string(),
                        c.met.to_string(),
                    ),
                    None => check(
                        &format!("criteria.{cid}"),
                        &met.to_string(),
                        "(没有这项条件)".into(),
                    ),
                }
            }
        }
        match (&want.next_tier, &item.next_tier) {
            (None, _) => {}
            (Some(ExpectNextTier::None(s)), actual) => {
                if s != "none" {
                    check("next_tier", s, "(应为 \"none\" 或一张表)".into());
                } else if let Some(n) = actual {
                    check("next_tier", "none", format!("{n:?}"));
                }
            }
            (Some(ExpectNextTier::Tier { .. }), None) => {
                check("next_tier", "(一个下一档)", "none".into());
            }
            (
                Some(ExpectNextTier::Tier {
                    field,
                    increase,
                    amount,
                    gain,
                    cash_gain,
                }),
                Some(n),
            ) => {
                check("next_tier.field", field, n.field.clone());
                check("next_tier.increase", increase, money::fixed2(n.increase));
                check("next_tier.amount", amount, money::fixed2(n.amount));
                check("next_tier.gain", gain, money::fixed2(n.gain));
                if let Some(c) = cash_gain {
                    check("next_tier.cash_gain", c, money::fixed2(n.cash_gain));
                }
            }
        }
        if let Some(r) = &want.reason_contains {
            let reason = item.reason.clone().unwrap_or_default();
            if !reason.contains(r.as_str()) {
                check("reason", r, reason);
            }
        }
    }
    let totals: BTreeMap<&str, String> = report
        .totals
        .pairs()
        .into_iter()
        .map(|(k, v)| (k, money::fixed2(v)))
        .collect();
    for (key, want) in &expect.totals {
        match totals.get(key.as_str()) {
            Some(actual) if actual == want => {}
            Some(actual) => out.push(format!("totals.{key}: 应为 {want}, 实为 {actual}")),
            None => out.push(format!("totals.{key}: 没有这个合计")),
        }
    }
    if let Some(y) = expect.award_year
        && report.application.award_year != y
    {
        out.push(format!(
            "award_year: 应为 {y}, 实为 {} ({})",
            report.application.award_year, report.application.note
        ));
    }
    if let Some(want) = &expect.by_payment_year {
        let actual: BTreeMap<String, String> = report
            .by_payment_year
            .iter()
            .map(|y| (y.payment_year.to_string(), money::fixed2(y.cash_total.low)))
            .collect();
        if *want != actual {
            out.push(format!("by_payment_year: 应为 {want:?}, 实为 {actual:?}"));
        }
    }
    if let Some(want) = expect.needs_input
        && report.needs_input() != want
    {
        let asking: Vec<&str> = report
            .items
            .iter()
            .filter(|i| i.status == Status::NeedsInput)
            .map(|i| i.id.as_str())
            .collect();
        out.push(format!("needs_input: 应为 {want}, 实为 {asking:?}"));
    }
    for w in &expect.warnings_contain {
        if !report.warnings.iter().any(|x| x.contains(w.as_str())) {
            out.push(format!("warnings 应包含 {w:?}, 实为 {:?}", report.warnings));
        }
    }
    for w in &expect.warnings_not_contain {
        if let Some(hit) = report.warnings.iter().find(|x| x.contains(w.as_str())) {
            out.push(format!("warnings 不应包含 {w:?}, 实有: {hit}"));
        }
    }
    let notes: Vec<&String> = report
        .notes
        .iter()
        .chain(report.items.iter().flat_map(|i| &i.assumptions))
        .collect();
    for w in &expect.notes_contain {
        if !notes.iter().any(|x| x.contains(w.as_str())) {
            out.push(format!("notes 应包含 {w:?}, 实为 {notes:?}"));
        }
    }
    for w in &expect.notes_not_contain {
        if let Some(hit) = notes.iter().find(|x| x.contains(w.as_str())) {
            out.push(format!("notes 不应包含 {w:?}, 实有: {hit}"));
        }
    }
    out
}
