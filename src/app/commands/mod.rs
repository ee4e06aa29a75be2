//! One file per command, each reading its checked configuration and returning what it will
//! write; `pipeline` holds what they share (counting, opening outputs, rendering).

mod benchmark;
mod compare;
mod inspect;
mod monthly;
mod pipeline;
mod run;

pub(super) use benchmark::benchmark;
pub(super) use compare::compare;
pub(super) use inspect::inspect;
pub(super) use monthly::monthly;
pub(super) use run::run;
