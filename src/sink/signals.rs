//! Ctrl-C, SIGTERM and SIGHUP while an output is being written: the
//! temporary file is removed (the previous output stays as it was) and the
//! program exits with 128 + the signal's number, as a shell reports it.
//!
//! The temporary files alive are kept in a registry; a thread waiting for the
//! signals (installed with the first one) removes them. A file is created and
//! registered under the registry's lock, so none escapes the clean-up.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, Once};

static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A registered temporary path; dropping it takes the path off the registry.
pub struct Live(PathBuf);

impl Drop for Live {
    fn drop(&mut self) {
        let mut list = live();
        if let Some(i) = list.iter().position(|p| *p == self.0) {
            list.swap_remove(i);
        }
    }
}

/// Creates a temporary file with `create` and registers its path, holding the
/// registry's lock throughout so a signal cannot fall between the two.
pub fn create_registered(
    create: impl FnOnce() -> std::io::Result<tempfile::NamedTempFile>,
) -> std::io::Result<(tempfile::NamedTempFile, Live)> {
    install();
    let mut list = live();
    let tmp = create()?;
    let path = tmp.path().to_path_buf();
    list.push(path.clone());
    Ok((tmp, Live(path)))
}

/// Starts the thread that waits for the signals, once.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // Without the handlers the signals keep their default (the process
        // ends, the temporary file stays): no worse than before.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    clean_up_and_exit(sig);
                }
            });
    });
}

/// Removes every registered temporary file and exits; the registry stays
/// locked so no new temporary file appears meanwhile.
fn clean_up_and_exit(sig: i32) -> ! {
    let list = live();
    for p in list.iter() {
        let _ = std::fs::remove_file(p);
    }
    if !list.is_empty() {
        eprintln!("{}: 已中断, 输出文件未改动", crate::NAME);
    }
    std::process::exit(128 + sig);
}
