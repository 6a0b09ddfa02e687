//! `--baseline-rules` (issue 21 part B): a project or a portfolio under the
//! rules before a revision and after it. The baseline here is a copy of
//! `rules/` with three amounts changed (light steel 40 → 35 元/m², mixed
//! 30 → 32 元/m², the transport subsidy's cap 100万 → 90万 a year); the
//! shipped rules are the scenario. Every expected figure is worked by hand
//! below, from 10号 and 43号.

use crate::util::{bin, root};
use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A copy of the shipped rules with the three changes of the module doc.
fn baseline_rules(dir: &Path) -> PathBuf {
    let out = dir.join("baseline");
    std::fs::create_dir_all(&out).unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "shizhengfa-2020-10.toml" {
            let rates = r#"rates = { light_steel = "40", mixed = "30" }"#;
            assert!(text.contains(rates));
            text = text.replace(rates, r#"rates = { light_steel = "35", mixed = "32" }"#);
            let cap = "cap_per_year = \"100万\"";
            assert_eq!(text.matches(cap).count(), 1);
            text = text.replace(cap, "cap_per_year = \"90万\"");
        }
        std::fs::write(out.join(path.file_name().unwrap()), text).unwrap();
    }
    out
}

/// Five projects: the reform portfolio of `tests/fixtures/reform` without
/// its agreement-date column (evaluated on 2025-03-01, award year 2025).
///
/// Under the shipped rules (figures of tests/fixtures/reform/README.md,
/// baseline column) and under the changed copy:
/// - RF-1: investment reward 0.5% × (9000万 − 500万) = 425,000 both; light
///   steel 5000 m² × 40 = 200,000 / × 35 = 175,000 → 625,000 / 600,000,
///   +25,000. One-time, 2025, paid 2026.
/// - RF-2: investment reward 1% × 3亿 = 3,000,000 both; transport 10% of
///   1200万, 850万, 600万 in 2023–2025, capped 100万: 1,000,000 + 850,000 +
///   600,000; capped 90万: 900,000 + 850,000 + 600,000 → 5,450,000 /
///   5,350,000, +100,000 (calendar year 2023, claimed 2025, paid 2026).
/// - RF-3: 10万 × 20 mu = 2,000,000 both, 0.
/// - RF-4: 15万 × 30 + 200 × 200 × 3 = 4,620,000 both, 0.
/// - RF-5: mixed 4000 m² × 30 = 120,000 / × 32 = 128,000; interest
///   130,500 (65,250 in 2024 and 2025) both → 250,500 / 258,500, −8,000.
const PORTFOLIO: &str = "\
项目编号,项目名称,产业类别,开始投资日期,施工许可日期,竣工日期,投产日期,是否新设立企业,实际投资额,市县金融机构贷款,固定资产投资,用地面积,是否标准地,约定亩均投资强度,厂房1结构,厂房1建筑面积,贷款1本金,贷款1放款日期,贷款1期限,纳税年度1年份,纳税年度1上缴税收,纳税年度1物流运输费用,纳税年度2年份,纳税年度2上缴税收,纳税年度2物流运输费用,纳税年度3年份,纳税年度3上缴税收,纳税年度3物流运输费用,参保人数
RF-1,精密部件扩产项目,高端装备制造,2022-05-01,,2023-12-20,2024-01-15,,9000万,500万,,,,,轻钢结构,5000,,,,,,,,,,,,,
RF-2,新材料物流型生产项目,新材料,2021-03-01,,2022-06-30,2022-09-01,,3亿,,,,,,,,,,,2023,1500万,1200万,2024,1800万,850万,2025,1200万,600万,
RF-3,标准地智能制造项目,智能制造,2023-07-01,2023-08-01,2024-09-30,2024-10-15,,9500万,,6500万,20,是,300万,,,,,,,,,,,,,,,
RF-4,标准地光机电项目,光机电,2022-03-01,2022-04-01,2023-10-31,2023-12-01,是,2亿,,1.6亿,30,是,400万,,,,,,,,,,,,,,,200
RF-5,节能环保设备项目,节能环保,2023-09-01,,2024-05-31,2024-06-30,,4000万,,,,,,混合结构,4000,1000万,2024-07-01,12,,,,,,,,,,
";

