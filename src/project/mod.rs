//! The project being assessed: a store of typed facts keyed by field, filled
//! by the TOML parser, a CSV row or `--set`, and read by the engine.

pub mod columns;
mod dates;
pub mod file;
mod headers;
mod limits;
pub mod parse;
pub mod schema;
pub mod units;
pub mod value;

pub use parse::{InputError, InputErrors, Source};
pub use schema::{FIELDS, Field, FieldSpec, FieldType, Group};
pub use value::Value;

use jiff::civil::Date;
use rust_decimal::Decimal;

/// One entry of a repeated section, indexed by field like the project. Only
/// the span of fields from the lowest to the highest one set is stored, so an
/// entry of a repeated section holds a few slots, not one per field.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Field index of `values[0]`.
    first: usize,
    values: Vec<Option<Value>>,
}

/// Equal when the same fields hold the same values, whatever span is stored.
impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        FIELDS
            .iter()
            .all(|s| self.get(s.field) == other.get(s.field))
    }
}

impl Record {
    /// A record with a slot for every field (the project's scalars).
    fn full() -> Self {
        Record {
            first: 0,
            values: vec![None; FIELDS.len()],
        }
    }

    pub fn get(&self, f: Field) -> Option<&Value> {
        (f as usize)
            .checked_sub(self.first)
            .and_then(|i| self.values.get(i))
            .and_then(Option::as_ref)
    }

    pub fn num(&self, f: Field) -> Option<Decimal> {
        self.get(f).and_then(Value::as_num)
    }

    pub fn flag(&self, f: Field) -> Option<bool> {
        self.get(f).and_then(Value::as_bool)
    }

    pub fn text(&self, f: Field) -> Option<&str> {
        self.get(f).and_then(Value::as_text)
    }

    pub fn date(&self, f: Field) -> Option<Date> {
        self.get(f).and_then(Value::as_date)
    }

    pub fn list(&self, f: Field) -> Option<&[Decimal]> {
        self.get(f).and_then(Value::as_list)
    }

    /// Sets a field's slot; most fall within the span already stored.
    #[inline]
    fn set(&mut self, f: Field, v: Option<Value>) {
        let slot = (f as usize)
            .checked_sub(self.first)
            .and_then(|j| self.values.get_mut(j));
        match slot {
            Some(slot) => *slot = v,
            None => self.set_outside(f, v),
        }
    }

    /// [`Record::set`] of a field outside the span stored: grows it.
    fn set_outside(&mut self, f: Field, v: Option<Value>) {
        let i = f as usize;
        if self.values.is_empty() {
            if v.is_some() {
                self.first = i;
                self.values.reserve(8);
                self.values.push(v);
            }
            return;
        }
        if i < self.first {
            if v.is_none() {
                return;
            }
            let grow = self.first - i;
            self.values.splice(0..0, std::iter::repeat_n(None, grow));
            self.first = i;
        }
        let j = i - self.first;
        if j >= self.values.len() {
            if v.is_none() {
                return;
            }
            self.values.resize(j + 1, None);
        }
        self.values[j] = v;
    }

    fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

/// A project's facts. Scalar fields live in `scalars`; repeated sections in
/// `groups`, one list of records per [`Group`], of which the first `lens`
/// are in use: a batch reuses one project, and the records past `lens` keep
/// their allocations for the next row.
#[derive(Debug, Clone)]
pub struct Project {
    scalars: Record,
    groups: [Vec<Record>; 3],
    lens: [usize; 3],
    /// An amount in dollars was set since the last [`Project::clear`]: only
    /// then has [`Project::resolve_dollars`] anything to look for.
    dollars: bool,
    /// The strings of texts cleared away, for [`Project::set_text`] to fill
    /// again: a batch row's text cells allocate nothing.
    spare_texts: Vec<String>,
    /// The scalar slots set since the last [`Project::clear`], a bit each
    /// (all bits: look at every slot), so that clearing a batch row visits
    /// its forty-odd cells, not every field.
    touched: u128,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            scalars: Record::full(),
            groups: [Vec::new(), Vec::new(), Vec::new()],
            lens: [0; 3],
            dollars: false,
            spare_texts: Vec::new(),
            touched: 0,
        }
    }
}

