//! One integration-test binary (faster to build than one per file); each
//! module drives the real `jincheng-incentives` binary or the library.

mod util;

mod awards;
mod batch;
mod batch_rows;
mod calc;
mod cases;
mod cells;
mod claims;
mod docs_examples;
mod docx;
mod edges;
mod hostile;
mod layering;
mod negotiate;
mod next_tier_props;
mod office;
mod officer_words;
mod output;
mod outputs_safety;
mod policy_text;
mod printing;
mod props;
mod readers;
mod readings;
mod reform;
mod rules;
mod sheets;
mod shell;
mod terminal;
mod units;
mod versions;
