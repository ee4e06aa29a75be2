//! Derived rates (`compare --rates`), each checked against a value worked out by hand from the
//! fixtures in testdata/rates/ (the comments there give the working days).
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::{Workdir, repo};

fn path(file: &str) -> String {
    repo(&format!("testdata/rates/{file}"))
        .display()
        .to_string()
}

fn rows(args: &[&str]) -> Vec<serde_json::Value> {
    percent_rows("compare", args)
}

fn monthly_rows(args: &[&str]) -> Vec<serde_json::Value> {
    percent_rows("monthly", args)
}

/// The rate rows of a command's JSON output.
fn percent_rows(command: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec![command, "-f", "json", "-q"];
    all.extend_from_slice(args);
    let run = Workdir::new().run(&all);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["unit"] == "percent")
        .cloned()
        .collect()
}

fn figures(row: &serde_json::Value) -> (f64, f64, f64, &str) {
    (
        row["baseline"].as_f64().unwrap(),
        row["current"].as_f64().unwrap(),
        row["change_pp"].as_f64().unwrap(),
        row["method"].as_str().unwrap(),
    )
}

#[test]
fn conferences_either_side_of_easter_and_the_jubilee() {
    let r = rows(&[
        "-p",
        "2022-23:Q1",
        "--rates",
        "s47-to-icpc-pct,icpc-within-15wd-pct,icpc-to-cp-plan-pct",
        &path("list5.csv"),
    ]);
    let ids: Vec<&str> = r.iter().map(|x| x["measure"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "s47-to-icpc-pct",
            "icpc-within-15wd-pct",
            "icpc-to-cp-plan-pct"
        ]
    );
    // 6 of the 7 enquiries of April–June 2022 led to a conference (E's did not); 1 of 1 in 2021.
    assert_eq!(figures(&r[0]), (100.0, 85.7, -14.3, "linked"));
    // Conferences in April–June 2022: A 12 working days (Easter, 2 May), B 14 and C 15 (the
    // jubilee), D 16; F is dated before its enquiry and left out; G is in August. 3 of 4.
    assert_eq!(figures(&r[1]), (100.0, 75.0, -25.0, "linked"));
    assert_eq!(r[1]["current_bands"], serde_json::json!([0, 3, 1, 0]));
    assert_eq!(r[1]["current_median_days"], 14.5);
    assert_eq!(r[1]["baseline_median_days"], 9.0);
    // Of the 5 conferences in the quarter (A, B, C, D, F), A, B and D resulted in a plan.
    assert_eq!(figures(&r[2]), (100.0, 60.0, -40.0, "linked"));
    assert_eq!(
        (
            r[2]["current_numerator"].as_u64(),
            r[2]["current_denominator"].as_u64()
        ),
        (Some(3), Some(5))
    );
}

#[test]
fn assessments_across_christmas() {
    // S2 starts 15 November 2021 and is authorised 21 January 2022: 46 working days, with
    // 27 and 28 December and 3 January bank holidays; S3, a week later, 41. 2020-21: 39.
    let r = rows(&[
        "-p",
        "2021-22:Q4",
        "--rates",
        "assessment-within-45wd-pct",
        &path("list4.csv"),
    ]);
    assert_eq!(figures(&r[0]), (100.0, 50.0, -50.0, "linked"));
}

#[test]
fn re_referrals_from_history() {
    // April–June 2022: R1 (11 months after), R4 (12 months less a day) and R5 (12 months to
    // the day) are re-referrals; R2 (13 months) and R3 (first) are not. 3 of 5. None in 2021.
    let r = rows(&[
        "-p",
        "2022-23:Q1",
        "--rates",
        "re-referral-pct",
        &format!("referrals={}", path("referrals.csv")),
    ]);
    assert_eq!(figures(&r[0]), (0.0, 60.0, 60.0, "history"));
}

