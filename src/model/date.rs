//! Event dates parsed straight from the bytes of a CSV field, in UK order only.
//!
//! Accepted: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`, `01-Apr-2020`,
//! `1 April 2020`, each optionally followed by a time (` 00:00:00`, ` 09:30`, `T09:30:00Z`).
//! Month-first (US) order is never guessed: `04/13/2020` is an impossible date, not 13 April.

use crate::model::period::{FIRST_YEAR, LAST_YEAR, Month};

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Ymd {
    pub fn month(self) -> Month {
        // `month` is checked to be 1–12 by the parser.
        Month::new(self.year, self.month).unwrap_or(Month::from_index(0))
    }
}

/// Why a field is not an event date. A row with any of these is *rejected*: left out of the
/// counts and reported in the data-quality note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateError {
    /// The field is empty or only spaces, or says there is no date (`N/A`, `-`, `None`).
    Blank,
    /// Not in any accepted layout (text, a two-digit year, an Excel serial number, …).
    NotADate,
    /// The layout is right but the day does not exist (31/02/2020, month 13).
    Impossible,
    /// A real date outside the years 1900–2099: almost always a typing or system error.
    OutOfRange,
    /// A number such as 43922: a date cell Excel saved as its serial number, because the
    /// column was not formatted as dates.
    Serial,
    /// A year written with two digits (01/04/20): 1920 or 2020 cannot be told apart.
    TwoDigitYear,
}

/// How many [`DateError`] reasons there are.
pub const REASONS: usize = 6;

impl DateError {
    pub const ALL: [DateError; REASONS] = [
        DateError::Blank,
        DateError::NotADate,
        DateError::Impossible,
        DateError::OutOfRange,
        DateError::Serial,
        DateError::TwoDigitYear,
    ];

