//! Checked settings. The command line and report files (which become the same arguments)
//! build these types; nothing else in the program reads clap's structs.

use crate::model::convert::{to_i32, to_u32, to_usize};
use std::path::{Path, PathBuf};

use crate::app::cli::{BenchmarkArgs, CompareArgs, InputArgs, MonthlyArgs, ShowArgs};
use crate::input::InputSpec;
use crate::input::detect::ColumnChoices;
use crate::model::date::DateOrder;
use crate::model::date::parse_date;
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::period::{Form, Period, financial_year};
use crate::model::units::Unit;
use crate::model::units::{Dedupe, Units};

use crate::app::checked::{parse_column_pairs, within};
use crate::app::output_config::terminal_width;
pub(crate) use crate::app::output_config::{OutputConfig, OutputTarget, output_target};

/// The most `--by` groups shown per measure unless `--by-max` says otherwise.
pub(crate) const DEFAULT_BY_MAX: usize = 50;

/// Where the events are and how to read them.
#[derive(Debug, Clone)]
pub(crate) struct InputConfig {
    /// The measures: the built-in seven and any `--measure` of the user's own.
    pub catalogue: Catalogue,
    pub inputs: Vec<InputSpec>,
    /// Column overrides and the breakdown column.
    pub columns: ColumnChoices,
    pub count: Units,
    pub dedupe: Dedupe,
    pub strict: bool,
    /// Threads for counting large CSV files.
    pub threads: usize,
    /// `--verbose`.
    pub verbose: bool,
    /// `--explain`: the inspection plan on standard error.
    pub explain: bool,
    /// `--by-max`: the most groups shown per measure; the rest are "Other".
    pub by_max: usize,
    /// The working-day calendar, when rates are asked for.
    pub calendar: Option<crate::model::calendar::Calendar>,
    /// `--db`: the SSD read from the reporting database instead of files.
    pub db: Option<crate::count::db::DbOptions>,
}

/// Everything `compare` needs, checked.
#[derive(Debug, Clone)]
pub(crate) struct CompareConfig {
    pub input: InputConfig,
    /// Derived rates to add (`--rates`).
    pub rates: Vec<crate::model::rate::Rate>,
    /// DfE's published data and the authority, to show beside the rows (`--benchmark`).
    pub benchmark: Option<CompareBenchmark>,
    /// The confidence level of the changes' intervals.
    pub confidence: f64,
    /// Expected levels from the N years before (`--expected`).
    pub expected: Option<u32>,
    pub current: Period,
    pub baseline: Period,
    pub output: OutputConfig,
    /// `--drivers` without `--by`: groups counted for the drivers, not shown.
    pub hide_groups: bool,
}

/// `compare --benchmark DATA --la NAME [--population N]`.
#[derive(Debug, Clone)]
pub(crate) struct CompareBenchmark {
    pub data: Vec<PathBuf>,
    pub authority: String,
    pub population: Option<u64>,
}

/// Everything `monthly` needs, checked.
#[derive(Debug, Clone)]
pub(crate) struct MonthlyConfig {
    pub input: InputConfig,
    /// Derived rates to add (`--rates`).
    pub rates: Vec<crate::model::rate::Rate>,
    /// The months shown.
    pub months: Period,
    /// Control limits (`--spc`).
    pub spc: Option<crate::compare::spc::SpcSettings>,
    /// Expected levels from the N years before (`--expected`).
    pub expected: Option<u32>,
    pub output: OutputConfig,
}

/// One reporting year, or a trend over several (each by the year it ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BenchmarkSpan {
    Year(i32),
    Years(i32, i32),
}

/// Everything `benchmark` needs, checked.
#[derive(Debug, Clone)]
pub(crate) struct BenchmarkConfig {
    pub data: Vec<PathBuf>,
    pub authority: String,
    /// The reporting year, by the year it ends; or a span of them (`--years`).
    pub span: BenchmarkSpan,
    pub population_year: Option<i32>,
    pub unit: Unit,
    /// The authority's own exports, if given.
    pub own: Option<InputConfig>,
    pub output: OutputConfig,
}

