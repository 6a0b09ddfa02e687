//! Issue 17: no writer replaces an input (also through `..`, links and hard
//! links), read-only outputs need `--force`, Ctrl-C/SIGTERM leave no
//! temporary file, negotiation and `-j` are bounded, and `test` neither
//! passes an empty case nor hangs on a pipe nor counts a case twice.

use crate::util::{bin, example, root};
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CSV: &str = "tests/fixtures/office/projects.csv";

fn copy_csv(dir: &Path) -> PathBuf {
    let p = dir.join("in.csv");
    std::fs::copy(root().join(CSV), &p).expect("copy csv");
    p
}

#[cfg(unix)]
#[test]
fn batch_and_plot_refuse_the_input_through_links_hard_links_and_dotdot() {
    let dir = tempfile::tempdir().expect("temp");
    let input = copy_csv(dir.path());
    let before = std::fs::read(&input).expect("read");
    std::fs::hard_link(&input, dir.path().join("hard.csv")).expect("hard link");
    std::os::unix::fs::symlink(&input, dir.path().join("sym.csv")).expect("symlink");
    std::fs::create_dir(dir.path().join("sub")).expect("sub");
    for out in ["hard.csv", "sym.csv", "sub/../in.csv", "in.csv"] {
        bin()
            .current_dir(dir.path())
            .args(["batch", "in.csv", "-o", out])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("同一个文件"));
    }
    assert_eq!(std::fs::read(&input).expect("read"), before);

    // --plot onto the project file, directly and through a link named .svg.
    let project = dir.path().join("p.toml");
    std::fs::copy(example("worked-example.toml"), &project).expect("copy");
    let before = std::fs::read(&project).expect("read");
    std::os::unix::fs::symlink(&project, dir.path().join("p.svg")).expect("symlink");
    for plot in ["p.toml", "p.svg"] {
        bin()
            .current_dir(dir.path())
            .args(["calc", "p.toml", "--sweep", "investment.total=1亿..2亿"])
            .args(["--plot", plot])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("同一个文件"));
    }
    assert_eq!(std::fs::read(&project).expect("read"), before);
}

#[test]
fn a_read_only_output_needs_force() {
    let dir = tempfile::tempdir().expect("temp");
    let input = copy_csv(dir.path());
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "old").expect("write");
    let mut perms = std::fs::metadata(&out).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&out, perms).expect("chmod");
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("只读").and(predicate::str::contains("--force")));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old");
    bin()
        .args(["template", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old");
    // With --force: replaced, and still read-only.
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("A-1"), "{text}");
    assert!(
        std::fs::metadata(&out)
            .expect("meta")
            .permissions()
            .readonly()
    );
    bin()
        .args(["template", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("[project]")
    );
}

#[test]
fn huge_jobs_are_a_usage_error_not_a_panic() {
    for j in ["18446744073709551615", "100000", "0"] {
        bin()
            .args(["batch", CSV, "-j", j])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("-j").or(predicate::str::contains("--jobs")))
            .stderr(predicate::str::contains("panicked").not());
    }
    bin().args(["batch", CSV, "-j", "1"]).assert().success();
}

