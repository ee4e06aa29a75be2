//! The application: the command line and report files, the checked configuration, each
//! command's orchestration (read → count → compare → render) and the output files. The only
//! layer that knows clap and TOML.

mod checked;
pub mod cli;
pub mod config;
mod database;
mod de;
mod ledger;
pub mod output;
mod output_config;
mod provenance;
pub mod report;

use anyhow::Result;

use crate::app::cli::{Cli, Command};
use crate::app::config::{
    BenchmarkConfig, BenchmarkSpan, CompareConfig, InputConfig, MonthlyConfig, OutputConfig,
};
use crate::app::output::Output;
use crate::count::Counted;
use crate::model::error::{Error, Location};
use crate::model::measure::Catalogue;
use crate::model::period::Period;
use crate::render::{Document, Format};

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
        Command::Compare(args) => compare(&CompareConfig::from_args(&args, &catalogue)?)?.commit(),
        Command::Monthly(args) => monthly(&MonthlyConfig::from_args(&args, &catalogue)?)?.commit(),
        Command::Benchmark(args) => {
            benchmark(&BenchmarkConfig::from_args(&args, &catalogue)?, &catalogue)?.commit()
        }
        Command::Inspect(args) => inspect(&args, &catalogue),
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
pub fn compare(config: &CompareConfig) -> Result<Done> {
    let catalogue = &config.input.catalogue;
    let periods = Some((&config.current, &config.baseline));
    // Expected levels read the same months of up to N years before.
    let before = config.expected.map_or(0, |years| 12 * years as i32);
    let spans = vec![config.current, config.baseline];
    let (counted, outputs) = count_inputs(
        &config.input,
        &config.output,
        catalogue,
        periods,
        before,
        spans,
    )?;
    let question = crate::compare::comparison::Question {
        current: &config.current,
        baseline: &config.baseline,
        count: config.input.count,
        by: config.input.columns.by.as_deref(),
        rates: &config.rates,
    };
    let mut comparison = crate::compare::comparison::compare(catalogue, &counted, &question)?;
    comparison.per_day(&config.current, &config.baseline);
    if config.input.strict {
        let rows = comparison.rows.iter();
        refuse_partial(rows.map(|r| (&r.measure, &r.coverage)), &counted, catalogue)?;
    }
    with_ledger(&config.output, comparison.by.as_deref())?.apply_compare(&mut comparison);
    // Intervals from the figures as published, so none gives a withheld count away.
    let shown = config.output.render.intervals
        || config
            .output
            .targets
            .iter()
            .any(|t| matches!(t.format, Format::Html | Format::Xlsx | Format::Docx));
    crate::compare::significance::annotate(
        &mut comparison,
        &config.current,
        &config.baseline,
        config.confidence,
        shown,
    );
    if let Some(years) = config.expected {
        let notes = crate::compare::expected::compare(
            &mut comparison,
            catalogue,
            &counted,
            &config.current,
            years,
            &|counts, shown| config.output.publish.expected_counts(counts, shown),
        );
        comparison.notes.extend(notes);
    }
    if let Some(benchmark) = &config.benchmark {
        // After disclosure control: the authority's own rates come from the counts shown.
        let published = crate::input::published::read(&benchmark.data, catalogue)?;
        let q = crate::compare::comparators::ComparatorQuestion {
            authority: &benchmark.authority,
            population: benchmark.population,
        };
        crate::compare::comparators::attach(
            &mut comparison,
            catalogue,
            &published,
            &config.current,
            &q,
        )?;
    }
    comparison.explain_partial();
    comparison.drivers = crate::compare::drivers::of(&comparison, config.output.similar_within);
    comparison.summary = crate::compare::summary::compare(
        &comparison,
        config.output.similar_within,
        config.output.render.decimals,
    );
    let periods = format!(
        "{} is {} to {}; {} is {} to {}",
        comparison.current.label,
        comparison.current.from,
        comparison.current.to,
        comparison.baseline.label,
        comparison.baseline.from,
        comparison.baseline.to
    );
    if config.hide_groups {
        // `--drivers` without `--by`: the groups name the drivers but are not shown.
        comparison.rows.retain(|r| r.group.is_none());
        comparison.by = None;
    }
    comparison.provenance = Some(provenance_of(
        &comparison.data_quality,
        periods,
        &config.output,
    )?);
    write_all(outputs, &config.output, Document::Compare(&comparison))
}

