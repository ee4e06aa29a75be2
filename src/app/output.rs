//! Where results go. A file output is checked and opened *before* any counting (a bad path
//! fails at once), written to a temporary file in the same folder and renamed into place, so a
//! failed or interrupted run leaves the old file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::NamedTempFile;

use crate::model::error::{Error, Result};

/// An opened destination for the rendered bytes.
pub(crate) enum Output {
    Stdout,
    /// A file, replaced atomically when written: its temporary file exists only while it is
    /// being written, and is removed if the run is interrupted then.
    File {
        path: PathBuf,
        folder: PathBuf,
    },
    /// A device or pipe (`/dev/null`, `/dev/full`, a FIFO): written to as it is, since there
    /// is no file to replace, and a rename would replace the device itself.
    Device(PathBuf),
}

impl Output {
    /// Checks `path` (None or `-` for stdout) and opens a temporary file beside it.
    /// Refuses a path that is one of the `inputs`, a folder, or inside a missing folder,
    /// naming the `option` that gave it (`--output`, `--chart`, …).
    pub(crate) fn prepare(option: &str, path: Option<&Path>, inputs: &[&Path]) -> Result<Output> {
        let Some(path) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Output::Stdout);
        };
        let shown = path.display();
        // Devices and the process's own descriptors (`/dev/stdout`, `/proc/self/fd/1`, and
        // links to them) are written as they are: a rename would replace the link itself.
        let special = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
        let resolved = path.canonicalize().ok();
        if special(path) || resolved.as_deref().is_some_and(special) {
            // A descriptor that is an input's file (`-o /dev/stdin < data.csv`,
            // `-o /dev/stdout >> data.csv`) would be written over as it is read.
            let file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
            if file && inputs.iter().any(|input| same_file(input, path)) {
                return Err(Error::usage(format!(
                    "{option} {shown}: that is one of the inputs; write the results somewhere else"
                )));
            }
            return Ok(Output::Device(path.to_path_buf()));
        }
        // A link to a file: the file it names is replaced, and the link kept.
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        let path: &Path = match (&resolved, is_link) {
            (Some(target), true) => target,
            (None, true) => {
                return Err(Error::usage(format!(
                    "{option} {shown}: a link to a file that does not exist; give the file's own path"
                )));
            }
            _ => path,
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(Error::usage(format!(
                "{option} {shown}: the folder {} does not exist; create it first",
                folder.display()
            )));
        }
        if path.is_dir() {
            return Err(Error::usage(format!(
                "{option} {shown}: that is a folder; give a file name inside it"
            )));
        }
        if path.exists() && !path.is_file() {
            return Ok(Output::Device(path.to_path_buf()));
        }
        if inputs.iter().any(|input| same_file(input, path)) {
            return Err(Error::usage(format!(
                "{option} {shown}: that is one of the inputs; write the results somewhere else"
            )));
        }
        // A bad folder fails now, before any counting: a file can be made in it.
        let probe = temp_file(&folder)?;
        let probed = probe.path().to_path_buf();
        drop(probe);
        unregister(&probed);
        Ok(Output::File {
            path: path.to_path_buf(),
            folder,
        })
    }

    /// Writes `bytes` and, for a file, renames it into place.
    pub(crate) fn write(self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Output::Stdout => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(bytes)
                    .and_then(|()| stdout.flush())
                    .context("cannot write the results to standard output")?;
            }
            Output::Device(path) => {
                let mut device = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(|e| Error::io(&path, "cannot open", e))?;
                device
                    .write_all(bytes)
                    .and_then(|()| device.flush())
                    .map_err(|e| Error::io(&path, "cannot write", e))?;
            }
            Output::File { path, folder } => {
                let mut temp = temp_file(&folder)?;
                let pending = temp.path().to_path_buf();
                let write = |f: &mut NamedTempFile| -> std::io::Result<()> {
                    f.write_all(bytes)?;
                    f.flush()?;
                    f.as_file().sync_all()
                };
                let written = write(&mut temp)
                    .map_err(|e| Error::io(&path, "cannot write", e))
                    .and_then(|()| {
                        temp.persist(&path)
                            .map(|_| ())
                            .map_err(|e| Error::io(&path, "cannot replace", e.error))
                    });
                unregister(&pending);
                written?;
            }
        }
        Ok(())
    }
}

