//! The few kinds of block the report is made of (title, headings, body
//! lines, bordered tables), each in the house style, so the content code
//! says what to show and not how.

use docx_rs::{
    AlignmentType, LineSpacing, Paragraph, Run, RunFonts, Shading, Table, TableCell, TableRow,
    VAlignType, WidthType,
};

/// Sizes in half-points: 小四 for the body, 五号 for notes, 小五 for tables,
/// 小二 for the title.
pub const BODY_SIZE: usize = 24;
pub const NOTE_SIZE: usize = 20;
pub const TABLE_SIZE: usize = 18;
pub const SMALL_SIZE: usize = 18;
/// Tables of at most this many rows are not broken over two pages.
const KEEP_WHOLE: usize = 12;
const TITLE_SIZE: usize = 36;
const HEADING_SIZE: usize = 28;
const SUBHEADING_SIZE: usize = 24;

/// The body font: 宋体, which Word, WPS and LibreOffice all map (LibreOffice
/// substitutes a CJK serif where it is not installed); Times New Roman for
/// Latin letters and digits.
pub fn body_fonts() -> RunFonts {
    RunFonts::new()
        .east_asia("宋体")
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .hint("eastAsia")
}

/// Headings in 黑体, with the same Latin font.
fn heading_fonts() -> RunFonts {
    RunFonts::new()
        .east_asia("黑体")
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .hint("eastAsia")
}

pub enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The blocks of the document, in order.
#[derive(Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

