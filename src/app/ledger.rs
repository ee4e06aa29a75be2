//! The disclosure ledger (`--ledger FILE`): a CSV of every figure each paper published or
//! withheld — measure, unit, `--by` column and group, first and last month, the count or
//! `c` — so that a later paper withholds whatever would let a figure withheld before be
//! worked out (a quarter from its months, a year from its quarters, a total from its
//! groups). It holds aggregates only, as the papers do.
//!
//! ```text
//! paper,recorded,measure,unit,by,group,from,to,value
//! April–June 2020 by month,2026-12-07,referrals,events,,,2020-06,2020-06,c
//! ```

use std::path::Path;

use crate::compare::audit::{Cell, Entry};
use crate::compare::disclosure::{Figure, compare_figures, monthly_figures};
use crate::model::error::{Error, Location, Result};
use crate::model::period::parse_month;
use crate::render::Document;

/// The ledger's columns, in order.
pub(super) const HEADER: [&str; 9] = [
    "paper", "recorded", "measure", "unit", "by", "group", "from", "to", "value",
];

/// The group name `--by-max` gives the groups it folds together: a different set in each
/// paper, so never carried from one to the next.
const FOLDED: &str = "Other";

/// The figures of earlier papers in the ledger at `path` (none if it does not exist yet)
/// that bear on a paper broken down by `by`: totals always, groups only of the same
/// column.
pub(super) fn load(path: &Path, by: Option<&str>) -> Result<Vec<Entry>> {
    let file = path.display().to_string();
    let bytes = current(path)?;
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let header_ok = reader
        .headers()
        .is_ok_and(|h| h.iter().map(str::trim).eq(HEADER.iter().copied()));
    if !header_ok {
        return Err(Error::input(
            Location::file(&file).line(1),
            format!(
                "not a cscstats ledger: expected the header {}; give a new file name to start one",
                HEADER.join(",")
            ),
        ));
    }
    let same_by = |other: &str| by.is_some_and(|b| b.trim().eq_ignore_ascii_case(other.trim()));
    let mut entries = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let at = |column: &str| Location::file(&file).line(line).column(column);
        let record = record.map_err(|_| {
            Error::input(
                Location::file(&file).line(line),
                "not a CSV record of the ledger's nine columns; restore the file from its last good copy",
            )
        })?;
        let field = |k: usize| record.get(k).unwrap_or_default().trim();
        let month = |k: usize, name: &str| {
            parse_month(field(k))
                .ok_or_else(|| Error::input(at(name), "expected a month such as 2020-04"))
        };
        let (from, to) = (month(6, "from")?, month(7, "to")?);
        let shown = match field(8) {
            "c" => None,
            text => Some(
                text.parse::<u64>()
                    .map_err(|_| Error::input(at("value"), "expected a count or c"))?,
            ),
        };
        let unit = match field(3) {
            unit @ ("events" | "children") => unit.to_string(),
            _ => return Err(Error::input(at("unit"), "expected events or children")),
        };
        let group = Some(field(5)).filter(|g| !g.is_empty()).map(str::to_string);
        if group.as_deref() == Some(FOLDED) || (group.is_some() && !same_by(field(4))) {
            continue;
        }
        entries.push(Entry {
            cell: Cell {
                measure: field(2).to_string(),
                unit,
                group,
                from,
                to,
            },
            shown,
            earlier: true,
            protect: shown.is_none(),
            marked: shown.is_none(),
        });
    }
    Ok(entries)
}

/// The ledger at `path` with `document`'s figures added (those not already there, with the
/// same value), ready to replace it.
pub(super) fn updated(
    path: &Path,
    document: Document,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    let (figures, by): (Vec<Figure>, Option<&str>) = match document {
        Document::Compare(c) => (compare_figures(c), c.by.as_deref()),
        Document::Monthly(m) => (monthly_figures(m), m.by.as_deref()),
        Document::Benchmark(_) | Document::Trend(_) => {
            return Err(Error::usage(
                "--ledger is for compare and monthly papers, whose counts it records",
            ));
        }
    };
    let mut existing = current(path)?;
    let mut known: Vec<Vec<String>> = csv::Reader::from_reader(existing.as_slice())
        .records()
        .filter_map(std::result::Result::ok)
        .map(|r| r.iter().skip(2).map(|f| f.trim().to_string()).collect())
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    if existing.is_empty() {
        writer.write_record(HEADER).map_err(unwritable)?;
    } else if !existing.ends_with(b"\n") {
        existing.push(b'\n');
    }
    let by_text = by.unwrap_or_default();
    for figure in figures {
        let cell = &figure.cell;
        let key: Vec<String> = vec![
            cell.measure.clone(),
            cell.unit.clone(),
            if cell.group.is_some() {
                by_text.to_string()
            } else {
                String::new()
            },
            cell.group.clone().unwrap_or_default(),
            cell.from.to_string(),
            cell.to.to_string(),
            figure
                .shown
                .map_or_else(|| "c".to_string(), |v| v.to_string()),
        ];
        if known.contains(&key) {
            continue;
        }
        let mut record = vec![document.title().to_string(), today.to_string()];
        record.extend(key.iter().cloned());
        writer.write_record(&record).map_err(unwritable)?;
        known.push(key);
    }
    existing.extend(
        writer
            .into_inner()
            .map_err(|e| unwritable(e.into_error()))?,
    );
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|(p, _)| p != path);
        pending.push((path.to_path_buf(), existing.clone()));
    }
    Ok(existing)
}

/// Ledgers updated by papers of this run and not yet written: a report's papers are written
/// together once all have run, and each must see the ones before it.
static PENDING: std::sync::Mutex<Vec<(std::path::PathBuf, Vec<u8>)>> =
    std::sync::Mutex::new(Vec::new());

/// The ledger at `path` as this run has it: an earlier paper's update, else the file, else
/// nothing (a new ledger).
fn current(path: &Path) -> Result<Vec<u8>> {
    if let Some((_, bytes)) = PENDING
        .lock()
        .ok()
        .and_then(|pending| pending.iter().find(|(p, _)| p == path).cloned())
    {
        return Ok(bytes);
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::input(
            Location::file(path.display().to_string()),
            format!("the ledger cannot be read ({e}); check the path and its permissions"),
        )),
    }
}

/// Today's date in the UK, for the ledger's `recorded` column: `SOURCE_DATE_EPOCH` (seconds
/// since 1970) where set, for repeatable runs, else the clock.
pub(super) fn today() -> chrono::NaiveDate {
    use chrono::TimeZone;
    // A reproducible build's date where one is set (and a real one), else the clock's.
    let utc = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("the clock is after 1970");
            chrono::DateTime::from_timestamp(i64::try_from(now.as_secs()).unwrap_or(i64::MAX), 0)
                .expect("the clock is within chrono's range")
        });
    chrono_tz::Europe::London
        .from_utc_datetime(&utc.naive_utc())
        .date_naive()
}

/// A ledger line that could not be made (in memory: it does not happen).
fn unwritable(e: impl std::fmt::Display) -> Error {
    Error::usage(format!("the ledger could not be written: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_the_one_a_folder_read_knows() {
        assert_eq!(HEADER.join(","), crate::model::provenance::LEDGER_HEADER);
    }
}
