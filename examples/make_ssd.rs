//! Writes the committee example (`examples/committee-2021/`) as Standard Safeguarding Dataset
//! tables: one CSV extract per SSD table, and `load.sql`, which creates the tables in
//! PostgreSQL and loads the extracts with psql's `\copy` (run from the output folder). Each
//! event keeps its child and date (a date the example gets wrong on purpose becomes NULL), so
//! the tables hold the committee paper's figures. The SSD's ID links are made from the
//! children's histories: a conference names the latest enquiry for the same child in the 90
//! days before it, a plan the latest conference in the 30 days before it, an assessment the
//! latest referral in the 30 days before it. The SSD has no strategy-discussion table.
//!
//! Usage: cargo run --example make-ssd -- examples/committee-2021 OUT
//! (writes OUT/extracts/ssd_*.csv and OUT/load.sql)

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;

use chrono::NaiveDate;

type Events = Vec<(String, Option<NaiveDate>, Vec<String>)>;

/// Each row's child, event date and `extra` columns (as text) from an example file.
fn read(path: &Path, id: &str, date: &str, extra: &[&str]) -> Result<Events, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let headers: Vec<String> = reader
        .byte_headers()?
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let at = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column {name}", path.display()))
    };
    let (id, date) = (at(id)?, at(date)?);
    let extra: Vec<usize> = extra.iter().map(|e| at(e)).collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let record = record?;
        if record.len() != headers.len() {
            continue; // a footer
        }
        let text = |i: usize| {
            String::from_utf8_lossy(record.get(i).unwrap_or_default())
                .trim()
                .to_string()
        };
        let day = cscstats::parse_date(record.get(date).unwrap_or_default())
            .ok()
            .and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day));
        rows.push((text(id), day, extra.iter().map(|&e| text(e)).collect()));
    }
    Ok(rows)
}

/// For each event of `later`, the index in `earlier` of the same child's latest event on or
/// up to `days` before it.
fn links(earlier: &Events, later: &Events, days: i64) -> Vec<Option<usize>> {
    let mut by_child: HashMap<&str, Vec<(NaiveDate, usize)>> = HashMap::new();
    for (i, (child, day, _)) in earlier.iter().enumerate() {
        if let Some(day) = day {
            by_child.entry(child).or_default().push((*day, i));
        }
    }
    for list in by_child.values_mut() {
        list.sort();
    }
    later
        .iter()
        .map(|(child, day, _)| {
            let day = (*day)?;
            by_child
                .get(child.as_str())?
                .iter()
                .rev()
                .find(|(d, _)| *d <= day && (day - *d).num_days() <= days)
                .map(|&(_, i)| i)
        })
        .collect()
}

