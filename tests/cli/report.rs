//! Report files (`cscstats run`), and the other things scripts rely on: identical bytes for
//! the same question however it is asked, located errors, completions and a man page.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};

fn example() -> String {
    repo("examples/committee-2021").display().to_string()
}

#[test]
fn a_report_and_the_command_line_write_the_same_bytes() {
    let dir = Workdir::new();
    std::fs::create_dir(dir.path("out")).unwrap();
    dir.write(
        "report.toml",
        format!(
            "inputs = [{:?}]\n\n[[compare]]\nperiod = \"2020-21:Q1-Q2\"\noutput = [\"-\", \"out/r.csv\", \"out/r.json\", {{ path = \"out/r.txt\", format = \"markdown\" }}]\n\n\
             [[monthly]]\nyear = \"2020-21\"\ncount = \"both\"\noutput = [\"out/m.csv\", \"out/m.json\"]\n",
            example()
        ),
    );
    let report = dir.run(&["run", "report.toml"]);
    let cli_table = dir.run(&["compare", "--period", "2020-21:Q1-Q2", &example()]);
    assert_eq!(report.ok(), cli_table.ok(), "terminal table");
    for (file, args) in [
        (
            "r.csv",
            vec!["compare", "--period", "2020-21:Q1-Q2", "--format", "csv"],
        ),
        (
            "r.json",
            vec!["compare", "--period", "2020-21:Q1-Q2", "--format", "json"],
        ),
        (
            "r.txt",
            vec![
                "compare",
                "--period",
                "2020-21:Q1-Q2",
                "--format",
                "markdown",
            ],
        ),
        (
            "m.csv",
            vec![
                "monthly", "--year", "2020-21", "--count", "both", "--format", "csv",
            ],
        ),
        (
            "m.json",
            vec![
                "monthly", "--year", "2020-21", "--count", "both", "--format", "json",
            ],
        ),
    ] {
        let data = example();
        let mut args = args;
        args.extend(["-q", data.as_str()]);

        let cli = dir.run(&args);
        let written = dir.read(&format!("out/{file}"));
        // JSON records the command that made it (`run` or `compare`); the rest is the same.
        if file.ends_with(".json") {
            assert_eq!(
                common::without_provenance(&written),
                common::without_provenance(cli.ok()),
                "{file}"
            );
        } else {
            assert_eq!(written, cli.ok(), "{file}");
        }
    }
    // The note is printed for each table, after it.
    assert_eq!(
        report.stderr.matches("Data quality (").count(),
        2,
        "{}",
        report.stderr
    );
    // The same run again writes the same bytes.
    let first = dir.read("out/m.json");
    dir.run(&["run", "report.toml"]).ok();
    assert_eq!(dir.read("out/m.json"), first);
}

#[test]
fn the_shipped_reports_check_and_run() {
    for (name, summary) in [
        ("committee-report.toml", "OK (1 table, 5 outputs)"),
        ("monthly-report.toml", "OK (2 tables, 5 outputs)"),
    ] {
        let path = repo(&format!("examples/{name}")).display().to_string();
        let run = Workdir::new().run(&["run", "--check", &path]);
        assert_eq!(run.csv(), format!("{path}: {summary}\n"));
    }
    // Run a copy beside the example data, so nothing is written into the repository.
    let dir = Workdir::new();
    std::os::unix::fs::symlink(example(), dir.path("committee-2021")).unwrap();
    std::fs::create_dir(dir.path("output")).unwrap();
    let report = std::fs::read_to_string(repo("examples/monthly-report.toml")).unwrap();
    dir.write("monthly-report.toml", report);
    let committee = std::fs::read_to_string(repo("examples/committee-report.toml")).unwrap();
    dir.write("committee-report.toml", committee);
    dir.run(&["run", "-q", "committee-report.toml"]).csv();
    // The Word paper: a zip whose main part holds the table.
    let docx = dir.read_bytes("output/committee.docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(document.contains("<w:tblHeader w:val=\"on\"/>"));
    assert!(document.contains(">11,312<"));
    let run = dir.run(&["run", "-q", "monthly-report.toml"]);
    assert!(
        run.csv().starts_with("2020/21 by month\n"),
        "{}",
        run.stdout
    );
    let csv = common::without_spans(&dir.read("output/monthly-2020-21.csv"));
    assert_eq!(csv.lines().count(), 1 + 7 * 12);
    assert!(
        common::without_spans(&dir.read("output/quarter-3.csv"))
            .starts_with("measure,label,baseline,current,change,change_pct\n")
    );
}

