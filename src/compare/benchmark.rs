//! Benchmarking: one authority's counts and rates per 10,000 children against England, its
//! region and the median of its statistical neighbours, from DfE's published figures, with
//! the year-on-year change and the authority's rank among all authorities.
//!
//! Rates follow DfE's convention: count ÷ ONS mid-year estimate of children aged 0 to 17 ×
//! 10,000, one decimal place, rounded half up; by default with the estimate DfE's published
//! rates use, two years before the reporting year ends (2022/23 rates use mid-2021).

use serde::{Serialize, Serializer};

use crate::count::Counted;
use crate::input::published::{Area, Figure, Level, Published, SYMBOLS};
use crate::model::error::{Error, Result};
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::number::{change_pct, div_round_half_away};
use crate::model::period::{financial_year, financial_year_label};
use crate::model::units::Unit;

/// How many years before the reporting year DfE's published rates take their population.
pub const POPULATION_LAG: i32 = 2;

/// The question asked.
pub struct BenchmarkQuestion<'a> {
    pub authority: &'a str,
    /// Reporting year, by the year it ends (2021 = 2020/21).
    pub year: i32,
    pub population_year: Option<i32>,
    pub unit: Unit,
}

/// The benchmarking table, ready to render. Its JSON form is documented in the README.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    pub title: String,
    pub authority: AreaInfo,
    pub region: Option<AreaInfo>,
    /// Reporting years, by the year they end, and as papers write them.
    pub year: i32,
    pub year_label: String,
    pub previous_year_label: String,
    pub unit: Unit,
    /// The ONS mid-year estimates used for the two years' rates.
    pub population_year: i32,
    pub previous_population_year: i32,
    pub rows: Vec<BenchmarkRow>,
    /// Sources, population years, rank order, symbols, own figures.
    pub footer: Vec<String>,
    /// What the authority's own exports contributed, when `--own` was given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_quality: Vec<crate::compare::comparison::FileQuality>,
    #[serde(skip)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaInfo {
    pub name: String,
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub old_code: String,
}

impl From<&Area> for AreaInfo {
    fn from(area: &Area) -> AreaInfo {
        AreaInfo {
            name: area.name.clone(),
            code: area.code.clone(),
            old_code: area.old_code.clone(),
        }
    }
}

/// Which comparator a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    Authority,
    Region,
    England,
    Neighbours,
}

/// A published figure in a row: a count, or DfE's symbol for one not published (`c`, `x`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFigure(pub Option<Figure>);

impl Serialize for PublishedFigure {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match &self.0 {
            Some(Figure::Count(n)) => s.serialize_u64(*n),
            Some(Figure::Missing(symbol)) => s.serialize_str(symbol),
            None => s.serialize_none(),
        }
    }
}

impl PublishedFigure {
    pub fn text(&self) -> String {
        match &self.0 {
            Some(Figure::Count(n)) => n.to_string(),
            Some(Figure::Missing(symbol)) => symbol.clone(),
            None => String::new(),
        }
    }
}

/// One comparator's figures for one measure.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkRow {
    pub measure: String,
    pub label: String,
    pub area: String,
    pub area_kind: AreaKind,
    pub previous: PublishedFigure,
    pub current: PublishedFigure,
    pub change: Option<i64>,
    pub change_pct: Option<f64>,
    /// Per 10,000 children aged 0 to 17, one decimal.
    pub previous_rate: Option<f64>,
    pub current_rate: Option<f64>,
    /// The authority's place among all authorities by current rate (1 = highest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranked: Option<usize>,
    /// How many neighbours' rates the median is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<usize>,
}

/// Rate per 10,000, one decimal, half up, computed exactly from integers.
pub fn rate(count: u64, population: u64) -> Option<f64> {
    (population > 0).then(|| {
        let tenths = div_round_half_away(i128::from(count) * 100_000, i128::from(population));
        tenths as f64 / 10.0
    })
}

