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
