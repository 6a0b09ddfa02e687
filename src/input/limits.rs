//! Every bound on what a reader may be asked to do, in one place. Each one
//! is far above an honest spreadsheet of projects and low enough that a
//! file of 10 MB built to exhaust the machine (a zip entry inflating to
//! gigabytes, a sheet declaring billions of cells, endless nesting) is
//! refused in well under a second and 500 MB, with a message saying which
//! limit it passed. The README lists them ("输入的上限").

/// Bytes of a workbook file (it is read into memory whole: the `.xls` and
/// `.ods` readers need it all anyway).
pub const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;

/// Inflated bytes of one `.xlsx` worksheet, which is streamed (100,000
/// projects of the benchmark are 195 MiB of XML; reading 512 MiB of the
/// smallest elements takes calamine about 7 s, twice).
pub const MAX_SHEET_XML_BYTES: u64 = 512 * 1024 * 1024;

/// Elements of one streamed worksheet.
pub const MAX_SHEET_XML_ELEMENTS: u64 = 64_000_000;

/// Inflated bytes of any other zip entry (shared strings, styles, an
/// `.ods` content.xml), which calamine reads whole into memory.
pub const MAX_ZIP_ENTRY_BYTES: u64 = 96 * 1024 * 1024;

/// Inflated bytes of all entries of a zip workbook together.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 768 * 1024 * 1024;

/// Entries of a zip workbook (a real one has a few dozen).
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Elements open at once in a workbook's XML (a real one nests about ten
/// deep); the XML reader keeps every open element's name.
pub const MAX_XML_DEPTH: u32 = 200;

/// Elements in one XML entry read whole (each shared string becomes a
/// `String` of 24 bytes before its text: 7.9 M empty ones took 387 MiB).
pub const MAX_XML_ELEMENTS: u64 = 4_000_000;

/// Bytes of text between two tags, or of one comment or CDATA section (a
/// cell holds at most 32,767 characters; the XML reader buffers a text whole).
pub const MAX_XML_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// Bytes of one XML tag with its attributes.
pub const MAX_XML_TAG_BYTES: usize = 1024 * 1024;

/// Cells of the dense grid an `.xls` or `.ods` sheet is read into (rows ×
/// columns from its first to its last filled cell, every sheet of the
/// workbook counted, since calamine reads them all at once): 100,000 rows
/// of 40 columns.
pub const MAX_GRID_CELLS: u64 = 4_000_000;

/// Columns of a header (Excel's widest sheet): resolving each column's name
/// costs a search among the fields, so a million-column header is refused
/// before that.
pub const MAX_HEADER_COLUMNS: usize = 16_384;
