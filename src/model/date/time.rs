//! The time written after a date, and the UK day an instant falls on.
//!
//! A time is read only to check that it is one and, where it names an offset from UTC
//! (`Z`, `+01:00`, ` UTC`), to move the event to the UK's own date: `2020-03-31T23:30:00Z`
//! is 00:30 BST on 1 April, an April event. The clocks' history comes from the IANA
//! database (chrono-tz's `Europe/London`), not from a rule written here.

use crate::model::convert::to_i32;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;

use super::{DateError, Ymd};

/// A time of day, and its offset from UTC in minutes when it states one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    offset_minutes: Option<i32>,
}

/// What follows a date: nothing, or a separator (`T` or spaces) and a time such as `09:30`,
/// `14:03:22`, `00:00:00.000`, `9:30 AM`, `02.03.22.000000 PM` (Oracle's TIMESTAMP),
/// `23:30:00Z`, `09:30:00+01:00`, `09:30 UTC`. Anything else (`2021`, `garbage`) is not a time.
pub(super) fn parse_time(rest: &[u8]) -> Result<Option<Clock>, DateError> {
    let Some((&sep, after)) = rest.split_first() else {
        return Ok(None);
    };
    let time = match sep {
        b'T' => after,
        b' ' => after.trim_ascii_start(),
        _ => return Err(DateError::NotADate),
    };
    clock(time).map(Some).ok_or(DateError::NotADate)
}

/// The times most exports write after a date, checked at fixed places: ` 22:19:00`,
/// ` 09:30`, `T09:30:00` — a UK clock time, so the date stands as written.
#[inline]
pub(super) fn local_clock(rest: &[u8]) -> bool {
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    };
    let (h, m, sec) = match *rest {
        [b' ' | b'T', h1, h2, b':', m1, m2, b':', s1, s2] => {
            (two(h1, h2), two(m1, m2), two(s1, s2))
        }
        [b' ' | b'T', h1, h2, b':', m1, m2] => (two(h1, h2), two(m1, m2), Some(0)),
        _ => return false,
    };
    matches!((h, m, sec), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s <= 60)
}

fn clock(s: &[u8]) -> Option<Clock> {
    let (hour, s) = two_digits(s)?;
    let (&sep, s) = s.split_first()?;
    if !matches!(sep, b':' | b'.') {
        return None;
    }
    let (minute, mut s) = exactly_two(s)?;
    let mut second = 0;
    if let Some(rest) = s.strip_prefix(&[sep]) {
        (second, s) = exactly_two(rest)?;
        if let Some(rest) = s.strip_prefix(b".").or_else(|| s.strip_prefix(b",")) {
            let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            s = rest.get(n..)?;
        }
    }
    let (hour, s) = meridiem(hour, s)?;
    let (offset_minutes, s) = offset(s)?;
    let valid = hour < 24 && minute < 60 && second <= 60;
    (valid && s.is_empty()).then_some(Clock {
        hour,
        minute,
        second,
        offset_minutes,
    })
}

/// `AM`/`PM` (any case, with or without a space): the hour on the 24-hour clock.
fn meridiem(hour: u32, s: &[u8]) -> Option<(u32, &[u8])> {
    if s.is_empty() {
        return Some((hour, s));
    }
    let t = s.trim_ascii_start();
    let word = t.get(..2).unwrap_or_default();
    let pm = word.eq_ignore_ascii_case(b"pm");
    if !pm && !word.eq_ignore_ascii_case(b"am") {
        return Some((hour, s));
    }
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour = match (pm, hour) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    };
    Some((hour, t.get(2..)?))
}

/// `Z`, `+01:00`, `-0500`, `+01`, ` UTC`, ` GMT`, or nothing: minutes east of UTC.
fn offset(s: &[u8]) -> Option<(Option<i32>, &[u8])> {
    let t = s.trim_ascii_start();
    if t.is_empty() {
        return Some((None, t));
    }
    if t == b"Z" || t == b"z" || t.eq_ignore_ascii_case(b"utc") || t.eq_ignore_ascii_case(b"gmt") {
        return Some((Some(0), b""));
    }
    let (&sign, rest) = t.split_first()?;
    let sign = match sign {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, rest) = exactly_two(rest)?;
    let rest = rest.strip_prefix(b":").unwrap_or(rest);
    let (minutes, rest) = if rest.is_empty() {
        (0, rest)
    } else {
        exactly_two(rest)?
    };
    (hours <= 14 && minutes < 60).then_some((Some(sign * to_i32(hours * 60 + minutes)), rest))
}

fn two_digits(s: &[u8]) -> Option<(u32, &[u8])> {
    let n = s.iter().take(3).take_while(|b| b.is_ascii_digit()).count();
    match n {
        1 | 2 => s
            .split_at_checked(n)
            .map(|(d, rest)| (super::number(d), rest)),
        _ => None,
    }
}

