//! What counting found that stops a figure rather than marks it: a `--by` column that
//! identifies people, a date column read the wrong way round or one that yielded no date at
//! all, rows without a usable date under `--strict`; and the `--by` groups beyond `--by-max`
//! folded into "Other".

use super::{Counted, FeedRecord};
use crate::model::date::DateError;
use crate::model::error::{Error, Location, Result};
use crate::model::measure::Catalogue;

/// How what was counted is to be checked and settled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settle<'a> {
    /// The `--by` column, and how many of its values to keep (`--by-max`).
    pub by: Option<&'a str>,
    pub by_max: usize,
    /// Counted in the reporting database (`--db`), and children counted.
    pub database: bool,
    pub children: bool,
    /// `--strict`: a row without a usable date is an error, not a note.
    pub strict: bool,
}

/// Checks what was counted, the same way whether it came from files or the database, then
/// folds each measure's smallest `--by` groups into "Other" (with a note).
pub(crate) fn settle(counted: &mut Counted, ask: &Settle, catalogue: &Catalogue) -> Result<()> {
    if let Some(by) = ask.by {
        refuse_identifying(counted, by, catalogue)?;
    }
    if let Some(column) = month_first_column(counted) {
        return Err(column.month_first_error());
    }
    if let Some(column) = dateless_column(counted) {
        return Err(column.dateless_error());
    }
    if let (Some(by), true, true) = (ask.by, ask.database, ask.children) {
        // The database counts each group's distinct children; those of groups added together
        // as "Other" cannot be added up (a child may be in several), so they are not shown.
        if let Some((measure, counts)) = counted
            .measures
            .iter()
            .find(|(_, c)| c.group_count() > ask.by_max)
        {
            return Err(Error::usage(format!(
                "--by {by}: {} values in {} and --by-max {}; with --db and --count children every value is shown, so raise --by-max to {} or count events",
                counts.group_count(),
                catalogue.get(*measure).id,
                ask.by_max,
                counts.group_count()
            )));
        }
    }
    if let Some(by) = ask.by {
        let mut notes = Vec::new();
        for (measure, counts) in &mut counted.measures {
            let groups = counts.group_count();
            let folded = counts.fold_groups(ask.by_max);
            if folded > 0 {
                notes.push(format!(
                    "{}: {folded} of {groups} values of {by} with the fewest events added together as \"Other\" (--by-max {})",
                    catalogue.get(*measure).id,
                    ask.by_max
                ));
            }
        }
        counted.notes.extend(notes);
    }
    if ask.strict
        && let Some(bad) = counted.feeds.iter().find(|f| f.tally.rejected.total > 0)
    {
        let rejected = &bad.tally.rejected;
        let lines: Vec<String> = rejected.first_lines.iter().map(u64::to_string).collect();
        return Err(Error::input(
            bad.location(),
            format!(
                "{} row(s) have no usable date (first at lines {}); correct them, or drop --strict to leave them out and report them",
                rejected.total,
                lines.join(", ")
            ),
        ));
    }
    Ok(())
}

/// A breakdown with more distinct values than half its rows identifies people (an ID, a
/// name, a date of birth under another heading): refused, as a header that says so is.
fn refuse_identifying(counted: &Counted, by: &str, catalogue: &Catalogue) -> Result<()> {
    for (measure, counts) in &counted.measures {
        let rows: u64 = counted
            .feeds
            .iter()
            .filter(|f| f.measure == *measure)
            .map(|f| f.tally.rows_read)
            .sum();
        let distinct = counts.group_count() as u64;
        if rows >= 20 && distinct * 2 > rows {
            return Err(Error::usage(format!(
                "--by {by}: {distinct} different values in {rows} rows of {}, so it identifies people rather than grouping them; break down by a category such as \"Contact Source\"",
                catalogue.get(*measure).id
            )));
        }
    }
    Ok(())
}

/// A date column that reads month first: at least 3 dates, and one in 20 of its rows, are
/// impossible day first (a month above 12), and every impossible date is valid month first.
/// Such a column is refused rather than half read: the dates that did parse have day and
/// month swapped.
pub(crate) fn month_first_column(counted: &Counted) -> Option<&FeedRecord> {
    counted.feeds.iter().find(|f| {
        let t = &f.tally;
        let impossible = t
            .rejected
            .by_reason
            .get(DateError::Impossible.index())
            .copied()
            .unwrap_or(0);
        t.month_first >= 3 && t.month_first == impossible && t.month_first * 20 >= t.rows_read
    })
}

