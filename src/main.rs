//! Entry point: everything happens in [`jincheng_incentives::cli::run`].

fn main() -> std::process::ExitCode {
    jincheng_incentives::cli::main()
}
