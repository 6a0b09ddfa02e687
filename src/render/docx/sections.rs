//! What the printed report says, section by section: the heading facts, each
//! project (summary, items, schedule, what does not apply, warnings,
//! checklist), the signatures and the annex of quoted clauses.

use super::blocks::{Align, Doc};
use super::{Meta, Section, TEXT_W, facts};
use crate::model::{Item, Report, Status};
use crate::money::{grouped, wan};
use crate::render::labels as L;
use crate::rules::Category;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// 一、二、… for headings (a report has a handful of sections).
fn numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => n.to_string(),
    }
}

/// Numbers the headings of one part of the report.
struct Counter(usize);

impl Counter {
    fn next(&mut self, text: &str) -> String {
        self.0 += 1;
        format!("{}、{text}", numeral(self.0))
    }
}

/// The project's name as the title reads it: `{名称}项目`, without doubling a
/// name that already ends in 项目.
fn project_words(r: &Report) -> String {
    let name = r
        .project
        .name
        .clone()
        .or_else(|| r.project.id.clone())
        .unwrap_or_default();
    if name.ends_with("项目") {
        name
    } else {
        format!("{name}项目")
    }
}

pub fn report(doc: &mut Doc, sections: &[Section], meta: &Meta) {
    let title = match sections {
        [one] => format!("《{}招商引资优惠政策测算报告》", project_words(one.report)),
        _ => format!("《{}个项目招商引资优惠政策测算报告》", sections.len()),
    };
    doc.title(&title);
    if sections.iter().any(|s| !s.report.overrides.is_empty()) {
        doc.subtitle("(假设测算: 已调整字段, 不是项目文件本身的结果)");
    }
    if let Some(c) = &meta.comparison {
        doc.subtitle(&format!("(含{})", c.title));
    }
    heading_facts(doc, sections, meta);
    if let Some(c) = &meta.comparison {
        super::compare::section(doc, c, &c.title);
    }
    let several = sections.len() > 1;
    for (k, s) in sections.iter().enumerate() {
        if several {
            let name = s
                .report
                .project
                .name
                .clone()
                .unwrap_or_else(|| format!("项目{}", k + 1));
            doc.heading(&format!("第{}部分  {name}", numeral(k + 1)), k > 0);
        }
        project(doc, s);
    }
    doc.keep_line(
        "以上测算依据项目单位提供的资料和现行政策条款, 最终金额以评审结果和市政府确定为准。",
    );
    doc.signatures(&[
        ["测算人: ____________", "日期: ______年____月____日"],
        ["审核人: ____________", "日期: ______年____月____日"],
    ]);
    annex(doc, sections);
}

/// Date, evaluation date, rules documents and fingerprint.
fn heading_facts(doc: &mut Doc, sections: &[Section], meta: &Meta) {
    let mut rows = vec![vec!["报告日期".to_string(), meta.today.to_string()]];
    let dates: BTreeSet<&str> = sections.iter().map(|s| s.report.as_of.as_str()).collect();
    rows.push(vec![
        L::AS_OF.to_string(),
        dates.into_iter().collect::<Vec<_>>().join("、"),
    ]);
    for (k, d) in meta.rules.documents.iter().enumerate() {
        let until = d
            .valid_until
            .map_or("无截止".to_string(), |u| u.to_string());
        rows.push(vec![
            if k == 0 { "政策依据" } else { "" }.to_string(),
            format!(
                "{} 《{}》 (有效期 {} 至 {until})",
                d.number, d.title, d.valid_from
            ),
        ]);
    }
    rows.push(vec![
        L::FINGERPRINT.to_string(),
        meta.rules.fingerprint.clone(),
    ]);
    let w0 = 1800;
    doc.table(&[], &[w0, TEXT_W - w0], &[Align::Left, Align::Left], &rows);
}

