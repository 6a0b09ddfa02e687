//! The command line: one module per subcommand, each with `Args` and `run`.
//!
//! Exit status: 0 success; 1 bad input or rules; 2 bad usage (from clap);
//! 3 `batch` finished with some rows failed.
//!
//! The clap definition is the one source of the help, the shell completions
//! and the man page ([`command`] dresses it in Chinese once for all three).

pub mod batch;
pub mod calc;
pub mod completions;
pub mod fields;
mod formats;
pub mod help;
pub mod man;
pub mod negotiate;
pub mod reform;
pub mod rules_cmd;
mod rules_diff;
pub mod template_cmd;
pub mod test_cmd;
pub mod usage;

use crate::rules::{self, RuleSet};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const NAME: &str = crate::NAME;

/// Exit status for bad input or rules.
pub const EXIT_INPUT: u8 = 1;
/// Exit status for a batch in which some rows failed.
pub const EXIT_ROWS_FAILED: u8 = 3;

/// 晋城市招商引资优惠政策测算 (Jincheng investment-incentive calculator)
#[derive(Debug, Parser)]
#[command(name = NAME, version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 测算一个项目的全部优惠 (compute every incentive for one project file)
    Calc(calc::Args),
    /// 批量测算 CSV, 每行一个项目 (one project per row)
    Batch(batch::Args),
    /// 查看或校验规则 (list, show or check the rules)
    Rules(rules_cmd::Args),
    /// 输出带注释的项目文件模板 (print a commented project file template)
    Template(template_cmd::Args),
    /// 列出全部字段: 中文列名、类型与取值 (every field with its Chinese header)
    Fields(fields::Args),
    /// 运行测试用例目录 (case files: a project plus the figures it must give)
    Test(test_cmd::Args),
    /// 生成命令行补全脚本 (shell completions: bash, zsh, fish, powershell)
    Completions(completions::Args),
    /// 生成 man 手册页 (the man page, in roff)
    Man(man::Args),
    /// 显示帮助 (print the help of the program or of a command)
    Help(help::Args),
}

/// The command line as users see it: the derive definition with Chinese
/// headings, the English in brackets, and every default and choice stated in
/// the flag's own help (see [`help::localize`]).
pub fn command() -> clap::Command {
    help::localize(Cli::command())
}

/// Parses the arguments; a usage error is printed with the program's prefix
/// and exits 2, `--help` and `--version` print and exit 0.
fn parse() -> Result<Cli, ExitCode> {
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => Ok(cli),
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return Err(ExitCode::SUCCESS);
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                // `jincheng-incentives` alone: the help, on standard error.
                eprint!("{}", e.render());
                return Err(ExitCode::from(EXIT_USAGE));
            }
            let text = usage::message(&e);
            eprint!("{NAME}: 用法错误 (usage): {text}");
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// Exit status for bad usage (unknown flag, bad `--as-of`), as clap's own.
pub const EXIT_USAGE: u8 = 2;

/// Runs the program and turns any error into a message and exit status 1.
pub fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{NAME}: {}", crate::os_error::chain(&e));
            ExitCode::from(EXIT_INPUT)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Calc(a) => calc::run(a),
        Command::Batch(a) => batch::run(a),
        Command::Rules(a) => rules_cmd::run(a),
        Command::Template(a) => template_cmd::run(a),
        Command::Fields(a) => fields::run(a),
        Command::Test(a) => test_cmd::run(a),
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => man::run(a),
        Command::Help(a) => help::run(a),
    }
}

/// A closed pipe (`… | head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The shipped rules, or those of `--rules DIR`.
pub fn load_rules(dir: Option<&Path>) -> anyhow::Result<RuleSet> {
    let set = match dir {
        Some(d) => rules::load_dir(d)?,
        None => rules::load_embedded()?,
    };
    Ok(set)
}

/// Today's date: the one place the program reads the clock (the engine is
/// given it, so a report depends only on its inputs).
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Parses `YYYY-MM-DD` for `--as-of`.
pub fn parse_as_of(s: &str) -> Result<jiff::civil::Date, String> {
    crate::project::value::parse_date(s)
}

/// Options every subcommand that reads rules shares.
#[derive(Debug, Clone, clap::Args)]
pub struct RulesOpt {
    /// 使用该目录中的规则文件代替内置规则 (load rules/*.toml from DIR instead of the built-in rules)
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
        command().debug_assert();
    }
}