/// How a table cell's text is set.
#[derive(Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// Text as XML 1.0 can carry it: control characters (which a project file
/// may hold in an escaped string) would make Word refuse the file. The
/// field paths and rule keys the engine names in brackets for scripts and
/// terminals (`用地类型 (land.use)`) are left out: the body is Chinese only.
pub fn clean(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('(') {
        let (before, after) = rest.split_at(open);
        let inner_end = after.find(')');
        let key = inner_end.map(|e| &after[1..e]);
        match (inner_end, key) {
            (Some(e), Some(k)) if is_key(k) => {
                out.push_str(before.strip_suffix(' ').unwrap_or(before));
                rest = &after[e + 1..];
            }
            _ => {
                out.push_str(before);
                out.push('(');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    // A bare path (`未填写 project.application_date`) by its Chinese header.
    out.split(' ')
        .map(|word| {
            let end = word
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')))
                .unwrap_or(word.len());
            let (path, tail) = word.split_at(end);
            match crate::project::schema::parse_user_path(path) {
                Ok((spec, index)) if path.contains('.') && is_key(path) => {
                    format!("{}{tail}", spec.header(index))
                }
                _ => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A field path or rule key: lower-case ASCII words joined by `_`, `.`,
/// with `[n]` indices (`loans[1].principal`, `enterprise.top_rank`, `rate`).
fn is_key(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '[' | ']')
        })
}

fn run(text: &str, size: usize) -> Run {
    Run::new()
        .fonts(body_fonts())
        .size(size)
        .add_text(clean(text))
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

impl Doc {
    fn push(&mut self, p: Paragraph) {
        self.blocks.push(Block::Paragraph(Box::new(p)));
    }

    pub fn title(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(spacing(0, 120))
                .add_run(
                    Run::new()
                        .fonts(heading_fonts())
                        .size(TITLE_SIZE)
                        .bold()
                        .add_text(clean(text)),
                ),
        );
    }

    /// A centred line under the title (the what-if notice).
    pub fn subtitle(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(spacing(0, 120))
                .add_run(run(text, BODY_SIZE).bold()),
        );
    }

    /// A first-level heading (一、…); `new_page` starts it on a new page.
    pub fn heading(&mut self, text: &str, new_page: bool) {
        self.push(
            Paragraph::new()
                .keep_next(true)
                .page_break_before(new_page)
                .line_spacing(spacing(120, 40))
                .add_run(
                    Run::new()
                        .fonts(heading_fonts())
                        .size(HEADING_SIZE)
                        .add_text(clean(text)),
                ),
        );
    }

    /// A second-level heading (（一）…), in bold body type.
    pub fn subheading(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .keep_next(true)
                .line_spacing(spacing(60, 20))
                .add_run(run(text, SUBHEADING_SIZE).bold()),
        );
    }

    /// A body paragraph.
    pub fn line(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .line_spacing(spacing(0, 20))
                .add_run(run(text, NOTE_SIZE + 1)),
        );
    }

    /// A body paragraph kept on the page of what follows (the signatures).
    pub fn keep_line(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .keep_next(true)
                .line_spacing(spacing(120, 20))
                .add_run(run(text, NOTE_SIZE + 1)),
        );
    }

    /// A smaller paragraph with a bold lead (`标准地投资奖励: …`).
    pub fn note(&mut self, lead: &str, text: &str) {
        self.push(
            Paragraph::new()
                .line_spacing(spacing(0, 20))
                .add_run(run(lead, NOTE_SIZE).bold())
                .add_run(run(text, NOTE_SIZE)),
        );
    }

    /// A bordered table: a shaded header row, then the rows; `widths` in
    /// twips (they should add up to the text width), `align` per column.
    pub fn table(
        &mut self,
        header: &[&str],
        widths: &[usize],
        align: &[Align],
        rows: &[Vec<String>],
    ) {
        self.table_with_bands(header, widths, align, rows, &[]);
    }

    /// A table as [`Doc::table`] with band rows: a row whose index is in
    /// `bands` holds one bold cell across the whole width (a category name).
    pub fn table_with_bands(
        &mut self,
        header: &[&str],
        widths: &[usize],
        align: &[Align],
        rows: &[Vec<String>],
        bands: &[usize],
    ) {
        // A short table is kept on one page; a long one at least keeps its
        // header (and each band) with the row that follows.
        let whole = rows.len() <= KEEP_WHOLE;
        let cell = |text: &str, w: usize, a: Align, head: bool, keep: bool| {
            let mut r = run(text, TABLE_SIZE);
            if head {
                r = r.bold();
            }
            let p = Paragraph::new()
                .keep_next(keep)
                .line_spacing(
                    LineSpacing::new()
                        .before(0)
                        .after(0)
                        .line(240)
                        .line_rule(docx_rs::LineSpacingType::Auto),
                )
                .align(match a {
                    Align::Left => AlignmentType::Left,
                    Align::Right => AlignmentType::Right,
                    Align::Center => AlignmentType::Center,
                })
                .add_run(r);
            let mut c = TableCell::new()
                .width(w, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(p);
            if head {
                c = c.shading(Shading::new().fill("E7E6E6"));
            }
            c
        };
        let mut out = Vec::with_capacity(rows.len() + 1);
        if !header.is_empty() {
            let cells = header
                .iter()
                .zip(widths)
                .map(|(h, w)| cell(h, *w, Align::Center, true, true))
                .collect();
            out.push(TableRow::new(cells).cant_split());
        }
        for (n, row) in rows.iter().enumerate() {
            if bands.contains(&n) {
                let text = row.first().map(String::as_str).unwrap_or("");
                let c = TableCell::new()
                    .width(widths.iter().sum(), WidthType::Dxa)
                    .grid_span(widths.len())
                    .shading(Shading::new().fill("F2F2F2"))
                    .add_paragraph(
                        Paragraph::new()
                            .keep_next(true)
                            .add_run(run(text, TABLE_SIZE).bold()),
                    );
                out.push(TableRow::new(vec![c]).cant_split());
                continue;
            }
            let keep = whole && n + 1 < rows.len();
            let cells = row
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(k, (t, w))| {
                    cell(
                        t,
                        *w,
                        align.get(k).copied().unwrap_or(Align::Left),
                        false,
                        keep,
                    )
                })
                .collect();
            out.push(TableRow::new(cells).cant_split());
        }
        let t = Table::new(out)
            .set_grid(widths.to_vec())
            .width(widths.iter().sum(), WidthType::Dxa)
            .margins(docx_rs::TableCellMargins::new().margin(0, 70, 0, 70))
            .layout(docx_rs::TableLayoutType::Fixed);
        self.blocks.push(Block::Table(Box::new(t)));
        // A little air after a table (a paragraph must separate two tables).
        self.push(Paragraph::new().line_spacing(spacing(0, 0)).size(8));
    }

    /// Lines without borders for the signatures (测算人/审核人 with dates).
    pub fn signatures(&mut self, rows: &[[&str; 2]]) {
        let w = super::TEXT_W / 2;
        let out: Vec<TableRow> = rows
            .iter()
            .map(|pair| {
                let cells = pair
                    .iter()
                    .map(|t| {
                        TableCell::new().width(w, WidthType::Dxa).add_paragraph(
                            Paragraph::new()
                                .keep_next(true)
                                .line_spacing(spacing(160, 40))
                                .add_run(run(t, BODY_SIZE)),
                        )
                    })
                    .collect();
                TableRow::new(cells).cant_split()
            })
            .collect();
        let t = Table::without_borders(out)
            .set_grid(vec![w, w])
            .width(w * 2, WidthType::Dxa)
            .layout(docx_rs::TableLayoutType::Fixed);
        self.blocks.push(Block::Table(Box::new(t)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_brackets_are_left_out() {
        assert_eq!(
            clean("用地类型 (land.use) 为 一类工业用地(M1)"),
            "用地类型 为 一类工业用地(M1)"
        );
        assert_eq!(clean("贷款1本金 (loans[1].principal)、(a"), "贷款1本金、(a");
        assert_eq!(clean("第1项(投资奖励)\u{1}"), "第1项(投资奖励) ");
        assert_eq!(
            clean("未填写 project.application_date, 按 loans[2].principal 计"),
            "未填写 申报日期, 按 贷款2本金 计"
        );
    }
}
