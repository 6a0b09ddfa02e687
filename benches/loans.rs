//! Cost per loan of `calc` on projects with 100 to 100,000 loans: the
//! evaluation and the next tier (which searches each loan's principal for the
//! interest-subsidy cap) must stay linear in the loans. Plain
//! `harness = false` benchmark:
//!
//! ```text
//! cargo bench --locked --bench loans
//! ```
//!
//! Prints, for each size, the wall time of parsing the project and of
//! evaluating it with its next tiers, and that time per loan: a per-loan time
//! that stays flat as the loans grow tenfold is linear.

use jincheng_incentives::engine::{self, Options, next_tier};
use jincheng_incentives::project::parse::from_toml;
use jincheng_incentives::rules;
use std::fmt::Write;
use std::time::Instant;

/// A project with `n` small loans (100 to 149 yuan, so that even 100,000 stay
/// under the subsidy cap and the next tier searches every loan's principal),
/// of varied start and term, every third with yearly balances.
fn project(n: usize) -> String {
    let mut s = String::from(
        "[project]\nname = \"贷款基准\"\ninvestment_start = 2023-01-05\n\
         application_date = 2024-06-01\n\n[investment]\ntotal = \"2亿\"\n\n",
    );
    for k in 0..n {
        let month = 1 + k % 12;
        let term = [12, 24, 36][k % 3];
        let _ = write!(
            s,
            "[[loans]]\nprincipal = \"{}\"\nstart_date = 2023-{month:02}-01\nterm_months = {term}\n",
            100 + k % 50
        );
        if k % 3 == 0 {
            s.push_str("balances = [\"1万\"]\n");
        }
        s.push('\n');
    }
    s
}

fn main() {
    let rules = rules::load_embedded().expect("embedded rules");
    let opts = Options {
        as_of: None,
        today: jiff::ZonedDateTime::now().date(),
        strict: false,
        texts: true,
        checklist: true,
    };
    println!(
        "{:>8}  {:>10}  {:>12}  {:>14}",
        "loans", "parse ms", "calc ms", "calc µs/loan"
    );
    for n in [100, 1_000, 10_000, 100_000] {
        let text = project(n);
        let t = Instant::now();
        let p = from_toml(&text, &[]).expect("project parses");
        let parse = t.elapsed();
        let t = Instant::now();
        let mut report = engine::evaluate(&rules, &p, opts).expect("evaluates");
        next_tier::annotate(&rules, &p, opts, &mut report).expect("next tier");
        let calc = t.elapsed();
        println!(
            "{n:>8}  {:>10.1}  {:>12.1}  {:>14.2}",
            parse.as_secs_f64() * 1e3,
            calc.as_secs_f64() * 1e3,
            calc.as_secs_f64() * 1e6 / n as f64
        );
    }
}
