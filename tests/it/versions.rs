//! Policy versions (issue 21): dated values in rules files, the project's
//! agreement date (reading 13) and `rules diff`. Expected figures are those
//! of the hand-worked cases in `tests/cases_versions/`.

use crate::rules::{FAGUI, line_of, mutated, refused_at};
use crate::util::{bin, calc_stdin, example, root};
use predicates::prelude::*;

/// The hand-worked cases, each folder with its rules (its README).
#[test]
fn hand_worked_version_cases_pass() {
    for (dir, rules) in [
        ("tests/cases_versions/reform", Some("examples/reform")),
        ("tests/cases_versions/shipped", None),
    ] {
        let mut cmd = bin();
        cmd.args(["test", dir]);
        if let Some(r) = rules {
            cmd.args(["--rules", r]);
        }
        let out = cmd.output().expect("run test");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{dir}:\n{stdout}");
        assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    }
}

const CAP: &str = "cap_per_year = \"100万\"";

/// `cap_per_year` of the transport subsidy written as the given dated list.
fn dated_cap(entries: &str) -> tempfile::TempDir {
    mutated(FAGUI, CAP, &format!("cap_per_year = [{entries}]"))
}

const LATER: &str = "source = \"修订 第16项\", text = \"每年补贴不超过80万元。\"";

fn refused_cap(entries: &str, words: &[&str]) {
    let dir = dated_cap(entries);
    refused_at(&dir, FAGUI, "transport_subsidy", line_of(FAGUI, CAP), words);
}

#[test]
fn dated_values_out_of_order_are_refused() {
    refused_cap(
        &format!(
            "{{ from = 2020-07-27, value = \"100万\" }}, {{ from = 2025-01-01, value = \"90万\", {LATER} }}, {{ from = 2024-01-01, value = \"80万\", {LATER} }}"
        ),
        &["cap_per_year", "早于前一项", "从早到晚"],
    );
}

#[test]
fn dated_values_starting_after_the_document_leave_a_gap() {
    refused_cap(
        &format!(
            "{{ from = 2021-01-01, value = \"100万\" }}, {{ from = 2024-01-01, value = \"80万\", {LATER} }}"
        ),
        &[
            "第一项 from = 2021-01-01",
            "valid_from = 2020-07-27",
            "之间没有取值",
        ],
    );
}

#[test]
fn dated_values_on_the_same_day_overlap() {
    refused_cap(
        &format!(
            "{{ from = 2020-07-27, value = \"100万\" }}, {{ from = 2020-07-27, value = \"80万\", {LATER} }}"
        ),
        &["日期重复"],
    );
}

#[test]
fn a_later_value_without_its_source_is_refused() {
    refused_cap(
        "{ from = 2020-07-27, value = \"100万\" }, { from = 2024-01-01, value = \"80万\" }",
        &["缺少 source 或 text", "自 2024-01-01"],
    );
}

#[test]
fn a_dated_value_is_checked_as_the_plain_value_would_be() {
    // 80 万 written as a float: refused as the plain parameter would be.
    refused_cap(
        &format!(
            "{{ from = 2020-07-27, value = \"100万\" }}, {{ from = 2024-01-01, value = 800000.5, {LATER} }}"
        ),
        &["自 2024-01-01 起的取值", "cap_per_year"],
    );
}

#[test]
fn a_dated_value_after_the_end_of_validity_is_refused() {
    // 43号 ends on 2023-08-18: a value of one of its rules from 2024 is refused.
    let ban = crate::rules::BAN;
    let text = std::fs::read_to_string(root().join("rules").join(ban)).expect("read");
    let from = "deadline_day = 30";
    if text.matches(from).count() != 1 {
        return;
    }
    let dir = mutated(
        ban,
        from,
        &format!(
            "deadline_day = [{{ from = 2020-08-18, value = 30 }}, {{ from = 2024-01-01, value = 31, {LATER} }}]"
        ),
    );
    bin()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{ban}:{}",
            line_of(ban, from)
        )))
        .stderr(predicate::str::contains(
            "晚于文件有效期止 valid_until = 2023-08-18",
        ));
}

