//! Negotiation without the command line: scenarios against a baseline,
//! several projects side by side and their JSON shapes. `cli::negotiate`
//! reads the flags and picks the renderer; benches call this directly.

use crate::engine::{self, Options, next_tier};
use crate::model::{Override, Report};
use crate::project::Project;
use crate::project::file::read_input;
use crate::project::parse::apply_sets;
use crate::render::compare;
use crate::rules::RuleSet;
use anyhow::Context;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::Path;

/// Most scenarios in one run (`--scenario` and `--scenarios FILE` together),
/// and most projects side by side: each is a full report kept for the
/// table, about 0.6 MB of memory, and a table of 100 columns is unreadable.
pub const MAX_SCENARIOS: usize = 100;

/// Largest scenario file: 100 scenarios of a few overrides need a few KB.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 256 * 1024;

/// A named set of overrides.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub set: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    scenario: Vec<Scenario>,
}

/// Reads `名称: K=V, K=V`. Commas inside a value (`1,200,000.00`) stay with
/// it: a piece without `=` belongs to the value before it.
pub fn parse_scenario(text: &str) -> Result<Scenario, String> {
    let (name, sets) = text
        .split_once([':', '：'])
        .ok_or_else(|| format!("--scenario 应为 '名称: K=V, K=V', 缺少冒号: {text:?}"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("--scenario 缺少名称: {text:?}"));
    }
    let mut set: Vec<String> = Vec::new();
    for piece in sets.split([',', '，']) {
        match set.last_mut() {
            Some(last) if !piece.contains('=') => {
                last.push(',');
                last.push_str(piece);
            }
            _ if piece.trim().is_empty() => {}
            _ => set.push(piece.trim().to_string()),
        }
    }
    if set.is_empty() {
        return Err(format!("--scenario {name}: 没有 K=V"));
    }
    let set = set.into_iter().map(|s| s.trim().to_string()).collect();
    Ok(Scenario {
        name: name.to_string(),
        set,
    })
}

/// The scenarios of a scenario file (TOML `[[scenario]] name, set`), at most
/// [`MAX_SCENARIO_FILE_BYTES`] read.
pub fn read_scenario_file(path: &Path) -> anyhow::Result<Vec<Scenario>> {
    let too_big = || {
        anyhow::anyhow!(
            "{}: 方案文件超过 {} KB, 最多 {MAX_SCENARIOS} 个方案; 请分成几次对比",
            path.display(),
            MAX_SCENARIO_FILE_BYTES / 1024
        )
    };
    // A regular file is measured before reading; standard input or a
    // pipe after (read_input stops at 10 MB).
    let len = std::fs::metadata(path).map_or(0, |m| if m.is_file() { m.len() } else { 0 });
    if len > MAX_SCENARIO_FILE_BYTES {
        return Err(too_big());
    }
    let text = read_input(path)?;
    if text.len() as u64 > MAX_SCENARIO_FILE_BYTES {
        return Err(too_big());
    }
    let file: ScenarioFile = toml::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: 方案文件有误: {}", path.display(), e.message().trim()))?;
    Ok(file.scenario)
}

/// A full report with its next tiers; `shown` names the project in errors.
pub fn report(
    rules: &RuleSet,
    project: &Project,
    opts: Options,
    shown: &str,
) -> anyhow::Result<Report> {
    let mut r =
        engine::evaluate(rules, project, opts).with_context(|| format!("{shown}: 无法测算"))?;
    next_tier::annotate(rules, project, opts, &mut r)
        .with_context(|| format!("{shown}: 无法测算下一档"))?;
    Ok(r)
}

/// The baseline and, for each scenario, the project with its overrides;
/// `shown` names the project in errors.
pub fn evaluate_scenarios(
    rules: &RuleSet,
    base: &Project,
    list: &[Scenario],
    opts: Options,
    shown: &str,
) -> anyhow::Result<(Report, Vec<Report>)> {
    let baseline = report(rules, base, opts, shown)?;
    let mut reports = Vec::new();
    for s in list {
        let mut p = base.clone();
        apply_sets(&mut p, &s.set).with_context(|| format!("方案 {}: --set 有误", s.name))?;
        let mut r = report(rules, &p, opts, &format!("{shown} (方案 {})", s.name))?;
        // The scenario's calc JSON names its overrides like any --set run.
        r.overrides = Override::from_sets(&s.set);
        reports.push(r);
    }
    Ok((baseline, reports))
}

/// One of several projects side by side, with the run's `--set` overrides
/// applied; `shown` names it in errors.
pub fn evaluate_project(
    rules: &RuleSet,
    project: &mut Project,
    sets: &[String],
    opts: Options,
    shown: &str,
) -> anyhow::Result<Report> {
    apply_sets(project, sets).with_context(|| format!("{shown}: --set 有误"))?;
    let mut r = report(rules, project, opts, shown)?;
    r.overrides = Override::from_sets(sets);
    Ok(r)
}

fn overrides(sets: &[String]) -> Value {
    let list: Vec<Value> = sets
        .iter()
        .map(|s| {
            let (k, v) = s.split_once('=').unwrap_or((s, ""));
            json!({"field": k.trim(), "value": v.trim()})
        })
        .collect();
    Value::Array(list)
}

/// The JSON of a scenario comparison: one scenario as `scenario` and `diff`,
/// several as a `scenarios` list.
pub fn scenarios_json(baseline: &Report, list: &[Scenario], reports: &[Report]) -> Value {
    if let ([_], [one]) = (list, reports) {
        return json!({
            "baseline": baseline,
            "scenario": one,
            "diff": compare::diff(baseline, one),
        });
    }
    let items: Vec<Value> = list
        .iter()
        .zip(reports)
        .map(|(s, r)| {
            json!({
                "name": s.name,
                "overrides": overrides(&s.set),
                "report": r,
                "diff": compare::diff(baseline, r),
            })
        })
        .collect();
    json!({ "baseline": baseline, "scenarios": items })
}

/// The JSON of several projects; with `compare`, each one's difference from
/// the first.
pub fn projects_json(reports: &[Report], compare: bool) -> Value {
    let mut v = json!({ "projects": reports });
    if let (true, Some((first, rest))) = (compare, reports.split_first()) {
        let diffs: Vec<Value> = rest
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut d = serde_json::to_value(compare::diff(first, r)).unwrap_or(Value::Null);
                d["project"] = json!(k + 1);
                d
            })
            .collect();
        v["diffs"] = Value::Array(diffs);
    }
    v
}

/// A column title: the project's name, else its id, else the file name.
pub fn title(r: &Report, path: &Path) -> String {
    r.project
        .name
        .clone()
        .or_else(|| r.project.id.clone())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_text_keeps_commas_inside_values() {
        let s = parse_scenario("大方案: investment.total=1,200,000.00, land.area_mu=120").unwrap();
        assert_eq!(s.name, "大方案");
        assert_eq!(
            s.set,
            vec!["investment.total=1,200,000.00", "land.area_mu=120"]
        );
        let s =
            parse_scenario("乙：investment.total=1亿，employment.insured_employees=50").unwrap();
        assert_eq!(s.name, "乙");
        assert_eq!(s.set.len(), 2);
        assert!(parse_scenario("no colon").is_err());
        assert!(parse_scenario(": a=1").is_err());
        assert!(parse_scenario("x: ").is_err());
    }
}
