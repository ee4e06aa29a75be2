//! Output formats. One small file per format behind the private [`Render`] trait, and one
//! `match` that picks the format (the shape of hyperfine's `export/`).
//!
//! The table-like formats (terminal table, Markdown, HTML, Excel) share one typed model,
//! [`Sheet`]: a title, a header, rows of [`Cell`]s and footer lines. A cell knows whether it
//! is text, a count (or a withheld one), a change or a rate, so each format shows it in its
//! own way — `11,312` in a paper, a number with a format in Excel — from the same decision.

pub mod chart;
mod csv;
mod html;
mod json;
mod markdown;
pub mod note;
mod table;
mod xlsx;

use std::path::Path;

use anyhow::Result;

use crate::compare::benchmark::{AreaKind, Benchmark};
use crate::compare::comparison::{Comparison, FileQuality};
use crate::compare::monthly::{MonthRate, MonthRow, Monthly};
use crate::compare::trend::Trend;
use crate::input::published::Figure;
use crate::model::number::format_change_pct;
use crate::model::period::Month;
use crate::model::units::{Unit, Units};

/// An output format, chosen by `--format` or by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned text table for the terminal, with the title above.
    Table,
    /// Comma-separated values with stable column names, for scripts and Excel.
    Csv,
    /// A Markdown table with its title as a heading.
    Markdown,
    /// The documented JSON contract.
    Json,
    /// An Excel workbook: a sheet per table, numbers as numbers, the data-quality note.
    Xlsx,
    /// One self-contained HTML page: tables, charts and notes, ready to print or paste.
    Html,
}

impl Format {
    /// Every format, in the order help and messages list them.
    pub const ALL: [Format; 6] = [
        Format::Table,
        Format::Csv,
        Format::Markdown,
        Format::Json,
        Format::Xlsx,
        Format::Html,
    ];

    /// The name used by `--format` and report files.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// One line on what the format is for, for `--help`.
    pub fn help(self) -> Option<&'static str> {
        Some(match self {
            Format::Table => "Aligned text table for the terminal, with the title above",
            Format::Csv => "Comma-separated values with stable column names, for scripts and Excel",
            Format::Markdown => "A Markdown table with its title as a heading",
            Format::Json => "The documented JSON contract",
            Format::Xlsx => {
                "An Excel workbook: a sheet per table, numbers as numbers, the data-quality note"
            }
            Format::Html => {
                "One self-contained HTML page: tables, charts and notes, ready to print or paste"
            }
        })
    }

    /// The format named `text` (any case).
    pub fn from_name(text: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(text.trim()))
    }

    /// The extensions `--output` recognises, for messages: `.csv, .md, …`.
    pub fn extensions() -> String {
        or_list(
            Format::ALL
                .iter()
                .map(|f| format!(".{}", f.extension()))
                .collect(),
        )
    }

    /// The names of every format, for messages: `table, csv, markdown, json, xlsx or html`.
    pub fn names() -> String {
        or_list(Format::ALL.iter().map(|f| f.name().to_string()).collect())
    }

    /// The usual extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// The format an output file's extension implies.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "txt" | "text" => Some(Format::Table),
            "xlsx" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// Formats whose bytes are not text, never written to a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }

    /// Formats for papers, where counts carry thousands separators unless asked otherwise.
    fn for_papers(self) -> bool {
        matches!(self, Format::Xlsx | Format::Html)
    }
}

/// `a, b or c`.
fn or_list(items: Vec<String>) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// How a monthly table is laid out: months across (wide) or one row per month (long).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    Wide,
    Long,
}

impl Layout {
    /// Every layout, in the order help lists them.
    pub const ALL: [Layout; 2] = [Layout::Wide, Layout::Long];

    /// The name used by `--layout` and report files.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Wide => "wide",
            Layout::Long => "long",
        }
    }

    /// No help beyond the option's own.
    pub fn help(self) -> Option<&'static str> {
        None
    }
}

/// Settings every renderer honours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Decimal places of the change in percent in text formats.
    pub decimals: u32,
    /// Terminal layout of a monthly table.
    pub layout: Layout,
    /// Thousands separators in counts: `None` is the format's own default (on for HTML and
    /// Excel, off for the terminal table and Markdown); never in CSV or JSON.
    pub thousands: Option<bool>,
}

