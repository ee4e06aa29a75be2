//! `cscstats inspect`: the plan for every input — layout, header row, the measure each date
//! column feeds, what is context or skipped — with what the rows hold (rows, dated rows, the
//! first and last month with an event) and, for a period, whether the inputs cover it. Never a
//! value from a data row: column names, counts and months only.
//!
//! The JSON form is a documented contract (README, "inspect JSON"): fields are only ever added.

use serde::Serialize;

use crate::count::Counted;
use crate::count::coverage::Coverage;
use crate::input::Loaded;
use crate::input::detect::{Shape, capped};
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::period::{Month, Period};

/// The version of the JSON contract.
pub(crate) const VERSION: u32 = 1;

/// Everything `inspect` shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Inspection {
    pub version: u32,
    /// The period asked about, and the year-earlier baseline.
    pub period: Option<PeriodView>,
    pub tables: Vec<TableView>,
    pub precounted: Vec<PrecountedView>,
    /// Each measure fed by some input: where its events span and how they cover the period.
    pub measures: Vec<MeasureView>,
    /// Files and sheets passed over and other remarks, as the data-quality note gives them.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeriodView {
    pub title: String,
    pub current: Span,
    pub baseline: Span,
}

/// A span of months as ISO dates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Span {
    pub start: String,
    pub end: String,
}

impl Span {
    fn of(period: &Period) -> Span {
        Span {
            start: period.first_date().to_string(),
            end: period.last_date().to_string(),
        }
    }
}

/// A column: its number (from 1) and its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ColumnRef {
    pub number: usize,
    pub name: String,
}

impl ColumnRef {
    /// `"Step Type" (column 2)`.
    pub(crate) fn describe(&self) -> String {
        format!("\"{}\" (column {})", self.name, self.number)
    }

    pub(crate) fn of(headers: &[String], column: usize) -> ColumnRef {
        ColumnRef {
            number: column + 1,
            name: capped(headers.get(column).map_or("", String::as_str)),
        }
    }
}

/// One table (a CSV file, or a sheet of a workbook) and how it is read.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TableView {
    pub file: String,
    pub sheet: Option<String>,
    /// The line (CSV) or spreadsheet row of the header row.
    pub header_row: u64,
    /// In a file or sheet of several tables: the line (or row) of this table's last row.
    pub last_row: Option<u64>,
    /// `export`, `annex-a-list-N` or `cin-census`.
    pub layout: String,
    /// The layout in words: `Annex A List 1 (contacts)`, `an export`.
    pub layout_name: String,
    /// The headers that prove the layout: `key column "Date of Contact" and 7 of 7 template
    /// columns`; empty for an export.
    pub evidence: String,
    /// What decided the table's own measure: `layout`, `explicit`, `name` or `earliest-date`.
    pub chosen_by: &'static str,
    /// The measure the file's or sheet's name suggests, where its content decided otherwise.
    pub name_overruled: Option<String>,
    pub columns: usize,
    /// Data rows read (filled in after counting).
    pub rows: u64,
    pub feeds: Vec<FeedView>,
    /// Date columns of other stages, read as context and not counted.
    pub context: Vec<ContextView>,
    /// Headers of an Annex A list that are not in the Ofsted template.
    pub unrecognised_columns: Vec<String>,
}

