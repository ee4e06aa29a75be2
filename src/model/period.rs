//! Reporting periods: months, financial-year quarters, financial years, calendar years and
//! ranges of them, with the labels and titles committee papers use.
//!
//! Every period is a whole number of calendar months, so counting per month is enough to
//! answer any period: a period is an inclusive span of [`Month`]s plus the *form* the user
//! wrote it in, which decides its title (`2020/21 Quarters 1 & 2` or `April–September 2020`).

use crate::model::convert::{to_i32, to_usize};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// Years a period may name; event dates outside them are rejected as implausible.
pub(crate) const FIRST_YEAR: i32 = 1900;
pub(crate) const LAST_YEAR: i32 = 2099;

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar month, stored as `year * 12 + (month - 1)` so that months order and subtract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// `month` is 1–12 and `year` 1–9999 (a database may hold any number in a year column).
    /// Every month is one of these moved by at most a few centuries, so its days always exist.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year))
            .then(|| Month(year * 12 + to_i32(month) - 1))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 (January) to 12 (December).
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// Months since year 0: a dense index for histograms.
    pub fn index(self) -> i32 {
        self.0
    }

    pub fn from_index(index: i32) -> Month {
        Month(index)
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    /// The year a financial year starts in: April 2020 to March 2021 is 2020 (2020/21).
    pub fn financial_year(self) -> i32 {
        if self.month() >= 4 {
            self.year()
        } else {
            self.year() - 1
        }
    }

    /// 1 (April–June) to 4 (January–March).
    pub fn quarter(self) -> u32 {
        (self.month() + 8) % 12 / 3 + 1
    }

    /// The month a day falls in.
    pub fn of_date(day: NaiveDate) -> Month {
        let (year, month) = (chrono::Datelike::year(&day), chrono::Datelike::month(&day));
        Month::from_index(year * 12 + to_i32(month) - 1)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1)
            .expect("a month's year is within chrono's range (see Month::new)")
    }

    pub fn last_day(self) -> NaiveDate {
        self.plus(1)
            .first_day()
            .pred_opt()
            .expect("the first day of a month in range has a day before it")
    }

    pub fn name(self) -> &'static str {
        MONTH_NAMES
            .get(to_usize(self.0.rem_euclid(12)))
            .copied()
            .expect("a remainder of 12 indexes the 12 month names")
    }

    pub fn short_name(self) -> &'static str {
        &self.name()[..3]
    }
}

impl serde::Serialize for Month {
    /// ISO form, `2020-04`, as JSON carries months.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Month {
    /// ISO form, `2020-04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// The financial year starting in `year`, as papers write it: `2020/21`.
pub(crate) fn financial_year_label(year: i32) -> String {
    format!("{}/{:02}", year, (year + 1).rem_euclid(100))
}

/// How the period was written, which decides its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Month,
    Months,
    /// Quarters within one financial year.
    Quarters,
    FinancialYears,
    CalendarYears,
}

/// An inclusive span of whole months and the form it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    start: Month,
    end: Month,
    form: Form,
}

impl Period {
    pub fn new(start: Month, end: Month, form: Form) -> Option<Period> {
        (start <= end).then_some(Period { start, end, form })
    }

    pub fn start(&self) -> Month {
        self.start
    }

    pub fn end(&self) -> Month {
        self.end
    }

    pub fn form(&self) -> Form {
        self.form
    }

    /// First day of the period.
    pub fn first_date(&self) -> NaiveDate {
        self.start.first_day()
    }

    /// Last day of the period.
    pub fn last_date(&self) -> NaiveDate {
        self.end.last_day()
    }

