//! What a public paper needs, applied to a table before any format sees it: small-number
//! suppression (`--suppress N`: counts from 1 to N become `c`, with secondary suppression so
//! a hidden count cannot be worked back from a total), rounding (`--round N`), and the
//! authority's own wording (`--title`, `--label MEASURE=TEXT`).
//!
//! Because suppression happens on the model, a hidden value never reaches a renderer: no
//! format can leak it. With `--round`, every count the model holds is rounded — table rows,
//! the numerators and denominators of rates, timeliness bands, the data-quality rows — and
//! changes, percentages and rates are worked out again from the rounded counts, so no
//! unrounded figure is written anywhere.

use crate::model::convert::change;
use std::collections::HashMap;

use crate::compare::audit::{Cell, Entry, Underlying, audit, with_underlying};
use crate::compare::document::Benchmark;
use crate::compare::document::Monthly;
use crate::compare::document::Trend;
use crate::compare::document::{Comparison, FileQuality};
use crate::count::Counted;
use crate::input::published::Figure as PublishedFigure;
use crate::model::measure::MeasureId;
use crate::model::period::{Month, Period};
use crate::model::units::Unit;

/// A document whose figures are as they may be published: withheld counts absent, shown
/// counts rounded, the paper's title and labels. Only [`Publish`] makes one, and every step
/// after it — intervals, expected levels, comparators, drivers, sentences — and every renderer
/// takes one, so no order of calls can let them read a withheld count.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct Published<T>(T);

impl<T> std::ops::Deref for Published<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Published<T> {
    /// The document, for the compare stage's steps that add to it from its figures as
    /// published (intervals, expected levels, comparators, drivers, sentences, provenance).
    pub(in crate::compare) fn edit(&mut self) -> &mut T {
        &mut self.0
    }
}

/// What the inputs counted, offered only as it may be published: the steps after disclosure
/// that reach beyond the table (expected levels from earlier years, control limits from
/// months not shown) see a count only withheld (`None`) or as every shown count is rounded.
pub(crate) struct ShownCounts<'a> {
    counted: &'a Counted,
    publish: &'a Publish,
}

impl ShownCounts<'_> {
    /// One figure of `measure` over `p` (see [`Counted::figure`]), as it may be published.
    pub(crate) fn figure(
        &self,
        measure: MeasureId,
        id: &str,
        unit: Unit,
        p: &Period,
    ) -> Option<u64> {
        let count = self
            .counted
            .figure(measure, id, unit, None, p)
            .ok()
            .flatten()?;
        self.publish.shown(count)
    }

    /// The events of `measure` in each of `spans` as they may be published beside `shown`
    /// (see [`Publish::expected_counts`]); `None` when any would give a withheld count away.
    pub(crate) fn events_each(
        &self,
        measure: MeasureId,
        spans: &[Period],
        shown: Option<u64>,
    ) -> Option<Vec<u64>> {
        let counts = self.counted.measures.get(&measure)?;
        let each: Vec<u64> = spans.iter().map(|p| counts.events(None, p)).collect();
        self.publish.expected_counts(&each, shown)
    }

    /// The first and last months `measure`'s events span: dates, not counts.
    pub(crate) fn months(&self, measure: MeasureId) -> Option<(Month, Month)> {
        self.counted.measures.get(&measure)?.span()
    }

    /// The days the inputs for `measure` span: dates, not counts.
    pub(crate) fn data_span(&self, measure: MeasureId) -> Option<crate::count::coverage::DataSpan> {
        crate::count::coverage::span(self.counted, measure)
    }
}

/// The publishing options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Publish {
    /// Counts from 1 to this are withheld.
    pub suppress: Option<u64>,
    /// Shown counts are rounded to the nearest multiple of this.
    pub round: Option<u64>,
    pub title: Option<String>,
    /// Row labels by measure id.
    pub labels: HashMap<String, String>,
    /// The figures earlier papers published or withheld (`--ledger`): nothing shown now may
    /// let a figure they withheld be worked out.
    pub earlier: Vec<Entry>,
}

impl Publish {
    fn hides(&self, value: Option<u64>) -> bool {
        matches!((self.suppress, value), (Some(n), Some(v)) if (1..=n).contains(&v))
    }

    fn rounded(&self, value: Option<u64>) -> Option<u64> {
        match (self.round, value) {
            (Some(step), Some(v)) if step > 1 => Some(
                u64::try_from(crate::model::number::div_round_half_away(
                    i128::from(v),
                    i128::from(step),
                ))
                .unwrap_or(0)
                    * step,
            ),
            _ => value,
        }
    }

    /// A count as it may be published: `None` when it would be withheld, else rounded as
    /// every shown count is.
    pub(crate) fn shown(&self, count: u64) -> Option<u64> {
        (!self.hides(Some(count))).then(|| self.rounded(Some(count)).unwrap_or(count))
    }

