//! Fitting a table to the terminal without breaking a token: an amount, a
//! date, a clause number or a field path is never split over two lines.
//! A table that cannot fit so is reported (`None`), and the caller changes
//! its shape (short clause names, stacked rows) instead of wrapping it.

use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The narrowest a wrapped text column may become (display columns).
const TEXT_FLOOR: usize = 10;

/// Display width of a text: CJK characters count 2, as in a terminal.
pub fn width_of(s: &str) -> usize {
    s.width()
}

/// Wide characters (CJK, full-width punctuation) may be broken between.
fn is_wide(c: char) -> bool {
    c.width().unwrap_or(0) >= 2
}

/// Punctuation a line must not end with (it opens what follows).
fn opens(c: char) -> bool {
    matches!(c, '(' | '[' | '（' | '〔' | '【' | '《' | '“' | '‘' | '「')
}

/// Punctuation a line must not begin with (it closes what precedes).
fn closes(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '）'
            | '〕'
            | '】'
            | '》'
            | '”'
            | '’'
            | '」'
            | '，'
            | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
    )
}

/// Whether a line may break between `a` and `b`: after a space, between two
/// Chinese characters, or where Chinese meets a word of letters. Never inside
/// a run of digits, letters and their punctuation (`15,000.00`, `2025-11-30`,
/// `land.area_mu`), nor before a closing or after an opening mark.
fn may_break(a: char, b: char) -> bool {
    if a == ' ' {
        return b != ' ';
    }
    if opens(a) || closes(b) || b == ' ' {
        return false;
    }
    match (is_wide(a), is_wide(b)) {
        (true, true) => true,
        (true, false) => b.is_ascii_alphabetic(),
        (false, true) => matches!(a, ')' | ']' | ',' | ';' | ':' | '!' | '?'),
        (false, false) => false,
    }
}

