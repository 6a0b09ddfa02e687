//! `test DIR`: runs case files and reports each mismatch with the rule, the
//! expected and the actual figure.

use super::{RulesOpt, load_rules};
use crate::cases::{find_cases, run_case};
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 用例目录或单个用例文件 (a folder of case files, or one case file)
    pub cases: PathBuf,
    #[command(flatten)]
    pub rules: RulesOpt,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = load_rules(args.rules.rules.as_deref())?;
    let found =
        find_cases(&args.cases).with_context(|| format!("无法读取 {}", args.cases.display()))?;
    for (path, why) in &found.skipped {
        eprintln!("{}: 警告: 跳过 {}: {why}", super::NAME, path.display());
    }
    let files = found.files;
    if files.is_empty() {
        anyhow::bail!("{}: 没有 .toml 用例文件", args.cases.display());
    }
    let mut failed = 0usize;
    for path in &files {
        let r = run_case(&rules, path, super::today());
        if r.failures.is_empty() {
            continue;
        }
        failed += 1;
        println!("FAIL {} — {}", r.path.display(), r.description);
        if !r.worked.is_empty() {
            println!("     手算: {}", r.worked);
        }
        for f in &r.failures {
            println!("     {f}");
        }
    }
    println!("cases: {} passed, {failed} failed", files.len() - failed);
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_INPUT)
    })
}
