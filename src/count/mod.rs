//! Streaming counts. Each table is read once; every row is offered to each measure the table
//! feeds. Per measure: events per group and calendar month, and — only when asked — the keys
//! needed to drop duplicate events and to count distinct children. Memory grows with months
//! and distinct keys, never with rows.

mod checks;
mod children;
pub(crate) mod coverage;
pub(crate) mod db;
pub(crate) mod inspect;
pub(crate) mod intern;
pub(crate) mod links;
mod merge;
pub(crate) mod parallel;
mod pass;
pub(crate) mod rate_counts;
pub(crate) mod rates;
mod row;
mod seen;
mod tally;

use crate::model::convert::to_u32;
use crate::model::units::Unit;
use std::collections::BTreeMap;

use indicatif::ProgressBar;

use crate::count::children::ChildMonths;
use crate::count::intern::{INTERNED, Ids, child_key};
use crate::count::rates::{RateReader, RateTallies};
use crate::count::seen::{EVENT_KEYED, Seen, pack_date};
use crate::input::counts::Precounted;
use crate::input::detect::{Feed, Shape};
use crate::input::reader::decode;
use crate::input::table::Table;
use crate::model::calendar::Calendar;
use crate::model::date::Ymd;
use crate::model::error::{Error, Result};
use crate::model::measure::MeasureId;
use crate::model::period::{Month, Period};

pub(crate) use checks::{Settle, dateless_column, month_first_column, settle};
pub(crate) use pass::{CountAsk, count_all};
pub(crate) use row::RowDates;
pub(crate) use row::tally_row;
pub(crate) use tally::{FeedTally, MonthCounts};

/// What a row says beyond its date, when that is needed.
struct RowKeys<'a> {
    child: Option<&'a [u8]>,
    /// The event's own ID, when its measure is keyed by one.
    event: Option<&'a [u8]>,
    source: &'a [u8],
    group: &'a [u8],
}

/// Everything counted for one measure, across all its tables.
#[derive(Debug, Clone)]
pub struct MeasureCounts {
    /// Events per month, by group (one group, id 0, without `--by`).
    events: Vec<MonthCounts>,
    groups: Ids,
    /// (group, month, child) for distinct children, when counting children.
    children: Option<ChildMonths>,
    /// The months (first and last index) whose children are wanted; `None` for every month.
    /// A comparison needs its two spans, a monthly table its months and the year before.
    pub window: Option<(i32, i32)>,
    /// Events already counted, when dropping duplicates.
    seen: Option<Seen>,
    ids: Ids,
    sources: Ids,
    /// Whether the event's source is part of the duplicate key.
    pub key_by_source: bool,
    /// Whether events are keyed by their own ID (every table has one) rather than by child.
    pub key_by_event: bool,
    /// Distinct children counted elsewhere (by the database), by group (`None` for all) and
    /// span of month indexes.
    counted_children: Vec<(Option<u32>, i32, i32, u64)>,
}

impl MeasureCounts {
    /// `dedupe` drops repeated events (same child, date and source); `children` keeps what
    /// is needed to count distinct children.
    pub fn new(dedupe: bool, children: bool) -> MeasureCounts {
        MeasureCounts {
            events: Vec::new(),
            groups: Ids::keeping_names(),
            children: children.then(ChildMonths::default),
            window: None,
            seen: dedupe.then(Seen::default),
            ids: Ids::default(),
            sources: Ids::default(),
            key_by_source: true,
            key_by_event: false,
            counted_children: Vec::new(),
        }
    }

    pub fn dedupes(&self) -> bool {
        self.seen.is_some()
    }

    pub fn counts_children(&self) -> bool {
        self.children.is_some()
    }

