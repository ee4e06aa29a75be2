//! `--db`: the Standard Safeguarding Dataset read from a real PostgreSQL database through its
//! ODBC driver. `.ci/run` starts the server, loads the committee example as SSD tables
//! (`cargo run --example make-ssd`, then `load.sql` and `testdata/db/errors.sql`), and runs
//! these tests with the `db` feature, CSCSTATS_TEST_DB (the connection string, no password),
//! CSCSTATS_TEST_SSD (the folder make-ssd wrote) and CSCSTATS_DB_PASSWORD set. Without them
//! (a machine with no database) the tests say so and pass; under CI they fail.
#![cfg(feature = "db")]

use crate::common;

use common::{Workdir, repo};

/// The connection string and the SSD extracts folder, when a test database is set up.
fn database() -> Option<(String, String)> {
    match (
        std::env::var("CSCSTATS_TEST_DB"),
        std::env::var("CSCSTATS_TEST_SSD"),
    ) {
        (Ok(db), Ok(ssd)) => Some((db, ssd)),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must set CSCSTATS_TEST_DB and CSCSTATS_TEST_SSD (see .ci/run)"
            );
            eprintln!("no test database (CSCSTATS_TEST_DB): skipped");
            None
        }
    }
}

/// The rows of a `compare -f csv` run, without the span columns.
fn table(args: &[&str]) -> Vec<String> {
    let mut all = vec!["compare", "--period", "2020-21:Q1-Q2", "-f", "csv", "-q"];
    all.extend_from_slice(args);
    Workdir::new()
        .run(&all)
        .csv()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The committee paper's table, figure for figure, three ways: from the Annex A-style
/// example, from the SSD extracts made from it, and from the database holding them
/// (strategy discussions aside: the SSD has no table for them).
#[test]
fn the_committee_table_from_the_database() {
    let Some((db, ssd)) = database() else { return };
    let example = repo("examples/committee-2021");
    let from_example: Vec<String> = table(&[example.to_str().unwrap()])
        .into_iter()
        .filter(|row| !row.starts_with("strategy-discussions,"))
        .collect();
    let extracts = format!("{ssd}/extracts");
    let from_extracts = table(&[&extracts]);
    let from_database = table(&["--db", &db]);
    assert_eq!(
        from_database,
        [
            "measure,label,baseline,current,change,change_pct",
            "contacts,Contacts,11312,11015,-297,-2.6255",
            "referrals,Referrals,2958,2514,-444,-15.0101",
            "assessments,Assessments,2577,2321,-256,-9.934",
            "s47-enquiries,Section 47,762,1010,248,32.5459",
            "icpcs,Initial Child Protection Conferences,410,483,73,17.8049",
            "cp-plan-starts,Child Protection Plan Starts,358,442,84,23.4637",
        ]
    );
    assert_eq!(from_database, from_example);
    assert_eq!(from_database, from_extracts);
}

/// Children (distinct persons counted by the database), a breakdown and the ID-linked rates
/// agree with the same extracts read as files.
#[test]
fn children_breakdowns_and_rates_agree_with_the_extracts() {
    let Some((db, ssd)) = database() else { return };
    let extracts = format!("{ssd}/extracts");
    for args in [&["--count", "both"][..], &["--rates", "all"][..]] {
        let mut from_db = args.to_vec();
        from_db.extend(["--db", &db]);
        let mut from_files = args.to_vec();
        from_files.push(&extracts);
        assert_eq!(table(&from_db), table(&from_files), "{args:?}");
    }
    // Month by month too: each month's, year-to-date and rolling year's children are a span
    // the database counts.
    let monthly = |source: &[&str]| {
        let mut all = vec![
            "monthly", "--year", "2020-21", "--count", "both", "-f", "csv", "-q",
        ];
        all.extend_from_slice(source);
        Workdir::new().run(&all).csv()
    };
    let from_db = monthly(&["--db", &db]);
    assert!(from_db.contains("\ncontacts,"), "{from_db}");
    assert_eq!(from_db, monthly(&[&extracts]));
    // A breakdown applies to the tables that have the column (here contacts alone). Children
    // of groups added together as "Other" cannot be added up from the database's counts, so
    // that is refused; events fold as for files.
    let refused = Workdir::new().run(&[
        "compare",
        "--period",
        "2020-21:Q1-Q2",
        "--by",
        "cont_contact_source_desc",
        "--count",
        "children",
        "--by-max",
        "4",
        "--db",
        &db,
    ]);
    assert_eq!(
        refused.fails(2),
        "Error: --by cont_contact_source_desc: 8 values in contacts and --by-max 4; with --db and --count children every value is shown, so raise --by-max to 8 or count events"
    );
    let folded = ["--by", "cont_contact_source_desc", "--by-max", "4"];
    let from_db = table(&[&folded[..], &["--db", &db]].concat());
    let file = format!("{extracts}/ssd_contacts.csv");
    assert!(
        from_db
            .iter()
            .any(|r| r.starts_with("contacts,Contacts,Other,")),
        "{from_db:?}"
    );
    let contacts_only = |rows: Vec<String>| -> Vec<String> {
        rows.into_iter()
            .filter(|r| r.starts_with("contacts,"))
            .collect()
    };
    assert_eq!(
        contacts_only(from_db),
        contacts_only(table(&[&folded[..], &[file.as_str()]].concat()))
    );
    let by = ["--by", "cont_contact_source_desc", "--count", "both"];
    let contacts = |rows: Vec<String>| -> Vec<String> {
        rows.into_iter()
            .filter(|r| r.starts_with("contacts,"))
            .collect()
    };
    let from_db = contacts(table(&[&by[..], &["--db", &db]].concat()));
    let from_file = contacts(table(&[&by[..], &[file.as_str()]].concat()));
    assert_eq!(
        from_db[..4],
        [
            "contacts,Contacts,,events,11312,11015,-297,-2.6255",
            "contacts,Contacts,,children,8777,8793,16,0.1823",
            "contacts,Contacts,1A: Individual - family member,events,1426,1383,-43,-3.0154",
            "contacts,Contacts,1A: Individual - family member,children,1392,1346,-46,-3.3046",
        ]
    );
    assert_eq!(from_db, from_file);
    let run = Workdir::new().run(&[
        "compare",
        "--period",
        "2020-21:Q1-Q2",
        "--rates",
        "s47-to-icpc-pct",
        "-f",
        "json",
        "-q",
        "--db",
        &db,
    ]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let rate = json["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(rate["measure"], "s47-to-icpc-pct");
    assert_eq!(rate["method"], "id-linked");
}

/// Each failure is one line on standard error naming the table or column, exit 1, and never
/// the password.
#[test]
fn failures_name_the_table_or_column() {
    let Some((db, _)) = database() else { return };
    let dir = Workdir::new();
    let fails = |args: &[&str]| {
        let mut all = vec!["compare", "--period", "2020-21:Q1-Q2", "--db", &db];
        all.extend_from_slice(args);
        dir.run(&all).fails(1).to_string()
    };
    assert!(
        fails(&["--db-table", "contacts=no_such_table"])
            .starts_with("Error: database table no_such_table: no such table ("),
    );
    assert_eq!(
        fails(&["--db-table", "contacts=ssd_contacts_no_date"]),
        "Error: database table ssd_contacts_no_date, column \"cont_contact_date\": no such column: the Standard Safeguarding Dataset's ssd_contacts has one; check the table (--db-table) and the SSD version"
    );
    assert!(
        fails(&["--db-table", "contacts=ssd_contacts_private"]).starts_with(
            "Error: database table ssd_contacts_private: the database refused to let this login read it ("
        )
    );
    assert_eq!(
        fails(&[
            "--db-table",
            "contacts=ssd_contacts_slow",
            "--db-timeout",
            "1"
        ]),
        "Error: database table ssd_contacts_slow: the query took longer than 1 seconds and was abandoned; allow more with --db-timeout"
    );
    // A --by column the tables do not have: exit 1, naming it, never rows without a name.
    assert_eq!(
        fails(&["--by", "no_such_column"]),
        "Error: database, column \"no_such_column\": --by: no table read has this column; check the spelling against the tables' columns (cscstats inspect --db …)"
    );
    // A wrong password, and a server that is not there.
    let wrong = dir.run_with_env(
        &["compare", "--period", "2020-21", "--db", &db],
        "CSCSTATS_DB_PASSWORD",
        "not-the-Secret-42",
    );
    let message = wrong.fails(1);
    assert!(
        message.starts_with("Error: database: could not connect ("),
        "{message}"
    );
    assert!(!message.contains("not-the-Secret-42"), "{message}");
    let nowhere = format!("{db};Port=1");
    let message = dir
        .run(&["compare", "--period", "2020-21", "--db", &nowhere])
        .fails(1)
        .to_string();
    assert!(
        message.starts_with("Error: database: could not connect ("),
        "{message}"
    );
}

/// `inspect` shows how each table in the database is read, as it does for files.
#[test]
fn inspect_shows_the_tables_read() {
    let Some((db, _)) = database() else { return };
    let run = Workdir::new().run(&[
        "inspect",
        "--period",
        "2020-21:Q1-Q2",
        "-f",
        "json",
        "--db",
        &db,
    ]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let contacts = &json["tables"][0];
    assert_eq!(contacts["file"], "database table ssd_contacts");
    assert_eq!(contacts["layout"], "ssd");
    assert_eq!(
        contacts["layout_name"],
        "Standard Safeguarding Dataset table ssd_contacts"
    );
    assert_eq!(contacts["rows"], 67574);
    let feed = &contacts["feeds"][0];
    assert_eq!(feed["date_column"]["name"], "cont_contact_date");
    assert_eq!(feed["child_id_column"]["name"], "cont_person_id");
    assert_eq!(
        (feed["dated"].clone(), feed["no_event"].clone()),
        (67572.into(), 2.into())
    );
    assert_eq!(json["tables"].as_array().unwrap().len(), 6);
    assert_eq!(json["measures"][0]["coverage"]["current"], "full");
}

/// The password from `--db-password-file` (with CSCSTATS_DB_PASSWORD unset), and the schema
/// named; without any password the server's refusal is one line.
#[test]
fn a_password_file_and_a_schema() {
    let Some((db, _)) = database() else { return };
    let dir = Workdir::new();
    let password = std::env::var("CSCSTATS_DB_PASSWORD").unwrap();
    dir.write("secret.txt", format!("{password}\n"));
    let run = |extra: &[&str]| {
        let mut args = vec!["compare", "--period", "2020-21:Q1-Q2", "-f", "csv", "-q"];
        args.extend_from_slice(extra);
        args.extend(["--db", &db]);
        let output = dir
            .command()
            .env_remove("CSCSTATS_DB_PASSWORD")
            .args(&args)
            .output()
            .unwrap();
        common::Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    };
    use std::os::unix::fs::PermissionsExt;
    let secret = dir.path("secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let from_file = run(&["--db-password-file", "secret.txt", "--db-schema", "public"]);
    assert!(
        from_file.csv().contains("\ncontacts,Contacts,11312,11015,"),
        "{}",
        from_file.stdout
    );
    assert_eq!(from_file.stderr, "");
    // Readable by others: read, with a warning that names the file, never its content.
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let shared = run(&["--db-password-file", "secret.txt", "--db-schema", "public"]);
    assert_eq!(
        shared.stderr,
        "warning: --db-password-file secret.txt: others can read it; restrict it with chmod 600 secret.txt\n"
    );
    assert_eq!(shared.csv(), from_file.csv());
    let refused = run(&[]);
    let message = refused.fails(1);
    assert!(
        message.starts_with("Error: database: could not connect ("),
        "{message}"
    );
    assert!(
        message.ends_with("the password in CSCSTATS_DB_PASSWORD"),
        "{message}"
    );
}

/// A password file is an input: no output replaces it; it holds a line, not a device's
/// endless bytes. Checked before anything connects, so no database is needed.
#[test]
fn a_password_file_is_guarded_and_bounded() {
    let dir = Workdir::new();
    dir.write("secret.txt", "pa55word\n");
    dir.write("big.txt", "x".repeat(5000));
    let with = |file: &str, extra: &[&str]| {
        let mut args = vec!["compare", "-p", "2020-21", "--db", "DSN=nowhere"];
        args.extend(["--db-password-file", file]);
        args.extend_from_slice(extra);
        dir.run(&args)
    };
    assert_eq!(
        with("secret.txt", &["-o", "secret.txt"]).fails(2),
        "Error: --output secret.txt: that is one of the inputs; write the results somewhere else"
    );
    assert_eq!(dir.read("secret.txt"), "pa55word\n");
    for (file, shown) in [("/dev/zero", "/dev/zero"), ("big.txt", "big.txt")] {
        assert_eq!(
            with(file, &[]).fails(2),
            format!(
                "Error: --db-password-file {shown}: more than 4096 bytes; it should hold the password on its first line and nothing else"
            )
        );
    }
}