impl BenchmarkConfig {
    pub(crate) fn from_args(
        args: &BenchmarkArgs,
        catalogue: &Catalogue,
    ) -> Result<BenchmarkConfig> {
        if args.publish.ledger.is_some() {
            return Err(Error::usage(
                "--ledger records the counts of compare and monthly papers; a benchmark shows DfE's published figures, so leave it out",
            ));
        }
        if args.year.is_some() && args.years.is_some() {
            return Err(Error::usage(
                "--year and --years: give one year, or a span of years for a trend, not both",
            ));
        }
        let span = match (&args.year, &args.years) {
            (_, Some(years)) => {
                let (from, to) =
                    crate::compare::trend::parse_years(years, |y| parse_reporting_year(y).ok())
                        .filter(|(from, to)| from <= to)
                        .ok_or_else(|| {
                            Error::usage(format!(
                                "--years {years}: give two reporting years, such as 2016..2025 or 2015-16..2024-25"
                            ))
                        })?;
                BenchmarkSpan::Years(from, to)
            }
            (Some(year), None) => BenchmarkSpan::Year(parse_reporting_year(year)?),
            (None, None) => {
                return Err(Error::usage(
                    "say which year: --year 2021, or --years 2016..2025 for a trend",
                ));
            }
        };
        let unit = args.count;
        let own = if args.own.is_empty() {
            None
        } else {
            Some(InputConfig::own_exports(&args.own, unit, catalogue)?)
        };
        let mut output =
            OutputConfig::from_args(&args.output, args.decimals, &args.publish, catalogue)?;
        output.protected = reads(args.data.iter().cloned());
        if let Some(own) = &own {
            output.protected.extend(own.reads());
        }
        Ok(BenchmarkConfig {
            data: args.data.clone(),
            authority: args.la.clone(),
            span,
            population_year: args.population_year,
            unit,
            own,
            output,
        })
    }
}

/// `2021`, `2020-21` or `2020/21`: the reporting year, by the year it ends.
fn parse_reporting_year(text: &str) -> Result<i32> {
    let text = text.trim();
    if let Ok(year) = text.parse::<i32>()
        && (2000..=2099).contains(&year)
    {
        return Ok(year);
    }

    match text.parse::<Period>() {
        Ok(p) if p.form() == Form::FinancialYears && p.len_months() == 12 => Ok(p.end().year()),
        _ => Err(Error::usage(format!(
            "--year {text}: give a reporting year such as 2021 (the year ending 31 March 2021) or 2020-21"
        ))),
    }
}