    /// Counts one dated event.
    fn record(&mut self, date: Ymd, keys: Option<RowKeys>, tally: &mut FeedTally) {
        let month = date.month();
        let Some(keys) = keys else {
            // Plain event counting: one histogram slot, nothing stored per row.
            if self.events.is_empty() {
                self.groups.id(b"");
                self.events.push(MonthCounts::default());
            }
            if let Some(counts) = self.events.first_mut() {
                counts.add(month);
            }
            return;
        };
        // Child IDs are kept only when they are needed, and only for the months the figures
        // need, so memory follows the distinct keys in those months. A child is its own
        // packed key where it fits in one (no lookup), else a number from `ids`.
        let wanted_month = self
            .window
            .is_none_or(|(from, to)| (from..=to).contains(&month.index()));
        let keyed = wanted_month && (self.seen.is_some() || self.children.is_some());
        let child = keys.child.filter(|_| keyed).map(|bytes| {
            child_key(bytes).unwrap_or_else(|| INTERNED | u64::from(self.ids.id(bytes)))
        });
        let mut repeats = None;
        // With --by and repeats dropped: the group of the row, when it is a first sight.
        let mut first_sight = None;
        // An event keyed by its own ID: the ID in the child's place, and a source no child
        // key has, so that the two kinds of key never meet.
        let event = keys
            .event
            .filter(|_| keyed && self.key_by_event)
            .map(|bytes| {
                child_key(bytes).unwrap_or_else(|| INTERNED | u64::from(self.ids.id(bytes)))
            });
        if let (Some(seen), Some(who)) = (&mut self.seen, event.or(child)) {
            let source = if event.is_some() {
                EVENT_KEYED
            } else if self.key_by_source {
                self.sources.id(keys.source)
            } else {
                0
            };
            let key = (who, pack_date(date), source);
            if keys.group.is_empty() {
                // Checked in batches: a repeat is taken back out when found.
                repeats = seen.push(key);
            } else {
                // With --by, the first sight's group keeps the event; a repeat makes no group.
                let groups = &mut self.groups;
                if !seen.first_sight(key, || *first_sight.insert(groups.id(keys.group))) {
                    tally.duplicates += 1;
                    return;
                }
            }
        }
        // Without --by every row is in the one group named "": looked up once.
        let group = match (
            first_sight,
            keys.group.is_empty(),
            self.groups.names().first(),
        ) {
            (Some(group), _, _) => group as usize,
            (None, true, Some(first)) if first.is_empty() => 0,
            _ => self.groups.id(keys.group) as usize,
        };
        if group >= self.events.len() {
            self.events.resize_with(group + 1, MonthCounts::default);
        }
        if let Some(counts) = self.events.get_mut(group) {
            counts.add(month);
        }
        // A first sight's child is counted from its key once counting is done (`finish`),
        // unless the key is the event's own ID: then from the row, now.
        if let (Some(children), Some(child)) = (&mut self.children, child)
            && (first_sight.is_none() || event.is_some())
        {
            children.insert(to_u32(group), child, month.index());
        }
        if let Some(repeats) = repeats {
            self.drop_repeats(&repeats, tally);
        }
    }

    /// Takes repeats found after they were counted back out of the events (all in group 0:
    /// keys are checked in batches only without --by).
    fn drop_repeats(&mut self, repeats: &MonthCounts, tally: &mut FeedTally) {
        if let Some(counts) = self.events.first_mut() {
            counts.subtract(repeats);
        }
        tally.duplicates += repeats.total();
    }

    /// Finds the repeats among the keys of the table just read, once it has been read.
    pub fn settle(&mut self, tally: &mut FeedTally) {
        if let Some(seen) = &mut self.seen {
            let repeats = seen.settle();
            self.drop_repeats(&repeats, tally);
        }
    }

    /// True when rows need more than their date: duplicates, children or groups.
    fn needs_keys(&self, feed: &Feed) -> bool {
        self.seen.is_some() || self.children.is_some() || feed.by_column.is_some()
    }

    /// Events in `period`, for one group or (None) all of them.
    pub fn events(&self, group: Option<usize>, period: &Period) -> u64 {
        match group {
            Some(g) => self.events.get(g).map_or(0, |c| c.sum(period)),
            None => self.events.iter().map(|c| c.sum(period)).sum(),
        }
    }

    /// Distinct children with an event in `period`, for one group or all of them; `None`
    /// when children were not counted, or not over every month of `period`.
    pub fn children(&self, group: Option<usize>, period: &Period) -> Option<u64> {
        let (start, end) = (period.start().index(), period.end().index());
        if !self.counted_children.is_empty() {
            let group = group.map(to_u32);
            return self
                .counted_children
                .iter()
                .find(|c| (c.0, c.1, c.2) == (group, start, end))
                .map(|c| c.3);
        }
        // Children are kept only for the window's months: outside it, no count (not 0).
        if self
            .window
            .is_some_and(|(from, to)| start < from || end > to)
        {
            return None;
        }
        let children = self.children.as_ref()?;
        Some(children.distinct(group.map(to_u32), start, end))
    }

