//! Negotiation features on the real binary: next_tier at, one fen below and
//! one fen above each bound of every threshold-driven kind; compare, several
//! projects, sweeps; and every example's next tiers reached with `--set`.
//! Expected figures are worked by hand from the policy (shown beside each).

use crate::util::{bin, calc_json, calc_stdin, item, root};
use serde_json::Value;

const AS_OF: &[&str] = &["--as-of", "2023-12-31"];

/// A new-materials project in scope, built for the bounds below.
const BASE: &str = r#"
[project]
industry = "新材料"
investment_start = 2023-01-01
completion_date = 2023-06-01
production_date = 2023-07-01
new_enterprise = true
[enterprise]
registered_locally = true
independent_legal_person = true
five_year_commitment = true
[investment]
total = "9800万"
government = "0"
local_bank_loans = "0"
[employment]
insured_employees = 100
"#;

fn run(text: &str, sets: &[&str]) -> Value {
    let mut extra: Vec<String> = AS_OF.iter().map(|s| s.to_string()).collect();
    for s in sets {
        extra.push("--set".into());
        extra.push(s.to_string());
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let out = calc_stdin(text, &extra);
    assert!(
        out.status.success(),
        "calc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Checks an item's amount and its next tier (`None`: `null`).
fn check(
    text: &str,
    sets: &[&str],
    id: &str,
    amount: &str,
    next: Option<(&str, &str, &str, &str)>,
) {
    let r = run(text, sets);
    let it = item(&r, id);
    assert_eq!(it["amount"], amount, "{id} amount with {sets:?}");
    match next {
        None => assert!(
            it["next_tier"].is_null(),
            "{id} with {sets:?}: next_tier should be null, is {}",
            it["next_tier"]
        ),
        Some((field, increase, to, gain)) => {
            let n = &it["next_tier"];
            assert_eq!(n["field"], field, "{id} with {sets:?}: {n}");
            assert_eq!(n["increase"], increase, "{id} with {sets:?}: {n}");
            assert_eq!(n["amount"], to, "{id} with {sets:?}: {n}");
            assert_eq!(n["gain"], gain, "{id} with {sets:?}: {n}");
        }
    }
}

#[test]
fn investment_tiers_at_and_either_side_of_each_bound() {
    let id = "investment_reward";
    let t = "investment.total";
    // 9800万 × 0.5% = 490,000; 1亿 × 1% = 1,000,000 (2,000,000 more).
    check(
        BASE,
        &[],
        id,
        "490000.00",
        Some((t, "2000000.00", "1000000.00", "510000.00")),
    );
    // 49,999,999.99 is below [5000万, 1亿): nothing; one fen more gives 250,000.
    check(
        BASE,
        &["investment.total=49999999.99"],
        id,
        "0.00",
        Some((t, "0.01", "250000.00", "250000.00")),
    );
    // 5000万 × 0.5% = 250,000; next 1亿 → 1,000,000.
    check(
        BASE,
        &["investment.total=5000万"],
        id,
        "250000.00",
        Some((t, "50000000.00", "1000000.00", "750000.00")),
    );
    check(
        BASE,
        &["investment.total=50000000.01"],
        id,
        "250000.00",
        Some((t, "49999999.99", "1000000.00", "750000.00")),
    );
    // 99,999,999.99 × 0.5% = 499,999.99995 → 500,000.00; 1亿 is one fen away.
    check(
        BASE,
        &["investment.total=99999999.99"],
        id,
        "500000.00",
        Some((t, "0.01", "1000000.00", "500000.00")),
    );
    // 1亿 × 1% = 1,000,000; 5亿 × 1.5% = 7,500,000.
    check(
        BASE,
        &["investment.total=1亿"],
        id,
        "1000000.00",
        Some((t, "400000000.00", "7500000.00", "6500000.00")),
    );
    check(
        BASE,
        &["investment.total=100000000.01"],
        id,
        "1000000.00",
        Some((t, "399999999.99", "7500000.00", "6500000.00")),
    );
    // 499,999,999.99 × 1% = 4,999,999.9999 → 5,000,000.00; 5亿 one fen away.
    check(
        BASE,
        &["investment.total=499999999.99"],
        id,
        "5000000.00",
        Some((t, "0.01", "7500000.00", "2500000.00")),
    );
    // 10亿 is in the top tier (included): 15,000,000, nothing better above
    // (more is 一事一议, no amount); one fen below rounds to the same figure.
    check(BASE, &["investment.total=10亿"], id, "15000000.00", None);
    check(
        BASE,
        &["investment.total=999999999.99"],
        id,
        "15000000.00",
        None,
    );
    check(BASE, &["investment.total=1000000000.01"], id, "0.00", None);
}

#[test]
fn investment_tiers_count_the_deductions() {
    // total 1亿 − government 1000万 = 9000万 → 0.5% = 450,000; the 1% tier
    // needs an investment of 1亿 after deduction: total 1.1亿, 1000万 more.
    check(
        BASE,
        &["investment.total=1亿", "investment.government=1000万"],
        "investment_reward",
        "450000.00",
        Some(("investment.total", "10000000.00", "1000000.00", "550000.00")),
    );
}

#[test]
fn social_insurance_bar_of_one_yi() {
    let id = "social_insurance";
    let t = "investment.total";
    // 100 people × 200 × 3 months = 60,000 once the investment is 1亿 or more.
    check(
        BASE,
        &[],
        id,
        "0.00",
        Some((t, "2000000.00", "60000.00", "60000.00")),
    );
    check(
        BASE,
        &["investment.total=99999999.99"],
        id,
        "0.00",
        Some((t, "0.01", "60000.00", "60000.00")),
    );
    check(BASE, &["investment.total=1亿"], id, "60000.00", None);
    check(
        BASE,
        &["investment.total=100000000.01"],
        id,
        "60000.00",
        None,
    );
}

const LAND: &str = r#"
[land]
area_mu = 40
standard_land = true
agreed_intensity = "300万"
agreed_tax_per_mu = "20万"
"#;

/// BASE on standard land with fixed assets of 1.2亿, plus `extra`.
fn land(extra: &str) -> String {
    let base = BASE.replace(
        "total = \"9800万\"",
        "total = \"9800万\"\nfixed_assets = \"1.2亿\"",
    );
    format!("{base}{LAND}{extra}")
}

#[test]
fn intensity_tiers_at_and_either_side() {
    let text = land("");
    let id = "standard_land_investment";
    let f = "investment.fixed_assets";
    // Agreed 300万/亩 × 40亩 = 1.2亿 for 10万/亩 (400万); × 1.3 = 1.56亿 for 15万/亩 (600万).
    check(
        &text,
        &["investment.fixed_assets=119999999.99"],
        id,
        "0.00",
        Some((f, "0.01", "4000000.00", "4000000.00")),
    );
    check(
        &text,
        &[],
        id,
        "4000000.00",
        Some((f, "36000000.00", "6000000.00", "2000000.00")),
    );
    check(
        &text,
        &["investment.fixed_assets=120000000.01"],
        id,
        "4000000.00",
        Some((f, "35999999.99", "6000000.00", "2000000.00")),
    );
    check(
        &text,
        &["investment.fixed_assets=155999999.99"],
        id,
        "4000000.00",
        Some((f, "0.01", "6000000.00", "2000000.00")),
    );
    check(
        &text,
        &["investment.fixed_assets=1.56亿"],
        id,
        "6000000.00",
        None,
    );
    check(
        &text,
        &["investment.fixed_assets=156000000.01"],
        id,
        "6000000.00",
        None,
    );
}

#[test]
fn over_standard_reward_needs_more_than_the_agreed_figures() {
    // One tax year 2023: tax 1000万 > 20万 × 40亩 = 800万, retained 400万 → 50% = 200万,
    // once the intensity exceeds the agreed 1.2亿 (超出: strictly more).
    let text = land("[[tax_years]]\nyear = 2023\ntax_paid = \"1000万\"\nretained = \"400万\"\n");
    let id = "standard_land_over_standard";
    let f = "investment.fixed_assets";
    check(
        &text,
        &["investment.fixed_assets=119999999.99"],
        id,
        "0.00",
        Some((f, "0.02", "2000000.00", "2000000.00")),
    );
    check(
        &text,
        &[],
        id,
        "0.00",
        Some((f, "0.01", "2000000.00", "2000000.00")),
    );
    check(
        &text,
        &["investment.fixed_assets=120000000.01"],
        id,
        "2000000.00",
        None,
    );
    // The tax bar: 800万 exactly is not more than 800万.
    let tax = "tax_years[1].tax_paid";
    let over = ["investment.fixed_assets=120000000.01"];
    check(
        &text,
        &[over[0], "tax_years[1].tax_paid=7999999.99"],
        id,
        "0.00",
        Some((tax, "0.02", "2000000.00", "2000000.00")),
    );
    check(
        &text,
        &[over[0], "tax_years[1].tax_paid=800万"],
        id,
        "0.00",
        Some((tax, "0.01", "2000000.00", "2000000.00")),
    );
    check(
        &text,
        &[over[0], "tax_years[1].tax_paid=8000000.01"],
        id,
        "2000000.00",
        None,
    );
}

#[test]
fn transport_subsidy_tax_bar_of_ten_million() {
    // Tax ≥ 1000万 in 2023: 10% of logistics 500万 = 50万 (under the 100万 cap).
    let text = format!(
        "{BASE}[[tax_years]]\nyear = 2023\ntax_paid = \"9999999.99\"\nretained = \"300万\"\nlogistics_cost = \"500万\"\n"
    );
    let id = "transport_subsidy";
    let f = "tax_years[1].tax_paid";
    check(
        &text,
        &[],
        id,
        "0.00",
        Some((f, "0.01", "500000.00", "500000.00")),
    );
    check(
        &text,
        &["tax_years[1].tax_paid=1000万"],
        id,
        "500000.00",
        None,
    );
    check(
        &text,
        &["tax_years[1].tax_paid=10000000.01"],
        id,
        "500000.00",
        None,
    );
}

#[test]
fn rent_free_area_of_two_thousand_square_metres() {
    // min(area, 2000) m² × 10元 × 24 months.
    let text = format!(
        "{BASE}[factory.rented]\nstandard_factory = true\narea_m2 = \"1999.99\"\nmonthly_rent_per_m2 = \"10\"\nlease_start = 2023-03-01\n"
    );
    let id = "factory_rent_free";
    let f = "factory.rented.area_m2";
    // 1999.99 × 240 = 479,997.60; at 2000: 480,000.
    check(
        &text,
        &[],
        id,
        "479997.60",
        Some((f, "0.01", "480000.00", "2.40")),
    );
    check(
        &text,
        &["factory.rented.area_m2=2000"],
        id,
        "480000.00",
        None,
    );
    check(
        &text,
        &["factory.rented.area_m2=2000.01"],
        id,
        "480000.00",
        None,
    );
}

#[test]
fn loan_cap_headroom() {
    // 1亿 for 36 months at 4.75% × 30% = 1.425% a year: 1亿 × 1.425% × 3 = 4,275,000.
    // The 500万 cap ("不超过": included) is reached where 0.04275 × P = 5,000,000,
    // P = 116,959,064.327…: the least fen is 116,959,064.33 (× 0.04275 =
    // 5,000,000.0004; .32 gives 4,999,999.9996, below the cap, although it
    // rounds to 5,000,000.00 and is then no better than the amount shown).
    let text = format!(
        "{BASE}[[loans]]\nprincipal = \"1亿\"\nstart_date = 2023-01-01\nterm_months = 36\nnew_loan = true\n"
    );
    let id = "loan_interest";
    let f = "loans[1].principal";
    check(
        &text,
        &[],
        id,
        "4275000.00",
        Some((f, "16959064.33", "5000000.00", "725000.00")),
    );
    // 116,959,064.21 × 0.04275 = 4,999,999.99499… → 4,999,999.99; the cap 0.12 further.
    check(
        &text,
        &["loans[1].principal=116959064.21"],
        id,
        "4999999.99",
        Some((f, "0.12", "5000000.00", "0.01")),
    );
    check(
        &text,
        &["loans[1].principal=116959064.32"],
        id,
        "5000000.00",
        None,
    );
    check(
        &text,
        &["loans[1].principal=116959064.33"],
        id,
        "5000000.00",
        None,
    );
    check(
        &text,
        &["loans[1].principal=116959064.34"],
        id,
        "5000000.00",
        None,
    );
}

#[test]
fn proceeds_invested_half_and_fifty_million() {
    // Main board, HQ moved, raised 2亿: invested ≥ 50% (1亿) and ≥ 5000万.
    let text = format!(
        "{BASE}[listing]\nboard = \"main\"\nhq_moved = true\nraised = \"2亿\"\ninvested_locally = \"99999999.99\"\n"
    );
    let id = "listing_proceeds_invested";
    let f = "listing.invested_locally";
    check(
        &text,
        &[],
        id,
        "0.00",
        Some((f, "0.01", "5000000.00", "5000000.00")),
    );
    check(
        &text,
        &["listing.invested_locally=1亿"],
        id,
        "5000000.00",
        None,
    );
    check(
        &text,
        &["listing.invested_locally=100000000.01"],
        id,
        "5000000.00",
        None,
    );
    // Raised 8000万: half is 4000万, so the 5000万 bar decides.
    let small = ["listing.raised=8000万"];
    check(
        &text,
        &[small[0], "listing.invested_locally=49999999.99"],
        id,
        "0.00",
        Some((f, "0.01", "5000000.00", "5000000.00")),
    );
    check(
        &text,
        &[small[0], "listing.invested_locally=5000万"],
        id,
        "5000000.00",
        None,
    );
    check(
        &text,
        &[small[0], "listing.invested_locally=50000000.01"],
        id,
        "5000000.00",
        None,
    );
}

#[test]
fn a_changed_tier_in_a_rules_folder_changes_the_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in std::fs::read_dir(root().join("rules")).expect("rules") {
        let p = f.expect("entry").path();
        let text = std::fs::read_to_string(&p).expect("read");
        // The 1% tier from 9000万 instead of 1亿 (both tier ends move).
        let text = text
            .replace(
                r#"{ from = "5000万", to = "1亿", rate = "0.5%" }"#,
                r#"{ from = "5000万", to = "9000万", rate = "0.5%" }"#,
            )
            .replace(
                r#"{ from = "1亿", to = "5亿", rate = "1%" }"#,
                r#"{ from = "9000万", to = "5亿", rate = "1%" }"#,
            );
        std::fs::write(dir.path().join(p.file_name().expect("name")), text).expect("write");
    }
    let rules = dir.path().to_str().expect("utf-8 path").to_string();
    // 8800万 × 0.5% = 440,000; with the tier at 9000万: 200万 more → 900,000.
    let r = run(BASE, &["investment.total=8800万"]);
    assert_eq!(
        item(&r, "investment_reward")["next_tier"]["increase"],
        "12000000.00"
    );
    let mut args: Vec<&str> = vec!["--rules", &rules, "--set", "investment.total=8800万"];
    args.extend(AS_OF);
    let out = calc_stdin(BASE, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let n = &item(&r, "investment_reward")["next_tier"];
    assert_eq!(n["increase"], "2000000.00");
    assert_eq!(n["amount"], "900000.00");
    assert_eq!(n["gain"], "460000.00");
}

fn example_paths() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

/// A decimal string plus a decimal string, exactly (two decimals each).
fn add(a: &str, b: &str) -> String {
    let a: rust_decimal::Decimal = a.parse().expect("decimal");
    let b: rust_decimal::Decimal = b.parse().expect("decimal");
    let mut s = a + b;
    s.rescale(2);
    s.to_string()
}

/// The field's current value in a project's JSON-less world: read it back
/// from the report's own next tier and the file with `--set` applied.
#[test]
fn every_example_next_tier_is_reached_with_set() {
    for path in example_paths() {
        let r = calc_json(&path, &[]);
        let toml_text = std::fs::read_to_string(&path).expect("read");
        let project: toml::Table = toml::from_str(&toml_text).expect("toml");
        for it in r["items"].as_array().expect("items") {
            let n = &it["next_tier"];
            if n.is_null() {
                continue;
            }
            let field = n["field"].as_str().expect("field");
            let now = value_of(&project, field)
                .unwrap_or_else(|| panic!("{}: {field} not in the file", path.display()));
            let raised = add(&now, n["increase"].as_str().expect("increase"));
            let after = calc_json(&path, &["--set", &format!("{field}={raised}")]);
            let id = it["id"].as_str().expect("id");
            assert_eq!(
                item(&after, id)["amount"],
                n["amount"],
                "{}: {id} with {field}={raised}",
                path.display()
            );
        }
    }
}

/// A field's value in a project file as a decimal string of 元 (or its unit).
fn value_of(project: &toml::Table, path: &str) -> Option<String> {
    let mut node = toml::Value::Table(project.clone());
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        node = node.get(name)?.clone();
        if let Some(i) = index {
            node = node.get(i.checked_sub(1)?)?.clone();
        }
    }
    let text = match node {
        toml::Value::String(s) => s,
        toml::Value::Integer(i) => i.to_string(),
        _ => return None,
    };
    let v = jincheng_incentives::money::parse_money(&text).ok()?;
    Some(v.to_string())
}

#[test]
fn compare_diff_is_scenario_minus_baseline_for_every_id_and_total() {
    let out = bin()
        .args([
            "calc",
            "-",
            "--format",
            "json",
            "--compare",
            "--set",
            "investment.total=1亿",
        ])
        .args(AS_OF)
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = v["baseline"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    let diff = v["diff"]["items"].as_object().expect("diff items");
    assert_eq!(diff.len(), ids.len());
    // 9800万 → 1亿: investment reward 490,000 → 1,000,000 (+510,000), and the
    // social-insurance subsidy starts: 100 × 200 × 3 = +60,000.
    assert_eq!(diff["investment_reward"]["amount"], "510000.00");
    assert_eq!(diff["social_insurance"]["amount"], "60000.00");
    assert_eq!(diff["loan_interest"]["amount"], "0.00");
    let totals = v["diff"]["totals"].as_object().expect("totals");
    assert_eq!(totals.len(), 12);
    assert_eq!(totals["cash_total"], "570000.00");
    assert_eq!(totals["cash_one_time_max"], "570000.00");
    assert_eq!(totals["annual_savings"], "0.00");
}

#[test]
fn compare_crossing_the_no_double_reward_choice() {
    // Standard land 40亩 at 300万/亩: fixed 1.2亿 → 400万. Investment 9800万 →
    // 490,000, a duplicate. At 5亿: 1.5% = 7,500,000 beats 400万: the land
    // reward becomes the duplicate. Cash: −4,000,000 + 7,500,000 + 60,000
    // (the social-insurance subsidy at ≥ 1亿) = +3,560,000.
    let text = land("");
    let out = bin()
        .args([
            "calc",
            "-",
            "--format",
            "json",
            "--compare",
            "--set",
            "investment.total=5亿",
        ])
        .args(AS_OF)
        .write_stdin(text)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        item(&v["baseline"], "investment_reward")["status"],
        "duplicate"
    );
    assert_eq!(
        item(&v["scenario"], "standard_land_investment")["status"],
        "duplicate"
    );
    assert_eq!(
        v["diff"]["items"]["investment_reward"]["amount"],
        "7010000.00"
    );
    assert_eq!(
        v["diff"]["items"]["standard_land_investment"]["amount"],
        "0.00"
    );
    assert_eq!(v["diff"]["totals"]["cash_one_time"], "3560000.00");
    assert_eq!(v["diff"]["totals"]["cash_total"], "3560000.00");
}

#[test]
fn several_scenarios_give_one_column_each() {
    let out = bin()
        .args(["calc", "-", "--format", "json"])
        .args([
            "--scenario",
            "一亿: investment.total=1亿",
            "--scenario",
            "五亿: investment.total=5亿, employment.insured_employees=200",
        ])
        .args(AS_OF)
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let s = v["scenarios"].as_array().expect("scenarios");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0]["name"], "一亿");
    assert_eq!(
        s[1]["overrides"][1]["field"],
        "employment.insured_employees"
    );
    // 5亿 × 1.5% − 490,000 = 7,010,000; 200 × 200 × 3 = 120,000.
    assert_eq!(
        s[1]["diff"]["items"]["investment_reward"]["amount"],
        "7010000.00"
    );
    assert_eq!(
        s[1]["diff"]["items"]["social_insurance"]["amount"],
        "120000.00"
    );
    let table = bin()
        .args(["calc", "-"])
        .args([
            "--scenario",
            "一亿: investment.total=1亿",
            "--scenario",
            "五亿: investment.total=5亿",
        ])
        .args(AS_OF)
        .write_stdin(BASE)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&table.stdout);
    for want in [
        "基准",
        "一亿",
        "五亿",
        "差额 (五亿)",
        "+7,010,000.00",
        "合计: 现金奖补",
    ] {
        assert!(text.contains(want), "{want} missing in\n{text}");
    }
}