/// What is rendered: a comparison of two periods, a month-by-month table, or a benchmark.
#[derive(Debug, Clone, Copy)]
pub enum Document<'a> {
    Compare(&'a Comparison),
    Monthly(&'a Monthly),
    Benchmark(&'a Benchmark),
    Trend(&'a Trend),
}

impl Document<'_> {
    pub fn title(&self) -> &str {
        match self {
            Document::Compare(c) => &c.title,
            Document::Monthly(m) => &m.title,
            Document::Benchmark(b) => &b.title,
            Document::Trend(t) => &t.title,
        }
    }

    pub fn data_quality(&self) -> &[FileQuality] {
        match self {
            Document::Compare(c) => &c.data_quality,
            Document::Monthly(m) => &m.data_quality,
            Document::Benchmark(b) => &b.data_quality,
            Document::Trend(_) => &[],
        }
    }
}

trait Render {
    fn render(&self, document: Document) -> Result<Vec<u8>>;
}

/// Renders `document` in `format`.
pub fn render(format: Format, options: RenderOptions, document: Document) -> Result<Vec<u8>> {
    let options = RenderOptions {
        thousands: Some(options.thousands.unwrap_or(format.for_papers())),
        ..options
    };
    let renderer: &dyn Render = match format {
        Format::Table => &table::TableFormat(options),
        Format::Csv => &csv::CsvFormat,
        Format::Markdown => &markdown::MarkdownFormat(options),
        Format::Json => &json::JsonFormat,
        Format::Xlsx => &xlsx::XlsxFormat(options),
        Format::Html => &html::HtmlFormat(options),
    };
    renderer.render(document)
}

/// One cell of a [`Sheet`].
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    /// A count; `None` when withheld.
    Count(Option<u64>),
    /// The change from the first to the second count in percent; `None` when withheld.
    Change(Option<(u64, u64)>),
    /// A rate per 10,000, one decimal.
    Rate(Option<f64>),
    /// A percentage, one decimal (`52.3%`); `None` when it cannot be given.
    Percent(Option<f64>),
    /// A change in percentage points (`+2.1 pp`).
    Points(Option<f64>),
    /// DfE's symbol for a figure not published (`c`, `x`, …).
    Symbol(String),
    Blank,
}

impl Cell {
    fn count(value: Option<u64>) -> Cell {
        Cell::Count(value)
    }

    fn figure(figure: &Option<Figure>) -> Cell {
        match figure {
            Some(Figure::Count(n)) => Cell::Count(Some(*n)),
            Some(Figure::Missing(symbol)) => Cell::Symbol(symbol.clone()),
            None => Cell::Blank,
        }
    }

    /// The cell as text, for the text formats.
    fn text(&self, options: RenderOptions) -> String {
        match self {
            Cell::Text(text) | Cell::Symbol(text) => text.clone(),
            Cell::Count(Some(n)) if options.thousands == Some(true) => thousands(*n),
            Cell::Count(Some(n)) => n.to_string(),
            Cell::Count(None) | Cell::Change(None) => "c".to_string(),
            Cell::Change(Some((before, now))) => format_change_pct(*before, *now, options.decimals),
            Cell::Rate(Some(rate)) => format!("{rate:.1}"),
            Cell::Percent(Some(pct)) => format!("{pct:.1}%"),
            Cell::Percent(None) => "n/a".to_string(),
            Cell::Points(Some(pp)) if *pp > 0.0 => format!("+{pp:.1} pp"),
            Cell::Points(Some(pp)) if *pp < 0.0 => format!("-{:.1} pp", pp.abs()),
            Cell::Points(Some(_)) => "0.0 pp".to_string(),
            Cell::Rate(None) | Cell::Points(None) | Cell::Blank => String::new(),
        }
    }

    fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// `11312` as `11,312`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A titled table of typed cells, shared by the table-like formats.
#[derive(Debug, Clone)]
struct Sheet {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// Lines printed under the table: what was suppressed, sources, definitions.
    footer: Vec<String>,
    /// Rows that head a group (a measure above its areas), shown in bold where that exists.
    headings: Vec<usize>,
}

impl Sheet {
    fn new(title: String, header: Vec<String>, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            title,
            header,
            rows,
            footer: Vec::new(),
            headings: Vec::new(),
        }
    }

    /// The sheets a document shows.
    fn of(document: Document, layout: Layout) -> Vec<Sheet> {
        match (document, layout) {
            (Document::Compare(c), _) => vec![Sheet::comparison(c)],
            (Document::Monthly(m), Layout::Wide) => vec![Sheet::monthly_wide(m)],
            (Document::Monthly(m), Layout::Long) => Sheet::monthly_long(m),
            (Document::Benchmark(b), _) => vec![Sheet::benchmark(b)],
            (Document::Trend(t), _) => vec![Sheet::trend(t)],
        }
    }

    /// Whether each column holds numbers (right-aligned).
    fn numeric_columns(&self) -> Vec<bool> {
        (0..self.header.len())
            .map(|i| {
                i > 0
                    && self
                        .rows
                        .iter()
                        .all(|r| r.get(i).is_none_or(Cell::is_number))
            })
            .collect()
    }

    /// The rows as text.
    fn text_rows(&self, options: RenderOptions) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| row.iter().map(|c| c.text(options)).collect())
            .collect()
    }

    /// The committee table: measures down, the two periods and the change across.
    fn comparison(comparison: &Comparison) -> Sheet {
        let (base, cur) = (&comparison.baseline.label, &comparison.current.label);
        let mut header = vec![measure_heading(comparison.by.as_deref(), comparison.count)];
        match comparison.count {
            Units::Events | Units::Children => {
                header.extend([base.clone(), cur.clone(), "+/-".into()])
            }
            Units::Both => header.extend([
                format!("{base} events"),
                format!("{cur} events"),
                "+/-".into(),
                format!("{base} children"),
                format!("{cur} children"),
                "+/-".into(),
            ]),
        }
        // One line per measure (or group): with `both`, its events and children side by side.
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        let mut last: Option<(&str, Option<&str>)> = None;
        for row in &comparison.rows {
            let key = (row.measure.as_str(), row.group.as_deref());
            if last != Some(key) {
                lines.push(vec![Cell::Text(series_label(
                    &row.label,
                    row.group.as_deref(),
                    None,
                ))]);
                last = Some(key);
            }
            if let Some(line) = lines.last_mut() {
                line.extend([
                    Cell::count(row.baseline),
                    Cell::count(row.current),
                    Cell::Change(row.pair()),
                ]);
            }
        }
        // Derived rates after the counts: percentages and their change in points.
        for rate in &comparison.rates {
            let mut line = vec![
                Cell::Text(rate.label.clone()),
                Cell::Percent(rate.baseline),
                Cell::Percent(rate.current),
                Cell::Points(rate.change_pp),
            ];
            line.resize(header.len(), Cell::Blank);
            lines.push(line);
        }
        let mut sheet = Sheet::new(comparison.title.clone(), header, lines);
        sheet.footer = comparison.footer.clone();
        sheet
    }

    /// Monthly, wide: measures down, months across, each count with the year-earlier count
    /// and the change under it; year-to-date and rolling 12 months for the last month.
    fn monthly_wide(monthly: &Monthly) -> Sheet {
        let span_months = monthly.months.len();
        let mut header = vec![measure_heading(monthly.by.as_deref(), Units::Events)];
        header.extend(monthly.months.iter().map(|&m| {
            if span_months <= 12 {
                m.short_name().to_string()
            } else {
                format!("{} {:02}", m.short_name(), m.year().rem_euclid(100))
            }
        }));
        header.extend(["YTD".to_string(), "12 months".to_string()]);
        let mut lines = Vec::new();
        for series in series(&monthly.rows) {
            let Some(last) = series.last() else { continue };
            let unit = last.unit.filter(|u| *u == Unit::Children);
            let mut counts = vec![Cell::Text(series_label(
                &last.short_label,
                last.group.as_deref(),
                unit,
            ))];
            let mut before = vec![Cell::Text(format!("  {}", monthly.previous_label))];
            let mut change = vec![Cell::Text("  +/-".to_string())];
            for row in &series {
                counts.push(Cell::count(row.count));
                before.push(Cell::count(row.previous_year_count));
                change.push(Cell::Change(row.pair(0)));
            }
            for (which, now, then) in [
                (1, last.ytd, last.ytd_previous_year),
                (2, last.rolling_12, last.rolling_12_previous_year),
            ] {
                counts.push(Cell::count(now));
                before.push(Cell::count(then));
                change.push(Cell::Change(last.pair(which)));
            }
            lines.extend([counts, before, change]);
        }
        // Derived rates after the counts: percentages and their change in points.
        for series in rate_series(&monthly.rates) {
            let Some(last) = series.last() else { continue };
            let mut now = vec![Cell::Text(last.one.label.clone())];
            let mut before = vec![Cell::Text(format!("  {}", monthly.previous_label))];
            let mut change = vec![Cell::Text("  +/- (points)".to_string())];
            let spans = series
                .iter()
                .map(|r| &r.one)
                .chain([&last.ytd, &last.rolling_12]);
            for span in spans {
                now.push(Cell::Percent(span.current));
                before.push(Cell::Percent(span.baseline));
                change.push(Cell::Points(span.change_pp));
            }
            lines.extend([now, before, change]);
        }
        let mut sheet = Sheet::new(monthly.title.clone(), header, lines);
        sheet.footer = monthly.footer.clone();
        sheet
    }

    /// Monthly, long: one table per measure (and group and unit), months down; then one per
    /// rate.
    fn monthly_long(monthly: &Monthly) -> Vec<Sheet> {
        let mut sheets = Self::monthly_long_counts(monthly);
        let prev = &monthly.previous_label;
        for series in rate_series(&monthly.rates) {
            let Some(first) = series.first() else {
                continue;
            };
            let title = format!("{}: {}", first.one.label, monthly.title);
            let header = long_header("Rate", prev);
            let rows = series
                .iter()
                .map(|rate| {
                    let mut row = vec![Cell::Text(month_label(rate.month))];
                    for span in [&rate.one, &rate.ytd, &rate.rolling_12] {
                        row.extend([
                            Cell::Percent(span.current),
                            Cell::Percent(span.baseline),
                            Cell::Points(span.change_pp),
                        ]);
                    }
                    row
                })
                .collect();
            let mut sheet = Sheet::new(title, header, rows);
            sheet.footer = monthly.footer.clone();
            sheets.push(sheet);
        }
        sheets
    }

    fn monthly_long_counts(monthly: &Monthly) -> Vec<Sheet> {
        let prev = &monthly.previous_label;
        series(&monthly.rows)
            .into_iter()
            .filter_map(|series| {
                let first = series.first()?;
                let unit = first.unit.filter(|u| *u == Unit::Children);
                let title = format!(
                    "{}: {}",
                    series_label(&first.label, first.group.as_deref(), unit).trim(),
                    monthly.title
                );
                let header = long_header("Count", prev);
                let rows = series
                    .iter()
                    .map(|row| {
                        vec![
                            Cell::Text(month_label(row.month)),
                            Cell::count(row.count),
                            Cell::count(row.previous_year_count),
                            Cell::Change(row.pair(0)),
                            Cell::count(row.ytd),
                            Cell::count(row.ytd_previous_year),
                            Cell::Change(row.pair(1)),
                            Cell::count(row.rolling_12),
                            Cell::count(row.rolling_12_previous_year),
                            Cell::Change(row.pair(2)),
                        ]
                    })
                    .collect();
                let mut sheet = Sheet::new(title, header, rows);
                sheet.footer = monthly.footer.clone();
                Some(sheet)
            })
            .collect()
    }

    /// The benchmarking table: each measure, then the authority and its comparators.
    fn benchmark(b: &Benchmark) -> Sheet {
        let (prev, cur) = (&b.previous_year_label, &b.year_label);
        let header: Vec<String> = vec![
            "Measure / area".to_string(),
            prev.clone(),
            cur.clone(),
            "+/-".to_string(),
            format!("Rate {prev}"),
            format!("Rate {cur}"),
            "Rank".to_string(),
        ];
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        let mut headings = Vec::new();
        let mut last = "";
        for row in &b.rows {
            if row.measure != last {
                headings.push(lines.len());
                let mut heading = vec![Cell::Text(row.label.clone())];
                heading.resize(header.len(), Cell::Blank);
                lines.push(heading);
                last = &row.measure;
            }
            let rank = row
                .rank
                .zip(row.ranked)
                .map_or(Cell::Blank, |(r, n)| Cell::Symbol(format!("{r} of {n}")));
            let cells = if row.unit.is_some() {
                // A percentage: the two years' percentages, the change in points.
                let pct = |figure: &Option<Figure>, pct: Option<f64>| match (figure, pct) {
                    (Some(Figure::Missing(symbol)), _) => Cell::Symbol(symbol.clone()),
                    (_, Some(p)) => Cell::Percent(Some(p)),
                    _ => Cell::Blank,
                };
                [
                    pct(&row.previous.0, row.previous_pct),
                    pct(&row.current.0, row.current_pct),
                    Cell::Points(row.change_pp),
                    Cell::Blank,
                    Cell::Blank,
                ]
            } else {
                let counts = row
                    .previous
                    .0
                    .as_ref()
                    .and_then(Figure::count)
                    .zip(row.current.0.as_ref().and_then(Figure::count));
                let change = match counts {
                    Some(pair) if row.change.is_some() => Cell::Change(Some(pair)),
                    _ => Cell::Blank,
                };
                [
                    Cell::figure(&row.previous.0),
                    Cell::figure(&row.current.0),
                    change,
                    Cell::Rate(row.previous_rate),
                    Cell::Rate(row.current_rate),
                ]
            };
            let mut line = vec![Cell::Text(format!("  {}", row.area))];
            line.extend(cells);
            line.push(rank);
            lines.push(line);
        }
        let mut sheet = Sheet::new(b.title.clone(), header, lines);
        sheet.footer = b.footer.clone();
        sheet.headings = headings;
        sheet
    }

    /// A trend: measures down, each with a row per area and the authority's rank; years
    /// across.
    fn trend(t: &Trend) -> Sheet {
        let mut header = vec!["Measure / area".to_string()];
        header.extend(t.year_labels.iter().cloned());
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        let mut headings = Vec::new();
        let mut last = "";
        for series in &t.series {
            if series.measure != last {
                headings.push(lines.len());
                let what = if series.unit == "percent" {
                    "%"
                } else {
                    "rate per 10,000"
                };
                let mut heading = vec![Cell::Text(format!("{} ({what})", series.label))];
                heading.resize(header.len(), Cell::Blank);
                lines.push(heading);
                last = &series.measure;
            }
            let mut line = vec![Cell::Text(format!("  {}", series.area))];
            for point in &series.points {
                let symbol =
                    point
                        .count
                        .as_ref()
                        .and_then(|c| c.0.as_ref())
                        .and_then(|f| match f {
                            Figure::Missing(s) => Some(s.clone()),
                            Figure::Count(_) => None,
                        });
                line.push(match (symbol, point.value) {
                    (Some(symbol), _) => Cell::Symbol(symbol),
                    (None, Some(v)) if series.unit == "percent" => Cell::Percent(Some(v)),
                    (None, Some(v)) => Cell::Rate(Some(v)),
                    (None, None) => Cell::Blank,
                });
            }
            lines.push(line);
            if series.area_kind == AreaKind::Authority {
                let mut ranks = vec![Cell::Text("  Rank".to_string())];
                ranks.extend(series.points.iter().map(|p| {
                    p.rank
                        .zip(p.ranked)
                        .map_or(Cell::Blank, |(r, n)| Cell::Symbol(format!("{r} of {n}")))
                }));
                lines.push(ranks);
            }
        }
        let mut sheet = Sheet::new(t.title.clone(), header, lines);
        sheet.footer = t.footer.clone();
        sheet.headings = headings;
        sheet
    }

    /// The widest cell of each column, in characters, for `options`.
    fn widths(&self, options: RenderOptions) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in self.text_rows(options) {
            for (w, cell) in widths.iter_mut().zip(&row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }
}

