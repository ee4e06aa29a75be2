//! Budgets for a zipped workbook (.xlsx, .xlsm, .xlsb, .ods), checked on the bytes each part
//! really inflates to — never the sizes the zip's directory declares, which a crafted file
//! can understate — before calamine reads any of it:
//!
//! - all parts together, worksheets included, within a byte budget that grows with the cell
//!   limit (`--max-cells`);
//! - no text in a worksheet or the shared strings longer than a cell can hold (Excel's
//!   32,767 characters), and no `.xlsb` record longer than such a cell needs, so no single
//!   value can ask for gigabytes.
//!
//! Parts nobody reads (pictures, embedded files, printer settings, a Power Query's base64
//! blob) are passed over unopened.

use std::io::{BufRead, BufReader, Cursor, Read};

/// The most characters a cell holds (Excel's limit).
pub(crate) const CELL_CHARS: u64 = 32_767;

/// The most bytes of cell text a workbook's sheets read whole (not streamed) may hold once
/// expanded: a shared string copied into every cell that names it, an .ods value repeated
/// down its rows.
pub(crate) const TEXT_BYTES: u64 = 256 << 20;

/// The longest run of XML text between two tags: a cell's 32,767 characters, each written as
/// a character reference of up to ten bytes (`&#x10FFFF;`).
const TEXT_RUN_BYTES: u64 = CELL_CHARS * 10;

/// The longest `.xlsb` record: a cell's or shared string's 32,767 UTF-16 characters and its
/// formatting runs fit many times over.
const RECORD_BYTES: u64 = 1 << 20;

/// Inflated bytes allowed per cell of the limit, and at least, whatever the limit.
const BYTES_PER_CELL: u64 = 64;
const MIN_BYTES: u64 = 64 << 20;

/// The most sheets a workbook may have: more than any export, fewer than would take long.
pub(crate) const MAX_SHEETS: usize = 5_000;

/// The most defined names a workbook may have.
const MAX_NAMES: u64 = 100_000;

/// The bytes a workbook's parts may inflate to, for a cell limit of `max_cells`.
pub(crate) fn byte_budget(max_cells: u64) -> u64 {
    max_cells.saturating_mul(BYTES_PER_CELL).max(MIN_BYTES)
}

/// How a part is checked as it inflates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// XML: worksheets, shared strings, an .ods document, the workbook's sheet list.
    Xml,
    /// BIFF12 records (.xlsb): worksheets, shared strings, the workbook, styles.
    Records,
    /// Any other part: counted, not scanned.
    Other,
}

fn part(name: &str) -> Option<Part> {
    // calamine finds parts by name with `\` read as `/`, so they are checked alike.
    let lower = name.to_ascii_lowercase().replace('\\', "/");
    const UNREAD: [&str; 7] = [
        "xl/media/",
        "xl/embeddings/",
        "xl/printersettings/",
        "customxml/",
        "pictures/",
        "thumbnails/",
        "docprops/thumbnail",
    ];
    if UNREAD.iter().any(|u| lower.starts_with(u)) || lower.ends_with("vbaproject.bin") {
        return None;
    }
    let sheet = lower.starts_with("xl/worksheets/") && !lower.contains("/_rels/");
    let strings = lower.starts_with("xl/sharedstrings.");
    Some(
        if lower.ends_with(".bin")
            && (sheet
                || strings
                || lower.starts_with("xl/workbook.")
                || lower.starts_with("xl/styles."))
        {
            Part::Records
        } else if lower.ends_with(".xml") || lower.ends_with(".rels") {
            // Every XML part read: a worksheet's text, a sheet's name, a defined name.
            Part::Xml
        } else {
            Part::Other
        },
    )
}

