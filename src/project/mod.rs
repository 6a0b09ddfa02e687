//! The project being assessed: a store of typed facts keyed by field, filled
//! by the TOML parser, a CSV row or `--set`, and read by the engine.

pub mod parse;
pub mod schema;
pub mod value;

pub use parse::{InputError, InputErrors, Source};
pub use schema::{F, FIELDS, FieldSpec, Group, Ty};
pub use value::Value;

use jiff::civil::Date;
use rust_decimal::Decimal;

/// One entry of a repeated section, indexed by field like the project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    values: Vec<Option<Value>>,
}

impl Record {
    fn new() -> Self {
        Record {
            values: vec![None; FIELDS.len()],
        }
    }

    pub fn get(&self, f: F) -> Option<&Value> {
        self.values.get(f as usize).and_then(Option::as_ref)
    }

    pub fn num(&self, f: F) -> Option<Decimal> {
        self.get(f).and_then(Value::as_num)
    }

    pub fn flag(&self, f: F) -> Option<bool> {
        self.get(f).and_then(Value::as_bool)
    }

    pub fn text(&self, f: F) -> Option<&str> {
        self.get(f).and_then(Value::as_text)
    }

    pub fn date(&self, f: F) -> Option<Date> {
        self.get(f).and_then(Value::as_date)
    }

    pub fn list(&self, f: F) -> Option<&[Decimal]> {
        self.get(f).and_then(Value::as_list)
    }

    fn set(&mut self, f: F, v: Option<Value>) {
        self.values[f as usize] = v;
    }

    fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

/// A project's facts. Scalar fields live in `scalars`; repeated sections in
/// `groups`, one list of records per [`Group`].
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    scalars: Record,
    groups: [Vec<Record>; 3],
}

impl Default for Project {
    fn default() -> Self {
        Project {
            scalars: Record::new(),
            groups: [Vec::new(), Vec::new(), Vec::new()],
        }
    }
}

impl Project {
    pub fn get(&self, f: F) -> Option<&Value> {
        self.scalars.get(f)
    }

    pub fn num(&self, f: F) -> Option<Decimal> {
        self.scalars.num(f)
    }

    pub fn flag(&self, f: F) -> Option<bool> {
        self.scalars.flag(f)
    }

    pub fn text(&self, f: F) -> Option<&str> {
        self.scalars.text(f)
    }

    pub fn date(&self, f: F) -> Option<Date> {
        self.scalars.date(f)
    }

    pub fn records(&self, g: Group) -> &[Record] {
        &self.groups[g.index()]
    }

    /// Sets a field; `index` is the 0-based entry for fields of arrays.
    pub fn set(&mut self, f: F, index: Option<usize>, v: Option<Value>) {
        match (f.spec().group(), index) {
            (Some(g), Some(i)) => {
                let list = &mut self.groups[g.index()];
                while list.len() <= i {
                    list.push(Record::new());
                }
                list[i].set(f, v);
            }
            _ => self.scalars.set(f, v),
        }
    }

    /// Whether any field of a section (`land`, `utilities`, `factory.rented`)
    /// is given: an absent section means that part of the policy is not used.
    pub fn has_section(&self, prefix: &str) -> bool {
        FIELDS.iter().any(|s| {
            s.group().is_none()
                && s.path.starts_with(prefix)
                && s.path.as_bytes().get(prefix.len()) == Some(&b'.')
                && self.get(s.field).is_some()
        })
    }

    /// Drops array entries that carry no value (empty CSV columns), so
    /// `loans[3]` left blank is not a loan.
    pub fn drop_empty_records(&mut self) {
        for list in &mut self.groups {
            list.retain(|r| !r.is_empty());
        }
    }

    /// Every field that is set, with its user path, in schema order.
    pub fn entries(&self) -> Vec<(String, &Value)> {
        let mut out = Vec::new();
        for spec in FIELDS.iter() {
            match spec.group() {
                None => {
                    if let Some(v) = self.get(spec.field) {
                        out.push((spec.path.to_string(), v));
                    }
                }
                Some(g) => {
                    for (i, r) in self.records(g).iter().enumerate() {
                        if let Some(v) = r.get(spec.field) {
                            out.push((spec.display_path(Some(i)), v));
                        }
                    }
                }
            }
        }
        out
    }
}