    /// Short description for the data-quality note.
    pub fn describe(self) -> &'static str {
        match self {
            DateError::Blank => "blank",
            DateError::NotADate => "unreadable",
            DateError::Impossible => "impossible",
            DateError::OutOfRange => "outside 1900–2099",
            DateError::Serial => "Excel serial numbers (format the column as dates before saving)",
            DateError::TwoDigitYear => "two-digit years (write the year in full)",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Parses one field. Surrounding spaces are ignored.
pub fn parse_date(field: &[u8]) -> Result<Ymd, DateError> {
    if let Some(date) = fast_path(field) {
        return date;
    }
    let s = field.trim_ascii();
    if s.is_empty() || is_typed_blank(s) {
        return Err(DateError::Blank);
    }
    if is_excel_serial(s) {
        return Err(DateError::Serial);
    }
    let leading_year = s.len() > 4 && s.iter().take(4).all(u8::is_ascii_digit);
    let (year, month, day, rest) = if leading_year { iso(s)? } else { day_first(s)? };
    check_time(rest)?;
    validate(year, month, day)
}

/// Which way round a numeric date's day and month are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `dd/mm/yyyy`: the UK's order, and the default.
    #[default]
    DayFirst,
    /// `mm/dd/yyyy`: an export from a system set to a US locale (`--date-order month-first`).
    MonthFirst,
}

/// Parses one field in `order`. ISO dates (`2020-04-01`) and month names read the same in
/// either order; only all-numeric `a/b/yyyy` dates are turned round.
pub fn parse_date_in(field: &[u8], order: DateOrder) -> Result<Ymd, DateError> {
    match order {
        DateOrder::DayFirst => parse_date(field),
        DateOrder::MonthFirst => match numeric_day_first(field) {
            Some((year, a, b, rest)) => {
                check_time(rest)?;
                validate(year, a, b)
            }
            None => parse_date(field),
        },
    }
}

/// For an all-numeric `a/b/yyyy` date (any of `/`, `-`, `.`): year, first number, second
/// number and what follows. `None` for any other layout.
fn numeric_day_first(field: &[u8]) -> Option<(i32, u32, u32, &[u8])> {
    let s = field.trim_ascii();
    let leading_year = s.len() > 4 && s.iter().take(4).all(u8::is_ascii_digit);
    let (_, rest) = digits(s)?;
    let (&sep, rest) = rest.split_first()?;
    if leading_year || !matches!(sep, b'/' | b'-' | b'.') || digits(rest).is_none() {
        return None;
    }
    let (year, month, day, rest) = day_first(s).ok()?;
    Some((year, day, month, rest))
}

/// True when `field` is an all-numeric date that is impossible day first but valid month
/// first (`05/25/2020`): the mark of a month-first export.
pub fn valid_only_month_first(field: &[u8]) -> bool {
    parse_date(field) == Err(DateError::Impossible)
        && parse_date_in(field, DateOrder::MonthFirst).is_ok()
}

/// What people type in a date column for "none": `N/A`, `n/a`, `NA`, `-`, `None`, `null`.
/// Read as a blank (no event where that is what a blank means), never as a bad date.
fn is_typed_blank(s: &[u8]) -> bool {
    const BLANKS: [&[u8]; 7] = [b"n/a", b"na", b"-", b"--", b"none", b"null", b"nil"];
    s.len() <= 4 && BLANKS.iter().any(|b| s.eq_ignore_ascii_case(b))
}

/// The layouts that dominate real exports, at fixed positions: `dd/mm/yyyy` and `yyyy-mm-dd`,
/// alone or followed by a time. `None` sends the field to the general parser.
#[inline]
fn fast_path(s: &[u8]) -> Option<Result<Ymd, DateError>> {
    let head = s.get(..10)?;
    let digit = |i: usize| {
        head.get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| u32::from(b - b'0'))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let (year, month, day) = match (head.get(2), head.get(5), head.get(4), head.get(7)) {
        (Some(b'/'), Some(b'/'), _, _) => {
            let year = two(6)? * 100 + two(8)?;
            (year, two(3)?, two(0)?)
        }
        (_, _, Some(b'-'), Some(b'-')) => {
            let year = two(0)? * 100 + two(2)?;
            (year, two(5)?, two(8)?)
        }
        _ => return None,
    };
    let rest = s.get(10..)?;
    if !rest.is_empty() && check_time(rest).is_err() {
        return None;
    }
    Some(validate(year as i32, month, day))
}

/// `yyyy-mm-dd` (also with `/` or `.`).
fn iso(s: &[u8]) -> Result<(i32, u32, u32, &[u8]), DateError> {
    let (year, rest) = s.split_at_checked(4).ok_or(DateError::NotADate)?;
    let (&sep, rest) = rest.split_first().ok_or(DateError::NotADate)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return Err(DateError::NotADate);
    }
    let (month, rest) = digits(rest).ok_or(DateError::NotADate)?;
    let rest = rest.strip_prefix(&[sep]).ok_or(DateError::NotADate)?;
    let (day, rest) = digits(rest).ok_or(DateError::NotADate)?;
    Ok((number(year) as i32, month, day, rest))
}

/// `dd/mm/yyyy`, `d-m-yyyy`, `dd.mm.yyyy`, `01-Apr-2020`, `1 April 2020`.
fn day_first(s: &[u8]) -> Result<(i32, u32, u32, &[u8]), DateError> {
    let (day, rest) = digits(s).ok_or(DateError::NotADate)?;
    let (&sep, rest) = rest.split_first().ok_or(DateError::NotADate)?;
    if !matches!(sep, b'/' | b'-' | b'.' | b' ') {
        return Err(DateError::NotADate);
    }
    let (month, rest) = match digits(rest) {
        Some(found) => found,
        None => month_name(rest).ok_or(DateError::NotADate)?,
    };
    let rest = rest.strip_prefix(&[sep]).ok_or(DateError::NotADate)?;
    let year_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    match year_len {
        4 => {}
        // Two-digit years are ambiguous (19 or 20?) and are not guessed.
        2 => return Err(DateError::TwoDigitYear),
        _ => return Err(DateError::NotADate),
    }
    let (year, rest) = rest.split_at_checked(4).ok_or(DateError::NotADate)?;
    Ok((number(year) as i32, month, day, rest))
}

