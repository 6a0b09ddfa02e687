//! Writing each row's result in the chosen format: CSV written by hand for
//! speed, JSON lines, the long items CSV, and workbook sheet rows.

use super::evaluate::{RowOutcome, Shared};
use super::{EXTRA_COLUMNS, FIXED_COLUMNS, Format, flatten};
use crate::model::{GateStatus, Report, Status, Totals};
use crate::money;
use rust_decimal::Decimal;
use serde::Serialize;

/// Formats rows into a chunk's output buffer.
pub(super) enum LineWriter {
    Csv(Vec<u8>),
    Jsonl(Vec<u8>),
    Items(Vec<u8>),
    Sheet(Vec<u8>),
}

#[derive(Serialize)]
struct JsonOk<'a> {
    row: u64,
    line: u64,
    status: &'static str,
    #[serde(flatten)]
    report: &'a Report,
}

/// A row without a report: failed (`error` set), empty or an example.
#[derive(Serialize)]
struct JsonError<'a> {
    row: u64,
    line: u64,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<JsonId<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// `{"id": …, "name": …}` of a row whose id or name cell could be read.
#[derive(Serialize)]
struct JsonId<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> JsonError<'a> {
    fn failed(row: (u64, u64), error: &'a str, id: Option<&'a str>, name: Option<&'a str>) -> Self {
        JsonError {
            row: row.0,
            line: row.1,
            status: "error",
            project: (id.is_some() || name.is_some()).then_some(JsonId { id, name }),
            error: Some(error),
        }
    }
}

/// A row's status as the CSV writes it: the stable English key, or in
/// Chinese for a file whose header was Chinese.
pub(super) fn status_text(key: &'static str, zh: bool) -> &'static str {
    if !zh {
        return key;
    }
    match key {
        "ok" => "成功",
        "error" => "错误",
        "empty" => "空行",
        "example" => "示例",
        "out_of_scope" => "不在政策范围",
        other => other,
    }
}

/// The status key of a computed row.
fn computed_status(outcome: &RowOutcome) -> &'static str {
    if outcome.out_of_scope() {
        "out_of_scope"
    } else {
        "ok"
    }
}

impl LineWriter {
    pub(super) fn new(format: Format, capacity: usize) -> Self {
        let buf = Vec::with_capacity(capacity);
        match format {
            Format::Csv => LineWriter::Csv(buf),
            Format::Jsonl => LineWriter::Jsonl(buf),
            Format::Items => LineWriter::Items(buf),
            Format::Xlsx => LineWriter::Sheet(buf),
        }
    }

    /// The formatted bytes.
    pub(super) fn finish(self) -> Vec<u8> {
        match self {
            LineWriter::Csv(buf)
            | LineWriter::Jsonl(buf)
            | LineWriter::Items(buf)
            | LineWriter::Sheet(buf) => buf,
        }
    }

