//! Pictures of a sweep: a step chart of the cash total in the terminal, and
//! an SVG (plotters) or PNG (the SVG drawn by resvg) with the rules' bounds
//! marked and Chinese labels.
//! Money stays exact here too: the SVG's coordinates are whole fen (or
//! hundredths of the field's unit) as `i64`, so no float is involved, and
//! every label is written from the exact decimals.

use crate::model::sweep::Sweep;
use crate::money::wan;
use crate::project::FieldType;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::path::Path;

/// Cash total at `x`, on the straight line between the points either side:
/// between breakpoints the amounts are linear in the field (a rate of it, or
/// constant), and each bound has a point one unit either side, so the line
/// is the curve itself.
fn cash_at(s: &Sweep, x: Decimal) -> Decimal {
    let after = s.points.iter().position(|p| p.value >= x);
    match after {
        Some(0) | None => s
            .points
            .get(after.unwrap_or(s.points.len().saturating_sub(1)))
            .map_or(Decimal::ZERO, |p| p.totals.cash_total.low),
        Some(k) => {
            let (a, b) = (&s.points[k - 1], &s.points[k]);
            let (ya, yb) = (a.totals.cash_total.low, b.totals.cash_total.low);
            let dx = b.value - a.value;
            (yb - ya)
                .checked_mul(x - a.value)
                .and_then(|d| d.checked_div(dx))
                .map_or(ya, |d| ya + d)
        }
    }
}

/// 万元 as a plain number (`1145.6875`): the unit is named once in the title,
/// and 万 is two columns wide in a terminal.
fn wan_number(d: Decimal) -> String {
    wan(d).trim_end_matches('万').to_string()
}

/// `floor(a × n / d)` as a column or row number, within `0..=n`.
fn scale(a: Decimal, d: Decimal, n: usize) -> usize {
    if d <= Decimal::ZERO {
        return 0;
    }
    let v = a
        .checked_mul(Decimal::from(n))
        .and_then(|x| x.checked_div(d))
        .unwrap_or_default()
        .floor()
        .to_usize()
        .unwrap_or_default();
    v.min(n)
}

/// A step chart in plain characters (`#` columns up to the cash total), with
/// the bounds marked `^` under the axis.
pub fn terminal(s: &Sweep) -> String {
    const W: usize = 64;
    const H: usize = 12;
    let (Some(first), Some(last)) = (s.points.first(), s.points.last()) else {
        return String::new();
    };
    let (x0, x1) = (first.value, last.value);
    let span = x1 - x0;
    let top = s
        .points
        .iter()
        .map(|p| p.totals.cash_total.low)
        .max()
        .unwrap_or_default();
    let heights: Vec<usize> = (0..W)
        .map(|c| {
            let x = x0 + span * Decimal::from(c) / Decimal::from(W - 1);
            let y = cash_at(s, x);
            // A positive total shows at least one mark.
            let h = scale(y, top, H);
            if h == 0 && y > Decimal::ZERO { 1 } else { h }
        })
        .collect();
    let label_w = 12;
    let x_unit = if s.ty == FieldType::Money {
        ", 万元"
    } else {
        ""
    };
    let mut out = format!(
        "现金奖补合计 (纵轴, 万元) 随 {} (横轴{x_unit}) 变化\n",
        s.label
    );
    for r in (1..=H).rev() {
        let label = if r == H {
            wan_number(top)
        } else if r == H.div_ceil(2) {
            wan_number(top * Decimal::from(r) / Decimal::from(H))
        } else {
            String::new()
        };
        out.push_str(&format!("{label:>label_w$} |"));
        let line: String = heights
            .iter()
            .map(|h| if *h >= r { '#' } else { ' ' })
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("{:>label_w$} +{}\n", "0", "-".repeat(W)));
    let mut marks = vec![b' '; W];
    for (v, _) in &s.bounds {
        let c = scale(*v - x0, span, W - 1);
        marks[c] = b'^';
    }
    out.push_str(&format!(
        "{:>label_w$}  {}\n",
        "",
        String::from_utf8_lossy(&marks).trim_end()
    ));
    let runs = s.case_by_case_runs();
    if !runs.is_empty() {
        let mut band = vec![b' '; W];
        for (from, to, _) in &runs {
            let (a, b) = (scale(*from - x0, span, W - 1), scale(*to - x0, span, W - 1));
            for m in &mut band[a..=b.max(a)] {
                *m = b'~';
            }
        }
        out.push_str(&format!(
            "{:>label_w$}  {}\n",
            "",
            String::from_utf8_lossy(&band).trim_end()
        ));
    }
    let x_text = |d: Decimal| {
        if s.ty == FieldType::Money {
            wan_number(d)
        } else {
            d.normalize().to_string()
        }
    };
    let (left, right) = (x_text(x0), x_text(x1));
    let gap = W.saturating_sub(left.chars().count() + right.chars().count());
    out.push_str(&format!(
        "{:>label_w$}  {left}{}{right}\n",
        "",
        " ".repeat(gap)
    ));
    let names: Vec<String> = s
        .bounds
        .iter()
        .map(|(v, l)| format!("{} ({l})", super::sweep::value_text(s.ty, *v)))
        .collect();
    if !names.is_empty() {
        out.push_str(&super::table::para("  ^ 界点: ", &names.join("; "), 0));
    }
    if !runs.is_empty() {
        out.push_str("  ~ 一事一议: 该段有项目转为一事一议, 金额另行商定, 不计入现金奖补合计\n");
    }
    out
}

