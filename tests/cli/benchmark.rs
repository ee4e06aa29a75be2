//! `cscstats benchmark` on DfE's published children-in-need data (testdata/dfe, copied
//! unchanged from DfE's repository). Every figure asserted here is a published value, or a
//! rate worked out from published counts and populations.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

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
        "measure,label,area,area_kind,previous,current,change,change_pct,previous_rate,current_rate,rank,ranked,\
         unit,previous_pct,current_pct,change_pp,band_0_10,band_11_15,band_16_20,band_21_plus,median_days,\
         previous_status,current_status,bands_status"
    );
    // Published counts: Leicestershire referrals 5,523 → 5,163; S47 enquiries 1,550 → 1,768
    // (as shared/domain.md quotes); England referrals 642,980 → 597,760, −7.0%.
    // Rates use the ONS estimate of the June before each year ends (DfE's alignment): mid-2019
    // and mid-2020, 5,523 ÷ 139,012 = 397.3 and 5,163 ÷ 139,893 = 369.1 per 10,000.
    // Ranks and medians are checked against every authority in tests/cli/published.rs.
    for expected in [
        "referrals,Referrals,Leicestershire,authority,5523,5163,-360,-6.5182,397.3,369.1,124,150,count,,,,,,,,,,,",
        "referrals,Referrals,England,england,642980,597760,-45220,-7.0329,545.3,507.1,,,count,,,,,,,,,,,",
        "referrals,Referrals,East Midlands,region,60160,55740,-4420,-7.3471,607.8,563.0,,,count,,,,,,,,,,,",
        "s47-enquiries,Section 47,Leicestershire,authority,1550,1768,218,14.0645,111.5,126.4,118,148,count,,,,,,,,,,,",
        "icpcs,Initial Child Protection Conferences,Leicestershire,authority,872,833,-39,-4.4725,62.7,59.5,81,148,count,,,,,,,,,,,",
        "cp-plan-starts,Child Protection Plan Starts,Leicestershire,authority,720,716,-4,-0.5556,51.8,51.2,86,148,count,,,,,,,,,,,",
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
        "referrals,Referrals,Statistical neighbours (median of 10),neighbours,,,,,385.8,339.0,,,count,,,,,,,,,,,"
    );
}