/// Equal when the same facts are set, whatever is kept for reuse.
impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.scalars == other.scalars
            && Group::ALL
                .into_iter()
                .all(|g| self.records(g) == other.records(g))
    }
}

impl Project {
    pub fn get(&self, f: Field) -> Option<&Value> {
        self.scalars.get(f)
    }

    pub fn num(&self, f: Field) -> Option<Decimal> {
        self.scalars.num(f)
    }

    pub fn flag(&self, f: Field) -> Option<bool> {
        self.scalars.flag(f)
    }

    pub fn text(&self, f: Field) -> Option<&str> {
        self.scalars.text(f)
    }

    pub fn date(&self, f: Field) -> Option<Date> {
        self.scalars.date(f)
    }

    pub fn records(&self, g: Group) -> &[Record] {
        let i = g.index();
        &self.groups[i][..self.lens[i]]
    }

    /// Sets a field; `index` is the 0-based entry for fields of arrays.
    #[inline]
    pub fn set(&mut self, f: Field, index: Option<usize>, v: Option<Value>) {
        self.dollars |= matches!(v, Some(Value::Dollars { .. }));
        match (f.spec().group(), index) {
            (Some(g), Some(i)) => self.set_in_entry(g, i, f, v),
            _ => {
                self.touched |= 1u128.checked_shl(f as u32).unwrap_or(u128::MAX);
                self.scalars.set(f, v);
            }
        }
    }

    /// [`Project::set`] of the `i`-th entry of a repeated section.
    fn set_in_entry(&mut self, g: Group, i: usize, f: Field, v: Option<Value>) {
        let (list, len) = (&mut self.groups[g.index()], &mut self.lens[g.index()]);
        while *len <= i {
            match list.get_mut(*len) {
                // Emptied, its span kept: the next row sets the same
                // fields without growing it again.
                Some(spare) => spare.values.iter_mut().for_each(|v| *v = None),
                None => list.push(Record::default()),
            }
            *len += 1;
        }
        list[i].set(f, v);
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

    /// Whether no field is set (a spreadsheet row of empty cells).
    pub fn is_empty(&self) -> bool {
        self.lens == [0; 3] && self.scalars.is_empty()
    }

    /// Removes every value, keeping the allocations (texts' strings
    /// included): equal to a new project.
    pub fn clear(&mut self) {
        let spare = &mut self.spare_texts;
        let mut keep = |v: &mut Option<Value>| {
            if let Some(Value::Text(s)) = v.take() {
                spare.push(s);
            }
        };
        let touched = std::mem::take(&mut self.touched);
        if touched == u128::MAX {
            self.scalars.values.iter_mut().for_each(&mut keep);
        } else {
            let mut bits = touched;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(v) = self.scalars.values.get_mut(i) {
                    keep(v);
                }
            }
        }
        for (list, len) in self.groups.iter_mut().zip(self.lens) {
            for record in list.iter_mut().take(len) {
                record.values.iter_mut().for_each(&mut keep);
            }
        }
        self.lens = [0; 3];
        self.dollars = false;
    }

    /// Sets a text field (a choice's value too), in a string kept from a
    /// cleared text when there is one.
    pub fn set_text(&mut self, f: Field, index: Option<usize>, text: &str) {
        let mut s = self.spare_texts.pop().unwrap_or_default();
        s.clear();
        s.push_str(text);
        self.set(f, index, Some(Value::Text(s)));
    }

    /// Drops array entries that carry no value (empty CSV columns), so
    /// `loans[3]` left blank is not a loan.
    pub fn drop_empty_records(&mut self) {
        for (list, len) in self.groups.iter_mut().zip(&mut self.lens) {
            // A stable compaction of the records in use; the empty ones move
            // past `len`, kept for reuse.
            let mut kept = 0;
            for i in 0..*len {
                if !list[i].is_empty() {
                    list.swap(kept, i);
                    kept += 1;
                }
            }
            *len = kept;
        }
    }

