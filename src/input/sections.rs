//! Tables within tables (README, "Several tables in one file"). A report saved as CSV, or a
//! worksheet, may hold more than one table: SSRS writes each data region under the last, a
//! Business Objects sheet stacks blocks, with blank lines and a title between them. Each
//! such table is found by its own header row and read on its own. A sectioned report that
//! repeats the *same* header before each section (Web Intelligence, per team) is one table,
//! read without its repeated headers and section titles. A header row is never read as data.

use std::path::Path;

use crate::input::detect::looks_like_data;
use crate::input::table::{Section, Table};
use crate::model::error::Result;

/// Files larger than this are not searched for further tables: extracts that size come from
/// a database, one table each. A second table in one is still never counted as data: its
/// header row is rejected as a date (see the note on rejected rows).
pub(crate) const SEARCH_MAX_BYTES: u64 = 16 << 20;

/// A line that is not a row of the table above it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mark {
    /// A blank line, a title or a total: one cell, in a table of several columns.
    Title(u64),
    /// The table's own header row again (a sectioned report).
    Repeat(u64),
    /// A different table's header row: its line, its row in the file, its headers.
    Header(u64, usize, Vec<String>),
}

/// `table` split into the tables it holds, in order: just `table` when it holds one (or
/// cannot be read again). `accept` says whether a row is a header cscstats can read.
pub(crate) fn split(table: Table, accept: &dyn Fn(&[String]) -> bool) -> Result<Vec<Table>> {
    let small = table
        .path
        .as_file()
        .and_then(|p: &Path| p.metadata().ok())
        .is_some_and(|m| m.len() <= SEARCH_MAX_BYTES);
    if !small || plainly_one_table(&table) {
        return Ok(vec![table]);
    }
    let Some(mut scan) = table.reopen_at(
        table.header_line,
        table.header_index(),
        table.headers.clone(),
    )?
    else {
        return Ok(vec![table]);
    };
    scan.lenient = true;
    let (marks, footers) = find_marks(&mut scan, &table.headers, table.header_index(), accept)?;
    let mut table = table;
    if let Some(&first) = footers.first() {
        // A total or note below the rows, padded to the table's width (`Grand total: 8,,,`).
        table.footer = Some((first, 1));
    }
    if !marks
        .iter()
        .any(|m| matches!(m, Mark::Repeat(_) | Mark::Header(..)))
    {
        if !footers.is_empty() {
            table.section = Some(Section {
                skip: footers,
                ..Section::default()
            });
            table.layout = None;
        }
        return Ok(vec![table]);
    }
    let starts: Vec<(u64, usize, Vec<String>)> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Header(line, index, headers) => Some((*line, *index, headers.clone())),
            _ => None,
        })
        .collect();
    let skipped = |from: u64, to: Option<u64>| -> Vec<u64> {
        marks
            .iter()
            .filter_map(|m| match m {
                Mark::Title(line) | Mark::Repeat(line) => Some(*line),
                Mark::Header(..) => None,
            })
            .filter(|&line| line > from && to.is_none_or(|to| line < to))
            .collect()
    };
    let as_at = table.as_at;
    let mut tables = Vec::with_capacity(starts.len() + 1);
    let first_end = starts.first().map(|s| s.0);
    let footer = table.footer.take();
    let mut first = table;
    first.section = Some(Section {
        skip: skipped(first.header_line, first_end),
        end: first_end,
        last: 0,
        several: !starts.is_empty(),
    });
    first.layout = None;
    for (i, (line, index, headers)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map(|s| s.0);
        let Some(mut part) = first.reopen_at(*line, *index, headers.clone())? else {
            continue;
        };
        part.section = Some(Section {
            skip: skipped(*line, end),
            end,
            last: 0,
            several: true,
        });
        part.layout = None;
        part.as_at = as_at;
        tables.push(part);
    }
    tables.insert(0, first);
    if let Some(last) = tables.last_mut() {
        if let Some(section) = &mut last.section {
            section.skip.extend(&footers);
        }
        last.footer = footer;
    }
    Ok(tables)
}

