//! Writes a large, deterministic, Annex A-shaped event CSV for benchmarks: List 1 (contacts)
//! headers, quoted fields holding commas and quotes, a date of birth, contact dates from
//! April 2015 to March 2025 in dd/mm/yyyy, some with a time, and one bad date in every 5,000
//! rows (blank, impossible or text). The same arguments always write the same bytes.
//!
//! Usage: cargo run --release --example gen-events -- --rows 10000000 --out bench/out/events.csv
//!        [--seed N] [--newlines] (quoted fields holding line breaks, for the parallel tests)
//!        [--list5] (Annex A List 5 instead: Section 47 start dates from April 2015 to March
//!        2025, two in five followed by a conference 1 to 30 days later, seven in ten of those
//!        resulting in a plan; for the rates benchmark)

#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_possible_truncation,
    reason = "a generator of synthetic rows: its numbers are small days and ages"
)]

use std::error::Error;
use std::fs::File;
use std::io::{BufWriter, Write};

/// A small linear congruential generator (Knuth's MMIX constants): deterministic everywhere.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SOURCES: &[&str] = &[
    "6: Police",
    "2A: Schools",
    "\"3A: Health services, GP\"",
    "\"1A: Individual - \"\"family member\"\"\"",
    "5A: LA services - social care",
    "8: Other",
];
const GENDERS: &[&str] = &["a) Male", "b) Female", "c) Unknown"];
const ETHNICITIES: &[&str] = &["WBRI", "WOTH", "MWBC", "AIND", "BAFR", "CHNE", "OOTH"];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let rows: u64 = value("--rows").ok_or("--rows N is required")?.parse()?;
    let out = value("--out").ok_or("--out FILE is required")?;
    let seed: u64 = value("--seed").map_or(Ok(2021), |s| s.parse())?;
    let newlines = args.iter().any(|a| a == "--newlines");

    let mut rng = Lcg(seed);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    if args.iter().any(|a| a == "--list5") {
        list5(&mut w, rows, &mut rng)?;
        w.flush()?;
        return Ok(());
    }
    writeln!(
        w,
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source"
    )?;
    // Days from 1 April 2015 to 31 March 2025.
    let first = days_from_civil(2015, 4, 1);
    let span = days_from_civil(2025, 3, 31) - first + 1;
    for i in 0..rows {
        let day = first + rng.below(span as u64) as i64;
        let (y, m, d) = civil_from_days(day);
        let age = rng.below(18);
        let (by, bm, bd) = civil_from_days(day - 365 * age as i64 - rng.below(365) as i64);
        let date = match i % 5000 {
            4999 => match (i / 5000) % 3 {
                0 => String::new(),
                1 => "31/02/2020".to_string(),
                _ => "not recorded".to_string(),
            },
            _ if i % 7 == 0 => format!(
                "{d:02}/{m:02}/{y} {:02}:{:02}:00",
                rng.below(24),
                rng.below(60)
            ),
            _ => format!("{d:02}/{m:02}/{y}"),
        };
        let source = if newlines && i % 997 == 0 {
            "\"Referred by\nneighbour\"".to_string()
        } else {
            pick(SOURCES, &mut rng).to_string()
        };
        writeln!(
            w,
            "LC{:08},{},{},{bd:02}/{bm:02}/{by},{age},{date},{source}",
            rng.below(2_000_000),
            pick(GENDERS, &mut rng),
            pick(ETHNICITIES, &mut rng),
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Annex A List 5 rows: an enquiry's start, and two in five a conference after it.
fn list5(w: &mut impl Write, rows: u64, rng: &mut Lcg) -> Result<(), Box<dyn Error>> {
    writeln!(
        w,
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),\
         Does the Child have a Disability,\
         Strategy discussion initiating Section 47 Enquiry Start Date,\
         Was an Initial Child Protection Conference deemed unnecessary?,\
         Date of Initial Child Protection Conference,\
         Did the Initial Child Protection Conference Result in a Child Protection Plan,\
         Number of Section 47 Enquiries in the last 12 months,\
         Number of ICPCs in the last 12 months,Allocated Team,Allocated Worker"
    )?;
    let first = days_from_civil(2015, 4, 1);
    let span = days_from_civil(2025, 3, 31) - first + 1;
    for _ in 0..rows {
        let day = first + rng.below(span as u64) as i64;
        let (y, m, d) = civil_from_days(day);
        let age = rng.below(18);
        let (by, bm, bd) = civil_from_days(day - 365 * age as i64 - rng.below(365) as i64);
        let (unnecessary, held, outcome) = if rng.below(5) < 2 {
            let (hy, hm, hd) = civil_from_days(day + 1 + rng.below(30) as i64);
            let plan = if rng.below(10) < 7 { "a) Yes" } else { "b) No" };
            ("b) No", format!("{hd:02}/{hm:02}/{hy}"), plan)
        } else {
            ("a) Yes", String::new(), "")
        };
        writeln!(
            w,
            "LC{:08},{},{},{bd:02}/{bm:02}/{by},{age},b) No,{d:02}/{m:02}/{y},{unnecessary},{held},{outcome},{},{},\"Team {}, Area\",W{}",
            rng.below(2_000_000),
            pick(GENDERS, rng),
            pick(ETHNICITIES, rng),
            rng.below(4),
            rng.below(3),
            rng.below(12),
            rng.below(400),
        )?;
    }
    Ok(())
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// One of `items`, at random.
fn pick<'a>(items: &[&'a str], rng: &mut Lcg) -> &'a str {
    let i = rng.below(items.len() as u64) as usize;
    items.get(i).copied().unwrap_or_default()
}
