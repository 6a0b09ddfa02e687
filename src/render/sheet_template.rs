//! `template --xlsx`: an empty input workbook for the office to fill in, and
//! `template --csv`: its header line. Generated from the field schema, so it
//! covers every field, and read back by `batch` as it is.
//!
//! Sheet 项目清单: one column per field under its Chinese header (arrays
//! with a fixed number of entries: [`ENTRIES`]), the header's note giving
//! the field's path and what it takes, drop-down lists of the Chinese
//! labels on choice columns and 是/否 on yes/no columns, date and money
//! formats on their columns, and no data rows (an untouched template is no
//! project). Sheet 说明: how to fill it in, and every field with its type.
//! Sheet 示例: the same header with two example rows, on a sheet of its own
//! so that `batch` (which reads the first sheet) never counts them.

use super::workbook::{FONT, Formats, text_width};
use crate::excel_float::cell_number;
use crate::project::schema::{FIELDS, FieldSpec, FieldType, Group};
use crate::project::value::{Value, choice_text, parse_text};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Note, Workbook, XlsxError};

/// How many entries of each array the template has columns for (more can
/// be added by the same pattern: `贷款3本金`, `loans[3].principal`).
pub const ENTRIES: [(Group, usize); 3] = [
    (Group::Buildings, 2),
    (Group::Loans, 2),
    (Group::TaxYears, 3),
];

/// Rows below the header that carry the drop-downs.
const ROWS: u32 = 1000;

pub const SHEET: &str = "项目清单";
pub const HELP: &str = "说明";

/// One column of the template: the field and its 0-based array index.
pub struct Column {
    pub spec: &'static FieldSpec,
    pub index: Option<usize>,
}

impl Column {
    /// The header the column is written with: the field's Chinese header.
    pub fn header(&self) -> String {
        self.spec.header(self.index)
    }

    /// The note of the header cell: the field's description and path.
    fn note(&self) -> String {
        let pre = if self.spec.precondition {
            "\n前提条件: 不填视为满足 (列为假设)"
        } else {
            ""
        };
        format!(
            "{}\n字段: {}\n{}{pre}",
            self.spec.label,
            self.spec.display_path(self.index),
            type_text(self.spec)
        )
    }
}

/// Every column, in schema order.
pub fn columns() -> Vec<Column> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(spec) = FIELDS.get(i) {
        match spec.group() {
            None => {
                out.push(Column { spec, index: None });
                i += 1;
            }
            Some(g) => {
                // The group's fields are contiguous: repeat them per entry.
                let fields: Vec<&FieldSpec> = FIELDS[i..]
                    .iter()
                    .take_while(|s| s.group() == Some(g))
                    .collect();
                let n = ENTRIES.iter().find(|(e, _)| *e == g).map_or(1, |(_, n)| *n);
                for k in 0..n {
                    for spec in &fields {
                        out.push(Column {
                            spec,
                            index: Some(k),
                        });
                    }
                }
                i += fields.len();
            }
        }
    }
    out
}

/// The header line of `template --csv`, with a UTF-8 byte-order mark.
pub fn csv_header() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let headers: Vec<String> = columns().iter().map(Column::header).collect();
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    super::items::line(&mut out, &refs);
    out
}

fn type_text(spec: &FieldSpec) -> String {
    match spec.ty {
        FieldType::Money => "金额(元): 数字, 或带单位如 3000万、1.2亿".into(),
        FieldType::Rate => "比率: 如 3.85%".into(),
        FieldType::Date => "日期: 如 2023-05-01 或 2023/5/1".into(),
        FieldType::Bool => "是 / 否".into(),
        FieldType::Int => "整数".into(),
        FieldType::Quantity(units) => format!("数量({})", units.first().copied().unwrap_or("")),
        FieldType::MoneyList => "金额列表: 用 ; 分隔, 如 1亿;8000万".into(),
        FieldType::Text => "文本".into(),
        FieldType::Choice(choices) => {
            let words: Vec<String> = choices.iter().map(choice_text).collect();
            format!("取值: {}", words.join(" / "))
        }
    }
}

/// The drop-down choices of a column, if it has any.
fn choices(spec: &FieldSpec) -> Option<Vec<String>> {
    match spec.ty {
        FieldType::Bool => Some(vec!["是".into(), "否".into()]),
        FieldType::Choice(choices) => {
            Some(choices.iter().map(|c| c.label_zh.to_string()).collect())
        }
        _ => None,
    }
}

/// The example value of a field, as its TOML text without quotes.
fn example_text(spec: &FieldSpec) -> &str {
    spec.example.trim().trim_matches('"')
}

/// The sections of the second, smaller example row.
const SMALL_EXAMPLE: [&str; 2] = ["project", "investment"];

/// The template workbook.
pub fn workbook() -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let date = Format::new()
        .set_font_name(FONT)
        .set_num_format("yyyy-mm-dd");
    let cols = columns();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SHEET)?;
    header_row(ws, &cols, &f, &date, true)?;
    help_sheet(&mut book, &cols, &f)?;
    let ws = book.add_worksheet();
    ws.set_name(crate::input::workbook::EXAMPLES_SHEET)?;
    header_row(ws, &cols, &f, &date, false)?;
    // The full example, then a small project.
    for (c, column) in cols.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        let section = column.spec.section();
        let rows: [(u32, bool); 2] = [(1, true), (2, SMALL_EXAMPLE.contains(&section))];
        for (row, wanted) in rows {
            if !wanted || (column.index.unwrap_or(0) > 0) {
                continue;
            }
            let mut text = example_text(column.spec).to_string();
            if column.spec.field == crate::project::Field::ProjectId {
                text = format!("示例-{row}");
            }
            write_example(ws, row, c, column.spec, &text, &f, &date)?;
        }
    }
    Ok(book)
}

