//! From an estimate to an application plan: the application's award year
//! (the yearly round it falls in), the award and payment year of every
//! schedule entry, the cash by payment year, and the checklist of what to
//! file, where and by when. Every date, office and document comes from the
//! rules files (the `procedure` and `documents` rules).

use super::Ctx;
use super::common::condition_holds;
use crate::model::plan::{
    Application, Checklist, ChecklistItem, DocumentOut, PaymentYear, RoundOut, Source, StepOut,
};
use crate::model::{Item, Status};
use crate::money::Range;
use crate::project::Field;
use crate::rules::kinds::documents::Documents;
use crate::rules::kinds::procedure::{Procedure, Step};
use crate::rules::{Category, Kind, Rule};
use jiff::civil::Date;

/// What [`plan`] derives.
pub struct Plan {
    pub application: Application,
    pub by_payment_year: Vec<PaymentYear>,
    pub checklist: Checklist,
}

fn procedure<'a>(ctx: &Ctx<'a, '_>) -> Option<(&'a Rule, &'a Procedure)> {
    ctx.rules.rules.iter().find_map(|r| match &r.kind {
        Kind::Procedure(p) => Some((r, p)),
        _ => None,
    })
}

fn documents<'a>(ctx: &Ctx<'a, '_>) -> impl Iterator<Item = (&'a Rule, &'a Documents)> {
    ctx.rules.rules.iter().filter_map(|r| match &r.kind {
        Kind::Documents(d) => Some((r, d)),
        _ => None,
    })
}

/// The round's deadline in a year (validated when the rules were loaded).
fn deadline_in(p: &Procedure, year: i16) -> Option<Date> {
    Date::new(year, p.deadline_month, p.deadline_day).ok()
}

/// The award year of a date: its year when on or before the deadline, else
/// the next year.
pub fn award_year(p: Option<&Procedure>, date: Date) -> i16 {
    match p.and_then(|p| deadline_in(p, date.year())) {
        Some(d) if date > d => date.year().saturating_add(1),
        _ => date.year(),
    }
}

/// Works out the application's round, puts award and payment years on every
/// schedule entry, and builds the checklist.
pub fn plan(ctx: &Ctx, items: &mut [Item]) -> Plan {
    let proc = procedure(ctx);
    let p = proc.map(|(_, p)| p);
    let lag = p.map_or(0, |p| p.payment_years_after);
    let (date, date_source) = match ctx.project.date(Field::ApplicationDate) {
        Some(d) => (d, "application_date"),
        None => (ctx.as_of, "as_of"),
    };
    let year = award_year(p, date);
    let late = year > date.year();
    let deadline = p.and_then(|p| deadline_in(p, year));
    let note = if !ctx.texts {
        String::new()
    } else {
        application_note(p, date, date_source, year, lag)
    };
    let application = Application {
        date: date.to_string(),
        date_source,
        award_year: year,
        deadline: deadline.map(|d| d.to_string()),
        late,
        payment_year: year.saturating_add(lag),
        note,
    };
    for item in items.iter_mut().filter(|i| !i.schedule.is_empty()) {
        // A year's records are filed once the year has closed (reading 9).
        let after = ctx
            .rules
            .get(&item.id)
            .is_some_and(|r| r.claimed_after_year);
        for e in &mut item.schedule {
            let first = if after {
                e.year.saturating_add(1)
            } else {
                e.year
            };
            e.award_year = first.max(year);
            e.deadline = p
                .and_then(|p| deadline_in(p, e.award_year))
                .map(|d| d.to_string());
            e.payment_year = e.award_year.saturating_add(lag);
        }
    }
    let by_payment_year = by_payment_year(items);
    let checklist = match proc {
        Some((rule, p)) if ctx.checklist => checklist(ctx, rule, p, &application, items),
        _ => Checklist {
            award_year: year,
            payment_year: application.payment_year,
            ..Checklist::default()
        },
    };
    Plan {
        application,
        by_payment_year,
        checklist,
    }
}

