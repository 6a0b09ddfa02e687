//! Mistakes a staff member could make in a rules file: each is refused by
//! `rules check` (exit 1) with a message naming the file, the line and the rule.

use crate::util::{bin, root};
use predicates::prelude::*;
use std::path::PathBuf;

pub(crate) const FAGUI: &str = "shizhengfa-2020-10.toml";
pub(crate) const BAN: &str = "shizhengban-2020-43.toml";

/// Copies the shipped rules into a temporary folder, replacing `from` by `to`
/// in `file` (the replacement must happen exactly once).
pub(crate) fn mutated(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(root().join("rules")).expect("rules") {
        let p: PathBuf = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&p).expect("read");
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        if name == file {
            assert_eq!(
                text.matches(from).count(),
                1,
                "{from:?} must occur once in {file}"
            );
            text = text.replace(from, to);
        }
        std::fs::write(dir.path().join(&name), text).expect("write");
    }
    dir
}

/// The line (1-based) of the first occurrence of `needle` in a shipped file.
pub(crate) fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(root().join("rules").join(file)).expect("read");
    let at = text.find(needle).expect("needle in file");
    text[..at].matches('\n').count() + 1
}

/// Line of the `[[rules]]` header of rule `id`.
fn rule_line(file: &str, id: &str) -> usize {
    let text = std::fs::read_to_string(root().join("rules").join(file)).expect("read");
    let at = text.find(&format!("id = \"{id}\"")).expect("rule in file");
    text[..at]
        .rfind("[[rules]]")
        .map_or(1, |h| text[..h].matches('\n').count() + 1)
}

fn refused(dir: &tempfile::TempDir, file: &str, rule: &str, words: &[&str]) {
    refused_at(dir, file, rule, rule_line(file, rule), words);
}

pub(crate) fn refused_at(
    dir: &tempfile::TempDir,
    file: &str,
    rule: &str,
    line: usize,
    words: &[&str],
) {
    let mut a = bin()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{file}:{line}")))
        .stderr(predicate::str::contains(format!("规则 {rule}")));
    for w in words {
        a = a.stderr(predicate::str::contains(*w));
    }
    // calc refuses the same folder before computing anything.
    bin()
        .args(["calc", "--rules"])
        .arg(dir.path())
        .arg(root().join("examples/standard-factory-tenant.toml"))
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
}

#[test]
fn tier_gap() {
    let d = mutated(
        FAGUI,
        "{ from = \"1亿\", to = \"5亿\", rate = \"1%\" }",
        "{ from = \"1.5亿\", to = \"5亿\", rate = \"1%\" }",
    );
    refused(&d, FAGUI, "investment_reward", &["空档"]);
}

#[test]
fn tier_gap_at_a_shared_bound_excluded_on_both_sides() {
    let d = mutated(
        FAGUI,
        "{ from = \"1亿\", to = \"5亿\", rate = \"1%\" }",
        "{ from = \"1亿\", from_inclusive = false, to = \"5亿\", rate = \"1%\" }",
    );
    refused(&d, FAGUI, "investment_reward", &["空档"]);
}

#[test]
fn tier_overlap() {
    let d = mutated(
        FAGUI,
        "{ from = \"5亿\", to = \"10亿\"",
        "{ from = \"4亿\", to = \"10亿\"",
    );
    refused(&d, FAGUI, "investment_reward", &["重叠"]);
}

#[test]
fn unknown_kind() {
    let d = mutated(FAGUI, "kind = \"loan_interest\"", "kind = \"loan_intrest\"");
    refused(
        &d,
        FAGUI,
        "loan_interest",
        &["未知的计算类型", "loan_interest"],
    );
}

#[test]
fn unknown_parameter() {
    let d = mutated(FAGUI, "cap = \"500万\"", "capp = \"500万\"");
    refused(&d, FAGUI, "loan_interest", &["capp"]);
}

#[test]
fn rate_over_one_hundred_percent() {
    let d = mutated(FAGUI, "share = \"30%\"", "share = \"130%\"");
    refused(&d, FAGUI, "loan_interest", &["0–100%"]);
}

#[test]
fn cap_below_zero() {
    let d = mutated(FAGUI, "cap = \"500万\"", "cap = \"-500万\"");
    refused(&d, FAGUI, "loan_interest", &["负"]);
}

