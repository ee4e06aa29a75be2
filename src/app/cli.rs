//! The command line, as clap derive structs. Doc comments here are the `--help` text.
//! `config.rs` and `output_config.rs` turn them into checked configurations; the commands
//! that need no configuration (`inspect`, `run`, `completions`, `man`) read them directly. A
//! report file deserializes (serde) into the same structs, each key spelled as its long
//! option, so every option below is also a report-file key (see `commands/run.rs`);
//! `config.rs` checks both the same way.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde::Deserialize;

use crate::app::de;

use crate::model::units::{Unit, Units};
use crate::render::{Format, Layout};

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
    /// Count each month of a year (or a span of months) against the same month a year
    /// earlier, with year-to-date and rolling 12-month totals.
    #[command(after_help = MONTHLY_EXAMPLES)]
    Monthly(MonthlyArgs),
    /// Benchmark one authority against England, its region and its statistical neighbours
    /// from DfE's published children-in-need data: counts, rates per 10,000 children, the
    /// change on the year before and the authority's rank.
    #[command(after_help = BENCHMARK_EXAMPLES)]
    Benchmark(BenchmarkArgs),
    /// Show how each input would be read, before trusting a figure: for every file and sheet
    /// the layout recognised and why, the header row, the measure each date column feeds, the
    /// columns read only as context, what is skipped, and the months its events span; with
    /// --period, whether the inputs cover the period and its baseline. Never a value from a row.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Run a report file: its inputs, its tables and every output it names.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man -l -` or a man directory.
    Man,
}

const INSPECT_EXAMPLES: &str = "\
Examples:
  What a month-end folder of exports holds, and whether it covers Quarters 1 and 2:
    cscstats inspect --period 2020-21:Q1-Q2 examples/committee-2021

  The same as JSON, for a script (the fields are documented in the README):
    cscstats inspect --format json examples/committee-2021

Exit codes: 0 success, 1 data or runtime error, 2 usage error.";

const COMPARE_EXAMPLES: &str = "\
Examples:
  Quarters 1 and 2 of 2020/21 against the same quarters of 2019/20, from a folder of exports:
    cscstats compare --period 2020-21:Q1-Q2 examples/committee-2021

  One file per measure, with a column named by hand, written as CSV:
    cscstats compare --period 2020-21 contacts=front-door.csv referrals.csv \\
        --date-column contacts=\"Received On\" --output q.csv

Exit codes: 0 success, 1 data or runtime error, 2 usage error.";

const MONTHLY_EXAMPLES: &str = "\
Examples:
  Every month of 2020/21 against the month a year earlier:
    cscstats monthly --year 2020-21 examples/committee-2021

  The last 12 complete months before the committee date, one table per measure:
    cscstats monthly --last 12 --as-of 2021-01-19 --layout long examples/committee-2021

Exit codes: 0 success, 1 data or runtime error, 2 usage error.";

const BENCHMARK_EXAMPLES: &str = "\
Examples:
  Leicestershire in 2020/21, from DfE's published tables:
    cscstats benchmark --la Leicestershire --year 2021 testdata/dfe

  The same with the authority's own exports standing in for its published figures:
    cscstats benchmark --la 855 --year 2021 testdata/dfe --own examples/committee-2021

Exit codes: 0 success, 1 data or runtime error, 2 usage error.";

const RUN_EXAMPLES: &str = "\
Examples:
  cscstats run examples/monthly-report.toml
  cscstats run --check examples/committee-report.toml

Exit codes: 0 success, 1 data or runtime error, 2 usage error (a bad report file included).";

