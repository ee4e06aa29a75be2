//! cscstats: children's social care performance statistics.
//!
//! Data flows one way: **read** ([`input`]) → **count** ([`count`]) → **compare**
//! ([`compare`]) → **render** ([`render`]). [`run`] is the whole program; `main` only parses
//! arguments, calls it and turns errors into exit codes.

pub mod app;
pub mod compare;
pub mod count;
// The fuzz targets' entry points: public only for cargo-fuzz; compiled for the tests too, which
// replay the kept corpora.
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod input;
pub mod model;
pub mod render;

pub use app::run;
