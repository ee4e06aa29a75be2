//! Bounded work for any input: workbooks that declare, span or unpack to more than the limits
//! are refused with a clear error, never read into memory (the review's 1.6 KB workbook with
//! values in A1 and XFD1048576 made the reader ask for 549,755,813,888 bytes and abort).
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use std::io::Write;

use common::Workdir;

/// A minimal .xlsx whose one sheet is `sheet_data` (the inside of `<sheetData>`), with any
/// further parts given.
fn xlsx(sheet_data: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="List 1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            {
                // A `<dimension …/>` before the rows goes before the sheet data, as Excel
                // writes it.
                let (dimension, rows) = match sheet_data.find("<row") {
                    Some(at) => sheet_data.split_at(at),
                    None => ("", sheet_data),
                };
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>"#
                )
            },
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    for (name, bytes) in extra {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

#[test]
fn a_sheet_spanning_the_whole_grid_is_refused_not_read() {
    let dir = Workdir::new();
    let data = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        inline("A1", "Date of Contact"),
        inline("XFD1048576", "x")
    );
    let bytes = xlsx(&data, &[]);
    assert!(bytes.len() < 2000, "{} bytes", bytes.len());
    dir.write("contacts.xlsx", &bytes);
    let run = dir.run(&["compare", "-p", "2020-21", "contacts.xlsx"]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.xlsx, sheet \"List 1\": its cells span 1048576 rows by 16384 columns \
         (17179869184 cells), more than the limit of 10000000 cells; if the sheet really is that \
         large, raise the limit with --max-cells N"
    );
    // XFD10000 (the review's 5.1 GB case) too.
    let data = format!(
        r#"<row r="1">{}</row><row r="10000">{}</row>"#,
        inline("A1", "Date of Contact"),
        inline("XFD10000", "x")
    );
    dir.write("contacts.xlsx", xlsx(&data, &[]));
    let run = dir.run(&["compare", "-p", "2020-21", "contacts.xlsx"]);
    assert!(
        run.fails(1)
            .contains("its cells span 10000 rows by 16384 columns (163840000 cells)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_unpacking() {
    // 70 MB of one repeated string packs to well under 1 MB; with a cell limit of 1,000 the
    // workbook's parts may unpack to 64 MiB at most, counted as they inflate.
    let dir = Workdir::new();
    let data = format!(r#"<row r="1">{}</row>"#, inline("A1", "Date of Contact"));
    let mut strings = Vec::with_capacity(70 << 20);
    strings.extend_from_slice(
        br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    while strings.len() < 70 << 20 {
        strings.extend_from_slice(b"<si><t>a</t></si>");
    }
    strings.extend_from_slice(b"</sst>");
    let bytes = xlsx(&data, &[("xl/sharedStrings.xml", &strings)]);
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    dir.write("contacts.xlsx", &bytes);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--max-cells",
        "1000",
        "contacts.xlsx",
    ]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.xlsx: the workbook unpacks to more than 64 MiB, the most allowed for \
         1000 cells; if it really is that large, raise the limit with --max-cells N"
    );
}

/// Sets the uncompressed size the zip's local header and directory declare for `name` to
/// 100 bytes: a directory that lies.
fn understate(bytes: &mut [u8], name: &str) {
    let name = name.as_bytes();
    let at: Vec<usize> = (0..bytes.len() - name.len())
        .filter(|&i| &bytes[i..i + name.len()] == name)
        .collect();
    for i in at {
        for (sig, back, field) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
            if i >= back && &bytes[i - back..i - back + 4] == sig {
                bytes[i - back + field..i - back + field + 4]
                    .copy_from_slice(&100u32.to_le_bytes());
            }
        }
    }
}

#[test]
fn inflated_bytes_are_counted_whatever_the_directory_says() {
    // The shared strings declare 100 bytes and inflate to 70 MB; a header cell holds text
    // longer than any cell can.
    let dir = Workdir::new();
    let data = format!(r#"<row r="1">{}</row>"#, inline("A1", "Date of Contact"));
    let mut strings = Vec::with_capacity(70 << 20);
    while strings.len() < 70 << 20 {
        strings.extend_from_slice(b"<si><t>a</t></si>");
    }
    let mut bytes = xlsx(&data, &[("xl/sharedStrings.xml", &strings)]);
    understate(&mut bytes, "xl/sharedStrings.xml");
    dir.write("contacts.xlsx", &bytes);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--max-cells",
        "1000",
        "contacts.xlsx",
    ]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.xlsx: the workbook unpacks to more than 64 MiB, the most allowed for \
         1000 cells; if it really is that large, raise the limit with --max-cells N"
    );
    let long = format!(r#"<row r="1">{}</row>"#, inline("A1", &"x".repeat(400_000)));
    dir.write("contacts.xlsx", xlsx(&long, &[]));
    let run = dir.run(&["compare", "-p", "2020-21", "contacts.xlsx"]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.xlsx: part xl/worksheets/sheet1.xml holds a text longer than a cell can \
         (Excel's limit is 32767 characters); the workbook is damaged or was not saved by a \
         spreadsheet program: open it in Excel and save it again"
    );
}

#[test]
fn a_sheet_within_the_limits_is_read() {
    let dir = Workdir::new();
    let data = format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
        inline("A1", "Child Unique ID"),
        inline("B1", "Date of Contact"),
        inline("A2", "C1"),
        inline("B2", "2020-05-01")
    );
    dir.write("contacts.xlsx", xlsx(&data, &[]));
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-f",
        "csv",
        "-q",
        "contacts.xlsx",
    ]);
    assert_eq!(
        run.csv(),
        "measure,label,baseline,current,change,change_pct\ncontacts,Contacts,,1,,\n"
    );
}