#[test]
fn bad_report_files_are_located() {
    let dir = Workdir::new();
    dir.write("data/contacts.csv", "Date of Contact\n01/04/2020\n");
    let cases = [
        (
            "inputs = [\"data\"]\n\n[[compare]]\nperod = \"2020-21\"\n",
            "line 4, column 1: unknown key 'perod' in [[compare]]; the keys are the long options of \
             `cscstats compare --help`, plus inputs and output",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\ndecimals = \"many\"\n",
            "line 4, column 1: decimals: expected a whole number, such as 1",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\ncount = \"lots\"\n",
            "line 4, column 1: count: unknown variant `lots`, expected one of `events`, `children`, `both`",
        ),
        // Typed values: a wrong type is an error at its own key, never an argument.
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\nstrict = \"other\"\n",
            "line 4, column 1: strict: invalid type: string \"other\", expected a boolean",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\ndecimals = -1\n",
            "line 4, column 1: decimals: -1 is out of range",
        ),
        // A value the command line's parser would refuse is refused in a report file too.
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\nexpected = 4000000000\n",
            "line 4, column 1: --expected 4000000000: give a whole number from 1 to 10",
        ),
        (
            "inputs = [\"data\"]\n[[monthly]]\nyear = \"2020-21\"\nexpected = 11\n",
            "line 4, column 1: --expected 11: give a whole number from 1 to 10",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\nmax-cells = 0\n",
            "line 4, column 1: --max-cells 0: give a whole number of at least 1",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nbaseline = \"2019-20\"\n",
            "line 2, column 1: [[compare]] needs period",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-22\"\n",
            "line 3, column 1: cannot read period '2020-22': '2020-22' is not a financial year",
        ),
        (
            "inputs = [\"nowhere\"]\n[[compare]]\nperiod = \"2020-21\"\n",
            "line 1, column 1: input nowhere: no such file or folder",
        ),
        (
            "inputs = [\"data\"\n[[compare]]\n",
            "line 2, column 1: missing comma between array elements, expected `,`",
        ),
        (
            "inputs = [\"data\"]\n",
            "line 1, column 1: the report has no tables; add a [[compare]], [[monthly]] or [[benchmark]] table",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\noutput = [\"missing/x.csv\"]\n",
            "line 2, column 1: output missing/x.csv: the folder missing does not exist; create it first",
        ),
        (
            "inputs = [\"data\"]\n[[compare]]\nperiod = \"2020-21\"\noutput = [{ path = \"x.csv\", colour = \"red\" }]\n",
            "line 4, column 29: unknown key 'colour' in an output; use path and format",
        ),
    ];
    for (text, message) in cases {
        dir.write("report.toml", text);
        let run = dir.run(&["run", "--check", "report.toml"]);
        let error = run.fails(2);
        assert!(
            error.starts_with(&format!("Error: report.toml, {message}")),
            "{text:?}\n{error}"
        );
    }
}

