//! An Excel workbook (rust_xlsxwriter), laid out as the Analysis Function's guidance on
//! releasing statistics in spreadsheets asks: a cover, contents and notes (`xlsx_front`), then
//! one table per sheet with its title in A1; counts stored as numbers, changes as real
//! percentages and rates as numbers, each with a number format, so the figures can be worked
//! with; `[c]`, `[x]`, `[z]` where no number can be given. Then the tidy Data sheet, the
//! data-quality note and the provenance, each on a sheet of its own.

use crate::model::convert::{to_u8, to_u16, to_u32};
use anyhow::Result;
use rust_xlsxwriter::{Table, TableColumn, TableStyle, Workbook, Worksheet};

use super::xlsx_format::Formats;
use super::xlsx_front as front;
use super::{Cell, Document, Render, RenderOptions, Sheet};
use crate::compare::document::FileQuality;

pub(super) struct XlsxFormat(pub RenderOptions);

impl Render for XlsxFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let formats = Formats::new(self.0);
        let mut workbook = Workbook::new();
        // Repeatable bytes: the document's time from SOURCE_DATE_EPOCH, else a fixed date,
        // never the clock.
        let created = rust_xlsxwriter::ExcelDateTime::from_timestamp(document_time())?;
        workbook.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_creation_datetime(&created)
                .set_title(crate::model::text::xml_text(document.title()))
                .set_subject(front::subject(document))
                .set_keywords("children's social care; performance; statistics")
                .set_author("cscstats"),
        );
        let tables: Vec<Sheet> = Sheet::of(document, self.0)
            .into_iter()
            .map(split_ranks)
            .collect();
        let notes = front::Notes::of(document, &tables);
        let tidy = match document {
            Document::Compare(c) => super::tidy::compare(c),
            Document::Monthly(m) => super::tidy::monthly(m),
            Document::Benchmark(b) => super::tidy::benchmark(b),
            Document::Trend(t) => super::tidy::trend(t),
        };
        // Every sheet after the contents, with what it holds, for the contents' links.
        let mut listed: Vec<(String, String)> = vec![(
            "Notes".to_string(),
            "Notes on the tables, numbered as the tables' titles refer to them".to_string(),
        )];
        for (i, sheet) in tables.iter().enumerate() {
            listed.push((format!("Table {}", i + 1), sheet.title.clone()));
        }
        if !tidy.is_empty() {
            listed.push((
                "Data".to_string(),
                "Every figure, one row per measure, group and span (for pivot tables and Power BI)"
                    .to_string(),
            ));
        }
        let quality = document.data_quality();
        if !quality.is_empty() {
            listed.push((
                "Data quality".to_string(),
                "Every input and what it contributed".to_string(),
            ));
        }
        let provenance = document.provenance().filter(|_| !self.0.no_appendix);
        if provenance.is_some() {
            listed.push((
                "About".to_string(),
                "Where the figures came from: the command and each input".to_string(),
            ));
        }
        front::write_cover(workbook.add_worksheet(), document, &formats)?;
        front::write_contents(workbook.add_worksheet(), &listed, &formats)?;
        front::write_notes(workbook.add_worksheet(), &notes, &formats)?;
        for (i, sheet) in tables.iter().enumerate() {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name(format!("Table {}", i + 1))?;
            let marks = notes.markers(i);
            write_sheet(worksheet, sheet, &marks, &formats, self.0)?;
        }
        if !tidy.is_empty() {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("Data")?;
            write_data(worksheet, &tidy, &formats)?;
        }
        if !quality.is_empty() {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("Data quality")?;
            write_quality(worksheet, quality, &formats, self.0.show_paths)?;
        }
        if let Some(provenance) = provenance {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("About")?;
            write_about(worksheet, provenance, &formats)?;
        }
        let bytes = workbook.save_to_buffer()?;
        super::ooxml::with_language(&bytes, "docProps/core.xml")
    }
}

