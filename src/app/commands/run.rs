//! Report files: a whole report — inputs, tables, outputs — written once in TOML and re-run.
//!
//! Every key is a long option of `cscstats compare`, `monthly` or `benchmark`, spelled the
//! same (`period`, `date-column`, `count`, …). Each `[[compare]]`, `[[monthly]]` or
//! `[[benchmark]]` table, with the top-level keys as defaults, is deserialized (serde) into
//! the same option structs the command line fills, and checked by the same code into the same
//! configuration; nothing is turned back into command-line text. Two keys are the report's own: `inputs` (the INPUT arguments) and
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

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::app::cli::{BenchmarkArgs, Cli, CompareArgs, MonthlyArgs, RunArgs};
use crate::app::config::{
    BenchmarkConfig, CompareConfig, MonthlyConfig, OutputTarget, output_target,
};
use crate::model::date::DateOrder;
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::render::Format;

/// The report's own keys; every other key is a command-line option.
const INPUTS: &str = "inputs";

/// Options a report file can give one input of its own (`{ path = …, header-row = 3 }`).
#[derive(Debug, Clone, Copy, Default)]
struct FileOptions {
    header_row: Option<usize>,
    date_order: Option<DateOrder>,
}
const OUTPUT: &str = "output";
const FORMAT: &str = "format";
/// Options that hold paths, resolved like `inputs` and `output` (relative to the report).
const PATH_KEYS: [&str; 8] = [
    "chart",
    "provenance",
    "ledger",
    "holidays",
    "measure",
    "own",
    "benchmark",
    "db-password-file",
];
/// Those whose values may be `MEASURE=PATH`.
const PAIR_KEYS: [&str; 2] = ["measure", "own"];

const TABLES: [&str; 3] = ["compare", "monthly", "benchmark"];

