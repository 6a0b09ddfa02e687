//! A CSV header and its rows, read with the csv crate as `batch` reads them:
//! header → columns → one project per row → evaluate; then the whole input
//! through the streaming `batch` itself, in both output formats.

#![no_main]

#[path = "common.rs"]
mod common;

use jincheng_incentives::batch::{Batch, Options};
use jincheng_incentives::project::parse::Columns;
use jincheng_incentives::project::value::parse_date;
use jincheng_incentives::render::row_sink::TextSink;
use jincheng_incentives::render::{csv_rows, json_lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = || Options {
        threads: 1,
        chunk_rows: 2,
        ..Options::new(parse_date("2024-06-30").expect("a date"))
    };
    if let Ok(batch) = Batch::new(&common::RULES, data, opts()) {
        let rows = csv_rows::CsvRows::new(&common::RULES, false, false);
        if let Ok(sink) = TextSink::new(Vec::new(), b"", rows, csv_rows::NEEDS) {
            let _ = batch.run(sink, |_| {});
        }
    }
    if let Ok(batch) = Batch::new(&common::RULES, data, opts()) {
        if let Ok(sink) = TextSink::new(Vec::new(), b"", json_lines::JsonLines, json_lines::NEEDS) {
            let _ = batch.run(sink, |_| {});
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(data);
    let Ok(headers) = reader.headers().cloned() else {
        return;
    };
    let Ok(columns) = Columns::from_headers(headers.iter()) else {
        return;
    };
    for (row, record) in reader.records().take(4).enumerate() {
        let Ok(record) = record else {
            return;
        };
        let cells: Vec<&str> = record.iter().collect();
        if let Ok(project) = columns.project(row + 1, &cells) {
            common::evaluate_and_check(&common::RULES, &project, true);
        }
    }
});
