//! Event dates parsed straight from the bytes of a CSV field, in UK order only.
//!
//! Accepted, each optionally followed by a time (` 00:00:00`, ` 09:30`, `T09:30:00Z`,
//! ` 02.03.22.000000 PM`):
//! - numeric, day first: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`;
//! - ISO: `yyyy-mm-dd` (also with `/` or `.`);
//! - a month's name: `01-Apr-2020`, `1 April 2020`, `1st April 2020`, `April 1, 2020`, and
//!   Oracle's `01-APR-20` (`DD-MON-RR`: a two-digit year 00–49 is 2000–2049, 50–99 is
//!   1950–1999, as Oracle's RR reads it in this century);
//! - any of these after a weekday (`Wed 01/04/2020`, `Wednesday, 1 April 2020`), which must be
//!   the date's own;
//! - in an event-date column only ([`parse_date_in`]), an Excel serial number (`43922`,
//!   `43922.58611`), as Power Query and some SSRS exports write date cells into a CSV.
//!
//! Unicode spaces around or inside a date (no-break spaces copied from a web page) are spaces.
//! A time with an offset from UTC (`Z`, `+01:00`) moves the event to its UK date (BST
//! included). Month-first (US) order is never guessed: `04/13/2020` is an impossible date,
//! not 13 April; a numeric two-digit year (`01/04/20`) is refused.

mod time;
mod words;

use crate::model::convert::to_i32;
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
        Month::new(self.year, self.month).expect("a Ymd is a date the parser checked")
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
pub(crate) const REASONS: usize = 6;

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

/// Parses one field in UK order. Surrounding spaces are ignored. A bare number is not a date
/// here (it is `DateError::Serial`): only an event-date column reads serials.
pub fn parse_date(field: &[u8]) -> Result<Ymd, DateError> {
    parse(field, DateOrder::DayFirst, false)
}

/// Which way round a numeric date's day and month are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) enum DateOrder {
    /// `dd/mm/yyyy`: the UK's order, and the default.
    #[default]
    DayFirst,
    /// `mm/dd/yyyy`: an export from a system set to a US locale (`--date-order month-first`).
    MonthFirst,
}

/// Parses one field of an event-date column in `order`. ISO dates (`2020-04-01`) and month
/// names read the same in either order; only all-numeric `a/b/yyyy` dates are turned round.
/// The column's header says it holds dates, so a number in it is an Excel serial.
pub(crate) fn parse_date_in(field: &[u8], order: DateOrder) -> Result<Ymd, DateError> {
    parse(field, order, true)
}

fn parse(field: &[u8], order: DateOrder, serials: bool) -> Result<Ymd, DateError> {
    if order == DateOrder::DayFirst
        && let Some(date) = fast_path(field)
    {
        return date;
    }
    match words::plain_spaces(field) {
        Some(plain) => parse_text(&plain, order, serials),
        None => parse_text(field, order, serials),
    }
}

fn parse_text(field: &[u8], order: DateOrder, serials: bool) -> Result<Ymd, DateError> {
    let s = field.trim_ascii();
    if s.is_empty() || is_typed_blank(s) {
        return Err(DateError::Blank);
    }
    if let Some(days) = excel_serial(s) {
        return if serials {
            from_serial(days)
        } else {
            Err(DateError::Serial)
        };
    }
    let (weekday, s) = match words::weekday_prefix(s) {
        Some((weekday, rest)) => (Some(weekday), rest),
        None => (None, s),
    };
    let leading_year = s.len() > 4 && s.iter().take(4).all(u8::is_ascii_digit);
    let (year, month, day, rest) = if leading_year {
        iso(s)?
    } else if let Some(found) = month_name_first(s)? {
        found
    } else {
        let written = day_first(s)?;
        match (order, written.numeric) {
            (DateOrder::MonthFirst, true) => {
                (written.year, written.day, written.month, written.rest)
            }
            _ => (written.year, written.month, written.day, written.rest),
        }
    };
    let clock = time::parse_time(rest)?;
    let date = validate(year, month, day)?;
    if let Some(weekday) = weekday
        && weekday_of(date) != weekday
    {
        return Err(DateError::Impossible);
    }
    time::uk_date(date, clock)
}

