//! `cscstats monthly`: read every input, count, tabulate each month, publish, annotate,
//! render, write.

use crate::model::convert::to_i32;
use anyhow::Result;

use crate::app::commands::pipeline::{Done, count_inputs, provenance_of, with_ledger, write_all};
use crate::app::config::MonthlyConfig;
use crate::compare::annotate::MonthlySteps;
use crate::compare::monthly::MonthlyQuestion;
use crate::render::Document;

/// How far before the months shown children are kept for control limits' default baseline
/// (the data's first whole months, wherever they are): a century.
const SPC_MONTHS_BEFORE: i32 = 1200;

/// Runs one month-by-month table; nothing is written until the result is committed.
pub(crate) fn monthly(config: &MonthlyConfig) -> Result<Done> {
    let catalogue = &config.input.catalogue;
    let baseline = config.months.year_earlier();
    let periods = Some((&config.months, &baseline));
    // Rolling years reach 11 months back; expected levels the same months of N years before.
    let mut before = config
        .expected
        .map_or(11, |years| (12 * to_i32(years)).max(11));
    let mut spans = crate::compare::monthly::children_spans(&config.months);
    // Control limits' baseline months may lie before those shown: by default the data's
    // first whole months, anywhere before them.
    if let Some(spc) = &config.spc {
        let first = config.months.year_earlier().start();
        // Runs are followed through the whole of the data: children are kept for every
        // month before those shown.
        before = before.max(SPC_MONTHS_BEFORE);
        if let Some(period) = &spc.baseline {
            before = before.max(first.index() - period.start().index());
            spans.extend(period.months().map(crate::model::period::single_month));
        }
    }
    let (counted, outputs) = count_inputs(
        &config.input,
        &config.output,
        catalogue,
        periods,
        before,
        spans,
    )?;
    let question = MonthlyQuestion {
        months: &config.months,
        count: config.input.count,
        by: config.input.columns.by.as_deref(),
        rates: &config.rates,
        strict: config.input.strict,
    };
    let table = crate::compare::monthly::monthly(catalogue, &counted, &question)?;
    let publish = with_ledger(&config.output, table.by.as_deref())?;
    let mut published = publish.monthly(table);
    let steps = MonthlySteps {
        spc: config.spc.as_ref(),
        expected: config.expected,
        similar_within: config.output.similar_within,
        decimals: config.output.render.decimals,
    };
    let periods = format!(
        "months {} to {}, each against the same month a year earlier ({} to {})",
        published.from, published.to, published.previous_from, published.previous_to
    );
    let provenance = provenance_of(&published.data_quality, periods, &config.output)?;
    crate::compare::annotate::monthly(
        &mut published,
        &publish.counts(&counted),
        catalogue,
        &steps,
        provenance,
    );
    write_all(outputs, &config.output, Document::Monthly(&published))
}
