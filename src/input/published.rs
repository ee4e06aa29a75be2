//! DfE's published statistics in the explore-education-statistics (EES) tidy layout:
//! `time_period` (the reporting year ending 31 March), `geographic_level` (National, Regional,
//! Local authority), area codes and names, then measure columns. Also the ONS population
//! table (children aged 0 to 17) and the statistical-neighbour groupings. Columns are found by
//! name, never by position, so next year's download drops in unchanged.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::input::reader::{HeaderAt, InputPath, decode, open_csv};
use crate::model::error::{Error, Location, Result};
use crate::model::measure::{Catalogue, normalize};
use crate::model::units::Unit;

/// EES measure columns and the cscstats measure and unit each holds.
pub(crate) const MEASURE_COLUMNS: &[(&str, &str, Unit)] = &[
    ("referral_count", "referrals", Unit::Events),
    ("referral_child_count", "referrals", Unit::Children),
    ("Section47", "s47-enquiries", Unit::Events),
    ("Section47_child", "s47-enquiries", Unit::Children),
    ("ICPC", "icpcs", Unit::Events),
    ("ICPC_child", "icpcs", Unit::Children),
    ("CPP_start", "cp-plan-starts", Unit::Events),
];

/// Further published counts the rates are worked out from (see `compare::benchmark`).
pub(crate) const PART_COLUMNS: &[&str] = &[
    "rereferral_count",
    "CPP_subsequent",
    "Duration_0-10_days",
    "Duration_11-15_days",
    "Duration_16-20_days",
    "Duration_21+_days",
    "Duration_median",
];

/// Percentages DfE publishes (one decimal place), by the count column they are a
/// percentage of: for England and the regions, whose counts are published rounded to the
/// nearest 10, the published percentage is exact where one worked out from counts is not.
pub(crate) const PERCENT_COLUMNS: &[(&str, &str)] = &[
    ("rereferral_percent", "rereferral_count"),
    ("CPP_subsequent_percent", "CPP_subsequent"),
];

/// DfE's symbols for figures that are not published, and what each means.
pub(crate) const SYMBOLS: &[(&str, &str)] = &[
    ("c", "confidential (suppressed to protect children)"),
    ("x", "not available"),
    ("z", "not applicable"),
    ("u", "low reliability"),
    ("low", "fewer than 0.5"),
    ("k", "fewer than 0.5"),
    (":", "not available"),
];

/// Authorities formed by reorganisation, with the LA numbers of the authorities they
/// replaced (DfE's LA numbers; the first reporting year is read from the data). Kept as data
/// so the notes name the predecessor instead of leaving a blank unexplained.
pub(crate) const SUCCESSORS: &[(&str, &[&str], &str)] = &[
    (
        "838",
        &["835"],
        "Dorset Council replaced Dorset County Council (835) on 1 April 2019, without Christchurch",
    ),
    (
        "839",
        &["836", "837", "835"],
        "Bournemouth, Christchurch and Poole replaced Bournemouth (837) and Poole (836), with Christchurch from Dorset (835), on 1 April 2019",
    ),
    (
        "940",
        &["928"],
        "North Northamptonshire replaced Northamptonshire (928) with West Northamptonshire on 1 April 2021",
    ),
    (
        "941",
        &["928"],
        "West Northamptonshire replaced Northamptonshire (928) with North Northamptonshire on 1 April 2021",
    ),
    (
        "942",
        &["909"],
        "Cumberland replaced Cumbria (909) with Westmorland and Furness on 1 April 2023",
    ),
    (
        "943",
        &["909"],
        "Westmorland and Furness replaced Cumbria (909) with Cumberland on 1 April 2023",
    ),
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

    /// A cell as published: a count, a symbol (also GSS-style in brackets, `[c]`), or
    /// (blank) `x`.
    fn parse(text: &str) -> Option<Figure> {
        let text = text.trim();
        if text.is_empty() {
            return Some(Figure::Missing("x".into()));
        }
        if let Ok(n) = text.replace(',', "").parse::<u64>() {
            return Some(Figure::Count(n));
        }
        let symbol = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(text)
            .trim();
        SYMBOLS
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(symbol))
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

/// An area: England, a region or a local authority, as one series across the years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub level: Level,
    /// The area's number among those read, for lookups.
    pub index: u32,
    /// What joins the area's rows across files and years: a local authority's LA number
    /// (855), which survives changes of ONS code; a region's or England's code otherwise.
    pub key: String,
    /// The area's latest ONS code (E92000001, E12000004, E10000018).
    pub code: String,
    /// A local authority's three-digit LA number (855), used by the neighbour groupings.
    pub old_code: String,
    pub name: String,
    /// A local authority's region code.
    pub region_code: String,
}

