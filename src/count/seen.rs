//! The events already counted when repeats are dropped: one (child, date, source) key per
//! event.
//!
//! Without `--by`, keys are appended as rows come and sorted in in batches, as children are
//! (see `children`): a repeat is found when its batch is sorted, and handed back by month to
//! be taken out of the events its row was counted in. A repeat is always in its first
//! sight's month and (without `--by`) group, so which sight is kept does not change a
//! figure, and the parts of a file, counted on several threads, sort their own keys and merge
//! as sorted runs.
//!
//! With `--by` the first sight decides the group, so each key is looked up as its row comes,
//! in a hash map that keeps the group of its first sight. The parts of a file each keep their
//! own, merged in file order: a part's key that an earlier part holds is a repeat, handed back
//! with the group the part counted it in.

use crate::model::convert::{to_i32, to_u32};
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::count::children::union;
use crate::count::intern::renumber;
use crate::count::tally::MonthCounts;
use crate::model::date::Ymd;
use crate::model::period::Month;

/// A repeat key: child (packed or interned, see `intern`), packed date, source id.
pub(super) type EventKey = (u64, u32, u32);

/// The source slot of a key made from an event's own ID, not a child: no source is numbered
/// so, and renumbering leaves it.
pub(super) const EVENT_KEYED: u32 = u32::MAX;

/// Where a part's source number lands in the counter it is merged into.
fn remap_source(source: u32, remap: &Remap) -> Option<u32> {
    if source == EVENT_KEYED {
        return Some(source);
    }
    remap.sources.get(source as usize).copied()
}

/// Keys gathered before a batch is sorted in (at least; more when the rest is larger, so
/// that the work stays linear overall).
const BATCH: usize = 1 << 20;

/// Event keys already counted.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    /// Distinct keys, sorted.
    sorted: Vec<EventKey>,
    /// Keys not yet sorted in.
    pending: Vec<EventKey>,
    /// With `--by`: each key and the group of its first sight.
    hashed: FxHashMap<EventKey, u32>,
}

/// How one part numbered its interned children, its sources and its groups: where each of
/// its numbers lands in the counter it is merged into.
pub(super) struct Remap {
    pub children: Vec<u32>,
    pub sources: Vec<u32>,
    pub groups: Vec<u32>,
}

impl Remap {
    /// Whether the part numbered everything as the counter does (its first part, when the
    /// counter was empty), so that its keys can be taken as they are.
    pub(super) fn is_identity(&self) -> bool {
        let same = |map: &[u32]| map.iter().enumerate().all(|(i, &to)| to as usize == i);
        same(&self.children) && same(&self.sources) && same(&self.groups)
    }
}

/// The date packed into a key's `u32`.
pub(super) fn pack_date(date: Ymd) -> u32 {
    to_u32(date.year) << 9 | date.month << 5 | date.day
}

fn unpack_month(packed: u32) -> Month {
    Ymd {
        year: to_i32(packed >> 9),
        month: (packed >> 5) & 15,
        day: packed & 31,
    }
    .month()
}

impl Seen {
    /// Keeps `key` to be checked when its batch is sorted in; returns the repeats found when
    /// that happens now.
    pub(super) fn push(&mut self, key: EventKey) -> Option<MonthCounts> {
        self.pending.push(key);
        (self.pending.len() >= BATCH.max(self.sorted.len() / 2)).then(|| self.settle())
    }

