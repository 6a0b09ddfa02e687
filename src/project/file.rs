//! Reading a project or case file as text: bounded, UTF-8, byte-order mark
//! dropped. Below the CLI so the case runner can use it too.

use anyhow::Context;
use std::io::Read;
use std::path::Path;

/// Largest input file read whole (a project file).
const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a text input: a path, or `-` for standard input; refuses what is too
/// large or not UTF-8.
pub fn read_input(path: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    let shown = path.display();
    if path == Path::new("-") {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("无法读取标准输入")?;
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("无法打开 {shown}"))?;
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("无法读取 {shown}"))?;
    }
    if let Some(kind) = table_kind(path, &bytes) {
        anyhow::bail!(
            "{shown}: 这是表格 ({kind}), 不是项目文件 (TOML): 表格请用 batch (jincheng-incentives batch {shown})"
        );
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        anyhow::bail!("{shown}: 文件超过 10 MB, 不像项目文件");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{shown}: 不是 UTF-8 文本 (第{}字节处无效)",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Table file extensions: CSV and the workbooks `batch` reads.
const TABLE_EXTENSIONS: [&str; 8] = ["csv", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods", "et"];

/// What kind of table `bytes` are, if they are one rather than a project
/// file: by the name's extension, a workbook's first bytes (a zip archive
/// or an OLE file), or a first line of comma-separated cells.
fn table_kind(path: &Path, bytes: &[u8]) -> Option<&'static str> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext) = ext.as_deref().filter(|e| TABLE_EXTENSIONS.contains(e)) {
        return Some(if matches!(ext, "csv" | "tsv") {
            "CSV"
        } else {
            "工作簿"
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("工作簿");
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The first line that is not blank or a TOML comment.
    let first = body
        .split(|b| *b == b'\n')
        .take(1000)
        .map(<[u8]>::trim_ascii)
        .find(|l| !l.is_empty() && !l.starts_with(b"#"))?;
    let csv_like = !first.starts_with(b"[")
        && !first.contains(&b'=')
        && first.iter().filter(|b| matches!(b, b',' | b'\t')).count() >= 2;
    csv_like.then_some("CSV")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_told_from_project_files() {
        let toml = Path::new("p.toml");
        assert_eq!(table_kind(Path::new("台账.csv"), b""), Some("CSV"));
        assert_eq!(table_kind(Path::new("清单.XLSX"), b""), Some("工作簿"));
        assert_eq!(table_kind(toml, b"PK\x03\x04rest"), Some("工作簿"));
        assert_eq!(
            table_kind(toml, "项目编号,项目名称,实际投资额\n".as_bytes()),
            Some("CSV")
        );
        let project = "# 晋城某项目\n[project]\nname = \"甲, 乙, 丙\"\n";
        assert_eq!(table_kind(toml, project.as_bytes()), None);
        assert_eq!(table_kind(toml, b"loans = [1, 2, 3]\n"), None);
    }
}
