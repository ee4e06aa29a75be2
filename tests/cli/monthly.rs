//! `cscstats monthly`: month, year-to-date and rolling 12-month figures against the same
//! spans a year earlier, checked against values worked out by hand.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};
use serde::Deserialize;

/// Events chosen so that every figure can be worked out by hand (see each test).
const EVENTS: &str = "\
Child Unique ID,Date of referral
A,15/04/2018
B,28/02/2019
C,31/03/2019
D,31/03/2019
E,01/04/2019
F,29/02/2020
G,29/02/2020
F,29/02/2020
H,31/03/2020
I,01/04/2020
A,01/04/2020
J,28/02/2021
";

const HEADER: &str = "measure,label,month,count,previous_year_count,change,change_pct,ytd,ytd_previous_year,rolling_12,rolling_12_previous_year";

#[test]
fn leap_february_and_the_year_boundary() {
    let dir = Workdir::new();
    dir.write("referrals.csv", EVENTS);
    let run = dir.run(&[
        "monthly",
        "--months",
        "2020-02..2020-04",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    // February 2020: 3 (the 29th) against 1 (28 Feb 2019). YTD is April 2019–February 2020:
    // 1 + 3 = 4, against April 2018–February 2019: 1 + 1 = 2. Rolling 12 is March 2019–
    // February 2020: 2 + 1 + 3 = 6, against March 2018–February 2019: 1 + 1 = 2.
    // March 2020: 1 against 2. YTD, the whole of 2019/20: 5 against 4; rolling 12 the same.
    // April 2020: 2 against 1. A new financial year: YTD is April alone, 2 against 1.
    // Rolling 12 is May 2019–April 2020: 3 + 1 + 2 = 6, against May 2018–April 2019: 1 + 2 + 1 = 4.
    assert_eq!(
        run.csv(),
        format!(
            "{HEADER}\n\
             referrals,Referrals,2020-02,3,1,2,200,4,2,6,2\n\
             referrals,Referrals,2020-03,1,2,-1,-50,5,4,5,4\n\
             referrals,Referrals,2020-04,2,1,1,100,2,1,6,4\n"
        )
    );
    // February 2021 (28 days) against February 2020 (29 days): the whole months, 1 against 3.
    // YTD April 2020–February 2021: I, A, J = 3, against April 2019–February 2020: E and the
    // three on 29 February = 4. Rolling 12 March 2020–February 2021: H, I, A, J = 4, against
    // March 2019–February 2020: C, D, E and the three on 29 February = 6.
    let feb = dir.run(&[
        "monthly",
        "--months",
        "2021-02..2021-02",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    assert_eq!(
        feb.csv().lines().nth(1),
        Some("referrals,Referrals,2021-02,1,3,-2,-66.6667,3,4,4,6")
    );
}

#[test]
fn children_are_distinct_over_each_span() {
    let dir = Workdir::new();
    dir.write("referrals.csv", EVENTS);
    // February 2020: F twice and G: 2 children. YTD April 2019–February 2020: E, F, G = 3.
    let run = dir.run(&[
        "monthly",
        "--months",
        "2020-02..2020-02",
        "--count",
        "children",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    assert_eq!(
        run.csv(),
        "measure,label,unit,month,count,previous_year_count,change,change_pct,ytd,ytd_previous_year,rolling_12,rolling_12_previous_year\n\
         referrals,Referrals,children,2020-02,2,1,1,100,3,2,5,2\n"
    );
}

#[test]
fn spans_of_months() {
    let dir = Workdir::new();
    dir.write("referrals.csv", EVENTS);
    let months = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["monthly", "-f", "json", "-q"];
        all.extend_from_slice(args);
        all.push("referrals.csv");
        let value: serde_json::Value = serde_json::from_str(dir.run(&all).ok()).unwrap();
        value["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_string())
            .collect()
    };
    let year = months(&["--year", "2020-21"]);
    assert_eq!(
        (year.len(), year[0].as_str(), year[11].as_str()),
        (12, "2020-04", "2021-03")
    );
    // The last 12 complete months before 19 January 2021: January to December 2020.
    let last = months(&["--last", "12", "--as-of", "2021-01-19"]);
    assert_eq!(
        (last.len(), last[0].as_str(), last[11].as_str()),
        (12, "2020-01", "2020-12")
    );
    let run = dir.run(&["monthly", "--last", "12", "referrals.csv"]);
    assert_eq!(run.code, 2, "--last needs --as-of: {}", run.stderr);
    assert!(run.stderr.contains("--as-of"), "{}", run.stderr);
    let run = dir.run(&["monthly", "--year", "2020-04", "referrals.csv"]);
    assert_eq!(
        run.fails(2),
        "Error: --year 2020-04: give one financial year, such as 2020-21"
    );
}

/// The monthly JSON contract: exactly these fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct MonthlyJson {
    title: String,
    from: String,
    to: String,
    months: Vec<String>,
    rows: Vec<MonthRowJson>,
    data_quality: Vec<serde_json::Value>,
    summary: Vec<String>,
    provenance: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct MonthRowJson {
    measure: String,
    label: String,
    month: String,
    count: u64,
    previous_year_count: u64,
    change: i64,
    change_pct: Option<f64>,
    ytd: u64,
    ytd_previous_year: u64,
    rolling_12: u64,
    rolling_12_previous_year: u64,
    coverage: serde_json::Value,
}

#[test]
fn the_example_year_by_month() {
    let example = repo("examples/committee-2021").display().to_string();
    let dir = Workdir::new();
    let run = dir.run(&["monthly", "--year", "2020-21", &example]);
    let table = run.ok();
    assert!(
        table.lines().all(|l| l.chars().count() <= 120),
        "wider than 120 columns:\n{table}"
    );
    insta::assert_snapshot!("example_monthly_wide", table);

    let json = dir.run(&["monthly", "--year", "2020-21", "-f", "json", "-q", &example]);
    let report: MonthlyJson = serde_json::from_str(json.ok()).expect("monthly JSON contract");
    assert_eq!(
        (
            report.title.as_str(),
            report.from.as_str(),
            report.to.as_str()
        ),
        ("2020/21 by month", "2020-04-01", "2021-03-31")
    );
    assert_eq!(report.rows.len(), 7 * 12);
    // A sentence a measure, and the rule behind "similar".
    assert_eq!(report.summary.len(), 8);
    assert_eq!(report.provenance["inputs"].as_array().unwrap().len(), 7);
    // The example spans 2018-04 to 2021-03: every month of 2020/21 and the month a year
    // earlier are covered.
    for row in &report.rows {
        assert_eq!(
            row.coverage,
            serde_json::json!({"baseline": "full", "current": "full", "missing": []})
        );
    }
    // 2019/20's rolling years reach back before the inputs start: the note says so.
    let earlier = dir.run(&["monthly", "--year", "2019-20", "-q", "-f", "json", &example]);
    earlier.ok();
    let note = dir.run(&["monthly", "--year", "2019-20", "-o", "m.csv", &example]);
    assert!(
        note.stderr.contains(
            "  contacts: partial coverage: the inputs span 2018-04 to 2021-03, but the months shown, their rolling years \
             and the year before need 2017-05 to 2020-03; no data for 2017-05 to 2018-03 (figures that include those \
             days count part of their span only)\n"
        ),
        "{}",
        note.stderr
    );
    // April–September 2020 add up to the committee table's 2020 column; the months of
    // 2020/21 add up to its year-to-date at March.
    let contacts: Vec<&MonthRowJson> = report
        .rows
        .iter()
        .filter(|r| r.measure == "contacts")
        .collect();
    let q12: u64 = contacts[..6].iter().map(|r| r.count).sum();
    let q12_before: u64 = contacts[..6].iter().map(|r| r.previous_year_count).sum();
    assert_eq!((q12, q12_before), (11015, 11312));
    let year: u64 = contacts.iter().map(|r| r.count).sum();
    assert_eq!(contacts[11].ytd, year);
    assert_eq!(contacts[11].rolling_12, year);

    let long = dir.run(&[
        "monthly",
        "--last",
        "3",
        "--as-of",
        "2021-01-19",
        "--layout",
        "long",
        "-q",
        &format!("icpcs={example}/icpcs.csv"),
    ]);
    insta::assert_snapshot!("example_monthly_long", long.ok());
}

#[test]
fn spans_longer_than_a_year_overlap_their_year_earlier() {
    // 36 months: the year-earlier span (April 2017–March 2020) shares 24 of them and holds
    // 9 of the 12 events (all but I, A and J). Found by a closed-pipe test, when the
    // data-quality arithmetic still assumed the two spans never overlap.

    let dir = Workdir::new();
    dir.write("referrals.csv", EVENTS);
    let run = dir.run(&[
        "monthly",
        "--months",
        "2018-04..2021-03",
        "-f",
        "json",
        "referrals.csv",
    ]);
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let quality = &report["data_quality"][0];
    assert_eq!(
        (
            &quality["rows_read"],
            &quality["rows_current"],
            &quality["rows_baseline"],
            &quality["rows_outside"]
        ),
        (
            &serde_json::json!(12),
            &serde_json::json!(12),
            &serde_json::json!(9),
            &serde_json::json!(0)
        )
    );
}

#[test]
fn a_month_with_no_events_between_months_with_events_is_flagged() {
    let dir = Workdir::new();
    dir.write(
        "referrals.csv",
        "Child ID,Referral Date\nA,01/04/2020\nB,12/05/2020\nC,03/07/2020\n",
    );
    let run = dir.run(&[
        "monthly",
        "--months",
        "2020-04..2020-07",
        "-o",
        "m.csv",
        "referrals.csv",
    ]);
    run.ok();
    assert!(
        run.stderr.contains(
            "  referrals: no events in 2020-06, between months with events; check the export is complete\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_monthly_summary_speaks_of_the_latest_month() {
    let example = repo("examples/committee-2021").display().to_string();
    let run = Workdir::new().run(&["monthly", "--year", "2020-21", "-f", "json", "-q", &example]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        value["summary"][0],
        "Contacts: 1,987 in March 2021, up 9% on March 2020 (1,823); 22,600 in the year to date, \
         similar to a year earlier (22,442)."
    );
    assert_eq!(
        value["summary"][3],
        "Strategy discussions: 190 in March 2021, down 11% on March 2020 (213), a change that chance alone could explain; \
         2,421 in the year to date, up 8% on a year earlier (2,234)."
    );
    assert_eq!(
        value["summary"][7],
        "\u{201c}Similar\u{201d} means a change of less than 5% that chance alone could explain."
    );
    assert_eq!(value["summary"].as_array().unwrap().len(), 8);
}

#[test]
fn a_monthly_table_too_wide_for_the_terminal_is_shown_long() {
    let example = repo("examples/committee-2021").display().to_string();
    let dir = Workdir::new();
    let args = ["monthly", "--year", "2020-21", "-q", example.as_str()];
    let narrow = dir.run_with_env(&args, "COLUMNS", "80");
    assert_eq!(narrow.code, 0, "{}", narrow.stderr);
    assert!(
        narrow.stdout.starts_with("Contacts: 2020/21 by month\n"),
        "{}",
        narrow.stdout
    );
    assert!(
        narrow.stdout.ends_with(
            "(The table by month is 110 characters wide, the terminal 80:\n\
             shown one table per measure. --layout wide shows it whole.)\n"
        ),
        "{}",
        narrow.stdout
    );
    assert!(narrow.stdout.lines().all(|l| l.chars().count() <= 80));
    // Wide enough, or --layout given, or written to a file: the wide table.
    let wide = dir.run_with_env(&args, "COLUMNS", "200");
    assert!(
        wide.stdout.starts_with("2020/21 by month\n"),
        "{}",
        wide.stdout
    );
    let mut forced = args.to_vec();
    forced.extend(["--layout", "wide"]);
    let forced = dir.run_with_env(&forced, "COLUMNS", "80");
    assert_eq!(forced.stdout, wide.stdout);
}

#[test]
fn markdown_survives_pandoc_and_word() {
    let example = repo("examples/committee-2021").display().to_string();
    let dir = Workdir::new();
    // Too wide for a page: one table per measure, months down.
    let run = dir.run(&[
        "monthly", "--year", "2020-21", "-q", "-f", "markdown", &example,
    ]);
    let text = run.ok();
    // pandoc lays a table out at its natural widths only while every line fits 72 columns;
    // a wider one is spread and its cells wrap (a sign on one line, its figure on the next).
    // So each table is split into parts that fit, each with the row labels.
    assert!(
        text.starts_with("### Contacts: 2020/21 by month (part 1 of 2)\n\n| Month    | Count | 2019/20 |  +/- |   YTD | 2019/20 |  +/- |\n"),
        "{text}"
    );
    assert!(
        text.contains("### Contacts: 2020/21 by month (part 2 of 2)\n\n| Month    | 12 months | 2019/20 | +/- |\n"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 72), "{text}");
    // --layout wide keeps the wide table; its sub-rows name their measure.
    let run = dir.run(&[
        "monthly", "--year", "2020-21", "-q", "-f", "markdown", "--layout", "wide", &example,
    ]);
    let text = run.ok();
    assert!(
        text.starts_with("### 2020/21 by month (part 1 of 3)\n"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 72), "{text}");
    assert!(text.contains("\n| Contacts: 2019/20 "), "{text}");
    assert!(text.contains("\n| Contacts: change "), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("|  ")),
        "no row label starts with spaces:\n{text}"
    );
}

/// A month the inputs cover in part is marked † in the monthly table, with the footnote, and
/// `--strict` refuses it, naming the days missing.
#[test]
fn a_month_cut_short_is_marked_and_refused_under_strict() {
    let dir = Workdir::new();
    // One referral a day from 1 April 2022 to 10 March 2024, extracted on 15 March: March,
    // and the year to date and rolling year that end with it, are marked partial.
    let mut csv = String::from("Child ID,Referral Date\n");
    let mut day = chrono::NaiveDate::from_ymd_opt(2022, 4, 1).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(2024, 3, 10).unwrap();
    while day <= last {
        csv.push_str(&format!("C,{}\n", day.format("%d/%m/%Y")));
        day = day.succ_opt().unwrap();
    }
    dir.write("Referrals extract 2024-03-15.csv", csv);
    let file = "Referrals extract 2024-03-15.csv";
    let run = dir.run(&["monthly", "--months", "2024-01..2024-03", "-q", file]);
    assert_eq!(
        run.ok(),
        "January–March 2024 by month\nMeasure         Jan  Feb   Mar    YTD  12 months\n\
         Referrals        31   29  10 †  345 †      345 †\n\
         \x20 Year earlier   31   28    31    365        365\n\
         \x20 +/-            0%  +4%  -68%    -5%        -5%\n\
         † The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).\n"
    );
    let strict = dir.run(&["monthly", "--months", "2024-01..2024-03", "--strict", file]);
    assert!(strict.fails(1).ends_with(
        "the inputs for referrals do not cover the whole period and baseline (no data for 2024-03-16 to 2024-03-31); \
         choose a period they cover, or drop --strict to show the figure marked as partial"
    ));
}

#[test]
fn a_monthly_sentence_against_nothing_reads_as_english() {
    // Issue 28: "against none March 2020" and "0 … against none".
    let dir = Workdir::new();
    let mut csv = String::from("Child ID,Referral Date\n");
    for (i, (day, month, year)) in [(1, 4, 2018), (5, 2, 2021), (31, 3, 2021)]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!("C{i},{day:02}/{month:02}/{year}\n"));
    }
    dir.write("referrals.csv", &csv);
    let run = dir.run(&[
        "monthly",
        "--year",
        "2020-21",
        "-f",
        "json",
        "-q",
        "referrals.csv",
    ]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        value["summary"][0],
        "Referrals: 1 in March 2021, against none in March 2020, a change that chance alone could explain; \
         2 in the year to date, against none a year earlier, a change that chance alone could explain."
    );
}

#[test]
fn rounded_figures_are_said_to_be_rounded_and_none_is_a_true_zero() {
    // Issue 28: under --round a zero is "0 (rounded …)", never "none"; rounded figures say so.
    // Contacts: 5 on the 10th of each month of 2019/20 and 3 more in June 2019 (63); 10 a
    // month in 2020/21 and 4 more in June 2020 (124), March's on the 31st so that the inputs
    // span the year. Referrals: 3 and 4. Assessments: none
    // in either year, from inputs that span both.
    let dir = Workdir::new();
    let mut contacts = String::from("Child ID,Date of Contact\n");
    let mut id = 0;
    for i in 0..24 {
        let (month, year) = (1 + (i + 3) % 12, 2019 + (i + 3) / 12);
        let n = match (i < 12, month) {
            (true, 6) => 8,
            (true, _) => 5,
            (false, 6) => 14,
            (false, _) => 10,
        };
        // The last month's on its last day, so that the inputs span the whole year.
        let day = if (month, year) == (3, 2021) { 31 } else { 10 };
        for _ in 0..n {
            id += 1;
            contacts.push_str(&format!("C{id},{day}/{month:02}/{year}\n"));
        }
    }
    dir.write("contacts.csv", &contacts);
    dir.write(
        "referrals.csv",
        "Child ID,Referral Date\nR1,01/04/2019\nR2,10/06/2019\nR3,10/06/2019\nR4,10/06/2020\nR5,10/06/2020\nR6,10/06/2020\nR7,31/03/2021\n",
    );
    dir.write(
        "assessments.csv",
        "Child ID,Assessment Start Date\nA1,01/04/2018\nA2,15/04/2021\n",
    );
    let summary = |args: &[&str]| -> Vec<String> {
        let mut all = args.to_vec();
        all.extend(["-f", "json", "-q", "."]);
        let run = dir.run(&all);
        let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
        value["summary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        summary(&["compare", "-p", "2020-21"]),
        [
            "Contacts rose by 97% per day, from 63 in 366 days to 124 in 365 days.",
            "Referrals rose by 34% per day, from 3 in 366 days to 4 in 365 days, a change that chance alone could explain.",
            "There were no assessments, as in 2019/20.",
        ]
    );
    // Rounded: 60 to 120 (the daily rates' change, 365 against 366 days: +101%), 0 and 0.
    assert_eq!(
        summary(&["compare", "-p", "2020-21", "--round", "10"]),
        [
            "Contacts rose by 101% per day, from 60 in 366 days to 120 in 365 days (rounded to the nearest 10).",
            "There were 0 referrals (rounded to the nearest 10), as in 2019/20.",
            "There were 0 assessments (rounded to the nearest 10), as in 2019/20.",
        ]
    );
    assert_eq!(
        summary(&["monthly", "--months", "2020-06", "--round", "10"])[..2],
        [
            "Contacts (rounded to the nearest 10): 10 in June 2020, similar to June 2019 (10); 30 in the year to date, up 50% on a year earlier (20), a change that chance alone could explain.",
            "Referrals (rounded to the nearest 10): 0 in June 2020, as in June 2019; 0 in the year to date, as a year earlier.",
        ]
    );
}

#[test]
fn sentences_follow_the_table_s_decimals_and_say_what_they_leave_out() {
    // Referrals: 80 in April 2019, 130 in April 2020, each spread over the month; contacts:
    // none in April 2019 and 3 in April 2020 (with one in March 2019 and one in May 2020, so
    // that the inputs reach both Aprils).
    let dir = Workdir::new();
    let mut referrals = String::from("Child ID,Referral Date\n");
    let mut contacts = String::from("Child ID,Date of Contact\n");
    for (year, n) in [(2019, 80), (2020, 130)] {
        for i in 0..n {
            referrals.push_str(&format!("R{year}-{i},{:02}/04/{year}\n", 1 + i % 30));
        }
    }
    for day in [1, 15, 30] {
        contacts.push_str(&format!("C{day},{day:02}/04/2020\n"));
    }
    contacts.push_str("C0,01/03/2019\nC9,31/05/2020\n");
    dir.write("referrals.csv", referrals);
    dir.write("contacts.csv", contacts);
    let summary = |args: &[&str]| -> Vec<String> {
        let mut all = args.to_vec();
        all.extend(["-f", "json", "-q", "referrals.csv", "contacts.csv"]);
        let value: serde_json::Value = serde_json::from_str(dir.run(&all).ok()).unwrap();
        value["summary"]
            .as_array()
            .map(|s| s.iter().map(|t| t.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    // The table shows +62.5% with --decimals 1; so does the sentence.
    let compare = summary(&["compare", "-p", "2020-04", "--decimals", "1"]);
    // A zero baseline: a change chance could explain says so.
    assert_eq!(
        compare[0],
        "There were 3 contacts, against none in the same period of 2019, a change that chance alone could explain."
    );
    assert_eq!(compare[1], "Referrals rose by 62.5%, from 80 to 130.");
    // Monthly, with --suppress: the latest month is described from what is shown; a
    // measure whose month is withheld says why.
    let monthly = summary(&["monthly", "--months", "2020-04", "--suppress", "5"]);
    assert_eq!(
        monthly,
        [
            "Referrals: 130 in April 2020, up 63% on April 2019 (80).",
            "Contacts are not described: a figure is withheld to protect children's identities.",
        ]
    );
}