/// (id, after, before, after − before), by hand as above.
const EXPECTED: [(&str, &str, &str, &str); 5] = [
    ("RF-1", "625000.00", "600000.00", "25000.00"),
    ("RF-2", "5450000.00", "5350000.00", "100000.00"),
    ("RF-3", "2000000.00", "2000000.00", "0.00"),
    ("RF-4", "4620000.00", "4620000.00", "0.00"),
    ("RF-5", "250500.00", "258500.00", "-8000.00"),
];

struct Setup {
    _dir: tempfile::TempDir,
    path: PathBuf,
    baseline: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_rules(dir.path());
    let path = dir.path().join("portfolio.csv");
    std::fs::write(&path, PORTFOLIO).unwrap();
    Setup {
        path,
        baseline,
        _dir: dir,
    }
}

fn batch(s: &Setup, extra: &[&str]) -> std::process::Output {
    let out = bin()
        .arg("batch")
        .arg(&s.path)
        .arg("--baseline-rules")
        .arg(&s.baseline)
        .args(["--as-of", "2025-03-01"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn batch_csv_has_baseline_and_diff_columns_in_english_and_chinese() {
    let s = setup();
    let en = csv_rows(&batch(&s, &["--headers", "en"]).stdout);
    assert_eq!(en.len(), 5);
    for (row, (id, after, before, diff)) in en.iter().zip(EXPECTED) {
        assert_eq!(row["project.id"], id);
        assert_eq!(row["status"], "ok");
        assert_eq!(row["cash_total"], after, "{id}");
        assert_eq!(row["baseline.cash_total"], before, "{id}");
        assert_eq!(row["diff.cash_total"], diff, "{id}");
    }
    // The two columns come right after the totals.
    let out = batch(&s, &["--headers", "en"]).stdout;
    let header = String::from_utf8(out).unwrap();
    assert!(header.starts_with(
        "row,project.id,status,error,cash_total,cash_total_max,annual_savings,\
         baseline.cash_total,diff.cash_total,standard_land_investment,"
    ));
    let zh = csv_rows(&batch(&s, &[]).stdout);
    for (row, (id, after, before, diff)) in zh.iter().zip(EXPECTED) {
        assert_eq!(row["项目编号"], id);
        assert_eq!(row["现金奖补合计(下限)"], after);
        assert_eq!(row["调整前现金奖补合计(下限)"], before);
        assert_eq!(row["调整影响(下限)"], diff);
    }
}

#[test]
fn batch_without_the_flag_has_no_baseline_columns() {
    let s = setup();
    let out = bin()
        .arg("batch")
        .arg(&s.path)
        .args(["--as-of", "2025-03-01", "--headers", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("baseline"),
        "{}",
        text.lines().next().unwrap()
    );
}

#[test]
fn batch_jsonl_has_baseline_and_diff_objects() {
    let s = setup();
    let out = batch(&s, &["--format", "jsonl"]);
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    for (v, (id, after, before, diff)) in lines.iter().zip(EXPECTED) {
        assert_eq!(v["project"]["id"], id);
        assert_eq!(v["totals"]["cash_total"], after);
        assert_eq!(v["baseline"]["cash_total"], before);
        assert_eq!(v["diff"]["cash_total"], diff);
        // Nothing but cash changes here.
        assert_eq!(v["diff"]["annual_savings"], "0.00");
    }
}

#[test]
fn batch_items_has_each_rules_amount_before_and_the_change() {
    let s = setup();
    let rows = csv_rows(&batch(&s, &["--format", "items"]).stdout);
    let line = |id: &str, rule: &str| {
        rows.iter()
            .find(|r| r["project.id"] == id && r["rule"] == rule)
            .unwrap_or_else(|| panic!("{id} {rule}"))
            .clone()
    };
    let f = line("RF-1", "factory_construction");
    assert_eq!(
        (
            f["amount"].as_str(),
            f["baseline.amount"].as_str(),
            f["diff.amount"].as_str()
        ),
        ("200000.00", "175000.00", "25000.00")
    );
    assert_eq!(f["baseline.cash_total"], "600000.00");
    assert_eq!(f["diff.cash_total"], "25000.00");
    let t = line("RF-2", "transport_subsidy");
    assert_eq!(t["baseline.amount"], "2350000.00");
    assert_eq!(t["diff.amount"], "100000.00");
    let m = line("RF-5", "factory_construction");
    assert_eq!(m["diff.amount"], "-8000.00");
}

/// A workbook sheet read back as text rows (numbers as calamine shows them).
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The rows of a table under the row whose first cell is `title`, up to
/// the first empty row.
fn table_after(rows: &[Vec<Data>], title: &str) -> Vec<Vec<Data>> {
    let at = rows
        .iter()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s.starts_with(title)))
        .unwrap_or_else(|| panic!("no {title}"));
    rows[at + 1..]
        .iter()
        .take_while(|r| !matches!(r.first(), None | Some(Data::Empty)))
        .cloned()
        .collect()
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn workbook_has_the_impact_sheet() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("影响.xlsx");
    batch(&s, &["-o", out.to_str().unwrap()]);
    let book = open_workbook_auto(&out).unwrap();
    let names = book.sheet_names();
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert_eq!(at("政策调整影响"), at("预算") + 1);

    let rows = sheet(&out, "政策调整影响");
    let counts = table_after(&rows, "项目数");
    // 增加 2 (RF-1, RF-2), 减少 1 (RF-5), 不变 2 (RF-3, RF-4), 合计 5.
    assert_eq!(
        counts[0][1..5].iter().map(num).collect::<Vec<_>>(),
        [2.0, 1.0, 2.0, 5.0]
    );
    // By calendar year (one-time items in the award year 2025):
    // after  2023 1,000,000; 2024 850,000 + 65,250; 2025 10,365,000 + 600,000 + 65,250.
    // before 2023 900,000; 2024 the same; 2025 10,348,000 + 600,000 + 65,250.
    let years = table_after(&rows, "现金奖补按日历年度");
    let want = [
        ("年度", None),
        ("2023", Some((900_000.0, 1_000_000.0, 100_000.0))),
        ("2024", Some((915_250.0, 915_250.0, 0.0))),
        ("2025", Some((11_013_250.0, 11_030_250.0, 17_000.0))),
        ("合计", Some((12_828_500.0, 12_945_500.0, 117_000.0))),
    ];
    check_years(&years, &want);
    // By payment year: everything claimed in 2025 is paid 2026; the 2025
    // records (RF-2's transport 600,000, RF-5's interest 65,250) in 2027.
    let paid = table_after(&rows, "现金奖补按兑现年度");
    let want = [
        ("兑现年度", None),
        ("2026", Some((12_163_250.0, 12_280_250.0, 117_000.0))),
        ("2027", Some((665_250.0, 665_250.0, 0.0))),
        ("合计", Some((12_828_500.0, 12_945_500.0, 117_000.0))),
    ];
    check_years(&paid, &want);
    // The changes, largest first; unchanged projects are not listed.
    let largest = table_after(&rows, "变化最大的");
    assert_eq!(largest[0][1], Data::String("项目编号".into()));
    let listed: Vec<(String, String, f64, f64, f64)> = largest[1..]
        .iter()
        .map(|r| {
            (
                r[1].to_string(),
                r[2].to_string(),
                num(&r[3]),
                num(&r[4]),
                num(&r[5]),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "RF-2".into(),
                "新材料物流型生产项目".into(),
                5_350_000.0,
                5_450_000.0,
                100_000.0
            ),
            (
                "RF-1".into(),
                "精密部件扩产项目".into(),
                600_000.0,
                625_000.0,
                25_000.0
            ),
            (
                "RF-5".into(),
                "节能环保设备项目".into(),
                258_500.0,
                250_500.0,
                -8_000.0
            ),
        ]
    );
    // The results sheet: the two columns after 要素降本(每年).
    let results = sheet(&out, "结果");
    let head: Vec<String> = results[0].iter().map(|d| d.to_string()).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap();
    assert_eq!(col("调整前现金奖补合计(下限)"), col("要素降本(每年)") + 1);
    assert_eq!(col("调整影响(下限)"), col("要素降本(每年)") + 2);
    let rf5 = &results[5];
    assert_eq!(rf5[1], Data::String("RF-5".into()));
    assert_eq!(num(&rf5[col("调整前现金奖补合计(下限)")]), 258_500.0);
    assert_eq!(num(&rf5[col("调整影响(下限)")]), -8_000.0);
    // The columns after them are where they were, by their headers.
    assert_eq!(num(&rf5[col("建设厂房补贴")]), 120_000.0);
}

/// A year's row: its first cell, then before, after and the difference.
type YearRow<'a> = (&'a str, Option<(f64, f64, f64)>);

fn check_years(got: &[Vec<Data>], want: &[YearRow]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (row, (year, figures)) in got.iter().zip(want) {
        assert_eq!(row[0].to_string(), *year);
        if let Some((b, a, d)) = figures {
            assert_eq!(
                (num(&row[1]), num(&row[2]), num(&row[3])),
                (*b, *a, *d),
                "{year}"
            );
            // No item here has a range: the upper bounds are the same.
            assert_eq!(
                (num(&row[4]), num(&row[5]), num(&row[6])),
                (*b, *a, *d),
                "{year} (上限)"
            );
        } else {
            assert_eq!(row[4].to_string(), "调整前(上限)");
        }
    }
}

/// RF-1's facts plus a mixed-structure building of 4000 m²: light steel
/// 5000 × 40 + mixed 4000 × 30 = 320,000 after, 5000 × 35 + 4000 × 32 =
/// 303,000 before; investment reward 425,000 both.
const PROJECT: &str = r#"
[project]
id = "RB-1"
name = "厂房补贴调整示例"
industry = "高端装备制造"
investment_start = 2022-05-01
completion_date = 2023-12-20
production_date = 2024-01-15

[investment]
total = "9000万"
local_bank_loans = "500万"

[[factory.buildings]]
structure = "light_steel"
area_m2 = 5000

[[factory.buildings]]
structure = "mixed"
area_m2 = 4000
"#;

fn calc(s: &Setup, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["calc", "-", "--as-of", "2025-03-01", "--baseline-rules"])
        .arg(&s.baseline)
        .args(extra)
        .write_stdin(PROJECT)
        .output()
        .unwrap()
}

