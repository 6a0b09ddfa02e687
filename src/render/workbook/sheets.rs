//! The budget sheet, written whole at the end (with its chart and the rows
//! it leaves out); and the formats and page set-up every sheet shares.

use super::{BUDGET, Coverage, FONT, RESULTS, Sums, col, text_width};
use crate::excel_float::{cell_int, cell_number};
use crate::rules::Category;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, Worksheet, XlsxError};
use std::collections::BTreeSet;

/// The widest a measured column gets (long reasons wrap in the cell view).
const MAX_WIDTH: usize = 60;
/// The widest a wrapped column gets.
const MAX_WRAP_WIDTH: usize = 40;

/// The formats every sheet uses.
pub struct Formats {
    pub header: Format,
    pub text: Format,
    pub money: Format,
    pub int: Format,
    pub wrap: Format,
    pub title: Format,
    pub total: Format,
    pub total_money: Format,
}

impl Formats {
    pub fn new() -> Self {
        // Top-aligned: in a row made tall by a wrapped reason, the figures
        // stand level with its first line.
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_align(FormatAlign::Top);
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: base.clone(),
            money: base.clone().set_num_format("#,##0.00"),
            int: base.clone().set_num_format("0"),
            wrap: base.clone().set_text_wrap(),
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

/// Printed on A4 landscape, one page wide, with the header row on every
/// page and gridlines.
pub fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_gridlines(true);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A column width in Excel's units (characters) for `w` measured columns.
pub fn width_units(w: usize) -> u32 {
    u32::try_from(w.min(MAX_WIDTH) + 2).unwrap_or(u32::MAX)
}

/// The lines a text of display width `w` takes in a wrapped column.
pub fn wrapped_lines(w: usize) -> usize {
    if w <= MAX_WRAP_WIDTH {
        1
    } else {
        w.div_ceil(MAX_WRAP_WIDTH)
    }
}

/// A row's height in points for `lines` lines of text (Excel's limit 409).
pub fn row_height(lines: usize) -> usize {
    (15 * lines).min(409)
}

/// The width of a wrapped column: narrower, as its text wraps in the cell.
pub fn wrap_width_units(w: usize) -> u32 {
    u32::try_from(w.min(MAX_WRAP_WIDTH) + 2).unwrap_or(u32::MAX)
}

/// The budget sheet: which rows it includes and those it leaves out; then
/// for each view (calendar year, then payment year when known) the totals
/// by year with a chart, then lower and upper bound by rule.
pub fn budget_sheet(
    item_rules: &[(String, String, Category)],
    (by_year, by_payment_year): (&Sums, &Sums),
    coverage: &Coverage,
    header_line: u64,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(BUDGET)?;
    print_setup(&mut ws)?;
    ws.set_print_fit_to_pages(1, 0).set_print_gridlines(false);
    let mut row = coverage_rows(&mut ws, coverage, header_line, f)?;
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
        ws.write_string_with_format(row, 0, format!("现金奖补{title} (只含适用项目)"), &f.title)?;
        row += 1;
        let head = row;
        let heads = [
            year_word,
            "下限(元)",
            "上限(元)",
            "下限(万元)",
            "上限(万元)",
        ];
        for (c, h) in heads.iter().enumerate() {
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
            ws.write_number_with_format(row, 3, cell_number(wan(lo)), &f.money)?;
            ws.write_number_with_format(row, 4, cell_number(wan(hi)), &f.money)?;
            row += 1;
        }
        let last = row.saturating_sub(1);
        ws.write_string_with_format(row, 0, "合计", &f.total)?;
        ws.write_number_with_format(row, 1, cell_number(all_lo), &f.total_money)?;
        ws.write_number_with_format(row, 2, cell_number(all_hi), &f.total_money)?;
        ws.write_number_with_format(row, 3, cell_number(wan(all_lo)), &f.total_money)?;
        ws.write_number_with_format(row, 4, cell_number(wan(all_hi)), &f.total_money)?;
        row += 1;
        if !years.is_empty() {
            let mut chart = Chart::new(ChartType::Column);
            // The chart shows 万元: 45,000,000 元 reads as 4,500.
            for (c, name) in [(3u16, "下限"), (4, "上限")] {
                chart
                    .add_series()
                    .set_categories((BUDGET, first, 0, last, 0))
                    .set_values((BUDGET, first, c, last, c))
                    .set_name(name);
            }
            chart.title().set_name(&format!("现金奖补{title}"));
            chart.x_axis().set_name(year_word);
            chart.y_axis().set_name("万元").set_num_format("#,##0");
            chart.set_width(640).set_height(320);
            ws.insert_chart(head, 6, &chart)?;
        }
        // Make room for the chart beside the totals (about 16 rows high).
        row = row.max(head + 17);
        for (bound, pick) in [("下限", 0usize), ("上限", 1)] {
            ws.write_string_with_format(
                row,
                0,
                format!("分奖补项目{title} ({bound}, 元)"),
                &f.title,
            )?;
            row += 1;
            ws.write_string_with_format(row, 0, "奖补项目", &f.header)?;
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

/// An amount in 元 as 万元, exactly (a scale of at most 2 + 4 digits).
fn wan(yuan: Decimal) -> Decimal {
    yuan.checked_div(Decimal::from(10_000)).unwrap_or_default()
}

/// The rows the budget includes, and a table of those it leaves out, from
/// the sheet's top; returns the next free row.
fn coverage_rows(
    ws: &mut Worksheet,
    c: &Coverage,
    header_line: u64,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let mut line = format!("本表计入 {} 个项目 (测算成功的行)", c.included);
    if c.left_out() > 0 {
        line.push_str(&format!(
            "; 未计入 {} 行: 失败 {}、示例 {}、不在政策范围 {} (列于下表)",
            c.left_out(),
            c.failed,
            c.examples,
            c.out_of_scope
        ));
    }
    if c.empty > 0 {
        line.push_str(&format!("; 空行 {} 不是项目", c.empty));
    }
    ws.write_string_with_format(0, 0, line, &f.title)?;
    let mut row = 2u32;
    if c.left_out() == 0 {
        return Ok(row);
    }
    ws.write_string_with_format(1, 0, "未计入预算的行", &f.total)?;
    for (k, h) in ["行号", "表格行", "项目编号", "项目名称", "原因"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, col(k), *h, &f.header)?;
    }
    row += 1;
    for r in &c.listed {
        // Rows written before lines were known count from the header's line.
        let sheet_line = if r.line > 0 {
            r.line
        } else {
            header_line.saturating_add(r.row)
        };
        ws.write_number_with_format(row, 0, cell_int(r.row), &f.int)?;
        ws.write_number_with_format(row, 1, cell_int(sheet_line), &f.int)?;
        ws.write_string_with_format(row, 2, &r.id, &f.text)?;
        ws.write_string_with_format(row, 3, &r.name, &f.text)?;
        ws.write_string_with_format(row, 4, &r.why, &f.text)?;
        row += 1;
    }
    let unlisted = c.left_out().saturating_sub(c.listed.len() as u64);
    if unlisted > 0 {
        let note = format!("另有 {unlisted} 行未列出, 见“{RESULTS}”表的状态列");
        ws.write_string_with_format(row, 0, note, &f.text)?;
        row += 1;
    }
    Ok(row + 1)
}
