//! The sheets in front of a workbook's tables, as the Analysis Function's guidance on
//! releasing statistics in spreadsheets asks: a cover (what the figures are, the period, the
//! source, the symbols, who to ask), a contents sheet linking every sheet, and a notes sheet
//! that the tables' titles refer to as `[note 1]`.

use crate::model::convert::to_u32;
use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::xlsx_format::Formats;
use super::{Document, Sheet, paper};

/// What the workbook is about, for its properties and its cover.
pub(super) fn subject(document: Document) -> String {
    match document {
        Document::Compare(c) => format!(
            "Children's social care activity: {} against {}",
            c.current.label, c.baseline.label
        ),
        Document::Monthly(m) => format!(
            "Children's social care activity by month, {} to {}",
            m.from, m.to
        ),
        Document::Benchmark(b) => format!(
            "{} against England, its region and statistical neighbours, {}",
            b.authority.name, b.year_label
        ),
        Document::Trend(t) => format!(
            "{} against England and its region, {} to {}",
            t.authority,
            t.year_labels.first().cloned().unwrap_or_default(),
            t.year_labels.last().cloned().unwrap_or_default()
        ),
    }
}

/// Where the figures come from, in a sentence.
fn source(document: Document) -> String {
    match document {
        Document::Compare(_) | Document::Monthly(_) => {
            let mut files: Vec<String> = document
                .data_quality()
                .iter()
                .map(|q| crate::model::provenance::shown_path(&q.file, false))
                .collect();
            files.dedup();
            format!(
                "The authority's case-management exports ({}), counted event by event by cscstats {}.",
                files.join(", "),
                env!("CARGO_PKG_VERSION")
            )
        }
        Document::Benchmark(_) | Document::Trend(_) => format!(
            "The Department for Education's published tables (Children in need, and Characteristics of children in need), read by cscstats {}.",
            env!("CARGO_PKG_VERSION")
        ),
    }
}

/// The notes the tables refer to: each distinct line under a table once, numbered in order.
pub(super) struct Notes {
    pub(super) lines: Vec<String>,
    /// For each table, the numbers (from 1) of its notes.
    by_table: Vec<Vec<usize>>,
}

impl Notes {
    pub(super) fn of(document: Document, tables: &[Sheet]) -> Notes {
        let mut lines: Vec<String> = Vec::new();
        let mut by_table = Vec::new();
        for sheet in tables {
            let mut numbers = Vec::new();
            // The workbook's symbol for a withheld figure is the guidance's `[c]`.
            let footer = sheet
                .footer
                .iter()
                .map(|l| l.trim().replace(" are shown as c,", " are shown as [c],"));
            for line in footer.filter(|l| !l.is_empty()) {
                let n = match lines.iter().position(|l| *l == line) {
                    Some(i) => i + 1,
                    None => {
                        lines.push(line.clone());
                        lines.len()
                    }
                };
                numbers.push(n);
            }
            by_table.push(numbers);
        }
        // The periods, for every table.
        lines.push(paper::periods(document));
        let periods = lines.len();
        for numbers in &mut by_table {
            numbers.push(periods);
        }
        Notes { lines, by_table }
    }

