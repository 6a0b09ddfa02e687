//! A workbook file (`.xlsx`, `.xls`, `.ods`, or anything else): opened as
//! `batch` opens one, its first sheet streamed to CSV, then run through the
//! batch. The readers must answer with an error or rows, never a panic,
//! and within libFuzzer's memory limit (the checks of `input::limits` run
//! before calamine allocates a grid). Seeds: the hostile corpus of
//! `tests/it/readers.rs` (`fuzz/seed.sh`).

#![no_main]

#[path = "common.rs"]
mod common;

use jincheng_incentives::batch::{Batch, Options};
use jincheng_incentives::input::workbook;
use jincheng_incentives::project::value::parse_date;
use jincheng_incentives::render::csv_rows;
use jincheng_incentives::render::row_sink::TextSink;
use libfuzzer_sys::fuzz_target;
use std::io::Read;

fuzz_target!(|data: &[u8]| {
    let Ok(sheet) = workbook::open_bytes(data.to_vec(), None) else {
        return;
    };
    let header_line = std::sync::Arc::clone(&sheet.header_line);
    let opts = Options {
        threads: 1,
        chunk_rows: 2,
        ..Options::new(parse_date("2024-06-30").expect("a date"))
    };
    // Never more than a few MB of CSV from a small file.
    let reader = sheet.reader.take(64 * 1024 * 1024);
    if let Ok(batch) = Batch::new(&common::RULES, reader, opts) {
        let rows = csv_rows::CsvRows::new(&common::RULES, false, false);
        if let Ok(sink) = TextSink::new(Vec::new(), b"", rows, csv_rows::NEEDS) {
            let _ = batch.sheet_rows(header_line).run(sink, |_| {});
        }
    }
});