/// One checked table of a report.
pub(super) enum Job {
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
pub(crate) fn run(args: &RunArgs, catalogue: &Catalogue) -> anyhow::Result<()> {
    let jobs = load(&args.report, catalogue)?;
    if args.check {
        let outputs: usize = jobs.iter().map(|j| job_output(j).targets.len()).sum();
        // Through Output, as every command writes: a closed pipe is not a panic.
        let line = format!(
            "{}: OK ({} table{}, {} output{})\n",
            args.report.display(),
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" },
            outputs,
            if outputs == 1 { "" } else { "s" }
        );
        return crate::app::output::Output::Stdout.write(line.as_bytes());
    }
    // No table's output may replace what any table reads, nor the report itself; and
    // nothing is written until every table has run.
    let mut read: Vec<PathBuf> = vec![args.report.clone()];
    for job in &jobs {
        read.extend(job_output(job).protected.iter().cloned());
    }
    let mut done = Vec::with_capacity(jobs.len());
    for mut job in jobs {
        let output = match &mut job {
            Job::Compare(c) => &mut c.output,
            Job::Monthly(m) => &mut m.output,
            Job::Benchmark(b) => &mut b.output,
        };
        output.quiet |= args.quiet;
        output.protected.clone_from(&read);
        done.push(match &job {
            Job::Compare(config) => crate::app::commands::compare::compare(config)?,
            Job::Monthly(config) => crate::app::commands::monthly::monthly(config)?,
            Job::Benchmark(config) => {
                crate::app::commands::benchmark::benchmark(config, catalogue)?
            }
        });
    }
    for finished in done {
        finished.commit()?;
    }
    Ok(())
}

fn job_output(job: &Job) -> &crate::app::config::OutputConfig {
    match job {
        Job::Compare(c) => &c.output,
        Job::Monthly(m) => &m.output,
        Job::Benchmark(b) => &b.output,
    }
}

/// Reads and checks a report file: every table's configuration is built, every input is
/// looked for and every output folder checked. No data is read.
pub(super) fn load(path: &Path, catalogue: &Catalogue) -> Result<Vec<Job>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read", e))?;
    let mut folder = path.parent().unwrap_or(Path::new(""));
    // A report's paths are its folder's, and are carried as text, as on a command line: a
    // folder whose name is not UTF-8 (a Latin-1 share) cannot be written into them, so the
    // run works from inside it instead, where the same paths need no folder.
    if folder.to_str().is_none() {
        crate::app::provenance::note_start();
        std::env::set_current_dir(folder)
            .map_err(|e| Error::io(folder, "cannot work in the report's folder", e))?;
        folder = Path::new("");
    }
    let report = Report {
        path,
        folder,
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

/// A table's entries, sorted out: its command's option fields (with where each key was),
/// its outputs and format, where its inputs were named and their per-file options.
struct Keys {
    fields: toml::Table,
    outputs: Vec<(Option<PathBuf>, Option<Format>)>,
    format: Option<Format>,
    inputs_at: usize,
    per_file: Vec<FileOptions>,
    keys: Vec<(String, usize)>,
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
        let keys = self.keys(command, span.start, &entries)?;
        self.require(command, span.start, &keys.fields)?;
        let place = |e: Error| self.place(e, &entries, span.start);
        let targets = self.targets(span.start, keys.outputs.clone(), keys.format, &place)?;
        let job = self.config(command, &keys, targets, catalogue, &place)?;
        let files: Vec<PathBuf> = match &job {
            Job::Compare(c) => input_files(&c.input.inputs),
            Job::Monthly(m) => input_files(&m.input.inputs),
            Job::Benchmark(b) => b.data.clone(),
        };
        if let Some(file) = files.iter().find(|f| !f.exists()) {
            return Err(self.error(
                keys.inputs_at,
                &format!("input {}: no such file or folder", file.display()),
            ));
        }
        Ok(job)
    }

    /// A table's entries as the fields of its command's options: report paths resolved,
    /// `x = false` spelled as the `no-x` option where there is one; outputs, format and
    /// per-file options apart.
    fn keys(&self, command: &str, start: usize, entries: &[Entry]) -> Result<Keys> {
        let mut fields = toml::Table::new();
        let mut outputs: Vec<(Option<PathBuf>, Option<Format>)> = Vec::new();
        let mut format = None;
        let mut inputs_at = start;
        let mut per_file: Vec<FileOptions> = Vec::new();
        let mut keys: Vec<(String, usize)> = Vec::new();
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            let at = key.span().start;
            match name {
                INPUTS => {
                    inputs_at = at;
                    let items = self.inputs(value)?;
                    let paths = items
                        .iter()
                        .map(|(i, _)| self.input_path(i).into())
                        .collect();
                    per_file = items.into_iter().map(|(_, o)| o).collect();
                    fields.insert(INPUTS.to_string(), toml::Value::Array(paths));
                    keys.push((INPUTS.to_string(), at));
                }
                OUTPUT => outputs = self.outputs(value)?,
                FORMAT => {
                    let text = self.strings(value)?.concat();
                    format = Some(Format::from_name(&text).ok_or_else(|| {
                        self.error(
                            value.span().start,
                            &format!("unknown format '{text}'; use {}", Format::names()),
                        )
                    })?);
                }
                _ if !has_flag(command, name) => {
                    return Err(self.error(
                        at,
                        &format!(
                            "unknown key '{name}' in [[{command}]]; the keys are the long options of `cscstats {command} --help`, plus inputs and output"
                        ),
                    ));
                }
                _ => {
                    let mut field = to_value(value.get_ref());
                    let mut name = name.to_string();
                    if field == toml::Value::Boolean(false)
                        && has_flag(command, &format!("no-{name}"))
                    {
                        name = format!("no-{name}");
                        field = toml::Value::Boolean(true);
                    }
                    if PATH_KEYS.contains(&name.as_str()) {
                        field = self.resolve(field, PAIR_KEYS.contains(&name.as_str()));
                    }
                    keys.push((name.clone(), at));
                    fields.insert(name, field);
                }
            }
        }
        Ok(Keys {
            fields,
            outputs,
            format,
            inputs_at,
            per_file,
            keys,
        })
    }

