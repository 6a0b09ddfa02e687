//! `batch`: one project per CSV row or workbook row, streamed through
//! [`crate::batch`]; the input is opened by [`crate::input`] and a workbook
//! output is written by [`crate::render::workbook`].
//!
//! Exit status: 0 every row computed; 3 some rows failed (their `error` cell
//! says why) while all rows were written; 1 the run could not be done (rules,
//! an unreadable or empty input, an unknown header, an output error) and, with
//! `-o`, the target is left as it was.

use super::formats::{self, BatchFormat};
use super::{EXIT_ROWS_FAILED, EXIT_USAGE, NAME, RulesOpt, load_rules, parse_as_of};
use crate::batch::{Batch, Headers, Options, QUOTED_ERRORS, Summary};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 输入 CSV 或工作簿 (xlsx/xls/ods), 每行一个项目, 表头为字段路径如 loans[1].principal 或中文列名; `-` 读标准输入 (input CSV or workbook, one project per row; `-` reads standard input)
    pub input: PathBuf,
    /// 工作簿中要读取的工作表, 默认第一个 (the sheet of a workbook to read; default: the first)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// CSV 的编码, 默认自动识别 UTF-8 / GB18030 (the CSV's text encoding; default: detected)
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<crate::input::encoding::Encoding>,
    /// 输出文件, 默认标准输出; 普通文件写完后才替换, 设备和管道直接写入, 符号链接写入其目标 (output file, default standard output; a file is replaced only when complete, a device or pipe written straight through, a symlink's target replaced)
    #[arg(short = 'o', long, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,
    /// 输出格式, 默认按 -o 的扩展名: .csv、.jsonl、.xlsx (其他扩展名须指明格式), 无 -o 时为 csv (output format; default: by the extension of -o, .csv .jsonl .xlsx; csv without -o)
    #[arg(long, value_enum)]
    pub format: Option<BatchFormat>,
    /// CSV 输出的列名与状态语言, 默认随输入表头 (中文表头则中文并带 BOM) (header language of the CSV output; default: as the input's header)
    #[arg(long, value_enum, value_name = "LANG")]
    pub headers: Option<Headers>,
    #[command(flatten)]
    pub rules: RulesOpt,
    /// 政策调整影响: 每行再按该目录的规则 (调整前) 测算一次, 输出调整前现金奖补合计与差额; 工作簿另有“政策调整影响”表 (the rules before a revision: each row's cash under them and the change)
    #[arg(long, value_name = "DIR")]
    pub baseline_rules: Option<PathBuf>,
    /// 评估日期 YYYY-MM-DD, 默认为各行的申报日期, 否则今天 (evaluation date; default: each row's application date, else today)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    /// 输出开头写入 UTF-8 BOM, 便于电子表格软件识别, 仅 CSV (write a byte-order mark for spreadsheets)
    #[arg(long)]
    pub bom: bool,
    /// 审计用: 同 calc --strict, 有需补充项的行记为失败 (strict audit mode: rows needing input fail)
    #[arg(long)]
    pub strict: bool,
    /// 计算线程数, 默认为 CPU 核数, 最多为核数的 4 倍 (且不超过 64) (worker threads; default: one per core; at most 4 × cores, 64)
    #[arg(short = 'j', long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// 允许替换只读的输出文件 (replace a read-only output file)
    #[arg(long)]
    pub force: bool,
}

/// Most worker threads per core: more only adds memory and switching.
const JOBS_PER_CORE: usize = 4;
/// Most worker threads on any machine.
const MAX_JOBS: usize = 64;

/// The largest `-j` this machine takes.
fn max_jobs() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(JOBS_PER_CORE).clamp(1, MAX_JOBS)
}

