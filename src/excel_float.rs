//! The only floating-point numbers in the crate. A workbook stores every
//! number as an IEEE double, so reading one and writing one must pass
//! through `f64`; both crossings are here, and nothing computes with them.

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// A workbook's number cell as the decimal it was typed as. The shortest
/// decimal that round-trips to the same double is what Excel shows and
/// what the user typed (`0.3`, not `0.299999999999999988…`;
/// `1234567.89` exactly), which `Decimal::from_f64` gives; `from_f64_retain`
/// or formatting the float would give other digits. `None` for NaN, an
/// infinity, or a magnitude Decimal cannot hold.
pub fn cell_decimal(value: f64) -> Option<Decimal> {
    Decimal::from_f64(value).map(|d| d.normalize())
}

/// A figure written into a workbook's number cell: the double nearest the
/// exact amount (exact for every amount below 2^53 fen, about 9×10^13 元;
/// the CSV and JSON outputs carry the exact digits at any size).
pub fn cell_number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

/// A row number or year for a number cell: exact, far below 2^53.
pub fn cell_int(value: u64) -> f64 {
    // u32 converts to f64 losslessly; no sheet has more rows than that.
    f64::from(u32::try_from(value).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn shortest_round_trip_digits() {
        assert_eq!(cell_decimal(0.1 + 0.2), Some(dec!(0.3)));
        assert_eq!(cell_decimal(1234567.89), Some(dec!(1234567.89)));
        assert_eq!(cell_decimal(1.2e8), Some(dec!(120000000)));
        assert_eq!(cell_decimal(0.01), Some(dec!(0.01)));
        assert_eq!(cell_decimal(2024.0).unwrap().to_string(), "2024");
        assert_eq!(cell_decimal(f64::NAN), None);
        assert_eq!(cell_decimal(f64::INFINITY), None);
        assert_eq!(cell_number(dec!(1234567.89)), 1234567.89);
    }
}
