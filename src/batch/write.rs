//! Writing each row's result in the chosen format: CSV written by hand for
//! speed, JSON lines, the long items CSV, and workbook sheet rows.

use super::evaluate::RowContext;
use super::{EXTRA_COLUMNS, FIXED_COLUMNS, Format, REFORM_COLUMNS, flatten};
use crate::model::batch_row::{Base, BatchRow, RowOutcome};
use crate::model::{GateStatus, Report, Status, Totals};
use crate::money;
use rust_decimal::Decimal;
use serde::Serialize;

/// Formats rows into a chunk's output buffer.
pub(super) enum RowWriter {
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
    /// With `--baseline-rules`: the totals under the rules before the
    /// revision, and after − before.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Totals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<Totals>,
}

/// `after − before`, total by total.
pub(super) fn totals_diff(after: &Totals, before: &Totals) -> Totals {
    let d = |a: Decimal, b: Decimal| a.saturating_sub(b);
    Totals {
        cash_one_time: d(after.cash_one_time, before.cash_one_time),
        cash_one_time_max: d(after.cash_one_time_max, before.cash_one_time_max),
        cash_multi_year: d(after.cash_multi_year, before.cash_multi_year),
        cash_multi_year_max: d(after.cash_multi_year_max, before.cash_multi_year_max),
        cash_total: d(after.cash_total, before.cash_total),
        cash_total_max: d(after.cash_total_max, before.cash_total_max),
        annual_savings: d(after.annual_savings, before.annual_savings),
        annual_savings_max: d(after.annual_savings_max, before.annual_savings_max),
        suspended: d(after.suspended, before.suspended),
        suspended_max: d(after.suspended_max, before.suspended_max),
        suspended_annual_savings: d(
            after.suspended_annual_savings,
            before.suspended_annual_savings,
        ),
        suspended_annual_savings_max: d(
            after.suspended_annual_savings_max,
            before.suspended_annual_savings_max,
        ),
    }
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

impl RowWriter {
    pub(super) fn new(format: Format, capacity: usize) -> Self {
        let buf = Vec::with_capacity(capacity);
        match format {
            Format::Csv => RowWriter::Csv(buf),
            Format::Jsonl => RowWriter::Jsonl(buf),
            Format::Items => RowWriter::Items(buf),
            Format::Xlsx => RowWriter::Sheet(buf),
        }
    }

    /// The formatted bytes.
    pub(super) fn finish(self) -> Vec<u8> {
        match self {
            RowWriter::Csv(buf)
            | RowWriter::Jsonl(buf)
            | RowWriter::Items(buf)
            | RowWriter::Sheet(buf) => buf,
        }
    }

    /// Appends one row.
    pub(super) fn write(&mut self, context: &RowContext, batch_row: &BatchRow) {
        let row = (batch_row.row, batch_row.line);
        let outcome = &batch_row.outcome;
        let base = batch_row.baseline.as_ref();
        const BUG: &str = "内部错误 (bug): 无法生成 JSON";
        let reform = context.baseline.is_some();
        match self {
            RowWriter::Csv(out) => csv_row(&mut CsvLine::new(out), context, row, outcome, base),
            RowWriter::Items(out) => match outcome {
                RowOutcome::Ok(report) => {
                    let items: Vec<Decimal>;
                    let before = match base {
                        Some(base) => {
                            items = context.base_index.iter().map(|i| base.amount(*i)).collect();
                            Some(crate::render::items::Before {
                                amounts: &items,
                                cash_total: base.totals().cash_total,
                            })
                        }
                        None => None,
                    };
                    crate::render::items::write_report(out, row.0, report, before.as_ref())
                }
                _ => items_without_report(out, row.0, outcome, reform),
            },
            RowWriter::Sheet(out) => {
                use crate::render::SheetRow;
                let mut sheet_row = match outcome {
                    RowOutcome::Ok(report) => {
                        let mut r = SheetRow::from_report(row.0, report);
                        if let Some(Base::Report(before)) = base {
                            r.baseline = Some(crate::render::SheetBaseline::new(before, report));
                        }
                        r
                    }
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
                crate::render::workbook::rows::encode(&context.sheet, &sheet_row, out);
            }
            RowWriter::Jsonl(out) => {
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
                            baseline: base.map(Base::totals),
                            diff: base.map(|b| totals_diff(&report.totals, b.totals())),
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

/// The lines of an items row without a report (failed, empty, example),
/// with the empty cells of the `--baseline-rules` columns when `reform`.
fn items_without_report(out: &mut Vec<u8>, row: u64, outcome: &RowOutcome, reform: bool) {
    use crate::render::items;
    let extra: &[&str] = if reform { &["", "", "", ""] } else { &[] };
    match outcome {
        RowOutcome::Failed { message, id, .. } => {
            items::write_failed(out, row, id.as_deref(), message, extra)
        }
        RowOutcome::Empty => items::write_status(out, row, None, "empty", extra),
        RowOutcome::Example { id } => items::write_status(out, row, Some(id), "example", extra),
        RowOutcome::Ok(..) | RowOutcome::Amounts(..) => {
            items::write_failed(out, row, None, "内部错误 (bug): 缺少逐项结果", extra)
        }
    }
}

/// One output row; `row` is (data row, input line).
fn csv_row(
    w: &mut CsvLine,
    context: &RowContext,
    (row, line): (u64, u64),
    outcome: &RowOutcome,
    base: Option<&Base>,
) {
    w.number(row);
    let reform = if context.baseline.is_some() {
        REFORM_COLUMNS.len()
    } else {
        0
    };
    // The figures' cells (between `error` and `line`) of a row without figures.
    let blank = FIXED_COLUMNS.len() - 4 + reform + context.money.len() + EXTRA_COLUMNS.len() - 1;
    let zh = context.zh;
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
            let figures = (&report.totals, base.map(Base::totals));
            csv_ok(w, context, (id, status), figures, &items, &notes);
        }
        RowOutcome::Amounts(row) => {
            let (id, a) = &**row;
            let status = status_text(computed_status(outcome), zh);
            let figures = (&a.totals, base.map(Base::totals));
            csv_ok(
                w,
                context,
                (id.as_deref(), status),
                figures,
                &a.items,
                &a.notes,
            );
        }
    }
    w.number(line);
    w.end();
}

/// The cells of a computed row after `row`: its totals and, with
/// `--baseline-rules`, the baseline's; `items` are (status, amount) in item
/// rule order.
fn csv_ok(
    w: &mut CsvLine,
    context: &RowContext,
    (id, status): (Option<&str>, &str),
    (t, before): (&Totals, Option<&Totals>),
    items: &[(Status, Decimal)],
    notes: &[String],
) {
    w.text(id.unwrap_or(""));
    w.text(status);
    w.text("");
    w.yuan(t.cash_total);
    w.yuan(t.cash_total_max);
    w.yuan(t.annual_savings);
    if context.baseline.is_some() {
        match before {
            Some(b) => {
                w.yuan(b.cash_total);
                w.yuan(t.cash_total.saturating_sub(b.cash_total));
            }
            None => {
                w.text("");
                w.text("");
            }
        }
    }
    for (_, index) in &context.money {
        let payable = match index.and_then(|i| items.get(i)) {
            Some((Status::Applies, amount)) => *amount,
            _ => Decimal::ZERO,
        };
        w.yuan(payable);
    }
    // Allocates only for a row that needs input.
    let mut needs = String::new();
    for ((status, _), id) in items.iter().zip(&context.item_ids) {
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
