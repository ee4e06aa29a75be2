//! Output formats. One small file per format behind the private [`Render`] trait, and one
//! `match` that picks the format (the shape of hyperfine's `export/`).

mod csv;
mod json;
mod markdown;
pub mod note;
mod table;

use std::path::Path;

use anyhow::Result;

use crate::benchmark::Benchmark;
use crate::cli::Layout;
use crate::compare::{Comparison, CountKind, format_change_pct};
use crate::config::CountMode;
use crate::input::published::Figure;
use crate::monthly::{MonthRow, Monthly};

/// An output format, chosen by `--format` or by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
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
}

impl Format {
    /// The format an output file's extension implies: `.csv`, `.md`/`.markdown`, `.json`,
    /// `.txt` (table).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "txt" | "text" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Settings every renderer honours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Decimal places of the change in percent in text formats.
    pub decimals: u32,
    /// Terminal layout of a monthly table.
    pub layout: Layout,
}

/// What is rendered: a comparison of two periods, or a month-by-month table.
#[derive(Debug, Clone, Copy)]
pub enum Document<'a> {
    Compare(&'a Comparison),
    Monthly(&'a Monthly),
    Benchmark(&'a Benchmark),
}

trait Render {
    fn render(&self, document: Document) -> Result<Vec<u8>>;
}

/// Renders `document` in `format`.
pub fn render(format: Format, options: RenderOptions, document: Document) -> Result<Vec<u8>> {
    let renderer: &dyn Render = match format {
        Format::Table => &table::TableFormat(options),
        Format::Csv => &csv::CsvFormat,
        Format::Markdown => &markdown::MarkdownFormat(options),
        Format::Json => &json::JsonFormat,
    };
    renderer.render(document)
}

/// Horizontal alignment of a text column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A titled table as text cells, shared by the text formats.
struct TextTable {
    title: String,
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
    /// Lines printed under the table: sources, definitions.
    footer: Vec<String>,
}

impl TextTable {
    fn new(title: String, header: Vec<String>, rows: Vec<Vec<String>>) -> TextTable {
        let mut align = vec![Align::Left];
        align.resize(header.len(), Align::Right);
        TextTable {
            title,
            header,
            align,
            rows,
            footer: Vec::new(),
        }
    }

    /// The benchmarking table: each measure, then the authority and its comparators.
    fn benchmark(b: &Benchmark, options: RenderOptions) -> TextTable {
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
        let rate = |r: Option<f64>| r.map(|r| format!("{r:.1}")).unwrap_or_default();
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut last = "";
        for row in &b.rows {
            if row.measure != last {
                let mut heading = vec![row.label.clone()];
                heading.resize(header.len(), String::new());
                lines.push(heading);
                last = &row.measure;
            }
            let change = match (
                row.previous.0.as_ref().and_then(Figure::count),
                row.current.0.as_ref().and_then(Figure::count),
            ) {
                (Some(p), Some(c)) => format_change_pct(p, c, options.decimals),
                _ => String::new(),
            };
            let rank = row
                .rank
                .zip(row.ranked)
                .map(|(r, n)| format!("{r} of {n}"))
                .unwrap_or_default();
            lines.push(vec![
                format!("  {}", row.area),
                row.previous.text(),
                row.current.text(),
                change,
                rate(row.previous_rate),
                rate(row.current_rate),
                rank,
            ]);
        }
        let mut table = TextTable::new(b.title.clone(), header, lines);
        table.footer = b.footer.clone();
        table
    }

    /// The committee table: measures down, the two periods and the change across.
    fn comparison(comparison: &Comparison, options: RenderOptions) -> TextTable {
        let (base, cur) = (&comparison.baseline.label, &comparison.current.label);
        let mut header = vec![measure_heading(comparison.by.as_deref(), comparison.count)];
        match comparison.count {
            CountMode::Events | CountMode::Children => {
                header.extend([base.clone(), cur.clone(), "+/-".into()])
            }
            CountMode::Both => header.extend([
                format!("{base} events"),
                format!("{cur} events"),
                "+/-".into(),
                format!("{base} children"),
                format!("{cur} children"),
                "+/-".into(),
            ]),
        }
        // One line per measure (or group): with `both`, its events and children side by side.
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut last: Option<(&str, Option<&str>)> = None;
        for row in &comparison.rows {
            let key = (row.measure.as_str(), row.group.as_deref());
            if last != Some(key) {
                lines.push(vec![series_label(&row.label, row.group.as_deref(), None)]);
                last = Some(key);
            }
            if let Some(line) = lines.last_mut() {
                line.extend([
                    row.baseline.to_string(),
                    row.current.to_string(),
                    row.change_pct_text(options.decimals),
                ]);
            }
        }
        TextTable::new(comparison.title.clone(), header, lines)
    }

    /// Monthly, wide: measures down, months across, each count with the year-earlier count
    /// and the change under it; year-to-date and rolling 12 months for the last month.
    fn monthly_wide(monthly: &Monthly, options: RenderOptions) -> TextTable {
        let span_months = monthly.months.len();
        let mut header = vec![measure_heading(monthly.by.as_deref(), CountMode::Events)];
        header.extend(
            monthly
                .months
                .iter()
                .filter_map(|m| m.parse::<crate::period::Period>().ok())
                .map(|p| {
                    let m = p.start();
                    if span_months <= 12 {
                        m.short_name().to_string()
                    } else {
                        format!("{} {:02}", m.short_name(), m.year().rem_euclid(100))
                    }
                }),
        );
        header.extend(["YTD".to_string(), "12 months".to_string()]);

        let mut lines = Vec::new();
        for series in series(&monthly.rows) {
            let Some(last) = series.last() else { continue };
            let unit = last.unit.filter(|u| *u == CountKind::Children);
            let mut counts = vec![series_label(&last.short_label, last.group.as_deref(), unit)];

            let mut before = vec![format!("  {}", monthly.previous_label)];
            let mut change = vec!["  +/-".to_string()];
            for row in &series {
                counts.push(row.count.to_string());
                before.push(row.previous_year_count.to_string());
                change.push(row.change_pct_text(options.decimals));
            }
            for (now, then) in [
                (last.ytd, last.ytd_previous_year),
                (last.rolling_12, last.rolling_12_previous_year),
            ] {
                counts.push(now.to_string());
                before.push(then.to_string());
                change.push(format_change_pct(then, now, options.decimals));
            }
            lines.extend([counts, before, change]);
        }
        TextTable::new(monthly.title.clone(), header, lines)
    }

    /// Monthly, long: one table per measure (and group and unit), months down.
    fn monthly_long(monthly: &Monthly, options: RenderOptions) -> Vec<TextTable> {
        let prev = &monthly.previous_label;
        series(&monthly.rows)
            .into_iter()
            .filter_map(|series| {
                let first = series.first()?;
                let unit = first.unit.filter(|u| *u == CountKind::Children);
                let title = format!(
                    "{}: {}",
                    series_label(&first.label, first.group.as_deref(), unit).trim(),
                    monthly.title
                );
                let header: Vec<String> = [
                    "Month",
                    "Count",
                    prev,
                    "+/-",
                    "YTD",
                    prev,
                    "+/-",
                    "12 months",
                    prev,
                    "+/-",
                ]
                .iter()
                .map(|h| h.to_string())
                .collect();
                let rows = series
                    .iter()
                    .map(|row| {
                        let month = row
                            .month()
                            .map(|m| format!("{} {}", m.short_name(), m.year()));
                        vec![
                            month.unwrap_or_else(|| row.month.clone()),
                            row.count.to_string(),
                            row.previous_year_count.to_string(),
                            row.change_pct_text(options.decimals),
                            row.ytd.to_string(),
                            row.ytd_previous_year.to_string(),
                            format_change_pct(row.ytd_previous_year, row.ytd, options.decimals),
                            row.rolling_12.to_string(),
                            row.rolling_12_previous_year.to_string(),
                            format_change_pct(
                                row.rolling_12_previous_year,
                                row.rolling_12,
                                options.decimals,
                            ),
                        ]
                    })
                    .collect();
                Some(TextTable::new(title, header, rows))
            })
            .collect()
    }

    /// The tables a document shows in text formats.
    fn of(document: Document, options: RenderOptions, layout: Layout) -> Vec<TextTable> {
        match (document, layout) {
            (Document::Compare(c), _) => vec![TextTable::comparison(c, options)],
            (Document::Monthly(m), Layout::Wide) => vec![TextTable::monthly_wide(m, options)],
            (Document::Monthly(m), Layout::Long) => TextTable::monthly_long(m, options),
            (Document::Benchmark(b), _) => vec![TextTable::benchmark(b, options)],
        }
    }

    /// The widest cell of each column, in characters.
    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }
}

/// The first column's heading: `Measure`, `Measure (children)`, `Measure / Contact Source`.
fn measure_heading(by: Option<&str>, count: CountMode) -> String {
    let mut heading = match by {
        Some(by) => format!("Measure / {by}"),
        None => "Measure".to_string(),
    };
    if count == CountMode::Children {
        heading.push_str(" (children)");
    }
    heading
}

/// A row label: the measure, or an indented group; `(children)` where units are mixed.
fn series_label(label: &str, group: Option<&str>, unit: Option<CountKind>) -> String {
    let base = match group {
        Some(group) => format!("  {group}"),
        None => label.to_string(),
    };
    match unit {
        Some(CountKind::Children) => format!("{base} (children)"),
        _ => base,
    }
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
pub(crate) mod fixtures {
    use crate::compare::{Comparison, CountKind, FileQuality, PeriodInfo, Row, change_pct};
    use crate::config::CountMode;

    fn row(measure: &str, label: &str, baseline: u64, current: u64) -> Row {
        Row {
            measure: measure.into(),
            label: label.into(),
            group: None,
            unit: None,
            baseline,
            current,
            change: current as i64 - baseline as i64,
            change_pct: change_pct(baseline, current),
        }
    }

    /// Contacts by source, events and children.
    pub fn by_source_both() -> Comparison {
        let mut c = committee();
        c.by = Some("Contact Source".into());
        c.count = CountMode::Both;
        let tagged = |group: Option<&str>, kind: CountKind, b: u64, cur: u64| Row {
            group: group.map(str::to_string),
            unit: Some(kind),
            ..row("contacts", "Contacts", b, cur)
        };
        c.rows = vec![
            tagged(None, CountKind::Events, 20, 25),
            tagged(None, CountKind::Children, 12, 12),
            tagged(Some("2A: Schools"), CountKind::Events, 5, 0),
            tagged(Some("2A: Schools"), CountKind::Children, 4, 0),
            tagged(Some("6: Police"), CountKind::Events, 15, 25),
            tagged(Some("6: Police"), CountKind::Children, 9, 12),
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
            count: CountMode::Events,
            notes: Vec::new(),
            data_quality: vec![FileQuality {
                file: "contacts.csv".into(),
                sheet: None,
                measure: "contacts".into(),
                rows_read: 30000,
                rows_current: 11015,
                rows_baseline: 11312,
                rows_outside: 7670,
                rows_rejected: 3,
                rejected_lines: vec![17, 2045, 9001],
                rows_no_event: 0,
                duplicates: 0,
                rows_missing_id: 0,
                date_column: "Date of Contact".into(),
                taken_as: None,
                rejected_by_reason: [2, 1, 0, 0],
            }],
        }
    }
}
