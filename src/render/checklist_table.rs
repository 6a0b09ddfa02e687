//! The application plan for people: the criteria of a recognition, the cash
//! by payment year, and (with `calc --checklist`) what to file, where and by
//! when.

use super::fit::{fit, fit_with, stack};
use super::labels as L;
use super::table::{keep_whole, money_cell, para, short_clause, show, table, terminal_width};
use crate::model::Report;
use comfy_table::Cell;
use std::fmt::Write;

/// The criteria of every item that has them (headquarters recognition).
pub fn criteria(out: &mut String, r: &Report) {
    for i in r.items.iter().filter(|i| !i.criteria.is_empty()) {
        let mut t = table(&["条件", "条款", "本项目", "标准", "满足", "差距"]);
        for c in &i.criteria {
            // Money (元, 美元) grouped by thousands; counts and levels plain.
            let unit = |v: &str| {
                let money = matches!(c.unit.as_str(), "元" | "美元");
                // A yes/no criterion (JSON keeps true/false) in words.
                let v = match v {
                    "true" => "是",
                    "false" => "否",
                    other => crate::project::schema::any_choice_label(other).unwrap_or(other),
                };
                match v.parse::<rust_decimal::Decimal>() {
                    Ok(d) if money => format!("{} {}", crate::money::grouped(d), c.unit),
                    _ if c.unit.is_empty() => v.to_string(),
                    _ => format!("{v} {}", c.unit),
                }
            };
            let op = match c.test {
                "at_least" => "≥ ",
                "at_most" => "≤ ",
                _ => "",
            };
            let threshold = if c.route == "direct" {
                format!("直接认定: {op}{}", unit(&c.threshold))
            } else {
                format!("{op}{}", unit(&c.threshold))
            };
            t.add_row(vec![
                c.name.clone(),
                c.clause.clone(),
                c.value.as_deref().map_or_else(|| "未填写".into(), unit),
                threshold,
                if c.met { "是" } else { "否" }.to_string(),
                c.shortfall.as_deref().map(unit).unwrap_or_default(),
            ]);
        }
        keep_whole(&mut t, [4]);
        let head = format!("({}): {}", i.article, i.status.label());
        out.push_str(&para(&format!("{} ", i.label), &head, 0));
        let _ = writeln!(out, "{}\n", show(&t));
    }
}

/// Cash that applies, by the year it is paid, under the application's round.
pub fn by_payment_year(out: &mut String, r: &Report) {
    out.push_str(&para(
        &format!("{}: ", L::AWARD_YEAR),
        &r.application.note,
        0,
    ));
    if r.by_payment_year.is_empty() {
        let _ = writeln!(out);
        return;
    }
    let mut t = table(&[
        L::PAYMENT_YEAR,
        L::ONE_TIME_YUAN,
        L::MULTI_YEAR_YUAN,
        L::CASH_TOTAL_YUAN,
        L::CASH_TOTAL_MAX_YUAN,
    ]);
    for y in &r.by_payment_year {
        t.add_row(vec![
            Cell::new(format!("{}年", y.payment_year)),
            money_cell(y.cash_one_time.low),
            money_cell(y.cash_multi_year.low),
            money_cell(y.cash_total.low),
            money_cell(y.cash_total.high),
        ]);
    }
    keep_whole(&mut t, 0..5);
    let _ = writeln!(out, "{}\n{}", L::BY_PAYMENT_YEAR, show(&t));
    // Items whose entries wait for their year to close (reading 9): said
    // once, since the round above is the application's.
    let round = r.application.award_year;
    let later: Vec<&str> = r
        .items
        .iter()
        .filter(|i| i.status == crate::model::Status::Applies)
        .filter(|i| i.schedule.iter().any(|e| e.award_year > e.year.max(round)))
        .map(|i| i.label.as_str())
        .collect();
    if !later.is_empty() {
        let note = format!(
            "{} 各年度的数额以该年度的记录 (纳税申报等) 为据, 年度结束后于次年申报, 评审次年兑现",
            later.join("、")
        );
        out.push_str(&para("注: ", &note, 0));
    }
    let _ = writeln!(out);
}

