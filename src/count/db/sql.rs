//! The queries `--db` issues, as text. They use ODBC's escape clauses (`{fn YEAR(…)}`,
//! `{d '2020-04-01'}`), which each driver turns into its own dialect, so the same text runs on
//! SQL Server, Oracle and PostgreSQL. Names are plain identifiers, checked before use, never
//! quoted text from the command line; dates are the periods' own.

#![cfg_attr(
    not(feature = "db"),
    allow(
        dead_code,
        reason = "without the db feature, --db's options are still checked but never run"
    )
)]

use chrono::NaiveDate;

use crate::model::error::{Error, Result};
use crate::model::period::Period;

/// Checks that `name` is a plain SQL identifier: a letter or `_`, then letters, digits, `_`
/// or `$` (as SQL Server, Oracle and PostgreSQL all accept unquoted).
pub(crate) fn identifier(name: &str, option: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && name.len() <= 128
    {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{option} {name}: not a plain table or schema name (letters, digits and _, starting with a letter)"
        )))
    }
}

/// `schema.table`, or `table`.
pub(crate) fn qualified(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{table}"),
        None => table.to_string(),
    }
}

/// The table's columns, and no row.
pub(crate) fn columns(table: &str) -> String {
    format!("SELECT * FROM {table} WHERE 1 = 0")
}

/// Events by year and month of `date` (and by `by`): `year, month, [group,] count`. A row
/// whose date is NULL comes back with a NULL year.
pub(crate) fn events_by_month(table: &str, date: &str, by: Option<&str>) -> String {
    let group = by.map(|b| format!(", {b}")).unwrap_or_default();
    format!(
        "SELECT {{fn YEAR({date})}}, {{fn MONTH({date})}}{group}, COUNT(*) FROM {table} \
         GROUP BY {{fn YEAR({date})}}, {{fn MONTH({date})}}{group}"
    )
}

/// Distinct people with an event in `span` (and by `by`): `[group,] count`.
pub(crate) fn children_in(
    table: &str,
    date: &str,
    person: &str,
    by: Option<&str>,
    span: &Period,
) -> String {
    let (select, group) = match by {
        Some(b) => (format!("{b}, "), format!(" GROUP BY {b}")),
        None => (String::new(), String::new()),
    };
    format!(
        "SELECT {select}COUNT(DISTINCT {person}) FROM {table} \
         WHERE {date} >= {} AND {date} < {}{group}",
        literal(span.first_date()),
        literal(span.end().plus(1).first_day()),
    )
}

/// Only the `columns` named, every row: IDs, links and dates for the rates.
pub(crate) fn rows(table: &str, columns: &[&str]) -> String {
    format!("SELECT {} FROM {table}", columns.join(", "))
}

/// An ODBC date literal.
fn literal(day: NaiveDate) -> String {
    format!("{{d '{}'}}", day.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries() {
        let table = qualified(Some("ssd"), "ssd_contacts");
        assert_eq!(
            columns(&table),
            "SELECT * FROM ssd.ssd_contacts WHERE 1 = 0"
        );
        assert_eq!(
            events_by_month(&table, "cont_contact_date", None),
            "SELECT {fn YEAR(cont_contact_date)}, {fn MONTH(cont_contact_date)}, COUNT(*) FROM ssd.ssd_contacts GROUP BY {fn YEAR(cont_contact_date)}, {fn MONTH(cont_contact_date)}"
        );
        assert_eq!(
            events_by_month("t", "d", Some("cont_contact_source_code")),
            "SELECT {fn YEAR(d)}, {fn MONTH(d)}, cont_contact_source_code, COUNT(*) FROM t GROUP BY {fn YEAR(d)}, {fn MONTH(d)}, cont_contact_source_code"
        );
        let half: Period = "2020-21:Q1-Q2".parse().unwrap();
        assert_eq!(
            children_in("t", "d", "p", None, &half),
            "SELECT COUNT(DISTINCT p) FROM t WHERE d >= {d '2020-04-01'} AND d < {d '2020-10-01'}"
        );
        assert_eq!(
            children_in("t", "d", "p", Some("g"), &half),
            "SELECT g, COUNT(DISTINCT p) FROM t WHERE d >= {d '2020-04-01'} AND d < {d '2020-10-01'} GROUP BY g"
        );
        assert_eq!(rows("t", &["a", "b"]), "SELECT a, b FROM t");
    }

    #[test]
    fn identifiers() {
        for ok in ["ssd", "ssd_contacts", "_x", "Ssd$2026"] {
            assert!(identifier(ok, "--db-table").is_ok(), "{ok}");
        }
        for bad in ["", "1x", "a b", "a;b", "a.b", "a--", "\"x\"", "x'"] {
            assert!(identifier(bad, "--db-table").is_err(), "{bad}");
        }
    }
}
