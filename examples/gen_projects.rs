//! Writes N synthetic, realistic project rows as a `batch` CSV to standard
//! output, the same for the same arguments.
//!
//! ```text
//! cargo run --release --example gen_projects -- N [--seed S] [--bad-every K] > projects.csv
//! ```
//!
//! Rows vary land, one or two loans, one to three tax years, buildings, a
//! rented factory, utilities and the units money is written in. With
//! `--bad-every K`, every K-th row carries a mistake (a bad number, a bad date,
//! a missing cell) so the run exits 3 with those rows failed.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use std::io::Write;

const HEADER: &[&str] = &[
    "project.id",
    "project.name",
    "project.county",
    "project.industry",
    "project.investment_start",
    "project.construction_permit_date",
    "project.completion_date",
    "project.production_date",
    "project.application_date",
    "project.new_enterprise",
    "enterprise.name",
    "enterprise.top_rank",
    "enterprise.key_enterprise",
    "investment.total",
    "investment.government",
    "investment.local_bank_loans",
    "investment.fixed_assets",
    "land.area_mu",
    "land.standard_land",
    "land.agreed_intensity",
    "land.agreed_tax_per_mu",
    "land.use",
    "land.supply",
    "land.term_years",
    "factory.buildings[1].structure",
    "factory.buildings[1].area_m2",
    "factory.buildings[2].structure",
    "factory.buildings[2].area_m2",
    "factory.rented.area_m2",
    "factory.rented.monthly_rent_per_m2",
    "factory.rented.lease_start",
    "loans[1].principal",
    "loans[1].start_date",
    "loans[1].term_months",
    "loans[1].annual_rate",
    "loans[2].principal",
    "loans[2].start_date",
    "loans[2].term_months",
    "loans[2].annual_rate",
    "tax_years[1].year",
    "tax_years[1].tax_paid",
    "tax_years[1].retained",
    "tax_years[1].logistics_cost",
    "tax_years[2].year",
    "tax_years[2].tax_paid",
    "tax_years[2].retained",
    "tax_years[2].logistics_cost",
    "tax_years[3].year",
    "tax_years[3].tax_paid",
    "tax_years[3].retained",
    "tax_years[3].logistics_cost",
    "utilities.water_tons",
    "utilities.water_price",
    "utilities.electricity_kwh",
    "utilities.electricity_price",
    "utilities.gas_m3",
    "utilities.gas_price",
    "utilities.gas_large_industrial_dedicated",
    "utilities.heating_cost",
    "utilities.telecom_fees",
    "employment.insured_employees",
    "compliance.tax_arrears",
];

const COUNTIES: &[&str] = &["城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县"];
const INDUSTRIES: &[&str] = &[
    "高端装备制造",
    "新材料",
    "信息技术",
    "新能源",
    "新能源汽车",
    "煤层气",
    "现代煤化工",
    "精密铸造",
    "生物科技",
    "节能环保",
];

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn days_after(&mut self, d: Date, lo: u64, hi: u64) -> Date {
        let days = self.range(lo, hi) as i64;
        d.checked_add(days.days()).unwrap_or(d)
    }
}

impl Rng {
    /// Money in 元 written the ways people write it: `1.25亿`, `3000万`, plain.
    fn money(&mut self, yuan: u64) -> String {
        match self.next() % 4 {
            0 if yuan >= 100_000_000 && yuan.is_multiple_of(1_000_000) => {
                trim(format!(
                    "{}.{:02}",
                    yuan / 100_000_000,
                    yuan / 1_000_000 % 100
                )) + "亿"
            }
            1 if yuan.is_multiple_of(10_000) => format!("{}万", yuan / 10_000),
            2 => grouped(yuan),
            _ => yuan.to_string(),
        }
    }
}

