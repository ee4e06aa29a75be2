//! Working days in England and Wales: weekdays that are not bank holidays. DfE's timeliness
//! measures count them (an initial child protection conference within 15 working days of the
//! Section 47 enquiry starting; an assessment within 45 working days).
//!
//! The bank holidays of 2010 to 2030 ship as data, `assets/bank-holidays-england-and-wales.csv`,
//! made by `scripts/make-bank-holidays.py` from the statutory rules and the one-off changes
//! GOV.UK lists (8 May 2020, 2 and 3 June 2022, 19 September 2022, 8 May 2023, …), substitute
//! days included. More (another year, a new proclamation) can be added from a file.

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::model::date::parse_date;
use crate::model::error::{Error, Location, Result};

const ENGLAND_AND_WALES: &str = include_str!("../../assets/bank-holidays-england-and-wales.csv");

/// Bank holidays, against which working days are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// England and Wales, 2010 to 2030.
    pub fn england_and_wales() -> Calendar {
        let mut calendar = Calendar {
            holidays: BTreeSet::new(),
        };
        // The shipped file is checked by the tests; a line that did not parse is skipped.
        calendar
            .add_csv(ENGLAND_AND_WALES, "bank holidays")
            .unwrap_or_default();
        calendar
    }

    /// Adds the dates in the first column of a CSV with a header row (`--holidays FILE`),
    /// in any date layout cscstats reads. Returns how many were new.
    pub fn add_csv(&mut self, text: &str, name: &str) -> Result<usize> {
        let mut added = 0;
        for (i, line) in text.lines().enumerate().skip(1) {
            let field = line.split(',').next().unwrap_or_default();
            if field.trim().is_empty() {
                continue;
            }
            let date = parse_date(field.as_bytes())
                .ok()
                .and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day))
                .ok_or_else(|| {
                    Error::input(
                        Location::file(name).line(i as u64 + 1),
                        "the first column must be a date, such as 2026-12-25",
                    )
                })?;
            added += usize::from(self.holidays.insert(date));
        }
        Ok(added)
    }

    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.contains(&day)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !is_weekend(day) && !self.is_holiday(day)
    }

    /// Working days after `start` up to and including `end`: DfE's count from the start of a
    /// Section 47 enquiry to its conference. `None` when `end` is before `start`.
    pub fn working_days(&self, start: NaiveDate, end: NaiveDate) -> Option<u32> {
        if end < start {
            return None;
        }
        // Weekdays by whole weeks and the days left over, then the weekday holidays between:
        // the same for a conference held next week or, from a mistyped date, decades later.
        let days = u32::try_from((end - start).num_days()).ok()?;
        let (weeks, rest) = (days / 7, days % 7);
        let last_week = start.checked_add_days(Days::new(u64::from(weeks) * 7))?;
        let mut weekdays = weeks * 5;
        for i in 1..=rest {
            let day = last_week.checked_add_days(Days::new(u64::from(i)))?;
            weekdays += u32::from(!is_weekend(day));
        }
        let holidays = self
            .holidays
            .range((Bound::Excluded(start), Bound::Included(end)))
            .filter(|d| !is_weekend(**d))
            .count();
        Some(weekdays - u32::try_from(holidays).ok()?)
    }

    /// The years the calendar covers, first and last.
    pub fn years(&self) -> Option<(i32, i32)> {
        Some((self.holidays.first()?.year(), self.holidays.last()?.year()))
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_calendar() {
        let c = Calendar::england_and_wales();
        assert_eq!(c.years(), Some((2010, 2030)));
        assert_eq!(c.holidays.len(), 173);
        // The one-off changes and the substitute days.
        for day in [
            d(2011, 4, 29),
            d(2012, 6, 4),
            d(2012, 6, 5),
            d(2020, 5, 8),
            d(2022, 6, 2),
            d(2022, 6, 3),
            d(2022, 9, 19),
            d(2023, 5, 8),
            d(2020, 12, 28),
            d(2021, 12, 27),
            d(2021, 12, 28),
            d(2022, 1, 3),
        ] {
            assert!(c.is_holiday(day), "{day}");
        }
        // Moved away from: the usual early May and spring Mondays of those years.
        for day in [d(2020, 5, 4), d(2022, 5, 30), d(2012, 5, 28)] {
            assert!(!c.is_holiday(day), "{day}");
        }
    }

    #[test]
    fn working_days_as_dfe_counts_them() {
        let c = Calendar::england_and_wales();
        // Easter 2021: Good Friday 2 April, Easter Monday 5 April. From Thursday 1 April to
        // Friday 16 April: 11 weekdays after the 1st, less 2 holidays = 9.
        assert_eq!(c.working_days(d(2021, 4, 1), d(2021, 4, 16)), Some(9));
        // The 2022 jubilee: Thursday 2 and Friday 3 June. Monday 30 May (an ordinary day that
        // year) to Monday 13 June: 10 weekdays after the 30th, less 2 = 8.
        assert_eq!(c.working_days(d(2022, 5, 30), d(2022, 6, 13)), Some(8));
        // Christmas 2020: Friday 25, Monday 28 (Boxing Day's substitute), Friday 1 January.
        // After Wednesday 23 December: 24, 29, 30, 31 December and 4, 5 January = 6.
        assert_eq!(c.working_days(d(2020, 12, 23), d(2021, 1, 5)), Some(6));

        assert_eq!(c.working_days(d(2021, 3, 1), d(2021, 3, 1)), Some(0));
        assert_eq!(c.working_days(d(2021, 3, 2), d(2021, 3, 1)), None);
    }

    #[test]
    fn working_days_match_a_day_by_day_count() {
        let mut c = Calendar::england_and_wales();
        // A holiday on a Saturday is no working day lost.
        c.add_csv("Date\n2022-06-04\n2022-06-06\n", "extra")
            .unwrap();
        let by_day = |start: NaiveDate, end: NaiveDate| {
            let mut n = 0;
            let mut day = start;
            while day < end {
                day = day.succ_opt().unwrap();
                n += u32::from(c.is_working_day(day));
            }
            n
        };
        let mut start = d(2019, 12, 1);
        while start < d(2023, 1, 1) {
            for span in [0, 1, 2, 5, 6, 7, 8, 13, 14, 15, 20, 21, 45, 64, 100, 400] {
                let end = start + chrono::Days::new(span);
                assert_eq!(
                    c.working_days(start, end),
                    Some(by_day(start, end)),
                    "{start} {end}"
                );
            }
            start = start.succ_opt().unwrap();
        }
        // Decades apart (a mistyped year) is answered at once, and exactly.
        assert_eq!(
            c.working_days(d(1999, 1, 1), d(2099, 1, 1)),
            Some(by_day(d(1999, 1, 1), d(2099, 1, 1)))
        );
    }

    #[test]
    fn more_holidays_from_a_file() {
        let mut c = Calendar::england_and_wales();
        assert_eq!(
            c.add_csv(
                "date,name\n2031-01-01,New Year\n01/04/2031,Local\n2020-12-25,dup\n",
                "h.csv"
            )
            .unwrap(),
            2
        );
        assert!(c.is_holiday(d(2031, 4, 1)));
        let err = c.add_csv("date\nsoon\n", "h.csv").unwrap_err().to_string();
        assert_eq!(
            err,
            "h.csv, line 2: the first column must be a date, such as 2026-12-25"
        );
    }
}
