//! Turns a `batch` CSV (standard input) into a workbook typed as the office
//! types one: plain numbers become number cells, `YYYY-MM-DD` date cells,
//! `true`/`false` boolean cells, anything else text. For the workbook
//! benchmark (`bench/workbook.sh`).
//!
//! ```text
//! cargo run --release --example csv_to_xlsx -- OUT.xlsx < projects.csv
//! ```

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::str::FromStr;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: csv_to_xlsx OUT.xlsx < IN.csv")?;
    let mut reader = csv::Reader::from_reader(std::io::stdin().lock());
    let mut book = Workbook::new();
    let ws = book.add_worksheet_with_constant_memory()?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in reader.headers()?.iter().enumerate() {
        ws.write_string(0, c as u16, h)?;
    }
    for (r, rec) in reader.records().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in rec?.iter().enumerate() {
            let c = c as u16;
            if cell.is_empty() {
                continue;
            }
            if let Some(d) = iso_date(cell) {
                ws.write_date_with_format(r, c, &d, &date)?;
            } else if cell == "true" || cell == "false" {
                ws.write_boolean(r, c, cell == "true")?;
            } else if cell.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && let Ok(n) = f64::from_str(cell)
            {
                ws.write_number(r, c, n)?;
            } else {
                ws.write_string(r, c, cell)?;
            }
        }
    }
    book.save(out)?;
    Ok(())
}

fn iso_date(s: &str) -> Option<ExcelDateTime> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}