fn trim(s: String) -> String {
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A price in fen as yuan with two decimals.
fn price(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn flag(rng: &mut Rng) -> &'static str {
    ["true", "false", "是", "否"][(rng.next() % 4) as usize]
}

fn row(rng: &mut Rng, i: u64) -> Vec<String> {
    let mut r: Vec<String> = Vec::with_capacity(HEADER.len());
    let mut put = |v: String| r.push(v);
    let start = rng.days_after(date(2020, 1, 1), 0, 1400);
    let permit = rng.days_after(start, 0, 60);
    let completion = rng.days_after(permit, 300, 900);
    let production = rng.days_after(completion, 0, 90);
    let application = rng.days_after(production, 30, 400);
    put(format!("P-{i:07}"));
    put(format!("合成项目{i}"));
    put(rng.pick(COUNTIES).into());
    put(if rng.pct(5) {
        "光伏发电".into()
    } else {
        rng.pick(INDUSTRIES).into()
    });
    put(start.to_string());
    put(permit.to_string());
    put(completion.to_string());
    put(production.to_string());
    put(application.to_string());
    put(flag(rng).into());
    put(format!("晋城合成{i}有限公司"));
    put(match rng.next() % 20 {
        0 => "world500".into(),
        1 => "china500".into(),
        2 => "industry20".into(),
        _ => String::new(),
    });
    put(if rng.pct(30) {
        flag(rng).into()
    } else {
        String::new()
    });
    let total = rng.range(50, 2000) * 1_000_000;
    put(rng.money(total));
    let v = total / 100 * rng.range(0, 10);
    put(rng.money(v));
    let v = total / 100 * rng.range(0, 20);
    put(rng.money(v));
    let v = total / 100 * rng.range(80, 95);
    put(rng.money(v));
    let area = rng.range(20, 300);
    put(if rng.pct(20) {
        format!("{area}.5")
    } else {
        area.to_string()
    });
    put(flag(rng).into());
    let v = rng.range(100, 500) * 10_000;
    put(rng.money(v));
    let v = rng.range(10, 50) * 10_000;
    put(rng.money(v));
    put(if rng.pct(10) { "M0" } else { "M1" }.into());
    let supply = match rng.next() % 10 {
        0 => "flexible_transfer",
        1 => "long_term_lease",
        _ => "transfer",
    };
    put(supply.into());
    put(match supply {
        "flexible_transfer" => rng.range(20, 35).to_string(),
        "long_term_lease" => rng.range(10, 25).to_string(),
        _ => String::new(),
    });
    for p in [90, 30] {
        if rng.pct(p) {
            put(rng.pick(&["light_steel", "mixed", "other"]).into());
            put(rng.range(1000, 40000).to_string());
        } else {
            put(String::new());
            put(String::new());
        }
    }
    if rng.pct(20) {
        put(rng.range(500, 5000).to_string());
        put(price(rng.range(800, 2500)));
        put(rng.days_after(start, 0, 200).to_string());
    } else {
        put(String::new());
        put(String::new());
        put(String::new());
    }
    for p in [85, 40] {
        if rng.pct(p) {
            let v = rng.range(10, 300) * 1_000_000;
            put(rng.money(v));
            put(rng.days_after(start, 30, 700).to_string());
            put(rng.range(12, 72).to_string());
            put(if rng.pct(50) {
                format!("{}%", price(rng.range(300, 520)))
            } else {
                String::new()
            });
        } else {
            for _ in 0..4 {
                put(String::new());
            }
        }
    }
    let years = rng.range(1, 3);
    for y in 0..3 {
        if y < years {
            let tax = rng.range(100, 5000) * 10_000;
            put((production.year() as u64 + 1 + y).to_string());
            put(rng.money(tax));
            let v = tax / 100 * rng.range(20, 50);
            put(rng.money(v));
            let v = rng.range(100, 3000) * 10_000;
            put(rng.money(v));
        } else {
            for _ in 0..4 {
                put(String::new());
            }
        }
    }
    if rng.pct(90) {
        put(rng.range(1_000, 500_000).to_string());
        put(price(rng.range(350, 600)));
        put(rng.range(100_000, 100_000_000).to_string());
        put(price(rng.range(35, 60)));
        put(rng.range(0, 5_000_000).to_string());
        put(price(rng.range(200, 320)));
        put(flag(rng).into());
        let v = rng.range(0, 100) * 10_000;
        put(rng.money(v));
        let v = rng.range(0, 50) * 10_000;
        put(rng.money(v));
    } else {
        for _ in 0..9 {
            put(String::new());
        }
    }
    put(rng.range(20, 2000).to_string());
    put(if rng.pct(2) { "true" } else { "false" }.into());
    r
}

/// Spoils one cell (or the row's length) the ways spreadsheets do.
fn spoil(rng: &mut Rng, r: &mut Vec<String>) {
    let col = |name: &str| HEADER.iter().position(|h| *h == name).unwrap_or(0);
    match rng.next() % 4 {
        0 => r[col("land.area_mu")] = "一百".into(),
        1 => r[col("project.completion_date")] = "2022-13-01".into(),
        2 => r[col("investment.total")] = "4.5 亿 元".into(),
        _ => {
            r.pop();
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut n: Option<u64> = None;
    let mut seed = 2020u64;
    let mut bad_every = 0u64;
    let usage = "usage: gen_projects N [--seed S] [--bad-every K]";
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().ok_or(usage)?.parse()?,
            "--bad-every" => bad_every = args.next().ok_or(usage)?.parse()?,
            _ => n = Some(a.parse().map_err(|_| usage)?),
        }
    }
    let n = n.ok_or(usage)?;
    let stdout = std::io::stdout().lock();
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, stdout));
    w.write_record(HEADER)?;
    let mut rng = Rng(seed);
    for i in 1..=n {
        let mut r = row(&mut rng, i);
        if bad_every > 0 && i % bad_every == 0 {
            spoil(&mut rng, &mut r);
        }
        w.write_record(&r)?;
    }
    w.flush()?;
    std::io::stdout().flush()?;
    Ok(())
}
