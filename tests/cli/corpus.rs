//! The malformed-input corpus (`testdata/bad/`): every file with the exact error or note it
//! must produce, in one table. Every cell of every file holds a marker; every run is made with
//! `--verbose` and writes an output file, and neither the terminal nor the file may show it.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{MARKER, Workdir, repo};

/// The error (exit 1 or 2) or the data-quality lines (exit 0) a file must produce. `{dir}` is
/// the corpus folder.
struct Case {
    file: &'static str,
    /// Given as `contacts=FILE` unless false (folders and workbooks go as they are).
    as_contacts: bool,
    exit: i32,
    /// The one-line error, or lines the data-quality note must contain.
    expect: &'static [&'static str],
    /// For a success: the CSV row for contacts (2019/20, then 2020/21).
    row: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        file: "empty.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/empty.csv: the file is empty; export it again with a header row and data rows",
        ],
        row: None,
    },
    Case {
        file: "bom-only.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/bom-only.csv: the file is empty; export it again with a header row and data rows",
        ],
        row: None,
    },
    Case {
        file: "blank-lines.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/blank-lines.csv, line 1: the first line is blank, but a header row was expected there",
        ],
        row: None,
    },
    Case {
        file: "header-only.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/header-only.csv: the file has a header row but no data rows; check the export covers the period",
        ],
        row: None,
    },
    Case {
        file: "only-header-and-blank-rows.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/only-header-and-blank-rows.csv: the file has a header row but no data rows; check the export covers the period",
        ],
        row: None,
    },
    Case {
        file: "ragged.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/ragged.csv, line 3: this row has 4 fields but the header has 3; look for an unquoted comma or a missing field in that row, or a quote that is never closed above it",
        ],
        row: None,
    },
    Case {
        file: "ragged-short.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/ragged-short.csv, line 3: this row has 2 fields but the header has 3; look for an unquoted comma or a missing field in that row, or a quote that is never closed above it",
        ],
        row: None,
    },
    Case {
        file: "no-date-column.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/no-date-column.csv: no event-date column for contacts found (its first row has 4 columns); pass --date-column contacts=HEADER",
        ],
        row: None,
    },
    Case {
        file: "nul-bytes.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/nul-bytes.csv: the file contains NUL bytes, so it is not a text CSV; export it again as CSV",
        ],
        row: None,
    },
    Case {
        file: "utf16-no-bom.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/utf16-no-bom.csv: the file looks like UTF-16 text without a byte-order mark; save it again as CSV UTF-8",
        ],
        row: None,
    },
    Case {
        file: "pdf.csv",
        as_contacts: true,
        exit: 1,
        expect: &["Error: {dir}/pdf.csv: this is a PDF document, not a CSV file"],
        row: None,
    },
    Case {
        file: "workbook.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/workbook.csv: cannot be read as a workbook: it is damaged, or a zip archive that is not a workbook; open it in Excel and save it again as .xlsx (or as CSV)",
        ],
        row: None,
    },
    Case {
        file: "archive.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/archive.csv: cannot be read as a workbook: it is damaged, or a zip archive that is not a workbook; open it in Excel and save it again as .xlsx (or as CSV)",
        ],
        row: None,
    },
    Case {
        file: "really-a-workbook.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/really-a-workbook.csv: no sheet of this workbook holds a recognisable list (an Annex A list, a CIN census table, or a table with an event-date column such as Date of Contact); check the header rows",
        ],
        row: None,
    },
    Case {
        file: "renamed.xlsx",
        as_contacts: false,
        exit: 1,
        expect: &[
            "Error: {dir}/renamed.xlsx: this is named like a workbook but holds text; if it is a CSV file, rename it to .csv",
        ],
        row: None,
    },
    Case {
        file: "protected.xlsx",
        as_contacts: false,
        exit: 1,
        expect: &[
            "Error: {dir}/protected.xlsx: the workbook is password-protected; remove the password (File > Info > Protect Workbook) and save it again",
        ],
        row: None,
    },
    Case {
        file: "no-lists.xlsx",
        as_contacts: false,
        exit: 1,
        expect: &[
            "Error: {dir}/no-lists.xlsx: no sheet of this workbook holds a recognisable list (an Annex A list, a CIN census table, or a table with an event-date column such as Date of Contact); check the header rows",
        ],
        row: None,
    },
    Case {
        file: "folder.csv",
        as_contacts: true,
        exit: 1,
        expect: &[
            "Error: {dir}/folder.csv: this folder holds no .csv, .tsv or .txt exports or workbooks; point at the folder of exports, or at the files themselves",
        ],
        row: None,
    },
    Case {
        file: "no-csv",
        as_contacts: false,
        exit: 1,
        expect: &[
            "Error: {dir}/no-csv: this folder holds no .csv, .tsv or .txt exports or workbooks; point at the folder of exports, or at the files themselves",
        ],
        row: None,
    },
    Case {
        file: "unnamed",
        as_contacts: false,
        exit: 1,
        expect: &[
            "Error: {dir}/unnamed: nothing to count: no input is named after a measure or recognised by its headers ({dir}/unnamed/list1.csv: ignored (not named after a measure, and its headers are not an Annex A list, a CIN census table or an export with a known event-date column))",
        ],
        row: None,
    },
    Case {
        file: "unterminated-quote.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            "unterminated-quote.csv: the file has an odd number of quote marks, so a quoted field opened at or before line 3 may never be closed and may have swallowed the rows after it; check that row",
        ],
        row: Some("contacts,Contacts,,2,,"),
    },
    Case {
        file: "all-rejected.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            "3 rows read; 1 in 2020/21, 0 in 2019/20, 0 outside; 2 rejected (1 unreadable, 1 impossible) at lines 2, 3",
        ],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "text-dates.csv",
        as_contacts: true,
        // A date column that yields no date is refused, not shown as 0 against 0; the values'
        // shapes are named, never the values.
        exit: 1,
        expect: &[
            "Error: {dir}/text-dates.csv, column \"Date of Contact\": none of this column's 2 dates could be read (2 unreadable); \
             they look like AAA…-AAA…, AAA… (first at lines 2, 3). cscstats reads day-first dates (01/04/2020, 2020-04-01, \
             01-APR-20, 1 April 2020, …; see \"Dates\" in the guide); correct the export, or name the right column with --date-column",
        ],
        row: None,
    },
    Case {
        file: "far-dates.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            "3 rows read; 1 in 2020/21, 0 in 2019/20, 0 outside; 2 rejected (2 outside 1900–2099) at lines 2, 3",
        ],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "two-digit-years.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            "3 rows read; 1 in 2020/21, 0 in 2019/20, 0 outside; 2 rejected (2 two-digit years (write the year in full)) at lines 2, 3",
        ],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "excel-serials.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            // An event-date column's Excel serials are its dates (43922 is 1 April 2020).
            "3 rows read; 3 in 2020/21, 0 in 2019/20, 0 outside; none rejected",
        ],
        row: Some("contacts,Contacts,,3,,"),
    },
    Case {
        file: "mixed-date-styles.csv",
        as_contacts: true,
        exit: 0,
        expect: &["5 rows read; 5 in 2020/21, 0 in 2019/20, 0 outside; none rejected"],
        row: Some("contacts,Contacts,,5,,"),
    },
    Case {
        file: "crlf-bad-row.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            "2 rows read; 1 in 2020/21, 0 in 2019/20, 0 outside; 1 rejected (1 impossible) at line 3",
        ],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "cr-line-ends.csv",
        as_contacts: true,
        exit: 0,
        expect: &["2 rows read; 2 in 2020/21, 0 in 2019/20, 0 outside; none rejected"],
        row: Some("contacts,Contacts,,2,,"),
    },
    Case {
        file: "semicolon.csv",
        as_contacts: true,
        exit: 0,
        expect: &["2 rows read; 2 in 2020/21, 0 in 2019/20, 0 outside; none rejected"],
        row: Some("contacts,Contacts,,2,,"),
    },
    Case {
        file: "utf16-bom.csv",
        as_contacts: true,
        exit: 0,
        expect: &["2 rows read; 1 in 2020/21, 1 in 2019/20, 0 outside; none rejected"],
        // 2019/20 has 366 days, 2020/21 365: the change in the daily rate.
        row: Some("contacts,Contacts,1,1,0,0.274"),
    },
    Case {
        file: "invalid-utf8.csv",
        as_contacts: true,
        exit: 0,
        expect: &["1 row read; 1 in 2020/21, 0 in 2019/20, 0 outside; none rejected"],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "5000-columns.csv",
        as_contacts: true,
        exit: 0,
        expect: &["1 row read; 1 in 2020/21, 0 in 2019/20, 0 outside; none rejected"],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "duplicate-headers.csv",
        as_contacts: true,
        exit: 0,
        expect: &[
            "duplicate-headers.csv: the header \"Date of Contact\" appears in columns 2 and 4; the first is used",
        ],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "empty-header-names.csv",
        as_contacts: true,
        exit: 0,
        expect: &["empty-header-names.csv: 2 columns with no header name (columns 1, 4), not used"],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "header-newline.csv",
        as_contacts: true,
        exit: 0,
        expect: &["header-newline.csv [contacts, \"Date of Contact\"]: 1 row read"],
        row: Some("contacts,Contacts,,1,,"),
    },
    Case {
        file: "blank-ids.csv",
        as_contacts: true,
        exit: 0,
        expect: &["2 rows read; 2 in 2020/21, 0 in 2019/20, 0 outside; none rejected"],
        row: Some("contacts,Contacts,,2,,"),
    },
    Case {
        file: "réf contacts (copie).csv",
        as_contacts: true,
        exit: 0,
        expect: &["réf contacts (copie).csv [contacts, \"Date of Contact\"]: 2 rows read"],
        row: Some("contacts,Contacts,1,1,0,0.274"),
    },
];

