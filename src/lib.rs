//! cscstats: children's social care performance statistics.
//!
//! Data flows one way: **read** ([`input`]) → **count** ([`count`]) → **compare**
//! ([`compare`]) → **render** ([`render`]). [`run`] is the whole program; `main` only parses
//! arguments, calls it and turns errors into exit codes.

// No panics in the program: these are denied outside tests (issue 7). A panic that got
// through anyway is caught in `main` and reported as an internal error (exit code 70).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod app;
pub mod compare;
pub mod count;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod input;
pub mod model;
pub mod render;

pub use app::run;
