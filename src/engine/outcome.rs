//! What evaluating one rule yields, before rounding.

use crate::model::Status;
use rust_decimal::Decimal;

/// An item's exact (unrounded) result and its explanation. The explanation
/// is boxed apart: a CSV batch writes none, and a small outcome is cheap to
/// move through the checks, the kinds and the gates.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    /// None of the rule's facts were given: that part of the policy is unused.
    pub absent: bool,
    /// Whether a reason was given (its text may be empty without texts).
    has_reason: bool,
    /// Lower bound: what the general rule gives.
    pub amount: Decimal,
    /// Upper bound where the policy leaves a range to the authorities.
    pub amount_max: Decimal,
    /// How much more (in 元) would make the project qualify.
    pub shortfall: Option<Decimal>,
    /// When the money falls due.
    pub schedule: Schedule,
    /// `None` stands for empty notes.
    notes: Option<Box<Notes>>,
    /// The documents (bits by index, see [`doc_bit`]) whose gates changed
    /// this item: it rests on them too.
    pub gated: u64,
}

/// When an item's money falls due.
#[derive(Debug, Clone)]
pub enum Schedule {
    /// (calendar year, lower, upper), in year order.
    Years(Vec<(i16, Decimal, Decimal)>),
    /// The whole amount in one year, without a vector: most items of a batch
    /// row are one-time money.
    Whole(i16),
}

impl Schedule {
    pub fn is_empty(&self) -> bool {
        matches!(self, Schedule::Years(v) if v.is_empty())
    }
}

/// A document's bit in [`Outcome::gated`] (documents past the 64th share the
/// last bit: they are named together, never lost).
pub fn doc_bit(document: usize) -> u64 {
    1u64 << document.min(63)
}

/// The words of an outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    pub basis: String,
    pub assumptions: Vec<String>,
    /// The reason's text when there is one (see [`Outcome::reason`]).
    pub reason: String,
    /// Fields whose absence keeps the item from being computed.
    pub missing: Vec<String>,
    /// The criteria of a recognition, each met or missed (award types).
    pub criteria: Vec<crate::model::Criterion>,
}

impl Outcome {
    fn empty(status: Status) -> Self {
        Outcome {
            status,
            absent: false,
            has_reason: false,
            amount: Decimal::ZERO,
            amount_max: Decimal::ZERO,
            shortfall: None,
            schedule: Schedule::Years(Vec::new()),
            notes: None,
            gated: 0,
        }
    }

    /// Marks the outcome as set by a gate of `document`.
    pub fn gated_by(mut self, document: usize) -> Self {
        self.gated |= doc_bit(document);
        self
    }

    /// The notes, to write into (allocated on first use).
    fn notes_mut(&mut self) -> &mut Notes {
        self.notes.get_or_insert_with(Box::default)
    }

    fn with_basis(mut self, basis: String) -> Self {
        if !basis.is_empty() {
            self.notes_mut().basis = basis;
        }
        self
    }

    pub fn with_missing(mut self, missing: Vec<String>) -> Self {
        if !missing.is_empty() {
            self.notes_mut().missing = missing;
        }
        self
    }

    pub fn applies(amount: Decimal, amount_max: Decimal, basis: String) -> Self {
        Outcome {
            amount,
            amount_max,
            ..Outcome::empty(Status::Applies)
        }
        .with_basis(basis)
    }

    pub fn not_applicable(reason: String) -> Self {
        let mut o = Outcome::empty(Status::NotApplicable);
        o.set_reason(reason);
        o
    }

    /// Not applicable because none of the rule's facts were given.
    pub fn absent(reason: String) -> Self {
        Outcome {
            absent: true,
            ..Outcome::not_applicable(reason)
        }
    }

    pub fn needs_input(missing: Vec<String>, reason: String) -> Self {
        let mut o = Outcome::empty(Status::NeedsInput).with_missing(missing);
        o.set_reason(reason);
        o
    }

    pub fn status_only(status: Status, basis: String, reason: Option<String>) -> Self {
        let mut o = Outcome::empty(status).with_basis(basis);
        if let Some(r) = reason {
            o.set_reason(r);
        }
        o
    }

    pub fn with_schedule(mut self, schedule: Vec<(i16, Decimal, Decimal)>) -> Self {
        self.schedule = Schedule::Years(schedule);
        self
    }

    /// All of the money (both bounds, as they stand when the item is
    /// rounded) in `year`: one-time money.
    pub fn whole_in(mut self, year: i16) -> Self {
        self.schedule = Schedule::Whole(year);
        self
    }

    pub fn with_criteria(mut self, criteria: Vec<crate::model::Criterion>) -> Self {
        if !criteria.is_empty() {
            self.notes_mut().criteria = criteria;
        }
        self
    }

    pub fn with_shortfall(mut self, shortfall: Decimal) -> Self {
        self.shortfall = Some(shortfall);
        self
    }

    pub fn with_assumptions(mut self, assumptions: Vec<String>) -> Self {
        match &mut self.notes {
            Some(n) => n.assumptions = assumptions,
            None if assumptions.is_empty() => {}
            None => self.notes_mut().assumptions = assumptions,
        }
        self
    }

    /// The reason, if one was given.
    pub fn reason(&self) -> Option<&str> {
        self.has_reason
            .then(|| self.notes.as_ref().map_or("", |n| n.reason.as_str()))
    }

    pub fn set_reason(&mut self, reason: String) {
        self.has_reason = true;
        if !reason.is_empty() || self.notes.is_some() {
            self.notes_mut().reason = reason;
        }
    }

    pub fn add_assumption(&mut self, assumption: String) {
        self.notes_mut().assumptions.push(assumption);
    }

    /// Puts `first` before the assumptions already made.
    #[inline]
    pub fn prepend_assumptions(&mut self, mut first: Vec<String>) {
        if first.is_empty() {
            return;
        }
        let notes = self.notes_mut();
        first.append(&mut notes.assumptions);
        notes.assumptions = first;
    }

    /// The words, and the reason as given (`None` when there is none).
    pub fn into_notes(self) -> (Notes, Option<String>) {
        let has_reason = self.has_reason;
        let mut notes = self.notes.map(|b| *b).unwrap_or_default();
        let reason = has_reason.then(|| std::mem::take(&mut notes.reason));
        (notes, reason)
    }
}
