//! Offering one data row to the feeds of its table: the row's stage (in a workflow table),
//! its event date, and the child, source and group when they are needed.

use super::{MeasureCounts, RowKeys, tally};
use crate::count::FeedTally;
use crate::input::detect::Feed;
use crate::input::records::Row;
use crate::model::date::{
    DateError, DateOrder, Ymd, parse_date, parse_date_in, valid_only_month_first,
};

/// The longest `--by` value kept as a group of its own, in bytes.
const GROUP_BYTES: usize = 1000;

/// The group of every longer value.
const LONG_GROUP: &[u8] = b"(values over 1,000 characters)";

/// The dates read from one row, by column and order, so that the rates need not read them
/// again.
#[derive(Debug, Default)]
pub(crate) struct RowDates {
    read: Vec<(usize, DateOrder, Option<Ymd>)>,
}

impl RowDates {
    /// The date in `column` read as `order`: `None` when it was not read, `Some(None)` when
    /// it was and is no date.
    pub(crate) fn get(&self, column: usize, order: DateOrder) -> Option<Option<Ymd>> {
        self.read
            .iter()
            .find(|r| (r.0, r.1) == (column, order))
            .map(|r| r.2)
    }
}

/// Offers one data row to each feed, noting the dates read in `dates` when the rates will
/// read them too. `line` gives the row's line, asked only for a rejection.
pub(crate) fn tally_row(
    record: &impl Row,
    feeds: &[Feed],
    counters: &mut [&mut MeasureCounts],
    tallies: &mut [FeedTally],
    mut dates: Option<&mut RowDates>,
    line: impl Fn() -> u64,
) {
    if let Some(dates) = dates.as_deref_mut() {
        dates.read.clear();
    }
    // A workflow table's row: the stage its type names, looked up once for every feed.
    let row_type = feeds.first().and_then(|f| f.type_filter.as_ref()).map(|t| {
        let value = record
            .field(t.column)
            .map(<[u8]>::trim_ascii)
            .unwrap_or_default();
        (value, t.map.measure(value))
    });
    for (i, ((feed, counter), tally)) in feeds
        .iter()
        .zip(counters.iter_mut())
        .zip(tallies.iter_mut())
        .enumerate()
    {
        if let Some((value, stage)) = row_type
            && stage != Some(feed.measure)
        {
            tally.other_type += 1;
            if stage.is_none() && i == 0 {
                let room = tally.unmapped_types.len() < tally::UNMAPPED_KEPT;
                match tally.unmapped_types.get_mut(value) {
                    Some(n) => *n += 1,
                    None if room => {
                        tally.unmapped_types.insert(value.into(), 1);
                    }
                    None => tally.unmapped_overflow += 1,
                }
            }
            continue;
        }
        let field =
            |column: Option<usize>| column.and_then(|c| record.field(c)).map(<[u8]>::trim_ascii);
        let text = field(Some(feed.date_column)).unwrap_or_default();
        let parsed = parse_date_in(text, feed.date_order);
        if let Some(dates) = dates.as_deref_mut() {
            dates
                .read
                .push((feed.date_column, feed.date_order, parsed.ok()));
        }
        match parsed {
            Ok(date) => {
                tally.months.add(date.month());
                tally.see_day(date);
                if let Some(Ok(closed)) = field(feed.closed_column).map(parse_date) {
                    tally.see_closed(closed);
                }
                let keys = counter.needs_keys(feed).then(|| RowKeys {
                    child: field(feed.id_column).filter(|c| !c.is_empty()),
                    event: field(feed.event_column).filter(|c| !c.is_empty()),
                    source: field(feed.source_column).unwrap_or_default(),
                    group: match feed.by_column {
                        Some(_) => match field(feed.by_column) {
                            None | Some(b"") => b"(blank)",
                            // A group is a team or a source, not a paragraph: a long value
                            // (a free-text column chosen by mistake) is one group, not
                            // thousands each held in full.
                            Some(g) if g.len() > GROUP_BYTES => LONG_GROUP,
                            Some(g) => g,
                        },
                        None => b"",
                    },
                });
                if keys.as_ref().is_some_and(|k| {
                    k.child.is_none()
                        && (counter.counts_children()
                            || (counter.dedupes() && !(counter.key_by_event && k.event.is_some())))
                }) {
                    tally.missing_id += 1;
                }
                counter.record(date, keys, tally);
            }
            Err(DateError::Blank) if feed.blank_is_none => tally.no_event += 1,
            Err(reason) => {
                if reason == DateError::Impossible && valid_only_month_first(text) {
                    tally.month_first += 1;
                }
                tally.rejected.add_field(reason, line(), text);
            }
        }
    }
}
