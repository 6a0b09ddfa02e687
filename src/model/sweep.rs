//! A sweep of one field along a range, as computed: the points evaluated and
//! the rules' bounds on the range.

use super::Totals;
use crate::money::fixed2;
use crate::project::Ty;
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// One evaluated point.
#[derive(Debug, Clone)]
pub struct Point {
    pub value: Decimal,
    pub totals: Totals,
    /// Payable amount (of an item that applies; 0 otherwise) per monetary
    /// rule id, in rule order.
    pub items: Vec<(String, Decimal)>,
}

/// The whole sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub field: String,
    pub label: String,
    /// The field's type, for how its values are written.
    pub ty: Ty,
    pub points: Vec<Point>,
    /// The rules' bounds on the range: (value, side, rule labels).
    pub bounds: Vec<(Decimal, String)>,
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Items<'a>(&'a [(String, Decimal)]);
        impl Serialize for Items<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (id, d) in self.0 {
                    m.serialize_entry(id, &fixed2(*d))?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("value", &fixed2(self.value))?;
        m.serialize_entry("totals", &self.totals)?;
        m.serialize_entry("items", &Items(&self.items))?;
        m.end()
    }
}

impl Serialize for Sweep {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct B<'a> {
            value: String,
            rules: &'a str,
        }
        let bounds: Vec<B> = self
            .bounds
            .iter()
            .map(|(v, r)| B {
                value: fixed2(*v),
                rules: r,
            })
            .collect();
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("field", &self.field)?;
        m.serialize_entry("points", &self.points)?;
        m.serialize_entry("bounds", &bounds)?;
        m.end()
    }
}
