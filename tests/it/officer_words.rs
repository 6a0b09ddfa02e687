//! Officer text is Chinese (issue 19): every output for people — the calc
//! table with every flag over every example, `rules list` and `rules show` of
//! every rule, `fields`, the workbook's sheets read back and the docx text —
//! is scanned for ASCII words, and any word outside the allow-list below
//! fails the test. Scripts' outputs (JSON, CSV) keep their English keys and
//! are not scanned.

use super::util::{bin, root};
use calamine::{Reader, open_workbook_auto};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// Words an officer may meet: units, land-use codes, formats the officer
/// names, the flags the hints point to, ids the officer typed (added per run).
const ALLOWED: &[&str] = &[
    // Units (m², 10T, 100M, kWh) and land-use codes.
    "m2",
    "m",
    "T",
    "M",
    "G",
    "kWh",
    "M0",
    "M1",
    "M2",
    "M3",
    "GB",
    // Formats the officer names.
    "TOML",
    "CSV",
    "JSON",
    // Placeholders of the texts: 第Y年, 贷款{n}本金.
    "Y",
    "n",
    "k",
    // The program, as its messages begin.
    "jincheng-incentives",
];

/// The ASCII words of `text`: runs of letters, digits and `_ . - [ ]` that
/// hold a letter, trimmed of the punctuation around them.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']') {
            run.push(c);
            continue;
        }
        let w = run.trim_matches(|c: char| matches!(c, '.' | '-' | '[' | ']'));
        if w.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(w.to_string());
        }
        run.clear();
    }
    out
}

/// Whether an officer may read `w` (`typed`: words of the officer's input).
fn allowed(w: &str, typed: &BTreeSet<String>) -> bool {
    let flag = run_flag(w);
    // A number with its unit: 2000m (m²), 10T, 100M.
    let unit = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    ALLOWED.contains(&w)
        || (unit.len() < w.len() && ALLOWED.contains(&unit))
        || typed.contains(w)
        || flag
        // The rules fingerprint (hex) and a rules file the officer edits.
        || (w.len() >= 16 && w.chars().all(|c| c.is_ascii_hexdigit()))
        || w.ends_with(".toml")
}

/// `--explain`, as a hint names it (the run keeps the leading dashes off).
fn run_flag(w: &str) -> bool {
    [
        "explain",
        "checklist",
        "strict",
        "compare",
        "scenario",
        "sweep",
        "set",
        "as-of",
    ]
    .contains(&w)
}

/// The words of `text` an officer should not meet.
fn offending(text: &str, typed: &BTreeSet<String>) -> BTreeSet<String> {
    words(text)
        .into_iter()
        .filter(|w| !allowed(w, typed))
        .collect()
}

/// What a command shows the officer: its output and its messages (a
/// refusal under `--strict` is officer text too).
fn stdout(args: &[&str]) -> String {
    let out = bin().args(args).output().expect("run");
    assert!(
        out.status.success() || !out.stderr.is_empty(),
        "{args:?} failed silently"
    );
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The words the officer typed into a project file: its values.
fn typed_in(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).expect("example");
    // The file's path, as messages name it.
    let mut typed: BTreeSet<String> = words(&file.to_string_lossy().replace('/', " "))
        .into_iter()
        .collect();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        if let Some((_, value)) = line.split_once('=') {
            typed.extend(words(value));
        }
    }
    typed
}

