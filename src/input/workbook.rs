//! Excel (.xlsx, .xlsm, .xlsb, .xls) and OpenDocument (.ods) workbooks: every sheet is looked
//! at, and a sheet is a table if one of its first rows is a header row cscstats recognises
//! (a title row above the header is allowed).

use crate::model::convert::to_u32;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use crate::input::cell::cell_text;
use crate::input::reader::InputPath;
use crate::input::stream::SharedBook;
use crate::input::table::Table;
use crate::model::error::{Error, Location, Result};

use crate::input::budget::{MAX_SHEETS, TEXT_BYTES};
use crate::input::detect::HEADER_SEARCH_ROWS;

/// The most cells a sheet may span (rows × columns from its first cell to its last) unless
/// `--max-cells` says otherwise: about 32 bytes each once read, so 10 million is 320 MB.
pub(crate) const DEFAULT_MAX_CELLS: u64 = 10_000_000;

/// File extensions read as workbooks.
pub(crate) const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// True when a file's name or first bytes say it is a workbook.
pub(crate) fn is_workbook(path: &Path) -> bool {
    named_like_workbook(path) || sniff(path).is_some_and(|magic| magic != Magic::Text)
}

/// True when a file's extension is a workbook's.
pub(crate) fn named_like_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| EXTENSIONS.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    Zip,
    Ole,
    Text,
}

fn sniff(path: &Path) -> Option<Magic> {
    use std::io::Read;
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    Some(
        match head
            .get(..n)
            .expect("read returns at most the buffer's length")
        {
            b"PK\x03\x04" => Magic::Zip,
            [0xD0, 0xCF, 0x11, 0xE0] => Magic::Ole,
            _ => Magic::Text,
        },
    )
}

/// The sheets of a workbook that hold a recognisable table, and notes about the others.
/// `is_header` says whether a row of cell texts is a header cscstats can use.
pub(crate) fn open_workbook(
    path: &Path,
    is_header: &dyn Fn(&str, &[String]) -> bool,
    limits: SheetLimits,
) -> Result<(Vec<Table>, Vec<String>)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot open", e))?;
    read_workbook(path, &bytes, is_header, limits)
}

/// What a workbook's sheets may be: how many cells, and whether hidden ones are read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SheetLimits {
    pub max_cells: u64,
    pub include_hidden: bool,
    /// `--header-row`, from 0: every sheet's header row, instead of finding it.
    pub header_row: Option<usize>,
}

/// [`open_workbook`] on a workbook's bytes, named `path`. The readers (calamine) are trusted
/// with nothing: a panic in one, on a damaged record it did not expect, is caught here and
/// reported as a damaged file.
pub(crate) fn read_workbook(
    path: &Path,
    bytes: &[u8],
    is_header: &dyn Fn(&str, &[String]) -> bool,
    limits: SheetLimits,
) -> Result<(Vec<Table>, Vec<String>)> {
    crate::model::error::catch_reader_panic(|| read_guarded(path, bytes, is_header, limits))
        .unwrap_or_else(|| Err(damaged(Location::file(path.display().to_string()))))
}

/// The error for a workbook a reader could not make sense of.
pub(crate) fn damaged(at: Location) -> Error {
    Error::input(
        at,
        "cannot be read as a workbook: it is damaged; open it in Excel and save it again as .xlsx (or as CSV)",
    )
}

/// Checks a workbook's declared sizes before any is allocated: a zip's parts, and the grids
/// .xls and .ods sheets declare (calamine reads those whole).
fn preflight(bytes: &[u8], ext: &str, max_cells: u64, here: &dyn Fn() -> Location) -> Result<()> {
    if bytes.get(..4) == Some(b"PK\x03\x04") {
        crate::input::budget::check_parts(bytes, max_cells)
            .map_err(|why| Error::input(here(), why))?;
    }
    // .xls and .ods are read whole by calamine, each sheet's grid sized from what the file
    // declares: checked first, so that no declared size is allocated beyond the limit.
    use crate::input::preflight::{OdsProblem, XlsProblem, check_ods, check_xls};
    let preflight = match (bytes.get(..4), ext) {
        (Some(b"PK\x03\x04"), "ods") => match check_ods(bytes, max_cells) {
            Ok(()) => Ok(()),
            Err(OdsProblem::TooBig(what)) => Err(what),
            Err(OdsProblem::Text(what)) => {
                return Err(Error::input(
                    here(),
                    format!(
                        "{what}; the workbook is damaged or was not saved by a spreadsheet program: open it in LibreOffice or Excel and save it again"
                    ),
                ));
            }
        },
        (Some([0xD0, 0xCF, 0x11, 0xE0]), _) if !is_encrypted(bytes) => {
            match check_xls(bytes, max_cells) {
                Ok(()) => Ok(()),
                Err(XlsProblem::TooBig(what)) => Err(what),
                Err(XlsProblem::Damaged) => return Err(damaged(here())),
                Err(XlsProblem::Text) => return Err(too_much_text(here())),
            }
        }
        _ => Ok(()),
    };
    if let Err(what) = preflight {
        return Err(Error::input(
            here(),
            format!(
                "{what}, more than the limit of {max_cells} cells; if the sheet really is that large, raise the limit with --max-cells N"
            ),
        ));
    }
    Ok(())
}