#[test]
fn projects_side_by_side_keep_argument_order() {
    let ex = root().join("examples");
    let a = ex.join("standard-factory-tenant.toml");
    let b = ex.join("standard-land-manufacturer.toml");
    let out = bin()
        .arg("calc")
        .arg(&a)
        .arg(&b)
        .args(["--format", "json", "--compare"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let p = v["projects"].as_array().expect("projects");
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["project"]["id"], "EX-TENANT-1");
    assert_eq!(p[1]["project"]["id"], "EX-LAND-1");
    let single_a = calc_json(&a, &[]);
    let single_b = calc_json(&b, &[]);
    assert_eq!(p[0]["totals"], single_a["totals"]);
    // The difference is the second minus the first, figure by figure.
    let d = &v["diffs"][0];
    let want = {
        let x: rust_decimal::Decimal = single_b["totals"]["cash_total"]
            .as_str()
            .unwrap_or("0")
            .parse()
            .expect("dec");
        let y: rust_decimal::Decimal = single_a["totals"]["cash_total"]
            .as_str()
            .unwrap_or("0")
            .parse()
            .expect("dec");
        let mut z = x - y;
        z.rescale(2);
        z.to_string()
    };
    assert_eq!(d["totals"]["cash_total"], want.as_str());
}

#[test]
fn sweep_breakpoints_are_exactly_the_rules_bounds() {
    // No deductions: the bounds on investment.total are 5000万, 1亿 (tier and
    // the social-insurance bar), 5亿 and 10亿 (top included).
    let out = bin()
        .args([
            "calc",
            "-",
            "--format",
            "json",
            "--sweep",
            "investment.total=4000万..11亿",
            "--steps",
            "2",
        ])
        .args(AS_OF)
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["field"], "investment.total");
    let values: Vec<&str> = v["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| p["value"].as_str().expect("value"))
        .collect();
    assert_eq!(
        values,
        [
            "40000000.00",
            "49999999.99",
            "50000000.00",
            "99999999.99",
            "100000000.00",
            "499999999.99",
            "500000000.00",
            "1000000000.00",
            "1000000000.01",
            "1100000000.00",
        ]
    );
    let p = &v["points"];
    // 1亿: 1% = 1,000,000 plus 60,000; 10亿 + 0.01: 一事一议, nothing computed.
    assert_eq!(p[4]["items"]["investment_reward"], "1000000.00");
    assert_eq!(p[4]["totals"]["cash_total"], "1060000.00");
    assert_eq!(p[3]["totals"]["cash_total"], "500000.00");
    assert_eq!(p[8]["items"]["investment_reward"], "0.00");
}

#[test]
fn sweep_table_chart_and_svg() {
    let dir = tempfile::tempdir().expect("temp");
    let svg = dir.path().join("curve.svg");
    let out = bin()
        .args([
            "calc",
            "-",
            "--sweep",
            "investment.total=4000万..11亿",
            "--steps",
            "5",
            "--plot",
        ])
        .arg(&svg)
        .args(AS_OF)
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("现金奖补合计"), "{text}");
    assert!(text.contains('#') && text.contains('^'), "{text}");
    let pic = std::fs::read_to_string(&svg).expect("svg written");
    assert!(pic.starts_with("<svg") || pic.contains("<svg"));
    assert!(pic.contains("现金奖补合计 (万元)"));
    let bad = bin()
        .args(["calc", "-", "--sweep", "project.name=a..b"])
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不是数值字段"));
}

