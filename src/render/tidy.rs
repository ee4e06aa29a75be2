//! Tidy figures (`--csv-layout tidy`, and the Data sheet of every workbook), for Power BI,
//! pandas and DuckDB: one row per measure × group × span, always the same columns, numbers
//! always numbers. A withheld value is empty with its symbol in `status` (`c`), as DfE's open
//! data does; a span the inputs do not wholly cover says `partial`; a span they hold nothing
//! for says `[x]`. The first eight columns are the contract of old; the rest were added after
//! them: the period's label, what kind of span it is, the change from the figure a year
//! earlier (on the later row), its interval, and the control chart's lines.

use anyhow::Result;

use crate::compare::document::Benchmark;
use crate::compare::document::PublishedFigure;
use crate::compare::document::Trend;
use crate::compare::document::{Comparison, NO_DATA_MARK};
use crate::compare::document::{MonthRow, Monthly};
use crate::count::coverage::Cover;
use crate::input::published::Figure;
use crate::model::period::{Month, financial_year_label};
use crate::model::text::csv_text;
use crate::model::units::Unit;

/// The columns, in order.
pub(super) const COLUMNS: [&str; 20] = [
    "measure",
    "label",
    "group",
    "unit",
    "period_start",
    "period_end",
    "value",
    "status",
    "period_label",
    "span",
    "compared_with",
    "change",
    "change_pct",
    "change_pct_low",
    "change_pct_high",
    "significant",
    "spc_centre",
    "spc_lower",
    "spc_upper",
    "spc_signal",
];

/// Columns holding numbers (for the Data sheet).
pub(super) const NUMERIC: [&str; 9] = [
    "value",
    "compared_with",
    "change",
    "change_pct",
    "change_pct_low",
    "change_pct_high",
    "spc_centre",
    "spc_lower",
    "spc_upper",
];

/// Columns holding ISO dates (real dates on the Data sheet).
pub(super) const DATES: [&str; 2] = ["period_start", "period_end"];

/// One tidy row, as plain text (values are numbers or empty), in the order of [`COLUMNS`].
pub(super) type Record = Vec<String>;

/// A row being built: the key, the span, the figure and what is known of its change.
#[derive(Default)]
struct Line<'a> {
    measure: &'a str,
    label: &'a str,
    group: Option<&'a str>,
    unit: &'a str,
    start: String,
    end: String,
    value: Option<String>,
    /// The status when the value is absent or partial (`c`, `[x]`, `partial`, DfE's symbols).
    status: &'a str,
    period_label: String,
    span: &'a str,
    compared_with: Option<String>,
    change: Option<String>,
    change_pct: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    significant: Option<bool>,
    spc: Option<&'a crate::compare::document::Spc>,
}

fn number(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(String::new, |v| format!("{v:.decimals$}"))
}

fn record(line: Line) -> Record {
    let spc = line.spc;
    vec![
        line.measure.to_string(),
        line.label.to_string(),
        line.group.unwrap_or_default().to_string(),
        line.unit.to_string(),
        line.start,
        line.end,
        line.value.unwrap_or_default(),
        line.status.to_string(),
        line.period_label,
        line.span.to_string(),
        line.compared_with.unwrap_or_default(),
        line.change.unwrap_or_default(),
        number(line.change_pct, 4),
        number(line.low, 4),
        number(line.high, 4),
        line.significant.map_or_else(String::new, |s| s.to_string()),
        number(spc.map(|s| s.centre), 4),
        number(spc.map(|s| s.lower), 4),
        number(spc.map(|s| s.upper), 4),
        spc.and_then(|s| s.signal).unwrap_or_default().to_string(),
    ]
}

/// The status of a count: `c` when withheld, `[x]` for no data, `partial` when its span is
/// covered in part.
fn status(value: Option<u64>, cover: Option<Cover>) -> &'static str {
    match (value, cover) {
        (None, Some(Cover::None)) => NO_DATA_MARK,
        (None, _) => "c",
        (Some(_), Some(Cover::Partial | Cover::None)) => "partial",
        _ => "",
    }
}

