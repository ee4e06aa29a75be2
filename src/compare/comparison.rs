//! The comparison model: for each measure, the count in the baseline and current periods,
//! the change and the change in percent; and the data-quality record of every input.
//!
//! Percentages are computed from the integer counts with exact rational rounding (half away
//! from zero), so `32.55` shows as `+33%` however binary floating point would have stored it.

use serde::Serialize;

use crate::count::coverage::{Cover, Coverage};

use crate::count::{CountNote, Counted};
use crate::model::date::DateError;
use crate::model::error::Result;
use crate::model::measure::{Catalogue, MeasureId};
use crate::model::number::{change_pct, thousands};
use crate::model::period::{Period, column_labels};
use crate::model::units::{Unit, Units};

/// A whole comparison table, ready to render. Its JSON form is the documented contract: the
/// fields below, with the rate rows (`--rates`) in `rows` after the count rows.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub title: String,
    pub current: PeriodInfo,
    pub baseline: PeriodInfo,
    /// The `--by` column, when rows are broken down.
    pub by: Option<String>,
    pub rows: Vec<Row>,
    pub data_quality: Vec<FileQuality>,
    /// What was done to publish the figures (suppression, rounding).
    pub footer: Vec<String>,
    /// What was counted (rows carry `unit` unless it is events only).
    pub count: Units,
    /// Remarks for the data-quality note: files passed over, duplicates dropped, …
    pub notes: Vec<String>,
    /// Derived rates (`--rates`), after the counts in chain order.
    pub rates: Vec<crate::compare::rates::RateRow>,
    /// The confidence level of the changes' intervals (0.95).
    pub confidence: Option<f64>,
    /// Plain-English sentences from the figures as published.
    pub summary: Vec<String>,
    /// Where the figures came from.
    pub provenance: Option<crate::model::provenance::Provenance>,
    /// The days of the period and of the baseline, when they differ: each percent change is
    /// then the change in the daily rate (see [`Comparison::per_day`]).
    pub per_day: Option<(u64, u64)>,
    /// The notes that state counts, with their wording without them (for `--suppress`).
    pub count_notes: Vec<CountNote>,
    /// The counts behind the figures, month by month (for `--suppress`).
    pub underlying: crate::compare::audit::Underlying,
    /// The step counts were rounded to (`--round`), so that sentences say so.
    pub rounded_to: Option<u64>,
    /// What drove each measure's change, by its `--by` groups as published.
    pub drivers: Vec<Drivers>,
}

/// The lengths of two spans that differ, as JSON gives them.
#[derive(Serialize)]
struct Days {
    current_days: u64,
    baseline_days: u64,
}

impl Serialize for Comparison {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(untagged)]
        enum AnyRow<'a> {
            Count(&'a Row),
            Rate(&'a crate::compare::rates::RateRow),
        }
        #[derive(Serialize)]
        struct Contract<'a> {
            title: &'a str,
            current: &'a PeriodInfo,
            baseline: &'a PeriodInfo,
            #[serde(skip_serializing_if = "Option::is_none")]
            by: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            confidence: Option<f64>,
            rows: Vec<AnyRow<'a>>,
            data_quality: &'a [FileQuality],
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            footer: &'a [String],
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            summary: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            provenance: Option<&'a crate::model::provenance::Provenance>,
            #[serde(skip_serializing_if = "Option::is_none")]
            change_per_day: Option<Days>,
            #[serde(skip_serializing_if = "<[Drivers]>::is_empty")]
            drivers: &'a [Drivers],
        }
        Contract {
            title: &self.title,
            current: &self.current,
            baseline: &self.baseline,
            by: self.by.as_deref(),
            confidence: self.confidence,
            rows: self
                .rows
                .iter()
                .map(AnyRow::Count)
                .chain(self.rates.iter().map(AnyRow::Rate))
                .collect(),
            data_quality: &self.data_quality,
            footer: &self.footer,
            summary: &self.summary,
            provenance: self.provenance.as_ref(),
            change_per_day: self.per_day.map(|(current_days, baseline_days)| Days {
                current_days,
                baseline_days,
            }),
            drivers: &self.drivers,
        }
        .serialize(serializer)
    }
}

