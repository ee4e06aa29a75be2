//! Statistical process control for monthly counts (`monthly --spc`): the XmR chart of NHS
//! England's "Making Data Count", with its rules for special-cause variation.
//!
//! The centre line is the mean of the baseline months; the moving ranges are the differences
//! between consecutive baseline months, those of 3.267 times their mean or more screened out
//! (NHSRplotthedots' default); the limits are the centre ± 2.66 × the mean moving range (the
//! lower limit no lower than 0). A declared change point (`--spc-phase`) starts a
//! new phase whose limits come from its own first months. The first phase's baseline is
//! `--spc-baseline`, or by default the first 12 months of the data with a count — not of
//! the window shown — and the rules run over the whole of the data, so that a month's
//! signal does not depend on the months printed. A month is a signal when:
//! - it lies beyond a limit (strictly above the upper or below the lower);
//! - it is one of a run of 7 or more consecutive months on the same side of the centre line;
//! - it is one of 7 or more consecutive months each higher (or lower) than the one before;
//! - it is one of two of three consecutive months between two-thirds of the way to a limit
//!   and the limit, in three months all on the same side of the centre line.
//!
//! The rules are Making Data Count's as NHSRplotthedots applies them: the limits they use are
//! not floored at 0 (only the lower limit drawn is), and runs, trends and windows of three
//! start afresh in each phase.

use crate::compare::disclosure::{Published, ShownCounts};
use crate::compare::document::{Monthly, Spc};

use crate::count::coverage;
use crate::model::measure::Catalogue;
use crate::model::period::{Month, Period, single_month};
use crate::model::units::Unit;

/// How many months a baseline should have: with fewer, the limits are computed but a note
/// warns they are unsteady (Making Data Count's advice).
pub(crate) const MIN_BASELINE: usize = 12;
/// How many months a baseline needs for limits at all: one moving range.
pub(crate) const MIN_POINTS: usize = 2;
/// The scaling constant of an XmR chart's limits: 3 ÷ d₂, d₂ = 1.128 for ranges of two.
pub(crate) const XMR_CONSTANT: f64 = 2.66;
/// The upper limit of a moving-range chart, as a multiple of the mean moving range (D₄ for
/// ranges of two): moving ranges this large or larger are screened out of the limits.
pub(crate) const MR_SCREEN: f64 = 3.267;
/// The length of a run or a trend that is a signal.
pub(crate) const RUN: usize = 7;

/// The rules, as they are named in JSON and notes.
pub(crate) const BEYOND: &str = "beyond a limit";
pub(crate) const SHIFT: &str = "run of 7 on one side";
pub(crate) const TREND: &str = "7 rising or falling";
pub(crate) const TWO_OF_THREE: &str = "2 of 3 near a limit";

/// What to compute limits from.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpcSettings {
    /// The baseline months (default: the first 12 months of the data with a count).
    pub baseline: Option<Period>,
    /// Months where a new phase starts, with limits of its own.
    pub phases: Vec<Month>,
}

/// A centre line and limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Limits {
    pub centre: f64,
    /// The lower limit as drawn: no lower than 0, as a count cannot be.
    pub lower: f64,
    pub upper: f64,
    /// The lower limit the rules use: centre − 2.66 × the mean moving range, below 0 or not.
    pub rule_lower: f64,
}

/// The limits from baseline values: `None` with fewer than [`MIN_POINTS`] values.
pub(crate) fn limits(baseline: &[f64]) -> Option<Limits> {
    if baseline.len() < MIN_POINTS {
        return None;
    }
    let n = baseline.len() as f64;
    let centre = baseline.iter().sum::<f64>() / n;
    let ranges: Vec<f64> = baseline
        .iter()
        .zip(baseline.iter().skip(1))
        .map(|(a, b)| (b - a).abs())
        .collect();
    let mean_range = ranges.iter().sum::<f64>() / ranges.len() as f64;
    // Screened as NHSRplotthedots screens them by default: moving ranges of 3.267 times
    // the mean or more (an outlier's jump) are left out of the mean.
    let kept: Vec<f64> = ranges
        .iter()
        .copied()
        .filter(|r| *r < MR_SCREEN * mean_range)
        .collect();
    let mean_range = if kept.is_empty() {
        mean_range
    } else {
        kept.iter().sum::<f64>() / kept.len() as f64
    };
    let rule_lower = centre - XMR_CONSTANT * mean_range;
    Some(Limits {
        centre,
        lower: rule_lower.max(0.0),
        upper: centre + XMR_CONSTANT * mean_range,
        rule_lower,
    })
}

