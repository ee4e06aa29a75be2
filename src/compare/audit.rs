//! Whether a withheld figure can be worked out from the figures published beside it — in
//! this paper, or in earlier ones (`--ledger`) — by adding and taking away: a total less its
//! other groups, a year to date less the one before, a quarter less two of its months.
//!
//! Every count a paper shows is a sum of *atoms*: one measure's events for one `--by` group
//! in one month. A figure is derivable from others exactly when its vector of atoms lies in
//! the span of theirs. The audit adds the figures that may be shown one at a time, in order
//! of how much a reader needs them (single months before years to date, totals before the
//! smallest groups), keeping each withheld figure reduced against what has been added; a
//! figure that would make a withheld one derivable is withheld too. A figure already in the
//! span costs nothing and stays shown: a total whose parts are all published is published.
//!
//! Distinct children do not add up across groups or months: each such figure is an atom of
//! its own, so only the same figure published before can give it away. The arithmetic is
//! modulo the prime 2⁶¹ − 1, exact for these small integer vectors.

use std::collections::HashMap;

use crate::model::period::Month;

/// One figure: a count of `measure` (in `unit`) for one `--by` group or (`None`) all, over
/// the months `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Cell {
    pub measure: String,
    /// `events` (which add up) or `children` (which do not).
    pub unit: String,
    pub group: Option<String>,
    pub from: Month,
    pub to: Month,
}

impl Cell {
    fn additive(&self) -> bool {
        self.unit == "events"
    }

    fn months(&self) -> i32 {
        self.to.index() - self.from.index() + 1
    }
}

/// A figure and what is known of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub cell: Cell,
    /// The count as shown, or `None` when withheld.
    pub shown: Option<u64>,
    /// Published in an earlier paper: it cannot be taken back.
    pub earlier: bool,
    /// A withheld figure that must stay unknown (a small count, or one withheld before);
    /// figures withheld only to protect others need not be.
    pub protect: bool,
    /// Shown as `c` (here or in an earlier paper), so that a reader knows it is from 1 to N:
    /// no combination of such figures may be known either (two small groups whose sum a
    /// total gives, 2, are 1 each). A count behind the figures that no paper marks is only
    /// to stay unknown itself.
    pub marked: bool,
}

/// The counts behind a paper's figures, month by month, for each measure's events (and each
/// `--by` group): the audit protects every small one, shown or not — a month inside a
/// rolling year, or a month an earlier paper's quarter holds — and knows the months the
/// inputs do not reach hold none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Underlying {
    /// (measure, group, month, events) for each month from the first to the last with data.
    pub months: Vec<(String, Option<String>, Month, u64)>,
    /// (measure, month) for each month the inputs do not reach at all.
    pub empty: Vec<(String, Month)>,
}

