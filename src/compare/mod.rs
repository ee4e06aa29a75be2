//! The models that compare periods: a comparison of two spans, month-by-month tables,
//! benchmarks against published data, the derived rates, the rules for publishing
//! (suppression and rounding) and the data-quality notes.

pub mod annotate;
pub mod audit;
pub mod benchmark;
pub mod comparators;
pub mod comparison;
pub mod disclosure;
pub mod document;
pub mod drivers;
pub mod expected;
pub mod figures;
pub mod monthly;
pub mod rates;
pub mod significance;
pub mod spc;
pub mod summary;
pub mod trend;
