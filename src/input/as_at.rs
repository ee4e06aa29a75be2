//! The date an extract was taken, where the export states it: in its file name
//! (`Referrals extract 2024-03-15.csv`, `contacts_20240315.csv`) or in a title line above the
//! header (`Data correct as at 15/03/2024`, `Report run on Friday 15 March 2024`). A table's
//! span runs to the later of its last event and this date, so an extract that stops part-way
//! through a month is seen to stop there, and a quiet end of a month it covers is not a gap.

use chrono::NaiveDate;

use crate::model::date::parse_date;

/// The last date written in `text` (a file name or a title line), if any: ISO, day-first
/// numeric, with a month's name, or `yyyymmdd`. `_` counts as `-`.
pub(crate) fn last_date_in(text: &str) -> Option<NaiveDate> {
    let text = text.replace('_', "-");
    let bytes = text.as_bytes();
    let mut found = None;
    let starts = (0..bytes.len()).filter(|&i| {
        let here = bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
        let before = i.checked_sub(1).and_then(|j| bytes.get(j));
        here && !before.is_some_and(u8::is_ascii_alphanumeric)
    });
    for start in starts.collect::<Vec<_>>() {
        let Some(rest) = bytes.get(start..) else {
            continue;
        };
        if let Some(date) = compact(rest).or_else(|| written(rest)) {
            found = Some(date);
        }
    }
    found
}

/// `20240315`: eight digits standing alone that make a date from 1990 to 2099.
fn compact(s: &[u8]) -> Option<NaiveDate> {
    let digits = s.get(..8)?;
    if !digits.iter().all(u8::is_ascii_digit) || s.get(8).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    let year: i32 = text.get(..4)?.parse().ok()?;
    let month: u32 = text.get(4..6)?.parse().ok()?;
    let day: u32 = text.get(6..8)?.parse().ok()?;
    (1990..=2099)
        .contains(&year)
        .then(|| NaiveDate::from_ymd_opt(year, month, day))?
}

/// The longest run from the start of `s` (at most 32 bytes, ending at a word's end) that
/// reads as a date.
fn written(s: &[u8]) -> Option<NaiveDate> {
    let limit = s.len().min(32);
    (6..=limit).rev().find_map(|end| {
        let ends_word = !s.get(end).is_some_and(u8::is_ascii_alphanumeric);
        let candidate = s.get(..end)?;
        if !ends_word || candidate.last().is_some_and(|b| !b.is_ascii_alphanumeric()) {
            return None;
        }
        let date = parse_date(candidate).ok()?;
        NaiveDate::from_ymd_opt(date.year, date.month, date.day)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_names_and_titles() {
        assert_eq!(
            last_date_in("Referrals extract 2024-03-15"),
            day(2024, 3, 15)
        );
        assert_eq!(last_date_in("contacts_20240315"), day(2024, 3, 15));
        assert_eq!(last_date_in("Annex A 15.03.2024"), day(2024, 3, 15));
        assert_eq!(
            last_date_in("Data correct as at 15/03/2024"),
            day(2024, 3, 15)
        );
        assert_eq!(
            last_date_in("Report run on Friday 15 March 2024 at 09:12"),
            day(2024, 3, 15)
        );
        assert_eq!(
            last_date_in("Referrals 01/04/2023 to 15/03/2024"),
            day(2024, 3, 15)
        );
        assert_eq!(last_date_in("Referrals - Copy (2)"), None);
        assert_eq!(last_date_in("Referrals 2023-24"), None);
        assert_eq!(last_date_in("contacts 12345678"), None);
        assert_eq!(last_date_in("export 43922"), None);
    }
}