    /// The counts of the earlier years an expected level is the mean of, as they may be
    /// published (rounded as every count is); `None` when the level would give a withheld
    /// count away: its sum (the mean times the years) is itself a count that would be
    /// withheld, or so is what is left of it once `shown` (a figure published beside it, the
    /// baseline) is taken away, or so is any year's count (which the differences of rolling
    /// years a year apart would single out). With one year, the level *is* that year's count.
    pub(crate) fn expected_counts(&self, counts: &[u64], shown: Option<u64>) -> Option<Vec<u64>> {
        let sum: u64 = counts.iter().sum();
        let rest = shown.and_then(|b| sum.checked_sub(b));
        // Any year's count small: the level, with the differences of rolling years a year
        // apart, would give it away.
        if self.hides(Some(sum))
            || (counts.len() > 1 && self.hides(rest))
            || counts.iter().any(|&c| self.hides(Some(c)))
        {
            return None;
        }
        Some(
            counts
                .iter()
                .map(|&c| self.rounded(Some(c)).unwrap_or(c))
                .collect(),
        )
    }

    /// Lines saying what was done, for the footer.
    fn footer(&self, secondary: bool) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(n) = self.suppress {
            // Under rounding a 0 may be a small count rounded down: not "a true zero".
            let zero = if self.rounds() {
                ""
            } else {
                "; 0 is a true zero"
            };
            lines.push(format!(
                "Counts from 1 to {n} are shown as c, as are changes that would reveal them, to protect children's identities{zero}."
            ));
            if secondary {
                lines.push("Where a hidden count could be worked out from a total, another count is hidden too.".to_string());
            }
            if !self.earlier.is_empty() {
                lines.push("Hidden counts are checked against the figures earlier papers published (the ledger), so that none can be worked out from them.".to_string());
            }
        }
        if let Some(n) = self.round.filter(|n| *n > 1) {
            lines.push(format!(
                "Counts are rounded to the nearest {n} (so 0 may stand for a small count); changes and percentages are worked out from the rounded counts."
            ));
        }
        lines
    }

    /// What `counted` holds, seen only through this publishing rule.
    pub(crate) fn counts<'a>(&'a self, counted: &'a Counted) -> ShownCounts<'a> {
        ShownCounts {
            counted,
            publish: self,
        }
    }

    /// The disclosure step of a comparison.
    pub(crate) fn compare(&self, mut c: Comparison) -> Published<Comparison> {
        self.apply_compare(&mut c);
        // What disclosure needed and a published document must not carry: the exact counts
        // behind a withheld cell, the counts month by month, the notes with their counts.
        for row in &mut c.rows {
            if row.baseline.is_none() {
                row.exact.0 = 0;
            }
            if row.current.is_none() {
                row.exact.1 = 0;
            }
        }
        c.underlying = Underlying::default();
        c.count_notes.clear();
        Published(c)
    }

    /// The disclosure step of a month-by-month table.
    pub(crate) fn monthly(&self, mut m: Monthly) -> Published<Monthly> {
        self.apply_monthly(&mut m);
        // As for a comparison: nothing behind a withheld cell stays in the document.
        for row in &mut m.rows {
            let counts = row.counts();
            for (exact, shown) in row.exact.iter_mut().zip(counts) {
                if shown.is_none() {
                    *exact = 0;
                }
            }
        }
        m.underlying = Underlying::default();
        m.count_notes.clear();
        Published(m)
    }

    /// The disclosure step of a benchmark table.
    pub(crate) fn benchmark(&self, mut b: Benchmark) -> Published<Benchmark> {
        self.apply_benchmark(&mut b);
        Published(b)
    }

    /// The disclosure step of a trend.
    pub(crate) fn trend(&self, mut t: Trend) -> Published<Trend> {
        self.apply_trend(&mut t);
        Published(t)
    }

    fn apply_compare(&self, c: &mut Comparison) {
        if let Some(title) = &self.title {
            c.title = title.clone();
        }
        for row in &mut c.rows {
            self.relabel(&row.measure, &mut row.label);
        }
        let mut secondary = false;
        if self.suppress.is_some() {
            let mut primary: Vec<(usize, usize)> = Vec::new();
            for (r, row) in c.rows.iter_mut().enumerate() {
                for (k, cell) in [&mut row.baseline, &mut row.current]
                    .into_iter()
                    .enumerate()
                {
                    if self.hides(*cell) {
                        *cell = None;
                        primary.push((r, k));
                    }
                }
            }
            let figures = compare_figures(c);
            // The rates' parts, with the same spans, in the same audit.
            let spans = [period_months(&c.baseline), period_months(&c.current)];
            let mut rates: Vec<(usize, Entry)> = Vec::new();
            for (i, rate) in c.rates.iter_mut().enumerate() {
                if let [Some(b), Some(now)] = spans {
                    rates.extend(self.rate_entries(rate, b, now).into_iter().map(|e| (i, e)));
                }
            }
            let (withhold, exposed) = self.audit(&figures, &primary, &rates, &c.underlying);
            secondary |= !withhold.is_empty();
            for place in withhold {
                match place {
                    Withhold::Count(r, k) => {
                        if let Some(row) = c.rows.get_mut(r) {
                            *(if k == 0 {
                                &mut row.baseline
                            } else {
                                &mut row.current
                            }) = None;
                        }
                    }
                    Withhold::Rate(i) => {
                        if let Some(rate) = c.rates.get_mut(i) {
                            rate.suppress_all(self.suppress.unwrap_or(0));
                        }
                    }
                }
            }
            c.notes.extend(exposed);
            // Events and distinct children of one measure bound each other (a group's
            // children are no more than its events): a count withheld in one unit is
            // withheld in the other.
            for k in 0..2 {
                let hidden: Vec<(String, Option<String>)> = c
                    .rows
                    .iter()
                    .filter(|r| {
                        let (value, status) = if k == 0 {
                            (r.baseline, &r.baseline_status)
                        } else {
                            (r.current, &r.current_status)
                        };
                        r.unit.is_some() && value.is_none() && status.is_none()
                    })
                    .map(|r| (r.measure.clone(), r.group.clone()))
                    .collect();
                for row in c.rows.iter_mut().filter(|r| r.unit.is_some()) {
                    if hidden.contains(&(row.measure.clone(), row.group.clone())) {
                        *(if k == 0 {
                            &mut row.baseline
                        } else {
                            &mut row.current
                        }) = None;
                    }
                }
            }
            for row in &mut c.rows {
                // A span with no data has no figure to withhold.
                let withheld = (row.baseline.is_none() && row.baseline_status.is_none())
                    || (row.current.is_none() && row.current_status.is_none());
                if withheld {
                    row.change = None;
                    row.change_pct = None;
                    row.suppressed = true;
                }
            }
            self.hide_quality(&mut c.data_quality);
            bare_notes(&mut c.notes, &c.count_notes);
            for rate in &mut c.rates {
                self.hide_small_bands(rate);
            }
        }
        for rate in &mut c.rates {
            self.relabel(&rate.measure, &mut rate.label);
        }
        if self.rounds() {
            for row in &mut c.rows {
                row.baseline = self.rounded(row.baseline);
                row.current = self.rounded(row.current);
                if let (Some(b), Some(now)) = (row.baseline, row.current) {
                    row.exact = (b, now);
                    row.change = Some(change(b, now));
                    row.change_pct = row.pct_of(b, now);
                }
            }
            for rate in &mut c.rates {
                self.round_rate(rate);
            }
            self.round_quality(&mut c.data_quality);
            c.rounded_to = self.round;
        }
        c.footer.extend(self.footer(secondary));
    }

    /// Whether counts are rounded (to a step above 1).
    fn rounds(&self) -> bool {
        self.round.is_some_and(|n| n > 1)
    }

    /// A rate from rounded counts: its parts and bands rounded, its percentages and their
    /// change worked out again from them.
    fn round_rate(&self, rate: &mut crate::compare::document::RateRow) {
        use crate::model::number::{percent, points};
        for part in [
            &mut rate.baseline_numerator,
            &mut rate.baseline_denominator,
            &mut rate.current_numerator,
            &mut rate.current_denominator,
        ] {
            *part = self.rounded(*part);
        }
        for bands in [&mut rate.baseline_bands, &mut rate.current_bands]
            .into_iter()
            .flatten()
        {
            for band in bands.iter_mut() {
                *band = self.rounded(Some(*band)).unwrap_or(0);
            }
        }
        let b = rate.baseline_numerator.zip(rate.baseline_denominator);
        let c = rate.current_numerator.zip(rate.current_denominator);
        if rate.baseline.is_some() {
            rate.baseline = b.and_then(|(n, d)| percent(n, d));
        }
        if rate.current.is_some() {
            rate.current = c.and_then(|(n, d)| percent(n, d));
        }
        if rate.change_pp.is_some() {
            rate.change_pp = b.zip(c).and_then(|(b, c)| points(b, c));
        }
    }

    /// The data-quality rows' counts, rounded.
    fn round_quality(&self, quality: &mut [FileQuality]) {
        for q in quality {
            for cell in [
                &mut q.rows_read,
                &mut q.rows_current,
                &mut q.rows_baseline,
                &mut q.rows_outside,
                &mut q.rows_rejected,
                &mut q.rows_no_event,
                &mut q.duplicates,
                &mut q.rows_missing_id,
            ] {
                *cell = self.rounded(*cell);
            }
            // The line numbers of rejected rows would count them exactly.
            q.rejected_lines.clear();
            q.rejected_by_reason = [0; crate::model::date::REASONS];
        }
    }

    /// Withholds the timeliness bands when any is a small count: the others and the total
    /// would give it away.
    fn hide_small_bands(&self, rate: &mut crate::compare::document::RateRow) {
        let small = [&rate.baseline_bands, &rate.current_bands]
            .into_iter()
            .flatten()
            .flatten()
            .any(|b| self.hides(Some(*b)));
        if small {
            rate.baseline_bands = None;
            rate.current_bands = None;
        }
    }

    /// Withholds a rate whose numerator or denominator (either period) would be suppressed,
    /// or whose complement would be (the late conferences of "18 of 20 on time"): shown, it
    /// would give the count away.
    fn withhold_rate(&self, rate: &mut crate::compare::document::RateRow) -> bool {
        let rest = |n: Option<u64>, d: Option<u64>| d.zip(n).and_then(|(d, n)| d.checked_sub(n));
        let parts = [
            rate.baseline_numerator,
            rate.baseline_denominator,
            rate.current_numerator,
            rate.current_denominator,
            rest(rate.baseline_numerator, rate.baseline_denominator),
            rest(rate.current_numerator, rate.current_denominator),
        ];
        let hide = parts.iter().any(|p| self.hides(*p));
        if hide {
            rate.suppress_all(self.suppress.unwrap_or(0));
        }
        hide
    }

    fn apply_monthly(&self, m: &mut Monthly) {
        if let Some(title) = &self.title {
            m.title = title.clone();
        }
        for row in &mut m.rows {
            self.relabel(&row.measure, &mut row.label);
            self.relabel(&row.measure, &mut row.short_label);
        }
        let mut secondary = false;
        if self.suppress.is_some() {
            // Every count in one audit: groups and totals, months, years to date and rolling
            // years (which differ month to month by a month's count), and earlier papers.
            let mut primary: Vec<(usize, usize)> = Vec::new();
            for (r, row) in m.rows.iter_mut().enumerate() {
                for (k, cell) in row.counts_mut().into_iter().enumerate() {
                    if self.hides(*cell) {
                        *cell = None;
                        primary.push((r, k));
                    }
                }
            }
            let figures = monthly_figures(m);
            // Each rate's month, year to date and rolling year, with their spans.
            let mut rates: Vec<(usize, Entry)> = Vec::new();
            for (i, rate) in m.rates.iter_mut().enumerate() {
                let spans = crate::compare::document::month_spans(rate.month);
                for (k, span) in rate.spans_mut().into_iter().enumerate() {
                    let (Some(&now), Some(&before)) = (spans.get(2 * k), spans.get(2 * k + 1))
                    else {
                        continue;
                    };
                    let entries = self.rate_entries(span, before, now);
                    rates.extend(entries.into_iter().map(|e| (3 * i + k, e)));
                }
            }
            let (withhold, exposed) = self.audit(&figures, &primary, &rates, &m.underlying);
            secondary |= !withhold.is_empty();
            for place in withhold {
                match place {
                    Withhold::Count(r, k) => {
                        if let Some(cell) = m
                            .rows
                            .get_mut(r)
                            .and_then(|row| row.counts_mut().into_iter().nth(k))
                        {
                            *cell = None;
                        }
                    }
                    Withhold::Rate(i) => {
                        if let Some(span) = m
                            .rates
                            .get_mut(i / 3)
                            .and_then(|rate| rate.spans_mut().into_iter().nth(i % 3))
                        {
                            span.suppress_all(self.suppress.unwrap_or(0));
                        }
                    }
                }
            }
            m.notes.extend(exposed);
            // As for a comparison: a count withheld in one unit is withheld in the other; and
            // a year to date of children that grows by 1 to N on the month before gives that
            // many children first seen in the month, so it is withheld too.
            let withheld: Vec<(String, Option<String>, Month, usize)> = m
                .rows
                .iter()
                .filter(|r| r.unit.is_some())
                .flat_map(|r| {
                    r.withheld()
                        .into_iter()
                        .enumerate()
                        .filter(|(_, w)| *w)
                        .map(|(k, _)| (r.measure.clone(), r.group.clone(), r.month, k))
                        .collect::<Vec<_>>()
                })
                .collect();
            for row in m.rows.iter_mut().filter(|r| r.unit.is_some()) {
                let key = (row.measure.clone(), row.group.clone(), row.month);
                for (k, cell) in row.counts_mut().into_iter().enumerate() {
                    if withheld.contains(&(key.0.clone(), key.1.clone(), key.2, k)) {
                        *cell = None;
                    }
                }
            }
            self.protect_new_children(m);
            for row in &mut m.rows {
                if row.count.is_none() || row.previous_year_count.is_none() {
                    row.change = None;
                    row.change_pct = None;
                }
                row.suppressed = row.withheld().iter().any(|w| *w);
            }
            self.hide_quality(&mut m.data_quality);
            bare_notes(&mut m.notes, &m.count_notes);
        }
        for rate in &mut m.rates {
            for span in rate.spans_mut() {
                self.relabel(&span.measure, &mut span.label);
            }
        }
        if self.rounds() {
            for row in &mut m.rows {
                for cell in row.counts_mut() {
                    *cell = self.rounded(*cell);
                }
                let counts = row.counts();
                for (exact, shown) in row.exact.iter_mut().zip(counts) {
                    if let Some(shown) = shown {
                        *exact = shown;
                    }
                }
                if let (Some(now), Some(before)) = (row.count, row.previous_year_count) {
                    row.change = Some(change(before, now));
                    row.change_pct = crate::model::number::change_pct(before, now);
                }
            }
            for rate in &mut m.rates {
                for span in rate.spans_mut() {
                    self.round_rate(span);
                }
            }
            self.round_quality(&mut m.data_quality);
            m.rounded_to = self.round;
        }
        m.footer.extend(self.footer(secondary));
    }

    fn apply_benchmark(&self, b: &mut Benchmark) {
        if let Some(title) = &self.title {
            b.title = title.clone();
        }
        for row in &mut b.rows {
            self.relabel(&row.measure, &mut row.label);
            let mut hidden = false;
            for (cell, rate) in [
                (&mut row.previous, &mut row.previous_rate),
                (&mut row.current, &mut row.current_rate),
            ] {
                let count = cell.0.as_ref().and_then(PublishedFigure::count);
                if self.hides(count) {
                    cell.0 = Some(PublishedFigure::Missing("c".to_string()));
                    *rate = None;
                    hidden = true;
                } else if let Some(n) = count {
                    cell.0 = self.rounded(Some(n)).map(PublishedFigure::Count);
                }
            }
            if hidden {
                row.change = None;
                row.change_pct = None;
                row.rank = None;
                row.ranked = None;
            } else if self.round.is_some()
                && let (Some(p), Some(c)) = (
                    row.previous.0.as_ref().and_then(PublishedFigure::count),
                    row.current.0.as_ref().and_then(PublishedFigure::count),
                )
            {
                // Changes from the rounded counts, as every format shows them.
                row.change = Some(change(p, c));
                row.change_pct = crate::model::number::change_pct(p, c);
            }
        }
        if self.suppress.is_some() {
            self.hide_quality(&mut b.data_quality);
        }
        b.footer.extend(self.footer(false));
    }

    fn apply_trend(&self, t: &mut Trend) {
        if let Some(title) = &self.title {
            t.title = title.clone();
        }
        for series in &mut t.series {
            self.relabel(&series.measure, &mut series.label);
            for point in &mut series.points {
                let Some(cell) = &mut point.count else {
                    continue;
                };
                let count = cell.0.as_ref().and_then(PublishedFigure::count);
                if self.hides(count) {
                    cell.0 = Some(PublishedFigure::Missing("c".to_string()));
                    point.value = None;
                    point.rank = None;
                    point.ranked = None;
                } else if let Some(n) = count {
                    cell.0 = self.rounded(Some(n)).map(PublishedFigure::Count);
                }
            }
        }
        t.footer.extend(self.footer(false));
    }

    fn relabel(&self, measure: &str, label: &mut String) {
        if let Some(text) = self.labels.get(measure) {
            *label = text.clone();
        }
    }

    /// Withholds a year to date of distinct children (and the same a year earlier) that is 1
    /// to N more than the one shown for the month before: the difference is the children
    /// first seen in the month, a count of its own.
    fn protect_new_children(&self, m: &mut Monthly) {
        let mut order: Vec<usize> = (0..m.rows.len()).collect();
        order.sort_by_key(|&i| {
            m.rows
                .get(i)
                .map(|r| (r.measure.clone(), r.group.clone(), r.unit, r.month))
        });
        for k in [2usize, 3] {
            let mut last: Option<(String, Option<String>, i32, u64)> = None;
            for &i in &order {
                let Some(row) = m.rows.get_mut(i) else {
                    continue;
                };
                if row.unit != Some(crate::model::units::Unit::Children) {
                    continue;
                }
                let year = row.month.financial_year();
                let (measure, group) = (row.measure.clone(), row.group.clone());
                let Some(cell) = row.counts_mut().into_iter().nth(k) else {
                    continue;
                };
                let same = |l: &&(String, Option<String>, i32, u64)| {
                    l.0 == measure && l.1 == group && l.2 == year
                };
                match (*cell, last.as_ref().filter(same)) {
                    (Some(now), Some(before)) if self.hides(now.checked_sub(before.3)) => {
                        *cell = None;
                    }
                    (Some(now), _) => last = Some((measure, group, year, now)),
                    (None, _) => {}
                }
            }
        }
    }

    /// The audit of a paper's count `figures` (those withheld as small counts being
    /// `primary`) and its rates' parts (`rates`, each with its place), with the earlier
    /// papers': what to withhold as well, and notes on withheld figures the earlier papers
    /// already give away (never which figure, or what it is).
    fn audit(
        &self,
        figures: &[Figure],
        primary: &[(usize, usize)],
        rates: &[(usize, Entry)],
        underlying: &Underlying,
    ) -> (Vec<Withhold>, Vec<String>) {
        let mut entries: Vec<Entry> = figures
            .iter()
            .map(|f| Entry {
                cell: f.cell.clone(),
                shown: f.shown,
                earlier: false,
                protect: primary.contains(&(f.row, f.index)),
                marked: primary.contains(&(f.row, f.index)),
            })
            .collect();
        entries.extend(rates.iter().map(|(_, e)| e.clone()));
        let own = entries.len();
        entries.extend(self.earlier.iter().cloned());
        // Months the inputs do not reach, known to be empty, and every small count behind
        // the figures of this paper and the earlier ones, shown or not.
        let entries = with_underlying(entries, underlying, &|c| self.hides(Some(c)));
        let outcome = audit(&entries);
        let mut measures: Vec<&str> = outcome
            .exposed
            .iter()
            .filter(|&&i| i < own)
            .filter_map(|&i| entries.get(i))
            .map(|e| e.cell.measure.as_str())
            .collect();
        measures.dedup();
        let notes = measures
            .into_iter()
            .map(|measure| format!(
                "{measure}: a figure withheld in this paper can be worked out from figures earlier papers in the ledger published; it stays withheld here"
            ))
            .collect();
        let mut withhold: Vec<Withhold> = Vec::new();
        for i in outcome.withhold {
            let place = match figures.get(i) {
                Some(f) => Withhold::Count(f.row, f.index),
                None => match i.checked_sub(figures.len()).and_then(|j| rates.get(j)) {
                    Some((rate, _)) => Withhold::Rate(*rate),
                    None => continue,
                },
            };
            if !withhold.contains(&place) {
                withhold.push(place);
            }
        }
        (withhold, notes)
    }

    /// A rate's parts as the audit sees them, for its baseline span `before` and its own
    /// `now`, after withholding it if any part is small (its numerator, denominator, or their
    /// difference: the late of "18 of 20 on time"). A ratio's parts are its two measures'
    /// counts, the same figures as their rows; a linked rate's are its numerator and its
    /// denominator, a total of two groups (the numerator and the rest), with the rest
    /// protected where it is small.
    fn rate_entries(
        &self,
        rate: &mut crate::compare::document::RateRow,
        before: (Month, Month),
        now: (Month, Month),
    ) -> Vec<Entry> {
        let parts = [
            (rate.baseline_numerator, rate.baseline_denominator, before),
            (rate.current_numerator, rate.current_denominator, now),
        ];
        self.withhold_rate(rate);
        let shown = [
            (rate.baseline_numerator, rate.baseline_denominator),
            (rate.current_numerator, rate.current_denominator),
        ];
        let ratio = crate::model::rate::Rate::from_id(&rate.measure)
            .filter(|_| rate.method == crate::model::rate::Method::Ratio)
            .and_then(crate::model::rate::Rate::ratio_of);
        let mut out = Vec::new();
        for ((n, d, (from, to)), (n_shown, d_shown)) in parts.into_iter().zip(shown) {
            let (Some(n), Some(d)) = (n, d) else { continue };
            let cell = |measure: &str, group: Option<&str>| Cell {
                measure: measure.to_string(),
                unit: "events".to_string(),
                group: group.map(str::to_string),
                from,
                to,
            };
            let entry = |cell: Cell, shown: Option<u64>, value: Option<u64>| Entry {
                cell,
                shown,
                earlier: false,
                protect: self.hides(value),
                marked: false,
            };
            match ratio {
                Some((numerator, denominator)) => {
                    out.push(entry(cell(numerator, None), n_shown, Some(n)));
                    out.push(entry(cell(denominator, None), d_shown, Some(d)));
                }
                None => {
                    let id = rate.measure.as_str();
                    out.push(entry(cell(id, Some("numerator")), n_shown, Some(n)));
                    out.push(entry(cell(id, None), d_shown, Some(d)));
                    let rest = d.checked_sub(n);
                    if self.hides(rest) {
                        out.push(entry(cell(id, Some("rest")), None, rest));
                    }
                }
            }
        }
        out
    }

    /// Row counts in the data-quality record are counts of events too: whenever suppressing,
    /// the split of a file's rows between the periods is withheld, and so are its rows read.
    fn hide_quality(&self, quality: &mut [FileQuality]) {
        // A file's rows read, less the figures this paper and others show, would give a
        // withheld count away (a later paper's month less the earlier paper's year), so they
        // are never given; nor its rows with no event of a measure, the rows read less its
        // events, where there are some.
        for q in quality.iter_mut() {
            q.rows_current = None;
            q.rows_baseline = None;
            q.rows_outside = None;
            q.rows_read = None;
            q.rows_no_event = q.rows_no_event.filter(|n| *n == 0);
            if self.hides(q.rows_rejected) {
                q.rejected_lines.clear();
            }
        }
        for q in quality {
            for cell in [
                &mut q.rows_read,
                &mut q.rows_current,
                &mut q.rows_baseline,
                &mut q.rows_outside,
                &mut q.rows_rejected,
                &mut q.rows_no_event,
                &mut q.duplicates,
                &mut q.rows_missing_id,
            ] {
                if self.hides(*cell) {
                    *cell = None;
                }
            }
            q.rejected_by_reason = [0; crate::model::date::REASONS];
        }
    }
}

