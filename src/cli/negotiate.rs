//! `calc` for a negotiation: scenarios against a baseline (`--compare`,
//! `--scenario`, `--scenarios FILE`), several projects side by side
//! (`calc A.toml B.toml …`) and one field swept along a range (`--sweep`).

use super::calc::{Args, Format};
use crate::engine::{self, Options, next_tier};
use crate::model::{Override, Report, Status};
use crate::project::Project;
use crate::project::file::read_input;
use crate::project::parse::{apply_sets, from_toml};
use crate::render::compare::{self, Column};
use crate::render::docx;
use crate::render::{chart, sweep};
use crate::rules::RuleSet;
use anyhow::{Context, bail};
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The flags of `calc` that go beyond one project.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Flags {
    /// 更多项目文件: 与第一个项目并列比较 (several projects side by side)
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,
    /// 对比: 基准与 --set (或 --scenario) 方案的差额; 多个项目时为与第一个项目的差额
    #[arg(long)]
    pub compare: bool,
    /// 方案 '名称: K=V, K=V', 可重复, 每个方案一列 (a named scenario; repeatable, one column each)
    #[arg(long = "scenario", value_name = "NAME: K=V, ...")]
    pub scenario: Vec<String>,
    /// 方案文件 (TOML: [[scenario]] name = "…", set = ["K=V", …])
    #[arg(long = "scenarios", value_name = "FILE")]
    pub scenarios_file: Option<PathBuf>,
    /// 沿一个字段扫描, 如 investment.total=5000万..12亿 或 固定资产投资=3亿..5亿 (字段名同 --set), 不能与方案同用 (sweep one field along a range; not with scenarios)
    #[arg(long, value_name = "FIELD=FROM..TO", conflicts_with_all = ["compare", "scenario", "scenarios_file", "more"])]
    pub sweep: Option<String>,
    /// 扫描时另取的等距点数 (含两端), 最多 1000
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = parse_steps)]
    pub steps: usize,
    /// 扫描曲线另存为图片, .svg 或 .png (需本机有中文字体) (save the sweep as an SVG or PNG chart)
    #[arg(long, value_name = "FILE.svg|FILE.png")]
    pub plot: Option<PathBuf>,
    /// 允许替换只读的图片文件 (--plot) (replace a read-only --plot file)
    #[arg(long)]
    pub force: bool,
}

impl Flags {
    /// Whether this run is more than one project's report.
    pub fn wanted(&self) -> bool {
        !self.more.is_empty()
            || self.compare
            || !self.scenario.is_empty()
            || self.scenarios_file.is_some()
            || self.sweep.is_some()
            || self.plot.is_some()
    }
}

/// Most evenly spaced points a sweep takes: each is one evaluation and one
/// JSON object (a point is a few KB), and a chart shows no more detail.
pub const MAX_STEPS: usize = 1_000;

/// Most scenarios in one run (`--scenario` and `--scenarios FILE` together),
/// and most projects side by side: each is a full report kept for the
/// table, about 0.6 MB of memory, and a table of 100 columns is unreadable.
pub const MAX_SCENARIOS: usize = 100;

/// Largest scenario file: 100 scenarios of a few overrides need a few KB.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 256 * 1024;

/// `--steps N`: at most [`MAX_STEPS`]; larger is a usage error.
fn parse_steps(s: &str) -> Result<usize, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n <= MAX_STEPS as u64 => Ok(n as usize),
        _ => Err(format!("应为 0 到 {MAX_STEPS} 之间的整数")),
    }
}

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

pub(super) fn options(args: &Args) -> Options {
    Options {
        as_of: args.as_of,
        today: super::today(),
        strict: args.strict,
        texts: true,
        checklist: true,
    }
}

pub(super) fn load(path: &Path) -> anyhow::Result<Project> {
    let text = read_input(path)?;
    let shown = path.display();
    from_toml(&text, &[]).with_context(|| format!("{shown}: 项目文件有误"))
}

/// A full report with its next tiers.
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

fn emit(args: &Args, out: &str) -> anyhow::Result<()> {
    super::calc::write_out(args, out.as_bytes())
}

pub(super) fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// Strict mode: exit 1 when some report needs input.
pub(super) fn strict_exit(args: &Args, reports: &[&Report]) -> ExitCode {
    let ids: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.items.iter())
        .filter(|i| i.status == Status::NeedsInput)
        .map(|i| i.id.as_str())
        .collect();
    if args.strict && !ids.is_empty() {
        eprintln!(
            "{}: 严格模式: 以下项目需补充信息: {}",
            super::NAME,
            ids.join(", ")
        );
        return ExitCode::from(super::EXIT_INPUT);
    }
    ExitCode::SUCCESS
}

