//! Values from the command line or a report file, checked: a number within its range, and
//! `MEASURE=HEADER` pairs. Shared by the input and the output configuration.

use std::collections::HashMap;

use crate::model::error::{Error, Result};
use crate::model::measure::{Catalogue, MeasureId, is_birth_date};

/// `value` if it lies in `range`; a usage error naming `option` otherwise. The command line
/// checks these as it parses; a report file's values are checked here.
pub(super) fn within(
    option: &str,
    value: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64> {
    if range.contains(&value) {
        return Ok(value);
    }
    let (low, high) = (range.start(), range.end());
    Err(Error::usage(if *high == u64::MAX {
        format!("{option} {value}: give a whole number of at least {low}")
    } else {
        format!("{option} {value}: give a whole number from {low} to {high}")
    }))
}

/// `MEASURE=HEADER` pairs for `flag`; a measure named twice is an error, and so is a date of
/// birth as an event date.
pub(super) fn parse_column_pairs(
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
