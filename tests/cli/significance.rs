//! Is the change real? Intervals in `compare`, control limits in `monthly --spc`, expected
//! levels in both, end to end on fixtures made here. Expected figures come from
//! scripts/significance-reference.py (scipy) or are worked by hand in the comments.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};
use serde_json::Value;

/// A CSV of `header` with `n` events on `day`/`month`/`year` for each entry.
fn events(header: &str, days: &[(u32, u32, i32, usize)]) -> String {
    let mut text = format!("Child Unique ID,{header}\n");
    let mut id = 0;
    for &(day, month, year, n) in days {
        for _ in 0..n {
            id += 1;
            text.push_str(&format!("C{id},{day:02}/{month:02}/{year}\n"));
        }
    }
    text
}

fn json(dir: &Workdir, args: &[&str]) -> Value {
    let run = dir.run(args);
    serde_json::from_str(run.ok()).unwrap()
}

fn row<'a>(json: &'a Value, measure: &str) -> &'a Value {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"] == measure)
        .unwrap()
}

#[test]
fn intervals_allow_for_the_length_of_each_period() {
    // February 2020 has 29 days, February 2019 28: 30 against 28 events is a smaller rise
    // in the daily rate than in the count (scipy: −40.2752% to +79.6961%).
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        // A contact in March 2020 shows the extract covers February to its last day.
        events(
            "Date of Contact",
            &[(10, 2, 2019, 28), (10, 2, 2020, 30), (2, 3, 2020, 1)],
        ),
    );
    let out = json(
        &dir,
        &[
            "compare",
            "-p",
            "2020-02",
            "-f",
            "json",
            "-q",
            "contacts.csv",
        ],
    );
    let contacts = row(&out, "contacts");
    // The change shown is the daily rate's too (30/29 against 28/28, not 30 against 28), so
    // that it lies inside its interval (issue 28).
    assert_eq!(contacts["change_pct"], 3.4483);
    assert_eq!(
        out["change_per_day"],
        serde_json::json!({"current_days": 29, "baseline_days": 28})
    );
    assert_eq!(contacts["change_pct_low"], -40.2752);
    assert_eq!(contacts["change_pct_high"], 79.6961);
    assert_eq!(contacts["significant"], false);
    assert_eq!(out["confidence"], 0.95);
}

#[test]
fn small_counts_and_withheld_ones() {
    let dir = Workdir::new();
    // 0 → 3 referrals: no upper bound, not significant (scipy: −58.6769% to ∞). The inputs
    // run from April 2019 to June 2020, so both Mays are covered: 0 is a count, not a gap.
    dir.write(
        "referrals.csv",
        events(
            "Referral Date",
            &[(1, 4, 2019, 1), (5, 5, 2020, 3), (1, 6, 2020, 1)],
        ),
    );
    // 2 → 0 ICPCs: −100% to +432.456%.
    dir.write(
        "icpcs.csv",
        events(
            "ICPC Date",
            &[(1, 4, 2019, 1), (5, 5, 2019, 2), (1, 6, 2020, 1)],
        ),
    );
    let out = json(
        &dir,
        &[
            "compare",
            "-p",
            "2020-05",
            "-f",
            "json",
            "-q",
            "referrals.csv",
            "icpcs.csv",
        ],
    );
    let referrals = row(&out, "referrals");
    assert_eq!(
        (
            &referrals["change_pct_low"],
            &referrals["change_pct_high"],
            &referrals["significant"]
        ),
        (&Value::from(-58.6769), &Value::Null, &Value::from(false))
    );
    let icpcs = row(&out, "icpcs");
    assert_eq!(icpcs["change_pct_low"], -100.0);
    assert_eq!(icpcs["change_pct_high"], 432.4555);
    // Withheld by --suppress 5: the interval is withheld with the counts.
    let out = json(
        &dir,
        &[
            "compare",
            "-p",
            "2020-05",
            "--suppress",
            "5",
            "-f",
            "json",
            "-q",
            "referrals.csv",
        ],
    );
    let referrals = row(&out, "referrals");
    assert_eq!(referrals["current"], Value::Null);
    assert_eq!(referrals["change_pct_low"], Value::Null);
    assert_eq!(referrals["significant"], Value::Null);
}

