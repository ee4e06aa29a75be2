//! One place that turns a path (or `-` for stdin) into a CSV reader and decoded headers:
//! UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), Windows-1252 (Excel's
//! "CSV" on a UK Windows PC), comma, semicolon or tab delimited. Workbooks and other binary
//! files are recognised and refused with a message that says what to do.

use std::borrow::Cow;
use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::model::error::{Error, Location, Result};

/// Large enough to see a whole header row when sniffing the delimiter.
const BUFFER: usize = 256 * 1024;

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InputPath {
    File(PathBuf),
    Stdin,
}

impl InputPath {
    pub(crate) fn from_arg(arg: &str) -> InputPath {
        if arg == "-" {
            InputPath::Stdin
        } else {
            InputPath::File(PathBuf::from(arg))
        }
    }

    /// How the input is named in notes and errors.
    pub(crate) fn display(&self) -> String {
        match self {
            InputPath::File(path) => path.display().to_string(),
            InputPath::Stdin => "<stdin>".to_string(),
        }
    }

    pub(crate) fn as_file(&self) -> Option<&Path> {
        match self {
            InputPath::File(path) => Some(path),
            InputPath::Stdin => None,
        }
    }
}

/// A CSV stream positioned after its header row.
pub(crate) struct CsvInput {
    pub reader: csv::Reader<Box<dyn Read>>,
    /// A date stated in a title line above the header (`Data correct as at 15/03/2024`).
    pub title_date: Option<chrono::NaiveDate>,
    /// The header row, decoded and trimmed.
    pub headers: Vec<String>,
    /// Which record is the header row, from 0 (title rows above it are passed over).
    pub header_index: usize,
    /// The line the header row starts on.
    pub header_line: u64,
    /// Blank lines just above the header row (see [`blank_lines_before`]).
    pub blank_lines: u64,
    /// Records end at `\n` (so that each skipped blank line is one byte).
    pub lf_terminated: bool,
    /// Fields in the header row: every data row must have as many (checked by the reader of
    /// the rows, so that blank lines are not ragged rows).
    pub fields: usize,
    /// `"` bytes read so far: odd at the end means a quote is never closed.
    pub quotes: Rc<Cell<u64>>,
    /// For a file read as it is (not standard input, not transcoded from UTF-16): enough to
    /// read its records from any byte offset, which parallel counting does.
    pub layout: Option<CsvLayout>,
}

/// How a CSV file's records can be read from the middle of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CsvLayout {
    pub delimiter: u8,
    /// Byte offset of the first data row (after the header and any BOM).
    pub data_start: u64,
    /// Lines the header takes (one, unless a header name holds a line break).
    pub header_lines: u64,
    /// Fields in the header row: every record must have as many.
    pub fields: usize,
    /// Records end at `\n` only (see `open_csv`).
    pub lf_terminated: bool,
}

/// Which row of a CSV is its header.
#[derive(Clone, Copy)]
pub(crate) enum HeaderAt<'a> {
    /// The first line (published data, holiday files).
    First,
    /// This row, counted from 0 (`--header-row`, or a row found before).
    Given(usize),
    /// The row [`crate::input::detect::choose_header`] picks among the top rows, using
    /// `accept` to say which rows are headers cscstats can read; the first if none is.
    Find(&'a dyn Fn(&[String]) -> bool),
}

/// Opens `path`, checks it is a text CSV and reads its header row.
pub(crate) fn open_csv(path: &InputPath, header: HeaderAt) -> Result<CsvInput> {
    let raw: Box<dyn Read> = match path {
        InputPath::File(p) => Box::new(File::open(p).map_err(|e| Error::io(p, "cannot open", e))?),
        InputPath::Stdin => Box::new(io::stdin()),
    };
    // Only a regular file can be read again from an offset; a pipe is read once, in order.
    let seekable = path
        .as_file()
        .is_some_and(|p| kind_of(p) == FileKind::Regular);
    open_csv_from(raw, path.display(), seekable, header)
}

/// What a path names, following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Regular,
    Folder,
    /// A pipe (a FIFO, or a process substitution such as `<(cat f)`): read once, in order.
    Pipe,
    /// A device or socket: never read (`/dev/zero` would never end).
    Device,
    Missing,
}

