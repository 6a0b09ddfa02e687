//! The help in Chinese with the English in brackets: clap's headings and
//! automatic flags replaced once, for the help, the completions and the man
//! page alike, and `help [COMMAND]…` as a subcommand of its own.

use clap::builder::PossibleValue;
use clap::{Arg, ArgAction, ColorChoice, Command};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要查看帮助的命令, 如 batch 或 rules show (the command to explain)
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Prints the long help of the program or of the named (sub)command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::command();
    cmd.build();
    let mut current = &mut cmd;
    for name in &args.command {
        let known: Vec<String> = current
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        current = match current.find_subcommand_mut(name) {
            Some(c) => c,
            None => anyhow::bail!("没有命令 {name} (可用: {})", known.join(", ")),
        };
    }
    current.print_long_help()?;
    Ok(ExitCode::SUCCESS)
}

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法 (Usage): {usage}\n\n{all-args}{after-help}";

/// The program's command with Chinese headings, help and version flags,
/// defaults and choices written into each flag's help, and no colour when
/// `NO_COLOR` is set (<https://no-color.org>).
pub fn localize(cmd: Command) -> Command {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let cmd = localize_one(cmd).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本 (print version)")
            .help_heading("选项 (Options)"),
    );
    if no_color {
        cmd.color(ColorChoice::Never)
    } else {
        cmd
    }
}

fn localize_one(cmd: Command) -> Command {
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("命令 (Commands)")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(localize_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助 (print help)")
                .help_heading("选项 (Options)"),
        )
        .mut_subcommands(localize_one)
}

/// One flag or argument: its heading, and its choices and default stated in
/// its help (clap would print them in English).
fn localize_arg(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        "参数 (Arguments)"
    } else {
        "选项 (Options)"
    };
    let arg = arg.help_heading(heading);
    if !arg.get_action().takes_values() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let values: Vec<PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let default: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if values.is_empty() && default.is_empty() {
        return arg;
    }
    let mut short = help.clone();
    let mut notes = Vec::new();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        notes.push(format!("可选 (values): {}", names.join(", ")));
    }
    if !default.is_empty() {
        notes.push(format!("默认 (default): {}", default.join(", ")));
    }
    short.push_str(&format!(" [{}]", notes.join("; ")));
    let mut arg = arg
        .help(short)
        .hide_possible_values(true)
        .hide_default_value(true);
    if values.iter().any(|v| v.get_help().is_some()) {
        let mut long = help;
        long.push_str("\n\n可选 (values):");
        for v in &values {
            let text = v.get_help().map(|h| h.to_string()).unwrap_or_default();
            long.push_str(&format!("\n  {:<8} {text}", v.get_name()));
        }
        if !default.is_empty() {
            long.push_str(&format!("\n默认 (default): {}", default.join(", ")));
        }
        arg = arg.long_help(long);
    }
    arg
}

#[cfg(test)]
mod tests {
    use super::super::command;

    /// Whether a help text says it in Chinese and gives English in brackets.
    fn bilingual(text: &str) -> bool {
        let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let english_in_brackets = text.split('(').skip(1).any(|after| {
            after
                .split(')')
                .next()
                .is_some_and(|inside| inside.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        });
        chinese && english_in_brackets
    }

    fn walk(cmd: &clap::Command, path: &str, bad: &mut Vec<String>) {
        let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
        if !bilingual(&about) {
            bad.push(format!("{path}: {about:?}"));
        }
        for a in cmd.get_arguments() {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            if !bilingual(&help) {
                bad.push(format!("{path} {}: {help:?}", a.get_id()));
            }
            for v in a.get_possible_values() {
                if let Some(h) = v.get_help()
                    && !bilingual(&h.to_string())
                {
                    bad.push(format!("{path} {} = {}: {h}", a.get_id(), v.get_name()));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), bad);
        }
    }

    #[test]
    fn every_command_and_flag_is_explained_in_chinese_with_english() {
        let mut bad = Vec::new();
        let mut cmd = command();
        cmd.build();
        walk(&cmd, "jincheng-incentives", &mut bad);
        assert!(bad.is_empty(), "help texts to write:\n{}", bad.join("\n"));
    }
}