/// Writes one SSD table as CSV, and to `sql` the statements that create and load it: its
/// first column is the key, `…_date` columns are dates, the rest text.
fn write(
    out: &Path,
    sql: &mut String,
    table: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<(), Box<dyn Error>> {
    let mut writer = csv::Writer::from_path(out.join("extracts").join(format!("{table}.csv")))?;
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()?;
    let columns: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let kind = if c.ends_with("_date") { "date" } else { "text" };
            let key = if i == 0 { " PRIMARY KEY" } else { "" };
            format!("{c} {kind}{key}")
        })
        .collect();
    sql.push_str(&format!(
        "DROP TABLE IF EXISTS {table} CASCADE;\nCREATE TABLE {table} ({});\n\\copy {table} FROM 'extracts/{table}.csv' WITH (FORMAT csv, HEADER true)\n",
        columns.join(", ")
    ));
    Ok(())
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn id(prefix: &str, i: Option<usize>) -> String {
    i.map(|i| format!("{prefix}{}", i + 1)).unwrap_or_default()
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(from), Some(out)) = (args.get(1), args.get(2)) else {
        return Err("usage: make-ssd EXAMPLE_FOLDER OUT".into());
    };
    let (from, out) = (Path::new(from), Path::new(out));
    std::fs::create_dir_all(out.join("extracts"))?;
    let contacts = read(
        &from.join("contacts.csv"),
        "Child Unique ID",
        "Date of Contact",
        &["Contact Source"],
    )?;
    let referrals = read(
        &from.join("referrals.csv"),
        "Child Unique ID",
        "Date of referral",
        &["Referral Source", "Allocated Team"],
    )?;
    let assessments = read(
        &from.join("assessments.csv"),
        "Child Unique ID",
        "Continuous Assessment Start Date",
        &[
            "Continuous Assessment Date of Authorisation",
            "Allocated Team",
        ],
    )?;
    let enquiries = read(
        &from.join("s47-enquiries.csv"),
        "LAchildID",
        "S47ActualStartDate",
        &[],
    )?;
    let conferences = read(
        &from.join("icpcs.csv"),
        "Child ID",
        "ICPC Date",
        &["Outcome"],
    )?;
    let plans = read(
        &from.join("cp-plan-starts.csv"),
        "Child Unique ID",
        "Child Protection Plan Start Date",
        &["Initial Category of Abuse"],
    )?;
    let assessed = links(&referrals, &assessments, 30);
    let enquired = links(&enquiries, &conferences, 90);
    let planned = links(&conferences, &plans, 30);
    let mut plan_of = vec![None; conferences.len()];
    for (p, c) in planned.iter().enumerate() {
        if let Some(slot) = c.and_then(|c| plan_of.get_mut(c)) {
            *slot = Some(p);
        }
    }
    let mut sql = String::from(
        "-- Made by `cargo run --example make-ssd`: the committee example as SSD tables.\n",
    );
    let extra = |row: &(String, Option<NaiveDate>, Vec<String>), i: usize| {
        row.2.get(i).cloned().unwrap_or_default()
    };
    write(
        out,
        &mut sql,
        "ssd_contacts",
        &[
            "cont_contact_id",
            "cont_person_id",
            "cont_contact_date",
            "cont_contact_source_desc",
        ],
        contacts
            .iter()
            .enumerate()
            .map(|(i, r)| vec![id("CONT", Some(i)), r.0.clone(), day(r.1), extra(r, 0)])
            .collect(),
    )?;
    write(
        out,
        &mut sql,
        "ssd_cin_episodes",
        &[
            "cine_referral_id",
            "cine_person_id",
            "cine_referral_date",
            "cine_referral_source_desc",
            "cine_referral_team",
        ],
        referrals
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    id("REF", Some(i)),
                    r.0.clone(),
                    day(r.1),
                    extra(r, 0),
                    extra(r, 1),
                ]
            })
            .collect(),
    )?;
    write(
        out,
        &mut sql,
        "ssd_cin_assessments",
        &[
            "cina_assessment_id",
            "cina_person_id",
            "cina_referral_id",
            "cina_assessment_start_date",
            "cina_assessment_auth_date",
            "cina_assessment_team",
        ],
        assessments
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let authorised = cscstats::parse_date(extra(r, 0).as_bytes())
                    .ok()
                    .and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day));
                vec![
                    id("ASS", Some(i)),
                    r.0.clone(),
                    id("REF", assessed.get(i).copied().flatten()),
                    day(r.1),
                    day(authorised),
                    extra(r, 1),
                ]
            })
            .collect(),
    )?;
    write(
        out,
        &mut sql,
        "ssd_s47_enquiry",
        &[
            "s47e_s47_enquiry_id",
            "s47e_person_id",
            "s47e_s47_start_date",
        ],
        enquiries
            .iter()
            .enumerate()
            .map(|(i, r)| vec![id("S47", Some(i)), r.0.clone(), day(r.1)])
            .collect(),
    )?;
    write(
        out,
        &mut sql,
        "ssd_initial_cp_conference",
        &[
            "icpc_icpc_id",
            "icpc_s47_enquiry_id",
            "icpc_person_id",
            "icpc_cp_plan_id",
            "icpc_icpc_date",
            "icpc_icpc_outcome_cp_flag",
        ],
        conferences
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let flag = if extra(r, 0).eq_ignore_ascii_case("plan") {
                    "Y"
                } else {
                    "N"
                };
                vec![
                    id("ICPC", Some(i)),
                    id("S47", enquired.get(i).copied().flatten()),
                    r.0.clone(),
                    id("CPP", plan_of.get(i).copied().flatten()),
                    day(r.1),
                    flag.to_string(),
                ]
            })
            .collect(),
    )?;
    write(
        out,
        &mut sql,
        "ssd_cp_plans",
        &[
            "cppl_cp_plan_id",
            "cppl_icpc_id",
            "cppl_person_id",
            "cppl_cp_plan_start_date",
            "cppl_cp_plan_initial_category",
        ],
        plans
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    id("CPP", Some(i)),
                    id("ICPC", planned.get(i).copied().flatten()),
                    r.0.clone(),
                    day(r.1),
                    extra(r, 0),
                ]
            })
            .collect(),
    )?;
    std::fs::write(out.join("load.sql"), sql)?;
    Ok(())
}
