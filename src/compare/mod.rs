//! The models that compare periods: a comparison of two spans, month-by-month tables,
//! benchmarks against published data, the derived rates, the rules for publishing
//! (suppression and rounding) and the data-quality notes.

pub(crate) mod annotate;
pub(crate) mod audit;
pub(crate) mod benchmark;
pub(crate) mod comparators;
pub(crate) mod comparison;
pub(crate) mod disclosure;
pub(crate) mod document;
pub(crate) mod drivers;
pub(crate) mod expected;
pub(crate) mod figures;
pub(crate) mod monthly;
pub(crate) mod rates;
pub(crate) mod significance;
pub(crate) mod spc;
pub(crate) mod summary;
pub(crate) mod trend;
