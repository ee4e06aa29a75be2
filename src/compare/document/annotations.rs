//! What may stand beside a figure: its expected level (`--expected`), DfE's published
//! figures (`--benchmark`) and its place on a control chart (`--spc`).

use serde::Serialize;

/// A count's expected level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Expected {
    /// The mean of the same months of the earlier years, one decimal.
    pub expected: f64,
    /// The range a count with that mean falls in 95 times in 100.
    pub expected_low: u64,
    pub expected_high: u64,
    /// The count less the expected level, one decimal.
    pub excess: f64,
    /// `above` or `below` when the count lies outside the expected range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_signal: Option<&'static str>,
    /// How many earlier years the expected level is the mean of.
    pub expected_years: u32,
}

/// The published figures beside one row, for DfE's latest year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Comparators {
    /// The published reporting year, by the year it ends, and as papers write it.
    pub year: i32,
    pub year_label: String,
    /// `percent` or `rate_per_10000`.
    pub unit: &'static str,
    /// The authority's own count of the current period per 10,000 children, annualised
    /// (× 12 ÷ the period's months); counted measures only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_10000: Option<f64>,
    /// The authority's own published figure that year.
    pub authority: Option<f64>,
    pub region: Option<f64>,
    pub england: Option<f64>,
    pub neighbours: Option<f64>,
}

/// A month's place on its XmR chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Spc {
    pub centre: f64,
    pub lower: f64,
    pub upper: f64,
    /// `high` or `low` when the month is a signal.
    pub signal: Option<&'static str>,
    /// The rules it breaks, in the order above.
    pub rules: Vec<&'static str>,
    /// The months its phase's limits come from, as `2019-04..2020-03`.
    pub baseline: String,
}
