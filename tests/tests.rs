//! One integration-test binary (faster to build than one per file); each
//! module drives the real `jincheng-incentives` binary or the library.

#[path = "it/util.rs"]
mod util;

#[path = "it/cases.rs"]
mod cases;

#[path = "it/calc.rs"]
mod calc;

#[path = "it/batch.rs"]
mod batch;

#[path = "it/rules.rs"]
mod rules;

#[path = "it/props.rs"]
mod props;

#[path = "it/hostile.rs"]
mod hostile;

#[path = "it/edges.rs"]
mod edges;

#[path = "it/negotiate.rs"]
mod negotiate;

#[path = "it/next_tier_props.rs"]
mod next_tier_props;

#[path = "it/readings.rs"]
mod readings;

#[path = "it/cells.rs"]
mod cells;

#[path = "it/awards.rs"]
mod awards;

#[path = "it/sheets.rs"]
mod sheets;

#[path = "it/policy_text.rs"]
mod policy_text;

#[path = "it/output.rs"]
mod output;

#[path = "it/batch_rows.rs"]
mod batch_rows;

#[path = "it/readers.rs"]
mod readers;

#[path = "it/shell.rs"]
mod shell;

#[path = "it/claims.rs"]
mod claims;
#[path = "it/docs_examples.rs"]
mod docs_examples;
#[path = "it/docx.rs"]
mod docx;
#[path = "it/office.rs"]
mod office;
#[path = "it/outputs_safety.rs"]
mod outputs_safety;
#[path = "it/units.rs"]
mod units;

#[path = "it/layering.rs"]
mod layering;

#[path = "it/printing.rs"]
mod printing;
#[path = "it/reform.rs"]
mod reform;
#[path = "it/terminal.rs"]
mod terminal;

#[path = "it/officer_words.rs"]
mod officer_words;
#[path = "it/versions.rs"]
mod versions;
