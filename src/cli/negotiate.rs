//! `calc` for a negotiation: scenarios against a baseline (`--compare`,
//! `--scenario`, `--scenarios FILE`), several projects side by side
//! (`calc A.toml B.toml …`) and one field swept along a range (`--sweep`).

use super::calc::{Args, Format};
use crate::engine::{self, Options};
use crate::model::{Report, Status};
use crate::negotiate::{self, MAX_SCENARIOS, Scenario, parse_scenario};
use crate::project::Project;
use crate::project::file::read_input;
use crate::project::parse::{apply_sets, from_toml};
use crate::render::compare::{self, Column};
use crate::render::docx;
use crate::render::{chart, sweep};
use crate::rules::RuleSet;
use anyhow::{Context, bail};
use serde_json::Value;
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
    pub fn is_negotiation(&self) -> bool {
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

/// `--steps N`: at most [`MAX_STEPS`]; larger is a usage error.
fn parse_steps(s: &str) -> Result<usize, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n <= MAX_STEPS as u64 => Ok(n as usize),
        _ => Err(format!("应为 0 到 {MAX_STEPS} 之间的整数")),
    }
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

fn emit(args: &Args, out: &str) -> anyhow::Result<()> {
    super::calc::write_out(args, out.as_bytes())
}

pub(super) fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// Strict mode: exit 1 when some report needs input.
pub(super) fn strict_exit(args: &Args, reports: &[&Report]) -> ExitCode {
    // Each item once, though several reports (scenarios) may need it.
    let mut labels: Vec<&str> = Vec::new();
    for item in reports.iter().flat_map(|r| r.items.iter()) {
        if item.status == Status::NeedsInput && !labels.contains(&item.label.as_str()) {
            labels.push(item.label.as_str());
        }
    }
    if args.strict && !labels.is_empty() {
        eprintln!(
            "{}: {}",
            super::NAME,
            crate::render::labels::strict_refusal(&labels)
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
        reports.push(negotiate::evaluate_project(
            rules,
            &mut project,
            &args.sets,
            opts,
            &shown,
        )?);
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
                base_name: negotiate::title(&reports[0], paths[0]),
                other_word: "该项目".into(),
                base: &reports[0],
                others: reports[1..]
                    .iter()
                    .zip(&paths[1..])
                    .map(|(r, p)| docx::Compared {
                        name: negotiate::title(r, p),
                        sets: Vec::new(),
                        report: r,
                    })
                    .collect(),
            });
            super::calc::write_docx(args, rules, &sections, comparison)?;
            return Ok(strict_exit(args, &reports.iter().collect::<Vec<_>>()));
        }
        Format::Json => pretty(&negotiate::projects_json(&reports, flags.compare)),
        Format::Table => {
            let cols: Vec<Column> = reports
                .iter()
                .zip(&paths)
                .map(|(r, p)| Column {
                    title: negotiate::title(r, p),
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
        out.extend(negotiate::read_scenario_file(path)?);
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
    let (baseline, reports) =
        negotiate::evaluate_scenarios(rules, &base_project, &list, opts, &shown)?;
    let out = match args.format() {
        Format::Json => pretty(&negotiate::scenarios_json(&baseline, &list, &reports)),
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
