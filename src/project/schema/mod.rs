//! Every field a project may carry: its dotted path, type, limits and Chinese
//! label. The TOML parser, CSV headers, `--set`, rule conditions and the
//! template all read this one table, so a field is described once.
//!
//! The module is split by concern; every item is re-exported here, so it is
//! used as `schema::X` whatever file holds it.

mod builders;
mod choices;
mod fields;
mod labels;
mod paths;
mod sections;
mod spec;

pub use choices::{Choice, any_choice_label, choice_label, choice_words};
pub use fields::FIELDS;
pub use labels::{field_display, field_label, nearest, unknown_field_message};
pub use paths::{by_path, parse_user_path, split_element, strip_indices};
pub use sections::{Group, SECTIONS};
pub use spec::{Field, FieldSpec, FieldType};