#[test]
fn negotiation_is_bounded() {
    let project = example("worked-example.toml");
    // --steps beyond the cap: a usage error.
    bin()
        .arg("calc")
        .arg(&project)
        .args(["--sweep", "investment.total=1亿..2亿", "--steps", "100000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1000"));
    // 101 scenarios in a file: refused (exit 1), nothing computed.
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("s.toml");
    let text: String = (0..101)
        .map(|k| {
            format!(
                "[[scenario]]\nname = \"方案{k}\"\nset = [\"land.area_mu={}\"]\n",
                10 + k
            )
        })
        .collect();
    std::fs::write(&file, text).expect("write");
    bin()
        .arg("calc")
        .arg(&project)
        .arg("--scenarios")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("最多 100 个"));
    // A scenario file over 256 KB: refused before parsing.
    std::fs::write(&file, format!("# {}\n", "x".repeat(300 * 1024))).expect("write");
    bin()
        .arg("calc")
        .arg(&project)
        .arg("--scenarios")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("256 KB"));
    // 101 --scenario flags: a usage error.
    let mut cmd = bin();
    cmd.arg("calc").arg(&project);
    for k in 0..101 {
        cmd.arg("--scenario")
            .arg(format!("s{k}: land.area_mu={}", 10 + k));
    }
    cmd.assert()
        .code(2)
        .stderr(predicate::str::contains("最多比较 100 个"));
    // --sweep with --scenarios: refused as usage.
    bin()
        .arg("calc")
        .arg(&project)
        .args(["--sweep", "investment.total=1亿..2亿", "--scenarios"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--scenarios"));
}

#[test]
fn a_sweep_point_that_set_refuses_is_not_computed() {
    // The worked example borrows 5000万 from local banks: investment.total 0
    // is below the deductions, which --set refuses.
    let project = example("worked-example.toml");
    bin()
        .arg("calc")
        .arg(&project)
        .args(["--set", "investment.total=0"])
        .assert()
        .code(1);
    bin()
        .arg("calc")
        .arg(&project)
        .args(["--sweep", "investment.total=0..12亿", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--set 也不接受"));
}

fn write_case(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write case");
}

/// A case the worked example passes: its 100 standard mu at the agreed
/// intensity earn the standard-land reward (INTERPRETATION's worked example).
const GOOD_CASE: &str = "[case]\nproject = \"../p.toml\"\n[expect.items.standard_land_investment]\nstatus = \"applies\"\n";

#[cfg(unix)]
#[test]
fn test_fails_an_empty_case_skips_a_fifo_and_counts_each_case_once() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    std::fs::copy(example("worked-example.toml"), d.join("p.toml")).expect("copy");
    std::fs::create_dir(d.join("cases")).expect("dir");
    let cases = d.join("cases");
    write_case(&cases, "good.toml", GOOD_CASE);
    write_case(
        &cases,
        "empty.toml",
        "[case]\nproject = \"../p.toml\"\n[expect]\n",
    );
    let fifo = cases.join("pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // A case whose project is a pipe: a failure, not a hang.
    Command::new("mkfifo")
        .arg(d.join("project-pipe"))
        .status()
        .expect("mkfifo");
    write_case(
        &cases,
        "piped.toml",
        "[case]\nproject = \"../project-pipe\"\n[expect.items.standard_land_investment]\nstatus = \"applies\"\n",
    );
    // A loop: cases/loop -> cases.
    std::os::unix::fs::symlink(&cases, cases.join("loop")).expect("symlink");
    let out = bin()
        .arg("test")
        .arg(&cases)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("1 passed, 2 failed"), "{stdout}");
    assert!(stdout.contains("用例没有预期结果"), "{stdout}");
    assert!(stdout.contains("命名管道"), "{stdout}");
    assert!(
        stderr.contains("pipe.toml") && stderr.contains("警告"),
        "{stderr}"
    );
    assert!(stderr.contains("loop"), "{stderr}");
}

/// Runs `batch` on a large CSV writing over `out`, sends `signal` once its
/// temporary file exists, and checks the exit status, that no temporary file
/// is left and that `out` is unchanged.
#[cfg(unix)]
fn interrupted(signal: &str, code: i32) {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let text = std::fs::read_to_string(root().join(CSV)).expect("csv");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let row = lines.next().expect("row");
    let mut big = String::with_capacity(header.len() + 1 + 300_000 * (row.len() + 1));
    big.push_str(header);
    big.push('\n');
    for _ in 0..300_000 {
        big.push_str(row);
        big.push('\n');
    }
    let input = d.join("big.csv");
    std::fs::write(&input, big).expect("write");
    let out = d.join("out.csv");
    std::fs::write(&out, "previous").expect("write");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("jincheng-incentives"))
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let temp_files = || {
        std::fs::read_dir(d)
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".jincheng-out-")
            })
            .count()
    };
    let start = Instant::now();
    while temp_files() == 0 {
        assert!(start.elapsed() < Duration::from_secs(60), "no temp file");
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("batch ended before the signal: {status}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(sent.success());
    let result = child.wait_with_output().expect("wait");
    assert_eq!(
        result.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(temp_files(), 0, "temporary file left");
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "previous");
}

#[cfg(unix)]
#[test]
fn ctrl_c_removes_the_temporary_file_and_keeps_the_output() {
    interrupted("INT", 130);
}

#[cfg(unix)]
#[test]
fn sigterm_removes_the_temporary_file_and_keeps_the_output() {
    interrupted("TERM", 143);
}

#[cfg(unix)]
#[test]
fn sighup_removes_the_temporary_file_and_keeps_the_output() {
    interrupted("HUP", 129);
}

#[test]
fn an_unusable_temporary_directory_is_named() {
    let dir = tempfile::tempdir().expect("temp");
    bin()
        .args(["batch", CSV, "--format", "xlsx", "-o"])
        .arg(dir.path().join("out.xlsx"))
        .env("TMPDIR", "/nonexistent-tmpdir")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent-tmpdir"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_under_template_is_said_in_chinese_only() {
    // /dev/full accepts the open and fails every write with ENOSPC.
    let out = bin()
        .args(["template", "--xlsx", "-o", "/dev/full"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("ZipWriter"), "{stderr}");
    assert!(stderr.contains("/dev/full"), "{stderr}");
}
