//! Hostile inputs through the real binary: huge numbers, deep nesting, invalid
//! UTF-8, empty files, 10 MB values, control characters and NUL bytes, in
//! project files, CSV batches and rules folders. Each must end with a message
//! and exit status 1 (a batch whose rows fail: 3, as the contract says) —
//! never 101 (a panic), a signal, or a run past the time limit.
//!
//! Then every input the fuzzers kept in `tests/fuzz_regressions/` is replayed
//! through the library exactly as its fuzz target ran it.

use crate::util::{bin, example, root};
use jincheng_incentives::engine::{self, Options};
use jincheng_incentives::money;
use jincheng_incentives::project::parse::{Columns, from_toml};
use jincheng_incentives::project::schema::FIELDS;
use jincheng_incentives::project::value::{parse_date, parse_text};
use jincheng_incentives::render::{json, table};
use jincheng_incentives::rules::{self, EMBEDDED, RuleSet, load_sources};
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;
use tempfile::TempDir;

/// Longer than any honest run, even of a debug build on a busy 2-core machine.
const LIMIT: Duration = Duration::from_secs(20);
/// Just under the 10 MiB a project file may have.
const TEN_MB: usize = 10 * 1024 * 1024 - 1024;

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    bin()
        .args(args)
        .timeout(LIMIT)
        .output()
        .expect("the binary ran (a timeout is an error here)")
}

fn calc_bytes(bytes: &[u8]) -> Output {
    let dir = TempDir::new().expect("temp dir");
    let path = write(&dir, "project.toml", bytes);
    run(&["calc".as_ref(), path.as_os_str()])
}

/// Exit 1, no panic, and a message on stderr that contains `needle`.
#[track_caller]
fn assert_refused(out: &Output, needle: &str, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown: String = stderr.chars().take(600).collect();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: expected exit 1, got {:?}; stderr: {shown}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{what}: panicked: {shown}");
    assert!(
        stderr.starts_with("jincheng-incentives: "),
        "{what}: no message on stderr: {shown}"
    );
    assert!(
        stderr.contains(needle),
        "{what}: stderr lacks {needle:?}: {shown}"
    );
    assert!(out.stdout.is_empty(), "{what}: wrote output half-way");
}

// ------------------------------------------------------------ project files

