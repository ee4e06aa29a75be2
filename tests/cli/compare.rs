//! `cscstats compare` end to end: the bundled example, every output format, every input shape.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};
use serde::Deserialize;

fn example() -> String {
    repo("examples/committee-2021").display().to_string()
}

#[test]
fn example_prints_the_committee_table() {
    let run = Workdir::new().run(&["compare", "--period", "2020-21:Q1-Q2", &example()]);
    insta::assert_snapshot!("committee_table", run.ok());
    let note = run.stderr.replace(&example(), "examples/committee-2021");
    insta::assert_snapshot!("committee_note", note);
}

/// The JSON contract: exactly these fields (a new one must be a decision, and fail here).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    title: String,
    current: PeriodJson,
    baseline: PeriodJson,
    confidence: f64,
    rows: Vec<RowJson>,
    data_quality: Vec<QualityJson>,
    summary: Vec<String>,
    provenance: serde_json::Value,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct PeriodJson {
    label: String,
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowJson {
    measure: String,
    label: String,
    baseline: u64,
    current: u64,
    change: i64,
    change_pct: Option<f64>,
    change_pct_low: Option<f64>,
    change_pct_high: Option<f64>,
    significant: Option<bool>,
    coverage: CoverageJson,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct CoverageJson {
    baseline: String,
    current: String,
    missing: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QualityJson {
    file: String,
    measure: String,
    rows_read: u64,
    rows_current: u64,
    rows_baseline: u64,
    rows_outside: u64,
    rows_rejected: u64,
    rejected_lines: Vec<u64>,
    /// A CIN census table's repeated (child, date) pairs, counted once.
    #[serde(default)]
    duplicates: Option<u64>,
}

/// measure, change_pct_low, change_pct_high, significant
type IntervalTuple<'a> = (&'a str, Option<f64>, Option<f64>, Option<bool>);

/// measure, label, baseline, current, change, change_pct
type RowTuple<'a> = (&'a str, &'a str, u64, u64, i64, Option<f64>);

fn period(label: &str, from: &str, to: &str) -> PeriodJson {
    PeriodJson {
        label: label.into(),
        from: from.into(),
        to: to.into(),
    }
}

#[test]
fn json_contract_on_the_example() {
    let run = Workdir::new().run(&["compare", "-p", "2020-21:Q1-Q2", "-f", "json", &example()]);
    let report: Report = serde_json::from_str(run.ok()).expect("valid JSON contract");
    assert_eq!(report.title, "2020/21 Quarters 1 & 2");
    // Provenance: the version, the command with file names only, each input, the periods.
    let p = &report.provenance;
    assert_eq!(p["tool"], format!("cscstats {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(
        p["command"],
        "cscstats compare -p 2020-21:Q1-Q2 -f json committee-2021"
    );
    assert_eq!(p["inputs"][0]["file"], "contacts.csv");
    assert_eq!(p["inputs"][0]["bytes"], 4523981);
    assert!(p["inputs"][0].get("sha256").is_none());
    assert_eq!(
        p["periods"],
        "2020 is 2020-04-01 to 2020-09-30; 2019 is 2019-04-01 to 2019-09-30"
    );
    assert_eq!(p["disclosure"], "none");
    // The plain-English summary: largest changes first, contacts within the 5% band.
    assert_eq!(
        report.summary,
        [
            "Section 47 enquiries rose by 33%, from 762 to 1,010.",
            "Child protection plan starts rose by 23%, from 358 to 442.",
            "Strategy discussions rose by 22%, from 1,038 to 1,269.",
            "Initial child protection conferences rose by 18%, from 410 to 483.",
            "Referrals fell by 15%, from 2,958 to 2,514.",
            "Assessments fell by 10%, from 2,577 to 2,321.",
            "Contacts fell by 3%, from 11,312 to 11,015.",
        ]
    );
    assert_eq!(report.current, period("2020", "2020-04-01", "2020-09-30"));
    assert_eq!(report.baseline, period("2019", "2019-04-01", "2019-09-30"));
    let rows: Vec<RowTuple> = report
        .rows
        .iter()
        .map(|r| {
            (
                r.measure.as_str(),
                r.label.as_str(),
                r.baseline,
                r.current,
                r.change,
                r.change_pct,
            )
        })
        .collect();
    for row in &report.rows {
        assert_eq!(
            row.coverage,
            CoverageJson {
                baseline: "full".into(),
                current: "full".into(),
                missing: Vec::new()
            }
        );
    }
    assert_eq!(
        rows,
        [
            ("contacts", "Contacts", 11312, 11015, -297, Some(-2.6255)),
            ("referrals", "Referrals", 2958, 2514, -444, Some(-15.0101)),
            ("assessments", "Assessments", 2577, 2321, -256, Some(-9.934)),
            (
                "strategy-discussions",
                "Strategy Discussions",
                1038,
                1269,
                231,
                Some(22.2543)
            ),
            ("s47-enquiries", "Section 47", 762, 1010, 248, Some(32.5459)),
            (
                "icpcs",
                "Initial Child Protection Conferences",
                410,
                483,
                73,
                Some(17.8049)
            ),
            (
                "cp-plan-starts",
                "Child Protection Plan Starts",
                358,
                442,
                84,
                Some(23.4637)
            ),
        ]
    );
    // Every row of every file is accounted for.
    for q in &report.data_quality {
        assert_eq!(
            q.rows_read,
            q.rows_current + q.rows_baseline + q.rows_outside + q.rows_rejected,
            "{}",
            q.file
        );
        assert_eq!(q.rejected_lines.len() as u64, q.rows_rejected, "{}", q.file);
        // The CIN census table repeats one (child, date) pair, collapsed by its grain.
        let census = q.file.ends_with("s47-enquiries.csv");
        assert_eq!(q.duplicates, census.then_some(1), "{}", q.file);
    }
    let contacts = &report.data_quality[0];
    assert!(contacts.file.ends_with("contacts.csv"));
    assert_eq!(
        (
            contacts.measure.as_str(),
            contacts.rows_read,
            contacts.rows_rejected,
            contacts.rejected_lines.clone()
        ),
        ("contacts", 67574, 2, vec![5002, 40002])
    );
    // Which of the committee table's changes are real at 95%: all seven, even contacts' −3%
    // (−5.2% to −0.03%). Checked against scipy (scripts/significance-reference.py).
    assert_eq!(report.confidence, 0.95);
    let intervals: Vec<IntervalTuple> = report
        .rows
        .iter()
        .map(|r| {
            (
                r.measure.as_str(),
                r.change_pct_low,
                r.change_pct_high,
                r.significant,
            )
        })
        .collect();
    assert_eq!(
        intervals,
        [
            ("contacts", Some(-5.1557), Some(-0.0281), Some(true)),
            ("referrals", Some(-19.4428), Some(-10.3388), Some(true)),
            ("assessments", Some(-14.8832), Some(-4.701), Some(true)),
            (
                "strategy-discussions",
                Some(12.5376),
                Some(32.833),
                Some(true)
            ),
            ("s47-enquiries", Some(20.5287), Some(45.8081), Some(true)),
            ("icpcs", Some(3.0622), Some(34.7067), Some(true)),
            ("cp-plan-starts", Some(7.1589), Some(42.3261), Some(true)),
        ]
    );
}

#[test]
fn csv_and_markdown_outputs_follow_the_extension() {
    let dir = Workdir::new();
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "table.csv",
        "-q",
        &example(),
    ]);
    assert_eq!(run.csv(), "");
    assert_eq!(run.stderr, "", "--quiet prints nothing");
    insta::assert_snapshot!(
        "committee_csv",
        common::without_spans(&dir.read("table.csv"))
    );
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "table.md",
        "-q",
        &example(),
    ])
    .csv();
    insta::assert_snapshot!("committee_markdown", dir.read("table.md"));
    // An explicit --format wins over the extension.
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "t.txt",
        "-f",
        "json",
        "-q",
        &example(),
    ])
    .csv();
    assert!(
        dir.read("t.txt")
            .starts_with("{\n  \"title\": \"2020/21 Quarters 1 & 2\"")
    );
    assert!(
        common::without_spans(&dir.read("table.csv"))
            .starts_with("measure,label,baseline,current,change,change_pct\n")
    );
}