/// The provenance record of a table read from the inputs its data-quality rows name.
fn provenance_of(
    quality: &[crate::compare::document::FileQuality],
    periods: String,
    output: &OutputConfig,
) -> crate::model::error::Result<crate::model::provenance::Provenance> {
    let files: Vec<String> = quality.iter().map(|q| q.file.clone()).collect();
    provenance::record(
        &files,
        &provenance::Ask {
            show_paths: output.render.show_paths,
            hash: output.hash_inputs,
            periods,
            disclosure: &output.publish,
            contact: output.contact.clone(),
        },
    )
}

/// Under `--strict`, a figure whose inputs do not cover its period is an error, not a mark:
/// the first of `rows` (measure, coverage) that is partial.
fn refuse_partial<'a>(
    rows: impl Iterator<Item = (&'a String, &'a Option<crate::count::coverage::Coverage>)>,
    counted: &Counted,
    catalogue: &Catalogue,
) -> crate::model::error::Result<()> {
    for (measure, coverage) in rows {
        let Some(coverage) = coverage.as_ref().filter(|c| c.is_partial()) else {
            continue;
        };
        let file = catalogue
            .by_id(measure)
            .and_then(|m| counted.feeds.iter().find(|f| f.measure == m))
            .map_or_else(|| measure.clone(), |f| f.table.clone());
        return Err(Error::input(
            Location::file(file),
            format!(
                "the inputs for {measure} do not cover the whole period and baseline ({}); choose a period they cover, or drop --strict to show the figure marked as partial",
                coverage.gaps_text()
            ),
        ));
    }
    Ok(())
}

/// The publishing rule, with the figures earlier papers published or withheld (`--ledger`)
/// that bear on a paper broken down by `by`.
fn with_ledger(
    output: &OutputConfig,
    by: Option<&str>,
) -> crate::model::error::Result<crate::compare::disclosure::Publish> {
    let mut publish = output.publish.clone();
    if let Some(path) = &output.ledger {
        publish.earlier = ledger::load(path, by)?;
    }
    Ok(publish)
}

/// How far before the months shown children are kept for control limits' default baseline
/// (the data's first whole months, wherever they are): a century.
const SPC_MONTHS_BEFORE: i32 = 1200;

