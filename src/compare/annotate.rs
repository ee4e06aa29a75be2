//! The steps after disclosure, in their order: what is added to a published document from its
//! figures as published — intervals, expected levels, DfE's comparators, the marks'
//! footnotes, what drove each change, the sentences and the provenance record. Each step
//! takes a [`Published`] document, and what it reads of the inputs beyond the table (earlier
//! years, months not shown) only through [`ShownCounts`], so none can read a count that is
//! withheld.

use crate::compare::comparators::ComparatorQuestion;
use crate::compare::disclosure::{Published, ShownCounts};
use crate::compare::document::Benchmark;
use crate::compare::document::{Comparison, Monthly};
use crate::compare::spc::SpcSettings;
use crate::input::published::PublishedData;
use crate::model::error::Result;
use crate::model::measure::Catalogue;
use crate::model::period::Period;
use crate::model::provenance::Provenance;

/// What to add to a comparison.
pub(crate) struct CompareSteps<'a> {
    pub current: &'a Period,
    pub baseline: &'a Period,
    /// The confidence level of the changes' intervals.
    pub confidence: f64,
    /// Whether the outputs show the intervals (the footer then says how they were made).
    pub intervals: bool,
    /// Expected levels from the same months of this many earlier years (`--expected`).
    pub expected: Option<u32>,
    /// DfE's published data and the authority to set beside (`--benchmark`, `--la`).
    pub comparators: Option<(&'a PublishedData, ComparatorQuestion<'a>)>,
    /// How close two figures are to read as similar in the sentences.
    pub similar_within: f64,
    pub decimals: u32,
    /// `--drivers` without `--by`: the groups name the drivers but are not shown.
    pub hide_groups: bool,
}

/// Adds everything a comparison shows beside its figures, then its provenance record.
pub(crate) fn comparison(
    document: &mut Published<Comparison>,
    counts: &ShownCounts,
    catalogue: &Catalogue,
    steps: &CompareSteps,
    provenance: Provenance,
) -> Result<()> {
    crate::compare::significance::annotate(
        document,
        steps.current,
        steps.baseline,
        steps.confidence,
        steps.intervals,
    );
    if let Some(years) = steps.expected {
        let notes =
            crate::compare::expected::compare(document, catalogue, counts, steps.current, years);
        document.edit().notes.extend(notes);
    }
    if let Some((data, question)) = &steps.comparators {
        crate::compare::comparators::attach(document, catalogue, data, steps.current, question)?;
    }
    document.edit().explain_partial();
    let drivers = crate::compare::drivers::of(document, steps.similar_within);
    document.edit().drivers = drivers;
    let summary =
        crate::compare::summary::compare(document, catalogue, steps.similar_within, steps.decimals);
    let comparison = document.edit();
    comparison.summary = summary;
    if steps.hide_groups {
        comparison.rows.retain(|r| r.group.is_none());
        comparison.by = None;
    }
    comparison.provenance = Some(provenance);
    Ok(())
}

/// What to add to a month-by-month table.
pub(crate) struct MonthlySteps<'a> {
    /// Control limits and signals (`--spc`).
    pub spc: Option<&'a SpcSettings>,
    /// Expected levels from the same months of this many earlier years (`--expected`).
    pub expected: Option<u32>,
    pub similar_within: f64,
    pub decimals: u32,
}

/// Adds everything a month-by-month table shows beside its figures, then its provenance.
pub(crate) fn monthly(
    document: &mut Published<Monthly>,
    counts: &ShownCounts,
    catalogue: &Catalogue,
    steps: &MonthlySteps,
    provenance: Provenance,
) {
    document.edit().explain_marks();
    // From the counts as published, so that no withheld count enters a limit or a mean.
    if let Some(settings) = steps.spc {
        let series = crate::compare::spc::series(catalogue, counts, document, settings);
        let notes = crate::compare::spc::annotate(document, settings, &series);
        document.edit().notes.extend(notes);
    }
    if let Some(years) = steps.expected {
        let notes = crate::compare::expected::monthly(document, catalogue, counts, years);
        document.edit().notes.extend(notes);
    }
    let summary =
        crate::compare::summary::monthly(document, catalogue, steps.similar_within, steps.decimals);
    let table = document.edit();
    table.summary = summary;
    table.provenance = Some(provenance);
}

/// Adds a benchmark table's sentences: a withheld figure is never named.
pub(crate) fn benchmark(
    document: &mut Published<Benchmark>,
    catalogue: &Catalogue,
    similar_within: f64,
) {
    let summary = crate::compare::summary::benchmark(document, catalogue, similar_within);
    document.edit().summary = summary;
}
