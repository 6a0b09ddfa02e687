//! Arithmetic at the edges: amounts up to 10^15 元 and areas up to 10^9 亩
//! compute exactly; anything larger is an input error naming the field; a
//! result too large for Decimal's 28 digits (or for two decimals) is an error
//! naming the rule, never a panic or a wrapped or malformed figure.
//!
//! Every expected figure was worked by hand with Python's `decimal` module
//! (60 digits of precision), e.g. `(Decimal("4.5") - 3) * 10**12`.

use crate::util::{bin, calc_stdin, item, root};
use jincheng_incentives::project::schema::{FIELDS, FieldType};
use serde_json::Value;
use std::process::Output;
use tempfile::TempDir;

const AS_OF: [&str; 2] = ["--as-of", "2023-11-20"];
const E15: &str = "1000000000000000";
const E15_AND_A_FEN: &str = "1000000000000000.01";

/// Runs `calc --format json` on a project text; it must succeed.
fn report(text: &str) -> Value {
    let out = calc_stdin(text, &AS_OF);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("calc prints JSON")
}

/// Exit 1 with a message naming `needle`; no panic.
#[track_caller]
fn assert_refused(out: &Output, needle: &str, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(stderr.contains(needle), "{what}: no {needle:?} in {stderr}");
    assert!(out.stdout.is_empty(), "{what}: output written half-way");
}

#[track_caller]
fn assert_item(r: &Value, id: &str, status: &str, amount: &str, amount_max: &str) {
    let i = item(r, id);
    assert_eq!(i["status"], status, "{id}: {i}");
    assert_eq!(i["amount"], amount, "{id}: {i}");
    assert_eq!(i["amount_max"], amount_max, "{id}: {i}");
}

fn schedule(r: &Value, id: &str) -> Vec<(i64, String)> {
    item(r, id)["schedule"]
        .as_array()
        .expect("schedule")
        .iter()
        .map(|e| {
            (
                e["year"].as_i64().expect("year"),
                e["amount"].as_str().expect("amount").to_string(),
            )
        })
        .collect()
}

fn standard_land(area_mu: &str, intensity: &str, fixed_assets: &str) -> String {
    format!(
        "[investment]\nfixed_assets = \"{fixed_assets}\"\n\
         [land]\narea_mu = {area_mu}\nstandard_land = true\nagreed_intensity = \"{intensity}\"\n"
    )
}

// ------------------------------------------------------------ the largest inputs compute exactly

#[test]
fn standard_land_reward_on_a_billion_mu() {
    // 1.3e9 ≥ 1.3 × 1 × 1e9 → 15万 × 1e9 = 150,000,000,000,000.00
    let r = report(&standard_land("1000000000", "1", "1300000000"));
    let exact = "150000000000000.00";
    assert_item(&r, "standard_land_investment", "applies", exact, exact);
    assert_eq!(r["totals"]["cash_one_time"], exact);
    // One 元 short of 1.3× → the 1× tier: 10万 × 1e9 = 100,000,000,000,000.00
    let r = report(&standard_land("1000000000", "1", "1299999999"));
    let exact = "100000000000000.00";
    assert_item(&r, "standard_land_investment", "applies", exact, exact);
}

#[test]
fn shortfall_at_the_largest_intensity_and_area() {
    // Need 1 × 1e15 × 1e9 = 1e24; have 1e15 → short 999,999,999,000,000,000,000,000.00
    let r = report(&standard_land("1000000000", E15, E15));
    let i = item(&r, "standard_land_investment");
    assert_eq!(i["status"], "not_applicable", "{i}");
    assert_eq!(i["shortfall"], "999999999000000000000000.00", "{i}");
}