/// A month and year written with the month's name, as scorecards and dashboards label their
/// columns: `April 2020`, `Apr-20`, `Apr 2020`, `APR-2020`, `Apr'20`, `Sept 2019`. A two-digit
/// year reads as Oracle's `RR` does (00–49 are 2000–2049). `None` for anything else.
pub(crate) fn month_year(text: &str) -> Option<Month> {
    let s = text.trim().as_bytes();
    let (month, rest) = words::month_name(s)?;
    let rest = rest.strip_prefix(b".").unwrap_or(rest);
    let rest = rest.strip_prefix(b",").unwrap_or(rest);
    let rest = rest.trim_ascii_start();
    let rest = rest
        .strip_prefix(b"-")
        .or_else(|| rest.strip_prefix(b"'"))
        .or_else(|| rest.strip_prefix(b"/"))
        .unwrap_or(rest);
    let (year, after) = year(rest, false).ok()?;
    if !after.trim_ascii().is_empty() || !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    Month::new(year, month)
}

/// Monday = 0.
fn weekday_of(date: Ymd) -> u32 {
    chrono::NaiveDate::from_ymd_opt(date.year, date.month, date.day)
        .map_or(7, |d| chrono::Datelike::weekday(&d).num_days_from_monday())
}

/// True when `field` is an all-numeric date that is impossible day first but valid month
/// first (`05/25/2020`): the mark of a month-first export.
pub(crate) fn valid_only_month_first(field: &[u8]) -> bool {
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
    if rest.is_empty() || time::local_clock(rest) {
        return Some(validate(to_i32(year), month, day));
    }
    let clock = time::parse_time(rest).ok()?;
    Some(validate(to_i32(year), month, day).and_then(|date| time::uk_date(date, clock)))
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
    Ok((to_i32(number(year)), month, day, rest))
}

/// Year, month, day and the bytes after the date, before the date is checked.
type Parts<'a> = (i32, u32, u32, &'a [u8]);

/// A date as written day first, before it is checked.
struct Written<'a> {
    year: i32,
    month: u32,
    day: u32,
    /// The month was a number (so `--date-order month-first` turns it round).
    numeric: bool,
    rest: &'a [u8],
}

/// `dd/mm/yyyy`, `d-m-yyyy`, `dd.mm.yyyy`, `01-Apr-2020`, `01-APR-20`, `1 April 2020`,
/// `1st April, 2020`.
fn day_first(s: &[u8]) -> Result<Written<'_>, DateError> {
    let (day, rest) = digits(s).ok_or(DateError::NotADate)?;
    let rest = words::without_ordinal(rest);
    let (&sep, rest) = rest.split_first().ok_or(DateError::NotADate)?;
    if !matches!(sep, b'/' | b'-' | b'.' | b' ') {
        return Err(DateError::NotADate);
    }
    let rest = if sep == b' ' {
        rest.trim_ascii_start()
    } else {
        rest
    };
    let (month, numeric, rest) = match digits(rest) {
        Some((month, rest)) => (month, true, rest),
        None => {
            let (month, rest) = words::month_name(rest).ok_or(DateError::NotADate)?;
            (month, false, rest)
        }
    };
    let rest = if sep == b' ' && !numeric {
        let after = rest.strip_prefix(b",").unwrap_or(rest).trim_ascii_start();
        if after.len() == rest.len() {
            return Err(DateError::NotADate);
        }
        after
    } else {
        rest.strip_prefix(&[sep]).ok_or(DateError::NotADate)?
    };
    let (year, rest) = year(rest, numeric)?;
    Ok(Written {
        year,
        month,
        day,
        numeric,
        rest,
    })
}

/// `April 1, 2020`, `Apr 1 2020`, `April 1st, 2020`: a month's name first is never ambiguous.
/// `Ok(None)` when `s` does not start with a month's name.
fn month_name_first(s: &[u8]) -> Result<Option<Parts<'_>>, DateError> {
    let Some((month, rest)) = words::month_name(s) else {
        return Ok(None);
    };
    let rest = rest.strip_prefix(b".").unwrap_or(rest);
    let after = rest.trim_ascii_start();
    if after.len() == rest.len() {
        return Err(DateError::NotADate);
    }
    let (day, rest) = digits(after).ok_or(DateError::NotADate)?;
    let rest = words::without_ordinal(rest);
    let rest = rest.strip_prefix(b",").unwrap_or(rest);
    let after = rest.trim_ascii_start();
    if after.len() == rest.len() {
        return Err(DateError::NotADate);
    }
    let (year, rest) = year(after, false)?;
    Ok(Some((year, month, day, rest)))
}