pub fn run(args: &Args, rules: &RuleSet) -> anyhow::Result<ExitCode> {
    let flags = &args.negotiate;
    let columns = flags.scenario.len().max(flags.more.len() + 1);
    if columns > MAX_SCENARIOS {
        eprintln!(
            "{}: 用法错误 (usage): 一次最多比较 {MAX_SCENARIOS} 个方案或项目, 这里有 {columns} 个; 请分成几次对比",
            super::NAME
        );
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    if flags.plot.is_some() && flags.sweep.is_none() {
        bail!("--plot 只用于 --sweep");
    }
    if flags.sweep.is_some() {
        return run_sweep(args, rules);
    }
    if !flags.more.is_empty() {
        return run_projects(args, rules);
    }
    run_scenarios(args, rules)
}

/// What `--plot` and `-o` must not replace: every file this run reads.
pub(super) fn input_guard(args: &Args) -> crate::sink::Guard {
    let flags = &args.negotiate;
    crate::sink::Guard::new(flags.force)
        .input(&args.project)
        .inputs(flags.more.iter().map(PathBuf::as_path))
        .inputs(flags.scenarios_file.as_deref())
        .rules_dir(args.rules.rules.as_deref())
        .rules_dir(args.baseline_rules.as_deref())
}

fn run_sweep(args: &Args, rules: &RuleSet) -> anyhow::Result<ExitCode> {
    let flags = &args.negotiate;
    // clap refuses these with a usage error; kept for callers of `run`.
    if !flags.more.is_empty()
        || flags.compare
        || !flags.scenario.is_empty()
        || flags.scenarios_file.is_some()
    {
        bail!("--sweep 只用于一个项目, 不能与多个项目或 --compare/--scenario/--scenarios 同用");
    }
    let spec = engine::sweep::Spec::parse(flags.sweep.as_deref().unwrap_or_default())
        .map_err(anyhow::Error::msg)?;
    if let Some(plot) = &flags.plot {
        input_guard(args).check_path(plot)?;
    }
    let shown = args.project.display().to_string();
    let mut project = load(&args.project)?;
    apply_sets(&mut project, &args.sets).context("--set 有误")?;
    let opts = options(args);
    let s = engine::sweep::run(rules, &project, opts, &spec, flags.steps)
        .with_context(|| format!("{shown}: 无法测算"))?;
    if let Some(plot) = &flags.plot {
        chart::plot(&s, spec.field.ty, plot, &input_guard(args)).map_err(anyhow::Error::msg)?;
    }
    let out = match args.format() {
        Format::Json => pretty(&serde_json::to_value(&s)?),
        Format::Table => sweep::table(&s, rules) + "\n" + &chart::terminal(&s),
        // Refused with a usage error before anything is read (calc::refused).
        Format::Docx => bail!("--format docx 不支持 --sweep"),
    };
    emit(args, &out)?;
    Ok(ExitCode::SUCCESS)
}

/// A column title: the project's name, else its id, else the file name.
fn title(r: &Report, path: &Path) -> String {
    r.project
        .name
        .clone()
        .or_else(|| r.project.id.clone())
        .unwrap_or_else(|| path.display().to_string())
}

fn run_projects(args: &Args, rules: &RuleSet) -> anyhow::Result<ExitCode> {
    let flags = &args.negotiate;
    if !flags.scenario.is_empty() || flags.scenarios_file.is_some() {
        bail!("多个项目并列时不能再用 --scenario; 请分别对比");
    }
    let opts = options(args);
    let paths: Vec<&PathBuf> = std::iter::once(&args.project)
        .chain(flags.more.iter())
        .collect();
    let mut reports = Vec::new();
    let mut projects = Vec::new();
    for path in &paths {
        let shown = path.display().to_string();
        let mut project = load(path)?;
        apply_sets(&mut project, &args.sets).with_context(|| format!("{shown}: --set 有误"))?;
        let mut r = report(rules, &project, opts, &shown)?;
        r.overrides = Override::from_sets(&args.sets);
        reports.push(r);
        projects.push(project);
    }
    let out = match args.format() {
        Format::Docx => {
            let sections: Vec<docx::Section> = reports
                .iter()
                .zip(&projects)
                .map(|(report, project)| docx::Section { report, project })
                .collect();
            let comparison = flags.compare.then(|| docx::Comparison {
                title: "项目并列比较".into(),
                base_name: title(&reports[0], paths[0]),
                other_word: "该项目".into(),
                base: &reports[0],
                others: reports[1..]
                    .iter()
                    .zip(&paths[1..])
                    .map(|(r, p)| docx::Compared {
                        name: title(r, p),
                        sets: Vec::new(),
                        report: r,
                    })
                    .collect(),
            });
            super::calc::write_docx(args, rules, &sections, comparison)?;
            return Ok(strict_exit(args, &reports.iter().collect::<Vec<_>>()));
        }
        Format::Json => {
            let mut v = json!({ "projects": reports });
            if flags.compare {
                let diffs: Vec<Value> = reports[1..]
                    .iter()
                    .enumerate()
                    .map(|(k, r)| {
                        let mut d = serde_json::to_value(compare::diff(&reports[0], r))
                            .unwrap_or(Value::Null);
                        d["project"] = json!(k + 1);
                        d
                    })
                    .collect();
                v["diffs"] = Value::Array(diffs);
            }
            pretty(&v)
        }
        Format::Table => {
            let cols: Vec<Column> = reports
                .iter()
                .zip(&paths)
                .map(|(r, p)| Column {
                    title: title(r, p),
                    report: r,
                })
                .collect();
            let head = if flags.compare {
                "项目并列比较 (差额 = 该项目 − 第一个项目)"
            } else {
                "项目并列比较"
            };
            compare::render(head, &cols, flags.compare)
        }
    };
    emit(args, &out)?;
    Ok(strict_exit(args, &reports.iter().collect::<Vec<_>>()))
}

/// The scenarios of this run: `--set` (with `--compare`) first, then each
/// `--scenario`, then those of `--scenarios FILE`.
fn scenarios(args: &Args) -> anyhow::Result<Vec<Scenario>> {
    let flags = &args.negotiate;
    let mut out = Vec::new();
    if !args.sets.is_empty() {
        out.push(Scenario {
            name: "方案".into(),
            set: args.sets.clone(),
        });
    }
    for s in &flags.scenario {
        out.push(parse_scenario(s).map_err(anyhow::Error::msg)?);
    }
    if let Some(path) = &flags.scenarios_file {
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
        let file: ScenarioFile = toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!("{}: 方案文件有误: {}", path.display(), e.message().trim())
        })?;
        out.extend(file.scenario);
    }
    if out.len() > MAX_SCENARIOS {
        bail!(
            "方案共 {} 个, 一次最多 {MAX_SCENARIOS} 个; 请分成几次对比",
            out.len()
        );
    }
    if out.is_empty() {
        bail!("--compare 需要 --set K=V、--scenario '名称: K=V' 或 --scenarios FILE");
    }
    Ok(out)
}

