//! Entry point: everything happens in [`jincheng_incentives::run`].

/// mimalloc rather than the system allocator: a batch into a workbook
/// allocates millions of short strings, and glibc's malloc/free took about a
/// quarter of its time (bench/workbook.sh; figures in the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jincheng_incentives::run()
}