/// A year in full, or (after a month's name only) Oracle's two-digit `RR` year.
fn year(s: &[u8], numeric: bool) -> Result<(i32, &[u8]), DateError> {
    let len = s.iter().take_while(|b| b.is_ascii_digit()).count();
    let (digits, rest) = s.split_at_checked(len).ok_or(DateError::NotADate)?;
    match (len, numeric) {
        (4, _) => Ok((to_i32(number(digits)), rest)),
        // `01-APR-20`: Oracle's RR years, fixed for this century so a figure never depends on
        // the day it is run.
        (2, false) => {
            let yy = to_i32(number(digits));
            Ok((if yy < 50 { 2000 + yy } else { 1900 + yy }, rest))
        }
        // `01/04/20`: 1920 or 2020 cannot be told apart, and no system writes it for us.
        (2, true) => Err(DateError::TwoDigitYear),
        _ => Err(DateError::NotADate),
    }
}

/// The whole days of a number Excel would show as a date from 1927 to 2118 (serials 10,000 to
/// 80,000), with or without a fraction of a day (the time). A smaller number is more likely a
/// year or a code than a date.
fn excel_serial(s: &[u8]) -> Option<u32> {
    let whole: &[u8] = match s.iter().position(|&b| b == b'.') {
        Some(dot) => match s.split_at_checked(dot) {
            Some((whole, fraction)) if fraction.iter().skip(1).all(u8::is_ascii_digit) => whole,
            _ => return None,
        },
        None => s,
    };
    let days = (whole.len() == 5 && whole.iter().all(u8::is_ascii_digit)).then(|| number(whole))?;
    (10_000..=80_000).contains(&days).then_some(days)
}

/// The date of Excel serial `days` (its time of day is dropped: it is local time already).
/// Excel counts 1 January 1900 as day 1 and, keeping Lotus 1-2-3's error, has a 29 February
/// 1900 (day 60) that never was: day 61 is 1 March 1900, and every later day is counted from
/// 30 December 1899.
fn from_serial(days: u32) -> Result<Ymd, DateError> {
    let base = match days {
        0 | 60 => return Err(DateError::Impossible),
        1..=59 => chrono::NaiveDate::from_ymd_opt(1899, 12, 31),
        _ => chrono::NaiveDate::from_ymd_opt(1899, 12, 30),
    }
    .ok_or(DateError::Impossible)?;
    let date = base
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .ok_or(DateError::OutOfRange)?;
    validate(
        chrono::Datelike::year(&date),
        chrono::Datelike::month(&date),
        chrono::Datelike::day(&date),
    )
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

fn validate(year: i32, month: u32, day: u32) -> Result<Ymd, DateError> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(DateError::Impossible);
    }
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(DateError::OutOfRange);
    }
    Ok(Ymd { year, month, day })
}