    /// A table needs inputs (or a database), and each command its own keys.
    fn require(&self, command: &str, start: usize, fields: &toml::Table) -> Result<()> {
        let has_measure = fields.contains_key("measure") || fields.contains_key("db");
        if !fields.contains_key(INPUTS) && !has_measure {
            return Err(self.error(start, &format!("[[{command}]] has no inputs; add inputs = [\"FOLDER\"] (or db = \"CONNECTION\") at the top of the report or in the table")));
        }
        // Each entry: a key, or keys one of which is needed.
        let required: &[&[&str]] = match command {
            "compare" => &[&["period"]],
            "benchmark" => &[&["la"], &["year", "years"]],
            _ => &[],
        };
        if let Some(missing) = required
            .iter()
            .find(|keys| !keys.iter().any(|k| fields.contains_key(*k)))
        {
            return Err(self.error(
                start,
                &format!("[[{command}]] needs {}", missing.join(" or ")),
            ));
        }
        Ok(())
    }

    /// A usage error placed at the entry whose value it quotes (else the table's start).
    fn place(&self, e: Error, entries: &[Entry], start: usize) -> Error {
        match e {
            Error::Usage(message) => {
                let at = entries
                    .iter()
                    .find(|(_, v)| {
                        value_text(v.get_ref())
                            .is_some_and(|t| !t.is_empty() && message.contains(&t))
                    })
                    .map_or(start, |(k, _)| k.span().start);
                self.error(at, &message)
            }
            other => other,
        }
    }