impl Underlying {
    /// From the counts of every measure with events (not pre-counted figures), over the
    /// months from `first` to `last` (those a paper and the earlier ones can speak of).
    pub(crate) fn of(
        catalogue: &crate::model::measure::Catalogue,
        counted: &crate::count::Counted,
        by: bool,
    ) -> Underlying {
        use crate::count::coverage::{Cover, span, span_cover};
        use crate::model::period::single_month;
        let mut out = Underlying::default();
        for (&measure, counts) in &counted.measures {
            let id = &catalogue.get(measure).id;
            let Some((first, last)) = counts.span() else {
                continue;
            };
            let names = counts.groups();
            let data = span(counted, measure);
            // The months around the data a paper's spans can reach: two years before (a
            // rolling year a year earlier) and after.
            for m in first.index() - 24..=last.index() + 24 {
                let month = Month::from_index(m);
                let p = single_month(month);
                if span_cover(data.as_ref(), &p) == Cover::None {
                    out.empty.push((id.clone(), month));
                    continue;
                }
                out.months
                    .push((id.clone(), None, month, counts.events(None, &p)));
                if by {
                    for (g, name) in names.iter().enumerate() {
                        out.months.push((
                            id.clone(),
                            Some(name.clone()),
                            month,
                            counts.events(Some(g), &p),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Entries for the audit of `family` (a measure's events) over months `from` to `to`
    /// and `groups`: each month the inputs do not reach, known to be 0 (as if published
    /// before), and each small count (`small`), to protect.
    fn entries(
        &self,
        measure: &str,
        groups: &[Option<String>],
        (from, to): (i32, i32),
        small: &dyn Fn(u64) -> bool,
    ) -> Vec<Entry> {
        let cell = |group: &Option<String>, month: Month| Cell {
            measure: measure.to_string(),
            unit: "events".to_string(),
            group: group.clone(),
            from: month,
            to: month,
        };
        let within = |m: &Month| (from..=to).contains(&m.index());
        let mut out = Vec::new();
        for (_, month) in self
            .empty
            .iter()
            .filter(|(id, m)| id == measure && within(m))
        {
            let mut all: Vec<Option<String>> = vec![None];
            all.extend(groups.iter().filter(|g| g.is_some()).cloned());
            for group in &all {
                out.push(Entry {
                    cell: cell(group, *month),
                    shown: Some(0),
                    earlier: true,
                    protect: false,
                    marked: false,
                });
            }
        }
        for (_, group, month, _) in self.months.iter().filter(|(id, g, m, c)| {
            id == measure && within(m) && small(*c) && (g.is_none() || groups.contains(g))
        }) {
            out.push(Entry {
                cell: cell(group, *month),
                shown: None,
                earlier: false,
                protect: true,
                marked: false,
            });
        }
        out
    }
}

/// Adds to `entries` what `underlying` says of each family of events they hold: the months
/// known to be empty, and every small count to protect (`small`).
pub(crate) fn with_underlying(
    mut entries: Vec<Entry>,
    underlying: &Underlying,
    small: &dyn Fn(u64) -> bool,
) -> Vec<Entry> {
    let mut families: Vec<String> = entries
        .iter()
        .filter(|e| e.cell.additive())
        .map(|e| e.cell.measure.clone())
        .collect();
    families.sort();
    families.dedup();
    let mut added = Vec::new();
    for measure in families {
        let of = entries
            .iter()
            .filter(|e| e.cell.additive() && e.cell.measure == measure);
        let mut groups: Vec<Option<String>> = of.clone().map(|e| e.cell.group.clone()).collect();
        groups.sort();
        groups.dedup();
        let from = of.clone().map(|e| e.cell.from.index()).min().unwrap_or(0);
        let to = of.map(|e| e.cell.to.index()).max().unwrap_or(0);
        added.extend(underlying.entries(&measure, &groups, (from, to), small));
    }
    entries.extend(added);
    entries
}

/// What the audit found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Entries (of this paper, shown) to withhold as well.
    pub withhold: Vec<usize>,
    /// Protected entries that the earlier papers alone already give away.
    pub exposed: Vec<usize>,
}

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    u64::try_from((u128::from(a) * u128::from(b)) % u128::from(P))
        .expect("a remainder modulo a u64 is below it")
}

fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

/// `a` to the power `P − 2`: its inverse modulo `P` (Fermat).
fn inverse(a: u64) -> u64 {
    let (mut base, mut exp, mut out) = (a, P - 2, 1u64);
    while exp > 0 {
        if exp & 1 == 1 {
            out = mul(out, base);
        }
        base = mul(base, base);
        exp >>= 1;
    }
    out
}

/// A sparse vector: (atom, coefficient) pairs in atom order, no zero coefficients.
type Sparse = Vec<(usize, u64)>;

/// `v − f·w`, for sparse `v` and `w`.
fn minus(v: &[(usize, u64)], f: u64, w: &[(usize, u64)]) -> Sparse {
    let mut out = Vec::with_capacity(v.len() + w.len());
    let (mut i, mut j) = (0, 0);
    loop {
        match (v.get(i), w.get(j)) {
            (Some(&(a, x)), Some(&(b, y))) if a == b => {
                let z = sub(x, mul(f, y));
                if z != 0 {
                    out.push((a, z));
                }
                i += 1;
                j += 1;
            }
            (Some(&(a, x)), Some(&(b, _))) if a < b => {
                out.push((a, x));
                i += 1;
            }
            (Some(_), Some(&(b, y))) | (None, Some(&(b, y))) => {
                let z = sub(0, mul(f, y));
                if z != 0 {
                    out.push((b, z));
                }
                j += 1;
            }
            (Some(&(a, x)), None) => {
                out.push((a, x));
                i += 1;
            }
            (None, None) => return out,
        }
    }
}

/// The coefficient of `atom` in `v`.
fn at(v: &[(usize, u64)], atom: usize) -> u64 {
    v.binary_search_by_key(&atom, |e| e.0)
        .ok()
        .and_then(|k| v.get(k))
        .map_or(0, |e| e.1)
}

/// A basis in reduced row echelon form: each row's pivot is 1, and 0 in every other row, so
/// a vector is reduced in one pass over its own atoms.
#[derive(Default)]
struct Basis {
    rows: std::collections::BTreeMap<usize, Sparse>,
}

impl Basis {
    /// `v` less its parts in the span: zero exactly when `v` is in it.
    fn reduce(&self, v: &[(usize, u64)]) -> Sparse {
        let mut out: Sparse = v.to_vec();
        for &(atom, f) in v {
            if let Some(row) = self.rows.get(&atom) {
                out = minus(&out, f, row);
            }
        }
        out
    }

    /// Adds a reduced, non-zero `v` (made 1 at its first atom), clearing that atom from the
    /// other rows. Returns the new row and its pivot.
    fn add(&mut self, v: Sparse) -> Option<(usize, Sparse)> {
        let &(pivot, lead) = v.first()?;
        let scale = inverse(lead);
        let row: Sparse = v.into_iter().map(|(a, x)| (a, mul(x, scale))).collect();
        for other in self.rows.values_mut() {
            let f = at(other, pivot);
            if f != 0 {
                *other = minus(other, f, &row);
            }
        }
        self.rows.insert(pivot, row.clone());
        Some((pivot, row))
    }
}

/// The rank of sparse vectors: how many of them are independent.
fn rank<'a>(vectors: impl Iterator<Item = &'a Sparse>) -> usize {
    let mut basis = Basis::default();
    for v in vectors {
        let r = basis.reduce(v);
        if !r.is_empty() {
            basis.add(r);
        }
    }
    basis.rows.len()
}

/// The atoms of one family (a measure in one unit): for events, each group's months; for
/// children, each distinct figure.
struct Atoms {
    groups: Vec<Option<String>>,
    first: i32,
    months: usize,
    cells: HashMap<Cell, usize>,
}

impl Atoms {
    fn of<'a>(cells: impl Iterator<Item = &'a Cell>) -> Atoms {
        let cells: Vec<&Cell> = cells.collect();
        let mut groups: Vec<Option<String>> = cells
            .iter()
            .filter_map(|c| c.group.clone())
            .map(Some)
            .collect();
        groups.sort();
        groups.dedup();
        if groups.is_empty() {
            groups.push(None);
        }
        let first = cells.iter().map(|c| c.from.index()).min().unwrap_or(0);
        let last = cells.iter().map(|c| c.to.index()).max().unwrap_or(0);
        // Distinct children do not add up across months, but a span's total is taken as
        // the sum of its groups' (each child in one group, as a team or source usually is):
        // an atom per group and span, and a total of them.
        let named: Vec<&Option<String>> = groups.iter().filter(|g| g.is_some()).collect();
        let mut distinct: HashMap<Cell, usize> = HashMap::new();
        for cell in cells.iter().filter(|c| !c.additive()) {
            let keys: Vec<Cell> = if cell.group.is_none() && !named.is_empty() {
                named
                    .iter()
                    .map(|g| Cell {
                        group: (*g).clone(),
                        ..(*cell).clone()
                    })
                    .collect()
            } else {
                vec![(*cell).clone()]
            };
            for key in keys {
                let next = distinct.len();
                distinct.entry(key).or_insert(next);
            }
        }
        Atoms {
            groups,
            first,
            months: usize::try_from(last - first + 1).unwrap_or(0),
            cells: distinct,
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.groups.len() * self.months + self.cells.len()
    }

    fn vector(&self, cell: &Cell) -> Sparse {
        if !cell.additive() {
            let base = self.groups.len() * self.months;
            let mut v: Sparse = match self.cells.get(cell) {
                Some(&i) => vec![(base + i, 1)],
                // A total over groups: the sum of its groups' atoms for the span.
                None => self
                    .groups
                    .iter()
                    .filter(|g| g.is_some())
                    .filter_map(|g| {
                        self.cells.get(&Cell {
                            group: g.clone(),
                            ..cell.clone()
                        })
                    })
                    .map(|&i| (base + i, 1))
                    .collect(),
            };
            v.sort_unstable();
            return v;
        }
        let mut v = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            if cell.group.is_some() && cell.group != *group {
                continue;
            }
            for m in cell.from.index()..=cell.to.index() {
                if let Ok(m) = usize::try_from(m - self.first) {
                    v.push((g * self.months + m, 1));
                }
            }
        }
        v
    }
}

/// Which shown figures of this paper must be withheld too, so that no protected figure can
/// be worked out from what is shown here and was shown before.
pub(crate) fn audit(entries: &[Entry]) -> Outcome {
    let mut outcome = Outcome::default();
    let mut families: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.cell.measure.as_str(), e.cell.unit.as_str()))
        .collect();
    families.sort_unstable();
    families.dedup();
    for (measure, unit) in families {
        let of: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                entries
                    .get(i)
                    .is_some_and(|e| e.cell.measure == measure && e.cell.unit == unit)
            })
            .collect();
        let atoms = Atoms::of(of.iter().filter_map(|&i| entries.get(i)).map(|e| &e.cell));
        let family = audit_family(entries, &of, &atoms);
        outcome.withhold.extend(family.withhold);
        outcome.exposed.extend(family.exposed);
    }
    outcome.withhold.sort_unstable();
    outcome.exposed.sort_unstable();
    outcome
}

