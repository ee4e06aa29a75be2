//! Checks run on an old `.xls` or an `.ods` workbook before calamine reads it. calamine reads
//! these formats whole and allocates each sheet's grid from what the file declares — a
//! DIMENSIONS record, the positions of its cells, rows and columns "repeated" a million
//! times — so a small crafted file could make it ask for gigabytes. These scans read only the
//! records or tags that declare sizes and refuse a sheet whose grid would exceed the cell
//! limit, without allocating anything per cell.

use crate::model::convert::to_usize;
use std::io::{Cursor, Read};

/// A sheet's grid, if read, would hold more than the limit: what it spans, in words.
pub(crate) type TooBig = String;

/// Cell records of the BIFF formats whose first four bytes are the row and column (MS-XLS
/// 2.4): Formula, Number, Label, BoolErr, RK, LabelSst. MulRk (0x00BD) is handled apart.
const CELL_RECORDS: [u16; 6] = [0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD];

/// Why an `.xls` is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XlsProblem {
    /// Its container or its workbook stream is damaged (a sector chain that loops, a stream
    /// longer than the file): calamine would follow it without end.
    Damaged,
    TooBig(TooBig),
    /// Its cells would hold more text than [`crate::input::budget::TEXT_BYTES`] once each
    /// shared string is copied into the cells naming it.
    Text,
}

/// Checks an `.xls` (BIFF5/BIFF8 in an OLE compound file): its container is opened and
/// validated (sector chains that loop or run past the file are refused) and its sheets'
/// declared sizes checked, before calamine, which trusts both, reads it.
pub(crate) fn check_xls(bytes: &[u8], max_cells: u64) -> Result<(), XlsProblem> {
    header_sizes(bytes)?;
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| XlsProblem::Damaged)?;
    let mut stream = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .iter()
        .find_map(|name| file.open_stream(name).ok())
        .ok_or(XlsProblem::Damaged)?;
    // A stream cannot be larger than the file that holds it.
    let mut data = Vec::new();
    (&mut stream)
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .map_err(|_| XlsProblem::Damaged)?;
    // Every other stream must read to its end too: calamine reads the whole directory.
    let paths: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in paths {
        let mut other = file.open_stream(&path).map_err(|_| XlsProblem::Damaged)?;
        std::io::copy(
            &mut (&mut other).take(bytes.len() as u64),
            &mut std::io::sink(),
        )
        .map_err(|_| XlsProblem::Damaged)?;
    }
    let data = data;
    // The globals: where each sheet's records start (BoundSheet8, 2.4.28), up to their EOF,
    // and the shared strings (SST and its CONTINUE records, 2.4.265).
    let mut sheets = Vec::new();
    let mut sst: Vec<&[u8]> = Vec::new();
    // Whether the record before was the SST or one of its CONTINUE records.
    let mut in_sst = false;
    for (typ, body) in records(&data, 0) {
        match typ {
            0x0085 => sheets.extend(u32_at(body, 0)),
            0x00FC => sst = vec![body],
            0x003C if in_sst => sst.push(body),
            0x000A => break,
            _ => {}
        }
        in_sst = typ == 0x00FC || (in_sst && typ == 0x003C);
    }
    let strings = string_bytes(&sst);
    let (mut text, mut cells) = (0u64, 0u64);
    for start in sheets {
        let sheet =
            check_sheet(&data, start as usize, max_cells, &strings).map_err(XlsProblem::TooBig)?;
        text = text.saturating_add(sheet.text);
        // calamine builds every sheet's grid when it opens the workbook: all count.
        cells = cells.saturating_add(sheet.cells);
        if cells > max_cells {
            return Err(XlsProblem::TooBig(format!(
                "its sheets' cells span {cells} cells together"
            )));
        }
    }
    if text > crate::input::budget::TEXT_BYTES {
        return Err(XlsProblem::Text);
    }
    Ok(())
}