/// Opens a workbook by its first bytes and its extension.
fn open(
    arc: &Arc<[u8]>,
    ext: &str,
    here: &dyn Fn() -> Location,
) -> Result<Sheets<Cursor<Arc<[u8]>>>> {
    let bytes: &[u8] = arc;
    let cursor = Cursor::new(Arc::clone(arc));
    let opened = match (bytes.get(..4), ext) {
        (Some(b"PK\x03\x04"), "ods") => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        (Some(b"PK\x03\x04"), "xlsb") => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        (Some(b"PK\x03\x04"), _) => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        (Some([0xD0, 0xCF, 0x11, 0xE0]), _) if is_encrypted(bytes) => {
            return Err(Error::input(
                here(),
                "the workbook is password-protected; remove the password (File > Info > Protect Workbook) and save it again",
            ));
        }
        (Some([0xD0, 0xCF, 0x11, 0xE0]), _) => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        _ => {
            return Err(Error::input(
                here(),
                "this is named like a workbook but holds text; if it is a CSV file, rename it to .csv",
            ));
        }
    };
    opened.map_err(|_| {
        Error::input(
            here(),
            "cannot be read as a workbook: it is damaged, or a zip archive that is not a workbook; \
             open it in Excel and save it again as .xlsx (or as CSV)",
        )
    })
}

fn read_guarded(
    path: &Path,
    bytes: &[u8],
    is_header: &dyn Fn(&str, &[String]) -> bool,
    limits: SheetLimits,
) -> Result<(Vec<Table>, Vec<String>)> {
    let max_cells = limits.max_cells;
    let shown = path.display().to_string();
    let here = || Location::file(shown.clone());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    preflight(bytes, ext.as_str(), max_cells, &here)?;
    // The workbook's bytes, shared with its streamed sheets.
    let arc: Arc<[u8]> = Arc::from(bytes);
    let mut workbook = open(&arc, ext.as_str(), &here)?;

    let mut tables = Vec::new();
    let mut notes = Vec::new();
    let mut held = Held::default();
    // The workbook, opened once, shared by its streamed sheets.
    let mut shared: Option<Arc<SharedBook>> = None;
    let hidden: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let names = workbook.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(Error::input(
            here(),
            format!(
                "the workbook has {} sheets, more than the {MAX_SHEETS} cscstats reads; save the sheets that hold the data as a workbook of their own (or as CSV)",
                names.len()
            ),
        ));
    }
    for name in names {
        let sheet_here = Location::file(shown.clone()).sheet(Some(name.clone()));
        if hidden.contains(&name) && !limits.include_hidden {
            notes.push(format!(
                "{sheet_here}: hidden; skipped (pass --include-hidden to count hidden sheets)"
            ));
            continue;
        }
        // An .xlsx sheet that declares its size: its top rows now, the rest as it is counted.
        if let Sheets::Xlsx(x) = &mut workbook {
            match peek_xlsx(x, &name, max_cells) {
                Ok(Some(peek)) => {
                    let header = match limits.header_row {
                        Some(row) => (row < peek.top.len()).then_some(row),
                        None => {
                            crate::input::detect::choose_header(&peek.top, &|row: &[String]| {
                                is_header(&name, row)
                            })
                        }
                    };
                    match header {
                        Some(header) => {
                            let header_row = peek.first_row + to_u32(header);
                            let shape = crate::input::stream::SheetShape {
                                name: name.clone(),
                                header_row,
                                first_column: peek.first_column,
                                width: peek.width,
                                last_row: peek.last_row,
                                max_cells,
                            };
                            let book = shared
                                .get_or_insert_with(|| SharedBook::new(Arc::clone(&arc)))
                                .clone();
                            let mut table = Table::streamed_sheet(
                                InputPath::File(path.to_path_buf()),
                                peek.top.get(header).cloned().unwrap_or_default(),
                                header_row,
                                crate::input::stream::SheetStream::new(book, shape),
                                name,
                            );
                            table.note_title_rows(peek.top.get(..header).unwrap_or_default());
                            tables.push(table);
                        }
                        None if peek.top.is_empty() => {
                            notes.push(format!("{sheet_here}: empty; skipped"));
                        }
                        None => notes.push(format!(
                            "{sheet_here}: no recognisable header row in its first {HEADER_SEARCH_ROWS} rows; skipped"
                        )),
                    }
                    continue;
                }
                Ok(None) => {}
                Err(SheetError::Text) => {
                    return Err(Error::input(
                        sheet_here,
                        format!(
                            "its first {HEADER_SEARCH_ROWS} rows hold more than {} MiB of text, more than any header and title rows need; the workbook is damaged or was not saved by a spreadsheet program",
                            crate::input::stream::ROW_TEXT_BYTES >> 20
                        ),
                    ));
                }
                Err(_) => {
                    notes.push(format!("{sheet_here}: cannot be read; skipped"));
                    continue;
                }
            }
        }
        let cells: Range<Data> = match read_sheet(&mut workbook, &name, max_cells, &mut held) {
            Ok(cells) => cells,
            Err(SheetError::Text) => return Err(too_much_text(sheet_here)),
            Err(SheetError::TooBig(what)) => {
                return Err(Error::input(
                    sheet_here,
                    format!(
                        "{what}, more than the limit of {max_cells} cells; if the sheet really is that large, raise the limit with --max-cells N"
                    ),
                ));
            }
            Err(SheetError::Unreadable) => {
                notes.push(format!("{sheet_here}: cannot be read; skipped"));
                continue;
            }
        };
        let header = match limits.header_row {
            Some(row) => (row < cells.height()).then_some(row),
            None => find_header_row(&cells, &|row: &[String]| is_header(&name, row)),
        };
        match header {
            Some(header) => tables.push(Table::sheet(
                InputPath::File(path.to_path_buf()),
                name,
                cells,
                header,
            )),
            None if cells.is_empty() => notes.push(format!("{sheet_here}: empty; skipped")),
            None => notes.push(format!(
                "{sheet_here}: no recognisable header row in its first {HEADER_SEARCH_ROWS} rows; skipped"
            )),
        }
    }
    // The streamed sheets read from the workbook as opened here, not opened again each.
    if let (Sheets::Xlsx(opened), Some(book)) = (workbook, shared) {
        book.keep(opened);
    }
    Ok((tables, notes))
}

