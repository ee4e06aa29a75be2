//! `cscstats inspect` and `--explain`: the plan for every input, before a figure is trusted.
//! Snapshots of the bundled example; exact fields of the JSON contract; never a row's value.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};

fn example() -> String {
    repo("examples/committee-2021").display().to_string()
}

#[test]
fn the_example_plan_is_snapshotted_as_text_and_json() {
    let dir = Workdir::new();
    let run = dir.run(&["inspect", "--period", "2020-21:Q1-Q2", &example()]);
    let text = run.ok().replace(&example(), "examples/committee-2021");
    insta::assert_snapshot!("inspect_example", text);
    let run = dir.run(&["inspect", "-f", "json", "-p", "2020-21:Q1-Q2", &example()]);
    let json = run.ok().replace(&example(), "examples/committee-2021");
    insta::assert_snapshot!("inspect_example_json", json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["tables"].as_array().unwrap().len(), 7);
    let contacts = &value["tables"][1];
    assert_eq!(contacts["layout"], "annex-a-list-1");
    assert_eq!(contacts["rows"], 67574);
    assert_eq!(
        contacts["feeds"][0]["date_column"]["name"],
        "Date of Contact"
    );
    assert_eq!(contacts["feeds"][0]["rejected"], 2);
    assert_eq!(value["measures"][0]["coverage"]["current"], "full");
}

#[test]
fn inspect_shows_context_columns_and_partial_coverage() {
    let dir = Workdir::new();
    dir.write(
        "reports/referrals.csv",
        "Child ID,Referral Date\nA,01/05/2019\nB,02/06/2020\nC,15/10/2020\n",
    );
    dir.write(
        "reports/assessments.csv",
        "Child ID,Referral Date,Assessment Start Date\nA,01/05/2019,03/05/2019\nB,02/06/2020,04/06/2020\n",
    );
    let run = dir.run(&["inspect", "-f", "json", "-p", "2020-21", "reports"]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let assessments = &value["tables"][0];
    assert_eq!(assessments["chosen_by"], "name");
    assert_eq!(assessments["context"][0]["measure"], "referrals");
    assert_eq!(assessments["context"][0]["column"]["name"], "Referral Date");
    assert_eq!(
        assessments["context"][0]["why"],
        "an earlier stage than the table's own"
    );
    let referrals = &value["measures"][0];
    assert_eq!(referrals["measure"], "referrals");
    assert_eq!(referrals["first_month"], "2019-05");
    assert_eq!(referrals["last_month"], "2020-10");
    assert_eq!(referrals["coverage"]["current"], "partial");
    assert_eq!(referrals["coverage"]["baseline"], "partial");
    let text = dir.run(&["inspect", "-p", "2020-21", "reports"]);
    assert!(
        text.ok().contains(
            "referrals    events 2019-05 to 2020-10; period partial, baseline partial (no data for 2019-04, 2020-10-16 to 2021-03-31)"
        ),
        "{}",
        text.stdout
    );
    // --explain prints the same plan on standard error, before the table's note.
    let run = dir.run(&["compare", "-p", "2020-21", "--explain", "-q", "reports"]);
    assert!(
        run.stderr.contains(
            "  context, not counted: \"Referral Date\" (column 2) (referrals: an earlier stage than the table's own)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn inspect_never_prints_a_row() {
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        "LC00012345,Jordan Smithson,14/03/2012,01/05/2020,Police\n",
    );
    let run = dir.run(&["inspect", "contacts.csv"]);
    assert_eq!(run.code, 1);
    for planted in [
        "LC00012345",
        "Smithson",
        "14/03/2012",
        "01/05/2020",
        "Police",
    ] {
        assert!(!run.stderr.contains(planted), "{}", run.stderr);
        assert!(!run.stdout.contains(planted), "{}", run.stdout);
    }
    assert!(run.stderr.contains("looks like data"), "{}", run.stderr);
}
