//! DfE's published statistics in the explore-education-statistics (EES) tidy layout:
//! `time_period` (the reporting year ending 31 March), `geographic_level` (National, Regional,
//! Local authority), area codes and names, then measure columns. Also the ONS population
//! table (children aged 0 to 17) and the statistical-neighbour groupings. Columns are found by
//! name, never by position, so next year's download drops in unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::input::reader::{InputPath, decode, open_csv};
use crate::model::error::{Error, Location, Result};
use crate::model::measure::{Catalogue, MeasureId, normalize};
use crate::model::units::Unit;

/// EES measure columns and the cscstats measure and unit each holds.
pub const MEASURE_COLUMNS: &[(&str, &str, Unit)] = &[
    ("referral_count", "referrals", Unit::Events),
    ("referral_child_count", "referrals", Unit::Children),
    ("Section47", "s47-enquiries", Unit::Events),
    ("Section47_child", "s47-enquiries", Unit::Children),
    ("ICPC", "icpcs", Unit::Events),
    ("ICPC_child", "icpcs", Unit::Children),
    ("CPP_start", "cp-plan-starts", Unit::Events),
];

/// DfE's symbols for figures that are not published, and what each means.
pub const SYMBOLS: &[(&str, &str)] = &[
    ("c", "confidential (suppressed to protect children)"),
    ("x", "not available"),
    ("z", "not applicable"),
    ("u", "low reliability"),
    ("low", "fewer than 0.5"),
    ("k", "fewer than 0.5"),
    (":", "not available"),
];

/// A published figure, or the symbol published in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    Count(u64),
    Missing(String),
}

impl Figure {
    pub fn count(&self) -> Option<u64> {
        match self {
            Figure::Count(n) => Some(*n),
            Figure::Missing(_) => None,
        }
    }

    /// A cell as published: a count, a symbol, or (blank) `x`.
    fn parse(text: &str) -> Option<Figure> {
        let text = text.trim();
        if text.is_empty() {
            return Some(Figure::Missing("x".into()));
        }
        if let Ok(n) = text.replace(',', "").parse::<u64>() {
            return Some(Figure::Count(n));
        }
        SYMBOLS
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(text))
            .map(|(s, _)| Figure::Missing((*s).to_string()))
    }
}

/// The three levels of geography DfE publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    National,
    Regional,
    LocalAuthority,
}

/// An area: England, a region or a local authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub level: Level,
    /// The area's code (E92000001, E12000004, E10000018).
    pub code: String,
    /// A local authority's old three-digit number (855), used by the neighbour groupings.
    pub old_code: String,
    pub name: String,
    /// A local authority's region code.
    pub region_code: String,
}

/// Everything read from the published files.
#[derive(Debug, Default)]
pub struct Published {
    /// Areas by code, as last seen.
    pub areas: HashMap<String, Area>,
    /// (reporting year, area code, measure, unit) → figure.
    figures: HashMap<(i32, String, MeasureId, Unit), Figure>,
    /// (year, area code) → children aged 0 to 17.
    population: HashMap<(i32, String), u64>,
    /// Old LA number → its neighbours' old numbers, closest first.
    pub neighbours: HashMap<String, Vec<String>>,
    /// The files read.
    pub files: Vec<String>,
    /// Files passed over.
    pub notes: Vec<String>,
}

impl Published {
    pub fn figure(&self, year: i32, area: &str, measure: MeasureId, unit: Unit) -> Option<&Figure> {
        self.figures.get(&(year, area.to_string(), measure, unit))
    }

    pub fn population(&self, year: i32, area: &str) -> Option<u64> {
        self.population.get(&(year, area.to_string())).copied()
    }