/// The sizes in a compound file's header that calamine reserves room for before reading
/// anything (MS-CFB 2.2): the FAT's sector count (offset 44), which cannot exceed the sectors
/// the file has, and the four bytes at offset 62 that calamine takes for the DIFAT's length
/// (the top of the mini FAT's start and the bottom of its length), kept to what a real
/// workbook has. A 10 KB file once asked for 3 GiB here.
fn header_sizes(bytes: &[u8]) -> Result<(), XlsProblem> {
    let sector = match u16_at(bytes, 30) {
        Some(9) => 512u64,
        Some(12) => 4096,
        _ => return Err(XlsProblem::Damaged),
    };
    let sectors = bytes.len() as u64 / sector + 1;
    let fat = u64::from(u32_at(bytes, 44).ok_or(XlsProblem::Damaged)?);
    let mini_fat = u64::from(u32_at(bytes, 64).ok_or(XlsProblem::Damaged)?);
    let difat_as_read = u64::from(u32_at(bytes, 62).ok_or(XlsProblem::Damaged)?);
    if fat > sectors || mini_fat > sectors || difat_as_read > 1 << 26 {
        return Err(XlsProblem::Damaged);
    }
    Ok(())
}

/// The most bytes each shared string takes once read as UTF-8: its characters times 2 when
/// stored one byte each (Latin-1), times 3 when two; from the SST record and the CONTINUE
/// records after it, across which a string's characters may be split (each CONTINUE then
/// starts with the width of the characters it holds).
fn string_bytes<'a>(parts: &[&'a [u8]]) -> Vec<u64> {
    let mut out = Vec::new();
    let mut parts = parts.iter().copied();
    let Some(first) = parts.next() else {
        return out;
    };
    // A cursor over the parts: the current part and where in it.
    let mut part = first;
    let mut at = 8usize; // cstTotal and cstUnique
    let mut next_part = |part: &mut &'a [u8], at: &mut usize| -> bool {
        match parts.next() {
            Some(p) => {
                *part = p;
                *at = 0;
                true
            }
            None => false,
        }
    };
    loop {
        if at >= part.len() && !next_part(&mut part, &mut at) {
            return out;
        }
        let (Some(chars), Some(&flags)) = (u16_at(part, at), part.get(at + 2)) else {
            return out;
        };
        at += 3;
        let runs = if flags & 0x08 != 0 {
            let r = u16_at(part, at).unwrap_or(0);
            at += 2;
            u64::from(r)
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            let e = u32_at(part, at).unwrap_or(0);
            at += 4;
            u64::from(e)
        } else {
            0
        };
        let mut wide = flags & 0x01 != 0;
        let mut bytes = 0u64;
        let mut left = usize::from(chars);
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let here = (part.len().saturating_sub(at) / width).min(left);
            bytes += here as u64 * if wide { 3 } else { 2 };
            left -= here;
            at += here * width;
            if left > 0 {
                if !next_part(&mut part, &mut at) {
                    out.push(bytes);
                    return out;
                }
                // A CONTINUE inside a string's characters starts with their width.
                wide = part.first().is_some_and(|f| f & 0x01 != 0);
                at = 1;
            }
        }
        out.push(bytes);
        // The formatting runs and the phonetic block, which may run into the next part.
        let mut skip = runs * 4 + ext;
        while skip > 0 {
            let here = (part.len().saturating_sub(at) as u64).min(skip);
            skip -= here;
            at += to_usize(here);
            if skip > 0 && !next_part(&mut part, &mut at) {
                return out;
            }
        }
    }
}

/// One sheet's records from `start` to its EOF: the DIMENSIONS it declares and the span of
/// its cells, each as calamine would size them.
/// What one sheet of an `.xls` holds once read: the cells of its grid and bytes of text.
struct SheetSize {
    cells: u64,
    text: u64,
}