/// Writes `records` as CSV, text cells neutralised for spreadsheets.
pub(super) fn write_csv(writer: &mut csv::Writer<Vec<u8>>, records: &[Record]) -> Result<()> {
    writer.write_record(COLUMNS)?;
    for r in records {
        let mut cells = r.clone();
        for i in [1, 2, 8] {
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

/// The change from `before` to `now` as published, with its percent to four decimals.
fn change_of(before: Option<u64>, now: Option<u64>) -> (Option<String>, Option<f64>) {
    match (before, now) {
        (Some(b), Some(n)) => (
            Some((i128::from(n) - i128::from(b)).to_string()),
            crate::model::number::change_pct(b, n),
        ),
        _ => (None, None),
    }
}

/// A comparison: each row's baseline, then its current figure with the change; then each
/// rate's.
pub(super) fn compare(c: &Comparison) -> Vec<Record> {
    let mut out = Vec::new();
    for row in &c.rows {
        let cover = |baseline: bool| {
            row.coverage
                .as_ref()
                .map(|cv| if baseline { cv.baseline } else { cv.current })
        };
        let base = Line {
            measure: &row.measure,
            label: &row.label,
            group: row.group.as_deref(),
            unit: unit_name(row.unit),
            ..Line::default()
        };
        out.push(record(Line {
            start: c.baseline.from.clone(),
            end: c.baseline.to.clone(),
            value: row.baseline.map(|v| v.to_string()),
            status: status(row.baseline, cover(true)),
            period_label: c.baseline.label.clone(),
            span: "baseline",
            ..base
        }));
        let (change, _) = change_of(row.baseline, row.current);
        out.push(record(Line {
            measure: &row.measure,
            label: &row.label,
            group: row.group.as_deref(),
            unit: unit_name(row.unit),
            start: c.current.from.clone(),
            end: c.current.to.clone(),
            value: row.current.map(|v| v.to_string()),
            status: status(row.current, cover(false)),
            period_label: c.current.label.clone(),
            span: "period",
            compared_with: row.baseline.map(|v| v.to_string()),
            change,
            change_pct: row.change_pct,
            low: row.change_pct_low,
            high: row.change_pct_high,
            significant: row.significant,
            spc: None,
        }));
    }
    for rate in &c.rates {
        let withheld = rate.withheld.is_some();
        let value = |v: Option<f64>| v.filter(|_| !withheld).map(|v| format!("{v:.1}"));
        let st = |v: Option<f64>| match v {
            _ if withheld => "c",
            None => "[z]",
            Some(_) => "",
        };
        let base = Line {
            measure: &rate.measure,
            label: &rate.label,
            unit: "percent",
            ..Line::default()
        };
        out.push(record(Line {
            start: c.baseline.from.clone(),
            end: c.baseline.to.clone(),
            value: value(rate.baseline),
            status: st(rate.baseline),
            period_label: c.baseline.label.clone(),
            span: "baseline",
            ..base
        }));
        out.push(record(Line {
            measure: &rate.measure,
            label: &rate.label,
            unit: "percent",
            start: c.current.from.clone(),
            end: c.current.to.clone(),
            value: value(rate.current),
            status: st(rate.current),
            period_label: c.current.label.clone(),
            span: "period",
            compared_with: value(rate.baseline),
            change: rate
                .change_pp
                .filter(|_| !withheld)
                .map(|v| format!("{v:.1}")),
            low: rate.change_pp_low,
            high: rate.change_pp_high,
            significant: rate.significant,
            ..Line::default()
        }));
    }
    out
}

/// `Apr 2020`, `Apr 2020 to Sep 2020`.
fn months_label(first: Month, last: Month) -> String {
    let one = |m: Month| format!("{} {}", m.short_name(), m.year());
    if first == last {
        one(first)
    } else {
        format!("{} to {}", one(first), one(last))
    }
}

/// A monthly table: each month shown (and the same month a year earlier when it is not
/// shown itself), then the year to date and the rolling 12 months to the month, each with
/// the same span a year earlier; the month's control-chart lines on its own row.
pub(super) fn monthly(m: &Monthly) -> Vec<Record> {
    let mut out = Vec::new();
    for row in &m.rows {
        month_row(&mut out, m, row);
    }
    out
}

fn month_row(out: &mut Vec<Record>, m: &Monthly, row: &MonthRow) {
    let counts = row.counts();
    let spans = row.spans();
    let cover = |i: usize| {
        row.coverage
            .as_ref()
            .map(|c| if i % 2 == 1 { c.baseline } else { c.current })
    };
    let cover_of = |i: usize| {
        if row.gaps.get(i).copied().unwrap_or(false) {
            Some(Cover::None)
        } else if row.partial.get(i).copied().unwrap_or(false) {
            Some(Cover::Partial)
        } else if i < 2 {
            cover(i)
        } else {
            None
        }
    };
    for (pair, span) in ["month", "year_to_date", "rolling_12"]
        .into_iter()
        .enumerate()
    {
        let (now_i, before_i) = (2 * pair, 2 * pair + 1);
        let (Some(&now), Some(&before)) = (counts.get(now_i), counts.get(before_i)) else {
            continue;
        };
        let (Some(&(nf, nl)), Some(&(bf, bl))) = (spans.get(now_i), spans.get(before_i)) else {
            continue;
        };
        let key = Line {
            measure: &row.measure,
            label: &row.label,
            group: row.group.as_deref(),
            unit: unit_name(row.unit),
            span,
            ..Line::default()
        };
        // Over more than 12 months, a year-earlier month is one of the months shown.
        if !(pair == 0 && m.months.contains(&bf)) {
            out.push(record(Line {
                start: bf.first_day().to_string(),
                end: bl.last_day().to_string(),
                value: before.map(|v| v.to_string()),
                status: status(before, cover_of(before_i)),
                period_label: months_label(bf, bl),
                ..key
            }));
        }
        let (change, change_pct) = change_of(before, now);
        out.push(record(Line {
            measure: &row.measure,
            label: &row.label,
            group: row.group.as_deref(),
            unit: unit_name(row.unit),
            span,
            start: nf.first_day().to_string(),
            end: nl.last_day().to_string(),
            value: now.map(|v| v.to_string()),
            status: status(now, cover_of(now_i)),
            period_label: months_label(nf, nl),
            compared_with: before.map(|v| v.to_string()),
            change,
            change_pct,
            spc: if pair == 0 { row.spc.as_ref() } else { None },
            ..Line::default()
        }));
    }
}

/// A reporting year's first and last days: April to March, ending in `year`.
fn year_span(year: i32) -> (String, String) {
    (format!("{:04}-04-01", year - 1), format!("{year:04}-03-31"))
}

/// A published figure's value and status: a count, or empty with DfE's symbol.
fn published(figure: &PublishedFigure) -> (Option<String>, &str) {
    match &figure.0 {
        Some(Figure::Count(n)) => (Some(n.to_string()), ""),
        Some(Figure::Missing(symbol)) => (None, symbol.as_str()),
        None => (None, NO_DATA_MARK),
    }
}

/// One kind of figure of a benchmark row (`count`, `rate_per_10000` or `percent`; empty for
/// none), its value in the year before and the year, and their statuses.
type Figures<'a> = (&'a str, [Option<String>; 2], [&'a str; 2]);

/// A percentage's status: DfE's symbol where it published none.
fn pct_status(value: Option<f64>, figure: &PublishedFigure) -> &str {
    match (value, &figure.0) {
        (Some(_), _) => "",
        (None, Some(Figure::Missing(s))) => s.as_str(),
        (None, _) => NO_DATA_MARK,
    }
}

/// A benchmark: each area's count (or percentage) and rate per 10,000 in the year before and
/// the year, the later with its change.
pub(super) fn benchmark(b: &Benchmark) -> Vec<Record> {
    let mut out = Vec::new();
    let years = [
        (b.year - 1, b.previous_year_label.clone()),
        (b.year, b.year_label.clone()),
    ];
    for row in &b.rows {
        let area = Some(row.area.as_str());
        let percent = row.unit == Some("percent");
        let values: [Figures; 2] = if percent {
            let pct = |v: Option<f64>| v.map(|v| format!("{v:.1}"));
            [
                (
                    "percent",
                    [pct(row.previous_pct), pct(row.current_pct)],
                    [
                        pct_status(row.previous_pct, &row.previous),
                        pct_status(row.current_pct, &row.current),
                    ],
                ),
                ("", [None, None], ["", ""]),
            ]
        } else {
            let (pv, ps) = published(&row.previous);
            let (cv, cs) = published(&row.current);
            let rate = |v: Option<f64>| v.map(|v| format!("{v:.1}"));
            let rs = |v: Option<f64>, s: &'static str| if v.is_some() { "" } else { s };
            [
                ("count", [pv, cv], [ps, cs]),
                (
                    "rate_per_10000",
                    [rate(row.previous_rate), rate(row.current_rate)],
                    [
                        rs(row.previous_rate, NO_DATA_MARK),
                        rs(row.current_rate, NO_DATA_MARK),
                    ],
                ),
            ]
        };
        for (unit, pair, statuses) in values.iter().filter(|v| !v.0.is_empty()) {
            for (i, (year, label)) in years.iter().enumerate() {
                let (start, end) = year_span(*year);
                let later = i == 1;
                let value = pair.get(i).cloned().flatten();
                let before = pair.first().cloned().flatten();
                let change = if later && *unit == "count" {
                    row.change.map(|c| c.to_string())
                } else if later {
                    match (&before, &value) {
                        (Some(b), Some(n)) => b
                            .parse::<f64>()
                            .ok()
                            .zip(n.parse::<f64>().ok())
                            .map(|(b, n)| format!("{:.1}", n - b)),
                        _ => None,
                    }
                } else {
                    None
                };
                out.push(record(Line {
                    measure: &row.measure,
                    label: &row.label,
                    group: area,
                    unit,
                    start,
                    end,
                    value,
                    status: statuses.get(i).copied().unwrap_or_default(),
                    period_label: label.clone(),
                    span: "year",
                    compared_with: if later { before } else { None },
                    change,
                    change_pct: if later && *unit == "count" {
                        row.change_pct
                    } else {
                        None
                    },
                    ..Line::default()
                }));
            }
        }
    }
    out
}

/// A trend: each area's rate per 10,000 (or percentage) year by year, each year after the
/// first with its change from the year before.
pub(super) fn trend(t: &Trend) -> Vec<Record> {
    let mut out = Vec::new();
    for series in &t.series {
        let mut before: Option<f64> = None;
        for (i, point) in series.points.iter().enumerate() {
            let (start, end) = year_span(point.year);
            let value = point.value;
            let change = match (i, before, value) {
                (1.., Some(b), Some(n)) => Some(format!("{:.1}", n - b)),
                _ => None,
            };
            let status = match (value, point.count.as_ref().and_then(|c| c.0.as_ref())) {
                (Some(_), _) => "",
                (None, Some(Figure::Missing(s))) => s.as_str(),
                (None, _) => NO_DATA_MARK,
            };
            out.push(record(Line {
                measure: &series.measure,
                label: &series.label,
                group: Some(series.area.as_str()),
                unit: series.unit,
                start,
                end,
                value: value.map(|v| format!("{v:.1}")),
                status,
                period_label: financial_year_label(point.year - 1),
                span: "year",
                compared_with: if i > 0 {
                    before.map(|v| format!("{v:.1}"))
                } else {
                    None
                },
                change,
                ..Line::default()
            }));
            before = value;
        }
    }
    out
}