    /// Years with population estimates.
    pub fn population_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.population.keys().map(|(y, _)| *y).collect();
        years.sort();
        years.dedup();
        years
    }

    /// Reporting years with any figure.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.figures.keys().map(|(y, ..)| *y).collect();
        years.sort();
        years.dedup();
        years
    }

    /// The local authorities, by name.
    pub fn authorities(&self) -> Vec<&Area> {
        let mut las: Vec<&Area> = self
            .areas
            .values()
            .filter(|a| a.level == Level::LocalAuthority)
            .collect();
        las.sort_by(|a, b| a.name.cmp(&b.name));
        las
    }

    /// The area of a level with this code.
    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas.get(code)
    }

    /// A local authority by name (any case or punctuation), new code or old number.
    pub fn find_authority(&self, wanted: &str) -> Option<&Area> {
        let key = normalize(wanted);
        self.authorities().into_iter().find(|a| {
            normalize(&a.name) == key
                || a.code.eq_ignore_ascii_case(wanted.trim())
                || a.old_code == wanted.trim()
        })
    }

    /// Up to five authority names close to `wanted`, closest first.
    pub fn close_matches(&self, wanted: &str) -> Vec<String> {
        let key = normalize(wanted);
        let mut scored: Vec<(f64, &str)> = self
            .authorities()
            .into_iter()
            .map(|a| {
                let name = normalize(&a.name);
                let mut score = strsim::jaro_winkler(&key, &name);
                if !key.is_empty() && (name.contains(&key) || key.contains(&name)) {
                    score = score.max(0.9);
                }
                (score, a.name.as_str())
            })
            .filter(|(score, _)| *score >= 0.88)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(5)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

/// Reads every published table among `paths` (files, or folders of `.csv` files).
pub fn read(paths: &[PathBuf], catalogue: &Catalogue) -> Result<Published> {
    let mut published = Published::default();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, "cannot list", e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Error::input(
                Location::file(path.display().to_string()),
                "no such file or folder",
            ));
        }
    }
    for file in files {
        read_file(&file, catalogue, &mut published)?;
    }
    if published.figures.is_empty() {
        return Err(Error::input(
            Location::file(
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            "no published children-in-need figures found (EES tables with time_period, geographic_level and \
             columns such as referral_count, Section47, ICPC or CPP_start)",
        ));
    }
    Ok(published)
}

fn read_file(path: &Path, catalogue: &Catalogue, published: &mut Published) -> Result<()> {
    let name = path.display().to_string();
    let mut input = open_csv(&InputPath::File(path.to_path_buf()))?;
    let headers: Vec<String> = input.headers.iter().map(|h| normalize(h)).collect();
    let col = |wanted: &str| headers.iter().position(|h| *h == normalize(wanted));
    if col("SN1").is_some() {
        return read_neighbours(&mut input.reader, &headers, &name, published);
    }
    let (Some(year_col), Some(level_col)) = (col("time_period"), col("geographic_level")) else {
        published.notes.push(format!("{name}: not a published-statistics table (no time_period and geographic_level); skipped"));
        return Ok(());
    };
    let population_col = col("population_estimate");
    let age_col = col("age_group");
    let measures: Vec<(usize, MeasureId, Unit)> = MEASURE_COLUMNS
        .iter()
        .filter_map(|(column, id, unit)| Some((col(column)?, catalogue.by_id(id)?, *unit)))
        .collect();
    if measures.is_empty() && population_col.is_none() {
        published.notes.push(format!("{name}: no column cscstats uses (referral_count, Section47, ICPC, CPP_start, population_estimate); skipped"));
        return Ok(());
    }
    let area_cols = AreaColumns {
        country: col("country_code"),
        region: col("region_code"),
        old: col("old_la_code"),
        new: col("new_la_code"),
        la_name: col("la_name"),
        region_name: col("region_name"),
    };
    let mut record = csv::ByteRecord::new();
    while input
        .reader
        .read_byte_record(&mut record)
        .map_err(|e| crate::input::reader::csv_error(&name, e))?
    {
        let text = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|b| decode(b).trim().to_string())
                .unwrap_or_default()
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.as_slice().trim_ascii().is_empty() {
            continue;
        }
        if record.len() != headers.len() {
            return Err(crate::input::reader::ragged_row(
                Location::file(name.clone()).line(line),
                record.len(),
                headers.len(),
            ));
        }
        let year_text = text(Some(year_col));

        let year = parse_year(&year_text).ok_or_else(|| {
            Error::input(
                Location::file(name.clone())
                    .line(line)
                    .column("time_period"),
                "not a reporting year such as 2021 or 202021",
            )
        })?;
        let Some(area) = area_cols.area(&text(Some(level_col)), &text) else {
            continue; // other levels (local authority districts, …) are not compared
        };
        if let Some(p) = population_col {
            let is_children = age_col.is_none_or(|a| normalize(&text(Some(a))).contains("0to17"));
            if let (true, Some(Figure::Count(n))) = (is_children, Figure::parse(&text(Some(p)))) {
                published.population.insert((year, area.code.clone()), n);
            }
        }
        for &(column, measure, unit) in &measures {
            let cell = text(Some(column));
            let figure = Figure::parse(&cell).ok_or_else(|| {
                Error::input(
                    Location::file(name.clone())
                        .line(line)
                        .column(input.headers.get(column).cloned().unwrap_or_default()),
                    "neither a count nor one of DfE's symbols (c, x, z, u, low, k, :)",
                )
            })?;
            published
                .figures
                .insert((year, area.code.clone(), measure, unit), figure);
        }
        published.areas.entry(area.code.clone()).or_insert(area);
    }
    published.files.push(name);
    Ok(())
}

