//! `benchmark` checked against an independent recomputation from DfE's published files, for
//! every local authority and every reporting year they hold: each count, rate per 10,000,
//! percentage, rank (and the size of its pool) and neighbours' median. The recomputation here
//! reads the CSV files on its own, joins rows by LA number, and rounds with its own integer
//! formula; it shares nothing with the code under test but the files.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use std::collections::{BTreeMap, HashMap};

use common::{Workdir, repo};
use cscstats::published::{AreaKind, BenchmarkQuestion, Catalogue, Unit, benchmark, read};

/// A value as (numerator, denominator) of its scale.
type Fraction = (u128, u128);

/// (LA number or area code, year, column) → the cell as published.
type Cells = BTreeMap<(String, i32, String), String>;

struct Files {
    cells: Cells,
    /// LA number → (name, region code), as last published.
    las: BTreeMap<String, (String, String)>,
    neighbours: BTreeMap<String, Vec<String>>,
}

fn load() -> Files {
    let dir = repo("testdata/dfe");
    let mut cells = Cells::new();
    let mut las = BTreeMap::new();
    for file in ["c1", "c4", "d3", "ons"] {
        let path = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(file))
            .unwrap();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        for row in reader.records() {
            let row = row.unwrap();
            let get = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_string();
            let key = match get("geographic_level").as_str() {
                "Local authority" => {
                    las.insert(get("old_la_code"), (get("la_name"), get("region_code")));
                    get("old_la_code")
                }
                "Regional" => get("region_code"),
                "National" => "E92000001".to_string(),
                _ => continue,
            };
            let year: i32 = get("time_period").parse().unwrap();
            for (i, h) in headers.iter().enumerate() {
                let column = if file == "ons" && h == "population_estimate" {
                    "population".to_string()
                } else {
                    h.clone()
                };
                cells.insert((key.clone(), year, column), row[i].to_string());
            }
        }
    }
    let mut neighbours = BTreeMap::new();
    let mut reader =
        csv::Reader::from_path(dir.join("New_Statistical_Neighbour_Groupings_April_2021.csv"))
            .unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let sns: Vec<String> = (0..10)
            .map(|i| row[5 + 2 * i].to_string())
            .filter(|s| !s.is_empty())
            .collect();
        neighbours.insert(row[2].to_string(), sns);
    }
    Files {
        cells,
        las,
        neighbours,
    }
}

impl Files {
    fn count(&self, area: &str, year: i32, column: &str) -> Option<u64> {
        self.cells
            .get(&(area.to_string(), year, column.to_string()))?
            .parse()
            .ok()
    }

    /// The measure's value as a fraction (numerator, denominator) of its scale.
    fn value(&self, measure: &str, area: &str, year: i32) -> Option<(u128, u128)> {
        let per_10000 = |column: &str| {
            let count = self.count(area, year, column)?;
            let population = self.count(area, year - 1, "population")?;
            (population > 0).then(|| (u128::from(count) * 10_000, u128::from(population)))
        };
        let percent = |numerator: &[&str], denominator: &str| {
            let num: u64 = numerator
                .iter()
                .map(|c| self.count(area, year, c))
                .sum::<Option<u64>>()?;
            let den = self.count(area, year, denominator)?;
            (den > 0).then(|| (u128::from(num) * 100, u128::from(den)))
        };
        match measure {
            "referrals" => per_10000("referral_count"),
            "s47-enquiries" => per_10000("Section47"),
            "icpcs" => per_10000("ICPC"),
            "cp-plan-starts" => per_10000("CPP_start"),
            "re-referral-pct" => percent(&["rereferral_count"], "referral_count"),
            "icpc-within-15wd-pct" => {
                percent(&["Duration_0-10_days", "Duration_11-15_days"], "ICPC")
            }
            "repeat-cp-plan-pct" => percent(&["CPP_subsequent"], "CPP_start"),
            _ => None,
        }
    }
}

impl Files {
    /// The percentage DfE published, where it publishes one.
    fn published_percent(&self, measure: &str, area: &str, year: i32) -> Option<f64> {
        let column = match measure {
            "re-referral-pct" => "rereferral_percent",
            "repeat-cp-plan-pct" => "CPP_subsequent_percent",
            _ => return None,
        };
        self.cells
            .get(&(area.to_string(), year, column.to_string()))?
            .parse()
            .ok()
    }
}