    /// The table's outputs (the terminal when none), each in an existing folder.
    fn targets(
        &self,
        start: usize,
        outputs: Vec<(Option<PathBuf>, Option<Format>)>,
        format: Option<Format>,
        place: &dyn Fn(Error) -> Error,
    ) -> Result<Vec<OutputTarget>> {
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
                    start,
                    &format!(
                        "output {}: the folder {} does not exist; create it first",
                        target.path.as_deref().unwrap_or(folder).display(),
                        folder.display()
                    ),
                ));
            }
        }
        Ok(targets)
    }

    /// The command's checked configuration from the table's fields.
    fn config(
        &self,
        command: &str,
        keys: &Keys,
        targets: Vec<OutputTarget>,
        catalogue: &Catalogue,
        place: &dyn Fn(Error) -> Error,
    ) -> Result<Job> {
        // Per-file options (`{ path = …, header-row = 3 }`) go to the inputs they name, in
        // order; `measure` inputs follow and have none.
        let apply = |inputs: &mut [crate::input::InputSpec]| {
            for (spec, options) in inputs.iter_mut().zip(&keys.per_file) {
                spec.header_row = options.header_row;
                spec.date_order = options.date_order;
            }
        };
        Ok(match command {
            "compare" => {
                let args: CompareArgs = self.fields(&keys.fields, &keys.keys)?;
                let mut config = CompareConfig::from_args(&args, catalogue).map_err(place)?;
                config.output.targets = targets;
                apply(&mut config.input.inputs);
                Job::Compare(config)
            }
            "monthly" => {
                let args: MonthlyArgs = self.fields(&keys.fields, &keys.keys)?;
                let mut config = MonthlyConfig::from_args(&args, catalogue).map_err(place)?;
                config.output.targets = targets;
                apply(&mut config.input.inputs);
                Job::Monthly(config)
            }
            _ => {
                let args: BenchmarkArgs = self.fields(&keys.fields, &keys.keys)?;
                let mut config = BenchmarkConfig::from_args(&args, catalogue).map_err(place)?;
                config.output.targets = targets;
                Job::Benchmark(config)
            }
        })
    }

    /// The `inputs` key: a path, or a list of paths and `{ path = "…", header-row = N,
    /// date-order = "month-first" }` tables, each with its per-file options.
    fn inputs(&self, value: &Spanned<DeValue>) -> Result<Vec<(String, FileOptions)>> {
        items(value)
            .into_iter()
            .map(|item| match item.get_ref() {
                DeValue::Table(table) => {
                    let mut path = None;
                    let mut options = FileOptions::default();
                    for (key, value) in table.iter() {
                        let at = key.span().start;
                        let text = value_text(value.get_ref());
                        match key.get_ref().as_ref() {
                            "path" => path = text,
                            "header-row" => {
                                let row = text
                                    .and_then(|t| t.parse::<usize>().ok())
                                    .filter(|&n| (1..=1_000_000).contains(&n))
                                    .ok_or_else(|| {
                                        self.error(
                                            value.span().start,
                                            "header-row: give a whole number from 1 to 1000000",
                                        )
                                    })?;
                                options.header_row = Some(row - 1);
                            }
                            "date-order" => {
                                options.date_order = Some(match text.as_deref() {
                                    Some("day-first") => DateOrder::DayFirst,
                                    Some("month-first") => DateOrder::MonthFirst,
                                    _ => {
                                        return Err(self.error(
                                            value.span().start,
                                            "date-order: give \"day-first\" or \"month-first\"",
                                        ));
                                    }
                                });
                            }
                            other => {
                                return Err(self.error(
                                    at,
                                    &format!(
                                        "unknown key '{other}' in an input; an input table takes path, header-row and date-order"
                                    ),
                                ));
                            }
                        }
                    }
                    let path = path.ok_or_else(|| {
                        self.error(item.span().start, "an input table needs path = \"…\"")
                    })?;
                    Ok((path, options))
                }
                other => value_text(other)
                    .map(|t| (t, FileOptions::default()))
                    .ok_or_else(|| {
                        self.error(item.span().start, "expected a path or { path = \"…\" }")
                    }),
            })
            .collect()
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

    /// The table's fields as a command's options. A value of the wrong type is reported at
    /// its key: each key is tried alone to find which one it is.
    fn fields<T: serde::de::DeserializeOwned>(
        &self,
        fields: &toml::Table,
        keys: &[(String, usize)],
    ) -> Result<T> {
        toml::Value::Table(fields.clone())
            .try_into()
            .map_err(|whole: toml::de::Error| {
                for (key, at) in keys {
                    let mut one = toml::Table::new();
                    if let Some(value) = fields.get(key) {
                        one.insert(key.clone(), value.clone());
                    }
                    if let Err(e) = toml::Value::Table(one).try_into::<T>() {
                        return self.error(*at, &format!("{key}: {}", e.message().trim_end()));
                    }
                }
                self.error(0, whole.message().trim_end())
            })
    }

    /// Paths in a value made relative to the report; `MEASURE=PATH` keeps its measure when
    /// `pairs` is set.
    fn resolve(&self, value: toml::Value, pairs: bool) -> toml::Value {
        match value {
            toml::Value::String(text) if pairs => toml::Value::String(self.input_path(&text)),
            toml::Value::String(text) => {
                toml::Value::String(self.folder.join(text).display().to_string())
            }
            toml::Value::Array(items) => {
                toml::Value::Array(items.into_iter().map(|i| self.resolve(i, pairs)).collect())
            }
            other => other,
        }
    }

    /// `output`: a path, or a list of paths and `{ path = …, format = … }` tables.
    fn outputs(&self, value: &Spanned<DeValue>) -> Result<Vec<(Option<PathBuf>, Option<Format>)>> {
        items(value)
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
                        Some(f) => Some(Format::from_name(&f).ok_or_else(|| {
                            self.error(
                                item.span().start,
                                &format!("unknown format '{f}'; use {}", Format::names()),
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
}

/// A key's value as a list: an array's items, or the one value.
fn items<'a, 'de>(value: &'a Spanned<DeValue<'de>>) -> Vec<&'a Spanned<DeValue<'de>>> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        _ => vec![value],
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

/// A parsed TOML value as a plain one, to deserialize the options from.
fn to_value(value: &DeValue) -> toml::Value {
    match value {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).map_or_else(
            |_| toml::Value::String(i.as_str().to_string()),
            toml::Value::Integer,
        ),
        DeValue::Float(f) => f.as_str().parse().map_or_else(
            |_| toml::Value::String(f.as_str().to_string()),
            toml::Value::Float,
        ),
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(d) => toml::Value::Datetime(*d),
        DeValue::Array(items) => {
            toml::Value::Array(items.iter().map(|i| to_value(i.get_ref())).collect())
        }
        DeValue::Table(t) => toml::Value::Table(
            t.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_value(v.get_ref())))
                .collect(),
        ),
    }
}

/// True when `cscstats COMMAND` has the long option `name`.
fn has_flag(command: &str, name: &str) -> bool {
    let cli = <Cli as clap::CommandFactory>::command();
    cli.find_subcommand(command)
        .is_some_and(|c| c.get_arguments().any(|a| a.get_long() == Some(name)))
}
