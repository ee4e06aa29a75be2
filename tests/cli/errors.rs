//! Bad input and bad usage: one clear line naming file and line, the documented exit code,
//! no table, and never a value from a data row (the harness checks every run for the marker
//! planted in the fixtures' cells).
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};

fn bad(name: &str) -> String {
    repo(&format!("testdata/bad/{name}")).display().to_string()
}

#[test]
fn bad_inputs_give_one_located_line_and_exit_1() {
    let dir = Workdir::new();
    let cases = [
        (
            "empty.csv",
            ": the file is empty; export it again with a header row and data rows",
        ),
        (
            "header-only.csv",
            ": the file has a header row but no data rows; check the export covers the period",
        ),
        (
            "ragged.csv",
            ", line 3: this row has 4 fields but the header has 3; look for an unquoted comma or a \
             missing field in that row, or a quote that is never closed above it",
        ),
        (
            "no-date-column.csv",
            ": no event-date column for contacts found (its first row has 4 columns); pass --date-column contacts=HEADER",
        ),
        (
            "blank-lines.csv",
            ", line 1: the first line is blank, but a header row was expected there",
        ),
        (
            "nul-bytes.csv",
            ": the file contains NUL bytes, so it is not a text CSV; export it again as CSV",
        ),
        (
            "workbook.csv",
            ": cannot be read as a workbook: it is damaged, or a zip archive that is not a workbook; \
             open it in Excel and save it again as .xlsx (or as CSV)",
        ),
        (
            "unnamed/list1.csv",
            ": cannot tell which measure this file holds: its first row has 3 columns, and its header is not an Annex A list's, a CIN census \
             table's or an export's with a known event-date column; \
             name the file after a measure (contacts.csv, …) or write MEASURE=",
        ),
        (
            "no-csv",
            ": this folder holds no .csv, .tsv or .txt exports or workbooks; point at the folder of exports, or at the files themselves",
        ),
        (
            "missing.csv",
            ": no such file; check the path (run from the folder the path is relative to)",
        ),
    ];
    for (name, message) in cases {
        // A file with no measure in its name is recognised (or not) by its headers.
        let input = match name.starts_with("unnamed") {
            true => bad(name),
            false => format!("contacts={}", bad(name)),
        };
        let run = dir.run(&["compare", "-p", "2020-21:Q1-Q2", &input]);
        let mut expected = format!("Error: {}{message}", bad(name));
        if expected.ends_with("MEASURE=") {
            expected.push_str(&bad(name));
        }
        assert_eq!(run.fails(1), expected, "{name}");
    }
}

