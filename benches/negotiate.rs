//! Speed of the negotiation features: a sweep of 1,000 points and a compare
//! of 10 scenarios, each with the rules loaded once. Plain `harness = false`
//! benchmark:
//!
//! ```text
//! cargo bench --locked --bench negotiate -- [--runs N]
//! ```
//!
//! Prints, for each, the best and median wall time of N runs (default 10) in
//! the library, and of the release binary run as a process (rules parsed
//! from the embedded files, project read, output written to a pipe).

use jincheng_incentives::engine::{Options, sweep};
use jincheng_incentives::negotiate;
use jincheng_incentives::project::parse::{apply_sets, from_toml};
use jincheng_incentives::render::compare;
use jincheng_incentives::rules;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jincheng-incentives");
const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/standard-land-manufacturer.toml"
);
const SWEEP: &str = "investment.total=5000万..12亿";

fn scenarios() -> Vec<String> {
    (1..=10)
        .map(|k| {
            format!(
                "方案{k}: investment.total={}万, land.area_mu={}",
                8000 + 4000 * k,
                40 + 5 * k
            )
        })
        .collect()
}

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2])
}

fn show(name: &str, v: Vec<Duration>) {
    let (best, median) = stats(v);
    println!(
        "{name:<44} best {:>8.1} ms   median {:>8.1} ms",
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10usize);
    let rules = rules::load_embedded().expect("rules");
    let text = std::fs::read_to_string(EXAMPLE).expect("example");
    let project = from_toml(&text, &[]).expect("project");
    let opts = Options::new(jiff::ZonedDateTime::now().date());
    let spec = sweep::Spec::parse(SWEEP).expect("sweep");

    let mut t = Vec::new();
    let mut points = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let s = sweep::run(&rules, &project, opts, &spec, 1000).expect("sweep");
        let json = serde_json::to_string(&s).expect("json");
        t.push(start.elapsed());
        points = s.points.len();
        std::hint::black_box(json);
    }
    show(&format!("library: sweep, {points} points (JSON)"), t);

    let list: Vec<_> = scenarios()
        .iter()
        .map(|s| negotiate::parse_scenario(s).expect("scenario"))
        .collect();
    let mut t = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let base = negotiate::report(&rules, &project, opts, "bench").expect("baseline");
        let mut reports = Vec::new();
        for s in &list {
            let mut p = project.clone();
            apply_sets(&mut p, &s.set).expect("sets");
            reports.push(negotiate::report(&rules, &p, opts, "bench").expect("scenario"));
        }
        let mut cols = vec![compare::Column {
            title: "基准".into(),
            report: &base,
        }];
        for (s, r) in list.iter().zip(&reports) {
            cols.push(compare::Column {
                title: s.name.clone(),
                report: r,
            });
        }
        let table = compare::render("bench", &cols, true);
        t.push(start.elapsed());
        std::hint::black_box(table);
    }
    show("library: compare, 10 scenarios (with next tiers, table)", t);

    let process = |extra: &[String]| {
        let mut t = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let out = Command::new(BIN)
                .arg("calc")
                .arg(EXAMPLE)
                .args(extra)
                .output()
                .expect("run");
            t.push(start.elapsed());
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        t
    };
    let sweep_args: Vec<String> = ["--sweep", SWEEP, "--steps", "1000", "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    show(
        "binary: calc --sweep … --steps 1000 --format json",
        process(&sweep_args),
    );
    let mut cmp: Vec<String> = Vec::new();
    for s in scenarios() {
        cmp.push("--scenario".into());
        cmp.push(s);
    }
    show("binary: calc --scenario ×10 (table)", process(&cmp));
    cmp.extend(["--format".to_string(), "json".to_string()]);
    show("binary: calc --scenario ×10 --format json", process(&cmp));
}
