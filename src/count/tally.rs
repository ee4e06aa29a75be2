//! What counting one measure from one table saw: events per month, rejected rows by reason
//! and line, and the rest of the data-quality record.

use crate::model::convert::{to_i32, to_u32, to_usize};
use std::collections::BTreeMap;

use crate::model::date::DateError;
use crate::model::period::{Month, Period};

/// How many rejected line numbers are kept to show the user.
pub(crate) const REJECTED_LINES_KEPT: usize = 10;

/// Events per calendar month. The months seen are held in one dense run, grown while it
/// stays close to the months with events; a month far from the run (a date in 1900 or 2099
/// among this decade's) is held apart, so that a group's storage follows the months it has
/// events in, not the years between its earliest and latest date.
#[derive(Debug, Clone, Default)]
pub struct MonthCounts {
    first: i32,
    counts: Vec<u64>,
    /// Months with events outside the dense run, in order.
    far: Vec<(i32, u64)>,
}

/// Equal when they hold the same counts, however they are laid out.
impl PartialEq for MonthCounts {
    fn eq(&self, other: &MonthCounts) -> bool {
        self.each()
            .filter(|&(_, n)| n > 0)
            .eq(other.each().filter(|&(_, n)| n > 0))
    }
}

impl Eq for MonthCounts {}

/// The dense run may span this many months, or four times the months with events, whichever
/// is more.
const DENSE_MONTHS: usize = 24;

impl MonthCounts {
    pub fn add(&mut self, month: Month) {
        self.add_n(month, 1);
    }

    pub fn add_n(&mut self, month: Month, n: u64) {
        let index = month.index();
        // Nearly every event lands in the run already held: counted at once.
        if let Some(count) = usize::try_from(index - self.first)
            .ok()
            .and_then(|i| self.counts.get_mut(i))
        {
            *count += n;
            return;
        }
        if self.counts.is_empty() {
            self.first = index;
            self.counts.push(0);
        }
        let last = self.first + to_i32(self.counts.len()) - 1;
        let (low, high) = (self.first.min(index), last.max(index));
        let span = to_usize(high - low) + 1;
        if span > self.counts.len() {
            let filled = self.counts.iter().filter(|&&c| c > 0).count() + self.far.len() + 1;
            if span > DENSE_MONTHS.max(4 * filled) {
                self.add_far(index, n);
                return;
            }
            if index < self.first {
                let grow = to_usize(self.first - index);
                self.counts.splice(0..0, std::iter::repeat_n(0, grow));
                self.first = index;
            } else {
                self.counts.resize(span, 0);
            }
            self.absorb_far();
        }
        if let Some(count) = usize::try_from(index - self.first)
            .ok()
            .and_then(|i| self.counts.get_mut(i))
        {
            *count += n;
        }
    }

    fn add_far(&mut self, index: i32, n: u64) {
        match self.far.binary_search_by_key(&index, |&(m, _)| m) {
            Ok(at) => {
                if let Some((_, count)) = self.far.get_mut(at) {
                    *count += n;
                }
            }
            Err(at) => self.far.insert(at, (index, n)),
        }
    }

    /// Moves into the dense run the far months it now covers.
    fn absorb_far(&mut self) {
        let (first, len) = (self.first, to_i32(self.counts.len()));
        let mut kept = Vec::new();
        for (index, n) in std::mem::take(&mut self.far) {
            match usize::try_from(index - first)
                .ok()
                .filter(|_| index - first < len)
                .and_then(|i| self.counts.get_mut(i))
            {
                Some(count) => *count += n,
                None => kept.push((index, n)),
            }
        }
        self.far = kept;
    }

    /// Every month with a count, in order: (month index, count).
    fn each(&self) -> impl Iterator<Item = (i32, u64)> + '_ {
        let dense = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, &n)| (self.first + to_i32(i), n));
        let mut all: Vec<(i32, u64)> = dense.chain(self.far.iter().copied()).collect();
        all.sort_unstable_by_key(|&(m, _)| m);
        all.into_iter()
    }

    /// Takes back the events of `other` (repeats found after they were counted).
    pub fn subtract(&mut self, other: &MonthCounts) {
        for (index, n) in other.each() {
            let dense = usize::try_from(index - self.first)
                .ok()
                .and_then(|i| self.counts.get_mut(i));
            if let Some(count) = dense {
                *count = count.saturating_sub(n);
            } else if let Ok(at) = self.far.binary_search_by_key(&index, |&(m, _)| m)
                && let Some((_, count)) = self.far.get_mut(at)
            {
                *count = count.saturating_sub(n);
            }
        }
    }

    pub fn get(&self, month: Month) -> u64 {
        let index = month.index();
        let dense = usize::try_from(index - self.first)
            .ok()
            .and_then(|i| self.counts.get(i))
            .copied();
        dense.unwrap_or_else(|| {
            self.far
                .binary_search_by_key(&index, |&(m, _)| m)
                .ok()
                .and_then(|at| self.far.get(at))
                .map_or(0, |&(_, n)| n)
        })
    }

    /// Events in the period.
    pub fn sum(&self, period: &Period) -> u64 {
        period.months().map(|m| self.get(m)).sum()
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.far.iter().map(|&(_, n)| n).sum::<u64>()
    }

    /// The first and last months with an event.
    pub fn span(&self) -> Option<(Month, Month)> {
        let mut months = self.each().filter(|&(_, n)| n > 0).map(|(m, _)| m);
        let first = months.next()?;
        let last = months.last().unwrap_or(first);
        Some((Month::from_index(first), Month::from_index(last)))
    }

    pub fn merge(&mut self, other: &MonthCounts) {
        for (index, n) in other.each() {
            if n > 0 {
                self.add_n(Month::from_index(index), n);
            }
        }
    }
}