    /// Converts every amount written in dollars to 元 at
    /// `headquarters.usd_cny_rate`, to the fen (half away from zero); an
    /// amount in dollars without the rate is an error naming both fields.
    /// Run after every fill, so a rate changed by `--set` converts again.
    pub fn resolve_dollars(&mut self) -> Vec<InputError> {
        let mut errors = Vec::new();
        if !self.dollars {
            return errors;
        }
        let rate = self.num(Field::HqUsdCnyRate);
        // The path is made only for a message: most values are not dollars.
        let mut convert = |path: &dyn Fn() -> String, v: &mut Value| {
            let Value::Dollars { usd, yuan } = v else {
                return;
            };
            let message = match rate {
                None => format!(
                    "{}美元 须按美元汇率折算为元, 但未填写 {} ({})",
                    crate::money::grouped(*usd),
                    Field::HqUsdCnyRate.path(),
                    Field::HqUsdCnyRate.spec().label
                ),
                Some(r) => match crate::money::mul(*usd, r) {
                    Ok(y) if !crate::money::greater(y, crate::money::MAX_MONEY) => {
                        *yuan = Some(crate::money::round_yuan(y).normalize());
                        return;
                    }
                    _ => format!(
                        "{}美元 折合人民币超过上限 10^15 元",
                        crate::money::grouped(*usd)
                    ),
                },
            };
            *yuan = None;
            errors.push(InputError {
                field: path(),
                source: Source::Project,
                message,
            });
        };
        let first = self.scalars.first;
        for (k, slot) in self.scalars.values.iter_mut().enumerate() {
            if let (Some(v), Some(spec)) = (slot.as_mut(), FIELDS.get(first + k)) {
                convert(&|| spec.path.to_string(), v);
            }
        }
        for (list, len) in self.groups.iter_mut().zip(&self.lens) {
            for (i, record) in list[..*len].iter_mut().enumerate() {
                let first = record.first;
                for (k, slot) in record.values.iter_mut().enumerate() {
                    if let (Some(v), Some(spec)) = (slot.as_mut(), FIELDS.get(first + k)) {
                        convert(&|| spec.display_path(Some(i)), v);
                    }
                }
            }
        }
        errors
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_store_any_fields_in_any_order() {
        let mut a = Record::default();
        a.set(Field::TermMonths, Some(Value::Num(Decimal::from(36))));
        a.set(Field::Principal, Some(Value::Num(Decimal::from(7))));
        a.set(Field::AnnualRate, None);
        a.set(Field::ProjectId, None);
        assert_eq!(a.num(Field::TermMonths), Some(Decimal::from(36)));
        assert_eq!(a.num(Field::Principal), Some(Decimal::from(7)));
        assert_eq!(a.get(Field::AnnualRate), None);
        assert_eq!(a.get(Field::ProjectId), None);
        let mut b = Record::full();
        b.set(Field::Principal, Some(Value::Num(Decimal::from(7))));
        b.set(Field::TermMonths, Some(Value::Num(Decimal::from(36))));
        assert_eq!(a, b);
        b.set(Field::TermMonths, None);
        assert_ne!(a, b);
        a.set(Field::TermMonths, None);
        a.set(Field::Principal, None);
        assert!(a.is_empty());
    }

    #[test]
    fn a_cleared_project_is_a_new_one() {
        let mut p = Project::default();
        p.set(Field::ProjectId, None, Some(Value::Text("P1".into())));
        p.set(
            Field::Principal,
            Some(1),
            Some(Value::Num(Decimal::from(7))),
        );
        assert_ne!(p, Project::default());
        p.clear();
        assert_eq!(p, Project::default());
        assert_eq!(p.records(Group::Loans).len(), 0);
        assert_eq!(p.scalars.values.len(), FIELDS.len());
    }
}