    /// The first and last months with an event, in any group.
    pub fn span(&self) -> Option<(Month, Month)> {
        let spans: Vec<(Month, Month)> = self.events.iter().filter_map(MonthCounts::span).collect();
        Some((
            spans.iter().map(|s| s.0).min()?,
            spans.iter().map(|s| s.1).max()?,
        ))
    }

    /// Keeps the `keep` largest `--by` groups (by events over every month; ties by name) and
    /// folds the rest into one group named `Other`, children exactly (a child in several
    /// folded groups counts once in `Other`). Returns how many groups were folded.
    pub fn fold_groups(&mut self, keep: usize) -> usize {
        let names = self.groups();
        if names.len() <= keep {
            return 0;
        }
        let mut ranked: Vec<usize> = (0..names.len()).collect();
        let total = |g: usize| self.events.get(g).map_or(0, MonthCounts::total);
        ranked.sort_by(|&a, &b| {
            total(b)
                .cmp(&total(a))
                .then_with(|| names.get(a).cmp(&names.get(b)))
        });
        let kept: Vec<usize> = ranked.iter().take(keep).copied().collect();
        let mut groups = Ids::keeping_names();
        let mut remap = vec![0u32; names.len()];
        for &g in &kept {
            if let (Some(slot), Some(name)) = (remap.get_mut(g), self.groups.names().get(g)) {
                *slot = groups.id(name);
            }
        }
        let other = groups.id(b"Other");
        for g in ranked.iter().skip(keep) {
            if let Some(slot) = remap.get_mut(*g) {
                *slot = other;
            }
        }
        let mut events = vec![MonthCounts::default(); groups.len()];
        for (g, counts) in self.events.iter().enumerate() {
            let to = remap.get(g).copied().unwrap_or(other) as usize;
            if let Some(target) = events.get_mut(to) {
                target.merge(counts);
            }
        }
        if let Some(children) = &mut self.children {
            children.regroup(|g| remap.get(g as usize).copied().unwrap_or(other));
        }
        self.events = events;
        self.groups = groups;
        names.len() - keep
    }

    /// How many distinct `--by` values were seen.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The `--by` values seen, in the order first seen, decoded.
    pub fn groups(&self) -> Vec<String> {
        self.groups
            .names()
            .iter()
            .map(|name| decode(name).trim().to_string())
            .collect()
    }
}

/// Reads every row of `table`, offering each to its feeds. `counters[i]` counts for
/// `feeds[i]`; the returned tallies are in the same order.
pub(crate) fn tally_table(
    table: &mut Table,
    feeds: &[Feed],
    counters: &mut [&mut MeasureCounts],
    mut rates: Option<RatePass>,
    progress: Option<&ProgressBar>,
) -> Result<Vec<FeedTally>> {
    let mut tallies = vec![FeedTally::default(); feeds.len()];
    let mut record = csv::ByteRecord::new();
    let mut dates = RowDates::default();
    let mut rows = 0u64;
    let start = progress.map_or(0, ProgressBar::position);
    while table.read(&mut record)? {
        if record.as_slice().trim_ascii().is_empty() {
            continue; // a blank line or a row of empty fields is not a row
        }
        rows += 1;
        if let Some(bar) = progress.filter(|_| rows.is_multiple_of(PROGRESS_EVERY)) {
            bar.set_position(start + record.position().map_or(0, csv::Position::byte));
        }
        let line = || table.line(&record);
        let noted = rates.is_some().then_some(&mut dates);
        tally_row(&record, feeds, counters, &mut tallies, noted, line);
        if let Some(pass) = &mut rates {
            pass.reader
                .row(&record, &dates, pass.calendar, pass.tallies);
        }
    }
    if rows == 0 && !table.empty_is_none {
        return Err(Error::input(
            table.location(),
            "the file has a header row but no data rows; check the export covers the period",
        ));
    }
    let unclosed = table.unclosed_quote();
    for tally in &mut tallies {
        tally.rows_read = rows;
        tally.unclosed_quote = unclosed;
    }
    for (counter, tally) in counters.iter_mut().zip(tallies.iter_mut()) {
        counter.settle(tally);
    }
    table.release();
    Ok(tallies)
}

/// The rates' share of one table's pass: where its rows feed the rates, the working-day
/// calendar, and the tallies they add to.
pub(crate) struct RatePass<'a> {
    pub reader: RateReader,
    pub calendar: &'a Calendar,
    pub tallies: &'a mut RateTallies,
}

