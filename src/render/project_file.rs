//! The commented project file printed by `template`, generated from the field
//! schema so it always covers every field and always parses. Its values are
//! commented out, so an untouched copy computes nothing (no fictional
//! project's awards); `template --example` prints them filled in.

use crate::project::schema::{FIELDS, Field, FieldSpec, FieldType, SECTIONS};
use std::fmt::Write;

/// The table a field sits in: `land`, `factory.buildings[]`.
fn table_of(spec: &FieldSpec) -> &'static str {
    spec.path.rsplit_once('.').map_or("", |(t, _)| t)
}

/// The Chinese name of a table; the path itself when none is known, so a
/// heading is never empty.
fn section_label(table: &str) -> &str {
    let key = table.trim_end_matches("[]");
    SECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}

fn type_note(spec: &FieldSpec) -> String {
    match spec.ty {
        FieldType::Money if spec.unit_price => "单价, 元为单位的数字, 最多4位小数".into(),
        FieldType::Money => "金额, 如 \"3000万\"、\"1.2亿\" 或元为单位的数字".into(),
        FieldType::Rate => "比率, 如 \"3.85%\"".into(),
        FieldType::Date => "日期, 如 2023-05-01 或 \"2023年5月1日\"".into(),
        FieldType::Bool => "true / false, 或 \"是\" / \"否\"".into(),
        FieldType::Int => "整数".into(),
        FieldType::Quantity(units) => format!("数量 ({})", units.first().copied().unwrap_or("")),
        FieldType::MoneyList => "金额列表".into(),
        FieldType::Text => "文本".into(),
        FieldType::Choice(choices) => format!(
            "可填: {}",
            choices
                .iter()
                .map(|c| format!("\"{}\"", c.label_zh))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
    }
}

/// Lines of explanation for fields that are easy to fill in wrongly.
fn notes(spec: &FieldSpec) -> &'static [&'static str] {
    match spec.field {
        Field::TermYears => &[
            "弹性出让填出让年限, 长期租赁填租赁年限;",
            "先租后让只填出让部分的年限, 租赁部分填在下面的 lease_years,",
            "二者之和才是总年限 (如先租3年再出让17年: lease_years = 3, term_years = 17;",
            "不要把总年限填在这里再另加租赁年限)。期限上限见 rules show flexible_land_supply。",
        ],
        Field::LeaseYears => &["仅用于先租后让: 先租赁的年数, 不含出让部分 (见上)。"],
        Field::Balances => &[
            "第1、2、3个贷款年度的余额, 依次填写; 不填则按本金计。",
            "批量表格中可一格填写 (以 ; 分隔, 如 1亿;8000万), 或逐项分列 (贷款1余额1、贷款1余额2 …)。",
        ],
        Field::ReductionRate => &["已由主管部门确定时填写; 不填则按比例范围给出下限和上限。"],
        _ => &[],
    }
}

/// The example as written in the file: a choice by its Chinese label.
fn example(spec: &FieldSpec) -> String {
    let bare = spec.example.trim_matches('"');
    match spec.ty.choices().iter().find(|c| c.value == bare) {
        Some(c) => format!("\"{}\"", c.label_zh),
        None => spec.example.to_string(),
    }
}

/// The template; with `filled`, the example project (every value set), else
/// every value commented out under its section.
pub fn render(filled: bool) -> String {
    let mut out = String::from(
        "# 晋城市招商引资优惠政策测算 — 项目文件模板\n\
         # 每一节都可以省略: 省略的节表示该部分政策不适用。\n\
         # 标“前提条件”的是/否字段未填写时视为满足, 并在报告中列为假设。\n\
         # 选项字段填中文 (如 \"出让\") 或英文取值 (如 \"transfer\") 均可; 日期可写 2023-05-01、\n\
         # \"2023/5/1\" 或 \"2023年5月1日\"; 金额可写 \"1,200,000.00\"、\"¥1200万\"、\"1.2亿元\"。\n\
         # 批量表格 (batch) 的中文列名见 jincheng-incentives fields。\n\
         # 用法: jincheng-incentives calc 本文件.toml\n",
    );
    if filled {
        out.push_str("# 这是一个虚构的示例项目, 所填数值均为示例。\n");
    } else {
        out.push_str(
            "# 各值均已注释 (行首 #): 填写时删去 \"# \" 并改为本项目的数值;\n\
             # 未填写的字段不测算 (完整示例见 jincheng-incentives template --example)。\n",
        );
    }
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
        for line in notes(spec) {
            let _ = writeln!(out, "#   {line}");
        }
        let comment = if filled { "" } else { "# " };
        let _ = writeln!(out, "{comment}{key} = {}", example(spec));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::project::schema::FIELDS;

    #[test]
    fn template_parses_and_covers_every_field() {
        let text = super::render(true);
        let project = crate::project::parse::from_toml(&text, &[]).expect("template parses");
        assert_eq!(project.entries().len(), FIELDS.len());
        let blank = super::render(false);
        let project = crate::project::parse::from_toml(&blank, &[]).expect("blank parses");
        assert!(project.is_empty());
    }

    #[test]
    fn no_empty_heading_and_every_choice_label_listed() {
        let text = super::render(false);
        for line in text.lines().filter(|l| l.starts_with('#')) {
            assert!(
                line.trim_start_matches('#').trim() != "",
                "empty heading {line:?}"
            );
        }
        for s in FIELDS.iter() {
            for c in s.ty.choices() {
                assert!(
                    text.contains(&format!("\"{}\"", c.label_zh)),
                    "{}",
                    c.label_zh
                );
            }
        }
        assert!(text.contains("先租后让只填出让部分"));
    }
}
