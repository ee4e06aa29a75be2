//! An Excel workbook (rust_xlsxwriter): one sheet per table with the title in the first row
//! and a bold, frozen header; counts stored as numbers, changes as real percentages and rates
//! as numbers, each with a number format, so the figures can be worked with; withheld counts
//! as `c`. The data-quality note has a sheet of its own.

use anyhow::Result;
use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, Table, TableColumn, TableStyle, Workbook, Worksheet,
};

use super::{Cell, Document, Render, RenderOptions, Sheet};
use crate::compare::comparison::FileQuality;

pub struct XlsxFormat(pub RenderOptions);

/// Excel's limit on a sheet name's length.
const SHEET_NAME_MAX: usize = 31;

struct Formats {
    title: Format,
    header: Format,
    /// A header over numbers: right-aligned like them.
    header_right: Format,
    heading: Format,
    count: Format,
    percent: Format,
    rate: Format,
    share: Format,
    points: Format,
    symbol: Format,
    note: Format,
}

impl Formats {
    fn new(options: RenderOptions) -> Formats {
        let decimals = "0".repeat(options.decimals as usize);
        let pct = if decimals.is_empty() {
            "+0%;-0%;0%".to_string()
        } else {
            format!("+0.{decimals}%;-0.{decimals}%;0.{decimals}%")
        };
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
            header_right: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Right),
            heading: Format::new().set_bold(),
            count: Format::new().set_num_format(if options.thousands == Some(false) {
                "0"
            } else {
                "#,##0"
            }),
            percent: Format::new().set_num_format(pct),
            rate: Format::new().set_num_format("0.0"),
            share: Format::new().set_num_format("0.0%"),
            points: Format::new().set_num_format("+0.0\" pp\";-0.0\" pp\";0.0\" pp\""),
            symbol: Format::new().set_align(FormatAlign::Right),
            note: Format::new().set_italic(),
        }
    }
}