/// Which columns name the area of a row.
struct AreaColumns {
    country: Option<usize>,
    region: Option<usize>,
    old: Option<usize>,
    new: Option<usize>,
    la_name: Option<usize>,
    region_name: Option<usize>,
}

impl AreaColumns {
    fn area(&self, level: &str, text: &dyn Fn(Option<usize>) -> String) -> Option<Area> {
        let region_code = text(self.region);
        match normalize(level).as_str() {
            "national" => Some(Area {
                level: Level::National,
                code: text(self.country),
                old_code: String::new(),
                name: "England".to_string(),
                region_code: String::new(),
            }),
            "regional" => Some(Area {
                level: Level::Regional,
                code: region_code.clone(),
                old_code: String::new(),
                name: text(self.region_name),
                region_code,
            }),
            "localauthority" => {
                let old = text(self.old);
                let new = text(self.new);
                Some(Area {
                    level: Level::LocalAuthority,
                    code: if new.is_empty() { old.clone() } else { new },
                    old_code: old,
                    name: text(self.la_name),
                    region_code,
                })
            }
            _ => None,
        }
    }
}

/// `2021`, or EES's `202021` for 2020/21.
fn parse_year(text: &str) -> Option<i32> {
    match text.len() {
        4 => text.parse().ok(),
        6 => text
            .get(2..)
            .and_then(|t| t.parse::<i32>().ok())
            .map(|yy| 2000 + yy % 100),
        _ => None,
    }
}

fn read_neighbours(
    reader: &mut csv::Reader<Box<dyn std::io::Read>>,
    headers: &[String],
    name: &str,
    published: &mut Published,
) -> Result<()> {
    let la_col = headers
        .iter()
        .position(|h| h == "lanumber")
        .or_else(|| headers.iter().position(|h| h == "lanum"));
    let Some(la_col) = la_col else {
        published.notes.push(format!(
            "{name}: statistical neighbours without an LA number column; skipped"
        ));
        return Ok(());
    };
    let sn_cols: Vec<usize> = (1..=10)
        .filter_map(|i| headers.iter().position(|h| *h == format!("sn{i}")))
        .collect();
    let mut record = csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| crate::input::reader::csv_error(name, e))?
    {
        let text = |i: usize| {
            record
                .get(i)
                .map(|b| decode(b).trim().to_string())
                .unwrap_or_default()
        };
        let la = text(la_col);
        if la.is_empty() {
            continue;
        }
        let neighbours: Vec<String> = sn_cols
            .iter()
            .map(|&c| text(c))
            .filter(|n| !n.is_empty())
            .collect();
        published.neighbours.insert(la, neighbours);
    }
    published.files.push(name.to_string());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_symbols() {
        assert_eq!(Figure::parse("5163"), Some(Figure::Count(5163)));
        assert_eq!(Figure::parse(" 1,768 "), Some(Figure::Count(1768)));
        assert_eq!(Figure::parse("c"), Some(Figure::Missing("c".into())));
        assert_eq!(Figure::parse("LOW"), Some(Figure::Missing("low".into())));
        assert_eq!(Figure::parse(""), Some(Figure::Missing("x".into())));
        assert_eq!(Figure::parse("12.5"), None);
        assert_eq!(Figure::parse("n/a"), None);
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2021"), Some(2021));
        assert_eq!(parse_year("202021"), Some(2021));
        assert_eq!(parse_year("21"), None);
    }
}