#[test]
fn every_date_style_is_counted_exactly() {
    // testdata/styles/contacts.csv: 11 rows in Apr–Sep 2020 and an Excel serial (43922, 1 April
    // 2020), 4 in Apr–Sep 2019, 5 just outside, 5 bad dates (one of them "N/A", read as a blank), a row of empty fields and trailing
    // blank lines; a Date of Birth column in the period that must never be counted.
    let run = Workdir::new().run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--decimals",
        "1",
        &repo("testdata/styles/contacts.csv").display().to_string(),
    ]);
    assert_eq!(
        run.ok(),
        "2020/21 Quarters 1 & 2\nMeasure   2019  2020      +/-\nContacts     4    12  +200.0%\n"
    );
    assert!(
        run.stderr.ends_with(
            "contacts.csv [contacts, \"Date of Contact\"] as Annex A List 1 (contacts): 26 rows read; 12 in 2020, 4 in 2019, 5 outside; \
             5 rejected (2 blank, 2 impossible, 1 two-digit years (write the year in full)) at lines 29, 31, 32, 33, 36\n"

        ),
        "{}",
        run.stderr
    );
}

#[test]
fn encodings_and_delimiters() {
    let dir = Workdir::new();
    for (file, extra) in [
        (
            "referrals-cp1252.csv",
            Some("--date-column=referrals=date reçue"),
        ),
        ("referrals-utf16.csv", None),
        ("referrals-semicolon.csv", None),
    ] {
        let path = repo(&format!("testdata/encodings/{file}"))
            .display()
            .to_string();
        let input = format!("referrals={path}");
        let mut args = vec!["compare", "-p", "2020-21:Q1-Q2", "-f", "csv", "-q", &input];
        args.extend(extra);
        assert_eq!(
            dir.run(&args).csv(),
            "measure,label,baseline,current,change,change_pct\nreferrals,Referrals,2,3,1,50\n",
            "{file}"
        );
    }
}