fn run_scenarios(args: &Args, rules: &RuleSet) -> anyhow::Result<ExitCode> {
    let list = scenarios(args)?;
    let opts = options(args);
    let shown = args.project.display().to_string();
    let base_project = load(&args.project)?;
    let baseline = report(rules, &base_project, opts, &shown)?;
    let mut reports = Vec::new();
    for s in &list {
        let mut p = base_project.clone();
        apply_sets(&mut p, &s.set).with_context(|| format!("方案 {}: --set 有误", s.name))?;
        let mut r = report(rules, &p, opts, &format!("{shown} (方案 {})", s.name))?;
        // The scenario's calc JSON names its overrides like any --set run.
        r.overrides = Override::from_sets(&s.set);
        reports.push(r);
    }
    let out = match args.format() {
        Format::Json if list.len() == 1 => pretty(&json!({
            "baseline": baseline,
            "scenario": reports[0],
            "diff": compare::diff(&baseline, &reports[0]),
        })),
        Format::Json => {
            let items: Vec<Value> = list
                .iter()
                .zip(&reports)
                .map(|(s, r)| {
                    json!({
                        "name": s.name,
                        "overrides": overrides(&s.set),
                        "report": r,
                        "diff": compare::diff(&baseline, r),
                    })
                })
                .collect();
            pretty(&json!({ "baseline": baseline, "scenarios": items }))
        }
        Format::Docx => {
            let comparison = docx::Comparison {
                title: "方案对比".into(),
                base_name: "基准".into(),
                other_word: "方案".into(),
                base: &baseline,
                others: list
                    .iter()
                    .zip(&reports)
                    .map(|(s, r)| docx::Compared {
                        name: s.name.clone(),
                        sets: s.set.clone(),
                        report: r,
                    })
                    .collect(),
            };
            let section = docx::Section {
                report: &baseline,
                project: &base_project,
            };
            super::calc::write_docx(args, rules, &[section], Some(comparison))?;
            String::new()
        }
        Format::Table => {
            let mut cols = vec![Column {
                title: "基准".into(),
                report: &baseline,
            }];
            for (s, r) in list.iter().zip(&reports) {
                cols.push(Column {
                    title: s.name.clone(),
                    report: r,
                });
            }
            let sets: Vec<String> = list
                .iter()
                .map(|s| format!("  {}: {}", s.name, s.set.join(", ")))
                .collect();
            let head = format!("方案对比 (差额 = 方案 − 基准)\n{}", sets.join("\n"));
            compare::render(&head, &cols, true)
        }
    };
    if args.format() != Format::Docx {
        emit(args, &out)?;
    }
    let mut all: Vec<&Report> = vec![&baseline];
    all.extend(reports.iter());
    Ok(strict_exit(args, &all))
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