/// The kind of file at `path`.
pub(crate) fn kind_of(path: &Path) -> FileKind {
    let Ok(meta) = std::fs::metadata(path) else {
        return FileKind::Missing;
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return FileKind::Regular;
    }
    if kind.is_dir() {
        return FileKind::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return FileKind::Pipe;
        }
    }
    FileKind::Device
}

/// The file's bytes as UTF-8 text: UTF-16 with a byte-order mark transcoded; UTF-16
/// without one, and NUL bytes, refused (`head` is the file's first bytes).
fn decode_text(
    buffered: BufReader<Box<dyn Read>>,
    head: &[u8],
    transcoded: bool,
    here: &dyn Fn() -> Location,
) -> Result<Box<dyn BufRead>> {
    Ok(if transcoded {
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .bom_sniffing(true)
            .build(buffered);
        Box::new(BufReader::with_capacity(BUFFER, decoded))
    } else if looks_like_utf16(head) {
        return Err(Error::input(
            here(),
            "the file looks like UTF-16 text without a byte-order mark; save it again as CSV UTF-8",
        ));
    } else if head.contains(&0) {
        return Err(Error::input(
            here(),
            "the file contains NUL bytes, so it is not a text CSV; export it again as CSV",
        ));
    } else {
        Box::new(buffered)
    })
}

/// The row (from 0) that holds the header: the first, the one given, or the one the top rows
/// of `sample` show (as far as the sample holds them whole).
fn header_index(
    header: HeaderAt,
    sample: &[u8],
    builder: &dyn Fn() -> csv::ReaderBuilder,
) -> usize {
    match header {
        HeaderAt::First => 0,
        HeaderAt::Given(row) => row,
        HeaderAt::Find(accept) => {
            // The top rows, as far as the sample holds them whole.
            let mut top = builder().from_reader(sample);
            let mut rows = Vec::new();
            let mut record = csv::ByteRecord::new();
            while rows.len() < crate::input::detect::HEADER_SEARCH_ROWS
                && top.read_byte_record(&mut record).unwrap_or(false)
            {
                rows.push(record.iter().map(header_text).collect::<Vec<String>>());
            }
            crate::input::detect::choose_header(&rows, accept).unwrap_or(0)
        }
    }
}

/// [`open_csv`] on any byte stream named `name`; `seekable` says whether it is a file that
/// can be read again from any offset (for parallel counting).
pub(crate) fn open_csv_from(
    raw: Box<dyn Read>,
    name: String,
    seekable: bool,
    header: HeaderAt,
) -> Result<CsvInput> {
    let mut buffered = BufReader::with_capacity(BUFFER, raw);
    let head = peek(&mut buffered, &name)?;
    let here = || Location::file(name.clone());
    if head.is_empty() || head == [0xEF, 0xBB, 0xBF] {
        return Err(Error::input(
            here(),
            "the file is empty; export it again with a header row and data rows",
        ));
    }
    if let Some(kind) = binary_kind(&head) {
        return Err(Error::input(here(), kind));
    }

    let transcoded = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let mut text = decode_text(buffered, &head, transcoded, &here)?;
    let sample = peek(&mut text, &name)?;
    let delimiter = sniff_delimiter(&sample);
    // Records end at `\n`, so that the csv crate's line numbers are exact with CRLF line ends
    // too (with its default CR-or-LF terminator it places each record of a CRLF file on the
    // line before); a trailing `\r` is trimmed like any space. Only a file with no `\n` at all
    // (old Macintosh CSV, CR line ends) keeps the default.
    let terminator = if sample.contains(&b'\n') {
        csv::Terminator::Any(b'\n')
    } else {
        csv::Terminator::CRLF
    };

    let quotes = Rc::new(Cell::new(0));
    let text = RecordGuard::new(text, Rc::clone(&quotes));
    let builder = || {
        let mut b = csv::ReaderBuilder::new();
        b.delimiter(delimiter)
            .terminator(terminator)
            .has_headers(false)
            .flexible(true);
        b
    };
    let header_index = header_index(header, &sample, &builder);
    let mut reader = builder().from_reader(Box::new(text) as Box<dyn Read>);
    let lf_terminated = matches!(terminator, csv::Terminator::Any(b'\n'));
    let mut header_record = csv::ByteRecord::new();
    let mut blank_lines = 0;
    let mut title_date = None;
    for row in 0..=header_index {
        if row > 0 {
            // A line above the header: a title, perhaps with the date the data was taken.
            let line: Vec<String> = header_record.iter().map(header_text).collect();
            title_date = crate::input::as_at::last_date_in(&line.join(" ")).or(title_date);
        }
        let before = reader.position().line();
        let more = reader
            .read_byte_record(&mut header_record)
            .map_err(|e| csv_error(&name, e))?;
        if more {
            blank_lines = blank_lines_before(
                before,
                reader.position().line(),
                &header_record,
                lf_terminated,
            );
        }
        if !more && row == 0 {
            return Err(Error::input(
                here().line(1),
                "the first line is blank, but a header row was expected there",
            ));
        }
        if !more {
            return Err(Error::input(
                here(),
                format!(
                    "the file has {row} line(s), so row {} cannot be its header row; check --header-row",
                    header_index + 1
                ),
            ));
        }
    }
    if header_record.len() > MAX_COLUMNS {
        return Err(Error::input(
            here().line(header_record.position().map_or(1, csv::Position::line)),
            format!(
                "the header row has {} columns, more than the {MAX_COLUMNS} cscstats reads (Excel's limit is 16,384); is this the right file, and its delimiter?",
                header_record.len()
            ),
        ));
    }
    // Header names are shown in notes and errors: fold line breaks and runs of spaces.
    let headers: Vec<String> = header_record.iter().map(header_text).collect();
    let header_line = header_record.position().map_or(1, csv::Position::line) + blank_lines;
    if headers.iter().all(String::is_empty) {
        return Err(Error::input(
            here().line(header_line),
            "the line is blank, but a header row was expected there",
        ));
    }
    let layout = (seekable && !transcoded).then(|| CsvLayout {
        delimiter,
        data_start: reader.position().byte(),
        header_lines: reader.position().line().saturating_sub(1),

        fields: header_record.len(),
        lf_terminated,
    });
    Ok(CsvInput {
        reader,
        title_date,
        headers,
        header_index,
        header_line,
        blank_lines,
        lf_terminated,
        fields: header_record.len(),
        quotes,
        layout,
    })
}