#[test]
fn rates_match_dfe_published_rates() {
    // England's 2022/23 Section 47 rate: 225,400 ÷ 11,901,267 (mid-2022, DfE's alignment)
    // × 10,000 = 189.4; with mid-2021 (11,762,878), the estimate available when the 2023
    // release was published, 191.6 as shared/domain.md quotes.
    let lines = csv(&["--la", "Leicestershire", "--year", "2023"]);
    let england = lines
        .iter()
        .find(|l| l.starts_with("s47-enquiries,Section 47,England,"))
        .unwrap();
    assert!(england.contains(",185.2,189.4,,,count,"), "{england}");
    let lines = csv(&[
        "--la",
        "Leicestershire",
        "--year",
        "2023",
        "--population-year",
        "2021",
    ]);
    let england = lines
        .iter()
        .find(|l| l.starts_with("s47-enquiries,Section 47,England,"))
        .unwrap();
    assert!(england.contains(",184.8,191.6,,,count,"), "{england}");
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
            .contains("2022/23 uses ONS mid-2022 population estimates, 2021/22 mid-2021 ("),
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
    // No symbol in a numeric column: the counts are empty, DfE's `c` in the status columns.
    assert_eq!(
        s47,
        "s47-enquiries,Section 47,Isles of Scilly,authority,,,,,,,,,count,,,,,,,,,c,c,"
    );
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
        json["footer"].as_array().unwrap().iter().any(|f| f
            == "Symbols: c = confidential (suppressed to protect children); x = not available.")
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

#[test]
fn a_trend_agrees_with_each_year_benchmarked_alone() {
    let trend = csv(&["--la", "Leicestershire", "--years", "2013..2025"]);
    assert_eq!(
        trend[0],
        "measure,label,unit,area,area_kind,year,year_label,count,value,rank,ranked,neighbours,count_status"
    );
    // 2013 and 2014 can be run: their rates use mid-2012 and mid-2013.
    assert!(
        trend.iter().any(|l| l.starts_with(
            "referrals,Referrals,rate_per_10000,Leicestershire,authority,2013,2012/13,"
        )),
        "{}",
        trend.join("\n")
    );
    for year in 2013..=2025 {
        let single = csv(&["--la", "Leicestershire", "--year", &year.to_string()]);
        for (measure, label) in [
            ("referrals", "Referrals"),
            ("s47-enquiries", "Section 47"),
            ("re-referral-pct", "Re-referrals within 12 months"),
        ] {
            let alone = single
                .iter()
                .find(|l| l.starts_with(&format!("{measure},{label},Leicestershire,authority,")))
                .unwrap();
            let f: Vec<&str> = alone.split(',').collect();
            // count, rate (or percentage), rank, ranked
            let (count, value) = if measure.ends_with("-pct") {
                ("", f[14])
            } else {
                (f[5], f[9])
            };
            let expected = format!(
                ",Leicestershire,authority,{year},{},{count},{value},{},{},,",
                label_of(year),
                f[10],
                f[11]
            );
            assert!(
                trend
                    .iter()
                    .any(|l| l.starts_with(measure) && l.ends_with(&expected)),
                "{year} {measure}: no row ending {expected}"
            );
        }
    }
}

/// `2021` as papers write it: `2020/21`.
fn label_of(year: i32) -> String {
    format!("{}/{:02}", year - 1, year % 100)
}

#[test]
fn trends_in_a_report_and_as_a_chart() {
    let dir = Workdir::new();
    std::os::unix::fs::symlink(repo("testdata/dfe"), dir.path("dfe")).unwrap();
    dir.write(
        "report.toml",
        "inputs = [\"dfe\"]\n[[benchmark]]\nla = \"Gateshead\"\nyears = \"2014-15..2019-20\"\nchart = \"trend.svg\"\noutput = \"trend.json\"\n",
    );
    dir.run(&["run", "-q", "report.toml"]).ok();
    let json: serde_json::Value = serde_json::from_str(&dir.read("trend.json")).unwrap();
    assert_eq!(
        json["years"],
        serde_json::json!([2015, 2016, 2017, 2018, 2019, 2020])
    );
    // Gateshead's Section 47s sit under E08000020 until 2019 and E08000037 from 2020 in C4;
    // joined by LA number 390, the series has no gap.
    let s47 = json["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["measure"] == "s47-enquiries" && s["area_kind"] == "authority")
        .unwrap();
    let values: Vec<&serde_json::Value> = s47["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["value"])
        .collect();
    assert!(values.iter().all(|v| v.is_f64()), "{values:?}");
    let svg = dir.read("trend.svg");
    for name in [
        "Gateshead",
        "North East",
        "England",
        "Statistical neighbours (median)",
    ] {
        assert!(
            svg.contains(&format!(">\n{name}\n</text>")),
            "{name} not in the legend"
        );
    }
}

#[test]
fn rounding_is_applied_once_in_every_format() {
    // 1,550 → 1,768 rounded to 10: 1,550 → 1,770, +220, +14.2% (from the rounded counts).
    let lines = csv(&["--la", "Leicestershire", "--year", "2021", "--round", "10"]);
    let s47 = lines
        .iter()
        .find(|l| l.starts_with("s47-enquiries,Section 47,Leicestershire,"))
        .unwrap();
    assert!(s47.contains(",1550,1770,220,14.1935,"), "{s47}");
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2021",
        "--round",
        "10",
        "-q",
        &dfe(),
    ]);
    assert!(
        run.ok().lines().any(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words.get(..4) == Some(&["Leicestershire", "1550", "1770", "+14%"][..])
        }),
        "{}",
        run.stdout
    );
}

