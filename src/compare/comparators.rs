//! DfE's latest published figures beside an authority's own (`compare --benchmark DIR --la
//! NAME`): for each rate that DfE publishes, the authority's, its region's, England's and its
//! neighbours' median percentage; for each counted measure DfE publishes, their rates per
//! 10,000 children, with the authority's own count of the period as an annualised rate to set
//! against them.

use crate::compare::disclosure::Published;
use crate::compare::document::{Comparators, Comparison};

use crate::compare::figures::{
    Exact, Line, POPULATION_LAG, PUBLISHED_RATES, Source, find_authority, region_of,
};
use crate::input::published::PublishedData;
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::period::{Period, financial_year_label};
use crate::model::units::Unit;

/// What is asked beside the comparison.
pub(crate) struct ComparatorQuestion<'a> {
    pub authority: &'a str,
    /// Children aged 0 to 17 in the authority, for its own rates per 10,000; the latest ONS
    /// estimate in the published data when not given.
    pub population: Option<u64>,
}

/// Adds DfE's latest published figures to the rows of `document` that DfE publishes, and a
/// footer that says where they come from.
pub(crate) fn attach(
    document: &mut Published<Comparison>,
    catalogue: &Catalogue,
    published: &PublishedData,
    current: &Period,
    q: &ComparatorQuestion,
) -> Result<()> {
    let comparison = document.edit();
    let Some(&year) = published.years().last() else {
        return Err(Error::usage(
            "--benchmark: the published data holds no reporting year",
        ));
    };
    let la = find_authority(published, q.authority, year)?;
    let region = region_of(published, la);
    let source = Source {
        published,
        unit: Unit::Events,
        lag: POPULATION_LAG,
        own: None,
    };
    let population_year = published
        .population_years()
        .into_iter()
        .rev()
        .find(|y| published.population(*y, la).is_some());
    let population = q
        .population
        .or_else(|| population_year.and_then(|y| published.population(y, la)));
    let months = u64::try_from(current.len_months()).unwrap_or(12).max(1);
    let figures = |line: Line| Comparators {
        year,
        year_label: financial_year_label(year - 1),
        unit: match line {
            Line::Count { .. } => "rate_per_10000",
            Line::Percent(_) => "percent",
        },
        per_10000: None,
        authority: source.point(line, la, year).value.map(Exact::tenths),
        region: region.and_then(|r| source.point(line, r, year).value.map(Exact::tenths)),
        england: published
            .england()
            .and_then(|e| source.point(line, e, year).value.map(Exact::tenths)),
        neighbours: source
            .neighbours(line, year, la)
            .and_then(|(median, _)| median.map(Exact::tenths)),
    };
    let lines = source.lines(catalogue);
    for row in &mut comparison.rows {
        if row.group.is_some() || row.unit.is_some_and(|u| u != Unit::Events) {
            continue;
        }
        let Some(line) = lines
            .iter()
            .find(|l| matches!(l, Line::Count { id, .. } if *id == row.measure))
        else {
            continue;
        };
        let mut comparators = figures(*line);
        // Annualised: the period's count × 12 ÷ its months, per 10,000 children.
        comparators.per_10000 = row
            .current
            .zip(population)
            .and_then(|(count, pop)| {
                Exact::new(count.saturating_mul(12), pop.saturating_mul(months), 10_000)
            })
            .map(Exact::tenths);
        row.benchmark = Some(comparators);
    }
    for rate in &mut comparison.rates {
        if let Some(p) = PUBLISHED_RATES.iter().find(|p| p.rate.id() == rate.measure) {
            rate.benchmark = Some(figures(Line::Percent(p)));
        }
    }
    let year_label = financial_year_label(year - 1);
    comparison.footer.push(format!(
        "Published figures: DfE, Children in need statistics {year_label} (explore-education-statistics; Open Government Licence v3.0), for {}, {}, England and the median of its statistical neighbours.",
        la.name,
        region.map_or("its region", |r| r.name.as_str()),
    ));
    if comparison.rows.iter().any(|r| r.benchmark.is_some()) {
        comparison.footer.push(match (q.population, population_year) {
            (Some(n), _) => format!(
                "Per 10,000: {}'s count for the period × 12 ÷ {months} months, over {n} children aged 0 to 17 (--population).",
                la.name
            ),
            (None, Some(y)) => format!(
                "Per 10,000: {}'s count for the period × 12 ÷ {months} months, over its ONS mid-{y} estimate of children aged 0 to 17; published rates use the estimate of the June before each year ends.",
                la.name
            ),
            (None, None) => "Per 10,000: no population estimate for the authority; pass --population N.".to_string(),
        });
    }
    Ok(())
}