#[test]
fn periods_labels_and_baselines() {
    let dir = Workdir::new();
    let csv = repo("testdata/styles/contacts.csv").display().to_string();
    let head = |args: &[&str]| -> String {
        let mut all = vec!["compare", "-q"];
        all.extend_from_slice(args);
        all.push(&csv);
        dir.run(&all)
            .csv()
            .lines()
            .take(2)
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert_eq!(
        head(&["-p", "2020-21"]),
        "2020/21 | Measure     2019/20  2020/21   +/-"
    );
    assert_eq!(
        head(&["-p", "2020-04..2020-09"]),
        "April–September 2020 | Measure   2019  2020    +/-"
    );
    assert_eq!(
        head(&["-p", "2020-04"]),
        "April 2020 | Measure   2019  2020    +/-"
    );
    assert_eq!(
        head(&["-p", "2020"]),
        "2020 | Measure     2019  2020    +/-"
    );
    assert_eq!(
        head(&["-p", "2019-20:Q4"]),
        "2019/20 Quarter 4 | Measure     2019  2020   +/-"
    );
    // A baseline in the same calendar year is labelled by its months.
    assert_eq!(
        head(&["-p", "2020-10", "-b", "2020-09"]),
        "October 2020 | Measure     Sep 2020  Oct 2020   +/-"
    );
    // Q4 of 2019/20 holds 29 February 2020 and 31 March 2020; Q4 2018/19 holds 31 March 2019.
    // The quarters are 91 and 90 days long: the percent change is the daily rate's.
    let run = dir.run(&["compare", "-p", "2019-20:Q4", "-f", "csv", "-q", &csv]);
    assert_eq!(
        run.csv().lines().nth(1),
        Some("contacts,Contacts,1,2,1,97.8022")
    );
}

#[test]
fn stdin_and_measure_ids() {
    let dir = Workdir::new();
    let events = "ICPC Date\n01/05/2020\n02/05/2020\n01/05/2019\n";
    let run = dir.run_with_stdin(
        &["compare", "-p", "2020-21:Q1", "icpcs=-"],
        events.as_bytes(),
    );
    assert_eq!(
        run.ok(),
        "2020/21 Quarter 1\nMeasure                                 2019  2020    +/-\n\
         Initial Child Protection Conferences †     1     2  +100%\n\
         † The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).\n"
    );
    assert!(
        run.stderr
            .contains("<stdin> [icpcs, \"ICPC Date\"]: 3 rows read")
    );
}

#[test]
fn measures_without_input_are_left_out_and_zero_baselines_are_not_numbers() {
    let dir = Workdir::new();
    dir.write("cp-plan-starts.csv", "CPPstartDate\n2020-05-01\n");
    dir.write("s47.csv", "S47ActualStartDate\n2019-05-01\n2020-05-01\n");
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "cp-plan-starts.csv",
        "s47.csv",
    ]);
    assert_eq!(
        run.ok(),
        "2020/21 Quarter 1\nMeasure                         2019  2020  +/-\n\
         Section 47 †                       1     1   0%\n\
         Child Protection Plan Starts †   [x]     1  [x]\n\
         † The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).\n\
         [x] No data: the inputs hold nothing for this span, so there is no figure (it is not zero) and no change.\n"
    );
    let json = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "-f",
        "json",
        "cp-plan-starts.csv",
    ]);
    let json = json.ok();
    // No data is null with its status, never 0, and nothing is called significant.
    assert!(
        json.contains("\"baseline\": null,\n      \"current\": 1,"),
        "{json}"
    );
    assert!(json.contains("\"change_pct\": null"));
    assert!(json.contains("\"significant\": null"));
    assert!(json.contains("\"baseline_status\": \"no_data\""));
    assert!(!json.contains("\"significant\": true"));
}

