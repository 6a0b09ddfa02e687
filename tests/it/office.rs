//! Office sheets never give silently wrong money (CONTRACT.md, additions of
//! 2026-12-04: "Rows that are not projects", "Output files"): untouched
//! templates compute nothing, example rows are skipped, `-o` names only what
//! it can write, Chinese headers in give Chinese headers out, and the budget
//! sheet says which rows it leaves out.
//!
//! Expected figures are worked by hand from the policy:
//! - 10号 第10项: 8000万 lies in [5000万, 1亿): 0.5% × 80,000,000 = 400,000.00.
//! - 10号 第9项: a 12-month loan of 1000万 at 30% of the 4.35% benchmark
//!   (≤ 1 year) for 12 months: 10,000,000 × 0.0435 × 0.3 = 130,500.00.
//! - So a project with both: 400,000.00 + 130,500.00 = 530,500.00 in cash.

use crate::util::{bin, calc_stdin};
use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::Path;

const AS_OF: [&str; 2] = ["--as-of", "2023-12-31"];

fn batch(input: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("batch")
        .arg(input)
        .args(AS_OF)
        .args(extra)
        .output()
        .expect("run batch")
}

fn batch_stdin(input: &str, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["batch", "-"])
        .args(AS_OF)
        .args(extra)
        .write_stdin(input)
        .output()
        .expect("run batch")
}

fn jsonl(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The cells of a sheet as text, row by row.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).expect("workbook");
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn untouched_template_computes_nothing_and_example_computes() {
    let out = bin().arg("template").output().expect("template");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.contains("[project]") && text.contains("# id = "),
        "{text}"
    );
    let calc = calc_stdin(&text, &[]);
    assert!(
        calc.status.success(),
        "{}",
        String::from_utf8_lossy(&calc.stderr)
    );
    let report: Value = serde_json::from_slice(&calc.stdout).expect("JSON");
    for item in report["items"].as_array().expect("items") {
        assert_ne!(item["status"], "applies", "{item}");
    }
    assert_eq!(report["totals"]["cash_total"], "0.00");
    assert_eq!(report["totals"]["annual_savings"], "0.00");

    let example = bin().args(["template", "--example"]).output().unwrap();
    let calc = calc_stdin(&String::from_utf8(example.stdout).unwrap(), &[]);
    let report: Value = serde_json::from_slice(&calc.stdout).expect("JSON");
    let applying = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "applies")
        .count();
    assert!(applying > 0, "the example applies for something");

    // The CSV template is its header line alone.
    let csv = bin().args(["template", "--csv"]).output().unwrap().stdout;
    assert_eq!(String::from_utf8_lossy(&csv).lines().count(), 1);
}

/// Two projects typed into the template's own header (cells by header name).
fn typed_workbook(template: &Path, target: &Path) {
    let headers = sheet(template, "项目清单").remove(0);
    let examples = sheet(template, "示例");
    let rows: [&[(&str, &str)]; 2] = [
        &[
            ("项目编号", "C-1"),
            ("项目名称", "甲项目"),
            ("实际投资额", "8000万"),
            ("竣工日期", "2023-05-01"),
            ("投产日期", "2023-06-01"),
        ],
        &[
            ("项目编号", "C-2"),
            ("实际投资额", "8000万"),
            ("竣工日期", "2023-05-01"),
            ("投产日期", "2023-06-01"),
            ("贷款1本金", "1000万"),
            ("贷款1放款日期", "2023-03-01"),
            ("贷款1期限", "12"),
        ],
    ];
    let mut book = Workbook::new();
    // The example sheet first: batch must still not read it by default.
    let ws = book.add_worksheet();
    ws.set_name("示例").unwrap();
    for (r, line) in examples.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let ws = book.add_worksheet();
    ws.set_name("项目清单").unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (name, value) in cells.iter() {
            let c = headers
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no column {name}"));
            ws.write_string(r as u32 + 1, c as u16, *value).unwrap();
        }
    }
    book.save(target).unwrap();
}

