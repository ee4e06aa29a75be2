//! Event exports: one row per event, one column holding the event date. The shape of every
//! case-management report and of each Annex A list.

use crate::count::{Tally, tally_events};
use crate::error::{Error, Location, Result};
use crate::input::Source;
use crate::input::reader::open_csv;
use crate::measure::{Catalogue, normalize};

/// How many headers an error lists before "and N more".
const HEADERS_SHOWN: usize = 12;

/// The counts from one source, and which column they came from.
#[derive(Debug, Clone)]
pub struct SourceCount {
    pub source: Source,
    pub date_column: String,
    pub tally: Tally,
}

/// Streams one source, counting its events per month.
///
/// `date_override` is the header named by `--date-column` for this source's measure.
pub fn count_source(
    source: &Source,
    date_override: Option<&str>,
    catalogue: &Catalogue,
) -> Result<SourceCount> {
    let mut input = open_csv(&source.path)?;
    let measure = catalogue.get(source.measure);
    let column = match date_override {
        Some(header) => {
            let wanted = normalize(header);
            input.headers.iter().position(|h| normalize(h) == wanted).ok_or_else(|| {
                Error::input(
                    Location::file(input.name.clone()),
                    format!(
                        "--date-column {}={header}: no such column (headers: {}); \
                         check the spelling against the file's first line",
                        measure.id,
                        header_list(&input.headers)
                    ),
                )
            })?
        }
        None => catalogue
            .find_date_column(source.measure, &input.headers)
            .ok_or_else(|| {
                Error::input(
                    Location::file(input.name.clone()),
                    format!(
                        "no event-date column for {} found (headers: {}); pass --date-column {}=HEADER",
                        measure.id,
                        header_list(&input.headers),
                        measure.id
                    ),
                )
            })?,
    };
    let tally = tally_events(&mut input.reader, column, &input.name)?;
    Ok(SourceCount {
        source: source.clone(),
        date_column: input.headers.get(column).cloned().unwrap_or_default(),
        tally,
    })
}

/// Headers for an error message: the export's column names, never its values.
fn header_list(headers: &[String]) -> String {
    let mut shown: Vec<&str> = headers
        .iter()
        .take(HEADERS_SHOWN)
        .map(|h| if h.is_empty() { "(blank)" } else { h.as_str() })
        .collect();
    let more = headers.len().saturating_sub(HEADERS_SHOWN);
    let extra = format!("… and {more} more");
    if more > 0 {
        shown.push(&extra);
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists_are_bounded() {
        let headers: Vec<String> = (1..=14).map(|i| format!("h{i}")).collect();
        assert_eq!(
            header_list(&headers),
            "h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, … and 2 more"
        );
        assert_eq!(header_list(&["a".into(), String::new()]), "a, (blank)");
    }
}