#[test]
fn huge_numbers_are_input_errors_naming_the_field() {
    let nines = "9".repeat(400);
    let cases = [
        (
            "[investment]\ntotal = 1e400\n".to_string(),
            "investment.total",
        ),
        (
            format!("[investment]\ntotal = {nines}\n"),
            "investment.total",
        ),
        (
            format!("[investment]\ntotal = \"{nines}\"\n"),
            "investment.total",
        ),
        (
            "[investment]\ntotal = \"99999999999999999999亿\"\n".into(),
            "investment.total",
        ),
        (
            "[investment]\nfixed_assets = \"1000000000000000.01\"\n".into(),
            "investment.fixed_assets",
        ),
        (
            "[investment]\ntotal = 1.7976931348623157e308\n".into(),
            "investment.total",
        ),
        ("[land]\narea_mu = 1e400\n".into(), "land.area_mu"),
        ("[land]\narea_mu = 1000000001\n".into(), "land.area_mu"),
        (format!("[land]\narea_mu = \"{nines}\"\n"), "land.area_mu"),
        (
            "[utilities]\nwater_tons = 1000000000001\n".into(),
            "utilities.water_tons",
        ),
        (
            "[[loans]]\nterm_months = 99999999999999999999\n".into(),
            "loans[1].term_months",
        ),
        (
            "[[loans]]\nprincipal = \"1\"\nbalances = [\"99999999999999999999亿\"]\n".into(),
            "loans[1].balances",
        ),
        (
            "[employment]\ninsured_employees = 9223372036854775807\n".into(),
            "employment.insured_employees",
        ),
        (
            "[[tax_years]]\nyear = -9223372036854775808\n".into(),
            "tax_years[1].year",
        ),
        (
            "[[loans]]\nannual_rate = \"1e400%\"\n".into(),
            "loans[1].annual_rate",
        ),
        (
            "[project]\ninvestment_start = 9999-12-31\n".into(),
            "project.investment_start",
        ),
        (
            "[project]\ninvestment_start = 0000-01-01\n".into(),
            "project.investment_start",
        ),
    ];
    for (text, field) in cases {
        assert_refused(
            &calc_bytes(text.as_bytes()),
            field,
            &text[..text.len().min(80)],
        );
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let n = 10_000;
    let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let tables = format!("{}1{}", "{a=".repeat(n), "}".repeat(n));
    let cases = [
        format!("a = {arrays}\n"),
        format!("[land]\narea_mu = {arrays}\n"),
        format!("[[loans]]\nbalances = {arrays}\n"),
        format!("a = {tables}\n"),
        format!("[land]\narea_mu = {tables}\n"),
        format!("loans = [{tables}]\n"),
        // Dotted keys and table headers 10,000 deep.
        format!("{} = 1\n", vec!["a"; n].join(".")),
        format!("[{}]\n", vec!["land"; n].join(".")),
    ];
    for text in cases {
        assert_refused(&calc_bytes(text.as_bytes()), "项目文件有误", &text[..40]);
    }
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let cases: [&[u8]; 6] = [
        b"[project]\nname = \"\xff\xfe\"\n",
        b"[project]\n\xc3\x28 = 1\n",
        b"\xef\xbb\xbf[project]\nname = \"\xed\xa0\x80\"\n", // BOM, then a surrogate
        b"[project]\nname = \"\xc0\xaf\"\n",                 // overlong '/'
        b"\xff\xfe[\x00p\x00]\x00",                          // UTF-16
        b"[land]\narea_mu = 1\x80\n",
    ];
    for bytes in cases {
        let out = calc_bytes(bytes);
        assert_refused(&out, "不是 UTF-8", &String::from_utf8_lossy(bytes));
    }
}

/// An empty project file is valid TOML with no sections: by the contract an
/// absent section means that part of the policy does not apply, so it computes
/// with every cash item not applicable and totals of zero, and exits 0.
#[test]
fn empty_project_file_computes_nothing_and_succeeds() {
    for text in ["", "\n\n", "# 只有注释\n", "\u{feff}", "   \t\n"] {
        let dir = TempDir::new().expect("temp dir");
        let path = write(&dir, "empty.toml", text.as_bytes());
        let out = bin()
            .arg("calc")
            .arg(&path)
            .args(["--format", "json", "--as-of", "2023-11-20"])
            .timeout(LIMIT)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{text:?}: {out:?}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        for item in report["items"].as_array().expect("items") {
            assert_ne!(item["status"], "applies", "{text:?}: {item}");
            assert_eq!(item["amount"], "0.00", "{text:?}: {item}");
        }
        for (key, v) in report["totals"].as_object().expect("totals") {
            assert_eq!(v, "0.00", "{text:?}: total {key}");
        }
    }
}

#[test]
fn ten_megabyte_values_and_keys_are_refused_quickly() {
    let filler = |n: usize| "x".repeat(n);
    let nines = "9".repeat(TEN_MB - 64);
    let cases = [
        (
            format!("[project]\nname = \"{}\"\n", filler(TEN_MB - 64)),
            "project.name",
        ),
        (
            format!("[project]\nname = '''{}'''\n", filler(TEN_MB - 64)),
            "project.name",
        ),
        (
            format!("[investment]\ntotal = \"{nines}\"\n"),
            "investment.total",
        ),
        (format!("[land]\narea_mu = {nines}\n"), "land.area_mu"),
        (
            format!("[project]\ninvestment_start = \"{nines}\"\n"),
            "project.investment_start",
        ),
        (format!("[land]\nuse = \"{nines}\"\n"), "land.use"),
        (
            format!("[project]\n{} = 1\n", filler(TEN_MB - 64)),
            "未知字段",
        ),
        (format!("{} = 1\n", filler(TEN_MB - 64)), "未知字段"),
        (
            format!(
                "[[loans]]\nbalances = \"{}\"\n",
                "1;".repeat(TEN_MB / 2 - 64)
            ),
            "loans[1].balances",
        ),
    ];
    for (text, needle) in cases {
        assert_refused(&calc_bytes(text.as_bytes()), needle, &text[..40]);
    }
    // One byte over the 10 MB limit is refused before parsing.
    let over = format!("[project]\nname = \"{}\"\n", filler(10 * 1024 * 1024));
    assert_refused(&calc_bytes(over.as_bytes()), "10 MB", "over 10 MB");
}

#[test]
fn three_hundred_thousand_unknown_keys_are_reported_briefly() {
    // Locating each mistake scans the text: unbounded, this took minutes.
    let text: String = (0..300_000).map(|i| format!("k{i} = 1\n")).collect();
    let out = calc_bytes(text.as_bytes());
    assert_refused(&out, "处错误未列出", "many keys");
    assert!(
        out.stderr.len() < 100_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

#[test]
fn control_characters_and_nul_bytes_are_refused() {
    let cases: [(&[u8], &str); 12] = [
        (b"[project]\nname = \"a\\u0001b\"\n", "project.name"),
        (b"[project]\nname = \"\\u001b[31mred\"\n", "project.name"),
        (b"[project]\nname = \"a\\u0000b\"\n", "project.name"),
        (b"[project]\nname = \"a\\u007fb\"\n", "project.name"),
        (b"[project]\nname = \"a\\u0085b\"\n", "project.name"),
        (b"[land]\nuse = \"M1\\u0000\"\n", "land.use"),
        (
            b"[investment]\ntotal = \"100\\u0000\"\n",
            "investment.total",
        ),
        (b"[project]\n\"na\\u0001me\" = \"x\"\n", "未知字段"),
        (b"[project]\nname = \"a\x00b\"\n", "TOML"),
        (b"[project]\nname = \"a\x01b\"\n", "TOML"),
        (b"[project]\x00\nname = \"a\"\n", "TOML"),
        (b"\x00\x00\x00\x00", "TOML"),
    ];
    for (bytes, needle) in cases {
        assert_refused(&calc_bytes(bytes), needle, &String::from_utf8_lossy(bytes));
    }
}

#[test]
fn hostile_set_overrides_are_refused() {
    let worked = example("worked-example.toml");
    let nines = "9".repeat(400);
    // One argument may hold at most 128 KiB on Linux.
    let long = "1".repeat(100_000);
    let big_set = format!("investment.total={long}");
    let sets = [
        format!("investment.total={nines}"),
        "land.area_mu=1e400".into(),
        "project.name=a\u{1}b".into(),
        format!("loans[{nines}].principal=1"),
        "loans[99999].principal=1".into(),
        big_set,
    ];
    for set in sets {
        let out = bin()
            .arg("calc")
            .arg(&worked)
            .args(["--set", &set])
            .timeout(LIMIT)
            .output()
            .expect("run");
        assert_refused(&out, "--set", &set[..set.len().min(60)]);
    }
}

// ------------------------------------------------------------ batch CSV

fn batch_bytes(bytes: &[u8]) -> Output {
    let dir = TempDir::new().expect("temp dir");
    let path = write(&dir, "in.csv", bytes);
    run(&["batch".as_ref(), path.as_os_str()])
}

/// A batch whose row fails writes that row with its `error` cell and exits 3
/// (CONTRACT.md); the row's message is on stderr too.
#[track_caller]
fn assert_row_refused(out: &Output, needle: &str, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown: String = stderr.chars().take(600).collect();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{what}: {:?}; {shown}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{what}: panicked: {shown}");
    assert!(
        stderr.contains(needle),
        "{what}: stderr lacks {needle:?}: {shown}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let header = lines.next().expect("a header line");
    assert!(
        header.starts_with("row,project.id,status,error"),
        "{header}"
    );
    let row = lines.next().expect("the failed row is written");
    assert!(
        row.starts_with("1,") && row.contains(",error,"),
        "{what}: {row:.300}"
    );
    assert!(
        row.len() < 10_000,
        "{what}: the error cell echoes the input"
    );
}

#[test]
fn batch_ten_megabyte_cells_fail_their_row() {
    let big = TEN_MB;
    let cases = [
        (
            format!("project.id,project.name\nP1,{}\n", "x".repeat(big)),
            "project.name",
        ),
        (
            format!(
                "project.id,project.name\nP1,\"{}\"\n",
                "x,\n".repeat(big / 3)
            ),
            "project.name",
        ),
        (
            format!("project.id,investment.total\nP1,{}\n", "9".repeat(big)),
            "investment.total",
        ),
        (
            format!(
                "project.id,loans[1].balances\nP1,{}\n",
                "1;".repeat(big / 2)
            ),
            "loans[1].balances",
        ),
        (
            format!("project.id,project.id\n{},1\n", "x".repeat(big)),
            "重复",
        ),
    ];
    for (text, needle) in &cases[..4] {
        assert_row_refused(&batch_bytes(text.as_bytes()), needle, &text[..40]);
    }
    // A repeated header is the whole run's mistake: exit 1.
    let (text, needle) = &cases[4];
    assert_refused(&batch_bytes(text.as_bytes()), needle, "repeated header");
}

#[test]
fn batch_hostile_rows_fail_and_hostile_files_are_refused() {
    let rows: [(&[u8], &str); 6] = [
        (
            b"project.id,investment.total\nP1,1e400\n",
            "investment.total",
        ),
        (
            b"project.id,investment.total\nP1,99999999999999999999\xe4\xba\xbf\n",
            "investment.total",
        ),
        (b"project.id,land.area_mu\nP1,1000000001\n", "land.area_mu"),
        (b"project.id,project.name\nP1,a\x00b\n", "project.name"),
        (b"project.id,project.name\nP1,\xff\xfe\n", "UTF-8"),
        (b"project.id,project.name\nP1,\x1b[31m\n", "project.name"),
    ];
    for (bytes, needle) in rows {
        assert_row_refused(&batch_bytes(bytes), needle, &String::from_utf8_lossy(bytes));
    }
    let header = format!("project.id,{}\nP1,1\n", "x".repeat(TEN_MB));
    let files: [(&[u8], &str); 4] = [
        (b"", "输入为空"),
        (header.as_bytes(), "未知字段"),
        (b"project.id,\xff\xfe\nP1,1\n", "UTF-8"),
        (b"project.id,land.area_mu\x00\nP1,1\n", "land.area_mu"),
    ];
    for (bytes, needle) in files {
        let what = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned();
        assert_refused(&batch_bytes(bytes), needle, &what);
    }
}

// ------------------------------------------------------------ rules folders

const DOCUMENT: &str = "[document]\nnumber = \"X\"\ntitle = \"T\"\nissued = 2020-01-01\n\
    valid_from = 2020-01-01\nchecked = 2020-01-01\nsource = \"s\"\nvalidity_text = \"v\"\n";

fn lump_sum(amount: &str) -> String {
    format!(
        "{DOCUMENT}[[rules]]\nid = \"lump\"\nlabel = \"l\"\nkind = \"lump_sum\"\n\
         category = \"cash_one_time\"\nclause = \"c\"\ntext = \"t\"\n[rules.params]\namount = {amount}\n"
    )
}

fn rules_check(bytes: &[u8]) -> Output {
    let dir = TempDir::new().expect("temp dir");
    write(&dir, "r.toml", bytes);
    run(&[
        "rules".as_ref(),
        "check".as_ref(),
        "--rules".as_ref(),
        dir.path().as_os_str(),
    ])
}

#[test]
fn hostile_rules_files_are_refused_naming_the_file() {
    let n = 10_000;
    let nines = "9".repeat(400);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "document"),
        (b"\n# nothing\n".to_vec(), "document"),
        (format!("{DOCUMENT}x = {}{}\n", "[".repeat(n), "]".repeat(n)).into(), "recurse"),
        (
            format!("{DOCUMENT}[[rules]]\nparams = {}1{}\n", "{a=".repeat(n), "}".repeat(n)).into(),
            "recurse",
        ),
        (lump_sum("1e400").into(), "r.toml:"),
        (lump_sum(&nines).into(), "r.toml:"),
        (lump_sum(&format!("\"{nines}\"")).into(), "规则 lump"),
        (lump_sum("\"99999999999999999999亿\"").into(), "10^15"),
        (lump_sum("\"1000000000000000.01\"").into(), "10^15"),
        (lump_sum(&format!("\"{}\"", "9".repeat(TEN_MB))).into(), "规则 lump"),
        (lump_sum("\"-1\"").into(), "规则 lump"),
        ([DOCUMENT.as_bytes(), b"x = \"\xff\"\n"].concat(), "UTF-8"),
        (format!("{DOCUMENT}x = \"a\x00b\"\n").into(), "r.toml:9"),
        (DOCUMENT.replace("title = \"T\"", "title = \"T\\u001b[31m\"").into(), "U+001B"),
        (DOCUMENT.replace("title = \"T\"", "\"ti\\u0000tle\" = \"T\"").into(), "r.toml:"),
        (
            format!(
                "{DOCUMENT}[[rules]]\nid = \"a\"\nlabel = \"l\"\nkind = \"{}\"\ncategory = \"benefit\"\nclause = \"c\"\ntext = \"t\"\n",
                "x".repeat(TEN_MB)
            )
            .into(),
            "kind",
        ),
    ];
    for (bytes, needle) in cases {
        let what = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
        let out = rules_check(&bytes);
        assert_refused(&out, needle, &what);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("r.toml"),
            "{what}: the file is not named"
        );
    }
}

/// A rules "file" that never ends is read up to 10 MB, then refused.
#[cfg(unix)]
#[test]
fn a_rules_file_that_never_ends_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.toml")).expect("symlink");
    let out = run(&[
        "rules".as_ref(),
        "check".as_ref(),
        "--rules".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_refused(&out, "10 MB", "/dev/zero");
    let out = run(&["calc".as_ref(), "/dev/zero".as_ref()]);
    assert_refused(&out, "10 MB", "calc /dev/zero");
}

/// Many rules are slow only if something is quadratic: 20,000 load in time.
#[test]
fn twenty_thousand_rules_load_in_time() {
    let mut text = DOCUMENT.to_string();
    for i in 0..20_000 {
        text.push_str(&format!(
            "[[rules]]\nid = \"r{i}\"\nlabel = \"l\"\nkind = \"benefit\"\ncategory = \"benefit\"\nclause = \"c\"\ntext = \"t\"\n"
        ));
    }
    let out = rules_check(text.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The same ids twice: 20,000 duplicate-id errors, each naming its line.
    let doubled = format!("{text}{}", &text[DOCUMENT.len()..]);
    let out = rules_check(doubled.as_bytes());
    assert_refused(&out, "id 重复", "duplicate ids");
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("r.toml:{}:", 140_009)));
}

// ------------------------------------------------------------ case files (`test DIR`)

#[test]
fn hostile_case_files_fail_without_hanging() {
    let dir = TempDir::new().expect("temp dir");
    let nines = "9".repeat(400);
    let cases: [(&str, String); 6] = [
        ("zero.toml", "[case]\nproject = \"/dev/zero\"\n".into()),
        (
            "deep.toml",
            format!("[case]\nx = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        (
            "huge.toml",
            format!("[expect.items.loan_interest]\nstatus = \"applies\"\namount = \"{nines}\"\n"),
        ),
        (
            "year.toml",
            "[expect.items.loan_interest.schedule]\n99999 = \"1.00\"\n".into(),
        ),
        ("as_of.toml", "[case]\nas_of = 9999-12-31\n".into()),
        ("type.toml", "[expect]\nitems = 3\n".into()),
    ];
    for (name, text) in &cases {
        write(&dir, name, text.as_bytes());
    }
    write(&dir, "utf8.toml", b"[case]\ndescription = \"\xff\"\n");
    let out = run(&["test".as_ref(), dir.path().as_os_str()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stdout.contains("0 passed, 7 failed"), "{stdout}");
    assert!(
        stdout.contains("10 MB"),
        "/dev/zero is read up to 10 MB: {stdout}"
    );
}

// ------------------------------------------------------------ fuzz regressions

static RULES: std::sync::LazyLock<RuleSet> =
    std::sync::LazyLock::new(|| rules::load_embedded().expect("shipped rules load"));

fn evaluate_all(rules: &RuleSet, project: &jincheng_incentives::project::Project) {
    if let Ok(report) =
        engine::evaluate(rules, project, Options::new(jiff::civil::date(2024, 6, 30)))
    {
        let _ = table::render(&report, true);
        let _ = json::pretty(&report);
    }
}

fn replay(target: &str, data: &[u8]) {
    match target {
        "project_toml" => {
            if let Ok(Ok(p)) = std::str::from_utf8(data).map(|t| from_toml(t, &[])) {
                evaluate_all(&RULES, &p);
            }
        }
        "rules_toml" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let worked = std::fs::read_to_string(example("worked-example.toml")).expect("worked");
            let worked = from_toml(&worked, &[]).expect("worked example parses");
            let fuzzed = ("fuzz.toml".to_string(), text.to_string());
            if let Ok(set) = load_sources(std::slice::from_ref(&fuzzed)) {
                evaluate_all(&set, &worked);
            }
            let mut sources: Vec<(String, String)> = EMBEDDED
                .iter()
                .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
                .collect();
            sources.push(fuzzed);
            if let Ok(set) = load_sources(&sources) {
                evaluate_all(&set, &worked);
            }
        }
        "csv_row" => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(true)
                .from_reader(data);
            let Ok(headers) = reader.headers().cloned() else {
                return;
            };
            let Ok(columns) = Columns::from_headers(headers.iter()) else {
                return;
            };
            for (row, record) in reader.records().take(4).enumerate() {
                let Ok(record) = record else { return };
                let cells: Vec<&str> = record.iter().collect();
                if let Ok(p) = columns.project(row + 1, &cells) {
                    evaluate_all(&RULES, &p);
                }
            }
        }
        "values" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let _ = (
                money::parse_money(text),
                money::parse_rate(text),
                parse_date(text),
            );
            if let Ok(d) = money::parse_number(text) {
                let _ = (money::grouped(d), money::wan(d), money::plain(d));
            }
            for spec in FIELDS.iter() {
                let _ = parse_text(spec, text).map(|v| v.display());
            }
        }
        other => panic!("tests/fuzz_regressions/{other}: no such fuzz target"),
    }
}

