//! Counting one CSV file on several cores: the file is split into byte ranges that start and
//! end on record boundaries, each range is counted on its own thread, and the counts are
//! merged in file order — so every figure, line number and rejected line is what the
//! sequential reader gives.
//!
//! A newline inside a quoted field is not a record boundary. Whether a byte offset lies inside
//! quotes is decided by the parity of the `"` bytes before it (a doubled `""` counts twice, so
//! it never changes the parity), counted for all the ranges in parallel first. A file that
//! does not follow these rules (a stray quote inside an unquoted field) shows up as a ragged
//! row in some range; the caller then counts the file sequentially, which reports it properly.

use crate::model::convert::to_usize;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use crate::count::rates::{RateReader, RateTallies};
use crate::count::{FeedTally, MeasureCounts, RowDates, tally_row};
use crate::input::detect::Feed;
use crate::input::reader::CsvLayout;
use crate::input::records::{LineRecord, LineRecords, Row};
use crate::model::calendar::Calendar;

/// Files smaller than this per part are counted on one thread: splitting costs more.
const MIN_PART_BYTES: u64 = 4 << 20;
const BUFFER: usize = 256 * 1024;

/// A byte range of whole records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub start: u64,
    pub end: u64,
}

/// Why a file was not counted in parts; the caller counts it sequentially instead.
#[derive(Debug)]
pub(crate) enum Fallback {
    /// Too small, or one thread.
    NotWorthIt,
    /// Reading failed, or a part held a ragged row: the sequential reader says which.
    Irregular,
}

/// Splits the data of `path` (after its header) into about `parts` ranges of whole records,
/// none smaller than `min_part` bytes.
pub(crate) fn split(
    path: &Path,
    layout: &CsvLayout,
    parts: usize,
    min_part: u64,
) -> std::io::Result<Vec<Chunk>> {
    let size = std::fs::metadata(path)?.len();
    let data = size.saturating_sub(layout.data_start);
    let parts = parts.clamp(1, to_usize((data / min_part.max(1)).max(1)));
    let raw: Vec<u64> = (0..=parts)
        .map(|i| layout.data_start + data * i as u64 / parts as u64)
        .collect();
    // Quotes in each raw range, counted in parallel.
    let counts: Vec<std::io::Result<u64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = raw
            .iter()
            .zip(raw.iter().skip(1))
            .map(|(&a, &b)| scope.spawn(move || quotes(path, a, b)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("a counting thread failed")))
            })
            .collect()
    });
    // Each part starts at the first record boundary after its raw edge: the parity of the
    // quotes before the edge (header included) says whether the edge is inside quotes.
    let mut starts = vec![layout.data_start];
    let mut seen = quotes(path, 0, layout.data_start)?;
    for (i, counted) in counts.into_iter().enumerate() {
        seen += counted?;
        let Some(&edge) = raw.get(i + 1).filter(|&&e| e < size) else {
            break;
        };
        let boundary = next_boundary(path, edge, seen % 2 == 1)?;
        if starts.last().is_some_and(|&last| boundary > last) && boundary < size {
            starts.push(boundary);
        }
    }
    if seen % 2 == 1 {
        // A quote is never closed: the sequential reader reports where.
        return Err(std::io::Error::other("an odd number of quote marks"));
    }
    let ends = starts.iter().skip(1).copied().chain([size]);
    Ok(starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| Chunk { start, end })
        .collect())
}

/// `"` bytes in `start..end`.
fn quotes(path: &Path, start: u64, end: u64) -> std::io::Result<u64> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = file.take(end.saturating_sub(start));
    let mut buffer = vec![0u8; BUFFER];
    let mut count = 0u64;
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            return Ok(count);
        }
        count += memchr::memchr_iter(
            b'"',
            buffer
                .get(..n)
                .expect("read returns at most the buffer's length"),
        )
        .count() as u64;
    }
}

