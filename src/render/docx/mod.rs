//! The printed report (`calc --format docx`): an A4 document an official can
//! sign and attach to a memo. It lays out the reports the engine already
//! computed, in the words of the terminal tables ([`crate::render::labels`]);
//! nothing is computed here but the layout.

mod blocks;
mod compare;
mod facts;
mod sections;

use crate::model::Report;
use crate::project::Project;
use crate::rules::RuleSet;
use anyhow::Context;
use blocks::{Doc, body_fonts};
use docx_rs::{
    AlignmentType, Docx, Footer, InstrNUMPAGES, InstrPAGE, InstrText, PageMargin, Paragraph, Run,
};
use jiff::civil::Date;

/// One project of the report: its computed result and the facts it used.
pub struct Section<'a> {
    pub report: &'a Report,
    pub project: &'a Project,
}

/// What the whole report states once.
pub struct Meta<'a> {
    /// The date the report is made (today, as the command line found it).
    pub today: Date,
    pub rules: &'a RuleSet,
    /// With `--compare`/`--scenario`: the comparison, as a section of its own.
    pub comparison: Option<Comparison<'a>>,
}

/// Reports against a baseline: scenarios of one project, or other projects
/// against the first.
pub struct Comparison<'a> {
    /// `方案对比` or `项目并列比较`.
    pub title: String,
    /// What the baseline is called in the table (`基准`, or the first project).
    pub base_name: String,
    /// What each other column is called (`方案`, `该项目`).
    pub other_word: String,
    pub base: &'a Report,
    pub others: Vec<Compared<'a>>,
}

/// One scenario or project compared with the baseline.
pub struct Compared<'a> {
    pub name: String,
    /// The scenario's `K=V` changes (empty for another project).
    pub sets: Vec<String>,
    pub report: &'a Report,
}

/// A4 in twentieths of a point, portrait.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins of 22 mm top and bottom and 25 mm at the sides, so that an
/// estimate keeps to four pages before its annex.
const MARGIN_TOP: i32 = 1247;
const MARGIN_BOTTOM: i32 = 1247;
const MARGIN_LEFT: i32 = 1418;
const MARGIN_RIGHT: i32 = 1418;
/// The width left for text and tables.
pub(super) const TEXT_W: usize = (PAGE_W as usize) - 2 * 1418;

/// The report as the bytes of a .docx file.
pub fn render(sections: &[Section], meta: &Meta) -> anyhow::Result<Vec<u8>> {
    let mut doc = Doc::default();
    sections::report(&mut doc, sections, meta);
    // The document's own dates are the report's date, not 1970.
    let stamp = format!("{}T00:00:00Z", meta.today);
    let mut docx = Docx::new()
        .created_at(&stamp)
        .updated_at(&stamp)
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(body_fonts())
        .default_size(blocks::BODY_SIZE)
        .footer(page_footer());
    for block in doc.blocks {
        docx = match block {
            blocks::Block::Paragraph(p) => docx.add_paragraph(*p),
            blocks::Block::Table(t) => docx.add_table(*t),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("无法生成 docx 文件")?;
    compress(bytes.into_inner()).context("内部错误 (bug): docx 无法压缩")
}

/// docx-rs stores its entries uncompressed (a report of 270 KB); deflated
/// the same package is a tenth of that, easier to mail and to attach.
fn compress(stored: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// `第 N 页 共 M 页`, centred, from the PAGE and NUMPAGES fields.
fn page_footer() -> Footer {
    let text = |t: &str| {
        Run::new()
            .fonts(body_fonts())
            .size(blocks::SMALL_SIZE)
            .add_text(t)
    };
    let field = |instr: InstrText| {
        Run::new()
            .fonts(body_fonts())
            .size(blocks::SMALL_SIZE)
            .add_field_char(docx_rs::FieldCharType::Begin, false)
            .add_instr_text(instr)
            .add_field_char(docx_rs::FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(docx_rs::FieldCharType::End, false)
    };
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(text("第 "))
            .add_run(field(InstrText::PAGE(InstrPAGE::new())))
            .add_run(text(" 页  共 "))
            .add_run(field(InstrText::NUMPAGES(InstrNUMPAGES::new())))
            .add_run(text(" 页")),
    )
}
