//! Property: applying an item's `next_tier.increase` to its field and
//! evaluating again gives exactly `next_tier.amount` for that item, and the
//! increase is the least: one unit less gives a lower amount (for a cap,
//! reached before rounding, no more than it).

use jincheng_incentives::engine::{self, Options, next_tier};
use jincheng_incentives::model::Report;
use jincheng_incentives::project::parse::{apply_sets, from_toml};
use jincheng_incentives::project::schema::parse_user_path;
use jincheng_incentives::rules::{self, RuleSet};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn shipped() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| rules::load_embedded().expect("shipped rules load"))
}

fn opts() -> Options {
    Options {
        as_of: jiff::civil::Date::new(2024, 6, 30).ok(),
        ..Options::new(jiff::civil::date(2024, 6, 30))
    }
}

fn report(text: &str, sets: &[String]) -> Report {
    let mut p = from_toml(text, &[]).expect("generated project parses");
    apply_sets(&mut p, sets).expect("sets apply");
    let mut r = engine::evaluate(shipped(), &p, opts()).expect("evaluates");
    next_tier::annotate(shipped(), &p, opts(), &mut r).expect("next tiers");
    r
}

/// Fen amounts as `"123.45"`.
fn fen(n: u64) -> String {
    let mut d = Decimal::from(n);
    d.set_scale(2).expect("scale");
    d.to_string()
}

#[allow(clippy::type_complexity)]
fn project() -> impl Strategy<Value = String> {
    (
        (1u64..150_000_000_000, 0u64..2_000_000_000, 0u64..3),
        (1u32..120, 50u64..500, 1u64..300_000_000_000, any::<bool>()),
        (0u32..400, 1u64..20_000_000_000, 1u32..80),
        (0u64..2_000_000_000, 0u64..1_500_000_000, 100u64..400_000),
        (0u64..30_000_000_000, 0u64..30_000_000_000),
    )
        .prop_map(
            |((total, gov, loans_kind), (mu, agreed_wan, fixed, standard), (people, principal, term), (tax, logistics, rented), (raised, invested))| {
                let mut t = format!(
                    "[project]\nindustry = \"新材料\"\ninvestment_start = 2023-01-01\ncompletion_date = 2023-06-01\nproduction_date = 2023-07-01\nnew_enterprise = true\n\
                     [investment]\ntotal = \"{}\"\ngovernment = \"{}\"\nfixed_assets = \"{}\"\n\
                     [land]\narea_mu = {mu}\nstandard_land = {standard}\nagreed_intensity = \"{agreed_wan}万\"\nagreed_tax_per_mu = \"10万\"\n\
                     [employment]\ninsured_employees = {people}\n\
                     [factory.rented]\nstandard_factory = true\narea_m2 = \"{}\"\nmonthly_rent_per_m2 = \"12\"\nlease_start = 2023-03-01\n\
                     [listing]\nboard = \"main\"\nhq_moved = true\nraised = \"{}\"\ninvested_locally = \"{}\"\n\
                     [[tax_years]]\nyear = 2023\ntax_paid = \"{}\"\nretained = \"300万\"\nlogistics_cost = \"{}\"\n",
                    fen(total),
                    fen(gov.min(total)),
                    fen(fixed),
                    fen(rented),
                    fen(raised),
                    fen(invested),
                    fen(tax),
                    fen(logistics),
                );
                if loans_kind > 0 {
                    t.push_str(&format!(
                        "[[loans]]\nprincipal = \"{}\"\nstart_date = 2023-02-01\nterm_months = {term}\n",
                        fen(principal)
                    ));
                }
                t
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn applying_next_tier_gives_its_amount(text in project()) {
        let base = report(&text, &[]);
        for item in &base.items {
            let Some(n) = &item.next_tier else { continue };
            prop_assert!(n.increase > Decimal::ZERO);
            prop_assert_eq!(n.gain, n.amount - item.amount);
            let (spec, index) = parse_user_path(&n.field).expect("a field path");
            let p = from_toml(&text, &[]).expect("parses");
            let now = next_tier::current(&p, spec.field, index).expect("the field is given");
            let mut to = now + n.increase;
            to.rescale(2);
            let after = report(&text, &[format!("{}={to}", n.field)]);
            let there = after.item(&item.id).expect("same rules");
            prop_assert_eq!(there.amount, n.amount, "{} with {}={}", item.id, n.field, to);
            // One unit less does not reach it.
            let unit = next_tier::step(spec.field);
            let mut less = to - unit;
            less.rescale(2);
            let before = report(&text, &[format!("{}={less}", n.field)]);
            let short = before.item(&item.id).expect("same rules");
            // A cap is reached where the amount before rounding equals it, so
            // one fen below may already round to it: never more, though.
            if item.id == "loan_interest" {
                prop_assert!(short.amount <= n.amount);
            } else {
                prop_assert!(short.amount < n.amount, "{} with {}={} already gives {}", item.id, n.field, less, short.amount);
            }
        }
    }
}