#[test]
fn folders_note_what_they_skip_and_several_files_add_up() {
    let dir = Workdir::new();
    dir.write("in/contacts.csv", "Date of Contact\n01/04/2020\n");
    dir.write("in/contacts-2.csv", "x\n1\n");
    dir.write("in/readme.md", "notes");
    dir.write("more/contact.csv", "Contact Date\n02/04/2020\n03/04/2019\n");
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "in",
        "more/contact.csv",
        "in/contacts.csv",
    ]);
    assert_eq!(
        run.ok(),
        "2020/21 Quarter 1\nMeasure     2019  2020    +/-\nContacts †     1     2  +100%\n† The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).\n"
    );
    let notes: Vec<&str> = run.stderr.lines().skip(3).collect();
    assert_eq!(
        notes,
        [
            "  in/readme.md: ignored (not a .csv, .tsv or .txt export or a workbook)",
            "  in/contacts-2.csv: ignored (not named after a measure, and its headers are not an Annex A list, \
             a CIN census table or an export with a known event-date column)",
            "  in/contacts.csv: given more than once; read once",
            // Coverage to the day: the inputs stop on 2 April, so the rest of the quarter is missing.
            "  contacts: † partial coverage: the inputs span 2019-04-01 to 2020-04-02; no data for 2020-04-03 to 2020-06-30 \
             (Apr–Jun 2020 partial, Apr–Jun 2019 full)",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn date_column_override_and_strict() {
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        "Received On,Date of Contact\n01/04/2020,01/04/2019\n02/04/2020,\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    // "Date of Contact" (not "Received On") is counted: one contact in 2019, none dated in
    // 2020, so 2020 has no data at all: no figure, no change.
    assert_eq!(run.csv().lines().nth(1), Some("contacts,Contacts,1,,,"));
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "-f",
        "csv",
        "-q",
        "--date-column",
        "contacts=RECEIVED_ON",
        "contacts.csv",
    ]);
    assert_eq!(run.csv().lines().nth(1), Some("contacts,Contacts,,2,,"));
    let run = dir.run(&["compare", "-p", "2020-21:Q1", "--strict", "contacts.csv"]);
    assert_eq!(
        run.fails(1),
        "Error: contacts.csv, column \"Date of Contact\": 1 row(s) have no usable date (first at lines 3); \
         correct them, or drop --strict to leave them out and report them"
    );
}