/// The rules each value breaks, given each value's limits; `None` values (withheld) break
/// every run.
pub(crate) fn rules(values: &[Option<f64>], limits: &[Limits]) -> Vec<Vec<(&'static str, bool)>> {
    let n = values.len();
    let mut broken: Vec<Vec<(&'static str, bool)>> = vec![Vec::new(); n];
    let mut mark = |i: usize, rule: &'static str, high: bool| {
        if let Some(list) = broken.get_mut(i)
            && !list.iter().any(|(r, _)| *r == rule)
        {
            list.push((rule, high));
        }
    };
    let at = |i: usize| values.get(i).copied().flatten().zip(limits.get(i).copied());
    // A point beyond a limit.
    for i in 0..n {
        if let Some((v, l)) = at(i) {
            if v > l.upper {
                mark(i, BEYOND, true);
            } else if v < l.rule_lower {
                mark(i, BEYOND, false);
            }
        }
    }
    // Runs on one side of the centre line.
    let side = |i: usize| {
        at(i).and_then(|(v, l)| match v.partial_cmp(&l.centre) {
            Some(std::cmp::Ordering::Greater) => Some(true),
            Some(std::cmp::Ordering::Less) => Some(false),
            _ => None,
        })
    };
    let mut start = 0;
    while start < n {
        let Some(high) = side(start) else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < n && side(end) == Some(high) {
            end += 1;
        }
        if end - start >= RUN {
            (start..end).for_each(|i| mark(i, SHIFT, high));
        }
        start = end;
    }
    // Trends: each point higher (or lower) than the one before.
    let step = |i: usize| match (
        values.get(i - 1).copied().flatten(),
        values.get(i).copied().flatten(),
    ) {
        (Some(a), Some(b)) if b > a => Some(true),
        (Some(a), Some(b)) if b < a => Some(false),
        _ => None,
    };
    let mut start = 0;
    while start + 1 < n {
        let Some(up) = step(start + 1) else {
            start += 1;
            continue;
        };
        let mut end = start + 1; // the last point of the run
        while end + 1 < n && step(end + 1) == Some(up) {
            end += 1;
        }
        if end - start + 1 >= RUN {
            (start..=end).for_each(|i| mark(i, TREND, up));
        }
        start = end;
    }
    // Two of three between the near line (two-thirds of the way to a limit) and the limit,
    // in three months all on the same side of the centre line: the months near the limit
    // are the signal.
    let near = |i: usize| {
        at(i).and_then(|(v, l)| {
            let inside = v <= l.upper && v >= l.rule_lower;
            if inside && v > l.centre + (l.upper - l.centre) * 2.0 / 3.0 {
                Some(true)
            } else if inside && v < l.centre - (l.centre - l.rule_lower) * 2.0 / 3.0 {
                Some(false)
            } else {
                None
            }
        })
    };
    for i in 0..n.saturating_sub(2) {
        for high in [true, false] {
            let same_side = (i..i + 3).all(|j| side(j) == Some(high));
            let hits: Vec<usize> = (i..i + 3).filter(|&j| near(j) == Some(high)).collect();
            if same_side && hits.len() >= 2 {
                hits.into_iter().for_each(|j| mark(j, TWO_OF_THREE, high));
            }
        }
    }
    broken
}

/// One measure's monthly series (its totals in one unit) over the whole of its data and the
/// months shown, so that a month's signal and limits never depend on the window printed:
/// each month's count as it may be published, `None` where it is withheld or the month is
/// not wholly covered by the inputs; and the first phase's baseline months.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub measure: String,
    pub unit: Option<Unit>,
    /// Consecutive months, from the earlier of the data's first whole month and the first
    /// shown to the later of the data's last whole month and the last shown.
    pub months: Vec<Month>,
    pub values: Vec<Option<f64>>,
    /// The first phase's baseline: `--spc-baseline`'s months, else empty (the phase's first
    /// whole months).
    pub baseline: Vec<Month>,
}

