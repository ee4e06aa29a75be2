//! Builds a [`Comparison`] from what was counted: each measure's count in the baseline and
//! current periods (and its `--by` groups), the coverage of each span, the data-quality record
//! of every input and the notes.

use crate::compare::document::{
    Comparison, FileQuality, NO_DATA_MARK, PARTIAL_MARK, PeriodInfo, Row,
};

use crate::count::coverage::Coverage;

use crate::count::{CountNote, Counted};
use crate::model::error::{Error, Location, Result};
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::number::thousands;
use crate::model::period::{Period, column_labels};
use crate::model::units::{Unit, Units};

/// The periods and what to show.
pub(crate) struct Question<'a> {
    pub current: &'a Period,
    pub baseline: &'a Period,
    pub count: Units,
    pub by: Option<&'a str>,
    /// Derived rates to add after the counts.
    pub rates: &'a [crate::model::rate::Rate],
    /// `--strict`: a figure whose inputs cover its spans in part is an error, not a mark.
    pub strict: bool,
}

/// Builds the table from what was counted. Measures with no input are left out; rows follow
/// the catalogue's order, each measure's total first, then its `--by` groups by value. Over
/// spans of different lengths, each percent change is the daily rate's.
pub(crate) fn compare(
    catalogue: &Catalogue,
    counted: &Counted,
    q: &Question,
) -> Result<Comparison> {
    let mut comparison = build(catalogue, counted, q)?;
    comparison.per_day(q.current, q.baseline);
    if q.strict {
        let rows = comparison.rows.iter();
        refuse_partial(rows.map(|r| (&r.measure, &r.coverage)), counted, catalogue)?;
    }
    Ok(comparison)
}

/// Under `--strict`, a figure whose inputs do not cover its period is an error, not a mark:
/// the first of `rows` (measure, coverage) that is partial.
pub(crate) fn refuse_partial<'a>(
    rows: impl Iterator<Item = (&'a String, &'a Option<Coverage>)>,
    counted: &Counted,
    catalogue: &Catalogue,
) -> Result<()> {
    for (measure, coverage) in rows {
        let Some(coverage) = coverage.as_ref().filter(|c| c.is_partial()) else {
            continue;
        };
        let file = catalogue
            .by_id(measure)
            .and_then(|m| counted.feeds.iter().find(|f| f.measure == m))
            .map_or_else(|| measure.clone(), |f| f.table.clone());
        return Err(Error::input(
            Location::file(file),
            format!(
                "the inputs for {measure} do not cover the whole period and baseline ({}); choose a period they cover, or drop --strict to show the figure marked as partial",
                coverage.gaps_text()
            ),
        ));
    }
    Ok(())
}

fn build(catalogue: &Catalogue, counted: &Counted, q: &Question) -> Result<Comparison> {
    let (current_label, baseline_label) = column_labels(q.current, q.baseline);
    let mut rows = Vec::new();
    let mut rate_notes = Vec::new();
    let kinds: Vec<Unit> = q.count.list();
    let tag = |kind: Unit| (q.count != Units::Events).then_some(kind);
    let mut partial = Vec::new();
    for measure in catalogue.ids() {
        let m = catalogue.get(measure);
        let first_row = rows.len();
        if let Some(counts) = counted.measures.get(&measure) {
            let figures = |kind: Unit, group: Option<usize>, p: &Period| match kind {
                Unit::Events => counts.events(group, p),
                Unit::Children => counts.children(group, p).unwrap_or(0),
            };
            for &kind in &kinds {
                rows.push(Row::new(
                    &m.id,
                    &m.label,
                    None,
                    tag(kind),
                    figures(kind, None, q.baseline),
                    figures(kind, None, q.current),
                ));
            }
            if q.by.is_some() {
                let mut groups: Vec<(usize, String)> =
                    counts.groups().into_iter().enumerate().collect();
                groups.sort_by(|a, b| crate::compare::document::group_order(&a.1, &b.1));
                for (g, name) in groups {
                    for &kind in &kinds {
                        rows.push(Row::new(
                            &m.id,
                            &m.label,
                            Some(name.clone()),
                            tag(kind),
                            figures(kind, Some(g), q.baseline),
                            figures(kind, Some(g), q.current),
                        ));
                    }
                }
            }
        } else if let Some(pre) = counted.precounted.iter().find(|p| p.measure == measure) {
            let events = |p: &Period, label: &str| pre.events(p, label, &m.id);
            rows.push(Row::new(
                &m.id,
                &m.label,
                None,
                tag(Unit::Events),
                events(q.baseline, &baseline_label)?,
                events(q.current, &current_label)?,
            ));
        }
        if rows.len() > first_row {
            let coverage = Coverage::of(counted, measure, q.current, q.baseline);
            if coverage.is_partial() {
                partial.push(coverage_note(&m.id, counted, measure, &coverage, q));
            }
            for row in rows.iter_mut().skip(first_row) {
                row.coverage = Some(coverage.clone());
                row.withdraw_uncovered();
            }
        }
    }
    let (general, count_notes) = notes(catalogue, counted);
    Ok(Comparison {
        per_day: None,
        rounded_to: None,
        drivers: Vec::new(),
        title: q.current.title(),
        current: period_info(q.current, current_label),
        baseline: period_info(q.baseline, baseline_label),
        // The column as the exports spell it, not as typed.
        by: q.by.map(|typed| {
            counted
                .feeds
                .iter()
                .find_map(|f| f.by_column.clone())
                .unwrap_or_else(|| typed.to_string())
        }),

        rows,
        data_quality: data_quality(catalogue, counted, q.current, q.baseline),
        footer: Vec::new(),
        confidence: None,
        summary: Vec::new(),
        provenance: None,
        count: q.count,
        rates: crate::compare::rates::rate_rows(
            catalogue,
            counted,
            q.rates,
            q.current,
            q.baseline,
            &mut rate_notes,
        ),
        notes: general
            .into_iter()
            .chain(partial)
            .chain(rate_notes)
            .collect(),
        count_notes,
        underlying: crate::compare::audit::Underlying::of(catalogue, counted, q.by.is_some()),
    })
}

