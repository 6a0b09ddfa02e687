//! `calc`: one project file in, every incentive out.

use super::{RulesOpt, load_rules, parse_as_of, read_input};
use crate::engine::{self, Options};
use crate::project::parse::{apply_sets, from_toml};
use crate::report::{Override, hints, json, table};
use anyhow::Context;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 表格, 给人看 (tables for people)
    Table,
    /// JSON, 给脚本用 (JSON for scripts, see the README)
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 项目文件 (TOML); `-` 读标准输入 (the project file; `-` reads standard input)
    pub project: PathBuf,
    #[command(flatten)]
    pub rules: RulesOpt,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
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
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = load_rules(args.rules.rules.as_deref())?;
    if args.negotiate.wanted() {
        return super::negotiate::run(&args, &rules);
    }
    let text = read_input(&args.project)?;
    let shown = args.project.display().to_string();
    let mut project = from_toml(&text, &[]).with_context(|| format!("{shown}: 项目文件有误"))?;
    apply_sets(&mut project, &args.sets).context("--set 有误")?;
    let opts = Options {
        as_of: args.as_of,
        strict: args.strict,
        texts: true,
        checklist: true,
    };
    let mut report =
        engine::evaluate(&rules, &project, opts).with_context(|| format!("{shown}: 无法测算"))?;
    engine::next_tier::annotate(&rules, &project, opts, &mut report)
        .with_context(|| format!("{shown}: 无法测算下一档"))?;
    report.overrides = Override::from_sets(&args.sets);
    let out = match args.format {
        Format::Table if args.checklist => {
            table::render(&report, args.explain)
                + &hints::render(&report)
                + &crate::report::render_checklist(&report)
        }
        Format::Table => table::render(&report, args.explain) + &hints::render(&report),
        Format::Json => json::pretty(&report) + "\n",
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    if args.strict && report.needs_input() {
        let labels: Vec<&str> = report
            .items
            .iter()
            .filter(|i| i.status == engine::Status::NeedsInput)
            .map(|i| i.label.as_str())
            .collect();
        eprintln!(
            "{}: 严格模式: 以下项目需补充信息: {}",
            super::NAME,
            labels.join("、")
        );
        return Ok(ExitCode::from(super::EXIT_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}
