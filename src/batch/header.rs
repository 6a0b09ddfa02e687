//! Which row is the header: the first, unless it looks like a title (a
//! sheet's "2025年度招商引资项目台账" above the real header) and the row
//! under it resolves as a header. A project file given to `batch` is named
//! as such rather than as a header of unknown columns.

use crate::project::columns::resolve_header;
use crate::project::parse::Columns;
use csv::ByteRecord;
use std::io::Read;

/// The header chosen, and the title row skipped above it, if any.
pub(super) struct Chosen {
    pub columns: Columns,
    pub title: Option<String>,
}

/// Resolves `names` (the first record) as the header; when they fail and
/// look like a title, tries the next record of `reader`.
pub(super) fn choose<R: Read>(
    names: &[&str],
    reader: &mut csv::Reader<R>,
    one_line: impl Fn(&crate::project::InputErrors) -> String,
) -> anyhow::Result<Chosen> {
    let first_error = match Columns::from_headers(names.iter().copied()) {
        Ok(columns) => {
            return Ok(Chosen {
                columns,
                title: None,
            });
        }
        Err(e) => one_line(&e),
    };
    if looks_like_project_file(names) {
        anyhow::bail!(
            "这像是项目文件 (TOML), 不是表格: 单个项目请用 calc (jincheng-incentives calc 文件.toml); batch 读 CSV 或工作簿, 第一行为表头"
        );
    }
    let Some(title) = title_text(names) else {
        anyhow::bail!(first_error);
    };
    let refused = || {
        anyhow::anyhow!("第1行像是标题 (“{title}”), 表头应在第2行? 第1行作为表头: {first_error}")
    };
    let mut next = ByteRecord::new();
    if !reader.read_byte_record(&mut next)? {
        return Err(refused());
    }
    let Ok(second) = next
        .iter()
        .map(std::str::from_utf8)
        .collect::<Result<Vec<&str>, _>>()
    else {
        return Err(refused());
    };
    match Columns::from_headers(second.iter().copied()) {
        Ok(columns) => Ok(Chosen {
            columns,
            title: Some(title),
        }),
        Err(_) => Err(refused()),
    }
}

/// The text of a row that looks like a title: one non-empty cell, or
/// non-empty cells none of which is a known header.
fn title_text(names: &[&str]) -> Option<String> {
    let filled: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    let title = match filled.as_slice() {
        [] => return None,
        [one] => one.to_string(),
        many if many.iter().all(|n| resolve_header(n).is_err()) => many.join(" "),
        _ => return None,
    };
    // Shown whole in a message: cut a long one.
    let mut shown: String = title.chars().take(40).collect();
    if shown.len() < title.len() {
        shown.push('…');
    }
    Some(shown)
}

/// A first line no table has: a TOML comment, table or `key = value`.
fn looks_like_project_file(names: &[&str]) -> bool {
    let first = names.first().map_or("", |n| n.trim());
    first.starts_with('#')
        || first.starts_with('[')
        || (names.len() == 1 && first.contains('=') && !first.contains(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_headers() {
        assert_eq!(
            title_text(&["2025年度招商引资项目台账", "", ""]).as_deref(),
            Some("2025年度招商引资项目台账")
        );
        assert_eq!(
            title_text(&["台账", "制表: 投促中心"]).as_deref(),
            Some("台账 制表: 投促中心")
        );
        // A header with one misspelt column is not a title.
        assert_eq!(title_text(&["项目编号", "项目名城"]), None);
        assert!(looks_like_project_file(&["# 晋城某项目"]));
        assert!(looks_like_project_file(&["[project]"]));
        assert!(looks_like_project_file(&["name = \"甲\""]));
        assert!(!looks_like_project_file(&["项目编号", "项目名称"]));
    }
}
