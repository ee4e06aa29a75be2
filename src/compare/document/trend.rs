//! The trend document: each published measure's series over a span of reporting years, for
//! the authority, its region, England and its statistical neighbours.

use serde::Serialize;

use crate::compare::document::benchmark::{AreaKind, PublishedFigure};
use crate::model::units::Unit;

/// The series, ready to render. Its JSON form is documented in the README.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Trend {
    pub title: String,
    pub authority: String,
    pub authority_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub unit: Unit,
    /// Reporting years, by the year they end, and as papers write them.
    pub years: Vec<i32>,
    pub year_labels: Vec<String>,
    pub series: Vec<TrendSeries>,
    pub footer: Vec<String>,
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// One area's values for one measure, a point per year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrendSeries {
    pub measure: String,
    pub label: String,
    /// `rate_per_10000` for counts, `percent` for percentages.
    pub unit: &'static str,
    pub area: String,
    pub area_kind: AreaKind,
    pub points: Vec<TrendPoint>,
}

/// One year of a series.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrendPoint {
    pub year: i32,
    /// The count as published (or its symbol), for counted measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<PublishedFigure>,
    /// The rate per 10,000 or the percentage, one decimal.
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranked: Option<usize>,
    /// How many neighbours the median is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<usize>,
}
