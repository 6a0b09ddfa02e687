//! `batch` against a baseline that only reads and writes the same CSV with the
//! csv crate and computes nothing. Plain `harness = false` benchmark:
//!
//! ```text
//! cargo bench --locked --bench batch -- [--runs N] [--jobs N] FILE.csv...
//! ```
//!
//! For each file, the baseline (this program re-run as `--copy IN OUT`) and the
//! release binary (`batch IN -o OUT`) each run N times (default 3) as separate
//! processes, interleaved (baseline, batch, baseline, batch, …) so that a
//! change in the machine's load hits both, under `/usr/bin/time` for their
//! peak resident memory. Printed: the commit, rows, median wall time and
//! rows/s of each, the ratio batch/baseline, median user+sys CPU seconds, and
//! peak RSS. `bench/batch.sh` generates the files and runs this.
//!
//! With `--reform DIR` the comparison is instead `batch IN -o OUT` against
//! `batch IN --baseline-rules DIR -o OUT` (every row evaluated under two rule
//! sets; issue 21 asks for at most 2.2× the time): `bench/reform.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_jincheng-incentives");

/// The baseline: every record read and written back, nothing computed. Same
/// read buffer as `batch`, default csv writer, buffered file output.
fn copy(input: &Path, output: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(64 * 1024)
        .from_path(input)?;
    let file = std::fs::File::create(output)?;
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(std::io::BufWriter::with_capacity(256 * 1024, file));
    writer.write_byte_record(reader.byte_headers()?)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while reader.read_byte_record(&mut record)? {
        writer.write_byte_record(&record)?;
        rows += 1;
    }
    writer.flush()?;
    Ok(rows)
}

/// One timed process: wall seconds, user+sys seconds, peak RSS in KiB.
struct Run {
    wall: f64,
    cpu: Option<f64>,
    rss_kib: Option<u64>,
}

fn timed(program: &Path, args: &[&std::ffi::OsStr], stats: &Path) -> Result<Run, String> {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%U %S %M")
            .arg("-o")
            .arg(stats)
            .arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args);
    let started = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let wall = started.elapsed().as_secs_f64();
    // Exit 3 (some rows failed) is a normal outcome for generated bad rows.
    if !(status.success() || status.code() == Some(3)) {
        return Err(format!("{} failed: {status}", program.display()));
    }
    let text = std::fs::read_to_string(stats).unwrap_or_default();
    let fields: Vec<&str> = text
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let (cpu, rss_kib) = match fields.as_slice() {
        [u, s, m] => (
            u.parse::<f64>()
                .ok()
                .zip(s.parse::<f64>().ok())
                .map(|(u, s)| u + s),
            m.parse().ok(),
        ),
        _ => (None, None),
    };
    Ok(Run { wall, cpu, rss_kib })
}

/// Median wall time, median CPU time and highest RSS over `runs`: the
/// median, not the best, so that one lucky run does not set the figure.
fn median_of(runs: &[Run]) -> (f64, Option<f64>, Option<u64>) {
    fn median(mut v: Vec<f64>) -> Option<f64> {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    }
    let wall = median(runs.iter().map(|r| r.wall).collect()).unwrap_or(f64::NAN);
    let cpu = median(runs.iter().filter_map(|r| r.cpu).collect());
    let rss = runs.iter().filter_map(|r| r.rss_kib).max();
    (wall, cpu, rss)
}