#[test]
fn investment_of_ten_to_the_fifteen_is_case_by_case() {
    let text = format!(
        "[project]\ncompletion_date = 2022-12-20\nproduction_date = 2023-01-10\n\
         [investment]\ntotal = \"{E15}\"\n"
    );
    let r = report(&text);
    assert_item(&r, "investment_reward", "case_by_case", "0.00", "0.00");
    assert_eq!(item(&r, "case_by_case")["status"], "case_by_case");
    assert_eq!(r["totals"]["cash_total"], "0.00");
    // One fen more is an input error naming the field.
    let text = text.replace(E15, E15_AND_A_FEN);
    assert_refused(
        &calc_stdin(&text, &AS_OF),
        "investment.total",
        "10^15 + 0.01",
    );
}

#[test]
fn loans_of_ten_to_the_fifteen_are_capped_at_five_million() {
    // 1e15 × 4.75% × 30% ÷ 12 = 1,187,500,000,000 a month, 42,750,000,000,000
    // over 36 months; the 500万 cap is taken from the latest months first, so
    // all that is left is 5,000,000.00 in 2021.
    let loan =
        format!("[[loans]]\nprincipal = \"{E15}\"\nstart_date = 2021-06-01\nterm_months = 36\n");
    let capped = |r: &Value| {
        assert_item(r, "loan_interest", "applies", "5000000.00", "5000000.00");
        assert_eq!(schedule(r, "loan_interest"), [(2021, "5000000.00".into())]);
    };
    capped(&report(&loan));
    capped(&report(&loan.repeat(100)));
    let balances = vec![format!("\"{E15}\""); 100].join(", ");
    let long = format!(
        "[[loans]]\nprincipal = \"{E15}\"\nstart_date = 2021-06-01\nterm_months = 1200\n\
         balances = [{balances}]\n"
    );
    capped(&report(&long));
    let over = loan.replace(E15, E15_AND_A_FEN);
    assert_refused(
        &calc_stdin(&over, &AS_OF),
        "loans[1].principal",
        "principal",
    );
}

#[test]
fn utilities_at_a_trillion_units() {
    let text = "[utilities]\nwater_tons = 1000000000000\nwater_price = \"4.5\"\n\
                electricity_kwh = 1000000000000\nelectricity_price = \"0.45\"\n\
                gas_m3 = 1000000000000\ngas_price = \"2.6\"\ngas_large_industrial_dedicated = true\n\
                heating_cost = \"1000000000000000\"\n";
    let r = report(text);
    // (4.5 − 3) × 1e12; (0.45 − 0.30) × 1e12; (2.6 − 2.0) × 1e12; 1e15 × 10%
    assert_item(
        &r,
        "water_price",
        "applies",
        "1500000000000.00",
        "1500000000000.00",
    );
    assert_item(
        &r,
        "electricity_price",
        "applies",
        "150000000000.00",
        "150000000000.00",
    );
    assert_item(
        &r,
        "gas_price",
        "applies",
        "600000000000.00",
        "600000000000.00",
    );
    assert_item(
        &r,
        "heat_price",
        "applies",
        "100000000000000.00",
        "100000000000000.00",
    );
    assert_eq!(r["totals"]["annual_savings"], "102250000000000.00");
    assert_eq!(r["totals"]["annual_savings_max"], "102250000000000.00");
}

#[test]
fn factories_at_the_largest_area_and_rent() {
    // Buildings: 1e12 m² × 40 = 40,000,000,000,000.00.
    // Rent: 2000 m² (the free cap) × 1e15 a month × 24 = 48,000,000,000,000,000,000.00;
    // reduction: 36 months from production (= lease start), the first 24 wholly
    // free, then 12 × 2000 × 1e15 = 2.4e19 at 50%–100%.
    let text = format!(
        "[project]\nproduction_date = 2021-01-01\n\
         [[factory.buildings]]\nstructure = \"light_steel\"\narea_m2 = 1000000000000\n\
         [factory.rented]\narea_m2 = 2000\nmonthly_rent_per_m2 = \"{E15}\"\nlease_start = 2021-01-01\n"
    );
    let r = report(&text);
    let b = "40000000000000.00";
    assert_item(&r, "factory_construction", "applies", b, b);
    let free = "48000000000000000000.00";
    assert_item(&r, "factory_rent_free", "applies", free, free);
    assert_item(
        &r,
        "factory_rent_reduction",
        "applies",
        "12000000000000000000.00",
        "24000000000000000000.00",
    );
    assert_eq!(r["totals"]["cash_multi_year"], "60000000000000000000.00");
    assert_eq!(
        r["totals"]["cash_multi_year_max"],
        "72000000000000000000.00"
    );
}

