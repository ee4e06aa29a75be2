//! Personal data never leaves: a first row mistaken for headers is described, never printed
//! (CSV and workbooks alike), and `--by` refuses columns that identify people, by their name
//! or by their values.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::Workdir;

/// A headerless export: the first row is a child's ID, name, date of birth and contact date.
const HEADERLESS: &str = "LC00012345,Jordan Smithson,14/03/2012,01/05/2020,Police\n\
    LC00012346,Alex Brownlow,02/09/2015,02/05/2020,School\n";

const PLANTED: [&str; 4] = ["LC00012345", "Jordan Smithson", "14/03/2012", "Smithson"];

fn assert_clean(text: &str) {
    for value in PLANTED {
        assert!(!text.contains(value), "{value} leaked:\n{text}");
    }
}

#[test]
fn a_headerless_csv_is_described_not_printed() {
    let dir = Workdir::new();
    dir.write("export.csv", HEADERLESS);
    let run = dir.run(&["compare", "-p", "2020-21", "export.csv"]);
    let error = run.fails(1);
    assert_clean(error);
    assert!(
        error.contains("and looks like data, not headers: is the header row missing?"),
        "{error}"
    );
    // Named as contacts, with a date column asked for by name: the same.
    dir.write("contacts.csv", HEADERLESS);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--date-column",
        "contacts=Date of Contact",
        "--verbose",
        "contacts.csv",
    ]);
    assert_eq!(run.code, 1);
    assert_clean(&run.stderr);
    assert!(run.stderr.contains("looks like data"), "{}", run.stderr);
}

/// A first row is never printed, whatever it holds or however it was decoded: names and an
/// address (no dates, no IDs), and UTF-8 behind a UTF-16 byte-order mark, which decodes to
/// CJK "headers" that re-encode to the child's details.
#[test]
fn a_first_row_is_never_printed_in_any_encoding() {
    let dir = Workdir::new();
    dir.write(
        "people.csv",
        "Jordan Smithson,12 Acacia Avenue,AB1 2CD\nAlex Brownlow,3 Low Road,XY9 8ZZ\n",
    );
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend_from_slice(HEADERLESS.as_bytes());
    std::fs::write(dir.path("export.csv"), &bytes).unwrap();
    let people = dir.run(&["compare", "-p", "2020-21", "people.csv"]);
    let error = people.fails(1);
    assert_eq!(
        error,
        "Error: people.csv: cannot tell which measure this file holds: its first row has 3 columns, \
         and its header is not an Annex A list's, a CIN census table's or an export's with a known \
         event-date column; name the file after a measure (contacts.csv, …) or write MEASURE=people.csv"
    );
    for planted in ["Jordan", "Acacia", "AB1 2CD"] {
        assert!(!people.stderr.contains(planted), "{planted} leaked");
    }
    let bom = dir.run(&["compare", "-p", "2020-21", "export.csv"]);
    let error = bom.fails(1).to_string();
    assert_clean(&error);
    // Nothing that is not ASCII: the mis-decoded row would be CJK.
    assert!(
        error.is_ascii()
            || !error
                .chars()
                .any(|c| ('\u{3000}'..='\u{9FFF}').contains(&c)),
        "{error}"
    );
    let contacts = dir.run(&["compare", "-p", "2020-21", "contacts=export.csv"]);
    assert_clean(&contacts.stderr);
    assert!(
        !contacts
            .stderr
            .chars()
            .any(|c| ('\u{3000}'..='\u{9FFF}').contains(&c)),
        "{}",
        contacts.stderr
    );
}

#[test]
fn a_headerless_workbook_is_described_not_printed() {
    let dir = Workdir::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in HEADERLESS.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    dir.write("contacts.xlsx", book.save_to_buffer().unwrap());
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--date-column",
        "contacts=Date of Contact",
        "contacts.xlsx",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_clean(&run.stderr);
    assert_clean(&run.stdout);
}

#[test]
fn by_refuses_columns_that_identify_people() {
    let dir = Workdir::new();
    let mut text = String::from("Child Unique ID,Date of Contact,Contact Source,Case Note\n");
    for i in 0..40 {
        text.push_str(&format!("C{i},01/05/2020,Police,ref {i}\n"));
    }
    dir.write("contacts.csv", &text);
    // By its name.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--by",
        "Child Unique ID",
        "contacts.csv",
    ]);
    assert_eq!(
        run.fails(2),
        "Error: --by Child Unique ID: that column holds personal data (IDs, names, dates of birth, \
         addresses); break down by a category such as \"Contact Source\" or \"Allocated Team\""
    );
    // By its values: 40 different values in 40 rows.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--by",
        "Case Note",
        "contacts.csv",
    ]);
    assert_eq!(
        run.fails(2),
        "Error: --by Case Note: 40 different values in 40 rows of contacts, so it identifies people \
         rather than grouping them; break down by a category such as \"Contact Source\""
    );
    // A category is fine.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--by",
        "Contact Source",
        "-q",
        "contacts.csv",
    ]);
    assert!(run.ok().contains("Police"), "{}", run.stdout);
}

