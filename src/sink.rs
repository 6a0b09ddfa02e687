//! Where `-o` writes: never half a file, and never over what is not a file.
//!
//! - A regular file, or a path that does not exist yet: the output goes to a
//!   temporary file beside it, renamed over it by [`Output::commit`]; a run
//!   that fails (or is dropped before `commit`) leaves the target as it was.
//! - A symbolic link: followed to its final target, which is replaced that way;
//!   the link itself stays a link.
//! - A device, a named pipe, a socket, or anything reached through
//!   `/proc/…/fd` (`/dev/stdout`): written straight through, since renaming
//!   over it would destroy it (`-o /dev/null` run as root) or fail.
//!
//! Before anything is opened, [`Guard`] refuses a target that is one of the
//! run's inputs (also through `..`, links and hard links) and a read-only
//! file unless `--force`. While a temporary file exists its path is in a
//! registry, so Ctrl-C, SIGTERM and SIGHUP remove it (see [`signals`]).
//!
//! One small API for every output format (CSV, JSON lines, workbooks):
//! `let mut out = Output::create(path, &guard)?; write to out; out.commit()?`.

mod guard;
pub mod signals;

pub use guard::Guard;

use anyhow::Context;
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};

/// An output being written; see the module documentation.
pub struct Output {
    /// The path as the user gave it, for messages.
    shown: String,
    target: Target,
}

enum Target {
    /// A temporary file renamed over `dest` on commit. Fields drop in
    /// order: the file is removed before its path leaves the registry.
    Replace {
        tmp: tempfile::NamedTempFile,
        dest: PathBuf,
        _live: signals::Live,
    },
    /// Written in place (a device, a pipe).
    Direct(File),
}

/// How a path is written, decided before anything is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Through a temporary file renamed over this path (links resolved).
    Replace(PathBuf),
    /// Straight into this path.
    Direct(PathBuf),
}

/// Most links followed before giving up (as the kernel's ELOOP limit).
const MAX_LINKS: usize = 40;

/// Decides how `path` is written: follows symbolic links to the final
/// target and looks at what is there.
pub fn plan(path: &Path) -> anyhow::Result<Plan> {
    let shown = path.display();
    let (dest, via_proc) =
        follow_links(path).with_context(|| format!("无法解析输出路径 {shown}"))?;
    match std::fs::metadata(&dest) {
        Ok(m) if m.is_dir() => anyhow::bail!("-o {shown} 是一个目录; 请给出文件名"),
        // `/dev/stdout` when standard output is redirected to a file: write
        // into that open file rather than replace it under the shell's feet.
        Ok(m) if m.is_file() && !via_proc => Ok(Plan::Replace(dest)),
        Ok(_) => Ok(Plan::Direct(dest)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !via_proc => Ok(Plan::Replace(dest)),
        Err(e) => Err(e).with_context(|| format!("无法访问 {shown}")),
    }
}

/// The final target of `path` after every symbolic link in its last
/// component, and whether a link led into `/proc` or `/dev/fd` (the
/// descriptors of a process, such as `/dev/stdout`). Those are not followed
/// further: their "targets" (`pipe:[123]`) are no paths, and opening the
/// descriptor's name opens what it refers to.
fn follow_links(path: &Path) -> std::io::Result<(PathBuf, bool)> {
    let mut p = std::path::absolute(path)?;
    for _ in 0..MAX_LINKS {
        if is_descriptor_path(&p) {
            return Ok((p, true));
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&p)?;
                p = if next.is_absolute() {
                    next
                } else {
                    p.parent().unwrap_or(Path::new("/")).join(next)
                };
            }
            _ => return Ok((p, false)),
        }
    }
    Err(std::io::Error::other(format!(
        "符号链接超过 {MAX_LINKS} 层 (循环链接?)"
    )))
}

/// `/proc/…` and `/dev/fd/…`: names of open descriptors, not of files.
fn is_descriptor_path(p: &Path) -> bool {
    let mut parts = p.components().filter(|c| !matches!(c, Component::RootDir));
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(a)), _) if a == "proc" => true,
        (Some(Component::Normal(a)), Some(Component::Normal(b))) => a == "dev" && b == "fd",
        _ => false,
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

