//! Streaming counts: events per calendar month for one input, plus the data-quality tallies
//! that go with them. Memory is fixed (one slot per month from 1900 to 2099) whatever the
//! number of rows, and tallies merge, so chunks of a file can be counted apart and added up.

use std::io::Read;

use crate::date::{DateError, parse_date};
use crate::error::{Error, Location, Result};
use crate::input::reader::csv_error;
use crate::period::{FIRST_YEAR, LAST_YEAR, Month, Period};

/// How many rejected line numbers are kept to show the user.
pub const REJECTED_LINES_KEPT: usize = 10;

const MONTHS: usize = ((LAST_YEAR - FIRST_YEAR + 1) * 12) as usize;

/// Events per calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCounts {
    counts: Box<[u64]>,
}

impl Default for MonthCounts {
    fn default() -> Self {
        MonthCounts {
            counts: vec![0; MONTHS].into_boxed_slice(),
        }
    }
}

impl MonthCounts {
    fn slot(month: Month) -> Option<usize> {
        usize::try_from(month.index() - FIRST_YEAR * 12)
            .ok()
            .filter(|&i| i < MONTHS)
    }

    /// Adds one event. Months outside 1900–2099 cannot occur: the date parser rejects them.
    pub fn add(&mut self, month: Month) {
        if let Some(count) = Self::slot(month).and_then(|i| self.counts.get_mut(i)) {
            *count += 1;
        }
    }

    pub fn get(&self, month: Month) -> u64 {
        Self::slot(month)
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

    pub fn merge(&mut self, other: &MonthCounts) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts.iter()) {
            *mine += theirs;
        }
    }
}

/// Rows left out of the counts because their date could not be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejections {
    pub total: u64,
    /// Indexed by [`DateError::index`].
    pub by_reason: [u64; 4],
    /// The first few line numbers, in file order.
    pub first_lines: Vec<u64>,
}

impl Rejections {
    pub fn add(&mut self, reason: DateError, line: u64) {
        self.total += 1;
        self.by_reason[reason.index()] += 1;
        if self.first_lines.len() < REJECTED_LINES_KEPT {
            self.first_lines.push(line);
        }
    }

    /// Merges a tally of rows that come *after* this one's in the file.
    pub fn merge(&mut self, later: &Rejections) {
        self.total += later.total;
        for (mine, theirs) in self.by_reason.iter_mut().zip(later.by_reason) {
            *mine += theirs;
        }
        let room = REJECTED_LINES_KEPT.saturating_sub(self.first_lines.len());
        self.first_lines
            .extend(later.first_lines.iter().take(room).copied());
    }
}

/// What one input file contributed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Data rows read (blank lines and rows of empty fields are not rows).
    pub rows_read: u64,
    pub months: MonthCounts,
    pub rejected: Rejections,
}

impl Tally {
    pub fn merge(&mut self, later: &Tally) {
        self.rows_read += later.rows_read;
        self.months.merge(&later.months);
        self.rejected.merge(&later.rejected);
    }
}

/// Counts every data row of `reader` by the date in column `date_column`.
pub fn tally_events<R: Read>(
    reader: &mut csv::Reader<R>,
    date_column: usize,
    name: &str,
) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut record = csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(name, e))?
    {
        let field = record.get(date_column).unwrap_or_default();
        match parse_date(field) {
            Ok(date) => tally.months.add(date.month()),
            Err(DateError::Blank) if record.iter().all(|f| f.trim_ascii().is_empty()) => continue,
            Err(reason) => {
                let line = record.position().map_or(0, csv::Position::line);
                tally.rejected.add(reason, line);
            }
        }
        tally.rows_read += 1;
    }
    if tally.rows_read == 0 {
        return Err(Error::input(
            Location::file(name),
            "the file has a header row but no data rows; check the export covers the period",
        ));
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(csv_text: &str) -> Result<Tally> {
        let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
        tally_events(&mut reader, 1, "t.csv")
    }

    fn month(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap()
    }

    #[test]
    fn counts_per_month_and_rejects_with_lines() {
        let t = tally("id,date\n1,01/04/2020\n2,30/04/2020\n3,\n4,31/02/2020\n\n,\n5,2020-05-01\n")
            .unwrap();
        assert_eq!(t.rows_read, 5);
        assert_eq!(t.months.get(month(2020, 4)), 2);
        assert_eq!(t.months.get(month(2020, 5)), 1);
        assert_eq!(t.months.total(), 3);
        assert_eq!(t.rejected.total, 2);
        assert_eq!(t.rejected.first_lines, vec![4, 5]);
        assert_eq!(t.rejected.by_reason[DateError::Blank.index()], 1);
        assert_eq!(t.rejected.by_reason[DateError::Impossible.index()], 1);
    }

    #[test]
    fn header_only_is_an_error() {
        let err = tally("id,date\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.csv: the file has a header row but no data rows; check the export covers the period"
        );
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let err = tally("id,date\n1,01/04/2020\n2,01/04/2020,extra\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.csv, line 3: this row has 3 fields but the header has 2;"),
            "{err}"
        );
    }

    #[test]
    fn merging_is_the_same_as_counting_together() {
        let a = tally("id,date\n1,01/04/2020\n2,x\n").unwrap();
        let b = tally("id,date\n3,01/05/2020\n4,y\n").unwrap();
        let mut merged = a.clone();
        merged.merge(&b);
        assert_eq!(merged.rows_read, 4);
        assert_eq!(merged.months.total(), 2);
        assert_eq!(merged.rejected.total, 2);
        assert_eq!(merged.rejected.first_lines, vec![3, 3]);
    }

    #[test]
    fn period_sums() {
        let t = tally("id,date\n1,31/03/2020\n2,01/04/2020\n3,30/09/2020\n4,01/10/2020\n").unwrap();
        let q12: Period = "2020-21:Q1-Q2".parse().unwrap();
        assert_eq!(t.months.sum(&q12), 2);
    }
}
