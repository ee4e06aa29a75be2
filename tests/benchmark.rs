//! `cscstats benchmark` on DfE's published children-in-need data (testdata/dfe, copied
//! unchanged from DfE's repository). Every figure asserted here is a published value, or a
//! rate worked out from published counts and populations.
// Integration tests are test code throughout: a failed unwrap is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{Workdir, repo};

fn dfe() -> String {
    repo("testdata/dfe").display().to_string()
}

fn csv(args: &[&str]) -> Vec<String> {
    let data = dfe();
    let mut all = vec!["benchmark", "-f", "csv", "-q"];
    all.extend_from_slice(args);
    all.push(&data);
    Workdir::new()
        .run(&all)
        .ok()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn leicestershire_2020_21() {
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2021",
        "-q",
        &dfe(),
    ]);
    insta::assert_snapshot!("leicestershire_2021", run.ok());

    let lines = csv(&["--la", "Leicestershire", "--year", "2021"]);
    assert_eq!(
        lines[0],
        "measure,label,area,area_kind,previous,current,change,change_pct,previous_rate,current_rate,rank,ranked"
    );
    // Published counts: Leicestershire referrals 5,523 → 5,163; S47 enquiries 1,550 → 1,768
    // (as shared/domain.md quotes); England referrals 642,980 → 597,760, −7.0%.
    // Rates use ONS mid-2018 and mid-2019 estimates: 5,523 ÷ 138,152 = 399.8 and
    // 5,163 ÷ 139,012 = 371.4 per 10,000.
    for expected in [
        "referrals,Referrals,Leicestershire,authority,5523,5163,-360,-6.5182,399.8,371.4,123,149",
        "referrals,Referrals,England,england,642980,597760,-45220,-7.0329,547.0,507.0,,",
        "referrals,Referrals,East Midlands,region,60160,55740,-4420,-7.3471,610.0,563.1,,",
        "s47-enquiries,Section 47,Leicestershire,authority,1550,1768,218,14.0645,112.2,127.2,117,147",
        "icpcs,Initial Child Protection Conferences,Leicestershire,authority,872,833,-39,-4.4725,63.1,59.9,80,147",
        "cp-plan-starts,Child Protection Plan Starts,Leicestershire,authority,720,716,-4,-0.5556,52.1,51.5,83,147",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "missing {expected}\n{}",
            lines.join("\n")
        );
    }
    let neighbours = lines
        .iter()
        .find(|l| l.starts_with("referrals,Referrals,Statistical neighbours"))
        .unwrap();
    assert_eq!(
        neighbours,
        "referrals,Referrals,Statistical neighbours (median of 10),neighbours,,,,,387.1,340.6,,"
    );
}

#[test]
fn rates_match_dfe_published_rates() {
    // DfE's 2022/23 Section 47 rate for England: 225,400 ÷ 11,762,878 (mid-2021) × 10,000 = 191.6.
    let lines = csv(&["--la", "Leicestershire", "--year", "2023"]);
    let england = lines
        .iter()
        .find(|l| l.starts_with("s47-enquiries,Section 47,England,"))
        .unwrap();
    assert!(england.ends_with(",191.6,,"), "{england}");
    // Another population year can be asked for, and is stated.
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "855",
        "--year",
        "2023",
        "--population-year",
        "2022",
        "-q",
        &dfe(),
    ]);
    assert!(
        run.ok()
            .contains("2022/23 uses ONS mid-2022 population estimates, 2021/22 mid-2021."),
        "{}",
        run.stdout
    );
}

#[test]
fn authorities_by_name_code_or_old_number() {
    let by_name = csv(&["--la", "leicestershire", "--year", "2020-21"]);
    assert_eq!(csv(&["--la", "E10000018", "--year", "2021"]), by_name);
    assert_eq!(csv(&["--la", "855", "--year", "2020/21"]), by_name);
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Leicstershire",
        "--year",
        "2021",
        &dfe(),
    ]);
    assert_eq!(
        run.fails(2),
        "Error: --la Leicstershire: no local authority of that name or code in the published data; \
         did you mean Leicestershire, Leicester?"
    );
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2030",
        &dfe(),
    ]);
    assert_eq!(
        run.fails(2),
        "Error: --year 2030: the published data covers 2013 to 2025; pass --own with the authority's exports \
         for a year not yet published"
    );
}

#[test]
fn suppressed_figures_keep_their_symbol() {
    // Isles of Scilly 2020/21: Section 47 enquiries published as `c`.
    let lines = csv(&["--la", "Isles of Scilly", "--year", "2021"]);
    let s47 = lines
        .iter()
        .find(|l| l.starts_with("s47-enquiries,Section 47,Isles of Scilly,"))
        .unwrap();
    assert!(s47.contains(",c,c,,,"), "{s47}");
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Isles of Scilly",
        "--year",
        "2021",
        "-f",
        "json",
        "-q",
        &dfe(),
    ]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"] == "s47-enquiries")
        .unwrap();
    assert_eq!(
        (&row["previous"], &row["current"], &row["change_pct"]),
        (
            &serde_json::json!("c"),
            &serde_json::json!("c"),
            &serde_json::Value::Null
        )
    );
    assert!(
        json["footer"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "Symbols: c = confidential (suppressed to protect children).")
    );
}

#[test]
fn own_exports_stand_in_for_the_published_row() {
    let example = repo("examples/committee-2021").display().to_string();
    let data = dfe();
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2021",
        "--own",
        &example,
        "-f",
        "csv",
        &data,
    ]);
    let lines: Vec<&str> = run.ok().lines().collect();
    // The example's referrals: 5,788 in 2019/20 and 5,345 in 2020/21 (see `cscstats monthly`).
    let referrals = lines
        .iter()
        .find(|l| l.starts_with("referrals,Referrals,Leicestershire,"))
        .unwrap();
    assert!(
        referrals.starts_with("referrals,Referrals,Leicestershire,authority,5788,5345,-443,"),
        "{referrals}"
    );
    // Measures DfE does not publish appear for the authority alone.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("contacts,Contacts,Leicestershire,authority,22442,22600,"))
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("contacts,Contacts,England"))
    );
    assert!(
        run.stderr
            .contains("examples/committee-2021/referrals.csv [referrals, \"Date of referral\"]"),
        "{}",
        run.stderr
    );
    let table = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2021",
        "--own",
        &example,
        "-q",
        &data,
    ]);
    assert!(
        table.ok().contains("Leicestershire's Contacts, Referrals, Assessments, Strategy Discussions, Section 47, \
             Initial Child Protection Conferences, Child Protection Plan Starts from its own exports, not the published figures."),
        "{}",
        table.stdout
    );
}
