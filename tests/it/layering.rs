//! The layers of docs/ARCHITECTURE.md, checked on the source: every
//! `crate::…` (and `super::…` that leaves its top module) reference in
//! `src/**` is read, and a layer may not name the layers above it. Test
//! modules (from `#[cfg(test)]` to the end of a file) are not read: a test
//! may build a report with the engine to check a renderer.

use super::util::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// (layer, the top modules it must never name).
const FORBIDDEN: &[(&str, &[&str])] = &[
    // The result types are a leaf: beside themselves, only money, the
    // project's facts and the rules.
    (
        "model",
        &[
            "engine",
            "render",
            "negotiate",
            "batch",
            "cli",
            "cases",
            "sink",
            "input",
        ],
    ),
    (
        "engine",
        &["render", "negotiate", "batch", "cli", "cases", "sink"],
    ),
    // Renderers read the model; they never compute.
    ("render", &["engine", "negotiate", "batch", "cli", "cases"]),
    (
        "money",
        &["model", "engine", "render", "negotiate", "batch", "cli"],
    ),
    (
        "project",
        &["model", "engine", "render", "negotiate", "batch", "cli"],
    ),
    (
        "rules",
        &["model", "engine", "render", "negotiate", "batch", "cli"],
    ),
];

/// Top modules of the crate, public or not, as `src/lib.rs` declares them.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    lib.lines()
        .map(|l| l.trim())
        .filter_map(|l| l.strip_prefix("pub ").unwrap_or(l).strip_prefix("mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry of src/").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src/`: `engine/kinds/mod.rs` is
/// `["engine", "kinds"]`, `engine/gates.rs` `["engine", "gates"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts
}

fn ident_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The top modules a file's code names (`crate::x`, `use crate::{x, …}`,
/// `super::…` resolving outside its top module), comments and tests left out.
fn named_modules(code: &str, path: &[String], tops: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code = code.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut add = |name: &str| {
        if tops.contains(name) {
            out.insert(name.to_string());
        }
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{engine::X, model::Y}`: each first segment.
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                add(ident_at(part.trim()));
            }
        } else {
            add(ident_at(rest));
        }
    }
    for (i, _) in code.match_indices("super::") {
        // Only a chain's first `super::` counts its length.
        if code[..i].ends_with("super::") {
            continue;
        }
        let mut rest = &code[i..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            up += 1;
            rest = r;
        }
        if up >= path.len() {
            add(ident_at(rest));
        }
    }
    out
}

#[test]
fn the_scanner_finds_references() {
    let tops: BTreeSet<String> = ["batch", "engine", "model", "render"]
        .map(String::from)
        .into();
    let path = ["render".to_string()];
    let code = "use crate::engine::Ctx;\nuse crate::{model::Item, render::x};\n\
                // crate::batch is a comment\nfn f() { super::engine::g() }\n\
                #[cfg(test)]\nmod tests { use crate::cli::x; }";
    let found: Vec<String> = named_modules(code, &path, &tops).into_iter().collect();
    assert_eq!(found, ["engine", "model", "render"]);
    let inner = ["render".to_string(), "table".to_string()];
    assert!(named_modules("use super::Item;", &inner, &tops).is_empty());
}

#[test]
fn layers_import_only_downwards() {
    let src = root().join("src");
    let tops = top_modules(&src);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("below src/");
        let path = module_path(rel);
        let Some(layer) = path.first() else { continue };
        let code = std::fs::read_to_string(file).expect("read a source file");
        let named = named_modules(&code, &path, &tops);
        for (l, forbidden) in FORBIDDEN {
            if l == layer {
                for f in forbidden.iter().filter(|f| named.contains(**f)) {
                    wrong.insert(format!("{} ({l}) names {f}", rel.display()));
                }
            }
        }
        // Only the command line itself (and main.rs, a separate crate) use it.
        if layer != "cli" && named.contains("cli") {
            wrong.insert(format!("{} ({layer}) names cli", rel.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
    assert!(tops.contains("model") && tops.contains("engine") && tops.contains("cli"));
    // The library does not export the command line: benches, tests and
    // fuzz targets use the library modules below it.
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let exported = lib
        .lines()
        .map(str::trim)
        .any(|l| l.starts_with("pub mod cli") || (l.starts_with("pub use") && l.contains("cli")));
    assert!(!exported, "src/lib.rs exports cli");
}

/// The batch pipeline names no output format (issue 18): each format is a
/// `render::row_sink::RowSink`, picked in `cli/formats.rs`.
#[test]
fn batch_names_no_format() {
    const FORMATS: [&str; 5] = [
        "render::csv_rows",
        "render::json_lines",
        "render::items",
        "render::workbook",
        "render::sheet_row",
    ];
    let dir = root().join("src").join("batch");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let code = std::fs::read_to_string(file).expect("read a source file");
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
        {
            for f in FORMATS.iter().filter(|f| line.contains(**f)) {
                wrong.push(format!("{}: {f}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "batch/ names a format:\n{}",
        wrong.join("\n")
    );
}
