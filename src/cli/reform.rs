//! `calc P.toml --baseline-rules DIR`: one project under the rules before a
//! revision (DIR) and after it (`--rules`, or the shipped rules), shown as
//! `--compare` shows a scenario against its baseline (CONTRACT.md, "Policy
//! versions and reforms").

use super::calc::{Args, Format};
use super::negotiate::{load, options, pretty, strict_exit};
use crate::model::Override;
use crate::negotiate::report;
use crate::project::parse::apply_sets;
use crate::render::compare::{self, Column};
use crate::render::docx;
use crate::rules::RuleSet;
use anyhow::Context;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// The baseline column's title: the rules before the revision.
pub const BEFORE: &str = "调整前 (基准规则)";
/// The scenario column's title: the rules in force after it.
pub const AFTER: &str = "调整后";

pub fn run(args: &Args, rules: &RuleSet, baseline_dir: &Path) -> anyhow::Result<ExitCode> {
    let base_rules = super::load_rules(Some(baseline_dir))
        .with_context(|| format!("--baseline-rules {}: 基准规则有误", baseline_dir.display()))?;
    let shown = args.project.display().to_string();
    let mut project = load(&args.project)?;
    apply_sets(&mut project, &args.sets).context("--set 有误")?;
    let opts = options(args);
    let mut baseline = report(&base_rules, &project, opts, &format!("{shown} (基准规则)"))?;
    let mut scenario = report(rules, &project, opts, &shown)?;
    baseline.overrides = Override::from_sets(&args.sets);
    scenario.overrides = Override::from_sets(&args.sets);
    let out = match args.format() {
        Format::Json => pretty(&json!({
            "baseline": baseline,
            "scenario": scenario,
            "diff": compare::diff(&baseline, &scenario),
        })),
        Format::Table => {
            let cols = [
                Column {
                    title: BEFORE.into(),
                    report: &baseline,
                },
                Column {
                    title: AFTER.into(),
                    report: &scenario,
                },
            ];
            let after = match &args.rules.rules {
                Some(dir) => dir.display().to_string(),
                None => "内置规则".into(),
            };
            let head = format!(
                "政策调整影响 (差额 = 调整后 − 调整前)\n  调整前规则: {}\n  调整后规则: {after}",
                baseline_dir.display()
            );
            compare::render(&head, &cols, true)
        }
        Format::Docx => {
            let comparison = docx::Comparison {
                title: "政策调整影响".into(),
                base_name: BEFORE.into(),
                other_word: AFTER.into(),
                base: &baseline,
                // The report's facts name the rules after; this names those before.
                others: vec![docx::Compared {
                    name: format!("{BEFORE}的规则指纹: {}", base_rules.fingerprint),
                    sets: Vec::new(),
                    report: &scenario,
                }],
            };
            let section = docx::Section {
                report: &scenario,
                project: &project,
            };
            super::calc::write_docx(args, rules, &[section], Some(comparison))?;
            String::new()
        }
    };
    if args.format() != Format::Docx {
        super::calc::write_out(args, out.as_bytes())?;
    }
    Ok(strict_exit(args, &[&baseline, &scenario]))
}
