//! The facts a project gave, for people: each field's Chinese header (with
//! the entry's number in repeated sections) and its value in Chinese units.

use crate::money::{grouped, percent, plain};
use crate::project::schema::{FIELDS, FieldSpec, FieldType, Group, SECTIONS, choice_label};
use crate::project::{Project, Value};
use rust_decimal::Decimal;

/// The facts of a project: single fields as (name, value), and each
/// repeated section (loans, tax years, buildings) as a small table.
pub struct Facts {
    pub fields: Vec<(String, String)>,
    pub groups: Vec<GroupTable>,
}

/// A repeated section: one row per entry, one column per field given.
pub struct GroupTable {
    pub title: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Every fact set in the project, in schema order.
pub fn collect(project: &Project) -> Facts {
    let mut fields = Vec::new();
    for spec in FIELDS.iter().filter(|s| s.group().is_none()) {
        if let Some(v) = project.get(spec.field) {
            fields.push((spec.header(None), shown(spec, v)));
        }
    }
    let mut groups = Vec::new();
    for g in Group::ALL {
        let records = project.records(g);
        // The group's fields that some entry gives, in schema order.
        let specs: Vec<&FieldSpec> = FIELDS
            .iter()
            .filter(|s| s.group() == Some(g) && records.iter().any(|r| r.get(s.field).is_some()))
            .collect();
        if specs.is_empty() {
            continue;
        }
        let mut header = vec!["序号".to_string()];
        header.extend(specs.iter().map(|s| short_label(s).to_string()));
        let rows = records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![(i + 1).to_string()];
                row.extend(
                    specs
                        .iter()
                        .map(|s| r.get(s.field).map(|v| shown(s, v)).unwrap_or_default()),
                );
                row
            })
            .collect();
        let title = SECTIONS
            .iter()
            .find(|(k, _)| *k == g.path())
            .map_or(g.path(), |(_, label)| label);
        groups.push(GroupTable {
            title,
            header,
            rows,
        });
    }
    Facts { fields, groups }
}

/// A field's description without its bracketed note (`贷款期限(月)` → `贷款期限`).
fn short_label(spec: &FieldSpec) -> &'static str {
    spec.label
        .split(['(', '（'])
        .next()
        .unwrap_or(spec.label)
        .trim()
}

/// The unit a field's description names in brackets (`市场水价(元/吨,不含水资源税)`
/// → `元/吨`, `贷款期限(月)` → `月`), when it is a short unit and not a note.
fn unit_in_label(spec: &FieldSpec) -> Option<&'static str> {
    let (_, rest) = spec.label.split_once(['(', '（'])?;
    let inside = rest.split([')', '）']).next()?;
    let unit = inside.split([',', ';', '，', '；', ' ']).next()?.trim();
    let short = !unit.is_empty() && unit.chars().count() <= 5;
    let plain_unit = !unit
        .chars()
        .any(|c| c.is_ascii_digit() || c == '%' || c == '+');
    (short && plain_unit).then_some(unit)
}

/// A quantity or price as typed, its whole part grouped by thousands
/// (`50000000` → `50,000,000`, `0.45` stays).
fn thousands(d: Decimal) -> String {
    let text = plain(d);
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (whole, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn shown(spec: &FieldSpec, v: &Value) -> String {
    match (spec.ty, v) {
        (_, Value::Bool(b)) => if *b { "是" } else { "否" }.to_string(),
        (FieldType::Choice(_), Value::Text(t)) => choice_label(spec, t).unwrap_or(t).to_string(),
        (FieldType::Rate, Value::Num(d)) => percent(*d),
        (FieldType::Money, Value::Num(d)) => match unit_in_label(spec) {
            Some(u) if spec.unit_price => format!("{}{u}", thousands(*d)),
            Some(u) if u.starts_with("元") => format!("{}{u}", grouped(*d)),
            _ => format!("{}元", grouped(*d)),
        },
        (FieldType::Quantity(units), Value::Num(d)) => {
            format!("{}{}", thousands(*d), units.first().copied().unwrap_or(""))
        }
        (FieldType::Int, Value::Num(d)) => match unit_in_label(spec) {
            Some("月") => format!("{}个月", plain(*d)),
            Some(u) => format!("{}{u}", plain(*d)),
            None => plain(*d),
        },
        (FieldType::MoneyList, Value::List(l)) => l
            .iter()
            .map(|d| format!("{}元", grouped(*d)))
            .collect::<Vec<_>>()
            .join("、"),
        (_, v) => v.display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Field;

    #[test]
    fn quantities_are_grouped() {
        assert_eq!(thousands(Decimal::new(50_000_000, 0)), "50,000,000");
        assert_eq!(thousands(Decimal::new(45, 2)), "0.45");
        assert_eq!(thousands(Decimal::new(-12345678, 1)), "-1,234,567.8");
        assert_eq!(thousands(Decimal::new(100, 0)), "100");
    }

    #[test]
    fn units_come_from_the_description() {
        assert_eq!(unit_in_label(Field::WaterPrice.spec()), Some("元/吨"));
        assert_eq!(unit_in_label(Field::TermMonths.spec()), Some("月"));
        assert_eq!(unit_in_label(Field::FixedAssets.spec()), None);
        assert_eq!(unit_in_label(Field::ReductionRate.spec()), None);
        assert_eq!(unit_in_label(Field::HqCentralSoeLevel.spec()), None);
    }
}
