//! Benchmarking: one authority's counts, rates per 10,000 children and published percentages
//! against England, its region and the median of its statistical neighbours, from DfE's
//! published figures, with the year-on-year change and the authority's rank among all
//! authorities.
//!
//! Rates follow DfE's convention: count ÷ ONS mid-year estimate of children aged 0 to 17 ×
//! 10,000, one decimal place, rounded half up. The year ending 31 March Y takes the mid-(Y−1)
//! estimate, as DfE aligns them (a new authority's first estimate is the mid-year before its
//! first reporting year). Every rate, rank and median is worked out exactly from the published
//! integers and rounded once, at the end.

use std::cmp::Ordering;

use serde::{Serialize, Serializer};

use crate::count::Counted;
use crate::input::published::{Area, Figure, Level, MEASURE_COLUMNS, Published, SYMBOLS};
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::number::{change_pct, div_round_half_away};
use crate::model::period::{financial_year, financial_year_label};
use crate::model::rate::Rate;
use crate::model::units::Unit;

/// How many years before the end of the reporting year the population estimate is: the year
/// ending 31 March 2021 takes mid-2020.
pub const POPULATION_LAG: i32 = 1;

/// A percentage DfE's files let us work out: its numerator columns (added up) over its
/// denominator column, with the same id as `compare --rates`.
#[derive(Debug)]
pub struct PublishedRate {
    pub rate: Rate,
    pub numerator: &'static [&'static str],
    pub denominator: &'static str,
    /// DfE's table the columns are in.
    pub table: &'static str,
}

impl PublishedRate {
    /// The numerator's column, when it is one column (DfE then publishes the percentage).
    pub fn single_numerator(&self) -> Option<&'static str> {
        match self.numerator {
            [column] => Some(column),
            _ => None,
        }
    }
}

/// The published percentages, in chain order.
pub const PUBLISHED_RATES: [PublishedRate; 3] = [
    PublishedRate {
        rate: Rate::ReReferral,
        numerator: &["rereferral_count"],
        denominator: "referral_count",
        table: "C1",
    },
    PublishedRate {
        rate: Rate::IcpcWithin15,
        numerator: &["Duration_0-10_days", "Duration_11-15_days"],
        denominator: "ICPC",
        table: "C4",
    },
    PublishedRate {
        rate: Rate::RepeatPlan,
        numerator: &["CPP_subsequent"],
        denominator: "CPP_start",
        table: "D3",
    },
];

/// DfE's working-day bands for conferences, as C4 publishes them.
pub const BAND_COLUMNS: [&str; 4] = [
    "Duration_0-10_days",
    "Duration_11-15_days",
    "Duration_16-20_days",
    "Duration_21+_days",
];

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
    /// The ONS code in the reporting year asked for.
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub old_code: String,
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

