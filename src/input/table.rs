//! A table of rows with a header, whatever it came from: a CSV file, standard input, or a
//! worksheet. Rows are read into a reused `csv::ByteRecord`, so the counting loop is the same
//! for every source and allocates nothing per row.

use crate::model::convert::to_usize;
use std::io::Read;

use calamine::{Data, Range};

use crate::input::cell::{row_text, write_cell};
use crate::input::reader::{CsvLayout, HeaderAt, InputPath, csv_error, open_csv, ragged_row};
use crate::model::error::{Error, Location, Result};

/// One table: its origin, its header row, and a cursor over its data rows.
pub(crate) struct Table {
    pub path: InputPath,
    /// The worksheet, for a workbook.
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// The line (CSV) or spreadsheet row (worksheet) of the header row.
    pub header_line: u64,
    /// Which row of the file is the header, from 0: a CSV is read again from there.
    header_index: usize,
    /// The date the extract was taken, where its file name or a title line states one.
    pub as_at: Option<chrono::NaiveDate>,
    /// The days the table says it covers, where it says so itself (a CIN census return's
    /// collection year, to its `ReferenceDate`): events before them are partial.
    pub covers: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// A last line with a different number of fields, left out as a footer or total: its
    /// line and number of fields.
    pub footer: Option<(u64, usize)>,
    /// Whether the rows can be opened again from the start (a regular file; not standard
    /// input, a pipe or a worksheet held in memory).
    reopens: bool,
    /// Set for a CSV file that can be read from any record boundary (parallel counting).
    pub layout: Option<CsvLayout>,
    /// Fields every CSV data row must have (the header's).
    fields: usize,
    /// `"` bytes read so far, for a CSV table.
    quotes: Option<std::rc::Rc<std::cell::Cell<u64>>>,
    /// The line of the last row read.
    last_line: u64,
    /// Blank lines skipped just before the last CSV record read (its line adds them back).
    blank_lines: u64,
    /// A CSV whose records end at `\n`.
    lf_terminated: bool,
    rows: Option<Rows>,
    /// One table of several in a file or sheet: where it stops and the lines inside it that
    /// are not rows (a repeated header, a section's title). See `sections`.
    pub section: Option<Section>,
    /// Reads every row, however many fields it has (to find the tables within a file).
    pub lenient: bool,
    /// A header with no rows is no events, not a mistake: a CIN census module with nothing
    /// in it that year.
    pub empty_is_none: bool,
}

/// One table's share of a file or sheet that holds several.
#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    /// Lines (or sheet rows) inside the table that are not rows of it, sorted.
    pub skip: Vec<u64>,
    /// The line where the next table starts, if one does.
    pub end: Option<u64>,
    /// The line of the last row read.
    pub last: u64,
    /// One of several tables in the file or sheet (not one table with sections or a footer).
    pub several: bool,
}

impl Section {
    /// True when `line` is not one of this table's rows.
    fn excludes(&self, line: u64) -> bool {
        self.end.is_some_and(|end| line >= end) || self.skip.binary_search(&line).is_ok()
    }
}

enum Rows {
    Csv(csv::Reader<Box<dyn Read>>),
    Sheet(SheetRows),
    /// An .xlsx worksheet read as it is counted.
    Stream(crate::input::stream::SheetStream),
}

/// The data rows of a worksheet, below its header row.
pub(crate) struct SheetRows {
    cells: Range<Data>,
    /// Index (within `cells`) of the next row to read.
    next: usize,
    /// Spreadsheet row number of `cells`' first row, minus one.
    first_row: u64,
}

impl Table {
    /// Opens a CSV file (or standard input) and reads its header row (the first line, or as
    /// `header` says).
    pub(crate) fn csv(path: InputPath, header: HeaderAt) -> Result<Table> {
        let input = open_csv(&path, header)?;
        let reopens = path.as_file().is_some_and(|p| {
            crate::input::reader::kind_of(p) == crate::input::reader::FileKind::Regular
        });
        let named = path
            .as_file()
            .and_then(|p| p.file_stem())
            .and_then(|stem| crate::input::as_at::last_date_in(&stem.to_string_lossy()));
        Ok(Table {
            reopens,
            as_at: named.max(input.title_date),
            path,
            sheet: None,
            headers: input.headers,
            header_line: input.header_line,
            header_index: input.header_index,
            layout: input.layout,
            fields: input.fields,
            quotes: Some(input.quotes),
            last_line: 0,
            blank_lines: input.blank_lines,
            lf_terminated: input.lf_terminated,
            footer: None,
            rows: Some(Rows::Csv(input.reader)),
            section: None,
            covers: None,
            lenient: false,
            empty_is_none: false,
        })
    }

