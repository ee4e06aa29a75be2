//! The parts of a committee paper that are words, not tables: the data-quality note and the
//! footer naming the inputs, the periods and how the figures were made. Built once as plain
//! text and laid out by each format for papers (HTML, Word).

use super::Document;
use crate::model::provenance::shown_path;

/// The data-quality note as a paper shows it: the periods it covers, then one line per fact.
pub(super) struct Quality {
    pub(super) periods: Option<String>,
    pub(super) lines: Vec<String>,
}

impl Quality {
    /// The note for `document`, with input files named without their folders unless
    /// `show_paths` (a page meant for publishing never shows shares or user names). `None`
    /// when there is nothing to say.
    pub(super) fn of(document: Document, show_paths: bool) -> Option<Quality> {
        let mut note = super::note::data_quality_note(document);
        if !show_paths {
            let mut files: Vec<&str> = document
                .data_quality()
                .iter()
                .map(|q| q.file.as_str())
                .collect();
            files.sort_by_key(|f| std::cmp::Reverse(f.len()));
            files.dedup();
            for file in files {
                note = note.replace(file, &shown_path(file, false));
            }
            note = note
                .lines()
                .map(strip_leading_folder)
                .collect::<Vec<_>>()
                .join("\n");
        }
        let mut lines: Vec<String> = note
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if lines.is_empty() {
            return None;
        }
        let periods = lines
            .first()
            .filter(|f| f.starts_with("Data quality ("))
            .map(|f| {
                f.trim_start_matches("Data quality (")
                    .trim_end_matches("):")
                    .to_string()
            });
        if periods.is_some() {
            lines.remove(0);
        }
        Some(Quality { periods, lines })
    }
}

/// A note line that starts with a path (`in/readme.txt: ignored …`): the path's folders left
/// out.
fn strip_leading_folder(line: &str) -> String {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let end = body.find([':', '[']).unwrap_or(0);
    let (head, rest) = body.split_at(end);
    if head.contains('/') || head.contains('\\') {
        let name = head.trim_end().rsplit(['/', '\\']).next().unwrap_or(head);
        let gap = &head[head.trim_end().len()..];
        format!("{indent}{name}{gap}{rest}")
    } else {
        line.to_string()
    }
}

/// How the periods are defined, in a sentence or two.
pub(super) fn periods(document: Document) -> String {
    match document {
        Document::Compare(c) => format!(
            "{} is {} to {}; {} is {} to {}. Financial years run from 1 April to 31 March; quarter 1 is April to June.",
            c.current.label,
            c.current.from,
            c.current.to,
            c.baseline.label,
            c.baseline.from,
            c.baseline.to
        ),
        Document::Monthly(m) => format!(
            "Months {} to {}, each against the same month a year earlier. Year to date runs from 1 April; \
             12 months is the year ending with the month.",
            m.from, m.to
        ),
        Document::Benchmark(b) => format!(
            "Reporting years {} and {} run from 1 April to 31 March.",
            b.previous_year_label, b.year_label
        ),
        Document::Trend(t) => format!(
            "Reporting years {} to {} run from 1 April to 31 March.",
            t.year_labels.first().cloned().unwrap_or_default(),
            t.year_labels.last().cloned().unwrap_or_default()
        ),
    }
}

/// The footer's sentences: the inputs (with size, last change and hash where the document
/// records its provenance), the periods, the disclosure rules and what made the figures.
pub(super) fn footer(document: Document, show_paths: bool) -> Vec<String> {
    let periods = periods(document);
    let mut lines = Vec::new();
    match document.provenance() {
        Some(p) => {
            let inputs: Vec<String> = p
                .inputs
                .iter()
                .map(|i| {
                    let mut text = format!("{} ({} bytes", i.file, i.bytes);
                    if let Some(modified) = &i.modified {
                        text.push_str(&format!(", changed {modified}"));
                    }
                    if let Some(hash) = &i.sha256 {
                        text.push_str(&format!(", SHA-256 {hash}"));
                    }
                    text.push(')');
                    text
                })
                .collect();
            lines.push(format!("Inputs: {}.", inputs.join("; ")));
            lines.push(format!("Periods: {periods}"));
            lines.push(format!("Disclosure control: {}.", p.disclosure));
            lines.push(format!(
                "Produced by {} from event-level exports, with “{}”; the tables hold aggregates only.",
                p.tool, p.command
            ));
        }
        None => {
            let mut files: Vec<String> = document
                .data_quality()
                .iter()
                .map(|q| shown_path(&q.file, show_paths))
                .collect();
            files.dedup();
            if !files.is_empty() {
                lines.push(format!("Inputs: {}.", files.join(", ")));
            }
            lines.push(format!("Periods: {periods}"));
            let source = match document {
                Document::Benchmark(_) | Document::Trend(_) => "DfE's published data",
                _ => "event-level exports",
            };
            lines.push(format!(
                "Produced by cscstats {} from {source}; the tables hold aggregates only.",
                env!("CARGO_PKG_VERSION")
            ));
        }
    }
    lines
}