/// One measure's change, split by group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drivers {
    pub measure: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// The `--by` (or `--drivers`) column.
    pub column: String,
    /// The measure's change, current less baseline, as published.
    pub change: i64,
    /// Every group whose change is published, the largest contribution first.
    pub groups: Vec<Contribution>,
    /// The withheld groups and "Other", together: never one group's figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_groups: Option<Contribution>,
    /// The change reads as similar, or chance could explain it: the sentence names the large
    /// moves within it, not what drove it.
    #[serde(skip)]
    pub tentative: bool,
    /// Over spans of different lengths: each baseline count scaled to the period's length, so
    /// that the changes (in events) add up to the change in the daily rate.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub length_adjusted: bool,
}

/// A group's part in its measure's change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The group's value as written; absent on "other groups".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Current less baseline.
    pub change: i64,
    /// The change as a share of the measure's (0.6 is three fifths); `null` when the measure
    /// did not change. Negative for a group that moved against the measure.
    pub share: Option<f64>,
    /// Whether the summary names the group: it drove the change, or moved against it by a lot.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub named: bool,
}

/// A period as shown: its column label and first and last days (ISO dates).
#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub label: String,
    pub from: String,
    pub to: String,
}

/// The order of `--by` groups: by value, with "Other" (the groups `--by-max` folds) last.
pub fn group_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a == "Other").cmp(&(b == "Other")).then_with(|| a.cmp(b))
}

/// The footnote mark on a figure whose inputs cover only part of its period.
pub const PARTIAL_MARK: &str = "†";

/// One line of the table: a measure (or one `--by` group of it), events or children.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub measure: String,
    pub label: String,
    /// The `--by` value; absent on a measure's total row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// What the row counts, when `--count children` or `both` was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// The counts; `None` when suppressed (`--suppress`).
    pub baseline: Option<u64>,
    pub current: Option<u64>,
    pub change: Option<i64>,
    /// Over spans of different lengths, their days (current, baseline): the percent change is
    /// the daily rate's.
    #[serde(skip)]
    pub rate_days: Option<(u64, u64)>,
    /// (current − baseline) ÷ baseline × 100, to four decimals — of the daily rates when the
    /// spans differ in length; `None` for a zero baseline or when withheld.
    pub change_pct: Option<f64>,
    /// Some cell of the row is withheld by `--suppress`; those cells are `null`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
    /// (baseline, current) before rounding, for the change in percent.
    #[serde(skip)]
    pub exact: (u64, u64),
    /// The interval of the change in percent at the comparison's `confidence`, and whether
    /// it excludes no change; `null` where a figure is withheld or there are no events.
    pub change_pct_low: Option<f64>,
    pub change_pct_high: Option<f64>,
    pub significant: Option<bool>,
    /// The count expected from the same months of earlier years (`--expected`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub expected: Option<crate::compare::expected::Expected>,
    /// DfE's latest published figures beside this one (`--benchmark`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<crate::compare::comparators::Comparators>,
    /// How far the inputs span the period and the baseline: `full`, `partial` or `none`.
    pub coverage: Option<Coverage>,
    /// Why the baseline or current figure is absent when no count was withheld: the inputs
    /// hold no data at all for that span (coverage `none`), so there is no figure to give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<Status>,
}

/// Why a span has no figure, beside its `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No input covers any of the span: not zero, not known. Shown as [`NO_DATA_MARK`].
    NoData,
}

/// The GSS symbol for a figure that is not available: the inputs hold no data for its span.
pub const NO_DATA_MARK: &str = "[x]";

/// What [`NO_DATA_MARK`] means, under the table.
pub const NO_DATA_FOOTNOTE: &str = "[x] No data: the inputs hold nothing for this span, so there is no figure (it is not zero) and no change.";

impl Row {
    pub(crate) fn new(
        measure: &str,
        label: &str,
        group: Option<String>,
        count: Option<Unit>,
        baseline: u64,
        current: u64,
    ) -> Row {
        Row {
            measure: measure.to_string(),
            label: label.to_string(),
            group,
            unit: count,
            baseline: Some(baseline),
            current: Some(current),
            change: Some(current as i64 - baseline as i64),
            change_pct: change_pct(baseline, current),
            rate_days: None,
            suppressed: false,
            exact: (baseline, current),
            change_pct_low: None,
            change_pct_high: None,
            significant: None,
            expected: None,
            benchmark: None,
            coverage: None,
            baseline_status: None,
            current_status: None,
        }
    }

    /// True when a span of the row has no data (its figure is [`NO_DATA_MARK`]).
    pub fn has_no_data(&self) -> bool {
        self.baseline_status.is_some() || self.current_status.is_some()
    }