/// The header row with its notes, widths and column formats; on the data
/// sheet also the drop-down lists under it.
fn header_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    cols: &[Column],
    f: &Formats,
    date: &Format,
    drop_downs: bool,
) -> Result<(), XlsxError> {
    ws.set_freeze_panes(1, 2)?;
    for (c, column) in cols.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        let header = column.header();
        ws.write_string_with_format(0, c, &header, &f.header)?;
        ws.insert_note(
            0,
            c,
            &Note::new(column.note()).set_width(260).set_height(110),
        )?;
        let width = text_width(&header)
            .max(text_width(column.spec.label))
            .clamp(10, 40);
        ws.set_column_width(c, u32::try_from(width + 2).unwrap_or(42))?;
        match column.spec.ty {
            FieldType::Date => {
                ws.set_column_format(c, date)?;
            }
            FieldType::Money => {
                ws.set_column_format(c, &f.money)?;
            }
            _ => {
                ws.set_column_format(c, &f.text)?;
            }
        }
        if let Some(list) = choices(column.spec).filter(|_| drop_downs) {
            let v = DataValidation::new()
                .allow_list_strings(&list)?
                .set_input_title(column.spec.label.chars().take(32).collect::<String>())?
                .set_input_message(type_text(column.spec))?;
            ws.add_data_validation(1, c, ROWS, c, &v)?;
        }
    }
    Ok(())
}

/// One example cell, typed as the office would type it.
fn write_example(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    c: u16,
    spec: &FieldSpec,
    text: &str,
    f: &Formats,
    date: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    match (spec.ty, parse_text(spec, text)) {
        (FieldType::Bool, Ok(Value::Bool(b))) => {
            ws.write_string_with_format(row, c, if b { "是" } else { "否" }, &f.text)?;
        }
        (FieldType::Date, Ok(Value::Date(d))) => {
            let (y, m, day) = (d.year(), d.month(), d.day());
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(y).unwrap_or(2000),
                u8::try_from(m).unwrap_or(1),
                u8::try_from(day).unwrap_or(1),
            )?;
            ws.write_date_with_format(row, c, &dt, date)?;
        }
        (FieldType::Money, Ok(Value::Num(n))) => {
            ws.write_number_with_format(row, c, cell_number(n), &f.money)?;
        }
        (FieldType::Choice(choices), Ok(Value::Text(v))) => {
            let label = choices
                .iter()
                .find(|ch| ch.value == v)
                .map_or(text, |ch| ch.label_zh);
            ws.write_string_with_format(row, c, label, &f.text)?;
        }
        _ => {
            ws.write_string_with_format(row, c, text, &f.text)?;
        }
    }
    Ok(())
}

fn help_sheet(book: &mut Workbook, cols: &[Column], f: &Formats) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(HELP)?;
    let lines = [
        "晋城市招商引资优惠政策测算 — 项目清单模板",
        "1. 在“项目清单”表中每行填写一个项目; 第一行是表头, 请勿修改。填写示范见“示例”表 (batch 不读取该表)。",
        "2. 不适用的项目留空即可: 空单元格表示未填写, 该部分政策不测算。",
        "3. 金额以元为单位, 可填数字, 也可写 3000万、1.2亿; 日期可写 2023-05-01、2023/5/1 或日期单元格。",
        "4. 是/否 和取值列有下拉列表; 标“前提条件”的是/否字段不填视为满足, 并在结果中列为假设。",
        "5. 贷款、纳税年度、厂房各有若干组列 (如 贷款1本金、贷款2本金); 需要更多时照样增加列, 序号递增。",
        "   表头也可以写字段路径 (如 loans[1].principal), 两种可以混用; 表头后可带单位, 如 用地面积(亩)。",
        "6. 保存后运行: jincheng-incentives batch 项目清单.xlsx -o 测算结果.xlsx",
        "7. 项目编号以“示例”或“例:”开头的行视为示例, 不测算、不计入预算。",
    ];
    for (i, line) in lines.iter().enumerate() {
        let fmt = if i == 0 { &f.title } else { &f.text };
        ws.write_string_with_format(u32::try_from(i).unwrap_or(0), 0, *line, fmt)?;
    }
    let top = u32::try_from(lines.len() + 1).unwrap_or(9);
    for (c, h) in ["表头", "字段路径", "说明", "填写方式", "前提条件"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(top, u16::try_from(c).unwrap_or(0), *h, &f.header)?;
    }
    let mut widths = [10usize, 10, 10, 10, 8];
    for (i, column) in cols.iter().enumerate() {
        let row = top + 1 + u32::try_from(i).unwrap_or(0);
        let cells = [
            column.header(),
            column.spec.display_path(column.index),
            column.spec.label.to_string(),
            type_text(column.spec),
            if column.spec.precondition { "是" } else { "" }.to_string(),
        ];
        for (c, text) in cells.iter().enumerate() {
            ws.write_string_with_format(row, u16::try_from(c).unwrap_or(0), text, &f.text)?;
            widths[c] = widths[c].max(text_width(text));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(
            u16::try_from(c).unwrap_or(0),
            u32::try_from((*w).min(60) + 2).unwrap_or(62),
        )?;
    }
    Ok(())
}