/// The first record boundary at or after `from` (just past a newline outside quotes), given
/// whether `from` is inside quotes.
fn next_boundary(path: &Path, from: u64, mut quoted: bool) -> std::io::Result<u64> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut reader = BufReader::with_capacity(BUFFER, file);
    let mut buffer = vec![0u8; BUFFER];
    let mut offset = from;
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            return Ok(offset);
        }
        for &b in buffer
            .get(..n)
            .expect("read returns at most the buffer's length")
        {
            offset += 1;
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => return Ok(offset),
                _ => {}
            }
        }
    }
}

/// Counts `path` in parts on `threads` threads. `counters[i]` and the returned tallies are
/// for `feeds[i]`; each part counts into an empty counter like `counters[i]`, merged in file
/// order (see `count::merge`).
pub(crate) fn tally_parallel(
    path: &Path,
    layout: &CsvLayout,
    feeds: &[Feed],
    counters: &mut [&mut MeasureCounts],
    rates: Option<(&RateReader, &Calendar, &mut RateTallies)>,
    threads: usize,
) -> Result<Vec<FeedTally>, Fallback> {
    tally_in_parts(
        path,
        layout,
        feeds,
        counters,
        rates,
        threads,
        MIN_PART_BYTES,
    )
}

/// The rates' share of a part: the table's reader, the calendar, and the part's own tallies.
type PartRates<'a> = Option<(&'a RateReader, &'a Calendar)>;

/// [`tally_parallel`] with parts of at least `min_part` bytes.
fn tally_in_parts(
    path: &Path,
    layout: &CsvLayout,
    feeds: &[Feed],
    counters: &mut [&mut MeasureCounts],
    rates: Option<(&RateReader, &Calendar, &mut RateTallies)>,
    threads: usize,
    min_part: u64,
) -> Result<Vec<FeedTally>, Fallback> {
    if threads < 2
        || rates
            .as_ref()
            .is_some_and(|(reader, _, _)| !reader.splits())
    {
        return Err(Fallback::NotWorthIt);
    }
    let (part_rates, mut rate_tallies): (PartRates, Option<&mut RateTallies>) = match rates {
        Some((reader, calendar, tallies)) => (Some((reader, calendar)), Some(tallies)),
        None => (None, None),
    };
    let templates: Vec<MeasureCounts> = counters.iter().map(|c| c.empty_like()).collect();
    let templates = &templates;
    let chunks = split(path, layout, threads, min_part).map_err(|_| Fallback::Irregular)?;
    if chunks.len() < 2 {
        return Err(Fallback::NotWorthIt);
    }
    let results: Vec<Result<Part, Fallback>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || count_chunk(path, layout, feeds, templates, part_rates, *chunk))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(Fallback::Irregular)))
            .collect()
    });
    let mut parts = Vec::with_capacity(results.len());
    for result in results {
        parts.push(result?);
    }
    // Line numbers within a part count from its first line: shift them by the lines before
    // it (the header's, then each earlier part's).
    let mut lines_before = layout.header_lines;

    let mut tallies = vec![FeedTally::default(); feeds.len()];
    let mut rows = 0;
    let mut part_counters: Vec<Vec<MeasureCounts>> = counters.iter().map(|_| Vec::new()).collect();
    for mut part in parts {
        rows += part.rows;
        for (mine, theirs) in tallies.iter_mut().zip(part.tallies.iter_mut()) {
            for line in &mut theirs.rejected.first_lines {
                *line += lines_before;
            }
            if let Some(line) = &mut theirs.rejected.header_line {
                *line += lines_before;
            }
            mine.merge(theirs);
        }
        for (mine, theirs) in part_counters.iter_mut().zip(part.counters) {
            mine.push(theirs);
        }
        if let (Some(mine), Some(theirs)) = (rate_tallies.as_deref_mut(), part.rates) {
            mine.merge_part(theirs);
        }
        lines_before += part.lines;
    }
    for ((mine, parts), tally) in counters
        .iter_mut()
        .zip(part_counters)
        .zip(tallies.iter_mut())
    {
        mine.merge_parts(parts, tally);
    }
    if rows == 0 {
        return Err(Fallback::Irregular); // the sequential reader reports the empty file
    }
    for tally in &mut tallies {
        tally.rows_read = rows;
    }
    Ok(tallies)
}