/// Where the figures came from: the tool, the command, the periods, the disclosure rules,
/// then each input with its size, last change and (with `--hash-inputs`) SHA-256.
fn write_about(
    ws: &mut Worksheet,
    p: &crate::model::provenance::Provenance,
    f: &Formats,
) -> Result<()> {
    ws.write_string_with_format(0, 0, "About these figures", &f.title)?;
    ws.write_string(
        1,
        0,
        "How the figures were made: the tool, the command, the periods, the disclosure rules, then each input.",
    )?;
    let facts = [
        ("Made by", p.tool.as_str()),
        ("Command", p.command.as_str()),
        ("Periods", p.periods.as_str()),
        ("Disclosure control", p.disclosure.as_str()),
    ];
    for (i, (key, value)) in facts.iter().enumerate() {
        let row = 2 + to_u32(i);
        ws.write_string_with_format(row, 0, *key, &f.heading)?;
        ws.write_string(row, 1, *value)?;
    }
    let header_row = 2 + to_u32(facts.len()) + 1;
    for (col, heading) in ["Input", "Bytes", "Last changed (UTC)", "SHA-256"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(header_row, to_u16(col), *heading, &f.header)?;
    }
    for (i, input) in p.inputs.iter().enumerate() {
        let row = header_row + 1 + to_u32(i);
        ws.write_string(row, 0, &input.file)?;
        ws.write_number_with_format(row, 1, input.bytes as f64, &f.count)?;
        ws.write_string(row, 2, input.modified.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, input.sha256.as_deref().unwrap_or(""))?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 22)?;
    ws.set_column_width(3, 66)?;
    print_wide(ws, header_row)?;
    Ok(())
}

/// Print setup for a sheet of reference: A4 landscape, one page wide, the header row
/// (`header_row`) on every page.
fn print_wide(ws: &mut Worksheet, header_row: u32) -> Result<()> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// The time a workbook says it was made: `SOURCE_DATE_EPOCH` (seconds since 1970, as
/// reproducible builds set it), else 1 January 2000.
fn document_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|t| (0..=4_102_444_800).contains(t))
        .unwrap_or(946_684_800)
}

/// Columns beyond which a sheet prints landscape.
const PORTRAIT_COLUMNS: usize = 6;

/// The symbol a cell shows in a workbook, as the Analysis Function's guidance writes them:
/// `[c]` withheld, `[x]` not available, `[z]` not applicable; `None` for a cell that is a
/// number (or text).
fn symbol(cell: &Cell) -> Option<String> {
    Some(match cell {
        Cell::Count(None) | Cell::Change(None) | Cell::Marked(None, _) => "[c]".to_string(),
        Cell::Change(Some((0, _))) | Cell::Percent(None) => "[z]".to_string(),
        Cell::Symbol(s) if s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()) => {
            format!("[{}]", s.to_ascii_lowercase())
        }
        Cell::Symbol(s) => s.clone(),
        _ => return None,
    })
}

/// A row's signals, by the columns they mark: `▲ Jul, Aug; ▼ Apr` (empty without any).
fn signals_of(row: &[Cell], header: &[String]) -> String {
    let mut high = Vec::new();
    let mut low = Vec::new();
    for (col, cell) in row.iter().enumerate() {
        if let Cell::Marked(_, mark) = cell {
            let name = header.get(col).map_or("", String::as_str);
            if mark.contains('▲') {
                high.push(name);
            } else if mark.contains('▼') {
                low.push(name);
            }
        }
    }
    let mut parts = Vec::new();
    if !high.is_empty() {
        parts.push(format!("▲ {}", high.join(", ")));
    }
    if !low.is_empty() {
        parts.push(format!("▼ {}", low.join(", ")));
    }
    parts.join("; ")
}

/// A label without the partial-coverage mark, and whether it had one: in a workbook the mark
/// is a word in the Status column, never part of a label.
fn unmarked(text: &str) -> (&str, bool) {
    match text.strip_suffix(crate::compare::document::PARTIAL_MARK) {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    }
}

