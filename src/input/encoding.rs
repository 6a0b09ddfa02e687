//! Text encodings of a CSV input: UTF-8 (with or without a byte-order mark)
//! or GB18030/GBK, which Excel and WPS on Chinese Windows write by default.
//! Everything after this module reads UTF-8 only.
//!
//! Detection looks at the first [`SNIFF_BYTES`] of the input: a byte-order
//! mark decides; else text that is valid UTF-8 is UTF-8; else chardetng
//! guesses with the `.cn` top-level domain (it names GB18030 text `GBK`,
//! whose decoder in encoding_rs is the GB18030 decoder). UTF-8 input passes
//! through untouched, so the CSV path costs nothing more.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Decoder, Encoding as Enc, GB18030, UTF_8};
use std::io::{self, Read};

/// How much of the input detection looks at.
pub const SNIFF_BYTES: usize = 1024 * 1024;

/// `--encoding`: the encoding to read a CSV input in, instead of detecting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 编码, 可带 BOM (UTF-8; a byte-order mark is skipped)
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030 编码, 含 GBK 与 GB2312 (GB18030, which includes GBK and GB2312)
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

/// Up to `limit` bytes from the start of `input` (fewer only at its end).
pub fn read_prefix(input: &mut impl Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(limit.min(64 * 1024));
    input.take(limit as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// The encoding of a text whose first bytes are `prefix`; `complete` when
/// the prefix is the whole input.
pub fn detect(prefix: &[u8], complete: bool) -> &'static Enc {
    if let Some((enc, _)) = Enc::for_bom(prefix) {
        return enc;
    }
    if is_utf8_prefix(prefix, complete) {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(prefix, complete);
    let guess = detector.guess(Some(b"cn"), Utf8Detection::Deny);
    // Only the Chinese Windows encoding is taken from a guess: bytes that
    // look like anything else stay UTF-8, so their rows fail as not UTF-8
    // (naming the column) instead of being read as some Western text.
    if guess == encoding_rs::GBK || guess == GB18030 {
        GB18030
    } else {
        UTF_8
    }
}

/// Valid UTF-8, allowing a character cut at the end of an incomplete prefix.
fn is_utf8_prefix(prefix: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none(),
    }
}

/// Refuses a prefix detected as GB18030 whose lines are not all so: a line
/// of Chinese that is valid UTF-8 beside one that is not (a GBK header
/// pasted over UTF-8 rows, or the reverse) would be decoded into wrong
/// characters without a word. Names the first line that disagrees with the
/// first line of non-ASCII text.
pub fn check_one_encoding(prefix: &[u8]) -> Result<(), String> {
    // All of it UTF-8 (a character cut at the end aside): read as UTF-8,
    // nothing disagrees, whatever a short line of one Chinese character
    // would look like alone.
    if is_utf8_prefix(prefix, false) {
        return Ok(());
    }
    let mut first: Option<(u64, bool)> = None;
    for (i, line) in prefix.split(|b| *b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        let utf8 = match std::str::from_utf8(line) {
            Ok(text) => text.chars().filter(|c| !c.is_ascii()).count() >= 2,
            // A character cut by the end of the prefix tells nothing.
            Err(e) if e.error_len().is_none() && i > 0 => continue,
            Err(_) => false,
        };
        let n = i as u64 + 1;
        match first {
            None => first = Some((n, utf8)),
            Some((at, was)) if was != utf8 => {
                let name = |u: bool| if u { "UTF-8" } else { "GB18030 (GBK)" };
                return Err(format!(
                    "文件编码不一致: 第{at}行是 {} 编码, 第{n}行却是 {} 编码; 请在 Excel/WPS 中把整个文件另存为同一种编码 (最好是 UTF-8) 的 CSV",
                    name(was),
                    name(utf8)
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A name for messages (`UTF-8`, `GB18030`).
pub fn name(enc: &'static Enc) -> &'static str {
    enc.name()
}

/// The input as UTF-8: `prefix` (already read) then the rest of `rest`, in
/// `forced` or else the detected encoding. Returns the reader and the
/// encoding used.
pub fn utf8_reader<R: Read + Send + 'static>(
    prefix: Vec<u8>,
    rest: R,
    forced: Option<Encoding>,
) -> (Box<dyn Read + Send>, &'static Enc) {
    let complete = prefix.len() < SNIFF_BYTES;
    let enc = match forced {
        Some(Encoding::Utf8) => UTF_8,
        Some(Encoding::Gb18030) => GB18030,
        None => detect(&prefix, complete),
    };
    let input = io::Cursor::new(prefix).chain(rest);
    if enc == UTF_8 {
        return (Box::new(input), enc);
    }
    // A byte-order mark of the detected encoding is removed by the decoder.
    (Box::new(DecodeReader::new(input, enc.new_decoder())), enc)
}

/// Reads `inner` through a decoder, giving UTF-8. Bytes that are not valid
/// in the encoding become U+FFFD followed by an invalid UTF-8 byte, so that
/// the row holding them fails as not being text, naming its column, instead
/// of a name silently holding a replacement character.
pub struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    finished: bool,
}

const BUF: usize = 64 * 1024;

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R, decoder: Decoder) -> Self {
        DecodeReader {
            inner,
            decoder,
            input: vec![0; BUF],
            start: 0,
            end: 0,
            eof: false,
            // Room for the worst case of a full input buffer (3 bytes of
            // UTF-8 per input byte, plus what the decoder holds back).
            output: vec![0; BUF * 3 + 16],
            out_start: 0,
            out_end: 0,
            finished: false,
        }
    }

    /// Decodes the next piece into `output`; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        loop {
            if self.finished {
                return Ok(false);
            }
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
                self.eof = self.end == 0;
            }
            let src = self.input.get(self.start..self.end).unwrap_or_default();
            let (_, read, mut written, replaced) =
                self.decoder.decode_to_utf8(src, &mut self.output, self.eof);
            self.start += read;
            if replaced {
                written = mark_replacements(&mut self.output, written);
            }
            self.out_start = 0;
            self.out_end = written;
            if self.eof && self.start == self.end {
                self.finished = true;
            }
            if written > 0 {
                return Ok(true);
            }
        }
    }
}

/// Puts a 0xFF byte after every U+FFFD in `out[..len]`; returns the new
/// length (the buffer grows as needed).
fn mark_replacements(out: &mut Vec<u8>, len: usize) -> usize {
    const FFFD: [u8; 3] = [0xEF, 0xBF, 0xBD];
    let text = out.get(..len).unwrap_or_default();
    let mut marked = Vec::with_capacity(len + 16);
    let mut i = 0;
    while let Some(b) = text.get(i) {
        if text.get(i..i + 3) == Some(&FFFD[..]) {
            marked.extend_from_slice(&FFFD);
            marked.push(0xFF);
            i += 3;
        } else {
            marked.push(*b);
            i += 1;
        }
    }
    let n = marked.len();
    if out.len() < n {
        out.resize(n, 0);
    }
    if let Some(dst) = out.get_mut(..n) {
        dst.copy_from_slice(&marked);
    }
    n
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_start == self.out_end && !self.refill()? {
            return Ok(0);
        }
        let avail = self
            .output
            .get(self.out_start..self.out_end)
            .unwrap_or_default();
        let n = avail.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], forced: Option<Encoding>) -> (String, &'static str) {
        let (mut r, enc) = utf8_reader(bytes.to_vec(), io::empty(), forced);
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes).unwrap();
        (String::from_utf8_lossy(&bytes).into_owned(), enc.name())
    }

    #[test]
    fn gbk_utf8_and_bom_are_told_apart() {
        let text = "项目编号,用地面积(亩)\r\nA-1,40\r\n";
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode(&gbk, None), (text.to_string(), "gb18030"));
        assert_eq!(decode(text.as_bytes(), None), (text.to_string(), "UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom, None).1, "UTF-8");
        assert_eq!(
            decode(&gbk, Some(Encoding::Gb18030)),
            (text.to_string(), "gb18030")
        );
        // Forced UTF-8 passes the bytes on; the rows then fail as not UTF-8.
        let (_, enc) = utf8_reader(gbk.to_vec(), io::empty(), Some(Encoding::Utf8));
        assert_eq!(enc.name(), "UTF-8");
    }

    #[test]
    fn long_gbk_input_decodes_across_buffers() {
        let line = "晋城项目,一亿元,是\n";
        let text = line.repeat(40_000);
        let (gbk, _, _) = GB18030.encode(&text);
        let mut r = DecodeReader::new(&gbk[..], GB18030.new_decoder());
        let mut out = Vec::new();
        // Tiny reads too: every byte arrives once, in order.
        let mut small = [0u8; 7];
        loop {
            let n = r.read(&mut small).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&small[..n]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }

    #[test]
    fn bytes_invalid_in_gbk_stay_invalid_text() {
        // 0xFF is no GBK lead byte: the decoded text is not valid UTF-8.
        let (gbk, _, _) = GB18030.encode("名称,项目\n甲,");
        let bytes = [gbk.as_ref(), b"\xFF\n"].concat();
        let mut r = DecodeReader::new(&bytes[..], GB18030.new_decoder());
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert!(std::str::from_utf8(&out).is_err());
        assert!(String::from_utf8_lossy(&out).starts_with("名称,项目\n甲,\u{fffd}"));
        // Western-looking bytes are left to fail as not UTF-8.
        assert_eq!(
            detect(b"name\ncaf\xe9 cr\xe8me br\xfbl\xe9e\n", true),
            UTF_8
        );
    }

    #[test]
    fn mixed_encodings_name_the_line() {
        let (gbk, _, _) = GB18030.encode("项目编号,项目名称\n");
        let text = [gbk.as_ref(), "A,晋城项目\n".as_bytes()].concat();
        let e = check_one_encoding(&text).unwrap_err();
        assert!(
            e.contains("第1行是 GB18030") && e.contains("第2行却是 UTF-8"),
            "{e}"
        );
        let (rows, _, _) = GB18030.encode("A,晋城项目\nB,泽州项目\n");
        assert!(check_one_encoding(&[gbk.as_ref(), rows.as_ref()].concat()).is_ok());
    }

    #[test]
    fn a_cut_character_at_the_sniff_limit_is_still_utf8() {
        let s = "中".as_bytes();
        assert!(is_utf8_prefix(&s[..2], false));
        assert!(!is_utf8_prefix(&s[..2], true));
    }
}