#[test]
fn re_referrals_from_the_column_and_a_short_history_noted() {
    // Annex A List 3 alone goes back only to April 2019, not to April 2018, so its
    // `Number of Referrals in Last 12 Months` is used: C1 (1) of C1, C4, C5 in April–September
    // 2020; C1 (0) and C2 (0) in 2019.
    let lists = repo("testdata/annex-a/lists").display().to_string();
    let r = rows(&["-p", "2020-21:Q1-Q2", "--rates", "re-referral-pct", &lists]);
    assert_eq!(figures(&r[0]), (0.0, 33.3, 33.3, "column"));
    // Without the column the history is used, and the note says it is too short.
    let run = Workdir::new().run(&[
        "compare",
        "-p",
        "2021-22:Q1",
        "--rates",
        "re-referral-pct",
        &format!("referrals={}", path("referrals.csv")),
    ]);
    assert!(
        run.ok()
            .ends_with("Re-referrals within 12 months   n/a  0.0%\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "re-referral-pct: the referrals in the inputs do not go back to 2019-04-01, 12 months before the baseline starts, so earlier referrals are missed and the rate is understated"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn repeat_plans_from_the_column_or_from_history() {
    // Number of Previous Child Protection Plans: P2 and P3 of P1–P4 in 2022; P5 (0) in 2021.
    let r = rows(&[
        "-p",
        "2022-23:Q1",
        "--rates",
        "repeat-cp-plan-pct",
        &path("list7.csv"),
    ]);
    assert_eq!(figures(&r[0]), (0.0, 50.0, 50.0, "column"));
    // From history: Q1 had a plan in 2019, Q2 had none; Q3 (2021) had none.
    let dir = Workdir::new();
    let run = dir.run(&[
        "compare",
        "-p",
        "2022-23:Q1",
        "--rates",
        "repeat-cp-plan-pct",
        &format!("cp-plan-starts={}", path("cp-history.csv")),
    ]);
    assert!(
        run.ok()
            .contains("\nSecond or subsequent CP plans   0.0%  50.0%  +50.0 pp\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("repeat-cp-plan-pct: counted from the plans in the inputs; plans before the inputs start are missed, so the rate may be understated"),
        "{}",
        run.stderr
    );
}

#[test]
fn ratios_are_labelled_and_rates_shown_in_every_format() {
    let dir = Workdir::new();
    let lists = repo("testdata/annex-a/lists").display().to_string();
    let table = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--rates",
        "referral-to-assessment-pct",
        "-q",
        &lists,
    ]);
    // The last line of the table, above the footnote on partial coverage.
    let last: Vec<&str> = table
        .ok()
        .lines()
        .rfind(|l| !l.starts_with('†'))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        last,
        [
            "Assessments",
            "per",
            "referral",
            "(ratio)",
            "100.0%",
            "33.3%",
            "-66.7",
            "pp"
        ]
    );
    let csv = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--rates",
        "referral-to-assessment-pct",
        "-f",
        "csv",
        "-q",
        &lists,
    ]);
    assert_eq!(
        csv.csv().lines().last(),
        Some(
            "referral-to-assessment-pct,Assessments per referral (ratio),percent,100,33.3,,,-66.7"
        )
    );
    let md = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--rates",
        "all",
        "-f",
        "markdown",
        "-q",
        &lists,
    ]);
    assert!(
        md.csv()
            .contains("| Section 47 enquiries leading to an ICPC |  50.0% | 100.0% | +50.0 pp |"),
        "{}",
        md.stdout
    );
    // Without --rates nothing changes.
    let plain = dir.run(&["compare", "-p", "2020-21:Q1-Q2", "-f", "json", "-q", &lists]);
    assert!(!plain.csv().contains("percent"));
    let bad = dir.run(&["compare", "-p", "2020", "--rates", "conversion", &lists]);
    assert!(
        bad.fails(2).starts_with(
            "Error: --rates conversion: not a rate; use all or any of re-referral-pct,"
        ),
        "{}",
        bad.stderr
    );
}