/// Blank lines the csv reader skipped just before `record`, which was read from line
/// `before` and left the reader on line `after`. The reader reports a record at the line
/// where it started looking, before the blank lines it passed over, so each line number shown
/// adds them: the lines the read spanned, less the record's own line and the line breaks
/// inside its quoted fields. Only worked out when the read spanned more than one line.
pub(crate) fn blank_lines_before(
    before: u64,
    after: u64,
    record: &csv::ByteRecord,
    lf: bool,
) -> u64 {
    let spanned = after.saturating_sub(before);
    if !lf || spanned <= 1 {
        return 0;
    }
    let inside = memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
    spanned.saturating_sub(1 + inside)
}

/// The longest CSV record read: far beyond any export's row (a row of 200 columns each
/// holding a cell's 32,767 characters is 26 MB in the worst encoding), and a clear error, not
/// an exhausted memory, for a line without end through a pipe or a quote never closed.
pub(crate) const RECORD_BYTES: u64 = 64 << 20;

/// The most columns a CSV's header may have: four times Excel's 16,384. Each column costs
/// its name and indexes beside it, so a header of ten million empty fields would take GBs.
pub(crate) const MAX_COLUMNS: usize = 65_536;

/// A record longer than [`RECORD_BYTES`], found by [`RecordGuard`]: the line it starts on.
#[derive(Debug)]
pub(crate) struct RecordTooLong {
    pub line: u64,
}

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record longer than {} MiB", RECORD_BYTES >> 20)
    }
}

impl std::error::Error for RecordTooLong {}

/// Watches the bytes that pass through: counts the `"` (to notice a quote that is never
/// closed) and the length of the record being read, quotes and all, refusing one longer than
/// [`RECORD_BYTES`] before the CSV reader has had to hold it.
pub(crate) struct RecordGuard<R> {
    inner: R,
    quotes: Rc<Cell<u64>>,
    quoted: bool,
    /// Bytes of the record being read so far, and the line it starts on.
    record: u64,
    record_line: u64,
    line: u64,
}

