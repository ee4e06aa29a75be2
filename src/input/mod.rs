//! Inputs: which files hold which measure, and one reader per input shape.
//!
//! An INPUT on the command line is `MEASURE=PATH`, a file named after a measure
//! (`contacts.csv`), or a folder whose `*.csv` files are named after measures.

pub mod events;
pub mod reader;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};
use crate::measure::{Catalogue, MeasureId};
pub use reader::InputPath;

/// One INPUT as written, checked against the catalogue but not yet looked for on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSpec {
    pub measure: Option<MeasureId>,
    pub path: InputPath,
}

impl InputSpec {
    /// Reads `MEASURE=PATH` or `PATH`. A prefix before `=` that is not a measure is an error,
    /// unless the whole argument is an existing path (file names may contain `=`).
    pub fn parse(arg: &str, catalogue: &Catalogue) -> Result<InputSpec> {
        if let Some((prefix, path)) = arg.split_once('=') {
            if let Some(measure) = catalogue.by_id(prefix) {
                if path.is_empty() {
                    return Err(Error::usage(format!(
                        "input '{arg}' names no file; write {prefix}=PATH"
                    )));
                }
                return Ok(InputSpec {
                    measure: Some(measure),
                    path: InputPath::from_arg(path),
                });
            }
            if !Path::new(arg).exists() {
                return Err(Error::usage(format!(
                    "input '{arg}': '{prefix}' is not a measure; measures are {}",
                    catalogue.id_list()
                )));
            }
        }
        if arg == "-" {
            return Err(stdin_needs_a_measure());
        }
        Ok(InputSpec {
            measure: None,
            path: InputPath::from_arg(arg),
        })
    }
}

/// A file (or stdin) and the measure its rows are events of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub measure: MeasureId,
    pub path: InputPath,
}

impl Source {
    pub fn name(&self) -> String {
        self.path.display()
    }
}

/// The sources behind the INPUTs, and notes about files passed over.
#[derive(Debug, Default)]
pub struct Resolved {
    pub sources: Vec<Source>,
    pub notes: Vec<String>,
}

/// Expands folders, assigns each file its measure and checks every file exists.
pub fn resolve(specs: &[InputSpec], catalogue: &Catalogue) -> Result<Resolved> {
    let mut resolved = Resolved::default();
    let mut seen = HashSet::new();
    for spec in specs {
        let found = match &spec.path {
            InputPath::Stdin => vec![Source {
                measure: spec.measure.ok_or_else(stdin_needs_a_measure)?,
                path: InputPath::Stdin,
            }],
            InputPath::File(path) if path.is_dir() => {
                expand_folder(path, spec.measure, catalogue, &mut resolved.notes)?
            }
            InputPath::File(path) => vec![file_source(path, spec.measure, catalogue)?],
        };
        for source in found {
            let key = (source.measure, identity(&source.path));
            if seen.insert(key) {
                resolved.sources.push(source);
            } else {
                resolved.notes.push(format!(
                    "{}: given more than once for the same measure; counted once",
                    source.name()
                ));
            }
        }
    }
    Ok(resolved)
}

fn stdin_needs_a_measure() -> Error {
    Error::usage("standard input needs a measure: write MEASURE=- (for example contacts=-)")
}

/// The same file reached by two spellings counts once.
fn identity(path: &InputPath) -> PathBuf {
    match path {
        InputPath::File(p) => p.canonicalize().unwrap_or_else(|_| p.clone()),
        InputPath::Stdin => PathBuf::from("-"),
    }
}

fn file_source(path: &Path, measure: Option<MeasureId>, catalogue: &Catalogue) -> Result<Source> {
    if !path.exists() {
        return Err(Error::input(
            Location::file(path.display().to_string()),
            "no such file; check the path (run from the folder the path is relative to)",
        ));
    }
    let measure = match measure {
        Some(m) => m,
        None => measure_from_name(path, catalogue).ok_or_else(|| {
            Error::usage(format!(
                "{}: cannot tell which measure this file holds; name it after a measure \
                 (contacts.csv, referrals.csv, …) or write MEASURE={} (measures are {})",
                path.display(),
                path.display(),
                catalogue.id_list()
            ))
        })?,
    };
    Ok(Source {
        measure,
        path: InputPath::File(path.to_path_buf()),
    })
}

fn measure_from_name(path: &Path, catalogue: &Catalogue) -> Option<MeasureId> {
    let stem = path.file_stem()?.to_string_lossy();
    catalogue.by_file_stem(&stem)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The `*.csv` files of a folder (not its sub-folders), in name order.
fn expand_folder(
    folder: &Path,
    measure: Option<MeasureId>,
    catalogue: &Catalogue,
    notes: &mut Vec<String>,
) -> Result<Vec<Source>> {
    let here = || Location::file(folder.display().to_string());
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, "cannot list", e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();

    let mut sources = Vec::new();
    let mut csv_files = 0;
    for path in paths {
        let shown = path.display();
        if !is_csv(&path) || path.is_dir() {
            let what = if path.is_dir() {
                "a folder"
            } else {
                "not a .csv file"
            };
            notes.push(format!("{shown}: ignored ({what})"));
            continue;
        }
        csv_files += 1;
        match measure.or_else(|| measure_from_name(&path, catalogue)) {
            Some(m) => sources.push(Source {
                measure: m,
                path: InputPath::File(path),
            }),
            None => notes.push(format!(
                "{shown}: ignored (its name is not a measure; rename it or pass MEASURE={shown})"
            )),
        }
    }
    if csv_files == 0 {
        return Err(Error::input(
            here(),
            "this folder holds no .csv files; point at the folder of exports, or at the files themselves",
        ));
    }
    if sources.is_empty() {
        return Err(Error::input(
            here(),
            format!(
                "none of this folder's .csv files is named after a measure ({}); \
                 rename them or pass MEASURE=PATH for each",
                catalogue.id_list()
            ),
        ));
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_specs() {
        let c = Catalogue::builtin();
        let spec = InputSpec::parse("icpcs=data/list5.csv", &c).unwrap();
        assert_eq!(spec.measure, c.by_id("icpcs"));
        assert_eq!(spec.path, InputPath::File("data/list5.csv".into()));
        let spec = InputSpec::parse("contacts=-", &c).unwrap();
        assert_eq!(spec.path, InputPath::Stdin);
        let err = InputSpec::parse("contact=x.csv", &c)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "input 'contact=x.csv': 'contact' is not a measure; measures are contacts, referrals, \
             assessments, strategy-discussions, s47-enquiries, icpcs, cp-plan-starts"
        );
        assert!(
            InputSpec::parse("-", &c)
                .unwrap_err()
                .to_string()
                .contains("MEASURE=-")
        );
        assert_eq!(InputSpec::parse("x.csv", &c).unwrap().measure, None);
    }
}