fn check_sheet(
    data: &[u8],
    start: usize,
    max_cells: u64,
    strings: &[u64],
) -> Result<SheetSize, TooBig> {
    let mut grid = 0u64;
    // The text the sheet's cells hold once read: shared strings as often as cells name them,
    // and strings in the cell records themselves.
    let mut text = 0u64;
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut widen = |row: u32, col: u32| {
        span = Some(match span {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    };
    for (typ, body) in records(data, start) {
        match typ {
            0x000A => break,
            0x0200 => {
                let (rows, cols) = declared(body);
                grid = grid.max(rows.saturating_mul(cols));
                if rows.saturating_mul(cols) > max_cells {
                    return Err(format!(
                        "a sheet declares {rows} rows by {cols} columns ({} cells)",
                        rows.saturating_mul(cols)
                    ));
                }
            }
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(body, 0),
                    u16_at(body, 2),
                    u16_at(body, body.len().saturating_sub(2)),
                ) {
                    widen(row.into(), first.into());
                    widen(row.into(), last.into());
                }
            }
            t if CELL_RECORDS.contains(&t) => {
                if let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) {
                    widen(row.into(), col.into());
                }
                text = text.saturating_add(match t {
                    // LabelSst: the shared string it names.
                    0x00FD => u32_at(body, 6)
                        .and_then(|i| strings.get(i as usize))
                        .copied()
                        .unwrap_or(0),
                    // Label: its own string.
                    0x0204 => body.len() as u64 * 3,
                    _ => 0,
                });
            }
            // A formula's string result.
            0x0207 => text = text.saturating_add(body.len() as u64 * 3),
            _ => {}
        }
    }
    if let Some((r0, r1, c0, c1)) = span {
        let rows = u64::from(r1 - r0) + 1;
        let cols = u64::from(c1 - c0) + 1;
        if rows.saturating_mul(cols) > max_cells {
            return Err(format!(
                "a sheet's cells span {rows} rows by {cols} columns ({} cells)",
                rows.saturating_mul(cols)
            ));
        }
        grid = grid.max(rows.saturating_mul(cols));
    }
    Ok(SheetSize { cells: grid, text })
}

/// The grid a DIMENSIONS record (2.4.90) makes calamine reserve: rows and columns, computed
/// as it does (an inverted range wraps round to a huge one).
fn declared(body: &[u8]) -> (u64, u64) {
    let fields = match body.len() {
        10 => (
            u16_at(body, 0).map(u32::from),
            u16_at(body, 2).map(u32::from),
            u16_at(body, 4).map(u32::from),
            u16_at(body, 6).map(u32::from),
        ),
        14 => (
            u32_at(body, 0),
            u32_at(body, 4),
            u16_at(body, 8).map(u32::from),
            u16_at(body, 10).map(u32::from),
        ),
        _ => return (0, 0),
    };
    let (Some(first_row), Some(last_row), Some(first_col), Some(last_col)) = fields else {
        return (0, 0);
    };
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    if last_row < 1 || last_col < 1 {
        return (1, 1);
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1);
    let cols = (last_col - 1).wrapping_sub(first_col).wrapping_add(1);
    (u64::from(rows), u64::from(cols))
}

/// The BIFF records of `data` from `start`: type and body, until the data runs out.
fn records(data: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = start;
    std::iter::from_fn(move || {
        let typ = u16_at(data, at)?;
        let len = usize::from(u16_at(data, at + 2)?);
        let body = data.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, body))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at + 2)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// Checks an `.ods` as calamine will expand it: the rows (with `number-rows-repeated`) and the