    /// Appends one row; `row` is (data row, input line).
    pub(super) fn write(&mut self, shared: &Shared, row: (u64, u64), outcome: &RowOutcome) {
        const BUG: &str = "内部错误 (bug): 无法生成 JSON";
        match self {
            LineWriter::Csv(out) => csv_row(&mut CsvLine::new(out), shared, row, outcome),
            LineWriter::Items(out) => match outcome {
                RowOutcome::Ok(report) => crate::output::items::write_report(out, row.0, report),
                RowOutcome::Failed { message, id, .. } => {
                    crate::output::items::write_failed(out, row.0, id.as_deref(), message)
                }
                RowOutcome::Empty => crate::output::items::write_status(out, row.0, None, "empty"),
                RowOutcome::Example { id } => {
                    crate::output::items::write_status(out, row.0, Some(id), "example")
                }
                RowOutcome::Amounts(..) => crate::output::items::write_failed(
                    out,
                    row.0,
                    None,
                    "内部错误 (bug): 缺少逐项结果",
                ),
            },
            LineWriter::Sheet(out) => {
                use crate::output::SheetRow;
                let mut sheet_row = match outcome {
                    RowOutcome::Ok(report) => SheetRow::from_report(row.0, report),
                    RowOutcome::Failed { message, id, name } => {
                        SheetRow::failed(row.0, id.as_deref(), message).named(name.as_deref())
                    }
                    RowOutcome::Empty => SheetRow::empty(row.0),
                    RowOutcome::Example { id } => SheetRow::example(row.0, id),
                    RowOutcome::Amounts(..) => {
                        SheetRow::failed(row.0, None, "内部错误 (bug): 缺少逐项结果")
                    }
                };
                sheet_row.line = row.1;
                crate::output::workbook::rows::encode(&shared.sheet, &sheet_row, out);
            }
            LineWriter::Jsonl(out) => {
                let bare = |status| JsonError {
                    row: row.0,
                    line: row.1,
                    status,
                    project: None,
                    error: None,
                };
                let written = match outcome {
                    RowOutcome::Ok(report) => serde_json::to_writer(
                        &mut *out,
                        &JsonOk {
                            row: row.0,
                            line: row.1,
                            status: computed_status(outcome),
                            report,
                        },
                    ),
                    RowOutcome::Failed { message, id, name } => serde_json::to_writer(
                        &mut *out,
                        &JsonError::failed(row, message, id.as_deref(), name.as_deref()),
                    ),
                    RowOutcome::Empty => serde_json::to_writer(&mut *out, &bare("empty")),
                    RowOutcome::Example { id } => serde_json::to_writer(
                        &mut *out,
                        &JsonError {
                            project: Some(JsonId {
                                id: Some(id),
                                name: None,
                            }),
                            ..bare("example")
                        },
                    ),
                    // Only CSV rows are evaluated to amounts alone.
                    RowOutcome::Amounts(..) => {
                        serde_json::to_writer(&mut *out, &JsonError::failed(row, BUG, None, None))
                    }
                };
                if written.is_err() {
                    // Serializing plain data into memory does not fail; if it
                    // ever did, the row still gets its line.
                    let _ =
                        serde_json::to_writer(&mut *out, &JsonError::failed(row, BUG, None, None));
                }
                out.push(b'\n');
            }
        }
    }
}

/// One CSV record being appended to a buffer, written byte for byte as the
/// csv crate writes it (fields quoted only when they hold `,` `"` CR or LF,
/// quotes doubled, `\n` at the end). Written by hand because a million rows
/// have 25 million money cells, which never need quoting.
struct CsvLine<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> CsvLine<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        CsvLine { out, first: true }
    }

    fn separator(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    /// Any text, quoted when it must be.
    fn text(&mut self, s: &str) {
        self.separator();
        if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            self.out.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    self.out.push(b'"');
                }
                self.out.push(b);
            }
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(s.as_bytes());
        }
    }

    fn number(&mut self, n: u64) {
        self.separator();
        push_digits(self.out, n);
    }

    fn yuan(&mut self, d: Decimal) {
        self.separator();
        write_yuan(self.out, d);
    }

    fn end(&mut self) {
        self.out.push(b'\n');
    }
}

/// One output row; `row` is (data row, input line).
fn csv_row(w: &mut CsvLine, shared: &Shared, (row, line): (u64, u64), outcome: &RowOutcome) {
    w.number(row);
    // The figures' cells (between `error` and `line`) of a row without figures.
    let blank = FIXED_COLUMNS.len() - 4 + shared.money.len() + EXTRA_COLUMNS.len() - 1;
    let zh = shared.zh;
    let mut bare = |id: &str, status: &'static str, error: &str| {
        w.text(id);
        w.text(status_text(status, zh));
        w.text(error);
        for _ in 0..blank {
            w.text("");
        }
    };
    match outcome {
        RowOutcome::Failed { message, id, .. } => {
            bare(id.as_deref().unwrap_or(""), "error", message)
        }
        RowOutcome::Empty => bare("", "empty", ""),
        RowOutcome::Example { id } => bare(id, "example", ""),
        RowOutcome::Ok(report) => {
            let items: Vec<(Status, Decimal)> =
                report.items.iter().map(|i| (i.status, i.amount)).collect();
            let id = report.project.id.as_deref();
            let notes: Vec<String> = report
                .gates
                .iter()
                .filter(|g| matches!(g.status, GateStatus::Failed | GateStatus::NeedsInput))
                .map(|g| g.detail.clone())
                .collect();
            let status = status_text(computed_status(outcome), zh);
            csv_ok(w, shared, (id, status), &report.totals, &items, &notes);
        }
        RowOutcome::Amounts(row) => {
            let (id, a) = &**row;
            let status = status_text(computed_status(outcome), zh);
            csv_ok(
                w,
                shared,
                (id.as_deref(), status),
                &a.totals,
                &a.items,
                &a.notes,
            );
        }
    }
    w.number(line);
    w.end();
}

