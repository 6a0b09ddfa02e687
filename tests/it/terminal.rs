//! Every table fits the terminal (issue 19): each command runs inside tmux at
//! 80, 100 and 120 columns; the screen is captured with wrapped lines joined
//! (`capture-pane -J`), so a line wider than the terminal shows as one too
//! long line, and an amount or date the terminal broke is no longer whole.
//! The amounts and dates to find are those the same command prints to a pipe
//! (nothing wrapped there) and, for calc, the totals of its JSON form.
//! Skipped, with a message, where tmux is not installed.

use super::util::root;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

fn tmux_present() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jincheng-incentives"))
}

/// `s` quoted for sh.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// What `args` shows on a `width`-column terminal, wrapped lines joined.
fn screen(dir: &Path, width: u16, args: &[&str]) -> String {
    let sock = dir.join(format!("tmux-{width}.sock"));
    let mut cmd = format!(
        "cd {} && env -u COLUMNS {}",
        quote(&root().to_string_lossy()),
        quote(&binary().to_string_lossy())
    );
    for a in args {
        cmd.push(' ');
        cmd.push_str(&quote(a));
    }
    cmd.push_str("; echo __DONE__; sleep 600");
    let tmux = |extra: &[&str]| {
        Command::new("tmux")
            .arg("-S")
            .arg(&sock)
            .args(["-f", "/dev/null"])
            .args(extra)
            .env_remove("COLUMNS")
            .env("TERM", "xterm-256color")
            .output()
            .expect("run tmux")
    };
    let w = width.to_string();
    let started = tmux(&[
        "start-server",
        ";",
        "set-option",
        "-g",
        "history-limit",
        "100000",
        ";",
        "new-session",
        "-d",
        "-x",
        &w,
        "-y",
        "200",
        &cmd,
    ]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    let capture = || {
        let out = tmux(&["capture-pane", "-p", "-J", "-S", "-", "-E", "-"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let begun = Instant::now();
    let mut text = capture();
    while !text.lines().any(|l| l.trim() == "__DONE__") {
        assert!(
            begun.elapsed() < Duration::from_secs(60),
            "no end of {args:?} at {width} columns:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
        text = capture();
    }
    let _ = tmux(&["kill-server"]);
    text.lines()
        .take_while(|l| l.trim() != "__DONE__")
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `s` is an amount as the tables print it: `1,234,567.89`.
fn is_amount(s: &str) -> bool {
    let Some((int, frac)) = s.split_once('.') else {
        return false;
    };
    let groups: Vec<&str> = int.split(',').collect();
    frac.len() == 2
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// Whether `s` is a date `2025-11-30`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The amounts and dates in `text`: maximal runs of digits, `,`, `.` and `-`.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || matches!(c, ',' | '.' | '-') {
            run.push(c);
            continue;
        }
        let t = run.trim_start_matches('-').trim_end_matches(['.', ',']);
        if is_amount(t) || is_date(t) {
            out.push(t.to_string());
        }
        run.clear();
    }
    out.sort();
    out.dedup();
    out
}

/// `1234567.8` as the tables print it: `1,234,567.80`.
fn grouped(v: &serde_json::Value) -> Option<String> {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let d: rust_decimal::Decimal = s.parse().ok()?;
    let d = d
        .abs()
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{d:.2}");
    let (int, frac) = text.split_once('.')?;
    let mut g = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(c);
    }
    Some(format!("{g}.{frac}"))
}

/// The command as a pipe gets it (nothing wrapped).
fn piped(args: &[&str]) -> String {
    let out = Command::new(binary())
        .current_dir(root())
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Checks one command at one width; `json` gives totals that must show.
fn check(dir: &Path, width: u16, args: &[&str], json: &[String]) {
    let shown = screen(dir, width, args);
    for (n, line) in shown.lines().enumerate() {
        let w = line.trim_end().width();
        assert!(
            w <= usize::from(width),
            "{args:?} at {width} columns: line {} is {w} wide:\n{line}\n\n{shown}",
            n + 1
        );
    }
    let screen_tokens = tokens(&shown);
    for t in tokens(&piped(args)).iter().chain(json) {
        assert!(
            screen_tokens.contains(t),
            "{args:?} at {width} columns: {t} is not whole on the screen:\n{shown}"
        );
    }
}

/// The totals of calc's JSON form, as the table prints them.
fn json_totals(args: &[&str]) -> Vec<String> {
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&piped(&a)).expect("calc prints JSON");
    let totals = v["totals"].as_object().cloned().unwrap_or_default();
    totals.values().filter_map(grouped).collect()
}

#[test]
fn every_table_fits_80_100_and_120_columns() {
    if !tmux_present() {
        println!("terminal test skipped: tmux is not installed (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let examples = [
        "examples/worked-example.toml",
        "examples/headquarters-enterprise.toml",
        "examples/listed-top-enterprise.toml",
        "examples/standard-factory-tenant.toml",
        "examples/standard-land-manufacturer.toml",
    ];
    let mut runs: Vec<(Vec<&str>, Vec<String>)> = Vec::new();
    for e in examples {
        let args = vec!["calc", e];
        let totals = json_totals(&args);
        runs.push((args, totals));
    }
    let we = "examples/worked-example.toml";
    runs.push((vec!["calc", we, "--explain"], Vec::new()));
    runs.push((vec!["calc", we, "--checklist"], Vec::new()));
    runs.push((
        vec![
            "calc",
            "examples/headquarters-enterprise.toml",
            "--checklist",
        ],
        Vec::new(),
    ));
    let tenant = "examples/standard-factory-tenant.toml";
    runs.push((
        vec!["calc", tenant, "--compare", "--set", "investment.total=1亿"],
        Vec::new(),
    ));
    runs.push((
        vec![
            "calc",
            tenant,
            "--scenario",
            "一亿: investment.total=1亿",
            "--scenario",
            "五亿, 多招人: investment.total=5亿, employment.insured_employees=300",
        ],
        Vec::new(),
    ));
    runs.push((
        vec![
            "calc",
            tenant,
            "examples/standard-land-manufacturer.toml",
            "--compare",
        ],
        Vec::new(),
    ));
    runs.push((
        vec![
            "calc",
            tenant,
            "--sweep",
            "investment.total=5000万..12亿",
            "--steps",
            "12",
        ],
        Vec::new(),
    ));
    runs.push((vec!["fields"], Vec::new()));
    runs.push((vec!["rules", "list"], Vec::new()));
    runs.push((vec!["rules", "show", "factory_construction"], Vec::new()));
    runs.push((
        vec!["rules", "show", "headquarters_qualification"],
        Vec::new(),
    ));
    for width in [80, 100, 120] {
        for (args, json) in &runs {
            check(dir.path(), width, args, json);
        }
    }
}

#[test]
fn tokens_are_found() {
    assert_eq!(
        tokens("│ 15,000,000.00 ┆ 2025-11-30 ┆ +1,000.00 ┆ 10,500⏎,000.00 │ 1.5%"),
        ["1,000.00", "15,000,000.00", "2025-11-30"]
    );
}
