//! Whether the inputs cover a period: an extract that ends in October cannot give a whole
//! year's figure, and a baseline that starts before the data is not a baseline. Coverage is
//! judged by month: a month of the period before a measure's first month with an event, or
//! after its last, is missing (a gap of more than a month at either end of the data).

use serde::Serialize;

use crate::count::Counted;
use crate::model::measure::MeasureId;
use crate::model::period::{Month, Period};

/// How much of a period the inputs span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cover {
    Full,
    Partial,
    None,
}

impl Cover {
    pub fn name(self) -> &'static str {
        match self {
            Cover::Full => "full",
            Cover::Partial => "partial",
            Cover::None => "none",
        }
    }
}

/// A measure's coverage of a period and its baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub baseline: Cover,
    pub current: Cover,
    /// The months of either span outside the inputs' span, in order.
    pub missing: Vec<Month>,
}

impl Coverage {
    pub fn of(counted: &Counted, measure: MeasureId, current: &Period, baseline: &Period) -> Self {
        match span(counted, measure) {
            Some(span) => Coverage::within(span, current, baseline),
            None => Coverage {
                baseline: Cover::None,
                current: Cover::None,
                missing: current.months().chain(baseline.months()).collect(),
            },
        }
    }

    /// Coverage of a period and its baseline by inputs that span `span`.
    pub fn within(span: (Month, Month), current: &Period, baseline: &Period) -> Self {
        let (base, mut missing) = cover(Some(span), baseline);
        let (now, more) = cover(Some(span), current);
        missing.extend(more);
        missing.sort();
        Coverage {
            baseline: base,
            current: now,
            missing,
        }
    }

    /// True when either span is not fully covered.
    pub fn is_partial(&self) -> bool {
        self.baseline != Cover::Full || self.current != Cover::Full
    }

    /// The missing months in words: `2020-11 to 2021-03, 2019-04`.
    pub fn missing_text(&self) -> String {
        let mut runs: Vec<(Month, Month)> = Vec::new();
        for &m in &self.missing {
            match runs.last_mut() {
                Some((_, end)) if end.plus(1) == m => *end = m,
                _ => runs.push((m, m)),
            }
        }
        runs.iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a} to {b}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The span of the inputs of `measure`: the first and last months with an event in any table
/// that feeds it — of any measure the table feeds, so that an S47 list's span covers its ICPCs
/// too — and pre-counted figures by the periods they give.
pub fn span(counted: &Counted, measure: MeasureId) -> Option<(Month, Month)> {
    let tables: Vec<&str> = counted
        .feeds
        .iter()
        .filter(|f| f.measure == measure)
        .map(|f| f.table.as_str())
        .collect();
    let events = counted
        .feeds
        .iter()
        .filter(|f| tables.contains(&f.table.as_str()))
        .filter_map(|f| f.tally.months.span());
    let precounted = counted
        .precounted
        .iter()
        .filter(|p| p.measure == measure)
        .flat_map(|p| {
            p.figures
                .iter()
                .map(|(period, _, _)| (period.start(), period.end()))
        });
    events
        .chain(precounted)
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
}

/// Months with no event of `measure` between its first and last: a gap in an extract, or a
/// month an export missed.
pub fn gaps(counted: &Counted, measure: MeasureId) -> Vec<Month> {
    let Some((first, last)) = span(counted, measure) else {
        return Vec::new();
    };
    if counted.precounted.iter().any(|p| p.measure == measure) {
        return Vec::new();
    }
    let feeds: Vec<_> = counted
        .feeds
        .iter()
        .filter(|f| f.measure == measure)
        .collect();
    let mut out = Vec::new();
    let mut m = first;
    while m <= last {
        if feeds.iter().all(|f| f.tally.months.get(m) == 0) {
            out.push(m);
        }
        m = m.plus(1);
    }
    out
}

fn cover(span: Option<(Month, Month)>, period: &Period) -> (Cover, Vec<Month>) {
    let missing: Vec<Month> = period
        .months()
        .filter(|&m| span.is_none_or(|(first, last)| m < first || m > last))
        .collect();
    let cover = if missing.is_empty() {
        Cover::Full
    } else if missing.len() as i32 >= period.len_months() {
        Cover::None
    } else {
        Cover::Partial
    };
    (cover, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap()
    }

    #[test]
    fn a_period_beyond_the_data_is_partial_or_none() {
        let fy: Period = "2020-21".parse().unwrap();
        let data = Some((month(2019, 4), month(2020, 10)));
        let (cover_now, missing) = cover(data, &fy);
        assert_eq!(cover_now, Cover::Partial);
        assert_eq!(missing.len(), 5);
        assert_eq!(cover(data, &fy.year_earlier()).0, Cover::Full);
        assert_eq!(cover(data, &fy.shift_years(-3)).0, Cover::None);
        assert_eq!(cover(None, &fy).0, Cover::None);
        let c = Coverage {
            baseline: Cover::Full,
            current: Cover::Partial,
            missing,
        };
        assert_eq!(c.missing_text(), "2020-11 to 2021-03");
    }
}
