//! The unit grammar (INTERPRETATION second round, reading 11): which units
//! each field takes, first its base unit, and the exact factor of each. A
//! unit written in a cell or in a header's brackets scales the number; a
//! unit of another kind, or one nobody knows, is refused, never ignored.

use super::Field;
use super::schema::{FieldSpec, FieldType};
use rust_decimal::Decimal;

/// One way to write a unit after a number, and what the number is then
/// worth in the field's base unit.
#[derive(Debug, PartialEq, Eq)]
pub struct Unit {
    pub name: &'static str,
    /// The factor to the base unit is `mantissa × 10^-scale`.
    mantissa: i64,
    scale: u32,
    /// US dollars: converted to 元 at `headquarters.usd_cny_rate`.
    pub usd: bool,
}

impl Unit {
    pub fn factor(&self) -> Decimal {
        Decimal::new(self.mantissa, self.scale)
    }

    /// The factor is one: nothing to multiply.
    pub fn is_base(&self) -> bool {
        self.mantissa == 1 && self.scale == 0 && !self.usd
    }
}

const fn u(name: &'static str, mantissa: i64) -> Unit {
    Unit {
        name,
        mantissa,
        scale: 0,
        usd: false,
    }
}

const fn usd(name: &'static str, mantissa: i64) -> Unit {
    Unit {
        name,
        mantissa,
        scale: 0,
        usd: true,
    }
}

const WAN: i64 = 10_000;
const YI: i64 = 100_000_000;

const MONEY: &[Unit] = &[
    u("元", 1),
    u("万元", WAN),
    u("亿元", YI),
    u("万", WAN),
    u("亿", YI),
    usd("美元", 1),
    usd("万美元", WAN),
    usd("亿美元", YI),
    usd("USD", 1),
];
/// A list of amounts (balances): 元 only, no dollars (a list holds 元).
const MONEY_LIST: &[Unit] = &[
    u("元", 1),
    u("万元", WAN),
    u("亿元", YI),
    u("万", WAN),
    u("亿", YI),
];
/// 元 per 亩 (agreed intensity, agreed tax per 亩); a bare money unit, as
/// accepted before units per 亩 were read, means the same.
const PER_MU: &[Unit] = &[
    u("元/亩", 1),
    u("万元/亩", WAN),
    u("元/亩/年", 1),
    u("万元/亩/年", WAN),
    u("元", 1),
    u("万元", WAN),
    u("万", WAN),
];
const WATER_PRICE: &[Unit] = &[u("元/吨", 1), u("元", 1)];
const ELECTRICITY_PRICE: &[Unit] = &[u("元/千瓦时", 1), u("元/kWh", 1), u("元/度", 1), u("元", 1)];
const GAS_PRICE: &[Unit] = &[u("元/立方米", 1), u("元/m³", 1), u("元/m3", 1), u("元", 1)];
const RENT: &[Unit] = &[
    u("元/平方米/月", 1),
    u("元/m²/月", 1),
    u("元/㎡/月", 1),
    u("元/平方米·月", 1),
    u("元", 1),
];
/// Rates are kept as fractions (0.0385): the base unit is no unit at all.
const RATE: &[Unit] = &[
    u("", 1),
    Unit {
        name: "%",
        mantissa: 1,
        scale: 2,
        usd: false,
    },
    Unit {
        name: "％",
        mantissa: 1,
        scale: 2,
        usd: false,
    },
    Unit {
        name: "个百分点",
        mantissa: 1,
        scale: 2,
        usd: false,
    },
];
const AREA_MU: &[Unit] = &[u("亩", 1)];
const AREA_M2: &[Unit] = &[
    u("平方米", 1),
    u("m²", 1),
    u("m2", 1),
    u("㎡", 1),
    u("平米", 1),
];
const TONS: &[Unit] = &[u("吨", 1), u("t", 1), u("万吨", WAN)];
const KWH: &[Unit] = &[
    u("千瓦时", 1),
    u("kWh", 1),
    u("度", 1),
    u("万千瓦时", WAN),
    u("万kWh", WAN),
    u("万度", WAN),
];
const M3: &[Unit] = &[
    u("立方米", 1),
    u("m³", 1),
    u("m3", 1),
    u("万立方米", WAN),
    u("万m³", WAN),
];
const EXCHANGE_RATE: &[Unit] = &[u("元/美元", 1)];
const MONTHS: &[Unit] = &[u("月", 1), u("个月", 1), u("年", 12)];
const YEARS: &[Unit] = &[u("年", 1)];
const PEOPLE: &[Unit] = &[u("人", 1)];
const ENTERPRISES: &[Unit] = &[u("家", 1), u("户", 1), u("个", 1)];
const LEVEL: &[Unit] = &[u("级", 1)];

