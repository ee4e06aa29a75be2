//! Output formats. One small file per format behind the private `Render` trait, and one
//! `match` that picks the format (the shape of hyperfine's `export/`).
//!
//! The table-like formats (terminal table, Markdown, HTML, Excel) share one typed model,
//! `Sheet`: a title, a header, rows of `Cell`s and footer lines. A cell knows whether it
//! is text, a count (or a withheld one), a change or a rate, so each format shows it in its
//! own way — `11,312` in a paper, a number with a format in Excel — from the same decision.

pub(crate) mod chart;
mod csv;
mod docx;
mod html;
pub(crate) mod inspect;
mod json;
mod markdown;
pub(crate) mod note;
mod ooxml;
mod paper;
mod sheet;
mod table;
mod tidy;
mod xlsx;
mod xlsx_format;
mod xlsx_front;

use std::path::Path;

use anyhow::Result;

use crate::compare::disclosure::Published;
use crate::compare::document::Benchmark;
use crate::compare::document::Monthly;
use crate::compare::document::Trend;
use crate::compare::document::{Comparison, FileQuality};

pub(crate) use crate::model::number::thousands;
use sheet::{Cell, Sheet};

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
    /// A Word document: the summary, real Word tables, the chart with its alt text, the notes.
    Docx,
}

impl Format {
    /// Every format, in the order help and messages list them.
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Csv,
        Format::Markdown,
        Format::Json,
        Format::Xlsx,
        Format::Html,
        Format::Docx,
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
            Format::Docx => "docx",
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
            Format::Docx => {
                "A Word document: the summary, Word tables, the chart with alt text, the notes"
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

    /// The names of every format, for messages: `table, csv, markdown, json, xlsx, html or
    /// docx`.
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
            Format::Docx => "docx",
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
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// Formats whose bytes are not text, never written to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Docx)
    }

    /// Formats for papers: counts carry thousands separators unless asked otherwise, and the
    /// changes' intervals are explained.
    pub(crate) fn for_papers(self) -> bool {
        matches!(self, Format::Xlsx | Format::Html | Format::Docx)
    }
}