/// Where the events are and how to read them.
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct InputArgs {
    /// Event exports: MEASURE=PATH, a CSV file or workbook (named after a measure, or an
    /// Annex A list, CIN census table or counts file recognised by its headers), or a folder
    /// of them. Use MEASURE=- to read standard input. Measures: contacts, referrals,
    /// assessments, strategy-discussions, s47-enquiries, icpcs, cp-plan-starts.
    #[arg(value_name = "INPUT", required_unless_present_any = ["measures", "db"])]
    #[serde(rename = "inputs", deserialize_with = "de::os_list")]
    pub inputs: Vec<std::ffi::OsString>,

    /// A measure of your own, counted from the dated rows of PATH like the built-in ones
    /// (fostering-enquiries=enquiries.csv): its dates come from a column named Date or Event
    /// Date, or --date-column ID=HEADER; its label from --label ID=TEXT. Repeatable.
    #[arg(long = "measure", value_name = "ID=PATH")]
    #[serde(rename = "measure", deserialize_with = "de::list")]
    pub measures: Vec<String>,

    /// Read a measure's event dates from this column instead of detecting it.
    /// Headers match ignoring case, spaces and punctuation. Repeat for several measures.
    #[arg(long = "date-column", value_name = "MEASURE=HEADER")]
    #[serde(rename = "date-column", deserialize_with = "de::list")]
    pub date_columns: Vec<String>,

    /// Never count this column, in any input: it is context (an earlier stage's date, say).
    /// Repeatable.
    #[arg(long = "context-column", value_name = "HEADER")]
    #[serde(rename = "context-column", deserialize_with = "de::list")]
    pub context_columns: Vec<String>,

    /// Count this column for the measure wherever it is, even where it would be context (an
    /// earlier stage's date in a report of a later one). Repeatable.
    #[arg(long = "count-column", value_name = "MEASURE=HEADER")]
    #[serde(rename = "count-column", deserialize_with = "de::list")]
    pub count_columns: Vec<String>,

    /// Read a measure's child IDs from this column instead of detecting it (Child Unique ID,
    /// LAchildID, Person ID, …). Repeat for several measures.
    #[arg(long = "id-column", value_name = "MEASURE=HEADER")]
    #[serde(rename = "id-column", deserialize_with = "de::list")]
    pub id_columns: Vec<String>,

    /// Read a measure's own event IDs (Referral ID, Contact Ref, …) from this column instead
    /// of detecting it: rows with one ID and date are one event. Repeat for several measures.
    #[arg(long = "event-id-column", value_name = "MEASURE=HEADER")]
    #[serde(rename = "event-id-column", deserialize_with = "de::list", default)]
    pub event_id_columns: Vec<String>,

    /// Drop repeated events: the same child, event date and (for contacts and referrals)
    /// source counted once. On by default when one measure has several Annex A lists or CIN
    /// census tables, which overlap. Keeps one key per distinct event: about 40 bytes each.
    #[arg(long, overrides_with = "no_dedupe")]
    pub dedupe: bool,

    /// Count every row, even when several Annex A extracts overlap.
    #[arg(long = "no-dedupe", overrides_with = "dedupe")]
    #[serde(rename = "no-dedupe")]
    pub no_dedupe: bool,

    /// Fail (exit 1) if any row has a blank, unreadable or impossible date, instead of
    /// leaving it out of the counts and saying so.
    #[arg(long)]
    pub strict: bool,

    /// Threads for counting large CSV files (split at record boundaries). Default: one per
    /// core. Counting with de-duplication, children or --by uses one.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    #[serde(deserialize_with = "de::whole_opt")]
    pub threads: Option<u32>,

    /// Read the Standard Safeguarding Dataset's tables from the reporting database: an ODBC
    /// connection string ("Driver={PostgreSQL Unicode};Server=…;Database=ssd;Uid=…") or a
    /// DSN. Only SELECTs are issued. The password never goes here: it comes from
    /// CSCSTATS_DB_PASSWORD or --db-password-file. Needs a build with the `db` feature.
    #[arg(long, value_name = "CONNECTION")]
    pub db: Option<String>,

    /// The schema holding the SSD tables (default: the connection's own).
    #[arg(long = "db-schema", value_name = "SCHEMA")]
    #[serde(rename = "db-schema")]
    pub db_schema: Option<String>,

    /// A measure's table when it is not named as the SSD names it
    /// (contacts=ssd_contacts_2026). Repeatable.
    #[arg(long = "db-table", value_name = "MEASURE=TABLE")]
    #[serde(rename = "db-table", deserialize_with = "de::list")]
    pub db_tables: Vec<String>,

    /// A file holding the database password (its first line), instead of
    /// CSCSTATS_DB_PASSWORD.
    #[arg(long = "db-password-file", value_name = "FILE")]
    #[serde(rename = "db-password-file", deserialize_with = "de::path")]
    pub db_password_file: Option<PathBuf>,

    /// Seconds a query (or the login) may take before it is abandoned with an error.
    #[arg(long = "db-timeout", value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..=86_400))]
    #[serde(rename = "db-timeout", deserialize_with = "de::whole_opt")]
    pub db_timeout: Option<u32>,

    /// More bank holidays for working-day timeliness (a CSV whose first column is a date),
    /// beyond the England and Wales calendar of 2010 to 2030 that cscstats ships.
    #[arg(long, value_name = "FILE")]
    #[serde(deserialize_with = "de::path")]
    pub holidays: Option<PathBuf>,

    /// The most cells a worksheet may span (rows × columns, from its first cell used to its
    /// last), about 32 bytes each once read. Larger sheets are refused, not read.
    #[arg(long = "max-cells", value_name = "N", default_value_t = 10_000_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    #[serde(
        rename = "max-cells",
        deserialize_with = "de::whole",
        default = "de::default_max_cells"
    )]
    pub max_cells: u64,

    /// Count hidden worksheets too. By default they are skipped with a note: a hidden sheet
    /// is usually a workings copy, not the list.
    #[arg(long = "include-hidden")]
    #[serde(rename = "include-hidden")]
    pub include_hidden: bool,

    /// The header row of every input table, counted from 1 (rows above it, such as titles, are
    /// passed over). By default it is found among the top 50 rows: the first row that names
    /// columns cscstats knows and is not itself data.
    #[arg(long = "header-row", value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    #[serde(rename = "header-row", deserialize_with = "de::whole_opt")]
    pub header_row: Option<u32>,

    /// The column of a long workflow table (one row per step) that says each row's stage:
    /// Contact, Referral, Assessment, Strategy Discussion, S47, ICPC, CP Plan and their usual
    /// synonyms. Each row is counted for the stage its type names, from the step date. A table
    /// with a Step Type, Event Type or Stage column and no stage's own date is read so without
    /// being told.
    #[arg(long = "type-column", value_name = "HEADER")]
    #[serde(rename = "type-column", deserialize_with = "de::text_opt")]
    pub type_column: Option<String>,

    /// Another name for a stage in a type column (assessments="Social Work Assessment").
    /// Repeatable.
    #[arg(long = "type", value_name = "MEASURE=VALUE")]
    #[serde(rename = "type", deserialize_with = "de::list")]
    pub types: Vec<String>,

    /// How all-numeric dates are read: day-first (dd/mm/yyyy, the default) or month-first
    /// (mm/dd/yyyy, for an export from a system set to a US locale). ISO dates and month
    /// names read the same either way. A column that is month first is refused unless this
    /// says so: never a silent swap.
    #[arg(long = "date-order", value_name = "ORDER",
          value_parser = clap::builder::PossibleValuesParser::new(["day-first", "month-first"]))]
    #[serde(rename = "date-order", deserialize_with = "de::text_opt")]
    pub date_order: Option<String>,

    /// Print on standard error the plan `cscstats inspect` shows: how each input is read and
    /// what its rows span. Never prints a value from a row.
    #[arg(long)]
    pub explain: bool,

    /// Say on standard error how each input is read (its layout and the columns used) and how
    /// long counting took. Never prints a value from a row.
    #[arg(short, long)]
    pub verbose: bool,
}