#[test]
fn small_rates_are_withheld_when_suppressing() {
    let r = rows(&[
        "-p",
        "2022-23:Q1",
        "--rates",
        "icpc-to-cp-plan-pct",
        "--suppress",
        "5",
        &path("list5.csv"),
    ]);
    assert_eq!(
        (
            &r[0]["baseline"],
            &r[0]["current"],
            &r[0]["current_numerator"]
        ),
        (
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::Value::Null
        )
    );
    assert_eq!(
        r[0]["withheld"],
        "withheld: a count behind it is from 1 to 5"
    );
    // The table shows it withheld as a count is, c, and the summary says why it is left out.
    let table = Workdir::new().run(&[
        "compare",
        "-p",
        "2022-23:Q1",
        "--rates",
        "icpc-to-cp-plan-pct",
        "--suppress",
        "5",
        "--summary",
        "-q",
        &path("list5.csv"),
    ]);
    let text = table.ok();
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")
                == "ICPCs resulting in a plan c c c"),
        "{text}"
    );
    assert!(
        text.contains("  ICPCs resulting in a plan: not described: a count behind it is withheld to protect children's identities.\n"),
        "{text}"
    );
}

/// (month, rate, year earlier, change in points, YTD, rolling 12) of a monthly rate row.
fn month_figures(row: &serde_json::Value) -> (String, [Option<f64>; 5]) {
    (
        row["month"].as_str().unwrap().to_string(),
        [
            row["count"].as_f64(),
            row["previous_year_count"].as_f64(),
            row["change_pp"].as_f64(),
            row["ytd"].as_f64(),
            row["rolling_12"].as_f64(),
        ],
    )
}