/// Every table, for telling "a unit of another kind" from "an unknown unit"
/// and for finding where a number's unit starts.
const ALL: &[&[Unit]] = &[
    MONEY,
    PER_MU,
    WATER_PRICE,
    ELECTRICITY_PRICE,
    GAS_PRICE,
    RENT,
    RATE,
    AREA_MU,
    AREA_M2,
    TONS,
    KWH,
    M3,
    EXCHANGE_RATE,
    MONTHS,
    YEARS,
    PEOPLE,
    ENTERPRISES,
    LEVEL,
];

/// The units a field takes, its base unit first; empty for fields that are
/// not numbers (and for numbers that are counts without a unit).
pub fn units(spec: &FieldSpec) -> &'static [Unit] {
    match spec.field {
        Field::AgreedIntensity | Field::AgreedTaxPerMu => return PER_MU,
        Field::WaterPrice => return WATER_PRICE,
        Field::ElectricityPrice => return ELECTRICITY_PRICE,
        Field::GasPrice => return GAS_PRICE,
        Field::MonthlyRent => return RENT,
        Field::TermMonths => return MONTHS,
        Field::TermYears | Field::LeaseYears | Field::TaxYear | Field::AnnualInvestmentYear => {
            return YEARS;
        }
        Field::InsuredEmployees => return PEOPLE,
        Field::HqManagedOutside => return ENTERPRISES,
        Field::HqCentralSoeLevel => return LEVEL,
        _ => {}
    }
    match spec.ty {
        FieldType::Money => MONEY,
        FieldType::MoneyList => MONEY_LIST,
        FieldType::Rate => RATE,
        FieldType::Quantity(names) => match names.first().copied() {
            Some("亩") => AREA_MU,
            Some("平方米") => AREA_M2,
            Some("吨") => TONS,
            Some("千瓦时") => KWH,
            Some("立方米") => M3,
            Some("元/美元") => EXCHANGE_RATE,
            _ => &[],
        },
        FieldType::Text
        | FieldType::Bool
        | FieldType::Int
        | FieldType::Date
        | FieldType::Choice(_) => &[],
    }
}

/// Whether the field is read as a number, so that any unit written with it
/// must be one it takes.
pub fn is_numeric(spec: &FieldSpec) -> bool {
    matches!(
        spec.ty,
        FieldType::Money
            | FieldType::MoneyList
            | FieldType::Rate
            | FieldType::Quantity(_)
            | FieldType::Int
    )
}

/// The field's unit written `name` (spaces around it ignored).
pub fn find(spec: &FieldSpec, name: &str) -> Option<&'static Unit> {
    let name = name.trim();
    units(spec).iter().find(|u| u.name == name)
}

/// Whether `name` is a unit of some field.
pub fn is_known(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && ALL.iter().any(|t| t.iter().any(|u| u.name == name))
}

/// The units the field takes, for messages: `元、万元、亿元 …`.
pub fn listed(spec: &FieldSpec) -> String {
    let names: Vec<&str> = units(spec)
        .iter()
        .map(|u| if u.name.is_empty() { "小数" } else { u.name })
        .collect();
    if names.is_empty() {
        "不带单位".into()
    } else {
        names.join("、")
    }
}

/// The message for a unit the field does not take.
pub fn refused(spec: &FieldSpec, found: &str) -> String {
    let what = if is_known(found) {
        "是另一类数值的单位"
    } else {
        "是无法识别的单位"
    };
    format!(
        "单位 {found:?} {what}, 不能用于{}; 本字段可用单位: {}",
        spec.label,
        listed(spec)
    )
}