    /// Takes away the figure of each span the inputs do not cover at all, with the change:
    /// a gap is never a number.
    fn withdraw_uncovered(&mut self) {
        let Some(coverage) = &self.coverage else {
            return;
        };
        if coverage.baseline == Cover::None {
            self.baseline = None;
            self.baseline_status = Some(Status::NoData);
        }
        if coverage.current == Cover::None {
            self.current = None;
            self.current_status = Some(Status::NoData);
        }
        if self.has_no_data() {
            self.change = None;
            self.change_pct = None;
        }
    }

    /// The label as tables show it: with [`PARTIAL_MARK`] when the inputs do not cover the
    /// period or the baseline.
    pub fn marked_label(&self) -> String {
        match &self.coverage {
            Some(c) if c.has_partial_span() => format!("{} {PARTIAL_MARK}", self.label),
            _ => self.label.clone(),
        }
    }

    /// Exact (baseline, current) when both are shown.
    pub fn pair(&self) -> Option<(u64, u64)> {
        (self.baseline.is_some() && self.current.is_some()).then_some(self.exact)
    }

    /// The pair a percent change is worked out from: the counts, or over spans of different
    /// lengths each count times the other span's days (the daily rates' ratio, in integers).
    pub fn change_pair(&self) -> Option<(u64, u64)> {
        self.pair().map(|(b, c)| self.per_day_pair(b, c))
    }

    fn per_day_pair(&self, baseline: u64, current: u64) -> (u64, u64) {
        match self.rate_days {
            Some((t1, t2)) => (baseline.saturating_mul(t1), current.saturating_mul(t2)),
            None => (baseline, current),
        }
    }

    /// The percent change from `baseline` to `current` as this row shows it: of the counts,
    /// or of the daily rates when the spans differ in length.
    pub fn pct_of(&self, baseline: u64, current: u64) -> Option<f64> {
        let (b, c) = self.per_day_pair(baseline, current);
        change_pct(b, c)
    }
}

fn is_zero(n: &Option<u64>) -> bool {
    *n == Some(0)
}

/// What one input (one measure read from one file or sheet) contributed, so nothing is
/// silently left out.
#[derive(Debug, Clone, Serialize)]
pub struct FileQuality {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub measure: String,
    /// Row counts; `None` when withheld by `--suppress` (small counts of rows are small
    /// counts of events).
    pub rows_read: Option<u64>,
    pub rows_current: Option<u64>,
    pub rows_baseline: Option<u64>,
    pub rows_outside: Option<u64>,
    pub rows_rejected: Option<u64>,
    pub rejected_lines: Vec<u64>,
    /// Rows whose date is blank where that means no event (no ICPC held).
    #[serde(skip_serializing_if = "is_zero")]
    pub rows_no_event: Option<u64>,
    /// Rows dropped as repeats of an event already counted.
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicates: Option<u64>,
    /// Dated rows without a child ID, when IDs were needed.
    #[serde(skip_serializing_if = "is_zero")]
    pub rows_missing_id: Option<u64>,
    /// The header the event dates were read from (shown in the note, not in JSON).
    #[serde(skip)]
    pub date_column: String,
    /// What the file was taken as (`Annex A List 5 (…)`), when its headers said.
    #[serde(skip)]
    pub taken_as: Option<String>,
    /// Rejections by reason, indexed by [`DateError::index`].
    #[serde(skip)]
    pub rejected_by_reason: [u64; crate::model::date::REASONS],
}

