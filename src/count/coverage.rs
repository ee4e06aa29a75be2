//! Whether the inputs cover a period, to the day. A table's span runs from the first day of
//! the month of its first event to the later of its last event day and the date its file name
//! or title says the extract was taken: an extract taken on 15 March covers half of March, and
//! a month cut short is partial. A list that holds only cases still open (Annex A Lists 6
//! and 7) is complete only within its return window; before it, it holds the cases that were
//! still open, so those days are covered in part. A span with no day covered has no figure.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use crate::count::{Counted, FeedRecord};
use crate::input::detect::Shape;
use crate::model::measure::MeasureId;
use crate::model::period::{Month, Period};

/// How much of a period the inputs span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cover {
    Full,
    Partial,
    None,
}

impl Cover {
    pub fn name(self) -> &'static str {
        match self {
            Cover::Full => "full",
            Cover::Partial => "partial",
            Cover::None => "none",
        }
    }
}

/// How many months before its extract date an open-cases list is complete: Annex A asks for
/// the cases open at the extract or during the six months before it.
pub const OPEN_CASES_WINDOW_MONTHS: u32 = 6;

/// The days some inputs of a measure span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The first day the inputs hold in full: later than `first` for a list of open cases.
    pub complete_from: NaiveDate,
}

impl DataSpan {
    pub fn first_month(&self) -> Month {
        Month::of_date(self.first)
    }

    pub fn last_month(&self) -> Month {
        Month::of_date(self.last)
    }

    fn union(self, other: DataSpan) -> DataSpan {
        DataSpan {
            first: self.first.min(other.first),
            last: self.last.max(other.last),
            complete_from: self.complete_from.min(other.complete_from),
        }
    }

    /// `2019-04 to 2024-03-15`: whole months as months, a part month to its day.
    pub fn text(&self) -> String {
        format!("{} to {}", self.first_month(), end_text(self.last))
    }

    /// The span of one table's feed: `None` when it has no dated event.
    pub fn of_feed(feed: &FeedRecord) -> Option<DataSpan> {
        let (first, last) = feed.tally.months.span()?;
        let last_event = feed.tally.last_day().unwrap_or(last.last_day());
        let last = feed.as_at.map_or(last_event, |as_at| as_at.max(last_event));
        let first = first.first_day();
        let window = last
            .checked_sub_months(Months::new(OPEN_CASES_WINDOW_MONTHS))
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .unwrap_or(first);
        // A list of open cases holds earlier starts only of cases still open in its window,
        // unless it holds a case closed before the window: then it is a full history.
        let history = feed
            .tally
            .first_closed()
            .is_some_and(|closed| closed < window);
        let complete_from = match feed.shape {
            Shape::AnnexA(list) if list.open_cases.is_some() && !history => window.max(first),
            _ => first,
        };
        Some(DataSpan {
            first,
            last,
            complete_from,
        })
    }
}

/// A run of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayRun {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DayRun {
    /// `2020-11 to 2021-03` for whole months, else `2024-03-16 to 2024-03-31`.
    fn text(&self) -> String {
        let whole = self.from.day0() == 0 && Month::of_date(self.to).last_day() == self.to;
        let (a, b) = if whole {
            (
                Month::of_date(self.from).to_string(),
                Month::of_date(self.to).to_string(),
            )
        } else {
            (self.from.to_string(), self.to.to_string())
        };
        if a == b { a } else { format!("{a} to {b}") }
    }
}

/// A month's last day as its month (`2024-03`), any other day as itself.
fn end_text(day: NaiveDate) -> String {
    let month = Month::of_date(day);
    if month.last_day() == day {
        month.to_string()
    } else {
        day.to_string()
    }
}

/// A measure's coverage of a period and its baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub baseline: Cover,
    pub current: Cover,
    /// The months of either span with days outside the inputs' span, in order.
    pub missing: Vec<Month>,
    /// Those days, as runs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_days: Vec<DayRun>,
    /// Days the inputs reach but hold in part only: a list of open cases before its window.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incomplete_days: Vec<DayRun>,
}

impl Coverage {
    pub fn of(counted: &Counted, measure: MeasureId, current: &Period, baseline: &Period) -> Self {
        Coverage::within(span(counted, measure), current, baseline)
    }