impl<R> RecordGuard<R> {
    pub(crate) fn new(inner: R, quotes: Rc<Cell<u64>>) -> RecordGuard<R> {
        RecordGuard {
            inner,
            quotes,
            quoted: false,
            record: 0,
            record_line: 1,
            line: 1,
        }
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = buf
            .get(..n)
            .expect("read returns at most the buffer's length");
        let mut from = 0usize;
        let mut seen = 0u64;
        for at in memchr::memchr2_iter(b'"', b'\n', chunk) {
            self.record += (at + 1 - from) as u64;
            from = at + 1;
            if chunk.get(at) == Some(&b'"') {
                self.quoted = !self.quoted;
                seen += 1;
            } else {
                self.line += 1;
                if !self.quoted {
                    (self.record, self.record_line) = (0, self.line);
                }
            }
            if self.record > RECORD_BYTES {
                break;
            }
        }
        self.record += (n - from.min(n)) as u64;
        self.quotes.set(self.quotes.get() + seen);
        if self.record > RECORD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                RecordTooLong {
                    line: self.record_line,
                },
            ));
        }
        Ok(n)
    }
}

/// Fills the buffer once and returns a copy of what is there, without consuming it.
fn peek(reader: &mut dyn BufRead, name: &str) -> Result<Vec<u8>> {
    reader
        .fill_buf()
        .map(<[u8]>::to_vec)
        .map_err(|e| Error::io(Path::new(name), "cannot read", e))
}

/// Text in UTF-16 without a BOM: in ASCII text so encoded, (nearly) every second byte is NUL
/// and none of the others is.
fn looks_like_utf16(head: &[u8]) -> bool {
    let sample = head
        .get(..head.len().min(64))
        .expect("a prefix no longer than the slice");
    if sample.len() < 8 {
        return false;
    }
    let nuls = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    let mostly = |n: usize| n * 10 >= half * 9;
    (mostly(nuls(1)) && nuls(0) == 0) || (mostly(nuls(0)) && nuls(1) == 0)
}

/// Recognises files that are not CSV by their first bytes.
fn binary_kind(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"PK\x03\x04") {
        Some(
            "this is an Excel workbook or a zip archive, not a CSV file; save each list as CSV (File > Save As > CSV UTF-8)",
        )
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some(
            "this is an old-style Excel file (.xls) or a password-protected workbook, not a CSV file; remove the password and save it as CSV",
        )
    } else if head.starts_with(b"%PDF") {
        Some("this is a PDF document, not a CSV file")
    } else {
        None
    }
}

/// Comma unless the first line has more semicolons or tabs (outside quotes).
fn sniff_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    // Each candidate's count on each of the top lines, outside quotes.
    let mut lines: Vec<[usize; 3]> = Vec::new();
    let mut line = [0usize; 3];
    let mut quoted = false;
    for &b in head {
        if b == b'\n' && !quoted {
            lines.push(std::mem::take(&mut line));
            if lines.len() >= crate::input::detect::HEADER_SEARCH_ROWS {
                break;
            }
        } else if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in CANDIDATES.iter().zip(line.iter_mut()) {
                if b == *delimiter {
                    *count += 1;
                }
            }
        }
    }
    if line.iter().any(|&n| n > 0) && lines.len() < crate::input::detect::HEADER_SEARCH_ROWS {
        lines.push(line);
    }
    // How many lines agree on each candidate's most common (non-zero) count: a delimiter
    // splits line after line the same way; a title row above the header may have none.
    let agreement = |k: usize| {
        let mut counts: Vec<usize> = lines
            .iter()
            .filter_map(|l| l.get(k).copied())
            .filter(|&n| n > 0)
            .collect();
        counts.sort_unstable();
        counts
            .chunk_by(|a, b| a == b)
            .map(<[usize]>::len)
            .max()
            .unwrap_or(0)
    };
    let first = lines.first().copied().unwrap_or_default();
    let mut best = (b',', 0usize, 0usize);
    for (k, &delimiter) in CANDIDATES.iter().enumerate() {
        let score = (agreement(k), first.get(k).copied().unwrap_or(0));
        if score > (best.1, best.2) {
            best = (delimiter, score.0, score.1);
        }
    }
    best.0
}

/// A header cell as notes and errors show it: decoded, line breaks and runs of spaces folded.
fn header_text(field: &[u8]) -> String {
    decode(field)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A field as text: UTF-8 where it is valid, otherwise Windows-1252, which is what Excel
/// writes on UK Windows PCs and which decodes any byte.
pub(crate) fn decode(field: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(field) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(field)
                .0
        }
    }
}