/// What the audit withholds as well: a count (row, place among its counts), or a rate's
/// span (its index among the rate rows; a monthly rate's three spans count as three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Withhold {
    Count(usize, usize),
    Rate(usize),
}

/// One count a paper shows or withholds: its row, its place among the row's counts (0 for
/// a comparison's baseline, 1 for its period; a monthly row's in the order of
/// [`crate::compare::document::MonthRow::counts`]), what it counts and its value (`None` when
/// withheld).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Figure {
    pub row: usize,
    pub index: usize,
    pub cell: Cell,
    pub shown: Option<u64>,
}

impl Figure {
    /// Count `index` of row `row`, of a measure in a unit for a group (or all), over the
    /// months `from` to `to`.
    fn of(
        (row, index): (usize, usize),
        (measure, unit, group): (&str, Option<crate::model::units::Unit>, &Option<String>),
        (from, to): (Month, Month),
        shown: Option<u64>,
    ) -> Figure {
        Figure {
            row,
            index,
            cell: Cell {
                measure: measure.to_string(),
                unit: unit_name(unit).to_string(),
                group: group.clone(),
                from,
                to,
            },
            shown,
        }
    }
}

/// Every count of a comparison that is a figure: not a span with no data.
pub(crate) fn compare_figures(c: &Comparison) -> Vec<Figure> {
    let spans = [period_months(&c.baseline), period_months(&c.current)];
    let mut out = Vec::new();
    for (r, row) in c.rows.iter().enumerate() {
        let cells = [
            (row.baseline, row.baseline_status.is_some()),
            (row.current, row.current_status.is_some()),
        ];
        for (k, (value, no_data)) in cells.into_iter().enumerate() {
            let (Some(&Some((from, to))), false) = (spans.get(k), no_data) else {
                continue;
            };
            out.push(Figure::of(
                (r, k),
                (&row.measure, row.unit, &row.group),
                (from, to),
                value,
            ));
        }
    }
    out
}

