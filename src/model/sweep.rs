//! A sweep of one field along a range, as computed: the points evaluated and
//! the rules' bounds on the range.

use super::{Status, Totals};
use crate::money::fixed2;
use crate::project::FieldType;
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
    /// Each monetary rule's status there, in the same order: past a rule's
    /// top tier its amount is 0 because it becomes 一事一议, not because
    /// nothing is owed.
    pub statuses: Vec<Status>,
}

/// The whole sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub field: String,
    pub label: String,
    /// The field's type, for how its values are written.
    pub ty: FieldType,
    pub points: Vec<Point>,
    /// The rules' bounds on the range: (value, side, rule labels).
    pub bounds: Vec<(Decimal, String)>,
}

impl Sweep {
    /// The runs of points (first and last value) where a rule that applies
    /// elsewhere on the range is 一事一议, with those rules' ids: its amount
    /// there is agreed case by case and not in the cash total.
    pub fn case_by_case_runs(&self) -> Vec<(Decimal, Decimal, Vec<String>)> {
        let Some(first) = self.points.first() else {
            return Vec::new();
        };
        let moved: Vec<usize> = (0..first.statuses.len())
            .filter(|k| {
                let at = |p: &Point| p.statuses.get(*k) == Some(&Status::CaseByCase);
                self.points.iter().any(at) && !self.points.iter().all(at)
            })
            .collect();
        let mut runs: Vec<(Decimal, Decimal, Vec<String>)> = Vec::new();
        let mut open = false;
        for p in &self.points {
            let ids: Vec<String> = moved
                .iter()
                .filter(|k| p.statuses.get(**k) == Some(&Status::CaseByCase))
                .filter_map(|k| p.items.get(*k).map(|(id, _)| id.clone()))
                .collect();
            match runs.last_mut() {
                _ if ids.is_empty() => open = false,
                Some((_, last, seen)) if open => {
                    *last = p.value;
                    for id in ids {
                        if !seen.contains(&id) {
                            seen.push(id);
                        }
                    }
                }
                _ => {
                    runs.push((p.value, p.value, ids));
                    open = true;
                }
            }
        }
        runs
    }
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
        struct Statuses<'a>(&'a [(String, Decimal)], &'a [Status]);
        impl Serialize for Statuses<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for ((id, _), st) in self.0.iter().zip(self.1) {
                    m.serialize_entry(id, st.key())?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("value", &fixed2(self.value))?;
        m.serialize_entry("totals", &self.totals)?;
        m.serialize_entry("items", &Items(&self.items))?;
        m.serialize_entry("status", &Statuses(&self.items, &self.statuses))?;
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
