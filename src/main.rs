//! Entry point: everything happens in [`jincheng_incentives::cli::run`].

/// mimalloc instead of the system allocator: a batch row allocates a few
/// dozen small values on worker threads, where glibc's malloc cost about 10 %
/// of the run time (bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jincheng_incentives::cli::main()
}
