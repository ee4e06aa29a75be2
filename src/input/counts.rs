//! Pre-counted figures: a tidy `measure,period,count` CSV, as dashboards export. Each period
//! is a month (`2020-04`), a quarter (`2020-21 Q1`) or a financial year (`2020-21`). A period
//! asked for is answered only when the counts tile it exactly.

use crate::input::table::Table;
use crate::model::error::{Error, Location, Result};
use crate::model::measure::{Catalogue, MeasureId, normalize};
use crate::model::period::Period;

/// One measure's pre-counted figures from one file.
#[derive(Debug, Clone)]
pub struct Precounted {
    pub file: String,
    pub measure: MeasureId,
    /// (period, count, line)
    pub figures: Vec<(Period, u64, u64)>,
}

/// True for a header row `measure, period, count` (any order, case or spacing).
pub fn is_counts_table(headers: &[String]) -> bool {
    let mut names: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    names.sort();
    names == ["count", "measure", "period"]
}

/// Reads a counts table, one [`Precounted`] per measure in it.
pub fn read(table: &mut Table, catalogue: &Catalogue) -> Result<Vec<Precounted>> {
    let position = |name: &str| {
        table
            .headers
            .iter()
            .position(|h| normalize(h) == name)
            .unwrap_or(0)
    };
    let (m_col, p_col, c_col) = (position("measure"), position("period"), position("count"));
    let file = table.name();
    let mut by_measure: Vec<Precounted> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while table.read(&mut record)? {
        if record.as_slice().trim_ascii().is_empty() {
            continue;
        }
        let line = table.line(&record);
        let at = |column: &str| table.location().line(line).column(column.to_string());
        let text = |i: usize| {
            String::from_utf8_lossy(record.get(i).unwrap_or_default())
                .trim()
                .to_string()
        };
        let measure = catalogue.by_id(&text(m_col)).ok_or_else(|| {
            Error::input(
                at("measure"),
                format!("not a measure; measures are {}", catalogue.id_list()),
            )
        })?;
        let period: Period = text(p_col).parse().map_err(|_| {
            Error::input(
                at("period"),
                "not a period; write a month (2020-04), a quarter (2020-21 Q1) or a financial year (2020-21)",
            )
        })?;
        let count: u64 = text(c_col)
            .replace(',', "")
            .parse()
            .map_err(|_| Error::input(at("count"), "not a whole number of events"))?;
        if !by_measure.iter().any(|p| p.measure == measure) {
            by_measure.push(Precounted {
                file: file.clone(),
                measure,
                figures: Vec::new(),
            });
        }
        let Some(entry) = by_measure.iter_mut().find(|p| p.measure == measure) else {
            continue;
        };
        if let Some((_, _, earlier)) = entry.figures.iter().find(|(p, _, _)| p.overlaps(&period)) {
            return Err(Error::input(
                at("period"),
                format!(
                    "overlaps the {} figure on line {earlier}, so months would be counted twice; keep one of them",
                    catalogue.get(measure).id
                ),
            ));
        }
        entry.figures.push((period, count, line));
    }
    if by_measure.is_empty() {
        return Err(Error::input(
            Location::file(file),
            "the file has a header row but no data rows; check the export covers the period",
        ));
    }
    table.release();
    Ok(by_measure)
}

impl Precounted {
    /// Events in `period`: the sum of the figures inside it, when they cover every month of it
    /// and none reaches outside it.
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
                    period.from_date(),
                    period.to_date(),
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
        if let Some(missing) = period
            .months()
            .find(|m| !self.figures.iter().any(|(p, _, _)| p.contains(*m)))
        {
            return Err(Error::usage(format!(
                "{}: there is no {id} figure for {} {}, which {label} needs",
                self.file,
                missing.name(),
                missing.year()
            )));
        }
        Ok(total)
    }
}
