//! The shapes pre-counted figures come in, told apart by their header row alone.

use crate::model::measure::{Catalogue, MeasureId, find_id_column, normalize};
use crate::model::period::Period;
use crate::model::period_label::period_label;

/// Where a counts table keeps its measures, periods and figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A row per measure and period (`measure,period,count`; `Financial Year,Quarter,Measure,
    /// Count`; `Measure,Month,Count`).
    Long {
        measure: usize,
        period: Option<usize>,
        year: Option<usize>,
        count: usize,
        /// Other columns (a team, a source): a breakdown, whose rows for one measure and
        /// period are added up.
        breakdown: Vec<usize>,
    },
    /// A row per period, a column per measure (`Month,Contacts,Referrals`).
    Across {
        period: Option<usize>,
        year: Option<usize>,
        measures: Vec<(usize, MeasureId)>,
        /// Other columns, left out.
        left_out: Vec<usize>,
    },
    /// A row per measure, a column per period (a scorecard: `Measure,Apr-20,May-20,…,YTD`).
    Wide {
        name: usize,
        periods: Vec<(usize, Period)>,
        /// Columns that are not a period, or repeat or add up others (YTD, totals, a
        /// prior-year block): left out.
        left_out: Vec<usize>,
    },
}

const MEASURE: &[&str] = &[
    "measure",
    "measurename",
    "indicator",
    "indicatorname",
    "metric",
    "kpi",
];
const COUNT: &[&str] = &[
    "count", "value", "total", "number", "figure", "events", "actual", "n",
];
const PERIOD: &[&str] = &[
    "period",
    "month",
    "date",
    "quarter",
    "qtr",
    "monthstarting",
    "monthstart",
    "periodstart",
    "periodstarting",
    "reportingperiod",
    "reportingmonth",
    "monthyear",
    "yearmonth",
];
const YEAR: &[&str] = &["financialyear", "fy", "finyear", "year", "reportingyear"];

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.contains(&normalize(h).as_str()))
}

/// The layout of a counts table with this header row, if it is one. A table with a child-ID
/// column holds events, never counts.
pub(crate) fn recognise(headers: &[String], catalogue: &Catalogue) -> Option<Layout> {
    if find_id_column(headers).is_some() {
        return None;
    }
    let period = column(headers, PERIOD);
    let year = column(headers, YEAR);
    if period.is_none() && year.is_none() {
        return wide(headers, catalogue);
    }
    if let (Some(measure), Some(count)) = (column(headers, MEASURE), column(headers, COUNT)) {
        let used = [Some(measure), period, year, Some(count)];
        let breakdown = (0..headers.len())
            .filter(|i| !used.contains(&Some(*i)))
            .filter(|i| headers.get(*i).is_some_and(|h| !h.trim().is_empty()))
            .collect();
        return Some(Layout::Long {
            measure,
            period,
            year,
            count,
            breakdown,
        });
    }
    // An event export's `Date` column is no period column of counts by measure.
    if period.is_some_and(|p| headers.get(p).is_some_and(|h| normalize(h) == "date")) {
        return None;
    }
    let mut measures = Vec::new();
    let mut left_out = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        if Some(i) == period || Some(i) == year {
            continue;
        }
        match catalogue.by_figure_name(header) {
            Some(m) if !measures.iter().any(|(_, seen)| *seen == m) => measures.push((i, m)),
            _ => left_out.push(i),
        }
    }
    (!measures.is_empty()).then_some(Layout::Across {
        period,
        year,
        measures,
        left_out,
    })
}

/// Measures down, periods across: at least two headers name periods. The first column (or
/// the one called Measure) names the measure. Of periods that overlap, the finest are kept
/// (months over a quarter or a year's total); a period given twice is read once.
fn wide(headers: &[String], _catalogue: &Catalogue) -> Option<Layout> {
    let name = column(headers, MEASURE).unwrap_or(0);
    let labelled: Vec<(usize, Option<Period>)> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != name)
        .map(|(i, h)| (i, period_label(h, None)))
        .collect();
    if labelled.iter().filter(|(_, p)| p.is_some()).count() < 2 {
        return None;
    }
    let mut periods: Vec<(usize, Period)> = Vec::new();
    let mut left_out = Vec::new();
    let mut found: Vec<(usize, Period)> = labelled
        .iter()
        .filter_map(|(i, p)| p.map(|p| (*i, p)))
        .collect();
    // Finest first, so that a total over months is the one left out.
    found.sort_by_key(|(i, p)| (p.len_months(), *i));
    for (i, p) in found {
        if periods.iter().any(|(_, kept)| kept.overlaps(&p)) {
            left_out.push(i);
        } else {
            periods.push((i, p));
        }
    }
    periods.sort_by_key(|(i, _)| *i);
    left_out.extend(
        labelled
            .iter()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| *i),
    );
    left_out.sort_unstable();
    Some(Layout::Wide {
        name,
        periods,
        left_out,
    })
}

/// True when the header row has the look of counts (a measure or indicator column and a count
/// or value column) that no accepted layout fits: such a table gets a message naming the
/// shapes, not a guess.
pub(crate) fn looks_counted(headers: &[String]) -> bool {
    column(headers, MEASURE).is_some() && column(headers, COUNT).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(text: &str) -> Vec<String> {
        text.split(',').map(str::to_string).collect()
    }

    #[test]
    fn the_three_layouts() {
        let c = Catalogue::builtin();
        assert!(matches!(
            recognise(&headers("measure,period,count"), &c),
            Some(Layout::Long {
                measure: 0,
                period: Some(1),
                year: None,
                count: 2,
                ..
            })
        ));
        assert!(matches!(
            recognise(&headers("Financial Year,Quarter,Measure,Count"), &c),
            Some(Layout::Long {
                measure: 2,
                period: Some(1),
                year: Some(0),
                count: 3,
                ..
            })
        ));
        let Some(Layout::Across {
            measures, left_out, ..
        }) = recognise(
            &headers("Month,Contacts,Referrals to CSC,Notes,% Re-referrals"),
            &c,
        )
        else {
            panic!("across")
        };
        assert_eq!(measures.len(), 2);
        assert_eq!(left_out, [3, 4]);
        let Some(Layout::Wide {
            name,
            periods,
            left_out,
        }) = recognise(
            &headers("Measure,Apr 2020,May 2020,Jun 2020,2020-21 Q1,YTD,Apr 2020,Total"),
            &c,
        )
        else {
            panic!("wide")
        };
        assert_eq!(name, 0);
        assert_eq!(
            periods.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(left_out, [4, 5, 6, 7]);
        // Events, not counts.
        assert_eq!(recognise(&headers("Child ID,Month,Contacts"), &c), None);
        assert_eq!(recognise(&headers("Child ID,Date of Contact"), &c), None);
        assert_eq!(recognise(&headers("Measure,Count"), &c), None);
        assert!(looks_counted(&headers("Measure,Count")));
    }
}
