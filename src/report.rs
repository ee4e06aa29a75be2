//! Report files: a whole report — inputs, tables, outputs — written once in TOML and re-run.
//!
//! Every key is a long option of `cscstats compare` or `cscstats monthly`, spelled the same
//! (`period`, `date-column`, `count`, …). Each `[[compare]]` or `[[monthly]]` table, with the
//! top-level keys as defaults, is turned into the arguments of that command and parsed by the
//! same clap definition as the command line; so the two build the same checked configuration
//! and cannot drift apart. Two keys are the report's own: `inputs` (the INPUT arguments) and
//! `output` (one or more destinations). Paths are relative to the report file's folder.
//!
//! ```toml
//! inputs = ["committee-2021"]
//! date-column = { contacts = "Date of Contact" }
//!
//! [[compare]]
//! period = "2020-21:Q1-Q2"
//! output = ["-", "output/committee.csv", { path = "output/committee.txt", format = "markdown" }]
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::cli::{Cli, Command, RunArgs};
use crate::config::{BenchmarkConfig, CompareConfig, MonthlyConfig, OutputTarget, output_target};
use crate::error::{Error, Result};
use crate::measure::Catalogue;
use crate::render::Format;

/// The report's own keys; every other key is a command-line option.
const INPUTS: &str = "inputs";
const OUTPUT: &str = "output";
const FORMAT: &str = "format";
/// Options that are paths, resolved like `output` (relative to the report).
const PATH_KEYS: [&str; 2] = ["chart", "holidays"];

const TABLES: [&str; 3] = ["compare", "monthly", "benchmark"];

/// One checked table of a report.
pub enum Job {
    Compare(CompareConfig),
    Monthly(MonthlyConfig),
    Benchmark(BenchmarkConfig),
}

/// The files among some INPUTs (not standard input).
fn input_files(inputs: &[crate::input::InputSpec]) -> Vec<PathBuf> {
    inputs
        .iter()
        .filter_map(|s| s.path.as_file().map(Path::to_path_buf))
        .collect()
}

/// `cscstats run REPORT`.
pub fn run(args: &RunArgs, catalogue: &Catalogue) -> anyhow::Result<()> {
    let jobs = load(&args.report, catalogue)?;
    if args.check {
        let outputs: usize = jobs.iter().map(|j| job_output(j).targets.len()).sum();
        println!(
            "{}: OK ({} table{}, {} output{})",
            args.report.display(),
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" },
            outputs,
            if outputs == 1 { "" } else { "s" }
        );
        return Ok(());
    }
    for mut job in jobs {
        match &mut job {
            Job::Compare(config) => {
                config.output.quiet |= args.quiet;
                crate::compare(config)?;
            }
            Job::Monthly(config) => {
                config.output.quiet |= args.quiet;
                crate::monthly(config)?;
            }
            Job::Benchmark(config) => {
                config.output.quiet |= args.quiet;
                crate::benchmark(config, catalogue)?;
            }
        }
    }
    Ok(())
}

fn job_output(job: &Job) -> &crate::config::OutputConfig {
    match job {
        Job::Compare(c) => &c.output,
        Job::Monthly(m) => &m.output,
        Job::Benchmark(b) => &b.output,
    }
}

/// Reads and checks a report file: every table's configuration is built, every input is
/// looked for and every output folder checked. No data is read.
pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Vec<Job>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read", e))?;
    let report = Report {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        text: &text,
    };
    let root = DeTable::parse(&text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        report.error(at, e.message().trim_end())
    })?;
    let root = root.get_ref();

    let mut defaults = Vec::new();
    let mut tables = Vec::new();
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            name if TABLES.contains(&name) => {
                let Some(array) = value.get_ref().as_array() else {
                    return Err(report.error(
                        key.span().start,
                        &format!("write each {name} table as [[{name}]]"),
                    ));
                };
                for table in array.iter() {
                    match table.get_ref().as_table() {
                        Some(t) => tables.push((name.to_string(), table.span(), t)),
                        None => {
                            return Err(report.error(
                                table.span().start,
                                &format!("write each {name} table as [[{name}]]"),
                            ));
                        }
                    }
                }
            }
            _ => defaults.push((key, value)),
        }
    }
    tables.sort_by_key(|(_, span, _)| span.start);
    if tables.is_empty() {
        return Err(report.error(
            0,
            "the report has no tables; add a [[compare]], [[monthly]] or [[benchmark]] table",
        ));
    }
    tables
        .into_iter()
        .map(|(command, span, table)| report.job(&command, span, table, &defaults, catalogue))
        .collect()
}

