//! cscstats: children's social care performance statistics.
//!
//! Data flows one way: **read** ([`input`]) → **count** ([`count`]) → **compare**
//! ([`compare`]) → **render** ([`render`]). [`run`] is the whole program; `main` only parses
//! arguments, calls it and turns errors into exit codes.

pub mod benchmark;
pub mod cli;
pub mod compare;
pub mod config;
pub mod count;
pub mod date;
pub mod error;
pub mod input;
pub mod measure;
pub mod monthly;
pub mod output;
pub mod period;
pub mod render;
pub mod report;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::{
    BenchmarkConfig, CompareConfig, InputConfig, MonthlyConfig, OutputConfig, OutputTarget,
};
use crate::count::Counted;
use crate::error::{Error, Location};
use crate::measure::Catalogue;
use crate::output::Output;
use crate::render::{Document, Format};

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let catalogue = Catalogue::builtin();
    match cli.command {
        Command::Compare(args) => {
            compare(&CompareConfig::from_args(&args, &catalogue)?, &catalogue)
        }
        Command::Monthly(args) => {
            monthly(&MonthlyConfig::from_args(&args, &catalogue)?, &catalogue)
        }
        Command::Benchmark(args) => {
            benchmark(&BenchmarkConfig::from_args(&args, &catalogue)?, &catalogue)
        }
        Command::Run(args) => report::run(&args, &catalogue),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "cscstats", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            Output::Stdout.write(&page)
        }
    }
}

/// `cscstats compare`: read every input, count, compare the periods, render, write.
pub fn compare(config: &CompareConfig, catalogue: &Catalogue) -> Result<()> {
    let (counted, outputs) = count_inputs(&config.input, &config.output.targets, catalogue)?;
    let question = compare::Question {
        current: &config.current,
        baseline: &config.baseline,
        count: config.input.count,
        by: config.input.columns.by.as_deref(),
    };
    let comparison = compare::compare(catalogue, &counted, &question)?;
    write_all(outputs, &config.output, Document::Compare(&comparison))
}

/// `cscstats monthly`: read every input, count, tabulate each month, render, write.
pub fn monthly(config: &MonthlyConfig, catalogue: &Catalogue) -> Result<()> {
    let (counted, outputs) = count_inputs(&config.input, &config.output.targets, catalogue)?;
    let by = config.input.columns.by.as_deref();
    let table = monthly::monthly(catalogue, &counted, &config.months, config.input.count, by)?;
    write_all(outputs, &config.output, Document::Monthly(&table))
}

/// `cscstats benchmark`: read DfE's published tables (and the authority's own exports, if
/// given), compare the authority with England, its region and its neighbours.
pub fn benchmark(config: &BenchmarkConfig, catalogue: &Catalogue) -> Result<()> {
    let published = input::published::read(&config.data, catalogue)?;
    let data_files: Vec<&std::path::Path> = config.data.iter().map(|p| p.as_path()).collect();
    let (own, outputs) = match &config.own {
        Some(input) => {
            let (counted, outputs) = count_inputs(input, &config.output.targets, catalogue)?;
            (Some(counted), outputs)
        }
        None => {
            let outputs = config
                .output
                .targets
                .iter()
                .map(|t| Output::prepare(t.path.as_deref(), &data_files).map(|o| (o, t.format)))
                .collect::<error::Result<Vec<_>>>()?;
            (None, outputs)
        }
    };
    let question = benchmark::BenchmarkQuestion {
        authority: &config.authority,
        year: config.year,
        population_year: config.population_year,
        unit: config.unit,
    };
    let table = benchmark::benchmark(catalogue, &published, own.as_ref(), &question)?;
    write_all(outputs, &config.output, Document::Benchmark(&table))
}

/// Loads the inputs, opens every output (so a bad path fails before the heavy work), then
/// counts.
fn count_inputs(
    input: &InputConfig,
    targets: &[OutputTarget],
    catalogue: &Catalogue,
) -> Result<(Counted, Vec<(Output, Format)>)> {
    let loaded = input::load(&input.inputs, &input.columns, catalogue)?;
    let outputs = targets
        .iter()
        .map(|t| Output::prepare(t.path.as_deref(), &loaded.files()).map(|o| (o, t.format)))
        .collect::<error::Result<Vec<_>>>()?;
    if let Some(pre) = loaded.precounted.first()
        && (input.count.children() || input.columns.by.is_some())
    {
        return Err(Error::usage(format!(
            "{} holds pre-counted events, which cannot be counted as children or broken down with --by; \
             give event exports instead",
            pre.file
        ))
        .into());
    }
    let counted = count::count_all(loaded, input.dedupe, input.count.children(), catalogue)?;
    if input.strict
        && let Some(bad) = counted.feeds.iter().find(|f| f.tally.rejected.total > 0)
    {
        let rejected = &bad.tally.rejected;
        let lines: Vec<String> = rejected.first_lines.iter().map(u64::to_string).collect();
        return Err(Error::input(
            Location::file(bad.file.clone())
                .sheet(bad.sheet.clone())
                .column(bad.date_column.clone()),
            format!(
                "{} row(s) have no usable date (first at lines {}); correct them, or drop --strict to leave them out and report them",
                rejected.total,
                lines.join(", ")
            ),
        )
        .into());
    }
    Ok((counted, outputs))
}

/// Renders `document` to every output, then prints the data-quality note.
fn write_all(
    outputs: Vec<(Output, Format)>,
    config: &OutputConfig,
    document: Document,
) -> Result<()> {
    for (output, format) in outputs {
        output.write(&render::render(format, config.render, document)?)?;
    }
    if !config.quiet {
        eprint!("{}", render::note::data_quality_note(document));
    }
    Ok(())
}