/// The first column's heading: `Measure`, `Measure (children)`, `Measure / Contact Source`.
fn measure_heading(by: Option<&str>, count: Units) -> String {
    let mut heading = match by {
        Some(by) => format!("Measure / {by}"),
        None => "Measure".to_string(),
    };
    if count == Units::Children {
        heading.push_str(" (children)");
    }
    heading
}

/// A row label: the measure, or an indented group; `(children)` where units are mixed.
fn series_label(label: &str, group: Option<&str>, unit: Option<Unit>) -> String {
    let base = match group {
        Some(group) => format!("  {group}"),
        None => label.to_string(),
    };
    match unit {
        Some(Unit::Children) => format!("{base} (children)"),
        _ => base,
    }
}

/// The header of a long monthly table: the month, then the month, YTD and 12 months, each
/// with the year earlier and the change.
fn long_header(figure: &str, previous: &str) -> Vec<String> {
    let mut header = vec!["Month".to_string()];
    for span in [figure, "YTD", "12 months"] {
        header.extend([span, previous, "+/-"].map(str::to_string));
    }
    header
}

/// `2020-04` as `Apr 2020`.
fn month_label(month: Month) -> String {
    format!("{} {}", month.short_name(), month.year())
}

/// Consecutive monthly rows of one rate.
fn rate_series(rates: &[MonthRate]) -> Vec<&[MonthRate]> {
    rates
        .chunk_by(|a, b| a.one.measure == b.one.measure)
        .collect()
}

