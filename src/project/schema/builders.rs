//! The units and `const fn` helpers the field table is written with, so each
//! entry of [`FIELDS`](super::FIELDS) states only what sets it apart.

use rust_decimal::Decimal;

use super::sections::group_of_path;
use super::{Field, FieldSpec, FieldType};

pub(super) const MU: &[&str] = &["亩"];
pub(super) const M2: &[&str] = &["平方米", "m²", "m2", "㎡"];
pub(super) const TONS: &[&str] = &["吨", "t"];
pub(super) const KWH: &[&str] = &["千瓦时", "kWh", "度"];
pub(super) const M3: &[&str] = &["立方米", "m³", "m3"];
pub(super) const RATE_UNITS: &[&str] = &["元/美元"];

pub(super) const fn spec(
    field: Field,
    path: &'static str,
    ty: FieldType,
    label: &'static str,
    header_zh: &'static str,
) -> FieldSpec {
    FieldSpec {
        field,
        path,
        ty,
        label,
        header_zh,
        precondition: false,
        positive: false,
        max: None,
        unit_price: false,
        example: "",
        group: group_of_path(path),
    }
}

pub(super) const fn ex(mut s: FieldSpec, example: &'static str) -> FieldSpec {
    s.example = example;
    s
}

pub(super) const fn price(mut s: FieldSpec) -> FieldSpec {
    s.unit_price = true;
    s
}

const fn pre(s: FieldSpec) -> FieldSpec {
    ex(s, "true")
}

pub(super) const fn with_pre(mut s: FieldSpec) -> FieldSpec {
    s.precondition = true;
    pre(s)
}

pub(super) const fn pos(mut s: FieldSpec, max: i64, example: &'static str) -> FieldSpec {
    s.positive = true;
    s.max = Some(Decimal::from_parts(
        max as u32,
        (max >> 32) as u32,
        0,
        false,
        0,
    ));
    ex(s, example)
}

pub(super) const fn limit(mut s: FieldSpec, max: i64, example: &'static str) -> FieldSpec {
    s.max = Some(Decimal::from_parts(
        max as u32,
        (max >> 32) as u32,
        0,
        false,
        0,
    ));
    ex(s, example)
}

pub(super) const BIG_QUANTITY: i64 = 1_000_000_000_000;
