//! Small helpers shared by the integration tests.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The real binary, run from the repository root.
pub fn bin() -> Command {
    let mut c = Command::cargo_bin("jincheng-incentives").expect("binary built by cargo");
    // Tables are fitted to COLUMNS when it is set; the tests read them whole.
    c.current_dir(root()).env_remove("COLUMNS");
    c
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of examples/ (the worked example of INTERPRETATION.md is
/// `examples/worked-example.toml`): the tests need nothing outside the repository.
pub fn example(file: &str) -> PathBuf {
    root().join("examples").join(file)
}

/// Runs `calc --format json` on a file and parses the output.
pub fn calc_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("calc")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run calc");
    assert!(
        out.status.success(),
        "calc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("calc prints JSON")
}

/// Runs `calc --format json` on project text given on standard input.
pub fn calc_stdin(text: &str, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["calc", "-", "--format", "json"])
        .args(extra)
        .write_stdin(text)
        .output()
        .expect("run calc")
}

/// An item of a calc JSON report by id.
pub fn item<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == id))
        .unwrap_or_else(|| panic!("no item {id}"))
}