fn project(doc: &mut Doc, s: &Section) {
    let r = s.report;
    let mut n = Counter(0);
    doc.heading(&n.next("项目基本情况"), false);
    summary(doc, s);
    doc.heading(&n.next("适用的奖补项目"), false);
    applying(doc, r);
    doc.heading(&n.next("分年安排与兑现年度"), false);
    schedule(doc, r);
    if r.items
        .iter()
        .any(|i| matches!(i.status, Status::Benefit | Status::CaseByCase))
    {
        doc.heading(&n.next(L::BENEFITS), false);
        benefits(doc, r);
    }
    doc.heading(&n.next("不适用的项目及原因"), false);
    others(doc, r);
    doc.heading(&n.next(L::WARNINGS), false);
    warnings(doc, r);
    doc.heading(&n.next(L::CHECKLIST), false);
    checklist(doc, r);
}

/// The facts used, two to a row; what-if changes listed first.
fn summary(doc: &mut Doc, s: &Section) {
    for o in &s.report.overrides {
        let name = o.label.clone().unwrap_or_else(|| o.field.clone());
        let value = if o.value.is_empty() {
            "清空 (视为未填写)".to_string()
        } else {
            // A choice typed as its key reads as its Chinese label.
            crate::project::schema::any_choice_label(&o.value)
                .map_or_else(|| o.value.clone(), str::to_string)
        };
        doc.note(&format!("{}: ", L::OVERRIDES), &format!("{name} = {value}"));
    }
    let facts = facts::collect(s.project);
    let rows: Vec<Vec<String>> = facts
        .fields
        .chunks(2)
        .map(|pair| {
            let mut row = Vec::with_capacity(4);
            for (k, v) in pair {
                row.push(k.clone());
                row.push(v.clone());
            }
            row.resize(4, String::new());
            row
        })
        .collect();
    let (k, v) = (1900, TEXT_W / 2 - 1900);
    doc.table(&[], &[k, v, k, v], &[Align::Left; 4], &rows);
    for g in &facts.groups {
        doc.subheading(g.title);
        let first = 700;
        let rest = (TEXT_W - first) / (g.header.len() - 1).max(1);
        let mut widths = vec![first];
        widths.extend(std::iter::repeat_n(rest, g.header.len() - 1));
        let mut align = vec![Align::Center];
        align.extend(std::iter::repeat_n(Align::Left, g.header.len() - 1));
        let header: Vec<&str> = g.header.iter().map(String::as_str).collect();
        doc.table(&header, &widths, &align, &g.rows);
    }
}

fn range(lo: Decimal, hi: Decimal) -> String {
    if lo == hi {
        wan(lo)
    } else {
        format!("{}–{}", wan(lo), wan(hi))
    }
}

/// The money items by category, the totals, then each formula.
fn applying(doc: &mut Doc, r: &Report) {
    let widths = [1700, 3000, 1100, 1250, 1250, 770];
    let align = [
        Align::Left,
        Align::Left,
        Align::Center,
        Align::Right,
        Align::Right,
        Align::Right,
    ];
    let header = [L::ITEM, L::CLAUSE, L::STATUS, L::LOWER, L::UPPER, L::WAN];
    let mut shown: Vec<&Item> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut bands = Vec::new();
    for (category, title) in [
        (Category::CashOneTime, L::ONE_TIME),
        (Category::CashMultiYear, L::MULTI_YEAR),
        (Category::AnnualSaving, L::SAVINGS),
    ] {
        let items: Vec<&Item> = r
            .items
            .iter()
            .filter(|i| i.category == category && L::is_paid_or_held(i))
            .collect();
        if items.is_empty() {
            continue;
        }
        bands.push(rows.len());
        rows.push(vec![title.to_string()]);
        rows.extend(items.iter().map(|i| {
            vec![
                i.label.clone(),
                i.article.clone(),
                i.status.label().to_string(),
                grouped(i.amount),
                grouped(i.amount_max),
                range(i.amount, i.amount_max),
            ]
        }));
        shown.extend(items);
    }
    if !rows.is_empty() {
        doc.table_with_bands(&header, &widths, &align, &rows, &bands);
    }
    if shown.is_empty() {
        doc.line("本项目没有适用的资金奖补项目。");
    }
    doc.subheading(L::TOTALS);
    let rows: Vec<Vec<String>> = L::total_rows(&r.totals)
        .into_iter()
        .map(|(k, lo, hi)| vec![k.to_string(), grouped(lo), grouped(hi), range(lo, hi)])
        .collect();
    doc.table(
        &[L::TOTAL, L::LOWER, L::UPPER, L::WAN],
        &[2844, 2200, 2200, 1600],
        &[Align::Left, Align::Right, Align::Right, Align::Right],
        &rows,
    );
    let explained: Vec<&&Item> = shown.iter().filter(|i| !i.basis.is_empty()).collect();
    if !explained.is_empty() {
        doc.subheading("计算过程");
        for i in explained {
            // The clause is in the table above.
            doc.note(&format!("{}: ", i.label), &i.basis);
        }
    }
}