/// A measure's date column that had dates to read and yielded none: every value was
/// rejected. Its table would be a 0 for every span, so it is refused instead.
pub(crate) fn dateless_column(counted: &Counted) -> Option<&FeedRecord> {
    counted
        .feeds
        .iter()
        .find(|f| f.tally.rejected.total > 0 && f.tally.months.total() == 0)
}

impl FeedRecord {
    fn location(&self) -> Location {
        Location::file(self.file.clone())
            .sheet(self.sheet.clone())
            .column(self.date_column.clone())
    }

    /// The error for a column [`month_first_column`] found.
    pub fn month_first_error(&self) -> Error {
        Error::input(
            self.location(),
            format!(
                "{} of {} dates are impossible day first (a month above 12) but valid month first: the export looks month-first (US order); \
                 pass --date-order month-first to read it so, or export the dates day first",
                self.tally.month_first, self.tally.rows_read
            ),
        )
    }

    /// The error for a column [`dateless_column`] found: how many rows, why, and the shapes
    /// of the values (never the values themselves).
    pub fn dateless_error(&self) -> Error {
        let rejected = &self.tally.rejected;
        let reasons: Vec<String> = DateError::ALL
            .iter()
            .filter_map(|r| {
                let n = rejected.by_reason.get(r.index()).copied().unwrap_or(0);
                (n > 0).then(|| format!("{n} {}", r.describe()))
            })
            .collect();
        let lines: Vec<String> = rejected.first_lines.iter().map(u64::to_string).collect();
        let lines = match lines.as_slice() {
            [one] => vec![format!("line {one}")],
            _ => vec![format!("lines {}", lines.join(", "))],
        };
        let looks = if rejected.shapes.is_empty() {
            String::new()
        } else {
            format!("; they look like {}", rejected.shapes.join(", "))
        };
        Error::input(
            self.location(),
            format!(
                "none of this column's {} dates could be read ({}){looks} (first at {}). \
                 cscstats reads day-first dates (01/04/2020, 2020-04-01, 01-APR-20, 1 April 2020, …; see \"Dates\" in the guide); \
                 correct the export, or name the right column with --date-column",
                rejected.total,
                reasons.join(", "),
                lines.join(", ")
            ),
        )
    }
}

/// The shape of a value that is not a date, for a message that must not quote it: digits as
/// `D`, letters as `A`, punctuation kept, runs of more than 3 letters or 4 digits cut (`AAA…`),
/// at most 32 characters: `DD-AAA-DD`, `DDDD…`, `DD/DD/DDDD DDDD`.
pub(crate) fn shape_of(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    let mut out = String::new();
    let mut run = (' ', 0usize);
    for c in text.trim().chars() {
        let class = if c.is_ascii_digit() {
            'D'
        } else if c.is_alphabetic() {
            'A'
        } else if c.is_whitespace() {
            ' '
        } else if c.is_ascii_punctuation() {
            c
        } else {
            '?'
        };
        // Runs of letters longer than a month's short name, and of digits longer than a
        // year, are cut: their length could tell a name or a number apart.
        let keep = if class == 'A' { 3 } else { 4 };
        if class == run.0 && matches!(class, 'D' | 'A') {
            run.1 += 1;
            if run.1 > keep {
                if run.1 == keep + 1 {
                    out.push('…');
                }
                continue;
            }
        } else {
            run = (class, 1);
        }
        out.push(class);
        if out.chars().count() >= 32 {
            out.push('…');
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shape_of;

    #[test]
    fn shapes_hide_values() {
        assert_eq!(shape_of(b"01-APR-20"), "DD-AAA-DD");
        assert_eq!(shape_of(b" 43922.58611 "), "DDDD….DDDD…");
        assert_eq!(shape_of(b"01/04/2020 2021"), "DD/DD/DDDD DDDD");
        assert_eq!(shape_of(b"Alice Zebedee"), "AAA… AAA…");
        assert_eq!(shape_of(b"Bo Li"), "AA AA");
    }
}
