//! The benchmark document: an authority's published figures beside England's, its region's
//! and its statistical neighbours', one reporting year against the one before.

use serde::{Serialize, Serializer};

use crate::input::published::{Area, Figure};
use crate::model::units::Unit;

/// The benchmarking table, ready to render. Its JSON form is documented in the README.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    pub title: String,
    pub authority: AreaInfo,
    pub region: Option<AreaInfo>,
    /// Reporting years, by the year they end, and as papers write them.
    pub year: i32,
    pub year_label: String,
    pub previous_year_label: String,
    pub unit: Unit,
    /// The ONS mid-year estimates used for the two years' rates.
    pub population_year: i32,
    pub previous_population_year: i32,
    pub rows: Vec<BenchmarkRow>,
    /// Sources, population years, rank order, symbols, own figures.
    pub footer: Vec<String>,
    /// The plain-English sentences (see `compare::summary::benchmark`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    /// What the authority's own exports contributed, when `--own` was given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_quality: Vec<crate::compare::document::FileQuality>,
    #[serde(skip)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaInfo {
    pub name: String,
    /// The ONS code in the reporting year asked for.
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub old_code: String,
    pub current_rate: Option<f64>,
    /// The authority's place among all authorities by current rate (1 = highest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranked: Option<usize>,
    /// How many neighbours' rates the median is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<usize>,
}

impl AreaInfo {
    pub(crate) fn of(area: &Area, code: Option<&str>) -> AreaInfo {
        AreaInfo {
            name: area.name.clone(),
            code: code.unwrap_or(&area.code).to_string(),
            old_code: area.old_code.clone(),
            current_rate: None,
            rank: None,
            ranked: None,
            neighbours: None,
        }
    }
}

/// Which comparator a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    Authority,
    Region,
    England,
    Neighbours,
}

/// One comparator's figures for one measure. Count rows carry counts and rates per 10,000;
/// percentage rows (`unit` = `percent`) carry percentages and their change in points.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkRow {
    pub measure: String,
    pub label: String,
    pub area: String,
    pub area_kind: AreaKind,
    pub previous: PublishedFigure,
    pub current: PublishedFigure,
    pub change: Option<i64>,
    pub change_pct: Option<f64>,
    /// Per 10,000 children aged 0 to 17, one decimal.
    pub previous_rate: Option<f64>,
    pub current_rate: Option<f64>,
    /// The authority's place among all authorities (1 = highest), and how many were ranked.
    pub rank: Option<usize>,
    pub ranked: Option<usize>,
    /// How many neighbours' figures the median is of, this year and the year before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_neighbours: Option<usize>,
    /// `percent` for a published percentage; absent for counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_pct: Option<f64>,
    /// The change in percentage points, from the exact percentages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_pp: Option<f64>,
    /// Conferences by working days from the enquiry (0–10, 11–15, 16–20, 21+) in the
    /// current year, and their median, as C4 publishes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bands: Option<[PublishedFigure; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_days: Option<PublishedFigure>,
    /// England's and the regions' counts are published rounded to the nearest 10, so their
    /// rates and percentages are approximate.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// A published figure in a row: a count, or DfE's symbol for one not published (`c`, `x`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFigure(pub Option<Figure>);

impl Serialize for PublishedFigure {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match &self.0 {
            Some(Figure::Count(n)) => s.serialize_u64(*n),
            Some(Figure::Missing(symbol)) => s.serialize_str(symbol),
            None => s.serialize_none(),
        }
    }
}

impl PublishedFigure {
    /// The count, or nothing: for a numeric column, whose symbol goes in a status column.
    pub fn number(&self) -> String {
        match &self.0 {
            Some(Figure::Count(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// DfE's symbol where no count was published (`c`, `x`, `z`, …); empty for a count.
    pub fn status(&self) -> String {
        match &self.0 {
            Some(Figure::Missing(symbol)) => symbol.clone(),
            _ => String::new(),
        }
    }

    pub fn text(&self) -> String {
        match &self.0 {
            Some(Figure::Count(n)) => n.to_string(),
            Some(Figure::Missing(symbol)) => symbol.clone(),
            None => String::new(),
        }
    }
}
