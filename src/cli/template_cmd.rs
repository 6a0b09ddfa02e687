//! `template`: a commented project file covering every field.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    print!("{}", crate::template::render());
    Ok(ExitCode::SUCCESS)
}
