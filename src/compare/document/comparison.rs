//! The comparison document: for each measure, the count in the baseline and current
//! periods, the change and the change in percent; and the data-quality record of every input.
//!
//! Percentages are computed from the integer counts with exact rational rounding (half away
//! from zero), so `32.55` shows as `+33%` however binary floating point would have stored it.

use crate::model::convert::change;
use serde::Serialize;

use crate::compare::document::annotations::{Comparators, Expected};
use crate::compare::document::rate::RateRow;
use crate::count::CountNote;
use crate::count::coverage::{Cover, Coverage};
use crate::model::date::DateError;
use crate::model::number::change_pct;
use crate::model::period::Period;
use crate::model::units::{Unit, Units};

/// A whole comparison table, ready to render. Its JSON form is the documented contract: the
/// fields below, with the rate rows (`--rates`) in `rows` after the count rows.
#[derive(Debug, Clone)]
pub(crate) struct Comparison {
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
    pub rates: Vec<RateRow>,
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
            Rate(&'a RateRow),
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
pub(crate) struct Drivers {
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
pub(crate) struct Contribution {
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
pub(crate) struct PeriodInfo {
    pub label: String,
    pub from: String,
    pub to: String,
}

/// The order of `--by` groups: by value, with "Other" (the groups `--by-max` folds) last.
pub(crate) fn group_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a == "Other").cmp(&(b == "Other")).then_with(|| a.cmp(b))
}

/// The footnote mark on a figure whose inputs cover only part of its period.
pub(crate) const PARTIAL_MARK: &str = "†";

/// One line of the table: a measure (or one `--by` group of it), events or children.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
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
    pub expected: Option<Expected>,
    /// DfE's latest published figures beside this one (`--benchmark`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Comparators>,
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
pub(crate) enum Status {
    /// No input covers any of the span: not zero, not known. Shown as [`NO_DATA_MARK`].
    NoData,
}

/// The GSS symbol for a figure that is not available: the inputs hold no data for its span.
pub(crate) const NO_DATA_MARK: &str = "[x]";

/// What [`NO_DATA_MARK`] means, under the table.
pub(crate) const NO_DATA_FOOTNOTE: &str = "[x] No data: the inputs hold nothing for this span, so there is no figure (it is not zero) and no change.";

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
            change: Some(change(baseline, current)),
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
    pub(crate) fn has_no_data(&self) -> bool {
        self.baseline_status.is_some() || self.current_status.is_some()
    }

    /// Takes away the figure of each span the inputs do not cover at all, with the change:
    /// a gap is never a number.
    pub(crate) fn withdraw_uncovered(&mut self) {
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
    pub(crate) fn marked_label(&self) -> String {
        match &self.coverage {
            Some(c) if c.has_partial_span() => format!("{} {PARTIAL_MARK}", self.label),
            _ => self.label.clone(),
        }
    }

    /// Exact (baseline, current) when both are shown.
    pub(crate) fn pair(&self) -> Option<(u64, u64)> {
        (self.baseline.is_some() && self.current.is_some()).then_some(self.exact)
    }

    /// The pair a percent change is worked out from: the counts, or over spans of different
    /// lengths each count times the other span's days (the daily rates' ratio, in integers).
    pub(crate) fn change_pair(&self) -> Option<(u64, u64)> {
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
    pub(crate) fn pct_of(&self, baseline: u64, current: u64) -> Option<f64> {
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

impl Comparison {
    /// Over a period and baseline of different lengths (a leap February, a `--baseline` of
    /// another length), each count's percent change is the change in its daily rate — the
    /// scale its interval is on, so that the change always lies inside its interval — and the
    /// footer says so.
    pub(crate) fn per_day(&mut self, current: &Period, baseline: &Period) {
        let days = |p: &Period| (p.last_date() - p.first_date()).num_days().unsigned_abs() + 1;
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
    pub(crate) fn explain_partial(&mut self) {
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
pub(crate) const PARTIAL_FOOTNOTE: &str = "† The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).";