impl Output {
    /// Opens the output for `path` (see the module documentation). Nothing
    /// at `path` changes until [`Output::commit`], except for a device or
    /// pipe, which receives the bytes as they are written.
    pub fn create(path: &Path, guard: &Guard) -> anyhow::Result<Output> {
        let shown = path.display().to_string();
        let planned = plan(path)?;
        guard.check(path, &planned)?;
        let target = match planned {
            Plan::Direct(dest) => {
                // Never truncated nor created. A regular file reached as
                // `/dev/stdout` is appended to, as the shell's `>` or `>>` left it.
                let append = std::fs::metadata(&dest).is_ok_and(|m| m.is_file());
                let file = OpenOptions::new()
                    .write(true)
                    .append(append)
                    .open(&dest)
                    .with_context(|| format!("无法写入 {shown}"))?;
                Target::Direct(file)
            }
            Plan::Replace(dest) => {
                let dir = parent_dir(&dest);
                let mut builder = tempfile::Builder::new();
                builder.prefix(".jincheng-out-").suffix(".tmp");
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    // A replaced file keeps its mode; a new one gets 0666 less umask.
                    let mode = std::fs::metadata(&dest).map_or(0o666, |m| m.permissions().mode());
                    builder.permissions(std::fs::Permissions::from_mode(mode & 0o7777));
                }
                let (tmp, live) = signals::create_registered(|| builder.tempfile_in(dir))
                    .with_context(|| format!("无法在 {} 中创建临时文件", dir.display()))?;
                Target::Replace {
                    tmp,
                    dest,
                    _live: live,
                }
            }
        };
        Ok(Output { shown, target })
    }

    /// Whether the bytes go straight to a device or pipe (no rename).
    pub fn is_direct(&self) -> bool {
        matches!(self.target, Target::Direct(_))
    }

    /// The open file written to (the temporary file, or the device).
    pub fn file(&mut self) -> &mut File {
        match &mut self.target {
            Target::Replace { tmp, .. } => tmp.as_file_mut(),
            Target::Direct(f) => f,
        }
    }

    /// Finishes the output: flushes it and, for a file, puts it in place.
    /// Dropping an `Output` without calling this leaves the target as it was
    /// (the temporary file is removed).
    pub fn commit(self) -> anyhow::Result<()> {
        let shown = self.shown;
        match self.target {
            Target::Direct(mut f) => f.flush().with_context(|| format!("写入 {shown} 失败")),
            Target::Replace { tmp, dest, _live } => {
                tmp.as_file()
                    .sync_all()
                    .with_context(|| format!("写入 {shown} 失败, 未改动"))?;
                tmp.persist(&dest)
                    .map_err(|e| e.error)
                    .with_context(|| format!("无法替换 {shown}"))?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.file().write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

/// Seeking works on a file (workbook writers may need it) and fails on a pipe.
impl Seek for Output {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file().seek(pos)
    }
}

/// Writes the output for `path` with `write`, committing only when it
/// succeeded; on an error the target is left as it was.
pub fn write_to<T>(
    path: &Path,
    guard: &Guard,
    write: impl FnOnce(&mut Output) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut out = Output::create(path, guard)?;
    let value = write(&mut out).with_context(|| {
        if out.is_direct() {
            format!("写入 {} 失败", path.display())
        } else {
            format!("{} 未改动", path.display())
        }
    })?;
    out.commit()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_path_and_a_file_are_replaced_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        assert_eq!(plan(&p).unwrap(), Plan::Replace(p.clone()));
        std::fs::write(&p, "old").unwrap();
        assert_eq!(plan(&p).unwrap(), Plan::Replace(p.clone()));
        let mut out = Output::create(&p, &Guard::default()).unwrap();
        out.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn a_dropped_output_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        std::fs::write(&p, "old").unwrap();
        let r: anyhow::Result<()> = write_to(&p, &Guard::default(), |out| {
            out.write_all(b"half")?;
            anyhow::bail!("failed")
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_their_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        let link2 = dir.path().join("link2.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        std::os::unix::fs::symlink(&link, &link2).unwrap();
        // A dangling link: its target is created.
        assert_eq!(
            plan(&link2).unwrap(),
            Plan::Replace(dir.path().join("real.csv"))
        );
        write_to(&link2, &Guard::default(), |o| Ok(o.write_all(b"x")?)).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::symlink_metadata(&link2)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_and_a_directory_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert!(plan(&a).is_err());
        let e = plan(dir.path()).unwrap_err();
        assert!(e.to_string().contains("目录"), "{e}");
    }

    #[test]
    fn descriptor_paths() {
        assert!(is_descriptor_path(Path::new("/proc/self/fd/1")));
        assert!(is_descriptor_path(Path::new("/dev/fd/1")));
        assert!(!is_descriptor_path(Path::new("/dev/null")));
        assert!(!is_descriptor_path(Path::new("/tmp/proc/x")));
    }
}
