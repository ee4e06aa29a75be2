//! The monthly document: for each measure and month, the count, the same month a year
//! earlier and the change; with year-to-date (April to the month) and rolling 12-month totals
//! against the same spans a year earlier.

use serde::Serialize;

use crate::compare::document::annotations::{Expected, Spc};
use crate::compare::document::comparison::{FileQuality, NO_DATA_FOOTNOTE, PARTIAL_FOOTNOTE};
use crate::compare::document::rate::RateRow;
use crate::model::period::{Form, Month, Period, single_month};
use crate::model::rate::Method;
use crate::model::units::{Unit, Units};

/// A month-by-month table, ready to render. Its JSON form is documented in the README: the
/// fields below, with the rate rows (`--rates`) in `rows` after the count rows.
#[derive(Debug, Clone, Serialize)]
#[serde(into = "MonthlyContract")]
pub(crate) struct Monthly {
    pub title: String,
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The months shown (ISO, `2020-04`, in JSON).
    pub months: Vec<Month>,
    /// One row per measure (and group, and unit) and month: a tidy long layout.
    pub rows: Vec<MonthRow>,
    pub data_quality: Vec<FileQuality>,
    /// What was done to publish the figures (suppression, rounding).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footer: Vec<String>,
    /// Plain-English sentences on the latest month, from the figures as published.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    /// Where the figures came from.
    #[serde(skip)]
    pub provenance: Option<crate::model::provenance::Provenance>,
    #[serde(skip)]
    pub count: Units,
    /// How the year-earlier row is labelled in text tables (`2019/20` or `Year earlier`).
    #[serde(skip)]
    pub previous_label: String,
    /// How the months shown are labelled in charts (`2020/21` or `Months shown`).
    #[serde(skip)]
    pub current_label: String,
    /// First and last days of the same months a year earlier (for the note).
    #[serde(skip)]
    pub previous_from: String,
    #[serde(skip)]
    pub previous_to: String,
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Derived rates (`--rates`), month by month, after the counts in chain order.
    #[serde(skip)]
    pub rates: Vec<MonthRate>,
    /// The step counts were rounded to (`--round`), so that sentences say so.
    #[serde(skip)]
    pub rounded_to: Option<u64>,
    /// The notes that state counts, with their wording without them (for `--suppress`).
    #[serde(skip)]
    pub count_notes: Vec<crate::count::CountNote>,
    /// The counts behind the figures, month by month (for `--suppress`).
    #[serde(skip)]
    pub underlying: crate::compare::audit::Underlying,
}

/// The JSON form of [`Monthly`]: count rows, then rate rows, in one `rows` list.
#[derive(Serialize)]
struct MonthlyContract {
    title: String,
    from: String,
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    months: Vec<Month>,
    rows: Vec<AnyMonthRow>,
    data_quality: Vec<FileQuality>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    footer: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    summary: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<crate::model::provenance::Provenance>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum AnyMonthRow {
    Count(MonthRow),
    Rate(MonthRateJson),
}

impl From<Monthly> for MonthlyContract {
    fn from(m: Monthly) -> MonthlyContract {
        MonthlyContract {
            title: m.title,
            from: m.from,
            to: m.to,
            by: m.by,
            months: m.months,
            rows: m
                .rows
                .into_iter()
                .map(AnyMonthRow::Count)
                .chain(m.rates.iter().map(|r| AnyMonthRow::Rate(r.json())))
                .collect(),
            data_quality: m.data_quality,
            footer: m.footer,
            summary: m.summary,
            provenance: m.provenance,
        }
    }
}

/// One rate for one month: the month, the year to date and the 12 months to it, each
/// against the same span a year earlier.
#[derive(Debug, Clone)]
pub(crate) struct MonthRate {
    pub month: Month,
    pub one: RateRow,
    pub ytd: RateRow,
    pub rolling_12: RateRow,
}

impl MonthRate {
    /// The three spans' rows, in the order month, YTD, rolling 12.
    pub(crate) fn spans_mut(&mut self) -> [&mut RateRow; 3] {
        [&mut self.one, &mut self.ytd, &mut self.rolling_12]
    }

