//! Typed errors. Every message names the file (and line and column where there is one), says
//! what was expected and how to fix it, and never contains a value from a data row: the rows
//! hold children's personal data.

use std::fmt;
use std::path::Path;

/// Where in an input something went wrong: a file, and optionally a line and a column header.
///
/// Column *headers* are shown (they describe the export, not a child); cell values never are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// The worksheet, for a workbook; its lines are then spreadsheet rows.
    pub sheet: Option<String>,
    pub line: Option<u64>,
    pub column: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line: None,
            column: None,
        }
    }

    pub fn sheet(mut self, sheet: Option<String>) -> Self {
        self.sheet = sheet;
        self
    }

    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet \"{sheet}\"")?;
        }
        match (self.line, &self.sheet) {
            (Some(row), Some(_)) => write!(f, ", row {row}")?,
            (Some(line), None) => write!(f, ", line {line}")?,
            (None, _) => {}
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        }
        Ok(())
    }
}

/// The errors cscstats reports. [`Error::exit_code`] maps them to the documented exit codes.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line (or a report file) asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),

    /// An input exists but cannot be used as it is.
    #[error("{location}: {message}")]
    Input { location: Location, message: String },

    /// The operating system refused a read or a write.
    #[error("{path}: {action}")]
    Io {
        path: String,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            action,
            source,
        }
    }

    /// 2 for usage errors, 1 for everything else (bad data, unreadable files, failed writes).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => EXIT_USAGE,
            Error::Input { .. } | Error::Io { .. } => EXIT_FAILURE,
        }
    }
}

thread_local! {
    /// Set while a reader runs inside [`catch_reader_panic`].
    static CAUGHT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True on a thread running a third-party reader whose panics are caught and answered as a
/// damaged file: the panic hook then says nothing.
pub fn panic_is_caught() -> bool {
    CAUGHT.with(std::cell::Cell::get)
}

/// Runs `read` (a workbook reader on a file's bytes), catching a panic in it: `None` when it
/// panicked, which the caller reports as a damaged file (exit 1), never as a bug of ours.
/// Nothing of the reader's state outlives it.
pub(crate) fn catch_reader_panic<T>(read: impl FnOnce() -> T) -> Option<T> {
    let before = CAUGHT.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    CAUGHT.with(|c| c.set(before));
    result.ok()
}

/// Exit code for a data or runtime error.
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage error (bad option, unknown measure, impossible period).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for an internal error (a bug in cscstats: please report it).
pub const EXIT_INTERNAL: u8 = 70;

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// The exit code for an error chain: the first typed `Error` in the chain decides; anything
/// else is a runtime failure.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Error>())
        .map_or(EXIT_FAILURE, Error::exit_code)
}

/// True when the chain ends in a closed pipe (`cscstats … | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_names_file_line_and_column() {
        let loc = Location::file("contacts.csv")
            .line(17)
            .column("Date of Contact");
        assert_eq!(
            loc.to_string(),
            "contacts.csv, line 17, column \"Date of Contact\""
        );
        assert_eq!(Location::file("a.csv").to_string(), "a.csv");
        let cell = Location::file("a.xlsx")
            .sheet(Some("List 1".into()))
            .line(4);
        assert_eq!(cell.to_string(), "a.xlsx, sheet \"List 1\", row 4");
    }

    #[test]
    fn exit_codes_follow_the_chain() {
        let usage = anyhow::Error::new(Error::usage("bad period")).context("while reading options");
        assert_eq!(exit_code(&usage), 2);
        let data = anyhow::Error::new(Error::input(Location::file("x.csv"), "empty file"));
        assert_eq!(exit_code(&data), 1);
        assert_eq!(exit_code(&anyhow::anyhow!("other")), 1);
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let err = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("writing the table");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("no")));
    }
}