/// `-j N`: a number from 1 to [`max_jobs`]; anything else is a usage error
/// (a huge value would ask for unbounded threads and channel capacity).
fn parse_jobs(s: &str) -> Result<usize, String> {
    let max = max_jobs();
    match s.trim().parse::<u64>() {
        Ok(n) if n >= 1 && n <= max as u64 => Ok(n as usize),
        _ => Err(format!(
            "应为 1 到 {max} 之间的整数 (本机 CPU 核数的 {JOBS_PER_CORE} 倍, 至多 {MAX_JOBS})"
        )),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = load_rules(args.rules.rules.as_deref())?;
    let baseline = match &args.baseline_rules {
        Some(dir) => Some(
            load_rules(Some(dir))
                .with_context(|| format!("--baseline-rules {}: 基准规则有误", dir.display()))?,
        ),
        None => None,
    };
    let stdin = args.input == Path::new("-");
    let shown = if stdin {
        "标准输入".to_string()
    } else {
        args.input.display().to_string()
    };
    let guard = crate::sink::Guard::new(args.force)
        .input(&args.input)
        .rules_dir(args.rules.rules.as_deref())
        .rules_dir(args.baseline_rules.as_deref());
    if let Some(out) = &args.output {
        // Refused before reading anything; the writer checks again.
        guard.check_path(out)?;
    }
    let format = match formats::batch_format(args.format, args.output.as_deref()) {
        Ok(f) => f,
        Err(usage) => {
            eprintln!("{usage}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    if args
        .input
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        anyhow::bail!(
            "{shown}: 这是项目文件 (TOML), 不是表格: 单个项目请用 calc (jincheng-incentives calc {shown}); batch 读 CSV 或工作簿"
        );
    }
    let input_opts = crate::input::Options {
        encoding: args.encoding,
        sheet: args.sheet.clone(),
    };
    let opened = crate::input::open(&args.input, &input_opts)
        .with_context(|| format!("{shown}: 无法读取"))?;
    // Progress by bytes only when they are the file's own.
    let input_len = if stdin || opened.converted {
        None
    } else {
        std::fs::metadata(&args.input)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    };
    let described = opened.described.clone();
    let header_line = std::sync::Arc::clone(&opened.header_line);
    let sheet = opened.sheet;
    let input: Box<dyn Read + Send> = opened.reader;
    let opts = Options {
        as_of: args.as_of,
        strict: args.strict,
        headers: args.headers,
        threads: args.jobs.unwrap_or(0),
        ..Options::new(super::today())
    };
    let cannot = || format!("{shown} ({described}): 无法批量测算");
    if let Some(refusal) = formats::batch_refusal(format, args.bom) {
        return Err(anyhow::anyhow!(refusal).context(cannot()));
    }
    let mut batch = Batch::new(&rules, input, opts).with_context(cannot)?;
    if let Some(b) = &baseline {
        batch = batch.baseline(b);
    }
    if let Some(title) = batch.skipped_title() {
        eprintln!("{NAME}: 注意: 第1行 “{title}” 像是标题, 已跳过; 表头取其下一行");
        if sheet {
            // The sheet's reader took the title for the header: the
            // projects are counted from the line below.
            header_line.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
    if sheet {
        batch = batch.sheet_rows(std::sync::Arc::clone(&header_line));
    }
    if formats::batch_is_binary(format) && args.output.is_none() && std::io::stdout().is_terminal()
    {
        anyhow::bail!("工作簿是二进制文件, 不宜输出到终端; 请用 -o 文件名.xlsx");
    }

    let bar = progress_bar(input_len);
    let started = Instant::now();
    let progress = |s: &Summary| {
        if bar.is_hidden() {
            return;
        }
        let ms = u64::try_from(started.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let rate = s.rows.saturating_mul(1000) / ms;
        bar.set_position(if input_len.is_some() { s.bytes } else { s.rows });
        bar.set_message(format!("{} 行 · {rate} 行/秒 · 失败 {}", s.rows, s.failed));
    };
    let run = |out: &mut dyn std::io::Write| {
        let line = std::sync::Arc::clone(&header_line);
        formats::run_batch(format, batch, (&rules, args.bom), out, line, progress)
    };
    let summary = match &args.output {
        None => run(&mut std::io::stdout().lock()),
        Some(path) => write_atomically(path, &guard, |file| run(file)),
    };
    bar.finish_and_clear();
    let summary = summary?;
    report(&summary);
    Ok(if summary.failed > 0 {
        ExitCode::from(EXIT_ROWS_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// A bar on a terminal (by bytes when the input's length is known, else a
/// row counter); nothing otherwise, so logs stay clean.
fn progress_bar(input_len: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match input_len {
        Some(len) => (
            ProgressBar::new(len),
            "{bar:30} {percent:>3}% {msg} [{elapsed_precise}, 剩余 {eta}]",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {msg} [{elapsed_precise}]",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// The summary on standard error: always when rows failed, and on a terminal
/// otherwise too. Rows are named as the output's `row` column counts them
/// and by the spreadsheet line (header = line 1) a user scrolls to.
fn report(s: &Summary) {
    // Skipped example rows are always named: they might be real projects.
    for e in &s.first_examples {
        eprintln!(
            "{NAME}: 警告: {}: 项目编号 {} 是示例行, 已跳过 (状态 example, 不计入结果与预算)",
            row_name(e.row, e.line),
            e.id
        );
    }
    if s.examples > crate::batch::QUOTED_EXAMPLES as u64 {
        eprintln!(
            "{NAME}: 警告: 另有 {} 个示例行已跳过",
            s.examples - crate::batch::QUOTED_EXAMPLES as u64
        );
    }
    let mut empty = String::new();
    if s.empty > 0 {
        empty.push_str(&format!(", 空行 {} (状态 empty)", s.empty));
    }
    if s.examples > 0 {
        empty.push_str(&format!(", 示例 {} (状态 example)", s.examples));
    }
    let ok = if s.out_of_scope > 0 {
        format!(
            "{} (其中不在政策范围 {}, 状态 out_of_scope)",
            s.ok, s.out_of_scope
        )
    } else {
        s.ok.to_string()
    };
    if s.failed == 0 {
        if std::io::stderr().is_terminal() {
            if empty.is_empty() && s.out_of_scope == 0 {
                eprintln!("{NAME}: batch: {} 行全部成功", s.rows);
            } else {
                eprintln!("{NAME}: batch: {} 行, 成功 {ok}{empty}", s.rows);
            }
        }
        return;
    }
    eprintln!(
        "{NAME}: batch: {} 行, 成功 {}, 失败 {}{empty} (见输出的 error 列, 中文表头为 错误 列)",
        s.rows, ok, s.failed
    );
    for e in &s.first_errors {
        eprintln!("  {}: {}", row_name(e.row, e.line), e.message);
    }
    if s.failed > QUOTED_ERRORS as u64 {
        eprintln!("  … 另有 {} 行失败", s.failed - QUOTED_ERRORS as u64);
    }
}

/// `第3行 (表格第4行)`: the data row, and the line a spreadsheet shows.
pub fn row_name(row: u64, line: u64) -> String {
    if line == 0 {
        format!("第{row}行")
    } else {
        format!("第{row}行 (表格第{line}行)")
    }
}

/// Writes through a temporary file beside `target`, renamed over it only when
/// `write` succeeded; on any error the temporary file is removed and the
/// target is left as it was.
pub(super) fn write_atomically<T>(
    target: &Path,
    guard: &crate::sink::Guard,
    write: impl FnOnce(&mut File) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    // Only for what is a regular file (or a new path): a symlink's target is
    // replaced and a device or pipe written straight through, see crate::sink.
    crate::sink::write_to(target, guard, |out| write(out.file()))
}