/// What one part of a file held.
struct Part {
    tallies: Vec<FeedTally>,
    counters: Vec<MeasureCounts>,
    /// The part's rate tallies, when the table feeds rates.
    rates: Option<RateTallies>,
    rows: u64,
    /// Newlines in the part.
    lines: u64,
}

fn count_chunk(
    path: &Path,
    layout: &CsvLayout,
    feeds: &[Feed],
    templates: &[MeasureCounts],
    rates: PartRates,
    chunk: Chunk,
) -> Result<Part, Fallback> {
    let mut file = File::open(path).map_err(|_| Fallback::Irregular)?;
    file.seek(SeekFrom::Start(chunk.start))
        .map_err(|_| Fallback::Irregular)?;
    // A record too long is refused here too: the one reader then says where.
    let part = crate::input::reader::RecordGuard::new(
        file.take(chunk.end - chunk.start),
        std::rc::Rc::default(),
    );
    let mut records = PartRecords::new(layout, part);
    let mut owned: Vec<MeasureCounts> = templates.iter().map(MeasureCounts::empty_like).collect();
    let mut tallies = vec![FeedTally::default(); feeds.len()];
    let mut rows = 0u64;
    let mut counters: Vec<&mut MeasureCounts> = owned.iter_mut().collect();
    let mut rate_tallies = rates.map(|_| RateTallies::default());
    let mut dates = RowDates::default();
    while let Some((line, record)) = records.read().map_err(|_| Fallback::Irregular)? {
        if record.is_blank() {
            continue;
        }
        if record.len() != layout.fields {
            return Err(Fallback::Irregular);
        }
        rows += 1;
        let noted = rates.is_some().then_some(&mut dates);
        tally_row(&record, feeds, &mut counters, &mut tallies, noted, || line);
        if let (Some((reader, calendar)), Some(part)) = (rates, rate_tallies.as_mut()) {
            reader.row(&record, &dates, calendar, part);
        }
    }
    drop(counters);
    let lines = records.newlines();
    Ok(Part {
        tallies,
        counters: owned,
        rates: rate_tallies,
        rows,
        lines,
    })
}

/// The records of one part, with the line (within the part) each starts on.
enum PartRecords<R> {
    /// Records that end at `\n`, read a line at a time.
    Lines(Box<LineRecords<R>>),
    /// Any other line ends, read by the `csv` crate; `before` is its line before a read.
    Csv {
        reader: csv::Reader<R>,
        record: csv::ByteRecord,
        before: u64,
    },
}

/// One record of a part.
enum PartRow<'a> {
    Line(LineRecord<'a>),
    Csv(&'a csv::ByteRecord),
}

impl PartRow<'_> {
    fn len(&self) -> usize {
        match self {
            PartRow::Line(record) => record.len(),
            PartRow::Csv(record) => record.len(),
        }
    }
}

impl Row for PartRow<'_> {
    fn field(&self, i: usize) -> Option<&[u8]> {
        match self {
            PartRow::Line(record) => record.field(i),
            PartRow::Csv(record) => record.field(i),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            PartRow::Line(record) => record.is_blank(),
            PartRow::Csv(record) => record.is_blank(),
        }
    }
}

impl<R: Read> PartRecords<R> {
    fn new(layout: &CsvLayout, part: R) -> PartRecords<R> {
        if layout.lf_terminated {
            return PartRecords::Lines(Box::new(LineRecords::new(part, layout.delimiter, BUFFER)));
        }
        let reader = csv::ReaderBuilder::new()
            .delimiter(layout.delimiter)
            .terminator(csv::Terminator::CRLF)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(BUFFER)
            .from_reader(part);
        PartRecords::Csv {
            reader,
            record: csv::ByteRecord::new(),
            before: 1,
        }
    }