#[test]
fn the_committee_table_with_its_intervals() {
    let example = repo("examples/committee-2021").display().to_string();
    let dir = Workdir::new();
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--intervals",
        "-q",
        &example,
    ]);
    let text = run.ok();
    for line in [
        "Contacts                              11312  11015  -3% (-5% to -0.03%)",
        "Section 47                              762   1010  +33% (+21% to +46%)",
        "Child Protection Plan Starts            358    442   +23% (+7% to +42%)",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
    // At 99%, Initial Child Protection Conferences' +18% is no longer significant.
    let out = json(
        &dir,
        &[
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "--confidence",
            "0.99",
            "-f",
            "json",
            "-q",
            &example,
        ],
    );
    assert_eq!(row(&out, "icpcs")["significant"], false);
    assert_eq!(row(&out, "s47-enquiries")["significant"], true);
    // HTML marks the significant changes in a column of their own.
    let html = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-f",
        "html",
        "-q",
        &example,
    ]);
    assert!(html.ok().contains("Significant (95%)"), "no column");
    assert_eq!(html.stdout.matches(">Yes<").count(), 7);
    assert!(html.stdout.contains("Intervals at 95%"));
    // A bad level is a usage error.
    let bad = dir.run(&["compare", "-p", "2020-21", "--confidence", "1.5", &example]);
    assert_eq!(bad.code, 2);
}

#[test]
fn a_ratio_of_unlinked_counts_has_an_interval_of_its_own() {
    // 100 referrals in each year; 90 assessments in 2019/20 and 130 in 2020/21: "Assessments
    // per referral" rises from 90% to 130%, beyond what a proportion can be. Its interval takes
    // both counts as Poisson (scripts/significance-reference.py: -1.93012 to 84.544 points).
    let dir = Workdir::new();
    dir.write(
        "referrals.csv",
        events("Referral Date", &[(10, 6, 2019, 100), (10, 6, 2020, 100)]),
    );
    dir.write(
        "assessments.csv",
        events(
            "Assessment Start Date",
            &[(12, 6, 2019, 90), (12, 6, 2020, 130)],
        ),
    );
    let out = json(
        &dir,
        &[
            "compare",
            "-p",
            "2020-21",
            "--rates",
            "referral-to-assessment-pct",
            "--intervals",
            "-f",
            "json",
            "-q",
            "referrals.csv",
            "assessments.csv",
        ],
    );
    let rate = row(&out, "referral-to-assessment-pct");
    assert_eq!(rate["method"], "ratio");
    assert_eq!(rate["change_pp"], 40.0);
    assert_eq!(rate["change_pp_low"], -1.9301);
    assert_eq!(rate["change_pp_high"], 84.544);
    assert_eq!(rate["significant"], false);
    assert!(
        out["footer"].as_array().unwrap().iter().any(|l| l
            .as_str()
            .unwrap()
            .contains("a ratio's (one count over another) by MOVER")),
        "{}",
        out["footer"]
    );
}