/// The audit of one family's entries (`of`, indexes into `entries`).
fn audit_family(entries: &[Entry], of: &[usize], atoms: &Atoms) -> Outcome {
    let entry = |i: usize| entries.get(i);
    let mut targets: Vec<(usize, Sparse)> = of
        .iter()
        .filter_map(|&i| entry(i).map(|e| (i, e)))
        .filter(|(_, e)| e.shown.is_none() && e.protect)
        .map(|(i, e)| (i, atoms.vector(&e.cell)))
        .collect();
    let marked = |j: &usize| entry(*j).is_some_and(|e| e.marked);
    let mut candidates: Vec<usize> = of
        .iter()
        .copied()
        .filter(|&i| entry(i).is_some_and(|e| e.shown.is_some()))
        .collect();
    // Earlier papers first (they are out); then what a reader needs most: single months
    // before longer spans, zeros (which give nothing away), totals before groups, larger
    // groups before smaller — so that the smallest group, or the longer span, is withheld.
    candidates.sort_by_key(|&i| {
        entry(i).map(|e| {
            (
                !e.earlier,
                e.cell.months(),
                e.shown != Some(0),
                e.cell.group.is_some(),
                std::cmp::Reverse(e.shown),
                i,
            )
        })
    });
    let mut basis = Basis::default();
    let mut outcome = Outcome::default();
    let mut checked_earlier = false;
    // How many independent combinations of the protected figures are not yet known: each
    // figure added may lower it only by making a combination of them derivable — a total
    // less its other groups giving the sum of two small ones, which with their bounds (each
    // 1 to N) can pin both. A figure that lowers it is withheld (save an earlier paper's).
    let mut unknown = rank(targets.iter().filter(|(j, _)| marked(j)).map(|(_, t)| t));
    let exposed = |targets: &[(usize, Sparse)]| -> Vec<usize> {
        targets
            .iter()
            .filter(|(_, t)| t.is_empty())
            .map(|(j, _)| *j)
            .collect()
    };
    for i in candidates {
        let Some(e) = entry(i) else { continue };
        if !e.earlier && !checked_earlier {
            checked_earlier = true;
            outcome.exposed = exposed(&targets);
        }
        let v = basis.reduce(&atoms.vector(&e.cell));
        let Some(&(pivot, lead)) = v.first() else {
            // Already in the span: it tells nothing new.
            continue;
        };
        // The targets once `v` is in the span: each less its multiple of `v` at the pivot.
        let scale = inverse(lead);
        let row: Sparse = v.iter().map(|&(a, x)| (a, mul(x, scale))).collect();
        let reduced: Vec<(usize, Sparse)> = targets
            .iter()
            .map(|(j, t)| {
                let f = at(t, pivot);
                (*j, if f == 0 { t.clone() } else { minus(t, f, &row) })
            })
            .collect();
        // A target already exposed by the earlier papers is not protected further.
        let reveals = reduced
            .iter()
            .any(|(j, t)| t.is_empty() && !outcome.exposed.contains(j));
        let touched = targets.iter().any(|(j, t)| marked(j) && at(t, pivot) != 0);
        let left = if touched {
            rank(reduced.iter().filter(|(j, _)| marked(j)).map(|(_, t)| t))
        } else {
            unknown
        };
        if (reveals || left < unknown) && !e.earlier {
            outcome.withhold.push(i);
            continue;
        }
        unknown = left;
        targets = reduced;
        basis.add(v);
    }
    if !checked_earlier {
        outcome.exposed = exposed(&targets);
    }
    outcome.exposed.sort_unstable();
    outcome.exposed.dedup();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        let (y, m) = text.split_once('-').unwrap();
        Month::new(y.parse().unwrap(), m.parse().unwrap()).unwrap()
    }

    fn entry(group: Option<&str>, from: &str, to: &str, shown: Option<u64>) -> Entry {
        Entry {
            cell: Cell {
                measure: "referrals".into(),
                unit: "events".into(),
                group: group.map(str::to_string),
                from: month(from),
                to: month(to),
            },
            shown,
            earlier: false,
            protect: shown.is_none(),
            marked: shown.is_none(),
        }
    }

    fn earlier(mut e: Entry) -> Entry {
        e.earlier = true;
        e
    }

    #[test]
    fn a_total_less_its_other_groups_withholds_the_smallest() {
        let entries = [
            entry(None, "2020-04", "2020-04", Some(20)),
            entry(Some("Police"), "2020-04", "2020-04", None),
            entry(Some("Schools"), "2020-04", "2020-04", Some(10)),
            entry(Some("Health"), "2020-04", "2020-04", Some(7)),
        ];
        assert_eq!(audit(&entries).withhold, [3]);
    }

    #[test]
    fn two_small_groups_whose_sum_the_total_gives_are_protected_by_a_third() {
        // 68 less 30 and 36 is 2: C and D, each 1 to 5, are 1 each. A is withheld too.
        let entries = [
            entry(None, "2020-04", "2020-04", Some(68)),
            entry(Some("A"), "2020-04", "2020-04", Some(30)),
            entry(Some("B"), "2020-04", "2020-04", Some(36)),
            entry(Some("C"), "2020-04", "2020-04", None),
            entry(Some("D"), "2020-04", "2020-04", None),
        ];
        assert_eq!(audit(&entries).withhold, [1]);
    }

    #[test]
    fn years_to_date_after_a_withheld_month_are_withheld_and_those_before_are_not() {
        let entries = [
            entry(None, "2020-04", "2020-04", Some(10)),
            entry(None, "2020-05", "2020-05", None),
            entry(None, "2020-06", "2020-06", Some(12)),
            entry(None, "2020-04", "2020-04", Some(10)),
            entry(None, "2020-04", "2020-05", Some(13)),
            entry(None, "2020-04", "2020-06", Some(25)),
        ];
        assert_eq!(audit(&entries).withhold, [4, 5]);
        // Every month shown: every total is shown.
        let mut all = entries.clone();
        all[1].shown = Some(3);
        all[1].protect = false;
        assert_eq!(audit(&all), Outcome::default());
    }

    #[test]
    fn a_quarter_is_withheld_when_earlier_papers_gave_its_other_months() {
        let entries = [
            earlier(entry(None, "2020-04", "2020-04", Some(10))),
            earlier(entry(None, "2020-05", "2020-05", None)),
            earlier(entry(None, "2020-06", "2020-06", Some(12))),
            entry(None, "2020-04", "2020-06", Some(25)),
            entry(None, "2020-07", "2020-09", Some(31)),
        ];
        assert_eq!(audit(&entries).withhold, [3]);
        // A month withheld now that earlier papers already give away is reported.
        let entries = [
            earlier(entry(None, "2020-04", "2020-06", Some(25))),
            earlier(entry(None, "2020-04", "2020-04", Some(10))),
            earlier(entry(None, "2020-06", "2020-06", Some(12))),
            entry(None, "2020-05", "2020-05", None),
        ];
        assert_eq!(
            audit(&entries),
            Outcome {
                withhold: vec![],
                exposed: vec![3]
            }
        );
    }

    #[test]
    fn distinct_children_meet_the_same_figure_and_their_groups_total() {
        let mut group = entry(Some("Police"), "2020-04", "2020-04", None);
        let mut total = entry(None, "2020-04", "2020-04", Some(9));
        let mut other = entry(Some("Schools"), "2020-04", "2020-04", Some(8));
        let mut year = entry(Some("Schools"), "2020-04", "2021-03", Some(30));
        for e in [&mut group, &mut total, &mut other, &mut year] {
            e.cell.unit = "children".into();
        }
        // A span's total less its other groups gives Police's 1: Schools is withheld. Over
        // months children do not add up: the year is not a sum of months, and stays.
        assert_eq!(audit(&[group.clone(), total, other, year]).withhold, [2]);
        // The same figure published again is withheld.
        let mut again = group.clone();
        again.shown = Some(3);
        again.protect = false;
        assert_eq!(audit(&[earlier(group), again]).withhold, [1]);
    }

    /// The rank of integer rows by exact fraction-free elimination (Bareiss) in i128: an
    /// independent check of the modular arithmetic.
    fn exact_rank(mut m: Vec<Vec<i128>>) -> usize {
        let cols = m.first().map_or(0, Vec::len);
        let mut rank = 0;
        let mut prev = 1i128;
        for c in 0..cols {
            let Some(p) = (rank..m.len()).find(|&r| m[r][c] != 0) else {
                continue;
            };
            m.swap(rank, p);
            for r in rank + 1..m.len() {
                for k in c + 1..cols {
                    m[r][k] = (m[rank][c] * m[r][k] - m[r][c] * m[rank][k]) / prev;
                }
                m[r][c] = 0;
            }
            prev = m[rank][c];
            rank += 1;
        }
        rank
    }

    /// Whether `target` is a rational combination of `rows`.
    fn in_span(rows: &[Vec<i128>], target: &[i128]) -> bool {
        let mut with = rows.to_vec();
        with.push(target.to_vec());
        rows.is_empty() && target.iter().all(|x| *x == 0)
            || exact_rank(with) == exact_rank(rows.to_vec())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Whatever the counts, groups and earlier papers, no protected figure is a
        /// combination of the figures left shown (checked by exact rational elimination),
        /// save one the earlier papers alone already give away; nothing published before is
        /// withdrawn.
        #[test]
        fn nothing_protected_can_be_worked_out(
            counts in proptest::collection::vec(0u64..12, 12),
            published_before in proptest::collection::vec(proptest::bool::ANY, 9),
        ) {
            // Two groups, six months: months, group months, two-month and quarter spans, a
            // year to date; counts from 1 to 4 withheld.
            let names = [Some("A"), Some("B")];
            let months = ["2020-04", "2020-05", "2020-06", "2020-07", "2020-08", "2020-09"];
            let value = |g: usize, from: usize, to: usize| -> u64 {
                (from..=to).map(|m| counts[g * 6 + m]).sum()
            };
            let mut entries = Vec::new();
            let mut add = |group: Option<usize>, from: usize, to: usize, earlier: bool| {
                let v = match group {
                    Some(g) => value(g, from, to),
                    None => value(0, from, to) + value(1, from, to),
                };
                let small = (1..=4).contains(&v);
                let mut e = entry(group.and_then(|g| names[g]), months[from], months[to], (!small).then_some(v));
                e.earlier = earlier;
                entries.push(e);
            };
            for m in 0..6 {
                add(None, m, m, false);
                add(Some(0), m, m, false);
                add(Some(1), m, m, false);
                add(None, 0, m, false);
            }
            for (k, (from, to)) in [(0, 2), (3, 5), (0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (0, 5), (1, 4)].into_iter().enumerate() {
                add(None, from, to, published_before[k]);
            }
            let outcome = audit(&entries);
            let atoms = Atoms::of(entries.iter().map(|e| &e.cell));
            let vector = |e: &Entry| -> Vec<i128> {
                let mut dense = vec![0i128; atoms.len()];
                for (a, x) in atoms.vector(&e.cell) {
                    dense[a] = i128::from(x);
                }
                dense
            };
            let shown: Vec<Vec<i128>> = entries
                .iter()
                .enumerate()
                .filter(|(i, e)| e.shown.is_some() && !outcome.withhold.contains(i))
                .map(|(_, e)| vector(e))
                .collect();
            for (i, e) in entries.iter().enumerate() {
                if e.protect && !outcome.exposed.contains(&i) {
                    proptest::prop_assert!(!in_span(&shown, &vector(e)), "entry {} can be worked out", i);
                }
            }
            for &w in &outcome.withhold {
                proptest::prop_assert!(!entries[w].earlier);
            }
            let before: Vec<Vec<i128>> = entries
                .iter()
                .filter(|e| e.earlier && e.shown.is_some())
                .map(vector)
                .collect();
            for &x in &outcome.exposed {
                proptest::prop_assert!(in_span(&before, &vector(&entries[x])), "entry {} is not exposed", x);
            }
            // No combination of the protected figures (a sum of two small groups) is known
            // beyond those the earlier papers gave: the span of the figures shown meets
            // theirs in no more dimensions than the earlier papers' alone do.
            let protected: Vec<Vec<i128>> = entries
                .iter()
                .filter(|e| e.protect && e.marked)
                .map(vector)
                .collect();
            let known = |rows: &[Vec<i128>]| -> usize {
                let both: Vec<Vec<i128>> = rows.iter().chain(&protected).cloned().collect();
                exact_rank(rows.to_vec()) + exact_rank(protected.clone()) - exact_rank(both)
            };
            proptest::prop_assert_eq!(known(&shown), known(&before));
        }
    }
}
