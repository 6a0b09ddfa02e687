//! The one check every writer makes before opening its target: never one of
//! the run's inputs, never a read-only file unless `--force`.

use super::Plan;
use std::path::{Path, PathBuf};

/// What a writer must leave alone: the run's input files, and read-only
/// files unless the user said `--force`.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    inputs: Vec<PathBuf>,
    force: bool,
}

impl Guard {
    /// A guard with no inputs; `force` lets a read-only file be replaced.
    pub fn new(force: bool) -> Guard {
        Guard {
            inputs: Vec::new(),
            force,
        }
    }

    /// Adds an input file (`-`, standard input, is no file and is skipped).
    pub fn input(mut self, path: &Path) -> Guard {
        if path != Path::new("-") {
            self.inputs.push(path.to_path_buf());
        }
        self
    }

    /// Adds every input of a list.
    pub fn inputs<'a>(self, paths: impl IntoIterator<Item = &'a Path>) -> Guard {
        paths.into_iter().fold(self, Guard::input)
    }

    /// Adds the `*.toml` files of a `--rules DIR` (a writer must not replace
    /// a rule file either). An unreadable directory is reported by loading.
    pub fn rules_dir(self, dir: Option<&Path>) -> Guard {
        let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
            return self;
        };
        let files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.iter().map(PathBuf::as_path).fold(self, Guard::input)
    }

    /// The same check for a path not opened yet: a run refuses its target
    /// before reading its inputs, rather than after the work.
    pub fn check_path(&self, path: &Path) -> anyhow::Result<()> {
        self.check(path, &super::plan(path)?)
    }

    /// Refuses `path` (planned as `plan`) when it is an input, by canonical
    /// path or by (device, inode) so that `..`, links and hard links are
    /// caught, or when it is a read-only regular file and `--force` is absent.
    pub(super) fn check(&self, path: &Path, plan: &Plan) -> anyhow::Result<()> {
        let shown = path.display();
        let dest = match plan {
            Plan::Replace(d) | Plan::Direct(d) => d,
        };
        let dest_meta = std::fs::metadata(dest).ok();
        let dest_canon = resolve(dest);
        for input in &self.inputs {
            let Ok(meta) = std::fs::metadata(input) else {
                continue; // opening it reports the problem
            };
            if !meta.is_file() {
                continue; // a device or pipe read once is no file to protect
            }
            let same_path = input
                .canonicalize()
                .ok()
                .is_some_and(|c| dest_canon.as_ref() == Some(&c));
            let same_inode = dest_meta.as_ref().is_some_and(|d| same_file(d, &meta));
            if same_path || same_inode {
                anyhow::bail!(
                    "{shown} 与输入 {} 是同一个文件; 请写到另一个文件",
                    input.display()
                );
            }
        }
        if let (Plan::Replace(_), Some(m)) = (plan, &dest_meta)
            && m.is_file()
            && m.permissions().readonly()
            && !self.force
        {
            anyhow::bail!("{shown} 是只读文件, 未改动; 确要替换请加 --force");
        }
        Ok(())
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// A path made absolute with links resolved, also for a file not yet created.
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    super::parent_dir(path)
        .canonicalize()
        .ok()
        .map(|d| d.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_input_is_refused_by_path_link_and_hard_link() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "x").unwrap();
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&input, &hard).unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let dotdot = sub.join("..").join("in.csv");
        let guard = Guard::new(false).input(&input);
        for p in [&input, &hard, &dotdot] {
            let plan = super::super::plan(p).unwrap();
            let e = guard.check(p, &plan).unwrap_err();
            assert!(e.to_string().contains("同一个文件"), "{e}");
        }
        let other = dir.path().join("out.csv");
        let plan = super::super::plan(&other).unwrap();
        guard.check(&other, &plan).unwrap();
    }

    #[test]
    fn a_read_only_file_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        std::fs::write(&p, "old").unwrap();
        let mut perms = std::fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&p, perms).unwrap();
        let plan = super::super::plan(&p).unwrap();
        let e = Guard::new(false).check(&p, &plan).unwrap_err();
        assert!(e.to_string().contains("--force"), "{e}");
        Guard::new(true).check(&p, &plan).unwrap();
    }
}
