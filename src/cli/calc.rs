//! `calc`: one project file in, every incentive out.

use super::{RulesOpt, load_rules, parse_as_of};
use crate::engine::{self, Options};
use crate::model::Override;
use crate::project::file::read_input;
use crate::project::parse::{apply_sets, from_toml};
use crate::render::docx;
use crate::render::{hints, json, table};
use crate::rules::RuleSet;
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub use super::formats::CalcFormat as Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 项目文件 (TOML); `-` 读标准输入 (the project file; `-` reads standard input)
    pub project: PathBuf,
    #[command(flatten)]
    pub rules: RulesOpt,
    /// 输出格式, 默认 table; -o 文件名.docx 时为 docx, -o 文件名.json 时为 json (output format; default table, or by the extension of -o)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 写入文件 (整份写完才替换); docx 不写到终端, 须用 -o (write to FILE, replaced only when complete)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 评估日期 YYYY-MM-DD, 默认为申报日期, 否则今天 (evaluation date; default: the application date, else today)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    /// 逐项列出原文条款和带入本项目数字的计算式 (explain each item: clause, formula, reasons)
    #[arg(long)]
    pub explain: bool,
    /// 列出申报清单: 每个适用项目的申报材料、申报地点、截止日期、评审和兑现年度 (the application checklist: documents, where, deadline, review and payment years)
    #[arg(long)]
    pub checklist: bool,
    /// 覆盖一个字段做假设测算, 如 land.area_mu=120, 可重复 (override a field for a what-if run; repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// 审计用: 未填写的前提条件视为需补充, 规则不在有效期内报错; 有需补充项时退出码为1 (strict audit mode: no assumptions, exit 1 when input is missing)
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub negotiate: super::negotiate::Flags,
    /// 政策调整影响: 用该目录的规则作为调整前 (基准), --rules 或内置规则作为调整后, 并列对比 (the budget impact of a revision: DIR is the baseline rules)
    #[arg(long, value_name = "DIR", conflicts_with_all = ["compare", "scenario", "scenarios_file", "sweep", "plot", "more"])]
    pub baseline_rules: Option<PathBuf>,
}

impl Args {
    /// The format asked for: `--format`, else docx for `-o X.docx`, else table.
    pub fn format(&self) -> Format {
        super::formats::calc_format(self.format, self.output.as_deref())
    }
}

/// A usage error of calc's own (exit 2, like clap's).
fn usage(text: &str) -> ExitCode {
    eprintln!("{}: 用法错误 (usage): {text}", super::NAME);
    ExitCode::from(super::EXIT_USAGE)
}

/// Flags that cannot be honoured before anything is read: a report that
/// cannot hold a comparison, a binary file to a terminal, `-o` naming an input.
fn refused(args: &Args) -> anyhow::Result<Option<ExitCode>> {
    let n = &args.negotiate;
    // The extension decides the format or is refused, nothing is written.
    if let Some(text) = super::formats::calc_refusal(args.format, args.output.as_deref()) {
        return Ok(Some(usage(&text)));
    }
    if args.format() == Format::Docx {
        if n.sweep.is_some() || n.plot.is_some() {
            return Ok(Some(usage(
                "--format docx 不支持 --sweep; 扫描请用 --format table/json 或 --plot",
            )));
        }
        if args.output.is_none() && std::io::stdout().is_terminal() {
            return Ok(Some(usage(
                "docx 是二进制文件, 不宜输出到终端; 请用 -o 文件名.docx",
            )));
        }
    }
    if let Some(out) = &args.output {
        super::negotiate::input_guard(args).check_path(out)?;
    }
    Ok(None)
}

/// Writes the output to `-o` (whole, or not at all) or to standard output.
pub(super) fn write_out(args: &Args, bytes: &[u8]) -> anyhow::Result<()> {
    match args.output.as_deref() {
        Some(path) => {
            let guard = super::negotiate::input_guard(args);
            crate::sink::write_to(path, &guard, |out| Ok(out.write_all(bytes)?))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// The printed report of these projects, written to `-o` or standard output.
pub(super) fn write_docx(
    args: &Args,
    rules: &RuleSet,
    sections: &[docx::Section],
    comparison: Option<docx::Comparison>,
) -> anyhow::Result<()> {
    let meta = docx::Meta {
        today: super::today(),
        rules,
        comparison,
    };
    let bytes = docx::render(sections, &meta)?;
    write_out(args, &bytes)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(code) = refused(&args)? {
        return Ok(code);
    }
    let rules = load_rules(args.rules.rules.as_deref())?;
    if let Some(dir) = &args.baseline_rules {
        return super::reform::run(&args, &rules, dir);
    }
    if args.negotiate.is_negotiation() {
        return super::negotiate::run(&args, &rules);
    }
    let text = read_input(&args.project)?;
    let shown = args.project.display().to_string();
    let mut project = from_toml(&text, &[]).with_context(|| format!("{shown}: 项目文件有误"))?;
    apply_sets(&mut project, &args.sets).context("--set 有误")?;
    let opts = Options {
        as_of: args.as_of,
        today: super::today(),
        strict: args.strict,
        texts: true,
        checklist: true,
    };
    let mut report =
        engine::evaluate(&rules, &project, opts).with_context(|| format!("{shown}: 无法测算"))?;
    engine::next_tier::annotate(&rules, &project, opts, &mut report)
        .with_context(|| format!("{shown}: 无法测算下一档"))?;
    report.overrides = Override::from_sets(&args.sets);
    let out = match args.format() {
        Format::Table if args.checklist => {
            table::render(&report, args.explain)
                + &hints::render(&report)
                + &crate::render::render_checklist(&report)
        }
        Format::Table => table::render(&report, args.explain) + &hints::render(&report),
        Format::Json => json::pretty(&report) + "\n",
        Format::Docx => {
            let section = docx::Section {
                report: &report,
                project: &project,
            };
            write_docx(&args, &rules, &[section], None)?;
            String::new()
        }
    };
    if args.format() != Format::Docx {
        write_out(&args, out.as_bytes())?;
    }
    if args.strict && report.needs_input() {
        let labels: Vec<&str> = report
            .items
            .iter()
            .filter(|i| i.status == crate::model::Status::NeedsInput)
            .map(|i| i.label.as_str())
            .collect();
        eprintln!(
            "{}: {}",
            super::NAME,
            crate::render::labels::strict_refusal(&labels)
        );
        return Ok(ExitCode::from(super::EXIT_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}
