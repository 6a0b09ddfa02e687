//! Invariants over generated projects and generated rule sets: caps hold,
//! bounds are ordered, totals add up, rounding happens once, tiers are
//! monotone, the same input gives the same output, and `--set` equals editing.

use jincheng_incentives::engine::{self, Options};
use jincheng_incentives::model::{Report, Status};
use jincheng_incentives::money;
use jincheng_incentives::project::parse::{apply_sets, from_toml};
use jincheng_incentives::render::{json, table};
use jincheng_incentives::rules::{self, Category, Kind, RuleSet};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn shipped() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| rules::load_embedded().expect("shipped rules load"))
}

fn eval(rules: &RuleSet, text: &str) -> Report {
    let project = from_toml(text, &[]).expect("generated project parses");
    let opts = Options {
        as_of: jiff::civil::Date::new(2024, 6, 30).ok(),
        ..Options::new(jiff::civil::date(2024, 6, 30))
    };
    engine::evaluate(rules, &project, opts).expect("generated project evaluates")
}

fn yuan(d: u64) -> String {
    format!("\"{d}\"")
}

/// A random but plausible project file.
fn project() -> impl Strategy<Value = String> {
    let land = (
        1u32..2000,
        1u64..600,
        0u64..3000,
        1u64..40,
        any::<bool>(),
        any::<bool>(),
    );
    let invest = (0u64..200_000, 0u64..100, 0u64..100);
    let loans = prop::collection::vec(
        (
            1u64..60_000,
            1u32..130,
            2020i32..2026,
            1u32..13,
            prop::option::of(1u32..800),
            any::<bool>(),
        ),
        0..4,
    );
    let taxes = prop::collection::vec((0u64..20_000, 0u64..100, 0u64..5000), 0..6);
    let utilities = (
        0u64..1_000_000,
        100u32..600,
        10u32..80,
        100u32..400,
        prop::option::of(any::<bool>()),
    );
    let rented = prop::option::of((
        1u32..6000,
        1u32..40,
        1u32..13,
        prop::option::of(50u32..=100),
    ));
    let misc = (
        0u32..3000,
        any::<bool>(),
        prop::option::of(0usize..3),
        prop::sample::select(vec!["高端装备制造", "新材料", "光机电", "风电", "纺织"]),
        prop::option::of(any::<bool>()),
    );
    (land, invest, loans, taxes, utilities, rented, misc).prop_map(
        |(land, invest, loans, taxes, util, rented, misc)| {
            let (area, agreed_wan, fixed_wan, agreed_tax_wan, standard, dedicated_known) = land;
            let (total_wan, gov_pct, bank_pct) = invest;
            let mut t = String::new();
            let (employees, new_ent, top, industry, arrears) = misc;
            t.push_str(&format!(
                "[project]\nindustry = \"{industry}\"\ninvestment_start = 2021-01-01\ncompletion_date = 2022-06-30\nproduction_date = 2022-08-01\nnew_enterprise = {new_ent}\n"
            ));
            if let Some(k) = top {
                t.push_str(&format!("[enterprise]\ntop_rank = \"{}\"\n", ["world500", "china500", "industry20"][k]));
            }
            let gov = total_wan * gov_pct / 200;
            let bank = total_wan * bank_pct / 200;
            t.push_str(&format!(
                "[investment]\ntotal = \"{total_wan}万\"\ngovernment = \"{gov}万\"\nlocal_bank_loans = \"{bank}万\"\nfixed_assets = \"{}万\"\n",
                fixed_wan * u64::from(area) / 10
            ));
            t.push_str(&format!(
                "[land]\narea_mu = \"{}.{}\"\nstandard_land = {standard}\nagreed_intensity = \"{agreed_wan}万\"\nagreed_tax_per_mu = \"{agreed_tax_wan}万\"\n",
                area / 10,
                area % 10
            ));
            for (i, (p, term, year, month, rate, with_bal)) in loans.iter().enumerate() {
                t.push_str(&format!(
                    "[[loans]]\nprincipal = \"{p}万\"\nstart_date = {year}-{month:02}-15\nterm_months = {term}\n"
                ));
                if let Some(r) = rate {
                    t.push_str(&format!("annual_rate = \"{}.{:02}%\"\n", r / 100, r % 100));
                }
                if *with_bal {
                    t.push_str(&format!("balances = [\"{p}万\", \"{}万\", \"{}万\"]\n", p / 2, p / (3 + i as u64)));
                }
            }
            for (i, (tax, retained_pct, logistics)) in taxes.iter().enumerate() {
                t.push_str(&format!(
                    "[[tax_years]]\nyear = {}\ntax_paid = \"{tax}万\"\nretained = \"{}万\"\nlogistics_cost = \"{logistics}万\"\n",
                    2022 + i,
                    tax * retained_pct / 100
                ));
            }
            let (water, water_price, elec_price, gas_price, dedicated) = util;
            t.push_str(&format!(
                "[utilities]\nwater_tons = {water}\nwater_price = \"{}.{:02}\"\nelectricity_kwh = {}\nelectricity_price = \"0.{elec_price:02}\"\ngas_m3 = {water}\ngas_price = \"{}.{:02}\"\nheating_cost = {}\n",
                water_price / 100,
                water_price % 100,
                water * 10,
                gas_price / 100,
                gas_price % 100,
                yuan(water)
            ));
            if let (Some(d), true) = (dedicated, dedicated_known) {
                t.push_str(&format!("gas_large_industrial_dedicated = {d}\n"));
            }
            if let Some((area, rent, month, rate)) = rented {
                t.push_str(&format!(
                    "[factory.rented]\narea_m2 = {area}\nmonthly_rent_per_m2 = \"{rent}\"\nlease_start = 2022-{month:02}-01\n"
                ));
                if let Some(r) = rate {
                    t.push_str(&format!("reduction_rate = \"{r}%\"\n"));
                }
            }
            t.push_str(&format!("[employment]\ninsured_employees = {employees}\n"));
            if let Some(a) = arrears {
                t.push_str(&format!("[compliance]\ntax_arrears = {a}\n"));
            }
            t
        },
    )
}