#[test]
fn calc_json_is_shaped_as_compare() {
    let s = setup();
    let out = calc(&s, &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["baseline", "diff", "scenario"]);
    assert_eq!(v["baseline"]["totals"]["cash_total"], "728000.00");
    assert_eq!(v["scenario"]["totals"]["cash_total"], "745000.00");
    assert_eq!(v["diff"]["totals"]["cash_total"], "17000.00");
    assert_eq!(v["diff"]["totals"]["cash_one_time"], "17000.00");
    assert_eq!(
        v["diff"]["items"]["factory_construction"]["amount"],
        "17000.00"
    );
    assert_eq!(v["diff"]["items"]["investment_reward"]["amount"], "0.00");
    // The same three keys and diff shape as `--compare` of a --set scenario.
    let compare = bin()
        .args(["calc", "-", "--as-of", "2025-03-01", "--format", "json"])
        .args(["--compare", "--set", "investment.total=9500万"])
        .write_stdin(PROJECT)
        .output()
        .unwrap();
    let c: Value = serde_json::from_slice(&compare.stdout).unwrap();
    let shape =
        |v: &Value| -> Vec<String> { v["diff"].as_object().unwrap().keys().cloned().collect() };
    assert_eq!(shape(&v), shape(&c));
}

#[test]
fn calc_table_names_the_columns_before_and_after() {
    let s = setup();
    let out = calc(&s, &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("政策调整影响 (差额 = 调整后 − 调整前)"),
        "{text}"
    );
    assert!(
        text.contains("调整前 (基准规则)") && text.contains("调整后"),
        "{text}"
    );
    let line = text.lines().find(|l| l.contains("建设厂房补贴")).unwrap();
    for figure in ["303,000.00", "320,000.00", "+17,000.00"] {
        assert!(line.contains(figure), "{line}");
    }
}