/// One measure read from one table, with what it saw.
#[derive(Debug, Clone)]
pub struct FeedRecord {
    pub table: String,
    pub file: String,
    pub sheet: Option<String>,
    pub measure: MeasureId,
    pub date_column: String,
    /// The `--by` column's header, when rows are broken down.
    pub by_column: Option<String>,
    /// The event's own ID column's header, when the table has one.
    pub identity: Option<String>,
    /// The line (or sheet row) of the table's header: which table, in a file of several.
    pub header_line: u64,
    /// In a file of several tables: the line (or row) of this one's last row.
    pub last_line: Option<u64>,
    /// The days the table says it covers (a CIN census return's year).
    pub covers: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub shape: Shape,
    pub unrecognised: Vec<String>,
    pub tally: FeedTally,
    /// The date the extract was taken, where its file name or title states one.
    pub as_at: Option<chrono::NaiveDate>,
}

/// Everything counted from the inputs.
#[derive(Debug, Default)]
pub struct Counted {
    pub measures: BTreeMap<MeasureId, MeasureCounts>,
    /// What the derived rates need, when they are asked for.
    pub rates: Option<RateTallies>,
    pub feeds: Vec<FeedRecord>,
    pub precounted: Vec<Precounted>,
    /// Remarks for the data-quality note.
    pub notes: Vec<String>,
    /// Those of `notes` that state counts, with their wording without them.
    pub count_notes: Vec<CountNote>,
    /// Values of workflow tables' type columns that name no stage: never printed, save by
    /// `inspect --show-type-values` on a terminal.
    pub type_values: Vec<TypeValues>,
}

/// A note that states counts (rows, events, a line number near a table's end), which
/// beside the figures shown could give a withheld one away: under `--suppress` it is given
/// `bare`, without them (`measures` names what it speaks of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountNote {
    pub measures: Vec<String>,
    pub full: String,
    pub bare: String,
}

impl Counted {
    /// One figure of `measure` over `p`: its events or distinct children, for one `--by`
    /// group or (`None`) all; from its pre-counted figures where it has no events. `None`
    /// when children were not counted over `p`; an error when pre-counted figures do not
    /// give `p`.
    pub fn figure(
        &self,
        measure: MeasureId,
        id: &str,
        unit: Unit,
        group: Option<usize>,
        p: &Period,
    ) -> Result<Option<u64>> {
        if let Some(counts) = self.measures.get(&measure) {
            return Ok(match unit {
                Unit::Events => Some(counts.events(group, p)),
                Unit::Children => counts.children(group, p),
            });
        }
        match self.precounted.iter().find(|pre| pre.measure == measure) {
            Some(pre) => pre.events(p, &p.title(), id).map(Some),
            None => Ok(Some(0)),
        }
    }

    /// Adds a note that states counts about `measures`, with its wording without them.
    pub fn count_note(&mut self, measures: Vec<String>, full: String, bare: String) {
        self.notes.push(full.clone());
        self.count_notes.push(CountNote {
            measures,
            full,
            bare,
        });
    }
}

/// The values of one table's type column that name no stage, with their rows.
#[derive(Debug, Clone)]
pub struct TypeValues {
    pub table: String,
    pub column: String,
    pub values: Vec<(String, u64)>,
    /// Rows of values beyond those kept.
    pub more_rows: u64,
}

