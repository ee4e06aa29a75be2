//! cscstats: children's social care performance statistics.
//!
//! Data flows one way: **read** (`input`) → **count** (`count`) → **compare** (`compare`) →
//! **render** (`render`), with the application (`app`) on top and the shared vocabulary
//! (`model`) underneath. [`run`] is the whole program; `main` only parses arguments, calls it
//! and turns errors into exit codes.
//!
//! Every stage is private to the crate: this page lists all that other code may name — what
//! `main` needs, the published-data reader the tests drive directly, and the fuzz targets.
//! `cargo doc --document-private-items` shows the house.

mod app;
mod compare;
mod count;
// The fuzz targets' entry points: public only for cargo-fuzz; compiled for the tests too, which
// replay the kept corpora.
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod input;
mod model;
mod render;

pub use app::cli::Cli;
pub use app::run;
pub use model::date::parse_date;

/// What `main` needs around a run: signals, messages and exit codes.
pub mod process {
    pub use crate::app::output::{remove_temp_files_on_signals, to_stderr};
    pub use crate::model::error::{
        EXIT_INTERNAL, EXIT_USAGE, exit_code, is_broken_pipe, panic_is_caught,
    };
}

/// DfE's published tables, read and benchmarked without the command line: the tests check
/// every figure of DfE's own files through these.
pub mod published {
    pub use crate::compare::benchmark::{BenchmarkQuestion, benchmark};
    pub use crate::compare::document::AreaKind;
    pub use crate::input::published::read;
    pub use crate::model::measure::Catalogue;
    pub use crate::model::units::Unit;
}