/// The series of every measure in `monthly` (totals, each unit). A month shown takes its
/// count from the table as published; any other month its count from the inputs as it may
/// be published (`None` when it would be withheld), so that no withheld count enters a limit
/// or a run.
pub(crate) fn series(
    catalogue: &Catalogue,
    counts: &ShownCounts,
    monthly: &Published<Monthly>,
    settings: &SpcSettings,
) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    let (Some(&first_shown), Some(&last_shown)) = (monthly.months.first(), monthly.months.last())
    else {
        return out;
    };
    for row in monthly.rows.iter().filter(|r| r.group.is_none()) {
        if out
            .iter()
            .any(|b| b.measure == row.measure && b.unit == row.unit)
        {
            continue;
        }
        let Some(measure) = catalogue.by_id(&row.measure) else {
            continue;
        };
        let span = counts.data_span(measure);
        let whole = |m: Month| {
            coverage::span_cover(span.as_ref(), &single_month(m)) == coverage::Cover::Full
        };
        let (mut first, mut last) = (first_shown, last_shown);
        if let Some(span) = &span {
            first = first.min(span.first_month());
            last = last.max(span.last_month());
        }
        if let Some(period) = &settings.baseline {
            first = first.min(period.start());
            last = last.max(period.end());
        }
        let months: Vec<Month> = (first.index()..=last.index())
            .map(Month::from_index)
            .collect();
        let unit = row.unit.unwrap_or(Unit::Events);
        let values = months
            .iter()
            .map(|&m| {
                if monthly.months.contains(&m) {
                    return monthly
                        .rows
                        .iter()
                        .find(|r| {
                            r.measure == row.measure
                                && r.unit == row.unit
                                && r.group.is_none()
                                && r.month == m
                        })
                        .and_then(|r| r.count)
                        .map(|c| c as f64);
                }
                if !whole(m) {
                    return None;
                }
                counts
                    .figure(measure, &row.measure, unit, &single_month(m))
                    .map(|c| c as f64)
            })
            .collect();
        out.push(Series {
            measure: row.measure.clone(),
            unit: row.unit,
            months,
            values,
            baseline: settings
                .baseline
                .map(|p| p.months().collect())
                .unwrap_or_default(),
        });
    }
    out
}