#[test]
fn tax_and_headcount_at_their_limits() {
    // Retained 1e15 × 50% for 3 years = 1,500,000,000,000,000.00; logistics
    // 1e15 × 10% capped at 100万 a year = 3,000,000.00; 1e7 people × 200 × 3
    // = 6,000,000,000.00.
    let mut text = format!(
        "[project]\nnew_enterprise = true\n\
         [investment]\ntotal = \"{E15}\"\nfixed_assets = \"{E15}\"\n\
         [land]\narea_mu = 1000000000\nstandard_land = true\nagreed_intensity = \"1\"\n\
         agreed_tax_per_mu = \"0.0001\"\n\
         [employment]\ninsured_employees = 10000000\n"
    );
    for year in 2023..2026 {
        text.push_str(&format!(
            "[[tax_years]]\nyear = {year}\ntax_paid = \"{E15}\"\nretained = \"{E15}\"\nlogistics_cost = \"{E15}\"\n"
        ));
    }
    let r = report(&text);
    let over = "1500000000000000.00";
    assert_item(&r, "standard_land_over_standard", "applies", over, over);
    assert_item(
        &r,
        "transport_subsidy",
        "applies",
        "3000000.00",
        "3000000.00",
    );
    assert_item(
        &r,
        "social_insurance",
        "applies",
        "6000000000.00",
        "6000000000.00",
    );
    assert_item(
        &r,
        "standard_land_investment",
        "applies",
        "150000000000000.00",
        "150000000000000.00",
    );
}

// ------------------------------------------------------------ past the limits: input errors

