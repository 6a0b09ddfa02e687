//! Allocations per row of a CSV → CSV batch, in the library, one worker
//! thread. Plain `harness = false` benchmark:
//!
//! ```text
//! cargo bench --locked --bench alloc -- FILE.csv [SMALL LARGE]
//! ```
//!
//! The first SMALL and LARGE rows of FILE (default 20,000 and 60,000, both
//! past the first chunks, whose records are new until the reader gets them
//! back) are each run through `batch::Batch` into a sink, counting every
//! allocation made by the run; allocations per row is the difference over the
//! difference in rows, so what a run allocates once (rules, header, chunk
//! buffers) cancels out.

use jincheng_incentives::batch::{Batch, Options};
use jincheng_incentives::render::csv_rows;
use jincheng_incentives::render::row_sink::TextSink;
use jincheng_incentives::rules;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// `System`, counting allocations and reallocations.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The header and the first `rows` lines of `text` (generated rows hold no
/// line breaks inside cells).
fn first_rows(text: &str, rows: usize) -> &str {
    let end = text
        .match_indices('\n')
        .nth(rows)
        .map_or(text.len(), |(i, _)| i + 1);
    &text[..end]
}

/// (allocations, bytes) made by one batch run of `input` into a sink.
fn run(rules: &rules::RuleSet, input: &str) -> (u64, u64) {
    let today = jiff::civil::date(2026, 6, 1);
    let mut opts = Options::new(today);
    opts.threads = 1;
    let before = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    let batch = Batch::new(rules, input.as_bytes(), opts).expect("header");
    // The CSV format as `batch` writes it (its header line left out).
    let rows = csv_rows::CsvRows::new(rules, false, false);
    let sink = TextSink::new(std::io::sink(), b"", rows, csv_rows::NEEDS).expect("sink");
    batch.run(sink, |_| {}).expect("batch");
    (
        ALLOCATIONS.load(Ordering::Relaxed) - before.0,
        BYTES.load(Ordering::Relaxed) - before.1,
    )
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(file) = args.first() else {
        eprintln!("usage: cargo bench --locked --bench alloc -- FILE.csv [SMALL LARGE]");
        eprintln!("(bench/batch.sh generates a file and runs this)");
        return;
    };
    let small: usize = args.get(1).map_or(20_000, |n| n.parse().expect("SMALL"));
    let large: usize = args.get(2).map_or(60_000, |n| n.parse().expect("LARGE"));
    assert!(large > small, "LARGE must exceed SMALL");
    let text = std::fs::read_to_string(file).expect("read FILE");
    let rules = rules::load_embedded().expect("rules");
    // A first run warms what is made once per process (rules in force, caches).
    run(&rules, first_rows(&text, 10));
    let (a_small, b_small) = run(&rules, first_rows(&text, small));
    let (a_large, b_large) = run(&rules, first_rows(&text, large));
    let rows = (large - small) as f64;
    println!(
        "allocations: {a_small} for {small} rows, {a_large} for {large} rows; per row {:.2} ({:.0} bytes)",
        (a_large as f64 - a_small as f64) / rows,
        (b_large as f64 - b_small as f64) / rows,
    );
}