/// `n / d` to one decimal, halves up: ⌊(20n + d) / 2d⌋ / 10.
fn one_decimal((n, d): (u128, u128)) -> f64 {
    ((20 * n + d) / (2 * d)) as f64 / 10.0
}

fn greater(a: (u128, u128), b: (u128, u128)) -> bool {
    a.0 * b.1 > b.0 * a.1
}

fn median(mut values: Vec<(u128, u128)>) -> Option<f64> {
    values.sort_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)));
    let n = values.len();
    if n == 0 {
        return None;
    }
    if n % 2 == 1 {
        return Some(one_decimal(values[n / 2]));
    }
    let (a, b) = (values[n / 2 - 1], values[n / 2]);
    Some(one_decimal((a.0 * b.1 + b.0 * a.1, 2 * a.1 * b.1)))
}

#[test]
fn every_authority_and_year_matches_a_recomputation() {
    let files = load();
    let catalogue = Catalogue::builtin();
    let published = read(&[repo("testdata/dfe")], &catalogue).unwrap();
    // Every value once: (measure, area, year) → exact fraction.
    let measures = [
        "referrals",
        "s47-enquiries",
        "icpcs",
        "cp-plan-starts",
        "re-referral-pct",
        "icpc-within-15wd-pct",
        "repeat-cp-plan-pct",
    ];
    let mut values: HashMap<(&str, &str, i32), Option<Fraction>> = HashMap::new();
    let areas: Vec<String> = files
        .las
        .keys()
        .cloned()
        .chain(files.las.values().map(|(_, region)| region.clone()))
        .chain(["E12000007".to_string(), "E92000001".to_string()])
        .collect();
    for measure in measures {
        for area in &areas {
            for year in 2013..=2025 {
                values.insert(
                    (measure, area.as_str(), year),
                    files.value(measure, area, year),
                );
            }
        }
    }
    // An authority's value from its exact counts, else the percentage DfE published (for a
    // suppressed or zero denominator).
    let value = |measure: &str, area: &str, year: i32| {
        values[&(measure, area, year)].or_else(|| {
            files
                .published_percent(measure, area, year)
                .map(|p| ((p * 10.0).round() as u128, 10))
        })
    };
    // measure → (checked, matched)
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut mismatches = Vec::new();
    let mut against_dfe: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for year in 2013..=2025 {
        for (number, (name, _)) in &files.las {
            if files.count(number, year, "referral_count").is_none()
                && !files
                    .cells
                    .contains_key(&(number.clone(), year, "referral_count".to_string()))
            {
                continue; // the authority did not exist that year
            }
            let q = BenchmarkQuestion {
                authority: number,
                year,
                population_year: None,
                unit: Unit::Events,
            };
            let table = benchmark(&catalogue, &published, None, &q).unwrap();
            assert_eq!(&table.authority.name, name, "{number} {year}");
            for row in &table.rows {
                let measure = row.measure.as_str();
                let area = match row.area_kind {
                    AreaKind::Authority => number.clone(),
                    AreaKind::England => "E92000001".to_string(),
                    AreaKind::Region => {
                        let region = &files.las[number].1;
                        if region.starts_with("E13") {
                            "E12000007".to_string()
                        } else {
                            region.clone()
                        }
                    }
                    AreaKind::Neighbours => String::new(),
                };
                let shown = if row.unit.is_some() {
                    row.current_pct
                } else {
                    row.current_rate
                };
                let expected = if row.area_kind == AreaKind::Neighbours {
                    let values: Vec<(u128, u128)> = files.neighbours[number]
                        .iter()
                        .filter_map(|n| value(measure, n, year))
                        .collect();
                    assert_eq!(
                        row.neighbours,
                        Some(values.len()),
                        "{number} {year} {measure}"
                    );
                    median(values)
                } else if row.area_kind != AreaKind::Authority
                    && let Some(published) = files.published_percent(measure, &area, year)
                {
                    Some(published) // England's and the regions' counts are rounded
                } else {
                    value(measure, &area, year).map(one_decimal)
                };
                let mut ok = shown == expected;
                if row.area_kind == AreaKind::Authority {
                    // The count as published, and the rank over every other authority.
                    if row.unit.is_none() {
                        let column = match measure {
                            "referrals" => "referral_count",
                            "s47-enquiries" => "Section47",
                            "icpcs" => "ICPC",
                            _ => "CPP_start",
                        };
                        ok &= row.current.text()
                            == files.cells[&(number.clone(), year, column.to_string())];
                    }
                    let own = value(measure, number, year);
                    let others: Vec<(u128, u128)> = files
                        .las
                        .keys()
                        .filter(|n| *n != number)
                        .filter_map(|n| value(measure, n, year))
                        .collect();
                    let expected_rank = own.filter(|_| !others.is_empty()).map(|own| {
                        (
                            1 + others.iter().filter(|o| greater(**o, own)).count(),
                            others.len() + 1,
                        )
                    });
                    ok &= row.rank.zip(row.ranked) == expected_rank;
                    // A local authority's counts are exact, so its percentage is DfE's.
                    if let Some(published) = files.published_percent(measure, number, year) {
                        let entry = against_dfe.entry(measure.to_string()).or_default();
                        entry.0 += 1;
                        if row.current_pct == Some(published) {
                            entry.1 += 1;
                        } else {
                            eprintln!(
                                "{year} {name}: {:?} against DfE's {published}",
                                row.current_pct
                            );
                        }
                    }
                }
                let entry = tally.entry(measure.to_string()).or_default();
                entry.0 += 1;
                if ok {
                    entry.1 += 1;
                } else {
                    mismatches.push(format!(
                        "{year} {name} {measure} {:?}: shown {shown:?} rank {:?}/{:?}, expected {expected:?}",
                        row.area_kind, row.rank, row.ranked
                    ));
                }
            }
        }
    }
    for (measure, (checked, matched)) in &tally {
        eprintln!("{measure}: {matched} of {checked} rows match");
    }
    for (measure, (checked, matched)) in &against_dfe {
        eprintln!("{measure}: {matched} of {checked} authorities' percentages equal DfE's");
        assert_eq!(checked, matched, "{measure}");
    }
    assert!(tally.len() >= 7, "{tally:?}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn the_same_command_gives_the_same_bytes() {
    // Authorities whose rows sit under two ONS codes (North Yorkshire, Gateshead) or two LA
    // numbers with one name (Dorset), and one with neighbours in both.
    let data = repo("testdata/dfe").display().to_string();
    for (la, year) in [
        ("North Yorkshire", "2024"),
        ("Gateshead", "2016"),
        ("Dorset", "2020"),
        ("Dorset", "2019"),
    ] {
        let run = || {
            let out =
                Workdir::new().run(&["benchmark", "--la", la, "--year", year, "-f", "json", &data]);
            out.ok().to_string()
        };
        let first = run();
        for _ in 0..3 {
            assert_eq!(run(), first, "{la} {year}");
        }
        // The year before is linked across a change of ONS code.
        let json: serde_json::Value = serde_json::from_str(&first).unwrap();
        let referrals = &json["rows"][0];
        assert_eq!(referrals["area_kind"], "authority", "{la} {year}");
        if la != "Dorset" || year != "2020" {
            assert!(referrals["previous"].is_u64(), "{la} {year}: {referrals}");
        }
    }
}

#[test]
fn successors_are_shown_from_their_first_year() {
    let data = repo("testdata/dfe").display().to_string();
    let run = Workdir::new().run(&[
        "benchmark",
        "--la",
        "Cumberland",
        "--year",
        "2024",
        "-f",
        "json",
        &data,
    ]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    // Its first year: a rate (mid-2023 is its first estimate), z for the year before, a
    // note naming Cumbria, and no promise of neighbours it does not have.
    let referrals = &json["rows"][0];
    assert_eq!(referrals["previous"], "z");
    assert_eq!(referrals["current"], 2375);
    assert!(referrals["current_rate"].is_f64(), "{referrals}");
    let title = json["title"].as_str().unwrap();
    assert_eq!(
        title,
        "Cumberland: 2023/24 against 2022/23, with England and North West"
    );
    let footer = json["footer"].to_string();
    assert!(
        footer.contains("Cumberland replaced Cumbria (909)"),
        "{footer}"
    );
    assert!(
        footer.contains("Cumberland has no statistical neighbours"),
        "{footer}"
    );
    // Dorset names the authority of its year.
    for (year, number) in [("2019", "835"), ("2020", "838")] {
        let run = Workdir::new().run(&[
            "benchmark",
            "--la",
            "Dorset",
            "--year",
            year,
            "-f",
            "json",
            &data,
        ]);
        let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
        assert_eq!(json["authority"]["old_code"], number, "{year}");
    }
}