/// The multi-year items by calendar year, then the cash by payment year.
fn schedule(doc: &mut Doc, r: &Report) {
    let (items, years) = r.multi_year_schedule();
    if !years.is_empty() {
        doc.subheading(L::SCHEDULE);
        let mut header = vec![L::SCHEDULE_HEAD.to_string()];
        header.extend(years.iter().map(|y| format!("{y}年")));
        header.push(L::TOTAL.to_string());
        let mut per_year = vec![Decimal::ZERO; years.len()];
        let mut all = Decimal::ZERO;
        let mut rows = Vec::new();
        for i in &items {
            let mut row = vec![i.label.clone()];
            for (k, y) in years.iter().enumerate() {
                let v = i
                    .schedule
                    .iter()
                    .filter(|s| s.year == *y)
                    .map(|s| s.amount)
                    .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
                per_year[k] = per_year[k].saturating_add(v);
                row.push(grouped(v));
            }
            all = all.saturating_add(i.amount);
            row.push(grouped(i.amount));
            rows.push(row);
        }
        let mut total = vec![L::TOTAL.to_string()];
        total.extend(per_year.into_iter().map(grouped));
        total.push(grouped(all));
        rows.push(total);
        let first = 1500;
        let rest = (TEXT_W - first) / (years.len() + 1);
        let mut widths = vec![first];
        widths.extend(std::iter::repeat_n(rest, years.len() + 1));
        let mut align = vec![Align::Left];
        align.extend(std::iter::repeat_n(Align::Right, years.len() + 1));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        doc.table(&header, &widths, &align, &rows);
    }
    doc.line(&format!("{}: {}", L::AWARD_YEAR, r.application.note));
    if r.by_payment_year.is_empty() {
        return;
    }
    doc.subheading(L::BY_PAYMENT_YEAR);
    let rows: Vec<Vec<String>> = r
        .by_payment_year
        .iter()
        .map(|y| {
            vec![
                format!("{}年", y.payment_year),
                grouped(y.cash_one_time.low),
                grouped(y.cash_multi_year.low),
                grouped(y.cash_total.low),
                grouped(y.cash_total.high),
            ]
        })
        .collect();
    doc.table(
        &[
            L::PAYMENT_YEAR,
            L::ONE_TIME_YUAN,
            L::MULTI_YEAR_YUAN,
            L::CASH_TOTAL_YUAN,
            L::CASH_TOTAL_MAX_YUAN,
        ],
        &[1244, 1900, 1900, 1900, 1900],
        &[
            Align::Center,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    );
}

fn benefits(doc: &mut Doc, r: &Report) {
    let rows: Vec<Vec<String>> = r
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Benefit | Status::CaseByCase))
        .map(|i| {
            vec![
                i.label.clone(),
                i.article.clone(),
                i.status.label().to_string(),
                // A benefit's basis is its clause, quoted in the annex.
                i.reason.clone().unwrap_or_else(|| {
                    if i.basis == i.text {
                        "见附件条款原文".to_string()
                    } else {
                        i.basis.clone()
                    }
                }),
            ]
        })
        .collect();
    doc.table(
        &[L::NON_CASH, L::CLAUSE, L::STATUS, L::NOTE],
        &[1700, 2900, 1000, TEXT_W - 5600],
        &[Align::Left, Align::Left, Align::Center, Align::Left],
        &rows,
    );
}

