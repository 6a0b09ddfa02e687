//! A rules file: alone, and beside the shipped rules (so references between
//! files are exercised); whatever loads evaluates the worked example.

#![no_main]

#[path = "common.rs"]
mod common;

use jincheng_incentives::project::{Project, parse::from_toml};
use jincheng_incentives::rules::{EMBEDDED, load_sources};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static WORKED: LazyLock<Project> = LazyLock::new(|| {
    from_toml(include_str!("../../examples/worked-example.toml"), &[])
        .expect("the worked example parses")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let fuzzed = ("fuzz.toml".to_string(), text.to_string());
    if let Ok(set) = load_sources(std::slice::from_ref(&fuzzed)) {
        common::evaluate_and_check(&set, &WORKED, false);
    }
    let mut sources: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
    sources.push(fuzzed);
    if let Ok(set) = load_sources(&sources) {
        common::evaluate_and_check(&set, &WORKED, false);
    }
});