/// The error for a workbook whose sheets hold more text than is read whole.
fn too_much_text(at: Location) -> Error {
    Error::input(
        at,
        format!(
            "the workbook's sheets hold more than {} MiB of text (a shared string is copied into every cell that names it); save the sheet as CSV, or split the workbook",
            TEXT_BYTES >> 20
        ),
    )
}

/// Why a sheet was not read.
enum SheetError {
    /// It spans more cells than allowed (what it spans, in words).
    TooBig(String),
    /// Its cells' text, with the other sheets', is more than [`TEXT_BYTES`].
    Text,
    Unreadable,
}

/// A sheet's cells, never allocating more than `max_cells` of them: .xlsx and .xlsb sheets
/// are read cell by cell and refused as soon as they hold, or span, more; the other formats
/// come whole from calamine.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    max_cells: u64,
    held: &mut Held,
) -> std::result::Result<Range<Data>, SheetError> {
    let mut cells: Vec<calamine::Cell<Data>> = Vec::new();
    let mut push = |cell: calamine::Cell<Data>| -> std::result::Result<(), SheetError> {
        if cells.len() as u64 >= max_cells {
            return Err(SheetError::TooBig(format!(
                "it holds more than {max_cells} cells"
            )));
        }
        held.add(1, text_bytes(cell.get_value()), max_cells)?;
        cells.push(cell);
        Ok(())
    };
    match workbook {
        Sheets::Xlsx(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|_| SheetError::Unreadable)?;
            while let Some(cell) = reader.next_cell().map_err(|_| SheetError::Unreadable)? {
                let value = Data::from(cell.get_value().clone());
                push(calamine::Cell::new(cell.get_position(), value))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|_| SheetError::Unreadable)?;
            while let Some(cell) = reader.next_cell().map_err(|_| SheetError::Unreadable)? {
                let value = Data::from(cell.get_value().clone());
                push(calamine::Cell::new(cell.get_position(), value))?;
            }
        }
        other => {
            let range = other
                .worksheet_range(name)
                .map_err(|_| SheetError::Unreadable)?;
            let (rows, columns) = range.get_size();
            let text = range.used_cells().map(|(_, _, v)| text_bytes(v)).sum();
            held.add(
                (rows as u64).saturating_mul(columns as u64),
                text,
                max_cells,
            )?;
            return Ok(range);
        }
    }
    // The grid calamine would allocate: from the first row and column used to the last.
    let span = |pick: fn(&(u32, u32)) -> u32| {
        let values = cells.iter().map(|c| pick(&c.get_position()));
        let (low, high) = values.fold((u32::MAX, 0), |(l, h), v| (l.min(v), h.max(v)));
        u64::from(high.saturating_sub(low)) + 1
    };
    if !cells.is_empty() {
        let (rows, columns) = (span(|p| p.0), span(|p| p.1));
        if rows.saturating_mul(columns) > max_cells {
            return Err(SheetError::TooBig(format!(
                "its cells span {rows} rows by {columns} columns ({} cells)",
                rows.saturating_mul(columns)
            )));
        }
    }
    Ok(Range::from_sparse(cells))
}