/// Splits text into its number and the unit written after it: the longest
/// known unit (of any field) it ends with, else whatever follows the last
/// digit. `("", None)`-like results are left to the number parser.
pub fn split_suffix(t: &str) -> (&str, &str) {
    // The usual cell ends in a digit; only `m2` and `m3` are units that do.
    if t.as_bytes().last().is_some_and(u8::is_ascii_digit)
        && !t.ends_with("m2")
        && !t.ends_with("m3")
    {
        return (t, "");
    }
    let mut best: Option<&str> = None;
    for table in ALL {
        for unit in table.iter() {
            if !unit.name.is_empty()
                && t.ends_with(unit.name)
                && best.is_none_or(|b| unit.name.len() > b.len())
            {
                best = Some(unit.name);
            }
        }
    }
    if let Some(b) = best {
        let number = t[..t.len() - b.len()].trim_end();
        // A unit needs a number before it (`m2` alone is not 2).
        if number.bytes().last().is_some_and(|c| c.is_ascii_digit()) {
            return (number, b);
        }
    }
    match t.rfind(|c: char| c.is_ascii_digit()) {
        Some(at) => {
            let (n, unit) = t.split_at(at + 1);
            (n, unit.trim())
        }
        None => (t, ""),
    }
}

/// A header split from a trailing unit in brackets: `用地面积(亩)` →
/// (`用地面积`, `亩`).
pub fn split_header(h: &str) -> (&str, Option<&str>) {
    let h = h.trim();
    for (open, close) in [('(', ')'), ('（', '）'), ('(', '）'), ('（', ')')] {
        if let Some(body) = h.strip_suffix(close)
            && let Some(at) = body.rfind(open)
            && at > 0
        {
            return (
                body[..at].trim_end(),
                Some(body[at + open.len_utf8()..].trim()),
            );
        }
    }
    (h, None)
}

