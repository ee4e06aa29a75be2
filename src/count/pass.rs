//! The one pass over every planned table: what to keep for each measure (repeats, children,
//! IDs), each table tallied once (in parallel parts where it can be), and what the pass found
//! recorded as feeds and notes — or refused, when a table is not what it seemed.

use std::collections::{BTreeMap, HashSet};

use indicatif::{ProgressBar, ProgressStyle};

use crate::count::rates::RateReader;
use crate::count::{
    Counted, FeedRecord, FeedTally, MeasureCounts, RatePass, TypeValues, parallel, tally,
    tally_table,
};
use crate::input::detect::Feed;
use crate::input::reader::decode;
use crate::input::{Loaded, PlannedTable};
use crate::model::calendar::Calendar;
use crate::model::error::{Error, Result};
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::number::thousands;
use crate::model::period::Month;
use crate::model::units::Dedupe;

/// Inputs smaller than this finish too fast for a progress bar to help.
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// What to keep beyond events, and how to read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CountAsk<'a> {
    /// Drop repeated events: always, never, or when extracts overlap.
    pub(crate) dedupe: Dedupe,
    /// Keep each month's distinct children.
    pub(crate) children: bool,
    /// Large CSV files are counted on up to this many threads.
    pub(crate) threads: usize,
    /// Tally the derived rates too, on this calendar's working days.
    pub(crate) rates: Option<&'a Calendar>,
    /// Keep children and repeats only for these months (and every month when `None`).
    pub(crate) window: Option<(Month, Month)>,
}

