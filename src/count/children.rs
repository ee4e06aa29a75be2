//! Which children had an event in which month, compactly: (group, month, child) triples,
//! appended as rows come and sorted and made distinct in batches, so memory follows the
//! distinct triples (not a hash table's slack), parts of a file merge by concatenation, and a
//! question about a span reads one contiguous run per group.
//!
//! A child is its exact key ([`crate::count::intern::child_key`]): most IDs need no lookup
//! table at all while rows are read. When counting is done, the keys are numbered 0, 1, 2, …
//! in their sorted order (which keeps the triples sorted), so that a span's distinct children
//! are counted with a bitset.

use rustc_hash::FxHashSet;

use crate::count::intern::renumber;

/// (group, month index, child key), sorted and distinct in `sorted`; newer ones in `pending`.
#[derive(Debug, Clone, Default)]
pub(super) struct ChildMonths {
    sorted: Vec<(u32, i32, u64)>,
    pending: Vec<(u32, i32, u64)>,
    /// The keys have been numbered densely (see [`ChildMonths::compact`] with `number`).
    numbered: bool,
}

/// Triples gathered before a batch is sorted into the rest (at least; more when the rest is
/// larger, so that the work stays linear overall).
const BATCH: usize = 1 << 20;

impl ChildMonths {
    pub(super) fn insert(&mut self, group: u32, child: u64, month: i32) {
        self.pending.push((group, month, child));
        if self.pending.len() >= BATCH.max(self.sorted.len() / 2) {
            self.compact();
        }
    }

    /// Sorts the pending triples into the rest, dropping repeats.
    pub(super) fn compact(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.pending.sort_unstable();
        self.pending.dedup();
        let pending = std::mem::take(&mut self.pending);
        self.sorted = union(std::mem::take(&mut self.sorted), pending, |_| {});
        self.sorted.shrink_to_fit();
    }

    /// The final form, when counting is done: sorted, distinct, and each child numbered by
    /// the rank of its key.
    pub(super) fn finish(&mut self) {
        self.compact();
        if self.numbered {
            return;
        }
        let mut keys: Vec<u64> = self.sorted.iter().map(|t| t.2).collect();
        keys.sort_unstable();
        keys.dedup();
        for t in &mut self.sorted {
            t.2 = keys.partition_point(|&k| k < t.2) as u64;
        }
        self.numbered = true;
    }

    /// Adds `other`'s triples (another part of the same file, not yet finished): their
    /// groups renumbered by `groups`, and children that `other` numbered itself by
    /// `interned` (both indexed by `other`'s numbers).
    pub(super) fn merge(&mut self, other: &ChildMonths, groups: &[u32], interned: &[u32]) {
        for &(g, month, child) in other.sorted.iter().chain(&other.pending) {
            if let (Some(&g), Some(child)) = (groups.get(g as usize), renumber(child, interned)) {
                self.insert(g, child, month);
            }
        }
    }

    /// Every triple's group renumbered by `remap` (folding groups into one), kept distinct.
    pub(super) fn regroup(&mut self, remap: impl Fn(u32) -> u32) {
        let mut all: Vec<(u32, i32, u64)> = self
            .sorted
            .iter()
            .chain(&self.pending)
            .map(|&(g, m, c)| (remap(g), m, c))
            .collect();
        all.sort_unstable();
        all.dedup();
        self.sorted = all;
        self.pending = Vec::new();
    }

