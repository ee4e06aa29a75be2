//! cscstats: children's social care performance statistics.
//!
//! Data flows one way: **read** ([`input`]) → **count** ([`count`]) → **compare**
//! ([`compare`]) → **render** ([`render`]). [`run`] is the whole program; `main` only parses
//! arguments, calls it and turns errors into exit codes.

pub mod cli;
pub mod compare;
pub mod config;
pub mod count;
pub mod date;
pub mod error;
pub mod input;
pub mod measure;
pub mod output;
pub mod period;
pub mod render;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::CompareConfig;
use crate::error::{Error, Location};
use crate::measure::Catalogue;
use crate::output::Output;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let catalogue = Catalogue::builtin();
    match cli.command {
        Command::Compare(args) => {
            compare(&CompareConfig::from_args(&args, &catalogue)?, &catalogue)
        }
    }
}

/// `cscstats compare`: read every input, count, compare the periods, render, write.
pub fn compare(config: &CompareConfig, catalogue: &Catalogue) -> Result<()> {
    let loaded = input::load(&config.inputs, &config.columns, catalogue)?;
    let output = Output::prepare(config.output.as_deref(), &loaded.files())?;
    if !loaded.precounted.is_empty() && (config.count.children() || config.columns.by.is_some()) {
        let file = &loaded.precounted[0].file;
        return Err(Error::usage(format!(
            "{file} holds pre-counted events, which cannot be counted as children or broken down with --by; \
             give event exports instead"
        ))
        .into());
    }
    let counted = count::count_all(loaded, config.dedupe, config.count.children(), catalogue)?;
    if config.strict
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
    let question = compare::Question {
        current: &config.current,
        baseline: &config.baseline,
        count: config.count,
        by: config.columns.by.as_deref(),
    };
    let comparison = compare::compare(catalogue, &counted, &question)?;
    let bytes = render::render(config.format, config.render, &comparison)?;
    output.write(&bytes)?;
    if !config.quiet {
        eprint!("{}", render::note::data_quality_note(&comparison, &[]));
    }
    Ok(())
}