    /// Coverage of a period and its baseline by inputs that span `span`.
    pub fn within(span: Option<DataSpan>, current: &Period, baseline: &Period) -> Self {
        let base = cover(span, baseline);
        let now = cover(span, current);
        let mut missing_days: Vec<DayRun> =
            base.missing.iter().chain(&now.missing).copied().collect();
        missing_days.sort_by_key(|d| d.from);
        missing_days.dedup();
        let mut incomplete_days: Vec<DayRun> = base
            .incomplete
            .iter()
            .chain(&now.incomplete)
            .copied()
            .collect();
        incomplete_days.sort_by_key(|d| d.from);
        incomplete_days.dedup();
        let mut missing: Vec<Month> = missing_days
            .iter()
            .flat_map(|d| {
                let (a, b) = (Month::of_date(d.from), Month::of_date(d.to));
                (0..=b.index() - a.index()).map(move |i| a.plus(i))
            })
            .collect();
        missing.sort();
        missing.dedup();
        Coverage {
            baseline: base.cover,
            current: now.cover,
            missing,
            missing_days,
            incomplete_days,
        }
    }

    /// True when either span is covered in part (it keeps its figure, marked); a span with
    /// no data at all has no figure to mark.
    pub fn has_partial_span(&self) -> bool {
        self.baseline == Cover::Partial || self.current == Cover::Partial
    }

    /// True when either span is not fully covered.
    pub fn is_partial(&self) -> bool {
        self.baseline != Cover::Full || self.current != Cover::Full
    }

    /// The missing days in words: `2020-11 to 2021-03, 2024-03-16 to 2024-03-31`.
    pub fn missing_text(&self) -> String {
        runs_text(&self.missing_days)
    }

    /// The days held in part only, in words (empty when there are none).
    pub fn incomplete_text(&self) -> String {
        runs_text(&self.incomplete_days)
    }

    /// What is wanting, for a note: `no data for 2024-03-16 to 2024-03-31; 2022-04 to 2023-09
    /// held in part only (…)`.
    pub fn gaps_text(&self) -> String {
        let mut gaps = Vec::new();
        if !self.missing_days.is_empty() {
            gaps.push(format!("no data for {}", self.missing_text()));
        }
        if !self.incomplete_days.is_empty() {
            gaps.push(format!(
                "{} held in part only: an Annex A list of open cases holds earlier events only where the case was still open in the {OPEN_CASES_WINDOW_MONTHS} months before its extract",
                self.incomplete_text()
            ));
        }
        gaps.join("; ")
    }
}