/// Every count of a monthly table that is a figure: not a span with no data.
pub(crate) fn monthly_figures(m: &Monthly) -> Vec<Figure> {
    let mut out = Vec::new();
    for (r, row) in m.rows.iter().enumerate() {
        for (k, ((from, to), value)) in row.spans().into_iter().zip(row.counts()).enumerate() {
            if row.gaps.get(k).copied().unwrap_or(true) {
                continue;
            }
            out.push(Figure::of(
                (r, k),
                (&row.measure, row.unit, &row.group),
                (from, to),
                value,
            ));
        }
    }
    out
}

/// Gives the notes that state counts (rows and events a measure's inputs hold, a footer's
/// line number) without them: less the figures this paper or another shows, those counts
/// could give a withheld one away.
fn bare_notes(notes: &mut [String], count_notes: &[crate::count::CountNote]) {
    for note in count_notes {
        for text in notes.iter_mut().filter(|t| **t == note.full) {
            text.clone_from(&note.bare);
        }
    }
}

/// `events` or `children`, as the audit names a unit.
fn unit_name(unit: Option<crate::model::units::Unit>) -> &'static str {
    match unit {
        Some(crate::model::units::Unit::Children) => "children",
        _ => "events",
    }
}

/// The first and last months of a comparison's period, from its dates.
fn period_months(p: &crate::compare::document::PeriodInfo) -> Option<(Month, Month)> {
    let month = |text: &str| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(Month::of_date)
    };
    Some((month(&p.from)?, month(&p.to)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::document::{Comparison, FileQuality, PeriodInfo, Row};
    use crate::model::units::Units;
    use proptest::prelude::*;

    fn period(year: &str) -> PeriodInfo {
        PeriodInfo {
            label: year.into(),
            from: format!("{year}-04-01"),
            to: format!("{}-03-31", year.parse::<i32>().unwrap() + 1),
        }
    }

    /// A comparison of one measure broken down into groups, with its total row.
    fn table(groups: &[(u64, u64)]) -> Comparison {
        let total = groups
            .iter()
            .fold((0, 0), |(b, c), (gb, gc)| (b + gb, c + gc));
        let mut rows = vec![Row::new(
            "contacts", "Contacts", None, None, total.0, total.1,
        )];
        for (i, (b, c)) in groups.iter().enumerate() {
            rows.push(Row::new(
                "contacts",
                "Contacts",
                Some(format!("g{i}")),
                None,
                *b,
                *c,
            ));
        }
        Comparison {
            per_day: None,
            rounded_to: None,
            drivers: Vec::new(),
            count_notes: Vec::new(),
            underlying: Default::default(),
            summary: Vec::new(),
            provenance: None,
            title: String::new(),
            current: period("2020"),
            baseline: period("2019"),
            by: Some("Source".into()),
            rows,
            data_quality: Vec::new(),
            footer: Vec::new(),
            count: Units::Events,
            notes: Vec::new(),
            rates: Vec::new(),
            confidence: None,
        }
    }

    #[test]
    fn a_rate_whose_complement_is_small_is_withheld() {
        // 18 of 20 conferences on time gives the 2 late ones away.
        let mut rate = crate::compare::document::RateRow {
            measure: "icpc-within-15wd-pct".into(),
            label: "ICPCs within 15 working days".into(),
            baseline: Some(75.0),
            current: Some(90.0),
            change: None,
            change_pct: None,
            unit: "percent",
            change_pp: Some(15.0),
            method: crate::model::rate::Method::Linked,
            baseline_numerator: Some(30),
            baseline_denominator: Some(40),
            current_numerator: Some(18),
            current_denominator: Some(20),
            withheld: None,
            baseline_bands: None,
            current_bands: None,
            baseline_median_days: None,
            current_median_days: None,
            change_pp_low: None,
            change_pp_high: None,
            significant: None,
            benchmark: None,
        };
        let publish = Publish {
            suppress: Some(5),
            ..Publish::default()
        };
        assert!(publish.withhold_rate(&mut rate.clone()));
        rate.current_numerator = Some(14);
        rate.current = Some(70.0);
        assert!(!publish.withhold_rate(&mut rate));
    }

    /// A published document holds nothing behind a withheld cell: not its exact count, not
    /// the month-by-month counts disclosure audited, not a note that states counts.
    #[test]
    fn a_published_document_carries_no_withheld_count() {
        let mut c = table(&[(20, 3), (15, 9)]);
        c.count_notes.push(crate::count::CountNote {
            measures: vec!["contacts".into()],
            full: "f.csv: line 40 has 2 fields".into(),
            bare: "f.csv: a line near its end has 2 fields".into(),
        });
        c.notes.push("f.csv: line 40 has 2 fields".into());
        let published = Publish {
            suppress: Some(5),
            ..Publish::default()
        }
        .compare(c);
        for row in &published.rows {
            assert!(row.baseline.is_some() || row.exact.0 == 0, "{row:?}");
            assert!(row.current.is_some() || row.exact.1 == 0, "{row:?}");
        }
        assert!(published.rows.iter().any(|r| r.current.is_none()));
        assert!(!published.notes.iter().any(|n| n.contains("line 40")));
        assert!(published.count_notes.is_empty());
        assert_eq!(published.underlying, Underlying::default());
    }

    #[test]
    fn rows_read_are_never_given_when_suppressing() {
        let mut c = table(&[(20, 3)]);
        c.data_quality.push(FileQuality {
            file: "f.csv".into(),
            sheet: None,
            measure: "contacts".into(),
            rows_read: Some(23),
            rows_current: Some(3),
            rows_baseline: Some(20),
            rows_outside: Some(0),
            rows_rejected: Some(0),
            rejected_lines: Vec::new(),
            rows_no_event: Some(0),
            duplicates: Some(0),
            rows_missing_id: Some(0),
            date_column: String::new(),
            taken_as: None,
            rejected_by_reason: [0; crate::model::date::REASONS],
        });
        // The same file's line for another measure it feeds repeats its rows read.
        let mut sibling = c.data_quality[0].clone();
        sibling.measure = "icpcs".into();
        sibling.rows_no_event = Some(20);
        c.data_quality.push(sibling);
        let mut shown = c.clone();
        shown.rows.iter_mut().for_each(|r| r.current = Some(13));
        let publish = Publish {
            suppress: Some(5),
            ..Publish::default()
        };
        publish.apply_compare(&mut c);
        assert_eq!(c.data_quality[0].rows_read, None);
        assert_eq!(
            (c.data_quality[1].rows_read, c.data_quality[1].rows_no_event),
            (None, None)
        );
        // Nothing withheld here: still none, since another paper's figures, less this
        // paper's, could give one of its withheld counts away.
        publish.apply_compare(&mut shown);
        assert_eq!(shown.data_quality[0].rows_read, None);
    }

    proptest! {
        /// After suppression no count from 1 to N is shown, and none can be worked back:
        /// each column's total and groups (total = sum of groups) hide none or at least
        /// two; a change is shown only between two shown counts.
        #[test]
        fn no_hidden_count_can_be_recovered(
            groups in proptest::collection::vec((0u64..12, 0u64..12), 1..6),
            n in 1u64..6,
        ) {
            let mut c = table(&groups);
            let publish = Publish { suppress: Some(n), ..Publish::default() };
            publish.apply_compare(&mut c);
            for row in &c.rows {
                for v in [row.baseline, row.current].into_iter().flatten() {
                    prop_assert!(v == 0 || v > n, "{v} shown with --suppress {n}");
                }
                if row.baseline.is_none() || row.current.is_none() {
                    prop_assert!(row.change.is_none() && row.change_pct.is_none());
                }
            }
            for column in 0..2 {
                let hidden = c
                    .rows
                    .iter()
                    .filter(|r| if column == 0 { r.baseline.is_none() } else { r.current.is_none() })
                    .count();
                prop_assert!(hidden != 1, "one hidden cell in a column of {:?}", groups);
            }
        }

        /// The data-quality rows give no period's count away: with the rows read shown, the
        /// split by period is withheld whenever suppressing.
        #[test]
        fn notes_give_no_count_away(
            (current, baseline, outside, rejected) in (0u64..12, 0u64..12, 0u64..40, 0u64..4),
            n in 1u64..6,
        ) {
            let mut c = table(&[(baseline, current)]);
            c.data_quality.push(FileQuality {
                file: "f.csv".into(),
                sheet: None,
                measure: "contacts".into(),
                rows_read: Some(current + baseline + outside + rejected),
                rows_current: Some(current),
                rows_baseline: Some(baseline),
                rows_outside: Some(outside),
                rows_rejected: Some(rejected),
                rejected_lines: (0..rejected).collect(),
                rows_no_event: Some(0),
                duplicates: Some(0),
                rows_missing_id: Some(0),
                date_column: String::new(),
                taken_as: None,
                rejected_by_reason: [0; crate::model::date::REASONS],
            });
            Publish { suppress: Some(n), ..Publish::default() }.apply_compare(&mut c);
            let q = &c.data_quality[0];
            prop_assert_eq!((q.rows_current, q.rows_baseline, q.rows_outside), (None, None, None));
            if q.rows_rejected.is_none() {
                prop_assert!(q.rejected_lines.is_empty());
            }
        }

        /// With --round, every count shown is a multiple of the step and the change is the
        /// difference of the rounded counts: nothing pins the unrounded ones.
        #[test]
        fn rounding_leaves_no_unrounded_figure(
            groups in proptest::collection::vec((0u64..400, 0u64..400), 1..4),
            step in 2u64..20,
        ) {
            let mut c = table(&groups);
            let publish = Publish { round: Some(step), ..Publish::default() };
            publish.apply_compare(&mut c);
            for row in &c.rows {
                let (b, now) = (row.baseline.unwrap(), row.current.unwrap());
                prop_assert_eq!(b % step, 0);
                prop_assert_eq!(now % step, 0);
                prop_assert_eq!(row.change, Some(change(b, now)));
                prop_assert_eq!(row.change_pct, crate::model::number::change_pct(b, now));
                prop_assert_eq!(row.pair(), Some((b, now)));
            }
        }
    }
}
