//! The report for people: Chinese labels, CJK-aligned tables, money in 元
//! right-aligned beside 万元, and a section per kind of money.

use super::labels as L;
use crate::model::{Item, Override, Report, Status};
use crate::money::{grouped, wan};
use crate::rules::Category;
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};
use rust_decimal::Decimal;
use std::fmt::Write;
use std::io::IsTerminal;

/// The width tables are fitted to: `COLUMNS` when set (scripts and tests
/// choose it), else the terminal's when standard output is one; none in a
/// pipe or a file, where every row stays whole on one line for `grep` and
/// for printing wide.
pub fn terminal_width() -> Option<u16> {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w > 0)
    {
        return Some(w);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    // comfy-table asks the terminal itself; a terminal that does not say
    // gets the traditional 80 columns.
    Some(Table::new().width().unwrap_or(80))
}

/// A table in the house style; [`show`] fits it to the terminal (see
/// [`terminal_width`]). Every table of the program is made here and shown by
/// [`show`], so all follow one rule.
pub fn new_table<T: ToString>(header: impl IntoIterator<Item = T>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(
        header
            .into_iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>(),
    );
    t
}

/// `t` fitted to the terminal without breaking a token, or stacked a row a
/// block when it cannot fit (see [`super::fit`]).
pub fn show(t: &Table) -> String {
    super::fit::fit_or_stack(t, terminal_width())
}

pub(super) fn table(header: &[&str]) -> Table {
    new_table(header.iter().copied())
}