    pub fn contains(&self, month: Month) -> bool {
        self.start <= month && month <= self.end
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    pub fn months(&self) -> impl Iterator<Item = Month> + use<> {
        (self.start.0..=self.end.0).map(Month)
    }

    pub fn len_months(&self) -> i32 {
        self.end.0 - self.start.0 + 1
    }

    /// The same span `years` years earlier (or later, for a negative number), same form.
    pub fn shift_years(&self, years: i32) -> Period {
        Period {
            start: self.start.plus(-12 * years),
            end: self.end.plus(-12 * years),
            form: self.form,
        }
    }

    /// The comparison baseline: the same span one year earlier.
    pub fn year_earlier(&self) -> Period {
        self.shift_years(1)
    }

    /// The title committee papers give the span: `2020/21 Quarters 1 & 2`, `2020/21`,
    /// `April–September 2020`.
    pub fn title(&self) -> String {
        let (s, e) = (self.start, self.end);
        match self.form {
            Form::Quarters => {
                let quarters: Vec<String> =
                    (s.quarter()..=e.quarter()).map(|q| q.to_string()).collect();
                let fy = financial_year_label(s.financial_year());
                match quarters.as_slice() {
                    [one] => format!("{fy} Quarter {one}"),
                    [init @ .., last] => format!("{fy} Quarters {} & {last}", init.join(", ")),
                    [] => fy,
                }
            }
            Form::FinancialYears if s.financial_year() == e.financial_year() => {
                financial_year_label(s.financial_year())
            }
            Form::FinancialYears => format!(
                "{} to {}",
                financial_year_label(s.financial_year()),
                financial_year_label(e.financial_year())
            ),
            Form::CalendarYears if s.year() == e.year() => s.year().to_string(),
            Form::CalendarYears => format!("{} to {}", s.year(), e.year()),
            Form::Month | Form::Months if s == e => format!("{} {}", s.name(), s.year()),
            Form::Month | Form::Months if s.year() == e.year() => {
                format!("{}–{} {}", s.name(), e.name(), s.year())
            }
            Form::Month | Form::Months => {
                format!("{} {}–{} {}", s.name(), s.year(), e.name(), e.year())
            }
        }
    }

    /// The column heading, as in the committee table: the calendar year for a period inside
    /// one (`2020`), else the financial year (`2019/20`), else the span (`Apr 2019–Mar 2021`).
    pub fn column_label(&self) -> String {
        if self.start.year() == self.end.year() {
            self.start.year().to_string()
        } else if self.start.financial_year() == self.end.financial_year() {
            financial_year_label(self.start.financial_year())
        } else {
            self.span_label()
        }
    }

    /// The months themselves: `Apr 2020`, `Apr–Sep 2020`, `Oct 2019–Mar 2020`.
    pub fn span_label(&self) -> String {
        let (s, e) = (self.start, self.end);
        if s == e {
            format!("{} {}", s.short_name(), s.year())
        } else if s.year() == e.year() {
            format!("{}–{} {}", s.short_name(), e.short_name(), s.year())
        } else {
            format!(
                "{} {}–{} {}",
                s.short_name(),
                s.year(),
                e.short_name(),
                e.year()
            )
        }
    }
}

/// Column labels for a current period and its baseline, distinct even when both periods fall
/// in the same calendar year (then both are labelled by their months).
pub(crate) fn column_labels(current: &Period, baseline: &Period) -> (String, String) {
    let (c, b) = (current.column_label(), baseline.column_label());
    if c != b {
        (c, b)
    } else {
        (current.span_label(), baseline.span_label())
    }
}

/// Accepted spellings, shown when a period cannot be read.
pub(crate) const PERIOD_FORMS: &str = "2020-21:Q1-Q2 (quarters of a financial year), 2020-21 or 2020/21 \
(a financial year), 2020-04..2020-09 (a range of months), 2020-04 (a month) or 2020 (a calendar year)";

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Period, String> {
        let text = text.trim();
        // `2020-21:Q1..Q2` is a quarter range inside one year, not a range of two periods.
        let parsed = match text.split_once("..") {
            Some((a, b)) if !b.trim_start().starts_with(['Q', 'q']) => parse_range(a, b),
            _ => parse_single(text),
        };
        parsed.map_err(|why| format!("cannot read period '{text}': {why}; write {PERIOD_FORMS}"))
    }
}

