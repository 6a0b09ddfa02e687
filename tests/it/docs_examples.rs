//! Every example in the documentation is run: the ```console blocks of
//! README.md and docs/**/*.md must show what the real binary prints, so
//! the docs cannot drift from the program.
//!
//! In a block, a line `$ jincheng-incentives ARGS…` is a command; the lines
//! under it (up to the next `$` line or the end of the block) are its
//! output: standard output, then standard error, then `(退出码 N)` when the
//! exit status N is not 0. A line holding only `…` stands for any number of
//! omitted lines; the other lines must appear exactly (trailing spaces
//! ignored) and in order. The command runs in an empty temporary folder in
//! which `examples`, `rules`, `docs`, `tests` and `bench` point at the
//! repository's, so paths read as from the repository root and files
//! written with `-o` are thrown away. No shell: the arguments are split on
//! blanks, with '…' and "…" quoting (a backslash escapes `"` or `\` inside
//! double quotes), and a word starting with `#` begins a comment. Any other
//! `$` line (cat, printf, pipes) is refused: show files in their own block.
//!
//! `UPDATE_DOCS=1 cargo test --locked docs_examples` rewrites, in place,
//! the output of every block that does not match with what the binary
//! prints now; a block abridged with `…` keeps the shown lines still
//! printed (check that it still shows what the text around it describes). The shown output is an illustration; the hand-worked
//! figures live in tests/cases.

use crate::util::root;
use std::path::{Path, PathBuf};

const PROGRAM: &str = "jincheng-incentives";
/// Folders of the repository a documented command may read.
const LINKED: [&str; 5] = ["examples", "rules", "docs", "tests", "bench"];

/// One command of a console block and where its shown output lies.
struct Example {
    /// 0-based line of the `$` line in the file.
    line: usize,
    indent: String,
    args: Vec<String>,
    /// Lines of the shown output, the block's indentation removed.
    shown: Vec<String>,
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "md") {
                files.push(path);
            }
        }
    }
    files
}

fn examples_in(file: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(file).expect("markdown file");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        if trimmed != "```console" {
            i += 1;
            continue;
        }
        let indent = lines[i][..lines[i].len() - trimmed.len()].to_string();
        i += 1;
        let mut current: Option<Example> = None;
        while i < lines.len() && lines[i].trim() != "```" {
            let line = lines[i].strip_prefix(indent.as_str()).unwrap_or(lines[i]);
            if let Some(cmd) = line.strip_prefix("$ ") {
                out.extend(current.take());
                let args =
                    split_args(cmd).unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), i + 1));
                assert!(
                    args.first().map(String::as_str) == Some(PROGRAM),
                    "{}:{}: only `$ {PROGRAM} …` commands can be run, found `{cmd}`",
                    file.display(),
                    i + 1
                );
                current = Some(Example {
                    line: i,
                    indent: indent.clone(),
                    args: args[1..].to_vec(),
                    shown: Vec::new(),
                });
            } else {
                let ex = current.as_mut().unwrap_or_else(|| {
                    panic!(
                        "{}:{}: a console block must start with `$ {PROGRAM} …`",
                        file.display(),
                        i + 1
                    )
                });
                ex.shown.push(line.trim_end().to_string());
            }
            i += 1;
        }
        out.extend(current.take());
        for ex in &mut out {
            while ex.shown.last().is_some_and(|l| l.is_empty()) {
                ex.shown.pop();
            }
        }
        i += 1;
    }
    out
}

/// Splits a command line as a shell would for plain words and quotes.
fn split_args(cmd: &str) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    let mut chars = cmd.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.peek() {
            None | Some('#') => return Ok(args),
            _ => {}
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            match c {
                '\'' => loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("unclosed '".into()),
                    }
                },
                '"' => loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("unclosed \"".into()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("unclosed \"".into()),
                    }
                },
                '|' | '>' | '<' | ';' | '&' | '$' | '`' => {
                    return Err(format!("shell feature `{c}` is not supported"));
                }
                c => word.push(c),
            }
        }
        args.push(word);
    }
}