/// One table on its own sheet, as the Analysis Function's guidance lays it out: its title
/// as the heading in A1 (with the markers of its notes), a line in A2 saying what the sheet
/// holds, the table from A3 with no blank rows or columns and no filters, numbers as numbers
/// and `[c]`, `[x]`, `[z]` where a number cannot be given. Printed on A4, one page wide,
/// landscape when wide, the header row on every page.
fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    marks: &str,
    f: &Formats,
    options: RenderOptions,
) -> Result<()> {
    let title = if marks.is_empty() {
        sheet.title.clone()
    } else {
        format!("{} {marks}", sheet.title)
    };
    ws.write_string_with_format(0, 0, &title, &f.title)?;
    let status = sheet.rows.iter().any(|r| match r.first() {
        Some(Cell::Text(t)) => unmarked(t).1,
        _ => false,
    });
    // Signals (▲ ▼ on a month's count) in a column of their own: a cell holds a number only.
    let signals: Vec<String> = sheet
        .rows
        .iter()
        .map(|r| signals_of(r, &sheet.header))
        .collect();
    let with_signals = signals.iter().any(|s| !s.is_empty());
    let mut about = "This worksheet contains one table.".to_string();
    if !marks.is_empty() {
        about.push_str(" Its notes are on the Notes worksheet.");
    }
    if status {
        about.push_str(" The Status column says where the inputs cover a span only in part.");
    }
    ws.write_string(1, 0, &about)?;
    let header_row = 2;
    let mut header = sheet.header.clone();
    if status {
        header.push("Status".to_string());
    }
    if with_signals {
        header.push("Signals".to_string());
    }
    // Printing: A4, one page wide, the header row on every page.
    ws.set_paper_size(9);
    if header.len() > PORTRAIT_COLUMNS {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    let mut numeric = sheet.numeric_columns();
    numeric.extend(status.then_some(false));
    numeric.extend(with_signals.then_some(false));
    let signals_col = to_u16(sheet.header.len() + usize::from(status));
    for (col, heading) in header.iter().enumerate() {
        let format = header_format(f, &numeric, col);
        ws.write_string_with_format(header_row, to_u16(col), heading, format)?;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count().min(16)).collect();
    let status_col = to_u16(sheet.header.len());
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = header_row + 1 + to_u32(i);
        if let Some(text) = signals.get(i).filter(|s| !s.is_empty()) {
            ws.write_string(r, signals_col, text)?;
        }
        for (col, cell) in row.iter().enumerate() {
            let heading = sheet.headings.contains(&i);
            let shown = write_cell(ws, (r, col), cell, heading, status_col, f, options)?;
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(shown.chars().count());
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(to_u16(col), (*width as f64 + 2.0).max(9.0))?;
    }
    if !sheet.rows.is_empty() {
        let last_row = header_row + to_u32(sheet.rows.len());
        add_figures_table(ws, &header, &numeric, (header_row, last_row), f)?;
    }
    Ok(())
}

/// Writes one cell of a table at `(r, col)`: a number with its format, a label (its `†`
/// moved to the Status column at `status_col`), or the symbol that says why there is no
/// number. Returns the text it shows, for the column's width.
fn write_cell(
    ws: &mut Worksheet,
    (r, col): (u32, usize),
    cell: &Cell,
    heading: bool,
    status_col: u16,
    f: &Formats,
    options: RenderOptions,
) -> Result<String> {
    let c = to_u16(col);
    Ok(match cell {
        Cell::Text(text) => {
            let (label, partial) = unmarked(text);
            if partial {
                ws.write_string(r, status_col, "partial")?;
            }
            if heading {
                ws.write_string_with_format(r, c, label, &f.heading)?;
            } else {
                ws.write_string(r, c, label)?;
            }
            label.to_string()
        }
        // A marked count stays a number; the mark is in the HTML and text formats.
        Cell::Count(Some(n)) | Cell::Marked(Some(n), _) => {
            ws.write_number_with_format(r, c, *n as f64, &f.count)?;
            cell.text(options)
        }
        Cell::Change(Some((before, now))) if *before > 0 => {
            let ratio = (*now as f64 - *before as f64) / *before as f64;
            ws.write_number_with_format(r, c, ratio, &f.percent)?;
            cell.text(options)
        }
        Cell::Delta(n) => {
            ws.write_number_with_format(r, c, *n as f64, &f.delta)?;
            cell.text(options)
        }
        Cell::Rate(Some(rate)) => {
            ws.write_number_with_format(r, c, *rate, &f.rate)?;
            cell.text(options)
        }
        Cell::Percent(Some(pct)) => {
            ws.write_number_with_format(r, c, *pct / 100.0, &f.share)?;
            cell.text(options)
        }
        Cell::Points(Some(pp)) => {
            ws.write_number_with_format(r, c, *pp, &f.points)?;
            cell.text(options)
        }
        // No empty cell in a table, as the guidance asks: what has no figure says why.
        Cell::Blank if col > 0 => {
            ws.write_string_with_format(r, c, "[z]", &f.symbol)?;
            "[z]".to_string()
        }
        Cell::Points(None) | Cell::Rate(None) if col > 0 => {
            ws.write_string_with_format(r, c, "[x]", &f.symbol)?;
            "[x]".to_string()
        }
        Cell::Points(None) | Cell::Blank | Cell::Rate(None) => String::new(),
        other => {
            let text = symbol(other).unwrap_or_else(|| other.text(options));
            ws.write_string_with_format(r, c, &text, &f.symbol)?;
            text
        }
    })
}

/// An Excel Table over the figures from `rows.0` (the header) to `rows.1`, so that they sort
/// and feed a pivot table (no filter buttons: the guidance leaves them to the reader); its
/// column names must be unique, so a repeated heading names its unit (`+/- children`).
fn add_figures_table(
    ws: &mut Worksheet,
    header: &[String],
    numeric: &[bool],
    rows: (u32, u32),
    f: &Formats,
) -> Result<()> {
    let columns: Vec<TableColumn> = table_headers(header)
        .into_iter()
        .enumerate()
        .map(|(col, name)| {
            TableColumn::new()
                .set_header(name)
                .set_header_format(header_format(f, numeric, col))
        })
        .collect();
    let table = Table::new()
        .set_columns(&columns)
        .set_style(TableStyle::Light1)
        .set_autofilter(false)
        .set_banded_rows(false);
    let last_col = to_u16(header.len().saturating_sub(1));
    ws.add_table(rows.0, 0, rows.1, last_col, &table)?;
    Ok(())
}

/// A heading's format: right-aligned over a column of numbers.
fn header_format<'a>(f: &'a Formats, numeric: &[bool], col: usize) -> &'a rust_xlsxwriter::Format {
    if numeric.get(col).copied().unwrap_or(false) {
        &f.header_right
    } else {
        &f.header
    }
}