fn application_note(
    p: Option<&Procedure>,
    date: Date,
    source: &str,
    year: i16,
    lag: i16,
) -> String {
    let what = if source == "application_date" {
        format!("申报日期 {date}")
    } else {
        let name = super::common::field(Field::ApplicationDate);
        format!("未填写{name}, 按评估日期 {date}")
    };
    let Some(p) = p else {
        return format!("{what}: 规则中没有申报程序, 按 {year} 年度计");
    };
    let (m, d) = (p.deadline_month, p.deadline_day);
    let pay = year.saturating_add(lag);
    if year > date.year() {
        format!(
            "{what} 晚于 {}年{m}月{d}日 的申报截止日 ({}), 列入 {year} 年度评审 ({year}年{m}月{d}日前申报), {pay}年兑现",
            date.year(),
            p.deadline_clause
        )
    } else {
        format!(
            "{what} 在 {year}年{m}月{d}日 申报截止日 (含当日) 之前, 列入 {year} 年度评审, {pay}年兑现 ({})",
            p.payment_clause
        )
    }
}

fn is_cash(c: Category) -> bool {
    matches!(c, Category::CashOneTime | Category::CashMultiYear)
}

fn by_payment_year(items: &[Item]) -> Vec<PaymentYear> {
    let mut out: Vec<PaymentYear> = Vec::new();
    for item in items
        .iter()
        .filter(|i| i.status == Status::Applies && is_cash(i.category))
    {
        for e in &item.schedule {
            let i = match out.binary_search_by_key(&e.payment_year, |y| y.payment_year) {
                Ok(i) => i,
                Err(i) => {
                    out.insert(
                        i,
                        PaymentYear {
                            payment_year: e.payment_year,
                            ..PaymentYear::default()
                        },
                    );
                    i
                }
            };
            let y = &mut out[i];
            // Sums of amounts that already add up within the totals, which
            // were checked for overflow: saturation never happens here.
            let amount = Range::new(e.amount, e.amount_max);
            if item.category == Category::CashOneTime {
                y.cash_one_time = y.cash_one_time.saturating_add(amount);
            } else {
                y.cash_multi_year = y.cash_multi_year.saturating_add(amount);
            }
            y.cash_total = y.cash_total.saturating_add(amount);
        }
    }
    out
}

/// Items to file for: what is paid or decided through the yearly round.
fn in_checklist(i: &Item) -> bool {
    i.category != Category::Gate
        && matches!(
            i.status,
            Status::Applies | Status::CaseByCase | Status::Suspended
        )
}

fn step_when(s: &Step, year: i16, payment: bool, lag: i16) -> String {
    let y = if payment {
        year.saturating_add(lag)
    } else {
        year
    };
    match s.month {
        Some(m) => format!("{y}年{m}月{}", s.when),
        None if payment => format!("{y}年"),
        None => s.when.clone(),
    }
}