/// What to count and how to show it.
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct ShowArgs {
    /// What to count: events (rows), distinct children with at least one event in the
    /// period (as DfE publishes both), or both. Counting children keeps one entry per child
    /// and month in memory: about 40 bytes each.
    #[arg(long, value_enum, default_value_t = Units::Events)]
    pub count: Units,

    /// Break every row down by this column's values (Contact Source, Allocated Team,
    /// Initial Category of Abuse, …), kept as written.
    #[arg(long, value_name = "COLUMN")]
    #[serde(deserialize_with = "de::text_opt")]
    pub by: Option<String>,

    /// With --by: show at most N groups of each measure (the N with most events), the rest
    /// added together as "Other". Default 50.
    #[arg(long = "by-max", value_name = "N", requires = "by",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    #[serde(rename = "by-max", deserialize_with = "de::whole_opt")]
    pub by_max: Option<u32>,

    /// Decimal places for the change in percent in text formats (0 shows +22%).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=6))]
    #[serde(deserialize_with = "de::whole")]
    pub decimals: u32,
}

/// How the figures are published.
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct PublishArgs {
    /// Add plain-English sentences from the figures ("Section 47 enquiries rose by 33%, from
    /// 762 to 1,010."): after the table in the terminal and Markdown; HTML always has them,
    /// JSON always carries them as "summary".
    #[arg(long)]
    pub summary: bool,

    /// The change, in percent (percentage points for rates), within which the summary calls a
    /// figure similar to the year before. Default 5.
    #[arg(long = "similar-within", value_name = "PCT")]
    #[serde(rename = "similar-within", deserialize_with = "de::number_opt")]
    pub similar_within: Option<f64>,

    /// Withhold counts from 1 to N as `c` (DfE practice is 5), with the changes that would
    /// reveal them, and a second count where a total would give a hidden one away. 0 stays 0.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    #[serde(deserialize_with = "de::whole_opt")]
    pub suppress: Option<u64>,

    /// Keep a ledger of every figure published or withheld in FILE (CSV, created if new), and
    /// withhold whatever would let a figure an earlier paper withheld be worked out (a
    /// quarter from its months, a total from its groups). Needs --suppress.
    #[arg(long, value_name = "FILE", requires = "suppress")]
    #[serde(deserialize_with = "de::path")]
    pub ledger: Option<PathBuf>,

    /// Round shown counts to the nearest N (DfE rounds England and regional totals to 10);
    /// changes and their intervals are worked out from the rounded counts, as shown, so that
    /// no unrounded figure can be worked back.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    #[serde(deserialize_with = "de::whole_opt")]
    pub round: Option<u64>,

    /// The title above the table, in the authority's own words.
    #[arg(long, value_name = "TEXT")]
    #[serde(deserialize_with = "de::text_opt")]
    pub title: Option<String>,

    /// A measure's label in the authority's own words. Repeat for several measures.
    #[arg(long = "label", value_name = "MEASURE=TEXT")]
    #[serde(rename = "label", deserialize_with = "de::list")]
    pub labels: Vec<String>,

    /// Thousands separators in counts (11,312) in every text format. Default: on in HTML and
    /// Excel, off in the terminal table and Markdown; never in CSV or JSON.
    #[arg(long, overrides_with = "no_thousands")]
    pub thousands: bool,

    /// No thousands separators, even in HTML and Excel.
    #[arg(long = "no-thousands", overrides_with = "thousands")]
    #[serde(rename = "no-thousands")]
    pub no_thousands: bool,

    /// Also draw a chart to FILE (.svg or .png): paired bars for a comparison, a panel per
    /// measure for a monthly table, rates by area for a benchmark. Repeatable.
    #[arg(long = "chart", value_name = "FILE")]
    #[serde(rename = "chart", deserialize_with = "de::paths")]
    pub charts: Vec<PathBuf>,
}