/// The tidy figures: the columns of `--csv-layout tidy`, values as numbers, dates as dates,
/// in an Excel Table named Data (the tidy model Power BI reads).
fn write_data(ws: &mut Worksheet, records: &[super::tidy::Record], f: &Formats) -> Result<()> {
    use super::tidy::{COLUMNS, DATES, NUMERIC};
    for (col, heading) in COLUMNS.iter().enumerate() {
        let format = if NUMERIC.contains(heading) {
            &f.header_right
        } else {
            &f.header
        };
        ws.write_string_with_format(0, to_u16(col), *heading, format)?;
    }
    for (i, record) in records.iter().enumerate() {
        let r = 1 + to_u32(i);
        for ((col, text), heading) in record.iter().enumerate().zip(COLUMNS) {
            let c = to_u16(col);
            if text.is_empty() {
                continue;
            }
            if DATES.contains(&heading)
                && let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            {
                let date = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    to_u16(chrono::Datelike::year(&day)),
                    to_u8(chrono::Datelike::month(&day)),
                    to_u8(chrono::Datelike::day(&day)),
                )?;
                ws.write_datetime_with_format(r, c, &date, &f.date)?;
            } else if NUMERIC.contains(&heading)
                && let Ok(n) = text.parse::<f64>()
            {
                ws.write_number(r, c, n)?;
            } else if heading == "significant" {
                ws.write_boolean(r, c, text == "true")?;
            } else {
                ws.write_string(r, c, text)?;
            }
        }
    }
    for (col, heading) in COLUMNS.iter().enumerate() {
        let width = match *heading {
            "measure" | "group" => 22.0,
            "label" => 36.0,
            "period_label" => 22.0,
            "period_start" | "period_end" => 12.0,
            _ => 11.0,
        };
        ws.set_column_width(to_u16(col), width)?;
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if !records.is_empty() {
        let columns: Vec<TableColumn> = COLUMNS
            .iter()
            .map(|name| {
                let format = if NUMERIC.contains(name) {
                    &f.header_right
                } else {
                    &f.header
                };
                TableColumn::new()
                    .set_header(*name)
                    .set_header_format(format)
            })
            .collect();
        let table = Table::new()
            .set_columns(&columns)
            .set_name("Data")
            .set_autofilter(false)
            .set_style(TableStyle::Light1);
        let last_col = to_u16(COLUMNS.len().saturating_sub(1));
        ws.add_table(0, 0, to_u32(records.len()), last_col, &table)?;
    }
    Ok(())
}