#[test]
fn template_workbook_counts_only_the_rows_typed_in() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("模板.xlsx");
    let out = bin()
        .args(["template", "--xlsx", "-o"])
        .arg(&template)
        .output()
        .unwrap();
    assert!(out.status.success());
    // Untouched: no project rows at all.
    let out = batch(&template, &["--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(jsonl(&out).is_empty());
    // Its example sheet, when asked for, is all examples.
    let out = batch(&template, &["--format", "jsonl", "--sheet", "示例"]);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["status"] == "example"), "{rows:?}");

    let typed = dir.path().join("项目清单.xlsx");
    typed_workbook(&template, &typed);
    let out = batch(&typed, &["--format", "jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["project"]["id"], "C-1");
    assert_eq!(rows[0]["totals"]["cash_total"], "400000.00");
    assert_eq!(rows[1]["project"]["id"], "C-2");
    assert_eq!(rows[1]["totals"]["cash_total"], "530500.00");
}

const DOTTED: &str = "project.id,investment.total,project.completion_date,project.production_date";

#[test]
fn example_rows_are_skipped_with_a_warning() {
    let input = format!(
        "{DOTTED}\n示例-1,8000万,2023-05-01,2023-06-01\n例:2,8000万,2023-05-01,2023-06-01\n\
         例：3,8000万,2023-05-01,2023-06-01\nC-1,8000万,2023-05-01,2023-06-01\n"
    );
    let out = batch_stdin(&input, &[]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("第1行 (表格第2行): 项目编号 示例-1 是示例行"),
        "{stderr}"
    );
    assert!(stderr.contains("例：3"), "{stderr}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let statuses: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[2].to_string(), r[4].to_string())
        })
        .collect();
    let want = [
        ("示例-1", "example", ""),
        ("例:2", "example", ""),
        ("例：3", "example", ""),
        ("C-1", "ok", "400000.00"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(statuses, want);

    let rows = jsonl(&batch_stdin(&input, &["--format", "jsonl"]));
    assert_eq!(rows[0]["status"], "example");
    assert_eq!(rows[0]["project"]["id"], "示例-1");

    // The budget counts C-1 alone: 400,000.00.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.csv");
    std::fs::write(&path, &input).unwrap();
    let xlsx = dir.path().join("结果.xlsx");
    let out = batch(&path, &["-o", xlsx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let budget = sheet(&xlsx, "预算");
    assert!(
        budget[0][0].contains("本表计入 1 个项目"),
        "{:?}",
        budget[0]
    );
    assert!(budget[0][0].contains("示例 3"), "{:?}", budget[0]);
    let total = budget
        .iter()
        .find(|r| r[0] == "合计")
        .expect("a total line");
    assert_eq!(total[1], "400000");
}

#[test]
fn output_names_decide_the_format_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        format!("{DOTTED}\nC-1,8000万,2023-05-01,2023-06-01\n"),
    )
    .unwrap();
    for name in ["结果.xls", "结果.ods", "结果.et", "结果"] {
        let target = dir.path().join(name);
        let out = batch(&input, &["-o", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(".csv、.jsonl、.xlsx"), "{name}: {stderr}");
        assert!(!target.exists(), "{name} written");
    }
    let target = dir.path().join("结果.jsonl");
    let out = batch(&input, &["-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&target).unwrap().trim()).unwrap();
    assert_eq!(line["totals"]["cash_total"], "400000.00");
    // An explicit format writes under any name.
    let target = dir.path().join("结果.txt");
    let out = batch(&input, &["-o", target.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("row,")
    );
}

#[test]
fn chinese_headers_in_give_chinese_headers_out() {
    let zh = "项目编号,实际投资额,竣工日期,投产日期\nC-1,8000万,2023-05-01,2023-06-01\n,,,\n";
    let out = batch_stdin(zh, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("行号,项目编号,状态,错误,现金奖补合计(下限),"),
        "{header}"
    );
    assert!(
        header.contains(",企业投资奖励,") && header.ends_with(",表格行"),
        "{header}"
    );
    assert!(lines.next().unwrap().starts_with("1,C-1,成功,,400000.00,"));
    assert!(lines.next().unwrap().starts_with("2,,空行,"));

    let out = batch_stdin(zh, &["--headers", "en"]);
    assert!(
        out.stdout
            .starts_with(b"row,project.id,status,error,cash_total,")
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\n1,C-1,ok,,400000.00,"));

    // Dotted paths keep the English columns; --headers zh asks for Chinese.
    let dotted = format!("{DOTTED}\nC-1,8000万,2023-05-01,2023-06-01\n");
    let out = batch_stdin(&dotted, &[]);
    assert!(out.stdout.starts_with(b"row,project.id,status,"));
    let out = batch_stdin(&dotted, &["--headers", "zh"]);
    assert!(
        out.stdout
            .starts_with("\u{feff}行号,项目编号,状态,".as_bytes())
    );
}

#[test]
fn budget_sheet_lists_the_rows_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("项目.csv");
    std::fs::write(
        &input,
        "项目编号,项目名称,产业类别(鼓励类产业),实际投资额,竣工日期,投产日期\n\
         C-1,甲项目,,8000万,2023-05-01,2023-06-01\n\
         C-2,乙项目,,abc,2023-05-01,2023-06-01\n\
         C-3,丙项目,光伏发电,8000万,2023-05-01,2023-06-01\n",
    )
    .unwrap();
    let xlsx = dir.path().join("结果.xlsx");
    let out = batch(&input, &["-o", xlsx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let budget = sheet(&xlsx, "预算");
    assert!(
        budget[0][0].contains("本表计入 1 个项目")
            && budget[0][0].contains("未计入 2 行: 失败 1、示例 0、不在政策范围 1"),
        "{:?}",
        budget[0]
    );
    let failed = budget
        .iter()
        .find(|r| r.get(2).is_some_and(|c| c == "C-2"))
        .expect("the failed row listed");
    assert_eq!(&failed[..4], ["2", "3", "C-2", "乙项目"]);
    assert!(
        failed[4].starts_with("测算失败") && failed[4].contains("abc"),
        "{failed:?}"
    );
    let outside = budget
        .iter()
        .find(|r| r.get(2).is_some_and(|c| c == "C-3"))
        .expect("the out-of-scope row listed");
    assert_eq!(outside[3], "丙项目");
    assert!(outside[4].contains("不在政策范围") && outside[4].contains("光伏发电"));
    let total = budget.iter().find(|r| r[0] == "合计").expect("total");
    assert_eq!(total[1], "400000");

    // The results sheet: the failed row keeps its name; the row outside the
    // scope is not 成功.
    let results = sheet(&xlsx, "结果");
    assert_eq!(&results[2][1..4], ["C-2", "乙项目", "失败"]);
    assert_eq!(&results[3][1..4], ["C-3", "丙项目", "不在政策范围"]);
    let errors = sheet(&xlsx, "错误");
    assert_eq!(&errors[1][..4], ["2", "3", "C-2", "乙项目"]);

    // CSV and JSON lines say the same.
    let out = batch(&input, &["--headers", "en"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n2,C-2,error,"), "{text}");
    assert!(text.contains("\n3,C-3,out_of_scope,,0.00,"), "{text}");
    let rows = jsonl(&batch(&input, &["--format", "jsonl"]));
    assert_eq!(rows[1]["project"]["name"], "乙项目");
    assert_eq!(rows[2]["status"], "out_of_scope");
}
