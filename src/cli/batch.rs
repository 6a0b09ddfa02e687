//! `batch`: one project per CSV row (placeholder until the streaming batch lands).

use super::RulesOpt;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 输入 CSV; `-` 读标准输入
    pub input: PathBuf,
    #[command(flatten)]
    pub rules: RulesOpt,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("batch is not built yet")
}
