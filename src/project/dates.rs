//! Dates as the office writes them, read for the one cell parser
//! ([`super::value`]): ISO, slashes, dots, 年月日, with a spreadsheet's
//! midnight after them; every mistake said in Chinese.

use super::value::quote;
use jiff::civil::Date;

/// A calendar date that exists, between 1900 and 2200: `2023-05-01`,
/// `2023/5/1`, `2023-5-1`, `2023.5.1`, `2023年5月1日`, `20230501`, with a
/// spreadsheet's midnight (` 0:00`, ` 00:00:00`) allowed after it.
#[inline]
pub fn parse_date(t: &str) -> Result<Date, String> {
    let d = match plain_date(t) {
        Some(d) => d,
        None => general_date(t)?,
    };
    check_year(d, t)
}

#[inline]
pub(super) fn check_year(d: Date, t: &str) -> Result<Date, String> {
    if !(1900..=2200).contains(&d.year()) {
        return Err(format!("{} 日期的年份应在 1900–2200 之间", quote(t)));
    }
    Ok(d)
}

/// Every date form but the plain `YYYY-MM-DD`, with messages saying in
/// Chinese what is wrong.
fn general_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let not_a_date = || {
        format!(
            "{} 不是日期 (应为如 2023-05-01、2023/5/1、2023.5.1 或 2023年5月1日)",
            quote(text)
        )
    };
    let body = match t.split_once([' ', 'T']) {
        Some((day, time)) => {
            if !is_midnight(time.trim()) {
                return Err(format!(
                    "{} 带有时间 {}; 只填日期, 如 2023-05-01",
                    quote(text),
                    time.trim()
                ));
            }
            day
        }
        None => t,
    };
    let (y, m, d) = date_parts(body).ok_or_else(not_a_date)?;
    if !(1..=12).contains(&m) {
        return Err(format!("{} 不是有效日期: 月份应为1–12", quote(text)));
    }
    if !(1900..=2200).contains(&y) {
        return Err(format!("{} 日期的年份应在 1900–2200 之间", quote(text)));
    }
    // Both fit an i8/i16 now: the year is within 1900–2200, the month 1–12.
    let (y, m) = (y as i16, m as i8);
    let last = Date::new(y, m, 1)
        .map_err(|_| not_a_date())?
        .days_in_month();
    if d < 1 || d > u32::from(last.unsigned_abs()) {
        let leap = if m == 2 && last == 28 {
            format!(" ({y}年不是闰年)")
        } else {
            String::new()
        };
        return Err(format!(
            "{} 不是有效日期: {y}年{m}月只有{last}天{leap}",
            quote(text)
        ));
    }
    Date::new(y, m, d as i8).map_err(|_| not_a_date())
}

/// `0:00`, `00:00`, `0:00:00`, `00:00:00` (and `.000`): the time part a
/// spreadsheet writes for a date.
fn is_midnight(time: &str) -> bool {
    let time = time.split_once('.').map_or(time, |(hms, frac)| {
        if frac.bytes().all(|b| b == b'0') {
            hms
        } else {
            time
        }
    });
    let parts: Vec<&str> = time.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b == b'0'))
}

/// Year, month and day of `Y-M-D`, `Y/M/D`, `Y.M.D` (one separator used
/// twice), `Y年M月D日` or `YYYYMMDD`; numbers unchecked.
fn date_parts(t: &str) -> Option<(u32, u32, u32)> {
    let num = |s: &str, max_len: usize| -> Option<u32> {
        ((1..=max_len).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some((num(&t[..4], 4)?, num(&t[4..6], 2)?, num(&t[6..], 2)?));
    }
    if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return Some((num(y.trim(), 4)?, num(m.trim(), 2)?, num(d.trim(), 2)?));
    }
    let sep = t.bytes().find(|b| matches!(b, b'-' | b'/' | b'.'))?;
    let mut parts = t.split(char::from(sep));
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((num(y, 4)?, num(m, 2)?, num(d, 2)?))
}

