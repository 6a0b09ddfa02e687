//! Jincheng investment-incentive calculator: the policy's rules as data, a
//! project's facts, and the engine that turns both into a traceable report.

pub mod batch;
pub mod cases;
pub mod cli;
pub mod csv_text;
pub mod engine;
pub mod excel_float;
pub mod input;
pub mod model;
pub mod money;
pub mod os_error;
pub mod output;
pub mod project;
pub mod report;
pub mod rules;
pub mod sink;