    fn json(&self) -> MonthRateJson {
        MonthRateJson {
            measure: self.one.measure.clone(),
            label: self.one.label.clone(),
            month: self.month,
            unit: "percent",
            count: self.one.current,
            previous_year_count: self.one.baseline,
            change: None,
            change_pct: None,
            change_pp: self.one.change_pp,
            ytd: self.ytd.current,
            ytd_previous_year: self.ytd.baseline,
            ytd_change_pp: self.ytd.change_pp,
            rolling_12: self.rolling_12.current,
            rolling_12_previous_year: self.rolling_12.baseline,
            rolling_12_change_pp: self.rolling_12.change_pp,
            method: self.one.method,
            numerator: self.one.current_numerator,
            denominator: self.one.current_denominator,
            previous_year_numerator: self.one.baseline_numerator,
            previous_year_denominator: self.one.baseline_denominator,
            withheld: self.one.withheld.clone(),
        }
    }
}

/// A monthly rate row in JSON: a count row's shape with percents for counts, plus `unit`,
/// the changes in percentage points and the month's numerators and denominators.
#[derive(Serialize)]
struct MonthRateJson {
    measure: String,
    label: String,
    month: Month,
    unit: &'static str,
    count: Option<f64>,
    previous_year_count: Option<f64>,
    change: Option<i64>,
    change_pct: Option<f64>,
    change_pp: Option<f64>,
    ytd: Option<f64>,
    ytd_previous_year: Option<f64>,
    ytd_change_pp: Option<f64>,
    rolling_12: Option<f64>,
    rolling_12_previous_year: Option<f64>,
    rolling_12_change_pp: Option<f64>,
    method: Method,
    numerator: Option<u64>,
    denominator: Option<u64>,
    previous_year_numerator: Option<u64>,
    previous_year_denominator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    withheld: Option<String>,
}

/// The first and last months of the spans of `month`'s figures: the month, the same month a
/// year earlier, the year to date, the same a year earlier, the rolling year, the same a year
/// earlier (the order of [`MonthRow::counts`]).
pub(crate) fn month_spans(month: Month) -> [(Month, Month); 6] {
    let [one, ytd, r12] = spans(month, &single_month(month));
    let pair = |p: Period| (p.start(), p.end());
    [
        pair(one),
        pair(one.year_earlier()),
        pair(ytd),
        pair(ytd.year_earlier()),
        pair(r12),
        pair(r12.year_earlier()),
    ]
}

pub(crate) fn spans(month: Month, months: &Period) -> [Period; 3] {
    let one = Period::new(month, month, Form::Month).unwrap_or(*months);
    let ytd_start = Month::new(month.financial_year(), 4).unwrap_or(month);
    let ytd = Period::new(ytd_start, month, Form::Months).unwrap_or(one);
    let r12 = Period::new(month.plus(-11), month, Form::Months).unwrap_or(one);
    [one, ytd, r12]
}

impl Monthly {
    /// The footnotes that explain [`PARTIAL_MARK`] (a month, or the same month a year earlier,
    /// the inputs cover in part) and [`NO_DATA_MARK`], last in the footer, when a row has them.
    ///
    /// [`PARTIAL_MARK`]: crate::compare::document::PARTIAL_MARK
    /// [`NO_DATA_MARK`]: crate::compare::document::NO_DATA_MARK
    pub(crate) fn explain_marks(&mut self) {
        if self.rows.iter().any(|r| {
            r.partial.iter().any(|p| *p)
                || r.coverage
                    .as_ref()
                    .is_some_and(crate::count::coverage::Coverage::has_partial_span)
        }) {
            self.footer.push(PARTIAL_FOOTNOTE.to_string());
        }
        if self.rows.iter().any(|r| r.gaps.iter().any(|g| *g)) {
            self.footer.push(NO_DATA_FOOTNOTE.to_string());
        }
    }
}

/// One measure's figures for one month.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MonthRow {
    pub measure: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// The label where space is short (text tables only).
    #[serde(skip)]
    pub short_label: String,
    pub month: Month,
    /// Counts are `None` when withheld by `--suppress`.
    pub count: Option<u64>,
    pub previous_year_count: Option<u64>,
    pub change: Option<i64>,
    pub change_pct: Option<f64>,
    /// April (of the month's financial year) to the month.
    pub ytd: Option<u64>,
    pub ytd_previous_year: Option<u64>,
    /// The 12 months ending with the month.
    pub rolling_12: Option<u64>,
    pub rolling_12_previous_year: Option<u64>,
    /// Some cell of the row is withheld by `--suppress`; those cells are `null`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
    /// The counts before rounding, for changes in percent: month, year earlier, YTD, YTD a
    /// year earlier, rolling 12, rolling 12 a year earlier.
    #[serde(skip)]
    pub exact: [u64; 6],
    /// The month's place on its control chart (`--spc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spc: Option<Spc>,
    /// The count expected from the same month of earlier years (`--expected`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expected>,
    /// Whether the inputs reach the month (`current`) and the same month a year earlier
    /// (`baseline`): `full`, `partial` or `none`.
    pub coverage: Option<crate::count::coverage::Coverage>,
    /// The counts with no figure because the inputs hold no data at all for their span, in
    /// the order of [`MonthRow::counts`]; in JSON, `no_data` lists their names.
    #[serde(
        rename = "no_data",
        serialize_with = "gap_names",
        skip_serializing_if = "no_gaps"
    )]
    pub gaps: [bool; 6],
    /// The counts whose span the inputs cover in part (shown, marked †, and never described
    /// in the summary), in the order of [`MonthRow::counts`]; in JSON, `partial` lists their
    /// names.
    #[serde(
        rename = "partial",
        serialize_with = "gap_names",
        skip_serializing_if = "no_gaps"
    )]
    pub partial: [bool; 6],
}

