//! Builds a [`Monthly`] table from what was counted: for each measure and month, the count
//! and the same month a year earlier, year-to-date and rolling 12-month totals. Children are
//! distinct over each span, never summed.

use crate::compare::document::{MonthRate, MonthRow, Monthly, spans};
use crate::model::convert::change;

use crate::compare::comparison::{data_quality, notes, refuse_partial};
use crate::compare::rates::rate_rows;
use crate::count::Counted;
use crate::count::coverage::Coverage;
use crate::model::error::Result;
use crate::model::measure::Catalogue;
use crate::model::number::change_pct;
use crate::model::period::{Form, Month, Period, financial_year_label};
use crate::model::rate::Rate;
use crate::model::units::Unit;
use crate::model::units::Units;

/// The rate rows for each month of `months`, rate by rate in chain order.
pub(crate) fn rates(
    catalogue: &Catalogue,
    counted: &Counted,
    rates: &[Rate],
    months: &Period,
    notes: &mut Vec<String>,
) -> Vec<MonthRate> {
    if rates.is_empty() {
        return Vec::new();
    }
    // The notes (history too short, …) are about the whole span; per-month calls repeat them.
    rate_rows(
        catalogue,
        counted,
        rates,
        months,
        &months.year_earlier(),
        notes,
    );
    let mut scratch = Vec::new();
    let mut per_month: Vec<Vec<MonthRate>> = Vec::new();
    for month in months.months() {
        let [one, ytd, r12] = spans(month, months);
        let rows = |p: &Period, scratch: &mut Vec<String>| {
            rate_rows(catalogue, counted, rates, p, &p.year_earlier(), scratch)
        };
        let all = rows(&one, &mut scratch)
            .into_iter()
            .zip(rows(&ytd, &mut scratch))
            .zip(rows(&r12, &mut scratch));
        per_month.push(
            all.map(|((one, ytd), rolling_12)| MonthRate {
                month,
                one,
                ytd,
                rolling_12,
            })
            .collect(),
        );
    }
    // Rate by rate, then month by month, like the count rows.
    let n = per_month.first().map_or(0, Vec::len);
    let mut columns: Vec<std::vec::IntoIter<MonthRate>> =
        per_month.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::new();
    for _ in 0..n {
        for column in &mut columns {
            out.extend(column.next());
        }
    }
    out
}

/// The month itself, April (of its financial year) to the month, and the 12 months to it.
/// Every span a monthly table of `months` counts children over: each month, its year to date
/// and its rolling year, and the same a year earlier (for `--db`, which asks the database for
/// each).
pub(crate) fn children_spans(months: &Period) -> Vec<Period> {
    let mut all: Vec<Period> = Vec::new();
    for month in months.months() {
        for span in spans(month, months) {
            for p in [span, span.year_earlier()] {
                if !all
                    .iter()
                    .any(|a| (a.start(), a.end()) == (p.start(), p.end()))
                {
                    all.push(p);
                }
            }
        }
    }
    all
}

/// Builds the month-by-month table for `months`.
pub(crate) fn monthly(
    catalogue: &Catalogue,
    counted: &Counted,
    q: &MonthlyQuestion,
) -> Result<Monthly> {
    let mut table = build(catalogue, counted, q.months, q.count, q.by)?;
    if q.strict {
        let rows = table.rows.iter();
        refuse_partial(rows.map(|r| (&r.measure, &r.coverage)), counted, catalogue)?;
    }
    table.rates = rates(catalogue, counted, q.rates, q.months, &mut table.notes);
    Ok(table)
}

/// The months and what to show.
pub(crate) struct MonthlyQuestion<'a> {
    pub months: &'a Period,
    pub count: Units,
    pub by: Option<&'a str>,
    /// Derived rates, month by month, after the counts.
    pub rates: &'a [Rate],
    /// `--strict`: a figure whose inputs cover its spans in part is an error, not a mark.
    pub strict: bool,
}

