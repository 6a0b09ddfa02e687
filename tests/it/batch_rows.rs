//! Batch rows a spreadsheet user can find: a failed row keeps its
//! `project.id`, messages name the data row and the spreadsheet line (header =
//! line 1), and a row of empty cells is `empty`, neither ok nor failed.

use crate::util::bin;
use serde_json::Value;
use std::collections::BTreeMap;

fn batch(input: &[u8], extra: &[&str]) -> std::process::Output {
    bin()
        .args(["batch", "-", "--as-of", "2023-12-31"])
        .args(extra)
        .write_stdin(input)
        .output()
        .expect("run batch")
}

fn rows(out: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(out);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

const HEADER: &str = "project.id,investment.total,project.completion_date,project.production_date";

#[test]
fn failed_rows_keep_their_id_whatever_went_wrong() {
    let input = format!(
        "{HEADER}\n\
         A-1,abc,2023-05-01,2023-06-01\n\
         A-2,1亿,2023-05-01\n\
         A-3,1亿,2023-05-01,2023-13-01\n"
    );
    let mut bytes = input.into_bytes();
    // A cell that is not UTF-8 beside a plain ASCII id.
    bytes.extend_from_slice(b"A-4,\xff\xfe,2023-05-01,2023-06-01\n");
    let out = batch(&bytes, &[]);
    assert_eq!(out.status.code(), Some(3));
    let r = rows(&out.stdout);
    let ids: Vec<&str> = r.iter().map(|x| x["project.id"].as_str()).collect();
    assert_eq!(ids, ["A-1", "A-2", "A-3", "A-4"]);
    assert!(
        r.iter()
            .all(|x| x["status"] == "error" && x["cash_total"].is_empty())
    );

    let out = batch(&bytes, &["--format", "jsonl"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    for (l, id) in lines.iter().zip(["A-1", "A-2", "A-3", "A-4"]) {
        assert_eq!(l["project"]["id"], id, "{l}");
        assert_eq!(l["status"], "error");
    }
}

#[test]
fn messages_name_the_data_row_and_the_spreadsheet_line() {
    // Row 2 spans two lines (a quoted line break), so row 3 starts on line 5.
    let input = format!(
        "{HEADER}\n\
         A-1,1亿,2023-05-01,2023-06-01\n\
         \"A\n2\",1亿,2023-05-01,2023-06-01\n\
         A-3,abc,2023-05-01,2023-06-01\n"
    );
    let out = batch(input.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第2行 (表格第3行): project.id"), "{err}");
    assert!(err.contains("第3行 (表格第5行): investment.total"), "{err}");
    let r = rows(&out.stdout);
    let lines: Vec<&str> = r.iter().map(|x| x["line"].as_str()).collect();
    assert_eq!(lines, ["2", "3", "5"]);
    let numbers: Vec<&str> = r.iter().map(|x| x["row"].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3"]);

    // The same with `\r\n` line ends, as spreadsheet programs write them.
    let out = batch(input.replace('\n', "\r\n").as_bytes(), &[]);
    let r = rows(&out.stdout);
    let lines: Vec<&str> = r.iter().map(|x| x["line"].as_str()).collect();
    assert_eq!(lines, ["2", "3", "5"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第3行 (表格第5行): investment.total"), "{err}");
}

#[test]
fn a_row_of_empty_cells_is_empty_not_ok_and_not_failed() {
    let input = format!(
        "{HEADER}\n\
         A-1,1亿,2023-05-01,2023-06-01\n\
         ,,,\n\
         \x20, ,\"\",\n\
         ,\n\
         A-5,1亿,2023-05-01,2023-06-01\n"
    );
    let out = batch(input.as_bytes(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = rows(&out.stdout);
    let status: Vec<&str> = r.iter().map(|x| x["status"].as_str()).collect();
    assert_eq!(status, ["ok", "empty", "empty", "empty", "ok"]);
    for x in &r[1..4] {
        // No figures, no error, no id; the row and line are there.
        for (k, v) in x {
            if !matches!(k.as_str(), "row" | "status" | "line") {
                assert_eq!(v, "", "{k} of an empty row");
            }
        }
    }
    assert_eq!(r[1]["line"], "3");
    assert_eq!(r[4]["cash_total"], "1000000.00");

    let out = batch(input.as_bytes(), &["--format", "jsonl"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[1],
        serde_json::json!({"row": 2, "line": 3, "status": "empty"})
    );

    // Cells the cell parser reads as empty (`-`, `—`, `/`, `无`) make an
    // empty row too.
    let input = format!("{HEADER}\n-,—,无,/\n");
    let out = batch(input.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(rows(&out.stdout)[0]["status"], "empty");

    // With a failed row the summary counts the empty ones apart.
    let input = format!("{HEADER}\n,,,\nA-2,abc,,\n");
    let out = batch(input.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 行, 成功 0, 失败 1, 空行 1"), "{err}");
}

/// In a workbook the line is the sheet's row: with blank rows above the
/// header and between projects, and whatever line breaks a cell holds.
#[test]
fn workbook_rows_are_named_by_their_sheet_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("in.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in HEADER.split(',').enumerate() {
        ws.write_string(2, c as u16, h).expect("header");
    }
    let data: [(u32, [&str; 4]); 2] = [
        (3, ["A\n1", "1亿", "2023-05-01", "2023-06-01"]),
        (5, ["A-3", "abc", "2023-05-01", "2023-06-01"]),
    ];
    for (r, cells) in data {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, *v).expect("cell");
        }
    }
    book.save(&path).expect("save");
    let out = bin()
        .arg("batch")
        .arg(&path)
        .args(["--as-of", "2023-12-31"])
        .output()
        .expect("run batch");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = rows(&out.stdout);
    let got: Vec<(&str, &str)> = r
        .iter()
        .map(|x| (x["status"].as_str(), x["line"].as_str()))
        .collect();
    // Sheet line 4 (row 1, whose id cell holds a line break), blank line 5, line 6.
    assert_eq!(got, [("error", "4"), ("empty", "5"), ("error", "6")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第3行 (表格第6行): investment.total"), "{err}");
}
