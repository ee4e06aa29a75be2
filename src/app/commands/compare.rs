//! `cscstats compare`: read every input, count, compare the periods, publish, annotate,
//! render, write.

use crate::model::convert::to_i32;
use anyhow::Result;

use crate::app::commands::pipeline::{Done, count_inputs, provenance_of, with_ledger, write_all};
use crate::app::config::CompareConfig;
use crate::compare::annotate::CompareSteps;
use crate::compare::comparators::ComparatorQuestion;
use crate::render::Document;

/// Runs one comparison; nothing is written until the result is committed.
pub(crate) fn compare(config: &CompareConfig) -> Result<Done> {
    let catalogue = &config.input.catalogue;
    let periods = Some((&config.current, &config.baseline));
    // Expected levels read the same months of up to N years before.
    let before = config.expected.map_or(0, |years| 12 * to_i32(years));
    let spans = vec![config.current, config.baseline];
    let (counted, outputs) = count_inputs(
        &config.input,
        &config.output,
        catalogue,
        periods,
        before,
        spans,
    )?;
    let question = crate::compare::comparison::Question {
        current: &config.current,
        baseline: &config.baseline,
        count: config.input.count,
        by: config.input.columns.by.as_deref(),
        rates: &config.rates,
        strict: config.input.strict,
    };
    let comparison = crate::compare::comparison::compare(catalogue, &counted, &question)?;
    let publish = with_ledger(&config.output, comparison.by.as_deref())?;
    let mut published = publish.compare(comparison);
    let data = match &config.benchmark {
        Some(benchmark) => Some(crate::input::published::read(&benchmark.data, catalogue)?),
        None => None,
    };
    let steps = CompareSteps {
        current: &config.current,
        baseline: &config.baseline,
        confidence: config.confidence,
        // Intervals are explained in the outputs that show them.
        intervals: config.output.render.intervals
            || config.output.targets.iter().any(|t| t.format.for_papers()),
        expected: config.expected,
        comparators: data
            .as_ref()
            .zip(config.benchmark.as_ref())
            .map(|(data, b)| {
                let question = ComparatorQuestion {
                    authority: &b.authority,
                    population: b.population,
                };
                (data, question)
            }),
        similar_within: config.output.similar_within,
        decimals: config.output.render.decimals,
        hide_groups: config.hide_groups,
    };
    let periods = format!(
        "{} is {} to {}; {} is {} to {}",
        published.current.label,
        published.current.from,
        published.current.to,
        published.baseline.label,
        published.baseline.from,
        published.baseline.to
    );
    let provenance = provenance_of(&published.data_quality, periods, &config.output)?;
    crate::compare::annotate::comparison(
        &mut published,
        &publish.counts(&counted),
        catalogue,
        &steps,
        provenance,
    )?;
    write_all(outputs, &config.output, Document::Compare(&published))
}