/// The unit a header's brackets give its column: a numeric field refuses a
/// unit it does not take; a field of words, dates or yes/no refuses a unit
/// but keeps any other note (`是否标准地(是/否)`) as a note.
pub fn header_unit(
    spec: &FieldSpec,
    written: Option<&str>,
) -> Result<Option<&'static Unit>, String> {
    let Some(w) = written else {
        return Ok(None);
    };
    match find(spec, w) {
        Some(u) => Ok(Some(u)),
        None if is_numeric(spec) || is_known(w) => {
            Err(format!("单位 {w:?} 不适用: {}", refused(spec, w)))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::super::value;
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn every_numeric_field_names_its_base_unit_first() {
        for spec in super::super::schema::FIELDS.iter() {
            let list = units(spec);
            if matches!(
                spec.ty,
                FieldType::Money | FieldType::MoneyList | FieldType::Quantity(_)
            ) {
                assert!(!list.is_empty(), "{}", spec.path);
                assert!(list[0].is_base(), "{}", spec.path);
            }
            for unit in list {
                assert!(unit.name.is_empty() || is_known(unit.name));
            }
        }
        assert_eq!(units(Field::InvestmentTotal.spec())[0].name, "元");
        assert_eq!(units(Field::AreaMu.spec())[0].name, "亩");
        assert_eq!(units(Field::TermMonths.spec())[0].name, "月");
    }

    #[test]
    fn suffixes_split_at_the_longest_unit() {
        assert_eq!(split_suffix("300万美元"), ("300", "万美元"));
        assert_eq!(split_suffix("120m2"), ("120", "m2"));
        assert_eq!(split_suffix("3 年"), ("3", "年"));
        assert_eq!(split_suffix("5万吨"), ("5", "万吨"));
        assert_eq!(split_suffix("5万斤"), ("5", "万斤"));
        assert_eq!(split_suffix("36"), ("36", ""));
        assert_eq!(split_suffix("300万元/亩"), ("300", "万元/亩"));
    }

    #[test]
    fn refusals_name_the_kind() {
        let e = refused(Field::AreaMu.spec(), "平方米");
        assert!(e.contains("另一类") && e.contains("亩"), "{e}");
        let e = refused(Field::InvestmentTotal.spec(), "万吨");
        assert!(e.contains("另一类"), "{e}");
        let e = refused(Field::InvestmentTotal.spec(), "万斤");
        assert!(e.contains("无法识别") && e.contains("万元"), "{e}");
    }

    #[test]
    fn units_in_cells_and_under_headers() {
        let wan = find(Field::InvestmentTotal.spec(), "万元");
        let years = find(Field::TermMonths.spec(), "年");
        let pct = find(Field::AnnualRate.spec(), "%");
        let read =
            |f: Field, t: &str, u| value::parse_trimmed_in(f.spec(), t, u).map(|v| v.as_num());
        // 5000万元 = 50,000,000 元; a cell's own unit wins over the header's.
        assert_eq!(
            read(Field::InvestmentTotal, "5000", wan),
            Ok(Some(dec!(50000000)))
        );
        assert_eq!(
            read(Field::InvestmentTotal, "1亿", wan),
            Ok(Some(dec!(100000000)))
        );
        assert_eq!(
            read(Field::InvestmentTotal, "800元", wan),
            Ok(Some(dec!(800)))
        );
        // 3年 = 36 个月; 1.5年 = 18.
        assert_eq!(read(Field::TermMonths, "3", years), Ok(Some(dec!(36))));
        assert_eq!(read(Field::TermMonths, "1.5年", None), Ok(Some(dec!(18))));
        assert_eq!(read(Field::TermMonths, "36个月", None), Ok(Some(dec!(36))));
        assert!(read(Field::TermMonths, "1.05年", None).is_err());
        assert_eq!(read(Field::AnnualRate, "3.85", pct), Ok(Some(dec!(0.0385))));
        assert_eq!(
            read(Field::AnnualRate, "3.85个百分点", None),
            Ok(Some(dec!(0.0385)))
        );
        assert_eq!(
            read(Field::AgreedIntensity, "300万元/亩", None),
            Ok(Some(dec!(3000000)))
        );
        assert_eq!(
            read(Field::WaterTons, "10万吨", None),
            Ok(Some(dec!(100000)))
        );
        assert_eq!(
            read(Field::BuildingArea, "120m2", None),
            Ok(Some(dec!(120)))
        );
        // Another kind, or unknown: refused, naming what the field takes.
        let e = read(Field::AreaMu, "6000平方米", None).unwrap_err();
        assert!(e.contains("平方米") && e.contains("亩"), "{e}");
        let e = read(Field::BuildingArea, "5亩", None).unwrap_err();
        assert!(e.contains("平方米"), "{e}");
        let e = read(Field::AnnualRate, "5元", None).unwrap_err();
        assert!(e.contains("%"), "{e}");
        assert!(read(Field::InvestmentTotal, "5万斤", None).is_err());
        // A fraction of a fen after scaling is refused with the 元 figure.
        let e = read(Field::InvestmentTotal, "1.2345678", wan).unwrap_err();
        assert!(e.contains("12345.678") && e.contains("到分"), "{e}");
        // Dollars wait for the rate; a list takes no dollars.
        assert_eq!(
            value::parse_text(Field::HqRegisteredCapital.spec(), "300万美元"),
            Ok(value::Value::Dollars {
                usd: dec!(3000000),
                yuan: None
            })
        );
        assert_eq!(
            value::parse_text(Field::HqRegisteredCapital.spec(), "USD 3,000,000"),
            Ok(value::Value::Dollars {
                usd: dec!(3000000),
                yuan: None
            })
        );
        assert!(value::parse_text(Field::HqRegisteredCapital.spec(), "0.001美元").is_err());
        assert!(value::parse_text(Field::Balances.spec(), "1美元").is_err());
        let balances = value::parse_cell_in(
            Field::Balances.spec(),
            "1;0.8",
            find(Field::Balances.spec(), "亿元"),
        );
        assert_eq!(
            balances,
            Ok(Some(value::Value::List(vec![
                dec!(100000000),
                dec!(80000000)
            ])))
        );
    }

    proptest::proptest! {
        /// Scaling is exact: a figure in 万元 under a 万元 header, or with its
        /// own 万元, is its 元 value times 10000 exactly.
        #[test]
        fn wan_yuan_scales_exactly(fen in 0i64..10_000_000_000_000_000) {
            let yuan = Decimal::new(fen, 2);
            let spec = Field::InvestmentTotal.spec();
            let in_wan = (yuan / Decimal::from(10_000)).normalize();
            let want = value::parse_text(spec, &crate::money::plain(yuan)).map(|v| v.as_num());
            proptest::prop_assert_eq!(want.clone(), Ok(Some(yuan.normalize())));
            let header = value::parse_trimmed_in(spec, &crate::money::plain(in_wan), find(spec, "万元"))
                .map(|v| v.as_num());
            proptest::prop_assert_eq!(header, want.clone());
            let own = value::parse_text(spec, &format!("{}万元", crate::money::plain(in_wan))).map(|v| v.as_num());
            proptest::prop_assert_eq!(own, want.clone());
            let cell = value::from_cell_in(spec, value::CellValue::Number(in_wan), find(spec, "万元"))
                .map(|v| v.and_then(|v| v.as_num()));
            proptest::prop_assert_eq!(cell, want);
        }
    }
}