/// Every money field takes 10^15 and refuses 10^15 + 0.01, naming itself.
#[test]
fn every_money_field_takes_ten_to_the_fifteen_and_not_a_fen_more() {
    for spec in FIELDS.iter().filter(|s| matches!(s.ty, FieldType::Money)) {
        let path = spec.display_path(spec.group().map(|_| 0));
        let ok = calc_stdin("", &["--set", &format!("{path}={E15}"), AS_OF[0], AS_OF[1]]);
        assert_eq!(
            ok.status.code(),
            Some(0),
            "{path} = 1e15: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let set = format!("{path}={E15_AND_A_FEN}");
        let out = calc_stdin("", &["--set", &set]);
        assert_refused(&out, &path, &set);
        let text = toml_with(&path, &format!("\"{E15_AND_A_FEN}\""));
        assert_refused(&calc_stdin(&text, &AS_OF), &path, &text);
    }
}

/// A project file setting one field: `loans[1].principal` → `[[loans]]`.
fn toml_with(path: &str, value: &str) -> String {
    match path.split_once("[1].") {
        Some((array, key)) => format!("[[{array}]]\n{key} = {value}\n"),
        None => {
            let (section, key) = path.rsplit_once('.').expect("dotted path");
            format!("[{section}]\n{key} = {value}\n")
        }
    }
}

#[test]
fn areas_and_quantities_past_their_limits_are_input_errors() {
    let cases = [
        ("land.area_mu", "1000000000.000001"),
        ("land.area_mu", "1000000001"),
        ("factory.buildings[1].area_m2", "1000000000001"),
        ("factory.rented.area_m2", "1000000000001"),
        ("utilities.water_tons", "1000000000001"),
        ("utilities.electricity_kwh", "1000000000001"),
        ("utilities.gas_m3", "1000000000001"),
        ("employment.insured_employees", "10000001"),
        ("loans[1].term_months", "1201"),
        ("land.term_years", "101"),
        ("tax_years[1].year", "2201"),
    ];
    for (path, value) in cases {
        let text = toml_with(path, value);
        assert_refused(&calc_stdin(&text, &AS_OF), path, &text);
    }
    // At the limit, the area is accepted.
    report("[land]\narea_mu = 1000000000\n");
}

// ------------------------------------------------------------ results past Decimal: errors naming the rule

#[test]
fn results_too_large_to_print_to_the_fen_name_their_rule() {
    // (1e15 − 3) × 1e12 ≈ 1e27: beyond 7.9e26, the most Decimal can hold with
    // two decimals. It used to print as "999999999999997000000000000.0".
    let water = format!("[utilities]\nwater_tons = 1000000000000\nwater_price = \"{E15}\"\n");
    assert_refused(&calc_stdin(&water, &AS_OF), "water_price", "water");
    // 1e12 m² × 1e15 a month for 36 months ≈ 3.6e28: the reduction.
    let rent = format!(
        "[project]\nproduction_date = 2021-01-01\n[factory.rented]\narea_m2 = 1000000000000\n\
         monthly_rent_per_m2 = \"{E15}\"\nlease_start = 2021-01-01\n"
    );
    assert_refused(&calc_stdin(&rent, &AS_OF), "factory_rent_reduction", "rent");
    // Two savings of 5e26 each fit alone; their total does not.
    let both = "[utilities]\nwater_tons = 1000000000000\nwater_price = \"500000000000000\"\n\
                electricity_kwh = 1000000000000\nelectricity_price = \"500000000000000\"\n";
    assert_refused(&calc_stdin(both, &AS_OF), "合计", "totals");
    // Just under: 7e26 at water alone prints exactly.
    let under = "[utilities]\nwater_tons = 1000000000000\nwater_price = \"700000000000003\"\n";
    let r = report(under);
    let exact = "700000000000000000000000000.00";
    assert_item(&r, "water_price", "applies", exact, exact);
}

/// Decimal rounds a product that needs more than 28 digits instead of failing.
/// Far below the fen that is harmless; on a half fen it moved the fen.
#[test]
fn products_past_twenty_eight_digits_are_exact_to_the_fen_or_refused() {
    let water = |price: &str| {
        format!("[utilities]\nwater_tons = \"999999999999.999999\"\nwater_price = \"{price}\"\n")
    };
    // (10000000.0001 − 3) × 999999999999.999999 = 9999997000099999990.0000029999
    let r = report(&water("10000000.0001"));
    let fen = "9999997000099999990.00";
    assert_item(&r, "water_price", "applies", fen, fen);
    // (10005003.0005 − 3) × 999999999999.999999 = 10005000000499999989.9949999995,
    // 四舍五入 …989.99; kept to 9 decimals it became …989.995000000 and printed
    // …990.00. Now refused, naming the rule.
    let out = calc_stdin(&water("10005003.0005"), &AS_OF);
    assert_refused(&out, "water_price", "a product rounded onto a half fen");
}

/// A rules file may hold numbers that overflow 28 digits when multiplied by
/// the largest inputs; the engine reports the rule instead of panicking.
#[test]
fn a_rules_ratio_that_overflows_decimal_names_the_rule() {
    let dir = TempDir::new().expect("temp dir");
    for entry in std::fs::read_dir(root().join("rules")).expect("rules/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read rules");
        let text = text.replace("ratio = \"1.3\"", "ratio = \"99999999999999999999\"");
        let name = path.file_name().expect("file name");
        std::fs::write(dir.path().join(name), text).expect("write rules");
    }
    let project = standard_land("1000000000", E15, E15);
    let out = bin()
        .args(["calc", "-", "--rules"])
        .arg(dir.path())
        .args(AS_OF)
        .write_stdin(project)
        .output()
        .expect("run calc");
    assert_refused(&out, "standard_land_investment", "ratio 1e20 × 1e15 × 1e9");
}
