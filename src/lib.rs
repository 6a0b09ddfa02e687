//! Jincheng investment-incentive calculator: the policy's rules as data, a
//! project's facts, and the engine that turns both into a traceable report.

/// The program's name, as every message to the terminal begins (also below
/// the command line: an interrupted write says it).
pub const NAME: &str = "jincheng-incentives";

pub mod batch;
pub mod cases;
// TODO(issue 18 part C): public only for benches/negotiate.rs, which calls
// `cli::negotiate`; once negotiation is a library module, keep `cli` to the
// binary (tests/it/layering.rs checks no library module names it).
pub mod cli;
pub mod csv_text;
pub mod engine;
pub mod excel_float;
pub mod input;
pub mod model;
pub mod money;
pub mod os_error;
pub mod project;
pub mod render;
pub mod rules;
pub mod sink;