fn parse_range(a: &str, b: &str) -> Result<Period, String> {
    let (a, b) = (parse_single(a.trim())?, parse_single(b.trim())?);
    if b.end < a.start {
        return Err("the range ends before it starts".into());
    }
    let form = match (a.form, b.form) {
        (Form::Quarters, Form::Quarters) if a.start.financial_year() == b.end.financial_year() => {
            Form::Quarters
        }
        (Form::FinancialYears, Form::FinancialYears) => Form::FinancialYears,
        (Form::CalendarYears, Form::CalendarYears) => Form::CalendarYears,
        _ => Form::Months,
    };
    Ok(Period {
        start: a.start,
        end: b.end,
        form,
    })
}

fn parse_single(text: &str) -> Result<Period, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let (explicit_fy, rest) = match text.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("fy") => (true, text[2..].trim_start()),
        _ => (false, text),
    };
    if let Some(q) = rest.find(['Q', 'q']) {
        let fy = parse_financial_year(rest[..q].trim_end_matches([':', ' ', '-']))?;
        return parse_quarters(fy, &rest[q..]);
    }
    if !explicit_fy {
        if let Some(month) = parse_month(rest) {
            return Ok(Period {
                start: month,
                end: month,
                form: Form::Month,
            });
        }
        if rest.len() == 4 {
            let year = parse_year(rest)?;
            return Period::new(Month(year * 12), Month(year * 12 + 11), Form::CalendarYears)
                .ok_or_else(|| "impossible year".to_string());
        }
    }
    let fy = parse_financial_year(rest)?;
    Ok(financial_year(fy))
}

/// One calendar month as a period.
pub(crate) fn single_month(month: Month) -> Period {
    Period {
        start: month,
        end: month,
        form: Form::Month,
    }
}

/// The financial year starting in April of `year`.
pub(crate) fn financial_year(year: i32) -> Period {
    Period {
        start: Month(year * 12 + 3),
        end: Month(year * 12 + 14),
        form: Form::FinancialYears,
    }
}

fn parse_year(text: &str) -> Result<i32, String> {
    let year: i32 = match text.len() {
        4 if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().map_err(|_| "bad year")?,
        _ => return Err(format!("'{text}' is not a four-digit year")),
    };
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(format!("years from {FIRST_YEAR} to {LAST_YEAR} only"))
    }
}

/// `2020-04` (ISO year and month). `2011-12` is read as December 2011, not the financial
/// year 2011/12: write `2011/12` or `FY2011-12` for that.
pub(crate) fn parse_month(text: &str) -> Option<Month> {
    let (y, m) = text.split_once('-')?;
    if m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = parse_year(y).ok()?;
    Month::new(year, m.parse().ok()?)
}

/// `2020-21`, `2020/21`, `2020-2021`, `2020/2021`: returns the starting year.
fn parse_financial_year(text: &str) -> Result<i32, String> {
    let Some((a, b)) = text.split_once(['-', '/']) else {
        return Err(format!("'{text}' is not a financial year such as 2020-21"));
    };
    let start = parse_year(a)?;
    let ok = match b.len() {
        2 => b.parse::<i32>().ok() == Some((start + 1) % 100),
        4 => b.parse::<i32>().ok() == Some(start + 1),
        _ => false,
    };
    if ok {
        Ok(start)
    } else {
        Err(format!(
            "'{text}' is not a financial year: the second year must follow the first, as in {}",
            financial_year_label(start).replace('/', "-")
        ))
    }
}

