//! The next-tier lines of the table: one per item that has a next tier, and
//! the single change worth most to the project.

use crate::model::{NextTier, Report, Status};
use crate::money::grouped;
use crate::project::{FieldType, schema};
use rust_decimal::Decimal;
use std::fmt::Write;

/// A field's label and the unit its increase is written in.
fn field_words(path: &str) -> (String, &'static str) {
    match schema::parse_user_path(path) {
        Ok((spec, index)) => {
            let unit = match spec.ty {
                FieldType::Money => "元",
                FieldType::Quantity(units) => units.first().copied().unwrap_or(""),
                _ => "",
            };
            let label = match index {
                Some(i) => format!("{} (第{}条)", spec.label, i + 1),
                None => spec.label.to_string(),
            };
            (label, unit)
        }
        Err(_) => (path.to_string(), ""),
    }
}

/// An amount of the field in its unit: money grouped, others plain.
fn quantity(d: Decimal, unit: &str) -> String {
    if unit == "元" {
        grouped(d)
    } else {
        d.normalize().to_string()
    }
}

/// `企业投资奖励: 实际投资额 再增加 2,000,000.00 元即达 1% 档
/// [10000万, 50000万), 奖励增加 510,000.00 元, 达 1,000,000.00 元`.
pub fn line(label: &str, status: Status, n: &NextTier) -> String {
    let (field, unit) = field_words(&n.field);
    let mut out = format!(
        "{label}: {field} 再增加 {} {unit}即达 {}, 奖励增加 {} 元, 达 {} 元",
        quantity(n.increase, unit),
        n.tier,
        grouped(n.gain),
        grouped(n.amount)
    );
    // The item's own gain is not what the project gets when it is not paid.
    if n.cash_gain < n.gain {
        let why = match status {
            Status::Duplicate => "本项与同组奖励不重复发放, 按金额高者发放",
            Status::Suspended => "本项暂停兑现, 不计入应付",
            _ => "本项的增加不全计入应付",
        };
        let _ = write!(
            out,
            "; 但{why}, 现金奖补合计只增加 {} 元",
            grouped(n.cash_gain)
        );
    } else if n.cash_gain > n.gain {
        let _ = write!(
            out,
            "; 连同其他项目, 现金奖补合计增加 {} 元",
            grouped(n.cash_gain)
        );
    }
    if n.cost_share {
        out.push_str("; 增加的是企业自担的贷款, 贴息只补其利息的一部分");
    }
    out
}

/// A next tier that adds nothing to the cash total, said briefly: not a
/// proposal worth more investment.
fn no_gain_line(label: &str, status: Status, n: &NextTier) -> String {
    let (field, _) = field_words(&n.field);
    let why = match status {
        Status::Duplicate => "本项与同组奖励不重复发放",
        Status::Suspended => "本项暂停兑现",
        _ => "本项的增加不计入应付",
    };
    format!("{label}: {field} 达 {} 也无现金增加 ({why})", n.tier)
}

/// The section: nothing when no item has a next tier. Only tiers that add
/// cash are proposed; the others are listed as 无现金增加.
pub fn render(r: &Report) -> String {
    let mut lines = Vec::new();
    let mut no_gain = Vec::new();
    for i in &r.items {
        let Some(n) = &i.next_tier else { continue };
        if n.cash_gain > Decimal::ZERO {
            lines.push(line(&i.label, i.status, n));
        } else {
            no_gain.push(no_gain_line(&i.label, i.status, n));
        }
    }
    if lines.is_empty() && no_gain.is_empty() {
        return String::new();
    }
    let mut out = String::from("下一档 (只增加一项投入即可得到的更高金额)\n");
    for l in lines {
        out.push_str(&super::table::para("  > ", &l, 0));
    }
    for l in no_gain {
        out.push_str(&super::table::para("  - ", &l, 0));
    }
    if let Some(b) = r.best_next_tier.as_ref().filter(|b| b.gain > Decimal::ZERO) {
        let (field, unit) = field_words(&b.field);
        let parts: Vec<String> = b
            .items
            .iter()
            .map(|i| {
                let sign = if i.gain > Decimal::ZERO { "+" } else { "" };
                format!("{} {sign}{}", i.label, grouped(i.gain))
            })
            .collect();
        let text = format!(
            "{field} 再增加 {} {unit}, 现金奖补合计增加 {} 元, 达 {} 元 ({})",
            quantity(b.increase, unit),
            grouped(b.gain),
            grouped(b.cash_total),
            parts.join(", ")
        );
        out.push_str(&super::table::para("  现金合计增加最多的一项: ", &text, 0));
    }
    out.push('\n');
    out
}