/// Consecutive rows of one measure, group and unit.
fn series(rows: &[MonthRow]) -> Vec<Vec<&MonthRow>> {
    let mut out: Vec<Vec<&MonthRow>> = Vec::new();
    for row in rows {
        let same = out.last().and_then(|s| s.last()).is_some_and(|prev| {
            prev.measure == row.measure && prev.group == row.group && prev.unit == row.unit
        });
        match out.last_mut() {
            Some(current) if same => current.push(row),
            _ => out.push(vec![row]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(11312), "11,312");
        assert_eq!(thousands(642980), "642,980");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn cells_as_text() {
        let on = RenderOptions {
            thousands: Some(true),
            ..RenderOptions::default()
        };
        let off = RenderOptions::default();
        assert_eq!(Cell::Count(Some(11312)).text(on), "11,312");
        assert_eq!(Cell::Count(Some(11312)).text(off), "11312");
        assert_eq!(Cell::Count(None).text(on), "c");
        assert_eq!(Cell::Change(None).text(on), "c");
        assert_eq!(Cell::Change(Some((762, 1010))).text(off), "+33%");
        assert_eq!(Cell::Change(Some((0, 4))).text(off), "n/a");
        assert_eq!(Cell::Rate(Some(191.6)).text(off), "191.6");
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use crate::compare::comparison::{Comparison, FileQuality, PeriodInfo, Row};
    use crate::model::units::Unit;
    use crate::model::units::Units;

    fn row(measure: &str, label: &str, baseline: u64, current: u64) -> Row {
        Row::new(measure, label, None, None, baseline, current)
    }

    /// Contacts by source, events and children.
    pub fn by_source_both() -> Comparison {
        let mut c = committee();
        c.by = Some("Contact Source".into());
        c.count = Units::Both;
        let tagged = |group: Option<&str>, kind: Unit, b: u64, cur: u64| Row {
            group: group.map(str::to_string),
            unit: Some(kind),
            ..row("contacts", "Contacts", b, cur)
        };
        c.rows = vec![
            tagged(None, Unit::Events, 20, 25),
            tagged(None, Unit::Children, 12, 12),
            tagged(Some("2A: Schools"), Unit::Events, 5, 0),
            tagged(Some("2A: Schools"), Unit::Children, 4, 0),
            tagged(Some("6: Police"), Unit::Events, 15, 25),
            tagged(Some("6: Police"), Unit::Children, 9, 12),
        ];
        c
    }

    /// The Leicestershire committee table, plus a zero-baseline row.
    pub fn committee() -> Comparison {
        Comparison {
            title: "2020/21 Quarters 1 & 2".into(),
            current: PeriodInfo {
                label: "2020".into(),
                from: "2020-04-01".into(),
                to: "2020-09-30".into(),
            },
            baseline: PeriodInfo {
                label: "2019".into(),
                from: "2019-04-01".into(),
                to: "2019-09-30".into(),
            },
            rows: vec![
                row("contacts", "Contacts", 11312, 11015),
                row("s47-enquiries", "Section 47", 762, 1010),
                row("icpcs", "Initial Child Protection Conferences", 0, 4),
            ],
            by: None,
            count: Units::Events,
            notes: Vec::new(),
            footer: Vec::new(),
            rates: Vec::new(),
            data_quality: vec![FileQuality {
                file: "contacts.csv".into(),
                sheet: None,
                measure: "contacts".into(),
                rows_read: Some(30000),
                rows_current: Some(11015),
                rows_baseline: Some(11312),
                rows_outside: Some(7670),
                rows_rejected: Some(3),
                rejected_lines: vec![17, 2045, 9001],
                rows_no_event: Some(0),
                duplicates: Some(0),
                rows_missing_id: Some(0),
                date_column: "Date of Contact".into(),
                taken_as: None,
                rejected_by_reason: [2, 1, 0, 0, 0, 0],
            }],
        }
    }
}
