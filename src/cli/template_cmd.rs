//! `template`: a commented project file covering every field, its values
//! commented out (`--example`: a filled example project); with `--xlsx` an
//! input workbook for `batch`, with `--csv` its header line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 输出供 batch 填写的工作簿模板, 须与 -o 同用 (write an input workbook for batch; needs -o)
    #[arg(long, conflicts_with = "csv")]
    pub xlsx: bool,
    /// 输出 batch 用 CSV 的表头行, UTF-8 带 BOM (print the CSV header line for batch)
    #[arg(long)]
    pub csv: bool,
    /// 输出填好的示例项目文件 (虚构数值), 而非空白模板 (print a filled, fictional example project instead of the blank template)
    #[arg(long, conflicts_with_all = ["xlsx", "csv"])]
    pub example: bool,
    /// 输出文件, 默认标准输出; 写完后才替换, 设备和管道直接写入 (output file; replaced only when complete)
    #[arg(short = 'o', long, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,
    /// 允许替换只读的输出文件 (replace a read-only output file)
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // No input files: the guard refuses a read-only target without --force.
    let guard = crate::sink::Guard::new(args.force);
    let bytes = if args.xlsx {
        let Some(path) = &args.output else {
            anyhow::bail!("template --xlsx 需要 -o 文件名.xlsx (工作簿是二进制文件)");
        };
        let mut book = crate::render::sheet_template::workbook()?;
        // Built in memory (a few KB) and then written: a write error (a full
        // disk) is ours to report in Chinese, while rust_xlsxwriter's zip
        // writer, failing on the file, printed an English line when dropped.
        let bytes = book
            .save_to_buffer()
            .map_err(|e| anyhow::anyhow!("无法生成工作簿模板: {e}"))?;
        super::batch::write_atomically(path, &guard, |file| {
            file.write_all(&bytes)?;
            Ok(())
        })?;
        return Ok(ExitCode::SUCCESS);
    } else if args.csv {
        crate::render::sheet_template::csv_header()
    } else {
        crate::render::project_file::render(args.example).into_bytes()
    };
    match &args.output {
        Some(path) => super::batch::write_atomically(path, &guard, |file| {
            file.write_all(&bytes)?;
            Ok(())
        })?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