/// `cscstats monthly`: read every input, count, tabulate each month, render, write.
pub fn monthly(config: &MonthlyConfig) -> Result<Done> {
    let catalogue = &config.input.catalogue;
    let baseline = config.months.year_earlier();
    let periods = Some((&config.months, &baseline));
    // Rolling years reach 11 months back; expected levels the same months of N years before.
    let mut before = config
        .expected
        .map_or(11, |years| (12 * years as i32).max(11));
    let mut spans = crate::compare::monthly::children_spans(&config.months);
    // Control limits' baseline months may lie before those shown: by default the data's
    // first whole months, anywhere before them.
    if let Some(spc) = &config.spc {
        let first = config.months.year_earlier().start();
        // Runs are followed through the whole of the data: children are kept for every
        // month before those shown.
        before = before.max(SPC_MONTHS_BEFORE);
        if let Some(period) = &spc.baseline {
            before = before.max(first.index() - period.start().index());
            spans.extend(period.months().map(crate::model::period::single_month));
        }
    }
    let (counted, outputs) = count_inputs(
        &config.input,
        &config.output,
        catalogue,
        periods,
        before,
        spans,
    )?;
    let by = config.input.columns.by.as_deref();
    let mut table = crate::compare::monthly::monthly(
        catalogue,
        &counted,
        &config.months,
        config.input.count,
        by,
    )?;
    if config.input.strict {
        let rows = table.rows.iter();
        refuse_partial(rows.map(|r| (&r.measure, &r.coverage)), &counted, catalogue)?;
    }
    table.rates = crate::compare::monthly::rates(
        catalogue,
        &counted,
        &config.rates,
        &config.months,
        &mut table.notes,
    );
    with_ledger(&config.output, table.by.as_deref())?.apply_monthly(&mut table);
    table.explain_marks();
    // From the counts as published, so that no withheld count enters a limit or a mean.
    if let Some(settings) = &config.spc {
        let publish = &config.output.publish;
        let series = crate::compare::spc::series(catalogue, &counted, &table, settings, &|count| {
            publish.shown(count)
        });
        let notes = crate::compare::spc::annotate(&mut table, settings, &series);
        table.notes.extend(notes);
    }
    if let Some(years) = config.expected {
        let notes = crate::compare::expected::monthly(
            &mut table,
            catalogue,
            &counted,
            years,
            &|counts, shown| config.output.publish.expected_counts(counts, shown),
        );
        table.notes.extend(notes);
    }
    table.summary = crate::compare::summary::monthly(
        &table,
        config.output.similar_within,
        config.output.render.decimals,
    );
    let periods = format!(
        "months {} to {}, each against the same month a year earlier ({} to {})",
        table.from, table.to, table.previous_from, table.previous_to
    );
    table.provenance = Some(provenance_of(&table.data_quality, periods, &config.output)?);
    write_all(outputs, &config.output, Document::Monthly(&table))
}

/// `cscstats benchmark`: read DfE's published tables (and the authority's own exports, if
/// given), compare the authority with England, its region and its neighbours.
pub fn benchmark(config: &BenchmarkConfig, catalogue: &Catalogue) -> Result<Done> {
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
            let mut trend = crate::compare::trend::trend(catalogue, &published, &question)?;
            config.output.publish.apply_trend(&mut trend);
            return write_all(outputs, &config.output, Document::Trend(&trend));
        }
    };
    let question = crate::compare::benchmark::BenchmarkQuestion {
        authority: &config.authority,
        year,
        population_year: config.population_year,
        unit: config.unit,
    };
    let mut table =
        crate::compare::benchmark::benchmark(catalogue, &published, own.as_ref(), &question)?;
    config.output.publish.apply_benchmark(&mut table);
    // After disclosure control: a withheld figure is never named.
    table.summary = crate::compare::summary::benchmark(&table, config.output.similar_within);
    write_all(outputs, &config.output, Document::Benchmark(&table))
}

/// `cscstats inspect`: the plan for every input and what its rows span, on standard output.
pub fn inspect(args: &crate::app::cli::InspectArgs, catalogue: &Catalogue) -> Result<()> {
    use std::io::IsTerminal;
    // Row values go to a person at a terminal, never into a file or a pipe.
    if args.show_type_values && !std::io::stdout().is_terminal() {
        return Err(Error::usage(
            "--show-type-values prints row values, so only to a terminal: run it without redirecting or piping the output",
        )
        .into());
    }
    let input = InputConfig::from_args(&args.input, &Default::default(), catalogue)?;
    let catalogue = &input.catalogue;
    let periods = match &args.period {
        Some(period) => {
            let current: Period = period.parse().map_err(Error::Usage)?;
            let baseline = match &args.baseline {
                Some(text) => text.parse().map_err(Error::Usage)?,
                None => current.year_earlier(),
            };
            Some((current, baseline))
        }
        None => None,
    };
    let (counted, plan) = match &input.db {
        Some(db) => {
            let ask = crate::count::db::Ask {
                children: false,
                by: input.columns.by.as_deref(),
                spans: Vec::new(),
                rates: None,
            };
            crate::count::db::count(db, &ask, catalogue)?
        }
        None => {
            let loaded = crate::input::load(&input.inputs, &input.columns, catalogue)?;
            let plan = crate::count::inspect::plan(&loaded, catalogue);
            let counted = crate::count::count_all(
                loaded,
                input.dedupe,
                false,
                input.threads,
                None,
                None,
                catalogue,
            )?;
            (counted, plan)
        }
    };
    let mut inspection = crate::count::inspect::inspection(
        plan,
        &counted,
        periods.as_ref().map(|(c, b)| (c, b)),
        catalogue,
    );
    if let Some(column) = crate::count::month_first_column(&counted) {
        inspection
            .notes
            .push(column.month_first_error().to_string());
    }
    if let Some(column) = crate::count::dateless_column(&counted) {
        inspection.notes.push(column.dateless_error().to_string());
    }
    let mut text = match args.format {
        crate::app::cli::InspectFormat::Table => crate::render::inspect::text(&inspection),
        crate::app::cli::InspectFormat::Json => crate::render::inspect::json(&inspection)?,
    };
    if args.show_type_values {
        text.push_str(&crate::render::inspect::type_values(&counted.type_values));
    }
    Output::Stdout.write(text.as_bytes())
}

