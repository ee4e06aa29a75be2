//! The one harness every integration test uses: a temporary working folder, the real binary,
//! and a check that no planted cell value ever reaches the user.
#![allow(dead_code)]
// The harness is test code: a failure to set up a test is the test failing.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Planted in cells of the bad-input fixtures; must never be printed or written.
pub(crate) const MARKER: &str = "SECRET-MARKER";

/// A path inside the repository.
pub(crate) fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A temporary folder to run cscstats in.
pub(crate) struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run printed and returned.
#[derive(Debug)]
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        &self.stdout
    }

    /// Asserts success and returns stdout with the span columns of a CSV left out (see
    /// [`without_spans`]), for tests about the figures rather than the periods.
    #[allow(dead_code, reason = "not every test file reads CSV")]
    pub(crate) fn csv(&self) -> String {
        without_spans(self.ok())
    }

    /// Asserts failure with `code`, nothing on stdout, and returns the one-line error.
    pub(crate) fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stdout, "", "a failed run printed a table");
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "not one line:\n{}",
            self.stderr
        );
        self.stderr.trim_end()
    }
}

impl Workdir {
    pub(crate) fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// Runs cscstats with `args` and the environment variable `key` set to `value`.
    pub(crate) fn run_with_env(&self, args: &[&str], key: &str, value: &str) -> Run {
        let output = self.command().env(key, value).args(args).output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub(crate) fn read_bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).unwrap()
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("read output")
    }

    pub(crate) fn command(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cscstats"));
        cmd.current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS");
        cmd
    }

    /// Runs cscstats with `args` in this folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, b"")
    }

    pub(crate) fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn cscstats");
        if let Some(mut input) = child.stdin.take() {
            let _ = input.write_all(stdin);
        }
        let out = child.wait_with_output().expect("wait for cscstats");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !run.stdout.contains(MARKER) && !run.stderr.contains(MARKER),
            "a cell value leaked:\n{}{}",
            run.stdout,
            run.stderr
        );
        run
    }
}

/// JSON output without its `provenance` record, which names the command that made it: for
/// comparing the tables two different commands write.
#[allow(dead_code, reason = "not every test file compares JSON")]
pub(crate) fn without_provenance(json: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    if let Some(object) = value.as_object_mut() {
        object.remove("provenance");
    }
    serde_json::to_string_pretty(&value).expect("JSON")
}

/// The columns naming the spans a CSV row covers (compare: `period`, `period_start`,
/// `period_end`, `baseline_start`, `baseline_end`; monthly: `month_start`). They are tested
/// on their own; tests about the figures compare rows without them.
const SPAN_COLUMNS: [&str; 7] = [
    "change_pct_basis",
    "period",
    "period_start",
    "period_end",
    "baseline_start",
    "baseline_end",
    "month_start",
];

/// `text` unchanged unless it is a CSV whose header has span columns: then every row
/// without them and without the status columns (`baseline_status`, …: tests of withheld
/// and missing figures read those from the CSV as written), written as the tool writes CSV.
#[allow(dead_code, reason = "not every test file reads CSV")]
pub(crate) fn without_spans(text: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = match reader.records().collect() {
        Ok(rows) => rows,
        Err(_) => return text.to_string(),
    };
    let Some(header) = rows.first() else {
        return text.to_string();
    };
    let drop: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, name)| SPAN_COLUMNS.contains(name) || name.ends_with("_status"))
        .map(|(i, _)| i)
        .collect();
    if !header
        .iter()
        .any(|h| h == "period_start" || h == "month_start")
    {
        return text.to_string();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        let kept: Vec<&str> = row
            .iter()
            .enumerate()
            .filter(|(i, _)| !drop.contains(i))
            .map(|(_, f)| f)
            .collect();
        writer.write_record(&kept).expect("CSV");
    }
    String::from_utf8(writer.into_inner().expect("CSV")).expect("UTF-8")
}

/// The rows of a CSV as written, each a map from column name to value: for tests of the
/// status columns that [`without_spans`] leaves out.
#[allow(dead_code, reason = "not every test file reads CSV")]
pub(crate) fn records(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("CSV header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("CSV record");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