/// `contacts: partial coverage — the inputs span 2018-04 to 2020-10; no data for 2020-11 to
/// 2021-03 (2020/21 is partial, 2019/20 full)`.
fn coverage_note(
    id: &str,
    counted: &Counted,
    measure: crate::model::measure::MeasureId,
    coverage: &Coverage,
    q: &Question,
) -> String {
    let span = match crate::count::coverage::span(counted, measure) {
        Some(span) => format!("the inputs span {}", span.text()),
        None => "the inputs hold no dated events".to_string(),
    };
    // A span with no data at all is [x] in the table, not marked partial.
    let what = if coverage.has_partial_span() {
        format!("{PARTIAL_MARK} partial coverage")
    } else {
        format!("{NO_DATA_MARK} no data")
    };
    format!(
        "{id}: {what}: {span}; {} ({} {}, {} {})",
        coverage.gaps_text(),
        q.current.span_label(),
        coverage.current.name(),
        q.baseline.span_label(),
        coverage.baseline.name()
    )
}

fn period_info(p: &Period, label: String) -> PeriodInfo {
    PeriodInfo {
        label,
        from: p.first_date().to_string(),
        to: p.last_date().to_string(),
    }
}

/// One record per input (and measure), in table order: what each contributed to `current`
/// and `baseline`.
pub(crate) fn data_quality(
    catalogue: &Catalogue,
    counted: &Counted,
    current: &Period,
    baseline: &Period,
) -> Vec<FileQuality> {
    let mut out: Vec<(MeasureId, FileQuality)> = counted
        .feeds
        .iter()
        .map(|f| {
            let t = &f.tally;
            let (in_current, in_baseline) = (t.months.sum(current), t.months.sum(baseline));
            let quality = FileQuality {
                file: f.file.clone(),
                sheet: f.sheet.clone(),
                measure: catalogue.get(f.measure).id.clone(),
                rows_read: Some(t.rows_read),
                rows_current: Some(in_current),
                rows_baseline: Some(in_baseline),
                // The two spans overlap when a monthly table covers more than 12 months:
                // count each month once.
                rows_outside: Some(
                    t.months.total()
                        - current
                            .months()
                            .chain(baseline.months().filter(|m| !current.contains(*m)))
                            .map(|m| t.months.get(m))
                            .sum::<u64>(),
                ),
                rows_rejected: Some(t.rejected.total),
                rejected_lines: t.rejected.first_lines.clone(),
                rows_no_event: Some(t.no_event),
                duplicates: Some(t.duplicates),
                rows_missing_id: Some(t.missing_id),
                date_column: f.date_column.clone(),
                taken_as: f.shape.describe(),
                rejected_by_reason: t.rejected.by_reason,
            };
            (f.measure, quality)
        })
        .collect();
    out.extend(counted.precounted.iter().map(|p| {
        let within = |period: &Period| {
            p.figures
                .iter()
                .filter(|(f, _, _)| period.overlaps(f))
                .count() as u64
        };
        let (in_current, in_baseline) = (within(current), within(baseline));
        let quality = FileQuality {
            file: p.file.clone(),
            sheet: None,
            measure: catalogue.get(p.measure).id.clone(),
            rows_read: Some(p.figures.len() as u64),
            rows_current: Some(in_current),
            rows_baseline: Some(in_baseline),
            rows_outside: Some(
                p.figures
                    .iter()
                    .filter(|(f, _, _)| !current.overlaps(f) && !baseline.overlaps(f))
                    .count() as u64,
            ),

            rows_rejected: Some(0),
            rejected_lines: Vec::new(),
            rows_no_event: Some(0),
            duplicates: Some(0),
            rows_missing_id: Some(0),
            date_column: "period".to_string(),
            taken_as: Some("pre-counted figures".to_string()),
            rejected_by_reason: [0; crate::model::date::REASONS],
        };
        (p.measure, quality)
    }));
    // In table order (then input order), so the note reads like the table.
    out.sort_by_key(|(measure, _)| *measure);
    out.into_iter().map(|(_, q)| q).collect()
}

