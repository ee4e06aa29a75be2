//! Output formats. One small file per format behind the private [`Render`] trait, and one
//! `match` that picks the format (the shape of hyperfine's `export/`).

mod csv;
mod json;
mod markdown;
pub mod note;
mod table;

use std::path::Path;

use anyhow::Result;

use crate::compare::Comparison;
use crate::config::CountMode;

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
}

trait Render {
    fn render(&self, comparison: &Comparison) -> Result<Vec<u8>>;
}

/// Renders `comparison` in `format`.
pub fn render(format: Format, options: RenderOptions, comparison: &Comparison) -> Result<Vec<u8>> {
    let renderer: &dyn Render = match format {
        Format::Table => &table::TableFormat(options),
        Format::Csv => &csv::CsvFormat,
        Format::Markdown => &markdown::MarkdownFormat(options),
        Format::Json => &json::JsonFormat,
    };
    renderer.render(comparison)
}

/// Horizontal alignment of a text column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// The committee table as text cells, shared by the text formats.
struct TextTable {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    fn comparison(comparison: &Comparison, options: RenderOptions) -> TextTable {
        let (base, cur) = (&comparison.baseline.label, &comparison.current.label);
        let measure = match &comparison.by {
            Some(by) => format!("Measure / {by}"),
            None => "Measure".to_string(),
        };
        let mut header = vec![measure];
        match comparison.count {
            CountMode::Events => header.extend([base.clone(), cur.clone(), "+/-".into()]),
            CountMode::Children => {
                header[0].push_str(" (children)");
                header.extend([base.clone(), cur.clone(), "+/-".into()]);
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
        // One line per measure (or group): with `both`, its events and children rows side by side.
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut last: Option<(&str, Option<&str>)> = None;
        for row in &comparison.rows {
            let key = (row.measure.as_str(), row.group.as_deref());
            if last != Some(key) {
                let label = match &row.group {
                    Some(group) => format!("  {group}"),
                    None => row.label.clone(),
                };
                lines.push(vec![label]);
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
        let mut align = vec![Align::Left];
        align.resize(header.len(), Align::Right);
        TextTable {
            header,
            align,
            rows: lines,
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

#[cfg(test)]
pub(crate) mod fixtures {
    use crate::compare::{Comparison, CountKind, FileQuality, PeriodInfo, Row, change_pct};
    use crate::config::CountMode;

    fn row(measure: &str, label: &str, baseline: u64, current: u64) -> Row {
        Row {
            measure: measure.into(),
            label: label.into(),
            group: None,
            count: None,
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
            count: Some(kind),
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
