//! What counting one measure from one table saw: events per month, rejected rows by reason
//! and line, and the rest of the data-quality record.

use std::collections::BTreeMap;

use crate::model::date::DateError;
use crate::model::period::{Month, Period};

/// How many rejected line numbers are kept to show the user.
pub const REJECTED_LINES_KEPT: usize = 10;

/// Events per calendar month, over the span of months seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthCounts {
    first: i32,
    counts: Vec<u64>,
}

impl MonthCounts {
    pub fn add(&mut self, month: Month) {
        self.add_n(month, 1);
    }

    pub fn add_n(&mut self, month: Month, n: u64) {
        let index = month.index();
        if self.counts.is_empty() {
            self.first = index;
        } else if index < self.first {
            let grow = (self.first - index) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.first = index;
        }
        let offset = (index - self.first) as usize;
        if offset >= self.counts.len() {
            self.counts.resize(offset + 1, 0);
        }
        if let Some(count) = self.counts.get_mut(offset) {
            *count += n;
        }
    }

    /// Takes back the events of `other` (repeats found after they were counted).
    pub fn subtract(&mut self, other: &MonthCounts) {
        for (i, &n) in other.counts.iter().enumerate() {
            if let Some(count) = usize::try_from(other.first + i as i32 - self.first)
                .ok()
                .and_then(|i| self.counts.get_mut(i))
            {
                *count = count.saturating_sub(n);
            }
        }
    }

    pub fn get(&self, month: Month) -> u64 {
        usize::try_from(month.index() - self.first)
            .ok()
            .and_then(|i| self.counts.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Events in the period.
    pub fn sum(&self, period: &Period) -> u64 {
        period.months().map(|m| self.get(m)).sum()
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The first and last months with an event.
    pub fn span(&self) -> Option<(Month, Month)> {
        let first = self.counts.iter().position(|&n| n > 0)?;
        let last = self.counts.iter().rposition(|&n| n > 0)?;
        let at = |i: usize| Month::from_index(self.first + i as i32);
        Some((at(first), at(last)))
    }

    pub fn merge(&mut self, other: &MonthCounts) {
        for (i, &n) in other.counts.iter().enumerate() {
            if n > 0 {
                self.add_n(Month::from_index(other.first + i as i32), n);
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
    /// (at most [`UNMAPPED_KEPT`] of them).
    pub unmapped_types: BTreeMap<Box<[u8]>, u64>,
    /// Rows of unmapped type values beyond those kept.
    pub unmapped_overflow: u64,
    /// The last event day seen, packed by [`pack_day`] (0: none, or not known to the day).
    pub last_day: u32,
    /// In a list of open cases: the earliest end date of a case, packed (0: none seen).
    pub first_closed: u32,
}

/// A day packed so that later days are larger numbers: one comparison per row.
#[inline]
pub fn pack_day(date: crate::model::date::Ymd) -> u32 {
    ((date.year as u32) << 9) | (date.month << 5) | date.day
}

/// The day [`pack_day`] packed (`None` for 0).
fn unpack_day(packed: u32) -> Option<chrono::NaiveDate> {
    (packed > 0).then(|| {
        chrono::NaiveDate::from_ymd_opt((packed >> 9) as i32, (packed >> 5) & 15, packed & 31)
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
pub const UNMAPPED_KEPT: usize = 1000;
