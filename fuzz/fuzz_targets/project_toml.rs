//! A project file: bytes → UTF-8 → parse → (if it parses) evaluate and render.

#![no_main]

#[path = "common.rs"]
mod common;

use jincheng_incentives::project::parse::from_toml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(project) = from_toml(text, &[]) {
        common::evaluate_and_check(&common::RULES, &project, true);
    }
});