#[test]
fn duplicate_id() {
    let d = mutated(FAGUI, "id = \"heat_price\"", "id = \"water_price\"");
    // The second rule with the id is the one named, at its own line.
    refused_at(
        &d,
        FAGUI,
        "water_price",
        rule_line(FAGUI, "heat_price"),
        &["重复"],
    );
}

#[test]
fn exclusive_group_naming_an_unknown_id() {
    let d = mutated(
        BAN,
        "members = [\"standard_land_investment\", \"investment_reward\",",
        "members = [\"standard_land_investment\", \"investment_rewards\",",
    );
    refused(&d, BAN, "no_double_reward", &["investment_rewards"]);
}

#[test]
fn unknown_field_in_a_condition() {
    let d = mutated(
        FAGUI,
        "when = [{ field = \"listing.board\", equals = \"neeq\" }]",
        "when = [{ field = \"listing.boards\", equals = \"neeq\" }]",
    );
    refused(&d, FAGUI, "listing_neeq", &["listing.board"]);
}

#[test]
fn date_window_that_ends_before_it_starts() {
    let d = mutated(BAN, "valid_until = 2023-08-18", "valid_until = 2019-08-18");
    bin()
        .args(["rules", "check", "--rules"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(BAN))
        .stderr(predicate::str::contains("早于"));
}

#[test]
fn float_money_is_refused_with_the_reason() {
    let d = mutated(FAGUI, "cap = \"3\"", "cap = 3.0");
    refused(&d, FAGUI, "water_price", &["字符串"]);
}

#[test]
fn toml_syntax_error_names_file_and_line() {
    let d = mutated(FAGUI, "months = 36\nshare", "months = = 36\nshare");
    let line = line_of(FAGUI, "months = 36\nshare");
    bin()
        .args(["rules", "check", "--rules"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{FAGUI}:{line}")));
}

#[test]
fn every_mistake_is_listed_at_once() {
    let d = mutated(FAGUI, "share = \"30%\"", "share = \"130%\"");
    let text = std::fs::read_to_string(d.path().join(FAGUI)).expect("read");
    std::fs::write(
        d.path().join(FAGUI),
        text.replace("id = \"heat_price\"", "id = \"water_price\""),
    )
    .expect("write");
    bin()
        .args(["rules", "check", "--rules"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2处错误"));
}

#[test]
fn empty_rules_folder_is_refused() {
    let d = tempfile::tempdir().expect("tempdir");
    bin()
        .args(["rules", "check", "--rules"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有 .toml"));
}

#[test]
fn rests_on_naming_a_document_not_loaded() {
    let d = mutated(
        FAGUI,
        "rests_on = [\"晋市政办〔2020〕43号 六(五)\"]",
        "rests_on = [\"晋市政办〔2020〕99号 六(五)\"]",
    );
    refused(&d, FAGUI, "investment_reward", &["rests_on", "99号"]);
}

#[test]
fn claimable_after_naming_a_field_that_is_not_a_date() {
    let d = mutated(
        FAGUI,
        "claimable_after = { fields = [\"project.completion_date\", \"project.production_date\"]",
        "claimable_after = { fields = [\"project.completion_date\", \"investment.total\"]",
    );
    refused(
        &d,
        FAGUI,
        "investment_reward",
        &["claimable_after", "investment.total"],
    );
}

/// Reading 9 moves only multi-year entries: a one-time item marked as
/// claimed after its year is refused, and so is a value that is not yes/no.
#[test]
fn claimed_after_year_only_on_multi_year_items_and_only_true_or_false() {
    let d = mutated(
        FAGUI,
        "rests_on = [\"晋市政办〔2020〕43号 六(五)\"]",
        "rests_on = [\"晋市政办〔2020〕43号 六(五)\"]\nclaimed_after_year = true",
    );
    refused(
        &d,
        FAGUI,
        "investment_reward",
        &["claimed_after_year", "cash_one_time"],
    );
    let d = mutated(
        FAGUI,
        "物流运输费用)于Y+1年度评审申报。\nclaimed_after_year = true",
        "物流运输费用)于Y+1年度评审申报。\nclaimed_after_year = \"是\"",
    );
    bin()
        .args(["rules", "check", "--rules"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(FAGUI))
        .stderr(predicate::str::contains("transport_subsidy"));
}

#[test]
fn an_outside_sector_also_listed_as_encouraged() {
    let d = mutated(
        BAN,
        "outside = [\"房地产\",",
        "outside = [\"新材料\", \"房地产\",",
    );
    refused(&d, BAN, "scope", &["新材料"]);
}
