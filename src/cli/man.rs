//! `man`: the manual page (roff) generated from the clap definition, with
//! one section per subcommand and the exit statuses.
//!
//! ```sh
//! jincheng-incentives man > jincheng-incentives.1 && man ./jincheng-incentives.1
//! ```

use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

/// The EXIT STATUS section (the codes of [`super`]).
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "成功 (success; also when the output pipe closes early)",
    ),
    (
        "1",
        "输入或规则有误, 未写出半个文件 (bad input or rules; nothing written half-way); calc --strict: 有需补充项 (some item needs input); test: 有用例失败 (a case failed)",
    ),
    ("2", "用法错误 (bad usage: unknown flag, bad --as-of date)"),
    (
        "3",
        "batch: 部分行失败, 其余行已写出 (some rows failed; the others were written)",
    ),
];

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    render(&mut out)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The whole page: the program, then each subcommand as its own section.
pub fn render(out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut cmd = super::command();
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    // Chinese has no spaces to stretch: left-adjusted, never hyphenated.
    out.extend_from_slice(b".ad l\n.nh\n");
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for sub in cmd.get_subcommands() {
        write_subcommand(out, sub, &format!("{} {}", super::NAME, sub.get_name()))?;
    }
    out.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for (code, text) in EXIT_STATUS {
        out.extend_from_slice(format!(".TP\n\\fB{code}\\fR\n{}\n", escape(text)).as_bytes());
    }
    man.render_version_section(out)?;
    Ok(())
}

/// A subcommand's section: its synopsis, what it does and its options
/// (nested subcommands such as `rules show` in turn).
fn write_subcommand(out: &mut Vec<u8>, cmd: &clap::Command, path: &str) -> std::io::Result<()> {
    out.extend_from_slice(format!(".SH \"{}\"\n", escape(&path.to_uppercase())).as_bytes());
    if let Some(about) = cmd.get_about() {
        out.extend_from_slice(format!("{}\n", escape(&about.to_string())).as_bytes());
    }
    let mut usage = cmd.clone().bin_name(path);
    out.extend_from_slice(
        format!(
            ".PP\n{}\n",
            escape(&usage.render_usage().to_string().replace("Usage: ", ""))
        )
        .as_bytes(),
    );
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let mut name = String::new();
        if let Some(s) = a.get_short() {
            name.push_str(&format!("-{s}"));
        }
        if let Some(l) = a.get_long() {
            if !name.is_empty() {
                name.push_str(", ");
            }
            name.push_str(&format!("--{l}"));
        }
        if a.get_action().takes_values() {
            let value = a
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(|| a.get_id().to_string().to_uppercase(), |v| v.to_string());
            if name.is_empty() {
                name = format!("<{value}>");
            } else {
                name.push_str(&format!(" <{value}>"));
            }
        }
        let help = a
            .get_long_help()
            .or_else(|| a.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        out.extend_from_slice(
            format!(".TP\n\\fB{}\\fR\n{}\n", escape(&name), escape(&help)).as_bytes(),
        );
    }
    for sub in cmd.get_subcommands() {
        write_subcommand(out, sub, &format!("{path} {}", sub.get_name()))?;
    }
    Ok(())
}

/// Text safe in roff: backslashes doubled, a leading dot or quote guarded,
/// blank lines kept as paragraph breaks.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                ".PP".to_string()
            } else if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_names_every_subcommand_and_the_exit_statuses() {
        let mut out = Vec::new();
        super::render(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        for sub in ["CALC", "BATCH", "RULES SHOW", "COMPLETIONS", "MAN"] {
            assert!(
                page.contains(&format!(".SH \"JINCHENG-INCENTIVES {sub}\"")),
                "{sub}"
            );
        }
        assert!(page.contains("EXIT STATUS"));
        assert!(page.contains("--as-of"));
    }
}