#[test]
fn many_columns_are_read_and_long_headers_are_never_shown() {
    // 20,000 columns once cost minutes (each header compared with every other); now each
    // header is indexed once. No time is asserted here; bench/ measures.
    let dir = Workdir::new();
    let mut header = vec!["Date of Contact".to_string()];
    header.extend((0..20_000).map(|i| format!("column {i}")));
    let mut row = vec!["01/05/2020".to_string()];
    row.extend((0..20_000).map(|_| "x".to_string()));
    dir.write(
        "contacts.csv",
        format!("{}\n{}\n", header.join(","), row.join(",")),
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    assert_eq!(
        run.csv(),
        "measure,label,baseline,current,change,change_pct\ncontacts,Contacts,,1,,\n"
    );
    // A header of 100,000 characters is never shown: only how many columns there are.
    let long = "H".repeat(100_000);
    dir.write("mystery.csv", format!("{long},Other\nx,y\n"));
    let run = dir.run(&["compare", "-p", "2020-05", "mystery.csv"]);
    let error = run.fails(1);
    assert!(!error.contains("HHH"), "{error}");
    assert!(error.contains(": its first row has 2 columns,"), "{error}");
}

/// One BIFF record: type, length, body.
fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
    out
}

/// A minimal .xls: an OLE compound file whose Workbook stream holds the globals (BOF, one
/// BoundSheet, EOF) and one sheet's `sheet` records between its BOF and EOF.
fn xls(sheet: &[Vec<u8>]) -> Vec<u8> {
    xls_with(&[], sheet)
}