impl CompareConfig {
    pub(crate) fn from_args(args: &CompareArgs, catalogue: &Catalogue) -> Result<CompareConfig> {
        let current = parse_period(&args.period)?;
        let baseline = match &args.baseline {
            Some(text) => parse_period(text)?,
            None => current.year_earlier(),
        };
        if baseline.overlaps(&current) {
            return Err(Error::usage(format!(
                "the baseline ({} to {}) overlaps the period ({} to {}); choose periods that do not share a month",
                baseline.first_date(),
                baseline.last_date(),
                current.first_date(),
                current.last_date()
            )));
        }
        // `--drivers COLUMN` breaks down by COLUMN as `--by` does, and shows only the totals.
        let drivers = args.drivers.as_deref().map(str::trim);
        let show = match (drivers, args.show.by.as_deref().map(str::trim)) {
            (Some(d), Some(by)) if d != by => {
                return Err(Error::usage(format!(
                    "--drivers {d} with --by {by}: the drivers are the --by groups; give one column"
                )));
            }
            (Some(d), None) => ShowArgs {
                by: Some(d.to_string()),
                ..args.show.clone()
            },
            _ => args.show.clone(),
        };
        let hide_groups = drivers.is_some() && args.show.by.is_none();
        let mut input = InputConfig::from_args(&args.input, &show, catalogue)?;
        let output = OutputConfig::from_args(
            &args.output,
            args.show.decimals,
            &args.publish,
            &input.catalogue,
        )?;
        let rates = parse_rates(&args.rates)?;
        if !rates.is_empty() {
            input.calendar = Some(load_calendar(args.input.holidays.as_deref())?);
        }
        let benchmark = match (args.benchmark.is_empty(), &args.la) {
            (true, None) => None,
            (false, Some(la)) => Some(CompareBenchmark {
                data: args.benchmark.clone(),
                authority: la.clone(),
                population: args
                    .population
                    .map(|n| within("--population", n, 1..=u64::MAX))
                    .transpose()?,
            }),
            (false, None) => {
                return Err(Error::usage(
                    "--benchmark needs --la: name the authority whose published figures to show",
                ));
            }
            (true, Some(_)) => {
                return Err(Error::usage(
                    "--la goes with --benchmark DATA: give DfE's published tables too",
                ));
            }
        };
        if !(0.5..=0.999).contains(&args.confidence) {
            return Err(Error::usage(format!(
                "--confidence {}: give a level between 0.5 and 0.999, such as 0.95",
                args.confidence
            )));
        }
        refuse_explain_when_suppressing(&input, &output)?;
        let mut output = output;
        output.render.intervals = args.intervals;
        // Notes and sentences wrap between words where they are read: on a terminal.
        if output.targets.iter().all(|t| t.path.is_none()) {
            output.render.fit_width = terminal_width();
        }
        output.protected = input.reads();
        output
            .protected
            .extend(reads(args.input.holidays.iter().cloned()));
        output
            .protected
            .extend(reads(args.benchmark.iter().cloned()));
        Ok(CompareConfig {
            input,
            rates,
            benchmark,
            confidence: args.confidence,
            expected: expected_years(args.expected)?,
            current,
            baseline,
            output,
            hide_groups,
        })
    }
}

impl MonthlyConfig {
    pub(crate) fn from_args(args: &MonthlyArgs, catalogue: &Catalogue) -> Result<MonthlyConfig> {
        let months = match (&args.year, &args.months, args.last, &args.as_of) {
            (Some(year), _, _, _) => {
                let period = parse_period(year)?;
                if period.form() != Form::FinancialYears || period.len_months() != 12 {
                    return Err(Error::usage(format!(
                        "--year {year}: give one financial year, such as 2020-21"
                    )));
                }
                financial_year(period.start().financial_year())
            }
            (_, Some(range), _, _) => parse_period(range)?,
            (_, _, Some(n), Some(as_of)) => {
                last_complete_months(to_u32(within("--last", n.into(), 1..=120)?), as_of)?
            }
            _ => {
                return Err(Error::usage(
                    "say which months: --year 2020-21, --months 2020-04..2021-03 or --last 12 --as-of DATE",
                ));
            }
        };
        let mut input = InputConfig::from_args(&args.input, &args.show, catalogue)?;
        let mut output = OutputConfig::from_args(
            &args.output,
            args.show.decimals,
            &args.publish,
            &input.catalogue,
        )?;
        match args.layout {
            Some(layout) => {
                output.render.layout = layout;
                output.render.layout_chosen = true;
            }
            None => {
                // Fitted only where it is read: a table on standard output.
                if output.targets.iter().all(|t| t.path.is_none()) {
                    output.render.fit_width = terminal_width();
                }
            }
        }
        output.protected = input.reads();
        output
            .protected
            .extend(reads(args.input.holidays.iter().cloned()));
        let rates = parse_rates(&args.rates)?;
        if !rates.is_empty() {
            input.calendar = Some(load_calendar(args.input.holidays.as_deref())?);
        }
        refuse_explain_when_suppressing(&input, &output)?;
        let spc = if args.spc {
            let baseline = match &args.spc_baseline {
                Some(text) => {
                    let period = parse_period(text)?;
                    if period.start() > months.end() {
                        return Err(Error::usage(format!(
                            "--spc-baseline {text}: give months before the last shown ({}), such as the year before them",
                            months.end()
                        )));
                    }
                    Some(period)
                }
                None => None,
            };
            let phases = args
                .spc_phases
                .iter()
                .map(|text| {
                    parse_period(text)
                        .ok()
                        .filter(|p| p.len_months() == 1)
                        .map(|p| p.start())
                        .ok_or_else(|| {
                            Error::usage(format!(
                                "--spc-phase {text}: give one month, such as 2020-04"
                            ))
                        })
                })
                .collect::<Result<Vec<_>>>()?;
            Some(crate::compare::spc::SpcSettings { baseline, phases })
        } else {
            None
        };
        Ok(MonthlyConfig {
            input,
            rates,
            spc,
            expected: expected_years(args.expected)?,
            months,
            output,
        })
    }
}

