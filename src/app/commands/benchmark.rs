//! `cscstats benchmark`: read DfE's published tables (and the authority's own exports, if
//! given), compare the authority with England, its region and its neighbours — one year, or a
//! trend over several.

use anyhow::Result;

use crate::app::commands::pipeline::{Done, count_inputs, open_outputs, write_all};
use crate::app::config::{BenchmarkConfig, BenchmarkSpan};
use crate::model::measure::Catalogue;
use crate::render::Document;

/// Runs one benchmark or trend table; nothing is written until the result is committed.
pub(crate) fn benchmark(config: &BenchmarkConfig, catalogue: &Catalogue) -> Result<Done> {
    // The authority's own exports may add measures of its own.
    let catalogue = config.own.as_ref().map_or(catalogue, |own| &own.catalogue);
    let published = crate::input::published::read(&config.data, catalogue)?;
    let data_files: Vec<&std::path::Path> = config.data.iter().map(|p| p.as_path()).collect();
    let (own, outputs) = match &config.own {
        Some(input) => {
            let (counted, outputs) =
                count_inputs(input, &config.output, catalogue, None, 0, Vec::new())?;
            (Some(counted), outputs)
        }
        None => (None, open_outputs(&config.output, &data_files)?),
    };
    let year = match config.span {
        BenchmarkSpan::Year(year) => year,
        BenchmarkSpan::Years(from, to) => {
            let question = crate::compare::trend::TrendQuestion {
                authority: &config.authority,
                from,
                to,
                lag: crate::compare::benchmark::POPULATION_LAG,
                unit: config.unit,
            };
            let trend = crate::compare::trend::trend(catalogue, &published, &question)?;
            let trend = config.output.publish.trend(trend);
            return write_all(outputs, &config.output, Document::Trend(&trend));
        }
    };
    let question = crate::compare::benchmark::BenchmarkQuestion {
        authority: &config.authority,
        year,
        population_year: config.population_year,
        unit: config.unit,
    };
    let table =
        crate::compare::benchmark::benchmark(catalogue, &published, own.as_ref(), &question)?;
    let mut table = config.output.publish.benchmark(table);
    crate::compare::annotate::benchmark(&mut table, catalogue, config.output.similar_within);
    write_all(outputs, &config.output, Document::Benchmark(&table))
}