/// The usual `YYYY-MM-DD` of a day that exists, read without the general
/// parser; anything else (and every mistake) is left to it and its message.
#[inline]
fn plain_date(t: &str) -> Option<Date> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dates_read_as_the_general_parser_reads_them() {
        let general = |t: &str| t.parse::<Date>().ok();
        let mut cases: Vec<String> = [
            "2024-02-29",
            "2023-02-29",
            "2023-02-28",
            "2021-12-31",
            "2021-13-01",
            "2021-00-10",
            "2021-01-00",
            "2021-04-31",
            "0000-01-01",
            "9999-12-31",
            "1900-01-01",
            "2200-12-31",
            "2021-1-01",
            "2021/01/01",
            "20210101",
            "2021-01-01 ",
            "+2021-01-01",
            "2021-01-0a",
            "２０２１-01-01",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for y in [1899, 1900, 2000, 2100, 2200] {
            for m in 0..=13 {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    cases.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        // What the fast path reads, the general parser reads the same; what it
        // leaves, `parse_date` gives to the general parser.
        for t in &cases {
            if let Some(d) = plain_date(t) {
                assert_eq!(Some(d), general(t), "{t:?}");
            }
        }
        assert!(plain_date("2024-02-29").is_some());
        assert!(plain_date("2023-02-29").is_none());
        // Every accepted date still goes through the range check.
        assert!(parse_date("1899-12-31").is_err());
        assert_eq!(parse_date("2024-02-29").map(|d| d.day()), Ok(29));
        assert!(parse_date("2023-02-29").is_err());
    }

    fn day(t: &str) -> Result<String, String> {
        parse_date(t).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_every_office_form() {
        for t in [
            "2023-05-01",
            "2023/5/1",
            "2023/05/01",
            "2023-5-1",
            "2023.5.1",
            "2023年5月1日",
            "2023年05月01日",
            "2023/5/1 0:00",
            "2023/5/1 00:00:00",
            "2023-05-01T00:00:00",
            "20230501",
        ] {
            assert_eq!(day(t).as_deref(), Ok("2023-05-01"), "{t}");
        }
        // 2月29日 exists in leap years only (2000 is one, 2100 is not).
        assert_eq!(day("2024年2月29日").as_deref(), Ok("2024-02-29"));
        assert_eq!(day("2000/2/29").as_deref(), Ok("2000-02-29"));
        let e = day("2023年2月29日").unwrap_err();
        assert!(
            e.contains("2023年2月只有28天") && e.contains("不是闰年"),
            "{e}"
        );
        assert!(day("2100-02-29").unwrap_err().contains("不是闰年"));
        assert!(day("2023/4/31").unwrap_err().contains("只有30天"));
        assert!(day("2023/13/1").unwrap_err().contains("月份"));
        assert!(day("1899/12/31").unwrap_err().contains("1900–2200"));
        assert!(day("2023/5/1 14:30").unwrap_err().contains("带有时间"));
        // Mixed separators, two-digit years and stray text are not dates.
        for t in [
            "2023-5/1",
            "23/5/1",
            "5/1/2023",
            "2023年5月",
            "2023-05-0a",
            "明天",
        ] {
            let e = day(t).unwrap_err();
            assert!(e.contains("不是日期"), "{t}: {e}");
        }
    }

    #[test]
    fn messages_are_chinese_without_broken_bytes() {
        for t in ["2023-0五-01", "２０２３-01-01", "2023-01-01x"] {
            let e = day(t).unwrap_err();
            assert!(!e.contains("expected") && !e.contains("\\x"), "{e}");
            assert!(e.contains("应为"), "{e}");
        }
    }

    proptest::proptest! {
        /// Every office form of an existing date reads as that date.
        #[test]
        fn every_date_form_reads_the_same_day(days in 0i32..109_572) {
            let d = jiff::civil::date(1900, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .unwrap();
            let (y, m, dd) = (d.year(), d.month(), d.day());
            for t in [
                format!("{y}-{m:02}-{dd:02}"),
                format!("{y}/{m}/{dd}"),
                format!("{y}-{m}-{dd}"),
                format!("{y}.{m}.{dd}"),
                format!("{y}年{m}月{dd}日"),
                format!("{y}{m:02}{dd:02}"),
                format!("{y}/{m}/{dd} 0:00"),
            ] {
                proptest::prop_assert_eq!(parse_date(&t), Ok(d), "{}", t);
            }
        }
    }
}