    /// A table read from bytes in memory (for the fuzz targets and tests).
    pub(crate) fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Table> {
        let input = crate::input::reader::open_csv_from(
            Box::new(std::io::Cursor::new(bytes)),
            name.to_string(),
            false,
            HeaderAt::First,
        )?;
        Ok(Table {
            reopens: false,
            as_at: input.title_date,
            path: InputPath::Stdin,
            sheet: None,
            headers: input.headers,
            header_line: input.header_line,
            header_index: input.header_index,
            layout: None,
            fields: input.fields,
            quotes: Some(input.quotes),
            last_line: 0,
            blank_lines: input.blank_lines,
            lf_terminated: input.lf_terminated,
            footer: None,
            rows: Some(Rows::Csv(input.reader)),
            section: None,
            covers: None,
            lenient: false,
            empty_is_none: false,
        })
    }

    /// An .xlsx worksheet whose rows below `headers` (on 0-based sheet row `header_row`) are
    /// read as a stream when counted.
    pub(crate) fn streamed_sheet(
        path: InputPath,
        headers: Vec<String>,
        header_row: u32,
        stream: crate::input::stream::SheetStream,
        sheet: String,
    ) -> Table {
        let header_line = u64::from(header_row) + 1;
        Table::worksheet(path, sheet, headers, header_line, Rows::Stream(stream))
    }

    /// A worksheet whose header row is row `header` (0-based) of `cells`.
    pub(crate) fn sheet(
        path: InputPath,
        sheet: String,
        cells: Range<Data>,
        header: usize,
    ) -> Table {
        let headers = cells.rows().nth(header).map(row_text).unwrap_or_default();
        let titles: Vec<Vec<String>> = cells.rows().take(header).map(row_text).collect();
        let first_row = cells.start().map_or(0, |(row, _)| u64::from(row));
        let rows = Rows::Sheet(SheetRows {
            cells,
            next: header + 1,
            first_row,
        });
        let mut table = Table::worksheet(path, sheet, headers, first_row + header as u64 + 1, rows);
        table.note_title_rows(&titles);
        table
    }

    /// A worksheet table, however its rows are read.
    fn worksheet(
        path: InputPath,
        sheet: String,
        headers: Vec<String>,
        header_line: u64,
        rows: Rows,
    ) -> Table {
        let as_at = path
            .as_file()
            .and_then(|p| p.file_stem())
            .and_then(|stem| crate::input::as_at::last_date_in(&stem.to_string_lossy()));
        Table {
            reopens: false,
            as_at,
            path,
            sheet: Some(sheet),
            headers,
            header_line,
            header_index: 0, // a worksheet is never read again from its header
            layout: None,
            fields: 0,
            quotes: None,
            last_line: 0,
            blank_lines: 0,
            lf_terminated: false,
            footer: None,
            rows: Some(rows),
            section: None,
            covers: None,
            lenient: false,
            empty_is_none: false,
        }
    }

    /// Takes the date the extract was taken from the title rows above a sheet's header, where
    /// one states it and it is later than the file name's.
    pub(crate) fn note_title_rows(&mut self, rows: &[Vec<String>]) {
        let stated = rows
            .iter()
            .filter_map(|row| crate::input::as_at::last_date_in(&row.join(" ")))
            .max();
        self.as_at = self.as_at.max(stated);
    }

    /// The file (and sheet) for notes: `annex-a.xlsx, sheet "List 1"` or `contacts.csv`.
    pub(crate) fn name(&self) -> String {
        match &self.section {
            // One of several tables in the file or sheet: which one.
            Some(section) if section.several => format!(
                "{} (the table from {} {})",
                self.location(),
                if self.sheet.is_some() { "row" } else { "line" },
                self.header_line
            ),
            _ => self.location().to_string(),
        }
    }

    pub(crate) fn location(&self) -> Location {
        Location::file(self.path.display()).sheet(self.sheet.clone())
    }

    /// Closes a CSV file until it is read again (so that many inputs do not hold many files
    /// open). Standard input, pipes and worksheets stay as they are: they cannot be opened
    /// again.
    pub(crate) fn release(&mut self) {
        if self.reopens && matches!(self.rows, Some(Rows::Csv(_))) {
            self.rows = None;
        }
    }

    /// Reads the next data row into `record`; false at the end (of the file, or of this
    /// table's section of it).
    pub(crate) fn read(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        loop {
            if !self.read_any(record)? {
                return Ok(false);
            }
            if self.section.is_none() {
                return Ok(true);
            }
            let line = self.line(record);
            let Some(section) = self.section.as_mut() else {
                return Ok(true);
            };
            if section.end.is_some_and(|end| line >= end) {
                return Ok(false);
            }
            if section.skip.binary_search(&line).is_err() {
                if !record.as_slice().trim_ascii().is_empty() {
                    section.last = line;
                }
                return Ok(true);
            }
        }
    }

    /// The 0-based row of the file (CSV records, blank lines left out) where this table's
    /// header is, for a table read again from it.
    pub(crate) fn header_index(&self) -> usize {
        self.header_index
    }