/// widest row (with `number-columns-repeated`) that hold a value, for each table and for the
/// workbook as a whole; the text its cells hold once repeated (a value in a cell repeated a
/// million times is a million copies), within [`crate::input::budget::TEXT_BYTES`]; and
/// runs of spaces (`<text:s text:c="…"/>`) no longer than a cell holds. A file that is not a
/// readable ODS is passed on.
pub(crate) fn check_ods(bytes: &[u8], max_cells: u64) -> Result<(), OdsProblem> {
    use crate::input::budget::{CELL_CHARS, TEXT_BYTES};
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let (mut rows, mut width, mut cells_before) = (0u64, 0u64, 0u64);
    let (mut row_repeat, mut row_cols, mut row_has_value) = (1u64, 0u64, false);
    let (mut cell_repeat, mut text) = (1u64, 0u64);
    // Read as calamine reads them: unescaped (`&#50;0000000` is 20,000,000).
    let repeat = |e: &quick_xml::events::BytesStart, name: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| {
                let raw = std::str::from_utf8(&a.value).ok()?;
                quick_xml::escape::unescape(raw).ok()?.trim().parse().ok()
            })
            .unwrap_or(1)
    };
    let check = |rows: u64, width: u64, before: u64| -> Result<(), OdsProblem> {
        let cells = rows.saturating_mul(width);
        if cells > max_cells {
            return Err(OdsProblem::TooBig(format!(
                "a sheet's cells span {rows} rows by {width} columns ({cells} cells)"
            )));
        }
        if before.saturating_add(cells) > max_cells {
            return Err(OdsProblem::TooBig(format!(
                "its sheets' cells span {} cells together",
                before.saturating_add(cells)
            )));
        }
        Ok(())
    };
    let mut add_text = |n: u64, cell_repeat: u64, row_repeat: u64| -> Result<(), OdsProblem> {
        text = text.saturating_add(n.saturating_mul(cell_repeat).saturating_mul(row_repeat));
        if text > TEXT_BYTES {
            return Err(OdsProblem::Text(format!(
                "its cells would take more than {} MiB once repeated as the file says (their text, values and formulas)",
                TEXT_BYTES >> 20
            )));
        }
        Ok(())
    };
    loop {
        use quick_xml::events::Event;
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.name().as_ref() {
                b"table:table" => {
                    cells_before = cells_before.saturating_add(rows.saturating_mul(width));
                    (rows, width) = (0, 0);
                }
                b"table:table-row" => {
                    row_repeat = repeat(&e, b"table:number-rows-repeated");
                    (row_cols, row_has_value) = (0, false);
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    cell_repeat = repeat(&e, b"table:number-columns-repeated");
                    row_cols = row_cols.saturating_add(cell_repeat);
                    // A value or formula held in an attribute is copied into every repeat
                    // too, each as a string of its own.
                    let mut held = 0u64;
                    let mut valued = false;
                    for a in e.attributes().flatten() {
                        let key = a.key.as_ref();
                        valued |= key == b"office:value-type" || key == b"table:formula";
                        if key.starts_with(b"office:") || key == b"table:formula" {
                            held += a.value.len() as u64;
                        }
                    }
                    if valued {
                        row_has_value = true;
                        width = width.max(row_cols);
                        // The grid first: a bomb of numbers is too many cells.
                        check(rows.saturating_add(row_repeat), width, cells_before)?;
                        add_text(held + CELL_OBJECT_BYTES, cell_repeat, row_repeat)?;
                    }
                }
                b"text:s" => {
                    let spaces = repeat(&e, b"text:c");
                    if spaces > CELL_CHARS {
                        return Err(OdsProblem::Text(format!(
                            "a cell repeats a space {spaces} times, more than the {CELL_CHARS} characters a cell holds"
                        )));
                    }
                    add_text(spaces, cell_repeat, row_repeat)?;
                }
                _ => {}
            },
            Ok(Event::Text(t)) => {
                row_has_value = true;
                width = width.max(row_cols);
                add_text(t.len() as u64, cell_repeat, row_repeat)?;
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"table:table-row" => {
                rows = rows.saturating_add(row_repeat);
                check(if row_has_value { rows } else { 0 }, width, cells_before)?;
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"table:table-cell" => cell_repeat = 1,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// What calamine holds for an `.ods` cell with a value beyond its text: the value itself and
/// a formula slot, each an object of its own.
const CELL_OBJECT_BYTES: u64 = 48;

/// Why an `.ods` is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OdsProblem {
    /// Its grid would hold more cells than the limit: what it spans, in words.
    TooBig(TooBig),
    /// Its text, once expanded, is more than any sheet holds: what, in words.
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(table: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", options).unwrap();
        write!(
            zip,
            "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\"><office:body>\
             <office:spreadsheet><table:table table:name=\"S\">{table}</table:table></office:spreadsheet>\
             </office:body></office:document-content>"
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn ods_grids_count_only_what_holds_a_value() {
        // As LibreOffice saves a small sheet: trailing empty cells and rows repeated.
        let saved = ods(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Date</text:p>\
             </table:table-cell><table:table-cell table:number-columns-repeated=\"1023\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell \
             table:number-columns-repeated=\"1024\"/></table:table-row>",
        );
        assert_eq!(check_ods(&saved, 1000), Ok(()));
        // A value repeated across a million rows and 16,000 columns.
        let bomb = ods(
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell \
             table:number-columns-repeated=\"16000\" office:value-type=\"float\"/></table:table-row>",
        );
        assert_eq!(
            check_ods(&bomb, 10_000_000),
            Err(OdsProblem::TooBig(
                "a sheet's cells span 1000000 rows by 16000 columns (16000000000 cells)".into()
            ))
        );
        // 100 tables each within the limit, beyond it together.
        let table = "<table:table-row table:number-rows-repeated=\"100\"><table:table-cell \
             table:number-columns-repeated=\"100\" office:value-type=\"float\"/></table:table-row>";
        let many = ods(&vec![table; 100].join("</table:table><table:table>"));
        assert_eq!(
            check_ods(&many, 100_000),
            Err(OdsProblem::TooBig(
                "its sheets' cells span 110000 cells together".into()
            ))
        );
        // Two billion spaces in 40 bytes; a long text repeated down a million rows.
        let spaces = ods(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>\
             <text:s text:c=\"2000000000\"/></text:p></table:table-cell></table:table-row>",
        );
        assert_eq!(
            check_ods(&spaces, 10_000_000),
            Err(OdsProblem::Text(
                "a cell repeats a space 2000000000 times, more than the 32767 characters a cell holds".into()
            ))
        );
        // A repeat count written with a character reference, as calamine reads it.
        let escaped = ods(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>\
             <text:s text:c=\"&#50;0000000\"/></text:p></table:table-cell></table:table-row>",
        );
        assert!(matches!(
            check_ods(&escaped, 10_000_000),
            Err(OdsProblem::Text(_))
        ));
        // A value held in an attribute, repeated across the grid.
        let attribute = ods(&format!(
            "<table:table-row table:number-rows-repeated=\"600\"><table:table-cell \
             table:number-columns-repeated=\"16000\" office:value-type=\"string\" \
             office:string-value=\"{}\"/></table:table-row>",
            "v".repeat(32_000)
        ));
        assert!(matches!(
            check_ods(&attribute, 10_000_000),
            Err(OdsProblem::Text(_))
        ));
        let text = format!(
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell \
             office:value-type=\"string\"><text:p>{}</text:p></table:table-cell></table:table-row>",
            "x".repeat(1000)
        );
        assert_eq!(
            check_ods(&ods(&text), 10_000_000),
            Err(OdsProblem::Text(
                "its cells would take more than 256 MiB once repeated as the file says (their text, values and formulas)".into()
            ))
        );
    }

    #[test]
    fn shared_strings_are_measured_across_continue_records() {
        // "ab" (one byte each), then 5 characters split over a CONTINUE: 2 one byte each
        // before it, 3 two bytes each after it (the CONTINUE's first byte says so), then a
        // rich string with 2 formatting runs (8 bytes, also split).
        let mut sst = vec![0u8; 8];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([5, 0, 0, b'c', b'd']);
        let mut next = vec![1u8];
        next.extend([b'e', 0, b'f', 0, b'g', 0]);
        next.extend([1, 0, 0x08, 2, 0, b'h', 1, 0, 2, 0]);
        let last = vec![3u8, 0, 4, 0];
        assert_eq!(
            string_bytes(&[&sst, &next, &last]),
            vec![4, 2 * 2 + 3 * 3, 2]
        );
        assert_eq!(string_bytes(&[]), Vec::<u64>::new());
    }

    #[test]
    fn xls_dimensions_are_sized_as_calamine_sizes_them() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut b = rf.to_le_bytes().to_vec();
            b.extend(rl.to_le_bytes());
            b.extend(cf.to_le_bytes());
            b.extend(cl.to_le_bytes());
            b.extend([0, 0]);
            declared(&b)
        };
        assert_eq!(dims(0, 100, 0, 5), (100, 5));
        // An inverted range wraps round, as calamine's arithmetic does.
        assert_eq!(dims(10, 5, 0, 5).0, u64::from(u32::MAX - 4));
        assert_eq!(dims(0, 0, 0, 0), (1, 1));
        assert_eq!(declared(&[1, 2, 3]), (0, 0));
    }
}
