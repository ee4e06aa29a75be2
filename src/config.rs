//! Checked settings. The command line (and later a report file) builds these types; nothing
//! else in the program reads clap's structs.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::cli::CompareArgs;
use crate::error::{Error, Result};
use crate::input::InputSpec;
use crate::measure::{Catalogue, MeasureId, is_birth_date};
use crate::period::Period;
use crate::render::{Format, RenderOptions};

/// Everything `compare` needs, checked.
#[derive(Debug, Clone)]
pub struct CompareConfig {
    pub inputs: Vec<InputSpec>,
    /// `--date-column` overrides, by measure.
    pub date_columns: HashMap<MeasureId, String>,
    pub current: Period,
    pub baseline: Period,
    pub strict: bool,
    pub format: Format,
    pub render: RenderOptions,
    /// `None` for standard output.
    pub output: Option<PathBuf>,
    pub quiet: bool,
}

impl CompareConfig {
    pub fn from_args(args: &CompareArgs, catalogue: &Catalogue) -> Result<CompareConfig> {
        let current = parse_period(&args.period)?;
        let baseline = match &args.baseline {
            Some(text) => parse_period(text)?,
            None => current.year_earlier(),
        };
        if baseline.overlaps(&current) {
            return Err(Error::usage(format!(
                "the baseline ({} to {}) overlaps the period ({} to {}); choose periods that do not share a month",
                baseline.from_date(),
                baseline.to_date(),
                current.from_date(),
                current.to_date()
            )));
        }
        let inputs = args
            .inputs
            .iter()
            .map(|arg| InputSpec::parse(arg, catalogue))
            .collect::<Result<Vec<_>>>()?;
        let output = args.output.clone().filter(|p| p.as_os_str() != "-");
        let format = match (args.format, &output) {
            (Some(format), _) => format,
            (None, None) => Format::Table,
            (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
                Error::usage(format!(
                    "--output {}: cannot tell the format from the extension; use .csv, .md, .json or .txt, or pass --format",
                    path.display()
                ))
            })?,
        };
        Ok(CompareConfig {
            inputs,
            date_columns: parse_date_columns(&args.date_columns, catalogue)?,
            current,
            baseline,
            strict: args.strict,
            format,
            render: RenderOptions {
                decimals: args.decimals,
            },
            output,
            quiet: args.quiet,
        })
    }
}

fn parse_period(text: &str) -> Result<Period> {
    text.parse().map_err(Error::Usage)
}

/// `MEASURE=HEADER` pairs; a measure named twice is an error, and so is a date of birth.
fn parse_date_columns(
    pairs: &[String],
    catalogue: &Catalogue,
) -> Result<HashMap<MeasureId, String>> {
    let mut columns = HashMap::new();
    for pair in pairs {
        let Some((id, header)) = pair.split_once('=').filter(|(_, h)| !h.trim().is_empty()) else {
            return Err(Error::usage(format!(
                "--date-column '{pair}': write MEASURE=HEADER, for example contacts=\"Date of Contact\""
            )));
        };
        let measure = catalogue.by_id(id).ok_or_else(|| {
            Error::usage(format!(
                "--date-column '{pair}': '{id}' is not a measure; measures are {}",
                catalogue.id_list()
            ))
        })?;
        if is_birth_date(header) {
            return Err(Error::usage(format!(
                "--date-column '{pair}': a date of birth is never an event date; name the column holding the {id} dates"
            )));
        }
        if columns.insert(measure, header.trim().to_string()).is_some() {
            return Err(Error::usage(format!(
                "--date-column names {id} more than once"
            )));
        }
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn date_column_pairs() {
        let c = Catalogue::builtin();
        let cols = parse_date_columns(&pairs(&["icpcs=Conference held on", "CONTACTS= When "]), &c)
            .unwrap();
        assert_eq!(cols[&c.by_id("icpcs").unwrap()], "Conference held on");
        assert_eq!(cols[&c.by_id("contacts").unwrap()], "When");
        let err = |items: &[&str]| {
            parse_date_columns(&pairs(items), &c)
                .unwrap_err()
                .to_string()
        };
        assert!(err(&["contacts"]).contains("write MEASURE=HEADER"));
        assert!(err(&["contacts="]).contains("write MEASURE=HEADER"));
        assert!(err(&["visits=Date"]).contains("'visits' is not a measure"));
        assert!(err(&["contacts=Date of Birth"]).contains("never an event date"));
        assert!(err(&["contacts=A", "contacts=B"]).contains("more than once"));
    }
}