/// The first and last of `months`, as `2019-04..2020-03` (one month alone as `2019-04`).
fn span_text(months: &[Month]) -> String {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// The limits of one phase from its baseline months, or a note on why there are none; and a
/// note when there are fewer than [`MIN_BASELINE`] months.
fn phase_limits(
    measure: &str,
    months: &[Month],
    values: &[Option<f64>],
    notes: &mut Vec<String>,
) -> Option<Limits> {
    let span = span_text(months);
    let Some(base) = values.iter().copied().collect::<Option<Vec<f64>>>() else {
        notes.push(format!(
            "{measure}: no control limits from the baseline {span}: a count in it is withheld, or a month of it is not wholly covered by the inputs; give --spc-baseline months with every count shown"
        ));
        return None;
    };
    let Some(limits) = limits(&base) else {
        notes.push(format!(
            "{measure}: no control limits: the baseline {} needs at least {MIN_POINTS} months with a count, and has {}",
            if span.is_empty() { "(no whole month of data)".to_string() } else { span.clone() },
            base.len()
        ));
        return None;
    };
    if base.len() < MIN_BASELINE {
        notes.push(format!(
            "warning: {measure}: the control limits come from {} baseline months ({span}); Making Data Count advises at least {MIN_BASELINE}, so read them as provisional",
            base.len()
        ));
    }
    Some(limits)
}

/// Adds each month's place on its XmR chart to the totals of every measure (events or
/// children, not `--by` groups), from its whole `series`: phases start at each
/// `--spc-phase` month of the series, shown or not; the first phase's baseline is
/// `--spc-baseline` or its first 12 months with a count, a later phase's its own first 12;
/// runs and trends are followed through the months before those shown. Returns notes on what
/// could not be charted or rests on a short baseline.
pub(crate) fn annotate(
    published: &mut Published<Monthly>,
    settings: &SpcSettings,
    series: &[Series],
) -> Vec<String> {
    let monthly = published.edit();
    let mut notes = Vec::new();
    let mut spans_used: Vec<(String, Vec<Month>)> = Vec::new();
    let mut phase_notes: Vec<String> = Vec::new();
    for one in series {
        let (measure, unit) = (&one.measure, one.unit);
        let n = one.values.len();
        let mut starts: Vec<usize> = vec![0];
        for phase in &settings.phases {
            match one.months.iter().position(|m| m == phase) {
                Some(i) if i > 0 => starts.push(i),
                Some(_) => {}
                None => {
                    let note = format!(
                        "--spc-phase {phase}: not among the months of the data or shown; no new phase there"
                    );
                    if !phase_notes.contains(&note) {
                        phase_notes.push(note);
                    }
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut per_month: Vec<Option<(Limits, String)>> = vec![None; n];
        for (p, &start) in starts.iter().enumerate() {
            let end = starts.get(p + 1).copied().unwrap_or(n);
            // The phase's own first months with a count, or the months given.
            let (base_months, base_values): (Vec<Month>, Vec<Option<f64>>) =
                if p == 0 && !one.baseline.is_empty() {
                    one.baseline
                        .iter()
                        .map(|m| {
                            let v = one
                                .months
                                .iter()
                                .position(|x| x == m)
                                .and_then(|i| one.values.get(i).copied().flatten());
                            (*m, v)
                        })
                        .unzip()
                } else {
                    (start..end)
                        .filter_map(|i| {
                            let v = one.values.get(i).copied().flatten()?;
                            Some((*one.months.get(i)?, Some(v)))
                        })
                        .take(MIN_BASELINE)
                        .unzip()
                };
            let Some(l) = phase_limits(measure, &base_months, &base_values, &mut notes) else {
                continue;
            };
            let span = span_text(&base_months);
            if p == 0 {
                spans_used.push((measure.clone(), base_months.clone()));
            }
            per_month
                .iter_mut()
                .take(end)
                .skip(start)
                .for_each(|m| *m = Some((l, span.clone())));
        }
        let limited: Vec<Limits> = per_month
            .iter()
            .map(|l| {
                l.as_ref().map_or(
                    Limits {
                        centre: f64::NAN,
                        lower: f64::NAN,
                        upper: f64::NAN,
                        rule_lower: f64::NAN,
                    },
                    |(l, _)| *l,
                )
            })
            .collect();
        // Runs, trends and windows of three start afresh in each phase.
        let mut broken = Vec::with_capacity(n);
        for (p, &start) in starts.iter().enumerate() {
            let end = starts.get(p + 1).copied().unwrap_or(n);
            broken.extend(rules(
                one.values.get(start..end).unwrap_or_default(),
                limited.get(start..end).unwrap_or_default(),
            ));
        }
        for ((month, limits), rules) in one.months.iter().zip(per_month).zip(broken) {
            let Some((l, baseline)) = limits else {
                continue;
            };
            let Some(row) = monthly.rows.iter_mut().find(|r| {
                &r.measure == measure && r.unit == unit && r.group.is_none() && r.month == *month
            }) else {
                continue;
            };
            let round = |x: f64| (x * 10.0).round() / 10.0;
            row.spc = Some(Spc {
                centre: round(l.centre),
                lower: round(l.lower),
                upper: round(l.upper),
                signal: rules
                    .first()
                    .map(|(_, high)| if *high { "high" } else { "low" }),
                rules: rules.into_iter().map(|(r, _)| r).collect(),
                baseline,
            });
        }
    }
    notes.extend(phase_notes);
    monthly.footer.push(format!(
        "Control limits (XmR, NHS England's Making Data Count): centre line the mean of the baseline months, limits ± {XMR_CONSTANT} × the mean moving range (moving ranges of {MR_SCREEN} times the mean or more left out); ▲ ▼ mark months of special-cause variation (beyond a limit, a run of {RUN} on one side, {RUN} rising or falling, 2 of 3 near a limit), followed through the months of the data before those shown."
    ));
    let mut distinct: Vec<&Vec<Month>> = spans_used.iter().map(|(_, s)| s).collect();
    distinct.sort();
    distinct.dedup();
    let whole = |months: &[Month]| {
        if settings.baseline.is_some() {
            String::new()
        } else if months.len() == MIN_BASELINE {
            " (the first 12 months of the data with a count)".to_string()
        } else {
            format!(
                " (the first {} months of the data with a count)",
                months.len()
            )
        }
    };
    match distinct.as_slice() {
        [] => {}
        [one] => monthly.footer.push(format!(
            "Baseline months: {}{}.",
            span_words(one),
            whole(one)
        )),
        _ => monthly.footer.push(format!(
            "Baseline months: {}.",
            spans_used
                .iter()
                .map(|(m, s)| format!("{m} {}", span_words(s)))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
    notes
}

/// The first and last of `months` in words: `April 2019 to March 2020`.
fn span_words(months: &[Month]) -> String {
    let name = |m: &Month| format!("{} {}", m.name(), m.year());
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a != b => format!("{} to {}", name(a), name(b)),
        (Some(a), _) => name(a),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(centre: f64, half: f64, n: usize) -> Vec<Limits> {
        vec![
            Limits {
                centre,
                lower: centre - half,
                upper: centre + half,
                rule_lower: centre - half,
            };
            n
        ]
    }

    fn names(broken: &[Vec<(&'static str, bool)>]) -> Vec<Vec<&'static str>> {
        broken
            .iter()
            .map(|r| r.iter().map(|(n, _)| *n).collect())
            .collect()
    }

    #[test]
    fn limits_from_the_mean_moving_range() {
        // Mean 15; moving ranges all 10 → limits 15 ± 26.6, the lower floored at 0.
        let base: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 10.0 } else { 20.0 })
            .collect();
        let l = limits(&base).unwrap();
        assert_eq!(l.centre, 15.0);
        assert!((l.upper - 41.6).abs() < 1e-9, "{}", l.upper);
        assert_eq!(l.lower, 0.0);
        assert_eq!(limits(&base[..1]), None);
        assert_eq!(limits(&base[..2]).map(|l| l.centre), Some(15.0));
    }

    #[test]
    fn a_point_beyond_a_limit_but_not_one_touching_it() {
        // Apart, so that no two of three are near a limit together.
        let values = [
            110.0, 100.0, 100.0, 110.1, 100.0, 100.0, 89.9, 100.0, 100.0, 90.0,
        ]
        .map(Some);
        let broken = rules(&values, &flat(100.0, 10.0, 10));
        let flagged: Vec<(usize, Vec<&str>)> = names(&broken)
            .into_iter()
            .enumerate()
            .filter(|(_, r)| !r.is_empty())
            .collect();
        assert_eq!(flagged, [(3, vec![BEYOND]), (6, vec![BEYOND])]);
        assert!(broken[3][0].1);
        assert!(!broken[6][0].1);
    }

    #[test]
    fn a_run_of_seven_but_not_six() {
        let six: Vec<Option<f64>> = [99.0, 101.0, 101.0, 101.0, 101.0, 101.0, 101.0, 99.0]
            .map(Some)
            .to_vec();
        assert!(
            rules(&six, &flat(100.0, 10.0, 8))
                .iter()
                .all(|r| r.is_empty())
        );
        let seven: Vec<Option<f64>> = [101.0; 7].map(Some).to_vec();
        assert!(
            rules(&seven, &flat(100.0, 10.0, 7))
                .iter()
                .all(|r| r == &[(SHIFT, true)])
        );
        // A point on the centre line, or a withheld month, breaks the run.
        let mut broken_run = seven.clone();
        broken_run[3] = Some(100.0);
        assert!(
            rules(&broken_run, &flat(100.0, 10.0, 7))
                .iter()
                .all(|r| r.is_empty())
        );
        broken_run[3] = None;
        assert!(
            rules(&broken_run, &flat(100.0, 10.0, 7))
                .iter()
                .all(|r| r.is_empty())
        );
    }

    #[test]
    fn seven_rising_but_not_six() {
        // Within ±2/3 of the limits, alternating sides, so no other rule applies.
        let six = [95.0, 96.0, 97.0, 98.0, 99.0, 101.0].map(Some);
        assert!(
            rules(&six, &flat(100.0, 30.0, 6))
                .iter()
                .all(|r| r.is_empty())
        );
        let seven = [95.0, 96.0, 97.0, 98.0, 99.0, 101.0, 102.0].map(Some);
        let broken = rules(&seven, &flat(100.0, 30.0, 7));
        assert!(broken.iter().all(|r| r == &[(TREND, true)]), "{broken:?}");
        let falling = [102.0, 101.0, 99.0, 98.0, 97.0, 96.0, 95.0].map(Some);
        let broken = rules(&falling, &flat(100.0, 30.0, 7));
        assert!(broken.iter().all(|r| r == &[(TREND, false)]), "{broken:?}");
    }

    #[test]
    fn two_of_three_near_a_limit_on_the_same_side() {
        // Two-thirds of the way to 130 is 120; the middle month is above the centre line too.
        let values = [121.0, 101.0, 125.0, 100.0, 79.0].map(Some);
        let broken = rules(&values, &flat(100.0, 30.0, 5));
        assert_eq!(
            names(&broken),
            [
                vec![TWO_OF_THREE],
                vec![],
                vec![TWO_OF_THREE],
                vec![],
                vec![]
            ]
        );
        // Opposite sides do not count, nor a window with a month on the other side of the
        // centre line, nor a month beyond the limit; exactly two-thirds is not beyond.
        let values = [121.0, 99.0, 125.0].map(Some);
        assert!(
            rules(&values, &flat(100.0, 30.0, 3))
                .iter()
                .all(|r| r.is_empty())
        );
        let values = [121.0, 101.0, 131.0].map(Some);
        assert_eq!(
            names(&rules(&values, &flat(100.0, 30.0, 3))),
            [vec![], vec![], vec![BEYOND]]
        );
        let values = [121.0, 79.0, 120.0].map(Some);
        assert!(
            rules(&values, &flat(100.0, 30.0, 3))
                .iter()
                .all(|r| r.is_empty())
        );
    }

    #[test]
    fn signals_agree_with_an_independent_reference() {
        // testdata/spc/reference.csv: 60 series, worked out by scripts/spc-reference.py from
        // Making Data Count's rules as NHSRplotthedots defines them.
        let table = include_str!("../../testdata/spc/reference.csv");
        let mut rows: Vec<(usize, usize, f64, String)> = Vec::new();
        for line in table.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            rows.push((
                cells[0].parse().unwrap(),
                cells[2].parse().unwrap(),
                cells[3].parse().unwrap(),
                cells[4].to_string(),
            ));
        }
        let mut checked = 0;
        let mut series: Vec<usize> = rows.iter().map(|r| r.0).collect();
        series.dedup();
        for id in series {
            let of: Vec<&(usize, usize, f64, String)> = rows.iter().filter(|r| r.0 == id).collect();
            let mut phases: Vec<usize> = of.iter().map(|r| r.1).collect();
            phases.dedup();
            for start in phases {
                let phase: Vec<&&(usize, usize, f64, String)> =
                    of.iter().filter(|r| r.1 == start).collect();
                let values: Vec<Option<f64>> = phase.iter().map(|r| Some(r.2)).collect();
                let base: Vec<f64> = values
                    .iter()
                    .take(MIN_BASELINE)
                    .flatten()
                    .copied()
                    .collect();
                let l = limits(&base).unwrap();
                let broken = rules(&values, &vec![l; values.len()]);
                for (k, (row, got)) in phase.iter().zip(broken).enumerate() {
                    let mut got: Vec<&str> = got.iter().map(|(r, _)| *r).collect();
                    got.sort_unstable();
                    let want: Vec<&str> = row.3.split(';').filter(|r| !r.is_empty()).collect();
                    assert_eq!(got, want, "series {id}, phase from {start}, point {k}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 1324);
    }
}