/// Counts the Standard Safeguarding Dataset in the reporting database (`--db`): aggregates,
/// with distinct children for each of `spans` (the ones the table shows).
fn count_database(
    db: &crate::count::db::DbOptions,
    input: &InputConfig,
    output: &OutputConfig,
    catalogue: &Catalogue,
    periods: Option<(&Period, &Period)>,
    spans: Vec<Period>,
) -> Result<(Counted, Vec<(Output, Target)>)> {
    let outputs = open_outputs(output, &[])?;
    let ask = crate::count::db::Ask {
        children: input.count.children(),
        by: input.columns.by.as_deref(),
        spans,
        rates: input.calendar.as_ref(),
    };
    let (counted, plan) = crate::count::db::count(db, &ask, catalogue)?;
    if input.explain {
        let inspection = crate::count::inspect::inspection(plan, &counted, periods, catalogue);
        crate::app::output::to_stderr(&crate::render::inspect::text(&inspection));
    }
    Ok((counted, outputs))
}

/// Loads the input files, opens every output (so a bad path fails before the heavy work),
/// then counts.
fn count_files(
    input: &InputConfig,
    output: &OutputConfig,
    catalogue: &Catalogue,
    periods: Option<(&Period, &Period)>,
    months_before: i32,
) -> Result<(Counted, Vec<(Output, Target)>)> {
    let loaded = crate::input::load(&input.inputs, &input.columns, catalogue)?;
    let plan = input
        .explain
        .then(|| crate::count::inspect::plan(&loaded, catalogue));
    let outputs = open_outputs(output, &loaded.files())?;
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
    if input.verbose {
        crate::app::output::to_stderr(&crate::render::note::plan_note(&loaded, catalogue));
    }
    // Children and repeats are kept only for the months the spans asked about need (and
    // `months_before` the first of them); for every month otherwise.
    let window = periods.map(|(current, baseline)| {
        let first = current.start().min(baseline.start());
        (
            first.plus(-months_before),
            current.end().max(baseline.end()),
        )
    });
    let counted = crate::count::count_all(
        loaded,
        input.dedupe,
        input.count.children(),
        input.threads,
        input.calendar.as_ref(),
        window,
        catalogue,
    )?;
    if let Some(plan) = plan {
        let inspection = crate::count::inspect::inspection(plan, &counted, periods, catalogue);
        crate::app::output::to_stderr(&crate::render::inspect::text(&inspection));
    }
    Ok((counted, outputs))
}