/// A number Excel would show as a date from 1 January 1927 to 2118 (serials 10,000 to 80,000),
/// with or without a fraction of a day.
fn is_excel_serial(s: &[u8]) -> bool {
    let whole: &[u8] = match s.iter().position(|&b| b == b'.') {
        Some(dot) => match s.split_at_checked(dot) {
            Some((whole, fraction)) if fraction.iter().skip(1).all(u8::is_ascii_digit) => whole,
            _ => return false,
        },
        None => s,
    };
    whole.len() == 5
        && whole.iter().all(u8::is_ascii_digit)
        && (10_000..=80_000).contains(&number(whole))
}

/// One or two ASCII digits at the start of `s`, and the bytes after them.
fn digits(s: &[u8]) -> Option<(u32, &[u8])> {
    let n = s.iter().take(3).take_while(|b| b.is_ascii_digit()).count();
    match n {
        1 | 2 => s.split_at_checked(n).map(|(d, rest)| (number(d), rest)),
        _ => None,
    }
}

fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

/// `Apr`, `April`, `Sept` (any case) at the start of `s`: the month and the bytes after it.
fn month_name(s: &[u8]) -> Option<(u32, &[u8])> {
    const NAMES: [&[u8]; 12] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
    ];
    let n = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if !(3..=9).contains(&n) {
        return None;
    }
    let (word, rest) = s.split_at_checked(n)?;
    let word = word.to_ascii_lowercase();
    if word == b"sept" {
        return Some((9, rest));
    }
    NAMES
        .iter()
        .position(|name| word.len() == 3 && name.starts_with(&word) || *name == word.as_slice())
        .map(|i| (i as u32 + 1, rest))
}

/// After the date: nothing, or a space or `T` and a time such as `09:30`, `00:00:00.000`,
/// `09:30:00Z`, `9:30 AM`. The time itself is not used.
fn check_time(rest: &[u8]) -> Result<(), DateError> {
    let Some((&sep, time)) = rest.split_first() else {
        return Ok(());
    };
    let time = time.trim_ascii_start();
    let starts_with_digit = time.first().is_some_and(u8::is_ascii_digit);
    let time_like = time
        .iter()
        .all(|b| b.is_ascii_digit() || b":.+-Z APMapm".contains(b));
    if matches!(sep, b' ' | b'T') && starts_with_digit && time_like {
        Ok(())
    } else {
        Err(DateError::NotADate)
    }
}

fn validate(year: i32, month: u32, day: u32) -> Result<Ymd, DateError> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(DateError::Impossible);
    }
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(DateError::OutOfRange);
    }
    Ok(Ymd { year, month, day })
}

pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_blanks_are_blanks() {
        for text in ["N/A", "n/a", "NA", "-", "None", " none ", "NULL"] {
            assert_eq!(parse_date(text.as_bytes()), Err(DateError::Blank), "{text}");
        }
        assert_eq!(parse_date(b"Nov"), Err(DateError::NotADate));
    }
    use proptest::prelude::*;

    fn ymd(s: &str) -> (i32, u32, u32) {
        let d = parse_date(s.as_bytes()).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        (d.year, d.month, d.day)
    }

    fn err(s: &str) -> DateError {
        parse_date(s.as_bytes()).expect_err(s)
    }

    #[test]
    fn uk_layouts() {
        for s in [
            "01/04/2020",
            "1/4/2020",
            "01-04-2020",
            "01.04.2020",
            "2020-04-01",
            "01-Apr-2020",
            "1 April 2020",
            "1 APR 2020",
            " 01/04/2020 ",
            "2020/04/01",
        ] {
            assert_eq!(ymd(s), (2020, 4, 1), "{s}");
        }
        assert_eq!(ymd("30 Sept 2019"), (2019, 9, 30));
        assert_eq!(ymd("13/04/2020"), (2020, 4, 13));
    }

    #[test]
    fn with_times() {
        for s in [
            "01/04/2020 00:00:00",
            "01/04/2020 09:30",
            "2020-04-01T09:30:00",
            "2020-04-01T09:30:00.000Z",
            "2020-04-01 09:30:00+01:00",
            "1/4/2020 9:30 AM",
        ] {
            assert_eq!(ymd(s), (2020, 4, 1), "{s}");
        }
    }

    #[test]
    fn never_month_first() {
        // 13 is not a month: a US-ordered date is impossible, not silently swapped.
        assert_eq!(err("04/13/2020"), DateError::Impossible);
        assert_eq!(ymd("04/12/2020"), (2020, 12, 4));
    }

    #[test]
    fn month_first_only_when_asked_and_only_numeric_dates() {
        let mf = |s: &str| {
            parse_date_in(s.as_bytes(), DateOrder::MonthFirst).map(|d| (d.year, d.month, d.day))
        };
        assert_eq!(mf("04/13/2020"), Ok((2020, 4, 13)));
        assert_eq!(mf("4/1/2020 09:30"), Ok((2020, 4, 1)));
        assert_eq!(mf("13/04/2020"), Err(DateError::Impossible));
        // ISO dates and month names read the same in any order.
        assert_eq!(mf("2020-04-13"), Ok((2020, 4, 13)));
        assert_eq!(mf("13 April 2020"), Ok((2020, 4, 13)));
        assert_eq!(mf(""), Err(DateError::Blank));
        assert!(valid_only_month_first(b"05/25/2020"));
        assert!(!valid_only_month_first(b"25/05/2020"));
        assert!(!valid_only_month_first(b"31/02/2020"));
    }

    #[test]
    fn rejections() {
        assert_eq!(err(""), DateError::Blank);
        assert_eq!(err("   "), DateError::Blank);
        assert_eq!(err("31/02/2020"), DateError::Impossible);
        assert_eq!(err("29/02/2019"), DateError::Impossible);
        assert_eq!(err("00/01/2020"), DateError::Impossible);
        assert_eq!(err("2020-13-01"), DateError::Impossible);
        assert_eq!(err("01/04/20"), DateError::TwoDigitYear);
        assert_eq!(err("43922"), DateError::Serial);
        assert_eq!(err("43922.5"), DateError::Serial);
        assert_eq!(err("4392"), DateError::NotADate);
        assert_eq!(err("99999"), DateError::NotADate);
        assert_eq!(err("unknown"), DateError::NotADate);
        assert_eq!(err("01/04-2020"), DateError::NotADate);
        assert_eq!(err("01/04/2020 garbage"), DateError::NotADate);
        assert_eq!(err("1 Foo 2020"), DateError::NotADate);
        assert_eq!(err("01/04/20201"), DateError::NotADate);
        assert_eq!(err("01/01/0001"), DateError::OutOfRange);
        assert_eq!(err("9999-12-31"), DateError::OutOfRange);
        assert_eq!(ymd("29/02/2020"), (2020, 2, 29));
        assert_eq!(ymd("29/02/2000"), (2000, 2, 29));
        assert_eq!(err("29/02/1900"), DateError::Impossible);
    }

    proptest! {
        #[test]
        fn every_real_date_parses_in_every_layout(days in 0i64..73_000) {
            let date = (chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()
                + chrono::Duration::days(days)).and_hms_opt(9, 30, 0).unwrap();
            let expected = (
                chrono::Datelike::year(&date),
                chrono::Datelike::month(&date),
                chrono::Datelike::day(&date),
            );
            for layout in ["%d/%m/%Y", "%-d/%-m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%-d %B %Y", "%d.%m.%Y %H:%M:%S"] {
                let text = date.format(layout).to_string();
                prop_assert_eq!(ymd(&text), expected, "{}", text);
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = parse_date(&bytes);
        }
    }
}
