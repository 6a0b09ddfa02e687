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
    let t = crate::render::table::show_with_clauses(|clause| {
        let mut t =
            crate::render::table::new_table(["名称", "条款", "计算类型", "类别", "主要参数"]);
        for r in &set.rules {
            t.add_row(vec![
                r.label.clone(),
                clause(&set.article(r)),
                kind_words(r),
                r.category.label().to_string(),
                officer_words(set, &r.kind.summary()),
            ]);
        }
        t
    });
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
    let docs: String = docs
        .iter()
        .map(|d| crate::render::table::para("", d, 2))
        .collect();
    format!("{docs}{t}\n规则指纹 {}\n", set.fingerprint)
}

/// The kind of calculation in Chinese: `按面积补贴`, without the rules
/// file's key in brackets.
fn kind_words(r: &crate::rules::Rule) -> String {
    let d = r.kind.display();
    match d.split_once(" (") {
        Some((zh, _)) => zh.to_string(),
        None => d,
    }
}

/// A rules text for officers: field paths (`land.use`) by their Chinese
/// labels, rule ids by the rules' names and choice keys (`light_steel`) by
/// theirs.
fn officer_words(set: &RuleSet, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let w = word.trim_end_matches('.');
        let label = if w.contains('.') {
            crate::project::schema::field_label(w)
        } else {
            w.to_string()
        };
        if let Some(r) = set.get(w) {
            out.push_str(&r.label);
        } else if w == "true" || w == "false" {
            out.push_str(if w == "true" { "是" } else { "否" });
        } else if label != w && !label.is_ascii() {
            out.push_str(&label);
        } else {
            out.push_str(&crate::project::schema::choice_words(w));
        }
        out.push_str(&word[w.len()..]);
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']') {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
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
    let fields = |fs: &[crate::rules::FieldRef]| {
        fs.iter()
            .map(|f| officer_words(set, f.path()))
            .collect::<Vec<_>>()
            .join("、")
    };
    let line = |k: &str, v: &str| crate::render::table::para(&format!("{k}: "), v, 0);
    let mut out = format!("{}\n", r.label);
    out.push_str(&line(
        "条款",
        &format!("{} ({})", set.article(r), doc.title),
    ));
    // The file and line are where the officer edits the rule (TOML).
    out.push_str(&line("文件", &format!("{} 第{}行", doc.file, r.line)));
    out.push_str(&line("计算类型", &kind_words(r)));
    out.push_str(&line("类别", r.category.label()));
    out.push_str(&line("原文", &r.text));
    if !r.reading.is_empty() {
        out.push_str(&line("解读", &officer_words(set, &r.reading)));
    }
    out.push_str(&line("参数", &officer_words(set, &r.kind.summary())));
    // Dated values: each later version with what it changes and its clause.
    for v in r.versions.iter().skip(1) {
        let when = format!("自 {} 起参数", v.from);
        out.push_str(&line(&when, &officer_words(set, &v.rule.kind.summary())));
        for c in &v.changes {
            out.push_str(&line(
                "  依据",
                &format!("{} ({}) 原文: {}", c.source, c.param, c.text),
            ));
        }
    }
    if !r.inputs.is_empty() {
        out.push_str(&line("适用于填写了", &fields(&r.inputs)));
    }
    if !r.requires.is_empty() {
        out.push_str(&line("需要", &fields(&r.requires)));
    }
    if !r.preconditions.is_empty() {
        out.push_str(&line(
            "前提条件 (未填写视为满足)",
            &fields(&r.preconditions),
        ));
    }
    for c in &r.when {
        out.push_str(&line("条件", &officer_words(set, &c.describe())));
    }
    Ok(out)
}
