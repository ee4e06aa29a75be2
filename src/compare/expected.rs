//! Expected levels (`monthly --expected N`, `compare --expected N`): what a month would have
//! been like the same month of the N years before it — their mean — with the range a Poisson
//! count of that mean falls in 95 times in 100, and the excess of the actual count over it,
//! summed over the period ("283 more contacts than expected").

use crate::compare::disclosure::{Published, ShownCounts};
use crate::compare::document::{Comparison, Expected, Monthly};
use crate::model::convert::to_i32;

use crate::compare::significance::poisson_range;
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::period::{Form, Period};
use crate::model::units::Unit;

/// The mean of `span`'s events of `measure` in each of up to `years` earlier years that the
/// inputs cover, as they may be published, and how many years that was; `None` when there
/// are none, or when the mean would give a withheld count away (`shown` is the baseline
/// published beside it).
fn mean_before(
    counts: &ShownCounts,
    measure: MeasureId,
    span: &Period,
    years: u32,
    shown: Option<u64>,
) -> Option<(f64, u32)> {
    let (first, last) = counts.months(measure)?;
    let mut spans = Vec::new();
    for k in 1..=years {
        let shift = -12 * to_i32(k);
        let (from, to) = (span.start().plus(shift), span.end().plus(shift));
        if from < first || to > last {
            continue; // the inputs do not cover that year
        }
        spans.push(Period::new(from, to, Form::Months)?);
    }
    let used = u32::try_from(spans.len()).ok().filter(|&n| n > 0)?;
    let published = counts.events_each(measure, &spans, shown)?;
    Some((published.iter().sum::<u64>() as f64 / f64::from(used), used))
}

fn expected(count: u64, mean: f64, used: u32) -> Expected {
    let (low, high) = poisson_range(mean, 0.95).unwrap_or((0, 0));
    let one = |x: f64| (x * 10.0).round() / 10.0;
    Expected {
        expected: one(mean),
        expected_low: low,
        expected_high: high,
        excess: one(count as f64 - mean),
        expected_signal: if count > high {
            Some("above")
        } else if count < low {
            Some("below")
        } else {
            None
        },
        expected_years: used,
    }
}

/// The measure of a row that is its total of events (not a `--by` group, not children):
/// the rows expected levels are worked out for.
fn event_totals(
    catalogue: &Catalogue,
    measure: &str,
    group: &Option<String>,
    unit: Option<Unit>,
) -> Option<MeasureId> {
    if group.is_some() || unit.is_some_and(|u| u != Unit::Events) {
        return None;
    }
    catalogue.by_id(measure)
}

/// The note when the inputs hold fewer earlier years than asked for.
fn fewer_years(measure: &str, used: u32, years: u32) -> Option<String> {
    (used < years).then(|| {
        format!(
            "{measure}: expected levels are the mean of {used} earlier year{} where the inputs cover them, not {years}",
            if used == 1 { "" } else { "s" }
        )
    })
}

/// A sentence on the excess over a span: "283 more contacts than expected".
fn sentence(label: &str, excess: f64) -> String {
    let n = excess.round().abs();
    match excess.round() {
        e if e > 0.0 => format!("{label}: {n} more than expected."),
        e if e < 0.0 => format!("{label}: {n} fewer than expected."),
        _ => format!("{label}: as many as expected."),
    }
}

/// Adds expected levels to each month's event count (totals, not `--by` groups) from the
/// same months of the `years` before; notes where fewer years are in the inputs.
pub(crate) fn monthly(
    published: &mut Published<Monthly>,
    catalogue: &Catalogue,
    counts: &ShownCounts,
    years: u32,
) -> Vec<String> {
    let monthly = published.edit();
    let mut notes = Vec::new();
    let mut excess: Vec<(String, f64)> = Vec::new();
    for row in monthly.rows.iter_mut() {
        let Some(measure) = event_totals(catalogue, &row.measure, &row.group, row.unit) else {
            continue;
        };
        let (Some(count), Some(month)) =
            (row.count, Period::new(row.month, row.month, Form::Months))
        else {
            continue;
        };
        let Some((mean, used)) =
            mean_before(counts, measure, &month, years, row.previous_year_count)
        else {
            continue;
        };
        if let Some(note) = fewer_years(&row.measure, used, years)
            && !notes.contains(&note)
        {
            notes.push(note);
        }
        let e = expected(count, mean, used);
        match excess.iter_mut().find(|(m, _)| *m == row.label) {
            Some((_, sum)) => *sum += count as f64 - mean,
            None => excess.push((row.label.clone(), count as f64 - mean)),
        }
        row.expected = Some(e);
    }
    if !excess.is_empty() {
        monthly.footer.push(format!(
            "Expected: each month's mean in the same month of up to {years} earlier years, with the range a Poisson count of that mean falls in 95 times in 100; ▲ ▼ mark months above or below it."
        ));
        monthly
            .footer
            .extend(excess.iter().map(|(label, e)| sentence(label, *e)));
    }
    notes
}

/// Adds the expected level of each measure's events over the current period.
pub(crate) fn compare(
    published: &mut Published<Comparison>,
    catalogue: &Catalogue,
    counts: &ShownCounts,
    current: &Period,
    years: u32,
) -> Vec<String> {
    let comparison = published.edit();
    let mut notes = Vec::new();
    let mut lines = Vec::new();
    for row in comparison.rows.iter_mut() {
        let Some(measure) = event_totals(catalogue, &row.measure, &row.group, row.unit) else {
            continue;
        };
        // Nothing beside a withheld figure: its expected level or excess would tell it.
        if row.suppressed {
            continue;
        }
        let (Some(count), Some((mean, used))) = (
            row.current,
            mean_before(counts, measure, current, years, row.baseline),
        ) else {
            continue;
        };
        notes.extend(fewer_years(&row.measure, used, years));
        let e = expected(count, mean, used);
        lines.push(sentence(&row.label, e.excess));
        row.expected = Some(e);
    }
    if !lines.is_empty() {
        comparison.footer.push(format!(
            "Expected: the mean of the same months in up to {years} earlier years, with the range a Poisson count of that mean falls in 95 times in 100."
        ));
        comparison.footer.extend(lines);
    }
    notes
}
