//! Tidy CSV (`--csv-layout tidy`), for Power BI, pandas and DuckDB: one row per measure ×
//! span × group, always the same columns, numbers always numbers. A withheld value is empty
//! with its symbol in `status` (`c`), as DfE's open data does; a span the inputs do not wholly
//! cover says `partial`.

use anyhow::Result;

use crate::compare::comparison::Comparison;
use crate::compare::comparison::NO_DATA_MARK;
use crate::compare::monthly::Monthly;
use crate::count::coverage::Cover;
use crate::model::text::csv_text;
use crate::model::units::Unit;

/// The columns, in order.
pub const COLUMNS: [&str; 8] = [
    "measure",
    "label",
    "group",
    "unit",
    "period_start",
    "period_end",
    "value",
    "status",
];

struct Line<'a> {
    measure: &'a str,
    label: &'a str,
    group: Option<&'a str>,
    unit: &'a str,
    start: String,
    end: String,
    value: Option<String>,
    cover: Option<Cover>,
}

/// One tidy row, as plain text (values are numbers or empty).
pub type Record = [String; 8];

fn record(line: Line) -> Record {
    let status = match (&line.value, line.cover) {
        (None, Some(Cover::None)) => NO_DATA_MARK,
        (None, _) => "c",
        (Some(_), Some(Cover::Partial | Cover::None)) => "partial",
        _ => "",
    };
    [
        line.measure.to_string(),
        line.label.to_string(),
        line.group.unwrap_or_default().to_string(),
        line.unit.to_string(),
        line.start,
        line.end,
        line.value.unwrap_or_default(),
        status.to_string(),
    ]
}

/// Writes `records` as CSV, text cells neutralised for spreadsheets.
pub fn write_csv(writer: &mut csv::Writer<Vec<u8>>, records: &[Record]) -> Result<()> {
    writer.write_record(COLUMNS)?;
    for r in records {
        let mut cells = r.clone();
        for i in [1, 2] {
            if let Some(cell) = cells.get_mut(i) {
                *cell = csv_text(cell).into_owned();
            }
        }
        writer.write_record(&cells)?;
    }
    Ok(())
}

fn unit_name(unit: Option<Unit>) -> &'static str {
    match unit {
        Some(Unit::Children) => "children",
        _ => "events",
    }
}

/// A comparison: each row's baseline and current figures, then each rate's.
pub fn compare(c: &Comparison) -> Vec<Record> {
    let mut out = Vec::new();
    let spans = [(&c.baseline, true), (&c.current, false)];
    for row in &c.rows {
        for (span, is_baseline) in spans {
            let value = if is_baseline {
                row.baseline
            } else {
                row.current
            };
            let cover = row
                .coverage
                .as_ref()
                .map(|cv| if is_baseline { cv.baseline } else { cv.current });
            out.push(record(Line {
                measure: &row.measure,
                label: &row.label,
                group: row.group.as_deref(),
                unit: unit_name(row.unit),
                start: span.from.clone(),
                end: span.to.clone(),
                value: value.map(|v| v.to_string()),
                cover,
            }));
        }
    }
    for rate in &c.rates {
        for (span, is_baseline) in spans {
            let value = if is_baseline {
                rate.baseline
            } else {
                rate.current
            };
            out.push(record(Line {
                measure: &rate.measure,
                label: &rate.label,
                group: None,
                unit: "percent",
                start: span.from.clone(),
                end: span.to.clone(),
                value: value.map(|v| format!("{v:.1}")),
                cover: None,
            }));
        }
    }
    out
}

/// A monthly table: each month shown and the same month a year earlier.
pub fn monthly(m: &Monthly) -> Vec<Record> {
    let mut out = Vec::new();
    for row in &m.rows {
        let earlier = row.month.plus(-12);
        for (month, value, cover) in [
            (
                earlier,
                row.previous_year_count,
                row.coverage.as_ref().map(|c| c.baseline),
            ),
            (
                row.month,
                row.count,
                row.coverage.as_ref().map(|c| c.current),
            ),
        ] {
            // Over more than 12 months, a year-earlier month is one of the months shown.
            if month == earlier && m.months.contains(&earlier) {
                continue;
            }
            out.push(record(Line {
                measure: &row.measure,
                label: &row.label,
                group: row.group.as_deref(),
                unit: unit_name(row.unit),
                start: month.first_day().to_string(),
                end: month.last_day().to_string(),
                value: value.map(|v| v.to_string()),
                cover,
            }));
        }
    }
    out
}