/// One measure read from one table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedView {
    pub measure: String,
    /// The table's own measure, or a later stage whose date it carries.
    pub primary: bool,
    pub date_column: ColumnRef,
    pub child_id_column: Option<ColumnRef>,
    /// The event's own ID column: rows with one ID and date are one event.
    pub event_id_column: Option<ColumnRef>,
    pub source_column: Option<ColumnRef>,
    pub by_column: Option<ColumnRef>,
    /// A blank date means the event did not happen (no ICPC held), not a bad row.
    pub blank_means_no_event: bool,
    /// Rows with a usable date.
    pub dated: u64,
    /// Rows whose blank date means no event.
    pub no_event: u64,
    /// Dated rows that repeat an event already counted (by its identity), counted once.
    pub repeats: u64,
    /// Rows left out: blank (where a date is needed), unreadable or impossible dates.
    pub rejected: u64,
    pub first_month: Option<Month>,
    pub last_month: Option<Month>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContextView {
    pub column: ColumnRef,
    pub measure: String,
    pub why: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PrecountedView {
    pub file: String,
    pub measure: String,
    pub figures: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeasureView {
    pub measure: String,
    pub label: String,
    pub first_month: Option<Month>,
    pub last_month: Option<Month>,
    /// What makes two rows one event: `own-id` (the event's ID column in every table),
    /// `child-date-source`, `child-date`, or `rows` (each row an event).
    pub identity: &'static str,
    /// The ID columns, with `own-id`.
    pub identity_columns: Vec<String>,
    /// Dated rows, in every table, and the events they are once repeats are counted once.
    pub dated_rows: u64,
    pub events: u64,
    /// With a period: `full`, `partial` or `none` for the period and its baseline.
    pub coverage: Option<Coverage>,
}

/// The plan for `loaded`, before counting.
pub(crate) fn plan(loaded: &Loaded, catalogue: &Catalogue) -> Vec<TableView> {
    loaded
        .tables
        .iter()
        .map(|planned| {
            let headers = &planned.table.headers;
            let plan = &planned.plan;
            let column = |c: Option<usize>| c.map(|c| ColumnRef::of(headers, c));
            let layout = plan.shape.layout();
            let evidence = match plan.shape {
                // A workflow table is shown by the type column its plan chose.
                Shape::Workflow => plan
                    .feeds
                    .first()
                    .and_then(|f| f.type_filter.as_ref())
                    .map(|t| {
                        format!(
                            "type column {}",
                            ColumnRef::of(headers, t.column).describe()
                        )
                    })
                    .unwrap_or_default(),
                shape => shape.evidence(headers),
            };
            TableView {
                file: planned.table.path.display(),
                sheet: planned.table.sheet.clone(),
                header_row: planned.table.header_line,
                last_row: None,
                layout,
                layout_name: plan
                    .shape
                    .describe()
                    .unwrap_or_else(|| "an export".to_string()),
                evidence,
                chosen_by: plan.chosen_by.name(),
                name_overruled: plan.overruled_name.map(|m| catalogue.get(m).id.clone()),
                columns: headers.len(),
                rows: 0,
                feeds: plan
                    .feeds
                    .iter()
                    .map(|f| FeedView {
                        measure: catalogue.get(f.measure).id.clone(),
                        primary: f.primary,
                        date_column: ColumnRef::of(headers, f.date_column),
                        child_id_column: column(f.id_column),
                        event_id_column: column(f.event_column),
                        source_column: column(f.source_column),
                        by_column: column(f.by_column),
                        blank_means_no_event: f.blank_is_none,
                        dated: 0,
                        no_event: 0,
                        repeats: 0,
                        rejected: 0,
                        first_month: None,
                        last_month: None,
                    })
                    .collect(),
                context: plan
                    .context
                    .iter()
                    .map(|c| ContextView {
                        column: ColumnRef::of(headers, c.column),
                        measure: catalogue.get(c.measure).id.clone(),
                        why: c.why(),
                    })
                    .collect(),
                unrecognised_columns: plan.unrecognised.iter().map(|h| capped(h)).collect(),
            }
        })
        .collect()
}

/// The inspection once the rows are counted: `tables` from [`plan`], in the same order as the
/// tables counted.
pub(crate) fn inspection(
    mut tables: Vec<TableView>,
    counted: &Counted,
    period: Option<(&Period, &Period)>,
    catalogue: &Catalogue,
) -> Inspection {
    // A workflow table shows only the stages its rows name.
    for table in tables.iter_mut().filter(|t| t.layout == "workflow") {
        table.feeds.retain(|f| {
            counted.feeds.iter().any(|r| {
                r.file == table.file
                    && r.sheet == table.sheet
                    && r.header_line == table.header_row
                    && catalogue.get(r.measure).id == f.measure
            })
        });
    }
    for record in &counted.feeds {
        let Some(view) = tables.iter_mut().find(|t| {
            t.file == record.file && t.sheet == record.sheet && t.header_row == record.header_line
        }) else {
            continue;
        };
        // A workflow table's rows of other stages (or of none) are still its rows.
        view.last_row = view.last_row.max(record.last_line);
        view.rows = view
            .rows
            .max(record.tally.rows_read + record.tally.other_type);
        let id = &catalogue.get(record.measure).id;
        if let Some(feed) = view.feeds.iter_mut().find(|f| &f.measure == id) {
            let span = record.tally.months.span();
            feed.dated = record.tally.months.total();
            feed.no_event = record.tally.no_event;
            feed.repeats = record.tally.duplicates;
            feed.rejected = record.tally.rejected.total;
            feed.first_month = span.map(|s| s.0);
            feed.last_month = span.map(|s| s.1);
        }
    }
    let measures = counted
        .measures
        .keys()
        .chain(counted.precounted.iter().map(|p| &p.measure))
        .copied()
        .collect::<std::collections::BTreeSet<MeasureId>>()
        .into_iter()
        .map(|m| {
            let span = crate::count::coverage::span(counted, m);
            let feeds = || counted.feeds.iter().filter(move |f| f.measure == m);
            let dated_rows: u64 = feeds().map(|f| f.tally.months.total()).sum();
            let repeats: u64 = feeds().map(|f| f.tally.duplicates).sum();
            let mut identity_columns: Vec<String> = feeds()
                .filter_map(|f| f.identity.as_deref().map(capped))
                .collect();
            identity_columns.sort_unstable();
            identity_columns.dedup();
            let identity = match counted.measures.get(&m) {
                Some(c) if c.key_by_event => "own-id",
                Some(c) if c.dedupes() && c.key_by_source => "child-date-source",
                Some(c) if c.dedupes() => "child-date",
                _ => "rows",
            };
            if identity != "own-id" {
                identity_columns.clear();
            }
            MeasureView {
                identity,
                identity_columns,
                dated_rows,
                events: dated_rows.saturating_sub(repeats),
                measure: catalogue.get(m).id.clone(),
                label: catalogue.get(m).label.clone(),
                first_month: span.as_ref().map(|s| s.first_month()),
                last_month: span.as_ref().map(|s| s.last_month()),
                coverage: period
                    .map(|(current, baseline)| Coverage::of(counted, m, current, baseline)),
            }
        })
        .collect();
    Inspection {
        version: VERSION,
        period: period.map(|(current, baseline)| PeriodView {
            title: current.title(),
            current: Span::of(current),
            baseline: Span::of(baseline),
        }),
        tables,
        precounted: counted
            .precounted
            .iter()
            .map(|p| PrecountedView {
                file: p.file.clone(),
                measure: catalogue.get(p.measure).id.clone(),
                figures: p.figures.len(),
            })
            .collect(),
        measures,
        notes: counted.notes.clone(),
    }
}
