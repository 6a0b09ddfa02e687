//! Issue 19 part B: the workbook prints (page set-up read back from its
//! XML), the wrong command points to the right one, a title row above the
//! header is skipped, and negotiation says where an item becomes 一事一议.

use super::util::{bin, example, root};
use calamine::{Data, Reader, Xlsx};
use std::io::Read as _;
use std::path::Path;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A zip entry of a workbook as text.
fn entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("workbook written");
    let mut zip = zip::ZipArchive::new(file).expect("an xlsx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut text)
        .expect("utf-8 xml");
    text
}

/// Two projects whose only money is the investment reward (8000万 at 0.5%:
/// 40万; 1.2亿 at 1%: 120万, by hand from 第10项), and one failed row.
const PORTFOLIO: &str = "项目编号,项目名称,实际投资额(万元),竣工日期,投产日期\n\
U-1,甲项目,8000,2023-05-01,2023-06-01\n\
U-2,乙项目,1.2亿,2023-05-01,2023-06-01\n\
U-3,丙项目,很多,2023-05-01,2023-06-01\n";

fn portfolio_workbook(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("台账.csv");
    std::fs::write(&input, PORTFOLIO).unwrap();
    let out = dir.join("结果.xlsx");
    let run = bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--as-of", "2023-12-31"])
        .output()
        .unwrap();
    // One row failed: exit 3, the workbook still written.
    assert_eq!(
        run.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Each `<col min max …>` of a sheet: (first, last, whether hidden).
fn cols(sheet: &str) -> Vec<(u32, u32, bool)> {
    sheet
        .split("<col ")
        .skip(1)
        .map(|c| {
            let c = c.split('>').next().unwrap();
            let attr = |k: &str| -> u32 {
                c.split(&format!("{k}=\""))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            (attr("min"), attr("max"), c.contains("hidden=\"1\""))
        })
        .collect()
}

fn hidden(cols: &[(u32, u32, bool)], col: u32) -> bool {
    cols.iter().any(|(a, b, h)| *a <= col && col <= *b && *h)
}

#[test]
fn printed_sheets_are_a4_landscape_one_page_wide_with_titles() {
    let dir = tmp();
    let out = portfolio_workbook(dir.path());
    let book = entry(&out, "xl/workbook.xml");
    // Sheets in order: 结果, 逐项, 分年, 预算, 错误 (sheet1.xml …).
    for (n, name) in [(1, "结果"), (2, "逐项"), (4, "预算"), (5, "错误")] {
        let sheet = entry(&out, &format!("xl/worksheets/sheet{n}.xml"));
        let setup = sheet.split("<pageSetup ").nth(1).expect("a page set-up");
        let setup = setup.split("/>").next().unwrap();
        assert!(
            setup.contains("orientation=\"landscape\""),
            "{name}: {setup}"
        );
        assert!(setup.contains("paperSize=\"9\""), "{name}: {setup}");
        // One page wide: fitToPage on, fitToWidth 1 (the default, which
        // rust_xlsxwriter leaves out), any number of pages down.
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}");
        assert!(setup.contains("fitToHeight=\"0\""), "{name}: {setup}");
        assert!(
            !setup.contains("fitToWidth") || setup.contains("fitToWidth=\"1\""),
            "{name}: {setup}"
        );
        assert!(sheet.contains("<printOptions"), "{name}");
        // Row 1 once (Excel calls a file with two rows 1 damaged).
        assert_eq!(sheet.matches("<row r=\"1\"").count(), 1, "{name}");
        assert!(
            book.contains(&format!(
                "_xlnm.Print_Titles\" localSheetId=\"{}\">{name}!",
                n - 1
            )),
            "{name}: no print titles in {book}"
        );
    }
    // The results sheet repeats 项目编号 and 项目名称 (B:C) and the header
    // row on every page, and freezes them; the errors sheet freezes
    // 行号, 表格行, 项目编号, 项目名称.
    assert!(book.contains("结果!$B:$C,结果!$1:$1"), "{book}");
    let results = entry(&out, "xl/worksheets/sheet1.xml");
    assert!(results.contains("xSplit=\"3\" ySplit=\"1\""));
    let errors = entry(&out, "xl/worksheets/sheet5.xml");
    assert!(errors.contains("xSplit=\"4\" ySplit=\"1\""));
}

#[test]
fn zero_columns_fold_reasons_wrap_and_errors_name_their_columns() {
    let dir = tmp();
    let out = portfolio_workbook(dir.path());
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let results = wb.worksheet_range("结果").unwrap();
    let header: Vec<String> = results
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col_of = |h: &str| -> u32 {
        1 + header
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("no {h}: {header:?}")) as u32
    };
    let cols = cols(&entry(&out, "xl/worksheets/sheet1.xml"));
    // No project has 标准地投资奖励: folded away; 企业投资奖励 is printed,
    // and so are the cash totals and the error.
    assert!(hidden(&cols, col_of("标准地投资奖励")));
    assert!(hidden(&cols, col_of("用电成本控制(每年)")));
    assert!(!hidden(&cols, col_of("企业投资奖励")));
    assert!(!hidden(&cols, col_of("现金奖补合计(下限)")));
    assert!(!hidden(&cols, col_of("错误")));
    assert!(entry(&out, "xl/worksheets/sheet1.xml").contains("outlineLevel=\"1\""));

    // 原因 (items) wraps: its column's style has wrapText.
    let items_cols = entry(&out, "xl/worksheets/sheet2.xml");
    let reason = items_cols
        .split("<col ")
        .find(|c| c.starts_with("min=\"9\""))
        .expect("原因 is column 9");
    let style: usize = reason
        .split("style=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let styles = entry(&out, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let xf = xf.split("</xf>").next().unwrap();
    assert!(xf.contains("wrapText=\"1\""), "{xf}");

    let errors = wb.worksheet_range("错误").unwrap();
    let head: Vec<String> = errors
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(head[4..], ["字段", "填写值", "问题说明"]);
}

#[test]
fn budget_chart_is_in_wan_yuan_and_tables_per_award_item() {
    let dir = tmp();
    let out = portfolio_workbook(dir.path());
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let budget = wb.worksheet_range("预算").unwrap();
    let text: Vec<String> = budget
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.iter().any(|t| t.starts_with("分奖补项目")), "{text:?}");
    assert!(!text.iter().any(|t| t.starts_with("分项目")));
    // The totals by calendar year: 40万 + 120万 = 1,600,000 元 = 160 万元.
    let total = budget
        .rows()
        .find(|r| r[0] == Data::String("合计".into()) && r.len() > 4)
        .expect("a total row");
    assert_eq!(total[1], Data::Float(1_600_000.0));
    assert_eq!(total[3], Data::Float(160.0));
    assert_eq!(total[4], Data::Float(160.0));
    let chart = entry(&out, "xl/charts/chart1.xml");
    assert!(chart.contains("万元"), "the value axis is titled 万元");
    assert!(
        chart.contains("预算!$D$"),
        "the chart plots the 万元 column"
    );
}

#[test]
fn calc_on_a_table_points_to_batch() {
    let dir = tmp();
    let csv = dir.path().join("项目台账.csv");
    std::fs::write(&csv, PORTFOLIO).unwrap();
    // By extension, and by content under a project file's name.
    let renamed = dir.path().join("项目.toml");
    std::fs::write(&renamed, PORTFOLIO).unwrap();
    let xlsx = portfolio_workbook(dir.path());
    let zipped = dir.path().join("清单.toml");
    std::fs::copy(&xlsx, &zipped).unwrap();
    for (path, kind) in [
        (&csv, "CSV"),
        (&renamed, "CSV"),
        (&xlsx, "工作簿"),
        (&zipped, "工作簿"),
    ] {
        let out = bin().arg("calc").arg(path).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("这是表格 ({kind})")), "{err}");
        assert!(err.contains("请用 batch"), "{err}");
        assert!(
            !err.contains("TOML 语法") && !err.contains("UTF-8"),
            "{err}"
        );
    }
}

