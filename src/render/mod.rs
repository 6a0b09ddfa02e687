//! Renderers of a computed [`crate::model::Report`] (or sweep): a table for
//! people, JSON for scripts, the checklist and comparison tables, hints and
//! charts; for `batch`, every output format behind one interface
//! ([`row_sink`]: CSV rows, JSON lines, the long items CSV, the workbook); the docx report;
//! for `template`, the commented project file and the input workbook. They
//! read the model and never compute (see docs/ARCHITECTURE.md).

pub mod chart;
mod checklist_table;
pub mod compare;
pub mod csv_rows;
pub mod docx;
pub mod fit;
pub mod hints;
pub mod items;
pub mod json;
pub mod json_lines;
pub mod labels;
pub mod project_file;
pub mod row_sink;
pub mod sheet_row;
pub mod sheet_template;
pub mod sweep;
pub mod table;
pub mod workbook;

pub use checklist_table::render as render_checklist;
pub use sheet_row::{ErrorParts, SheetBaseline, SheetItem, SheetRow, SheetYear, error_parts};