#[test]
fn every_option_has_a_report_spelling() {
    // Each long option of compare and monthly, as a report key with a sample value: all must
    // be accepted. A new option without a sample here fails this test, on purpose.
    let dir = Workdir::new();
    dir.write(
        "data/contacts.csv",
        "Child Unique ID,Date of Contact\nA,01/04/2020\n",
    );
    let samples = [
        ("date-column", "{ contacts = \"Date of Contact\" }"),
        ("id-column", "[\"contacts=Child Unique ID\"]"),
        ("event-id-column", "[\"referrals=Referral ID\"]"),
        ("dedupe", "true"),
        ("no-dedupe", "true"),
        ("strict", "true"),
        ("count", "\"children\""),
        ("by", "\"Contact Source\""),
        ("drivers", "\"Contact Source\""),
        (
            "contact",
            "\"Performance Team, performance@example.gov.uk\"",
        ),
        ("no-appendix", "true"),
        ("decimals", "1"),
        ("format", "\"csv\""),
        ("output", "\"out.csv\""),
        ("quiet", "true"),
        ("period", "\"2020-21\""),
        ("baseline", "\"2018-19\""),
        ("year", "\"2020-21\""),
        ("months", "\"2020-04..2020-06\""),
        ("last", "3"),
        ("as-of", "2021-01-19"),
        ("layout", "\"long\""),
        ("la", "\"Leicestershire\""),
        ("years", "\"2016..2025\""),
        ("benchmark", "\"dfe\""),
        ("population", "140000"),
        ("intervals", "true"),
        ("max-cells", "20000000"),
        ("include-hidden", "true"),
        ("header-row", "2"),
        ("explain", "true"),
        ("date-order", "\"month-first\""),
        ("by-max", "10"),
        ("type-column", "\"Step Type\""),
        ("context-column", "\"ICPC Date\""),
        ("count-column", "{ referrals = \"Referral Date\" }"),
        ("summary", "true"),
        ("similar-within", "3"),
        ("csv-layout", "\"tidy\""),
        ("bom", "true"),
        ("show-paths", "true"),
        ("hash-inputs", "true"),
        ("provenance", "\"p.json\""),
        ("type", "[\"contacts=Visit\"]"),
        ("spc", "true"),
        ("spc-baseline", "\"2020-04..2021-03\""),
        ("spc-phase", "\"2020-10\""),
        ("expected", "3"),
        ("confidence", "0.99"),
        ("population-year", "2019"),
        ("own", "[\"data\"]"),
        ("suppress", "5"),
        ("ledger", "\"ledger.csv\""),
        ("threads", "2"),
        ("verbose", "true"),
        ("measure", "[\"visits=data/contacts.csv\"]"),
        ("rates", "\"all\""),
        ("holidays", "\"data/holidays.csv\""),
        ("round", "10"),
        ("title", "\"Front door\""),
        ("label", "{ contacts = \"Contacts received\" }"),
        ("thousands", "true"),
        ("no-thousands", "true"),
        ("chart", "\"chart.svg\""),
        (
            "db",
            "\"Driver={PostgreSQL Unicode};Server=db;Database=ssd;Uid=me\"",
        ),
        ("db-schema", "\"ssd\""),
        ("db-table", "[\"contacts=ssd_contacts_2026\"]"),
        ("db-password-file", "\"secret.txt\""),
        ("db-timeout", "60"),
    ];

    let help = |command: &str| dir.run(&[command, "--help"]).ok().to_string();
    std::os::unix::fs::symlink(repo("testdata/dfe"), dir.path("dfe")).unwrap();
    for command in ["compare", "monthly", "benchmark"] {
        let text = help(command);
        let options: Vec<&str> = text
            .split_whitespace()
            .filter_map(|w| w.strip_prefix("--"))
            .map(|w| w.trim_end_matches([',', '.', ')']))
            .filter(|w| {
                !w.is_empty()
                    && !["help", "version"].contains(w)
                    && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
            .collect();
        for option in options {
            let Some((_, value)) = samples.iter().find(|(k, _)| *k == option) else {
                panic!("--{option} of {command} has no report-file sample in this test");
            };
            // What else the table needs for the option to be tried on its own.
            let rest = match (command, option) {
                ("benchmark", "la") => "year = 2021\n",
                ("benchmark", "year") => "la = \"855\"\n",
                ("benchmark", "count") => "la = \"855\"\nyear = 2021\n",
                ("benchmark", "years") => "la = \"855\"\n",
                ("benchmark", _) => "la = \"855\"\nyear = 2021\n",
                ("compare", "period") | ("monthly", "year" | "months") => "",
                ("compare", "ledger") => "period = \"2020-21\"\nsuppress = 5\n",
                ("monthly", "ledger") => "year = \"2020-21\"\nsuppress = 5\n",
                ("compare", "benchmark") => "period = \"2020-21\"\nla = \"855\"\n",
                ("compare", "la") => "period = \"2020-21\"\nbenchmark = \"dfe\"\n",
                ("compare", _) => "period = \"2020-21\"\n",
                ("monthly", "last") => "as-of = 2021-01-19\n",
                ("monthly", "as-of") => "last = 3\n",
                _ => "year = \"2020-21\"\n",
            };
            let inputs = if command == "benchmark" {
                "dfe"
            } else {
                "data"
            };
            // `count` for benchmark is events or children only.
            let value = if (command, option) == ("benchmark", "count") {
                "\"children\""
            } else {
                value
            };
            // The database replaces the input files; its companions need it.
            let source = match (command, option) {
                (_, "db") => String::new(),
                ("compare" | "monthly", o) if o.starts_with("db-") => {
                    "db = \"DSN=ssd\"\n".to_string()
                }
                _ => format!("inputs = [\"{inputs}\"]\n"),
            };
            let text = format!("{source}[[{command}]]\n{rest}{option} = {value}\n");

            dir.write("report.toml", &text);
            let run = dir.run(&["run", "--check", "report.toml"]);
            if (command, option) == ("benchmark", "ledger") {
                assert!(
                    run.fails(2)
                        .contains("--ledger records the counts of compare and monthly papers")
                );
                continue;
            }
            assert_eq!(run.code, 0, "{command} --{option}:\n{text}\n{}", run.stderr);
        }
    }
}

#[test]
fn completions_and_man_page() {
    let dir = Workdir::new();
    let bash = dir.run(&["completions", "bash"]);
    assert!(
        bash.ok().contains("_cscstats()"),
        "{}",
        &bash.stdout[..200.min(bash.stdout.len())]
    );
    assert!(bash.stdout.contains("--period"));
    let man = dir.run(&["man"]);
    assert!(
        man.ok().starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &man.stdout[..100.min(man.stdout.len())]
    );
    assert!(
        man.stdout.contains(".TH cscstats 1"),
        "{}",
        &man.stdout[..300]
    );
    let bad = dir.run(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // More output than a pipe holds (64 KiB), read a little, then close: like `| head`.
    let dir = Workdir::new();
    let mut child = dir
        .command()
        .args([
            "monthly",
            "--months",
            "2018-04..2021-03",
            "--layout",
            "long",
            "--by",
            "Contact Source",
            "--count",
            "both",
            "-q",
        ])
        .arg(format!("contacts={}/contacts.csv", example()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(
        head.starts_with(b"Contacts: April 2018"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_report_gives_options_to_one_input_of_its_own() {
    let dir = Workdir::new();
    // A month-first export and a report with two title rows above its header.
    dir.write(
        "contacts.csv",
        "Child ID,Date of Contact\nA,04/13/2020\nB,05/25/2020\nC,07/30/2020\n",
    );
    dir.write(
        "referrals.csv",
        "Referrals report\nRun 1\nChild ID,Referral Date\nA,14/04/2020\n",
    );
    dir.write(
        "r.toml",
        "inputs = [{ path = \"contacts.csv\", date-order = \"month-first\" }, \
         { path = \"referrals.csv\", header-row = 3 }]\n\
         [[compare]]\nperiod = \"2020-21\"\nformat = \"csv\"\n",
    );
    let run = dir.run(&["run", "r.toml"]);
    assert_eq!(
        run.csv(),
        "measure,label,baseline,current,change,change_pct\n\
         contacts,Contacts,,3,,\nreferrals,Referrals,,1,,\n"
    );
    // Without the per-file order, the month-first file is refused.
    dir.write(
        "r.toml",
        "inputs = [\"contacts.csv\"]\n[[compare]]\nperiod = \"2020-21\"\n",
    );
    assert_eq!(dir.run(&["run", "r.toml"]).code, 1);
    // An unknown per-file key is located.
    dir.write(
        "r.toml",
        "inputs = [{ path = \"contacts.csv\", order = \"x\" }]\n[[compare]]\nperiod = \"2020-21\"\n",
    );
    let run = dir.run(&["run", "r.toml"]);
    assert!(
        run.fails(2).contains(
            "line 1, column 36: unknown key 'order' in an input; an input table takes path, header-row and date-order"
        ),
        "{}",
        run.stderr
    );
}

/// docs/REFERENCE.md lists every option as the program prints it: each command's `--help`
/// is there whole (scripts/reference-options.sh writes them after a change of option).
#[test]
fn the_reference_lists_every_option_as_help_prints_it() {
    let reference = std::fs::read_to_string(repo("docs/REFERENCE.md")).unwrap();
    let dir = Workdir::new();
    for command in ["compare", "monthly", "benchmark", "inspect", "run"] {
        let run = dir.run_with_env(&[command, "--help"], "COLUMNS", "100");
        let block = format!("### `cscstats {command}`\n\n```text\n{}```\n", run.ok());
        assert!(
            reference.contains(&block),
            "docs/REFERENCE.md is out of date for `cscstats {command} --help`: run scripts/reference-options.sh"
        );
    }
}