#[test]
fn batch_on_a_project_file_points_to_calc() {
    let out = bin()
        .arg("batch")
        .arg(example("worked-example.toml"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("这是项目文件 (TOML)") && err.contains("请用 calc"),
        "{err}"
    );
    // Under another name, by its first line.
    let dir = tmp();
    let txt = dir.path().join("x.txt");
    std::fs::copy(example("worked-example.toml"), &txt).unwrap();
    let out = bin().arg("batch").arg(&txt).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("项目文件") && err.contains("请用 calc"),
        "{err}"
    );
    assert!(!err.contains("未知字段"), "{err}");
}

#[test]
fn a_title_row_above_the_header_is_skipped_or_named() {
    let dir = tmp();
    let plain = dir.path().join("a.csv");
    std::fs::write(&plain, PORTFOLIO).unwrap();
    let titled = dir.path().join("b.csv");
    std::fs::write(
        &titled,
        format!("2025年度招商引资项目台账,,,,\n{PORTFOLIO}"),
    )
    .unwrap();
    let run = |p: &Path| {
        bin()
            .arg("batch")
            .arg(p)
            .args(["--as-of", "2023-12-31", "--headers", "en"])
            .output()
            .unwrap()
    };
    let (a, b) = (run(&plain), run(&titled));
    assert_eq!(b.status.code(), Some(3));
    let note = String::from_utf8_lossy(&b.stderr);
    assert!(
        note.contains("“2025年度招商引资项目台账” 像是标题, 已跳过"),
        "{note}"
    );
    // The same rows, each one sheet line further down.
    let rows = |o: &std::process::Output| -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_reader(&o.stdout[..]);
        r.records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let (ra, rb) = (rows(&a), rows(&b));
    assert_eq!(ra.len(), 3);
    for (x, y) in ra.iter().zip(&rb) {
        let n = x.len();
        assert_eq!(x[..n - 1], y[..n - 1]);
        let (lx, ly): (u64, u64) = (x[n - 1].parse().unwrap(), y[n - 1].parse().unwrap());
        assert_eq!(ly, lx + 1);
    }
    assert!(String::from_utf8_lossy(&b.stderr).contains("表格第5行"));

    // A title over a row that is no header either: refused, saying where
    // the header was expected.
    let bad = dir.path().join("c.csv");
    std::fs::write(&bad, "2025年度招商引资项目台账\n编号,名城\nU-1,甲\n").unwrap();
    let out = run(&bad);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第1行像是标题") && err.contains("表头应在第2行?"),
        "{err}"
    );
}

