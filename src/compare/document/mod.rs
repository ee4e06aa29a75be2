//! The documents the compare stage hands to rendering: a comparison of two spans, a
//! month-by-month table, their rate rows and the annotations beside a figure (expected levels,
//! published comparators, control-chart places), a benchmark and a trend of DfE's published
//! figures. Their JSON forms are the documented contract.
//!
//! The types live here, apart from the functions that build and annotate them, so that every
//! builder imports the documents and no document imports a builder.

mod annotations;
mod benchmark;
mod comparison;
mod monthly;
mod rate;
mod trend;

pub(crate) use annotations::{Comparators, Expected, Spc};
pub use benchmark::AreaKind;
pub(crate) use benchmark::{AreaInfo, Benchmark, BenchmarkRow, PublishedFigure};
pub(crate) use comparison::{
    Comparison, Contribution, Drivers, FileQuality, NO_DATA_MARK, PARTIAL_MARK, PeriodInfo, Row,
    Status, group_order,
};
pub(crate) use monthly::{MonthRate, MonthRow, Monthly, month_spans, spans};
pub(crate) use rate::RateRow;
pub(crate) use trend::{Trend, TrendPoint, TrendSeries};
