//! One file per command, each reading its checked configuration and returning what it will
//! write; `pipeline` holds what they share (counting, opening outputs, rendering).

mod benchmark;
mod compare;
mod inspect;
mod monthly;
mod pipeline;
mod run;

pub use benchmark::benchmark;
pub use compare::compare;
pub use inspect::inspect;
pub use monthly::monthly;
pub use run::run;
