//! Counters of the parts of one file, added up in file order: events per month and group,
//! distinct children, and repeats dropped across parts exactly as one reader drops them.
//!
//! Each part numbers its child IDs, groups and sources from 0; merging renumbers them into
//! the file's counter. A repeated event (same child, date and source) whose first sight was in
//! an earlier part was counted by its own part: merging takes it back out of the month and
//! group its part counted it in (see `seen`). With `--by`, a part may have made a group for
//! such a row alone; one reader never makes it, so it is dropped. Groups otherwise keep the
//! order in which the parts first saw them, which no table shows: tables list groups by name.

use super::{FeedTally, MeasureCounts, MonthCounts};
use crate::count::intern::Ids;
use crate::count::seen::Remap;

impl MeasureCounts {
    /// An empty counter that keeps what this one keeps, for one part of a file.
    pub fn empty_like(&self) -> MeasureCounts {
        let mut part = MeasureCounts::new(self.seen.is_some(), self.children.is_some());
        part.key_by_source = self.key_by_source;
        part.key_by_event = self.key_by_event;
        part.window = self.window;
        part
    }

    /// Adds `parts` (the counters of the parts of one file, in file order), counting the
    /// repeats they hold of events in earlier parts (or earlier tables) into `tally` and
    /// taking them back out.
    pub fn merge_parts(&mut self, parts: Vec<MeasureCounts>, tally: &mut FeedTally) {
        let (mut keys, mut remaps) = (Vec::new(), Vec::new());
        for mut part in parts {
            let groups = self.groups.absorb(&part.groups);
            for (g, counts) in part.events.iter().enumerate() {
                let to = groups.get(g).copied().unwrap_or(0) as usize;
                if to >= self.events.len() {
                    self.events.resize_with(to + 1, Default::default);
                }
                if let Some(mine) = self.events.get_mut(to) {
                    mine.merge(counts);
                }
            }
            if part.seen.is_none() && part.children.is_none() {
                continue;
            }
            let children = self.ids.absorb(&part.ids);
            if let (Some(mine), Some(theirs)) = (&mut self.children, &part.children) {
                mine.merge(theirs, &groups, &children);
            }
            if let Some(theirs) = part.seen.take() {
                let sources = self.sources.absorb(&part.sources);
                keys.push(theirs);
                remaps.push(Remap {
                    children,
                    sources,
                    groups,
                });
            }
        }
        let Some(mine) = &mut self.seen else {
            return;
        };
        let mut parts: Vec<_> = keys.into_iter().zip(&remaps).collect();
        let repeats = mine.merge(&mut parts);
        let grouped = mine.merge_first_sights(&mut parts);
        self.drop_repeats(&repeats, tally);
        if grouped.is_empty() {
            return;
        }
        for &(group, month) in &grouped {
            if let Some(counts) = self.events.get_mut(group as usize) {
                let mut one = MonthCounts::default();
                one.add(month);
                counts.subtract(&one);
            }
        }
        tally.duplicates += grouped.len() as u64;
        self.drop_empty_groups();
    }

    /// Drops the groups left without an event: those a part made for a row that proved,
    /// once merged, to repeat an earlier part's. One reader never makes them.
    fn drop_empty_groups(&mut self) {
        let total = |g: usize| self.events.get(g).map_or(0, MonthCounts::total);
        if (0..self.groups.len()).all(|g| total(g) > 0) {
            return;
        }
        let mut kept = Ids::keeping_names();
        let mut events = Vec::new();
        let mut remap = Vec::with_capacity(self.groups.len());
        for (g, name) in self.groups.names().iter().enumerate() {
            if total(g) > 0 {
                remap.push(kept.id(name));
                events.push(self.events.get(g).cloned().unwrap_or_default());
            } else {
                remap.push(u32::MAX); // no key, child or event names it
            }
        }
        self.groups = kept;
        self.events = events;
        if let Some(seen) = &mut self.seen {
            seen.regroup(&remap);
        }
        if let Some(children) = &mut self.children {
            children.regroup(|g| remap.get(g as usize).copied().unwrap_or(g));
        }
    }

    /// Sorts what is kept of children into its final, compact form.
    pub fn finish(&mut self) {
        if let (Some(seen), Some(children)) = (&mut self.seen, &mut self.children) {
            for (group, child, month) in seen.take_first_sights() {
                children.insert(group, child, month);
            }
        }
        if let Some(children) = &mut self.children {
            children.finish();
        }
    }
}
