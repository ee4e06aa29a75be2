//! The shared vocabulary every stage speaks: periods and dates, the measure catalogue, the
//! working-day calendar, units and rounding, and errors. Knows nothing of the stages above.

pub(crate) mod calendar;
pub(crate) mod convert;
pub(crate) mod date;
pub(crate) mod error;
pub(crate) mod identity;
pub(crate) mod measure;
pub(crate) mod measures;
pub(crate) mod number;
pub(crate) mod period;
pub(crate) mod period_label;
pub(crate) mod provenance;
pub(crate) mod rate;
pub(crate) mod stage_type;
pub(crate) mod text;
pub(crate) mod units;