/// The `n` complete months before `as_of`: a month is complete when it ended before that day.
fn last_complete_months(n: u32, as_of: &str) -> Result<Period> {
    let date = parse_date(as_of.as_bytes()).map_err(|_| {
        Error::usage(format!(
            "--as-of {as_of}: not a date; write it as 2021-01-19 or 19/01/2021"
        ))
    })?;
    let this_month = date.month();
    // The month `as_of` falls in is complete only if `as_of` is the day after it ends, which
    // it cannot be: the first of the next month is already in the next month.
    let last = this_month.plus(-1);
    let first = last.plus(1 - to_i32(n));
    Period::new(first, last, Form::Months)
        .ok_or_else(|| Error::usage(format!("--last {n}: not a span of months")))
}

impl InputConfig {
    pub(crate) fn from_args(
        args: &InputArgs,
        show: &ShowArgs,
        base: &Catalogue,
    ) -> Result<InputConfig> {
        let catalogue = &with_measures(base, &args.measures)?;
        let inputs = args
            .inputs
            .iter()
            .map(std::ffi::OsString::as_os_str)
            .chain(args.measures.iter().map(std::ffi::OsStr::new))
            .map(|arg| InputSpec::parse(arg, catalogue))
            .collect::<Result<Vec<_>>>()?;
        let db = crate::app::database::options(args, !inputs.is_empty(), catalogue)?;
        let count = show.count;
        let dedupe = match (args.dedupe, args.no_dedupe) {
            (true, _) => Dedupe::On,
            (_, true) => Dedupe::Off,
            _ => Dedupe::Auto,
        };
        let by = match show.by.as_deref().map(str::trim) {
            Some("") => {
                return Err(Error::usage(
                    "--by needs a column name, for example --by \"Contact Source\"",
                ));
            }
            Some(column) if crate::model::measure::is_personal(column) => {
                return Err(Error::usage(format!(
                    "--by {column}: that column holds personal data (IDs, names, dates of birth, addresses); break down by a category such as \"Contact Source\" or \"Allocated Team\""
                )));
            }
            other => other.map(str::to_string),
        };
        // A type column's values that name no stage are counted, never shown; but a column of
        // names or IDs is not a type column at all.
        if let Some(column) = args
            .type_column
            .as_deref()
            .map(str::trim)
            .filter(|c| crate::model::measure::is_personal(c))
        {
            return Err(Error::usage(format!(
                "--type-column {column}: that column holds personal data (IDs, names, dates of birth, addresses); name the column that says each row's stage, such as \"Step Type\""
            )));
        }
        let columns = ColumnChoices {
            dates: parse_column_pairs("--date-column", &args.date_columns, catalogue)?,
            ids: parse_column_pairs("--id-column", &args.id_columns, catalogue)?,
            event_ids: parse_column_pairs("--event-id-column", &args.event_id_columns, catalogue)?,
            by,
            need_id: count.children() || dedupe == Dedupe::On,
            max_cells: within("--max-cells", args.max_cells, 1..=u64::MAX)?,
            include_hidden: args.include_hidden,
            context_columns: args
                .context_columns
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            count_columns: parse_column_pairs("--count-column", &args.count_columns, catalogue)?,
            type_column: args
                .type_column
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            types: std::sync::Arc::new(crate::model::stage_type::TypeMap::new(
                &args.types,
                catalogue,
            )?),
            date_order: match args.date_order.as_deref() {
                None | Some("day-first") => DateOrder::DayFirst,
                Some("month-first") => DateOrder::MonthFirst,
                Some(other) => {
                    return Err(Error::usage(format!(
                        "--date-order {other}: give day-first or month-first"
                    )));
                }
            },
            header_row: match args.header_row {
                Some(n) => Some(to_usize(within("--header-row", n.into(), 1..=1_000_000)?) - 1),
                None => None,
            },
        };
        let threads = match args.threads {
            Some(n) => to_usize(within("--threads", n.into(), 1..=256)?),
            None => available_threads(),
        };
        Ok(InputConfig {
            catalogue: catalogue.clone(),
            inputs,
            columns,
            count,
            dedupe,
            strict: args.strict,
            threads,
            verbose: args.verbose,
            explain: args.explain,
            by_max: match show.by_max {
                Some(n) => to_usize(within("--by-max", n.into(), 1..=10_000)?),
                None => DEFAULT_BY_MAX,
            },
            calendar: None,
            db,
        })
    }
}

