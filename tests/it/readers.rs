//! The hostile corpus of the readers: files of a few kilobytes built here at
//! test time (BIFF records in an OLE file, `.xlsx`/`.ods` zips, CSVs), each
//! one an attack that once exhausted the machine, crashed a reader or
//! changed a figure without a word. Every run of the binary is under an
//! address-space limit and a time limit; it must end with exit 0, 1 or 3
//! and a message, never a panic, an abort or a signal, and its peak memory
//! (VmHWM, sampled every 5 ms) must stay under [`PEAK_RSS_KB`].
//!
//! With `JINCHENG_FUZZ_SEEDS=dir` the corpus is also written to `dir` (the
//! workbook fuzz target's seeds: `fuzz/seed.sh`).

use crate::util::root;
use std::ffi::OsStr;
use std::io::{Cursor, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Address space a run may take: mimalloc and the threads reserve more than
/// they touch, so this is above the real bound ([`PEAK_RSS_KB`]). Measured
/// on 2 cores: the debug binary reads this corpus within 256 MiB; threads
/// (one per core) each reserve more on bigger machines.
const ADDRESS_SPACE: u64 = 2 << 30;
/// The real bound: resident memory at its peak.
const PEAK_RSS_KB: i64 = 500 * 1024;
/// Far above any honest run, even of a debug build on a busy machine.
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_kb: i64,
}

/// Runs the binary with `args` under the limits; fails the test on a
/// signal, a timeout or a panic.
fn run(args: &[&OsStr], what: &str) -> Run {
    let dir = TempDir::new().expect("temp dir");
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jincheng-incentives"));
    cmd.args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = cmd.spawn().expect("spawn the binary");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // The child's own peak, sampled: `ru_maxrss` of a child forked from
    // this (large, multi-threaded) test process starts at the parent's
    // size, which exec keeps; VmHWM belongs to the new program alone.
    let mut peak_kb = 0i64;
    loop {
        peak_kb = peak_kb.max(vm_hwm_kb(pid));
        // SAFETY: waits for our own child; status and usage are valid.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        assert!(done == 0, "{what}: wait4 failed");
        if started.elapsed() > TIME_LIMIT {
            // SAFETY: our own child, not yet waited for.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            panic!("{what}: still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(child);
    let stdout =
        String::from_utf8_lossy(&std::fs::read(&out_path).unwrap_or_default()).into_owned();
    let stderr =
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default()).into_owned();
    let shown: String = stderr.chars().take(800).collect();
    assert!(
        libc::WIFEXITED(status),
        "{what}: killed by signal {} (peak {} MB); stderr: {shown}",
        libc::WTERMSIG(status),
        peak_kb / 1024
    );
    let code = libc::WEXITSTATUS(status);
    assert!(
        matches!(code, 0 | 1 | 3),
        "{what}: exit {code}; stderr: {shown}"
    );
    assert!(!stderr.contains("panicked"), "{what}: panicked: {shown}");
    assert!(
        peak_kb < PEAK_RSS_KB,
        "{what}: peak memory {} MB",
        peak_kb / 1024
    );
    Run {
        code,
        stdout,
        stderr,
        peak_kb,
    }
}

/// The peak resident memory of a running process (0 once it has exited).
fn vm_hwm_kb(pid: libc::pid_t) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `batch FILE` (extra args after) on `bytes` written as `name`.
fn batch(name: &str, bytes: &[u8], extra: &[&str]) -> Run {
    seed(name, bytes);
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write input");
    let mut args: Vec<&OsStr> = vec!["batch".as_ref(), path.as_os_str()];
    args.extend(extra.iter().map(|a| OsStr::new(*a)));
    run(&args, name)
}

/// Exit 1 with a Chinese message containing every needle.
#[track_caller]
fn assert_refused(r: &Run, needles: &[&str], what: &str) {
    assert_eq!(r.code, 1, "{what}: stderr: {}", r.stderr);
    for n in needles {
        assert!(
            r.stderr.contains(n),
            "{what}: stderr lacks {n:?}: {}",
            r.stderr
        );
    }
    assert!(
        r.stderr.len() < 4096,
        "{what}: a message of {} bytes",
        r.stderr.len()
    );
}

/// Writes a corpus file into `$JINCHENG_FUZZ_SEEDS` when set.
fn seed(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("JINCHENG_FUZZ_SEEDS")
        && bytes.len() <= 1024 * 1024
    {
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(name), bytes);
    }
}

