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

/// `cscstats compare`: count every input, compare the periods, render, write.
pub fn compare(config: &CompareConfig, catalogue: &Catalogue) -> Result<()> {
    let resolved = input::resolve(&config.inputs, catalogue)?;
    let output = Output::prepare(config.output.as_deref(), &resolved.sources)?;

    let counts = resolved
        .sources
        .iter()
        .map(|source| {
            let date_column = config.date_columns.get(&source.measure).map(String::as_str);
            input::events::count_source(source, date_column, catalogue)
        })
        .collect::<error::Result<Vec<_>>>()?;
    if config.strict {
        if let Some(bad) = counts.iter().find(|c| c.tally.rejected.total > 0) {
            let rejected = &bad.tally.rejected;
            let lines: Vec<String> = rejected.first_lines.iter().map(u64::to_string).collect();
            return Err(Error::input(
                Location::file(bad.source.name()).column(bad.date_column.clone()),
                format!(
                    "{} row(s) have no usable date (first at lines {}); correct them, or drop --strict to leave them out and report them",
                    rejected.total,
                    lines.join(", ")
                ),
            )
            .into());
        }
    }

    let comparison = compare::compare(catalogue, &counts, &config.current, &config.baseline);
    let bytes = render::render(config.format, config.render, &comparison)?;
    output.write(&bytes)?;
    if !config.quiet {
        eprint!(
            "{}",
            render::note::data_quality_note(&comparison, &resolved.notes)
        );
    }
    Ok(())
}