/// The checklist of `calc --checklist`.
pub fn render(r: &Report) -> String {
    let c = &r.checklist;
    let mut out = String::new();
    if c.office.is_empty() {
        let _ = writeln!(out, "申报清单: 规则中没有申报程序 (procedure 规则)\n");
        return out;
    }
    let _ = writeln!(out, "申报清单 ({} 年度评审)", c.award_year);
    let office = format!("{} ({})", c.office, c.office_clause);
    out.push_str(&para(&format!("  {}: ", L::OFFICE), &office, 0));
    if let Some(d) = &c.deadline {
        let _ = writeln!(out, "  {}: {d}", L::DEADLINE);
    }
    out.push_str(&para(&format!("  {}: ", L::REVIEW), &c.review, 0));
    let payment = format!("{}年 ({})", c.payment_year, c.payment_clause);
    out.push_str(&para(&format!("  {}: ", L::PAYMENT), &payment, 0));
    out.push_str(&para("  ", &r.application.note, 0));
    out.push('\n');
    if c.items.is_empty() {
        let _ = writeln!(out, "没有需要申报的项目\n");
        return out;
    }
    // The narrow shape puts the three dates of a round in one cell.
    let make = |clause: fn(&str) -> String, narrow: bool| {
        let mut t = if narrow {
            table(&[L::ITEM, L::CLAUSE, L::STATUS, L::ROUND, L::AMOUNT])
        } else {
            table(&[
                L::ITEM,
                L::CLAUSE,
                L::STATUS,
                L::AWARD_YEAR,
                L::DEADLINE,
                L::PAYMENT_YEAR,
                L::AMOUNT,
            ])
        };
        for i in &c.items {
            for round in &i.rounds {
                let mut row = vec![
                    Cell::new(&i.label),
                    Cell::new(clause(&i.article)),
                    Cell::new(i.status.label()),
                ];
                let award = format!("{}年", round.award_year);
                let deadline = round.deadline.clone().unwrap_or_default();
                let payment = format!("{}年", round.payment_year);
                if narrow {
                    let mut when = format!("{}年度申报", round.award_year);
                    if !deadline.is_empty() {
                        let _ = write!(when, "\n截止 {deadline}");
                    }
                    let _ = write!(when, "\n{payment}{}", L::PAYMENT);
                    row.push(Cell::new(when));
                } else {
                    row.extend([Cell::new(award), Cell::new(deadline), Cell::new(payment)]);
                }
                row.push(match round.amount {
                    Some(a) if round.per_year => {
                        Cell::new(format!("{} {}", L::PER_YEAR, crate::money::grouped(a)))
                            .set_alignment(comfy_table::CellAlignment::Right)
                    }
                    Some(a) => money_cell(a),
                    None if i.category == crate::rules::Category::Benefit => {
                        Cell::new(L::NON_MONEY)
                    }
                    None => Cell::new(L::AMOUNT_PENDING),
                });
                t.add_row(row);
            }
        }
        let n = if narrow { 5 } else { 7 };
        keep_whole(&mut t, [3, n - 1]);
        t
    };
    let w = terminal_width();
    let noted = |s: String| format!("{s}\n{}", L::SHORT_CLAUSES);
    let mut full = make(|a| a.to_string(), false);
    keep_whole(&mut full, [1]);
    let t = fit_with(&full, w, super::table::ROOMY)
        .or_else(|| fit(&make(short_clause, false), w).map(noted))
        .or_else(|| fit(&make(short_clause, true), w).map(noted))
        .unwrap_or_else(|| stack(&make(|a| a.to_string(), false), w));
    let _ = writeln!(out, "申报项目\n{t}\n");
    let mut t = table(&[L::DOCUMENT, L::BASIS, L::SERVES]);
    for d in &c.documents {
        t.add_row(L::document_row(c, d).to_vec());
    }
    let _ = writeln!(out, "{}\n{}\n", L::DOCUMENTS, show(&t));
    let mut t = table(&["步骤", "时间", "条款"]);
    for s in &c.steps {
        let mut name = s.name.clone();
        if !s.items.is_empty() {
            let labels: Vec<&str> = s
                .items
                .iter()
                .filter_map(|id| c.items.iter().find(|i| &i.id == id))
                .map(|i| i.label.as_str())
                .collect();
            if labels.is_empty() {
                continue;
            }
            let _ = write!(name, " (用于: {})", labels.join("、"));
        }
        t.add_row(vec![name, s.when.clone(), s.clause.clone()]);
    }
    let _ = writeln!(out, "程序\n{}\n", show(&t));
    out
}
