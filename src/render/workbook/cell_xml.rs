//! The XML of streamed cells, written byte for byte as rust_xlsxwriter
//! writes the same cells (inline strings, escapes, `xml:space`), except that
//! a number is written in its exact decimal digits rather than through a
//! double: Excel reads the digits into the nearest double itself.
//!
//! A cell is written in two parts: the sheet writer puts `<c r="B12"` and a
//! row's worker writes the rest, from ` s="…"` to `</c>`.

/// The most UTF-16 units Excel keeps in a cell.
pub const MAX_TEXT: usize = 32_767;
/// What ends a text cut at [`MAX_TEXT`].
const CUT: &str = "…(超过 Excel 单元格字数上限, 已截断)";

/// The rest of an inline string cell after its reference.
pub fn text(out: &mut Vec<u8>, style: u32, text: &str) {
    let text = fit(text);
    style_attr(out, style);
    out.extend_from_slice(b" t=\"inlineStr\"><is><t");
    let whitespace = ['\t', '\n', ' '];
    if text.starts_with(whitespace) || text.ends_with(whitespace) {
        out.extend_from_slice(b" xml:space=\"preserve\"");
    }
    out.push(b'>');
    escape(out, &text);
    out.extend_from_slice(b"</t></is></c>");
}

/// The rest of a number cell given as `money::fixed2` digits (or any plain
/// decimal text); trailing zeros of the fraction are dropped.
pub fn decimal(out: &mut Vec<u8>, style: u32, digits: &str) {
    style_attr(out, style);
    out.extend_from_slice(b"><v>");
    out.extend_from_slice(trim_fraction(digits).as_bytes());
    out.extend_from_slice(b"</v></c>");
}

/// The rest of a whole-number cell.
pub fn int(out: &mut Vec<u8>, style: u32, n: i64) {
    style_attr(out, style);
    out.extend_from_slice(b"><v>");
    if n < 0 {
        out.push(b'-');
    }
    push_u64(out, n.unsigned_abs());
    out.extend_from_slice(b"</v></c>");
}

/// ` s="N"`: the cell's style index.
fn style_attr(out: &mut Vec<u8>, style: u32) {
    out.extend_from_slice(b" s=\"");
    push_u64(out, u64::from(style));
    out.push(b'"');
}

fn push_u64(out: &mut Vec<u8>, n: u64) {
    let mut buf = itoa::Buffer::new();
    out.extend_from_slice(buf.format(n).as_bytes());
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// `12.50` → `12.5`, `3.00` → `3`; a text without a fraction is kept.
fn trim_fraction(digits: &str) -> &str {
    if !digits.contains('.') {
        return digits;
    }
    let t = digits.trim_end_matches('0');
    let t = t.strip_suffix('.').unwrap_or(t);
    if t.is_empty() || t == "-" { "0" } else { t }
}

/// The text, cut to what a cell holds.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    // UTF-16 units are at most bytes: a short text needs no count.
    if text.len() <= MAX_TEXT || text.encode_utf16().count() <= MAX_TEXT {
        return text.into();
    }
    let room = MAX_TEXT - CUT.encode_utf16().count();
    let mut units = 0;
    let mut end = 0;
    for (i, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > room {
            break;
        }
        end = i + ch.len_utf8();
    }
    format!("{}{CUT}", &text[..end]).into()
}

/// Escapes as Excel (and rust_xlsxwriter) do: `& < >` as entities, control
/// characters and the non-characters U+FFFE/U+FFFF as `_xHHHH_`, and a
/// literal `_xHHHH_` by escaping its underscore (`_x005F_xHHHH_`).
fn escape(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        let code = u32::from(ch);
        let special = match ch {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '\t' | '\n' => None,
            _ if code < 0x20 || ch == '\u{FFFE}' || ch == '\u{FFFF}' => Some(""),
            '_' if is_escape_at(bytes, i) => Some("_x005F"),
            _ => None,
        };
        let Some(rep) = special else { continue };
        out.extend_from_slice(&bytes[start..i]);
        if rep.is_empty() {
            out.extend_from_slice(b"_x");
            out.extend_from_slice(format!("{code:04X}").as_bytes());
            out.push(b'_');
        } else {
            out.extend_from_slice(rep.as_bytes());
        }
        // `_x005F` goes before the underscore, which is then kept.
        start = if ch == '_' { i } else { i + ch.len_utf8() };
    }
    out.extend_from_slice(&bytes[start..]);
}

