//! The application: the command line and report files, the checked configuration, one file
//! per command (read → count → compare → publish → annotate → render, then write) with the
//! pipeline they share, and the output files. The only layer that knows clap and TOML.

mod checked;
pub(crate) mod cli;
mod commands;
pub(crate) mod config;
mod database;
mod de;
#[cfg(test)]
mod extending;
mod ledger;
pub(crate) mod output;
mod output_config;
mod provenance;

use anyhow::Result;

use crate::app::cli::{Cli, Command};
use crate::app::config::{BenchmarkConfig, CompareConfig, MonthlyConfig};
use crate::app::output::Output;
use crate::model::measure::Catalogue;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    // Lets the tests prove that a panic is reported as an internal error (debug builds only).
    #[cfg(debug_assertions)]
    #[allow(
        clippy::panic,
        reason = "a deliberate panic for the tests of the panic handler"
    )]
    if std::env::var_os("CSCSTATS_TEST_PANIC").is_some() {
        panic!("a deliberate panic for the tests");
    }
    let catalogue = Catalogue::builtin();
    match cli.command {
        Command::Compare(args) => {
            commands::compare(&CompareConfig::from_args(&args, &catalogue)?)?.commit()
        }
        Command::Monthly(args) => {
            commands::monthly(&MonthlyConfig::from_args(&args, &catalogue)?)?.commit()
        }
        Command::Benchmark(args) => {
            commands::benchmark(&BenchmarkConfig::from_args(&args, &catalogue)?, &catalogue)?
                .commit()
        }
        Command::Inspect(args) => commands::inspect(&args, &catalogue),
        Command::Run(args) => commands::run(&args, &catalogue),
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
