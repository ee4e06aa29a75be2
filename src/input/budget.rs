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
pub const CELL_CHARS: u64 = 32_767;

/// The most bytes of cell text a workbook's sheets read whole (not streamed) may hold once
/// expanded: a shared string copied into every cell that names it, an .ods value repeated
/// down its rows.
pub const TEXT_BYTES: u64 = 256 << 20;

/// The longest run of XML text between two tags: a cell's 32,767 characters, each written as
/// a character reference of up to ten bytes (`&#x10FFFF;`).
const TEXT_RUN_BYTES: u64 = CELL_CHARS * 10;

/// The longest `.xlsb` record: a cell's or shared string's 32,767 UTF-16 characters and its
/// formatting runs fit many times over.
const RECORD_BYTES: u64 = 1 << 20;

/// Inflated bytes allowed per cell of the limit, and at least, whatever the limit.
const BYTES_PER_CELL: u64 = 64;
const MIN_BYTES: u64 = 64 << 20;

/// The bytes a workbook's parts may inflate to, for a cell limit of `max_cells`.
pub fn byte_budget(max_cells: u64) -> u64 {
    max_cells.saturating_mul(BYTES_PER_CELL).max(MIN_BYTES)
}

/// How a part is checked as it inflates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// XML whose text becomes cells: worksheets, shared strings, an .ods document.
    CellXml,
    /// BIFF12 records (.xlsb): worksheets, shared strings, the workbook, styles.
    Records,
    /// Any other part: counted, not scanned.
    Other,
}

fn part(name: &str) -> Option<Part> {
    let lower = name.to_ascii_lowercase();
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
        } else if sheet || strings || lower == "content.xml" {
            Part::CellXml
        } else {
            Part::Other
        },
    )
}

/// Checks every part of the zipped workbook in `bytes`: the message to give (without the
/// file's name) when one is refused. A file that is not a readable zip is passed on.
pub fn check_parts(bytes: &[u8], max_cells: u64) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let budget = byte_budget(max_cells);
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else {
            continue; // encrypted or an unknown method: calamine says so
        };
        let name = entry.name().to_string();
        let Some(kind) = part(&name) else { continue };
        let mut reader = BufReader::with_capacity(1 << 16, entry);
        let allowed = budget.saturating_sub(total);
        let scanned = match kind {
            Part::Records => walk_records(&mut reader, allowed),
            Part::CellXml => scan_text(&mut reader, allowed, true),
            Part::Other => scan_text(&mut reader, allowed, false),
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
    }
    Ok(())
}

enum Refusal {
    OverBudget,
    LongText,
    LongRecord,
}

/// Inflates an XML part, counting its bytes (at most `allowed`) and, for a part whose text
/// becomes cells, the longest run between two `<`. A part that stops inflating (damaged) ends
/// the count there: calamine reports the damage.
fn scan_text(reader: &mut impl BufRead, allowed: u64, cells: bool) -> Result<u64, Refusal> {
    let (mut total, mut run) = (0u64, 0u64);
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => return Ok(total),
            Ok(chunk) => chunk,
        };
        let n = chunk.len();
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
fn walk_records(reader: &mut impl BufRead, allowed: u64) -> Result<u64, Refusal> {
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
        if first & 0x80 != 0 {
            if byte(reader).is_none() {
                return Ok(total);
            }
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
        let copied = std::io::copy(&mut reader.by_ref().take(size), &mut std::io::sink())
            .unwrap_or_default();
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
        out.start_file("xl/styles.xml", options).unwrap();
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