/// Builds the benchmarking table. `own` (the authority's own exports, counted) replaces its
/// published counts for the measures it holds.
pub fn benchmark(
    catalogue: &Catalogue,
    published: &Published,
    own: Option<&Counted>,
    q: &BenchmarkQuestion,
) -> Result<Benchmark> {
    let la = published.find_authority(q.authority).ok_or_else(|| {
        let close = published.close_matches(q.authority);
        let hint = if close.is_empty() {
            "check the spelling, or give its code (E10000018) or old number (855)".to_string()
        } else {
            format!("did you mean {}?", close.join(", "))
        };
        Error::usage(format!(
            "--la {}: no local authority of that name or code in the published data; {hint}",
            q.authority
        ))
    })?;
    let years = published.years();
    if !years.contains(&q.year) && own.is_none() {
        return Err(Error::usage(format!(
            "--year {}: the published data covers {}; pass --own with the authority's exports for a year not yet published",
            q.year,
            span_text(&years)
        )));
    }
    let population_year = q.population_year.unwrap_or(q.year - POPULATION_LAG);
    let previous_population_year = population_year - 1;
    for y in [population_year, previous_population_year] {
        if !published.population_years().contains(&y) {
            return Err(Error::usage(format!(
                "no population estimates for {y} (the published data has {}); pass --population-year",
                span_text(&published.population_years())
            )));
        }
    }
    let region = region_of(published, la);
    let england = published
        .areas
        .values()
        .find(|a| a.level == Level::National);
    let fy = |year: i32| financial_year(year - 1);

    let mut rows = Vec::new();
    let mut own_measures = Vec::new();
    for measure in catalogue.ids() {
        let m = catalogue.get(measure);
        let published_here =
            |year: i32, area: &Area| published.figure(year, &area.code, measure, q.unit).cloned();
        let has_any = published.areas.values().any(|a| {
            published_here(q.year, a).is_some() || published_here(q.year - 1, a).is_some()
        });
        let own_counts = own.and_then(|o| o.measures.get(&measure));
        if !has_any && own_counts.is_none() {
            continue;
        }
        let own_figure = |year: i32| -> Option<Figure> {
            let counts = own_counts?;
            Some(Figure::Count(match q.unit {
                Unit::Events => counts.events(None, &fy(year)),
                Unit::Children => counts.children(None, &fy(year))?,
            }))
        };
        if own_counts.is_some() {
            own_measures.push(m.label.clone());
        }
        let row =
            |area: &Area, kind: AreaKind, previous: Option<Figure>, current: Option<Figure>| {
                let pop = |y: i32| published.population(y, &area.code);
                let rate_of = |f: &Option<Figure>, y: i32| {
                    f.as_ref()
                        .and_then(Figure::count)
                        .zip(pop(y))
                        .and_then(|(c, p)| rate(c, p))
                };
                let (p, c) = (
                    previous.as_ref().and_then(Figure::count),
                    current.as_ref().and_then(Figure::count),
                );
                let (rank, ranked) = match kind {
                    AreaKind::Authority => rank_of(
                        published,
                        measure,
                        q,
                        area,
                        rate_of(&current, population_year),
                        population_year,
                    ),
                    _ => (None, None),
                };
                BenchmarkRow {
                    measure: m.id.clone(),
                    label: m.label.clone(),
                    area: area.name.clone(),
                    area_kind: kind,
                    previous_rate: rate_of(&previous, previous_population_year),
                    current_rate: rate_of(&current, population_year),
                    previous: PublishedFigure(previous),
                    current: PublishedFigure(current),
                    change: p.zip(c).map(|(p, c)| c as i64 - p as i64),
                    change_pct: p.zip(c).and_then(|(p, c)| change_pct(p, c)),
                    rank,
                    ranked,
                    neighbours: None,
                }
            };
        let la_previous = own_figure(q.year - 1).or_else(|| published_here(q.year - 1, la));
        let la_current = own_figure(q.year).or_else(|| published_here(q.year, la));
        rows.push(row(la, AreaKind::Authority, la_previous, la_current));
        if !has_any {
            continue; // only the authority's own exports hold this measure
        }
        if let Some(region) = region {
            rows.push(row(
                region,
                AreaKind::Region,
                published_here(q.year - 1, region),
                published_here(q.year, region),
            ));
        }
        if let Some(england) = england {
            rows.push(row(
                england,
                AreaKind::England,
                published_here(q.year - 1, england),
                published_here(q.year, england),
            ));
        }
        if let Some(neighbours) = published.neighbours.get(&la.old_code) {
            let rates = |year: i32, pop_year: i32| -> Vec<f64> {
                neighbours
                    .iter()
                    .filter_map(|old| {
                        published
                            .authorities()
                            .into_iter()
                            .find(|a| a.old_code == *old)
                    })
                    .filter_map(|a| {
                        let count = published_here(year, a)?.count()?;
                        let pop = published.population(pop_year, &a.code)?;
                        Some(count as f64 * 10_000.0 / pop as f64)
                    })
                    .collect()
            };
            let (before, now) = (
                rates(q.year - 1, previous_population_year),
                rates(q.year, population_year),
            );
            rows.push(BenchmarkRow {
                measure: m.id.clone(),
                label: m.label.clone(),
                area: format!("Statistical neighbours (median of {})", now.len()),
                area_kind: AreaKind::Neighbours,
                previous: PublishedFigure(None),
                current: PublishedFigure(None),
                change: None,
                change_pct: None,
                previous_rate: median(before),
                current_rate: median(now.clone()),
                rank: None,
                ranked: None,
                neighbours: Some(now.len()),
            });
        }
    }

    let (year_label, previous_year_label) = (
        financial_year_label(q.year - 1),
        financial_year_label(q.year - 2),
    );
    let unit_text = match q.unit {
        Unit::Events => "",
        Unit::Children => " (children)",
    };
    let mut footer = vec![
        format!(
            "Rates per 10,000 children aged 0 to 17: {year_label} uses ONS mid-{population_year} population estimates, \
             {previous_year_label} mid-{previous_population_year}."
        ),
        format!("Rank: {}'s place among all local authorities by {year_label} rate, 1 = highest.", la.name),
        "Statistical neighbours: DfE groupings of April 2021; the median is of the neighbours' rates.".to_string(),
                "Source: DfE, Children in need statistics (explore-education-statistics); Open Government Licence v3.0."
            .to_string(),
    ];
    if !own_measures.is_empty() {
        footer.push(format!(
            "{}'s {} from its own exports, not the published figures.",
            la.name,
            own_measures.join(", ")
        ));
    }
    let used: Vec<&str> = rows
        .iter()
        .flat_map(|r| [&r.previous, &r.current])
        .filter_map(|c| match &c.0 {
            Some(Figure::Missing(s)) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    let symbols: Vec<String> = SYMBOLS
        .iter()
        .filter(|(s, _)| used.contains(s))
        .map(|(s, meaning)| format!("{s} = {meaning}"))
        .collect();
    if !symbols.is_empty() {
        footer.push(format!("Symbols: {}.", symbols.join("; ")));
    }

    Ok(Benchmark {
        title: format!(
            "{}{unit_text}: {year_label} against {previous_year_label}, with England, {} and statistical neighbours",
            la.name,
            region.map_or("its region", |r| r.name.as_str())
        ),
        authority: AreaInfo::from(la),
        region: region.map(AreaInfo::from),
        year: q.year,
        year_label,
        previous_year_label,
        unit: q.unit,
        population_year,
        previous_population_year,
        rows,
        footer,
        data_quality: match own {
            Some(counted) => crate::compare::comparison::data_quality(
                catalogue,
                counted,
                &fy(q.year),
                &fy(q.year - 1),
            ),
            None => Vec::new(),
        },
        notes: published
            .notes
            .iter()
            .cloned()
            .chain(own.map(|o| o.notes.clone()).unwrap_or_default())
            .collect(),
    })
}

/// The authority's region; Inner and Outer London authorities compare with London.
fn region_of<'a>(published: &'a Published, la: &Area) -> Option<&'a Area> {
    let code = if la.region_code.starts_with("E13") {
        "E12000007"
    } else {
        la.region_code.as_str()
    };
    published
        .area(code)
        .filter(|a| a.level == Level::Regional)
        .or_else(|| published.area(&la.region_code))
}

