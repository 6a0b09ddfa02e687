//! CSV quoting as the csv crate does it, for the lines hot paths write by
//! hand (the items CSV, a sheet turned into CSV text).

/// A message with its line breaks turned into spaces, for a single cell.
pub fn flatten(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.split(['\n', '\r'])
            .filter(|p| !p.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_string()
    }
}

/// Appends one cell: quoted, with quotes doubled, when it holds a comma, a
/// quote or a line break; as it is otherwise.
pub fn push_cell(out: &mut Vec<u8>, cell: &str) {
    if cell
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push(b'"');
        for b in cell.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(cell.as_bytes());
    }
}
