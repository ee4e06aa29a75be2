//! Where a table came from, so that a figure in a paper can be traced back: the cscstats
//! version, the command, each input (name, size, last change and, when asked, its SHA-256),
//! the period definitions and the disclosure rules. Deterministic: the same command on the
//! same files gives the same record (no clock time).

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Provenance {
    /// `cscstats 0.1.0`.
    pub tool: String,
    /// The command as run, input paths without their folders unless `--show-paths`.
    pub command: String,
    pub inputs: Vec<InputFile>,
    /// What the periods are, in words.
    pub periods: String,
    /// What was withheld or rounded: `none`, `--suppress 5`, `--round 10`.
    pub disclosure: String,
    /// Who to ask about the figures (`--contact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct InputFile {
    pub file: String,
    pub bytes: u64,
    /// When the file last changed, UTC, ISO 8601.
    pub modified: Option<String>,
    /// With `--hash-inputs`: the file's SHA-256, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A path as a published page shows it: the file name alone, unless `show_paths`.
pub(crate) fn shown_path(path: &str, show_paths: bool) -> String {
    if show_paths {
        return path.to_string();
    }
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The first line of a disclosure ledger (`--ledger`): how a ledger kept beside the exports
/// is known, and passed over, when a folder of them is read.
pub(crate) const LEDGER_HEADER: &str = "paper,recorded,measure,unit,by,group,from,to,value";