fn build(
    catalogue: &Catalogue,
    counted: &Counted,
    months: &Period,
    count: Units,
    by: Option<&str>,
) -> Result<Monthly> {
    let units: Vec<Unit> = count.list();
    let tag = |unit: Unit| (count != Units::Events).then_some(unit);
    let mut rows = Vec::new();
    let mut coverage_notes = Vec::new();
    for measure in catalogue.ids() {
        let m = catalogue.get(measure);
        let figure = |unit: Unit, group: Option<usize>, p: &Period| -> Result<u64> {
            Ok(counted.figure(measure, &m.id, unit, group, p)?.unwrap_or(0))
        };
        let has_input = counted.measures.contains_key(&measure)
            || counted.precounted.iter().any(|p| p.measure == measure);
        if !has_input {
            continue;
        }
        let mut groups: Vec<(Option<usize>, Option<String>)> = vec![(None, None)];
        if let (Some(_), Some(counts)) = (by, counted.measures.get(&measure)) {
            let mut named: Vec<(usize, String)> = counts.groups().into_iter().enumerate().collect();
            named.sort_by(|a, b| crate::compare::document::group_order(&a.1, &b.1));
            groups.extend(named.into_iter().map(|(i, name)| (Some(i), Some(name))));
        }
        let span = crate::count::coverage::span(counted, measure);
        coverage_notes.extend(coverage_note(
            counted,
            measure,
            &m.id,
            months,
            span.as_ref(),
        ));
        for (group, name) in &groups {
            for &unit in &units {
                for month in months.months() {
                    let [one, ytd, r12] = spans(month, months);
                    let now = figure(unit, *group, &one)?;
                    let before = figure(unit, *group, &one.year_earlier())?;
                    let exact = [
                        now,
                        before,
                        figure(unit, *group, &ytd)?,
                        figure(unit, *group, &ytd.year_earlier())?,
                        figure(unit, *group, &r12)?,
                        figure(unit, *group, &r12.year_earlier())?,
                    ];
                    let mut row = MonthRow {
                        measure: m.id.clone(),
                        label: m.label.clone(),
                        short_label: m.short_label.clone(),

                        group: name.clone(),
                        unit: tag(unit),
                        month,
                        count: Some(now),
                        previous_year_count: Some(before),
                        change: Some(change(before, now)),
                        change_pct: change_pct(before, now),
                        ytd: Some(exact[2]),
                        ytd_previous_year: Some(exact[3]),
                        rolling_12: Some(exact[4]),
                        rolling_12_previous_year: Some(exact[5]),
                        suppressed: false,
                        exact,
                        spc: None,
                        expected: None,
                        coverage: span
                            .as_ref()
                            .map(|span| Coverage::within(Some(span), &one, &one.year_earlier())),
                        gaps: [false; 6],
                        partial: [false; 6],
                    };
                    row.withdraw_uncovered(
                        span.as_ref(),
                        [
                            one,
                            one.year_earlier(),
                            ytd,
                            ytd.year_earlier(),
                            r12,
                            r12.year_earlier(),
                        ],
                    );
                    rows.push(row);
                }
            }
        }
    }
    let previous = months.year_earlier();
    let previous_label = if months.form() == Form::FinancialYears && months.len_months() == 12 {
        financial_year_label(previous.start().financial_year())
    } else {
        "Year earlier".to_string()
    };
    let (general, count_notes) = notes(catalogue, counted);
    Ok(Monthly {
        title: format!("{} by month", months.title()),
        from: months.first_date().to_string(),
        to: months.last_date().to_string(),
        by: by.map(|typed| {
            counted
                .feeds
                .iter()
                .find_map(|f| f.by_column.clone())
                .unwrap_or_else(|| typed.to_string())
        }),
        months: months.months().collect(),
        rows,
        data_quality: data_quality(catalogue, counted, months, &previous),
        footer: Vec::new(),
        summary: Vec::new(),
        provenance: None,
        count,
        current_label: if months.form() == Form::FinancialYears && months.len_months() == 12 {
            financial_year_label(months.start().financial_year())
        } else {
            "Months shown".to_string()
        },
        previous_label,

        previous_from: previous.first_date().to_string(),
        previous_to: previous.last_date().to_string(),
        notes: general.into_iter().chain(coverage_notes).collect(),
        count_notes,
        underlying: crate::compare::audit::Underlying::of(catalogue, counted, by.is_some()),
        rates: Vec::new(),
        rounded_to: None,
    })
}

/// What the months shown need of a measure's inputs — each month, its year-to-date and
/// rolling year, and the same a year earlier — against what the inputs span; and months with
/// no event between months with events.
fn coverage_note(
    counted: &Counted,
    measure: crate::model::measure::MeasureId,
    id: &str,
    months: &Period,
    span: Option<&crate::count::coverage::DataSpan>,
) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(span) = span else {
        return notes;
    };
    let needed_from = spans(months.start(), months)[2].year_earlier().start();
    let needed_to = months.end();
    let needed = Period::new(needed_from, needed_to, Form::Months);
    let covered = needed.map(|p| Coverage::within(Some(span), &p, &p));
    if let Some(c) = covered.filter(|c| c.is_partial()) {
        notes.push(format!(
            "{id}: partial coverage: the inputs span {}, but the months shown, their rolling years and the year before need {needed_from} to {needed_to}; {} (figures that include those days count part of their span only)",
            span.text(),
            c.gaps_text()
        ));
    }
    let gaps: Vec<Month> = crate::count::coverage::gaps(counted, measure)
        .into_iter()
        .filter(|&m| m >= needed_from && m <= needed_to)
        .collect();
    if !gaps.is_empty() {
        let list: Vec<String> = gaps.iter().map(Month::to_string).collect();
        notes.push(format!(
            "{id}: no events in {}, between months with events; check the export is complete",
            list.join(", ")
        ));
    }
    notes
}