// ------------------------------------------------------------ generators

/// A zip of `(name, bytes)` entries, deflated.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// An `.xlsx` with one sheet named `name` whose `<sheetData>` is `data`.
fn xlsx_named(name: &str, data: &[u8]) -> Vec<u8> {
    xlsx_with(name, data, None)
}

/// The same with `xl/sharedStrings.xml` holding `strings` inside `<sst>`.
fn xlsx_with(name: &str, data: &[u8], strings: Option<&[u8]>) -> Vec<u8> {
    let sheet = [
        br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.as_slice(),
        data,
        b"</sheetData></worksheet>",
    ]
    .concat();
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let sst = strings.map(|body| {
        [
            br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.as_slice(),
            body,
            b"</sst>",
        ]
        .concat()
    });
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", &sheet),
    ];
    if let Some(sst) = &sst {
        entries.push(("xl/sharedStrings.xml", sst));
    }
    zip(&entries)
}

fn xlsx(data: &[u8]) -> Vec<u8> {
    xlsx_named("项目", data)
}

/// An inline-string cell and a number cell.
fn s(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}
fn n(r: &str, v: &str) -> String {
    format!(r#"<c r="{r}"><v>{v}</v></c>"#)
}

/// An `.ods` whose content.xml body (inside `<office:spreadsheet>`) is `body`.
fn ods(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#),
        ("content.xml", content.as_bytes()),
    ])
}

/// One BIFF record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend_from_slice(&(data.len() as u16).to_le_bytes());
    v.extend_from_slice(data);
    v
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend_from_slice(&dt.to_le_bytes());
    d.resize(16, 0);
    record(0x0809, &d)
}

/// A BIFF8 LABEL cell (ASCII text).
fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    d.extend_from_slice(&(text.len() as u16).to_le_bytes());
    d.push(0);
    d.extend_from_slice(text.as_bytes());
    record(0x0204, &d)
}

/// A BIFF8 NUMBER cell.
fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    d.extend_from_slice(&v.to_le_bytes());
    record(0x0203, &d)
}

/// A DIMENSIONS record (BIFF8: rows as u32).
fn dimensions(first_row: u32, last_row_plus_1: u32, cols: u16) -> Vec<u8> {
    let mut d = first_row.to_le_bytes().to_vec();
    d.extend_from_slice(&last_row_plus_1.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&cols.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    record(0x0200, &d)
}

/// An `.xls`: one sheet "Sheet1" of `cells` records, its BOUNDSHEET offset
/// moved by `offset_shift` (a corrupted file).
fn xls(cells: &[Vec<u8>], offset_shift: u32) -> Vec<u8> {
    let name = b"Sheet1";
    let boundsheet_len = 4 + 6 + 2 + name.len();
    let globals_len = bof(0x0005).len() + boundsheet_len + 4;
    let mut bs = (globals_len as u32 + offset_shift).to_le_bytes().to_vec();
    bs.extend_from_slice(&[0, 0, name.len() as u8, 0]);
    bs.extend_from_slice(name);
    let mut stream = [bof(0x0005), record(0x0085, &bs), record(0x000A, &[])].concat();
    stream.extend_from_slice(&bof(0x0010));
    for c in cells {
        stream.extend_from_slice(c);
    }
    stream.extend_from_slice(&record(0x000A, &[]));
    ole(&[("/Workbook", &stream)])
}

/// An OLE compound file of `(path, bytes)` streams.
fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    for (path, bytes) in streams {
        let mut s = file.create_stream(path).expect("cfb stream");
        s.write_all(bytes).expect("cfb write");
    }
    file.flush().expect("cfb flush");
    file.into_inner().into_inner()
}

fn temp_file(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn rows_of(out: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.expect("CSV output"))
        .collect()
}

fn path_arg(p: &Path) -> &OsStr {
    p.as_os_str()
}

// ------------------------------------------------------------ .xls