    /// Distinct children with a triple in months `from..=to`, in `group` or any group.
    pub(super) fn distinct(&self, group: Option<u32>, from: i32, to: i32) -> u64 {
        let mut in_span: Vec<u64> = Vec::new();
        // The sorted triples: one run per group, found by binary search.
        let groups: Vec<u32> = match group {
            Some(g) => vec![g],
            None => {
                let mut all: Vec<u32> = Vec::new();
                let mut rest = self.sorted.as_slice();
                while let Some(&(g, _, _)) = rest.first() {
                    all.push(g);
                    let end = rest.partition_point(|t| t.0 <= g);
                    rest = rest.get(end..).unwrap_or_default();
                }
                all
            }
        };
        let numbered = self.numbered && self.pending.is_empty();
        let mut bits: Vec<u64> = Vec::new();
        let mut count = 0u64;
        let mut mark = |child: u64| {
            if numbered {
                let (word, bit) = ((child / 64) as usize, child % 64);
                if bits.len() <= word {
                    bits.resize(word + 1, 0);
                }
                if let Some(w) = bits.get_mut(word)
                    && *w & (1 << bit) == 0
                {
                    *w |= 1 << bit;
                    count += 1;
                }
            } else {
                in_span.push(child);
            }
        };
        for g in groups {
            let start = self.sorted.partition_point(|t| (t.0, t.1) < (g, from));
            let end = self.sorted.partition_point(|t| (t.0, t.1) <= (g, to));
            for &(_, _, child) in self.sorted.get(start..end).unwrap_or_default() {
                mark(child);
            }
        }
        for &(g, month, child) in &self.pending {
            if group.is_none_or(|want| want == g) && (from..=to).contains(&month) {
                mark(child);
            }
        }
        if numbered {
            count
        } else {
            in_span.into_iter().collect::<FxHashSet<u64>>().len() as u64
        }
    }

    /// How many triples are kept.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.sorted.len() + self.pending.len()
    }
}

/// The sorted union of two sorted, distinct runs; `both` is told of each item in both.
pub(super) fn union<T: Ord>(a: Vec<T>, b: Vec<T>, mut both: impl FnMut(T)) -> Vec<T> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x < y => a.next(),
            (Some(x), Some(y)) if x > y => b.next(),
            (Some(_), Some(_)) => {
                if let Some(item) = b.next() {
                    both(item);
                }
                a.next()
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_children_by_group_and_span() {
        let mut c = ChildMonths::default();
        for (g, child, month) in [(0, 1, 10), (0, 1, 10), (0, 2, 11), (1, 1, 11), (1, 3, 12)] {
            c.insert(g, child, month);
        }
        assert_eq!(c.distinct(None, 10, 12), 3);
        assert_eq!(c.distinct(Some(0), 10, 12), 2);
        assert_eq!(c.distinct(Some(1), 11, 11), 1);
        assert_eq!(c.distinct(None, 11, 11), 2);
        c.compact();
        assert_eq!(c.len(), 4);
        assert_eq!(c.distinct(None, 10, 12), 3);
        assert_eq!(c.distinct(Some(0), 10, 12), 2);
        assert_eq!(c.distinct(None, 13, 20), 0);
        // Numbered: the same answers.
        let mut finished = c.clone();
        finished.finish();
        assert_eq!(finished.distinct(None, 10, 12), 3);
        assert_eq!(finished.distinct(Some(0), 10, 12), 2);
        assert_eq!(finished.distinct(Some(1), 12, 12), 1);
        // Some pending, some sorted: the same answers.
        c.insert(2, 1, 10);
        c.insert(0, 9, 12);
        assert_eq!(c.distinct(None, 10, 12), 4);
        assert_eq!(c.distinct(Some(2), 10, 12), 1);
        // Folding groups 1 and 2 into 1.
        c.regroup(|g| g.min(1));
        assert_eq!(c.len(), 6);
        assert_eq!(c.distinct(Some(1), 10, 12), 2);
    }

    #[test]
    fn merging_renumbers_groups_and_children() {
        let mut a = ChildMonths::default();
        a.insert(0, 0, 5);
        let mut b = ChildMonths::default();
        b.insert(0, 7, 5); // group 0 of b is group 3 of a
        b.insert(1, 0, 6); // group 1 of b is group 0 of a
        a.merge(&b, &[3, 0], &[]);
        a.compact();
        assert_eq!(a.len(), 3);
        assert_eq!(a.distinct(Some(0), 5, 6), 1);
        assert_eq!(a.distinct(Some(3), 5, 6), 1);
        assert_eq!(a.distinct(None, 5, 6), 2);
    }
}