/// Checks every part of the zipped workbook in `bytes`: the message to give (without the
/// file's name) when one is refused. A file that is not a readable zip is passed on.
pub(crate) fn check_parts(bytes: &[u8], max_cells: u64) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let budget = byte_budget(max_cells);
    let mut total: u64 = 0;
    let mut counts = Counts::default();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else {
            continue; // encrypted or an unknown method: calamine says so
        };
        let name = entry.name().to_string();
        let Some(kind) = part(&name) else { continue };
        let mut reader = BufReader::with_capacity(1 << 16, entry);
        let allowed = budget.saturating_sub(total);
        let scanned = match kind {
            Part::Records => walk_records(&mut reader, allowed, &mut counts),
            Part::Xml => scan_text(&mut reader, allowed, true, &mut counts),
            Part::Other => scan_text(&mut reader, allowed, false, &mut counts),
        };
        match scanned {
            Ok(n) => total = total.saturating_add(n),
            Err(Refusal::OverBudget) => {
                return Err(format!(
                    "the workbook unpacks to more than {} MiB, the most allowed for {max_cells} cells; if it really is that large, raise the limit with --max-cells N",
                    budget >> 20
                ));
            }
            Err(Refusal::LongText) => {
                return Err(format!(
                    "part {name} holds a text longer than a cell can (Excel's limit is {CELL_CHARS} characters); the workbook is damaged or was not saved by a spreadsheet program: open it in Excel and save it again"
                ));
            }
            Err(Refusal::LongRecord) => {
                return Err(format!(
                    "part {name} holds a record longer than any cell needs (Excel's limit is {CELL_CHARS} characters); the workbook is damaged: open it in Excel and save it again"
                ));
            }
        }
        counts.check(max_cells)?;
    }
    Ok(())
}

enum Refusal {
    OverBudget,
    LongText,
    LongRecord,
}

/// Enough of an element's start to tell its name.
const NAME_BYTES: usize = 16;

/// Elements counted across a workbook's parts, each of which calamine holds as an object of
/// its own, far larger than its few bytes of XML: shared strings, sheets, defined names.
#[derive(Debug, Default)]
struct Counts {
    /// The most strings a shared-string table declares: calamine reserves room for them.
    declared: u64,
    strings: u64,
    sheets: u64,
    names: u64,
}

impl Counts {
    /// Counts the element whose name starts at `after` (just past a `<`), if it is one.
    fn see(&mut self, after: &[u8]) {
        let is = |tag: &[u8]| {
            after.starts_with(tag)
                && after
                    .get(tag.len())
                    .is_none_or(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
        };
        if is(b"si") {
            self.strings += 1;
        } else if is(b"sheet") || is(b"table:table") {
            self.sheets += 1;
        } else if is(b"definedName") {
            self.names += 1;
        }
    }

    fn check(&self, max_cells: u64) -> Result<(), String> {
        if self.declared > max_cells {
            return Err(format!(
                "the shared strings declare {} strings, more than the {max_cells} cells allowed; the workbook is damaged: open it in Excel and save it again",
                self.declared
            ));
        }
        if self.strings > max_cells {
            return Err(format!(
                "the workbook holds more than {max_cells} shared strings, more than the cells allowed; if it really is that large, raise the limit with --max-cells N"
            ));
        }
        if self.sheets > MAX_SHEETS as u64 {
            return Err(format!(
                "the workbook has {} sheets, more than the {MAX_SHEETS} cscstats reads; save the sheets that hold the data as a workbook of their own (or as CSV)",
                self.sheets
            ));
        }
        if self.names > MAX_NAMES {
            return Err(format!(
                "the workbook has more than {MAX_NAMES} defined names; the workbook is damaged or was not saved by a spreadsheet program"
            ));
        }
        Ok(())
    }
}

/// The `uniqueCount` (or `count`) an `<sst>` tag declares, from the start of its part.
fn declared_strings(head: &[u8]) -> Option<u64> {
    let at = memchr::memmem::find(head, b"<sst")?;
    let tag = head.get(at..)?;
    let end = memchr::memchr(b'>', tag)?;
    let tag = tag.get(..end)?;
    [&b"uniqueCount=\""[..], &b"count=\""[..]]
        .iter()
        .filter_map(|key| {
            let from = memchr::memmem::find(tag, key)? + key.len();
            let digits = tag.get(from..)?;
            let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
            std::str::from_utf8(digits.get(..len)?)
                .ok()?
                .parse::<u64>()
                .ok()
        })
        .max()
}

/// Inflates an XML part, counting its bytes (at most `allowed`) and, for a part whose text
/// becomes cells, the longest run between two `<`. A part that stops inflating (damaged) ends
/// the count there: calamine reports the damage.
fn scan_text(
    reader: &mut impl BufRead,
    allowed: u64,
    cells: bool,
    counts: &mut Counts,
) -> Result<u64, Refusal> {
    let (mut total, mut run) = (0u64, 0u64);
    // An element name cut by the end of a chunk: its start, seen with the next chunk's.
    let mut cut: Vec<u8> = Vec::new();
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => {
                counts.see(&cut);
                return Ok(total);
            }
            Ok(chunk) => chunk,
        };
        let n = chunk.len();
        if !cut.is_empty() {
            cut.extend_from_slice(
                chunk
                    .get(..NAME_BYTES.min(n))
                    .expect("n is the chunk's length"),
            );
            counts.see(&cut);
            cut.clear();
        }
        if total == 0
            && let Some(declared) =
                declared_strings(chunk.get(..4096.min(n)).expect("n is the chunk's length"))
        {
            counts.declared = counts.declared.max(declared);
        }
        total += n as u64;
        if total > allowed {
            return Err(Refusal::OverBudget);
        }
        if cells {
            let mut start = 0usize;
            for at in memchr::memchr_iter(b'<', chunk) {
                if run + (at - start) as u64 > TEXT_RUN_BYTES {
                    return Err(Refusal::LongText);
                }
                (run, start) = (0, at + 1);
                let after = chunk.get(at + 1..).unwrap_or_default();
                if after.len() < NAME_BYTES {
                    cut.extend_from_slice(after);
                } else {
                    counts.see(after);
                }
            }
            run += (n - start) as u64;
            if run > TEXT_RUN_BYTES {
                return Err(Refusal::LongText);
            }
        }
        reader.consume(n);
    }
}