/// Rows left out of the counts because their date could not be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejections {
    pub total: u64,
    /// Indexed by [`DateError::index`].
    pub by_reason: [u64; crate::model::date::REASONS],
    /// The first few line numbers, in file order.
    pub first_lines: Vec<u64>,
    /// The shapes of the first few distinct unreadable values (`DD-AAA-DD`), never the values.
    pub shapes: Vec<String>,
    /// The first line whose date cell holds a date column's name: a header row read as data
    /// (a second table below the first, in a file too large to be searched for one).
    pub header_line: Option<u64>,
}

/// How many distinct shapes of unreadable values are kept.
const SHAPES_KEPT: usize = 3;

impl Rejections {
    pub fn add(&mut self, reason: DateError, line: u64) {
        self.total += 1;
        if let Some(n) = self.by_reason.get_mut(reason.index()) {
            *n += 1;
        }
        if self.first_lines.len() < REJECTED_LINES_KEPT {
            self.first_lines.push(line);
        }
    }

    /// As [`Rejections::add`], keeping the shape of an unreadable `field` (not the field).
    pub fn add_field(&mut self, reason: DateError, line: u64, field: &[u8]) {
        if reason == DateError::NotADate
            && self.header_line.is_none()
            && crate::model::measure::names_a_date(&String::from_utf8_lossy(field))
        {
            self.header_line = Some(line);
        }
        if reason != DateError::Blank && self.shapes.len() < SHAPES_KEPT {
            let shape = crate::count::checks::shape_of(field);
            if !self.shapes.contains(&shape) {
                self.shapes.push(shape);
            }
        }
        self.add(reason, line);
    }

    /// Merges a tally of rows that come *after* this one's in the file.
    pub fn merge(&mut self, later: &Rejections) {
        self.total += later.total;
        self.header_line = self.header_line.or(later.header_line);
        for (mine, theirs) in self.by_reason.iter_mut().zip(later.by_reason) {
            *mine += theirs;
        }
        let room = REJECTED_LINES_KEPT.saturating_sub(self.first_lines.len());
        self.first_lines
            .extend(later.first_lines.iter().take(room).copied());
        for shape in &later.shapes {
            if self.shapes.len() < SHAPES_KEPT && !self.shapes.contains(shape) {
                self.shapes.push(shape.clone());
            }
        }
    }
}

/// What one measure read from one table saw: the data-quality record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedTally {
    /// Data rows in the table (blank lines and rows of empty fields are not rows).
    pub rows_read: u64,
    /// Every row with a usable date, by month, before duplicates are dropped.
    pub months: MonthCounts,
    pub rejected: Rejections,
    /// Rows whose date is blank where a blank means no event (no ICPC held).
    pub no_event: u64,
    /// Rows dropped as repeats of an event already counted.
    pub duplicates: u64,
    /// Dated rows with no child ID (not de-duplicated, not counted as a child).
    pub missing_id: u64,
    /// The line of a row whose quote is never closed (it ran on to the end of the file).
    pub unclosed_quote: Option<u64>,
    /// Rejected dates that are impossible day first but valid month first (`05/25/2020`).
    pub month_first: u64,
    /// In a workflow table: rows of another stage (not read for this measure).
    pub other_type: u64,
    /// In a workflow table (first feed only): type values that name no stage, with their rows
    /// (at most `UNMAPPED_KEPT` of them).
    pub unmapped_types: BTreeMap<Box<[u8]>, u64>,
    /// Rows of unmapped type values beyond those kept.
    pub unmapped_overflow: u64,
    /// The last event day seen, packed by `pack_day` (0: none, or not known to the day).
    pub last_day: u32,
    /// In a list of open cases: the earliest end date of a case, packed (0: none seen).
    pub first_closed: u32,
}

/// A day packed so that later days are larger numbers: one comparison per row.
#[inline]
pub(super) fn pack_day(date: crate::model::date::Ymd) -> u32 {
    (to_u32(date.year) << 9) | (date.month << 5) | date.day
}

/// The day [`pack_day`] packed (`None` for 0).
fn unpack_day(packed: u32) -> Option<chrono::NaiveDate> {
    (packed > 0).then(|| {
        chrono::NaiveDate::from_ymd_opt(to_i32(packed >> 9), (packed >> 5) & 15, packed & 31)
    })?
}