/// Two digits, whatever follows (`0100` is hours `01` then minutes `00`).
fn exactly_two(s: &[u8]) -> Option<(u32, &[u8])> {
    let (digits, rest) = s.split_at_checked(2)?;
    digits
        .iter()
        .all(u8::is_ascii_digit)
        .then(|| (super::number(digits), rest))
}

/// The UK date of a date and time: unchanged for a local time (no offset), else the
/// instant as Europe/London's clocks showed it.
pub(super) fn uk_date(date: Ymd, clock: Option<Clock>) -> Result<Ymd, DateError> {
    let Some(Clock {
        hour,
        minute,
        second,
        offset_minutes: Some(offset),
    }) = clock
    else {
        return Ok(date);
    };
    let day =
        NaiveDate::from_ymd_opt(date.year, date.month, date.day).ok_or(DateError::Impossible)?;
    // A leap second (second 60) is read as the last second of its minute.
    let utc = day
        .and_hms_opt(hour, minute, second.min(59))
        .ok_or(DateError::NotADate)?
        - chrono::Duration::minutes(i64::from(offset));
    let local = London.from_utc_datetime(&utc).date_naive();
    let (year, month, day) = (
        chrono::Datelike::year(&local),
        chrono::Datelike::month(&local),
        chrono::Datelike::day(&local),
    );
    super::validate(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Ymd {
        Ymd {
            year: y,
            month: m,
            day: d,
        }
    }

    fn moved(date: Ymd, time: &str) -> Ymd {
        let clock = parse_time(time.as_bytes()).unwrap();
        uk_date(date, clock).unwrap()
    }

    #[test]
    fn times_that_are_times() {
        for t in [
            "",
            " 09:30",
            " 9:30",
            "T09:30:00",
            " 00:00:00.000",
            " 9:30 AM",
            " 12:00pm",
            " 02.03.22.000000 PM",
            "T23:30:00Z",
            " 09:30:00+01:00",
            " 09:30:00 +0100",
            "T09:30:00-05",
            " 09:30 UTC",
            "  14:03:22",
        ] {
            assert!(parse_time(t.as_bytes()).is_ok(), "{t:?}");
        }
    }

    #[test]
    fn times_that_are_not() {
        for t in [
            " 2021",
            " garbage",
            " 25:00",
            " 09:61",
            " 13:00 PM",
            " 0:00 AM",
            " 09:3",
            " 09:30:00.",
            " 09:30 +25:00",
            "/09:30",
            " 09:30 Europe/London",
            " 09:30:00Z trailing",
        ] {
            assert_eq!(parse_time(t.as_bytes()), Err(DateError::NotADate), "{t:?}");
        }
    }

    #[test]
    fn common_clock_times_at_fixed_places() {
        for t in [" 22:19:00", " 09:30", "T09:30:00", " 00:00:00"] {
            assert!(local_clock(t.as_bytes()), "{t:?}");
        }
        for t in [
            " 24:00:00",
            " 09:60",
            "T09:30:00Z",
            " 09:30 AM",
            " 2021",
            "",
            " 9:30",
        ] {
            assert!(!local_clock(t.as_bytes()), "{t:?}");
        }
    }

    #[test]
    fn instants_move_to_the_uk_date() {
        // 23:30 UTC on 31 March 2020 is 00:30 BST on 1 April.
        assert_eq!(moved(ymd(2020, 3, 31), "T23:30:00Z"), ymd(2020, 4, 1));
        // In winter the UK is on UTC: 23:30Z stays on its day.
        assert_eq!(moved(ymd(2020, 1, 31), "T23:30:00Z"), ymd(2020, 1, 31));
        // Clocks went forward at 01:00 UTC on 29 March 2020: 00:30Z is 00:30 GMT, 01:30Z is 02:30 BST.
        assert_eq!(moved(ymd(2020, 3, 28), "T23:30:00Z"), ymd(2020, 3, 28));
        assert_eq!(moved(ymd(2020, 3, 29), "T23:30:00Z"), ymd(2020, 3, 30));
        // Clocks went back at 01:00 UTC on 25 October 2020.
        assert_eq!(moved(ymd(2020, 10, 24), "T23:30:00Z"), ymd(2020, 10, 25));
        assert_eq!(moved(ymd(2020, 10, 25), "T23:30:00Z"), ymd(2020, 10, 25));
        // An offset is undone first: 01:00+02:00 is 23:00 UTC the day before, midnight BST.
        assert_eq!(moved(ymd(2020, 4, 1), " 01:00:00+02:00"), ymd(2020, 4, 1));
        assert_eq!(moved(ymd(2020, 4, 1), " 00:30:00+02:00"), ymd(2020, 3, 31));
        // A time without an offset is already the UK's.
        assert_eq!(moved(ymd(2020, 3, 31), "T23:30:00"), ymd(2020, 3, 31));
        // 1999-12-31 23:30 in New York is 04:30 GMT on 1 January 2000.
        assert_eq!(moved(ymd(1999, 12, 31), " 23:30 -05:00"), ymd(2000, 1, 1));
    }
}
