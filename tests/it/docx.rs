//! `calc --format docx`: the printed report of the worked example, read back
//! from the file (its `word/document.xml`), and laid out by LibreOffice
//! where it is installed.

use crate::util::{bin, calc_json, example};
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// Runs `calc … -o OUT` and returns the text of the document, one line per
/// paragraph (table cells are paragraphs too).
fn report_text(args: &[&Path], out: &Path) -> String {
    let mut cmd = bin();
    cmd.arg("calc");
    for a in args {
        cmd.arg(a);
    }
    let run = cmd.arg("-o").arg(out).output().expect("run calc");
    assert!(
        run.status.success(),
        "calc failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    document_text(&std::fs::read(out).expect("report written"))
}

fn document_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else { break };
        let tag = &rest[i + 1..i + j];
        rest = &rest[i + j + 1..];
        if tag == "/w:p" {
            text.push('\n');
        } else if tag.starts_with("w:t")
            && !tag.ends_with('/')
            && (tag == "w:t" || tag.starts_with("w:t "))
        {
            let end = rest.find("</w:t>").expect("closed w:t");
            text.push_str(&unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    text
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// 1,234.50 as the report writes money.
fn grouped(amount: &str) -> String {
    let (whole, frac) = amount.split_once('.').expect("two decimals");
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{frac}")
}

#[test]
fn the_worked_example_report_carries_every_applying_item_and_the_annex() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("测算报告.docx");
    let project = example("worked-example.toml");
    let text = report_text(&[&project], &out);
    let json = calc_json(&project, &[]);

    assert!(text.contains("《光机电装备产业园项目招商引资优惠政策测算报告》"));
    // The totals of the worked example (INTERPRETATION.md), by hand.
    for figure in [
        "34,960,000.00",
        "16,160,000.00",
        "18,800,000.00",
        "8,900,000.00",
    ] {
        assert!(text.contains(figure), "{figure} missing");
    }
    assert_eq!(json["totals"]["cash_total"], "34960000.00");
    assert_eq!(json["totals"]["cash_one_time"], "16160000.00");
    assert_eq!(json["totals"]["cash_multi_year"], "18800000.00");
    assert_eq!(json["totals"]["annual_savings"], "8900000.00");

    let fingerprint = json["rules_fingerprint"].as_str().expect("fingerprint");
    assert!(text.contains(fingerprint), "fingerprint missing");
    assert!(text.contains("评估日期") && text.contains("2023-11-20"));

    let (body, annex) = text
        .split_once("附件: 政策条款原文")
        .expect("annex heading");
    let items = json["items"].as_array().expect("items");
    let applying: Vec<_> = items.iter().filter(|i| i["status"] == "applies").collect();
    assert!(applying.len() >= 10, "{}", applying.len());
    for i in &applying {
        let label = i["label"].as_str().expect("label");
        let amount = grouped(i["amount"].as_str().expect("amount"));
        // The label and its amount on the item's row.
        let row = body
            .lines()
            .position(|l| l == label)
            .unwrap_or_else(|| panic!("{label} not in a table"));
        let next: Vec<&str> = body.lines().skip(row).take(6).collect();
        assert!(
            next.contains(&amount.as_str()),
            "{label}: {amount} not in {next:?}"
        );
        let clause = i["text"].as_str().expect("text");
        assert!(
            annex.contains(clause),
            "{label}: clause text not in the annex"
        );
    }
    // The one-time figures of the worked example, by hand: 100亩 × 15万 and
    // 20000 m² × 40 + 5000 m² × 30.
    assert!(body.contains("15,000,000.00") && body.contains("950,000.00"));
    // The item paid under the other of its group says so.
    assert!(body.contains("不重复奖励"));
    // Chinese only in the body: no field paths of the scripts' output.
    assert!(!text.contains("land.use") && !text.contains("enterprise."));
    assert!(body.contains("测算人") && body.contains("审核人"));
    assert!(body.contains("申报截止") && body.contains("2024年"));
}

#[test]
fn several_files_give_one_report_with_a_part_per_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.docx");
    let a = example("worked-example.toml");
    let b = example("standard-factory-tenant.toml");
    let text = report_text(&[&a, &b], &out);
    assert!(text.contains("《2个项目招商引资优惠政策测算报告》"));
    assert!(text.contains("第一部分") && text.contains("第二部分"));
    assert!(text.contains("光机电装备产业园项目"));
    let name_b = calc_json(&b, &[])["project"]["name"]
        .as_str()
        .expect("name")
        .to_string();
    assert!(text.contains(&name_b));
}

#[test]
fn a_scenario_comparison_is_a_section_of_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("c.docx");
    let project = example("worked-example.toml");
    let run = bin()
        .arg("calc")
        .arg(&project)
        .args(["--scenario", "小: land.area_mu=80", "-o"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = document_text(&std::fs::read(&out).expect("written"));
    assert!(text.contains("方案对比") && text.contains("小: 占地面积(亩) = 80"));
    // By hand: 80亩, intensity 4.2亿 ÷ 80 = 525万/亩 ≥ 1.3 × 300万: 15万 × 80 =
    // 12,000,000.00 (−3,000,000.00); the third tax year now passes the 20万/亩
    // bar (1800万 ÷ 80 = 22.5万): + 700万 × 50% = +3,500,000.00; cash +500,000.00.
    for figure in [
        "12,000,000.00",
        "-3,000,000.00",
        "+3,500,000.00",
        "35,460,000.00",
        "+500,000.00",
    ] {
        assert!(text.contains(figure), "{figure} missing");
    }
    let json = calc_json(&project, &["--scenario", "小: land.area_mu=80"]);
    assert_eq!(json["diff"]["totals"]["cash_total"], "500000.00");
    // The baseline's own report follows.
    assert!(text.contains("34,960,000.00") && text.contains("附件: 政策条款原文"));
}

#[test]
fn a_sweep_is_refused_and_a_terminal_gets_no_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.docx");
    let run = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .args(["--sweep", "land.area_mu=50..150", "-o"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("用法错误"));
    assert!(!out.exists());
    // To a pipe (not a terminal), the file goes to standard output.
    let run = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .args(["--format", "docx"])
        .output()
        .expect("run");
    assert!(run.status.success());
    assert!(document_text(&run.stdout).contains("34,960,000.00"));
}

#[test]
fn the_output_never_replaces_the_project_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.toml");
    std::fs::copy(example("worked-example.toml"), &project).expect("copy");
    let before = std::fs::read(&project).expect("read");
    let run = bin()
        .arg("calc")
        .arg(&project)
        .args(["--format", "docx", "-o"])
        .arg(&project)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("同一个文件"));
    assert_eq!(std::fs::read(&project).expect("read"), before);
}

/// Whether a program can be started (its exit status for `-v` varies).
fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// LibreOffice lays the report out: the worked example's report keeps to
/// four pages before its annex, which starts on a page of its own.
#[test]
fn the_worked_example_prints_on_four_pages_before_the_annex() {
    if !have("soffice") || !have("pdftotext") {
        eprintln!("skipped: LibreOffice (soffice) or poppler-utils (pdftotext) not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.docx");
    report_text(&[&example("worked-example.toml")], &out);
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = dir.path().join("report.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let annex = pages
        .iter()
        .position(|p| p.contains("附件: 政策条款原文"))
        .expect("annex in the PDF");
    assert!(annex <= 4, "the annex starts on page {}", annex + 1);
    assert!(
        pages[0].contains("第 1 页") || pages[0].contains("第1页"),
        "page number in the footer"
    );
}

#[test]
fn calc_refuses_an_extension_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("结果.xlsx");
    let r = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("请用 batch"), "{stderr}");
    assert!(!out.exists());
}