#[test]
fn rejected_rows_are_reported_by_line_not_by_value() {
    let run = Workdir::new().run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        &format!("contacts={}", bad("all-rejected.csv")),
    ]);
    run.ok();
    assert!(
        run.stderr.contains("3 rows read; 1 in 2020, 0 in 2019, 0 outside; 2 rejected (1 unreadable, 1 impossible) at lines 2, 3\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = Workdir::new();
    dir.write("contacts.csv", "Date of Contact\n01/04/2020\n");
    let cases: [(&[&str], &str); 8] = [
        (
            &["-p", "2020-22", "contacts.csv"],
            "Error: cannot read period '2020-22': '2020-22' is not a financial year: the second year must \
             follow the first, as in 2020-21; write 2020-21:Q1-Q2 (quarters of a financial year), 2020-21 or \
             2020/21 (a financial year), 2020-04..2020-09 (a range of months), 2020-04 (a month) or 2020 (a calendar year)",
        ),
        (
            &["-p", "2020-21", "-b", "2020-04", "contacts.csv"],
            "Error: the baseline (2020-04-01 to 2020-04-30) overlaps the period (2020-04-01 to 2021-03-31); \
             choose periods that do not share a month",
        ),
        (
            &["-p", "2020", "visits=contacts.csv"],
            "Error: input 'visits=contacts.csv': 'visits' is not a measure; measures are contacts, referrals, \
             assessments, strategy-discussions, s47-enquiries, icpcs, cp-plan-starts",
        ),
        (
            &[
                "-p",
                "2020",
                "--date-column",
                "contacts=DOB",
                "contacts.csv",
            ],
            "Error: --date-column 'contacts=DOB': a date of birth is never an event date; name the column \
             holding the contacts dates",
        ),
        (
            &["-p", "2020", "-o", "out.xls", "contacts.csv"],
            "Error: --output out.xls: cannot tell the format from the extension; use .txt, .csv, .md, \
             .json, .xlsx, .html or .docx, or pass --format",
        ),
        (
            &["-p", "2020", "-o", "missing/out.csv", "contacts.csv"],
            "Error: --output missing/out.csv: the folder missing does not exist; create it first",
        ),
        (
            &[
                "-p",
                "2020",
                "-o",
                "contacts.csv",
                "-f",
                "csv",
                "contacts.csv",
            ],
            "Error: --output contacts.csv: that is one of the inputs; write the results somewhere else",
        ),
        (
            &["-p", "2020", "-", "contacts.csv"],
            "Error: standard input needs a measure: write MEASURE=- (for example contacts=-)",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["compare"];
        all.extend_from_slice(args);
        assert_eq!(dir.run(&all).fails(2), message, "{args:?}");
    }
    // The input that was nearly overwritten is untouched.
    assert_eq!(dir.read("contacts.csv"), "Date of Contact\n01/04/2020\n");
    // clap's own usage errors also exit 2 (their message spans several lines).
    let run = dir.run(&["compare", "contacts.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--period <PERIOD>"), "{}", run.stderr);
}

#[test]
fn output_files_are_replaced_whole_and_only_on_success() {
    let dir = Workdir::new();
    dir.write("contacts.csv", "Date of Contact\n01/04/2020\n");
    dir.write("out.csv", "previous results\n");
    // A failing run leaves the previous output as it was, and no temporary file behind.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020",
        "-o",
        "out.csv",
        &format!("referrals={}", bad("empty.csv")),
    ]);
    run.fails(1);
    assert_eq!(
        common::without_spans(&dir.read("out.csv")),
        "previous results\n"
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020",
        "-o",
        "out.csv",
        "-q",
        "contacts.csv",
    ]);
    run.csv();
    assert_eq!(
        common::without_spans(&dir.read("out.csv")),
        "measure,label,baseline,current,change,change_pct\ncontacts,Contacts,,1,,\n"
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cscstats-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // `--output -` is standard output.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020",
        "-o",
        "-",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    assert_eq!(
        run.csv(),
        "measure,label,baseline,current,change,change_pct\ncontacts,Contacts,,1,,\n"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_not_a_success() {
    let dir = Workdir::new();
    dir.write("contacts.csv", "Date of Contact\n01/04/2020\n");
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let out = dir
        .command()
        .args(["compare", "-p", "2020", "contacts.csv"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "Error: cannot write the results to standard output: No space left on device"
        ),
        "{stderr}"
    );
}

#[test]
fn two_threads_count_exactly_like_one() {
    // Just over 8 MiB, so the file is split in two; every record holds a quoted line break,
    // CRLF ends, a BOM and Windows-1252 bytes; bad dates are scattered.
    let dir = Workdir::new();
    let mut bytes = b"\xEF\xBB\xBFChild Unique ID,Date of Contact,Contact Source\r\n".to_vec();
    let mut i = 0u32;
    while bytes.len() < 8_500_000 {
        let date = if i.is_multiple_of(1001) {
            "31/02/2019".to_string()
        } else {
            format!("{:02}/{:02}/{}", i % 28 + 1, i % 12 + 1, 2016 + i % 8)
        };
        bytes.extend_from_slice(format!("C{i},{date},").as_bytes());
        bytes.extend_from_slice(b"\"Children\x92s centre,\r\n\"\"north\"\"\"\r\n");
        i += 1;
    }
    dir.write("contacts.csv", &bytes);
    let one = dir.run(&[
        "monthly",
        "--months",
        "2016-04..2023-12",
        "-f",
        "json",
        "--threads",
        "1",
        "contacts.csv",
    ]);
    let two = dir.run(&[
        "monthly",
        "--months",
        "2016-04..2023-12",
        "-f",
        "json",
        "--threads",
        "2",
        "contacts.csv",
    ]);
    // The same tables; only the provenance record's command differs.
    assert_eq!(
        common::without_provenance(one.ok()),
        common::without_provenance(two.ok())
    );
    assert_eq!(one.stderr, two.stderr);
    assert!(
        one.stderr.contains("rejected (") && one.stderr.contains("impossible) at lines 2, 2004,"),
        "{}",
        one.stderr
    );
}

#[cfg(target_os = "linux")]
#[test]
fn devices_are_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    // An atomic write renames a temporary file over its target: over /dev/null that would
    // replace the device with a file (it did, once, before this test).
    let dir = Workdir::new();
    dir.write("contacts.csv", "Date of Contact\n01/04/2020\n");
    let run = dir.run(&[
        "compare",
        "-p",
        "2020",
        "-o",
        "/dev/null",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    assert_eq!(run.ok(), "");
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let full = dir.run(&[
        "compare",
        "-p",
        "2020",
        "-o",
        "/dev/full",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    assert_eq!(
        full.fails(1),
        "Error: /dev/full: cannot write: No space left on device (os error 28)"
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn line_numbers_count_blank_lines_and_title_rows() {
    let dir = Workdir::new();
    // Title on line 1, blank line 2, header on line 3, a blank line 5 and two more at 7–8.
    dir.write(
        "contacts.csv",
        "Contacts report\n\nChild ID,Date of Contact\nA,01/04/2020\n\nB,xx\n\n\nC,\"yy\nzz\"\nD,31/02/2020\n",
    );
    let run = dir.run(&["compare", "-p", "2020-21", "contacts.csv"]);
    assert!(
        run.stderr
            .contains("3 rejected (2 unreadable, 1 impossible) at lines 6, 9, 11"),
        "{}",
        run.stderr
    );
    let inspect = dir.run(&["inspect", "contacts.csv"]);
    assert!(inspect.ok().contains("header row 3,"), "{}", inspect.stdout);
}

/// `--db` on the command line: a password in the connection string is refused before
/// anything connects, and never repeated; the companions need `--db`; files and `--db` do not
/// mix. All usage errors (exit 2).
#[test]
fn database_options_are_checked_before_connecting() {
    let dir = Workdir::new();
    dir.write("contacts.csv", "Child ID,Date of Contact\nA,01/04/2020\n");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--db", "DSN=ssd", "--dedupe"],
            "Error: --dedupe is for reading files; with --db the SSD's own columns are read, one row per event",
        ),
        (
            &[
                "--db",
                "Driver={PostgreSQL Unicode};Server=db;Uid=me;Pwd=hunter2",
            ],
            "Error: --db: the connection string holds a password (Pwd=); leave it out and put the password in CSCSTATS_DB_PASSWORD or a file named by --db-password-file",
        ),
        (
            &["--db-schema", "ssd", "contacts.csv"],
            "Error: --db-schema goes with --db CONNECTION, which is not given",
        ),
        (
            &["--db", "DSN=ssd", "contacts.csv"],
            "Error: --db reads the Standard Safeguarding Dataset from the database; give input files or --db, not both",
        ),
        (
            &[
                "--db",
                "DSN=ssd",
                "--db-table",
                "contacts=ssd; DROP TABLE x",
            ],
            "Error: --db-table ssd; DROP TABLE x: not a plain table or schema name (letters, digits and _, starting with a letter)",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["compare", "--period", "2020-21"];
        all.extend_from_slice(args);
        assert_eq!(dir.run(&all).fails(2), message, "{args:?}");
    }
}

/// A build without the `db` feature says how to get one.
#[cfg(not(feature = "db"))]
#[test]
fn without_the_database_feature_db_says_how_to_build_it() {
    let run = Workdir::new().run(&["compare", "--period", "2020-21", "--db", "DSN=ssd"]);
    assert_eq!(
        run.fails(2),
        "Error: --db: this cscstats was built without database support; install the unixODBC driver manager (Debian: apt install unixodbc-dev) and build with `cargo install --path . --features db`"
    );
}

/// `--expected` takes an optional number of years; a folder after it is taken as its value.
/// The error says so, instead of "invalid digit found in string" (issue 29).
#[test]
fn expected_given_a_path_says_what_it_takes() {
    let dir = Workdir::new();
    let run = dir.run(&["compare", "-p", "2020-21", "--expected", "exports/2021"]);
    assert_eq!(run.code, 2);
    let err = run.stderr.clone();
    assert!(
        err.starts_with(
            "error: invalid value 'exports/2021' for '--expected [<N>]': that is a path, not a number of years. \
             --expected takes an optional number (1 to 10); put the inputs before it or give the number: --expected 3 FOLDER"
        ),
        "{err}"
    );
}

/// On a terminal of 40 columns the table's notes and the summary wrap between words, never
/// inside one; the table itself keeps its width (issue 29).
#[test]
fn notes_wrap_between_words_at_the_terminal_width() {
    let dir = Workdir::new();
    let example = repo("examples/committee-2021").display().to_string();
    let run = dir.run_with_env(
        &[
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "-q",
            "--summary",
            "--intervals",
            &example,
        ],
        "COLUMNS",
        "40",
    );
    let text = run.ok();
    let summary = text.split("Summary\n").nth(1).unwrap();
    assert!(
        summary.lines().all(|l| l.chars().count() <= 40),
        "{summary}"
    );
    assert!(
        summary.starts_with("  Section 47 enquiries rose by 33%, from\n  762 to 1,010.\n"),
        "{summary}"
    );
    // The note under the table wraps too, between words.
    assert!(
        text.contains(
            "Intervals at 95%: a count's change as\nthe ratio of its daily rates (Poisson,\n"
        ),
        "{text}"
    );
}