impl FeedTally {
    /// Notes an event day (for the span of the table, to the day).
    #[inline]
    pub fn see_day(&mut self, date: crate::model::date::Ymd) {
        self.last_day = self.last_day.max(pack_day(date));
    }

    /// The last event day, where it is known.
    pub fn last_day(&self) -> Option<chrono::NaiveDate> {
        unpack_day(self.last_day)
    }

    /// Notes a case's end date (in a list of open cases).
    pub fn see_closed(&mut self, date: crate::model::date::Ymd) {
        let day = pack_day(date);
        if self.first_closed == 0 || day < self.first_closed {
            self.first_closed = day;
        }
    }

    /// The earliest end date of a case seen, in a list of open cases.
    pub fn first_closed(&self) -> Option<chrono::NaiveDate> {
        unpack_day(self.first_closed)
    }

    pub fn merge(&mut self, later: &FeedTally) {
        self.last_day = self.last_day.max(later.last_day);
        if later.first_closed > 0
            && (self.first_closed == 0 || later.first_closed < self.first_closed)
        {
            self.first_closed = later.first_closed;
        }
        self.rows_read += later.rows_read;
        self.months.merge(&later.months);
        self.rejected.merge(&later.rejected);
        self.no_event += later.no_event;
        self.duplicates += later.duplicates;
        self.missing_id += later.missing_id;
        self.month_first += later.month_first;
        self.other_type += later.other_type;
        self.unmapped_overflow += later.unmapped_overflow;
        for (value, n) in &later.unmapped_types {
            *self.unmapped_types.entry(value.clone()).or_insert(0) += n;
        }
        self.unclosed_quote = self.unclosed_quote.or(later.unclosed_quote);
    }
}

/// `steps.csv: 12 rows (3 distinct values of "Step Type") name no stage and are not counted;
/// ...`. The values themselves are never printed: a type column found by its header alone
/// may hold free text ("Visit - Brown family"). `inspect --show-type-values` lists them on a
/// terminal, as a deliberate act.
pub(super) fn unmapped_note(tally: &FeedTally, table: &str, column: &str) -> String {
    let total: u64 = tally.unmapped_types.values().sum::<u64>() + tally.unmapped_overflow;
    let distinct = tally.unmapped_types.len();
    let values = if tally.unmapped_overflow > 0 {
        format!("more than {distinct} distinct values")
    } else if distinct == 1 {
        "1 distinct value".to_string()
    } else {
        format!("{distinct} distinct values")
    };
    format!(
        "{table}: {total} row{} ({values} of \"{}\") name no stage and {} not counted; \
         cscstats inspect --show-type-values lists them on the terminal, and --type MEASURE=VALUE counts one as a stage",
        if total == 1 { "" } else { "s" },
        crate::input::detect::capped(column),
        if total == 1 { "is" } else { "are" },
    )
}

/// Distinct unmapped type values kept per table: a column with more is not a type column,
/// and its values are not kept.
pub(super) const UNMAPPED_KEPT: usize = 1000;

#[cfg(test)]
mod month_tests {
    use super::*;

    fn month(year: i32, month: u32) -> Month {
        Month::from_index(year * 12 + to_i32(month) - 1)
    }

    #[test]
    fn far_months_are_held_apart_and_counted_alike() {
        let mut counts = MonthCounts::default();
        counts.add(month(1900, 1));
        counts.add_n(month(2099, 12), 2);
        counts.add(month(1900, 1));
        // Two months with events: two counts held, not 2,400.
        assert!(counts.counts.len() + counts.far.len() <= 2, "{counts:?}");
        assert_eq!(counts.get(month(1900, 1)), 2);
        assert_eq!(counts.get(month(2099, 12)), 2);
        assert_eq!(counts.get(month(2000, 6)), 0);
        assert_eq!(counts.total(), 4);
        assert_eq!(counts.span(), Some((month(1900, 1), month(2099, 12))));
        // A run of ordinary months, then a far one folded back in when the run reaches it.
        let mut dense = MonthCounts::default();
        for m in 1..=12 {
            dense.add(month(2020, m));
        }
        dense.add(month(2030, 1));
        assert_eq!(dense.far.len(), 1);
        for y in 2021..=2029 {
            for m in 1..=12 {
                dense.add(month(y, m));
            }
        }
        assert_eq!(dense.far.len(), 1);
        dense.add(month(2030, 2));
        assert!(dense.far.is_empty(), "{:?}", dense.far);
        assert_eq!(dense.get(month(2030, 1)), 1);
        assert_eq!(dense.total(), 12 * 10 + 2);
        // Merged, subtracted and compared by what they hold, not how.
        let mut merged = MonthCounts::default();
        merged.merge(&counts);
        merged.merge(&dense);
        assert_eq!(merged.total(), 126);
        merged.subtract(&dense);
        assert_eq!(merged, counts);
    }
}
