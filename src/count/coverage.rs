//! Whether the inputs cover a period, to the day. A table's span runs from the first day of
//! the month of its first event to the later of its last event day and the date its file name
//! or title says the extract was taken: an extract taken on 15 March covers half of March, and
//! a month cut short is partial. A list that holds only cases still open (Annex A Lists 6
//! and 7) is complete only within its return window; before it, it holds the cases that were
//! still open, so those days are covered in part. A span with no day covered has no figure.

use crate::model::convert::{to_i32, to_u64};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use crate::count::{Counted, FeedRecord};
use crate::model::measure::MeasureId;
use crate::model::period::{Month, Period};

/// How much of a period the inputs span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Cover {
    Full,
    Partial,
    None,
}

impl Cover {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Cover::Full => "full",
            Cover::Partial => "partial",
            Cover::None => "none",
        }
    }
}

/// How many months before its extract date an open-cases list is complete: Annex A asks for
/// the cases open at the extract or during the six months before it.
pub(crate) const OPEN_CASES_WINDOW_MONTHS: u32 = 6;

/// A measure's monthly mean from which a month with no event inside a table's span is taken
/// for a gap in the extract rather than a quiet month: with 5 events a month on average, a
/// month of none has a chance under 1% (Poisson).
pub(crate) const GAP_MEAN: u64 = 5;

/// The days some inputs of a measure cover: runs of days, with any gap between extracts (or
/// inside one) left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataSpan {
    /// In order, apart and not touching.
    runs: Vec<DayRun>,
    /// The first day the inputs hold in full: later than the first for a list of open cases.
    pub complete_from: NaiveDate,
}

impl DataSpan {
    fn new(mut runs: Vec<DayRun>, complete_from: NaiveDate) -> Option<DataSpan> {
        runs.sort_by_key(|r| r.from);
        let mut merged: Vec<DayRun> = Vec::with_capacity(runs.len());
        for run in runs {
            match merged.last_mut() {
                Some(last) if last.to.succ_opt().is_some_and(|next| next >= run.from) => {
                    last.to = last.to.max(run.to);
                }
                _ => merged.push(run),
            }
        }
        (!merged.is_empty()).then_some(DataSpan {
            runs: merged,
            complete_from,
        })
    }

    pub(crate) fn first(&self) -> NaiveDate {
        self.runs.first().map_or(NaiveDate::MIN, |r| r.from)
    }

    pub(crate) fn last(&self) -> NaiveDate {
        self.runs.last().map_or(NaiveDate::MIN, |r| r.to)
    }

    pub(crate) fn first_month(&self) -> Month {
        Month::of_date(self.first())
    }

    pub(crate) fn last_month(&self) -> Month {
        Month::of_date(self.last())
    }

    fn union(self, other: DataSpan) -> DataSpan {
        let complete_from = self.complete_from.min(other.complete_from);
        let runs: Vec<DayRun> = self.runs.into_iter().chain(other.runs).collect();
        let fallback = DataSpan {
            runs: runs.clone(),
            complete_from,
        };
        DataSpan::new(runs, complete_from).unwrap_or(fallback)
    }

    /// `2019-04 to 2024-03-15`, runs apart joined: `2019-04 to 2019-09, 2020-04 to 2021-03`.
    pub(crate) fn text(&self) -> String {
        runs_text(&self.runs)
    }

    /// The days from `from` to `to` that no run covers.
    fn missing(&self, from: NaiveDate, to: NaiveDate) -> Vec<DayRun> {
        let mut out = Vec::new();
        let mut day = from;
        for run in &self.runs {
            if run.to < day {
                continue;
            }
            if run.from > to {
                break;
            }
            if run.from > day {
                out.push(DayRun {
                    from: day,
                    to: run.from.pred_opt().unwrap_or(run.from).min(to),
                });
            }
            day = match run.to.succ_opt() {
                Some(next) => next,
                None => return out,
            };
            if day > to {
                return out;
            }
        }
        if day <= to {
            out.push(DayRun { from: day, to });
        }
        out
    }

