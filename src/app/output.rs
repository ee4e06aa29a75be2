//! Where results go. A file output is checked and opened *before* any counting (a bad path
//! fails at once), written to a temporary file in the same folder and renamed into place, so a
//! failed or interrupted run leaves the old file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::NamedTempFile;

use crate::model::error::{Error, Result};

/// An opened destination for the rendered bytes.
pub enum Output {
    Stdout,
    File {
        path: PathBuf,
        temp: NamedTempFile,
    },
    /// A device or pipe (`/dev/null`, `/dev/full`, a FIFO): written to as it is, since there
    /// is no file to replace, and a rename would replace the device itself.
    Device(PathBuf),
}

impl Output {
    /// Checks `path` (None or `-` for stdout) and opens a temporary file beside it.
    /// Refuses a path that is one of the `inputs`, a folder, or inside a missing folder.
    pub fn prepare(path: Option<&Path>, inputs: &[&Path]) -> Result<Output> {
        let Some(path) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Output::Stdout);
        };
        let shown = path.display();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(Error::usage(format!(
                "--output {shown}: the folder {} does not exist; create it first",
                folder.display()
            )));
        }
        if path.is_dir() {
            return Err(Error::usage(format!(
                "--output {shown}: that is a folder; give a file name inside it"
            )));
        }
        if path.exists() && !path.is_file() {
            return Ok(Output::Device(path.to_path_buf()));
        }
        let target = same_file_key(path);
        if inputs.iter().any(|input| same_file_key(input) == target) {
            return Err(Error::usage(format!(
                "--output {shown}: that is one of the inputs; write the results somewhere else"
            )));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".cscstats-").suffix(".tmp");
        #[cfg(unix)]
        {
            // Results are aggregates: readable like any file the user writes (not 0600).
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let temp = builder
            .tempfile_in(&folder)
            .map_err(|e| Error::io(&folder, "cannot create a file in", e))?;
        Ok(Output::File {
            path: path.to_path_buf(),
            temp,
        })
    }

    /// Writes `bytes` and, for a file, renames it into place.
    pub fn write(self, bytes: &[u8]) -> anyhow::Result<()> {
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
            Output::File { path, mut temp } => {
                let write = |f: &mut NamedTempFile| -> std::io::Result<()> {
                    f.write_all(bytes)?;
                    f.flush()?;
                    f.as_file().sync_all()
                };
                write(&mut temp).map_err(|e| Error::io(&path, "cannot write", e))?;
                temp.persist(&path)
                    .map_err(|e| Error::io(&path, "cannot replace", e.error))?;
            }
        }
        Ok(())
    }
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
