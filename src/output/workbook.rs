//! `batch -o out.xlsx`: the workbook for leaders and the finance bureau.
//!
//! Sheets, in order: 结果 (results: one row per input row, failed rows with
//! their error), 逐项 (items: project × rule), 分年 (schedule: project × rule
//! × year; rules none of whose facts a row gives are left out, as the
//! `calc` table leaves them out), 预算 (budget: the cash the portfolio's applying items schedule,
//! by calendar year and, when the reports carry it, by payment year; lower
//! and upper bound, by rule and in total, with a column chart) and, when
//! rows failed, 错误 (errors: row, sheet line, field, value, expected).
//! Money cells are numbers formatted `#,##0.00`; headers are frozen, the
//! results sheet has an autofilter, column widths are measured with CJK
//! characters counted double. Rows stream to disk (constant memory); a sheet
//! that would pass Excel's 1,048,576 rows continues on `逐项(2)`, ….

use super::{SheetRow, error_parts};
use crate::engine::Status;
use crate::excel_float::{cell_int, cell_number};
use crate::rules::{Category, RuleSet};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Seek, Write};
use std::str::FromStr;
use unicode_width::UnicodeWidthStr;

/// Rows in a sheet, header included (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;
/// The font of every cell: a Chinese one, so Chinese text is not drawn in a
/// fallback font of another width.
pub const FONT: &str = "等线";
/// The widest a measured column gets (long reasons wrap in the cell view).
const MAX_WIDTH: usize = 60;

pub const RESULTS: &str = "结果";
pub const ITEMS: &str = "逐项";
pub const SCHEDULE: &str = "分年";
pub const BUDGET: &str = "预算";
pub const ERRORS: &str = "错误";

/// The formats every sheet uses.
pub struct Formats {
    pub header: Format,
    pub text: Format,
    pub money: Format,
    pub int: Format,
    pub title: Format,
    pub total: Format,
    pub total_money: Format,
}

impl Formats {
    pub fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(11);
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: base.clone(),
            money: base.clone().set_num_format("#,##0.00"),
            int: base.clone().set_num_format("0"),
            title: base.clone().set_bold().set_font_size(13),
            total: base.clone().set_bold(),
            total_money: base.set_bold().set_num_format("#,##0.00"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

/// Display width of a text: CJK characters count 2, as in a Chinese font.
pub fn text_width(s: &str) -> usize {
    s.width()
}

/// What a column holds, which decides its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Money,
    Int,
}

/// A sheet being streamed, continued on a new sheet when full. Cells are
/// written without a format of their own and take their column's: looking
/// a format up per cell (a hash of the whole format) cost a quarter of the
/// writing time.
struct Stream {
    name: &'static str,
    header: Vec<String>,
    kinds: Vec<Kind>,
    sheets: Vec<Worksheet>,
    /// The next row of the last sheet.
    row: u32,
    /// Widest text per column so far.
    widths: Vec<usize>,
    freeze_cols: u16,
}

impl Stream {
    fn new(name: &'static str, header: Vec<(String, Kind)>, freeze_cols: u16) -> Self {
        let widths = header.iter().map(|(h, _)| text_width(h)).collect();
        let kinds = header.iter().map(|(_, k)| *k).collect();
        let header = header.into_iter().map(|(h, _)| h).collect();
        Stream {
            name,
            header,
            kinds,
            sheets: Vec::new(),
            row: MAX_ROWS,
            widths,
            freeze_cols,
        }
    }

    /// The sheet and row for the next line, starting a sheet when needed.
    fn next(
        &mut self,
        book: &mut Workbook,
        f: &Formats,
    ) -> Result<(&mut Worksheet, u32), XlsxError> {
        if self.row >= MAX_ROWS {
            let mut ws = book.new_worksheet_with_constant_memory()?;
            let name = match self.sheets.len() {
                0 => self.name.to_string(),
                n => format!("{}({})", self.name, n + 1),
            };
            ws.set_name(name)?;
            ws.set_freeze_panes(1, self.freeze_cols)?;
            print_setup(&mut ws)?;
            for (c, (h, kind)) in self.header.iter().zip(&self.kinds).enumerate() {
                let format = match kind {
                    Kind::Text => &f.text,
                    Kind::Money => &f.money,
                    Kind::Int => &f.int,
                };
                ws.set_column_format(col(c), format)?;
                ws.write_string_with_format(0, col(c), h, &f.header)?;
            }
            self.sheets.push(ws);
            self.row = 1;
        }
        let row = self.row;
        self.row += 1;
        let ws = self
            .sheets
            .last_mut()
            .ok_or(XlsxError::ParameterError("no sheet".into()))?;
        Ok((ws, row))
    }