/// Reads every planned table once.
pub(crate) fn count_all(loaded: Loaded, ask: &CountAsk, catalogue: &Catalogue) -> Result<Counted> {
    let Loaded {
        mut tables,
        precounted,
        notes,
    } = loaded;
    let mut counted = Counted {
        precounted,
        notes,
        ..Counted::default()
    };
    for measure in catalogue.ids() {
        let feeding: Vec<&PlannedTable> = tables
            .iter()
            .filter(|t| t.plan.feeds.iter().any(|f| f.measure == measure))
            .collect();
        if !feeding.is_empty() {
            let counts = measure_counts(measure, &feeding, ask, catalogue, &mut counted.notes);
            counted.measures.insert(measure, counts);
        }
    }
    let progress = progress_bar(&tables);
    let rates_dedupe = rates_dedupe(&tables, ask.dedupe);
    // The tables read so far for each measure, for the note on overlapping extracts.
    let mut read_before: BTreeMap<MeasureId, Vec<String>> = BTreeMap::new();
    for (planned, rates_dedupe) in tables.iter_mut().zip(rates_dedupe) {
        let feeds = planned.plan.feeds.clone();
        let size = planned
            .table
            .path
            .as_file()
            .and_then(|p| p.metadata().ok())
            .map_or(0, |m| m.len());
        let before = progress.as_ref().map_or(0, ProgressBar::position);
        let result = tally_one(
            planned,
            &feeds,
            &mut counted,
            ask,
            catalogue,
            rates_dedupe,
            progress.as_ref(),
        );
        if let Some(bar) = &progress {
            bar.set_position(before + size);
        }
        footer_note(planned, catalogue, &mut counted);
        let result = result?;
        if planned.table.empty_is_none && result.first().is_some_and(|t| t.rows_read == 0) {
            counted.notes.push(format!(
                "{}: a header row and no rows: no events",
                planned.table.name()
            ));
        }
        refuse_inner_header(planned, &feeds, &result)?;
        refuse_type_column(planned, &feeds, &result)?;
        record_feeds(
            planned,
            &feeds,
            result,
            catalogue,
            &mut read_before,
            &mut counted,
        );
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    // Measures only a workflow table could have held, and none of its rows named.
    let fed: HashSet<MeasureId> = counted.feeds.iter().map(|f| f.measure).collect();
    counted.measures.retain(|m, _| fed.contains(m));
    if let (Some(tallies), Some(calendar)) = (&mut counted.rates, ask.rates) {
        tallies.finish(calendar);
    }
    for counts in counted.measures.values_mut() {
        counts.finish();
    }
    Ok(counted)
}

/// What to keep for `measure`, fed by `feeding`: repeats dropped by the event's own ID, or
/// by child and date (and source), children, the window; with a note where a choice costs.
fn measure_counts(
    measure: MeasureId,
    feeding: &[&PlannedTable],
    ask: &CountAsk,
    catalogue: &Catalogue,
    notes: &mut Vec<String>,
) -> MeasureCounts {
    let dedupe = ask.dedupe;
    let feeds_of = || {
        feeding
            .iter()
            .flat_map(|t| &t.plan.feeds)
            .filter(move |f| f.measure == measure)
    };
    // An event with its own ID in every table is counted once per ID, unless --no-dedupe.
    let by_event = dedupe != Dedupe::Off && feeds_of().all(|f| f.event_column.is_some());
    let grain = repeats_by_grain(dedupe, measure, feeding);
    // Two tables that each hold the measure as their own are read as extracts that may
    // overlap: an event in both counts once.
    let several = dedupe == Dedupe::Auto
        && feeding
            .iter()
            .filter(|t| {
                t.plan
                    .feeds
                    .iter()
                    .any(|f| f.measure == measure && f.primary)
            })
            .count()
            >= 2;
    let overlapping = drops_repeats(dedupe, feeding.iter().copied()) || grain;
    let wanted = overlapping || by_event || several;
    let has_ids = by_event || feeds_of().all(|f| f.id_column.is_some());
    let id = &catalogue.get(measure).id;
    if overlapping && !has_ids {
        notes.push(format!(
            "{id}: several overlapping extracts, but not every one has a child-ID column, so duplicates cannot be dropped; \
             pass --id-column {id}=HEADER",
        ));
    }
    // The source is part of the duplicate key only if every table says it: the same
    // referral in a table with a source and one without must still match.
    let by_source = feeds_of().all(|f| f.source_column.is_some());
    // Some tables with the event's own ID and some without: the key is the child and the
    // date for all, so that an event in both matches; say what that costs.
    if wanted && has_ids && !by_event && feeds_of().any(|f| f.event_column.is_some()) {
        let without: Vec<String> = feeding
            .iter()
            .filter(|t| {
                t.plan
                    .feeds
                    .iter()
                    .any(|f| f.measure == measure && f.event_column.is_none())
            })
            .map(|t| t.table.name())
            .collect();
        notes.push(format!(
            "{id}: keyed by child and date, as {} {} no {id} ID column: two events of one child on one day count once, even where other inputs give them different IDs; \
             name the ID column with --event-id-column {id}=HEADER, or count rows with --no-dedupe",
            without.join(", "),
            if without.len() == 1 { "has" } else { "have" },
        ));
    }
    let mut counts = MeasureCounts::new(wanted && has_ids, ask.children);
    counts.key_by_source = by_source;
    counts.key_by_event = by_event;
    counts.window = ask.window.map(|(from, to)| (from.index(), to.index()));
    counts
}

/// Whether each table's rate rows drop repeats: on the same terms as the counts — always,
/// never, or when several extracts of the same list overlap (tables that feed a measure in
/// common).
fn rates_dedupe(tables: &[PlannedTable], dedupe: Dedupe) -> Vec<bool> {
    tables
        .iter()
        .map(|t| {
            let shares = |u: &&PlannedTable| {
                u.plan
                    .feeds
                    .iter()
                    .any(|f| t.plan.feeds.iter().any(|g| g.measure == f.measure))
            };
            drops_repeats(dedupe, tables.iter().filter(shares))
        })
        .collect()
}

/// Tallies one table for its `feeds` (and the rates, in the same pass): in parallel parts
/// where the file allows it, else row by row.
fn tally_one(
    planned: &mut PlannedTable,
    feeds: &[Feed],
    counted: &mut Counted,
    ask: &CountAsk,
    catalogue: &Catalogue,
    rates_dedupe: bool,
    progress: Option<&ProgressBar>,
) -> Result<Vec<FeedTally>> {
    let mut taken: Vec<(MeasureId, MeasureCounts)> = feeds
        .iter()
        .filter_map(|f| counted.measures.remove(&f.measure).map(|c| (f.measure, c)))
        .collect();
    // The rates are tallied in the same pass as the counts, on one thread.
    let reader = ask.rates.and_then(|_| {
        RateReader::new(
            &planned.table.headers,
            &planned.plan,
            catalogue,
            rates_dedupe,
        )
    });
    let result = {
        let mut refs: Vec<&mut MeasureCounts> = taken.iter_mut().map(|(_, c)| c).collect();
        let parallel = match (planned.table.path.as_file(), planned.table.layout) {
            (Some(path), Some(layout)) => {
                // The rates in the same parts as the counts, when the table feeds them.
                let part_rates = match (&reader, ask.rates) {
                    (Some(reader), Some(calendar)) => Some((
                        reader,
                        calendar,
                        counted.rates.get_or_insert_with(Default::default),
                    )),
                    _ => None,
                };
                parallel::tally_parallel(path, &layout, feeds, &mut refs, part_rates, ask.threads)
                    .ok()
            }
            _ => None,
        };
        match (parallel, ask.rates) {
            (Some(tallies), _) => Ok(tallies),
            (None, Some(calendar)) => {
                let tallies = counted.rates.get_or_insert_with(Default::default);
                let pass = reader.map(|reader| RatePass {
                    reader,
                    calendar,
                    tallies,
                });
                tally_table(&mut planned.table, feeds, &mut refs, pass, progress)
            }
            (None, None) => tally_table(&mut planned.table, feeds, &mut refs, None, progress),
        }
    };
    counted.measures.extend(taken);
    result
}

/// The note on a last line left out as a footer or total (its line number counts the rows
/// before it, so it goes without it where a figure is withheld).
fn footer_note(planned: &PlannedTable, catalogue: &Catalogue, counted: &mut Counted) {
    let Some((line, fields)) = planned.table.footer else {
        return;
    };
    let text = |at: String| {
        format!(
            "{}: {at} has {fields} field{} where the header has {}: left out as a footer or total line",
            planned.table.name(),
            if fields == 1 { "" } else { "s" },
            planned.table.headers.len()
        )
    };
    let measures = planned
        .plan
        .feeds
        .iter()
        .map(|f| catalogue.get(f.measure).id.clone())
        .collect();
    counted.count_note(
        measures,
        text(format!("line {line}")),
        text("a line near its end".to_string()),
    );
}

/// A header row inside the data is a second table: refused, never counted as rejections.
fn refuse_inner_header(planned: &PlannedTable, feeds: &[Feed], result: &[FeedTally]) -> Result<()> {
    let Some((feed, line)) = feeds
        .iter()
        .zip(result)
        .find_map(|(f, t)| t.rejected.header_line.map(|line| (f, line)))
    else {
        return Ok(());
    };
    let column = planned
        .table
        .headers
        .get(feed.date_column)
        .map_or("", String::as_str);
    Err(Error::input(
        planned.table.location().line(line),
        format!(
            "a header row inside the data: its \"{}\" cell holds a column's name, not a date, so another table starts here; \
             save each table as a file of its own (cscstats splits files of up to {} MB itself)",
            crate::input::detect::capped(column),
            crate::input::sections::SEARCH_MAX_BYTES >> 20
        ),
    ))
}

/// A `--type-column` none of whose rows names a stage is not the stage column: refused.
fn refuse_type_column(planned: &PlannedTable, feeds: &[Feed], result: &[FeedTally]) -> Result<()> {
    let typed = feeds.first().and_then(|f| f.type_filter.as_ref());
    let Some(filter) = typed.filter(|t| t.asked) else {
        return Ok(());
    };
    let Some(tally) = result.first() else {
        return Ok(());
    };
    if !result.iter().all(|t| t.rows_read == t.other_type) {
        return Ok(());
    }
    let column = planned
        .table
        .headers
        .get(filter.column)
        .map_or("", String::as_str);
    Err(Error::input(
        planned.table.location(),
        format!(
            "--type-column \"{}\": none of its {} rows names a stage ({} distinct values), so it is not the column that says each row's stage; \
             name that column, or map its values with --type MEASURE=VALUE (cscstats inspect --show-type-values lists them on a terminal)",
            crate::input::detect::capped(column),
            tally.rows_read,
            if tally.unmapped_overflow > 0 {
                format!("more than {}", tally.unmapped_types.len())
            } else {
                tally.unmapped_types.len().to_string()
            }
        ),
    ))
}

/// Records what each feed of a table read: its feed record, the note on repeats of events
/// read before (an overlapping extract), the stage names a workflow table's type column held
/// that name no stage, and a stated extract date too late for the table.
fn record_feeds(
    planned: &PlannedTable,
    feeds: &[Feed],
    result: Vec<FeedTally>,
    catalogue: &Catalogue,
    read_before: &mut BTreeMap<MeasureId, Vec<String>>,
    counted: &mut Counted,
) {
    for (feed, mut tally) in feeds.iter().zip(result) {
        let before = read_before.entry(feed.measure).or_default();
        if tally.duplicates > 0 && !before.is_empty() {
            repeats_note(planned, feed, &tally, before, catalogue, counted);
        }
        before.push(planned.table.name());
        // A workflow table's rows of other stages are not this measure's rows.
        tally.rows_read = tally.rows_read.saturating_sub(tally.other_type);
        if !tally.unmapped_types.is_empty() || tally.unmapped_overflow > 0 {
            let column = feed
                .type_filter
                .as_ref()
                .and_then(|t| planned.table.headers.get(t.column).cloned())
                .unwrap_or_default();
            counted
                .notes
                .push(tally::unmapped_note(&tally, &planned.table.name(), &column));
            counted.type_values.push(TypeValues {
                table: planned.table.name(),
                column,
                values: std::mem::take(&mut tally.unmapped_types)
                    .into_iter()
                    .map(|(value, n)| (decode(&value).trim().to_string(), n))
                    .collect(),
                more_rows: tally.unmapped_overflow,
            });
        }
        // A stage that no row of a workflow table names is not in it at all.
        if feed.type_filter.is_some() && tally.rows_read == 0 {
            continue;
        }
        counted.feeds.push(FeedRecord {
            table: planned.table.name(),
            file: planned.table.path.display(),
            sheet: planned.table.sheet.clone(),
            measure: feed.measure,
            date_column: planned
                .table
                .headers
                .get(feed.date_column)
                .cloned()
                .unwrap_or_default(),
            by_column: feed
                .by_column
                .and_then(|c| planned.table.headers.get(c).cloned()),
            header_line: planned.table.header_line,
            last_line: planned.table.section_end(),
            covers: planned.table.covers,
            identity: feed
                .event_column
                .and_then(|c| planned.table.headers.get(c).cloned()),
            shape: planned.plan.shape,
            unrecognised: planned.plan.unrecognised.clone(),
            tally,
            as_at: planned.table.as_at,
        });
    }
    // A stated date too late for every column of the table is not its extract date; one
    // that a busier column reaches is (a contacts report's referral column may end long
    // before its contacts do).
    let name = planned.table.name();
    let own: Vec<&FeedRecord> = counted.feeds.iter().filter(|f| f.table == name).collect();
    if own.iter().all(|f| f.extract_date().is_none())
        && let Some(note) = own.iter().find_map(|f| f.late_date_note())
        && !counted.notes.contains(&note)
    {
        counted.notes.push(note);
    }
}

/// The note on a table's rows that repeat events already read in `before`.
fn repeats_note(
    planned: &PlannedTable,
    feed: &Feed,
    tally: &FeedTally,
    before: &[String],
    catalogue: &Catalogue,
    counted: &mut Counted,
) {
    let rows = tally.months.total();
    let id = &catalogue.get(feed.measure).id;
    // The tables read before, the first few by name: a note per table that named every
    // earlier one would grow with the square of the tables.
    const NAMED: usize = 3;
    let earlier = match before.len().checked_sub(NAMED) {
        Some(more) if more > 0 => format!(
            "{}, and {more} other table{}",
            before.get(..NAMED).unwrap_or_default().join(", "),
            if more == 1 { "" } else { "s" }
        ),
        _ => before.join(", "),
    };
    let text = |share: String| {
        format!(
            "{}: {share} dated {id} rows repeat events already read (in {earlier}): an overlapping extract, each event counted once",
            planned.table.name(),
        )
    };
    counted.count_note(
        vec![id.clone()],
        text(format!(
            "{} of its {}",
            thousands(tally.duplicates),
            thousands(rows)
        )),
        text("some of its".to_string()),
    );
}

/// Whether repeated events are dropped among `tables`: always, never, or (`Auto`) when
/// several of them are extracts that overlap once merged.
fn drops_repeats<'a>(dedupe: Dedupe, tables: impl Iterator<Item = &'a PlannedTable>) -> bool {
    match dedupe {
        Dedupe::On => true,
        Dedupe::Off => false,
        Dedupe::Auto => {
            tables
                .filter(|t| t.plan.shape.overlaps_when_merged())
                .count()
                >= 2
        }
    }
}