/// A temporary file in `folder`, named so that it is plainly ours.
/// A temporary file in `folder`, registered for removal on a signal *before* it is created,
/// so that no moment leaves it behind; the caller unregisters it when it is gone or renamed.
fn temp_file(folder: &Path) -> Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".cscstats-")
        .suffix(".tmp")
        .make_in(folder, |path| {
            register(path);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                // Results are aggregates: readable like any file the user writes (not 0600).
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o644);
            }
            options.open(path)
        })
        .map_err(|e| Error::io(folder, "cannot create a file in", e))
}

/// Temporary files being written, removed if a signal ends the run.
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn register(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// Removes every temporary file being written.
fn remove_pending() {
    remove_pending_within(None);
}

/// Removes the temporary files being written (only those in `folder`, when given: a test
/// must not remove the files other tests in the same process are writing).
fn remove_pending_within(folder: Option<&Path>) {
    if let Ok(pending) = PENDING.lock() {
        for path in pending
            .iter()
            .filter(|p| folder.is_none_or(|f| p.starts_with(f)))
        {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// On any signal that would end the run and can be caught (INT, TERM, HUP, QUIT, ALRM, USR1,
/// USR2, XCPU, XFSZ, VTALRM, PROF, IO, SYS, TRAP, ABRT, and on Linux PWR, STKFLT and the
/// real-time signals): remove any temporary file being written, then end with the shell's code
/// for that signal (128 + its number). Outputs already in place stay. SIGPIPE is left
/// ignored, as Rust sets it: a closed standard output is a write error, handled there. On
/// Windows, Ctrl-C, Ctrl-Break and closing the console do the same (through `ctrlc`).
pub fn remove_temp_files_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::signal::{
            SIGABRT, SIGALRM, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGSYS, SIGTERM, SIGTRAP,
            SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU, SIGXFSZ,
        };
        let mut ending = vec![
            SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ,
            SIGVTALRM, SIGPROF, SIGIO, SIGSYS, SIGTRAP, SIGABRT,
        ];
        #[cfg(target_os = "linux")]
        {
            ending.extend([libc::SIGPWR, libc::SIGSTKFLT]);
            ending.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
        }
        let Ok(mut signals) = signal_hook::iterator::Signals::new(ending) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_pending();
                std::process::exit(128 + signal);
            }
        });
    }
    // Windows: Ctrl-C, Ctrl-Break and the console closing end the run the same way (130, as
    // a shell reports an interrupt).
    #[cfg(windows)]
    {
        let _ = ctrlc::set_handler(|| {
            remove_pending();
            std::process::exit(130);
        });
    }
}

/// Writes `text` to standard error; a standard error that cannot be written (closed, full)
/// is not a reason to fail, let alone to panic.
/// Control characters (from headers or values in a message) are shown, not obeyed.
pub fn to_stderr(text: &str) {
    let text = crate::model::text::printable(text, true);
    let text = match stderr_width() {
        Some(width) => wrap_lines(&text, width),
        None => text.into_owned(),
    };
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The width of the terminal standard error goes to; `None` in a pipe or a file.
fn stderr_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| usize::from(w.0))
}

/// Each line of `text` wrapped between words at `width`, its continuation lines indented two
/// more than it, so that a note never breaks inside a word (or a file name).
fn wrap_lines(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        let room = width.saturating_sub(indent + 2);
        let parts = crate::model::text::wrap_words(trimmed, room);
        for (i, part) in parts.iter().enumerate() {
            let pad = if i == 0 { indent } else { indent + 2 };
            out.push_str(&" ".repeat(pad));
            out.push_str(part);
            if i + 1 < parts.len() {
                out.push('\n');
            }
        }
        out.push_str(newline);
    }
    out
}

/// True when `a` and `b` are the same file: the same device and inode where both exist
/// (through links, hard or symbolic), else the same path once resolved.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    same_file_key(a) == same_file_key(b)
}

/// A path's identity for the "is this an input?" check, whether or not it exists yet.
fn same_file_key(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (folder.canonicalize(), path.file_name()) {
        (Ok(f), Some(name)) => f.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_being_written_is_removed_when_a_signal_comes() {
        let dir = tempfile::tempdir().unwrap();
        let temp = temp_file(dir.path()).unwrap();
        let path = temp.path().to_path_buf();
        register(&path);
        assert!(path.exists());
        remove_pending_within(Some(dir.path()));
        assert!(!path.exists());
        unregister(&path);
        // A written file is unregistered: nothing of it is touched.
        let done = dir.path().join("done.csv");
        std::fs::write(&done, "x").unwrap();
        remove_pending_within(Some(dir.path()));
        assert!(done.exists());
    }
}