impl AreaInfo {
    fn of(area: &Area, code: Option<&str>) -> AreaInfo {
        AreaInfo {
            name: area.name.clone(),
            code: code.unwrap_or(&area.code).to_string(),
            old_code: area.old_code.clone(),
            current_rate: None,
            rank: None,
            ranked: None,
            neighbours: None,
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

/// One comparator's figures for one measure. Count rows carry counts and rates per 10,000;
/// percentage rows (`unit` = `percent`) carry percentages and their change in points.
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
    /// The authority's place among all authorities (1 = highest), and how many were ranked.
    pub rank: Option<usize>,
    pub ranked: Option<usize>,
    /// How many neighbours' figures the median is of, this year and the year before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_neighbours: Option<usize>,
    /// `percent` for a published percentage; absent for counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_pct: Option<f64>,
    /// The change in percentage points, from the exact percentages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_pp: Option<f64>,
    /// Conferences by working days from the enquiry (0–10, 11–15, 16–20, 21+) in the
    /// current year, and their median, as C4 publishes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bands: Option<[PublishedFigure; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_days: Option<PublishedFigure>,
    /// England's and the regions' counts are published rounded to the nearest 10, so their
    /// rates and percentages are approximate.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// An exact non-negative ratio, `num / den`, already scaled (× 10,000 for a rate, × 100 for
/// a percentage): compared and averaged without rounding, rounded once for display.
#[derive(Debug, Clone, Copy)]
pub struct Exact {
    num: u128,
    den: u128,
}

impl Exact {
    /// `count × scale ÷ base`; `None` for a zero base.
    pub fn new(count: u64, base: u64, scale: u64) -> Option<Exact> {
        (base > 0).then(|| Exact {
            num: u128::from(count) * u128::from(scale),
            den: u128::from(base),
        })
    }

    /// One decimal place, halves up.
    pub fn tenths(self) -> f64 {
        let num = i128::try_from(self.num.saturating_mul(10)).unwrap_or(i128::MAX);
        let den = i128::try_from(self.den).unwrap_or(i128::MAX);
        div_round_half_away(num, den) as f64 / 10.0
    }

    /// `self − earlier`, to one decimal place (percentage points).
    pub fn minus(self, earlier: Exact) -> f64 {
        let wide = |v: u128| i128::try_from(v).unwrap_or(i128::MAX);
        let num = wide(self.num) * wide(earlier.den) - wide(earlier.num) * wide(self.den);
        div_round_half_away(num * 10, wide(self.den) * wide(earlier.den)) as f64 / 10.0
    }

    fn mean(self, other: Exact) -> Exact {
        Exact {
            num: self.num * other.den + other.num * self.den,
            den: 2 * self.den * other.den,
        }
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Exact) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

/// The median, exactly: the middle value, or the mean of the middle two.
pub fn median(mut values: Vec<Exact>) -> Option<Exact> {
    values.sort();
    let n = values.len();
    let upper = *values.get(n / 2)?;
    Some(if n % 2 == 1 {
        upper
    } else {
        values.get(n / 2 - 1)?.mean(upper)
    })
}

/// (rank, of how many): 1 + the authorities with a strictly higher value, so equal values
/// share the higher place; `None` when there is no one to rank against.
pub fn rank(own: Exact, others: &[Exact]) -> (Option<usize>, Option<usize>) {
    if others.is_empty() {
        return (None, None);
    }
    let higher = others.iter().filter(|o| **o > own).count();
    (Some(higher + 1), Some(others.len() + 1))
}

/// Rate per 10,000, one decimal, half up, computed exactly from integers.
pub fn rate(count: u64, population: u64) -> Option<f64> {
    Exact::new(count, population, 10_000).map(Exact::tenths)
}

/// One line of a benchmark: a counted measure or a published percentage.
#[derive(Debug, Clone, Copy)]
pub enum Line<'a> {
    Count { id: &'a str, label: &'a str },
    Percent(&'a PublishedRate),
}

impl Line<'_> {
    pub fn id(&self) -> &str {
        match self {
            Line::Count { id, .. } => id,
            Line::Percent(p) => p.rate.id(),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Line::Count { label, .. } => label,
            Line::Percent(p) => p.rate.label(),
        }
    }
}

/// One area's figure for one line and year: what was published (a count, or a symbol) and
/// the exact rate or percentage it gives.
#[derive(Debug, Clone, Default)]
pub struct Point {
    pub figure: Option<Figure>,
    pub value: Option<Exact>,
}

/// What every figure of a benchmark is read from.
pub struct Source<'a> {
    pub published: &'a Published,
    pub unit: Unit,
    /// Reporting year minus population year.
    pub lag: i32,
    /// The authority and its own counted exports, which replace its published counts.
    pub own: Option<(&'a str, &'a Counted, &'a Catalogue)>,
}

impl Source<'_> {
    /// The lines the published data (or the own exports) hold, in order: counts, then
    /// percentages.
    pub fn lines<'c>(&self, catalogue: &'c Catalogue) -> Vec<Line<'c>> {
        let mut lines: Vec<Line<'c>> = catalogue
            .ids()
            .map(|m| catalogue.get(m))
            .filter(|m| {
                self.publishes(Line::Count {
                    id: &m.id,
                    label: &m.label,
                }) || self.own_has(&m.id)
            })
            .map(|m| Line::Count {
                id: &m.id,
                label: &m.label,
            })
            .collect();
        if self.unit == Unit::Events {
            lines.extend(
                PUBLISHED_RATES
                    .iter()
                    .map(Line::Percent)
                    .filter(|line| self.publishes(*line)),
            );
        }
        lines
    }

    /// Whether the published files hold a line at all.
    pub fn publishes(&self, line: Line) -> bool {
        match line {
            Line::Count { id, .. } => MEASURE_COLUMNS
                .iter()
                .any(|(c, m, u)| *m == id && *u == self.unit && self.published.has_column(c)),
            Line::Percent(p) => {
                self.published.has_column(p.denominator)
                    && p.numerator.iter().all(|c| self.published.has_column(c))
            }
        }
    }

