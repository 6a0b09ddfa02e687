//! Shell conventions: usage errors carry the program's prefix and exit 2,
//! completions and the man page come from the clap definition, the help is
//! Chinese with the English in brackets, tables are full width in a pipe.

use crate::util::{bin, example};
use predicates::prelude::*;

#[test]
fn usage_errors_carry_the_prefix_and_exit_2() {
    for args in [
        &["calc", "--bogus"][..],
        &["calc", "x.toml", "--as-of", "2023-13-01"],
        &["batch"],
        &["completions", "tcsh"],
        &["nonsense"],
    ] {
        bin()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(
                "jincheng-incentives: 用法错误 (usage): ",
            ));
    }
}

#[test]
fn help_and_version_exit_0_in_chinese_with_english() {
    bin()
        .args(["batch", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("用法 (Usage):"))
        .stdout(predicate::str::contains("选项 (Options)"))
        .stdout(predicate::str::contains("每行一个结果"))
        .stdout(predicate::str::contains("module documentation").not())
        .stdout(predicate::str::contains("Print help").not());
    bin()
        .args(["help", "rules", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("规则编号"));
    bin()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("jincheng-incentives "));
}

#[test]
fn completions_for_every_shell_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = bin().args(["completions", shell]).output().expect("run");
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for word in ["calc", "batch", "rules", "as-of", "format", "completions"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn bash_completion_is_valid_bash() {
    let out = bin().args(["completions", "bash"]).output().expect("run");
    let Ok(mut child) = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped: no bash");
        return;
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&out.stdout)
        .expect("feed bash");
    assert!(child.wait().expect("bash").success());
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let out = bin().arg("man").output().expect("run");
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH jincheng-incentives 1"));
    for sub in [
        "CALC",
        "BATCH",
        "RULES LIST",
        "TEMPLATE",
        "TEST",
        "COMPLETIONS",
    ] {
        assert!(
            page.contains(&format!("JINCHENG-INCENTIVES {sub}")),
            "{sub}"
        );
    }
    assert!(page.contains("EXIT STATUS"));
}

/// In a pipe no table is wrapped: every row of the table stays on one line
/// (the long clause texts of the benefits table included).
#[test]
fn tables_are_full_width_in_a_pipe() {
    let out = bin()
        .arg("calc")
        .arg(example("standard-land-manufacturer.toml"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // The clause of 10号 第8项 is quoted whole on one line.
    assert!(
        text.lines().any(|l| l.contains(
            "实施产业基金支持。设立100亿元的产业发展基金,重点支持战略性新兴产业和高质量转型项目的集聚化、规模化和可持续发展。"
        )),
        "{text}"
    );
    assert!(text.lines().any(|l| l.chars().count() > 120));
}

#[test]
fn no_color_means_no_escape_codes() {
    let out = bin()
        .args(["calc", "--help"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!out.stdout.contains(&0x1b));
    let out = bin()
        .args(["calc", "--bogus"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!out.stderr.contains(&0x1b));
}