#[test]
fn calc_docx_has_the_comparison_section() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("影响.docx");
    let out = calc(&s, &["-o", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for text in [
        "政策调整影响",
        "调整前 (基准规则)的规则指纹: ",
        "+17,000.00",
    ] {
        assert!(xml.contains(text), "{text}");
    }
}

#[test]
fn bad_baseline_rules_and_conflicting_flags_are_refused() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["calc", "-", "--baseline-rules"])
        .arg(dir.path().join("nowhere"))
        .write_stdin(PROJECT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--baseline-rules"), "{err}");
    let out = calc(&s, &["--compare", "--set", "investment.total=1亿"]);
    assert_eq!(out.status.code(), Some(2));
    // -o must not replace a baseline rules file.
    let target = s.baseline.join("shizhengfa-2020-10.toml");
    let before = std::fs::read(&target).unwrap();
    let out = bin()
        .arg("batch")
        .arg(&s.path)
        .arg("--baseline-rules")
        .arg(&s.baseline)
        .arg("-o")
        .arg(&target)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// The hand-worked reform portfolio of `tests/fixtures/reform` (see its
/// README): the hypothetical revision of `examples/reform` against the
/// shipped rules. Needs dated values and `project.agreement_date`.
#[test]
fn reform_portfolio_matches_its_hand_worked_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("影响.xlsx");
    let fixture = root().join("tests/fixtures/reform/portfolio.csv");
    let run = |extra: &[&str]| {
        let out = bin()
            .arg("batch")
            .arg(&fixture)
            .args(["--rules", "examples/reform", "--baseline-rules", "rules"])
            .args(["--as-of", "2025-03-01"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let rows = csv_rows(&run(&["--headers", "en"]).stdout);
    let want = [
        ("RF-1", "1050000.00", "625000.00", "425000.00"),
        ("RF-2", "5200000.00", "5450000.00", "-250000.00"),
        ("RF-3", "2000000.00", "2000000.00", "0.00"),
        ("RF-4", "5520000.00", "4620000.00", "900000.00"),
        ("RF-5", "250500.00", "250500.00", "0.00"),
    ];
    for (row, (id, after, before, diff)) in rows.iter().zip(want) {
        assert_eq!(row["project.id"], id);
        assert_eq!(row["cash_total"], after, "{id}");
        assert_eq!(row["baseline.cash_total"], before, "{id}");
        assert_eq!(row["diff.cash_total"], diff, "{id}");
    }
    run(&["-o", out_path.to_str().unwrap()]);
    let sheet_rows = sheet(&out_path, "政策调整影响");
    let counts = table_after(&sheet_rows, "项目数");
    assert_eq!(
        counts[0][1..5].iter().map(num).collect::<Vec<_>>(),
        [2.0, 1.0, 2.0, 5.0]
    );
    check_years(
        &table_after(&sheet_rows, "现金奖补按日历年度"),
        &[
            ("年度", None),
            ("2023", Some((1_000_000.0, 800_000.0, -200_000.0))),
            ("2024", Some((915_250.0, 865_250.0, -50_000.0))),
            ("2025", Some((11_030_250.0, 12_355_250.0, 1_325_000.0))),
            ("合计", Some((12_945_500.0, 14_020_500.0, 1_075_000.0))),
        ],
    );
    check_years(
        &table_after(&sheet_rows, "现金奖补按兑现年度"),
        &[
            ("兑现年度", None),
            ("2026", Some((12_280_250.0, 13_355_250.0, 1_075_000.0))),
            ("2027", Some((665_250.0, 665_250.0, 0.0))),
            ("合计", Some((12_945_500.0, 14_020_500.0, 1_075_000.0))),
        ],
    );
    let largest = table_after(&sheet_rows, "变化最大的");
    let ids: Vec<String> = largest[1..].iter().map(|r| r[1].to_string()).collect();
    assert_eq!(ids, ["RF-4", "RF-1", "RF-2"]);
}

/// 2,100 rows (more than one chunk of 1,024, on several threads), row i a
/// light-steel building of i m²: after 40 × i, before 35 × i, change 5 × i
/// (one-time, award year 2025, paid 2026). In all Σi = 2100 × 2101 / 2 =
/// 2,206,050 m²: before 77,211,750.00, after 88,242,000.00, +11,030,250.00.
/// Every row gains; the ten largest are rows 2100 down to 2091. A failed,
/// an empty and an example row keep the CSV's columns and are not counted.
#[test]
fn many_rows_keep_running_sums_and_the_ten_largest() {
    let s = setup();
    let mut text =
        String::from("project.id,factory.buildings[1].structure,factory.buildings[1].area_m2\n");
    for i in 1..=2100 {
        text.push_str(&format!("P{i},light_steel,{i}\n"));
    }
    text.push_str("BAD,light_steel,abc\n,,\n示例-1,light_steel,5\n");
    std::fs::write(&s.path, text).unwrap();
    let csv = bin()
        .arg("batch")
        .arg(&s.path)
        .arg("--baseline-rules")
        .arg(&s.baseline)
        .args(["--as-of", "2025-03-01", "-j", "2", "--headers", "en"])
        .output()
        .unwrap();
    assert_eq!(csv.status.code(), Some(3));
    let rows = csv_rows(&csv.stdout);
    assert_eq!(rows.len(), 2103);
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width));
    assert_eq!(rows[41]["diff.cash_total"], "210.00");
    assert_eq!(rows[2100]["status"], "error");
    assert_eq!(rows[2100]["baseline.cash_total"], "");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("many.xlsx");
    let run = bin()
        .arg("batch")
        .arg(&s.path)
        .arg("--baseline-rules")
        .arg(&s.baseline)
        .args(["--as-of", "2025-03-01", "-j", "2", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    // Exit 3: one row failed (and is left out of the impact).
    assert_eq!(run.status.code(), Some(3));
    let rows = sheet(&out, "政策调整影响");
    let counts = table_after(&rows, "项目数");
    assert_eq!(
        counts[0][1..5].iter().map(num).collect::<Vec<_>>(),
        [2100.0, 0.0, 0.0, 2100.0]
    );
    check_years(
        &table_after(&rows, "现金奖补按日历年度"),
        &[
            ("年度", None),
            ("2025", Some((77_211_750.0, 88_242_000.0, 11_030_250.0))),
            ("合计", Some((77_211_750.0, 88_242_000.0, 11_030_250.0))),
        ],
    );
    check_years(
        &table_after(&rows, "现金奖补按兑现年度"),
        &[
            ("兑现年度", None),
            ("2026", Some((77_211_750.0, 88_242_000.0, 11_030_250.0))),
            ("合计", Some((77_211_750.0, 88_242_000.0, 11_030_250.0))),
        ],
    );
    let largest = table_after(&rows, "变化最大的");
    let ids: Vec<String> = largest[1..].iter().map(|r| r[1].to_string()).collect();
    let want: Vec<String> = (2091..=2100).rev().map(|i| format!("P{i}")).collect();
    assert_eq!(ids, want);
    assert_eq!(num(&largest[1][5]), 10_500.0);
}