impl Render for XlsxFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let formats = Formats::new(self.0);
        let mut workbook = Workbook::new();
        // Repeatable bytes: the document's time from SOURCE_DATE_EPOCH, else a fixed date,
        // never the clock.
        let created = rust_xlsxwriter::ExcelDateTime::from_timestamp(document_time())?;
        workbook
            .set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let mut names: Vec<String> = Vec::new();
        for sheet in Sheet::of(document, self.0) {
            let sheet = split_ranks(sheet);
            let name = unique_name(&sheet.title, &names);
            names.push(name.clone());
            let worksheet = workbook.add_worksheet();
            worksheet.set_name(&name)?;
            write_sheet(worksheet, &sheet, &formats, self.0)?;
        }
        // The figures again, one row per measure, span and group: for pivot tables.
        let tidy = match document {
            Document::Compare(c) => super::tidy::compare(c),
            Document::Monthly(m) => super::tidy::monthly(m),
            Document::Benchmark(_) | Document::Trend(_) => Vec::new(),
        };
        if !tidy.is_empty() {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("Data")?;
            write_data(worksheet, &tidy, &formats)?;
        }
        let quality = document.data_quality();
        if !quality.is_empty() {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("Data quality")?;
            write_quality(worksheet, quality, &formats, self.0.show_paths)?;
        }
        if let Some(provenance) = document.provenance() {
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("About")?;
            write_about(worksheet, provenance, &formats)?;
        }
        Ok(workbook.save_to_buffer()?)
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
    let facts = [
        ("Made by", p.tool.as_str()),
        ("Command", p.command.as_str()),
        ("Periods", p.periods.as_str()),
        ("Disclosure control", p.disclosure.as_str()),
    ];
    for (i, (key, value)) in facts.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, *key, &f.heading)?;
        ws.write_string(row, 1, *value)?;
    }
    let header_row = 2 + facts.len() as u32 + 1;
    for (col, heading) in ["Input", "Bytes", "Last changed (UTC)", "SHA-256"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(header_row, col as u16, *heading, &f.header)?;
    }
    for (i, input) in p.inputs.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        ws.write_string(row, 0, &input.file)?;
        ws.write_number_with_format(row, 1, input.bytes as f64, &f.count)?;
        ws.write_string(row, 2, input.modified.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, input.sha256.as_deref().unwrap_or(""))?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 22)?;
    ws.set_column_width(3, 66)?;
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

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    f: &Formats,
    options: RenderOptions,
) -> Result<()> {
    ws.write_string_with_format(0, 0, &sheet.title, &f.title)?;
    let header_row = 2;
    // Printing: A4, one page wide, the header row on every page.
    ws.set_paper_size(9);
    if sheet.header.len() > PORTRAIT_COLUMNS {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    let numeric = sheet.numeric_columns();
    for (col, heading) in sheet.header.iter().enumerate() {
        let format = if numeric.get(col).copied().unwrap_or(false) {
            &f.header_right
        } else {
            &f.header
        };
        ws.write_string_with_format(header_row, col as u16, heading, format)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    let mut widths: Vec<usize> = sheet
        .header
        .iter()
        .map(|h| h.chars().count().min(16))
        .collect();
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(text) if sheet.headings.contains(&i) => {
                    ws.write_string_with_format(r, c, text, &f.heading)?;
                }
                Cell::Text(text) => {
                    ws.write_string(r, c, text)?;
                }
                // A marked count stays a number; the mark is in the HTML and text formats.
                Cell::Count(Some(n)) | Cell::Marked(Some(n), _) => {
                    ws.write_number_with_format(r, c, *n as f64, &f.count)?;
                }
                Cell::Change(Some((before, now))) if *before > 0 => {
                    let ratio = (*now as f64 - *before as f64) / *before as f64;
                    ws.write_number_with_format(r, c, ratio, &f.percent)?;
                }
                Cell::Rate(Some(rate)) => {
                    ws.write_number_with_format(r, c, *rate, &f.rate)?;
                }
                Cell::Percent(Some(pct)) => {
                    ws.write_number_with_format(r, c, *pct / 100.0, &f.share)?;
                }
                Cell::Points(Some(pp)) => {
                    ws.write_number_with_format(r, c, *pp, &f.points)?;
                }
                Cell::Points(None) => {}
                Cell::Blank | Cell::Rate(None) => {}
                other => {
                    ws.write_string_with_format(r, c, other.text(options), &f.symbol)?;
                }
            }
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(cell.text(options).chars().count());
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, (*width as f64 + 2.0).max(9.0))?;
    }
    // An Excel Table over the figures, so that they sort, filter and feed a pivot table; its
    // column names must be unique, so a repeated heading names its unit (`+/- children`).
    if !sheet.rows.is_empty() {
        let columns: Vec<TableColumn> = table_headers(&sheet.header)
            .into_iter()
            .enumerate()
            .map(|(col, name)| {
                let format = if numeric.get(col).copied().unwrap_or(false) {
                    &f.header_right
                } else {
                    &f.header
                };
                TableColumn::new()
                    .set_header(name)
                    .set_header_format(format)
            })
            .collect();
        let table = Table::new()
            .set_columns(&columns)
            .set_style(TableStyle::Light1)
            .set_banded_rows(false);
        let last_row = header_row + sheet.rows.len() as u32;
        let last_col = sheet.header.len().saturating_sub(1) as u16;
        ws.add_table(header_row, 0, last_row, last_col, &table)?;
    }
    let first = header_row + 2 + sheet.rows.len() as u32;
    for (r, line) in (first..).zip(&sheet.footer) {
        ws.write_string_with_format(r, 0, line, &f.note)?;
    }

    Ok(())
}