/// `_xHHHH_` (four hex digits) starts at byte `i`.
fn is_escape_at(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i..i + 7) {
        Some([b'_', b'x', a, b, c, d, b'_']) => [a, b, c, d].iter().all(|h| h.is_ascii_hexdigit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(s: &str) -> String {
        let mut out = Vec::new();
        text(&mut out, 3, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn texts_are_escaped_as_excel_does() {
        assert_eq!(
            text_of("a&b<c>"),
            r#" s="3" t="inlineStr"><is><t>a&amp;b&lt;c&gt;</t></is></c>"#
        );
        assert_eq!(
            text_of(" x"),
            r#" s="3" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c>"#
        );
        assert!(text_of("a\u{1}b").contains("a_x0001_b"));
        assert!(text_of("_x00AF_").contains("_x005F_x00AF_"));
        assert!(text_of("_x00G0_").contains("<t>_x00G0_</t>"));
        assert!(text_of("税收_x").contains("<t>税收_x</t>"));
    }

    #[test]
    fn numbers_keep_their_exact_digits() {
        let mut out = Vec::new();
        decimal(&mut out, 4, "38250000.00");
        decimal(&mut out, 4, "0.50");
        decimal(&mut out, 4, "-1.20");
        decimal(&mut out, 4, "0.00");
        int(&mut out, 1, 2024);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#" s="4"><v>38250000</v></c>"#,
                r#" s="4"><v>0.5</v></c>"#,
                r#" s="4"><v>-1.2</v></c>"#,
                r#" s="4"><v>0</v></c>"#,
                r#" s="1"><v>2024</v></c>"#
            )
        );
    }

    #[test]
    fn columns_are_lettered() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn long_texts_are_cut_to_a_cell() {
        let long = "税".repeat(40_000);
        let cell = text_of(&long);
        let inner = cell
            .split("<t>")
            .nth(1)
            .and_then(|s| s.split("</t>").next())
            .unwrap();
        assert_eq!(inner.encode_utf16().count(), MAX_TEXT);
        assert!(inner.ends_with("已截断)"));
    }

    /// The cell rust_xlsxwriter writes for `text` at A1 in style 1.
    fn xlsxwriter_cell(text: &str) -> String {
        use std::io::Read;
        let mut book = rust_xlsxwriter::Workbook::new();
        let mut ws = book.new_worksheet_with_constant_memory().unwrap();
        let format = rust_xlsxwriter::Format::new().set_bold();
        ws.write_string_with_format(0, 0, text, &format).unwrap();
        book.push_worksheet(ws);
        let saved = book.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(saved)).unwrap();
        let mut xml = String::new();
        let mut sheet = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
        sheet.read_to_string(&mut xml).unwrap();
        let start = xml.find("<c r=\"A1\"").unwrap();
        let end = start + xml[start..].find("</c>").unwrap() + 4;
        xml[start..end].to_string()
    }

    #[test]
    fn escapes_of_escapes_are_rust_xlsxwriters() {
        for text in [
            "_x00AF_",
            "a_x0001_b_x12G4_",
            "_x00af__x0041_",
            "_x004",
            "\u{1}_x0001_",
            "税_x5E7F_",
        ] {
            let mut ours = b"<c r=\"A1\"".to_vec();
            super::text(&mut ours, 1, text);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                xlsxwriter_cell(text),
                "{text:?}"
            );
        }
    }

    // Empty texts are no cell (the rows leave them out).
    proptest::proptest! {
        #[test]
        fn text_cells_are_rust_xlsxwriters(
            text in "[a-fx0-9_&<> \t\n\r\u{1}\u{1f}\u{fffe}税\"']{1,24}"
        ) {
            let mut ours = b"<c r=\"A1\"".to_vec();
            super::text(&mut ours, 1, &text);
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), xlsxwriter_cell(&text));
        }
    }
}