#[test]
fn compare_shows_the_latest_published_figures_beside_its_own() {
    let example = repo("examples/committee-2021").display().to_string();
    let data = dfe();
    let run = Workdir::new().run(&[
        "compare",
        "--period",
        "2020-21:Q1-Q2",
        "--rates",
        "all",
        "--benchmark",
        &data,
        "--la",
        "Leicestershire",
        "--population",
        "140000",
        "-f",
        "json",
        "-q",
        &example,
    ]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|r| r["measure"] == id).unwrap();
    // Beside each, the figures `benchmark --year 2025` publishes for 2024/25.
    let published = csv(&["--la", "Leicestershire", "--year", "2025"]);
    let current = |id: &str, kind: &str| -> f64 {
        let line = published
            .iter()
            .find(|l| {
                let f: Vec<&str> = l.split(',').collect();
                f[0] == id && f[f.len() - 21] == kind
            })
            .unwrap();
        let f: Vec<&str> = line.split(',').collect();
        let value = if id.ends_with("-pct") { f[14] } else { f[9] };
        value.parse().unwrap()
    };
    for id in [
        "referrals",
        "s47-enquiries",
        "re-referral-pct",
        "icpc-within-15wd-pct",
        "repeat-cp-plan-pct",
    ] {
        let b = &row(id)["benchmark"];
        assert_eq!(b["year"], 2025, "{id}");
        assert_eq!(b["authority"], current(id, "authority"), "{id}");
        assert_eq!(b["england"], current(id, "england"), "{id}");
        assert_eq!(b["region"], current(id, "region"), "{id}");
        assert_eq!(b["neighbours"], current(id, "neighbours"), "{id}");
    }
    // Its own six months of Section 47s, annualised: 1,010 × 12 ÷ 6 ÷ 140,000 × 10,000 = 144.3.
    assert_eq!(row("s47-enquiries")["current"], 1010);
    assert_eq!(row("s47-enquiries")["benchmark"]["per_10000"], 144.3);
    // Contacts and its own rates DfE does not publish carry nothing.
    assert!(row("contacts").get("benchmark").is_none());
    assert!(row("s47-to-icpc-pct").get("benchmark").is_none());
    // Without --la it is a usage error.
    let run = Workdir::new().run(&["compare", "-p", "2020-21", "--benchmark", &data, &example]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn excel_stores_the_rank_and_the_pool_as_numbers() {
    use calamine::Reader;
    let dir = Workdir::new();
    dir.run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2021",
        "-q",
        "-o",
        "b.xlsx",
        &dfe(),
    ])
    .ok();
    let bytes = std::fs::read(dir.path("b.xlsx")).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Table 1").unwrap();
    // Somewhere in the Rank column a number, not text such as "12 of 152".
    let header = (0..range.width())
        .find(|&c| range.get_value((2, c as u32)).map(|v| v.to_string()) == Some("Rank".into()))
        .unwrap();
    // A rank where one applies (the authority's rows), else [z].
    let ranks: Vec<&calamine::Data> = (3..range.height() as u32)
        .filter_map(|r| range.get_value((r, header as u32)))
        .filter(|v| !matches!(v, calamine::Data::Empty))
        .filter(|v| !matches!(v, calamine::Data::String(s) if s == "[z]"))
        .collect();
    assert!(!ranks.is_empty());
    assert!(
        ranks.iter().all(|v| matches!(v, calamine::Data::Float(_))),
        "{ranks:?}"
    );
    // Beside it, how many areas were ranked, a number too: referrals are 124th of 150.
    assert_eq!(
        range
            .get_value((2, header as u32 + 1))
            .map(|v| v.to_string()),
        Some("Areas ranked".into())
    );
    let referrals = (3..range.height() as u32)
        .find(|&r| {
            range
                .get_value((r, 0))
                .map(|v| v.to_string().trim().to_string())
                == Some("Leicestershire".into())
        })
        .unwrap();
    assert_eq!(
        (
            range.get_value((referrals, header as u32)),
            range.get_value((referrals, header as u32 + 1))
        ),
        (
            Some(&calamine::Data::Float(124.0)),
            Some(&calamine::Data::Float(150.0))
        )
    );
}