fn loan_params(rules: &RuleSet) -> &jincheng_incentives::rules::kinds::loan_interest::LoanInterest {
    rules
        .rules
        .iter()
        .find_map(|r| match &r.kind {
            Kind::LoanInterest(p) => Some(p),
            _ => None,
        })
        .expect("a loan rule")
}

fn transport_params(
    rules: &RuleSet,
) -> &jincheng_incentives::rules::kinds::threshold_subsidy::ThresholdSubsidy {
    rules
        .rules
        .iter()
        .find_map(|r| match &r.kind {
            Kind::ThresholdSubsidy(p) => Some(p),
            _ => None,
        })
        .expect("a threshold rule")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_any_project(text in project()) {
        let rules = shipped();
        let r = eval(rules, &text);
        let mut sums = [Decimal::ZERO; 6];
        for i in &r.items {
            // Non-negative, ordered bounds, rounded to the fen.
            prop_assert!(i.amount >= Decimal::ZERO, "{} negative", i.id);
            prop_assert!(i.amount <= i.amount_max, "{}: {} > {}", i.id, i.amount, i.amount_max);
            prop_assert!(i.amount.scale() <= 2 && i.amount_max.scale() <= 2, "{}", i.id);
            // The schedule adds up to the item.
            if !i.schedule.is_empty() {
                let lo: Decimal = i.schedule.iter().map(|s| s.amount).sum();
                let hi: Decimal = i.schedule.iter().map(|s| s.amount_max).sum();
                prop_assert_eq!(lo, i.amount, "{} schedule", &i.id);
                prop_assert_eq!(hi, i.amount_max, "{} schedule max", &i.id);
            }
            if i.status == Status::Applies {
                let k = match i.category {
                    Category::CashOneTime => 0,
                    Category::CashMultiYear => 2,
                    Category::AnnualSaving => 4,
                    _ => continue,
                };
                sums[k] += i.amount;
                sums[k + 1] += i.amount_max;
            }
        }
        // Caps hold.
        let loan = loan_params(rules);
        let li = r.item("loan_interest").expect("loan item");
        prop_assert!(li.amount_max <= loan.cap.0, "loan {} over cap", li.amount_max);
        let tp = transport_params(rules);
        for s in &r.item("transport_subsidy").expect("transport").schedule {
            prop_assert!(s.amount_max <= tp.cap_per_year.0);
        }
        // Totals are the sums of the items that apply.
        let t = &r.totals;
        prop_assert_eq!(t.cash_one_time.low, sums[0]);
        prop_assert_eq!(t.cash_one_time.high, sums[1]);
        prop_assert_eq!(t.cash_multi_year.low, sums[2]);
        prop_assert_eq!(t.cash_multi_year.high, sums[3]);
        prop_assert_eq!(t.annual_savings.low, sums[4]);
        prop_assert_eq!(t.annual_savings.high, sums[5]);
        prop_assert_eq!(t.cash_total.low, sums[0] + sums[2]);
        prop_assert!(t.cash_total.low <= t.cash_total.high && t.annual_savings.low <= t.annual_savings.high);
        // The same input gives the same output.
        let again = eval(rules, &text);
        prop_assert_eq!(json::line(&r), json::line(&again));
        // JSON parses back, and its totals are the table's.
        let v: serde_json::Value = serde_json::from_str(&json::pretty(&r)).expect("json");
        let cash = money::fixed2(t.cash_total.low);
        prop_assert_eq!(v["totals"]["cash_total"].as_str(), Some(cash.as_str()));
        let shown = table::render(&r, false);
        prop_assert!(shown.contains(&money::grouped(t.cash_total.low)), "table lacks cash total");
        prop_assert!(shown.contains(&money::grouped(t.annual_savings.low)), "table lacks savings");
    }

    #[test]
    fn set_gives_the_same_result_as_editing_the_file(text in project(), area in 1u32..5000, total in 0u64..300_000) {
        let rules = shipped();
        let opts = Options { as_of: jiff::civil::Date::new(2024, 6, 30).ok(), ..Options::new(jiff::civil::date(2024, 6, 30)) };
        let mut project = from_toml(&text, &[]).expect("parses");
        let sets = [format!("land.area_mu={area}"), format!("investment.total={total}万")];
        let by_set = apply_sets(&mut project, &sets)
            .ok()
            .and_then(|()| engine::evaluate(rules, &project, opts).ok())
            .map(|r| json::line(&r));
        let mut edited = String::new();
        for line in text.lines() {
            if line.starts_with("area_mu =") {
                edited.push_str(&format!("area_mu = {area}\n"));
            } else if line.starts_with("total =") {
                edited.push_str(&format!("total = \"{total}万\"\n"));
            } else {
                edited.push_str(line);
                edited.push('\n');
            }
        }
        let by_edit = from_toml(&edited, &[])
            .ok()
            .and_then(|p| engine::evaluate(rules, &p, opts).ok())
            .map(|r| json::line(&r));
        // Both refuse (deductions above the new total) or both give the same report.
        prop_assert_eq!(by_set, by_edit);
    }

    /// Within one tier the reward never falls as the investment grows.
    #[test]
    fn investment_reward_is_monotone_within_a_tier(a in 5_000u64..1_000_000, b in 5_000u64..1_000_000) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let text = |wan: u64| format!(
            "[project]\ncompletion_date = 2022-01-01\nproduction_date = 2022-02-01\n[investment]\ntotal = \"{wan}万\"\n"
        );
        let r1 = eval(shipped(), &text(lo));
        let r2 = eval(shipped(), &text(hi));
        let (x, y) = (r1.item("investment_reward").expect("item"), r2.item("investment_reward").expect("item"));
        if x.status == Status::Applies && y.status == Status::Applies {
            prop_assert!(x.amount <= y.amount, "{} 万 → {}, {} 万 → {}", lo, x.amount, hi, y.amount);
        }
    }

    /// A single loan's subsidy (principal in fen, up to 1亿 元) is its exact
    /// monthly sum rounded once, not a sum of rounded months.
    #[test]
    fn loan_subsidy_is_rounded_once(principal in 1u64..10_000_000_000, term in 1u32..60) {
        let text = format!(
            "[[loans]]\nprincipal = \"{}.{:02}\"\nstart_date = 2023-03-01\nterm_months = {term}\n",
            principal / 100,
            principal % 100
        );
        let rules = shipped();
        let p = loan_params(rules);
        let bench = p.benchmark.iter().find(|t| t.up_to_months.is_none_or(|m| term <= u32::from(m))).expect("tier");
        let months = Decimal::from(term.min(u32::from(p.months)));
        let exact = Decimal::new(principal as i64, 2) * bench.rate.0 * p.share.0 * months / Decimal::from(12);
        let expected = money::round_yuan(exact.min(p.cap.0));
        let r = eval(rules, &text);
        prop_assert_eq!(r.item("loan_interest").expect("item").amount, expected);
    }

    /// Generated rule sets: a loan cap and subsidy share drawn at random hold
    /// for any project.
    #[test]
    fn generated_loan_caps_hold(cap_wan in 0u64..2000, share in 0u32..=100, text in project()) {
        let sources: Vec<(String, String)> = rules::EMBEDDED
            .iter()
            .map(|(n, t)| {
                let t = t
                    .replace("cap = \"500万\"", &format!("cap = \"{cap_wan}万\""))
                    .replace("share = \"30%\"", &format!("share = \"{share}%\""));
                ((*n).to_string(), t)
            })
            .collect();
        let rules = rules::load_sources(&sources).expect("generated rules load");
        let r = eval(&rules, &text);
        let cap = Decimal::from(cap_wan) * Decimal::from(10_000);
        prop_assert!(r.item("loan_interest").expect("item").amount_max <= cap);
    }

    /// Generated tier tables load exactly when they are contiguous.
    #[test]
    fn generated_tiers_load_iff_contiguous(
        bounds in prop::collection::vec(1u64..50, 4),
        incl in prop::collection::vec(any::<bool>(), 6),
    ) {
        let b: Vec<u64> = bounds.iter().scan(0, |acc, x| { *acc += x; Some(*acc) }).collect();
        // Tier i spans b[i]..b[i+1]; a second variant shifts the middle tier's start.
        let shift = (b[1] + b[2]) / 2;
        let starts = [b[0], if incl[5] { shift } else { b[1] }, b[2]];
        let tiers: Vec<String> = (0..3)
            .map(|i| format!(
                "{{ from = \"{}万\", from_inclusive = {}, to = \"{}万\", to_inclusive = {}, rate = \"1%\" }}",
                starts[i], incl[2 * i], b[i + 1], incl[2 * i + 1]
            ))
            .collect();
        let contiguous = (0..2).all(|i| starts[i + 1] == b[i + 1] && (incl[2 * i + 1] != incl[2 * i + 2]))
            && (0..3).all(|i| starts[i] < b[i + 1]);
        let sources: Vec<(String, String)> = rules::EMBEDDED
            .iter()
            .map(|(n, t)| {
                let start = t.find("tiers = [\n  { from").map(|s| s + "tiers = [\n".len());
                let t = match start {
                    Some(s) => {
                        let end = s + t[s..].find("\n]").expect("end of tiers");
                        format!("{}{}{}", &t[..s], tiers.join(",\n"), &t[end..])
                    }
                    None => (*t).to_string(),
                };
                ((*n).to_string(), t)
            })
            .collect();
        let loaded = rules::load_sources(&sources);
        prop_assert_eq!(loaded.is_ok(), contiguous, "{:?} {:?}", tiers, loaded.err());
    }
}