/// Every column read, measures first: a figure's column is its place in this list.
fn columns() -> impl Iterator<Item = &'static str> {
    MEASURE_COLUMNS
        .iter()
        .map(|(c, ..)| *c)
        .chain(PART_COLUMNS.iter().copied())
}

/// A column's place in [`columns`].
fn column_index(column: &str) -> Option<u8> {
    columns()
        .position(|c| c == column)
        .and_then(|i| u8::try_from(i).ok())
}

/// Everything read from the published files. Every map is ordered, so nothing that reaches
/// output depends on hashing.
#[derive(Debug, Default)]
pub struct PublishedData {
    /// Areas by key.
    pub areas: BTreeMap<String, Area>,
    /// (area index, reporting year, column index) → figure. Looked up only, never listed.
    figures: FxHashMap<(u32, i32, u8), Figure>,
    /// The columns found in any file.
    columns: BTreeSet<&'static str>,
    /// Reporting years with any figure, ONS mid-years with estimates, and the local
    /// authorities' keys by name: worked out once every file is read.
    years: Vec<i32>,
    population_years: Vec<i32>,
    by_name: Vec<String>,
    /// (area key, reporting year) → the ONS code the area's rows carried that year.
    codes: BTreeMap<(String, i32), String>,
    /// (area index, reporting year, column index of the count) → the published percentage
    /// in tenths. Looked up only.
    percents: FxHashMap<(u32, i32, u8), u64>,
    /// (area index, ONS mid-year) → children aged 0 to 17. Looked up only.
    population: FxHashMap<(u32, i32), u64>,
    /// LA number → its neighbours' LA numbers, closest first.
    pub neighbours: BTreeMap<String, Vec<String>>,
    /// The files read.
    pub files: Vec<String>,
    /// Files passed over.
    pub notes: Vec<String>,
}

impl PublishedData {
    /// A measure's published figure for an area and reporting year.
    pub fn figure(&self, year: i32, area: &Area, measure: &str, unit: Unit) -> Option<&Figure> {
        let column = MEASURE_COLUMNS
            .iter()
            .find(|(_, m, u)| *m == measure && *u == unit)?
            .0;
        self.part(year, area, column)
    }

    /// Any column's published figure for an area and reporting year.
    pub fn part(&self, year: i32, area: &Area, column: &str) -> Option<&Figure> {
        self.figures.get(&(area.index, year, column_index(column)?))
    }