/// The sheet with each column of ranks (`12 of 152`) as two numeric columns, the rank and
/// how many areas were ranked, so that both sort, filter and compute.
fn split_ranks(sheet: Sheet) -> Sheet {
    let ranks: Vec<usize> = (0..sheet.header.len())
        .filter(|&col| {
            sheet
                .rows
                .iter()
                .any(|r| matches!(r.get(col), Some(Cell::Rank(..))))
        })
        .collect();
    if ranks.is_empty() {
        return sheet;
    }
    let mut header = Vec::new();
    for (col, heading) in sheet.header.iter().enumerate() {
        header.push(heading.clone());
        if ranks.contains(&col) {
            header.push("Areas ranked".to_string());
        }
    }
    let rows = sheet
        .rows
        .iter()
        .map(|row| {
            let mut cells = Vec::new();
            for (col, cell) in row.iter().enumerate() {
                match (ranks.contains(&col), cell) {
                    (true, Cell::Rank(rank, pool)) => {
                        cells.push(Cell::Count(Some(*rank as u64)));
                        cells.push(Cell::Count(Some(*pool as u64)));
                    }
                    (true, other) => {
                        cells.push(other.clone());
                        cells.push(Cell::Blank);
                    }
                    (false, other) => cells.push(other.clone()),
                }
            }
            cells
        })
        .collect();
    Sheet {
        header,
        rows,
        ..sheet
    }
}

/// Column names for an Excel Table, which must be unique: the sheet's headings, each that
/// appears more than once followed by the last word of the heading before it (`+/-` after
/// `2019 children` and `2020 children` is `+/- children`), numbered where that is not enough.
fn table_headers(header: &[String]) -> Vec<String> {
    let repeated = |h: &String| header.iter().filter(|o| o.eq_ignore_ascii_case(h)).count() > 1;
    let mut names: Vec<String> = Vec::new();
    for (i, heading) in header.iter().enumerate() {
        let taken =
            |name: &str, names: &[String]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
        let mut name = heading.clone();
        if repeated(heading) {
            if let Some(unit) = i
                .checked_sub(1)
                .and_then(|p| header.get(p))
                .and_then(|h| h.split_whitespace().last())
            {
                name = format!("{heading} {unit}");
            }
            let mut n = 2;
            while taken(&name, &names) {
                name = format!("{heading} ({n})");
                n += 1;
            }
        }
        names.push(name);
    }
    names
}

#[cfg(test)]
mod table_tests {
    use super::table_headers;

    #[test]
    fn excel_table_columns_are_unique() {
        let header: Vec<String> = [
            "Measure",
            "2019 events",
            "2020 events",
            "+/-",
            "2019 children",
            "2020 children",
            "+/-",
            "x",
            "X",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            table_headers(&header),
            [
                "Measure",
                "2019 events",
                "2020 events",
                "+/- events",
                "2019 children",
                "2020 children",
                "+/- children",
                "x +/-",
                "X x"
            ]
        );
    }
}