/// Whether `measure` repeats a (child, date) pair because of its tables' grain: a CIN census
/// table (one row per assessment, S47 or plan of an episode, the referral date on each), or
/// only later stages' dates carried by tables of another grain (a contact-level report's
/// referral date, on each contact that led to the referral). Then each pair counts once,
/// unless `--no-dedupe`.
fn repeats_by_grain(dedupe: Dedupe, measure: MeasureId, feeding: &[&PlannedTable]) -> bool {
    dedupe == Dedupe::Auto
        && (feeding.iter().any(|t| t.plan.shape.repeats_by_grain())
            || feeding
                .iter()
                .flat_map(|t| &t.plan.feeds)
                .filter(|f| f.measure == measure)
                .all(|f| !f.primary))
}

/// A progress bar on standard error, for large inputs read at a terminal only (never in a
/// pipe, a script or CI).
fn progress_bar(tables: &[PlannedTable]) -> Option<ProgressBar> {
    use std::io::IsTerminal;
    let total: u64 = tables
        .iter()
        .filter_map(|t| t.table.path.as_file())
        .filter_map(|p| p.metadata().ok())
        .map(|m| m.len())
        .sum();
    if total < PROGRESS_MIN_BYTES || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("counting {wide_bar} {bytes}/{total_bytes} ({eta} left)")
    {
        bar.set_style(style);
    }
    Some(bar)
}