    /// Whether any file has this column.
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains(column)
    }

    /// The percentage DfE published beside a count column, in tenths of a percent.
    pub fn published_percent(&self, year: i32, area: &Area, count_column: &str) -> Option<u64> {
        self.percents
            .get(&(area.index, year, column_index(count_column)?))
            .copied()
    }

    /// Children aged 0 to 17 in an area at ONS mid-`year`.
    pub fn population(&self, year: i32, area: &Area) -> Option<u64> {
        self.population.get(&(area.index, year)).copied()
    }

    /// The ONS code an area's rows carried in a reporting year.
    pub fn code_in(&self, area: &Area, year: i32) -> Option<&str> {
        self.codes
            .get(&(area.key.clone(), year))
            .map(String::as_str)
    }

    /// Whether an area has any published figure in a reporting year.
    pub fn has_year(&self, area: &Area, year: i32) -> bool {
        self.codes.contains_key(&(area.key.clone(), year))
    }

    /// ONS mid-years with population estimates.
    pub fn population_years(&self) -> Vec<i32> {
        self.population_years.clone()
    }

    /// Reporting years with any figure.
    pub fn years(&self) -> Vec<i32> {
        self.years.clone()
    }

    /// The local authorities, by name, then LA number.
    pub fn authorities(&self) -> Vec<&Area> {
        self.by_name
            .iter()
            .filter_map(|k| self.areas.get(k))
            .collect()
    }

    /// Works out what is asked of every benchmark once every file is read.
    fn finish(&mut self) {
        let years: BTreeSet<i32> = self.figures.keys().map(|(_, y, _)| *y).collect();
        self.years = years.into_iter().collect();
        let years: BTreeSet<i32> = self.population.keys().map(|(_, y)| *y).collect();
        self.population_years = years.into_iter().collect();
        let mut las: Vec<&Area> = self
            .areas
            .values()
            .filter(|a| a.level == Level::LocalAuthority)
            .collect();
        las.sort_by(|a, b| a.name.cmp(&b.name).then(a.key.cmp(&b.key)));
        self.by_name = las.into_iter().map(|a| a.key.clone()).collect();
    }

    /// The area with this key.
    pub fn area(&self, key: &str) -> Option<&Area> {
        self.areas.get(key)
    }

    /// England.
    pub fn england(&self) -> Option<&Area> {
        self.areas.values().find(|a| a.level == Level::National)
    }

    /// A local authority by name (any case or punctuation), ONS code (old or new) or LA
    /// number. Where two authorities share a name (Dorset County Council until 2019, Dorset
    /// Council after), the one with figures in `year` is chosen, else the latest.
    pub fn find_authority(&self, wanted: &str, year: i32) -> Option<&Area> {
        let key = normalize(wanted);
        let trimmed = wanted.trim();
        let mut found: Vec<&Area> = self
            .authorities()
            .into_iter()
            .filter(|a| {
                normalize(&a.name) == key
                    || a.old_code == trimmed
                    || self
                        .codes
                        .range((a.key.clone(), i32::MIN)..=(a.key.clone(), i32::MAX))
                        .any(|(_, code)| code.eq_ignore_ascii_case(trimmed))
            })
            .collect();
        let last_year = |a: &Area| {
            self.codes
                .range((a.key.clone(), i32::MIN)..=(a.key.clone(), i32::MAX))
                .map(|((_, y), _)| *y)
                .max()
                .unwrap_or(i32::MIN)
        };
        found.sort_by_key(|a| (!self.has_year(a, year), std::cmp::Reverse(last_year(a))));
        found.first().copied()
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
        scored.dedup_by(|a, b| a.1 == b.1);
        scored
            .into_iter()
            .take(5)
            .map(|(_, name)| name.to_string())
            .collect()
    }

    /// What replaced what, for an authority formed by reorganisation.
    pub fn predecessor_note(&self, area: &Area) -> Option<&'static str> {
        SUCCESSORS
            .iter()
            .find(|(number, ..)| *number == area.old_code)
            .map(|(.., note)| *note)
    }
}

