//! Checks an `.xls` (BIFF in an OLE compound file) before calamine sees it.
//! calamine reads every sheet at open: it reserves the cells a sheet's
//! DIMENSIONS record declares, then builds a dense grid from the first to
//! the last cell; a sheet's offset past the stream's end makes it panic.
//! Here the same records are walked first and those sizes bounded.

use super::limits::{MAX_GRID_CELLS, MAX_WORKBOOK_BYTES};
use std::io::{Cursor, Read};

/// Refuses an `.xls` that would take unbounded memory to read, or that
/// calamine could not read without a panic.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("不是可读取的工作簿: OLE 结构损坏 ({e})"))?;
    if file.exists("/EncryptionInfo") || file.exists("EncryptionInfo") {
        return Err(password());
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| {
            "不是可读取的工作簿: OLE 文件中没有工作簿数据 (Workbook), 可能是 Word 等其他文档"
                .to_string()
        })?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(MAX_WORKBOOK_BYTES + 1).read_to_end(&mut stream))
        .map_err(|e| format!("不是可读取的工作簿: 无法读出工作簿数据 ({e})"))?;
    check_stream(&stream)
}

fn password() -> String {
    "工作簿有密码保护 (password protected); 请在 Excel/WPS 中去掉密码另存后重试".to_string()
}

/// One BIFF record: its type and data.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

fn u16_at(d: &[u8], i: usize) -> Option<u64> {
    d.get(i..i + 2)
        .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], i: usize) -> Option<u64> {
    d.get(i..i + 4)
        .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// The sheets' offsets from the globals, then each sheet's sizes.
fn check_stream(stream: &[u8]) -> Result<(), String> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            // FILEPASS: encrypted.
            0x002F => return Err(password()),
            // BOUNDSHEET: the sheet's offset and name.
            0x0085 => {
                let pos = u32_at(data, 0).unwrap_or(0);
                if pos >= stream.len() as u64 {
                    return Err(format!(
                        "不是可读取的工作簿: 第{}个工作表的位置 ({pos}) 超出文件内容, 文件已损坏",
                        sheets.len() + 1
                    ));
                }
                sheets.push(pos as usize);
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for (i, pos) in sheets.iter().enumerate() {
        let sheet = stream.get(*pos..).unwrap_or_default();
        total = total.saturating_add(sheet_cells(sheet));
        if total > MAX_GRID_CELLS {
            return Err(format!(
                "第{}个工作表太大: 其声明的范围或单元格位置要展开 {total} 个以上单元格, 超过上限 {MAX_GRID_CELLS}; 文件可能已损坏",
                i + 1
            ));
        }
    }
    Ok(())
}

/// The cells calamine would reserve and lay out for one sheet: its
/// declared dimensions, plus the grid of its cells and of its formulas.
fn sheet_cells(sheet: &[u8]) -> u64 {
    let mut declared = 0u64;
    let mut cells = Bounds::default();
    let mut formulas = Bounds::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |d: &[u8]| (u16_at(d, 0), u16_at(d, 2));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => declared = declared.saturating_add(dimensions(data)),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0207 => {
                if let (Some(r), Some(c)) = at(data) {
                    cells.add(r, c);
                }
            }
            0x00BD if data.len() >= 6 => {
                if let (Some(r), Some(c)) = at(data) {
                    cells.add(r, c);
                    let last = u16_at(data, data.len() - 2).unwrap_or(c);
                    cells.add(r, last.max(c));
                }
            }
            0x0006 => {
                if let (Some(r), Some(c)) = at(data) {
                    cells.add(r, c);
                    formulas.add(r, c);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    declared
        .saturating_add(cells.area())
        .saturating_add(formulas.area())
}

/// What calamine reserves for a DIMENSIONS record (its own reading).
fn dimensions(d: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else {
        return 0;
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return 1;
    }
    // calamine counts `rl - 1 - rf + 1` in u32: a first row past the last
    // wraps to billions.
    if rf >= rl {
        return u64::MAX;
    }
    (rl - rf).saturating_mul(cl - cf)
}

#[derive(Default)]
struct Bounds(Option<(u64, u64, u64, u64)>);

impl Bounds {
    fn add(&mut self, r: u64, c: u64) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }

    fn area(&self) -> u64 {
        match self.0 {
            None => 0,
            Some((r0, r1, c0, c1)) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend_from_slice(&(data.len() as u16).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn declared_dimensions_and_offsets_are_bounded() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&4_000_000_000u32.to_le_bytes());
        dims.extend_from_slice(&[0, 0, 200, 0, 0, 0]);
        let sheet = [record(0x0809, &[0; 16]), record(0x0200, &dims)].concat();
        let globals = [record(0x0085, &20u32.to_le_bytes()), record(0x000A, &[])].concat();
        let mut stream = globals.clone();
        stream.resize(20, 0);
        stream.extend_from_slice(&sheet);
        assert!(check_stream(&stream).unwrap_err().contains("太大"));
        let far = [record(0x0085, &9_999u32.to_le_bytes()), record(0x000A, &[])].concat();
        assert!(check_stream(&far).unwrap_err().contains("损坏"));
    }
}
