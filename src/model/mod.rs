//! The shared vocabulary every stage speaks: periods and dates, the measure catalogue, the
//! working-day calendar, units and rounding, and errors. Knows nothing of the stages above.

pub mod calendar;
pub mod date;
pub mod error;
pub mod identity;
pub mod measure;
pub mod number;
pub mod period;
pub mod period_label;
pub mod provenance;
pub mod rate;
pub mod stage_type;
pub mod text;
pub mod units;