/// Runs of days in words, runs that touch joined: `2020-11 to 2021-03, 2024-03-16`.
pub fn runs_text(runs: &[DayRun]) -> String {
    let mut merged: Vec<DayRun> = Vec::new();
    for run in runs {
        match merged.last_mut() {
            Some(last) if last.to.succ_opt() == Some(run.from) => last.to = run.to,
            _ => merged.push(*run),
        }
    }
    merged
        .iter()
        .map(DayRun::text)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The span of the inputs of `measure`: from the first to the last day of any table that
/// feeds it — with any measure the table feeds, so that an S47 list's span covers its ICPCs
/// too — and pre-counted figures by the periods they give.
pub fn span(counted: &Counted, measure: MeasureId) -> Option<DataSpan> {
    let tables: Vec<&str> = counted
        .feeds
        .iter()
        .filter(|f| f.measure == measure)
        .map(|f| f.table.as_str())
        .collect();
    let events = counted
        .feeds
        .iter()
        .filter(|f| tables.contains(&f.table.as_str()))
        .filter_map(DataSpan::of_feed);
    let precounted = counted
        .precounted
        .iter()
        .filter(|p| p.measure == measure)
        .flat_map(|p| {
            p.figures.iter().map(|(period, _, _)| DataSpan {
                first: period.from_date(),
                last: period.to_date(),
                complete_from: period.from_date(),
            })
        });
    events.chain(precounted).reduce(DataSpan::union)
}

/// Months with no event of `measure` between its first and last: a gap in an extract, or a
/// month an export missed.
pub fn gaps(counted: &Counted, measure: MeasureId) -> Vec<Month> {
    let Some(span) = span(counted, measure) else {
        return Vec::new();
    };
    if counted.precounted.iter().any(|p| p.measure == measure) {
        return Vec::new();
    }
    let feeds: Vec<_> = counted
        .feeds
        .iter()
        .filter(|f| f.measure == measure)
        .collect();
    // Up to the last month with an event: the months after it, to an extract date, may
    // simply have had none yet.
    let Some(last) = feeds
        .iter()
        .filter_map(|f| f.tally.months.span())
        .map(|s| s.1)
        .max()
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut m = span.first_month();
    while m < last {
        if feeds.iter().all(|f| f.tally.months.get(m) == 0) {
            out.push(m);
        }
        m = m.plus(1);
    }
    out
}

/// How far inputs spanning `span` cover `period`.
pub fn span_cover(span: Option<DataSpan>, period: &Period) -> Cover {
    cover(span, period).cover
}

/// One span's cover, and its days missing or held in part.
struct SpanCover {
    cover: Cover,
    missing: Vec<DayRun>,
    incomplete: Vec<DayRun>,
}

fn cover(span: Option<DataSpan>, period: &Period) -> SpanCover {
    let (from, to) = (period.from_date(), period.to_date());
    let Some(span) = span else {
        return SpanCover {
            cover: Cover::None,
            missing: vec![DayRun { from, to }],
            incomplete: Vec::new(),
        };
    };
    let run = |a: NaiveDate, b: NaiveDate| (a <= b).then_some(DayRun { from: a, to: b });
    let day_before = |d: NaiveDate| d.pred_opt().unwrap_or(d);
    let day_after = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    let mut missing = Vec::new();
    if span.first > to || span.last < from {
        missing.push(DayRun { from, to });
        return SpanCover {
            cover: Cover::None,
            missing,
            incomplete: Vec::new(),
        };
    }
    missing.extend(run(from, day_before(span.first).min(to)));
    missing.extend(run(day_after(span.last).max(from), to));
    let incomplete: Vec<DayRun> = run(from.max(span.first), day_before(span.complete_from).min(to))
        .into_iter()
        .filter(|_| span.complete_from > span.first)
        .collect();
    let cover = if missing.is_empty() && incomplete.is_empty() {
        Cover::Full
    } else {
        Cover::Partial
    };
    SpanCover {
        cover,
        missing,
        incomplete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn data(first: NaiveDate, last: NaiveDate) -> Option<DataSpan> {
        Some(DataSpan {
            first,
            last,
            complete_from: first,
        })
    }

    #[test]
    fn a_period_beyond_the_data_is_partial_or_none() {
        let fy: Period = "2020-21".parse().unwrap();
        let span = data(day(2019, 4, 1), day(2020, 10, 31));
        let c = Coverage::within(span, &fy, &fy.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Partial, Cover::Full));
        assert_eq!(c.missing.len(), 5);
        assert_eq!(c.missing_text(), "2020-11 to 2021-03");
        let far = fy.shift_years(-3);
        assert_eq!(cover(span, &far).cover, Cover::None);
        assert_eq!(cover(None, &fy).cover, Cover::None);
    }

    #[test]
    fn a_month_cut_short_is_partial_to_the_day() {
        let q4: Period = "2023-24:Q4".parse().unwrap();
        let span = data(day(2019, 4, 1), day(2024, 3, 15));
        let c = Coverage::within(span, &q4, &q4.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Partial, Cover::Full));
        assert_eq!(c.missing_text(), "2024-03-16 to 2024-03-31");
        assert_eq!(c.missing, vec![Month::new(2024, 3).unwrap()]);
        // Up to the last day of March: full.
        let span = data(day(2019, 4, 1), day(2024, 3, 31));
        assert!(!Coverage::within(span, &q4, &q4.year_earlier()).is_partial());
    }

    #[test]
    fn open_cases_are_partial_before_their_window() {
        let fy: Period = "2023-24".parse().unwrap();
        let span = Some(DataSpan {
            first: day(2015, 6, 1),
            last: day(2024, 3, 31),
            complete_from: day(2023, 10, 1),
        });
        let c = Coverage::within(span, &fy, &fy.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Partial, Cover::Partial));
        assert_eq!(c.incomplete_text(), "2022-04 to 2023-09");
        assert!(c.missing_days.is_empty());
    }
}