/// One line per item that does not apply (or is not paid), with why; the
/// items of which nothing was given on one line.
fn others(doc: &mut Doc, r: &Report) {
    let mut any = false;
    for i in r.items.iter().filter(|i| L::is_listed_with_reason(i)) {
        let mut why = i.reason.clone().unwrap_or_default();
        let names: Vec<String> = i
            .missing
            .iter()
            .map(|m| crate::project::schema::field_label(m))
            .collect();
        if !names.is_empty() && !why.contains(&names[0]) && !why.contains("见提示") {
            why = format!("{why} ({}: {})", L::NEEDS, names.join("、"));
        }
        doc.note(
            &format!("{} ({}) {}: ", i.label, i.article, i.status_label()),
            &why,
        );
        any = true;
    }
    let absent: Vec<&str> = r
        .items
        .iter()
        .filter(|i| i.absent)
        .map(|i| i.label.as_str())
        .collect();
    if !absent.is_empty() {
        doc.note(&format!("{}: ", L::ABSENT), &absent.join("、"));
        any = true;
    }
    if !any {
        doc.line("无。");
    }
}

fn warnings(doc: &mut Doc, r: &Report) {
    let mut any = false;
    for w in &r.warnings {
        doc.note("提示: ", w);
        any = true;
    }
    for n in &r.notes {
        doc.note("说明: ", n);
        any = true;
    }
    for i in r.items.iter().filter(|i| L::is_paid_or_held(i)) {
        if !i.assumptions.is_empty() {
            doc.note(
                &format!("{} [{}]: ", L::ASSUMPTION, i.label),
                &i.assumptions.join("; "),
            );
            any = true;
        }
    }
    if !any {
        doc.line("无。");
    }
}

fn checklist(doc: &mut Doc, r: &Report) {
    let c = &r.checklist;
    if c.office.is_empty() {
        doc.line("规则中没有申报程序, 无申报清单。");
        return;
    }
    doc.note(
        &format!("{}: ", L::OFFICE),
        &format!("{} ({})", c.office, c.office_clause),
    );
    if let Some(d) = &c.deadline {
        doc.note(&format!("{}: ", L::DEADLINE), d);
    }
    doc.note(&format!("{}: ", L::REVIEW), &c.review);
    doc.note(
        &format!("{}: ", L::PAYMENT),
        &format!("{}年 ({})", c.payment_year, c.payment_clause),
    );
    if c.items.is_empty() {
        doc.line("没有需要申报的项目。");
        return;
    }
    let mut rows = Vec::new();
    for i in &c.items {
        for round in &i.rounds {
            let amount = match round.amount {
                Some(a) if round.per_year => format!("{} {}", L::PER_YEAR, grouped(a)),
                Some(a) => grouped(a),
                None if i.category == Category::Benefit => L::NON_MONEY.to_string(),
                None => L::AMOUNT_PENDING.to_string(),
            };
            rows.push(vec![
                i.label.clone(),
                i.status.label().to_string(),
                format!("{}年", round.award_year),
                round.deadline.clone().unwrap_or_default(),
                format!("{}年", round.payment_year),
                amount,
            ]);
        }
    }
    doc.table(
        &[
            L::ITEM,
            L::STATUS,
            L::AWARD_YEAR,
            L::DEADLINE,
            L::PAYMENT_YEAR,
            L::AMOUNT,
        ],
        &[2200, 1000, 1100, 1400, 1100, 2044],
        &[
            Align::Left,
            Align::Center,
            Align::Center,
            Align::Center,
            Align::Center,
            Align::Right,
        ],
        &rows,
    );
    let rows: Vec<Vec<String>> = c
        .documents
        .iter()
        .map(|d| L::document_row(c, d).to_vec())
        .collect();
    if rows.is_empty() {
        return;
    }
    doc.subheading(L::DOCUMENTS);
    doc.table(
        &[L::DOCUMENT, L::BASIS, L::SERVES],
        &[4300, 1700, TEXT_W - 6000],
        &[Align::Left; 3],
        &rows,
    );
}

/// 附件: the quoted clause of every item the report shows, each once.
fn annex(doc: &mut Doc, sections: &[Section]) {
    doc.heading("附件: 政策条款原文", true);
    let mut seen = BTreeSet::new();
    for s in sections {
        for i in s.report.items.iter().filter(|i| !i.absent) {
            if i.text.is_empty() || !seen.insert(i.id.as_str()) {
                continue;
            }
            doc.note(&format!("{} ({}): ", i.label, i.article), &i.text);
        }
    }
}
