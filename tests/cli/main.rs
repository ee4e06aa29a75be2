//! The integration tests, one crate so that the binary they drive is linked once: each module
//! runs the real `cscstats` on files in temporary folders (see `common`) and checks its exact
//! output, figures, messages and bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

mod common;

mod benchmark;
mod compare;
mod corpus;
mod database;
mod errors;
mod inspect;
mod layering;
mod limits;
mod monthly;
mod privacy;
mod publish;
mod published;
mod rates;
mod real_exports;
mod recognition;
mod report;
mod safety;
mod significance;
mod word;
