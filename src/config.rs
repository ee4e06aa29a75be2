//! Checked settings. The command line (and later a report file) builds these types; nothing
//! else in the program reads clap's structs.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::cli::{CompareArgs, CountArg};
use crate::error::{Error, Result};
use crate::input::InputSpec;
use crate::input::detect::ColumnChoices;
use crate::measure::{Catalogue, MeasureId, is_birth_date};
use crate::period::Period;
use crate::render::{Format, RenderOptions};

/// What to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMode {
    Events,
    Children,
    Both,
}

impl CountMode {
    pub fn events(self) -> bool {
        self != CountMode::Children
    }

    pub fn children(self) -> bool {
        self != CountMode::Events
    }
}

/// Whether repeated events are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dedupe {
    /// On for a measure fed by several Annex A lists or CIN census tables.
    Auto,
    On,
    Off,
}

/// Everything `compare` needs, checked.
#[derive(Debug, Clone)]
pub struct CompareConfig {
    pub inputs: Vec<InputSpec>,
    /// Column overrides and the breakdown column.
    pub columns: ColumnChoices,
    pub count: CountMode,
    pub dedupe: Dedupe,
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
        let count = match args.count {
            CountArg::Events => CountMode::Events,
            CountArg::Children => CountMode::Children,
            CountArg::Both => CountMode::Both,
        };
        let dedupe = match (args.dedupe, args.no_dedupe) {
            (true, _) => Dedupe::On,
            (_, true) => Dedupe::Off,
            _ => Dedupe::Auto,
        };
        let by = match args.by.as_deref().map(str::trim) {
            Some("") => {
                return Err(Error::usage(
                    "--by needs a column name, for example --by \"Contact Source\"",
                ));
            }
            other => other.map(str::to_string),
        };
        let columns = ColumnChoices {
            dates: parse_column_pairs("--date-column", &args.date_columns, catalogue)?,
            ids: parse_column_pairs("--id-column", &args.id_columns, catalogue)?,
            by,
            need_id: count.children() || dedupe == Dedupe::On,
        };
        Ok(CompareConfig {
            inputs,
            columns,
            count,
            dedupe,
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

/// `MEASURE=HEADER` pairs for `flag`; a measure named twice is an error, and so is a date of
/// birth as an event date.
fn parse_column_pairs(
    flag: &str,
    pairs: &[String],
    catalogue: &Catalogue,
) -> Result<HashMap<MeasureId, String>> {
    let mut columns = HashMap::new();
    for pair in pairs {
        let Some((id, header)) = pair.split_once('=').filter(|(_, h)| !h.trim().is_empty()) else {
            return Err(Error::usage(format!(
                "{flag} '{pair}': write MEASURE=HEADER, for example contacts=\"Date of Contact\""
            )));
        };
        let measure = catalogue.by_id(id).ok_or_else(|| {
            Error::usage(format!(
                "{flag} '{pair}': '{id}' is not a measure; measures are {}",
                catalogue.id_list()
            ))
        })?;
        if flag == "--date-column" && is_birth_date(header) {
            return Err(Error::usage(format!(
                "{flag} '{pair}': a date of birth is never an event date; name the column holding the {id} dates"
            )));
        }
        if columns.insert(measure, header.trim().to_string()).is_some() {
            return Err(Error::usage(format!("{flag} names {id} more than once")));
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
    fn column_pairs() {
        let c = Catalogue::builtin();
        let both = pairs(&["icpcs=Conference held on", "CONTACTS= When "]);
        let cols = parse_column_pairs("--date-column", &both, &c).unwrap();
        assert_eq!(cols[&c.by_id("icpcs").unwrap()], "Conference held on");
        assert_eq!(cols[&c.by_id("contacts").unwrap()], "When");
        let err = |items: &[&str]| {
            parse_column_pairs("--date-column", &pairs(items), &c)
                .unwrap_err()
                .to_string()
        };
        assert!(err(&["contacts"]).contains("write MEASURE=HEADER"));
        assert!(err(&["contacts="]).contains("write MEASURE=HEADER"));
        assert!(err(&["visits=Date"]).contains("'visits' is not a measure"));
        assert!(err(&["contacts=Date of Birth"]).contains("never an event date"));
        assert!(err(&["contacts=A", "contacts=B"]).contains("more than once"));
        let ids = parse_column_pairs("--id-column", &pairs(&["contacts=DOB"]), &c).unwrap();
        assert_eq!(ids.len(), 1, "only --date-column refuses a birth date");
    }
}