/// What the sheets of one workbook read whole hold together: cells and bytes of text, within
/// the cell limit and [`TEXT_BYTES`] for the workbook, not only for each sheet.
#[derive(Debug, Default)]
struct Held {
    cells: u64,
    text: u64,
}

impl Held {
    fn add(
        &mut self,
        cells: u64,
        text: u64,
        max_cells: u64,
    ) -> std::result::Result<(), SheetError> {
        self.cells = self.cells.saturating_add(cells);
        self.text = self.text.saturating_add(text);
        if self.cells > max_cells {
            return Err(SheetError::TooBig(format!(
                "its sheets hold more than {max_cells} cells together"
            )));
        }
        if self.text > TEXT_BYTES {
            return Err(SheetError::Text);
        }
        Ok(())
    }
}

/// The bytes of text a cell holds.
fn text_bytes(value: &Data) -> u64 {
    match value {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
        _ => 0,
    }
}

/// The top of an .xlsx sheet that declares its size: its first rows (from the first row with
/// a cell) as text over the declared columns.
struct Peek {
    top: Vec<Vec<String>>,
    first_row: u32,
    first_column: u32,
    width: usize,
    last_row: u32,
}

/// Reads the first [`HEADER_SEARCH_ROWS`] rows of an .xlsx sheet, if it declares a size of
/// more than one cell within `max_cells` and its top rows lie within it; `None` when the
/// sheet is to be read whole instead (no declared size, or one its cells do not keep to).
fn peek_xlsx<RS: std::io::Read + std::io::Seek>(
    x: &mut Xlsx<RS>,
    name: &str,
    max_cells: u64,
) -> std::result::Result<Option<Peek>, SheetError> {
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|_| SheetError::Unreadable)?;
    let dimensions = reader.dimensions();
    let (start, end) = (dimensions.start, dimensions.end);
    if start == end || end.0 < start.0 || end.1 < start.1 {
        return Ok(None);
    }
    let width = (end.1 - start.1) as usize + 1;
    let rows = u64::from(end.0 - start.0) + 1;
    if rows.saturating_mul(width as u64) > max_cells {
        return Ok(None); // the whole read counts the cells it really holds
    }
    let mut top: Vec<Vec<String>> = Vec::new();
    let mut first_row = None;
    let mut text = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|_| SheetError::Unreadable)? {
        let (row, column) = cell.get_position();
        let first = *first_row.get_or_insert(row);
        let index = (row - first) as usize;
        if index >= HEADER_SEARCH_ROWS {
            break;
        }
        if row < start.0 || row > end.0 || column < start.1 || column > end.1 {
            return Ok(None);
        }
        while top.len() <= index {
            top.push(vec![String::new(); width]);
        }
        let value = Data::from(cell.get_value().clone());
        if let Some(field) = top
            .get_mut(index)
            .and_then(|r| r.get_mut((column - start.1) as usize))
        {
            *field = cell_text(&value).trim().to_string();
            text += field.len();
            if text > crate::input::stream::ROW_TEXT_BYTES {
                return Err(SheetError::Text);
            }
        }
    }
    Ok(Some(Peek {
        top,
        first_row: first_row.unwrap_or(start.0),
        first_column: start.1,
        width,
        last_row: end.0,
    }))
}

/// The header row among the top rows of a sheet: see [`crate::input::detect::choose_header`].
fn find_header_row(cells: &Range<Data>, is_header: &dyn Fn(&[String]) -> bool) -> Option<usize> {
    let rows: Vec<Vec<String>> = cells
        .rows()
        .take(HEADER_SEARCH_ROWS)
        .map(crate::input::cell::row_text)
        .collect();
    crate::input::detect::choose_header(&rows, is_header)
}

/// An OLE file holding an `EncryptedPackage` stream is a password-protected .xlsx.
fn is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}