#[test]
fn xls_an_honest_sheet_is_read() {
    let cells = [
        dimensions(0, 2, 2),
        label(0, 0, "project.id"),
        label(0, 1, "land.area_mu"),
        label(1, 0, "P1"),
        number(1, 1, 40.0),
    ];
    let r = batch("honest.xls", &xls(&cells, 0), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = rows_of(&r.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "P1");
}

#[test]
fn xls_declaring_billions_of_cells_is_refused() {
    let cells = [dimensions(0, 4_000_000_000, 200), label(0, 0, "project.id")];
    let r = batch("dimensions.xls", &xls(&cells, 0), &[]);
    assert_refused(&r, &["dimensions.xls", "工作表太大", "上限"], "dimensions");
}

#[test]
fn xls_a_first_row_past_the_last_is_refused() {
    // calamine counts this in u32 and wraps to billions.
    let cells = [dimensions(10, 2, 2), label(0, 0, "project.id")];
    let r = batch("wrap.xls", &xls(&cells, 0), &[]);
    assert_refused(&r, &["太大"], "wrapping dimensions");
}

#[test]
fn xls_cells_far_apart_are_refused_before_the_grid() {
    let cells = [label(0, 0, "project.id"), number(65_535, 255, 1.0)];
    let r = batch("corners.xls", &xls(&cells, 0), &[]);
    assert_refused(&r, &["太大"], "corners");
}

#[test]
fn xls_a_sheet_offset_past_the_end_is_refused() {
    let r = batch(
        "offset.xls",
        &xls(&[label(0, 0, "project.id")], 1_000_000),
        &[],
    );
    assert_refused(&r, &["损坏"], "offset");
}

#[test]
fn xls_password_and_html_and_garbage_are_said_in_chinese() {
    let encrypted = ole(&[
        ("/EncryptionInfo", b"\x04\x00\x04\x00"),
        ("/EncryptedPackage", b"x"),
    ]);
    let r = batch("locked.xlsx", &encrypted, &[]);
    assert_refused(&r, &["密码"], "password");
    let html = b"<html><body><table><tr><td>project.id</td></tr></table></body></html>";
    let r = batch("page.xls", html, &[]);
    assert_refused(&r, &["网页"], "html");
    let mut corrupt = xls(&[label(0, 0, "project.id")], 0);
    for b in corrupt.iter_mut().skip(600).step_by(7) {
        *b ^= 0x5A;
    }
    let r = batch("corrupt.xls", &corrupt, &[]);
    assert!(matches!(r.code, 0 | 1), "{}", r.stderr);
}

// ------------------------------------------------------------ .ods

#[test]
fn ods_repeated_rows_times_columns_is_refused() {
    let body = r#"<table:table table:name="项目"><table:table-row><table:table-cell office:value-type="string"><text:p>project.id</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="6100"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
    let r = batch("repeats.ods", &ods(body), &[]);
    assert_refused(
        &r,
        &["repeats.ods", "\"项目\"", "number-rows-repeated", "上限"],
        "ods repeats",
    );
}

#[test]
fn ods_trailing_empty_repeats_of_a_real_file_are_read() {
    let body = r#"<table:table table:name="项目"><table:table-row><table:table-cell office:value-type="string"><text:p>project.id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>land.area_mu</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>P1</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="40"><text:p>40</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
    let r = batch("libreoffice.ods", &ods(body), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rows_of(&r.stdout).len(), 1);
}

#[test]
fn ods_formula_without_value_fails_its_row() {
    let body = r#"<table:table table:name="项目"><table:table-row><table:table-cell office:value-type="string"><text:p>project.id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>land.area_mu</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>P1</text:p></table:table-cell><table:table-cell table:formula="of:=[.C1]*2"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>P2</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="40"/></table:table-row></table:table>"#;
    let r = batch("formula.ods", &ods(body), &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let rows = rows_of(&r.stdout);
    assert_eq!(&rows[0][2], "error");
    assert!(
        rows[0][3].contains("B2: 公式没有计算结果"),
        "{}",
        &rows[0][3]
    );
    assert_eq!(&rows[1][2], "ok");
}

// ------------------------------------------------------------ .xlsx

#[test]
fn xlsx_a_sheet_inflating_past_the_limit_is_refused() {
    // Spaces in runs under the text limit, 600 MiB in all.
    let mut data = s("A1", "project.id").into_bytes();
    while data.len() < 600 * 1024 * 1024 {
        data.extend_from_slice(&[b' '; 3 * 1024 * 1024]);
        data.extend_from_slice(b"<x/>");
    }
    let file = xlsx(&data);
    assert!(file.len() < 1024 * 1024, "{} bytes", file.len());
    let r = batch("spaces.xlsx", &file, &[]);
    assert_refused(&r, &["spaces.xlsx", "sheet1.xml", "解压后超过"], "spaces");
    let mut data = s("A1", "project.id").into_bytes();
    data.resize(20 * 1024 * 1024, b' ');
    let r = batch("text.xlsx", &xlsx(&data), &[]);
    assert_refused(&r, &["sheet1.xml", "XML 文字超过 4 MiB"], "a long text");
}

#[test]
fn xlsx_millions_of_elements_and_endless_nesting_are_refused() {
    let head = format!(r#"<row r="1">{}</row>"#, s("A1", "project.id"));
    let strings = b"<si/>".repeat(4_100_000);
    let r = batch(
        "elements.xlsx",
        &xlsx_with("项目", head.as_bytes(), Some(&strings)),
        &[],
    );
    assert_refused(&r, &["sharedStrings.xml", "元素"], "elements");
    let r = batch("unclosed.xlsx", &xlsx(&b"<x>".repeat(5_000_000)), &[]);
    assert_refused(&r, &["嵌套"], "unclosed tags");
}

#[test]
fn xlsx_formula_without_cached_value_fails_its_row() {
    let data = format!(
        r#"<row r="1">{}{}</row><row r="2">{}<c r="B2"><f>C2*2</f></c></row><row r="3">{}{}</row>"#,
        s("A1", "project.id"),
        s("B1", "land.area_mu"),
        s("A2", "P1"),
        s("A3", "P2"),
        n("B3", "40"),
    );
    let r = batch("formula.xlsx", &xlsx(data.as_bytes()), &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let rows = rows_of(&r.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][2], "error");
    assert!(
        rows[0][3].contains("B2: 公式没有计算结果: 请在 Excel/WPS 中打开并保存后重试"),
        "{}",
        &rows[0][3]
    );
    assert_eq!(&rows[1][2], "ok");
}

#[test]
fn xlsx_a_bad_cell_deep_down_fails_its_row_only() {
    let mut data = format!(
        r#"<row r="1">{}{}{}</row>"#,
        s("A1", "project.id"),
        s("B1", "land.area_mu"),
        s("C1", "project.name")
    );
    for r in 2..=20_010 {
        data.push_str(&format!(
            r#"<row r="{r}">{}{}"#,
            s(&format!("A{r}"), &format!("P{r}")),
            n(&format!("B{r}"), "40")
        ));
        if r == 20_002 {
            data.push_str(r#"<c r="C20002" t="b"><v>yes</v></c>"#);
        }
        data.push_str("</row>");
    }
    let r = batch("bool.xlsx", &xlsx(data.as_bytes()), &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let rows = rows_of(&r.stdout);
    assert_eq!(rows.len(), 20_009);
    let bad: Vec<_> = rows.iter().filter(|r| &r[2] == "error").collect();
    assert_eq!(bad.len(), 1, "{:?}", bad);
    // Data row 20,001 on sheet line 20,002.
    assert_eq!(&bad[0][0], "20001");
    assert_eq!(bad[0].get(bad[0].len() - 1), Some("20002"));
    assert!(bad[0][3].contains("无法读取"), "{}", &bad[0][3]);
    // The row's error is the row's, not the header's (the summary line may
    // name the Chinese header of the error column).
    let row_line = r
        .stderr
        .lines()
        .find(|l| l.contains("第20001行"))
        .unwrap_or("");
    assert!(!row_line.contains("表头"), "{}", r.stderr);
}

#[test]
fn xlsx_sheet_prefers_the_exact_name() {
    let data = format!(
        r#"<row r="1">{}</row><row r="2">{}</row>"#,
        s("A1", "project.id"),
        s("A2", "P1")
    );
    let file = xlsx_named(" 项目 ", data.as_bytes());
    // Only a padded name: taken.
    let r = batch("padded.xlsx", &file, &["--sheet", "项目"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

// ------------------------------------------------------------ CSV and headers

#[test]
fn csv_mixed_encodings_name_the_line() {
    let (gbk, _, _) = encoding_rs::GB18030.encode("项目编号,项目名称\n");
    let bytes = [gbk.as_ref(), "A-1,晋城新材料项目\n".as_bytes()].concat();
    let r = batch("mixed.csv", &bytes, &[]);
    assert_refused(&r, &["编码不一致", "第1行", "第2行"], "mixed encodings");
}

#[test]
fn csv_an_unclosed_quote_names_its_line() {
    let bytes = b"project.id,project.name\nP1,a\nP2,\"open\nP3,c\nP4,d\n";
    let r = batch("quote.csv", bytes, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("第3行的引号"), "{}", r.stderr);
}

#[test]
fn a_million_unknown_columns_give_a_short_message() {
    let header = |n: usize| {
        let mut h = String::from("project.id");
        for i in 0..n {
            h.push_str(&format!(",x{i}"));
        }
        h.push_str("\nP1\n");
        h
    };
    let r = batch("wide.csv", header(10_000).as_bytes(), &[]);
    assert_refused(&r, &["未知字段", "\"x4\"", "另有 9995 处"], "wide header");
    let r = batch("wider.csv", header(1_000_000).as_bytes(), &[]);
    assert_refused(&r, &["表头有 1000001 列, 超过上限"], "a million columns");
}

#[test]
fn calc_on_a_ten_megabyte_toml_is_bounded() {
    let dir = TempDir::new().expect("temp dir");
    let mut text = String::from("[project]\nid = \"A\"\nname = \"");
    text.push_str(&"晋".repeat(3_000_000));
    text.push_str("\"\n");
    let path = temp_file(&dir, "big.toml", text.as_bytes());
    let r = run(&["calc".as_ref(), path_arg(&path)], "10 MB TOML");
    assert!(matches!(r.code, 0 | 1), "{}", r.stderr);
    let _ = r.peak_kb;
}

#[test]
fn xlsx_cells_far_right_fail_their_rows_unpadded() {
    let mut data = format!(r#"<row r="1">{}</row>"#, s("A1", "project.id"));
    for r in 2..=50_001 {
        data.push_str(&format!(
            r#"<row r="{r}">{}{}</row>"#,
            s(&format!("A{r}"), "P"),
            n(&format!("XFD{r}"), "1")
        ));
    }
    let r = batch("far-right.xlsx", &xlsx(data.as_bytes()), &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let rows = rows_of(&r.stdout);
    assert_eq!(rows.len(), 50_000);
    assert!(
        rows[0][3].contains("XFD2: 表头右边很远处有内容"),
        "{}",
        &rows[0][3]
    );
}

// ------------------------------------------------------------ just under the limits

/// The worst files the limits let through, one per reader: they are read
/// (exit 0 or 3) within the memory and time bounds. `bench/readers.sh`
/// times them on the release binary.
#[test]
fn files_just_under_the_limits_are_read_within_bounds() {
    let head = format!(
        r#"<row r="1">{}</row><row r="2">{}</row>"#,
        s("A1", "project.id"),
        s("A2", "P1")
    );
    // 200 MiB of sheet XML (the limit: 512 MiB; a debug build reads 200 in
    // about 10 s) in runs of text of 3.9 MiB (the limit: 4 MiB).
    let mut spaces = head.clone().into_bytes();
    while spaces.len() < 200 * 1024 * 1024 {
        spaces.extend_from_slice(&[b' '; 3_900 * 1024]);
        spaces.extend_from_slice(b"<x/>");
    }
    let r = batch("max-spaces.xlsx", &xlsx(&spaces), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 3.9 million shared strings (the limit: 4 million elements).
    let strings = b"<si/>".repeat(3_900_000);
    let r = batch(
        "max-strings.xlsx",
        &xlsx_with("项目", head.as_bytes(), Some(&strings)),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 10 million elements in the streamed sheet (the limit: 64 million; a
    // debug build takes about 20 s for these).
    let mut elements = head.clone().into_bytes();
    elements.extend_from_slice(&b"<x/>".repeat(10_000_000));
    let r = batch("max-elements.xlsx", &xlsx(&elements), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // An .xls grid of 3.9 million cells (the limit: 4 million).
    let cells = [
        label(0, 0, "project.id"),
        label(1, 0, "P1"),
        number(15_233, 255, 1.0),
    ];
    let r = batch("max-grid.xls", &xls(&cells, 0), &[]);
    assert!(matches!(r.code, 0 | 3), "{}", r.stderr);
    // An .ods grid of 3.9 million cells.
    let body = r#"<table:table table:name="项目"><table:table-row><table:table-cell office:value-type="string"><text:p>project.id</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1900"><table:table-cell table:number-columns-repeated="1024" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
    let r = batch("max-grid.ods", &ods(body), &[]);
    assert!(matches!(r.code, 0 | 3), "{}", r.stderr);
}