    /// The span of one table's feed: `None` when it has no dated event. It runs from the first
    /// day of its first event's month to the later of its last event day and its extract
    /// date, less the months with no event inside it where a month of none is unlikely (see
    /// [`GAP_MEAN`]).
    pub(crate) fn of_feed(feed: &FeedRecord) -> Option<DataSpan> {
        let (first_month, last_month) = feed.tally.months.span()?;
        let last_event = feed.tally.last_day().unwrap_or(last_month.last_day());
        // A table that says what it covers (a census return's collection year) covers that,
        // whatever its quiet months; its earlier events are partial.
        if let Some((from, to)) = feed.covers {
            let runs = vec![DayRun {
                from: first_month.first_day().min(from),
                to: to.max(last_event),
            }];
            return DataSpan::new(runs, from);
        }
        let last = feed
            .extract_date()
            .map_or(last_event, |as_at| as_at.max(last_event));
        let first = first_month.first_day();
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
        let complete_from = if feed.shape.lists_open_cases() && !history {
            window.max(first)
        } else {
            first
        };
        let months = to_u64(last_month.index() - first_month.index() + 1);
        let busy = feed.tally.months.total() >= GAP_MEAN * months;
        let mut runs = vec![DayRun {
            from: first,
            to: last,
        }];
        if busy {
            let holes = (0..to_i32(months))
                .map(|i| first_month.plus(i))
                .filter(|m| feed.tally.months.get(*m) == 0);
            runs = holes.fold(runs, |runs, hole| {
                cut(runs, hole.first_day(), hole.last_day())
            });
        }
        DataSpan::new(runs, complete_from)
    }
}

/// How long after a table's last event the date its name or title states may be, to be taken
/// for the date of the extract: a quiet spell at the end of a small list, not a report's
/// parameters (`01/04/2023 to 31/03/2025`) or a run date years later.
pub(crate) const AS_AT_WITHIN_DAYS: u64 = 92;

impl FeedRecord {
    /// The date the extract was taken, where its name or title states one no more than
    /// [`AS_AT_WITHIN_DAYS`] after its last event.
    pub fn extract_date(&self) -> Option<NaiveDate> {
        if self.covers.is_some() {
            return self.as_at;
        }
        let last = self.tally.last_day()?;
        let limit = last.checked_add_days(Days::new(AS_AT_WITHIN_DAYS))?;
        self.as_at.filter(|d| *d <= limit)
    }

    /// The note for a stated date too late to be the extract's.
    pub fn late_date_note(&self) -> Option<String> {
        let (as_at, last) = (self.as_at?, self.tally.last_day()?);
        (self.extract_date().is_none()).then(|| {
            format!(
                "{}: the date {as_at} in its name or title is more than {AS_AT_WITHIN_DAYS} days after its last event, \
                 so it is not taken for the date of the extract (the inputs are taken to end on {last})",
                self.table
            )
        })
    }
}

/// `runs` less the days from `from` to `to`.
fn cut(runs: Vec<DayRun>, from: NaiveDate, to: NaiveDate) -> Vec<DayRun> {
    let mut out = Vec::with_capacity(runs.len() + 1);
    for run in runs {
        if run.to < from || run.from > to {
            out.push(run);
            continue;
        }
        if run.from < from {
            out.push(DayRun {
                from: run.from,
                to: from.pred_opt().unwrap_or(from),
            });
        }
        if run.to > to {
            out.push(DayRun {
                from: to.succ_opt().unwrap_or(to),
                to: run.to,
            });
        }
    }
    out
}

/// A run of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct DayRun {
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