/// `rules diff rules/ examples/reform/` lists exactly the four changes of
/// `examples/reform/README.md`, and nothing of 43号.
#[test]
fn rules_diff_lists_exactly_the_reform() {
    let out = bin()
        .args([
            "rules",
            "diff",
            "rules/",
            "examples/reform/",
            "--format",
            "json",
        ])
        .output()
        .expect("run diff");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["count"], 4, "{v:#}");
    let changes = v["changes"].as_array().expect("changes");
    let keys: Vec<(String, String, String)> = changes
        .iter()
        .map(|c| {
            (
                c["document"].as_str().unwrap_or_default().to_string(),
                c["rule"].as_str().unwrap_or("-").to_string(),
                c["field"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let fa = "晋市政发〔2020〕10号".to_string();
    assert_eq!(
        keys,
        vec![
            (fa.clone(), "-".into(), "title".into()),
            (
                fa.clone(),
                "standard_land_investment".into(),
                "params.tiers".into()
            ),
            (
                fa.clone(),
                "investment_reward".into(),
                "params.tiers".into()
            ),
            (
                fa.clone(),
                "transport_subsidy".into(),
                "params.cap_per_year".into()
            ),
        ]
    );
    for c in changes {
        assert_eq!(c["change"], "changed");
    }
    let cap = &changes[3];
    assert_eq!(cap["from"], "2024-01-01");
    assert_eq!(cap["old"], "100万");
    assert_eq!(cap["new"], "80万");
    assert!(
        cap["old_text"]
            .as_str()
            .unwrap_or_default()
            .contains("每年补贴不超过100万元")
    );
    assert!(
        cap["new_text"]
            .as_str()
            .unwrap_or_default()
            .contains("每年补贴不超过80万元")
    );
    assert!(
        cap["new_source"]
            .as_str()
            .unwrap_or_default()
            .contains("示例修订")
    );
    let tiers = &changes[2];
    assert_eq!(tiers["from"], "2024-01-01");
    assert!(
        tiers["old"]
            .as_str()
            .unwrap_or_default()
            .contains("to = \"1亿\"")
    );
    assert!(
        tiers["new"]
            .as_str()
            .unwrap_or_default()
            .contains("to = \"8000万\"")
    );
    // The title is no dated value.
    assert!(changes[0]["from"].is_null());
}

#[test]
fn rules_diff_table_is_stacked_within_80_columns() {
    let out = bin()
        .args(["rules", "diff", "rules/", "examples/reform/"])
        .output()
        .expect("run diff");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("共 4 处改动"), "{text}");
    for w in [
        "1. [修改] 晋市政发〔2020〕10号 文件 title",
        "规则 transport_subsidy (运输成本补贴)",
        "自 2024-01-01 起",
        "原值: 100万",
        "新值: 80万",
    ] {
        assert!(text.contains(w), "{w} not in\n{text}");
    }
    assert!(!text.contains("43号"), "{text}");
    for line in text.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(width <= 80, "{width} columns: {line}");
    }
    // The same folder twice: no change.
    bin()
        .args(["rules", "diff", "rules/", "rules/"])
        .assert()
        .success()
        .stdout(predicate::str::contains("没有改动"));
}

/// A project signed while 43号 was in force keeps it (reading 13): a note
/// citing 第三十一条 in the JSON's `notes`, no expiry warning, and strict
/// mode computes; signed after it expired, the warning stands.
#[test]
fn agreement_date_inside_and_outside_validity() {
    let case = std::fs::read_to_string(
        root().join("tests/cases_versions/shipped/agreement_2022_05_01_in_43_validity.toml"),
    )
    .expect("case");
    let body =
        &case[case.find("[project]").expect("project")..case.find("[expect]").expect("expect")];
    let project = |date: &str| {
        body.replace(
            "agreement_date = 2022-05-01",
            &format!("agreement_date = {date}"),
        )
    };
    let out = calc_stdin(
        &project("2022-05-01"),
        &["--as-of", "2025-03-01", "--strict"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("优化营商环境条例") && notes.contains("第三十一条"),
        "{notes}"
    );
    assert!(!v["warnings"].to_string().contains("有效期"), "{v:#}");

    let out = calc_stdin(&project("2023-08-19"), &["--as-of", "2025-03-01"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["notes"], serde_json::json!([]));
    assert!(v["warnings"].to_string().contains("有效期"), "{v:#}");
    // Outside the validity strict mode refuses as before.
    let out = calc_stdin(
        &project("2023-08-19"),
        &["--as-of", "2025-03-01", "--strict"],
    );
    assert_eq!(out.status.code(), Some(1));
}

/// The item of a dated rule says which version it used and what chose it.
#[test]
fn items_name_the_version_used() {
    let text = std::fs::read_to_string(
        root().join("tests/cases_versions/reform/policy_date__agreement_2024_01_01_day_of.toml"),
    )
    .expect("case");
    let project =
        &text[text.find("[project]").expect("project")..text.find("[expect]").expect("expect")];
    let out = calc_stdin(
        project,
        &["--rules", "examples/reform", "--as-of", "2027-03-01"],
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let a = crate::util::item(&v, "transport_subsidy")["assumptions"].to_string();
    assert!(a.contains("按 2024-01-01 起施行的标准"), "{a}");
    assert!(a.contains("投资协议签订日期 2024-01-01"), "{a}");
}

/// The worked example is unchanged under the shipped rules.
#[test]
fn worked_example_unchanged() {
    let v = crate::util::calc_json(&example("worked-example.toml"), &[]);
    assert_eq!(v["totals"]["cash_total"], "34960000.00");
}

/// `notes_contain` and `notes_not_contain` fail when the notes say otherwise.
#[test]
fn note_keys_fail_when_the_notes_say_otherwise() {
    let case = std::fs::read_to_string(
        root().join("tests/cases_versions/shipped/agreement_2022_05_01_in_43_validity.toml"),
    )
    .expect("case");
    let body = &case[..case.find("[expect]").expect("expect")];
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, expect) in [
        ("absent.toml", "notes_contain = [\"没有这句话\"]"),
        ("present.toml", "notes_not_contain = [\"第三十一条\"]"),
        ("fine.toml", "notes_contain = [\"第三十一条\"]"),
    ] {
        std::fs::write(dir.path().join(name), format!("{body}[expect]\n{expect}\n"))
            .expect("write case");
    }
    let out = bin()
        .arg("test")
        .arg(dir.path())
        .output()
        .expect("run test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("1 passed, 2 failed"), "{stdout}");
    assert!(stdout.contains("notes 应包含 \"没有这句话\""), "{stdout}");
    assert!(stdout.contains("notes 不应包含 \"第三十一条\""), "{stdout}");
}
