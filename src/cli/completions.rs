//! `completions SHELL`: a completion script generated from the clap
//! definition, so it always knows every command and flag.
//!
//! ```sh
//! jincheng-incentives completions bash > ~/.local/share/bash-completion/completions/jincheng-incentives
//! jincheng-incentives completions zsh > ~/.zfunc/_jincheng-incentives
//! jincheng-incentives completions fish > ~/.config/fish/completions/jincheng-incentives.fish
//! ```

use super::NAME;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash 补全脚本 (for bash-completion)
    Bash,
    /// Zsh 补全脚本, 存为 fpath 中的 _jincheng-incentives (for zsh)
    Zsh,
    /// Fish 补全脚本 (for fish)
    Fish,
    /// PowerShell 补全脚本 (for PowerShell)
    Powershell,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 目标 shell (the shell to complete for)
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::command(), NAME, &mut out);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