/// Where the results go.
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct OutputArgs {
    /// Output format. Default: from the --output file's extension (.csv, .md, .json, .txt,
    /// .xlsx, .html, .docx), else table.
    #[arg(short, long, value_enum)]
    #[serde(skip)]
    pub format: Option<Format>,

    /// Write to this file instead of standard output (atomically: the old file stays whole
    /// until the new one is complete). Refuses any of the inputs. `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    #[serde(skip)]
    pub output: Option<PathBuf>,

    /// Do not print the data-quality note on standard error (it stays in the JSON).
    #[arg(short, long)]
    pub quiet: bool,

    /// CSV layout: wide (a row per measure, the default) or tidy (a row per measure, span and
    /// group, always the columns measure, label, group, unit, period_start, period_end, value,
    /// status; a withheld value empty with `c` in status), for Power BI, pandas and DuckDB.
    #[arg(long = "csv-layout", value_name = "LAYOUT",
          value_parser = clap::builder::PossibleValuesParser::new(["wide", "tidy"]))]
    #[serde(rename = "csv-layout", deserialize_with = "de::text_opt")]
    pub csv_layout: Option<String>,

    /// Show input files with their folders in outputs meant for publishing (HTML, Excel,
    /// JSON provenance). By default only the file names: folders name shares and people.
    #[arg(long = "show-paths")]
    #[serde(rename = "show-paths")]
    pub show_paths: bool,

    /// Add each input's SHA-256 to the provenance record, so that a figure can be traced to
    /// exact files.
    #[arg(long = "hash-inputs")]
    #[serde(rename = "hash-inputs")]
    pub hash_inputs: bool,

    /// Also write the provenance record (version, command, inputs, periods, disclosure) as
    /// JSON to FILE: for CSV, which has no room for it. JSON, HTML and Excel carry it anyway.
    #[arg(long, value_name = "FILE")]
    #[serde(deserialize_with = "de::path")]
    pub provenance: Option<PathBuf>,

    /// Start CSV output with a UTF-8 byte-order mark, so that Excel opens it with accents and
    /// symbols intact on a double-click.
    #[arg(long)]
    pub bom: bool,

    /// Who to ask about the figures ("Performance Team, performance@example.gov.uk"): on the
    /// cover of a workbook and under a paper's notes.
    #[arg(long, value_name = "TEXT")]
    #[serde(deserialize_with = "de::text_opt")]
    pub contact: Option<String>,

    /// Leave the technical "About these figures" section (inputs, sizes, the command) out of
    /// Word and HTML papers, and its sheet out of workbooks. JSON keeps the record.
    #[arg(long = "no-appendix")]
    #[serde(rename = "no-appendix")]
    pub no_appendix: bool,
}