#[test]
fn breakdowns_are_capped_with_the_rest_as_other() {
    let dir = Workdir::new();
    // Teams T1..T4: 4, 3, 2 and 1 contacts; one child (C8) is in T3 and T4.
    let mut csv = String::from("Child ID,Date of Contact,Team\n");
    let mut n = 0;
    for (team, count) in [("T1", 4), ("T2", 3), ("T3", 2), ("T4", 1)] {
        for _ in 0..count {
            n += 1;
            let child = if team == "T4" { 8 } else { n };
            csv.push_str(&format!("C{child},0{}/05/2020,{team}\n", 1 + n % 9));
        }
    }
    // Enough rows that the team column is plainly a category, not an identifier.
    for i in 0..30 {
        csv.push_str(&format!("X{i},01/06/2020,T1\n"));
    }
    dir.write("contacts.csv", &csv);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--by",
        "Team",
        "--by-max",
        "2",
        "--count",
        "both",
        "-f",
        "csv",
        "contacts.csv",
    ]);
    let csv = run.csv();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "contacts,Contacts,,events,,40,,",
            "contacts,Contacts,,children,,39,,",
            "contacts,Contacts,T1,events,,34,,",
            "contacts,Contacts,T1,children,,34,,",
            "contacts,Contacts,T2,events,,3,,",
            "contacts,Contacts,T2,children,,3,,",
            "contacts,Contacts,Other,events,,3,,",
            "contacts,Contacts,Other,children,,2,,",
        ]
    );
    assert!(
        run.stderr.contains(
            "contacts: 2 of 4 values of Team with the fewest events added together as \"Other\" (--by-max 2)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unmapped_type_values_name_no_one() {
    // A "Stage" column that is not a stage at all: names once each, an ID twice, a category
    // three times. No value of it is printed, in the note or in inspect (issue 26).
    let dir = Workdir::new();
    dir.write(
        "export.csv",
        "Person ID,Stage,Date\n\
         A,Jordan Smithson,01/05/2020\n\
         B,Alex Brownlow,02/05/2020\n\
         C,LC00012345,03/05/2020\n\
         D,LC00012345,04/05/2020\n\
         E,Closed,05/05/2020\n\
         F,Closed,06/05/2020\n\
         G,Closed,07/05/2020\n\
         H,Contact,08/05/2020\n",
    );
    let values = ["Jordan", "Alex", "LC00012345", "Closed"];
    let run = dir.run(&["compare", "-p", "2020-21", "-o", "t.csv", "export.csv"]);
    run.ok();
    assert_clean(&run.stderr);
    assert!(
        run.stderr.contains(
            "export.csv: 7 rows (4 distinct values of \"Stage\") name no stage and are not counted; \
             cscstats inspect --show-type-values lists them on the terminal, and --type MEASURE=VALUE counts one as a stage"
        ),
        "{}",
        run.stderr
    );
    for args in [
        &["inspect", "export.csv"][..],
        &["inspect", "-f", "json", "export.csv"],
        &["compare", "-p", "2020-21", "-q", "-f", "json", "export.csv"],
        &["compare", "-p", "2020-21", "-f", "html", "export.csv"],
    ] {
        let run = dir.run(args);
        for value in values {
            assert!(!run.stdout.contains(value), "{args:?} printed {value}");
            assert!(!run.stderr.contains(value), "{args:?} printed {value}");
        }
    }
    assert_eq!(
        dir.run(&["inspect", "export.csv"])
            .ok()
            .lines()
            .nth(3)
            .unwrap(),
        "  workflow table, recognised by its type column \"Stage\" (column 2); header row 1, 3 columns, 8 data rows"
    );
    // Listing them is deliberate, and only on a terminal: never into a file or a pipe.
    let run = dir.run(&["inspect", "--show-type-values", "export.csv"]);
    assert_eq!(
        run.fails(2),
        "Error: --show-type-values prints row values, so only to a terminal: run it without redirecting or piping the output"
    );
    // --type-column is screened as --by is.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--type-column",
        "Child Name",
        "export.csv",
    ]);
    assert!(
        run.fails(2)
            .contains("--type-column Child Name: that column holds personal data")
    );
}