fn write_quality(
    ws: &mut Worksheet,
    quality: &[FileQuality],
    f: &Formats,
    show_paths: bool,
) -> Result<()> {
    ws.write_string_with_format(
        0,
        0,
        "Data quality: every input and what it contributed",
        &f.title,
    )?;
    let header = [
        "File",
        "Sheet",
        "Measure",
        "Date column",
        "Rows read",
        "In the period",
        "In the baseline",
        "Outside both",
        "Rejected",
        "First rejected lines",
    ];
    for (col, heading) in header.iter().enumerate() {
        let format = if (4..=8).contains(&col) {
            &f.header_right
        } else {
            &f.header
        };
        ws.write_string_with_format(2, to_u16(col), *heading, format)?;
    }
    ws.write_string(
        1,
        0,
        "This worksheet contains one table: a row for each input, with the rows it held in each span and those it rejected.",
    )?;
    // Tall enough for the wrapped headers, so that they never run into the first row.
    ws.set_row_height(2, 32)?;
    print_wide(ws, 2)?;
    for (i, q) in quality.iter().enumerate() {
        let r = 3 + to_u32(i);
        ws.write_string(
            r,
            0,
            crate::model::provenance::shown_path(&q.file, show_paths),
        )?;
        ws.write_string(r, 1, q.sheet.as_deref().unwrap_or(""))?;
        ws.write_string(r, 2, &q.measure)?;
        ws.write_string(r, 3, &q.date_column)?;
        for (col, value) in [
            (4, q.rows_read),
            (5, q.rows_current),
            (6, q.rows_baseline),
            (7, q.rows_outside),
            (8, q.rows_rejected),
        ] {
            match value {
                Some(n) => ws.write_number_with_format(r, col, n as f64, &f.count)?,
                None => ws.write_string_with_format(r, col, "[c]", &f.symbol)?,
            };
        }
        // Words before the numbers, so that a count beside them is never read as one number.
        let lines: Vec<String> = q.rejected_lines.iter().map(u64::to_string).collect();
        if !lines.is_empty() {
            let noun = if lines.len() == 1 { "line" } else { "lines" };
            ws.write_string(r, 9, format!("{noun} {}", lines.join(", ")))?;
        }
    }
    for (col, width) in [
        (0u16, 32.0),
        (1, 14.0),
        (2, 20.0),
        (3, 36.0),
        (4, 11.0),
        (5, 11.0),
        (6, 11.0),
        (7, 11.0),
        (8, 11.0),
        (9, 30.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn numbers_are_numbers_and_changes_are_percentages() {
        let c = fixtures::committee();
        let bytes = XlsxFormat(RenderOptions::default())
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(c.clone()),
            ))
            .unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [
                "Cover",
                "Contents",
                "Notes",
                "Table 1",
                "Data",
                "Data quality"
            ]
        );
        // The tidy Data sheet: values are numbers.
        let data = book.worksheet_range("Data").unwrap();
        assert_eq!(
            data.get_value((0, 6)).cloned(),
            Some(Data::String("value".into()))
        );
        assert_eq!(data.get_value((1, 6)).cloned(), Some(Data::Float(11312.0)));
        // Dates are dates (days since 1899-12-30: 2019-04-01 is 43556).
        assert!(
            matches!(data.get_value((1, 4)), Some(Data::DateTime(d)) if d.as_f64() == 43556.0),
            "{:?}",
            data.get_value((1, 4))
        );
        let range = book.worksheet_range("Table 1").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        // The title as A1, with the markers of its notes; A2 says what the sheet holds.
        assert_eq!(
            cell(0, 0),
            Data::String("2020/21 Quarters 1 & 2 [note 1]".into())
        );
        assert_eq!(
            cell(1, 0),
            Data::String(
                "This worksheet contains one table. Its notes are on the Notes worksheet.".into()
            )
        );
        assert_eq!(cell(2, 1), Data::String("2019".into()));
        assert_eq!(cell(3, 0), Data::String("Contacts".into()));
        assert_eq!(cell(3, 1), Data::Float(11312.0));
        assert_eq!(cell(3, 2), Data::Float(11015.0));
        match cell(3, 3) {
            Data::Float(ratio) => assert!((ratio - (-297.0 / 11312.0)).abs() < 1e-12, "{ratio}"),
            other => panic!("change is not a number: {other:?}"),
        }
        // A change from zero is not applicable: [z], the guidance's symbol, never "n/a".
        assert_eq!(cell(5, 3), Data::String("[z]".into()));
    }
}