#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct CompareArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub input: InputArgs,

    /// The period to report: 2020-21:Q1-Q2 (financial-year quarters), 2020-21 (a financial
    /// year), 2020-04..2020-09 (months, inclusive), 2020-04 (a month) or 2020 (a calendar year).
    #[arg(short, long, value_name = "PERIOD")]
    #[serde(deserialize_with = "de::text")]
    pub period: String,

    /// The period to compare with. Default: the same span one year earlier.
    #[arg(short, long, value_name = "PERIOD")]
    #[serde(deserialize_with = "de::text_opt")]
    pub baseline: Option<String>,

    /// Add derived rates after the counts, as percentages with their change in percentage
    /// points: `all`, or any of re-referral-pct, referral-to-assessment-pct,
    /// assessment-within-45wd-pct, s47-to-icpc-pct, icpc-within-15wd-pct, icpc-to-cp-plan-pct,
    /// repeat-cp-plan-pct (comma-separated).
    #[arg(long, value_name = "RATES", value_delimiter = ',')]
    #[serde(deserialize_with = "de::comma_list")]
    pub rates: Vec<String>,

    /// Set each month (or the period) against its expected level: the mean of the same months
    /// in the N years before (default 3), with a Poisson 95% range, and the excess over it.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "3",
          value_parser = expected_years)]
    #[serde(deserialize_with = "de::whole_opt")]
    pub expected: Option<u32>,

    /// Show each change's interval in text formats: `+33% (+21% to +46%)`, and the
    /// percentage-point interval of each rate. JSON always carries them; HTML and Excel mark
    /// the significant changes.
    #[arg(long)]
    pub intervals: bool,

    /// The confidence level of the intervals, between 0.5 and 0.999.
    #[arg(long, value_name = "LEVEL", default_value_t = 0.95)]
    #[serde(deserialize_with = "de::number", default = "de::default_confidence")]
    pub confidence: f64,

    /// DfE's published tables (as for `cscstats benchmark`): adds the latest published year's
    /// figures for the authority, its region, England and its neighbours' median beside each
    /// rate and counted measure DfE publishes. Needs --la.
    #[arg(long = "benchmark", value_name = "DATA", requires = "la")]
    #[serde(rename = "benchmark", deserialize_with = "de::paths")]
    pub benchmark: Vec<PathBuf>,

    /// The local authority, with --benchmark: its name, code or LA number.
    #[arg(long, value_name = "AUTHORITY")]
    #[serde(deserialize_with = "de::text_opt")]
    pub la: Option<String>,

    /// Children aged 0 to 17 in the authority, for its own rates per 10,000 with --benchmark.
    /// Default: its latest ONS estimate in the published data.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    #[serde(deserialize_with = "de::whole_opt")]
    pub population: Option<u64>,

    /// Name in each measure's summary the groups of COLUMN that drove its change, with their
    /// share of it ("half of the fall was in Referral Source “Schools” (−210)"), without
    /// breaking the table down (--by does both). Withheld groups are never named.
    #[arg(long, value_name = "COLUMN")]
    #[serde(deserialize_with = "de::text_opt")]
    pub drivers: Option<String>,

    #[command(flatten)]
    #[serde(flatten)]
    pub show: ShowArgs,

    #[command(flatten)]
    #[serde(flatten)]
    pub publish: PublishArgs,

    #[command(flatten)]
    #[serde(flatten)]
    pub output: OutputArgs,
}