/// Counts the inputs (files, or the database with `--db`), then checks what was counted
/// the same way whichever it was. `periods` (the period and its baseline) are for
/// `--explain`'s coverage; `children_spans` the spans a database counts children over.
fn count_inputs(
    input: &InputConfig,
    output: &OutputConfig,
    catalogue: &Catalogue,
    periods: Option<(&Period, &Period)>,
    months_before: i32,
    children_spans: Vec<Period>,
) -> Result<(Counted, Vec<(Output, Target)>)> {
    let started = std::time::Instant::now();
    let (mut counted, outputs) = match &input.db {
        Some(db) => count_database(db, input, output, catalogue, periods, children_spans)?,
        None => count_files(input, output, catalogue, periods, months_before)?,
    };
    // A breakdown with more distinct values than half its rows identifies people (an ID, a
    // name, a date of birth under another heading): refused, as a header that says so is.
    if let Some(by) = &input.columns.by {
        for (measure, counts) in &counted.measures {
            let rows: u64 = counted
                .feeds
                .iter()
                .filter(|f| f.measure == *measure)
                .map(|f| f.tally.rows_read)
                .sum();
            let distinct = counts.group_count() as u64;
            if rows >= 20 && distinct * 2 > rows {
                return Err(Error::usage(format!(
                    "--by {by}: {distinct} different values in {rows} rows of {}, so it identifies people rather than grouping them; break down by a category such as \"Contact Source\"",
                    catalogue.get(*measure).id
                ))
                .into());
            }
        }
    }
    if let Some(column) = crate::count::month_first_column(&counted) {
        return Err(column.month_first_error().into());
    }
    if let Some(column) = crate::count::dateless_column(&counted) {
        return Err(column.dateless_error().into());
    }
    if let (Some(by), Some(_), true) = (&input.columns.by, &input.db, input.count.children()) {
        // The database counts each group's distinct children; those of groups added together
        // as "Other" cannot be added up (a child may be in several), so they are not shown.
        if let Some((measure, counts)) = counted
            .measures
            .iter()
            .find(|(_, c)| c.group_count() > input.by_max)
        {
            return Err(Error::usage(format!(
                "--by {by}: {} values in {} and --by-max {}; with --db and --count children every value is shown, so raise --by-max to {} or count events",
                counts.group_count(),
                catalogue.get(*measure).id,
                input.by_max,
                counts.group_count()
            ))
            .into());
        }
    }
    if let Some(by) = &input.columns.by {
        let mut notes = Vec::new();
        for (measure, counts) in &mut counted.measures {
            let groups = counts.group_count();
            let folded = counts.fold_groups(input.by_max);
            if folded > 0 {
                notes.push(format!(
                    "{}: {folded} of {groups} values of {by} with the fewest events added together as \"Other\" (--by-max {})",
                    catalogue.get(*measure).id,
                    input.by_max
                ));
            }
        }
        counted.notes.extend(notes);
    }
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
    if input.verbose {
        let rows: u64 = counted.feeds.iter().map(|f| f.tally.rows_read).sum();
        crate::app::output::to_stderr(&format!(
            "Counted {rows} rows in {} ms (up to {} threads).\n",
            started.elapsed().as_millis(),
            input.threads
        ));
    }
    Ok((counted, outputs))
}

/// Renders `document` to every output, then prints the data-quality note.
/// What goes to one output: a rendered table or a chart.
enum Target {
    Table(Format),
    Chart {
        png: bool,
    },
    /// The provenance record as JSON (`--provenance FILE`).
    Provenance,
    /// The disclosure ledger, with this paper's figures added (`--ledger FILE`).
    Ledger(std::path::PathBuf),
}