impl InputConfig {
    /// The authority's own exports beside DfE's published data (`benchmark --own`): read as
    /// they are, counted in `unit`.
    fn own_exports(inputs: &[String], unit: Unit, catalogue: &Catalogue) -> Result<InputConfig> {
        let inputs = inputs
            .iter()
            .map(|arg| InputSpec::parse(arg, catalogue))
            .collect::<Result<Vec<_>>>()?;
        Ok(InputConfig {
            catalogue: catalogue.clone(),
            inputs,
            columns: ColumnChoices {
                need_id: unit == Unit::Children,
                ..ColumnChoices::default()
            },
            count: unit.into(),
            dedupe: Dedupe::Auto,
            strict: false,
            threads: available_threads(),
            verbose: false,
            explain: false,
            by_max: DEFAULT_BY_MAX,
            calendar: None,
            db: None,
        })
    }
}

/// Every file a run may read through `paths`: the files named, every file in a folder named
/// (read or skipped), and standard input's file when it is redirected from one.
pub(crate) fn reads(paths: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(PathBuf::from("/dev/stdin"));
        } else if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                out.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
            out.push(path);
        } else {
            out.push(path);
        }
    }
    out
}

impl InputConfig {
    /// The paths this input reads or may read.
    pub(crate) fn reads(&self) -> Vec<PathBuf> {
        let mut read = reads(self.inputs.iter().map(|spec| match &spec.path {
            crate::input::InputPath::File(p) => p.clone(),
            crate::input::InputPath::Stdin => PathBuf::from("-"),
        }));
        // The password file is read too: no output may replace it.
        read.extend(self.db.iter().filter_map(|db| db.password_file.clone()));
        read
    }
}

/// The threads the machine offers.
fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `--rates all` or a list of rate ids.
fn parse_rates(items: &[String]) -> Result<Vec<crate::model::rate::Rate>> {
    use crate::model::rate::Rate;
    let mut rates = Vec::new();
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if item == "all" {
            rates.extend(Rate::ALL);
            continue;
        }
        rates.push(Rate::from_id(item).ok_or_else(|| {
            let ids: Vec<&str> = Rate::ALL.iter().map(|r| r.id()).collect();
            Error::usage(format!(
                "--rates {item}: not a rate; use all or any of {}",
                ids.join(", ")
            ))
        })?);
    }
    rates.sort();
    rates.dedup();
    Ok(rates)
}