    /// Whether the authority's own exports count a measure.
    fn own_has(&self, id: &str) -> bool {
        self.own.is_some_and(|(_, counted, catalogue)| {
            catalogue
                .by_id(id)
                .is_some_and(|m| counted.measures.contains_key(&m))
        })
    }

    /// An area's point for a line in a reporting year.
    pub fn point(&self, line: Line, area: &Area, year: i32) -> Point {
        let published = self.published;
        match line {
            Line::Count { id, .. } => {
                let figure = self
                    .own_count(id, area, year)
                    .or_else(|| published.figure(year, area, id, self.unit).cloned());
                let value = figure
                    .as_ref()
                    .and_then(Figure::count)
                    .zip(published.population(year - self.lag, area))
                    .and_then(|(count, population)| Exact::new(count, population, 10_000));
                Point { figure, value }
            }
            Line::Percent(p) => {
                let den = published.part(year, area, p.denominator);
                let nums: Vec<Option<&Figure>> = p
                    .numerator
                    .iter()
                    .map(|c| published.part(year, area, c))
                    .collect();
                if den.is_none() && nums.iter().all(Option::is_none) {
                    return Point::default();
                }
                let missing = den
                    .into_iter()
                    .chain(nums.iter().flatten().copied())
                    .find(|f| f.count().is_none())
                    .cloned();
                // DfE's own percentage, where it published one beside the count.
                let published_percent = p
                    .single_numerator()
                    .and_then(|column| published.published_percent(year, area, column))
                    .and_then(|tenths| Exact::new(tenths, 10, 1));
                // England's and the regions' counts are rounded to 10: their published
                // percentage is the exact figure.
                if area.level != Level::LocalAuthority
                    && let Some(value) = published_percent
                {
                    return Point {
                        figure: None,
                        value: Some(value),
                    };
                }
                let counts: Option<Vec<u64>> =
                    nums.iter().map(|f| f.and_then(Figure::count)).collect();
                let value = counts
                    .map(|c| c.iter().sum::<u64>())
                    .zip(den.and_then(Figure::count))
                    .and_then(|(num, den)| Exact::new(num, den, 100));
                // An authority's percentage from its exact counts; where they do not give one
                // (a suppressed or zero denominator), the percentage DfE published, if any.
                if value.is_none()
                    && let Some(value) = published_percent
                {
                    return Point {
                        figure: None,
                        value: Some(value),
                    };
                }
                Point {
                    figure: missing.or(if value.is_none() {
                        Some(Figure::Missing("x".into()))
                    } else {
                        None
                    }),
                    value,
                }
            }
        }
    }

    /// The authority's own count for a measure, when its exports were given.
    fn own_count(&self, id: &str, area: &Area, year: i32) -> Option<Figure> {
        let (key, counted, catalogue) = self.own?;
        if key != area.key {
            return None;
        }
        let counts = counted.measures.get(&catalogue.by_id(id)?)?;
        let span = financial_year(year - 1);
        Some(Figure::Count(match self.unit {
            Unit::Events => counts.events(None, &span),
            Unit::Children => counts.children(None, &span)?,
        }))
    }

    /// The exact values of every authority but `except` for a line and year: the rank pool.
    pub fn others(&self, line: Line, year: i32, except: &Area) -> Vec<Exact> {
        self.published
            .authorities()
            .into_iter()
            .filter(|a| a.key != except.key)
            .filter_map(|a| self.point(line, a, year).value)
            .collect()
    }

    /// The neighbours' exact values for a line and year (median of them, and how many).
    pub fn neighbours(&self, line: Line, year: i32, la: &Area) -> Option<(Option<Exact>, usize)> {
        let keys = self.published.neighbours.get(&la.old_code)?;
        let values: Vec<Exact> = keys
            .iter()
            .filter_map(|key| self.published.area(key))
            .filter_map(|a| self.point(line, a, year).value)
            .collect();
        let n = values.len();
        Some((median(values), n))
    }
}