/// The review of a round in one line: its steps marked as review.
fn review_text(p: &Procedure, year: i16) -> String {
    p.steps
        .iter()
        .filter(|s| s.review && s.items.is_empty())
        .map(|s| {
            let mut t = String::new();
            if s.month.is_some() {
                t.push_str(&step_when(s, year, false, 0));
                t.push(' ');
            }
            t.push_str(&s.name);
            if s.month.is_none() && !s.when.is_empty() {
                t.push_str(&format!(" ({})", s.when));
            }
            t
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn checklist(
    ctx: &Ctx,
    rule: &Rule,
    p: &Procedure,
    app: &Application,
    items: &[Item],
) -> Checklist {
    let lag = p.payment_years_after;
    let review_of = |y: i16| review_text(p, y);
    let steps = p
        .steps
        .iter()
        .map(|s| StepOut {
            name: s.name.clone(),
            when: step_when(s, app.award_year, s.payment, lag),
            working_days: s.working_days,
            items: s.items.clone(),
            clause: s.clause.clone(),
            text: s.text.clone(),
        })
        .collect();
    let mut docs: Vec<DocumentOut> = Vec::new();
    let mut out_items = Vec::new();
    for item in items.iter().filter(|i| in_checklist(i)) {
        // Rounds: the schedule grouped by award year; no schedule (case by
        // case, a recognition): the application's round, without an amount.
        let mut rounds: Vec<RoundOut> = Vec::new();
        let computed = item.status != Status::CaseByCase;
        for e in item
            .schedule
            .iter()
            .filter(|e| computed && !(e.amount.is_zero() && e.amount_max.is_zero()))
        {
            match rounds.iter_mut().find(|r| r.award_year == e.award_year) {
                Some(r) => {
                    r.amount = r.amount.map(|a| a.saturating_add(e.amount));
                    r.amount_max = r.amount_max.map(|a| a.saturating_add(e.amount_max));
                }
                None => rounds.push(RoundOut {
                    award_year: e.award_year,
                    deadline: deadline_in(p, e.award_year).map(|d| d.to_string()),
                    review: review_of(e.award_year),
                    payment_year: e.payment_year,
                    amount: Some(e.amount),
                    amount_max: Some(e.amount_max),
                    per_year: false,
                }),
            }
        }
        if rounds.is_empty() {
            let saving = item.category == Category::AnnualSaving && computed;
            rounds.push(RoundOut {
                award_year: app.award_year,
                deadline: app.deadline.clone(),
                review: review_of(app.award_year),
                payment_year: app.payment_year,
                amount: saving.then_some(item.amount),
                amount_max: saving.then_some(item.amount_max),
                per_year: saving,
            });
        }
        let mut mine = Vec::new();
        for (_, d) in documents(ctx) {
            for entry in &d.documents {
                let serves = entry.all || entry.items.iter().any(|id| id == &item.id);
                if !serves || !entry.when.iter().all(|c| condition_holds(ctx, c)) {
                    continue;
                }
                let doc = match docs.iter_mut().position(|x| x.id == entry.id) {
                    Some(i) => &mut docs[i],
                    None => {
                        docs.push(DocumentOut {
                            id: entry.id.clone(),
                            name: entry.name.clone(),
                            items: Vec::new(),
                            notes: Vec::new(),
                            sources: Vec::new(),
                        });
                        let last = docs.len() - 1;
                        &mut docs[last]
                    }
                };
                if !doc.items.contains(&item.id) {
                    doc.items.push(item.id.clone());
                }
                if !entry.note.is_empty() && !doc.notes.contains(&entry.note) {
                    doc.notes.push(entry.note.clone());
                }
                let src = Source {
                    clause: entry.clause.clone(),
                    text: entry.text.clone(),
                };
                if !doc.sources.contains(&src) {
                    doc.sources.push(src);
                }
                if !mine.contains(&entry.id) {
                    mine.push(entry.id.clone());
                }
            }
        }
        let mut notes = Vec::new();
        if item.status == Status::Suspended {
            notes.push(format!(
                "暂停兑现: {}",
                item.reason.clone().unwrap_or_default()
            ));
        }
        if computed
            && ctx
                .rules
                .get(&item.id)
                .is_some_and(|r| r.claimed_after_year)
        {
            notes.push("各年度数额以该年度的记录 (纳税申报等) 为据, 年度结束后于次年申报".into());
        }
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        out_items.push(ChecklistItem {
            id: item.id.clone(),
            label: item.label.clone(),
            article: item.article.clone(),
            status: item.status,
            category: item.category,
            office: p.office.clone(),
            rounds,
            documents: mine,
            note,
        });
    }
    Checklist {
        office: p.office.clone(),
        office_clause: ctx.text(|| {
            format!(
                "{} {}",
                ctx.rules.documents[rule.document].number, p.deadline_clause
            )
        }),
        award_year: app.award_year,
        deadline: app.deadline.clone(),
        review: review_of(app.award_year),
        payment_year: app.payment_year,
        payment_clause: p.payment_clause.clone(),
        steps,
        items: out_items,
        documents: docs,
    }
}