#[test]
fn control_limits_and_their_signals() {
    // April 2020 to March 2021 alternate 10 and 20 contacts: centre 15, moving ranges 10,
    // limits 15 ± 26.6 (the lower floored at 0). April 2021's 45 is beyond the upper limit.
    let mut days: Vec<(u32, u32, i32, usize)> = (0..12)
        .map(|i| {
            let (month, year) = if i < 9 { (4 + i, 2020) } else { (i - 8, 2021) };
            (3, month as u32, year, if i % 2 == 0 { 10 } else { 20 })
        })
        .collect();
    days.push((3, 4, 2021, 45));
    let dir = Workdir::new();
    dir.write("contacts.csv", events("Date of Contact", &days));
    let out = json(
        &dir,
        &[
            "monthly",
            "--months",
            "2020-04..2021-04",
            "--spc",
            "-f",
            "json",
            "-q",
            "contacts.csv",
        ],
    );
    let rows = out["rows"].as_array().unwrap();
    assert_eq!(
        rows[12]["spc"],
        serde_json::json!({"centre": 15.0, "lower": 0.0, "upper": 41.6, "signal": "high", "rules": ["beyond a limit"], "baseline": "2020-04..2021-03"})
    );
    assert_eq!(rows[0]["spc"]["signal"], Value::Null);
    // The terminal marks the month.
    let text = dir.run(&[
        "monthly",
        "--months",
        "2020-04..2021-04",
        "--spc",
        "-q",
        "contacts.csv",
    ]);
    assert!(text.ok().contains("45 ▲"), "{}", text.stdout);
    // The baseline is the data's first 12 whole months, not the window's: a paper of
    // October to April shows the same limits and the same signal.
    let spc = |args: &[&str]| {
        let mut all = vec!["monthly", "--spc", "-f", "json"];
        all.extend_from_slice(args);
        let run = dir.run(&all);
        let out: Value = serde_json::from_str(run.ok()).unwrap();
        (out, run.stderr.clone())
    };
    let (out, _) = spc(&["--months", "2020-10..2021-04", "contacts.csv"]);
    let april = out["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(april["month"], "2021-04");
    assert_eq!(april["spc"], rows[12]["spc"]);
    assert_eq!(
        out["footer"].as_array().unwrap().last().unwrap(),
        "Baseline months: April 2020 to March 2021 (the first 12 months of the data with a count)."
    );
    // Nine months shown still have the year's limits.
    let (out, stderr) = spc(&["--months", "2020-04..2020-12", "contacts.csv"]);
    assert_eq!(out["rows"][0]["spc"]["centre"], 15.0);
    assert!(!stderr.contains("no control limits"), "{stderr}");
    // A baseline of 6 months: limits with a warning (Making Data Count advises 12). April to
    // September alternate 10 and 20: centre 15, moving ranges 10, upper 41.6.
    let (out, stderr) = spc(&[
        "--months",
        "2020-04..2021-04",
        "--spc-baseline",
        "2020-04..2020-09",
        "contacts.csv",
    ]);
    assert_eq!(out["rows"][12]["spc"]["upper"], 41.6);
    assert_eq!(out["rows"][12]["spc"]["baseline"], "2020-04..2020-09");
    assert!(
        stderr.contains(
            "warning: contacts: the control limits come from 6 baseline months (2020-04..2020-09); Making Data Count advises at least 12"
        ),
        "{stderr}"
    );
    // A new phase from January 2021 has 4 months of its own: its limits (mean 23.75 of 20,
    // 10, 20, 45; moving ranges 10, 10, 25, upper 23.75 + 2.66 × 15 = 63.65) with a warning,
    // and April is no longer beyond them.
    let (out, stderr) = spc(&[
        "--months",
        "2020-04..2021-04",
        "--spc-phase",
        "2021-01",
        "contacts.csv",
    ]);
    assert_eq!(out["rows"][9]["spc"]["centre"], 23.8);
    assert_eq!(out["rows"][9]["spc"]["upper"], 63.7);
    assert_eq!(out["rows"][9]["spc"]["baseline"], "2021-01..2021-04");
    // The first phase's baseline stops at the new phase: April to December, 9 months.
    assert_eq!(out["rows"][8]["spc"]["baseline"], "2020-04..2020-12");
    assert_eq!(out["rows"][12]["spc"]["signal"], Value::Null);
    for short in [
        "the control limits come from 4 baseline months (2021-01..2021-04)",
        "the control limits come from 9 baseline months (2020-04..2020-12)",
    ] {
        assert!(stderr.contains(short), "{stderr}");
    }
    // A phase that starts before the months shown still starts there, and the months shown
    // get its limits: the same as when the paper begins at the phase.
    let (from_phase, _) = spc(&[
        "--months",
        "2021-01..2021-04",
        "--spc-phase",
        "2021-01",
        "contacts.csv",
    ]);
    let (before_phase, _) = spc(&[
        "--months",
        "2021-02..2021-04",
        "--spc-phase",
        "2021-01",
        "contacts.csv",
    ]);
    assert_eq!(before_phase["rows"][2]["spc"], from_phase["rows"][3]["spc"]);
    assert_eq!(
        before_phase["rows"][2]["spc"]["baseline"],
        "2021-01..2021-04"
    );
    // A month before the window whose count would be withheld enters no limit: the default
    // baseline is the first 12 months with a count shown, so June 2019 is passed over; a
    // baseline given that holds it gives no limits, and the note does not say which month.
    dir.write(
        "small.csv",
        events(
            "Date of Contact",
            &(0..24)
                .map(|i| {
                    let (month, year) = (1 + (i + 3) % 12, 2019 + (i + 3) / 12);
                    (5, month as u32, year, if i == 2 { 3 } else { 12 })
                })
                .collect::<Vec<_>>(),
        ),
    );
    let (out, _) = spc(&[
        "--months",
        "2020-04..2021-03",
        "--suppress",
        "5",
        "small.csv",
    ]);
    assert_eq!(out["rows"][0]["spc"]["centre"], 12.0);
    assert_eq!(out["rows"][0]["spc"]["baseline"], "2019-04..2020-04");
    let (out, stderr) = spc(&[
        "--months",
        "2020-04..2021-03",
        "--spc-baseline",
        "2019-04..2020-03",
        "--suppress",
        "5",
        "small.csv",
    ]);
    assert!(out["rows"][0].get("spc").is_none());
    assert!(
        stderr.contains("contacts: no control limits from the baseline 2019-04..2020-03: a count in it is withheld, or a month of it is not wholly covered by the inputs"),
        "{stderr}"
    );
    // Without --suppress the same baseline gives limits: centre (11 × 12 + 3) ÷ 12 = 11.25.
    let (out, _) = spc(&["--months", "2020-04..2021-03", "small.csv"]);
    assert_eq!(out["rows"][0]["spc"]["centre"], 11.3);
    // Children too: their baseline months lie before the window.
    let (out, _) = spc(&[
        "--months",
        "2020-04..2021-03",
        "--count",
        "children",
        "small.csv",
    ]);
    assert_eq!(out["rows"][0]["spc"]["centre"], 11.3);
    assert_eq!(out["rows"][0]["spc"]["baseline"], "2019-04..2020-03");
}

#[test]
fn a_run_that_starts_before_the_window_is_still_a_run() {
    // April 2020 to March 2021 alternate 10 and 20 (centre 15); April to November 2021 are 25
    // each, a run of 8 above the centre. A paper of September to November 2021 shows the run
    // its months belong to, as the paper of the whole span does.
    let mut days: Vec<(u32, u32, i32, usize)> = (0..12)
        .map(|i| {
            let (month, year) = if i < 9 { (4 + i, 2020) } else { (i - 8, 2021) };
            (3, month as u32, year, if i % 2 == 0 { 10 } else { 20 })
        })
        .collect();
    days.extend((4..=11).map(|month| (3, month, 2021, 25)));
    days.push((30, 11, 2021, 1));
    let dir = Workdir::new();
    dir.write("contacts.csv", events("Date of Contact", &days));
    let signals = |months: &str| -> Vec<Value> {
        let out = json(
            &dir,
            &[
                "monthly",
                "--months",
                months,
                "--spc",
                "-f",
                "json",
                "-q",
                "contacts.csv",
            ],
        );
        out["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["month"].as_str().unwrap() >= "2021-09")
            .map(|r| r["spc"].clone())
            .collect()
    };
    let short = signals("2021-09..2021-11");
    assert_eq!(short, signals("2020-04..2021-11"));
    assert_eq!(
        short[0]["rules"],
        serde_json::json!(["run of 7 on one side"])
    );
}

#[test]
fn expected_levels_from_earlier_years() {
    // March 2018, 2019 and 2020: 9, 10 and 11 referrals, a mean of 10 with a Poisson 95%
    // range of 4 to 17 (scipy). March 2021's 20 is above it, 10 more than expected.
    let dir = Workdir::new();
    dir.write(
        "referrals.csv",
        events(
            "Referral Date",
            &[
                (15, 3, 2018, 9),
                (15, 3, 2019, 10),
                (15, 3, 2020, 11),
                (15, 3, 2021, 20),
            ],
        ),
    );
    let run = dir.run(&[
        "monthly",
        "--months",
        "2021-03..2021-03",
        "--expected",
        "-f",
        "json",
        "referrals.csv",
    ]);
    let out: Value = serde_json::from_str(run.ok()).unwrap();
    let march = &out["rows"][0];
    assert_eq!(
        (
            &march["expected"],
            &march["expected_low"],
            &march["expected_high"],
            &march["excess"],
            &march["expected_signal"],
            &march["expected_years"]
        ),
        (
            &Value::from(10.0),
            &Value::from(4),
            &Value::from(17),
            &Value::from(10.0),
            &Value::from("above"),
            &Value::from(3)
        )
    );
    assert!(
        out["footer"]
            .to_string()
            .contains("Referrals: 10 more than expected.")
    );
    // Four years asked for, three in the inputs: said so.
    let run = dir.run(&[
        "monthly",
        "--months",
        "2021-03..2021-03",
        "--expected",
        "4",
        "-f",
        "json",
        "referrals.csv",
    ]);
    assert!(
        run.stderr.contains("referrals: expected levels are the mean of 3 earlier years where the inputs cover them, not 4"),
        "{}",
        run.stderr
    );
    // compare: the period's expected level and excess.
    let out = json(
        &dir,
        &[
            "compare",
            "-p",
            "2021-03",
            "--expected",
            "3",
            "-f",
            "json",
            "-q",
            "referrals.csv",
        ],
    );
    assert_eq!(row(&out, "referrals")["expected"], 10.0);
    assert_eq!(row(&out, "referrals")["excess"], 10.0);
}

#[test]
fn huge_and_zero_counts_answer_at_once() {
    // Issue 28: this 65-byte file made the interval search run for ever.
    let dir = Workdir::new();
    dir.write(
        "counts.csv",
        "measure,period,count\ncontacts,2020-04,7500000\ncontacts,2019-04,0\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-04",
        "--intervals",
        "-q",
        "counts.csv",
    ]);
    assert_eq!(
        run.ok().lines().nth(2),
        Some("Contacts     0  7500000  n/a (+203313623% to ∞)")
    );
    dir.write(
        "reversed.csv",
        "measure,period,count\ncontacts,2020-04,5\ncontacts,2019-04,100000000000\n",
    );
    let json = json(
        &dir,
        &["compare", "-p", "2020-04", "-f", "json", "reversed.csv"],
    );
    let contacts = row(&json, "contacts");
    assert_eq!(contacts["significant"], true);
    assert_eq!(contacts["change_pct_low"], -100.0);
    assert!(contacts["change_pct_high"].as_f64().unwrap() < -99.99);
}

#[test]
fn an_expected_level_never_gives_a_withheld_count_away() {
    // Issue 28: with --expected 1 the expected level is last year's count; withheld as c,
    // it must not be printed as "expected 3.0" or "19 more than expected".
    let dir = Workdir::new();
    dir.write(
        "referrals.csv",
        events(
            "Referral Date",
            &[
                (10, 3, 2018, 8),
                (10, 3, 2019, 3),
                (10, 3, 2020, 22),
                (1, 4, 2020, 1),
            ],
        ),
    );
    // `compare --expected YEARS`, as JSON, with `extra` options.
    let expected = |years: &str, extra: &[&str]| {
        let mut all = vec![
            "compare",
            "-p",
            "2020-03",
            "--expected",
            years,
            "-f",
            "json",
            "-q",
        ];
        all.extend_from_slice(extra);
        all.push("referrals.csv");
        json(&dir, &all)
    };
    // Unsuppressed, the expected level is 3 (March 2019).
    let open = expected("1", &[]);
    assert_eq!(row(&open, "referrals")["expected"], 3.0);
    let closed = expected("1", &["--suppress", "5"]);
    let referrals = row(&closed, "referrals");
    assert_eq!(referrals["baseline"], serde_json::Value::Null);
    assert_eq!(referrals["expected"], serde_json::Value::Null);
    let text = closed.to_string();
    assert!(!text.contains("19 more than expected"), "{text}");
    // Two years, the baseline shown (9): their mean tells their sum (11), and the sum less
    // the baseline is March 2018's 2, a count that would be withheld: no expected level.
    dir.write(
        "referrals.csv",
        events(
            "Referral Date",
            &[
                (10, 3, 2018, 2),
                (10, 3, 2019, 9),
                (10, 3, 2020, 22),
                (1, 4, 2020, 1),
            ],
        ),
    );
    assert_eq!(row(&expected("2", &[]), "referrals")["expected"], 5.5);
    let closed = expected("2", &["--suppress", "5"]);
    assert_eq!(row(&closed, "referrals")["baseline"], 9);
    assert_eq!(
        row(&closed, "referrals")["expected"],
        serde_json::Value::Null
    );
}

#[test]
fn a_ratio_is_of_counts_the_inputs_hold() {
    let dir = Workdir::new();
    // Pre-counted figures: 30 assessments per 40 referrals, then 27 per 30.
    dir.write(
        "counts.csv",
        "measure,period,count\nreferrals,2019-20,40\nreferrals,2020-21,30\nassessments,2019-20,30\nassessments,2020-21,27\n",
    );
    let rate = |files: &[&str]| -> Value {
        let mut args = vec![
            "compare",
            "-p",
            "2020-21",
            "--rates",
            "referral-to-assessment-pct",
            "-f",
            "json",
            "-q",
        ];
        args.extend_from_slice(files);
        let out = json(&dir, &args);
        row(&out, "referral-to-assessment-pct").clone()
    };
    let pre = rate(&["counts.csv"]);
    assert_eq!(
        (pre["baseline"].clone(), pre["current"].clone()),
        (serde_json::json!(75.0), serde_json::json!(90.0))
    );
    // Assessments with no data before April 2020: no baseline, not 0%.
    dir.write(
        "referrals.csv",
        events(
            "Referral Date",
            &[(1, 4, 2019, 10), (10, 6, 2020, 12), (31, 3, 2021, 1)],
        ),
    );
    dir.write(
        "assessments.csv",
        events(
            "Assessment Start Date",
            &[(1, 4, 2020, 9), (31, 3, 2021, 1)],
        ),
    );
    let gap = rate(&["referrals.csv", "assessments.csv"]);
    assert_eq!(gap["baseline"], Value::Null);
    assert_eq!(gap["change_pp"], Value::Null);
    assert_eq!(
        gap["withheld"],
        "the inputs hold no data for one of the periods"
    );
}