impl FileQuality {
    /// `3 blank, 1 impossible`.
    pub fn rejection_reasons(&self) -> String {
        DateError::ALL
            .iter()
            .filter_map(|reason| {
                let n = self
                    .rejected_by_reason
                    .get(reason.index())
                    .copied()
                    .unwrap_or(0);
                (n > 0).then(|| format!("{n} {}", reason.describe()))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The periods and what to show.
pub struct Question<'a> {
    pub current: &'a Period,
    pub baseline: &'a Period,
    pub count: Units,
    pub by: Option<&'a str>,
    /// Derived rates to add after the counts.
    pub rates: &'a [crate::model::rate::Rate],
}

/// Builds the table from what was counted. Measures with no input are left out; rows follow
/// the catalogue's order, each measure's total first, then its `--by` groups by value.
pub fn compare(catalogue: &Catalogue, counted: &Counted, q: &Question) -> Result<Comparison> {
    let (current_label, baseline_label) = column_labels(q.current, q.baseline);
    let mut rows = Vec::new();
    let mut rate_notes = Vec::new();
    let kinds: Vec<Unit> = q.count.list();
    let tag = |kind: Unit| (q.count != Units::Events).then_some(kind);
    let mut partial = Vec::new();
    for measure in catalogue.ids() {
        let m = catalogue.get(measure);
        let first_row = rows.len();
        if let Some(counts) = counted.measures.get(&measure) {
            let figures = |kind: Unit, group: Option<usize>, p: &Period| match kind {
                Unit::Events => counts.events(group, p),
                Unit::Children => counts.children(group, p).unwrap_or(0),
            };
            for &kind in &kinds {
                rows.push(Row::new(
                    &m.id,
                    &m.label,
                    None,
                    tag(kind),
                    figures(kind, None, q.baseline),
                    figures(kind, None, q.current),
                ));
            }
            if q.by.is_some() {
                let mut groups: Vec<(usize, String)> =
                    counts.groups().into_iter().enumerate().collect();
                groups.sort_by(|a, b| crate::compare::comparison::group_order(&a.1, &b.1));
                for (g, name) in groups {
                    for &kind in &kinds {
                        rows.push(Row::new(
                            &m.id,
                            &m.label,
                            Some(name.clone()),
                            tag(kind),
                            figures(kind, Some(g), q.baseline),
                            figures(kind, Some(g), q.current),
                        ));
                    }
                }
            }
        } else if let Some(pre) = counted.precounted.iter().find(|p| p.measure == measure) {
            let events = |p: &Period, label: &str| pre.events(p, label, &m.id);
            rows.push(Row::new(
                &m.id,
                &m.label,
                None,
                tag(Unit::Events),
                events(q.baseline, &baseline_label)?,
                events(q.current, &current_label)?,
            ));
        }
        if rows.len() > first_row {
            let coverage = Coverage::of(counted, measure, q.current, q.baseline);
            if coverage.is_partial() {
                partial.push(coverage_note(&m.id, counted, measure, &coverage, q));
            }
            for row in rows.iter_mut().skip(first_row) {
                row.coverage = Some(coverage.clone());
                row.withdraw_uncovered();
            }
        }
    }
    let (general, count_notes) = notes(catalogue, counted);
    Ok(Comparison {
        per_day: None,
        rounded_to: None,
        drivers: Vec::new(),
        title: q.current.title(),
        current: period_info(q.current, current_label),
        baseline: period_info(q.baseline, baseline_label),
        // The column as the exports spell it, not as typed.
        by: q.by.map(|typed| {
            counted
                .feeds
                .iter()
                .find_map(|f| f.by_column.clone())
                .unwrap_or_else(|| typed.to_string())
        }),

        rows,
        data_quality: data_quality(catalogue, counted, q.current, q.baseline),
        footer: Vec::new(),
        confidence: None,
        summary: Vec::new(),
        provenance: None,
        count: q.count,
        rates: crate::compare::rates::rate_rows(
            catalogue,
            counted,
            q.rates,
            q.current,
            q.baseline,
            &mut rate_notes,
        ),
        notes: general
            .into_iter()
            .chain(partial)
            .chain(rate_notes)
            .collect(),
        count_notes,
        underlying: crate::compare::audit::Underlying::of(catalogue, counted, q.by.is_some()),
    })
}

impl Comparison {
    /// Over a period and baseline of different lengths (a leap February, a `--baseline` of
    /// another length), each count's percent change is the change in its daily rate — the
    /// scale its interval is on, so that the change always lies inside its interval — and the
    /// footer says so.
    pub fn per_day(&mut self, current: &Period, baseline: &Period) {
        let days = |p: &Period| (p.to_date() - p.from_date()).num_days().unsigned_abs() + 1;
        let (t1, t2) = (days(current), days(baseline));
        if t1 == t2 {
            return;
        }
        self.per_day = Some((t1, t2));
        for row in &mut self.rows {
            row.rate_days = Some((t1, t2));
            if let Some((b, c)) = row.pair() {
                row.change_pct = row.pct_of(b, c);
            }
        }
        self.footer.push(format!(
            "The period and its baseline differ in length ({t1} and {t2} days): each % change is the change in the daily rate."
        ));
    }

    /// The footnotes that explain [`PARTIAL_MARK`] and [`NO_DATA_MARK`], last in the footer,
    /// when a row has them.
    pub fn explain_partial(&mut self) {
        if self
            .rows
            .iter()
            .any(|r| r.coverage.as_ref().is_some_and(Coverage::has_partial_span))
        {
            self.footer.push(PARTIAL_FOOTNOTE.to_string());
        }
        if self.rows.iter().any(Row::has_no_data) {
            self.footer.push(NO_DATA_FOOTNOTE.to_string());
        }
    }
}

/// What [`PARTIAL_MARK`] means, under the table.
pub const PARTIAL_FOOTNOTE: &str = "† The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).";

/// `contacts: partial coverage — the inputs span 2018-04 to 2020-10; no data for 2020-11 to
/// 2021-03 (2020/21 is partial, 2019/20 full)`.
fn coverage_note(
    id: &str,
    counted: &Counted,
    measure: crate::model::measure::MeasureId,
    coverage: &Coverage,
    q: &Question,
) -> String {
    let span = match crate::count::coverage::span(counted, measure) {
        Some(span) => format!("the inputs span {}", span.text()),
        None => "the inputs hold no dated events".to_string(),
    };
    // A span with no data at all is [x] in the table, not marked partial.
    let what = if coverage.has_partial_span() {
        format!("{PARTIAL_MARK} partial coverage")
    } else {
        format!("{NO_DATA_MARK} no data")
    };
    format!(
        "{id}: {what}: {span}; {} ({} {}, {} {})",
        coverage.gaps_text(),
        q.current.span_label(),
        coverage.current.name(),
        q.baseline.span_label(),
        coverage.baseline.name()
    )
}

fn period_info(p: &Period, label: String) -> PeriodInfo {
    PeriodInfo {
        label,
        from: p.from_date().to_string(),
        to: p.to_date().to_string(),
    }
}

/// One record per input (and measure), in table order: what each contributed to `current`
/// and `baseline`.
pub(crate) fn data_quality(
    catalogue: &Catalogue,
    counted: &Counted,
    current: &Period,
    baseline: &Period,
) -> Vec<FileQuality> {
    let mut out: Vec<(MeasureId, FileQuality)> = counted
        .feeds
        .iter()
        .map(|f| {
            let t = &f.tally;
            let (in_current, in_baseline) = (t.months.sum(current), t.months.sum(baseline));
            let quality = FileQuality {
                file: f.file.clone(),
                sheet: f.sheet.clone(),
                measure: catalogue.get(f.measure).id.clone(),
                rows_read: Some(t.rows_read),
                rows_current: Some(in_current),
                rows_baseline: Some(in_baseline),
                // The two spans overlap when a monthly table covers more than 12 months:
                // count each month once.
                rows_outside: Some(
                    t.months.total()
                        - current
                            .months()
                            .chain(baseline.months().filter(|m| !current.contains(*m)))
                            .map(|m| t.months.get(m))
                            .sum::<u64>(),
                ),
                rows_rejected: Some(t.rejected.total),
                rejected_lines: t.rejected.first_lines.clone(),
                rows_no_event: Some(t.no_event),
                duplicates: Some(t.duplicates),
                rows_missing_id: Some(t.missing_id),
                date_column: f.date_column.clone(),
                taken_as: f.shape.describe(),
                rejected_by_reason: t.rejected.by_reason,
            };
            (f.measure, quality)
        })
        .collect();
    out.extend(counted.precounted.iter().map(|p| {
        let within = |period: &Period| {
            p.figures
                .iter()
                .filter(|(f, _, _)| period.overlaps(f))
                .count() as u64
        };
        let (in_current, in_baseline) = (within(current), within(baseline));
        let quality = FileQuality {
            file: p.file.clone(),
            sheet: None,
            measure: catalogue.get(p.measure).id.clone(),
            rows_read: Some(p.figures.len() as u64),
            rows_current: Some(in_current),
            rows_baseline: Some(in_baseline),
            rows_outside: Some(
                p.figures
                    .iter()
                    .filter(|(f, _, _)| !current.overlaps(f) && !baseline.overlaps(f))
                    .count() as u64,
            ),

            rows_rejected: Some(0),
            rejected_lines: Vec::new(),
            rows_no_event: Some(0),
            duplicates: Some(0),
            rows_missing_id: Some(0),
            date_column: "period".to_string(),
            taken_as: Some("pre-counted figures".to_string()),
            rejected_by_reason: [0; crate::model::date::REASONS],
        };
        (p.measure, quality)
    }));
    // In table order (then input order), so the note reads like the table.
    out.sort_by_key(|(measure, _)| *measure);
    out.into_iter().map(|(_, q)| q).collect()
}

/// Measure-level remarks: duplicates dropped, and the Annex A gap for strategy discussions;
/// with those that state counts, and their wording without them.
pub(crate) fn notes(catalogue: &Catalogue, counted: &Counted) -> (Vec<String>, Vec<CountNote>) {
    let mut notes = counted.notes.clone();
    let mut count_notes = counted.count_notes.clone();
    let mut count_note = |notes: &mut Vec<String>, measure: &str, full: String, bare: String| {
        notes.push(full.clone());
        count_notes.push(CountNote {
            measures: vec![measure.to_string()],
            full,
            bare,
        });
    };
    for (measure, counts) in &counted.measures {
        let dropped: u64 = counted
            .feeds
            .iter()
            .filter(|f| f.measure == *measure)
            .map(|f| f.tally.duplicates)
            .sum();
        let feeds = || counted.feeds.iter().filter(|f| f.measure == *measure);
        if counts.key_by_event {
            let mut names: Vec<&str> = feeds().filter_map(|f| f.identity.as_deref()).collect();
            names.sort_unstable();
            names.dedup();
            // Repeats are looked for in the months the table shows (and the year before):
            // the rows are counted there too.
            let rows: u64 = match counts.window {
                Some((from, to)) => feeds()
                    .map(|f| {
                        (from..=to)
                            .map(|i| {
                                f.tally
                                    .months
                                    .get(crate::model::period::Month::from_index(i))
                            })
                            .sum::<u64>()
                    })
                    .sum(),
                None => feeds().map(|f| f.tally.months.total()).sum(),
            };
            let id = &catalogue.get(*measure).id;
            let keys = names
                .iter()
                .map(|n| crate::input::detect::capped(n))
                .collect::<Vec<_>>()
                .join(" / ");
            count_note(
                &mut notes,
                id,
                format!(
                    "{id} keyed by {keys}: {} dated row{} → {}{}",
                    thousands(rows),
                    if rows == 1 { "" } else { "s" },
                    events_of(rows.saturating_sub(dropped), id),
                    if counts.window.is_some() {
                        " in the months compared"
                    } else {
                        ""
                    },
                ),
                format!("{id} keyed by {keys}: each ID and date counted once"),
            );
        } else if counts.dedupes() && dropped > 0 {
            let id = &catalogue.get(*measure).id;
            let key = if counts.key_by_source {
                ", date and source"
            } else {
                " and date"
            };
            count_note(
                &mut notes,
                id,
                format!(
                    "{id}: {dropped} duplicate event{} dropped (same child{key}), counted once",
                    if dropped == 1 { "" } else { "s" },
                ),
                format!("{id}: duplicate events dropped (same child{key}), counted once"),
            );
        }
    }
    let mut warned = Vec::new();
    for feed in &counted.feeds {
        if let Some(line) = feed
            .tally
            .unclosed_quote
            .filter(|_| !warned.contains(&&feed.table))
        {
            warned.push(&feed.table);
            notes.push(format!(
                "{}: the file has an odd number of quote marks, so a quoted field opened at or before line {line} \
                 may never be closed and may have swallowed the rows after it; check that row",
                feed.table
            ));
        }
    }
    let mut reported = Vec::new();
    for feed in counted.feeds.iter().filter(|f| !f.unrecognised.is_empty()) {
        if !reported.contains(&&feed.table) {
            reported.push(&feed.table);
            notes.push(format!(
                "{}: columns not in the Ofsted Annex A template (not used): {}",
                feed.table,
                feed.unrecognised.join(", ")
            ));
        }
    }
    // A whole Annex A return (three or more of its measures) never has strategy discussions:
    // say why the row is missing rather than leave the reader to wonder.
    let mut from_annex_a: Vec<MeasureId> = counted
        .feeds
        .iter()
        .filter(|f| matches!(f.shape, crate::input::detect::Shape::AnnexA(_)))
        .map(|f| f.measure)
        .collect();
    from_annex_a.dedup();
    if let Some(sd) = catalogue.by_id("strategy-discussions")
        && from_annex_a.len() >= 3
        && !counted.measures.contains_key(&sd)
    {
        notes.push(
            "strategy-discussions: Annex A has no strategy-discussion list, so the measure is not shown; \
             add a case-management export (strategy-discussions=FILE)"
                .to_string(),
        );
    }
    (notes, count_notes)
}

/// `466 referrals`, or `1 event`.
pub(crate) fn events_of(n: u64, id: &str) -> String {
    if n == 1 {
        "1 event".to_string()
    } else {
        format!("{} {id}", thousands(n))
    }
}
