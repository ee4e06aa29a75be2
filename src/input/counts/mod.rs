//! Pre-counted figures, in the shapes performance teams keep them (see [`Layout`]):
//! - long: a row per measure and period (`measure,period,count`, `Financial Year,Quarter,
//!   Measure,Count`);
//! - across: a row per period and a column per measure (`Month,Contacts,Referrals`);
//! - wide: a scorecard, a row per measure and a column per period (`Measure,Apr-20,May-20,…`),
//!   its YTD, total and repeated columns left out with a note.
//!
//! Periods are written as months (`2020-04`, `April 2020`, `Apr-20`, a first-of-month date or a
//! date cell), quarters (`2020-21 Q1`, `Q1 2020-21`, `Qtr 1` beside a financial-year column) or
//! financial years; figures may have thousands separators. Measures are named as headers are
//! matched (the catalogue's names, loosely). A blank figure is no figure: a gap, never a zero.
//! A period asked for is answered only when the counts tile it exactly.

mod figure;
mod layout;

pub(crate) use layout::{Layout, looks_counted, recognise};

use crate::input::table::Table;
use crate::model::error::{Error, Location, Result};
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::period::Period;
use crate::model::period_label::{PERIOD_LABELS, period_label};
use figure::figure;

/// One measure's pre-counted figures from one file.
#[derive(Debug, Clone)]
pub struct Precounted {
    pub file: String,
    pub measure: MeasureId,
    /// (period, count, line)
    pub figures: Vec<(Period, u64, u64)>,
}

/// The shapes accepted, for a message about a table that looks pre-counted but fits none.
pub(crate) const SHAPES: &str = "measure,period,count (one row per measure and period; the period may be a month, a quarter or a \
     financial year, with Financial Year and Quarter columns if you like), a period column and one column per measure \
     (Month,Contacts,Referrals), or a scorecard with measures down and periods across (Measure,Apr-20,May-20,…)";

/// What reading a counts table gave: figures by measure, and remarks for the note.
pub(crate) struct Read {
    pub figures: Vec<Precounted>,
    pub notes: Vec<String>,
}

/// Reads a counts table laid out as `layout`, one [`Precounted`] per measure in it.
pub(crate) fn read(table: &mut Table, layout: &Layout, catalogue: &Catalogue) -> Result<Read> {
    let file = table.name();
    let mut reader = Figures {
        file: file.clone(),
        by_measure: Vec::new(),
        catalogue,
        // A breakdown's rows for one measure and period are added up; else a repeat is an error.
        sum_repeats: matches!(layout, Layout::Long { breakdown, .. } if !breakdown.is_empty()),
        summed: 0,
    };
    let mut unnamed: (u64, Option<u64>) = (0, None);
    let totals = std::cell::Cell::new(0u64);
    let mut record = csv::ByteRecord::new();
    while table.read(&mut record)? {
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        let line = table.line(&record);
        let text = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .unwrap_or_default()
        };
        let at = |i: Option<usize>| {
            let column = i
                .and_then(|i| table.headers.get(i))
                .cloned()
                .unwrap_or_default();
            table.location().line(line).column(column)
        };
        let period_at = |p: Option<usize>, y: Option<usize>| -> Result<Option<Period>> {
            let (label, year) = (text(p), text(y));
            if label.is_empty() && year.is_empty() {
                return Ok(None);
            }
            // A total or year-to-date row adds up the others: left out.
            if is_total(&label) || is_total(&year) {
                totals.set(totals.get() + 1);
                return Ok(None);
            }
            let year = (!year.is_empty()).then_some(year.as_str());
            period_label(&label, year).map(Some).ok_or_else(|| {
                Error::input(at(p.or(y)), format!("not a period; write {PERIOD_LABELS}"))
            })
        };
        let value = |i: usize| -> Result<Option<u64>> {
            figure(&text(Some(i))).map_err(|()| {
                Error::input(
                    at(Some(i)),
                    "not a whole number of events (a count such as 1,234)",
                )
            })
        };
        match layout {
            Layout::Long {
                measure,
                period,
                year,
                count,
                ..
            } => {
                let name = text(Some(*measure));
                if name.is_empty() {
                    continue;
                }
                let Some(m) = catalogue.by_figure_name(&name) else {
                    unnamed.0 += 1;
                    unnamed.1.get_or_insert(line);
                    continue;
                };
                let Some(p) = period_at(*period, *year)? else {
                    continue;
                };
                if let Some(n) = value(*count)? {
                    reader.add(m, p, n, line, &at(*period))?;
                }
            }
            Layout::Across {
                period,
                year,
                measures,
                ..
            } => {
                let Some(p) = period_at(*period, *year)? else {
                    continue;
                };
                for (column, m) in measures {
                    if let Some(n) = value(*column)? {
                        reader.add(*m, p, n, line, &at(*period))?;
                    }
                }
            }
            Layout::Wide { name, periods, .. } => {
                let Some(m) = catalogue.by_figure_name(&text(Some(*name))) else {
                    // A section heading has no figures; another row names no measure counted.
                    if periods.iter().any(|(c, _)| !text(Some(*c)).is_empty()) {
                        unnamed.0 += 1;
                        unnamed.1.get_or_insert(line);
                    }
                    continue;
                };
                for (column, p) in periods {
                    if let Some(n) = value(*column)? {
                        reader.add(m, *p, n, line, &at(Some(*column)))?;
                    }
                }
            }
        }
    }
    table.release();
    let mut notes = left_out_note(&file, &table.headers, layout);
    if totals.get() > 0 {
        notes.push(format!(
            "{file}: {} total or year-to-date row(s) left out (they add up the others)",
            totals.get()
        ));
    }
    if let (Layout::Long { breakdown, .. }, true) = (layout, reader.summed > 0) {
        let names: Vec<String> = breakdown
            .iter()
            .filter_map(|&i| table.headers.get(i))
            .map(|h| format!("\"{}\"", crate::input::detect::capped(h)))
            .collect();
        let rows = if reader.summed == 1 { "row" } else { "rows" };
        notes.push(format!(
            "{file}: figures for one measure and period added up across {} ({} {rows} added to another)",
            names.join(", "),
            reader.summed
        ));
    }
    if let (n, Some(first)) = unnamed {
        let rows = if n == 1 { "row names" } else { "rows name" };
        notes.push(format!(
            "{file}: {n} {rows} no measure cscstats counts (a rate, a share, or another measure; first at line {first}); not read"
        ));
    }
    if reader.by_measure.is_empty() {
        return Err(Error::input(
            Location::file(file),
            "no figure of a measure cscstats counts was found; name the measures as the catalogue does (contacts, referrals, …) \
             and check the export covers the period",
        ));
    }
    Ok(Read {
        figures: reader.by_measure,
        notes,
    })
}