/// Keeps these columns as wide as their content: an amount, a status or a
/// year is never broken over two lines when the table is fitted to a narrow
/// terminal (the text columns wrap instead).
pub fn keep_whole(t: &mut Table, columns: impl IntoIterator<Item = usize>) {
    for i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// `text` as lines of at most the terminal's width, broken only where
/// [`super::fit::wrap`] allows; lines after the first indented by `indent`
/// spaces more than `lead` (the first line's own start).
pub fn para(lead: &str, text: &str, indent: usize) -> String {
    let Some(w) = terminal_width() else {
        return format!("{lead}{text}\n");
    };
    let lead_w = super::fit::width_of(lead);
    let room = usize::from(w).saturating_sub(lead_w + indent).max(20);
    let wrapped = super::fit::wrap(text, room);
    let mut out = String::new();
    for (k, l) in wrapped.lines().enumerate() {
        if k == 0 {
            out.push_str(lead);
        } else {
            out.push_str(&" ".repeat(lead_w + indent));
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// A short name of a clause for a narrow table: `晋市政发〔2020〕10号 第1项
/// (投资奖励)` is `10号·1`, `晋市政办〔2020〕43号 四(四)` is `43号·四(四)`.
pub fn short_clause(article: &str) -> String {
    let (number, clause) = article.split_once(' ').unwrap_or((article, ""));
    let number = number.rsplit('〕').next().unwrap_or(number);
    let clause = clause.trim();
    let clause = clause
        .strip_prefix('第')
        .and_then(|c| c.split_once('项'))
        .map_or(clause, |(n, _)| n);
    if clause.is_empty() {
        number.to_string()
    } else {
        format!("{number}·{clause}")
    }
}

/// How narrow (display columns) a text column of a table with whole clauses
/// may become before the clauses are shortened instead.
pub const ROOMY: usize = 20;

/// A table with a clause column (the second) made by `make`: whole clauses,
/// each on one line, when it fits; else short names (the whole clause is
/// under `--explain`); else stacked.
pub fn show_with_clauses(make: impl Fn(fn(&str) -> String) -> Table) -> String {
    let w = terminal_width();
    let mut full = make(|a| a.to_string());
    keep_whole(&mut full, [1]);
    if let Some(s) = super::fit::fit_with(&full, w, ROOMY) {
        return s;
    }
    let short = make(short_clause);
    match super::fit::fit(&short, w) {
        Some(s) => format!("{s}\n{}", L::SHORT_CLAUSES),
        None => super::fit::stack(&full, w),
    }
}

pub(super) fn money_cell(d: Decimal) -> Cell {
    Cell::new(grouped(d)).set_alignment(CellAlignment::Right)
}

fn range_cell(lo: Decimal, hi: Decimal) -> Cell {
    if lo == hi {
        Cell::new(wan(lo)).set_alignment(CellAlignment::Right)
    } else {
        Cell::new(format!("{}–{}", wan(lo), wan(hi))).set_alignment(CellAlignment::Right)
    }
}

/// Renders the whole report; `explain` adds each item's clause and formula.
pub fn render(report: &Report, explain: bool) -> String {
    let mut out = String::new();
    header(&mut out, report);
    money_section(&mut out, report, Category::CashOneTime, L::ONE_TIME);
    money_section(&mut out, report, Category::CashMultiYear, L::MULTI_YEAR);
    schedule(&mut out, report);
    money_section(&mut out, report, Category::AnnualSaving, L::SAVINGS);
    benefits(&mut out, report);
    super::checklist_table::criteria(&mut out, report);
    others(&mut out, report);
    totals(&mut out, report);
    super::checklist_table::by_payment_year(&mut out, report);
    warnings(&mut out, report);
    if explain {
        explanations(&mut out, report);
    }
    out
}

fn header(out: &mut String, r: &Report) {
    let p = &r.project;
    let mut t = table(&["项目", "内容"]);
    let rows = [
        (L::PROJECT_NAME, p.name.clone()),
        (L::PROJECT_ID, p.id.clone()),
        (L::ENTERPRISE, p.enterprise.clone()),
        (L::COUNTY, p.county.clone()),
        (L::INDUSTRY, p.industry.clone()),
        (L::TOP_RANK, p.top_rank.clone()),
        (L::AS_OF, Some(r.as_of.clone())),
        (
            L::FINGERPRINT,
            Some(r.rules_fingerprint.chars().take(16).collect()),
        ),
    ];
    for (k, v) in rows {
        if let Some(v) = v {
            t.add_row(vec![k.to_string(), v]);
        }
    }
    // A what-if printout must never pass for the project's own figures: the
    // title says so and every changed field is listed.
    for (n, o) in r.overrides.iter().enumerate() {
        let key = if n == 0 { L::OVERRIDES } else { "" };
        t.add_row(vec![key.to_string(), override_text(o)]);
    }
    let title = if r.overrides.is_empty() {
        "招商引资优惠政策测算".to_string()
    } else {
        format!(
            "招商引资优惠政策测算 (假设测算: 已调整 {} 个字段, 不是项目文件本身的结果)",
            r.overrides.len()
        )
    };
    let _ = writeln!(out, "{title}\n{}\n", show(&t));
}

/// `用地面积 (land.area_mu) = 120`; a cleared field says so.
fn override_text(o: &Override) -> String {
    let name = match &o.label {
        Some(label) => format!("{label} ({})", o.field),
        None => o.field.clone(),
    };
    if o.value.is_empty() {
        format!("{name} 清空 (视为未填写)")
    } else {
        // A choice typed as its key reads as its Chinese label.
        let value = crate::project::schema::any_choice_label(&o.value).unwrap_or(&o.value);
        format!("{name} = {value}")
    }
}

fn money_section(out: &mut String, r: &Report, category: Category, title: &str) {
    let items: Vec<&Item> = r
        .items
        .iter()
        .filter(|i| i.category == category && L::is_paid_or_held(i))
        .collect();
    if items.is_empty() {
        return;
    }
    let t = show_with_clauses(|clause| {
        let mut t = table(&[L::ITEM, L::CLAUSE, L::STATUS, L::LOWER, L::UPPER, L::WAN]);
        for i in &items {
            t.add_row(vec![
                Cell::new(&i.label),
                Cell::new(clause(&i.article)),
                Cell::new(i.status.label()),
                money_cell(i.amount),
                money_cell(i.amount_max),
                range_cell(i.amount, i.amount_max),
            ]);
        }
        keep_whole(&mut t, 2..6);
        t
    });
    let _ = writeln!(out, "{title}\n{t}\n");
}

fn schedule(out: &mut String, r: &Report) {
    let (items, years) = r.multi_year_schedule();
    if years.is_empty() {
        return;
    }
    let mut head = vec![L::SCHEDULE_HEAD.to_string()];
    head.extend(years.iter().map(|y| format!("{y}年")));
    head.push(L::TOTAL.into());
    let mut t = new_table(head);
    let mut per_year = vec![Decimal::ZERO; years.len()];
    let mut all = Decimal::ZERO;
    for i in &items {
        let mut row = vec![Cell::new(&i.label)];
        for (k, y) in years.iter().enumerate() {
            let v = i
                .schedule
                .iter()
                .find(|s| s.year == *y)
                .map(|s| s.amount)
                .unwrap_or_default();
            per_year[k] = per_year[k].saturating_add(v);
            row.push(money_cell(v));
        }
        all = all.saturating_add(i.amount);
        row.push(money_cell(i.amount));
        t.add_row(row);
    }
    let mut row = vec![Cell::new(L::TOTAL)];
    row.extend(per_year.into_iter().map(money_cell));
    row.push(money_cell(all));
    t.add_row(row);
    keep_whole(&mut t, 1..years.len() + 2);
    let w = terminal_width();
    // Too many years for the terminal: a row per year and a column per
    // item; too many items as well: stacked.
    let shown = super::fit::fit(&t, w)
        .or_else(|| super::fit::fit(&transposed(&t), w))
        .unwrap_or_else(|| super::fit::stack(&t, w));
    let _ = writeln!(out, "{}\n{shown}\n", L::SCHEDULE);
}

/// `t` with rows and columns swapped (the first column heads the new
/// header), every column but the first kept whole.
fn transposed(t: &Table) -> Table {
    let header: Vec<String> = t
        .header()
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = t
        .row_iter()
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .collect();
    let mut head = vec![L::YEAR.to_string()];
    head.extend(rows.iter().map(|r| r.first().cloned().unwrap_or_default()));
    let mut out = new_table(head);
    for (k, h) in header.iter().enumerate().skip(1) {
        let mut row = vec![Cell::new(h)];
        row.extend(rows.iter().map(|r| {
            Cell::new(r.get(k).cloned().unwrap_or_default()).set_alignment(CellAlignment::Right)
        }));
        out.add_row(row);
    }
    keep_whole(&mut out, 1..rows.len() + 1);
    out
}

fn benefits(out: &mut String, r: &Report) {
    let items: Vec<&Item> = r
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Benefit | Status::CaseByCase))
        .collect();
    if items.is_empty() {
        return;
    }
    let t = show_with_clauses(|clause| {
        let mut t = table(&[L::NON_CASH, L::CLAUSE, L::STATUS, L::NOTE]);
        for i in &items {
            let note = i.reason.clone().unwrap_or_else(|| i.basis.clone());
            t.add_row(vec![
                i.label.clone(),
                clause(&i.article),
                i.status.label().to_string(),
                note,
            ]);
        }
        keep_whole(&mut t, [2]);
        t
    });
    let _ = writeln!(out, "{}\n{t}\n", L::BENEFITS);
}

fn others(out: &mut String, r: &Report) {
    let items: Vec<&Item> = r
        .items
        .iter()
        .filter(|i| L::is_listed_with_reason(i))
        .collect();
    let absent: Vec<&str> = r
        .items
        .iter()
        .filter(|i| i.absent)
        .map(|i| i.label.as_str())
        .collect();
    if !absent.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            para(&format!("{}: ", L::ABSENT), &absent.join("、"), 0)
        );
    }
    if items.is_empty() {
        return;
    }
    let mut rows = Vec::new();
    for i in items {
        let mut why = i.reason.clone().unwrap_or_default();
        // A gate's reason is given once, in the warnings ("见提示").
        let names: Vec<String> = i
            .missing
            .iter()
            .map(|m| crate::project::schema::field_label(m))
            .collect();
        if !names.is_empty() && !why.contains(&names[0]) && !why.contains("见提示") {
            let _ = write!(why, " ({}: {})", L::NEEDS, names.join("、"));
        }
        rows.push((i, why));
    }
    let t = show_with_clauses(|clause| {
        let mut t = table(&[L::ITEM, L::CLAUSE, L::STATUS, L::REASON]);
        for (i, why) in &rows {
            t.add_row(vec![
                i.label.clone(),
                clause(&i.article),
                i.status.label().to_string(),
                why.clone(),
            ]);
        }
        keep_whole(&mut t, [2]);
        t
    });
    let _ = writeln!(out, "{}\n{t}\n", L::OTHERS);
}

