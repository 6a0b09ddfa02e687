//! `rules list | show ID | check`: what the calculator knows, and whether a
//! rules folder is sound.

use super::{RulesOpt, load_rules};
use crate::rules::{self, RuleSet};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// 列出全部规则 (list every rule)
    List(RulesOpt),
    /// 显示一条规则及其原文 (show one rule with its clause)
    Show {
        /// 规则编号或名称, 如 loan_interest 或 贷款贴息奖励 (rule id or Chinese label)
        id: String,
        #[command(flatten)]
        rules: RulesOpt,
    },
    /// 校验规则文件, 出错时退出码为1并列出全部问题 (check the rules files; exit 1 listing every mistake)
    Check(RulesOpt),
    /// 比较两套规则: 新增、删除、修改的文件、规则和参数 (what changes from OLD_DIR to NEW_DIR)
    Diff {
        /// 原规则目录, 如 rules/ (the old rules folder)
        old: PathBuf,
        /// 新规则目录, 如 examples/reform/ (the new rules folder)
        new: PathBuf,
        /// 输出格式 (output format)
        #[arg(long, value_enum, default_value = "table")]
        format: DiffFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// 表格, 给人看 (for people)
    Table,
    /// JSON, 给脚本用 (for scripts)
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.action {
        Action::List(opt) => {
            let set = load_rules(opt.rules.as_deref())?;
            print!("{}", list(&set));
        }
        Action::Show { id, rules } => {
            let set = load_rules(rules.rules.as_deref())?;
            print!("{}", show(&set, &id)?);
        }
        Action::Diff { old, new, format } => {
            // Both sets must load (and so be checked) before they are compared.
            let (a, b) = (rules::read_dir(&old)?, rules::read_dir(&new)?);
            rules::load_sources(&a)?;
            rules::load_sources(&b)?;
            let changes = rules::diff::diff(&a, &b);
            print!(
                "{}",
                match format {
                    DiffFormat::Table => super::rules_diff::table(&old, &new, &changes),
                    DiffFormat::Json => super::rules_diff::json(&old, &new, &changes),
                }
            );
        }
        Action::Check(opt) => {
            let set = load_rules(opt.rules.as_deref())?;
            println!(
                "规则校验通过: {}份文件, {}条规则, 指纹 {}",
                set.documents.len(),
                set.rules.len(),
                set.fingerprint
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(set: &RuleSet) -> String {
    let mut t = crate::report::table::new_table([
        "编号 (id)",
        "名称",
        "条款",
        "计算类型 (kind)",
        "类别",
        "主要参数",
    ]);
    for r in &set.rules {
        t.add_row(vec![
            r.id.clone(),
            r.label.clone(),
            set.article(r),
            r.kind.display(),
            r.category.label().to_string(),
            r.kind.summary(),
        ]);
    }
    let docs: Vec<String> = set
        .documents
        .iter()
        .map(|d| {
            let until = d
                .valid_until
                .map_or("无截止".to_string(), |u| u.to_string());
            format!(
                "{} {} (有效期 {} 至 {until}; 核对于 {})",
                d.number, d.title, d.valid_from, d.checked
            )
        })
        .collect();
    format!("{}\n{t}\n规则指纹 {}\n", docs.join("\n"), set.fingerprint)
}

/// A rule by its id or its Chinese label (`loan_interest` or `贷款贴息奖励`).
fn find<'a>(set: &'a RuleSet, name: &str) -> Option<&'a crate::rules::Rule> {
    let name = name.trim();
    set.get(name)
        .or_else(|| set.rules.iter().find(|r| r.label == name))
}

fn show(set: &RuleSet, id: &str) -> anyhow::Result<String> {
    let Some(r) = find(set, id) else {
        let names: Vec<&str> = if id.is_ascii() {
            set.rules.iter().map(|r| r.id.as_str()).collect()
        } else {
            set.rules.iter().map(|r| r.label.as_str()).collect()
        };
        let hint = crate::project::schema::nearest(id, &names)
            .or_else(|| {
                // A Chinese name the label contains (`贷款贴息` for 贷款贴息奖励).
                names
                    .iter()
                    .copied()
                    .find(|n| !id.is_empty() && !id.is_ascii() && n.contains(id))
            })
            .map(|n| format!("; 是否应为 {n}?"))
            .unwrap_or_default();
        anyhow::bail!("没有规则 {id:?}{hint} (rules list 列出全部编号和名称)");
    };
    let doc = &set.documents[r.document];
    let fields =
        |fs: &[crate::rules::FieldRef]| fs.iter().map(|f| f.path()).collect::<Vec<_>>().join(", ");
    let mut out = format!(
        "{} {}\n条款: {} ({})\n文件: {} 第{}行\n计算类型: {}\n类别: {}\n原文: {}\n",
        r.id,
        r.label,
        set.article(r),
        doc.title,
        doc.file,
        r.line,
        r.kind.display(),
        r.category.label(),
        r.text
    );
    if !r.reading.is_empty() {
        out.push_str(&format!("解读: {}\n", r.reading));
    }
    out.push_str(&format!("参数: {}\n", r.kind.summary()));
    // Dated values: each later version with what it changes and its clause.
    for v in r.versions.iter().skip(1) {
        out.push_str(&format!(
            "自 {} 起参数: {}\n",
            v.from,
            v.rule.kind.summary()
        ));
        for c in &v.changes {
            out.push_str(&format!(
                "  {} 依据: {} 原文: {}\n",
                c.param, c.source, c.text
            ));
        }
    }
    if !r.inputs.is_empty() {
        out.push_str(&format!("适用于填写了: {}\n", fields(&r.inputs)));
    }
    if !r.requires.is_empty() {
        out.push_str(&format!("需要: {}\n", fields(&r.requires)));
    }
    if !r.preconditions.is_empty() {
        out.push_str(&format!(
            "前提条件 (未填写视为满足): {}\n",
            fields(&r.preconditions)
        ));
    }
    for c in &r.when {
        out.push_str(&format!("条件: {}\n", c.describe()));
    }
    Ok(out)
}