/// The note for the columns a layout leaves out (headers are named: they are not data).
fn left_out_note(file: &str, headers: &[String], layout: &Layout) -> Vec<String> {
    let left_out = match layout {
        Layout::Across { left_out, .. } | Layout::Wide { left_out, .. } => left_out,
        Layout::Long { .. } => return Vec::new(),
    };
    if left_out.is_empty() {
        return Vec::new();
    }
    // Headers are named, as they are not data; a row of dates is named by column numbers.
    let names: Vec<String> = if crate::input::detect::looks_like_data(headers) {
        left_out
            .iter()
            .map(|i| format!("column {}", i + 1))
            .collect()
    } else {
        left_out
            .iter()
            .filter_map(|&i| headers.get(i))
            .map(|h| format!("\"{}\"", crate::input::detect::capped(h)))
            .collect()
    };
    vec![format!(
        "{file}: columns left out (totals, year to date, repeated or other periods, or not a measure counted): {}",
        names.join(", ")
    )]
}

/// Figures gathered by measure, a period of a measure given once.
struct Figures<'a> {
    file: String,
    by_measure: Vec<Precounted>,
    catalogue: &'a Catalogue,
    /// A breakdown's rows for one measure and period are added up (else a repeat is an error).
    sum_repeats: bool,
    /// Rows added to a figure already read.
    summed: u64,
}

/// A period cell that labels a total or year-to-date row rather than a period.
fn is_total(text: &str) -> bool {
    let n = crate::model::measure::normalize(text);
    matches!(
        n.as_str(),
        "total" | "totals" | "grandtotal" | "ytd" | "yeartodate" | "all" | "sum" | "overall"
    )
}

impl Figures<'_> {
    fn add(
        &mut self,
        measure: MeasureId,
        period: Period,
        n: u64,
        line: u64,
        at: &Location,
    ) -> Result<()> {
        let index = match self.by_measure.iter().position(|p| p.measure == measure) {
            Some(i) => i,
            None => {
                self.by_measure.push(Precounted {
                    file: self.file.clone(),
                    measure,
                    figures: Vec::new(),
                });
                self.by_measure.len() - 1
            }
        };
        let Some(entry) = self.by_measure.get_mut(index) else {
            return Ok(());
        };
        if self.sum_repeats
            && let Some(same) = entry.figures.iter_mut().find(|(p, _, _)| *p == period)
        {
            same.1 = same.1.checked_add(n).ok_or_else(|| {
                Error::input(
                    at.clone(),
                    "the figures add up to more than cscstats can count",
                )
            })?;
            self.summed += 1;
            return Ok(());
        }
        if let Some((_, _, earlier)) = entry.figures.iter().find(|(p, _, _)| p.overlaps(&period)) {
            return Err(Error::input(
                at.clone(),
                format!(
                    "overlaps the {} figure on line {earlier}, so months would be counted twice; keep one of them",
                    self.catalogue.get(measure).id
                ),
            ));
        }
        entry.figures.push((period, n, line));
        Ok(())
    }
}

impl Precounted {
    /// Events in `period`: the sum of the figures inside it, when none reaches outside it.
    /// A month with no figure is a gap, which coverage marks (partial, or `[x]` for a span
    /// with none): never a zero.
    pub fn events(&self, period: &Period, label: &str, id: &str) -> Result<u64> {
        let mut total = 0;
        for (figure, count, line) in &self.figures {
            if !figure.overlaps(period) {
                continue;
            }
            if figure.start() < period.start() || figure.end() > period.end() {
                return Err(Error::usage(format!(
                    "{}, line {line}: the {id} figure for {} reaches outside {label} ({} to {}), so it cannot be split; \
                     ask for periods made of whole {} figures",
                    self.file,
                    figure.title(),
                    period.first_date(),
                    period.last_date(),
                    if figure.len_months() >= 12 {
                        "annual"
                    } else if figure.len_months() >= 3 {
                        "quarterly"
                    } else {
                        "monthly"
                    }
                )));
            }
            total = u64::checked_add(total, *count).ok_or_else(|| {
                Error::input(
                    Location::file(self.file.clone()).line(*line),
                    format!(
                        "the {id} figures for {label} add up to more than cscstats can count; check the counts"
                    ),
                )
            })?;
        }
        Ok(total)
    }
}