/// A measure's coverage of a period and its baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Coverage {
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
    pub(crate) fn of(
        counted: &Counted,
        measure: MeasureId,
        current: &Period,
        baseline: &Period,
    ) -> Self {
        Coverage::within(span(counted, measure).as_ref(), current, baseline)
    }

    /// Coverage of a period and its baseline by inputs that span `span`.
    pub(crate) fn within(span: Option<&DataSpan>, current: &Period, baseline: &Period) -> Self {
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
    pub(crate) fn has_partial_span(&self) -> bool {
        self.baseline == Cover::Partial || self.current == Cover::Partial
    }

    /// True when either span is not fully covered.
    pub(crate) fn is_partial(&self) -> bool {
        self.baseline != Cover::Full || self.current != Cover::Full
    }

    /// The missing days in words: `2020-11 to 2021-03, 2024-03-16 to 2024-03-31`.
    pub(crate) fn missing_text(&self) -> String {
        runs_text(&self.missing_days)
    }

    /// The days held in part only, in words (empty when there are none).
    pub(crate) fn incomplete_text(&self) -> String {
        runs_text(&self.incomplete_days)
    }

    /// What is wanting, for a note: `no data for 2024-03-16 to 2024-03-31; 2022-04 to 2023-09
    /// held in part only (…)`.
    pub(crate) fn gaps_text(&self) -> String {
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
pub(crate) fn runs_text(runs: &[DayRun]) -> String {
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
pub(crate) fn span(counted: &Counted, measure: MeasureId) -> Option<DataSpan> {
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
        .filter_map(|p| {
            let runs = p
                .figures
                .iter()
                .map(|(period, _, _)| DayRun {
                    from: period.first_date(),
                    to: period.last_date(),
                })
                .collect::<Vec<_>>();
            let first = runs.iter().map(|r| r.from).min()?;
            DataSpan::new(runs, first)
        });
    events.chain(precounted).reduce(DataSpan::union)
}

/// Months with no event of `measure` between its first and last: a gap in an extract, or a
/// month an export missed.
pub(crate) fn gaps(counted: &Counted, measure: MeasureId) -> Vec<Month> {
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
pub(crate) fn span_cover(span: Option<&DataSpan>, period: &Period) -> Cover {
    cover(span, period).cover
}

/// One span's cover, and its days missing or held in part.
struct SpanCover {
    cover: Cover,
    missing: Vec<DayRun>,
    incomplete: Vec<DayRun>,
}

fn cover(span: Option<&DataSpan>, period: &Period) -> SpanCover {
    let (from, to) = (period.first_date(), period.last_date());
    let whole = DayRun { from, to };
    let Some(span) = span else {
        return SpanCover {
            cover: Cover::None,
            missing: vec![whole],
            incomplete: Vec::new(),
        };
    };
    let missing = span.missing(from, to);
    if missing == [whole] {
        return SpanCover {
            cover: Cover::None,
            missing,
            incomplete: Vec::new(),
        };
    }
    // Days held in part only: covered days before the list of open cases is complete.
    let incomplete: Vec<DayRun> = match span.complete_from.pred_opt() {
        Some(before) if span.complete_from > span.first() => {
            let (a, b) = (from.max(span.first()), to.min(before));
            let held = if a <= b {
                vec![DayRun { from: a, to: b }]
            } else {
                Vec::new()
            };
            missing.iter().fold(held, |runs, m| cut(runs, m.from, m.to))
        }
        _ => Vec::new(),
    };
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
        DataSpan::new(
            vec![DayRun {
                from: first,
                to: last,
            }],
            first,
        )
    }

    #[test]
    fn a_period_beyond_the_data_is_partial_or_none() {
        let fy: Period = "2020-21".parse().unwrap();
        let span = data(day(2019, 4, 1), day(2020, 10, 31));
        let c = Coverage::within(span.as_ref(), &fy, &fy.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Partial, Cover::Full));
        assert_eq!(c.missing.len(), 5);
        assert_eq!(c.missing_text(), "2020-11 to 2021-03");
        let far = fy.shift_years(-3);
        assert_eq!(cover(span.as_ref(), &far).cover, Cover::None);
        assert_eq!(cover(None, &fy).cover, Cover::None);
    }

    #[test]
    fn a_month_cut_short_is_partial_to_the_day() {
        let q4: Period = "2023-24:Q4".parse().unwrap();
        let span = data(day(2019, 4, 1), day(2024, 3, 15));
        let c = Coverage::within(span.as_ref(), &q4, &q4.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Partial, Cover::Full));
        assert_eq!(c.missing_text(), "2024-03-16 to 2024-03-31");
        assert_eq!(c.missing, vec![Month::new(2024, 3).unwrap()]);
        // Up to the last day of March: full.
        let span = data(day(2019, 4, 1), day(2024, 3, 31));
        assert!(!Coverage::within(span.as_ref(), &q4, &q4.year_earlier()).is_partial());
    }

    #[test]
    fn open_cases_are_partial_before_their_window() {
        let fy: Period = "2023-24".parse().unwrap();
        let span = DataSpan::new(
            vec![DayRun {
                from: day(2015, 6, 1),
                to: day(2024, 3, 31),
            }],
            day(2023, 10, 1),
        );
        let c = Coverage::within(span.as_ref(), &fy, &fy.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Partial, Cover::Partial));
        assert_eq!(c.incomplete_text(), "2022-04 to 2023-09");
        assert!(c.missing_days.is_empty());
    }

    #[test]
    fn a_gap_between_extracts_is_missing() {
        let fy: Period = "2020-21".parse().unwrap();
        let runs = vec![
            DayRun {
                from: day(2019, 4, 1),
                to: day(2019, 9, 30),
            },
            DayRun {
                from: day(2020, 4, 1),
                to: day(2021, 3, 31),
            },
        ];
        let span = DataSpan::new(runs, day(2019, 4, 1));
        let c = Coverage::within(span.as_ref(), &fy, &fy.year_earlier());
        assert_eq!((c.current, c.baseline), (Cover::Full, Cover::Partial));
        assert_eq!(c.missing_text(), "2019-10 to 2020-03");
        assert_eq!(
            span.unwrap().text(),
            "2019-04 to 2019-09, 2020-04 to 2021-03"
        );
    }
}