/// Measure-level remarks: duplicates dropped, and the Annex A gap for strategy discussions;
/// with those that state counts, and their wording without them.
pub(crate) fn notes(catalogue: &Catalogue, counted: &Counted) -> (Vec<String>, Vec<CountNote>) {
    let mut notes = counted.notes.clone();
    let mut count_notes = counted.count_notes.clone();
    let mut count_note = |notes: &mut Vec<String>, measure: &str, full: String, bare: String| {
        notes.push(full.clone());
        count_notes.push(CountNote {
            measures: vec![measure.to_string()],
            full,
            bare,
        });
    };
    for (measure, counts) in &counted.measures {
        let dropped: u64 = counted
            .feeds
            .iter()
            .filter(|f| f.measure == *measure)
            .map(|f| f.tally.duplicates)
            .sum();
        let feeds = || counted.feeds.iter().filter(|f| f.measure == *measure);
        if counts.key_by_event {
            let mut names: Vec<&str> = feeds().filter_map(|f| f.identity.as_deref()).collect();
            names.sort_unstable();
            names.dedup();
            // Repeats are looked for in the months the table shows (and the year before):
            // the rows are counted there too.
            let rows: u64 = match counts.window {
                Some((from, to)) => feeds()
                    .map(|f| {
                        (from..=to)
                            .map(|i| {
                                f.tally
                                    .months
                                    .get(crate::model::period::Month::from_index(i))
                            })
                            .sum::<u64>()
                    })
                    .sum(),
                None => feeds().map(|f| f.tally.months.total()).sum(),
            };
            let id = &catalogue.get(*measure).id;
            let keys = names
                .iter()
                .map(|n| crate::input::detect::capped(n))
                .collect::<Vec<_>>()
                .join(" / ");
            count_note(
                &mut notes,
                id,
                format!(
                    "{id} keyed by {keys}: {} dated row{} → {}{}",
                    thousands(rows),
                    if rows == 1 { "" } else { "s" },
                    events_of(rows.saturating_sub(dropped), id),
                    if counts.window.is_some() {
                        " in the months compared"
                    } else {
                        ""
                    },
                ),
                format!("{id} keyed by {keys}: each ID and date counted once"),
            );
        } else if counts.dedupes() && dropped > 0 {
            let id = &catalogue.get(*measure).id;
            let key = if counts.key_by_source {
                ", date and source"
            } else {
                " and date"
            };
            count_note(
                &mut notes,
                id,
                format!(
                    "{id}: {dropped} duplicate event{} dropped (same child{key}), counted once",
                    if dropped == 1 { "" } else { "s" },
                ),
                format!("{id}: duplicate events dropped (same child{key}), counted once"),
            );
        }
    }
    let mut warned = Vec::new();
    for feed in &counted.feeds {
        if let Some(line) = feed
            .tally
            .unclosed_quote
            .filter(|_| !warned.contains(&&feed.table))
        {
            warned.push(&feed.table);
            notes.push(format!(
                "{}: the file has an odd number of quote marks, so a quoted field opened at or before line {line} \
                 may never be closed and may have swallowed the rows after it; check that row",
                feed.table
            ));
        }
    }
    let mut reported = Vec::new();
    for feed in counted.feeds.iter().filter(|f| !f.unrecognised.is_empty()) {
        if !reported.contains(&&feed.table) {
            reported.push(&feed.table);
            notes.push(format!(
                "{}: columns not in the Ofsted Annex A template (not used): {}",
                feed.table,
                feed.unrecognised.join(", ")
            ));
        }
    }
    // A whole Annex A return (three or more of its measures) never has strategy discussions:
    // say why the row is missing rather than leave the reader to wonder.
    let mut from_annex_a: Vec<MeasureId> = counted
        .feeds
        .iter()
        .filter(|f| f.shape.is_annex_a())
        .map(|f| f.measure)
        .collect();
    from_annex_a.dedup();
    let missing = crate::input::annex_a::NOT_LISTED;
    if let Some(sd) = catalogue.by_id(missing)
        && from_annex_a.len() >= 3
        && !counted.measures.contains_key(&sd)
    {
        notes.push(format!(
            "{missing}: Annex A has no strategy-discussion list, so the measure is not shown; \
             add a case-management export ({missing}=FILE)"
        ));
    }
    (notes, count_notes)
}

/// `466 referrals`, or `1 event`.
pub(crate) fn events_of(n: u64, id: &str) -> String {
    if n == 1 {
        "1 event".to_string()
    } else {
        format!("{} {id}", thousands(n))
    }
}
