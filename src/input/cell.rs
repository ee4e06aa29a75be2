//! A spreadsheet cell as the text a CSV field would hold, so that sheets and CSV files are
//! read by the same code.

use crate::model::convert::round_i64;
use calamine::Data;

/// A worksheet row's cells as trimmed text (for header rows and the title rows above them).
pub(crate) fn row_text(row: &[Data]) -> Vec<String> {
    row.iter()
        .map(|c| cell_text(c).trim().to_string())
        .collect()
}

/// A cell as text. Real date cells become ISO dates (`2020-04-01`), which the date parser
/// reads; whole numbers lose their `.0`.
pub(crate) fn cell_text(cell: &Data) -> String {
    let mut text = String::new();
    write_cell(cell, &mut text);
    text
}

/// Writes a cell's text (see [`cell_text`]) onto `out`.
pub(crate) fn write_cell(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            out.push_str(s);
            Ok(())
        }
        Data::Int(i) => write!(out, "{i}"),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => write!(out, "{}", round_i64(*f)),
        Data::Float(f) => write!(out, "{f}"),
        Data::Bool(b) => write!(out, "{}", if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(datetime) => write!(out, "{}", datetime.date().format("%Y-%m-%d")),
            None => write!(out, "{}", dt.as_f64()),
        },
        Data::Error(_) => {
            out.push_str("#ERROR");
            Ok(())
        }
    };
}