/// Fonts asked for in the SVG, in order: the viewer renders the labels with
/// the first it has (Noto Sans CJK, WenQuanYi Micro Hei, the Windows and
/// macOS Chinese fonts).
const FONTS: &str =
    "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, SimHei, sans-serif";

/// A figure as a coordinate: whole hundredths (fen), saturating far past
/// any amount a project can hold (10^15 元 is 10^17 fen, below i64's 9×10^18).
fn grid(d: Decimal) -> i64 {
    d.checked_mul(Decimal::ONE_HUNDRED)
        .map(|c| c.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
        .and_then(|c| c.to_i64())
        .unwrap_or(if d.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
}

/// A coordinate back as the figure it marks, in 万 for money or in the
/// field's unit, as an axis label.
fn axis_label(c: i64, in_wan: bool) -> String {
    let d = Decimal::new(c, 2);
    let d = if in_wan { d / Decimal::from(10_000) } else { d };
    d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// The family names of [`FONTS`] a PNG can be drawn with.
const FONT_NAMES: [&str; 5] = [
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
];

/// Writes the sweep's picture: `.svg` as it is, `.png` drawn from the SVG
/// with a Chinese font found on this machine (refused, naming the fonts to
/// install, when there is none: labels would not render).
pub fn plot(
    s: &Sweep,
    ty: FieldType,
    path: &Path,
    guard: &crate::sink::Guard,
) -> Result<(), String> {
    let shown = path.display();
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => {
            let text = svg(s, ty)?;
            write_out(path, guard, text.as_bytes())
        }
        Some("png") => {
            let fonts = cjk_fonts().ok_or_else(|| {
                format!(
                    "{shown}: 本机没有可用的中文字体 ({}), 无法画 PNG; 请安装 fonts-noto-cjk 或 fonts-wqy-microhei, 或改用 .svg",
                    FONT_NAMES.join(", ")
                )
            })?;
            let text = svg(s, ty)?;
            png(&text, fonts, path, guard)
        }
        _ => Err(format!("--plot {shown}: 应为 .svg 或 .png 文件")),
    }
}

/// Writes a finished picture as `-o` writes ([`crate::sink`]): a failed run
/// leaves no half picture, and a link, device or pipe is not replaced.
fn write_out(path: &Path, guard: &crate::sink::Guard, bytes: &[u8]) -> Result<(), String> {
    crate::sink::write_to(path, guard, |out| {
        use std::io::Write;
        Ok(out.write_all(bytes)?)
    })
    .map_err(|e| crate::os_error::chain(&e))
}

/// The system's fonts when one of them is a Chinese font of [`FONT_NAMES`].
fn cjk_fonts() -> Option<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_system_fonts();
    let found = db.faces().any(|f| {
        f.families
            .iter()
            .any(|(name, _)| FONT_NAMES.contains(&name.as_str()))
    });
    found.then_some(db)
}

/// Whether `--plot FILE.png` can draw Chinese labels on this machine.
pub fn png_available() -> bool {
    cjk_fonts().is_some()
}

fn png(
    svg_text: &str,
    fonts: resvg::usvg::fontdb::Database,
    path: &Path,
    guard: &crate::sink::Guard,
) -> Result<(), String> {
    use resvg::{tiny_skia, usvg};
    let shown = path.display();
    let mut opt = usvg::Options::default();
    *opt.fontdb_mut() = fonts;
    let tree = usvg::Tree::from_str(svg_text, &opt).map_err(|e| format!("{shown}: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| format!("{shown}: 图片尺寸无效"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let bytes = pixmap
        .encode_png()
        .map_err(|e| format!("{shown}: 无法生成 PNG: {e}"))?;
    write_out(path, guard, &bytes)
}

/// The sweep as an SVG picture: the cash total as a line, each bound as a
/// dashed vertical line with its value, axes in 万元.
pub fn svg(s: &Sweep, ty: FieldType) -> Result<String, String> {
    use plotters::prelude::*;
    let (Some(first), Some(last)) = (s.points.first(), s.points.last()) else {
        return Err("没有可画的点".into());
    };
    let money = ty == FieldType::Money;
    let x_of = |d: Decimal| grid(d);
    let y_of = |d: Decimal| grid(d);
    let (x0, x1) = (
        x_of(first.value),
        x_of(last.value).max(x_of(first.value) + 1),
    );
    let top = s
        .points
        .iter()
        .map(|p| y_of(p.totals.cash_total.low))
        .fold(0_i64, i64::max);
    // Room above the highest point for the bounds' labels (15%).
    let y1 = if top > 0 {
        top.saturating_add(top / 100 * 15)
    } else {
        100
    };
    let err = |e: String| format!("无法绘图: {e}");
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (1000, 560)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
        let font = FontFamily::Name(FONTS);
        let x_unit = match ty {
            FieldType::Money => " (万元)".to_string(),
            FieldType::Quantity(units) => {
                units.first().map_or(String::new(), |u| format!(" ({u})"))
            }
            _ => String::new(),
        };
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("现金奖补合计随{}变化", s.label), (font, 24))
            .margin(20)
            .x_label_area_size(55)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, 0..y1)
            .map_err(|e| err(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc(format!("{}{x_unit}", s.label))
            .y_desc("现金奖补合计 (万元)")
            .axis_desc_style((font, 16))
            .label_style((font, 12))
            .x_label_formatter(&|v| axis_label(*v, money))
            .y_label_formatter(&|v| axis_label(*v, true))
            .draw()
            .map_err(|e| err(e.to_string()))?;
        // Straight lines between the points: each bound has a point one unit
        // either side, so its jump is drawn upright.
        let line: Vec<(i64, i64)> = s
            .points
            .iter()
            .map(|p| (x_of(p.value), y_of(p.totals.cash_total.low)))
            .collect();
        chart
            .draw_series(LineSeries::new(line, BLUE.stroke_width(2)))
            .map_err(|e| err(e.to_string()))?
            .label("现金奖补合计")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE.stroke_width(2)));
        // Where a rule becomes 一事一议: a shaded band, so the fall of the
        // line is not read as money lost.
        let shade = RGBColor(255, 200, 120);
        for (from, to, _) in s.case_by_case_runs() {
            let (a, b) = (x_of(from), x_of(to).max(x_of(from) + 1));
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(a, 0), (b, y1 / 100 * 90)],
                    shade.mix(0.35).filled(),
                )))
                .map_err(|e| err(e.to_string()))?;
            chart
                .draw_series(std::iter::once(Text::new(
                    "一事一议 (金额另议, 不计入合计)".to_string(),
                    (a, y1 / 100 * 60),
                    (font, 12).into_font().color(&RGBColor(150, 80, 0)),
                )))
                .map_err(|e| err(e.to_string()))?;
        }
        let red = RGBColor(200, 40, 40);
        for (k, (v, label)) in s.bounds.iter().enumerate() {
            let x = x_of(*v);
            // Labels of nearby bounds on alternating heights.
            let step = i64::try_from(k % 3).unwrap_or(0);
            let y_text = y1 / 100 * (99 - 4 * step);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, 0), (x, y1 / 100 * 85)],
                    6,
                    4,
                    red.stroke_width(1),
                ))
                .map_err(|e| err(e.to_string()))?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{} {label}", wan(*v)),
                    (x, y_text),
                    (font, 11).into_font().color(&red),
                )))
                .map_err(|e| err(e.to_string()))?;
        }
        chart
            .configure_series_labels()
            .label_font((font, 13))
            .border_style(BLACK)
            .background_style(WHITE.mix(0.8))
            .position(SeriesLabelPosition::LowerRight)
            .draw()
            .map_err(|e| err(e.to_string()))?;
        root.present().map_err(|e| err(e.to_string()))?;
    }
    Ok(text)
}
