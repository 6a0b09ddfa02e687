//! The readings settled in December 2026 (INTERPRETATION.md, last section),
//! driven through the binary where they show in its output (batch notes,
//! strict errors, explanations), and as invariants over generated projects.

use crate::util::{bin, calc_stdin, item, root};
use jincheng_incentives::engine::{self, Options};
use jincheng_incentives::model::Status;
use jincheng_incentives::project::parse::from_toml;
use jincheng_incentives::rules::{self, RuleSet};
use predicates::prelude::*;
use proptest::prelude::*;
use std::sync::OnceLock;

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("calc prints JSON")
}

/// The CSV rows of a batch run as (header → cell) maps.
fn batch_rows(input: &str, extra: &[&str]) -> Vec<std::collections::BTreeMap<String, String>> {
    let out = bin()
        .args(["batch", "-"])
        .args(extra)
        .write_stdin(input)
        .output()
        .expect("run batch");
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// Reading 4: a batch row the scope gate stopped says why in its own
/// `notes` cell; a row with a name outside the list says it was assumed;
/// a named industry leaves the cell empty.
#[test]
fn batch_rows_stopped_or_doubted_by_the_scope_gate_say_why() {
    let input = "project.id,project.industry,investment.total\n\
                 A,房地产,2亿\n\
                 B,半导体,2亿\n\
                 C,新材料,2亿\n";
    let rows = batch_rows(input, &["--as-of", "2023-06-30"]);
    assert_eq!(rows.len(), 3);
    // 2亿 in the 1–5亿 tier: 1% = 2,000,000.00 (竣工投产 assumed, reading 1).
    assert_eq!(rows[0]["investment_reward"], "0.00");
    assert!(rows[0]["notes"].contains("不符合奖励范围"), "{:?}", rows[0]);
    assert!(rows[0]["notes"].contains("房地产"), "{:?}", rows[0]);
    assert_eq!(rows[1]["investment_reward"], "2000000.00");
    assert!(rows[1]["notes"].contains("半导体"), "{:?}", rows[1]);
    assert!(
        rows[1]["notes"].contains("晋市政办[2017]74号"),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[2]["investment_reward"], "2000000.00");
    assert_eq!(rows[2]["notes"], "");
}

/// Reading 4: the gate's reason is given once; the items it stops say so in
/// a few words, and items whose facts are absent stay 未填写.
#[test]
fn a_failed_scope_gate_is_explained_once() {
    let text = "[project]\nindustry = \"建筑业\"\ninvestment_start = 2021-01-01\n\
                [investment]\ntotal = \"2亿\"\n";
    let r = json(&calc_stdin(text, &["--as-of", "2023-06-30"]));
    let reward = item(&r, "investment_reward");
    assert_eq!(reward["status"], "not_applicable");
    let reason = reward["reason"].as_str().unwrap_or_default();
    assert!(!reason.contains("建筑业"), "the item only points: {reason}");
    let warnings = r["warnings"].to_string();
    assert_eq!(warnings.matches("建筑业").count(), 1, "{warnings}");
    // Water has no facts here: 未填写, not stopped by the gate.
    let water = item(&r, "water_price");
    assert!(
        water["reason"]
            .as_str()
            .is_some_and(|s| s.starts_with("未填写")),
        "{water}"
    );
}

/// Reading 6 and issue 8 point 7: strict mode refuses a date after
/// 2023-08-18 without claiming it computed anything.
#[test]
fn strict_expiry_error_does_not_say_it_computed() {
    let text = "[project]\nindustry = \"新材料\"\n[investment]\ntotal = \"2亿\"\n";
    bin()
        .args(["calc", "-", "--strict", "--as-of", "2023-08-19"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2023-08-18"))
        .stderr(predicate::str::contains("仍按其条文").not());
    // The last day of the three years is still in force: no warning.
    let r = json(&calc_stdin(text, &["--as-of", "2023-08-18"]));
    assert!(!r["warnings"].to_string().contains("有效期"), "{r}");
}

/// Issue 10 point 6: after 2023-08-18, one warning, and each item resting on
/// 43号 names it among its assumptions.
#[test]
fn items_resting_on_43_name_it_when_out_of_force() {
    let text = "[project]\nindustry = \"新材料\"\ninvestment_start = 2021-01-01\n\
                [investment]\ntotal = \"2亿\"\n\
                [utilities]\nwater_tons = 10000\nwater_price = \"3.5\"\n";
    let r = json(&calc_stdin(text, &["--as-of", "2023-08-19"]));
    let warnings: Vec<String> = r["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w.as_str().unwrap_or_default().to_string())
        .filter(|w| w.contains("有效期"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("企业投资奖励"), "{warnings:?}");
    let reward = item(&r, "investment_reward")["assumptions"].to_string();
    assert!(reward.contains("晋市政办〔2020〕43号 六(五)"), "{reward}");
    // Water rests on 10号 alone.
    let water = item(&r, "water_price")["assumptions"].to_string();
    assert!(!water.contains("43号"), "{water}");
}

/// Issue 8 point 9: with balances, the explanation shows each loan year's
/// balance and subsidy, so the line checks by hand: 2000万 × 1.425% = 285,000;
/// 1500万 × 1.425% = 213,750; 800万 × 1.425% = 114,000; total 612,750.
#[test]
fn loan_explanation_shows_each_loan_years_balance() {
    let text = "[project]\nindustry = \"新材料\"\ninvestment_start = 2021-01-01\n\
                [[loans]]\nprincipal = \"2000万\"\nstart_date = 2022-01-01\nterm_months = 36\n\
                balances = [\"2000万\", \"1500万\", \"800万\"]\n";
    bin()
        .args(["calc", "-", "--explain", "--as-of", "2023-06-30"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains("第1年 余额 20,000,000.00"))
        .stdout(predicate::str::contains("= 285,000.00"))
        .stdout(predicate::str::contains("第2年 余额 15,000,000.00"))
        .stdout(predicate::str::contains("= 213,750.00"))
        .stdout(predicate::str::contains("第3年 余额 8,000,000.00"))
        .stdout(predicate::str::contains("= 114,000.00"))
        .stdout(predicate::str::contains("612,750.00"));
}

/// Gate statuses in the table are in Chinese (JSON keeps the keys).
#[test]
fn gate_statuses_in_the_table_are_chinese() {
    let path = root()
        .join("examples")
        .join("standard-land-manufacturer.toml");
    let out = bin()
        .arg("calc")
        .arg(&path)
        .arg("--explain")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    for key in ["passed", "assumed", "applied", "not_triggered", "failed"] {
        assert!(!text.contains(&format!("— {key}:")), "{key} in\n{text}");
    }
}

fn shipped() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| rules::load_embedded().expect("shipped rules load"))
}

fn amounts(text: &str) -> Vec<(Status, rust_decimal::Decimal)> {
    let project = from_toml(text, &[]).expect("generated project parses");
    let opts = Options {
        as_of: jiff::civil::Date::new(2023, 6, 30).ok(),
        ..Options::new(jiff::civil::date(2024, 6, 30))
    };
    let r = engine::evaluate(shipped(), &project, opts).expect("evaluates");
    r.items.iter().map(|i| (i.status, i.amount)).collect()
}

fn loans_toml(loans: &[(u64, u32, u32)]) -> String {
    let mut s = String::from("[project]\nindustry = \"新材料\"\ninvestment_start = 2021-01-01\n");
    for (wan, month, term) in loans {
        s.push_str(&format!(
            "[[loans]]\nprincipal = \"{wan}万\"\nstart_date = 2022-{month:02}-01\nterm_months = {term}\n"
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Reading 7: a loan lacking its term is left out and named; the complete
    /// loans give exactly what they give alone.
    #[test]
    fn an_incomplete_loan_leaves_the_others_unchanged(
        loans in prop::collection::vec((1u64..5000, 1u32..13, 1u32..80), 1..4),
        extra in 1u64..5000,
    ) {
        let alone = amounts(&loans_toml(&loans));
        let mut text = loans_toml(&loans);
        text.push_str(&format!("[[loans]]\nprincipal = \"{extra}万\"\n"));
        let with = amounts(&text);
        prop_assert_eq!(alone, with);
    }

    /// Reading 4: a name neither listed, excluded nor plainly outside passes
    /// the gate: every figure is that of a named industry.
    #[test]
    fn an_unlisted_industry_pays_as_a_named_one(name in "[a-z]{1,8}", total in 1u64..200_000) {
        let project = |industry: &str| format!(
            "[project]\nindustry = \"{industry}\"\ninvestment_start = 2021-01-01\n\
             [investment]\ntotal = \"{total}万\"\n\
             [utilities]\nwater_tons = 1000\nwater_price = \"3.5\"\n"
        );
        prop_assert_eq!(amounts(&project(&name)), amounts(&project("新材料")));
    }

    /// Reading 3: a tax year before the production year, or after the
    /// 3-year calendar window, never changes the over-standard reward.
    #[test]
    fn tax_years_outside_the_window_never_count(
        start in 2021i32..2024,
        taxes in prop::collection::vec((0u64..600, 0u64..300), 3),
        outside in (0u64..600, 0u64..300),
        before in any::<bool>(),
    ) {
        let head = format!(
            "[project]\nindustry = \"新材料\"\ninvestment_start = 2020-06-01\n\
             production_date = {start}-03-01\n\
             [investment]\nfixed_assets = \"4000万\"\n\
             [land]\narea_mu = 10\nstandard_land = true\nagreed_intensity = \"300万\"\n\
             agreed_tax_per_mu = \"20万\"\n"
        );
        let year = |y: i32, (tax, kept): (u64, u64)| format!(
            "[[tax_years]]\nyear = {y}\ntax_paid = \"{tax}万\"\nretained = \"{kept}万\"\n"
        );
        let mut base = head.clone();
        for (k, t) in taxes.iter().enumerate() {
            base.push_str(&year(start + k as i32, *t));
        }
        let extra_year = if before { start - 1 } else { start + 3 };
        let with = format!("{base}{}", year(extra_year, outside));
        let over = |text: &str| {
            let project = from_toml(text, &[]).expect("parses");
            let opts = Options {
                as_of: jiff::civil::Date::new(2030, 6, 30).ok(),
                ..Options::new(jiff::civil::date(2024, 6, 30))
            };
            let r = engine::evaluate(shipped(), &project, opts).expect("evaluates");
            let i = r.item("standard_land_over_standard").expect("item");
            (i.status, i.amount, i.amount_max)
        };
        prop_assert_eq!(over(&base), over(&with));
    }

    /// Reading 2: tax years alone (a tenant) never put the over-standard
    /// reward in play, in strict mode neither.
    #[test]
    fn tax_years_alone_leave_the_over_standard_reward_unused(
        taxes in prop::collection::vec((2021i32..2026, 0u64..6000, 0u64..3000), 1..4),
    ) {
        let mut text = String::from(
            "[project]\nindustry = \"新材料\"\ninvestment_start = 2021-01-01\n\
             [enterprise]\nregistered_locally = true\nindependent_legal_person = true\n\
             five_year_commitment = true\n",
        );
        let mut seen = Vec::new();
        for (y, tax, kept) in taxes {
            if seen.contains(&y) {
                continue;
            }
            seen.push(y);
            text.push_str(&format!(
                "[[tax_years]]\nyear = {y}\ntax_paid = \"{tax}万\"\nretained = \"{kept}万\"\n"
            ));
        }
        let project = from_toml(&text, &[]).expect("parses");
        for strict in [false, true] {
            let opts = Options {
                as_of: jiff::civil::Date::new(2023, 6, 30).ok(),
                strict,
                ..Options::new(jiff::civil::date(2024, 6, 30))
            };
            let r = engine::evaluate(shipped(), &project, opts).expect("evaluates");
            let item = r.item("standard_land_over_standard").expect("item");
            prop_assert!(item.absent, "strict {}: {:?}", strict, item.reason);
        }
    }
}