/// (rank, of how many) by rate among authorities with a published figure and population.
fn rank_of(
    published: &Published,
    measure: MeasureId,
    q: &BenchmarkQuestion,
    la: &Area,
    own_rate: Option<f64>,
    population_year: i32,
) -> (Option<usize>, Option<usize>) {
    let Some(own_rate) = own_rate else {
        return (None, None);
    };
    let others: Vec<f64> = published
        .authorities()
        .into_iter()
        .filter(|a| a.code != la.code)
        .filter_map(|a| {
            let count = published
                .figure(q.year, &a.code, measure, q.unit)?
                .count()?;
            let pop = published.population(population_year, &a.code)?;
            rate(count, pop)
        })
        .collect();
    if others.is_empty() {
        return (None, None); // a rank among one is no rank
    }
    let higher = others.iter().filter(|r| **r > own_rate).count();
    (Some(higher + 1), Some(others.len() + 1))
}

/// The median, one decimal, half up; `None` for no values.
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let upper = *values.get(n / 2)?;
    let middle = if n % 2 == 1 {
        upper
    } else {
        (*values.get(n / 2 - 1)? + upper) / 2.0
    };
    Some((middle * 10.0).round() / 10.0)
}

fn span_text(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no years".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_per_10000_to_one_decimal_half_up() {
        // DfE's check: 2023 S47 enquiries 225,400 ÷ 11,762,878 × 10,000 = 191.6.
        assert_eq!(rate(225_400, 11_762_878), Some(191.6));
        assert_eq!(rate(1, 20_000), Some(0.5));
        assert_eq!(rate(1, 200_000), Some(0.1)); // 0.05 rounds up
        assert_eq!(rate(5, 0), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