#[test]
fn a_scenarios_file_gives_the_same_as_the_flags() {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("scenarios.toml");
    std::fs::write(
        &file,
        "[[scenario]]\nname = \"一亿\"\nset = [\"investment.total=1亿\"]\n\n[[scenario]]\nname = \"五亿\"\nset = [\"investment.total=5亿\"]\n",
    )
    .expect("write");
    let run = |args: &[&str]| -> Value {
        let out = bin()
            .args(["calc", "-", "--format", "json"])
            .args(args)
            .args(AS_OF)
            .write_stdin(BASE)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let from_file = run(&["--scenarios", file.to_str().expect("path")]);
    let from_flags = run(&[
        "--scenario",
        "一亿: investment.total=1亿",
        "--scenario",
        "五亿: investment.total=5亿",
    ]);
    assert_eq!(from_file, from_flags);
    // 5亿 × 1.5% = 7,500,000 against 490,000; and 60,000 of social insurance.
    assert_eq!(
        from_file["scenarios"][1]["diff"]["totals"]["cash_total"],
        "7070000.00"
    );
    let bad = bin()
        .args(["calc", "-", "--compare"])
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--compare 需要"));
}

#[test]
fn png_plot_when_a_chinese_font_is_installed() {
    let dir = tempfile::tempdir().expect("temp");
    let bad = bin()
        .args([
            "calc",
            "-",
            "--sweep",
            "investment.total=4000万..11亿",
            "--plot",
        ])
        .arg(dir.path().join("curve.pdf"))
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains(".svg 或 .png"));
    if !jincheng_incentives::render::chart::png_available() {
        // No Chinese font on this machine: PNG is refused (tested below), and
        // nothing else depends on a font.
        let out = bin()
            .args([
                "calc",
                "-",
                "--sweep",
                "investment.total=4000万..11亿",
                "--plot",
            ])
            .arg(dir.path().join("curve.png"))
            .write_stdin(BASE)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("中文字体"));
        return;
    }
    let png = dir.path().join("curve.png");
    let out = bin()
        .args([
            "calc",
            "-",
            "--sweep",
            "investment.total=4000万..11亿",
            "--plot",
        ])
        .arg(&png)
        .args(AS_OF)
        .write_stdin(BASE)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).expect("png written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
}
