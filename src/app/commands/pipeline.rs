//! What every command shares: count the inputs (files, or the database), open every output
//! before the heavy work, and render a finished document to every output, written only when
//! the result is committed.

use anyhow::Result;

use crate::app::config::{InputConfig, OutputConfig};
use crate::app::ledger;
use crate::app::output::Output;
use crate::app::provenance;
use crate::count::Counted;
use crate::model::error::Error;
use crate::model::measure::Catalogue;
use crate::model::period::Period;
use crate::render::{Document, Format};

/// The provenance record of a table read from the inputs its data-quality rows name.
pub(crate) fn provenance_of(
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

/// The publishing rule, with the figures earlier papers published or withheld (`--ledger`)
/// that bear on a paper broken down by `by`.
pub(crate) fn with_ledger(
    output: &OutputConfig,
    by: Option<&str>,
) -> crate::model::error::Result<crate::compare::disclosure::Publish> {
    let mut publish = output.publish.clone();
    if let Some(path) = &output.ledger {
        publish.earlier = ledger::load(path, by)?;
    }
    Ok(publish)
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
    let ask = crate::count::CountAsk {
        dedupe: input.dedupe,
        children: input.count.children(),
        threads: input.threads,
        rates: input.calendar.as_ref(),
        window,
    };
    let counted = crate::count::count_all(loaded, &ask, catalogue)?;
    if let Some(plan) = plan {
        let inspection = crate::count::inspect::inspection(plan, &counted, periods, catalogue);
        crate::app::output::to_stderr(&crate::render::inspect::text(&inspection));
    }
    Ok((counted, outputs))
}

/// Counts the inputs (files, or the database with `--db`), then checks what was counted
/// the same way whichever it was. `periods` (the period and its baseline) are for
/// `--explain`'s coverage; `children_spans` the spans a database counts children over.
pub(crate) fn count_inputs(
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
    let settle = crate::count::Settle {
        by: input.columns.by.as_deref(),
        by_max: input.by_max,
        database: input.db.is_some(),
        children: input.count.children(),
        strict: input.strict,
    };
    crate::count::settle(&mut counted, &settle, catalogue)?;
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

/// What goes to one output: a rendered table or a chart.
pub(crate) enum Target {
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
pub(crate) fn open_outputs(
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
            let what = match target.format {
                Format::Docx => "a Word document",
                _ => "an Excel workbook",
            };
            return Err(Error::usage(format!(
                "{what} is not for the terminal; pass --output FILE.{} (or redirect standard output)",
                target.format.extension()
            )));
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
pub(crate) struct Done {
    writes: Vec<(Output, Vec<u8>)>,
    note: Option<String>,
}

impl Done {
    /// Writes every output, then prints the note.
    pub(crate) fn commit(self) -> Result<()> {
        for (output, bytes) in self.writes {
            output.write(&bytes)?;
        }
        if let Some(note) = self.note {
            crate::app::output::to_stderr(&note);
        }
        Ok(())
    }
}

/// Renders `document` to every output, to be written with the data-quality note when the
/// result is committed.
pub(crate) fn write_all(
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
