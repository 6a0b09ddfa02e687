//! Spreadsheets in and out on the real binary: workbooks made here with
//! rust_xlsxwriter and fixtures saved by LibreOffice give the same figures
//! as `calc`; GB18030 and UTF-8 twins give identical output; cells at their
//! edges; the output workbook read back cell by cell with calamine.

use crate::util::{bin, calc_json, root};
use calamine::{Data, Reader, open_workbook_auto};
use jincheng_incentives::project::Value as FieldValue;
use jincheng_incentives::project::parse::from_toml;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const AS_OF: &str = "2024-06-30";

const EXAMPLES: [&str; 3] = [
    "examples/standard-land-manufacturer.toml",
    "examples/standard-factory-tenant.toml",
    "examples/listed-top-enterprise.toml",
];

/// The examples' fields: one (path, value) list per project.
fn example_projects() -> Vec<Vec<(String, FieldValue)>> {
    EXAMPLES
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(root().join(p)).expect("example");
            let project = from_toml(&text, &[]).expect("example parses");
            project
                .entries()
                .into_iter()
                .map(|(k, v)| (k, v.clone()))
                .collect()
        })
        .collect()
}

/// Every path used by any project, in first-seen order.
fn union_header(projects: &[Vec<(String, FieldValue)>]) -> Vec<String> {
    let mut header: Vec<String> = Vec::new();
    for p in projects {
        for (k, _) in p {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    header
}

fn is_rate(path: &str) -> bool {
    jincheng_incentives::project::schema::parse_user_path(path)
        .is_ok_and(|(s, _)| s.ty == jincheng_incentives::project::schema::FieldType::Rate)
}

/// A workbook with the projects typed as the office types them: numbers
/// as number cells (rates as percent cells), dates as date cells, yes/no
/// as boolean cells, a styled header.
fn typed_workbook(path: &Path, projects: &[Vec<(String, FieldValue)>]) {
    let header = union_header(projects);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let bold = Format::new().set_bold().set_background_color("#FFFF00");
    let date = Format::new().set_num_format("yyyy/m/d");
    let money = Format::new().set_num_format("#,##0.00");
    let pct = Format::new().set_num_format("0.00%");
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold).unwrap();
    }
    for (r, p) in projects.iter().enumerate() {
        let r = r as u32 + 1;
        for (k, v) in p {
            let c = header.iter().position(|h| h == k).unwrap() as u16;
            match v {
                FieldValue::Num(d) => {
                    let f = f64::from_str(&d.to_string()).unwrap();
                    let fmt = if is_rate(k) { &pct } else { &money };
                    ws.write_number_with_format(r, c, f, fmt).unwrap();
                }
                FieldValue::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .unwrap();
                    ws.write_date_with_format(r, c, &dt, &date).unwrap();
                }
                FieldValue::Bool(b) => {
                    ws.write_boolean(r, c, *b).unwrap();
                }
                FieldValue::Text(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
                FieldValue::List(l) => {
                    let t: Vec<String> = l.iter().map(|d| d.to_string()).collect();
                    ws.write_string(r, c, t.join(";")).unwrap();
                }
                FieldValue::Dollars { .. } => {
                    ws.write_string(r, c, v.display()).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn batch(input: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("batch")
        .arg(input)
        .args(["--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("run batch")
}

fn jsonl(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_workbook_row_equals_calc_of_its_project() {
    let dir = tmp();
    let xlsx = dir.path().join("projects.xlsx");
    typed_workbook(&xlsx, &example_projects());
    let out = batch(&xlsx, &["--format", "jsonl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = jsonl(&out);
    assert_eq!(rows.len(), EXAMPLES.len());
    for (row, example) in rows.iter().zip(EXAMPLES) {
        let calc = calc_json(&root().join(example), &["--as-of", AS_OF]);
        assert_eq!(row["status"], "ok", "{example}: {row}");
        assert_eq!(row["items"], calc["items"], "{example}");
        assert_eq!(row["totals"], calc["totals"], "{example}");
        assert_eq!(row["project"], calc["project"], "{example}");
    }
}

/// CSV text of the examples (cells as the project file's values).
fn examples_csv() -> String {
    let projects = example_projects();
    let header = union_header(&projects);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for p in &projects {
        let cells: Vec<String> = header
            .iter()
            .map(|h| {
                p.iter()
                    .find(|(k, _)| k == h)
                    .map(|(_, v)| match v {
                        FieldValue::Num(d) => d.to_string(),
                        FieldValue::Date(d) => d.to_string(),
                        FieldValue::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                        FieldValue::Text(t) => t.clone(),
                        FieldValue::List(l) => l
                            .iter()
                            .map(|d| d.to_string())
                            .collect::<Vec<_>>()
                            .join(";"),
                        FieldValue::Dollars { .. } => v.display(),
                    })
                    .unwrap_or_default()
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn gb18030_and_utf8_twins_give_identical_output() {
    let dir = tmp();
    let text = examples_csv();
    let crlf = text.replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&crlf);
    assert!(!unmappable);
    let files = [
        ("utf8.csv", text.as_bytes().to_vec()),
        (
            "bom-crlf.csv",
            [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat(),
        ),
        ("gbk.csv", gbk.to_vec()),
    ];
    let mut outputs = Vec::new();
    for (name, bytes) in &files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        for format in ["csv", "items"] {
            let out = batch(&p, &["--format", format]);
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            outputs.push((format, name, out.stdout));
        }
    }
    for (format, name, out) in &outputs {
        let first = &outputs.iter().find(|(f, ..)| f == format).unwrap().2;
        assert_eq!(out, first, "{name} {format} differs from the UTF-8 twin");
    }
    // Forced: the GB18030 file read as GB18030 gives the same; read as
    // UTF-8 every row fails (its cells are not UTF-8).
    let gbk_path = dir.path().join("gbk.csv");
    let forced = batch(&gbk_path, &["--encoding", "gb18030"]);
    assert_eq!(forced.stdout, outputs[0].2);
    let wrong = batch(&gbk_path, &["--encoding", "utf-8"]);
    assert_eq!(
        wrong.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("UTF-8"));
    // And the workbook of the same projects gives the same CSV.
    let xlsx = dir.path().join("same.xlsx");
    typed_workbook(&xlsx, &example_projects());
    let from_book = batch(&xlsx, &[]);
    assert_eq!(from_book.stdout, outputs[0].2);
}

/// Output CSV as maps, header → cell.
fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn cells_at_their_edges() {
    let dir = tmp();
    let path = dir.path().join("edges.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let pct = Format::new().set_num_format("0.00%");
    let header = [
        "project.id",
        "project.completion_date",
        "project.production_date",
        "investment.total",
        "loans[1].principal",
        "loans[1].start_date",
        "loans[1].term_months",
        "loans[1].annual_rate",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    // Row 1: 2月29日 of a leap year as a date cell, ¥0.01 as a number, a
    // total typed in scientific notation, a percent cell, a formula with
    // its cached value, a date typed as text.
    ws.write_string(3, 0, "E-1").unwrap();
    let d = ExcelDateTime::from_ymd(2024, 2, 29).unwrap();
    ws.write_date_with_format(3, 1, &d, &date).unwrap();
    ws.write_string(3, 2, "2024-03-01").unwrap();
    ws.write_number(3, 3, 1.2e8).unwrap();
    ws.write_formula(3, 4, Formula::new("=3000*10000").set_result("30000000"))
        .unwrap();
    ws.write_number_with_format(3, 5, 45352.0, &date).unwrap(); // 2024-03-01
    ws.write_number(3, 6, 12.0).unwrap();
    ws.write_number_with_format(3, 7, 0.0475, &pct).unwrap();
    // Row 2: Excel's serial 60, the 1900-02-29 that never was.
    ws.write_string(4, 0, "E-2").unwrap();
    ws.write_number_with_format(4, 1, 60.0, &date).unwrap();
    // Row 3 empty, row 4: one fen of investment.
    ws.write_string(6, 0, "E-4").unwrap();
    ws.write_number(6, 3, 0.01).unwrap();
    // Row 5, typed as text the office's way: ¥0.01, 2月29日 of a leap year,
    // and a total in scientific notation, which may have lost digits.
    ws.write_string(7, 0, "E-5").unwrap();
    ws.write_string(7, 1, "2024年2月29日").unwrap();
    ws.write_string(7, 3, "¥0.01").unwrap();
    ws.write_string(7, 4, "1.2E+08").unwrap();
    // Row 6: 2月29日 of a year without one, typed as text.
    ws.write_string(8, 0, "E-6").unwrap();
    ws.write_string(8, 1, "2023/2/29").unwrap();
    book.save(&path).unwrap();

    let out = batch(&path, &["--format", "jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 6);
    let e1 = &rows[0];
    assert_eq!(e1["status"], "ok", "{e1}");
    // The same project written as a file, worked by hand: 1.2亿 investment,
    // a 3000万 loan at 4.75% for 12 months from 2024-03.
    let toml = "[project]\nid = \"E-1\"\ncompletion_date = 2024-02-29\nproduction_date = 2024-03-01\n\
                [investment]\ntotal = 120000000\n\
                [[loans]]\nprincipal = \"3000万\"\nstart_date = 2024-03-01\nterm_months = 12\nannual_rate = \"4.75%\"\n";
    let file = dir.path().join("e1.toml");
    std::fs::write(&file, toml).unwrap();
    let calc = calc_json(&file, &["--as-of", AS_OF]);
    assert_eq!(e1["items"], calc["items"]);
    let e2 = &rows[1];
    assert_eq!(e2["status"], "error");
    let msg = e2["error"].as_str().unwrap();
    assert!(
        msg.contains("project.completion_date") && msg.contains("1900-02-29"),
        "{msg}"
    );
    assert_eq!(rows[2]["row"], 3);
    assert_eq!(rows[3]["status"], "ok");
    let e5 = rows[4]["error"].as_str().unwrap();
    assert!(
        e5.contains("loans[1].principal") && e5.contains("科学计数法"),
        "{e5}"
    );
    assert!(
        !e5.contains("investment.total") && !e5.contains("completion_date"),
        "{e5}"
    );
    let e6 = rows[5]["error"].as_str().unwrap();
    assert!(
        e6.contains("project.completion_date") && e6.contains("2023/2/29"),
        "{e6}"
    );
    // The errors sheet numbers the sheet's own lines: the header is on
    // line 3, so data row 2 is line 5.
    let out_path = dir.path().join("out.xlsx");
    let out = batch(&path, &["-o", out_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let mut book = open_workbook_auto(&out_path).unwrap();
    let errors = book.worksheet_range("错误").unwrap();
    let first = errors.rows().nth(1).unwrap();
    assert_eq!(
        (&first[0], &first[1]),
        (&Data::Float(2.0), &Data::Float(5.0))
    );
    // The failed row keeps its project id.
    assert_eq!(first[2].to_string(), "E-2");
    assert_eq!(first[4].to_string(), "project.completion_date");
    assert_eq!(first[5].to_string(), "1900-02-29");
}

#[test]
fn output_workbook_reads_back_cell_by_cell() {
    let dir = tmp();
    let input = dir.path().join("in.csv");
    let mut text = examples_csv();
    // A failed row, kept in place.
    let width = text.lines().next().unwrap().split(',').count();
    text.push_str(&format!("BAD,{}\n", vec!["abc"; width - 1].join(",")));
    std::fs::write(&input, &text).unwrap();
    let out_path = dir.path().join("结果.xlsx");
    let out = batch(&input, &["-o", out_path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv_out = batch(&input, &[]);
    let csv = csv_rows(&csv_out.stdout);

    let mut book = open_workbook_auto(&out_path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["结果", "逐项", "分年", "预算", "错误"]
            .map(String::from)
            .to_vec()
    );
    let results = book.worksheet_range("结果").unwrap();
    let header: Vec<String> = results
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], ["行号", "项目编号", "项目名称"]);
    let rules = jincheng_incentives::rules::load_embedded().unwrap();
    let money_ids = rules.money_ids();
    let mut cash_total = Decimal::ZERO;
    for (i, row) in results.rows().skip(1).enumerate() {
        let want = &csv[i];
        assert_eq!(row[1].to_string(), want["project.id"]);
        if want["status"] == "error" {
            assert_eq!(row[3].to_string(), "失败");
            assert!(row[row.len() - 1].to_string().contains("abc"));
            continue;
        }
        assert_eq!(row[3].to_string(), "成功");
        // Totals and every money column: number cells with the CSV's figure.
        let mut cols = vec![
            ("cash_total", 4),
            ("cash_total_max", 5),
            ("annual_savings", 6),
        ];
        for (j, id) in money_ids.iter().enumerate() {
            cols.push((id, 7 + j));
        }
        for (key, c) in cols {
            let Data::Float(f) = row[c] else {
                panic!("{key}: not a number cell: {:?}", row[c]);
            };
            let got = Decimal::from_f64(f).unwrap();
            let exp = Decimal::from_str(&want[key]).unwrap();
            assert_eq!(got, exp, "row {i} {key}");
        }
        cash_total += Decimal::from_str(&want["cash_total"]).unwrap();
    }
    // The budget's lower-bound total (the 合计 row of the first table)
    // equals the sum of the results' cash totals.
    let budget = book.worksheet_range("预算").unwrap();
    let total_row = budget
        .rows()
        .find(|r| r[0] == "合计")
        .expect("budget total row");
    let Data::Float(lo) = total_row[1] else {
        panic!("budget total not a number")
    };
    assert_eq!(Decimal::from_f64(lo).unwrap(), cash_total);
    // Items: the lines of `--format items` for every rule a row touches,
    // amounts as number cells; nothing for the failed row.
    let items = book.worksheet_range("逐项").unwrap();
    let want_label = |long: &[BTreeMap<String, String>], row: &str, rule: &str| {
        long.iter()
            .find(|l| l["row"] == row && l["rule"] == rule)
            .map_or(String::new(), |l| l["label"].clone())
    };
    let long = csv_rows(&batch(&input, &["--format", "items"]).stdout);
    let mut seen = 0;
    for line in items.rows().skip(1) {
        // 规则 is the Chinese name, 规则编号 the id scripts read.
        let (row, rule) = (line[0].to_string(), line[3].to_string());
        assert_eq!(line[2].to_string(), want_label(&long, &row, &rule));
        let want = long
            .iter()
            .find(|l| l["row"] == row && l["rule"] == rule)
            .unwrap_or_else(|| panic!("no items line {row} {rule}"));
        let Data::Float(amount) = line[6] else {
            panic!("amount not a number")
        };
        assert_eq!(
            Decimal::from_f64(amount).unwrap(),
            Decimal::from_str(&want["amount"]).unwrap()
        );
        assert_eq!(line[8].to_string(), want["reason"]);
        seen += 1;
    }
    let touched = long
        .iter()
        .filter(|l| l["status"] != "not_applicable" && l["status"] != "error")
        .count();
    assert!(
        seen >= touched && seen < long.len(),
        "{seen} {touched} {}",
        long.len()
    );
    // Errors: the failed row with its sheet line, field and value.
    let errors = book.worksheet_range("错误").unwrap();
    let first = errors.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(4.0));
    assert_eq!(first[1], Data::Float(5.0));
    assert!(!first[2].to_string().is_empty());
    assert_eq!(first[3].to_string(), "abc");
}

#[test]
fn items_csv_matches_calc() {
    let dir = tmp();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, examples_csv()).unwrap();
    let out = batch(&input, &["--format", "items"]);
    assert!(out.status.success());
    let rows = csv_rows(&out.stdout);
    let calc = calc_json(&root().join(EXAMPLES[0]), &["--as-of", AS_OF]);
    let items = calc["items"].as_array().unwrap();
    let first: Vec<_> = rows.iter().filter(|r| r["row"] == "1").collect();
    assert_eq!(first.len(), items.len());
    for (line, item) in first.iter().zip(items) {
        assert_eq!(line["rule"], item["id"].as_str().unwrap());
        assert_eq!(line["status"], item["status"].as_str().unwrap());
        assert_eq!(line["amount"], item["amount"].as_str().unwrap());
        assert_eq!(line["amount_max"], item["amount_max"].as_str().unwrap());
        assert_eq!(line["reason"], item["reason"].as_str().unwrap_or(""));
    }
}

#[test]
fn template_workbook_goes_through_batch_unchanged() {
    let dir = tmp();
    let t = dir.path().join("项目清单.xlsx");
    let out = bin()
        .args(["template", "--xlsx", "-o"])
        .arg(&t)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book = open_workbook_auto(&t).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["项目清单", "说明", "示例"].map(String::from).to_vec()
    );
    // The data sheet has no rows: an untouched template is no project (the
    // example rows, on their own sheet, are checked in tests/it/office.rs).
    let out = batch(&t, &["--format", "jsonl"]);
    assert!(out.status.success());
    assert!(jsonl(&out).is_empty());
    // template --csv: the same header line, with a byte-order mark.
    let csv = bin().args(["template", "--csv"]).output().unwrap().stdout;
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let header = book.worksheet_range("项目清单").unwrap();
    let first: Vec<String> = header
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let line = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert_eq!(line.trim_end(), first.join(","));
}

/// The LibreOffice fixtures (tests/fixtures/office/README.md).
fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/office").join(name)
}

#[test]
fn libreoffice_fixtures_match_their_csv() {
    let csv = batch(&fixture("projects.csv"), &[]);
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    assert_eq!(csv_rows(&csv.stdout).len(), 3);
    for name in [
        "projects.xlsx",
        "projects.xls",
        "projects.ods",
        "projects-gbk.csv",
    ] {
        let out = batch(&fixture(name), &[]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&csv.stdout),
            "{name}"
        );
    }
}

#[test]
fn wrong_sheet_and_flags_are_clear_errors() {
    let dir = tmp();
    let xlsx = dir.path().join("p.xlsx");
    typed_workbook(&xlsx, &example_projects());
    let out = batch(&xlsx, &["--sheet", "没有"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("没有名为 \"没有\" 的工作表") && err.contains("Sheet1"),
        "{err}"
    );
    assert!(batch(&xlsx, &["--sheet", "Sheet1"]).status.success());
    let out = batch(&xlsx, &["--encoding", "gb18030"]);
    assert_eq!(out.status.code(), Some(1));
    // A workbook on standard input is told by its content.
    let bytes = std::fs::read(&xlsx).unwrap();
    let out = bin()
        .args(["batch", "-", "--as-of", AS_OF])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, batch(&xlsx, &[]).stdout);
}

#[test]
fn merged_and_styled_header_cells_are_read_by_their_text() {
    let dir = tmp();
    let path = dir.path().join("merged.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let head = Format::new().set_bold().set_background_color("#DDEBF7");
    // 项目编号 merged over two header rows; the other headers in the first.
    ws.merge_range(0, 0, 1, 0, "项目编号", &head).unwrap();
    ws.write_string_with_format(0, 1, "用地面积(亩)", &head)
        .unwrap();
    ws.write_string_with_format(0, 2, "实际投资额(元)", &head)
        .unwrap();
    ws.write_string(2, 0, "M-1").unwrap();
    ws.write_number(2, 1, 40.0).unwrap();
    ws.write_string(2, 2, "1.2亿").unwrap();
    ws.write_string(3, 0, "M-2").unwrap();
    ws.write_string(3, 2, "abc").unwrap();
    book.save(&path).unwrap();
    let out = batch(&path, &["--headers", "en"]);
    assert_eq!(out.status.code(), Some(3));
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["row"].as_str(), rows[0]["project.id"].as_str()),
        ("1", "M-1")
    );
    assert_eq!(rows[0]["status"], "ok");
    assert_eq!(rows[1]["status"], "error");
    // M-2 is on sheet line 4, in the CSV's line column and the errors sheet.
    assert_eq!(
        (rows[0]["line"].as_str(), rows[1]["line"].as_str()),
        ("3", "4")
    );
    let out_path = dir.path().join("out.xlsx");
    batch(&path, &["-o", out_path.to_str().unwrap()]);
    let mut book = open_workbook_auto(&out_path).unwrap();
    let errors = book.worksheet_range("错误").unwrap();
    let first = errors.rows().nth(1).unwrap();
    assert_eq!(
        (&first[0], &first[1]),
        (&Data::Float(2.0), &Data::Float(4.0))
    );
    let text: Vec<String> = first.iter().map(|c| c.to_string()).collect();
    // The failed row keeps its project id (no name column in this sheet).
    assert_eq!(text[2], "M-2");
    assert!(
        text[4].contains("investment.total") && text[5] == "abc",
        "{text:?}"
    );
}

#[test]
fn broken_workbooks_are_clear_errors_never_crashes() {
    let dir = tmp();
    let good = std::fs::read(fixture("projects.xlsx")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("text.xlsx", b"project.id\nA\n".to_vec()),
        ("empty.xlsx", Vec::new()),
        ("cut.xlsx", good[..good.len() / 2].to_vec()),
        ("zip-magic.csv", b"PK\x03\x04garbage".to_vec()),
        (
            "ole-magic.csv",
            [&[0xD0u8, 0xCF, 0x11, 0xE0][..], &[0u8; 600][..]].concat(),
        ),
    ];
    for (name, bytes) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = batch(&p, &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains("工作簿") || err.contains("输入为空"),
            "{name}: {err}"
        );
    }
    // An xlsx written to a pipe is the same workbook as written to a file.
    let piped = bin()
        .args(["batch", "--format", "xlsx", "--as-of", AS_OF])
        .arg(fixture("projects.csv"))
        .output()
        .unwrap();
    assert!(piped.status.success());
    let p = dir.path().join("piped.xlsx");
    std::fs::write(&p, &piped.stdout).unwrap();
    let mut book = open_workbook_auto(&p).unwrap();
    assert_eq!(book.worksheet_range("结果").unwrap().height(), 4);
}