#[test]
fn type_values_are_listed_on_a_terminal_only_when_asked() {
    // `script` (util-linux) gives the run a terminal, as a person at one would have.
    let dir = Workdir::new();
    dir.write(
        "steps.csv",
        "Person ID,Step Type,Step Date\nA,Referral,01/05/2020\nB,Visit - Brown family,02/05/2020\nC,Visit - Brown family,03/05/2020\n",
    );
    let binary = assert_cmd::cargo::cargo_bin!("cscstats");
    let on_a_terminal = |args: &str| {
        let out = std::process::Command::new("script")
            .args(["-qec", &format!("{} {args}", binary.display()), "/dev/null"])
            .current_dir(dir.path("."))
            .output()
            .expect("script runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
    };
    let listed = on_a_terminal("inspect --show-type-values steps.csv");
    assert!(
        listed.contains(
            "Type values that name no stage (row values: not for sharing)\n  steps.csv, column \"Step Type\"\n          2  Visit - Brown family\n"
        ),
        "{listed}"
    );
    // Not asked, not shown, even on a terminal.
    assert!(!on_a_terminal("inspect steps.csv").contains("Brown"));
}

/// A workbook or a Word document is refused at a terminal, each by its own name.
#[test]
fn binary_formats_are_refused_at_a_terminal_by_name() {
    let dir = Workdir::new();
    dir.write("referrals.csv", "Child ID,Referral Date\nC1,01/05/2020\n");
    let binary = assert_cmd::cargo::cargo_bin!("cscstats");
    for (format, said) in [
        (
            "xlsx",
            "an Excel workbook is not for the terminal; pass --output FILE.xlsx",
        ),
        (
            "docx",
            "a Word document is not for the terminal; pass --output FILE.docx",
        ),
    ] {
        let out = std::process::Command::new("script")
            .args([
                "-qec",
                &format!(
                    "{} compare -p 2020-05 referrals.csv -f {format}",
                    binary.display()
                ),
                "/dev/null",
            ])
            .current_dir(dir.path("."))
            .output()
            .expect("script runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(said), "{text}");
    }
}

#[test]
fn json_names_input_files_without_their_folders() {
    // A typed absolute path names the share and the person; JSON gives the file's name
    // alone, as HTML, Word and Excel do, unless --show-paths.
    let dir = Workdir::new();
    let file = dir.write(
        "Jsmith-Private/referrals.csv",
        "Child ID,Referral Date\nC1,01/04/2019\nC2,10/06/2020\nC3,31/03/2021\n",
    );
    let path = file.display().to_string();
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "compare",
            "-p",
            "2020-21",
            "-f",
            "json",
            "-q",
            path.as_str(),
        ];
        args.extend_from_slice(extra);
        serde_json::from_str(dir.run(&args).ok()).unwrap()
    };
    assert_eq!(run(&[])["data_quality"][0]["file"], "referrals.csv");
    assert_eq!(
        run(&["--show-paths"])["data_quality"][0]["file"],
        path.as_str()
    );
}

#[test]
fn the_provenance_command_names_no_folder_of_an_output() {
    // An output is written after the provenance is made: its folder (a person's share) is
    // shortened like an input's, existing yet or not, unless --show-paths.
    let dir = Workdir::new();
    dir.write(
        "referrals.csv",
        "Child ID,Referral Date\nC1,01/04/2019\nC2,10/06/2020\nC3,31/03/2021\n",
    );
    std::fs::create_dir_all(dir.path("Jsmith-Private")).unwrap();
    let out = dir.path("Jsmith-Private/out.csv").display().to_string();
    let chart = dir.path("Jsmith-Private/chart.svg").display().to_string();
    dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-q",
        "--output",
        &out,
        &format!("--chart={chart}"),
        "--provenance",
        "p.json",
        "referrals.csv",
    ])
    .ok();
    let record: serde_json::Value = serde_json::from_str(&dir.read("p.json")).unwrap();
    let command = record["command"].as_str().unwrap();
    assert!(!command.contains("Jsmith-Private"), "{command}");
    assert!(
        command.contains("--output out.csv") && command.contains("--chart=chart.svg"),
        "{command}"
    );
    // Short options with the path attached, clustered, or after a cluster.
    for (given, shown) in [
        (format!("-qo{out}"), "-qoout.csv"),
        (format!("-o{out}"), "-oout.csv"),
        (format!("-o={out}"), "-o=out.csv"),
    ] {
        dir.run(&[
            "compare",
            "-p",
            "2020-21",
            &given,
            "--provenance",
            "p.json",
            "referrals.csv",
        ])
        .ok();
        let record: serde_json::Value = serde_json::from_str(&dir.read("p.json")).unwrap();
        let command = record["command"].as_str().unwrap();
        assert!(
            command.ends_with(&format!(" {shown} --provenance p.json referrals.csv")),
            "{command}"
        );
    }
    dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-qo",
        &out,
        "--provenance",
        "p.json",
        "referrals.csv",
    ])
    .ok();
    let record: serde_json::Value = serde_json::from_str(&dir.read("p.json")).unwrap();
    let command = record["command"].as_str().unwrap();
    assert!(command.contains(" -qo out.csv "), "{command}");
}
