//! DfE's published figures as exact values, for benchmarks, trends and `compare --benchmark`:
//! which lines there are (counted measures and published percentages), each area's figure for
//! a line and year, and the ranks and medians worked out from them without rounding until the
//! end. (`input::published` reads the files; this works with what they hold.)

use std::cmp::Ordering;

use crate::count::Counted;
use crate::input::published::{Area, Figure, Level, MEASURE_COLUMNS, PublishedData};
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::number::div_round_half_away;
use crate::model::period::financial_year;
use crate::model::rate::Rate;
use crate::model::units::Unit;

/// How many years before the end of the reporting year the population estimate is: the year
/// ending 31 March 2021 takes mid-2020.
pub(crate) const POPULATION_LAG: i32 = 1;

/// A percentage DfE's files let us work out: its numerator columns (added up) over its
/// denominator column, with the same id as `compare --rates`.
#[derive(Debug)]
pub(crate) struct PublishedRate {
    pub rate: Rate,
    pub numerator: &'static [&'static str],
    pub denominator: &'static str,
    /// DfE's table the columns are in.
    pub table: &'static str,
}

impl PublishedRate {
    /// The numerator's column, when it is one column (DfE then publishes the percentage).
    pub(crate) fn single_numerator(&self) -> Option<&'static str> {
        match self.numerator {
            [column] => Some(column),
            _ => None,
        }
    }
}

/// The published percentages, in chain order.
pub(crate) const PUBLISHED_RATES: [PublishedRate; 3] = [
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
pub(crate) const BAND_COLUMNS: [&str; 4] = [
    "Duration_0-10_days",
    "Duration_11-15_days",
    "Duration_16-20_days",
    "Duration_21+_days",
];

/// An exact non-negative ratio, `num / den`, already scaled (× 10,000 for a rate, × 100 for
/// a percentage): compared and averaged without rounding, rounded once for display.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exact {
    num: u128,
    den: u128,
}

impl Exact {
    /// `count × scale ÷ base`; `None` for a zero base.
    pub(crate) fn new(count: u64, base: u64, scale: u64) -> Option<Exact> {
        (base > 0).then(|| Exact {
            num: u128::from(count) * u128::from(scale),
            den: u128::from(base),
        })
    }

    /// One decimal place, halves up.
    pub(crate) fn tenths(self) -> f64 {
        let num = i128::try_from(self.num.saturating_mul(10)).unwrap_or(i128::MAX);
        let den = i128::try_from(self.den).unwrap_or(i128::MAX);
        div_round_half_away(num, den) as f64 / 10.0
    }

    /// `self − earlier`, to one decimal place (percentage points).
    pub(crate) fn minus(self, earlier: Exact) -> f64 {
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
pub(crate) fn median(mut values: Vec<Exact>) -> Option<Exact> {
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
pub(crate) fn rank(own: Exact, others: &[Exact]) -> (Option<usize>, Option<usize>) {
    if others.is_empty() {
        return (None, None);
    }
    let higher = others.iter().filter(|o| **o > own).count();
    (Some(higher + 1), Some(others.len() + 1))
}

/// Rate per 10,000, one decimal, half up, computed exactly from integers (as [`Exact`] gives
/// every published rate).
#[cfg(test)]
fn rate(count: u64, population: u64) -> Option<f64> {
    Exact::new(count, population, 10_000).map(Exact::tenths)
}

/// One line of a benchmark: a counted measure or a published percentage.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Line<'a> {
    Count { id: &'a str, label: &'a str },
    Percent(&'a PublishedRate),
}

impl Line<'_> {
    pub(crate) fn id(&self) -> &str {
        match self {
            Line::Count { id, .. } => id,
            Line::Percent(p) => p.rate.id(),
        }
    }

    pub(crate) fn label(&self) -> &str {
        match self {
            Line::Count { label, .. } => label,
            Line::Percent(p) => p.rate.label(),
        }
    }
}

/// One area's figure for one line and year: what was published (a count, or a symbol) and
/// the exact rate or percentage it gives.
#[derive(Debug, Clone, Default)]
pub(crate) struct Point {
    pub figure: Option<Figure>,
    pub value: Option<Exact>,
}

/// What every figure of a benchmark is read from.
pub(crate) struct Source<'a> {
    pub published: &'a PublishedData,
    pub unit: Unit,
    /// Reporting year minus population year.
    pub lag: i32,
    /// The authority and its own counted exports, which replace its published counts.
    pub own: Option<(&'a str, &'a Counted, &'a Catalogue)>,
}

impl Source<'_> {
    /// The lines the published data (or the own exports) hold, in order: counts, then
    /// percentages.
    pub(crate) fn lines<'c>(&self, catalogue: &'c Catalogue) -> Vec<Line<'c>> {
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
    pub(crate) fn publishes(&self, line: Line) -> bool {
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
    pub(crate) fn point(&self, line: Line, area: &Area, year: i32) -> Point {
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
    pub(crate) fn own_count(&self, id: &str, area: &Area, year: i32) -> Option<Figure> {
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
    pub(crate) fn others(&self, line: Line, year: i32, except: &Area) -> Vec<Exact> {
        self.published
            .authorities()
            .into_iter()
            .filter(|a| a.key != except.key)
            .filter_map(|a| self.point(line, a, year).value)
            .collect()
    }

    /// The neighbours' exact values for a line and year (median of them, and how many).
    pub(crate) fn neighbours(
        &self,
        line: Line,
        year: i32,
        la: &Area,
    ) -> Option<(Option<Exact>, usize)> {
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
pub(crate) fn find_authority<'p>(
    published: &'p PublishedData,
    wanted: &str,
    year: i32,
) -> Result<&'p Area> {
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
pub(crate) fn region_of<'a>(published: &'a PublishedData, la: &Area) -> Option<&'a Area> {
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

/// The footer's line explaining the symbols `used` (in DfE's order), if any.
pub(crate) fn symbols_line<'a>(used: impl IntoIterator<Item = &'a Figure>) -> Option<String> {
    let used: Vec<&str> = used
        .into_iter()
        .filter_map(|f| match f {
            Figure::Missing(s) => Some(s.as_str()),
            Figure::Count(_) => None,
        })
        .collect();
    let symbols: Vec<String> = crate::input::published::SYMBOLS
        .iter()
        .filter(|(s, _)| used.contains(s))
        .map(|(s, meaning)| format!("{s} = {meaning}"))
        .collect();
    (!symbols.is_empty()).then(|| format!("Symbols: {}.", symbols.join("; ")))
}

/// The source of every published figure, for footers.
pub(crate) const SOURCE: &str = "Source: DfE, Children in need statistics (explore-education-statistics); Open Government Licence v3.0.";

pub(crate) fn span_text(years: &[i32]) -> String {
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