/// The commit measured: `git rev-parse --short HEAD`, `-dirty` when the work
/// tree has changes, so that a figure can be recorded with its commit.
fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown".into();
    };
    match git(&["status", "--porcelain"]) {
        Some(s) if !s.is_empty() => format!("{head}-dirty"),
        _ => head,
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn secs(s: Option<f64>) -> String {
    s.map_or("n/a".into(), |s| format!("{s:.2} s"))
}

fn count_rows(path: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
    }
    Ok(rows)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--copy") {
        let [_, input, output] = args.as_slice() else {
            return Err("usage: --copy IN OUT".into());
        };
        copy(Path::new(input), Path::new(output))?;
        return Ok(());
    }
    let mut runs = 3usize;
    let mut jobs: Option<String> = None;
    let mut reform: Option<PathBuf> = None;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().ok_or("--runs N")?.parse()?,
            "--jobs" => jobs = Some(it.next().ok_or("--jobs N")?),
            "--reform" => reform = Some(PathBuf::from(it.next().ok_or("--reform DIR")?)),
            // cargo bench passes --bench to harness=false targets
            "--bench" => {}
            _ => files.push(PathBuf::from(a)),
        }
    }
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench batch -- [--runs N] [--jobs N] FILE.csv...");
        eprintln!("(bench/batch.sh generates the files and runs this)");
        return Ok(());
    }
    let me = std::env::current_exe()?;
    let bin = PathBuf::from(BIN);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let Some(dir) = reform {
        return reform_runs(&bin, &dir, &files, runs, jobs.as_deref());
    }
    println!(
        "batch benchmark: commit {}, {cores} cores, median of {runs} interleaved runs, batch binary {}",
        commit(),
        bin.display()
    );
    println!(
        "| rows | baseline | baseline rows/s | batch | batch rows/s | batch/baseline | baseline CPU | batch CPU | baseline peak RSS | batch peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for file in &files {
        let rows = count_rows(file)?;
        let dir = file.parent().unwrap_or(Path::new("."));
        let copy_out = dir.join("bench-copy.out.csv");
        let batch_out = dir.join("bench-batch.out.csv");
        let stats = dir.join("bench-time.txt");
        let mut base_runs = Vec::new();
        let mut batch_runs = Vec::new();
        for _ in 0..runs {
            base_runs.push(timed(
                &me,
                &["--copy".as_ref(), file.as_os_str(), copy_out.as_os_str()],
                &stats,
            )?);
            let mut a: Vec<&std::ffi::OsStr> = vec![
                "batch".as_ref(),
                file.as_os_str(),
                "-o".as_ref(),
                batch_out.as_os_str(),
            ];
            if let Some(j) = &jobs {
                a.push("-j".as_ref());
                a.push(j.as_ref());
            }
            batch_runs.push(timed(&bin, &a, &stats)?);
        }
        let (bw, bc, br) = median_of(&base_runs);
        let (tw, tc, tr) = median_of(&batch_runs);
        println!(
            "| {rows} | {bw:.2} s | {:.0} | {tw:.2} s | {:.0} | {:.2} | {} | {} | {} | {} |",
            rows as f64 / bw,
            rows as f64 / tw,
            tw / bw,
            secs(bc),
            secs(tc),
            mib(br),
            mib(tr),
        );
        println!("ratio batch/baseline ({rows} rows): {:.2}×", tw / bw);
        for p in [&copy_out, &batch_out, &stats] {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(())
}

/// `batch` alone against `batch --baseline-rules DIR` on each file.
fn reform_runs(
    bin: &Path,
    dir: &Path,
    files: &[PathBuf],
    runs: usize,
    jobs: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "batch --baseline-rules benchmark: commit {}, {cores} cores, median of {runs} interleaved runs, batch binary {}",
        commit(),
        bin.display()
    );
    println!(
        "| rows | batch | batch rows/s | with --baseline-rules | rows/s | ratio | batch CPU | with CPU | batch peak RSS | with peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for file in files {
        let rows = count_rows(file)?;
        let parent = file.parent().unwrap_or(Path::new("."));
        let out = parent.join("bench-batch.out.csv");
        let stats = parent.join("bench-time.txt");
        let (mut single, mut double) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let mut a: Vec<&std::ffi::OsStr> = vec![
                "batch".as_ref(),
                file.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ];
            if let Some(j) = jobs {
                a.push("-j".as_ref());
                a.push(j.as_ref());
            }
            single.push(timed(bin, &a, &stats)?);
            a.push("--baseline-rules".as_ref());
            a.push(dir.as_os_str());
            double.push(timed(bin, &a, &stats)?);
        }
        let (sw, sc, sr) = median_of(&single);
        let (dw, dc, dr) = median_of(&double);
        println!(
            "| {rows} | {sw:.2} s | {:.0} | {dw:.2} s | {:.0} | {:.2} | {} | {} | {} | {} |",
            rows as f64 / sw,
            rows as f64 / dw,
            dw / sw,
            secs(sc),
            secs(dc),
            mib(sr),
            mib(dr),
        );
        for p in [&out, &stats] {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(())
}
