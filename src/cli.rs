//! The command line, as clap derive structs. Doc comments here are the `--help` text.
//! Nothing outside `config.rs` reads these structs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::Format;

/// `--count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CountArg {
    Events,
    Children,
    Both,
}

/// Children's social care performance statistics from case-management exports.
///
/// cscstats counts contacts, referrals, assessments, strategy discussions, Section 47
/// enquiries, initial child protection conferences and child protection plan starts per
/// period, and compares each period with the same period a year earlier.
#[derive(Debug, Parser)]
#[command(name = "cscstats", version, propagate_version = true)]
#[command(after_help = "Exit codes: 0 success, 1 data or runtime error, 2 usage error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare a period with the same period a year earlier, measure by measure.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
}

const COMPARE_EXAMPLES: &str = "\
Examples:
  Quarters 1 and 2 of 2020/21 against the same quarters of 2019/20, from a folder of exports:
    cscstats compare --period 2020-21:Q1-Q2 examples/committee-2021

  One file per measure, with a column named by hand, written as CSV:
    cscstats compare --period 2020-21 contacts=front-door.csv referrals.csv \\
        --date-column contacts=\"Received On\" --output q.csv

Exit codes: 0 success, 1 data or runtime error, 2 usage error.";

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Event exports: MEASURE=PATH, a CSV file named after a measure (contacts.csv), or a
    /// folder of such files. Use MEASURE=- to read standard input. Measures: contacts,
    /// referrals, assessments, strategy-discussions, s47-enquiries, icpcs, cp-plan-starts.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,

    /// The period to report: 2020-21:Q1-Q2 (financial-year quarters), 2020-21 (a financial
    /// year), 2020-04..2020-09 (months, inclusive), 2020-04 (a month) or 2020 (a calendar year).
    #[arg(short, long, value_name = "PERIOD")]
    pub period: String,

    /// The period to compare with. Default: the same span one year earlier.
    #[arg(short, long, value_name = "PERIOD")]
    pub baseline: Option<String>,

    /// Read a measure's event dates from this column instead of detecting it.
    /// Headers match ignoring case, spaces and punctuation. Repeat for several measures.
    #[arg(long = "date-column", value_name = "MEASURE=HEADER")]
    pub date_columns: Vec<String>,

    /// What to count: events (rows), distinct children with at least one event in the
    /// period (as DfE publishes both), or both side by side. Counting children keeps one
    /// entry per child and month in memory: about 40 bytes each.
    #[arg(long, value_enum, default_value_t = CountArg::Events)]
    pub count: CountArg,

    /// Drop repeated events: the same child, event date and (for contacts and referrals)
    /// source counted once. On by default when one measure has several Annex A lists or CIN
    /// census tables, which overlap. Keeps one key per distinct event: about 40 bytes each.
    #[arg(long, overrides_with = "no_dedupe")]
    pub dedupe: bool,

    /// Count every row, even when several Annex A extracts overlap.
    #[arg(long = "no-dedupe", overrides_with = "dedupe")]
    pub no_dedupe: bool,

    /// Read a measure's child IDs from this column instead of detecting it (Child Unique ID,
    /// LAchildID, Person ID, …). Repeat for several measures.
    #[arg(long = "id-column", value_name = "MEASURE=HEADER")]
    pub id_columns: Vec<String>,

    /// Break every row down by this column's values (Contact Source, Allocated Team,
    /// Initial Category of Abuse, …), kept as written.
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,

    /// Fail (exit 1) if any row has a blank, unreadable or impossible date, instead of
    /// leaving it out of the counts and saying so.
    #[arg(long)]
    pub strict: bool,

    /// Decimal places for the change in percent in text formats (0 shows +22%).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=6))]
    pub decimals: u32,

    /// Output format. Default: from the --output file's extension (.csv, .md, .json, .txt),
    /// else table.
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Write to this file instead of standard output (atomically: the old file stays whole
    /// until the new one is complete). Refuses any of the inputs. `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not print the data-quality note on standard error (it stays in the JSON).
    #[arg(short, long)]
    pub quiet: bool,
}
