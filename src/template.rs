//! The commented project file printed by `template`, generated from the field
//! schema so it always covers every field and always parses.

use crate::project::schema::{FIELDS, FieldSpec, SECTIONS, Ty};
use std::fmt::Write;

/// The table a field sits in: `land`, `factory.buildings[]`.
fn table_of(spec: &FieldSpec) -> &'static str {
    spec.path.rsplit_once('.').map_or("", |(t, _)| t)
}

fn section_label(table: &str) -> &'static str {
    let key = table.trim_end_matches("[]");
    SECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, label)| label)
}

fn type_note(spec: &FieldSpec) -> String {
    match spec.ty {
        Ty::Money => "金额, 如 \"3000万\"、\"1.2亿\" 或元为单位的数字".into(),
        Ty::Rate => "比率, 如 \"3.5%\"".into(),
        Ty::Date => "日期".into(),
        Ty::Bool => "true / false".into(),
        Ty::Int => "整数".into(),
        Ty::Quantity(units) => format!("数量 ({})", units.first().copied().unwrap_or("")),
        Ty::MoneyList => "金额列表".into(),
        Ty::Text => "文本".into(),
        Ty::Choice(choices) => format!(
            "取值: {}",
            choices
                .iter()
                .map(|c| format!("\"{}\" ({})", c.value, c.label_zh))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
    }
}

pub fn render() -> String {
    let mut out = String::from(
        "# 晋城市招商引资优惠政策测算 — 项目文件模板\n\
         # 每一节都可以省略: 省略的节表示该部分政策不适用。\n\
         # 标“前提条件”的是/否字段未填写时视为满足, 并在报告中列为假设。\n\
         # 用法: jincheng-incentives calc 本文件.toml\n",
    );
    let mut current = "";
    for spec in FIELDS.iter() {
        let table = table_of(spec);
        if table != current {
            current = table;
            let header = match table.strip_suffix("[]") {
                Some(array) => format!("[[{array}]]"),
                None => format!("[{table}]"),
            };
            let _ = write!(out, "\n# {}\n{header}\n", section_label(table));
        }
        let key = spec.path.rsplit('.').next().unwrap_or(spec.path);
        let pre = if spec.precondition {
            "; 前提条件"
        } else {
            ""
        };
        let _ = writeln!(out, "# {} ({}{pre})", spec.label, type_note(spec));
        let _ = writeln!(out, "{key} = {}", spec.example);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn template_parses_and_covers_every_field() {
        let text = super::render();
        let project = crate::project::parse::from_toml(&text, &[]).expect("template parses");
        assert_eq!(
            project.entries().len(),
            crate::project::schema::FIELDS.len()
        );
    }
}