/// How `inspect` writes its answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum InspectFormat {
    /// Indented text, for people.
    #[default]
    Table,
    /// JSON, for scripts: the contract documented in the README.
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Also say whether the inputs cover this period and its baseline (as for compare).
    #[arg(short, long, value_name = "PERIOD")]
    pub period: Option<String>,

    /// The baseline to check. Default: the same span one year earlier.
    #[arg(short, long, value_name = "PERIOD", requires = "period")]
    pub baseline: Option<String>,

    /// table (default) or json.
    #[arg(short, long, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,

    /// List the values of workflow tables' type columns that name no stage, with their rows,
    /// to map them with --type. They are row values, possibly personal: printed to a terminal
    /// only, never into a file or a pipe.
    #[arg(long)]
    pub show_type_values: bool,
}

#[derive(Debug, Clone, Default, Args, Deserialize)]
#[command(group(clap::ArgGroup::new("span").required(true).args(["year", "months", "last"])))]
#[serde(default, rename_all = "kebab-case")]
pub struct MonthlyArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub input: InputArgs,

    /// The financial year to show month by month (2020-21 or 2020/21).
    #[arg(long, value_name = "YEAR")]
    #[serde(deserialize_with = "de::text_opt")]
    pub year: Option<String>,

    /// The months to show, inclusive (2020-04..2021-03).
    #[arg(long, value_name = "FROM..TO")]
    #[serde(deserialize_with = "de::text_opt")]
    pub months: Option<String>,

    /// The last N complete months before --as-of.
    #[arg(long, value_name = "N", requires = "as_of", value_parser = clap::value_parser!(u32).range(1..=120))]
    #[serde(deserialize_with = "de::whole_opt")]
    pub last: Option<u32>,

    /// The date --last counts back from (months ending on or after it are not complete).
    /// Required with --last: cscstats never assumes today's date.
    #[arg(long = "as-of", value_name = "DATE")]
    #[serde(rename = "as-of", deserialize_with = "de::text_opt")]
    pub as_of: Option<String>,

    /// Add derived rates after the counts, month by month, as percentages with their change in
    /// percentage points: `all`, or rate ids as for `compare --rates` (comma-separated).
    #[arg(long, value_name = "RATES", value_delimiter = ',')]
    #[serde(deserialize_with = "de::comma_list")]
    pub rates: Vec<String>,

    /// Terminal layout: `wide` (measures down, months across, with the year-earlier and
    /// change rows under each count) or `long` (one table per measure, months down).
    /// Default: wide, or long when the wide table would not fit the terminal (COLUMNS, or
    /// the terminal's own width).
    #[arg(long, value_enum)]
    pub layout: Option<Layout>,

    /// Control limits for each measure's months (XmR, as NHS England's Making Data Count):
    /// centre line, limits and months of special-cause variation, marked ▲ ▼.
    #[arg(long)]
    pub spc: bool,

    /// The months the centre line and limits come from, such as 2019-04..2020-03, shown or
    /// not (default: the first 12 months of the data with a count; fewer than 12 warns).
    #[arg(long = "spc-baseline", value_name = "PERIOD", requires = "spc")]
    #[serde(rename = "spc-baseline", deserialize_with = "de::text_opt")]
    pub spc_baseline: Option<String>,

    /// A month where the process changed (2020-04): limits are worked out again from there.
    /// Repeat for more.
    #[arg(long = "spc-phase", value_name = "MONTH", requires = "spc")]
    #[serde(rename = "spc-phase", deserialize_with = "de::list")]
    pub spc_phases: Vec<String>,

    /// Set each month (or the period) against its expected level: the mean of the same months
    /// in the N years before (default 3), with a Poisson 95% range, and the excess over it.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "3",
          value_parser = expected_years)]
    #[serde(deserialize_with = "de::whole_opt")]
    pub expected: Option<u32>,

    #[command(flatten)]
    #[serde(flatten)]
    pub show: ShowArgs,

    #[command(flatten)]
    #[serde(flatten)]
    pub publish: PublishArgs,

    #[command(flatten)]
    #[serde(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Default, Args, Deserialize)]
