//! `batch -o` on what is not a regular file, for every output format that
//! `-o` writes: a symlink keeps its link and its target gets the output; a
//! named pipe receives the rows; a character device stays a device. Every
//! special file is made in a temporary folder: never the real `/dev/null`
//! (a failing test would destroy it for the whole machine).

#![cfg(unix)]

use crate::util::bin;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

/// The `--format` values written by `-o` (extend when a format is added).
const FORMATS: [&str; 4] = ["csv", "jsonl", "items", "xlsx"];

/// A small input of two rows.
fn input(dir: &Path) -> std::path::PathBuf {
    let text = "project.id,investment.total,project.completion_date,project.production_date\n\
                A-1,1.2亿,2023-05-01,2023-06-01\n\
                A-2,8000万,2023-05-01,2023-06-01\n";
    let p = dir.join("in.csv");
    std::fs::write(&p, text).expect("write input");
    p
}

/// What `batch` prints on standard output for the same input and format.
fn expected(input: &Path, format: &str) -> Vec<u8> {
    let out = bin()
        .arg("batch")
        .arg(input)
        .args(["--format", format, "--as-of", "2023-12-31"])
        .output()
        .expect("run batch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());
    out.stdout
}

/// Asserts that `got` is the output of `format` for `input`. A workbook
/// carries its creation time, so it is compared by kind and size instead.
fn assert_output(got: &[u8], input: &Path, format: &str) {
    let want = expected(input, format);
    if format == "xlsx" {
        assert!(got.starts_with(b"PK\x03\x04"), "xlsx: not a zip archive");
        let (a, b) = (got.len(), want.len());
        assert!(
            a.abs_diff(b) * 20 < b,
            "xlsx: {a} bytes, expected about {b}"
        );
    } else {
        assert_eq!(got, want, "{format}");
    }
}

fn batch_to(input: &Path, out: &Path, format: &str) -> std::process::Output {
    bin()
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["--format", format, "--as-of", "2023-12-31"])
        .output()
        .expect("run batch")
}

#[test]
fn a_symlink_keeps_its_link_and_its_target_gets_the_output() {
    for format in FORMATS {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = input(dir.path());
        let sub = dir.path().join("results");
        std::fs::create_dir(&sub).expect("mkdir");
        let target = sub.join("real.out");
        std::fs::write(&target, "previous\n").expect("write");
        let link = dir.path().join("link.out");
        std::os::unix::fs::symlink("results/real.out", &link).expect("symlink");

        let out = batch_to(&input, &link, format);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta = std::fs::symlink_metadata(&link).expect("link");
        assert!(
            meta.file_type().is_symlink(),
            "{format}: the link was replaced"
        );
        assert_output(&std::fs::read(&target).expect("target"), &input, format);
        // No temporary file left beside the link or the target.
        assert_eq!(std::fs::read_dir(&sub).expect("ls").count(), 1, "{format}");
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            3,
            "{format}"
        );
    }
}

#[test]
fn a_dangling_symlink_creates_its_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = input(dir.path());
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("new.csv", &link).expect("symlink");
    let out = batch_to(&input, &link, "csv");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read(dir.path().join("new.csv")).expect("target"),
        expected(&input, "csv")
    );
}

#[test]
fn a_fifo_receives_the_rows() {
    for format in FORMATS {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = input(dir.path());
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("run mkfifo");
        assert!(made.success(), "mkfifo failed");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).expect("read the fifo"))
        };
        let out = batch_to(&input, &fifo, format);
        let got = reader.join().expect("reader thread");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::symlink_metadata(&fifo)
                .expect("fifo")
                .file_type()
                .is_fifo(),
            "{format}: the fifo was replaced"
        );
        assert_output(&got, &input, format);
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            2,
            "{format}"
        );
    }
}

/// Whether the tests run as root (only root may make a device node).
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_character_device_stays_a_device() {
    if !is_root() {
        eprintln!("skipped: making a device node needs root");
        return;
    }
    for format in FORMATS {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = input(dir.path());
        // A node of the null device (1, 3) in the temporary folder: writes
        // are discarded, and the real /dev/null is never touched.
        let dev = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .arg(&dev)
            .args(["c", "1", "3"])
            .status()
            .expect("run mknod");
        if !made.success() {
            eprintln!("skipped: mknod is not permitted here");
            return;
        }
        let out = batch_to(&input, &dev, format);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta = std::fs::symlink_metadata(&dev).expect("device");
        assert!(
            meta.file_type().is_char_device(),
            "{format}: the device was replaced"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            2,
            "{format}"
        );
        // And through a symlink to it.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&dev, &link).expect("symlink");
        let out = batch_to(&input, &link, format);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::symlink_metadata(&dev)
                .expect("dev")
                .file_type()
                .is_char_device()
        );
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
    }
}

/// `-o /dev/stdout` writes into whatever standard output is (here a file
/// the test opened), never replacing it.
#[test]
fn dev_stdout_writes_into_standard_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = input(dir.path());
    let captured = dir.path().join("captured");
    let file = std::fs::File::create(&captured).expect("create");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("jincheng-incentives"))
        .arg("batch")
        .arg(&input)
        .args(["-o", "/dev/stdout", "--as-of", "2023-12-31"])
        .stdout(file)
        .status()
        .expect("run batch");
    assert!(status.success());
    assert_eq!(
        std::fs::read(&captured).expect("read"),
        expected(&input, "csv")
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 2);
    // And a pipe.
    let out = bin()
        .arg("batch")
        .arg(&input)
        .args(["-o", "/dev/stdout", "--as-of", "2023-12-31"])
        .output()
        .expect("run batch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, expected(&input, "csv"));
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = input(dir.path());
    let out = batch_to(&input, dir.path(), "csv");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("目录"));
}