/// Dates as real exports write them, on files an independent tester wrote from the issue's
/// text alone (with figures derived from the generator's event list, not from the files):
/// Oracle `DD-MON-RR`, Oracle with times, Excel serials, weekday and long dates, no-break
/// spaces, UTC instants and offsets moved to the UK day, a mix with three bad rows.
#[test]
fn every_export_date_style_gives_the_independent_figures() {
    let cases = [
        ("oracle_rr", (24, 18), (25, 25)),
        ("oracle_full_time", (30, 16), (25, 30)),
        ("excel_serial", (31, 21), (27, 31)),
        ("weekday", (27, 17), (28, 27)),
        ("long_weekday", (27, 15), (21, 30)),
        ("nbsp", (29, 17), (26, 24)),
        ("utc_instants", (37, 29), (25, 27)),
        ("offsets", (30, 20), (27, 30)),
        ("mixed", (31, 20), (30, 23)),
    ];
    let dir = Workdir::new();
    for (file, q1, q2) in cases {
        let input = format!(
            "contacts={}",
            repo(&format!("testdata/dates-27/{file}.csv")).display()
        );
        for (period, (before, now)) in [("2020-21:Q1", q1), ("2020-21:Q2", q2)] {
            let run = dir.run(&["compare", "-p", period, "-f", "csv", "-q", &input]);
            let line = run.csv().lines().nth(1).unwrap_or_default().to_string();
            let prefix = format!("contacts,Contacts,{before},{now},");
            assert!(line.starts_with(&prefix), "{file} {period}: {line}");
        }
    }
    // Every time is refused as a time ("2021", "25:00"): the column yields nothing, exit 1.
    let bad = format!(
        "contacts={}",
        repo("testdata/dates-27/bad_time.csv").display()
    );
    let run = dir.run(&["compare", "-p", "2020-21:Q1", "-q", &bad]);
    let error = run.fails(1);
    assert!(
        error.contains("column \"Date of Contact\": none of this column's 167 dates could be read (167 unreadable); they look like DD/DD/DDDD DD:DD:DD, DD/DD/DDDD DDDD, DD/DD/DDDD DD:DD"),
        "{error}"
    );
}

/// An extract taken on 15 March 2024 (in its file name, or in a "Data correct as at" line)
/// covers half of March: Q4 is partial, with the missing days named; one taken on 31 March
/// whose last referral is on 20 March covers the whole quarter.
#[test]
fn coverage_runs_to_the_extract_date_to_the_day() {
    let dir = Workdir::new();
    for file in [
        "Referrals extract 2024-03-15.csv",
        "referrals_correct_as_at.csv",
    ] {
        let input = format!(
            "referrals={}",
            repo(&format!("testdata/dates-27/{file}")).display()
        );
        let run = dir.run(&["compare", "-p", "2023-24:Q4", &input]);
        assert!(
            // 91 days against 90: the change in the daily rate (51/91 against 38/90).
            run.ok().contains("Referrals †    38    51  +33%"),
            "{file}: {}",
            run.stdout
        );
        assert!(
            run.stderr.contains(
                "referrals: † partial coverage: the inputs span 2019-04-01 to 2024-03-15; no data for 2024-03-16 to 2024-03-31 \
                 (Jan–Mar 2024 partial, Jan–Mar 2023 full)"
            ),
            "{file}: {}",
            run.stderr
        );
        dir.run(&["compare", "-p", "2023-24:Q4", "--strict", &input])
            .fails(1);
    }
    let input = format!(
        "referrals={}",
        repo("testdata/dates-27/Referrals extracted 2024-03-31.csv").display()
    );
    let run = dir.run(&["compare", "-p", "2023-24:Q4", "--strict", &input]);
    assert_eq!(
        run.ok(),
        "2023/24 Quarter 4\nMeasure    2023  2024   +/-\nReferrals    39    50  +27%\n\
         The period and its baseline differ in length (91 and 90 days): each % change is the change in the daily rate.\n"
    );
}

