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

use crate::compare::document::{AreaInfo, AreaKind, Benchmark, BenchmarkRow};
use crate::model::convert::change;

use crate::compare::document::PublishedFigure;
use crate::compare::figures::{
    BAND_COLUMNS, Exact, Line, PUBLISHED_RATES, Point, SOURCE, Source, find_authority, rank,
    region_of, span_text, symbols_line,
};
use crate::count::Counted;
use crate::input::published::{Area, Figure, PublishedData};
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::number::change_pct;
use crate::model::period::{financial_year, financial_year_label};
use crate::model::rate::Rate;
use crate::model::units::Unit;

pub(crate) use crate::compare::figures::POPULATION_LAG;

/// The question asked.
pub struct BenchmarkQuestion<'a> {
    pub authority: &'a str,
    /// Reporting year, by the year it ends (2021 = 2020/21).
    pub year: i32,
    pub population_year: Option<i32>,
    pub unit: Unit,
}

/// Builds the benchmarking table. `own` (the authority's own exports, counted) replaces its
/// published counts for the measures it holds.
pub fn benchmark(
    catalogue: &Catalogue,
    published: &PublishedData,
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
        let row = |area: &Area, kind: AreaKind| area_row(&source, line, area, kind, q.year);
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
        if let Some(neighbours) = neighbours_row(&source, line, la, q.year) {
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
        summary: Vec::new(),
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

/// One area's row for `line` in `year` against the year before: ranked among the
/// authorities for the authority, marked approximate where a region's or England's figure is
/// worked out rather than published, with conference timeliness bands where they apply.
fn area_row(source: &Source, line: Line, area: &Area, kind: AreaKind, year: i32) -> BenchmarkRow {
    let published = source.published;
    let (previous, current) = (
        source.point(line, area, year - 1),
        source.point(line, area, year),
    );
    let (rank, ranked) = match (kind, current.value) {
        (AreaKind::Authority, Some(value)) => rank(value, &source.others(line, year, area)),
        _ => (None, None),
    };
    let mut row = figures_row(line, area.name.clone(), kind, previous, current);
    row.rank = rank;
    row.ranked = ranked;
    row.approximate = matches!(kind, AreaKind::Region | AreaKind::England)
        && !matches!(line, Line::Percent(p) if p.single_numerator()
            .and_then(|column| published.published_percent(year, area, column))
            .is_some());
    if let Line::Percent(p) = line
        && p.rate == Rate::IcpcWithin15
    {
        let part = |c: &str| PublishedFigure(published.part(year, area, c).cloned());
        row.bands = Some(BAND_COLUMNS.map(part));
        row.median_days = Some(part("Duration_median"));
    }
    row
}

/// The statistical neighbours' median for `line`, where both years have one: the row says
/// how many neighbours each median is of.
fn neighbours_row(source: &Source, line: Line, la: &Area, year: i32) -> Option<BenchmarkRow> {
    let ((before, b), (now, n)) = (
        source.neighbours(line, year - 1, la)?,
        source.neighbours(line, year, la)?,
    );
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
            financial_year_label(year - 2)
        )
    };
    neighbours.change = None;
    neighbours.change_pct = None;
    neighbours.neighbours = Some(n);
    neighbours.previous_neighbours = Some(b);
    Some(neighbours)
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
            row.change = p.zip(c).map(|(p, c)| change(p, c));
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
    published: &'a PublishedData,
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
    footer.push(SOURCE.to_string());
    if !f.own_measures.is_empty() {
        footer.push(format!(
            "{}'s {} from its own exports, not the published figures.",
            f.la.name,
            f.own_measures.join(", ")
        ));
    }
    footer.extend(symbols_line(
        f.rows
            .iter()
            .flat_map(|r| [&r.previous, &r.current])
            .filter_map(|c| c.0.as_ref()),
    ));
    footer
}
