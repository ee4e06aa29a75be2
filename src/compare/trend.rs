//! Trends: each published measure's series over a span of reporting years, for the authority,
//! its region, England and the median of its statistical neighbours, with the authority's
//! rank each year (`benchmark --years 2016..2025`). Every figure is worked out as the
//! one-year benchmark works it out, year by year.

use crate::compare::document::AreaKind;
use crate::compare::document::PublishedFigure;
use crate::compare::document::{Trend, TrendPoint, TrendSeries};
use crate::compare::figures::{
    Line, SOURCE, Source, find_authority, rank, region_of, span_text, symbols_line,
};
use crate::input::published::{Area, PublishedData};
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::period::financial_year_label;
use crate::model::units::Unit;

/// The question asked.
pub(crate) struct TrendQuestion<'a> {
    pub authority: &'a str,
    /// Reporting years, by the year they end, first and last.
    pub from: i32,
    pub to: i32,
    /// Reporting year minus the ONS mid-year its rates use (1: DfE's alignment).
    pub lag: i32,
    pub unit: Unit,
}

/// Builds the series for `q`.
pub(crate) fn trend(
    catalogue: &Catalogue,
    published: &PublishedData,
    q: &TrendQuestion,
) -> Result<Trend> {
    let years_published = published.years();
    if q.from > q.to || !years_published.contains(&q.from) || !years_published.contains(&q.to) {
        return Err(Error::usage(format!(
            "--years {}..{}: give a span of reporting years within {}",
            q.from,
            q.to,
            span_text(&years_published)
        )));
    }
    let la = find_authority(published, q.authority, q.to)?;
    let region = region_of(published, la);
    let source = Source {
        published,
        unit: q.unit,
        lag: q.lag,
        own: None,
    };
    let years: Vec<i32> = (q.from..=q.to).collect();
    let mut series = Vec::new();
    for line in source.lines(catalogue) {
        let unit = match line {
            Line::Count { .. } => "rate_per_10000",
            Line::Percent(_) => "percent",
        };
        let one = |area: &Area, kind: AreaKind, name: String| TrendSeries {
            measure: line.id().to_string(),
            label: line.label().to_string(),
            unit,
            area: name,
            area_kind: kind,
            points: years
                .iter()
                .map(|&year| {
                    let point = source.point(line, area, year);
                    let (rank, ranked) = match (kind, point.value) {
                        (AreaKind::Authority, Some(v)) => rank(v, &source.others(line, year, area)),
                        _ => (None, None),
                    };
                    let count = match line {
                        Line::Count { .. } => Some(PublishedFigure(point.figure.clone())),
                        Line::Percent(_) => point
                            .figure
                            .clone()
                            .filter(|f| f.count().is_none())
                            .map(|f| PublishedFigure(Some(f))),
                    };
                    TrendPoint {
                        year,
                        count,
                        value: point.value.map(|v| v.tenths()),
                        rank,
                        ranked,
                        neighbours: None,
                    }
                })
                .collect(),
        };
        series.push(one(la, AreaKind::Authority, la.name.clone()));
        if let Some(region) = region {
            series.push(one(region, AreaKind::Region, region.name.clone()));
        }
        if let Some(england) = published.england() {
            series.push(one(england, AreaKind::England, "England".to_string()));
        }
        if published.neighbours.contains_key(&la.old_code) {
            series.push(TrendSeries {
                measure: line.id().to_string(),
                label: line.label().to_string(),
                unit,
                area: "Statistical neighbours (median)".to_string(),
                area_kind: AreaKind::Neighbours,
                points: years
                    .iter()
                    .map(|&year| {
                        let (median, n) = source.neighbours(line, year, la).unwrap_or((None, 0));
                        TrendPoint {
                            year,
                            count: None,
                            value: median.map(|m| m.tenths()),
                            rank: None,
                            ranked: None,
                            neighbours: Some(n),
                        }
                    })
                    .collect(),
            });
        }
    }
    let year_labels: Vec<String> = years.iter().map(|y| financial_year_label(y - 1)).collect();
    let first = year_labels.first().cloned().unwrap_or_default();
    let last = year_labels.last().cloned().unwrap_or_default();
    Ok(Trend {
        title: format!(
            "{}{}: {first} to {last}, with England, {}{}",
            la.name,
            if q.unit == Unit::Children {
                " (children)"
            } else {
                ""
            },
            region.map_or("its region", |r| r.name.as_str()),
            if published.neighbours.contains_key(&la.old_code) {
                " and statistical neighbours"
            } else {
                ""
            }
        ),
        authority: la.name.clone(),
        authority_code: published.code_in(la, q.to).unwrap_or(&la.code).to_string(),
        region: region.map(|r| r.name.clone()),
        unit: q.unit,
        years,
        year_labels,
        footer: footer(published, la, q, &series),
        series,
        notes: published.notes.clone(),
    })
}

fn footer(
    published: &PublishedData,
    la: &Area,
    q: &TrendQuestion,
    series: &[TrendSeries],
) -> Vec<String> {
    let mut footer = vec![
        format!(
            "Rates per 10,000 children aged 0 to 17: each year uses the ONS mid-year estimate {} year{} before it ends (DfE's alignment is the June before).",
            q.lag,
            if q.lag == 1 { "" } else { "s" }
        ),
        format!(
            "Rank: {}'s place each year among all local authorities with a published figure, by unrounded rate or percentage; 1 = highest; equal values share the higher place.",
            la.name
        ),
        "England and regional counts are published rounded to the nearest 10, so their rates, and percentages DfE did not publish, are approximate.".to_string(),
    ];
    if let Some(note) = published.predecessor_note(la) {
        footer.push(format!(
            "{note}; years before it are for other authorities and are not shown."
        ));
    }
    footer.push(SOURCE.to_string());
    footer.extend(symbols_line(
        series
            .iter()
            .flat_map(|s| &s.points)
            .filter_map(|p| p.count.as_ref().and_then(|c| c.0.as_ref())),
    ));
    footer
}

/// `2016..2025`, `2015-16..2024-25` or `2015/16..2024/25`: reporting years, by the year
/// they end.
pub(crate) fn parse_years(text: &str, year: impl Fn(&str) -> Option<i32>) -> Option<(i32, i32)> {
    let (from, to) = text.split_once("..")?;
    Some((year(from)?, year(to)?))
}
