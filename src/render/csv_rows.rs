//! `batch` CSV output: one line per row (the columns are described in
//! `batch`'s module documentation), written by hand for speed: a million
//! rows have 25 million money cells, and the csv crate's general writer
//! costs several times more than appending their digits.

use super::row_sink::{Needs, RowEncoder};
use crate::csv_text::flatten;
use crate::model::batch_row::{Base, BatchRow, RowOutcome};
use crate::model::{GateStatus, Status, Totals};
use crate::money;
use crate::rules::RuleSet;
use rust_decimal::Decimal;

/// A CSV row needs only the amounts (and under `--baseline-rules`, the
/// baseline's amounts).
pub const NEEDS: Needs = Needs {
    report: false,
    texts: false,
    checklist: false,
    next_tiers: false,
    baseline_report: false,
};

pub const FIXED_COLUMNS: [&str; 7] = [
    "row",
    "project.id",
    "status",
    "error",
    "cash_total",
    "cash_total_max",
    "annual_savings",
];
pub const EXTRA_COLUMNS: [&str; 4] = ["needs_input", "suspended", "notes", "line"];
/// With `--baseline-rules`, after `annual_savings`: the cash total under the
/// rules before the revision, and the change (after − before).
pub const REFORM_COLUMNS: [&str; 2] = ["baseline.cash_total", "diff.cash_total"];
/// [`REFORM_COLUMNS`] in Chinese.
pub const REFORM_COLUMNS_ZH: [&str; 2] = ["调整前现金奖补合计(下限)", "调整影响(下限)"];
/// [`FIXED_COLUMNS`] and [`EXTRA_COLUMNS`] in Chinese, as the workbook's
/// results sheet names them.
pub const FIXED_COLUMNS_ZH: [&str; 7] = [
    "行号",
    "项目编号",
    "状态",
    "错误",
    "现金奖补合计(下限)",
    "现金奖补合计(上限)",
    "要素降本(每年)",
];
pub const EXTRA_COLUMNS_ZH: [&str; 4] = ["需补充信息", "暂停兑现", "备注", "表格行"];

/// What the workers need to write CSV rows: the columns of the rules.
#[derive(Debug, Clone)]
pub struct CsvRows {
    /// Per monetary rule, its index among the report's items.
    money: Vec<Option<usize>>,
    /// The ids of the item rules, in the order of the items.
    item_ids: Vec<String>,
    /// With `--baseline-rules`: the two columns of [`REFORM_COLUMNS`].
    reform: bool,
    /// Statuses in Chinese (the header was Chinese, or `--headers zh`).
    zh: bool,
}

impl CsvRows {
    pub fn new(rules: &RuleSet, reform: bool, zh: bool) -> Self {
        let item_ids: Vec<String> = rules.item_rules().map(|r| r.id.clone()).collect();
        let money = rules
            .money_ids()
            .into_iter()
            .map(|id| item_ids.iter().position(|i| i == id))
            .collect();
        CsvRows {
            money,
            item_ids,
            reform,
            zh,
        }
    }

    /// The header: the English keys, or their Chinese names (the workbook's
    /// results headers; rules by their labels).
    pub fn header(&self, rules: &RuleSet) -> Vec<String> {
        if self.zh {
            let mut h: Vec<String> = FIXED_COLUMNS_ZH.iter().map(|s| s.to_string()).collect();
            if self.reform {
                h.extend(REFORM_COLUMNS_ZH.iter().map(|s| s.to_string()));
            }
            h.extend(
                rules
                    .money_ids()
                    .into_iter()
                    .map(|id| rules.get(id).map_or(id, |r| r.label.as_str()).to_string()),
            );
            h.extend(EXTRA_COLUMNS_ZH.iter().map(|s| s.to_string()));
            return h;
        }
        let mut h: Vec<String> = FIXED_COLUMNS.iter().map(|s| s.to_string()).collect();
        if self.reform {
            h.extend(REFORM_COLUMNS.iter().map(|s| s.to_string()));
        }
        h.extend(rules.money_ids().into_iter().map(str::to_string));
        h.extend(EXTRA_COLUMNS.iter().map(|s| s.to_string()));
        h
    }
}

impl RowEncoder for CsvRows {
    type Chunk = Vec<u8>;

    fn chunk(&self, rows: usize) -> Vec<u8> {
        Vec::with_capacity(rows * 256)
    }

    fn row(&self, out: &mut Vec<u8>, row: &BatchRow) {
        csv_row(&mut CsvLine::new(out), self, row);
    }
}

/// A row's status as the CSV writes it: the stable English key, or in
/// Chinese for a file whose header was Chinese.
fn status_text(key: &'static str, zh: bool) -> &'static str {
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
        money::write_fen(self.out, d);
    }

    fn end(&mut self) {
        self.out.push(b'\n');
    }
}

/// One output row.
fn csv_row(w: &mut CsvLine, context: &CsvRows, batch_row: &BatchRow) {
    let (row, line) = (batch_row.row, batch_row.line);
    let outcome = &batch_row.outcome;
    let base = batch_row.baseline.as_ref();
    w.number(row);
    let reform = if context.reform {
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
            let status = status_text(outcome.computed_key(), zh);
            let figures = (&report.totals, base.map(Base::totals));
            csv_ok(w, context, (id, status), figures, &items, &notes);
        }
        RowOutcome::Amounts(row) => {
            let (id, a) = &**row;
            let status = status_text(outcome.computed_key(), zh);
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
    context: &CsvRows,
    (id, status): (Option<&str>, &str),
    (t, before): (&Totals, Option<&Totals>),
    items: &[(Status, Decimal)],
    notes: &[String],
) {
    w.text(id.unwrap_or(""));
    w.text(status);
    w.text("");
    w.yuan(t.cash_total.low);
    w.yuan(t.cash_total.high);
    w.yuan(t.annual_savings.low);
    if context.reform {
        match before {
            Some(b) => {
                w.yuan(b.cash_total.low);
                w.yuan(t.cash_total.low.saturating_sub(b.cash_total.low));
            }
            None => {
                w.text("");
                w.text("");
            }
        }
    }
    for index in &context.money {
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
    w.yuan(t.suspended.low);
    w.text(&flatten(&notes.join("; ")));
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
            money::write_fen(&mut s, d);
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