fn totals(out: &mut String, r: &Report) {
    let mut t = table(&[L::TOTAL, L::LOWER, L::UPPER, L::WAN]);
    for (k, lo, hi) in L::total_rows(&r.totals) {
        t.add_row(vec![
            Cell::new(k),
            money_cell(lo),
            money_cell(hi),
            range_cell(lo, hi),
        ]);
    }
    keep_whole(&mut t, 1..4);
    let _ = writeln!(out, "{}\n{}\n", L::TOTALS, show(&t));
}

fn warnings(out: &mut String, r: &Report) {
    let mut lines: Vec<String> = r.warnings.iter().map(|w| format!("! {w}")).collect();
    lines.extend(r.notes.iter().map(|n| format!("{} {n}", L::NOTE)));
    for i in r.items.iter().filter(|i| L::is_paid_or_held(i)) {
        for a in &i.assumptions {
            lines.push(format!("{} [{}] {a}", L::ASSUMPTION, i.label));
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", L::WARNINGS);
    for l in lines {
        out.push_str(&para("  ", &l, 2));
    }
    let _ = writeln!(out);
}

fn explanations(out: &mut String, r: &Report) {
    let _ = writeln!(out, "计算说明");
    for i in &r.items {
        let head = format!("{} — {}", i.article, i.status_label());
        out.push_str(&para(&format!("【{}】 ", i.label), &head, 0));
        out.push_str(&para(&format!("  {}: ", L::ORIGINAL), &i.text, 0));
        if !i.basis.is_empty() {
            out.push_str(&para(&format!("  {}: ", L::FORMULA), &i.basis, 0));
        }
        if let Some(reason) = &i.reason {
            out.push_str(&para(&format!("  {}: ", L::REASON), reason, 0));
        }
        for a in &i.assumptions {
            out.push_str(&para(&format!("  {}: ", L::ASSUMPTION), a, 0));
        }
    }
    for g in &r.gates {
        let text = format!("{} — {}: {}", g.article, g.status.label(), g.detail);
        out.push_str(&para(&format!("【{}】 ", g.label), &text, 0));
    }
}