type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

struct Report<'a> {
    path: &'a Path,
    folder: &'a Path,
    text: &'a str,
}

impl Report<'_> {
    /// A usage error at byte `at` of the report: `report.toml, line 7, column 3: …`.
    fn error(&self, at: usize, message: &str) -> Error {
        let before = self.text.get(..at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::usage(format!(
            "{}, line {line}, column {column}: {message}",
            self.path.display()
        ))
    }

    /// Builds one table's configuration from its keys and the report's defaults.
    fn job(
        &self,
        command: &str,
        span: Range<usize>,
        table: &DeTable,
        defaults: &[Entry],
        catalogue: &Catalogue,
    ) -> Result<Job> {
        let own: Vec<Entry> = table.iter().collect();
        let names: Vec<&str> = own.iter().map(|(k, _)| k.get_ref().as_ref()).collect();
        // The table's own keys win over the report's defaults.
        let entries: Vec<Entry> = defaults
            .iter()
            .filter(|(k, _)| !names.contains(&k.get_ref().as_ref()))
            .copied()
            .chain(own.iter().copied())
            .collect();

        let mut argv: Vec<String> = vec!["cscstats".into(), command.into()];
        let mut inputs: Vec<String> = Vec::new();
        let mut outputs: Vec<(Option<PathBuf>, Option<Format>)> = Vec::new();
        let mut format = None;
        let mut inputs_at = span.start;
        // Which key each argument came from, to place clap's complaints.
        let mut origin: Vec<(String, usize)> = Vec::new();
        for (key, value) in &entries {
            let name = key.get_ref().as_ref();
            let at = key.span().start;
            match name {
                INPUTS => {
                    inputs_at = at;
                    for item in self.strings(value)? {
                        inputs.push(self.input_path(&item));
                    }
                }
                OUTPUT => outputs = self.outputs(value)?,
                FORMAT => {
                    let text = self.strings(value)?.concat();
                    format = Some(parse_format(&text).ok_or_else(|| {
                        self.error(
                            value.span().start,
                            &format!("unknown format '{text}'; use table, csv, markdown or json"),
                        )
                    })?);
                }
                _ => {
                    let flag = format!("--{name}");
                    let mut args = self.flag_args(command, name, value)?;
                    if PATH_KEYS.contains(&name) {
                        // Chart files, like outputs, are relative to the report.
                        for arg in args.iter_mut().filter(|a| !a.starts_with("--")) {
                            *arg = self.folder.join(&*arg).display().to_string();
                        }
                    }
                    for arg in args {
                        origin.push((flag.clone(), at));
                        argv.push(arg);
                    }
                }
            }
        }
        let has_measure = entries
            .iter()
            .any(|(k, _)| k.get_ref().as_ref() == "measure");
        if inputs.is_empty() && !has_measure {
            return Err(self.error(span.start, &format!("[[{command}]] has no inputs; add inputs = [\"FOLDER\"] at the top of the report or in the table")));
        }
        argv.push("--".into());
        argv.extend(inputs);

        let cli =
            Cli::try_parse_from(&argv).map_err(|e| self.clap_error(command, &span, &origin, &e))?;
        let place = |e: Error| match e {
            Error::Usage(message) => {
                let at = entries
                    .iter()
                    .find(|(_, v)| {
                        value_text(v.get_ref())
                            .is_some_and(|t| !t.is_empty() && message.contains(&t))
                    })
                    .map_or(span.start, |(k, _)| k.span().start);
                self.error(at, &message)
            }
            other => other,
        };
        let targets = if outputs.is_empty() {
            vec![OutputTarget {
                path: None,
                format: format.unwrap_or(Format::Table),
            }]
        } else {
            outputs
                .into_iter()
                .map(|(path, own)| output_target(path.as_deref(), own.or(format)))
                .collect::<Result<Vec<_>>>()
                .map_err(place)?
        };
        for target in &targets {
            if let Some(folder) = target
                .path
                .as_deref()
                .and_then(Path::parent)
                .filter(|f| !f.as_os_str().is_empty() && !f.is_dir())
            {
                return Err(self.error(
                    span.start,
                    &format!(
                        "output {}: the folder {} does not exist; create it first",
                        target.path.as_deref().unwrap_or(folder).display(),
                        folder.display()
                    ),
                ));
            }
        }
        let job = match cli.command {
            Command::Compare(args) => {
                let mut config = CompareConfig::from_args(&args, catalogue).map_err(place)?;
                config.output.targets = targets;
                Job::Compare(config)
            }
            Command::Monthly(args) => {
                let mut config = MonthlyConfig::from_args(&args, catalogue).map_err(place)?;
                config.output.targets = targets;
                Job::Monthly(config)
            }
            Command::Benchmark(args) => {
                let mut config = BenchmarkConfig::from_args(&args, catalogue).map_err(place)?;
                config.output.targets = targets;
                Job::Benchmark(config)
            }
            _ => {
                return Err(self.error(
                    span.start,
                    "only [[compare]], [[monthly]] and [[benchmark]] tables can be run",
                ));
            }
        };
        let files: Vec<PathBuf> = match &job {
            Job::Compare(c) => input_files(&c.input.inputs),
            Job::Monthly(m) => input_files(&m.input.inputs),
            Job::Benchmark(b) => b.data.clone(),
        };
        if let Some(file) = files.iter().find(|f| !f.exists()) {
            return Err(self.error(
                inputs_at,
                &format!("input {}: no such file or folder", file.display()),
            ));
        }
        Ok(job)
    }

    /// A value as a list of strings: a string, a number, or an array of them.
    fn strings(&self, value: &Spanned<DeValue>) -> Result<Vec<String>> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .map(|item| {
                    value_text(item.get_ref())
                        .ok_or_else(|| self.error(item.span().start, "expected a string"))
                })
                .collect(),
            other => value_text(other).map(|t| vec![t]).ok_or_else(|| {
                self.error(value.span().start, "expected a string or a list of strings")
            }),
        }
    }

    /// The arguments a key stands for: `--key value` for each value; `--key` for `true`;
    /// `--no-key` (where there is one) for `false`; `--key k=v` for each entry of a table.
    fn flag_args(
        &self,
        command: &str,
        name: &str,
        value: &Spanned<DeValue>,
    ) -> Result<Vec<String>> {
        let flag = format!("--{name}");
        Ok(match value.get_ref() {
            DeValue::Boolean(true) => vec![flag],
            DeValue::Boolean(false) if has_flag(command, &format!("no-{name}")) => {
                vec![format!("--no-{name}")]
            }
            DeValue::Boolean(false) => Vec::new(),
            DeValue::Table(pairs) => pairs
                .iter()
                .map(|(k, v)| {
                    let text = value_text(v.get_ref())
                        .ok_or_else(|| self.error(v.span().start, "expected a string"))?;
                    Ok(vec![flag.clone(), format!("{}={text}", k.get_ref())])
                })
                .collect::<Result<Vec<_>>>()?
                .concat(),
            _ => self
                .strings(value)?
                .into_iter()
                .flat_map(|v| [flag.clone(), v])
                .collect(),
        })
    }

    /// `output`: a path, or a list of paths and `{ path = …, format = … }` tables.
    fn outputs(&self, value: &Spanned<DeValue>) -> Result<Vec<(Option<PathBuf>, Option<Format>)>> {
        let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        items
            .into_iter()
            .map(|item| match item.get_ref() {
                DeValue::Table(t) => {
                    let get = |k: &str| t.get(k).and_then(|v| value_text(v.get_ref()));
                    if let Some((key, _)) = t
                        .iter()
                        .find(|(k, _)| !["path", "format"].contains(&k.get_ref().as_ref()))
                    {
                        return Err(self.error(
                            key.span().start,
                            &format!(
                                "unknown key '{}' in an output; use path and format",
                                key.get_ref()
                            ),
                        ));
                    }
                    let path = get("path").ok_or_else(|| {
                        self.error(item.span().start, "an output table needs a path")
                    })?;
                    let format = match get("format") {
                        Some(f) => Some(parse_format(&f).ok_or_else(|| {
                            self.error(
                                item.span().start,
                                &format!("unknown format '{f}'; use table, csv, markdown or json"),
                            )
                        })?),
                        None => None,
                    };
                    Ok((self.output_path(&path), format))
                }
                other => {
                    let path = value_text(other)
                        .ok_or_else(|| self.error(item.span().start, "expected a path"))?;
                    Ok((self.output_path(&path), None))
                }
            })
            .collect()
    }

    /// An INPUT relative to the report: `MEASURE=PATH` keeps its measure.
    fn input_path(&self, input: &str) -> String {
        match input.split_once('=') {
            Some((measure, path)) if !measure.contains(['/', '\\', '.']) && path != "-" => {
                format!("{measure}={}", self.folder.join(path).display())
            }
            _ if input == "-" || input.ends_with("=-") => input.to_string(),
            _ => self.folder.join(input).display().to_string(),
        }
    }

    fn output_path(&self, path: &str) -> Option<PathBuf> {
        (path != "-").then(|| self.folder.join(path))
    }

    /// clap's complaint about the arguments, placed at the key they came from.
    fn clap_error(
        &self,
        command: &str,
        span: &Range<usize>,
        origin: &[(String, usize)],
        e: &clap::Error,
    ) -> Error {
        let invalid = match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.first().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let flag = invalid
            .split([' ', '='])
            .next()
            .unwrap_or_default()
            .to_string();
        let at = origin
            .iter()
            .find(|(f, _)| *f == flag)
            .map_or(span.start, |(_, at)| *at);
        let key = flag.trim_start_matches('-');
        let message = match e.kind() {
            ErrorKind::UnknownArgument => format!(
                "unknown key '{key}' in [[{command}]]; the keys are the long options of `cscstats {command} --help`, plus inputs and output"
            ),
            ErrorKind::MissingRequiredArgument => {
                format!(
                    "[[{command}]] needs {}",
                    invalid
                        .trim_start_matches('-')
                        .split(' ')
                        .next()
                        .unwrap_or_default()
                )
            }
            _ => {
                let text = e.to_string();
                let first = text
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("error: ");
                let values = text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("[possible values: "));
                match values.and_then(|v| v.strip_suffix(']')) {
                    Some(values) => format!("{key}: {first}; use one of {values}"),
                    None => format!("{key}: {first}"),
                }
            }
        };
        self.error(at, &message)
    }
}

/// A scalar as text (strings, numbers, dates); `None` for arrays and tables.
fn value_text(value: &DeValue) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        DeValue::Float(f) => Some(f.as_str().to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        DeValue::Datetime(d) => Some(d.to_string()),
        DeValue::Array(_) | DeValue::Table(_) => None,
    }
}

fn parse_format(text: &str) -> Option<Format> {
    <Format as clap::ValueEnum>::from_str(text, true).ok()
}

/// True when `cscstats COMMAND` has the long option `name`.
fn has_flag(command: &str, name: &str) -> bool {
    let cli = <Cli as clap::CommandFactory>::command();
    cli.find_subcommand(command)
        .is_some_and(|c| c.get_arguments().any(|a| a.get_long() == Some(name)))
}