/// The error for a data row whose number of fields is not the header's.
pub(crate) fn ragged_row(location: Location, len: usize, expected: usize) -> Error {
    Error::input(
        location,
        format!(
            "this row has {len} fields but the header has {expected}; \
             look for an unquoted comma or a missing field in that row, or a quote that is never closed above it"
        ),
    )
}

/// The error for a record longer than [`RECORD_BYTES`], on the line it starts.
pub(crate) fn record_too_long(name: &str, long: &RecordTooLong) -> Error {
    Error::input(
        Location::file(name).line(long.line),
        format!(
            "a record longer than {} MiB starts here; look for a quote that is never closed, or export the data again as CSV",
            RECORD_BYTES >> 20
        ),
    )
}

/// A csv-crate error as a located message. Never includes field contents.
pub(crate) fn csv_error(name: &str, err: csv::Error) -> Error {
    let line = err.position().map(csv::Position::line);
    let at = |loc: Location| match line {
        Some(l) => loc.line(l),
        None => loc,
    };
    match err.into_kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(
            at(Location::file(name)),
            format!(
                "this row has {len} fields but the header has {expected_len}; \
                 look for an unquoted comma or a missing field in that row, or a quote that is never closed above it"
            ),
        ),
        csv::ErrorKind::Io(e) => {
            match e.get_ref().and_then(|e| e.downcast_ref::<RecordTooLong>()) {
                Some(long) => record_too_long(name, long),
                None => Error::io(Path::new(name), "cannot read", e),
            }
        }
        _ => Error::input(at(Location::file(name)), "the file cannot be read as CSV"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_longer_than_allowed_are_refused_where_they_start() {
        let guarded = |head: &'static [u8], tail: u8| {
            let source = head.chain(io::repeat(tail).take(RECORD_BYTES + 10));
            let mut guard = RecordGuard::new(source, Rc::default());
            io::copy(&mut guard, &mut io::sink())
        };
        // A line without end, on line 3.
        let error = guarded(b"a,b\n1,2\n", b'x').unwrap_err();
        let long = error
            .get_ref()
            .and_then(|e| e.downcast_ref::<RecordTooLong>());
        assert_eq!(long.map(|l| l.line), Some(3));
        // A quote never closed, on line 2: the newlines inside it do not end the record.
        let error = guarded(b"a,b\n\"open,", b'\n').unwrap_err();
        let long = error
            .get_ref()
            .and_then(|e| e.downcast_ref::<RecordTooLong>());
        assert_eq!(long.map(|l| l.line), Some(2));
        // Many short lines are fine, however many.
        let source = io::repeat(b'\n').take(RECORD_BYTES * 2);
        let mut guard = RecordGuard::new(source, Rc::default());
        assert_eq!(
            io::copy(&mut guard, &mut io::sink()).unwrap(),
            RECORD_BYTES * 2
        );
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\r\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x;y;z\",b\n"), b',');
        assert_eq!(sniff_delimiter(b"single"), b',');
        // A title row above a tab-separated table.
        assert_eq!(
            sniff_delimiter(b"Contacts, April 2020\nID\tDate\tSource\n1\t01/04/2020\tPolice\n"),
            b'\t'
        );
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(
            decode(b"Children\x92s Team \x96 North"),
            "Children’s Team – North"
        );
        assert_eq!(decode("Sinéad".as_bytes()), "Sinéad");
    }

    #[test]
    fn utf16_without_a_bom_is_recognised() {
        assert!(looks_like_utf16(
            &"Child ID,Date\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>()
        ));
        assert!(looks_like_utf16(
            &"Child ID,Date\n"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<_>>()
        ));
        assert!(!looks_like_utf16(b"Child ID,Date\n1,01/04/2020\n"));
        assert!(!looks_like_utf16(b"ab\x00cd\x00\x00ef\x00gh"));
    }

    #[test]
    fn binary_files_are_named() {
        assert!(
            binary_kind(b"PK\x03\x04rest")
                .unwrap()
                .contains("Excel workbook")
        );
        assert!(
            binary_kind(&[0xD0, 0xCF, 0x11, 0xE0])
                .unwrap()
                .contains(".xls")
        );
        assert_eq!(binary_kind(b"Child Unique ID,Date"), None);
    }
}