/// The cells of a computed row after `row`; `items` are (status, amount) in
/// item rule order.
fn csv_ok(
    w: &mut CsvLine,
    shared: &Shared,
    (id, status): (Option<&str>, &str),
    t: &Totals,
    items: &[(Status, Decimal)],
    notes: &[String],
) {
    w.text(id.unwrap_or(""));
    w.text(status);
    w.text("");
    w.yuan(t.cash_total);
    w.yuan(t.cash_total_max);
    w.yuan(t.annual_savings);
    for (_, index) in &shared.money {
        let payable = match index.and_then(|i| items.get(i)) {
            Some((Status::Applies, amount)) => *amount,
            _ => Decimal::ZERO,
        };
        w.yuan(payable);
    }
    // Allocates only for a row that needs input.
    let mut needs = String::new();
    for ((status, _), id) in items.iter().zip(&shared.item_ids) {
        if *status == Status::NeedsInput {
            if !needs.is_empty() {
                needs.push(';');
            }
            needs.push_str(id);
        }
    }
    w.text(&needs);
    w.yuan(t.suspended);
    w.text(&flatten(&notes.join("; ")));
}

/// Money as [`money::fixed2`] writes it (`"1500.00"`), appended to `out`
/// without the formatting machinery.
fn write_yuan(out: &mut Vec<u8>, d: Decimal) {
    // Rounded to the fen, the scale is at most 2: scale the mantissa to cents.
    let r = money::round_yuan(d);
    let cents = 2u32
        .checked_sub(r.scale())
        .and_then(|up| r.mantissa().unsigned_abs().checked_mul(10u128.pow(up)))
        .and_then(|c| u64::try_from(c).ok());
    match cents {
        Some(abs) => {
            if r.is_sign_negative() {
                out.push(b'-');
            }
            // Every amount of the row has a fen part: two digits after `.`.
            let cents = abs % 100;
            push_digits(out, abs / 100);
            out.extend_from_slice(&[b'.', b'0' + (cents / 10) as u8, b'0' + (cents % 10) as u8]);
        }
        None => out.extend_from_slice(money::fixed2(d).as_bytes()),
    }
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_matches_fixed2() {
        for d in [
            Decimal::ZERO,
            Decimal::new(12_345, 3),
            Decimal::new(-5, 3),
            Decimal::new(-4, 3),
            Decimal::new(7, 0),
            Decimal::new(1_000_000_000_000_000, 0),
            Decimal::MAX,
        ] {
            let mut s = Vec::new();
            write_yuan(&mut s, d);
            assert_eq!(String::from_utf8(s).unwrap(), money::fixed2(d), "{d}");
        }
        for n in [0, 7, 10, u64::MAX] {
            let mut s = Vec::new();
            push_digits(&mut s, n);
            assert_eq!(String::from_utf8(s).unwrap(), n.to_string());
        }
    }

    #[test]
    fn csv_lines_quote_as_the_csv_crate_does() {
        let cells = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "中文",
            " x ",
        ];
        let mut ours = Vec::new();
        let mut line = CsvLine::new(&mut ours);
        for c in cells {
            line.text(c);
        }
        line.end();
        let mut theirs = csv::Writer::from_writer(Vec::new());
        theirs.write_record(cells).unwrap();
        assert_eq!(ours, theirs.into_inner().unwrap());
    }
}