/// `Q1-Q2`, `Q1-2`, `Q1..Q2`, `Q3` within the financial year starting in `fy`.
fn parse_quarters(fy: i32, text: &str) -> Result<Period, String> {
    let quarter = |s: &str| -> Result<i32, String> {
        let digits = s.trim().trim_start_matches(['Q', 'q']);
        match digits.parse::<i32>() {
            Ok(q @ 1..=4) => Ok(q),
            _ => Err(format!("'{}' is not a quarter Q1 to Q4", s.trim())),
        }
    };
    let (first, last) = match text.split_once("..").or_else(|| text.split_once('-')) {
        Some((a, b)) => (quarter(a)?, quarter(b)?),
        None => (quarter(text)?, quarter(text)?),
    };
    if last < first {
        return Err("the quarters run backwards".into());
    }
    let april = fy * 12 + 3;
    Ok(Period {
        start: Month(april + (first - 1) * 3),
        end: Month(april + last * 3 - 1),
        form: Form::Quarters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A month has real days whatever its source: a year a database holds out of all range is
    /// no month at all, never 1 January 1970.
    #[test]
    fn every_month_has_real_days() {
        assert_eq!(Month::new(50_000, 1), None);
        assert_eq!(Month::new(0, 1), None);
        assert_eq!(Month::new(2020, 13), None);
        let last = Month::new(9999, 12).unwrap().plus(1200);
        assert_eq!(last.last_day().to_string(), "+10099-12-31");
        let first = Month::new(1, 1).unwrap().plus(-1200);
        assert_eq!(first.first_day().to_string(), "-0099-01-01");
        assert_eq!(
            Month::new(2024, 2).unwrap().last_day().to_string(),
            "2024-02-29"
        );
    }

    fn p(text: &str) -> Period {
        text.parse().unwrap()
    }

    fn span(period: &Period) -> (String, String) {
        (
            period.first_date().to_string(),
            period.last_date().to_string(),
        )
    }

    #[test]
    fn quarters_of_a_financial_year() {
        let q12 = p("2020-21:Q1-Q2");
        assert_eq!(span(&q12), ("2020-04-01".into(), "2020-09-30".into()));
        assert_eq!(q12.title(), "2020/21 Quarters 1 & 2");
        assert_eq!(q12.column_label(), "2020");
        assert_eq!(q12.year_earlier().column_label(), "2019");
        assert_eq!(q12.year_earlier().title(), "2019/20 Quarters 1 & 2");
        for spelling in [
            "2020/21:Q1-Q2",
            "2020-21 Q1-2",
            "2020-2021:q1..q2",
            "FY2020-21:Q1-Q2",
        ] {
            assert_eq!(p(spelling), q12, "{spelling}");
        }
        assert_eq!(p("2020/21:Q3").title(), "2020/21 Quarter 3");
        assert_eq!(p("2020-21:Q1-Q3").title(), "2020/21 Quarters 1, 2 & 3");
    }

    #[test]
    fn q4_lies_in_the_next_calendar_year() {
        let q4 = p("2020-21:Q4");
        assert_eq!(span(&q4), ("2021-01-01".into(), "2021-03-31".into()));
        assert_eq!(q4.column_label(), "2021");
        let q34 = p("2019-20:Q3-Q4");
        assert_eq!(span(&q34), ("2019-10-01".into(), "2020-03-31".into()));
        assert_eq!(q34.column_label(), "2019/20");
    }

    #[test]
    fn leap_february_and_month_ends() {
        assert_eq!(
            span(&p("2020-02")),
            ("2020-02-01".into(), "2020-02-29".into())
        );
        assert_eq!(
            span(&p("2020-02").year_earlier()),
            ("2019-02-01".into(), "2019-02-28".into())
        );
        assert_eq!(
            span(&p("2019-20")),
            ("2019-04-01".into(), "2020-03-31".into())
        );
        assert_eq!(span(&p("2000-02")).1, "2000-02-29");
        assert_eq!(span(&p("2021-02").year_earlier()).1, "2020-02-29");
    }

    #[test]
    fn financial_and_calendar_years() {
        let fy = p("2020-21");
        assert_eq!(span(&fy), ("2020-04-01".into(), "2021-03-31".into()));
        assert_eq!(
            (fy.title(), fy.column_label()),
            ("2020/21".into(), "2020/21".into())
        );
        assert_eq!(p("2020/21"), fy);
        assert_eq!(p("2020/2021"), fy);
        let cal = p("2020");
        assert_eq!(span(&cal), ("2020-01-01".into(), "2020-12-31".into()));
        assert_eq!(
            (cal.title(), cal.column_label()),
            ("2020".into(), "2020".into())
        );
        assert_eq!(p("1999/00").title(), "1999/00");
    }

    #[test]
    fn month_ranges_and_labels() {
        let r = p("2020-04..2020-09");
        assert_eq!(span(&r), ("2020-04-01".into(), "2020-09-30".into()));
        assert_eq!(r.title(), "April–September 2020");
        assert_eq!(p("2020-04").title(), "April 2020");
        let wide = p("2019-04..2021-03");
        assert_eq!(wide.column_label(), "Apr 2019–Mar 2021");
        assert_eq!(wide.title(), "April 2019–March 2021");
        assert_eq!(p("2019-20..2020-21").title(), "2019/20 to 2020/21");
        assert_eq!(p("2020-21:Q1..2020-21:Q2"), p("2020-21:Q1-Q2"));
    }

    #[test]
    fn ambiguous_year_month_is_a_month() {
        assert_eq!(p("2011-12").title(), "December 2011");
        assert_eq!(p("2011/12").title(), "2011/12");
        assert_eq!(p("FY2011-12").title(), "2011/12");
    }

    #[test]
    fn labels_stay_distinct_within_one_year() {
        let (c, b) = column_labels(&p("2020-05"), &p("2020-04"));
        assert_eq!((c.as_str(), b.as_str()), ("May 2020", "Apr 2020"));
    }

    #[test]
    fn bad_periods_explain_themselves() {
        for (text, why) in [
            (
                "2020-22",
                "second year must follow the first, as in 2020-21",
            ),
            ("2020-21:Q5", "'Q5' is not a quarter Q1 to Q4"),
            ("2020-13", "second year must follow the first"),
            ("20-21", "'20' is not a four-digit year"),
            ("2020-09..2020-04", "the range ends before it starts"),
            ("2020-21:Q3-Q1", "the quarters run backwards"),
            ("", "it is empty"),
            ("1850", "years from 1900 to 2099 only"),
        ] {
            let err = text.parse::<Period>().unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
            assert!(
                err.starts_with(&format!("cannot read period '{text}'")),
                "{err}"
            );
        }
    }

    proptest! {
        #[test]
        fn baseline_is_exactly_one_year_earlier(start in 1901 * 12..2098 * 12, len in 1..36i32) {
            let period = Period::new(Month(start), Month(start + len - 1), Form::Months).unwrap();
            let base = period.year_earlier();
            prop_assert_eq!(base.len_months(), period.len_months());
            let (f, t) = (period.first_date(), period.last_date());
            prop_assert_eq!(base.first_date(), f.with_year(f.year() - 1).unwrap());
            // The day after the baseline ends is the day after the period ends, a year
            // earlier (so a baseline may end on 29 February when the period ends on the 28th).
            let after = t.succ_opt().unwrap();
            prop_assert_eq!(base.last_date().succ_opt().unwrap(), after.with_year(after.year() - 1).unwrap());
        }

        #[test]
        fn quarters_and_months_tile_the_financial_year(fy in 1900..2098i32) {
            let year = financial_year(fy);
            let quarters: Vec<Period> =
                (1..=4).map(|q| p(&format!("{}:Q{q}", financial_year_label(fy)))).collect();
            prop_assert_eq!(quarters[0].start(), year.start());
            prop_assert_eq!(quarters[3].end(), year.end());
            for pair in quarters.windows(2) {
                prop_assert_eq!(pair[0].end().plus(1), pair[1].start());
            }
            let months: i32 = quarters.iter().map(Period::len_months).sum();
            prop_assert_eq!(months, year.len_months());
            prop_assert!(year.months().all(|m| m.financial_year() == fy));
        }
    }

    use chrono::Datelike;
}