/// A span with no data has no figure in any format: `[x]`, never 0, and no change.
#[test]
fn a_span_without_data_is_x_in_every_format() {
    use calamine::Reader;
    let dir = Workdir::new();
    // Contacts from 1 April 2020 to 30 June 2020 only: 2019's Q1 has no data at all.
    dir.write(
        "contacts.csv",
        "Child ID,Date of Contact\nA,01/04/2020\nB,15/05/2020\nC,30/06/2020\n",
    );
    let args = |extra: &[&str]| {
        let mut all = vec!["compare", "-p", "2020-21:Q1", "-q"];
        all.extend_from_slice(extra);
        all.push("contacts.csv");
        all.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        dir.run(&a).ok().to_string()
    };
    assert_eq!(
        run(&[]),
        "2020/21 Quarter 1\nMeasure   2019  2020  +/-\nContacts   [x]     3  [x]\n\
         [x] No data: the inputs hold nothing for this span, so there is no figure (it is not zero) and no change.\n"
    );
    // Markdown escapes the brackets (`\[x\]` reads as [x], never a link).
    let markdown = run(&["-f", "markdown"]);
    assert!(
        markdown.contains("| Contacts | \\[x\\] |    3 | \\[x\\] |"),
        "{markdown}"
    );
    let html = run(&["-f", "html"]);
    assert!(html.contains(">[x]<"), "{html}");
    // The chart's text alternative says no data, not withheld.
    assert!(html.contains("Contacts: 2019 [x], 2020 3 ([x])."), "{html}");
    assert!(!html.contains(">0<"), "{html}");
    assert_eq!(
        run(&["-f", "csv", "--csv-layout", "tidy"])
            .lines()
            .skip(1)
            .map(|l| l.split(',').take(8).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>(),
        [
            "contacts,Contacts,,events,2019-04-01,2019-06-30,,[x]",
            "contacts,Contacts,,events,2020-04-01,2020-06-30,3,",
        ]
    );
    // Excel: the cell holds the symbol as text, not a number 0.
    let a = args(&["-o", "t.xlsx"]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    dir.run(&a).ok();
    let bytes = std::fs::read(dir.path("t.xlsx")).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Table 1").unwrap();
    let cells: Vec<String> = range.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert_eq!(cells.iter().filter(|c| *c == "[x]").count(), 2, "{cells:?}");
    // Word: the symbol in the table's XML.
    let a = args(&["-o", "t.docx"]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    dir.run(&a).ok();
    let docx = std::fs::read(dir.path("t.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains(">[x]<"));
}

/// Coverage is the days the inputs hold: a gap between two extracts is missing (the summary's
/// hull would hide it); a date in a title long after the last event is a report's parameters,
/// not the extract's date; a partly covered span gets no interval; a span with no data at all
/// is named as such, not as partial.
#[test]
fn coverage_holes_late_dates_and_partial_spans() {
    let dir = Workdir::new();
    dir.write(
        "Referrals extract 2019-09-30.csv",
        "Child ID,Referral Date\nA,01/04/2019\nB,30/09/2019\n",
    );
    dir.write(
        "Referrals extract 2021-03-31.csv",
        "Child ID,Referral Date\nC,01/04/2020\nD,31/03/2021\n",
    );
    let both = [
        "referrals=Referrals extract 2019-09-30.csv",
        "referrals=Referrals extract 2021-03-31.csv",
    ];
    let run = dir.run(&["compare", "-p", "2020-21", both[0], both[1]]);
    assert!(
        run.ok().contains("Referrals †        2        2   0%"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "referrals: † partial coverage: the inputs span 2019-04 to 2019-09, 2020-04 to 2021-03; \
             no data for 2019-10 to 2020-03 (Apr 2020–Mar 2021 full, Apr 2019–Mar 2020 partial)"
        ),
        "{}",
        run.stderr
    );
    dir.run(&["compare", "-p", "2020-21", "--strict", both[0], both[1]])
        .fails(1);
    // Parameters in a title line: the extract ends at its last event, not in 2025.
    dir.write(
        "Referrals report.csv",
        "Referrals report - parameters: 01/04/2023 to 31/03/2025\nChild ID,Referral Date\n\
         A1,03/04/2023\nA2,04/05/2023\nA3,10/06/2023\nA4,11/04/2024\nA5,12/05/2024\n",
    );
    let run = dir.run(&["compare", "-p", "2024-25:Q2", "Referrals report.csv"]);
    assert!(
        run.ok().contains("Referrals     0   [x]  [x]"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains(
        "Referrals report.csv: the date 2025-03-31 in its name or title is more than 92 days after its last event, \
         so it is not taken for the date of the extract (the inputs are taken to end on 2024-05-12)"
    ));
    assert!(run.stderr.contains(
        "referrals: [x] no data: the inputs span 2023-04-01 to 2024-05-12; no data for 2024-07 to 2024-09 \
         (Jul–Sep 2024 none, Jul–Sep 2023 full)"
    ));
    // A span covered in part has its figure, marked, but no interval and no significance.
    let json = dir.run(&[
        "compare", "-p", "2020-21", "-f", "json", "-q", both[0], both[1],
    ]);
    let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    let row = &value["rows"][0];
    assert_eq!(
        (
            &row["baseline"],
            &row["change_pct_low"],
            &row["significant"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        )
    );
}

/// What drove the change (issue 29), on an independent tester's export (testdata/drivers:
/// two title rows, times on some dates, CRLF, rows outside both spans): each group's change
/// and share agree with the figures worked out from the CSV by another program
/// (expected.json); the summary names the drivers and the group that moved against them;
/// under --suppress a withheld group is never named and its change is only in "other
/// groups", with its complement's.
#[test]
fn drivers_name_the_groups_behind_a_change() {
    let csv = repo("testdata/drivers/referrals.csv").display().to_string();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("testdata/drivers/expected.json")).unwrap(),
    )
    .unwrap();
    let dir = Workdir::new();
    let run = |extra: &[&str]| {
        let mut args = vec!["compare", "-p", "2020-21:Q1-Q2", "-q", &csv];
        args.extend(extra);
        let json: serde_json::Value = serde_json::from_str(dir.run(&args).ok()).unwrap();
        json
    };
    let json = run(&["--by", "Referral Source", "-f", "json"]);
    let drivers = &json["drivers"][0];
    assert_eq!(drivers["measure"], "referrals");
    assert_eq!(drivers["column"], "Referral Source");
    assert_eq!(drivers["change"], expected["change"]);
    let groups = drivers["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 8);
    for g in groups {
        let name = g["group"].as_str().unwrap();
        let want = &expected["groups"][name];
        assert_eq!(g["change"], want["change"], "{name}");
        assert_eq!(g["share"].as_f64(), want["share"].as_f64(), "{name}");
    }
    // Largest contribution to the fall first; the group against it last.
    let order: Vec<&str> = groups
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(order[..2], ["Schools", "Police"]);
    assert_eq!(order.last(), Some(&"Individual"));
    let named: Vec<&str> = groups
        .iter()
        .filter(|g| g["named"] == true)
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["Schools", "Police", "Individual"]);
    assert!(drivers.get("other_groups").is_none(), "{drivers}");
    assert_eq!(
        json["summary"][0],
        "Referrals fell by 14%, from 470 to 404; the fall was in Referral Source \u{201c}Schools\u{201d} (\u{2212}61) and \u{201c}Police\u{201d} (\u{2212}31), offset in part by a rise in \u{201c}Individual\u{201d} (+41)."
    );

    // Withheld: Anonymous (3 in 2020) and, to protect it, the next smallest group.
    let json = run(&["--by", "Referral Source", "--suppress", "5", "-f", "json"]);
    let drivers = &json["drivers"][0];
    let text = drivers.to_string();
    assert!(!text.contains("Anonymous"), "{text}");
    let shown: i64 = drivers["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["change"].as_i64().unwrap())
        .sum();
    assert_eq!(drivers["other_groups"]["change"], -66 - shown);
    assert_eq!(drivers["other_groups"]["change"], -7);
    for format in ["markdown", "html", "csv", "table"] {
        let out = dir
            .run(&[
                "compare",
                "-p",
                "2020-21:Q1-Q2",
                "-q",
                "--suppress",
                "5",
                "--drivers",
                "Referral Source",
                "--summary",
                "-f",
                format,
                &csv,
            ])
            .ok()
            .to_string();
        assert!(!out.contains("Anonymous"), "{format}: {out}");
    }

    // --drivers alone: the groups name the drivers and stay out of the table.
    let out = dir
        .run(&[
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "-q",
            "--drivers",
            "Referral Source",
            "-f",
            "markdown",
            &csv,
        ])
        .ok()
        .to_string();
    assert!(
        out.starts_with(
            "### 2020/21 Quarters 1 & 2\n\n\
             | Measure   | 2019 | 2020 |  +/- |\n\
             | :-------- | ---: | ---: | ---: |\n\
             | Referrals |  470 |  404 | -14% |\n\n\
             ### What drove the change: 2020/21 Quarters 1 & 2\n\n\
             | Measure / Referral Source | Change | Share of change |\n\
             | :------------------------ | -----: | --------------: |\n\
             | Referrals                 |    -66 |          100.0% |\n\
             | Referrals: Schools        |    -61 |           92.4% |\n\
             | Referrals: Police         |    -31 |           47.0% |\n\
             | Referrals: Individual     |    +41 |          -62.1% |\n\
             | Referrals: Other groups   |    -15 |           22.7% |\n"
        ),
        "{out}"
    );
    // Over spans of different lengths (2020/21 has 365 days, 2019/20 366) the baseline is
    // scaled to the period's length, and the sentence says so.
    let out = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-q",
        "--drivers",
        "Referral Source",
        "-f",
        "json",
        &csv,
    ]);
    let json: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    let drivers = &json["drivers"][0];
    assert_eq!(drivers["length_adjusted"], true);
    assert_eq!(drivers["change"], -64);
    assert!(
        json["summary"][0].as_str().unwrap().ends_with(
            "offset in part by a rise in \u{201c}Individual\u{201d} (+42) (changes in events, the baseline scaled to the period's length)."
        ),
        "{}",
        json["summary"][0]
    );
    // A change chance could explain is not put down to its groups, and moves of a few events
    // are not named at all.
    let tiny = repo("testdata/annex-a/lists/List 1 - Contacts.csv")
        .display()
        .to_string();
    let out = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-q",
        "--by",
        "Contact Source",
        "-f",
        "json",
        &tiny,
    ]);
    let json: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        json["summary"][0],
        "Contacts rose by 33%, from 3 to 4, a change that chance alone could explain."
    );
    // One column, not two.
    let err = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--drivers",
        "Referral Source",
        "--by",
        "Allocated Team",
        &csv,
    ]);
    assert_eq!(
        err.fails(2),
        "Error: --drivers Referral Source with --by Allocated Team: the drivers are the --by groups; give one column"
    );
}