/// Opens every output and chart file, refusing the inputs, before any data is read.
fn open_outputs(
    config: &OutputConfig,
    inputs: &[&std::path::Path],
) -> crate::model::error::Result<Vec<(Output, Target)>> {
    use std::io::IsTerminal;
    // Everything the run reads, or may read: the files counted and every other path the
    // configuration names (input folders' files, holidays, published data, the report).
    let read: Vec<&std::path::Path> = inputs
        .iter()
        .copied()
        .chain(config.protected.iter().map(|p| p.as_path()))
        .collect();
    let mut outputs = Vec::new();
    for target in &config.targets {
        if target.format.is_binary() && target.path.is_none() && std::io::stdout().is_terminal() {
            return Err(Error::usage(
                "an Excel workbook is not for the terminal; pass --output FILE.xlsx (or redirect standard output)",
            ));
        }
        let output = Output::prepare("--output", target.path.as_deref(), &read)?;
        outputs.push((output, Target::Table(target.format)));
    }
    for chart in &config.charts {
        let output = Output::prepare("--chart", Some(&chart.path), &read)?;
        outputs.push((output, Target::Chart { png: chart.png }));
    }
    if let Some(path) = &config.provenance {
        let output = Output::prepare("--provenance", Some(path), &read)?;
        outputs.push((output, Target::Provenance));
    }
    // No two outputs of a run may be one file: the second would replace the first.
    let paths: Vec<&std::path::Path> = config
        .targets
        .iter()
        .filter_map(|t| t.path.as_deref())
        .chain(config.charts.iter().map(|c| c.path.as_path()))
        .chain(config.provenance.as_deref())
        .chain(config.ledger.as_deref())
        .filter(|p| *p != std::path::Path::new("-"))
        .collect();
    for (i, a) in paths.iter().enumerate() {
        let special = a.starts_with("/dev") || a.starts_with("/proc");
        if !special
            && paths
                .iter()
                .skip(i + 1)
                .any(|b| crate::app::output::same_file(a, b))
        {
            return Err(Error::usage(format!(
                "{} is named as two outputs of this run; give each output a file of its own",
                a.display()
            )));
        }
    }
    if let Some(path) = &config.ledger {
        // The ledger is read and replaced, by design: a folder of inputs may hold it (and
        // passes it over), but no file counted may be it.
        let others: Vec<&std::path::Path> = inputs
            .iter()
            .copied()
            .chain(
                config
                    .protected
                    .iter()
                    .map(|p| p.as_path())
                    .filter(|p| !crate::app::output::same_file(p, path)),
            )
            .collect();
        let output = Output::prepare("--ledger", Some(path), &others)?;
        outputs.push((output, Target::Ledger(path.clone())));
    }
    Ok(outputs)
}

#[must_use = "nothing is written until it is committed"]
/// A finished command: every output rendered, waiting to be written, and the data-quality
/// note. Nothing is written until [`Done::commit`], so a report writes its outputs only once
/// all its tables have run.
pub struct Done {
    writes: Vec<(Output, Vec<u8>)>,
    note: Option<String>,
}

impl Done {
    /// Writes every output, then prints the note.
    pub fn commit(self) -> Result<()> {
        for (output, bytes) in self.writes {
            output.write(&bytes)?;
        }
        if let Some(note) = self.note {
            crate::app::output::to_stderr(&note);
        }
        Ok(())
    }
}

fn write_all(
    outputs: Vec<(Output, Target)>,
    config: &OutputConfig,
    document: Document,
) -> Result<Done> {
    let mut writes = Vec::with_capacity(outputs.len());
    for (output, target) in outputs {
        let bytes = match target {
            Target::Table(format) => crate::render::render(format, config.render, document)?,
            Target::Chart { png } => {
                let chart = crate::render::chart::Chart::of(document).ok_or_else(|| {
                    Error::usage("there is nothing to chart: the table has no rows")
                })?;
                if png {
                    chart.png()?
                } else {
                    chart.svg()?.into_bytes()
                }
            }
            Target::Ledger(path) => crate::app::ledger::updated(&path, document, ledger::today())?,
            Target::Provenance => {
                let record = document.provenance().ok_or_else(|| {
                    Error::usage("--provenance is for compare and monthly tables")
                })?;
                let mut json = serde_json::to_vec_pretty(record)?;
                json.push(b'\n');
                json
            }
        };
        writes.push((output, bytes));
    }
    Ok(Done {
        writes,
        note: (!config.quiet).then(|| crate::render::note::data_quality_note(document)),
    })
}
