//! Periods as pre-counted figures and scorecards label them: `April 2020`, `Apr-20`, a
//! first-of-month date, `Q1 2020-21`, `Qtr 1` beside a financial year, `FY20/21`.

use crate::model::date::{days_in_month, month_year, parse_date};
use crate::model::period::{Month, Period, single_month};

/// The forms a pre-counted period may take, for messages.
pub(crate) const PERIOD_LABELS: &str = "a month (2020-04, April 2020, Apr-20, or a date on its first or last day such as \
     01/04/2020 or a date cell), a quarter (2020-21 Q1, Q1 2020-21, or Qtr 1 beside a financial-year column) \
     or a financial year (2020-21, 2020/21)";

/// The period a label names: `2020-04`, `April 2020`, `Apr-20`, `2020-04-01` (a month's first
/// or last day), `2020-21 Q1`, `Q1 2020-21`, `Qtr 1` (with the financial year `year` from a
/// column beside it), `2020-21`, `2020/21`. `None` when it names none.
pub(crate) fn period_label(text: &str, year: Option<&str>) -> Option<Period> {
    let text = text.trim();
    if text.is_empty() {
        return year.and_then(|y| period_label(y, None));
    }
    if let Some(month) = year.and_then(|y| month_of_year(text, y)) {
        return Some(single_month(month));
    }
    if let Some(quarter) = quarter_number(text) {
        // `Qtr 1`, `Quarter 1`, `Q1`: the financial year comes from its own column, or
        // follows (`Q1 2020-21`).
        let (q, rest) = quarter;
        let fy = financial_year(if rest.is_empty() { year? } else { rest })?;
        return format!("{fy} Q{q}").parse().ok();
    }
    if let Some(month) = month_year(text) {
        return Some(single_month(month));
    }
    if let Ok(date) = parse_date(text.as_bytes()) {
        let whole_month = date.day == 1 || date.day == days_in_month(date.year, date.month);
        return whole_month
            .then(|| Month::new(date.year, date.month).map(single_month))
            .flatten();
    }
    if let Some(fy) = financial_year(text) {
        return fy.parse().ok();
    }
    let period: Period = text.parse().ok()?;
    // A range (`2020-04..2020-06`) is not how a figure's period is written.
    (!text.contains("..")).then_some(period)
}

/// A financial year as people write it — `2020-21`, `2020/21`, `2020/2021`, `20/21`,
/// `FY20/21`, `FY 2020-21` — as `2020-21`.
fn financial_year(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .get(..2)
        .filter(|p| p.eq_ignore_ascii_case("fy"))
        .map_or(t, |_| t.get(2..).unwrap_or_default().trim());
    let (a, b) = t.split_once(['-', '/'])?;
    let number = |s: &str| {
        let digits = (s.len() == 2 || s.len() == 4) && s.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| s.parse::<i32>().ok()).flatten()
    };
    let (a, b) = (number(a)?, number(b)?);
    let start = if a < 100 { 2000 + a } else { a };
    let end = if b < 100 { start - start % 100 + b } else { b };
    (end == start + 1).then(|| format!("{start}-{:02}", end % 100))
}

/// A month named alone (`April`) beside a year column: a calendar year (`2020`: April
/// 2020) or a financial year (`2020-21`: April 2020, January 2021).
fn month_of_year(text: &str, year: &str) -> Option<Month> {
    let month = month_year(&format!("{text} 2000"))?.month();
    let year = year.trim();
    if let Ok(calendar) = year.parse::<i32>() {
        return Month::new(calendar, month);
    }
    let start: i32 = financial_year(year)?.get(..4)?.parse().ok()?;
    Month::new(if month >= 4 { start } else { start + 1 }, month)
}

/// `Q1`, `Qtr 1`, `Qtr1`, `Quarter 1` at the start of `text`: the quarter and what follows.
fn quarter_number(text: &str) -> Option<(u32, &str)> {
    let lower = text.to_ascii_lowercase();
    let after = ["quarter", "qtr", "q"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    let after = after.trim_start();
    let digit = after
        .chars()
        .next()?
        .to_digit(10)
        .filter(|q| (1..=4).contains(q))?;
    let consumed = text.len() - after.len() + 1;
    let rest = text.get(consumed..)?;
    // `Q1` must end there, or be followed by a space and the year.
    if rest.is_empty() || rest.starts_with([' ', ',']) {
        Some((digit, rest.trim_start_matches([' ', ',']).trim()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, year: Option<&str>) -> Option<String> {
        period_label(text, year).map(|p| format!("{} to {}", p.start(), p.end()))
    }

    #[test]
    fn the_periods_people_write() {
        let april = Some("2020-04 to 2020-04".to_string());
        for text in [
            "2020-04",
            "April 2020",
            "Apr-20",
            "2020-04-01",
            "01/04/2020",
            "30/04/2020",
        ] {
            assert_eq!(label(text, None), april, "{text}");
        }
        let q1 = Some("2020-04 to 2020-06".to_string());
        for (text, year) in [
            ("2020-21 Q1", None),
            ("Q1 2020-21", None),
            ("Qtr 1 2020/21", None),
            ("Qtr 1", Some("2020-21")),
            ("Quarter 1", Some("2020/21")),
            ("Q1", Some("2020/21")),
        ] {
            assert_eq!(label(text, year), q1, "{text} {year:?}");
        }
        assert_eq!(label("2020/21", None), Some("2020-04 to 2021-03".into()));
        assert_eq!(
            label("", Some("2020-21")),
            Some("2020-04 to 2021-03".into())
        );
        assert_eq!(label("20/21", None), Some("2020-04 to 2021-03".into()));
        assert_eq!(label("FY20/21", None), Some("2020-04 to 2021-03".into()));
        assert_eq!(label("Qtr 1", Some("FY 20/21")), q1);
        assert_eq!(label("April", Some("2020")), april);
        assert_eq!(label("April", Some("2020-21")), april);
        assert_eq!(
            label("January", Some("2020/21")),
            Some("2021-01 to 2021-01".into())
        );
        for text in [
            "20/22",
            "15/04/2020",
            "YTD",
            "Total",
            "2019/20 Total",
            "Qtr 5",
            "Qtr 1",
            "2020-04..2020-06",
            "Q1x",
        ] {
            assert_eq!(label(text, None), None, "{text}");
        }
    }
}