#[command(group(clap::ArgGroup::new("span").required(true).args(["year", "years"])))]
#[serde(default, rename_all = "kebab-case")]
pub struct BenchmarkArgs {
    /// DfE's published tables (EES CSV files, or folders of them): the children-in-need
    /// tables, the ONS population estimates and the statistical-neighbour groupings.
    #[arg(value_name = "DATA", required = true)]
    #[serde(rename = "inputs", deserialize_with = "de::paths")]
    pub data: Vec<PathBuf>,

    /// The local authority: its name (Leicestershire), code (E10000018) or old number (855).
    #[arg(long, value_name = "AUTHORITY")]
    #[serde(deserialize_with = "de::text")]
    pub la: String,

    /// The reporting year, by the year it ends (2021 is 2020/21; 2020-21 also works).
    #[arg(long, value_name = "YEAR")]
    #[serde(deserialize_with = "de::text_opt")]
    pub year: Option<String>,

    /// A trend instead of one year: every reporting year from FROM to TO (2016..2025, or
    /// 2015-16..2024-25), each measure's series for the authority, its region, England and
    /// its neighbours' median, with its rank each year.
    #[arg(long, value_name = "FROM..TO", conflicts_with_all = ["year", "own", "population_year"])]
    #[serde(deserialize_with = "de::text_opt")]
    pub years: Option<String>,

    /// The ONS mid-year population estimates for the rates. Default: the June before the
    /// reporting year ends, as DfE aligns them (2022/23 rates use mid-2022).
    #[arg(long = "population-year", value_name = "YEAR")]
    #[serde(rename = "population-year", deserialize_with = "de::whole_opt")]
    pub population_year: Option<i32>,

    /// Events, or distinct children (DfE's *_child columns).
    #[arg(long, value_enum, default_value_t = Unit::Events)]
    pub count: Unit,

    /// The authority's own exports (any INPUT `compare` reads), standing in for its published
    /// figures, for example for a year not yet published.
    #[arg(long, value_name = "INPUT")]
    #[serde(deserialize_with = "de::list")]
    pub own: Vec<String>,

    /// Decimal places for the change in percent in text formats.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=6))]
    #[serde(deserialize_with = "de::whole")]
    pub decimals: u32,

    #[command(flatten)]
    #[serde(flatten)]
    pub publish: PublishArgs,

    #[command(flatten)]
    #[serde(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The report file (TOML). Paths in it are relative to its folder.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    /// Check the report file (keys, values, periods, that inputs exist) without reading data.
    #[arg(long)]
    pub check: bool,

    /// Do not print data-quality notes on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

/// clap's parsing and help for the value types of the stages below, which know nothing of
/// clap: each lists its values in `ALL` and names them with `name()`.
macro_rules! value_enum {
    ($ty:ty) => {
        impl clap::ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &<$ty>::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                let value = clap::builder::PossibleValue::new(self.name());
                Some(match self.help() {
                    Some(help) => value.help(help),
                    None => value,
                })
            }
        }
    };
}

value_enum!(Format);
value_enum!(Layout);
value_enum!(Unit);
value_enum!(Units);

/// `--expected N`: the years to average, 1 to 10. A path here is an input the option took
/// as its value (`--expected FOLDER`), which deserves more than "invalid digit".
/// How many earlier years `--expected` may average: checked here for the command line and
/// in `config.rs` for report files.
pub(crate) const EXPECTED_YEARS: std::ops::RangeInclusive<u32> = 1..=10;

fn expected_years(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if EXPECTED_YEARS.contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} years: give 1 to 10")),
        Err(_) if text.contains(['/', '\\', '.']) || std::path::Path::new(text).exists() => Err(
            "that is a path, not a number of years. --expected takes an optional number (1 to 10); put the inputs before it or give the number: --expected 3 FOLDER"
                .to_string(),
        ),
        Err(_) => Err("give a whole number of years from 1 to 10, such as --expected 3".to_string()),
    }
}