/// Files kept from fuzzing: `tests/fuzz_regressions/<target>/<input>`.
fn regressions() -> Vec<(String, PathBuf)> {
    let base = root().join("tests").join("fuzz_regressions");
    let mut out = Vec::new();
    for target in std::fs::read_dir(&base).expect("tests/fuzz_regressions") {
        let target = target.expect("entry").path();
        if !target.is_dir() {
            continue;
        }
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
        for f in std::fs::read_dir(&target).expect("target folder") {
            let f = f.expect("entry").path();
            if f.is_file() {
                out.push((name.clone().unwrap_or_default(), f));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fuzz_regressions_replay_through_the_library() {
    for (target, path) in regressions() {
        let data = std::fs::read(&path).expect("read regression");
        replay(&target, &data);
    }
}

/// The same inputs through the binary, as a user would feed them.
#[test]
fn fuzz_regressions_replay_through_the_binary() {
    for (target, path) in regressions() {
        let out = match target.as_str() {
            "project_toml" => run(&["calc".as_ref(), path.as_os_str()]),
            "csv_row" => run(&["batch".as_ref(), path.as_os_str()]),
            "rules_toml" => {
                let dir = TempDir::new().expect("temp dir");
                std::fs::copy(&path, dir.path().join("fuzz.toml")).expect("copy");
                run(&[
                    "rules".as_ref(),
                    "check".as_ref(),
                    "--rules".as_ref(),
                    dir.path().as_os_str(),
                ])
            }
            _ => continue,
        };
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1 | 3)),
            "{}: exit {:?}: {}",
            path.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// An input with no line break (`batch /dev/zero`) stops with a message
/// instead of growing memory until the machine gives out.
#[test]
fn batch_on_an_endless_line_is_an_error() {
    crate::util::bin()
        .args(["batch", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("MiB"));
}

/// A 10 MB unknown key is named, cut short, not echoed whole.
#[test]
fn a_huge_unknown_key_is_not_echoed_whole() {
    let text = format!("[land]\n{} = 1\n", "k".repeat(10_000_000));
    let out = crate::util::calc_stdin(&text, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("未知字段"));
}