/// The England and Wales calendar, with `--holidays FILE` added.
fn load_calendar(extra: Option<&Path>) -> Result<crate::model::calendar::Calendar> {
    let mut calendar = crate::model::calendar::Calendar::england_and_wales();
    if let Some(path) = extra {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read", e))?;
        calendar.add_csv(&text, &path.display().to_string())?;
    }
    Ok(calendar)
}

/// The catalogue with each `--measure ID=PATH`'s measure added.
pub(crate) fn with_measures(base: &Catalogue, measures: &[String]) -> Result<Catalogue> {
    let mut catalogue = base.clone();
    for pair in measures {
        let Some((id, _)) = pair.split_once('=').filter(|(_, p)| !p.trim().is_empty()) else {
            return Err(Error::usage(format!(
                "--measure '{pair}': write ID=PATH, for example fostering-enquiries=enquiries.csv"
            )));
        };
        catalogue = catalogue
            .with_custom(id.trim())
            .map_err(|why| Error::usage(format!("--measure '{pair}': {why}")))?;
    }
    Ok(catalogue)
}

fn parse_period(text: &str) -> Result<Period> {
    text.parse().map_err(Error::Usage)
}

/// `--explain` prints the inputs' rows and events by measure, which beside the figures shown
/// could give a count `--suppress` withholds away: the two are not run together.
fn refuse_explain_when_suppressing(input: &InputConfig, output: &OutputConfig) -> Result<()> {
    if input.explain && output.publish.suppress.is_some() {
        return Err(Error::usage(
            "--explain prints the inputs' row and event counts, which could give a count --suppress withholds away; run --explain (or cscstats inspect) without --suppress to check the inputs",
        ));
    }
    Ok(())
}

/// `--expected N`, as the command line checks it: a report file's value is checked here too.
fn expected_years(years: Option<u32>) -> Result<Option<u32>> {
    years
        .map(|n| {
            let (low, high) = crate::app::cli::EXPECTED_YEARS.into_inner();
            within("--expected", n.into(), low.into()..=high.into()).map(to_u32)
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn column_pairs() {
        let c = Catalogue::builtin();
        let both = pairs(&["icpcs=Conference held on", "CONTACTS= When "]);
        let cols = parse_column_pairs("--date-column", &both, &c).unwrap();
        assert_eq!(cols[&c.by_id("icpcs").unwrap()], "Conference held on");
        assert_eq!(cols[&c.by_id("contacts").unwrap()], "When");
        let err = |items: &[&str]| {
            parse_column_pairs("--date-column", &pairs(items), &c)
                .unwrap_err()
                .to_string()
        };
        assert!(err(&["contacts"]).contains("write MEASURE=HEADER"));
        assert!(err(&["contacts="]).contains("write MEASURE=HEADER"));
        assert!(err(&["visits=Date"]).contains("'visits' is not a measure"));
        assert!(err(&["contacts=Date of Birth"]).contains("never an event date"));
        assert!(err(&["contacts=A", "contacts=B"]).contains("more than once"));
        let ids = parse_column_pairs("--id-column", &pairs(&["contacts=DOB"]), &c).unwrap();
        assert_eq!(ids.len(), 1, "only --date-column refuses a birth date");
    }

    #[test]
    fn last_complete_months_never_include_the_as_of_month() {
        let span = last_complete_months(12, "2021-01-19").unwrap();
        assert_eq!(
            (span.first_date().to_string(), span.last_date().to_string()),
            ("2020-01-01".into(), "2020-12-31".into())
        );
        let span = last_complete_months(3, "01/04/2021").unwrap();
        assert_eq!(
            (span.first_date().to_string(), span.last_date().to_string()),
            ("2021-01-01".into(), "2021-03-31".into())
        );
        assert!(
            last_complete_months(3, "yesterday")
                .unwrap_err()
                .to_string()
                .contains("not a date")
        );
    }
}