#[test]
fn every_malformed_input_gets_its_exact_message() {
    let dir = repo("testdata/bad").display().to_string();
    let work = Workdir::new();
    let listed: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(repo("testdata/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    for file in &on_disk {
        assert!(
            listed.contains(&file.as_str()),
            "{file} is in testdata/bad but not in this table"
        );
    }
    assert!(CASES.len() >= 30);
    for case in CASES {
        let path = format!("{dir}/{}", case.file);
        let input = if case.as_contacts {
            format!("contacts={path}")
        } else {
            path.clone()
        };
        let run = work.run(&[
            "compare",
            "-p",
            "2020-21",
            "--verbose",
            "-f",
            "csv",
            "-o",
            "out.csv",
            &input,
        ]);
        let stderr = run.stderr.replace(&dir, "{dir}");
        assert_eq!(run.code, case.exit, "{}:\n{stderr}", case.file);
        if case.exit != 0 {
            let error = stderr.lines().last().unwrap_or_default();
            assert_eq!(error, case.expect[0], "{}", case.file);
            continue;
        }
        for line in case.expect {
            assert!(
                stderr.contains(line),
                "{}: missing {line:?} in\n{stderr}",
                case.file
            );
        }
        let written = work.read("out.csv");
        assert!(
            !written.contains(MARKER),
            "{}: a cell value reached the output file",
            case.file
        );
        assert_eq!(
            common::without_spans(&written).lines().nth(1),
            case.row,
            "{}",
            case.file
        );
    }
}

#[test]
fn a_ten_megabyte_field() {
    let work = Workdir::new();
    let mut text = String::from("Child Unique ID,Date of Contact,Notes\n");
    text.push_str(&format!(
        "{MARKER},01/04/2020,\"{}\"\n",
        MARKER.repeat(10 * 1024 * 1024 / MARKER.len())
    ));
    text.push_str(&format!("{MARKER},02/04/2020,short\n"));
    work.write("contacts.csv", text);
    let run = work.run(&[
        "compare",
        "-p",
        "2020-21",
        "-f",
        "csv",
        "-v",
        "contacts.csv",
    ]);
    assert_eq!(run.csv().lines().nth(1), Some("contacts,Contacts,,2,,"));
}

#[test]
fn standard_input_is_named_in_errors() {
    let work = Workdir::new();
    let run = work.run_with_stdin(
        &["compare", "-p", "2020-21", "contacts=-"],
        format!("Child Unique ID,Date of Contact\n{MARKER},01/04/2020,{MARKER}\n").as_bytes(),
    );
    assert_eq!(
        run.fails(1),
        "Error: <stdin>, line 2: this row has 3 fields but the header has 2; look for an unquoted comma or a missing field in that row, or a quote that is never closed above it"
    );
}

#[test]
fn blank_child_ids_when_counting_children() {
    let run = Workdir::new().run(&[
        "compare",
        "-p",
        "2020-21",
        "--count",
        "children",
        "-f",
        "csv",
        &format!("contacts={}", repo("testdata/bad/blank-ids.csv").display()),
    ]);
    assert_eq!(
        run.csv().lines().nth(1),
        Some("contacts,Contacts,children,,0,,")
    );
    assert!(
        run.stderr.contains("; 2 without a child ID"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_panic_is_an_internal_error_with_exit_70() {
    let work = Workdir::new();
    let out = work
        .command()
        .args(["compare", "-p", "2020", "x.csv"])
        .env("CSCSTATS_TEST_PANIC", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("Error: internal error at src/app/mod.rs:"),
        "{stderr}"
    );
    assert!(stderr.ends_with("; please report it\n"), "{stderr}");
    assert!(
        !stderr.contains("backtrace") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert_eq!(out.stdout, b"");
}