/// The authority `q` names, or a usage error with close matches.
pub fn find_authority<'p>(published: &'p Published, wanted: &str, year: i32) -> Result<&'p Area> {
    published.find_authority(wanted, year).ok_or_else(|| {
        let close = published.close_matches(wanted);
        let hint = if close.is_empty() {
            "check the spelling, or give its code (E10000018) or LA number (855)".to_string()
        } else {
            format!("did you mean {}?", close.join(", "))
        };
        Error::usage(format!(
            "--la {wanted}: no local authority of that name or code in the published data; {hint}"
        ))
    })
}

/// The authority's region; Inner and Outer London authorities compare with London.
pub fn region_of<'a>(published: &'a Published, la: &Area) -> Option<&'a Area> {
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

/// Builds the benchmarking table. `own` (the authority's own exports, counted) replaces its
/// published counts for the measures it holds.
pub fn benchmark(
    catalogue: &Catalogue,
    published: &Published,
    own: Option<&Counted>,
    q: &BenchmarkQuestion,
) -> Result<Benchmark> {
    let la = find_authority(published, q.authority, q.year)?;
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
    if !published.population_years().contains(&population_year) {
        return Err(Error::usage(format!(
            "no population estimates for mid-{population_year} (the published data has {}); pass --population-year",
            span_text(&published.population_years())
        )));
    }
    let source = Source {
        published,
        unit: q.unit,
        lag: q.year - population_year,
        own: own.map(|o| (la.key.as_str(), o, catalogue)),
    };
    let region = region_of(published, la);
    let england = published.england();
    let has_neighbours = published.neighbours.contains_key(&la.old_code);
    let lines = source.lines(catalogue);

    let mut rows = Vec::new();
    let mut own_measures = Vec::new();
    for line in &lines {
        let line = *line;
        let row = |area: &Area, kind: AreaKind| -> BenchmarkRow {
            let (previous, current) = (
                source.point(line, area, q.year - 1),
                source.point(line, area, q.year),
            );
            let (rank, ranked) = match (kind, current.value) {
                (AreaKind::Authority, Some(value)) => {
                    rank(value, &source.others(line, q.year, area))
                }
                _ => (None, None),
            };
            let mut row = figures_row(line, area.name.clone(), kind, previous, current);
            row.rank = rank;
            row.ranked = ranked;
            row.approximate = matches!(kind, AreaKind::Region | AreaKind::England)
                && !matches!(line, Line::Percent(p) if p.single_numerator()
                    .and_then(|column| published.published_percent(q.year, area, column))
                    .is_some());
            if let Line::Percent(p) = line
                && p.rate == Rate::IcpcWithin15
            {
                let part = |c: &str| PublishedFigure(published.part(q.year, area, c).cloned());
                row.bands = Some(BAND_COLUMNS.map(part));
                row.median_days = Some(part("Duration_median"));
            }
            row
        };
        let mut authority = row(la, AreaKind::Authority);
        if !published.has_year(la, q.year - 1)
            && published.predecessor_note(la).is_some()
            && authority.previous.0.is_none()
        {
            // The authority did not exist the year before: not applicable, and said why.
            authority.previous = PublishedFigure(Some(Figure::Missing("z".into())));
        }
        if let Line::Count { id, label } = line
            && source.own_count(id, la, q.year).is_some()
        {
            own_measures.push(label.to_string());
        }
        rows.push(authority);
        if !source.publishes(line) {
            continue; // only the authority's own exports hold this measure
        }
        if let Some(region) = region {
            rows.push(row(region, AreaKind::Region));
        }
        if let Some(england) = england {
            rows.push(row(england, AreaKind::England));
        }
        if let (Some((before, b)), Some((now, n))) = (
            source.neighbours(line, q.year - 1, la),
            source.neighbours(line, q.year, la),
        ) {
            let mut neighbours = figures_row(
                line,
                String::new(),
                AreaKind::Neighbours,
                Point {
                    figure: None,
                    value: before,
                },
                Point {
                    figure: None,
                    value: now,
                },
            );
            neighbours.area = if b == n {
                format!("Statistical neighbours (median of {n})")
            } else {
                format!(
                    "Statistical neighbours (median of {n}; {b} in {})",
                    financial_year_label(q.year - 2)
                )
            };
            neighbours.change = None;
            neighbours.change_pct = None;
            neighbours.neighbours = Some(n);
            neighbours.previous_neighbours = Some(b);
            rows.push(neighbours);
        }
    }

    let (year_label, previous_year_label) = (
        financial_year_label(q.year - 1),
        financial_year_label(q.year - 2),
    );
    let footer = footer(&FooterFacts {
        published,
        la,
        year: q.year,
        population_year,
        previous_population_year,
        has_neighbours,
        own_measures: &own_measures,
        rows: &rows,
    });
    let unit_text = match q.unit {
        Unit::Events => "",
        Unit::Children => " (children)",
    };
    let region_name = region.map_or("its region", |r| r.name.as_str());
    let comparators = if has_neighbours {
        format!("England, {region_name} and statistical neighbours")
    } else {
        format!("England and {region_name}")
    };
    let fy = |year: i32| financial_year(year - 1);
    Ok(Benchmark {
        title: format!(
            "{}{unit_text}: {year_label} against {previous_year_label}, with {comparators}",
            la.name
        ),
        authority: AreaInfo::of(la, published.code_in(la, q.year)),
        region: region.map(|r| AreaInfo::of(r, None)),
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

/// A row's figures from its two points.
fn figures_row(
    line: Line,
    area: String,
    kind: AreaKind,
    previous: Point,
    current: Point,
) -> BenchmarkRow {
    let mut row = BenchmarkRow {
        measure: line.id().to_string(),
        label: line.label().to_string(),
        area,
        area_kind: kind,
        previous: PublishedFigure(None),
        current: PublishedFigure(None),
        change: None,
        change_pct: None,
        previous_rate: None,
        current_rate: None,
        rank: None,
        ranked: None,
        neighbours: None,
        previous_neighbours: None,
        unit: None,
        previous_pct: None,
        current_pct: None,
        change_pp: None,
        bands: None,
        median_days: None,
        approximate: false,
    };
    match line {
        Line::Count { .. } => {
            let (p, c) = (
                previous.figure.as_ref().and_then(Figure::count),
                current.figure.as_ref().and_then(Figure::count),
            );
            row.change = p.zip(c).map(|(p, c)| c as i64 - p as i64);
            row.change_pct = p.zip(c).and_then(|(p, c)| change_pct(p, c));
            row.previous_rate = previous.value.map(Exact::tenths);
            row.current_rate = current.value.map(Exact::tenths);
        }
        Line::Percent(_) => {
            row.unit = Some("percent");
            row.previous_pct = previous.value.map(Exact::tenths);
            row.current_pct = current.value.map(Exact::tenths);
            row.change_pp = previous.value.zip(current.value).map(|(p, c)| c.minus(p));
        }
    }
    row.previous = PublishedFigure(previous.figure);
    row.current = PublishedFigure(current.figure);
    if matches!(line, Line::Percent(_)) {
        // A percentage row shows a figure only for what was not published.
        for cell in [&mut row.previous, &mut row.current] {
            if cell.0.as_ref().is_some_and(|f| f.count().is_some()) {
                cell.0 = None;
            }
        }
    }
    row
}

/// What the footer is made from.
struct FooterFacts<'a> {
    published: &'a Published,
    la: &'a Area,
    year: i32,
    population_year: i32,
    previous_population_year: i32,
    has_neighbours: bool,
    own_measures: &'a [String],
    rows: &'a [BenchmarkRow],
}

fn footer(f: &FooterFacts) -> Vec<String> {
    let (year_label, previous_year_label) = (
        financial_year_label(f.year - 1),
        financial_year_label(f.year - 2),
    );
    let mut footer = vec![
        format!(
            "Rates per 10,000 children aged 0 to 17: {year_label} uses ONS mid-{} population estimates, \
             {previous_year_label} mid-{} (DfE aligns the year ending 31 March with the estimate for the June before it).",
            f.population_year, f.previous_population_year
        ),
        format!(
            "Rank: {}'s place among all local authorities with a published figure and population, by unrounded {year_label} rate or percentage; 1 = highest; equal values share the higher place.",
            f.la.name
        ),
        "England and regional counts are published rounded to the nearest 10, so their rates, and percentages DfE did not publish, are approximate.".to_string(),
    ];
    if f.has_neighbours {
        footer.push(
            "Statistical neighbours: DfE groupings of April 2021; the median is of the neighbours' unrounded rates or percentages, rounded once."
                .to_string(),
        );
    } else {
        footer.push(format!(
            "{} has no statistical neighbours in DfE's groupings of April 2021, which predate it.",
            f.la.name
        ));
    }
    if f.rows.iter().any(|r| r.unit.is_some()) {
        let tables: Vec<String> = PUBLISHED_RATES
            .iter()
            .filter(|p| f.rows.iter().any(|r| r.measure == p.rate.id()))
            .map(|p| format!("{} ({})", p.rate.label(), p.table))
            .collect();
        footer.push(format!(
            "Percentages from DfE's published counts: {}; ICPCs within 15 working days are the 0–10 and 11–15 day bands over all ICPCs.",
            tables.join(", ")
        ));
    }
    if let Some(note) = f.published.predecessor_note(f.la)
        && !f.published.has_year(f.la, f.year - 1)
    {
        footer.push(format!(
            "{note}; {previous_year_label} figures are for another authority and are not applicable (z)."
        ));
    }
    if let (Some(before), Some(now)) = (
        f.published.code_in(f.la, f.year - 1),
        f.published.code_in(f.la, f.year),
    ) && before != now
    {
        footer.push(format!(
            "{}'s ONS code changed from {before} ({previous_year_label}) to {now} ({year_label}); its figures are joined by its LA number, {}.",
            f.la.name, f.la.old_code
        ));
    }
    footer.push(
        "Source: DfE, Children in need statistics (explore-education-statistics); Open Government Licence v3.0."
            .to_string(),
    );
    if !f.own_measures.is_empty() {
        footer.push(format!(
            "{}'s {} from its own exports, not the published figures.",
            f.la.name,
            f.own_measures.join(", ")
        ));
    }
    let used: Vec<&str> = f
        .rows
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
    footer
}

pub fn span_text(years: &[i32]) -> String {
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
        // 2022/23 Section 47 enquiries in England: 225,400 ÷ 11,901,267 (mid-2022) × 10,000
        // = 189.39… → 189.4; with mid-2021 (11,762,878), as the domain notes quote, 191.6.
        assert_eq!(rate(225_400, 11_901_267), Some(189.4));
        assert_eq!(rate(225_400, 11_762_878), Some(191.6));
        assert_eq!(rate(1, 20_000), Some(0.5));
        assert_eq!(rate(1, 200_000), Some(0.1)); // 0.05 rounds up
        assert_eq!(rate(5, 0), None);
    }

    fn exact(num: u64, den: u64) -> Exact {
        Exact::new(num, den, 1).unwrap()
    }

    #[test]
    fn medians_are_exact_and_round_once() {
        assert_eq!(median(vec![]), None);
        assert_eq!(
            median(vec![exact(3, 1), exact(1, 1), exact(2, 1)])
                .unwrap()
                .tenths(),
            2.0
        );
        assert_eq!(
            median(vec![exact(4, 1), exact(1, 1), exact(2, 1), exact(3, 1)])
                .unwrap()
                .tenths(),
            2.5
        );
        // The mean of 0.6 and 0.7 is 0.65, which rounds half up to 0.7 (in binary floating
        // point 0.65 is 0.6499…, which rounded down to 0.6).
        assert_eq!(
            median(vec![exact(6, 10), exact(7, 10)]).unwrap().tenths(),
            0.7
        );
        // Thirds: (1/3 + 2/3) / 2 = 1/2.
        assert_eq!(
            median(vec![exact(1, 3), exact(2, 3)]).unwrap().tenths(),
            0.5
        );
    }

    #[test]
    fn ties_share_the_higher_place() {
        let others = [exact(5, 1), exact(7, 1), exact(7, 1), exact(3, 1)];
        assert_eq!(rank(exact(7, 1), &others), (Some(1), Some(5)));
        assert_eq!(rank(exact(5, 1), &others), (Some(3), Some(5)));
        assert_eq!(rank(exact(1, 1), &others), (Some(5), Some(5)));
        assert_eq!(rank(exact(1, 1), &[]), (None, None));
        // Unrounded: 1/3 ranks above 0.333 though both show 0.3.
        assert_eq!(rank(exact(1, 3), &[exact(333, 1000)]), (Some(1), Some(2)));
    }

    #[test]
    fn points_are_exact_differences() {
        // 2/3 − 1/3 = 33.33… points → 33.3.
        let (a, b) = (
            Exact::new(1, 3, 100).unwrap(),
            Exact::new(2, 3, 100).unwrap(),
        );
        assert_eq!(b.minus(a), 33.3);
        assert_eq!(a.minus(b), -33.3);
    }
}