/// The tidy figures: the columns of `--csv-layout tidy`, values as numbers, dates as text.
fn write_data(ws: &mut Worksheet, records: &[super::tidy::Record], f: &Formats) -> Result<()> {
    for (col, heading) in super::tidy::COLUMNS.iter().enumerate() {
        let format = if *heading == "value" {
            &f.header_right
        } else {
            &f.header
        };
        ws.write_string_with_format(0, col as u16, *heading, format)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, record) in records.iter().enumerate() {
        let r = 1 + i as u32;
        for (col, text) in record.iter().enumerate() {
            let c = col as u16;
            match (col, text.parse::<f64>()) {
                (6, Ok(n)) => {
                    ws.write_number(r, c, n)?;
                }
                _ => {
                    ws.write_string(r, c, text)?;
                }
            }
        }
    }
    for (col, width) in [
        (0u16, 22.0),
        (1, 36.0),
        (2, 20.0),
        (3, 10.0),
        (4, 12.0),
        (5, 12.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    if !records.is_empty() {
        let columns: Vec<TableColumn> = super::tidy::COLUMNS
            .iter()
            .map(|name| {
                let format = if *name == "value" {
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
            .set_style(TableStyle::Light1);
        let last_col = super::tidy::COLUMNS.len().saturating_sub(1) as u16;
        ws.add_table(0, 0, records.len() as u32, last_col, &table)?;
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
        ws.write_string_with_format(2, col as u16, *heading, format)?;
    }
    // Tall enough for the wrapped headers, so that they never run into the first row.
    ws.set_row_height(2, 32)?;
    ws.set_freeze_panes(3, 0)?;
    for (i, q) in quality.iter().enumerate() {
        let r = 3 + i as u32;
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
                None => ws.write_string_with_format(r, col, "c", &f.symbol)?,
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

/// A valid, unique sheet name from a title: at most 31 characters, none of `[]:*?/\`.
/// Sheet names a table's title may not take: Excel's reserved "History", and the sheets
/// written after the tables.
const RESERVED_SHEETS: [&str; 4] = ["History", "Data", "Data quality", "About"];

fn unique_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    // Runs of spaces collapsed; a long title cut between words, not in one.
    let words: Vec<&str> = clean.split_whitespace().collect();
    let mut base = String::new();
    for word in words {
        let next = if base.is_empty() {
            word.chars().count()
        } else {
            base.chars().count() + 1 + word.chars().count()
        };
        if next > SHEET_NAME_MAX {
            if base.is_empty() {
                base = word.chars().take(SHEET_NAME_MAX).collect();
            }
            break;
        }
        if !base.is_empty() {
            base.push(' ');
        }
        base.push_str(word);
    }
    let base = if base.is_empty() {
        "Table".to_string()
    } else {
        base
    };
    // Excel compares names without case; "History" is its own, and the sheets written after
    // the tables are ours.
    let used = |name: &str| {
        RESERVED_SHEETS
            .iter()
            .copied()
            .chain(taken.iter().map(String::as_str))
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    if !used(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            let stem: String = base.chars().take(SHEET_NAME_MAX - suffix.len()).collect();
            format!("{}{suffix}", stem.trim_end())
        })
        .find(|name| !used(name))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(
            unique_name("2020/21 Quarters 1 & 2", &[]),
            "2020 21 Quarters 1 & 2"
        );
        let long = "Initial Child Protection Conferences: 2020/21 by month";
        let first = unique_name(long, &[]);
        // Cut between words, never mid-word, and no double spaces.
        assert_eq!(first, "Initial Child Protection");
        assert_eq!(unique_name("Contacts  by   team", &[]), "Contacts by team");
        // Reserved names, in any case, and apostrophes at either end (Excel refuses both).
        assert_eq!(unique_name("Data", &[]), "Data (2)");
        assert_eq!(unique_name("history", &[]), "history (2)");
        assert_eq!(unique_name("'x'", &[]), "x");
        assert_eq!(unique_name("About", &["About (2)".into()]), "About (3)");
        let second = unique_name(long, std::slice::from_ref(&first));
        assert!(
            second.ends_with(" (2)") && second.chars().count() <= 31,
            "{second}"
        );
    }

    #[test]
    fn numbers_are_numbers_and_changes_are_percentages() {
        let c = fixtures::committee();
        let bytes = XlsxFormat(RenderOptions::default())
            .render(Document::Compare(&c))
            .unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            ["2020 21 Quarters 1 & 2", "Data", "Data quality"]
        );
        // The tidy Data sheet: values are numbers.
        let data = book.worksheet_range("Data").unwrap();
        assert_eq!(
            data.get_value((0, 6)).cloned(),
            Some(Data::String("value".into()))
        );
        assert_eq!(data.get_value((1, 6)).cloned(), Some(Data::Float(11312.0)));
        assert_eq!(
            data.get_value((1, 4)).cloned(),
            Some(Data::String("2019-04-01".into()))
        );
        let range = book.worksheet_range("2020 21 Quarters 1 & 2").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("2020/21 Quarters 1 & 2".into()));
        assert_eq!(cell(2, 1), Data::String("2019".into()));
        assert_eq!(cell(3, 0), Data::String("Contacts".into()));
        assert_eq!(cell(3, 1), Data::Float(11312.0));
        assert_eq!(cell(3, 2), Data::Float(11015.0));
        match cell(3, 3) {
            Data::Float(ratio) => assert!((ratio - (-297.0 / 11312.0)).abs() < 1e-12, "{ratio}"),
            other => panic!("change is not a number: {other:?}"),
        }
        assert_eq!(cell(5, 3), Data::String("n/a".into()));
    }
}