/// `a, b or c`.
fn or_list(items: Vec<String>) -> String {
    crate::model::text::join_list(&items, " or ")
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
pub(crate) struct RenderOptions {
    /// Decimal places of the change in percent in text formats.
    pub decimals: u32,
    /// Terminal layout of a monthly table.
    pub layout: Layout,
    /// Thousands separators in counts: `None` is the format's own default (on for HTML and
    /// Excel, off for the terminal table and Markdown); never in CSV or JSON.
    pub thousands: Option<bool>,
    /// Show each change's interval (`--intervals`) in text formats and CSV.
    pub intervals: bool,
    /// Mark the significant changes: on for the formats for papers (HTML, Excel).
    pub marks: bool,
    /// Print the summary sentences after the table (`--summary`; HTML always has them).
    pub summary: bool,
    /// CSV in the tidy layout (`--csv-layout tidy`).
    pub tidy: bool,
    /// With no `--layout`: the terminal's width, which a wide monthly table must fit or be
    /// shown long.
    pub fit_width: Option<usize>,
    /// False when no `--layout` was given: a monthly table too wide for a page of Markdown
    /// is then written long.
    pub layout_chosen: bool,
    /// Start CSV with a UTF-8 byte-order mark, for Excel (`--bom`).
    pub bom: bool,
    /// Show input files with their folders in HTML and Excel (`--show-paths`).
    pub show_paths: bool,
    /// Leave the technical "About these figures" out of papers and workbooks
    /// (`--no-appendix`).
    pub no_appendix: bool,
}

impl Document<'_> {
    /// Where the figures came from, where the document records it.
    pub(crate) fn provenance(&self) -> Option<&crate::model::provenance::Provenance> {
        match self {
            Document::Compare(c) => c.provenance.as_ref(),
            Document::Monthly(m) => m.provenance.as_ref(),
            Document::Benchmark(_) | Document::Trend(_) => None,
        }
    }

    /// The plain-English summary, where the document has one.
    pub(crate) fn summary(&self) -> &[String] {
        match self {
            Document::Compare(c) => &c.summary,
            Document::Monthly(m) => &m.summary,
            Document::Benchmark(b) => &b.summary,
            Document::Trend(_) => &[],
        }
    }
}
/// What is rendered: a comparison of two periods, a month-by-month table, a benchmark or a
/// trend, each as published (see [`Published`]): no renderer can see a withheld count.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Document<'a> {
    Compare(&'a Published<Comparison>),
    Monthly(&'a Published<Monthly>),
    Benchmark(&'a Published<Benchmark>),
    Trend(&'a Published<Trend>),
}

impl Document<'_> {
    pub(crate) fn title(&self) -> &str {
        match self {
            Document::Compare(c) => &c.title,
            Document::Monthly(m) => &m.title,
            Document::Benchmark(b) => &b.title,
            Document::Trend(t) => &t.title,
        }
    }

    pub(crate) fn data_quality(&self) -> &[FileQuality] {
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
pub(crate) fn render(
    format: Format,
    options: RenderOptions,
    document: Document,
) -> Result<Vec<u8>> {
    let options = RenderOptions {
        thousands: Some(options.thousands.unwrap_or(format.for_papers())),
        marks: format.for_papers(),
        ..options
    };
    let renderer: &dyn Render = match format {
        Format::Table => &table::TableFormat(options),
        Format::Csv => &csv::CsvFormat(options),
        Format::Markdown => &markdown::MarkdownFormat(options),
        Format::Json => &json::JsonFormat(options),
        Format::Xlsx => &xlsx::XlsxFormat(options),
        Format::Html => &html::HtmlFormat(options),
        Format::Docx => &docx::DocxFormat(options),
    };
    renderer.render(document)
}

#[cfg(test)]
pub(crate) mod fixtures {
    use crate::compare::document::{Comparison, FileQuality, PeriodInfo, Row};
    use crate::model::units::Unit;
    use crate::model::units::Units;

    fn row(measure: &str, label: &str, baseline: u64, current: u64) -> Row {
        Row::new(measure, label, None, None, baseline, current)
    }

    /// Contacts by source, events and children.
    pub(crate) fn by_source_both() -> Comparison {
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
    pub(crate) fn committee() -> Comparison {
        Comparison {
            per_day: None,
            rounded_to: None,
            drivers: Vec::new(),
            count_notes: Vec::new(),
            underlying: Default::default(),
            summary: Vec::new(),
            provenance: None,
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
            confidence: None,
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

/// The summary's sentences against the tables they describe (issue 28): here, where the
/// tables are drawn, so that `compare` needs nothing of `render`.
#[cfg(test)]
mod words_are_numbers {
    use super::fixtures;

    proptest::proptest! {
        /// Words = numbers: every figure in a count's sentence is the table's, as the table
        /// shows it, over spans of equal or different lengths.
        #[test]
        fn a_sentence_quotes_the_table(
            before in 0u64..200_000,
            now in 0u64..200_000,
            days in proptest::option::of((28u64..32, 28u64..32)),
            significant in proptest::option::of(proptest::bool::ANY),
        ) {
            let mut c = fixtures::committee();
            let mut row = crate::compare::document::Row::new("contacts", "Contacts", None, None, before, now);
            row.rate_days = days.filter(|(a, b)| a != b);
            if let Some((b, n)) = row.change_pair() {
                row.change_pct = crate::model::number::change_pct(b, n);
            }
            row.significant = significant;
            c.rows = vec![row.clone()];
            c.rates.clear();
            let c = crate::compare::disclosure::Publish::default().compare(c);
            let sentences = crate::compare::summary::compare(&c, &crate::model::measure::Catalogue::builtin(), crate::compare::summary::SIMILAR_WITHIN, 0);
            // One sentence, and the rule behind "similar" where it is used.
            let text = &sentences[0];
            proptest::prop_assert_eq!(sentences.len(), 1 + usize::from(text.contains("similar")));
            if text.contains("similar") {
                proptest::prop_assert_eq!(
                    &sentences[1],
                    "\u{201c}Similar\u{201d} means a change of less than 5% that chance alone could explain."
                );
            }
            let cell = row
                .change_pair()
                .map(|(b, n)| crate::model::number::format_change_pct(b, n, 0))
                .unwrap_or_default();
            let digits = cell.trim_start_matches(['+', '-']);
            if cell != "n/a" && cell != "0%" {
                proptest::prop_assert!(text.contains(digits), "{} against the cell {}", text, cell);
            }
            proptest::prop_assert!(text.contains(&crate::model::number::thousands(now)), "{}", text);
            if before > 0 {
                proptest::prop_assert!(text.contains(&crate::model::number::thousands(before)), "{}", text);
            }
            // Never "similar" for a significant change.
            if significant == Some(true) {
                proptest::prop_assert!(!text.contains("similar"), "{}", text);
            }
        }
    }
}