fn run(ex: &Example, dir: &Path) -> Vec<String> {
    let out = assert_cmd::Command::cargo_bin(PROGRAM)
        .expect("binary built by cargo")
        .current_dir(dir)
        .env_remove("COLUMNS")
        .args(&ex.args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("binary runs");
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .map(|l| l.trim_end().to_string())
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    match out.status.code() {
        Some(0) => {}
        Some(n) => lines.push(format!("(退出码 {n})")),
        None => lines.push("(killed by a signal)".into()),
    }
    lines
}

/// Whether `shown` (with `…` lines standing for omitted lines) matches.
fn matches(shown: &[String], actual: &[String]) -> bool {
    let segments: Vec<&[String]> = shown.split(|l| l == "…").collect();
    if segments.len() == 1 {
        return shown == actual;
    }
    let (first, last) = (segments[0], segments[segments.len() - 1]);
    if actual.len() < first.len() + last.len()
        || &actual[..first.len()] != first
        || &actual[actual.len() - last.len()..] != last
    {
        return false;
    }
    let mut pos = first.len();
    let end = actual.len() - last.len();
    for seg in &segments[1..segments.len() - 1] {
        if seg.is_empty() {
            continue;
        }
        match (pos..=end.saturating_sub(seg.len()))
            .find(|&p| p + seg.len() <= end && &actual[p..p + seg.len()] == *seg)
        {
            Some(p) => pos = p + seg.len(),
            None => return false,
        }
    }
    true
}

/// The new output for a block that no longer matches: where the block was
/// abridged with `…`, the shown lines still printed are kept, in order, with
/// `…` wherever lines are left out; lines no longer printed are dropped.
/// Otherwise (or if that does not match) the whole output.
fn reabridge(shown: &[String], actual: &[String]) -> Vec<String> {
    if !shown.iter().any(|l| l == "…") {
        return actual.to_vec();
    }
    let mut new = Vec::new();
    let mut pos = 0;
    for line in shown.iter().filter(|l| *l != "…") {
        if let Some(p) = actual[pos..].iter().position(|a| a == line) {
            if p > 0 && new.last().is_none_or(|l: &String| l != "…") {
                new.push("…".to_string());
            }
            new.push(line.clone());
            pos += p + 1;
        }
    }
    if pos < actual.len() {
        new.push("…".to_string());
    }
    if matches(&new, actual) && new.iter().any(|l| l != "…") {
        new
    } else {
        actual.to_vec()
    }
}

#[test]
fn docs_examples() {
    let dir = tempfile::tempdir().expect("temporary folder");
    for name in LINKED {
        std::os::unix::fs::symlink(root().join(name), dir.path().join(name)).expect("symlink");
    }
    let update = std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut count = 0;
    for file in markdown_files() {
        let examples = examples_in(&file);
        // Rewritten from the end, so earlier line numbers stay right.
        let mut replacements = Vec::new();
        for ex in &examples {
            count += 1;
            let actual = run(ex, dir.path());
            if matches(&ex.shown, &actual) {
                continue;
            }
            if update {
                let new = reabridge(&ex.shown, &actual);
                replacements.push((ex.line + 1, ex.shown.len(), ex.indent.clone(), new));
            } else {
                failures.push(format!(
                    "{}:{}: `{PROGRAM} {}` prints\n{}\n--- but the docs show\n{}",
                    file.strip_prefix(root()).unwrap_or(&file).display(),
                    ex.line + 1,
                    ex.args.join(" "),
                    actual.join("\n"),
                    ex.shown.join("\n")
                ));
            }
        }
        if !replacements.is_empty() {
            let text = std::fs::read_to_string(&file).expect("markdown file");
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (start, len, indent, actual) in replacements.into_iter().rev() {
                let new: Vec<String> = actual
                    .iter()
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("{indent}{l}")
                        }
                    })
                    .collect();
                lines.splice(start..start + len, new);
            }
            std::fs::write(&file, lines.join("\n") + "\n").expect("rewrite markdown file");
            eprintln!("UPDATE_DOCS: rewrote {}", file.display());
        }
    }
    assert!(count > 0, "no console examples found in the docs");
    assert!(
        failures.is_empty(),
        "{} documented example(s) differ from the binary (UPDATE_DOCS=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn ellipsis_matching() {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let actual = v(&["a", "b", "c", "d"]);
    assert!(matches(&v(&["a", "b", "c", "d"]), &actual));
    assert!(matches(&v(&["a", "…", "d"]), &actual));
    assert!(matches(&v(&["…", "c", "…"]), &actual));
    assert!(matches(&v(&["a", "…", "b", "…", "d"]), &actual));
    assert!(!matches(&v(&["a", "…", "c", "b", "…"]), &actual));
    assert!(!matches(&v(&["a", "b"]), &actual));
    assert!(!matches(&v(&["b", "…"]), &actual));
    assert_eq!(
        split_args("calc 'a b' \"c\\\"d\" x # note").unwrap(),
        v(&["calc", "a b", "c\"d", "x"])
    );
    assert!(split_args("calc a | head").is_err());
    assert_eq!(
        reabridge(&v(&["a", "…", "x", "d"]), &actual),
        v(&["a", "…", "d"])
    );
    assert_eq!(reabridge(&v(&["b", "c"]), &actual), actual);
}
