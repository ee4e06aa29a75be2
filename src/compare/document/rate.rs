//! A rate's line: percentages to one decimal and their change in percentage points.

use crate::compare::document::annotations::Comparators;
use crate::model::rate::Method;

/// A rate's line in a comparison: percentages to one decimal and their change in percentage
/// points (never a percent of a percent). Serialized among the count rows.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct RateRow {
    pub measure: String,
    pub label: String,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    /// Always `null`: a rate's change is `change_pp`.
    pub change: Option<i64>,
    pub change_pct: Option<f64>,
    pub unit: &'static str,
    pub change_pp: Option<f64>,
    pub method: Method,
    pub baseline_numerator: Option<u64>,
    pub baseline_denominator: Option<u64>,
    pub current_numerator: Option<u64>,
    pub current_denominator: Option<u64>,
    /// Why a figure is not shown (a zero or withheld denominator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    /// Timeliness: conferences by working days taken (0-10, 11-15, 16-20, 21+), and the median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_bands: Option<[u64; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_bands: Option<[u64; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_median_days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_median_days: Option<f64>,
    /// The interval of the change in points, and whether it excludes no change.
    pub change_pp_low: Option<f64>,
    pub change_pp_high: Option<f64>,
    pub significant: Option<bool>,
    /// DfE's latest published figures beside this one (`--benchmark`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Comparators>,
}

impl RateRow {
    /// Withholds every figure of the row, saying why (`--suppress n`).
    pub(crate) fn suppress_all(&mut self, n: u64) {
        self.baseline = None;
        self.current = None;
        self.change_pp = None;
        self.baseline_numerator = None;
        self.baseline_denominator = None;
        self.current_numerator = None;
        self.current_denominator = None;
        self.baseline_bands = None;
        self.current_bands = None;
        self.baseline_median_days = None;
        self.current_median_days = None;
        self.withheld = Some(format!("{WITHHELD} a count behind it is from 1 to {n}"));
    }

    /// Whether `--suppress` withheld the rate (not merely "no denominator").
    pub(crate) fn is_suppressed(&self) -> bool {
        self.withheld
            .as_deref()
            .is_some_and(|w| w.starts_with(WITHHELD))
    }
}

/// How a rate withheld by `--suppress` gives its reason.
const WITHHELD: &str = "withheld:";
