//! `fields`: every project-file field with its Chinese column header, type
//! and choices, for people filling in a sheet (table) and scripts (JSON).

use crate::project::schema::{FIELDS, FieldSpec, FieldType};
use crate::project::units;
use clap::ValueEnum;
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = match args.format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&json())?),
        Format::Table => table(),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The field list of CONTRACT.md ("Field list"), in template order; a list
/// field also names the header of one element per column
/// (`element_header_zh`, `{k}` its 1-based place).
pub fn json() -> Value {
    Value::Array(FIELDS.iter().map(field_json).collect())
}

fn field_json(s: &FieldSpec) -> Value {
    let choices: Vec<Value> =
        s.ty.choices()
            .iter()
            .map(|c| json!({"value": c.value, "label_zh": c.label_zh}))
            .collect();
    let mut v = json!({
        "path": s.path,
        "header_zh": s.header_zh,
        "type": s.ty.key(),
        "choices": choices,
        "precondition": s.precondition,
        "label_zh": s.label,
        // The units the field accepts, its base unit first ("" for a rate:
        // a bare fraction).
        "units": units::units(s).iter().map(|u| u.name).collect::<Vec<_>>(),
    });
    if s.ty == FieldType::MoneyList
        && let Some(map) = v.as_object_mut()
    {
        map.insert(
            "element_header_zh".into(),
            Value::String(format!("{}{{k}}", s.header_zh)),
        );
    }
    v
}

/// The type as officers read it.
fn type_zh(s: &FieldSpec) -> String {
    match s.ty {
        FieldType::Text => "文本".into(),
        FieldType::Bool => "是/否".into(),
        FieldType::Int => "整数".into(),
        FieldType::Money if s.unit_price => "单价(元)".into(),
        FieldType::Money => "金额(元)".into(),
        FieldType::Rate => "比率(%)".into(),
        FieldType::Date => "日期".into(),
        FieldType::MoneyList => "金额列表".into(),
        FieldType::Choice(_) => "选项".into(),
        FieldType::Quantity(units) => format!("数量({})", units.first().copied().unwrap_or("")),
    }
}

fn table() -> String {
    let mut t = crate::render::table::new_table([
        "中文列名",
        "字段路径",
        "类型",
        "取值",
        "前提条件",
        "说明",
    ]);
    for s in FIELDS.iter() {
        let choices: Vec<String> =
            s.ty.choices()
                .iter()
                .map(|c| c.label_zh.to_string())
                .collect();
        t.add_row(vec![
            s.header_zh.to_string(),
            s.path.to_string(),
            type_zh(s),
            choices.join(", "),
            if s.precondition { "是" } else { "" }.to_string(),
            s.label.to_string(),
        ]);
    }
    let para = crate::render::table::para;
    format!(
        "{}\n{}{}",
        crate::render::table::show(&t),
        para(
            "",
            "批量表格的列名可用中文列名 ({n} 换成从1开始的序号, 如 贷款1本金) 或字段路径 (如 loans[1].principal), 可混用;",
            0
        ),
        para(
            "",
            "列名后括号里的单位会被忽略 (如 用地面积(亩))。金额列表可在一格内以 ; 分隔, 或逐项分列 (贷款1余额1、贷款1余额2 …)。",
            0
        )
    )
}