    fn measure(&mut self, c: usize, width: usize) {
        if let Some(w) = self.widths.get_mut(c) {
            *w = (*w).max(width);
        }
    }

    /// Sets the measured widths on every sheet and hands the sheets over.
    fn finish(mut self, autofilter: bool) -> Result<Vec<Worksheet>, XlsxError> {
        let last_col = self.header.len().saturating_sub(1);
        let n = self.sheets.len();
        for (i, ws) in self.sheets.iter_mut().enumerate() {
            for (c, w) in self.widths.iter().enumerate() {
                ws.set_column_width(col(c), width_units(*w))?;
            }
            if autofilter {
                let last_row = if i + 1 == n {
                    self.row - 1
                } else {
                    MAX_ROWS - 1
                };
                ws.autofilter(0, 0, last_row, col(last_col))?;
            }
        }
        Ok(std::mem::take(&mut self.sheets))
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// What one rule contributes to the budget, lower and upper bound.
type Sums = BTreeMap<(usize, i16), (Decimal, Decimal)>;

/// Receives the batch's [`SheetRow`] lines and writes the workbook.
pub struct WorkbookSink {
    book: Workbook,
    f: Formats,
    results: Stream,
    items: Stream,
    schedule: Stream,
    /// (row, line, parts) of failed rows, written at the end.
    errors: Vec<(u64, u64, Vec<super::ErrorParts>)>,
    by_year: Sums,
    by_payment_year: Sums,
    /// Item rules: id, label, category; and, per money column, its item index.
    item_rules: Vec<(String, String, Category)>,
    money_items: Vec<Option<usize>>,
    pending: Vec<u8>,
}

impl WorkbookSink {
    pub fn new(rules: &RuleSet) -> Self {
        let item_rules: Vec<(String, String, Category)> = rules
            .item_rules()
            .map(|r| (r.id.clone(), r.label.clone(), r.category))
            .collect();
        let money_ids = rules.money_ids();
        let money_items = money_ids
            .iter()
            .map(|id| item_rules.iter().position(|(i, ..)| i == id))
            .collect();
        use Kind::{Int, Money, Text};
        let named = |list: &[(&str, Kind)]| -> Vec<(String, Kind)> {
            list.iter().map(|(h, k)| (h.to_string(), *k)).collect()
        };
        let mut results_header = named(&[
            ("行号", Int),
            ("项目编号", Text),
            ("项目名称", Text),
            ("状态", Text),
            ("现金奖补合计(下限)", Money),
            ("现金奖补合计(上限)", Money),
            ("要素降本(每年)", Money),
        ]);
        results_header.extend(
            money_ids
                .iter()
                .filter_map(|id| rules.get(id))
                .map(|r| (r.label.clone(), Money)),
        );
        // The error last: a failed row's figures are empty, and the message
        // (also split up on the errors sheet) would push the figures aside.
        results_header.extend(named(&[
            ("需补充信息", Text),
            ("暂停兑现", Money),
            ("备注", Text),
            ("错误", Text),
        ]));
        let items_header = named(&[
            ("行号", Int),
            ("项目编号", Text),
            ("规则", Text),
            ("名称", Text),
            ("状态", Text),
            ("类别", Text),
            ("金额(下限)", Money),
            ("金额(上限)", Money),
            ("原因", Text),
        ]);
        let schedule_header = named(&[
            ("行号", Int),
            ("项目编号", Text),
            ("规则", Text),
            ("名称", Text),
            ("状态", Text),
            ("年度", Int),
            ("金额(下限)", Money),
            ("金额(上限)", Money),
            ("支付年度", Int),
        ]);
        WorkbookSink {
            book: fast_book(),
            f: Formats::new(),
            results: Stream::new(RESULTS, results_header, 3),
            items: Stream::new(ITEMS, items_header, 2),
            schedule: Stream::new(SCHEDULE, schedule_header, 2),
            errors: Vec::new(),
            by_year: Sums::new(),
            by_payment_year: Sums::new(),
            item_rules,
            money_items,
            pending: Vec::new(),
        }
    }

    fn line(&mut self, line: &[u8]) -> Result<(), XlsxError> {
        let row: SheetRow = serde_json::from_slice(line)
            .map_err(|e| XlsxError::ParameterError(format!("内部错误 (bug): {e}")))?;
        self.row(&row)
    }

    fn row(&mut self, r: &SheetRow) -> Result<(), XlsxError> {
        let f = &self.f;
        let (ws, y) = self.results.next(&mut self.book, f)?;
        let id = r.id.as_deref().unwrap_or("");
        let name = r.name.as_deref().unwrap_or("");
        let status = match r.status.as_str() {
            "ok" => "成功",
            "empty" => "空行",
            _ => "失败",
        };
        ws.write_number(y, 0, cell_int(r.row))?;
        put(ws, y, 1, id)?;
        put(ws, y, 2, name)?;
        put(ws, y, 3, status)?;
        let error = r.error.as_deref().unwrap_or("");
        // The last column: after the totals, the money columns, 需补充信息,
        // 暂停兑现 and 备注.
        let error_col = 4 + 3 + self.money_items.len() + 3;
        put(ws, y, col(error_col), error)?;
        let mut widths = vec![
            (0, digits(r.row)),
            (1, text_width(id)),
            (2, text_width(name)),
            (3, text_width(status)),
            (error_col, text_width(error)),
        ];
        if r.status == "ok" {
            let mut c = 4u16;
            for t in r.totals.iter().take(3) {
                let d = dec(t);
                ws.write_number(y, c, cell_number(d))?;
                widths.push((usize::from(c), money_width(t)));
                c += 1;
            }
            for index in &self.money_items {
                let item = index.and_then(|i| r.items.get(i));
                let payable = match item {
                    Some(it) if it.status == Status::Applies.key() => it.amount.as_str(),
                    _ => "0.00",
                };
                ws.write_number(y, c, cell_number(dec(payable)))?;
                widths.push((usize::from(c), money_width(payable)));
                c += 1;
            }
            let needs: Vec<&str> = r
                .items
                .iter()
                .zip(&self.item_rules)
                .filter(|(it, _)| it.status == Status::NeedsInput.key())
                .map(|(_, (_, label, _))| label.as_str())
                .collect();
            let needs = needs.join("、");
            put(ws, y, c, &needs)?;
            widths.push((usize::from(c), text_width(&needs)));
            let suspended = r.totals.get(3).map_or("0.00", String::as_str);
            ws.write_number(y, c + 1, cell_number(dec(suspended)))?;
            put(ws, y, c + 2, &r.notes)?;
            widths.push((usize::from(c + 2), text_width(&r.notes)));
        }
        for (c, w) in widths {
            self.results.measure(c, w);
        }
        if r.status == "error" {
            let parts = error_parts(error);
            self.errors.push((r.row, r.line, parts));
        }
        self.items_and_schedule(r)
    }

    fn items_and_schedule(&mut self, r: &SheetRow) -> Result<(), XlsxError> {
        let f = &self.f;
        let id = r.id.as_deref().unwrap_or("");
        for (i, item) in r.items.iter().enumerate() {
            let Some((rule, label, category)) = self.item_rules.get(i) else {
                continue;
            };
            let status: &str = match Status::parse(&item.status) {
                Some(st) => st.label(),
                None => &item.status,
            };
            let reason = item.reason.as_deref().unwrap_or("");
            if item.absent {
                // A rule none of whose facts the row gives: no line (the
                // results sheet shows it as 0; `--format items` lists it).
                continue;
            }
            let (ws, y) = self.items.next(&mut self.book, f)?;
            ws.write_number(y, 0, cell_int(r.row))?;
            put(ws, y, 1, id)?;
            put(ws, y, 2, rule)?;
            put(ws, y, 3, label)?;
            put(ws, y, 4, status)?;
            put(ws, y, 5, category.label())?;
            ws.write_number(y, 6, cell_number(dec(&item.amount)))?;
            ws.write_number(y, 7, cell_number(dec(&item.amount_max)))?;
            put(ws, y, 8, reason)?;
            for (c, w) in [
                (0, digits(r.row)),
                (1, text_width(id)),
                (2, text_width(rule)),
                (3, text_width(label)),
                (4, text_width(status)),
                (5, text_width(category.label())),
                (6, money_width(&item.amount)),
                (7, money_width(&item.amount_max)),
                (8, text_width(reason)),
            ] {
                self.items.measure(c, w);
            }
            let cash = matches!(category, Category::CashOneTime | Category::CashMultiYear);
            let payable = item.status == Status::Applies.key() && cash;
            for e in &item.schedule {
                let (ws, y) = self.schedule.next(&mut self.book, f)?;
                ws.write_number(y, 0, cell_int(r.row))?;
                put(ws, y, 1, id)?;
                put(ws, y, 2, rule)?;
                put(ws, y, 3, label)?;
                put(ws, y, 4, status)?;
                ws.write_number(y, 5, e.year)?;
                let (lo, hi) = (dec(&e.amount), dec(&e.amount_max));
                ws.write_number(y, 6, cell_number(lo))?;
                ws.write_number(y, 7, cell_number(hi))?;
                if let Some(p) = e.payment_year {
                    ws.write_number(y, 8, p)?;
                }
                for (c, w) in [
                    (1, text_width(id)),
                    (2, text_width(rule)),
                    (3, text_width(label)),
                    (6, money_width(&e.amount)),
                    (7, money_width(&e.amount_max)),
                ] {
                    self.schedule.measure(c, w);
                }
                if payable {
                    add(&mut self.by_year, (i, e.year), lo, hi);
                    if let Some(p) = e.payment_year {
                        add(&mut self.by_payment_year, (i, p), lo, hi);
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes the budget and errors sheets and the whole workbook to `out`;
    /// `header_line` is the sheet line of the input's header (1 for a CSV),
    /// from which the errors sheet numbers the lines of failed rows.
    pub fn finish<W: Write + Seek + Send>(
        mut self,
        out: W,
        header_line: u64,
    ) -> anyhow::Result<()> {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.line(&line)?;
        }
        // A workbook always has its results sheet, even for no rows.
        if self.results.sheets.is_empty() {
            let (ws, _) = self.results.next(&mut self.book, &self.f)?;
            let _ = ws;
            self.results.row = 1;
        }
        let budget = budget_sheet(
            &self.item_rules,
            &self.by_year,
            &self.by_payment_year,
            &self.f,
        )?;
        let errors = if self.errors.is_empty() {
            None
        } else {
            Some(errors_sheet(&self.errors, header_line, &self.f)?)
        };
        let sheets: Vec<Worksheet> = [
            self.results.finish(true)?,
            self.items.finish(true)?,
            self.schedule.finish(true)?,
        ]
        .into_iter()
        .flatten()
        .collect();
        for ws in sheets {
            self.book.push_worksheet(ws);
        }
        self.book.push_worksheet(budget);
        if let Some(ws) = errors {
            self.book.push_worksheet(ws);
        }
        self.book.save_to_writer(out)?;
        Ok(())
    }
}

impl Write for WorkbookSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (i, b) in buf.iter().enumerate() {
            if *b == b'\n' {
                let piece = buf.get(start..i).unwrap_or_default();
                let result = if self.pending.is_empty() {
                    self.line(piece)
                } else {
                    let mut line = std::mem::take(&mut self.pending);
                    line.extend_from_slice(piece);
                    self.line(&line)
                };
                result.map_err(io::Error::other)?;
                start = i + 1;
            }
        }
        self.pending
            .extend_from_slice(buf.get(start..).unwrap_or_default());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Printed on A4 landscape with the header row on every page and gridlines.
fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_gridlines(true);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A text cell; an empty text is no cell.
fn put(ws: &mut Worksheet, row: u32, c: u16, text: &str) -> Result<(), XlsxError> {
    if !text.is_empty() {
        ws.write_string(row, c, text)?;
    }
    Ok(())
}

fn add(sums: &mut Sums, key: (usize, i16), lo: Decimal, hi: Decimal) {
    let e = sums.entry(key).or_default();
    // Sums of at most a million amounts of at most 10^15 元 fit a Decimal.
    e.0 = e.0.saturating_add(lo);
    e.1 = e.1.saturating_add(hi);
}

/// A `money::fixed2` text as a Decimal (zero if it is not one, which the
/// batch never writes).
fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

/// Width of an amount shown with thousands separators.
fn money_width(s: &str) -> usize {
    let digits = s
        .split('.')
        .next()
        .map_or(0, |i| i.trim_start_matches('-').len());
    s.len() + digits.saturating_sub(1) / 3
}

/// A column width in Excel's units (characters) for `w` measured columns.
fn width_units(w: usize) -> u32 {
    u32::try_from(w.min(MAX_WIDTH) + 2).unwrap_or(u32::MAX)
}

fn digits(n: u64) -> usize {
    n.to_string().len()
}

/// The budget sheet: for each view (calendar year, then payment year when
/// known) the totals by year with a chart, then lower and upper bound by rule.
fn budget_sheet(
    item_rules: &[(String, String, Category)],
    by_year: &Sums,
    by_payment_year: &Sums,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(BUDGET)?;
    print_setup(&mut ws)?;
    ws.set_print_fit_to_pages(1, 0).set_print_gridlines(false);
    let mut row = 0u32;
    let mut views = vec![("按日历年度", "年度", by_year)];
    if !by_payment_year.is_empty() {
        views.push((
            "按支付年度 (评审后列入下一年度财政预算)",
            "支付年度",
            by_payment_year,
        ));
    }
    let mut widest_label = text_width("现金奖补合计");
    for (title, year_word, sums) in views {
        let years: BTreeSet<i16> = sums.keys().map(|(_, y)| *y).collect();
        let rules_in: BTreeSet<usize> = sums.keys().map(|(r, _)| *r).collect();
        ws.write_string_with_format(
            row,
            0,
            format!("现金奖补{title} (元; 只含适用项目)"),
            &f.title,
        )?;
        row += 1;
        let head = row;
        for (c, h) in [year_word, "下限", "上限"].iter().enumerate() {
            ws.write_string_with_format(row, col(c), *h, &f.header)?;
        }
        row += 1;
        let first = row;
        let (mut all_lo, mut all_hi) = (Decimal::ZERO, Decimal::ZERO);
        for y in &years {
            let (lo, hi) = sums
                .iter()
                .filter(|((_, yy), _)| yy == y)
                .fold((Decimal::ZERO, Decimal::ZERO), |(a, b), (_, (l, h))| {
                    (a.saturating_add(*l), b.saturating_add(*h))
                });
            all_lo = all_lo.saturating_add(lo);
            all_hi = all_hi.saturating_add(hi);
            ws.write_number_with_format(row, 0, *y, &f.int)?;
            ws.write_number_with_format(row, 1, cell_number(lo), &f.money)?;
            ws.write_number_with_format(row, 2, cell_number(hi), &f.money)?;
            row += 1;
        }
        let last = row.saturating_sub(1);
        ws.write_string_with_format(row, 0, "合计", &f.total)?;
        ws.write_number_with_format(row, 1, cell_number(all_lo), &f.total_money)?;
        ws.write_number_with_format(row, 2, cell_number(all_hi), &f.total_money)?;
        row += 1;
        if !years.is_empty() {
            let mut chart = Chart::new(ChartType::Column);
            for (c, name) in [(1u16, "下限"), (2, "上限")] {
                chart
                    .add_series()
                    .set_categories((BUDGET, first, 0, last, 0))
                    .set_values((BUDGET, first, c, last, c))
                    .set_name(name);
            }
            chart.title().set_name(&format!("现金奖补{title}"));
            chart.x_axis().set_name(year_word);
            chart.y_axis().set_name("元").set_num_format("#,##0");
            chart.set_width(640).set_height(320);
            ws.insert_chart(head, 4, &chart)?;
        }
        // Make room for the chart beside the totals (about 16 rows high).
        row = row.max(head + 17);
        for (bound, pick) in [("下限", 0usize), ("上限", 1)] {
            ws.write_string_with_format(row, 0, format!("分项目{title} ({bound}, 元)"), &f.title)?;
            row += 1;
            ws.write_string_with_format(row, 0, "项目", &f.header)?;
            for (j, y) in years.iter().enumerate() {
                ws.write_string_with_format(row, col(j + 1), format!("{y}年"), &f.header)?;
            }
            ws.write_string_with_format(row, col(years.len() + 1), "合计", &f.header)?;
            row += 1;
            let mut col_sums = vec![Decimal::ZERO; years.len() + 1];
            for r in &rules_in {
                let label = item_rules.get(*r).map_or("", |(_, l, _)| l.as_str());
                widest_label = widest_label.max(text_width(label));
                ws.write_string_with_format(row, 0, label, &f.text)?;
                let mut total = Decimal::ZERO;
                for (j, y) in years.iter().enumerate() {
                    let v = sums
                        .get(&(*r, *y))
                        .map_or(Decimal::ZERO, |s| if pick == 0 { s.0 } else { s.1 });
                    total = total.saturating_add(v);
                    col_sums[j] = col_sums[j].saturating_add(v);
                    ws.write_number_with_format(row, col(j + 1), cell_number(v), &f.money)?;
                }
                col_sums[years.len()] = col_sums[years.len()].saturating_add(total);
                ws.write_number_with_format(
                    row,
                    col(years.len() + 1),
                    cell_number(total),
                    &f.money,
                )?;
                row += 1;
            }
            ws.write_string_with_format(row, 0, "合计", &f.total)?;
            for (j, v) in col_sums.iter().enumerate() {
                ws.write_number_with_format(row, col(j + 1), cell_number(*v), &f.total_money)?;
            }
            row += 2;
        }
    }
    ws.set_column_width(0, width_units(widest_label))?;
    ws.set_column_range_width(1, 12, 18)?;
    Ok(ws)
}

/// The errors sheet: one line per mistake of a failed row.
fn errors_sheet(
    errors: &[(u64, u64, Vec<super::ErrorParts>)],
    header_line: u64,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(ERRORS)?;
    print_setup(&mut ws)?;
    let header = ["行号", "表格行", "字段", "填写值", "应为"];
    let mut widths: Vec<usize> = header.iter().map(|h| text_width(h)).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut y = 1u32;
    for (row, line, parts) in errors {
        // Rows written before lines were known count from the header's line.
        let line = if *line > 0 {
            *line
        } else {
            header_line.saturating_add(*row)
        };
        for p in parts {
            if y >= MAX_ROWS {
                break;
            }
            ws.write_number_with_format(y, 0, cell_int(*row), &f.int)?;
            ws.write_number_with_format(y, 1, cell_int(line), &f.int)?;
            ws.write_string_with_format(y, 2, &p.field, &f.text)?;
            ws.write_string_with_format(y, 3, &p.value, &f.text)?;
            ws.write_string_with_format(y, 4, &p.expected, &f.text)?;
            for (c, s) in [(2, &p.field), (3, &p.value), (4, &p.expected)] {
                widths[c] = widths[c].max(text_width(s));
            }
            y += 1;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), width_units(*w))?;
    }
    ws.autofilter(0, 0, y.saturating_sub(1), 4)?;
    Ok(ws)
}

/// A workbook compressed for speed: deflate level 1 writes a 100,000-row
/// batch several times faster than the default level 6, for a file about a
/// quarter larger.
fn fast_book() -> Workbook {
    let mut book = Workbook::new();
    book.set_zip_compression_level(1);
    book
}