/// [`xls`] with more records in the workbook's globals (a shared-string table).
fn xls_with(globals: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
    let bof = record(
        0x0809,
        &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let eof = record(0x000A, &[]);
    // BoundSheet8: lbPlyPos (u32), visibility, type, name (1 char, compressed) "S".
    let extra: usize = globals.iter().map(Vec::len).sum();
    let globals_len = bof.len() + (4 + 4 + 2 + 2 + 1) + extra + eof.len();
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend([0, 0, 1, 0, b'S']);
    let mut stream = bof.clone();
    stream.extend(record(0x0085, &bound));
    for r in globals {
        stream.extend(r);
    }
    stream.extend(&eof);
    stream.extend(&bof);
    for r in sheet {
        stream.extend(r);
    }
    stream.extend(&eof);
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    {
        use std::io::Write;
        let mut s = file.create_stream("/Workbook").unwrap();
        s.write_all(&stream).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn an_xls_declaring_or_spanning_a_huge_grid_is_refused_not_read() {
    let dir = Workdir::new();
    // DIMENSIONS: rows 0 to 2^32-16, columns 0 to 65520.
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(0xFFFF_FFF0u32.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(0xFFF0u16.to_le_bytes());
    dims.extend([0, 0]);
    dir.write("dims.xls", xls(&[record(0x0200, &dims)]));
    // Two Number cells, at A1 and at row 65536, column 65536.
    let number = |row: u16, col: u16| {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(col.to_le_bytes());
        body.extend([0, 0]);
        body.extend(1.0f64.to_le_bytes());
        record(0x0203, &body)
    };
    dir.write("far.xls", xls(&[number(0, 0), number(65535, 65535)]));
    for (file, what) in [
        (
            "dims.xls",
            "a sheet declares 4294967280 rows by 65520 columns (281406256185600 cells)",
        ),
        (
            "far.xls",
            "a sheet's cells span 65536 rows by 65536 columns (4294967296 cells)",
        ),
    ] {
        let run = dir.run(&["compare", "-p", "2020-21", file]);
        assert_eq!(
            run.fails(1),
            format!(
                "Error: {file}: {what}, more than the limit of 10000000 cells; if the sheet really is that large, raise the limit with --max-cells N"
            ),
            "{file}"
        );
    }
}

/// An .xls whose cells name one long shared string 40,000 times: 16 KB each once read, 640 MB
/// in all, refused before calamine copies it into every cell.
#[test]
fn an_xls_whose_cells_repeat_a_long_shared_string_is_refused() {
    let dir = Workdir::new();
    // SST: 1 string of 8,000 one-byte characters.
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(8000u16.to_le_bytes());
    sst.push(0);
    sst.extend(vec![b'y'; 8000]);
    let label = |row: u16| {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(0u16.to_le_bytes());
        body.extend(0u16.to_le_bytes());
        body.extend(0u32.to_le_bytes());
        record(0x00FD, &body)
    };
    let cells: Vec<Vec<u8>> = (0..40_000).map(label).collect();
    dir.write("labels.xls", xls_with(&[record(0x00FC, &sst)], &cells));
    let run = dir.run(&["compare", "-p", "2020-21", "labels.xls"]);
    assert_eq!(
        run.fails(1),
        "Error: labels.xls: the workbook's sheets hold more than 256 MiB of text (a shared string is copied into every cell that names it); save the sheet as CSV, or split the workbook"
    );
    // A thousand of them (16 MB) pass the check: this bare file then goes to calamine.
    let cells: Vec<Vec<u8>> = (0..1_000).map(label).collect();
    dir.write("labels.xls", xls_with(&[record(0x00FC, &sst)], &cells));
    let run = dir.run(&["compare", "-p", "2020-21", "labels.xls"]);
    assert!(!run.fails(1).contains("of text"), "{}", run.stderr);
}

/// A sheet that declares its size is read as a stream, with the same figures, rows and
/// messages as one read whole; a cell outside the declared size is refused with the sheet
/// named, not counted in the wrong column.
#[test]
fn a_sheet_that_declares_its_size_is_streamed_with_the_same_figures() {
    let dir = Workdir::new();
    let mut rows = format!(
        r#"<row r="2">{}</row><row r="4">{}{}</row>"#,
        inline("B2", "Contacts, April to June"),
        inline("B4", "Child Unique ID"),
        inline("C4", "Date of Contact")
    );
    for r in 5..3005u32 {
        let date = match r {
            777 => "31/02/2020".to_string(),
            _ => format!("{:02}/{:02}/2020", r % 28 + 1, r % 12 + 1),
        };
        if r == 900 {
            continue; // a blank row
        }
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}</row>"#,
            inline(&format!("B{r}"), &format!("C{}", r % 700)),
            inline(&format!("C{r}"), &date)
        ));
    }
    dir.write("whole.xlsx", xlsx(&rows, &[]));
    dir.write(
        "streamed.xlsx",
        xlsx(&format!(r#"<dimension ref="B2:C3004"/>{rows}"#), &[]),
    );
    let run = |file: &str| {
        let out = dir.run(&[
            "compare", "-p", "2020-21", "--count", "both", "-f", "csv", file,
        ]);
        (out.csv(), out.stderr.replace(file, "BOOK"))
    };
    let (whole, whole_note) = run("whole.xlsx");
    let (streamed, streamed_note) = run("streamed.xlsx");
    assert_eq!(streamed, whole);
    assert_eq!(streamed_note, whole_note);
    assert!(
        whole.contains("contacts,Contacts,events,749,2249,"),
        "{whole}"
    );
    assert!(whole_note.contains("at line 777"), "{whole_note}");
    // A cell beyond the declared columns: refused, naming the sheet.
    let stray = rows.replace(
        &inline("B2000", "C600"),
        &format!("{}{}", inline("B2000", "C600"), inline("F2000", "x")),
    );
    assert_ne!(stray, rows);
    dir.write(
        "stray.xlsx",
        xlsx(&format!(r#"<dimension ref="B2:C3004"/>{stray}"#), &[]),
    );
    let out = dir.run(&["compare", "-p", "2020-21", "stray.xlsx"]);
    assert_eq!(
        out.fails(1),
        "Error: stray.xlsx, sheet \"List 1\": a cell lies outside the size the sheet declares; \
         open it in Excel and save it again"
    );
    // A row stored after a later one: refused, not split in two.
    let row_1000 = format!(
        r#"<row r="1000">{}{}</row>"#,
        inline("B1000", "C300"),
        inline("C1000", "21/05/2020")
    );
    let moved = format!("{}{row_1000}", rows.replace(&row_1000, ""));
    assert_eq!(moved.len(), rows.len(), "row 1000 moved, not added");
    dir.write(
        "moved.xlsx",
        xlsx(&format!(r#"<dimension ref="B2:C3004"/>{moved}"#), &[]),
    );
    let out = dir.run(&["compare", "-p", "2020-21", "moved.xlsx"]);
    assert_eq!(
        out.fails(1),
        "Error: moved.xlsx, sheet \"List 1\": its rows are stored out of order; open it in \
         Excel and save it again"
    );
}

/// A line without end through a pipe is refused where it starts, in bounded memory (the
/// benchmark measures it; here the message), never an abort.
#[test]
fn a_record_without_end_is_refused_where_it_starts() {
    use std::io::Write;
    let dir = Workdir::new();
    let mut child = dir
        .command()
        .args(["compare", "-p", "2020-21", "contacts=-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(b"Child ID,Date of Contact\n");
        let block = vec![b'x'; 1 << 20];
        for _ in 0..80 {
            if stdin.write_all(&block).is_err() {
                break; // the reader stopped: as it should
            }
        }
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "Error: <stdin>, line 2: a record longer than 64 MiB starts here; look for a quote that is never closed, or export the data again as CSV\n"
    );
}

/// Workbooks as LibreOffice and xlwt save an old .xls (and Excel, below), and as a hand-made
/// .xlsb, read alike; damaged
/// .xlsb records (a shared string that is not there, a missing relationship, short RK and
/// dimension records) are a damaged file, exit 1, never a crash. testdata/workbooks/SOURCES.md
/// says how each was made.
#[test]
fn workbooks_from_any_writer_read_and_damaged_ones_are_refused() {
    let dir = Workdir::new();
    let months = |file: &str| {
        let path = common::repo(&format!("testdata/workbooks/{file}"));
        let arg = format!("referrals={}", path.display());
        dir.run(&[
            "monthly",
            "--months",
            "2020-04..2020-06",
            "-f",
            "csv",
            "-q",
            &arg,
        ])
    };
    let counts = |run: common::Run| -> Vec<String> {
        run.csv()
            .lines()
            .skip(1)
            .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
            .collect()
    };
    for file in ["libreoffice.xls", "xlwt.xls", "libreoffice.ods"] {
        assert_eq!(
            counts(months(file)),
            [
                "referrals,Referrals,2020-04,3",
                "referrals,Referrals,2020-05,2",
                "referrals,Referrals,2020-06,4"
            ],
            "{file}"
        );
    }
    // Excel 2007's own .xls (pandas' test data): a column of times of day, read, and
    // rejected as dates, each row.
    let excel = common::repo("testdata/workbooks/excel.xls");
    let inspect = dir.run(&[
        "inspect",
        "--date-column",
        "referrals=Time",
        &format!("referrals={}", excel.display()),
    ]);
    assert!(
        inspect
            .ok()
            .contains("  an export; header row 1, 1 column, 11 data rows\n"),
        "{}",
        inspect.stdout
    );
    assert!(
        inspect.stdout.contains("    0 dated; 11 rejected\n"),
        "{}",
        inspect.stdout
    );
    assert_eq!(
        counts(months("valid.xlsb")),
        [
            "referrals,Referrals,2020-04,1",
            "referrals,Referrals,2020-05,1",
            "referrals,Referrals,2020-06,1"
        ]
    );
    for file in [
        "sst-index.xlsb",
        "missing-rel.xlsb",
        "short-rk.xlsb",
        "short-dimension.xlsb",
    ] {
        let run = months(file);
        let error = run.fails(1);
        assert!(
            error.ends_with(&format!(
                "{file}: cannot be read as a workbook: it is damaged; open it in Excel and save it again as .xlsx (or as CSV)"
            )),
            "{error}"
        );
    }
}

/// A workbook of `n` sheets, each a small contacts table that declares its size.
fn many_sheets(n: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let mut sheets = String::new();
    let mut rels = String::new();
    for i in 1..=n {
        sheets.push_str(&format!(
            r#"<sheet name="Team {i}" sheetId="{i}" r:id="rId{i}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#
        ));
        put(
            &format!("xl/worksheets/sheet{i}.xml"),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1">{}{}</row><row r="2">{}{}</row></sheetData></worksheet>"#,
                inline("A1", "Child ID"),
                inline("B1", "Date of Contact"),
                inline("A2", &format!("C{i}")),
                inline("B2", "2020-05-01"),
            ),
        );
    }
    put(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    zip.finish().unwrap().into_inner()
}

/// Every sheet is read from the workbook as opened once (bench/ measures the time); more
/// sheets than any export has are refused with the count, not read for minutes.
#[test]
fn many_sheets_are_counted_and_too_many_refused() {
    let dir = Workdir::new();
    dir.write("contacts.xlsx", many_sheets(300));
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "-f",
        "csv",
        "-q",
        "contacts.xlsx",
    ]);
    assert_eq!(
        run.csv(),
        "measure,label,baseline,current,change,change_pct\ncontacts,Contacts,,300,,\n"
    );
    dir.write("contacts.xlsx", many_sheets(5_001));
    let run = dir.run(&["compare", "-p", "2020-05", "contacts.xlsx"]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.xlsx: the workbook has 5001 sheets, more than the 5000 cscstats reads; save the sheets that hold the data as a workbook of their own (or as CSV)"
    );
}

/// A header of more columns than any export (ten million empty fields once took 1.6 GB) is
/// refused on its line; a `--by` value longer than any team's name is one group, not one per
/// value held in full.
#[test]
fn wide_headers_and_long_group_values_are_bounded() {
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        format!("Date of Contact{}\n01/05/2020\n", ",".repeat(70_000)),
    );
    let run = dir.run(&["compare", "-p", "2020-05", "contacts.csv"]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.csv, line 1: the header row has 70001 columns, more than the 65536 cscstats reads (Excel's limit is 16,384); is this the right file, and its delimiter?"
    );
    let long = |c: char| c.to_string().repeat(2_000);
    dir.write(
        "contacts.csv",
        format!(
            "Child ID,Date of Contact,Team\nA,01/05/2020,{}\nB,02/05/2020,{}\nC,03/05/2020,North\n",
            long('x'),
            long('y')
        ),
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--by",
        "Team",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    assert_eq!(
        run.csv(),
        "measure,label,group,baseline,current,change,change_pct\n\
         contacts,Contacts,,,3,,\n\
         contacts,Contacts,\"(values over 1,000 characters)\",,2,,\n\
         contacts,Contacts,North,,1,,\n"
    );
}
