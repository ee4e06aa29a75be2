//! Counters of the parts of one file, added up in file order: events per month and group,
//! distinct children, and repeats dropped across parts exactly as one reader drops them.
//!
//! Each part numbers its child IDs, groups and sources from 0; merging renumbers them into
//! the file's counter. Groups are merged in file order, so they keep their order of first
//! sight. A repeated event (same child, date and source) whose first sight was in an earlier
//! part was counted by its own part: merging takes it back out of its month. With `--by` that
//! would also need to know which group the first sight went to, so a file counted with both
//! `--by` and duplicates dropped is read by one reader (see [`MeasureCounts::splits`]).

use super::{FeedTally, MeasureCounts};
use crate::count::seen::Remap;

impl MeasureCounts {
    /// An empty counter that keeps what this one keeps, for one part of a file.
    pub fn empty_like(&self) -> MeasureCounts {
        let mut part = MeasureCounts::new(self.seen.is_some(), self.children.is_some());
        part.key_by_source = self.key_by_source;
        part.window = self.window;
        part
    }

    /// Whether the parts of a file can be counted apart and merged: anything but dropping
    /// repeats within `--by` groups.
    pub fn splits(&self, by: bool) -> bool {
        !(self.seen.is_some() && by)
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
                remaps.push(Remap { children, sources });
            }
        }
        if let Some(mine) = &mut self.seen {
            let repeats = mine.merge(keys.into_iter().zip(&remaps).collect());
            self.drop_repeats(&repeats, tally);
        }
    }

    /// Sorts what is kept of children into its final, compact form.
    pub fn finish(&mut self) {
        if let Some(children) = &mut self.children {
            children.finish();
        }
    }
}