fn examples() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("examples"))
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("docx written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    // The text of the runs: everything between tags that is not a tag.
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[test]
fn officer_outputs_have_no_english_words() {
    let mut found: Vec<String> = Vec::new();
    let mut note = |what: String, text: &str, typed: &BTreeSet<String>| {
        let bad = offending(text, typed);
        if !bad.is_empty() {
            found.push(format!("{what}: {bad:?}"));
        }
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let flag_sets: [&[&str]; 5] = [
        &[],
        &["--explain"],
        &["--checklist"],
        &["--strict"],
        &["--explain", "--checklist", "--strict"],
    ];
    for e in examples() {
        let typed = typed_in(&e);
        let path = e.to_string_lossy().into_owned();
        for flags in flag_sets {
            let mut args = vec!["calc", path.as_str()];
            args.extend_from_slice(flags);
            note(format!("{args:?}"), &stdout(&args), &typed);
        }
        let docx = dir.path().join("报告.docx");
        let docx_s = docx.to_string_lossy().into_owned();
        stdout(&["calc", &path, "-o", &docx_s]);
        note(format!("{path} docx"), &docx_text(&docx), &typed);
    }
    // What-ifs: the field paths and values the officer typed may be echoed.
    let tenant = root().join("examples/standard-factory-tenant.toml");
    let tenant_s = tenant.to_string_lossy().into_owned();
    let mut typed = typed_in(&tenant);
    for w in ["investment.total", "employment.insured_employees"] {
        typed.insert(w.to_string());
    }
    for args in [
        vec![
            "calc",
            &tenant_s,
            "--compare",
            "--set",
            "investment.total=1亿",
        ],
        vec![
            "calc",
            &tenant_s,
            "--scenario",
            "五亿, 多招人: investment.total=5亿, employment.insured_employees=300",
        ],
        vec![
            "calc",
            &tenant_s,
            "--sweep",
            "investment.total=5000万..12亿",
            "--steps",
            "4",
        ],
    ] {
        note(format!("{args:?}"), &stdout(&args), &typed);
    }
    let none = BTreeSet::new();
    note("rules list".into(), &stdout(&["rules", "list"]), &none);
    // Every rule: the items and gates of a report name them all.
    let report = super::util::calc_json(&root().join("examples/worked-example.toml"), &[]);
    let ids: Vec<String> = ["items", "gates"]
        .iter()
        .flat_map(|k| report[*k].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r["id"].as_str().map(String::from))
        .collect();
    assert!(ids.len() > 30, "the report names every rule");
    for id in &ids {
        note(
            format!("rules show {id}"),
            &stdout(&["rules", "show", id]),
            &none,
        );
    }
    // `fields` lists the paths beside the Chinese headers: it is the
    // reference for the batch headers and the project file's keys, so only
    // its other columns are scanned.
    let fields = stdout(&["fields", "--format", "json"]);
    let fields: serde_json::Value = serde_json::from_str(&fields).expect("fields JSON");
    let mut paths = BTreeSet::new();
    for f in fields.as_array().into_iter().flatten() {
        for k in ["path", "element_path"] {
            if let Some(p) = f[k].as_str() {
                paths.extend(words(p));
            }
        }
    }
    paths.extend(words("loans[1].principal"));
    note("fields".into(), &stdout(&["fields"]), &paths);
    // The workbook, read back; 规则编号 is the id scripts read.
    let input = root().join("tests/fixtures/office/office-zh.csv");
    let book_path = dir.path().join("结果.xlsx");
    let out = bin()
        .arg("batch")
        .arg(&input)
        .args(["--as-of", "2024-06-30", "-o"])
        .arg(&book_path)
        .output()
        .expect("run batch");
    assert!(
        book_path.exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut typed = BTreeSet::new();
    typed.extend(words(&std::fs::read_to_string(&input).unwrap_or_default()));
    let mut book = open_workbook_auto(&book_path).expect("workbook");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let mut rows = range.rows();
        let header: Vec<String> = rows
            .next()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        let mut text = header.join(" ");
        for r in rows {
            for (k, c) in r.iter().enumerate() {
                if header.get(k).is_some_and(|h| h == "规则编号") {
                    continue;
                }
                text.push(' ');
                text.push_str(&c.to_string());
            }
        }
        note(format!("workbook sheet {name}"), &text, &typed);
    }
    assert!(
        found.is_empty(),
        "English words in officer text:\n{}",
        found.join("\n")
    );
}
