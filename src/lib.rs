//! Jincheng investment-incentive calculator: the policy's rules as data, a
//! project's facts, and the engine that turns both into a traceable report.

/// The program's name, as every message to the terminal begins (also below
/// the command line: an interrupted write says it).
pub const NAME: &str = "jincheng-incentives";

pub mod batch;
pub mod cases;
// The command line is the program's, not the library's: nothing else names
// it (tests/it/layering.rs), and the binary enters by `run`.
mod cli;
pub mod csv_text;
pub mod engine;
pub mod excel_float;
pub mod input;
pub mod model;
pub mod money;
pub mod negotiate;
pub mod os_error;
pub mod project;
pub mod render;
pub mod rules;
pub mod sink;

/// The program: parses the command line, runs the command and gives its
/// exit code (main.rs only sets the allocator and calls this).
pub fn run() -> std::process::ExitCode {
    cli::main()
}