fn sweep_json(project: &str, spec: &str, steps: &str) -> serde_json::Value {
    let out = bin()
        .arg("calc")
        .arg(example(project))
        .args(["--sweep", spec, "--steps", steps, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sweep_takes_the_chinese_names_set_takes() {
    let by_path = sweep_json(
        "worked-example.toml",
        "investment.fixed_assets=3亿..5亿",
        "3",
    );
    let by_name = sweep_json("worked-example.toml", "固定资产投资=3亿..5亿", "3");
    assert_eq!(by_name["field"], "investment.fixed_assets");
    assert_eq!(by_path, by_name);
    // A scenario takes them too.
    let out = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .args(["--scenario", "甲: 固定资产投资=3亿"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn past_the_top_tier_a_sweep_says_case_by_case() {
    // 第10项: 5亿–10亿 1.5%, above 10亿 一事一议. At 10亿: 15,000,000.00.
    let s = sweep_json(
        "headquarters-enterprise.toml",
        "investment.total=5亿..12亿",
        "2",
    );
    let points = s["points"].as_array().unwrap();
    let at = |v: &str| {
        points
            .iter()
            .find(|p| p["value"] == v)
            .unwrap_or_else(|| panic!("no {v}"))
    };
    let top = at("1000000000.00");
    assert_eq!(top["items"]["investment_reward"], "15000000.00");
    assert_eq!(top["status"]["investment_reward"], "applies");
    for v in ["1000000000.01", "1200000000.00"] {
        assert_eq!(at(v)["items"]["investment_reward"], "0.00");
        assert_eq!(at(v)["status"]["investment_reward"], "case_by_case");
    }
    let out = bin()
        .arg("calc")
        .arg(example("headquarters-enterprise.toml"))
        .args(["--sweep", "investment.total=5亿..12亿", "--steps", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("1,000,000,000.01") && l.contains("一事一议")),
        "{text}"
    );
    assert!(text.contains("企业投资奖励: 在 1,000,000,000.01 至 1,200,000,000.00 为一事一议"));
    // The terminal chart marks the band.
    assert!(text.contains("~ 一事一议"), "{text}");
}

#[test]
fn next_tiers_without_cash_are_not_proposed() {
    // The worked example: the investment reward's next tier adds 0.00 to
    // the cash total (the standard-land reward is paid instead).
    let out = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("> 企业投资奖励"), "{text}");
    assert!(!text.contains("只增加 0.00 元"), "{text}");
    assert!(text.contains("- 企业投资奖励: 实际投资额 达"), "{text}");
    assert!(text.contains("也无现金增加"), "{text}");
}

#[test]
fn one_word_per_status_and_per_bound() {
    let out = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .arg("--explain")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // 主板上市落户奖励 is listed under 未涉及 in the table, and so in --explain.
    assert!(text.contains("未涉及 (未填写相关信息): 项目用地分割转让"));
    assert!(
        text.contains("【主板上市落户奖励】 晋市政发〔2020〕10号 第11项 — 未涉及"),
        "{text}"
    );
    assert!(text.contains("┆ 下限(元)     ┆ 上限(元)"), "{text}");
    assert!(!text.contains("金额(元)"));
    // Savings are marked 每年 in a comparison.
    let out = bin()
        .arg("calc")
        .arg(example("worked-example.toml"))
        .args(["--compare", "--set", "年用电量=1000万度"])
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("用电成本控制 (每年)"), "{text}");
    assert!(!text.contains("│ 用电成本控制  "), "{text}");
}