/// Reads every published table among `paths` (files, or folders of `.csv` files).
pub fn read(paths: &[PathBuf], catalogue: &Catalogue) -> Result<PublishedData> {
    let mut published = PublishedData::default();
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
    published.finish();
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

fn read_file(path: &Path, catalogue: &Catalogue, published: &mut PublishedData) -> Result<()> {
    let name = path.display().to_string();
    let mut input = open_csv(&InputPath::File(path.to_path_buf()), HeaderAt::First)?;
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
    let columns: Vec<(usize, &'static str)> = MEASURE_COLUMNS
        .iter()
        .filter(|(_, id, _)| catalogue.by_id(id).is_some())
        .map(|(column, ..)| *column)
        .chain(PART_COLUMNS.iter().copied())
        .filter_map(|column| Some((col(column)?, column)))
        .collect();
    let percent_cols: Vec<(usize, u8)> = PERCENT_COLUMNS
        .iter()
        .filter_map(|(column, of)| Some((col(column)?, column_index(of)?)))
        .collect();
    if columns.is_empty() && population_col.is_none() {
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
        let Some(mut area) = area_cols.area(&text(Some(level_col)), &text) else {
            continue; // other levels (local authority districts, …) are not compared
        };
        area.index = match published.areas.get(&area.key) {
            Some(known) => known.index,
            None => u32::try_from(published.areas.len()).unwrap_or(u32::MAX),
        };
        if let Some(p) = population_col {
            let is_children = age_col.is_none_or(|a| normalize(&text(Some(a))).contains("0to17"));
            if let (true, Some(Figure::Count(n))) = (is_children, Figure::parse(&text(Some(p)))) {
                published.population.insert((area.index, year), n);
            }
        }
        if !columns.is_empty() {
            published
                .codes
                .insert((area.key.clone(), year), area.code.clone());
        }
        for &(column, of) in &percent_cols {
            if let Some(tenths) = parse_tenths(&text(Some(column))) {
                published.percents.insert((area.index, year, of), tenths);
            }
        }
        for &(column, heading) in &columns {
            let cell = text(Some(column));
            let figure = Figure::parse(&cell).ok_or_else(|| {
                Error::input(
                    Location::file(name.clone())
                        .line(line)
                        .column(input.headers.get(column).cloned().unwrap_or_default()),
                    "neither a count nor one of DfE's symbols (c, x, z, u, low, k, :, or any of them in brackets)",
                )
            })?;
            if let Some(column) = column_index(heading) {
                published.figures.insert((area.index, year, column), figure);
            }
            published.columns.insert(heading);
        }
        // The latest year's code and name stand for the series.
        let latest = published
            .codes
            .range((area.key.clone(), year + 1)..=(area.key.clone(), i32::MAX))
            .next()
            .is_none();
        match published.areas.get_mut(&area.key) {
            Some(known) if latest && !columns.is_empty() => *known = area,
            Some(_) => {}
            None => {
                published.areas.insert(area.key.clone(), area);
            }
        }
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
                index: 0,
                key: text(self.country),
                code: text(self.country),
                old_code: String::new(),
                name: "England".to_string(),
                region_code: String::new(),
            }),
            "regional" => Some(Area {
                level: Level::Regional,
                index: 0,
                key: region_code.clone(),
                code: region_code.clone(),
                old_code: String::new(),
                name: text(self.region_name),
                region_code,
            }),
            "localauthority" => {
                let old = text(self.old);
                let new = text(self.new);
                let code = if new.is_empty() { old.clone() } else { new };
                Some(Area {
                    level: Level::LocalAuthority,
                    index: 0,
                    key: if old.is_empty() {
                        code.clone()
                    } else {
                        old.clone()
                    },
                    code,
                    old_code: old,
                    name: text(self.la_name),
                    region_code,
                })
            }
            _ => None,
        }
    }
}

/// A published percentage with at most one decimal place (`22.6`, `21`), in tenths.
fn parse_tenths(text: &str) -> Option<u64> {
    let (whole, tenth) = match text.trim().split_once('.') {
        Some((w, t)) if t.len() == 1 => (w, t),
        Some(_) => return None,
        None => (text.trim(), "0"),
    };
    Some(whole.parse::<u64>().ok()? * 10 + tenth.parse::<u64>().ok()?)
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
    published: &mut PublishedData,
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
        assert_eq!(Figure::parse("[c]"), Some(Figure::Missing("c".into())));
        assert_eq!(Figure::parse(" [x] "), Some(Figure::Missing("x".into())));
        assert_eq!(Figure::parse("[q]"), None);
        assert_eq!(Figure::parse(""), Some(Figure::Missing("x".into())));
        assert_eq!(Figure::parse("12.5"), None);
        assert_eq!(Figure::parse("n/a"), None);
    }

    #[test]
    fn published_percentages() {
        assert_eq!(parse_tenths("22.6"), Some(226));
        assert_eq!(parse_tenths("21"), Some(210));
        assert_eq!(parse_tenths("c"), None);
        assert_eq!(parse_tenths("2.25"), None);
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2021"), Some(2021));
        assert_eq!(parse_year("202021"), Some(2021));
        assert_eq!(parse_year("21"), None);
    }
}