pub(crate) fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
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

    #[test]
    fn months_with_their_names() {
        let m = |s: &str| month_year(s).map(|m| (m.year(), m.month()));
        for s in [
            "April 2020",
            "Apr-20",
            "Apr 2020",
            "APR-2020",
            "Apr'20",
            "apr 20",
            " April, 2020 ",
        ] {
            assert_eq!(m(s), Some((2020, 4)), "{s}");
        }
        assert_eq!(m("Sept 2019"), Some((2019, 9)));
        assert_eq!(m("Mar-99"), Some((1999, 3)));
        for s in [
            "April",
            "2020 April",
            "Apr-2",
            "Apr 2020 YTD",
            "Total",
            "1 April 2020",
        ] {
            assert_eq!(m(s), None, "{s}");
        }
    }

    #[test]
    fn oracle_dates() {
        assert_eq!(ymd("01-APR-20"), (2020, 4, 1));
        assert_eq!(ymd("01-APR-2020 14:03:22"), (2020, 4, 1));
        assert_eq!(ymd("31-MAR-49"), (2049, 3, 31));
        assert_eq!(ymd("01-JAN-50"), (1950, 1, 1));
        assert_eq!(ymd("15-SEP-99 23:59:59"), (1999, 9, 15));
        assert_eq!(ymd("01-APR-20 02.03.22.000000 PM"), (2020, 4, 1));
        // A two-digit year after a number stays refused: no rule tells 1920 from 2020 there.
        assert_eq!(err("01/04/20"), DateError::TwoDigitYear);
        assert_eq!(err("01-04-20"), DateError::TwoDigitYear);
        assert_eq!(err("01-APR-2"), DateError::NotADate);
    }

    #[test]
    fn excel_serials_only_in_event_columns() {
        let event = |s: &str| {
            parse_date_in(s.as_bytes(), DateOrder::DayFirst).map(|d| (d.year, d.month, d.day))
        };
        assert_eq!(event("43922"), Ok((2020, 4, 1)));
        assert_eq!(event("43922.58611"), Ok((2020, 4, 1)));
        assert_eq!(event(" 43921.99999 "), Ok((2020, 3, 31)));
        assert_eq!(event("43890"), Ok((2020, 2, 29)));
        assert_eq!(event("80000"), Err(DateError::OutOfRange));
        // A year or a short code is not a serial.
        assert_eq!(event("2020"), Err(DateError::NotADate));
        assert_eq!(event("99999"), Err(DateError::NotADate));
        assert_eq!(err("43922"), DateError::Serial);
        // Excel's 1900 leap-year error: day 60 is a 29 February that never was.
        let at = |n| from_serial(n).map(|d| (d.year, d.month, d.day));
        assert_eq!(at(1), Ok((1900, 1, 1)));
        assert_eq!(at(59), Ok((1900, 2, 28)));
        assert_eq!(at(60), Err(DateError::Impossible));
        assert_eq!(at(61), Ok((1900, 3, 1)));
        assert_eq!(at(36526), Ok((2000, 1, 1)));
        assert_eq!(at(0), Err(DateError::Impossible));
    }

    #[test]
    fn weekdays_and_long_dates() {
        for s in [
            "Wed 01/04/2020",
            "Wednesday, 1 April 2020",
            "Wednesday 1st April 2020",
            "Wed, 01 Apr 2020",
            "WEDNESDAY 01-APR-2020",
            "1st April 2020",
            "1 April, 2020",
            "April 1, 2020",
            "Apr 1 2020",
            "Wednesday, April 1st, 2020",
            "Wed 01/04/2020 09:30",
        ] {
            assert_eq!(ymd(s), (2020, 4, 1), "{s}");
        }
        // The weekday must be the date's own.
        assert_eq!(err("Thu 01/04/2020"), DateError::Impossible);
        assert_eq!(err("April 2020"), DateError::NotADate);
        assert_eq!(err("Wednesday"), DateError::NotADate);
    }

    #[test]
    fn unicode_spaces_are_spaces() {
        for s in [
            "\u{A0}01/04/2020\u{A0}",
            "01/04/2020\u{202F}",
            "1\u{A0}April\u{A0}2020",
            "\u{200B}2020-04-01",
            "\u{FEFF}01/04/2020 09:30",
            "\u{2007}01/04/2020\u{3000}",
        ] {
            assert_eq!(ymd(s), (2020, 4, 1), "{s:?}");
        }
    }

    #[test]
    fn instants_are_counted_on_their_uk_day() {
        assert_eq!(ymd("2020-03-31T23:30:00Z"), (2020, 4, 1));
        assert_eq!(ymd("2020-03-31T23:30:00.000Z"), (2020, 4, 1));
        assert_eq!(ymd("2020-03-31 23:30:00+00:00"), (2020, 4, 1));
        assert_eq!(ymd("31/03/2020 23:30 UTC"), (2020, 4, 1));
        assert_eq!(ymd("2020-01-31T23:30:00Z"), (2020, 1, 31));
        assert_eq!(ymd("2020-04-01T00:30:00+01:00"), (2020, 4, 1));
        assert_eq!(ymd("2020-10-31T23:30:00Z"), (2020, 10, 31));
        // Without an offset a time is already the UK's.
        assert_eq!(ymd("2020-03-31T23:30:00"), (2020, 3, 31));
    }

    #[test]
    fn a_time_must_be_a_time() {
        assert_eq!(err("01/04/2020 2021"), DateError::NotADate);
        assert_eq!(err("2020-04-01 2021"), DateError::NotADate);
        assert_eq!(err("01/04/2020 25:00"), DateError::NotADate);
        assert_eq!(err("01/04/2020 12:00 XM"), DateError::NotADate);
        assert_eq!(err("1 April 2020 x"), DateError::NotADate);
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
            for layout in ["%d/%m/%Y", "%-d/%-m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%-d %B %Y", "%d.%m.%Y %H:%M:%S",
                           "%a %d/%m/%Y", "%A, %-d %B %Y", "%B %-d, %Y", "%d-%b-%Y %H:%M:%S"] {
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