/// Walks an `.xlsb` part's records (a type of one or two bytes, a size of up to four, both
/// seven bits a byte), counting their bytes (at most `allowed`) and refusing a record longer
/// than [`RECORD_BYTES`] before it is read.
fn walk_records(
    reader: &mut impl BufRead,
    allowed: u64,
    counts: &mut Counts,
) -> Result<u64, Refusal> {
    let mut total = 0u64;
    let byte = |reader: &mut dyn BufRead| -> Option<u8> {
        let mut one = [0u8; 1];
        reader.read_exact(&mut one).ok()?;
        let [b] = one;
        Some(b)
    };
    loop {
        let Some(first) = byte(reader) else {
            return Ok(total);
        };
        let mut header = 1u64;
        let mut kind = u16::from(first & 0x7F);
        if first & 0x80 != 0 {
            let Some(second) = byte(reader) else {
                return Ok(total);
            };
            kind |= u16::from(second & 0x7F) << 7;
            header += 1;
        }
        let mut size = 0u64;
        for shift in [0, 7, 14, 21, 28] {
            let Some(b) = byte(reader) else {
                return Ok(total);
            };
            if shift == 28 {
                return Err(Refusal::LongRecord); // no record's size takes a fifth byte
            }
            header += 1;
            size |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                break;
            }
        }
        if size > RECORD_BYTES {
            return Err(Refusal::LongRecord);
        }
        // Shared strings (BrtSSTItem), sheets (BrtBundleSh) and names (BrtName) counted; the
        // strings a table declares (BrtBeginSst's cstUnique) noted.
        match kind {
            19 => counts.strings += 1,
            156 => counts.sheets += 1,
            39 => counts.names += 1,
            _ => {}
        }
        let mut body = reader.by_ref().take(size);
        let mut copied = 0u64;
        if kind == 159 {
            let mut head = [0u8; 8];
            if body.read_exact(&mut head).is_ok() {
                copied = 8;
                let [_, _, _, _, a, b, c, d] = head;
                counts.declared = counts
                    .declared
                    .max(u64::from(u32::from_le_bytes([a, b, c, d])));
            }
        }
        copied += std::io::copy(&mut body, &mut std::io::sink()).unwrap_or_default();
        total += header + copied;
        if total > allowed {
            return Err(Refusal::OverBudget);
        }
        if copied < size {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(body).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_cell_longer_than_excel_allows_is_refused_by_its_part() {
        let long = format!("<c><is><t>{}</t></is></c>", "x".repeat(400_000));
        let book = zip(&[("xl/worksheets/sheet1.xml", long.as_bytes())]);
        assert_eq!(
            check_parts(&book, 10_000_000).unwrap_err(),
            "part xl/worksheets/sheet1.xml holds a text longer than a cell can (Excel's limit is 32767 characters); the workbook is damaged or was not saved by a spreadsheet program: open it in Excel and save it again"
        );
        // A Power Query blob is not read, and a full cell is allowed.
        let full = format!("<c><is><t>{}</t></is></c>", "x".repeat(32_767));
        let book = zip(&[
            ("customXml/item1.xml", long.as_bytes()),
            ("xl/sharedStrings.xml", full.as_bytes()),
        ]);
        assert_eq!(check_parts(&book, 10_000_000), Ok(()));
    }

    #[test]
    fn parts_are_counted_as_they_inflate() {
        // 300 MiB of one byte packs to about 300 KB: refused within the budget for a million
        // cells, read within the budget for five million.
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file("xl/custom.dat", options).unwrap();
        let mib = vec![b'<'; 1 << 20];
        for _ in 0..300 {
            out.write_all(&mib).unwrap();
        }
        let book = out.finish().unwrap().into_inner();
        assert!(book.len() < 1 << 20);
        assert_eq!(
            check_parts(&book, 1_000_000).unwrap_err(),
            "the workbook unpacks to more than 64 MiB, the most allowed for 1000000 cells; if it really is that large, raise the limit with --max-cells N"
        );
        assert_eq!(check_parts(&book, 5_000_000), Ok(()));
    }

    #[test]
    fn what_calamine_would_hold_an_object_for_is_counted_first() {
        // A declared count calamine would reserve room for; more strings, sheets or names
        // than the limits, each a few bytes; a part named with backslashes is the same part.
        let sst =
            b"<sst xmlns=\"x\" count=\"5\" uniqueCount=\"100000000000\"><si><t>a</t></si></sst>";
        assert_eq!(
            check_parts(&zip(&[("xl/sharedStrings.xml", sst)]), 1000).unwrap_err(),
            "the shared strings declare 100000000000 strings, more than the 1000 cells allowed; the workbook is damaged: open it in Excel and save it again"
        );
        let many = "<si><t/></si>".repeat(1001);
        assert_eq!(
            check_parts(&zip(&[("xl/sharedStrings.xml", many.as_bytes())]), 1000).unwrap_err(),
            "the workbook holds more than 1000 shared strings, more than the cells allowed; if it really is that large, raise the limit with --max-cells N"
        );
        let sheets = "<sheet name=\"\" r:id=\"rId1\"/>".repeat(MAX_SHEETS + 1);
        assert!(
            check_parts(&zip(&[("xl/workbook.xml", sheets.as_bytes())]), 1000)
                .unwrap_err()
                .starts_with("the workbook has 5001 sheets, more than the 5000 cscstats reads")
        );
        let long = format!("<c><is><t>{}</t></is></c>", "x".repeat(400_000));
        assert!(
            check_parts(
                &zip(&[("xl\\worksheets\\sheet1.xml", long.as_bytes())]),
                1000
            )
            .unwrap_err()
            .contains("holds a text longer than a cell can")
        );
        let name = format!("<sheet name=\"{}\"/>", "n".repeat(400_000));
        assert!(
            check_parts(&zip(&[("xl/workbook.xml", name.as_bytes())]), 1000)
                .unwrap_err()
                .contains("holds a text longer than a cell can")
        );
        // .xlsb: BrtBeginSst declaring 4 billion strings.
        let mut begin = vec![0x80 | (159 & 0x7F), 159 >> 7, 8];
        begin.extend([0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
        assert!(
            check_parts(&zip(&[("xl/sharedStrings.bin", &begin)]), 1000)
                .unwrap_err()
                .starts_with("the shared strings declare 4294967295 strings")
        );
    }

    #[test]
    fn xlsb_records_longer_than_a_cell_needs_are_refused() {
        // A shared string record (type 19) declaring 256 MiB: size 0x1000_0000 as 7-bit bytes.
        let record = [19u8, 0x80, 0x80, 0x80, 0x7F];
        let book = zip(&[("xl/sharedStrings.bin", &record)]);
        assert_eq!(
            check_parts(&book, 10_000_000).unwrap_err(),
            "part xl/sharedStrings.bin holds a record longer than any cell needs (Excel's limit is 32767 characters); the workbook is damaged: open it in Excel and save it again"
        );
        // Records of ordinary size, ending cleanly.
        let mut fine = vec![19u8, 4, 1, 2, 3, 4];
        fine.extend([0x80 | 1, 0x01, 0]);
        let book = zip(&[("xl/sharedStrings.bin", &fine)]);
        assert_eq!(check_parts(&book, 10_000_000), Ok(()));
    }
}