    /// Whether the table is a worksheet held in memory, streamed, or a CSV file that can be
    /// opened again: the rows it can be read again from.
    pub(crate) fn reopen_at(
        &self,
        line: u64,
        index: usize,
        headers: Vec<String>,
    ) -> Result<Option<Table>> {
        match &self.rows {
            Some(Rows::Sheet(sheet)) => {
                let Some(header) = line.saturating_sub(1).checked_sub(sheet.first_row) else {
                    return Ok(None);
                };
                let sheet_name = self.sheet.clone().unwrap_or_default();
                Ok(Some(Table::sheet(
                    self.path.clone(),
                    sheet_name,
                    sheet.cells.clone(),
                    to_usize(header),
                )))
            }
            Some(Rows::Stream(stream)) => {
                let row = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
                Ok(Some(Table::streamed_sheet(
                    self.path.clone(),
                    headers,
                    row,
                    stream.starting_at_row(row),
                    self.sheet.clone().unwrap_or_default(),
                )))
            }
            _ if self.reopens => Table::csv(self.path.clone(), HeaderAt::Given(index)).map(Some),
            _ => Ok(None),
        }
    }

    /// Reads the next row of the file or sheet into `record`, whatever section it is in.
    fn read_any(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        if self.rows.is_none() {
            let input = open_csv(&self.path, HeaderAt::Given(self.header_index))?;
            self.quotes = Some(input.quotes);
            self.blank_lines = input.blank_lines;
            self.rows = Some(Rows::Csv(input.reader));
        }
        match &mut self.rows {
            Some(Rows::Csv(reader)) => {
                let before = reader.position().line();
                let more = reader
                    .read_byte_record(record)
                    .map_err(|e| csv_error(&self.path.display(), e))?;
                self.blank_lines = if more {
                    crate::input::reader::blank_lines_before(
                        before,
                        reader.position().line(),
                        record,
                        self.lf_terminated,
                    )
                } else {
                    0
                };
                let blank = record.as_slice().trim_ascii().is_empty();
                let line = record.position().map_or(0, csv::Position::line) + self.blank_lines;
                let outside =
                    self.lenient || self.section.as_ref().is_some_and(|s| s.excludes(line));
                if more && !blank && record.len() != self.fields && !outside {
                    // The last line of an export is often a footer or a total ("Total
                    // referrals: 400"): shorter than the header, with no date in it, and
                    // followed by nothing but blank lines, it is left out with a note. Any
                    // other ragged row is an error: it may be a row of data.
                    let fields = record.len();
                    let footer_like = fields < self.fields
                        && !record
                            .iter()
                            .any(|f| crate::model::date::parse_date(f).is_ok());
                    if !footer_like {
                        return Err(ragged_row(self.location().line(line), fields, self.fields));
                    }
                    let mut next = csv::ByteRecord::new();
                    let mut only_blank_after = true;
                    while reader
                        .read_byte_record(&mut next)
                        .map_err(|e| csv_error(&self.path.display(), e))?
                    {
                        if !next.as_slice().trim_ascii().is_empty() {
                            only_blank_after = false;
                            break;
                        }
                    }
                    if only_blank_after {
                        self.footer = Some((line, fields));
                        return Ok(false);
                    }
                    return Err(ragged_row(self.location().line(line), fields, self.fields));
                }
                if more {
                    self.last_line = line;
                }
                Ok(more)
            }
            Some(Rows::Sheet(sheet)) => Ok(sheet.read(record)),
            // The location is built only when reading fails, not for every row.
            Some(Rows::Stream(stream)) => stream.read(record).map_err(|why| {
                Error::input(
                    Location::file(self.path.display()).sheet(self.sheet.clone()),
                    why,
                )
            }),
            None => Ok(false),
        }
    }

    /// After the last row: the line of the row a never-closed quote ran on from (an odd
    /// number of `"` in the file), if there is one.
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        let quotes = self.quotes.as_ref()?.get();
        (quotes % 2 == 1).then_some(self.last_line)
    }

    /// One of several tables in its file or sheet: the line (or row) of its last row read.
    pub(crate) fn section_end(&self) -> Option<u64> {
        self.section.as_ref().filter(|s| s.several).map(|s| s.last)
    }

    /// The line (CSV) or spreadsheet row (worksheet) where `record` starts.
    pub(crate) fn line(&self, record: &csv::ByteRecord) -> u64 {
        match &self.rows {
            Some(Rows::Sheet(sheet)) => sheet.first_row + sheet.next as u64,
            Some(Rows::Stream(stream)) => u64::from(stream.row) + 1,
            _ => record.position().map_or(0, csv::Position::line) + self.blank_lines,
        }
    }
}

impl SheetRows {
    fn read(&mut self, record: &mut csv::ByteRecord) -> bool {
        if self.next >= self.cells.height() {
            return false;
        }
        record.clear();
        let mut text = String::new();
        for column in 0..self.cells.width() {
            text.clear();
            if let Some(cell) = self.cells.get((self.next, column)) {
                write_cell(cell, &mut text);
            }
            record.push_field(text.as_bytes());
        }
        self.next += 1;
        true
    }
}
