//! The Chinese words of the report for people, shared by the terminal tables
//! and the printed report (`calc --format docx`), so both say the same thing.
//! Item statuses are [`crate::model::Status::label`]; field names come from
//! the project schema.

use crate::model::{Item, Status};
use rust_decimal::Decimal;

/// An item listed among the cash and savings (paid, held back by
/// suspension, or paid under another item of its group), in the tables and
/// the printed report alike.
pub fn is_paid_or_held(i: &Item) -> bool {
    matches!(
        i.status,
        Status::Applies | Status::Suspended | Status::Duplicate
    )
}

/// An item in play that is listed with why it is not (or not yet) paid.
pub fn is_listed_with_reason(i: &Item) -> bool {
    !i.absent
        && matches!(
            i.status,
            Status::NotApplicable
                | Status::NeedsInput
                | Status::CheckFailed
                | Status::Duplicate
                | Status::Suspended
        )
}

// Headings of the project's own lines.
pub const PROJECT_NAME: &str = "项目名称";
pub const PROJECT_ID: &str = "项目编号";
pub const ENTERPRISE: &str = "企业名称";
pub const COUNTY: &str = "所在县(市、区)";
pub const INDUSTRY: &str = "产业类别";
pub const TOP_RANK: &str = "500强/行业20强";
pub const AS_OF: &str = "评估日期";
pub const FINGERPRINT: &str = "规则指纹";
pub const OVERRIDES: &str = "假设调整";

// Sections.
pub const ONE_TIME: &str = "一次性奖补";
pub const MULTI_YEAR: &str = "分年奖补";
pub const SAVINGS: &str = "要素降本 (每年节省)";
pub const SCHEDULE: &str = "分年奖补按年度 (下限)";
pub const BENEFITS: &str = "非资金支持与一事一议";
pub const OTHERS: &str = "不适用、需补充及未发放的项目";
pub const ABSENT: &str = "未涉及 (未填写相关信息)";
pub const TOTALS: &str = "合计 (只含适用项目; 现金与每年降本分列, 不相加)";
pub const BY_PAYMENT_YEAR: &str = "现金奖补按兑现年度 (只含适用项目)";
pub const WARNINGS: &str = "提示与假设";
pub const ASSUMPTION: &str = "假设";
pub const NEEDS: &str = "需补充";

/// Why `--strict` refuses a report (calc, negotiation, a batch row): the
/// items needing input, by their labels. One wording everywhere.
pub fn strict_refusal(labels: &[&str]) -> String {
    format!("严格模式: 以下项目需补充信息: {}", labels.join("、"))
}
/// Said under a table whose clauses were shortened to fit the terminal.
pub const SHORT_CLAUSES: &str = "注: 条款为简称 (10号·1 即10号文第1项), 条款全文见 --explain";

// Columns.
pub const ITEM: &str = "项目";
pub const CLAUSE: &str = "条款";
pub const STATUS: &str = "状态";
pub const AMOUNT: &str = "金额(元)";
pub const AMOUNT_MAX: &str = "上限(元)";
pub const WAN: &str = "万元";
pub const REASON: &str = "原因";
pub const NOTE: &str = "说明";
pub const NON_CASH: &str = "非资金支持";
pub const SCHEDULE_HEAD: &str = "分年表(元)";
pub const YEAR: &str = "年度";
pub const TOTAL: &str = "合计";
pub const LOWER: &str = "下限(元)";
pub const UPPER: &str = "上限(元)";
pub const PAYMENT_YEAR: &str = "兑现年度";
pub const AWARD_YEAR: &str = "申报年度";
pub const DEADLINE: &str = "申报截止";
pub const ROUND: &str = "申报与兑现";
pub const ONE_TIME_YUAN: &str = "一次性奖补(元)";
pub const MULTI_YEAR_YUAN: &str = "分年奖补(元)";
pub const CASH_TOTAL_YUAN: &str = "现金合计(元)";
pub const CASH_TOTAL_MAX_YUAN: &str = "合计上限(元)";

// Rows of the totals.
pub const TOTAL_ONE_TIME: &str = "一次性奖补";
pub const TOTAL_MULTI_YEAR: &str = "分年奖补";
pub const TOTAL_CASH: &str = "现金奖补合计";
pub const TOTAL_SAVINGS: &str = "要素降本 (每年)";
pub const TOTAL_SUSPENDED: &str = "暂停兑现 (现金)";
pub const TOTAL_SUSPENDED_SAVINGS: &str = "暂停兑现 (每年降本)";

// The checklist.
pub const CHECKLIST: &str = "申报清单";
pub const OFFICE: &str = "申报地点";
pub const REVIEW: &str = "评审";
pub const PAYMENT: &str = "兑现";
pub const DOCUMENTS: &str = "申报材料 (每份只列一次)";
pub const DOCUMENT: &str = "材料";
pub const BASIS: &str = "依据";
pub const SERVES: &str = "用于";
pub const ALL_ITEMS: &str = "全部申报项目";
pub const PER_YEAR: &str = "每年";
pub const NON_MONEY: &str = "非资金";
pub const AMOUNT_PENDING: &str = "金额待定";

// Explanations.
pub const ORIGINAL: &str = "原文";
pub const FORMULA: &str = "计算";

/// The rows of the totals table, (label, lower, upper), in the order both
/// renderers show them; the suspended rows only when something is held back.
pub fn total_rows(t: &crate::model::Totals) -> Vec<(&'static str, Decimal, Decimal)> {
    let mut rows = vec![
        (TOTAL_ONE_TIME, t.cash_one_time.low, t.cash_one_time.high),
        (
            TOTAL_MULTI_YEAR,
            t.cash_multi_year.low,
            t.cash_multi_year.high,
        ),
        (TOTAL_CASH, t.cash_total.low, t.cash_total.high),
        (TOTAL_SAVINGS, t.annual_savings.low, t.annual_savings.high),
    ];
    if !t.suspended.low.is_zero() || !t.suspended_annual_savings.low.is_zero() {
        rows.push((TOTAL_SUSPENDED, t.suspended.low, t.suspended.high));
        rows.push((
            TOTAL_SUSPENDED_SAVINGS,
            t.suspended_annual_savings.low,
            t.suspended_annual_savings.high,
        ));
    }
    rows
}

/// One row of the documents table: the document (with its notes), the
/// clauses asking for it, and the items it serves (所有项目 when all).
pub fn document_row(
    c: &crate::model::plan::Checklist,
    d: &crate::model::plan::DocumentOut,
) -> [String; 3] {
    let mut name = d.name.clone();
    if !d.notes.is_empty() {
        name = format!("{name} ({})", d.notes.join("; "));
    }
    let clauses: Vec<&str> = d.sources.iter().map(|s| s.clause.as_str()).collect();
    let all = c.items.len();
    let serves = if d.items.len() == all && all > 1 {
        ALL_ITEMS.to_string()
    } else {
        d.items
            .iter()
            .filter_map(|id| c.items.iter().find(|i| &i.id == id))
            .map(|i| i.label.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    [name, clauses.join("、"), serves]
}
