//! The provenance record of a run (see [`crate::model::provenance`]): built here, where the
//! command line and the files are known.

use std::io::Read;

use crate::model::error::{Error, Result};
use crate::model::provenance::{InputFile, Provenance, shown_path};

/// What the record needs beyond the files: how to show paths, whether to hash, the periods
/// and the disclosure rules in words.
pub(super) struct Ask<'a> {
    pub show_paths: bool,
    pub hash: bool,
    pub periods: String,
    pub disclosure: &'a crate::compare::disclosure::Publish,
    pub contact: Option<String>,
}

/// The record for a run that read `files` (as the data-quality note names them).
pub(super) fn record(files: &[String], ask: &Ask) -> Result<Provenance> {
    let mut names: Vec<&String> = files.iter().collect();
    names.dedup();
    let mut inputs = Vec::new();
    for name in names {
        let path = std::path::Path::new(name);
        let meta = std::fs::metadata(path).ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok()).map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        });
        let sha256 = if ask.hash && meta.as_ref().is_some_and(std::fs::Metadata::is_file) {
            Some(sha256(path)?)
        } else {
            None
        };
        inputs.push(InputFile {
            file: shown_path(name, ask.show_paths),
            bytes: meta.map_or(0, |m| m.len()),
            modified,
            sha256,
        });
    }
    let disclosure = match (ask.disclosure.suppress, ask.disclosure.round) {
        (None, None) => "none".to_string(),
        (Some(s), None) => format!("--suppress {s}"),
        (None, Some(r)) => format!("--round {r}"),
        (Some(s), Some(r)) => format!("--suppress {s} --round {r}"),
    };
    Ok(Provenance {
        tool: format!("cscstats {}", env!("CARGO_PKG_VERSION")),
        command: command(ask.show_paths),
        inputs,
        periods: ask.periods.clone(),
        disclosure,
        contact: ask.contact.clone(),
    })
}

/// The command as run: each argument that names an existing file or folder (alone or after
/// `MEASURE=`) shown by its last component unless `show_paths`.
fn command(show_paths: bool) -> String {
    // Options whose value is a path, existing yet or not (an output is written later).
    const PATHS: [&str; 7] = [
        "--output",
        "-o",
        "--chart",
        "--provenance",
        "--ledger",
        "--db-password-file",
        "--holidays",
    ];
    let mut words = vec!["cscstats".to_string()];
    let mut previous = String::new();
    // Arguments as the system gave them: a path need not be UTF-8 (shown lossily).
    for given in std::env::args_os().skip(1) {
        let arg = given.to_string_lossy().into_owned();
        let option = arg
            .split_once('=')
            .map(|(o, v)| (o.to_string(), v.to_string()));
        // Short options clustered or with their value attached: `-qo/path`, `-o/path`, and
        // `-qo` before a separate path.
        let short = short_value(&arg);
        let previous_takes_output =
            short_value(&previous).is_some_and(|(o, v)| o == 'o' && v.is_empty());
        let attached = short
            .filter(|(o, v)| *o == 'o' && !v.is_empty())
            .map(|(_, v)| v.strip_prefix('=').unwrap_or(v));
        let shown = match (previous.as_str(), option) {
            _ if previous_takes_output => shown_path(&arg, show_paths),
            _ if attached.is_some() => {
                let value = attached.unwrap_or_default();
                let at = arg.len() - value.len();
                format!(
                    "{}{}",
                    arg.get(..at).unwrap_or_default(),
                    shown_path(value, show_paths)
                )
            }
            // A connection string names the driver and database only: never a server, a
            // user or a secret.
            ("--db", _) => crate::count::db::shown_connection(&arg),
            (_, Some((o, v))) if o == "--db" => {
                format!("--db={}", crate::count::db::shown_connection(&v))
            }
            (p, _) if PATHS.contains(&p) => shown_path(&arg, show_paths),
            (_, Some((o, v))) if PATHS.contains(&o.as_str()) => {
                format!("{o}={}", shown_path(&v, show_paths))
            }
            _ if exists_as_given(std::path::Path::new(&given)) => shown_path(&arg, show_paths),
            (_, Some((measure, path))) if exists_as_given(std::path::Path::new(&path)) => {
                format!("{measure}={}", shown_path(&path, show_paths))
            }
            _ => arg.clone(),
        };
        previous = arg;
        words.push(if shown.contains(' ') {
            format!("\"{shown}\"")
        } else {
            shown
        });
    }
    words.join(" ")
}

/// The folder the run started in, noted before a report moves into its own folder (a folder
/// whose name is not UTF-8), so that paths typed relative to it are still recognised.
static STARTED_IN: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Notes the folder the run started in; call before changing it.
pub(super) fn note_start() {
    if let Ok(here) = std::env::current_dir() {
        let _ = STARTED_IN.set(here);
    }
}

/// Whether a path as typed names something, from the folder the run started in.
fn exists_as_given(path: &std::path::Path) -> bool {
    match STARTED_IN.get() {
        Some(start) if path.is_relative() => start.join(path).exists(),
        _ => path.exists(),
    }
}

/// The short options that take a value: format, output, period, baseline.
const SHORT_VALUES: [char; 4] = ['f', 'o', 'p', 'b'];

/// In a cluster of short options (`-qo/path`, `-qfjson`, `-qo`), the first that takes a value
/// and the value attached to it (empty when it is the next argument); `None` for anything
/// else.
fn short_value(arg: &str) -> Option<(char, &str)> {
    let cluster = arg
        .strip_prefix('-')
        .filter(|rest| !rest.starts_with('-'))?;
    let (at, option) = cluster
        .char_indices()
        .find(|(_, c)| SHORT_VALUES.contains(c))?;
    Some((
        option,
        cluster.get(at + option.len_utf8()..).unwrap_or_default(),
    ))
}

/// The SHA-256 of a file, hex.
fn sha256(path: &std::path::Path) -> Result<String> {
    use sha2::Digest;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot open", e))?;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| Error::io(path, "cannot read", e))?;
        if n == 0 {
            break;
        }
        hasher.update(
            buffer
                .get(..n)
                .expect("read returns at most the buffer's length"),
        );
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