/// The unbreakable pieces of one line of text, each with its trailing spaces.
fn atoms(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        if let Some(p) = prev
            && may_break(p, c)
        {
            out.push(&line[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// The widest piece of `text` that cannot be broken.
fn min_width(text: &str) -> usize {
    text.lines()
        .flat_map(atoms)
        .map(|a| width_of(a.trim_end()))
        .max()
        .unwrap_or(0)
}

fn natural_width(text: &str) -> usize {
    text.lines().map(width_of).max().unwrap_or(0)
}

/// `text` wrapped to `w` columns at the allowed breaks; a piece wider than
/// `w` (the caller made sure there is none) stays whole on its own line.
pub fn wrap(text: &str, w: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for a in atoms(para) {
            let used = width_of(&line);
            if !line.is_empty() && used + width_of(a.trim_end()) > w {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            line.push_str(a);
        }
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

/// A figure (`1,234.00`, `每年 5.00`, `+12.00`, `1200万–1800万`) is right-aligned.
fn is_figure(cell: &str) -> bool {
    let first = cell.lines().next().unwrap_or("");
    let first = first.strip_prefix("每年 ").unwrap_or(first);
    let first = first.strip_prefix(['+', '-', '−']).unwrap_or(first);
    first.chars().any(|c| c.is_ascii_digit())
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || ",.–万 ".contains(c))
}

fn contents(t: &Table) -> (Vec<String>, Vec<Vec<String>>) {
    let header: Vec<String> = t
        .header()
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .unwrap_or_default();
    let rows = t
        .row_iter()
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .collect();
    (header, rows)
}

/// A new table in the house style from texts; nothing is wrapped by it.
fn build(header: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !header.is_empty() {
        t.set_header(header);
    }
    for r in rows {
        t.add_row(
            r.into_iter()
                .map(|c| {
                    let right = is_figure(&c);
                    let cell = Cell::new(c);
                    if right {
                        cell.set_alignment(CellAlignment::Right)
                    } else {
                        cell
                    }
                })
                .collect::<Vec<_>>(),
        );
    }
    t
}

/// `t` drawn within `width` columns, its text columns wrapped at allowed
/// breaks; a column marked with [`super::table::keep_whole`] is never wrapped.
/// `None` when even the narrowest allowed layout is wider than `width`. No
/// width (a pipe or a file): the table as it is, one line a row.
pub fn fit(t: &Table, width: Option<u16>) -> Option<String> {
    fit_with(t, width, TEXT_FLOOR)
}

/// [`fit`] with text columns no narrower than `floor` (or their content):
/// a roomier first choice before a table changes shape.
pub fn fit_with(t: &Table, width: Option<u16>, floor: usize) -> Option<String> {
    let (header, rows) = contents(t);
    let Some(width) = width else {
        return Some(build(header, rows).to_string());
    };
    let n = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    if n == 0 {
        return Some(String::new());
    }
    let whole = |i: usize| {
        t.column(i)
            .and_then(|c| c.constraint())
            .is_some_and(|c| *c == ColumnConstraint::ContentWidth)
    };
    let cell = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
    let mut min = vec![0usize; n];
    let mut nat = vec![0usize; n];
    for i in 0..n {
        let h = header.get(i).map_or("", String::as_str);
        // A heading breaks only at its spaces (`差额 (方案B)`), never
        // inside a word (`申报年⏎度`).
        min[i] = h.split(' ').map(width_of).max().unwrap_or(0);
        nat[i] = natural_width(h);
        for r in &rows {
            let c = cell(r, i);
            let m = if whole(i) {
                natural_width(&c)
            } else {
                min_width(&c)
            };
            min[i] = min[i].max(m);
            nat[i] = nat[i].max(natural_width(&c));
        }
        // A text column narrower than five Chinese characters reads as a
        // column of single characters: the table changes shape instead.
        min[i] = min[i].max(nat[i].min(floor));
        nat[i] = nat[i].max(min[i]);
    }
    let avail = usize::from(width).checked_sub(1 + 3 * n)?;
    if min.iter().sum::<usize>() > avail {
        return None;
    }
    let mut w = if nat.iter().sum::<usize>() <= avail {
        nat.clone()
    } else {
        let mut w = min.clone();
        let mut extra = avail - min.iter().sum::<usize>();
        // The room left goes, a column at a time, to the column that is
        // shortest of its natural width.
        while extra > 0 {
            let Some(k) = (0..n)
                .filter(|&k| w[k] < nat[k])
                .max_by_key(|&k| (nat[k] - w[k], std::cmp::Reverse(k)))
            else {
                break;
            };
            w[k] += 1;
            extra -= 1;
        }
        w
    };
    for (k, x) in w.iter_mut().enumerate() {
        *x = (*x).max(min[k]);
    }
    let header = header
        .iter()
        .enumerate()
        .map(|(i, h)| wrap(h, w[i]))
        .collect();
    let rows = rows
        .iter()
        .map(|r| (0..n).map(|i| wrap(&cell(r, i), w[i])).collect())
        .collect();
    Some(build(header, rows).to_string())
}

/// The table stacked: each row becomes a block of `heading: value` lines,
/// the first cell heading its block. Fits any width the headings fit.
pub fn stack(t: &Table, width: Option<u16>) -> String {
    let (header, rows) = contents(t);
    let mut stacked = Vec::new();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            let h = header.get(i).cloned().unwrap_or_default();
            if i == 0 {
                stacked.push(vec![format!("【{c}】"), String::new()]);
            } else if !c.is_empty() {
                stacked.push(vec![h, c.clone()]);
            }
        }
    }
    let mut s = build(Vec::new(), stacked);
    if let Some(c) = s.column_mut(0) {
        c.set_constraint(ColumnConstraint::ContentWidth);
    }
    fit(&s, width).unwrap_or_else(|| s.to_string())
}

/// `t` fitted, or stacked when it cannot fit.
pub fn fit_or_stack(t: &Table, width: Option<u16>) -> String {
    fit(t, width).unwrap_or_else(|| stack(t, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_stay_whole() {
        let s = "按金额较高的标准地投资奖励 15,000,000.00元 发放 (land.area_mu) 2025-11-30";
        for w in 16..40 {
            let out = wrap(s, w);
            for tok in ["15,000,000.00元", "(land.area_mu)", "2025-11-30"] {
                assert!(out.contains(tok), "{w}: {out}");
            }
            assert!(out.lines().all(|l| width_of(l) <= w), "{w}: {out}");
        }
        assert_eq!(min_width("晋市政发〔2020〕10号 第1项"), 12);
    }
}
