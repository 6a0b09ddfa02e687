//! Renderers of a computed [`crate::model::Report`]: a table for people, JSON
//! for scripts, the checklist and comparison tables, hints and charts. They
//! read the model and never compute (see docs/ARCHITECTURE.md).

pub mod chart;
mod checklist_table;
pub mod compare;
pub mod fit;
pub mod hints;
pub mod json;
pub mod labels;
pub mod sweep;
pub mod table;

pub use checklist_table::render as render_checklist;