/// Rows between progress-bar updates: rare enough to cost nothing in the counting loop.
const PROGRESS_EVERY: u64 = 1 << 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::reader::InputPath;
    use crate::model::convert::to_usize;
    use crate::model::date::DateError;

    fn month(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap()
    }

    fn feed(date: usize, id: Option<usize>, by: Option<usize>) -> Feed {
        Feed {
            primary: true,
            measure: crate::model::measure::Catalogue::builtin()
                .by_id("contacts")
                .unwrap(),
            date_column: date,
            blank_is_none: false,
            date_order: Default::default(),
            type_filter: None,
            closed_column: None,
            id_column: id,
            source_column: None,
            event_column: None,
            by_column: by,
        }
    }

    fn run(text: &str, feeds: &[Feed], counters: &mut [MeasureCounts]) -> Result<Vec<FeedTally>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mut table =
            Table::csv(InputPath::File(path), crate::input::reader::HeaderAt::First).unwrap();
        let mut refs: Vec<&mut MeasureCounts> = counters.iter_mut().collect();
        tally_table(&mut table, feeds, &mut refs, None, None)
    }

    #[test]
    fn month_counts_grow_both_ways_and_merge() {
        let mut a = MonthCounts::default();
        a.add(month(2020, 4));
        a.add(month(2019, 4));
        a.add(month(2021, 3));
        assert_eq!(
            (a.get(month(2019, 4)), a.get(month(2020, 4)), a.total()),
            (1, 1, 3)
        );
        assert_eq!(a.get(month(1999, 1)), 0);
        let mut b = MonthCounts::default();
        b.add_n(month(2018, 1), 5);
        b.merge(&a);
        assert_eq!(
            (b.total(), b.get(month(2018, 1)), b.get(month(2021, 3))),
            (8, 5, 1)
        );
    }

    #[test]
    fn counts_per_month_and_rejects_with_lines() {
        let mut counters = [MeasureCounts::new(false, false)];
        let tallies = run(
            "id,date\n1,01/04/2020\n2,30/04/2020\n3,\n4,31/02/2020\n\n,\n5,2020-05-01\n",
            &[feed(1, None, None)],
            &mut counters,
        )
        .unwrap();
        let t = &tallies[0];
        assert_eq!(t.rows_read, 5);
        assert_eq!(
            (t.months.get(month(2020, 4)), t.months.get(month(2020, 5))),
            (2, 1)
        );
        assert_eq!(t.rejected.total, 2);
        assert_eq!(t.rejected.first_lines, vec![4, 5]);
        let april: Period = "2020-04".parse().unwrap();
        assert_eq!(counters[0].events(None, &april), 2);
    }

    #[test]
    fn duplicates_children_and_groups() {
        let text = "id,date,team\nA,01/04/2020,North\nA,01/04/2020,North\nA,02/04/2020,South\nB,01/04/2020,\n,03/04/2020,North\n";
        let mut counters = [MeasureCounts::new(true, true)];
        let tallies = run(text, &[feed(1, Some(0), Some(2))], &mut counters).unwrap();
        let april: Period = "2020-04".parse().unwrap();
        counters[0].finish();
        let c = &counters[0];
        assert_eq!(tallies[0].duplicates, 1);
        assert_eq!(tallies[0].missing_id, 1);
        assert_eq!(c.events(None, &april), 4);
        assert_eq!(c.children(None, &april), Some(2));
        assert_eq!(c.groups(), ["North", "South", "(blank)"]);
        assert_eq!(c.events(Some(0), &april), 2);
        assert_eq!(c.children(Some(0), &april), Some(1));
        assert_eq!(c.children(Some(2), &april), Some(1));
        // De-duplicating twice changes nothing.
        let mut again = [MeasureCounts::new(true, true)];
        let mut doubled = text.to_string();
        doubled.push_str(&text.lines().skip(1).collect::<Vec<_>>().join("\n"));
        run(&doubled, &[feed(1, Some(0), Some(2))], &mut again).unwrap();
        assert_eq!(
            again[0].events(None, &april),
            4 + 1,
            "the ID-less row cannot be de-duplicated"
        );
    }

    #[test]
    fn a_repeat_counts_once_and_against_the_table_it_repeats_in() {
        let mut counters = [MeasureCounts::new(true, true)];
        let first = "id,date\nA,01/04/2020\nA,01/04/2020\nB,02/05/2020\n";
        let second = "id,date\nA,01/04/2020\nC,03/04/2020\nC,03/04/2020\nB,03/05/2020\n";
        let feeds = [feed(1, Some(0), None)];
        assert_eq!(run(first, &feeds, &mut counters).unwrap()[0].duplicates, 1);
        assert_eq!(run(second, &feeds, &mut counters).unwrap()[0].duplicates, 2);
        let (april, may): (Period, Period) =
            ("2020-04".parse().unwrap(), "2020-05".parse().unwrap());
        let c = &mut counters[0];
        c.finish();
        assert_eq!((c.events(None, &april), c.events(None, &may)), (2, 2));
        assert_eq!(
            (c.children(None, &april), c.children(None, &may)),
            (Some(2), Some(1))
        );
    }

    #[test]
    fn header_only_is_an_error() {
        let mut counters = [MeasureCounts::new(false, false)];
        let err = run("id,date\n", &[feed(1, None, None)], &mut counters)
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("t.csv: the file has a header row but no data rows; check the export covers the period"), "{err}");
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let mut counters = [MeasureCounts::new(false, false)];
        let err = run(
            "id,date\n1,01/04/2020\n2,01/04/2020,extra\n",
            &[feed(1, None, None)],
            &mut counters,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("t.csv, line 3: this row has 3 fields but the header has 2;"),
            "{err}"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// CSV text of `rows` (child, day offset from 1 April 2018, or a bad date).
        fn csv_of(rows: &[(u8, Option<u16>)]) -> String {
            let mut text = String::from("id,date\n");
            for (child, day) in rows {
                let date = match day {
                    Some(d) => {
                        let date = chrono::NaiveDate::from_ymd_opt(2018, 4, 1).unwrap()
                            + chrono::Duration::days(i64::from(*d));
                        date.format("%d/%m/%Y").to_string()
                    }
                    None => "31/02/2020".to_string(),
                };
                text.push_str(&format!("C{child},{date}\n"));
            }
            text
        }

        /// Events per month over three years, and rows read, counting `files` as one measure.
        fn count(files: &[String], dedupe: bool) -> (Vec<u64>, u64) {
            let mut counter = MeasureCounts::new(dedupe, false);
            let mut rows = 0;
            for text in files {
                let mut c = [counter];
                let tallies = run(text, &[feed(1, Some(0), None)], &mut c).unwrap();
                let [back] = c;
                counter = back;
                rows += tallies[0].rows_read;
            }
            let months: Vec<u64> = (0..36)
                .map(|i| Month::new(2018, 4).unwrap().plus(i))
                .map(|m| {
                    counter.events(
                        None,
                        &Period::new(m, m, crate::model::period::Form::Month).unwrap(),
                    )
                })
                .collect();
            (months, rows)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn shuffling_or_splitting_never_changes_a_count(
                rows in proptest::collection::vec((0u8..20, proptest::option::weighted(0.95, 0u16..1095)), 1..120),
                seed in any::<u64>(),
                cut in 0usize..120,
            ) {
                let whole = count(&[csv_of(&rows)], false);
                let mut shuffled = rows.clone();
                // A seeded Fisher–Yates shuffle.
                let mut state = seed | 1;
                for i in (1..shuffled.len()).rev() {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                    shuffled.swap(i, to_usize(state % (i as u64 + 1)));
                }
                prop_assert_eq!(&count(&[csv_of(&shuffled)], false), &whole);
                let cut = cut.min(rows.len().saturating_sub(1)).max(1).min(rows.len());
                if cut < rows.len() {
                    let (a, b) = rows.split_at(cut);
                    prop_assert_eq!(&count(&[csv_of(a), csv_of(b)], false), &whole);
                }
            }

            #[test]
            fn de_duplication_is_idempotent(
                rows in proptest::collection::vec((0u8..5, proptest::option::weighted(0.9, 0u16..60)), 1..60),
            ) {
                let text = csv_of(&rows);
                let once = count(std::slice::from_ref(&text), true).0;
                let twice = count(&[text.clone(), text], true).0;
                prop_assert_eq!(&twice, &once);
                // And never more than the events counted without it.
                let plain = count(&[csv_of(&rows)], false).0;
                prop_assert!(once.iter().zip(&plain).all(|(d, p)| d <= p));
            }

            #[test]
            fn the_months_of_a_span_sum_to_the_span(
                                days in proptest::collection::vec(0u16..1095, 1..200),
                start in 0i32..30,
                len in 1i32..7,
            ) {
                let rows: Vec<(u8, Option<u16>)> = days.iter().map(|d| (1, Some(*d))).collect();
                                let (months, _) = count(&[csv_of(&rows)], false);
                let first = Month::new(2018, 4).unwrap().plus(start);
                let span = Period::new(first, first.plus(len - 1), crate::model::period::Form::Months).unwrap();
                let mut counter = MeasureCounts::new(false, false);
                                let mut c = [counter];
                run(&csv_of(&rows), &[feed(1, None, None)], &mut c).unwrap();
                let [back] = c;

                counter = back;
                let by_months: u64 = months.iter().skip(to_usize(start)).take(to_usize(len)).sum();
                prop_assert_eq!(counter.events(None, &span), by_months);
            }
        }
    }

    #[test]
    fn merging_tallies_keeps_the_first_lines() {
        let mut a = FeedTally::default();
        a.rejected.add(DateError::Blank, 3);
        let mut b = FeedTally::default();
        b.rejected.add(DateError::NotADate, 9);
        b.months.add(month(2020, 5));
        a.merge(&b);
        assert_eq!(
            (
                a.rejected.total,
                a.rejected.first_lines.clone(),
                a.months.total()
            ),
            (2, vec![3, 9], 1)
        );
    }
}