    /// With `--by`: whether this is `key`'s first sight, keeping the group `group` gives if
    /// so (asked only then, so that a repeat makes no group).
    pub(super) fn first_sight(&mut self, key: EventKey, group: impl FnOnce() -> u32) -> bool {
        match self.hashed.entry(key) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert(group());
                true
            }
        }
    }

    /// With `--by`, once counting is done: each key's (group, child, month index), taken out.
    pub(super) fn take_first_sights(&mut self) -> impl Iterator<Item = (u32, u64, i32)> {
        // An event's own ID is not a child: its row counted its child as it came.
        std::mem::take(&mut self.hashed)
            .into_iter()
            .filter(|((_, _, source), _)| *source != EVENT_KEYED)
            .map(|((child, date, _), group)| (group, child, unpack_month(date).index()))
    }

    /// Renumbers the groups of the first sights kept (with `--by`).
    pub(super) fn regroup(&mut self, remap: &[u32]) {
        for group in self.hashed.values_mut() {
            *group = remap.get(*group as usize).copied().unwrap_or(*group);
        }
    }

    /// With `--by`: adds the keys of `parts` (the parts of one file, in file order), and
    /// returns the repeats with the group (as the counter numbers it) and month each was
    /// counted in by its part.
    pub(super) fn merge_first_sights(&mut self, parts: &mut [(Seen, &Remap)]) -> Vec<(u32, Month)> {
        let mut repeats = Vec::new();
        for (part, remap) in parts {
            let theirs = std::mem::take(&mut part.hashed);
            if self.hashed.is_empty() && remap.is_identity() {
                self.hashed = theirs; // numbered alike, and nothing yet to repeat
                continue;
            }
            self.hashed.reserve(theirs.len());
            for ((child, date, source), group) in theirs {
                let (Some(child), Some(source), Some(&group)) = (
                    renumber(child, &remap.children),
                    remap_source(source, remap),
                    remap.groups.get(group as usize),
                ) else {
                    continue;
                };
                match self.hashed.entry((child, date, source)) {
                    Entry::Occupied(_) => repeats.push((group, unpack_month(date))),
                    Entry::Vacant(slot) => {
                        slot.insert(group);
                    }
                }
            }
        }
        repeats
    }

    /// Sorts the pending keys in, returning the repeats among them by month.
    pub(super) fn settle(&mut self) -> MonthCounts {
        let mut repeats = MonthCounts::default();
        if self.pending.is_empty() {
            return repeats;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable();
        dedup_counting(&mut pending, &mut repeats);
        self.sorted = union(std::mem::take(&mut self.sorted), pending, |key| {
            repeats.add(unpack_month(key.1))
        });
        repeats
    }

    /// Adds the keys of `parts` (the parts of one file, each with its renumbering), sorting
    /// each part's on its own thread, and returns the repeats by month: keys held here, by
    /// another part, or twice by one part.
    pub(super) fn merge(&mut self, parts: &mut [(Seen, &Remap)]) -> MonthCounts {
        let runs: Vec<(Vec<EventKey>, MonthCounts)> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter_mut()
                .map(|(part, remap)| {
                    let keys = (
                        std::mem::take(&mut part.sorted),
                        std::mem::take(&mut part.pending),
                    );
                    let remap = &**remap;
                    scope.spawn(move || into_run(keys, remap))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut repeats = self.settle();
        for (run, within) in runs {
            repeats.merge(&within);
            self.sorted = union(std::mem::take(&mut self.sorted), run, |key| {
                repeats.add(unpack_month(key.1))
            });
        }
        repeats
    }
}

/// A part's keys (sorted, and pending) numbered as the file's counter numbers them, sorted
/// and distinct, with the repeats among them.
fn into_run(
    (sorted, pending): (Vec<EventKey>, Vec<EventKey>),
    remap: &Remap,
) -> (Vec<EventKey>, MonthCounts) {
    let mut repeats = MonthCounts::default();
    let mut keys = sorted;
    keys.extend(pending);
    if !remap.is_identity() {
        keys.retain_mut(|(child, _, source)| {
            match (
                renumber(*child, &remap.children),
                remap_source(*source, remap),
            ) {
                (Some(c), Some(s)) => {
                    (*child, *source) = (c, s);
                    true
                }
                _ => false,
            }
        });
    }
    if !keys.is_sorted() {
        keys.sort_unstable();
    }
    dedup_counting(&mut keys, &mut repeats);
    (keys, repeats)
}

/// Drops the repeats of sorted `keys`, counting them by month.
fn dedup_counting(keys: &mut Vec<EventKey>, repeats: &mut MonthCounts) {
    let mut last: Option<EventKey> = None;
    keys.retain(|&key| {
        let new = last != Some(key);
        if !new {
            repeats.add(unpack_month(key.1));
        }
        last = Some(key);
        new
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> u32 {
        pack_date(Ymd { year, month, day })
    }

    fn april(n: u64) -> MonthCounts {
        let mut counts = MonthCounts::default();
        counts.add_n(Month::new(2020, 4).unwrap(), n);
        counts
    }

    #[test]
    fn a_date_packs_and_its_month_unpacks() {
        assert_eq!(unpack_month(day(2020, 2, 29)), Month::new(2020, 2).unwrap());
        assert_eq!(
            unpack_month(day(1999, 12, 31)),
            Month::new(1999, 12).unwrap()
        );
    }

    #[test]
    fn repeats_are_found_when_a_batch_is_sorted_in() {
        let key = |child: u64, d: u32| (child, day(2020, 4, d), 0);
        let mut seen = Seen::default();
        for k in [key(2, 1), key(1, 1), key(2, 1), key(2, 2)] {
            assert!(seen.push(k).is_none());
        }
        assert_eq!(seen.settle(), april(1));
        assert_eq!(seen.sorted, [key(1, 1), key(2, 1), key(2, 2)]);
        // A later batch repeats one kept key and one of its own.
        for k in [key(2, 2), key(3, 9), key(3, 9), key(3, 9)] {
            seen.push(k);
        }
        assert_eq!(seen.settle(), april(3));
        assert_eq!(seen.sorted.len(), 4);
        assert_eq!(seen.settle(), MonthCounts::default());
    }

    #[test]
    fn a_full_batch_is_sorted_in_as_it_fills() {
        let mut seen = Seen::default();
        let mut found = MonthCounts::default();
        for i in 0..BATCH as u64 + 10 {
            if let Some(repeats) = seen.push((i % 1000, day(2020, 4, 1), 0)) {
                found.merge(&repeats);
            }
        }
        // The first sort came with the batch's last key; ten keys wait for the next.
        assert_eq!(found, april(BATCH as u64 - 1000));
        assert_eq!(seen.pending.len(), 10);
        found.merge(&seen.settle());
        assert_eq!(found, april(BATCH as u64 + 10 - 1000));
    }

    #[test]
    fn merging_parts_finds_the_repeats_of_the_set_and_of_other_parts() {
        let key = |child: u64, d: u32, source: u32| (child, day(2020, 4, d), source);
        // The file's counter already holds child 1 on 1 April from source 0.
        let mut mine = Seen::default();
        mine.push(key(1, 1, 0));
        assert_eq!(mine.settle(), MonthCounts::default());
        // Part A numbered its one source as the file's 1; part B its two as the file's 0, 1.
        let mut a = Seen::default();
        a.push(key(1, 1, 0)); // the file's (1, 1 April, source 1): new
        a.push(key(2, 3, 0)); // new
        a.push(key(2, 3, 0)); // a repeat within the part
        let mut b = Seen::default();
        b.push((1, day(2020, 5, 1), 0)); // the file's (1, 1 May, source 0): new
        b.push(key(1, 1, 0)); // the file's (1, 1 April, source 0): a repeat
        b.push(key(2, 3, 1)); // part A's key: a repeat
        b.push(key(3, 30, 0)); // new
        let remap_a = Remap {
            children: vec![],
            sources: vec![1],
            groups: vec![],
        };
        let remap_b = Remap {
            children: vec![],
            sources: vec![0, 1],
            groups: vec![],
        };
        assert!(!remap_a.is_identity() && remap_b.is_identity());
        let repeats = mine.merge(&mut [(a, &remap_a), (b, &remap_b)]);
        assert_eq!(repeats, april(3));
        assert_eq!(mine.sorted.len(), 5);
        assert!(mine.sorted.is_sorted());
    }

    #[test]
    fn with_groups_a_repeat_keeps_the_first_sights_group_and_returns_its_own() {
        let key = |child: u64| (child, day(2020, 4, 1), 0);
        let mut mine = Seen::default();
        assert!(mine.first_sight(key(1), || 0));
        assert!(!mine.first_sight(key(1), || unreachable!("a repeat makes no group")));
        // A part that numbered its group 0 as the file's 3: child 1 repeats, child 2 is new.
        let mut part = Seen::default();
        part.first_sight(key(1), || 0);
        part.first_sight(key(2), || 0);
        let remap = Remap {
            children: vec![],
            sources: vec![0],
            groups: vec![3],
        };
        let april = Month::new(2020, 4).unwrap();
        assert_eq!(mine.merge_first_sights(&mut [(part, &remap)]), [(3, april)]);
        mine.regroup(&[5, 6, 7, 8]);
        let mut sights: Vec<_> = mine.take_first_sights().collect();
        sights.sort();
        assert_eq!(sights, [(5, 1, april.index()), (8, 2, april.index())]);
    }

    #[test]
    fn interned_children_are_renumbered_before_they_are_compared() {
        use crate::count::intern::INTERNED;
        let mut mine = Seen::default();
        mine.push((INTERNED, day(2021, 1, 5), 0));
        let mut part = Seen::default();
        part.push((INTERNED, day(2021, 1, 5), 0)); // the file's child 1: new
        part.push((INTERNED | 1, day(2021, 1, 5), 0)); // the file's child 0: a repeat
        let remap = Remap {
            children: vec![1, 0],
            sources: vec![0],
            groups: vec![],
        };
        let mut january = MonthCounts::default();
        january.add(Month::new(2021, 1).unwrap());
        assert_eq!(mine.merge(&mut [(part, &remap)]), january);
        assert_eq!(mine.sorted.len(), 2);
    }
}