/// The names of [`MonthRow::counts`], as JSON and CSV give them.
pub(crate) const COUNT_NAMES: [&str; 6] = [
    "count",
    "previous_year_count",
    "ytd",
    "ytd_previous_year",
    "rolling_12",
    "rolling_12_previous_year",
];

fn no_gaps(gaps: &[bool; 6]) -> bool {
    !gaps.iter().any(|g| *g)
}

fn gap_names<S: serde::Serializer>(gaps: &[bool; 6], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(
        gaps.iter()
            .zip(COUNT_NAMES)
            .filter(|(gap, _)| **gap)
            .map(|(_, name)| name),
    )
}

impl MonthRow {
    /// Every count of the row, in the order of [`MonthRow::exact`].
    pub(crate) fn counts(&self) -> [Option<u64>; 6] {
        [
            self.count,
            self.previous_year_count,
            self.ytd,
            self.ytd_previous_year,
            self.rolling_12,
            self.rolling_12_previous_year,
        ]
    }

    pub(crate) fn counts_mut(&mut self) -> [&mut Option<u64>; 6] {
        [
            &mut self.count,
            &mut self.previous_year_count,
            &mut self.ytd,
            &mut self.ytd_previous_year,
            &mut self.rolling_12,
            &mut self.rolling_12_previous_year,
        ]
    }

    /// The first and last months of each count's span, in the order of [`MonthRow::counts`].
    pub(crate) fn spans(&self) -> [(Month, Month); 6] {
        month_spans(self.month)
    }

    /// Which counts are withheld (`--suppress`): absent, and not for want of data.
    pub(crate) fn withheld(&self) -> [bool; 6] {
        let counts = self.counts();
        std::array::from_fn(|i| {
            counts.get(i).is_some_and(Option::is_none)
                && !self.gaps.get(i).copied().unwrap_or(false)
        })
    }

    /// Takes away each count whose span (`spans`, in the order of [`MonthRow::counts`]) the
    /// inputs spanning `span` do not reach at all — a gap is never a number — and marks
    /// those they reach in part.
    pub(crate) fn withdraw_uncovered(
        &mut self,
        span: Option<&crate::count::coverage::DataSpan>,
        spans: [Period; 6],
    ) {
        use crate::count::coverage::{Cover, span_cover};
        let cover = |i: usize| spans.get(i).map(|period| span_cover(span, period));
        let gaps: [bool; 6] = std::array::from_fn(|i| cover(i) == Some(Cover::None));
        self.partial = std::array::from_fn(|i| cover(i) == Some(Cover::Partial));
        for (cell, gap) in self.counts_mut().into_iter().zip(gaps) {
            if gap {
                *cell = None;
            }
        }
        self.gaps = gaps;
        if self.count.is_none() || self.previous_year_count.is_none() {
            self.change = None;
            self.change_pct = None;
        }
    }

    /// Exact counts (a year earlier, now) for the month (0), YTD (1) or rolling 12 (2), if
    /// both are shown: the order a change is worked out in.
    pub(crate) fn pair(&self, which: usize) -> Option<(u64, u64)> {
        let shown = self.counts();
        let (a, b) = (which * 2, which * 2 + 1);
        let visible = shown.get(a)?.is_some() && shown.get(b)?.is_some();
        visible.then(|| {
            (
                *self.exact.get(b).unwrap_or(&0),
                *self.exact.get(a).unwrap_or(&0),
            )
        })
    }
}
