//! A workbook cell's canonical text, the same a user would have typed into
//! a CSV: a number its shortest exact decimal, a percent-formatted number
//! `x%`, a date `YYYY-MM-DD`, a boolean `true`/`false`, an error its code.

use crate::excel_float::cell_decimal;
use calamine::{Data, DataRef, ExcelDateTime};
use rust_decimal::Decimal;

/// A number format that shows a percentage (`0.00%`), ignoring `%` inside
/// quoted text or after a backslash.
pub(super) fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A streamed `.xlsx` cell's text.
pub(super) fn data_ref_text(value: &DataRef<'_>, percent: bool) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => int_text(*i, percent),
        DataRef::Float(f) => number_text(cell_decimal(*f), percent),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::DateTimeIso(s) => iso_date_text(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A `.xls` or `.ods` cell's text (no number formats: a percent cell gives
/// its fraction).
pub(super) fn data_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => int_text(*i, false),
        Data::Float(f) => number_text(cell_decimal(*f), false),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => date_text(dt),
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

pub(super) fn int_text(i: i64, percent: bool) -> String {
    if percent {
        decimal_text(Decimal::from(i), true)
    } else {
        i.to_string()
    }
}

/// A number cell by its exact decimal (turned from the stored double at once
/// by [`cell_decimal`]); `None` is a value no field takes.
pub(super) fn number_text(d: Option<Decimal>, percent: bool) -> String {
    match d {
        Some(d) => decimal_text(d, percent),
        // NaN, infinities or beyond 7.9×10^28: no field takes it.
        None => "#NUM!".to_string(),
    }
}

pub(super) fn decimal_text(d: Decimal, percent: bool) -> String {
    if percent && let Some(p) = d.checked_mul(Decimal::ONE_HUNDRED) {
        return format!("{}%", p.normalize());
    }
    d.normalize().to_string()
}

/// A date cell as `YYYY-MM-DD` (the time of day, if any, is dropped). The
/// serial is counted from the workbook's epoch (1900 or 1904) by calamine,
/// which gives Excel's non-existent 1900-02-29 for serial 60 as Excel shows
/// it; the date parser then refuses it as a date that does not exist. A
/// negative serial, which Excel cannot show, is refused the same way.
pub(super) fn date_text(dt: &ExcelDateTime) -> String {
    let serial = cell_decimal(dt.as_f64());
    if dt.is_duration() {
        return format!("时长{}", number_text(serial, false));
    }
    if serial.is_none_or(|d| d.is_sign_negative()) {
        return format!("日期序列号{}无效", number_text(serial, false));
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    format!("{y:04}-{m:02}-{d:02}")
}

/// An `.ods` date (`2023-05-01` or `2023-05-01T08:00:00`): its date part.
pub(super) fn iso_date_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, _)) => date.to_string(),
        None => s.to_string(),
    }
}