/// True when a CSV file's bytes show at a glance that it holds one table: below the header
/// there is no blank line, no line ending in empty fields (a title padded with delimiters,
/// `Team: North,,,`) and no repeat of the header line. Searched for, not parsed: a file that
/// shows any of them is then read row by row. A second header after nothing of the kind, in
/// a file of data rows, is caught as it is counted (see `Rejections::header_line`).
fn plainly_one_table(table: &Table) -> bool {
    use std::io::Read;
    let (Some(layout), Some(path)) = (&table.layout, table.path.as_file()) else {
        return false;
    };
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let start = usize::try_from(layout.data_start).unwrap_or(usize::MAX);
    let mut head = vec![0u8; start];
    if file.read_exact(&mut head).is_err() {
        return false;
    }
    let d = layout.delimiter;
    let mut needles: Vec<Vec<u8>> = vec![b"\n\n".to_vec(), b"\n\r\n".to_vec()];
    if layout.fields >= 3 {
        needles.push(vec![d, d, b'\n']);
        needles.push(vec![d, d, b'\r', b'\n']);
    }
    let mut header = b"\n".to_vec();
    header.extend_from_slice(line_before(&head));
    header.push(b'\n');
    needles.push(header.clone());
    if let Some(cr) = header.len().checked_sub(1) {
        header.insert(cr, b'\r');
        needles.push(header);
    }
    let finders: Vec<memchr::memmem::Finder> =
        needles.iter().map(memchr::memmem::Finder::new).collect();
    let keep = needles.iter().map(Vec::len).max().unwrap_or(1);
    // A line break before the first data row, so that a repeat of the header on the first
    // data line is found too.
    let mut window = b"\n".to_vec();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) => return false,
        };
        window.extend_from_slice(
            chunk
                .get(..n)
                .expect("read returns at most the buffer's length"),
        );
        if finders.iter().any(|f| f.find(&window).is_some()) {
            return false;
        }
        let tail = window.len().saturating_sub(keep);
        window.drain(..tail);
    }
    true
}

/// The last line of `head` (the header, before the first data row), without its line end.
fn line_before(head: &[u8]) -> &[u8] {
    let head = head.strip_suffix(b"\n").unwrap_or(head);
    let head = head.strip_suffix(b"\r").unwrap_or(head);
    let from = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
    head.get(from..).unwrap_or_default()
}

/// Reads every row below the header once, marking the lines that are not data rows of the
/// table above them; and, apart, the titles or totals after the last table's rows (footers).
fn find_marks(
    scan: &mut Table,
    headers: &[String],
    header_index: usize,
    accept: &dyn Fn(&[String]) -> bool,
) -> Result<(Vec<Mark>, Vec<u64>)> {
    let mut marks = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut current: Vec<String> = trimmed(headers);
    let mut index = header_index;
    while scan.read(&mut record)? {
        index += 1;
        // Most rows are data: a date in a row of several cells says so without a copy.
        let filled = record.iter().filter(|c| !c.trim_ascii().is_empty()).count();
        if filled == 0
            || (filled >= 2
                && record
                    .iter()
                    .any(|c| crate::model::date::parse_date(c.trim_ascii()).is_ok()))
        {
            continue;
        }
        let line = scan.line(&record);
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .collect();
        if trimmed(&cells) == current {
            marks.push(Mark::Repeat(line));
            continue;
        }
        if filled == 1 && current.len() > 1 {
            marks.push(Mark::Title(line));
            continue;
        }
        if filled >= 2 && !looks_like_data(&cells) && accept(&cells) {
            current = trimmed(&cells);
            marks.push(Mark::Header(line, index, cells));
        }
    }
    // Titles and totals after the last table's rows are its footer.
    let mut footers = Vec::new();
    while let Some(Mark::Title(line)) = marks.last() {
        footers.insert(0, *line);
        marks.pop();
    }
    Ok((marks, footers))
}

/// Cells without the empty ones at the end (a sheet's row is as wide as the sheet).
fn trimmed(cells: &[String]) -> Vec<String> {
    let mut cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}