/// The benchmark's sentences: the authority's rate against England, its region and its
/// statistical neighbours, furthest from England first; a withheld figure is never named.
#[test]
fn benchmark_summary_in_plain_english() {
    let args = |extra: &[&str]| {
        let mut all = vec![
            "benchmark",
            "--la",
            "Leicestershire",
            "--year",
            "2021",
            "-f",
            "json",
            "-q",
        ];
        all.extend_from_slice(extra);
        let data = dfe();
        all.push(&data);
        let out = Workdir::new().run(&all).ok().to_string();
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["summary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect::<Vec<String>>()
    };
    let summary = args(&[]);
    assert_eq!(summary.len(), 7);
    assert_eq!(
        summary[0],
        "Leicestershire's rate of referrals was 369.1 per 10,000 children in 2020/21 \
         (397.3 in 2019/20): lower than England (507.1) and the East Midlands (563.0), and \
         higher than its statistical neighbours (339.0)."
    );
    assert!(
        summary.contains(
            &"Leicestershire's rate of initial child protection conferences was 59.5 per 10,000 \
          children in 2020/21 (62.7 in 2019/20): similar to England (61.6), lower than the East \
          Midlands (68.9), and higher than its statistical neighbours (48.0)."
                .to_string()
        )
    );
    assert!(
        summary.contains(
            &"Re-referrals within 12 months in Leicestershire were 21.2% in 2020/21 (20.8% in \
          2019/20): lower than England (22.7%) and the East Midlands (25.2%), and higher than \
          its statistical neighbours (19.7%)."
                .to_string()
        )
    );
    // A wider band makes more figures similar.
    let wide = args(&["--similar-within", "30"]);
    assert!(
        wide[0].contains("similar to England (507.1)"),
        "{}",
        wide[0]
    );
    // Withheld counts (under 1,000 here) are not named in any sentence.
    let withheld = args(&["--suppress", "1000"]);
    assert_eq!(withheld.len(), 5);
    assert!(
        withheld
            .iter()
            .all(|s| !s.contains("conferences was") && !s.contains("plan starts was")),
        "{withheld:?}"
    );
}

/// A trend chart people can read (issue 29): one key above the panels (never inside one, over
/// the authority's line), whole years on the axis ("2024/25", not "24/25"), and a text
/// alternative that counts years, not months.
#[test]
fn a_trend_chart_has_one_key_whole_years_and_says_years() {
    let dir = Workdir::new();
    dir.run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--years",
        "2016..2025",
        "--chart",
        "t.svg",
        "-q",
        "-o",
        "t.csv",
        &dfe(),
    ])
    .ok();
    let svg = dir.read("t.svg");
    assert!(
        svg.contains("comparing Leicestershire, East Midlands, England and Statistical neighbours (median) across 10 years.</desc>"),
        "{svg}"
    );
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(text, _)| text.trim())
        .collect();
    let count = |s: &str| texts.iter().filter(|t| **t == s).count();
    // Each area named once, in the key; seven panels, each labelled with whole years.
    for area in ["Leicestershire", "East Midlands", "England"] {
        assert_eq!(count(area), 1, "{texts:?}");
    }
    assert_eq!(count("2024/25"), 7, "{texts:?}");
    assert!(!texts.contains(&"24/25"), "{texts:?}");
    // The key sits above every panel's title.
    let y_of = |s: &str| {
        let at = svg.find(&format!(">\n{s}\n</text>")).unwrap();
        let open = svg[..at].rfind("<text").unwrap();
        let attrs = &svg[open..at];
        let y = attrs
            .split("y=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        y.parse::<f64>().unwrap()
    };
    assert!(y_of("England") < y_of("Referrals"));
    // The tidy CSV of a trend: a row per area and year, DfE's symbols in status.
    let run = dir.run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--years",
        "2024..2025",
        "-q",
        "-f",
        "csv",
        "--csv-layout",
        "tidy",
        &dfe(),
    ]);
    let rows = common::records(run.ok());
    let row = rows
        .iter()
        .find(|r| {
            r["measure"] == "referrals"
                && r["group"] == "Leicestershire"
                && r["period_label"] == "2024/25"
        })
        .unwrap();
    assert_eq!(
        (
            row["unit"].as_str(),
            row["period_start"].as_str(),
            row["period_end"].as_str(),
            row["span"].as_str()
        ),
        ("rate_per_10000", "2024-04-01", "2025-03-31", "year")
    );
    assert!(row["value"].parse::<f64>().is_ok() && row["change"].parse::<f64>().is_ok());
}