    /// `[note 1] [note 3]`: the markers for table `i`'s title.
    pub(super) fn markers(&self, i: usize) -> String {
        self.by_table.get(i).map_or_else(String::new, |numbers| {
            numbers
                .iter()
                .map(|n| format!("[note {n}]"))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }
}

/// The width of a column of words, in characters: it prints on A4 portrait.
const WORDS_WIDTH: usize = 72;

/// Writes a paragraph that wraps in a column `width` characters wide, its row tall enough
/// for its lines (neither Excel nor LibreOffice grows a row for wrapped text on its own).
fn paragraph(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    width: usize,
    f: &Formats,
) -> Result<()> {
    let text = crate::model::text::xml_text(text);
    let lines = crate::model::text::wrap_words(&text, width.saturating_sub(4))
        .len()
        .max(1);
    ws.write_string_with_format(row, col, text, &f.wrap)?;
    if lines > 1 {
        ws.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// A heading and a paragraph, in column A, from `row`; returns the next free row.
fn section(ws: &mut Worksheet, row: u32, heading: &str, text: &str, f: &Formats) -> Result<u32> {
    ws.write_string_with_format(row, 0, heading, &f.subtitle)?;
    paragraph(ws, row + 1, 0, text, WORDS_WIDTH, f)?;
    Ok(row + 2)
}

/// The cover: the title in A1, then what the figures are, their period, source, symbols,
/// disclosure and who to ask, each a heading over a paragraph, in one column.
pub(super) fn write_cover(ws: &mut Worksheet, document: Document, f: &Formats) -> Result<()> {
    ws.set_name("Cover")?;
    ws.write_string_with_format(0, 0, document.title(), &f.title)?;
    let mut row = 1;
    row = section(ws, row, "What these figures are", &subject(document), f)?;
    row = section(ws, row, "Period", &paper::periods(document), f)?;
    row = section(ws, row, "Source", &source(document), f)?;
    let provenance = document.provenance();
    if let Some(p) = provenance {
        let words = match p.disclosure.as_str() {
            "none" => "None: every count is shown as counted. Do not publish these figures without suppressing small numbers.".to_string(),
            rule => format!("Applied before these figures were written: {rule}."),
        };
        row = section(ws, row, "Disclosure control", &words, f)?;
    }
    row = section(
        ws,
        row,
        "Symbols",
        "[c] withheld to protect children's identities (a small count, or a figure that would reveal one); [x] not available: the inputs hold no data for the span, so there is no figure (it is not zero); [z] not applicable, such as a change from zero.",
        f,
    )?;
    row = section(
        ws,
        row,
        "Contents",
        "The Contents worksheet lists every worksheet, with a link to each. Notes the tables refer to, as [note 1], are on the Notes worksheet.",
        f,
    )?;
    if let Some(contact) = provenance.and_then(|p| p.contact.as_deref()) {
        section(ws, row, "Contact", contact, f)?;
    }
    ws.set_column_width(0, WORDS_WIDTH as f64)?;
    portrait(ws)
}

/// A sheet of one two-column table of words: its name and title in A1, what it holds in A2,
/// the header in row 3, then a row for each entry, written by `first` (column A) with its
/// text wrapped in column B.
fn word_table<T>(
    ws: &mut Worksheet,
    (name, about, header): (&str, &str, [&str; 2]),
    entries: &[T],
    first: impl Fn(&mut Worksheet, u32, usize, &T) -> Result<String>,
    f: &Formats,
) -> Result<()> {
    const FIRST_WIDTH: usize = 16;
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, name, &f.title)?;
    ws.write_string(1, 0, about)?;
    ws.write_string_with_format(2, 0, header[0], &f.header)?;
    ws.write_string_with_format(2, 1, header[1], &f.header)?;
    for (i, entry) in entries.iter().enumerate() {
        let row = 3 + to_u32(i);
        let text = first(ws, row, i, entry)?;
        paragraph(ws, row, 1, &text, WORDS_WIDTH - FIRST_WIDTH, f)?;
    }
    ws.set_column_width(0, FIRST_WIDTH as f64)?;
    ws.set_column_width(1, (WORDS_WIDTH - FIRST_WIDTH) as f64)?;
    portrait(ws)
}

/// The contents: each sheet after it, linked, with what it holds.
pub(super) fn write_contents(
    ws: &mut Worksheet,
    sheets: &[(String, String)],
    f: &Formats,
) -> Result<()> {
    let about =
        "This worksheet contains one table: every worksheet in this workbook, with a link to it.";
    let link = |ws: &mut Worksheet, row: u32, _: usize, (name, what): &(String, String)| {
        let url = rust_xlsxwriter::Url::new(format!("internal:'{name}'!A1")).set_text(name);
        ws.write_url_with_format(row, 0, url, &f.link)?;
        Ok(what.clone())
    };
    word_table(
        ws,
        ("Contents", about, ["Worksheet", "What it holds"]),
        sheets,
        link,
        f,
    )
}

/// The notes, numbered as the tables' titles refer to them.
pub(super) fn write_notes(ws: &mut Worksheet, notes: &Notes, f: &Formats) -> Result<()> {
    let about = "This worksheet contains one table: the notes the tables refer to by number in their titles.";
    let number = |ws: &mut Worksheet, row: u32, i: usize, line: &String| {
        ws.write_string(row, 0, format!("note {}", i + 1))?;
        Ok(line.clone())
    };
    word_table(
        ws,
        ("Notes", about, ["Note number", "Note text"]),
        &notes.lines,
        number,
        f,
    )
}

/// Print setup for a sheet of words: A4 portrait, one page wide.
fn portrait(ws: &mut Worksheet) -> Result<()> {
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