    fn read(&mut self) -> std::io::Result<Option<(u64, PartRow<'_>)>> {
        match self {
            PartRecords::Lines(lines) => Ok(lines
                .read()?
                .map(|(line, record)| (line, PartRow::Line(record)))),
            PartRecords::Csv {
                reader,
                record,
                before,
            } => {
                if !reader
                    .read_byte_record(record)
                    .map_err(std::io::Error::other)?
                {
                    return Ok(None);
                }
                let after = reader.position().line();
                let blank = crate::input::reader::blank_lines_before(*before, after, record, false);
                *before = after;
                let line = record.position().map_or(1, csv::Position::line) + blank;
                Ok(Some((line, PartRow::Csv(record))))
            }
        }
    }

    /// Newlines read so far: at the end, the lines the part spans.
    fn newlines(&self) -> u64 {
        match self {
            PartRecords::Lines(lines) => lines.newlines(),
            // At the end the reader is on the line after the part's last newline.
            PartRecords::Csv { reader, .. } => reader.position().line().saturating_sub(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contacts feed of a `Child, Date, Source` file: child IDs and sources from columns
    /// 0 and 2 when `keyed`, and the source as the `--by` column when `by`.
    fn contacts_feed(keyed: bool, by: bool) -> Feed {
        Feed {
            measure: crate::model::measure::Catalogue::builtin()
                .by_id("contacts")
                .unwrap(),
            primary: true,
            date_column: 1,
            blank_is_none: false,
            date_order: Default::default(),
            type_filter: None,
            closed_column: None,
            id_column: keyed.then_some(0),
            source_column: keyed.then_some(2),
            event_column: None,
            by_column: by.then_some(2),
        }
    }

    fn layout(text: &str) -> CsvLayout {
        let header = text.find('\n').unwrap_or(text.len()) as u64 + 1;
        CsvLayout {
            delimiter: b',',
            data_start: header,
            header_lines: 1,
            fields: 2,
            lf_terminated: true,
        }
    }

    #[test]
    fn boundaries_never_fall_inside_quotes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.csv");
        // Records whose second field holds quoted newlines and doubled quotes.
        let mut text = String::from("id,note\n");
        for i in 0..2000 {
            text.push_str(&format!("{i},\"line one\nline \"\"two\"\"\n,three\"\n"));
        }
        std::fs::write(&path, &text).unwrap();
        let l = layout(&text);
        for parts in [2, 3, 7, 64] {
            // Force small parts by splitting directly.
            let size = text.len() as u64;
            let mut chunks = Vec::new();
            let mut start = l.data_start;
            for i in 1..parts {
                let edge = l.data_start + (size - l.data_start) * i / parts;
                let mut quotes = 0;
                for b in text.as_bytes().get(..to_usize(edge)).unwrap() {
                    quotes += u64::from(*b == b'"');
                }
                let end = next_boundary(&path, edge, quotes % 2 == 1).unwrap();
                chunks.push((start, end));
                start = end;
            }
            chunks.push((start, size));
            for (a, b) in chunks.iter().filter(|(a, b)| b > a) {
                let piece = &text[to_usize(*a)..to_usize(*b)];
                assert!(
                    piece.is_empty() || piece.as_bytes()[0].is_ascii_digit(),
                    "part starts mid-record: {piece:?}"
                );
                assert!(piece.ends_with("\"\n"), "part ends mid-record");
            }
        }
    }

    /// Counts the file at `path` for `feeds` with one reader and in `parts` tiny parts, each
    /// into a counter `new` makes: (tallies, counts) one way and the other.
    fn count_both(
        path: &Path,
        feeds: &[Feed],
        new: impl Fn() -> MeasureCounts,
        parts: usize,
    ) -> (
        (Vec<FeedTally>, MeasureCounts),
        (Vec<FeedTally>, MeasureCounts),
    ) {
        use crate::input::reader::{HeaderAt, InputPath};
        let mut table =
            crate::input::table::Table::csv(InputPath::File(path.to_path_buf()), HeaderAt::First)
                .unwrap();
        let layout = table.layout.unwrap();
        let mut sequential = new();
        let seq = crate::count::tally_table(&mut table, feeds, &mut [&mut sequential], None, None)
            .unwrap();
        let mut parallel = new();
        let par =
            tally_in_parts(path, &layout, feeds, &mut [&mut parallel], None, parts, 64).unwrap();
        ((seq, sequential), (par, parallel))
    }

    /// Counts `text` as a file sequentially and in `parts` tiny parts; both must agree on
    /// every tally, count and rejected line.
    fn both_ways(bytes: &[u8], parts: usize) -> (Vec<FeedTally>, Vec<FeedTally>, u64, u64) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contacts.csv");
        std::fs::write(&path, bytes).unwrap();
        let feeds = [contacts_feed(true, false)];
        let ((seq, sequential), (par, parallel)) =
            count_both(&path, &feeds, || MeasureCounts::new(false, false), parts);
        let year: crate::model::period::Period = "2015".parse().unwrap();
        let total = |c: &MeasureCounts| {
            (2015..2026)
                .map(|y| c.events(None, &year.shift_years(2015 - y)))
                .sum::<u64>()
        };
        (seq, par, total(&sequential), total(&parallel))
    }

    /// Contacts with repeats: 3,000 rows of 400 children (a quarter with IDs too long to
    /// pack), every seventh row a copy of one 1,500 rows earlier (so most repeats cross
    /// parts), three sources. A copy's team is never its first sight's, and one team
    /// ("East") is only ever on copies.
    fn with_repeats() -> Vec<u8> {
        let mut rows: Vec<String> = Vec::new();
        for i in 0..3000usize {
            let row = if i % 7 == 0 && i >= 1500 {
                rows.get(i - 1500).cloned().unwrap_or_default()
            } else {
                let source = ["6: Police", "2A: Schools", "\"Health, \"\"visitor\"\"\""][i % 3];
                // A quarter of the children have IDs too long to pack, numbered per part.
                let child = match i % 400 {
                    n if n % 4 == 0 => format!("LA-CHILD-REFERENCE-{n}"),
                    n => format!("C{n}"),
                };
                format!(
                    "{child},{:02}/{:02}/{},{source}",
                    i % 28 + 1,
                    i % 12 + 1,
                    2016 + i % 5
                )
            };
            rows.push(row);
        }
        let teams = rows.iter().enumerate().map(|(i, row)| {
            let team = match i {
                i if i % 7 == 0 && i >= 1500 && i % 5 == 0 => "East",
                i if i % 7 == 0 && i >= 1500 => ["South", "West", "North"][i % 3],
                i => ["North", "South", "West"][i % 3],
            };
            format!("{row},{team}")
        });
        let rows: Vec<String> = teams.collect();
        format!(
            "Child ID,Date of Contact,Source,Team\n{}\n",
            rows.join("\n")
        )
        .into_bytes()
    }

    /// Children, repeats dropped and --by groups (by team, or by source), counted in parts:
    /// every figure as one reader gives it.
    #[test]
    fn keyed_parts_count_like_one_reader() {
        let bytes = with_repeats();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contacts.csv");
        std::fs::write(&path, &bytes).unwrap();
        let years: Vec<crate::model::period::Period> = (2016..2021)
            .map(|y| format!("{y}-{}", (y + 1) % 100).parse().unwrap())
            .collect();
        // (dedupe, children, by column): every combination.
        for dedupe in [false, true] {
            for children in [false, true] {
                for by in [None, Some(2), Some(3)] {
                    let mut feed = contacts_feed(true, false);
                    feed.by_column = by;
                    for parts in [2, 3, 8] {
                        let case = format!(
                            "dedupe {dedupe}, children {children}, by {by:?}, {parts} parts"
                        );
                        keyed_case(&path, &feed, dedupe, children, parts, &years, &case);
                    }
                }
            }
        }
    }

    fn keyed_case(
        path: &Path,
        feed: &Feed,
        dedupe: bool,
        children: bool,
        parts: usize,
        years: &[crate::model::period::Period],
        case: &str,
    ) {
        let feeds = [feed.clone()];
        let ((seq, mut sequential), (par, mut parallel)) =
            count_both(path, &feeds, || MeasureCounts::new(dedupe, children), parts);
        sequential.finish();
        parallel.finish();
        assert_eq!(par, seq, "{case}");
        if dedupe {
            assert!(seq[0].duplicates > 100, "{}", seq[0].duplicates);
        }
        // Tables list groups by name, so only the names must agree, not the order.
        let mut names = sequential.groups();
        names.sort();
        let mut theirs = parallel.groups();
        theirs.sort();
        assert_eq!(theirs, names, "{case}");
        if feed.by_column == Some(3) {
            assert_eq!(names.contains(&"East".to_string()), !dedupe, "{case}");
        }
        let index = |c: &MeasureCounts, name: &str| c.groups().iter().position(|g| g == name);
        for year in years {
            let mut groups = vec![(None, None)];
            groups.extend(
                names
                    .iter()
                    .map(|n| (index(&sequential, n), index(&parallel, n))),
            );
            for (s, p) in groups {
                assert_eq!(
                    parallel.events(p, year),
                    sequential.events(s, year),
                    "{case}"
                );
                assert_eq!(
                    parallel.children(p, year),
                    sequential.children(s, year),
                    "{case}"
                );
            }
        }
    }

    /// An adversarial file: BOM, CRLF, Windows-1252 bytes, quoted fields with line breaks,
    /// commas and doubled quotes, blank lines, rows of empty fields and bad dates.
    fn adversarial() -> Vec<u8> {
        let mut out = b"\xEF\xBB\xBFChild Unique ID,Date of Contact,Contact Source\r\n".to_vec();
        for i in 0..3000u32 {
            let day = i % 28 + 1;
            let month = i % 12 + 1;
            let date = match i % 97 {
                0 => String::new(),
                1 => "31/02/2020".to_string(),
                2 => "not known".to_string(),
                _ => format!("{day:02}/{month:02}/{}", 2015 + i % 10),
            };
            let source: &[u8] = match i % 5 {
                0 => b"\"Health\r\nvisitor, \"\"community\"\"\"",
                1 => b"\"Children\x92s \x96 centre\"",
                2 => b"\"line\nbreak\"",
                3 => b"6: Police",
                _ => b"",
            };
            out.extend_from_slice(format!("C{i},{date},").as_bytes());
            out.extend_from_slice(source);
            out.extend_from_slice(b"\r\n");
            if i % 500 == 0 {
                out.extend_from_slice(b"\r\n,,\r\n");
            }
        }
        out
    }

    #[test]
    fn parts_count_exactly_like_one_reader() {
        let bytes = adversarial();
        for parts in [2, 3, 8, 31] {
            let (seq, par, seq_total, par_total) = both_ways(&bytes, parts);
            assert_eq!(par, seq, "{parts} parts");
            assert_eq!(par_total, seq_total, "{parts} parts");
        }
        let (seq, _, total, _) = both_ways(&bytes, 2);
        assert_eq!(seq[0].rows_read, 3000);
        assert_eq!(seq[0].rejected.total, 3 * 31); // i % 97 in 0..3 for i below 3,000
        assert_eq!(total + seq[0].rejected.total, 3000);
    }

    #[test]
    fn ragged_rows_send_the_file_back_to_one_reader() {
        let mut bytes = adversarial();
        bytes.extend_from_slice(b"C9,01/01/2020,x,extra\r\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(&path, &bytes).unwrap();
        let table = crate::input::table::Table::csv(
            crate::input::reader::InputPath::File(path.clone()),
            crate::input::reader::HeaderAt::First,
        )
        .unwrap();
        let feed = contacts_feed(false, false);
        let mut counter = MeasureCounts::new(false, false);
        let result = tally_in_parts(
            &path,
            &table.layout.unwrap(),
            &[feed],
            &mut [&mut counter],
            None,
            4,
            64,
        );
        assert!(matches!(result, Err(Fallback::Irregular)));
        assert_eq!(
            counter.events(None, &"2020".parse().unwrap()),
            0,
            "nothing merged from a failed attempt"
        );
    }

    #[test]
    fn small_files_are_one_part() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, "id,date\n1,01/04/2020\n").unwrap();
        let chunks = split(&path, &layout("id,date\n"), 8, MIN_PART_BYTES).unwrap();
        assert_eq!(chunks, vec![Chunk { start: 8, end: 21 }]);
    }
}