#[test]
fn monthly_rates_month_by_month() {
    let r = monthly_rows(&[
        "--months",
        "2022-04..2022-06",
        "--rates",
        "s47-to-icpc-pct,icpc-within-15wd-pct",
        &path("list5.csv"),
    ]);
    let got: Vec<(String, [Option<f64>; 5])> = r.iter().map(month_figures).collect();
    assert_eq!(r[0]["measure"], "s47-to-icpc-pct");
    assert_eq!(r[3]["measure"], "icpc-within-15wd-pct");
    assert_eq!(
        got,
        [
            // April: A led to a conference, E did not (1 of 2); April 2021: Z1 (1 of 1).
            (
                "2022-04".to_string(),
                [Some(50.0), Some(100.0), Some(-50.0), Some(50.0), Some(50.0)]
            ),
            // May: B, C and D all did; no enquiries in May 2021.
            (
                "2022-05".to_string(),
                [Some(100.0), None, None, Some(80.0), Some(80.0)]
            ),
            // June: F and G did (F's conference predates it, G's is in August).
            (
                "2022-06".to_string(),
                [Some(100.0), None, None, Some(85.7), Some(85.7)]
            ),
            // Conferences in April: none (April 2021: Z1, 9 working days, on time).
            ("2022-04".to_string(), [None, Some(100.0), None, None, None]),
            // May: A, 12 working days across Easter and 2 May.
            (
                "2022-05".to_string(),
                [Some(100.0), None, None, Some(100.0), Some(100.0)]
            ),
            // June: B 14 and C 15 on time, D 16 late (the jubilee); F left out.
            (
                "2022-06".to_string(),
                [Some(66.7), None, None, Some(75.0), Some(75.0)]
            ),
        ]
    );
    assert_eq!(
        (r[5]["numerator"].as_u64(), r[5]["denominator"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(r[5]["ytd_change_pp"], -25.0);
    assert_eq!(r[3]["withheld"], "no denominator in one of the periods");
}

#[test]
fn monthly_rates_in_text_and_csv_and_withheld_when_suppressing() {
    let dir = Workdir::new();
    let list7 = path("list7.csv");
    let table = dir.run(&[
        "monthly",
        "--months",
        "2022-04..2022-06",
        "--rates",
        "repeat-cp-plan-pct",
        "-q",
        &list7,
    ]);
    // The list starts in 2022: the year before has no data ([x], with its footnote last).
    assert!(table.stdout.ends_with(
        "[x] No data: the inputs hold nothing for this span, so there is no figure (it is not zero) and no change.\n"
    ));
    let lines: Vec<String> = table
        .csv()
        .lines()
        .rev()
        .filter(|l| !l.starts_with('†') && !l.starts_with("[x]"))
        .take(3)
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        [
            "+/- (points) +100.0 pp +50.0 pp +50.0 pp",
            "Year earlier n/a 0.0% n/a 0.0% 0.0%",
            "Second or subsequent CP plans 0.0% 100.0% 50.0% 50.0% 50.0%",
        ]
    );
    let csv = dir.run(&[
        "monthly",
        "--months",
        "2022-04..2022-06",
        "--rates",
        "repeat-cp-plan-pct",
        "-f",
        "csv",
        "-q",
        &list7,
    ]);
    let text = csv.csv();
    assert_eq!(
        text.lines().next(),
        Some(
            "measure,label,unit,month,count,previous_year_count,change,change_pct,ytd,ytd_previous_year,rolling_12,rolling_12_previous_year,change_pp,ytd_change_pp,rolling_12_change_pp"
        )
    );
    assert_eq!(
        text.lines().last(),
        Some(
            "repeat-cp-plan-pct,Second or subsequent CP plans,percent,2022-06,50,,,,50,0,50,0,,50,50"
        )
    );
    let r = monthly_rows(&[
        "--months",
        "2022-04..2022-06",
        "--rates",
        "repeat-cp-plan-pct",
        "--suppress",
        "1",
        &list7,
    ]);
    // Every month has a count of 1 behind it: withheld, and so are the years to date and
    // the rolling years that would give one away. April's rolling year, 0 of 2 plans, is
    // shown: nothing beside it gives a month's count (issue 28: no over-suppression).
    for row in &r {
        assert_eq!(
            row["withheld"],
            "withheld: a count behind it is from 1 to 1"
        );
        assert_eq!(row["ytd"], serde_json::Value::Null);
    }
    let rolling: Vec<&serde_json::Value> = r.iter().map(|row| &row["rolling_12"]).collect();
    assert_eq!(
        rolling,
        [
            &serde_json::json!(0.0),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
    assert_eq!(r.len(), 3);
}

#[test]
fn overlapping_extracts_are_counted_once_in_rates() {
    // Two List 5 extracts that both hold B's and C's enquiries: the same figures as one list.
    let args = |extra: &'static str| {
        let mut a = vec![
            "-p",
            "2022-23:Q1",
            "--rates",
            "s47-to-icpc-pct,icpc-within-15wd-pct,icpc-to-cp-plan-pct",
        ];
        if !extra.is_empty() {
            a.push(extra);
        }
        a
    };
    let overlap = path("overlap");
    let mut deduped = args("");
    deduped.push(&overlap);
    let r = rows(&deduped);
    assert_eq!(figures(&r[0]), (100.0, 85.7, -14.3, "linked"));
    assert_eq!(figures(&r[1]), (100.0, 75.0, -25.0, "linked"));
    assert_eq!(figures(&r[2]), (100.0, 60.0, -40.0, "linked"));
    // Kept twice with --no-dedupe: 8 of 9 enquiries, 5 of 6 on time, 4 of 7 with a plan.
    let mut kept = args("--no-dedupe");
    kept.push(&overlap);
    let r = rows(&kept);
    assert_eq!(figures(&r[0]), (100.0, 88.9, -11.1, "linked"));
    assert_eq!(figures(&r[1]), (100.0, 83.3, -16.7, "linked"));
    assert_eq!(figures(&r[2]), (100.0, 57.1, -42.9, "linked"));
}

#[test]
fn standard_input_feeds_the_rates_in_the_same_pass() {
    // The rates are tallied in the counting pass, so standard input (read once) feeds them
    // exactly as the same file does: 6 of 7 enquiries led to a conference (85.7%).
    let list5 = std::fs::read(repo("testdata/rates/list5.csv")).unwrap();
    let args = |input: &str| {
        [
            "compare",
            "-p",
            "2022-23:Q1",
            "--rates",
            "s47-to-icpc-pct",
            "-f",
            "json",
        ]
        .into_iter()
        .map(str::to_string)
        .chain([format!("s47-enquiries={input}")])
        .collect::<Vec<String>>()
    };
    let piped = args("-");
    let piped: Vec<&str> = piped.iter().map(String::as_str).collect();
    let run = Workdir::new().run_with_stdin(&piped, &list5);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let rate = &json["rows"][1];
    assert_eq!(rate["method"], "linked");
    assert_eq!(rate["current"], 85.7);
    assert_eq!(rate["current_numerator"], 6);
    assert_eq!(rate["current_denominator"], 7);
    assert!(!run.stderr.contains("second time"), "{}", run.stderr);
    let file = args(&repo("testdata/rates/list5.csv").display().to_string());
    let file: Vec<&str> = file.iter().map(String::as_str).collect();
    let from_file = Workdir::new().run(&file);
    let from_file: serde_json::Value = serde_json::from_str(from_file.ok()).unwrap();
    assert_eq!(from_file["rows"], json["rows"]);
}

#[test]
fn a_ratio_needs_both_measures() {
    // Section 47 dates but no conference dates anywhere: not a ratio of 0 ICPCs, but no figure.
    let dir = Workdir::new();
    dir.write(
        "s47.csv",
        "Child Unique ID,Section 47 Start Date\nA,13/04/2022\nB,20/05/2022\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2022-23:Q1",
        "--rates",
        "s47-to-icpc-pct",
        "-f",
        "json",
        "s47-enquiries=s47.csv",
    ]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let rate = &json["rows"][1];
    assert_eq!(rate["method"], "ratio");
    assert_eq!(rate["current"], serde_json::Value::Null);
    assert_eq!(
        rate["withheld"],
        "no input holds the dates s47-to-icpc-pct needs"
    );
}

#[test]
fn monthly_charts_give_each_rate_a_percent_panel() {
    let dir = Workdir::new();
    let chart = dir.path("rates.svg");
    let chart_arg = chart.display().to_string();
    dir.run(&[
        "monthly",
        "--months",
        "2022-04..2022-06",
        "--rates",
        "icpc-to-cp-plan-pct",
        "-q",
        "--chart",
        &chart_arg,
        &path("list5.csv"),
    ])
    .ok();
    let svg = dir.read("rates.svg");
    // Section 47 and ICPC counts on a count axis, the rate on a percent axis (as drawn; the
    // description names them again).
    assert_eq!(svg.matches("\nICPCs resulting in a plan\n").count(), 1);
    assert_eq!(svg.matches("\nPercent\n").count(), 1);
    assert_eq!(svg.matches("\nCount\n").count(), 2);
}

#[test]
fn more_holidays_from_a_file() {
    // With 21 June 2022 a holiday, D's conference (27 May to 22 June) takes 15 working days,
    // not 16: all four conferences of the quarter are on time.
    let dir = Workdir::new();
    let holidays = dir.write("holidays.csv", "Date,Name\n21/06/2022,Local holiday\n");
    let holidays = holidays.display().to_string();
    let r = rows(&[
        "-p",
        "2022-23:Q1",
        "--rates",
        "icpc-within-15wd-pct",
        "--holidays",
        &holidays,
        &path("list5.csv"),
    ]);
    assert_eq!(figures(&r[0]), (100.0, 100.0, 0.0, "linked"));
    assert_eq!(r[0]["current_bands"], serde_json::json!([0, 4, 0, 0]));
}

#[test]
fn the_child_id_column_can_be_named() {
    // The referral history needs the child: a header cscstats does not know is named with
    // --id-column, as for the counts.
    let dir = Workdir::new();
    let text = std::fs::read_to_string(repo("testdata/rates/referrals.csv")).unwrap();
    let renamed = text.replacen("Child Unique ID", "Person Ref", 1);
    let file = dir.write("referrals.csv", renamed).display().to_string();
    let args = ["-p", "2022-23:Q1", "--rates", "re-referral-pct"];
    let mut unnamed: Vec<&str> = args.to_vec();
    unnamed.push(&file);
    assert_eq!(rows(&unnamed)[0]["current"], serde_json::Value::Null);
    let mut named: Vec<&str> = args.to_vec();
    named.extend(["--id-column", "referrals=Person Ref", &file]);
    assert_eq!(figures(&rows(&named)[0]), (0.0, 60.0, 60.0, "history"));
}

/// Large lists (read in parts on two threads) give the rates one reader gives: linked,
/// column-based, timeliness bands and the histories of re-referrals and repeat plans.
#[test]
fn rates_read_in_parts_match_one_reader() {
    let dir = Workdir::new();
    // 125,000 enquiries and 125,000 referrals (over 8 MB each), 9,000 children.
    let mut s47 = String::from(
        "Child Unique ID,Gender,Strategy discussion initiating Section 47 Enquiry Start Date,\
         Date of Initial Child Protection Conference,\
         Did the Initial Child Protection Conference Result in a Child Protection Plan,\
         Number of Section 47 Enquiries in the last 12 months,Allocated Team,Allocated Worker\n",
    );
    let mut referrals = String::from(
        "Child Unique ID,Gender,Date of referral,Referral Source,\
         Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker\n",
    );
    for i in 0..125_000u32 {
        // Every tenth row of the second half repeats the child and day of a row of the first
        // (so across the parts), and one in ten more the row before, each with another
        // conference and outcome and count: the first sight decides what a repeat adds.
        let like = match i {
            i if i >= 62_500 && i % 10 == 0 => i - 62_500,
            i if i % 10 == 5 => i - 1,
            i => i,
        };
        let child = format!("CH{:06}", (like * 7919) % 9000);
        let (day, month, year) = (like % 28 + 1, (like / 28) % 12 + 1, 2019 + (like / 336) % 3);
        let held = match i % 5 {
            0 => String::new(),
            k => format!("{:02}/{month:02}/{year}", (day + 3 * k).min(28)),
        };
        let outcome = if i % 3 == 0 { "a) Yes" } else { "b) No" };
        s47.push_str(&format!(
            "{child},a) Male,{day:02}/{month:02}/{year},{held},{outcome},{},\"Team {}, North\",Worker {i}\n",
            i % 4,
            i % 9
        ));
        referrals.push_str(&format!(
            "{child},b) Female,{day:02}/{month:02}/{year},\"6: Police, local\",{},Team {},Worker {i}\n",
            i % 3,
            i % 7
        ));
    }
    dir.write("List 5.csv", &s47);
    dir.write("List 3.csv", &referrals);
    assert!(s47.len() > 8 << 20 && referrals.len() > 8 << 20);
    let run = |threads: &str, dedupe: &str| {
        let out = dir
            .run(&[
                "compare",
                "-p",
                "2020-21",
                "--rates",
                "all",
                dedupe,
                "--threads",
                threads,
                "-f",
                "json",
                "-q",
                "List 5.csv",
                "List 3.csv",
            ])
            .ok()
            .to_string();
        common::without_provenance(&out)
    };
    // Without dropping repeats, both lists are read in parts, rates and all; dropping them
    // (`--dedupe`), the rates need one reader, as a repeat's first sight decides what it
    // adds. The same figures either way.
    let one = run("1", "--no-dedupe");
    assert_eq!(run("2", "--no-dedupe"), one);
    let dropped = run("1", "--dedupe");
    assert_ne!(dropped, one, "the lists hold repeats");
    assert_eq!(run("2", "--dedupe"), dropped);
    // The rates are there to compare: linked, timeliness and history.
    for rate in ["s47-to-icpc-pct", "icpc-within-15wd-pct", "re-referral-pct"] {
        assert!(
            one.contains(&format!("\"measure\": \"{rate}\"")),
            "{rate}:\n{one}"
        );
    }
}

/// A folder of Standard Safeguarding Dataset extracts (testdata/rates/ssd/, its README gives
/// the working): the rates follow the dataset's own ID links between the tables, whatever
/// the files are called, with a database's `NULL` read as no link and each link that names a
/// record not in the inputs counted in the notes.
#[test]
fn ssd_extracts_link_the_rates_by_their_ids() {
    let r = rows(&["-p", "2020-21:Q1", "--rates", "all", &path("ssd")]);
    let got: Vec<String> = r
        .iter()
        .map(|x| {
            format!(
                "{} {} {}/{} {}/{} {}",
                x["measure"].as_str().unwrap(),
                x["method"].as_str().unwrap(),
                x["baseline_numerator"],
                x["baseline_denominator"],
                x["current_numerator"],
                x["current_denominator"],
                x["change_pp"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "re-referral-pct history 0/3 0/4 0.0",
            "referral-to-assessment-pct id-linked 2/3 2/4 -16.7",
            "assessment-within-45wd-pct linked 2/2 1/1 0.0",
            "s47-to-icpc-pct id-linked 2/3 2/3 0.0",
            "icpc-within-15wd-pct id-linked 1/2 1/2 0.0",
            "icpc-to-cp-plan-pct id-linked 1/3 2/3 33.3",
            "repeat-cp-plan-pct history 0/1 0/3 0.0",
        ]
    );
    let run = Workdir::new().run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--rates",
        "all",
        &path("ssd"),
    ]);
    run.ok();
    for note in [
        "  s47-to-icpc-pct: linked by the Standard Safeguarding Dataset's IDs (icpc_s47_enquiry_id to s47e_s47_enquiry_id); 1 link names a record not in the inputs (an earlier event, or an extract that stops short)\n",
        "  icpc-to-cp-plan-pct: linked by the Standard Safeguarding Dataset's IDs (icpc_cp_plan_id, and cppl_icpc_id to icpc_icpc_id); 1 link names a record not in the inputs (an earlier event, or an extract that stops short)\n",
        "  referral-to-assessment-pct: linked by the Standard Safeguarding Dataset's IDs (cina_referral_id to cine_referral_id); 1 link names a record not in the inputs (an earlier event, or an extract that stops short)\n",
    ] {
        assert!(run.stderr.contains(note), "{note}\nin\n{}", run.stderr);
    }
    // No ID from the rows is echoed, dangling or not.
    for id in ["R99", "S77", "I99", "P9"] {
        assert!(!run.stderr.contains(id) && !run.stdout.contains(id), "{id}");
    }
}

/// A rate is linked by ID only where the inputs hold both ends of the link: conferences
/// alone link their plans by their own `icpc_cp_plan_id`, but name enquiries that are not
/// there, so conference timeliness has no start dates and is withheld.
#[test]
fn an_ssd_link_needs_both_ends() {
    let dir = Workdir::new();
    let text = std::fs::read_to_string(path("ssd/conferences.csv")).unwrap();
    let file = dir.write("conferences.csv", text);
    let r = rows(&[
        "-p",
        "2020-21:Q1",
        "--rates",
        "icpc-to-cp-plan-pct,icpc-within-15wd-pct",
        file.to_str().unwrap(),
    ]);
    let got: Vec<String> = r
        .iter()
        .map(|x| {
            format!(
                "{} {}/{} {}",
                x["method"].as_str().unwrap(),
                x["current_numerator"],
                x["current_denominator"],
                x["withheld"]
            )
        })
        .collect();
    // I1 names plan C1; I2's plan (C3 names it) is in a table not read here; I3's is NULL.
    assert_eq!(
        got,
        [
            "linked null/null \"no input holds the dates icpc-within-15wd-pct needs\"",
            "id-linked 1/3 null",
        ]
    );
}
