//! Talking to the reporting database through ODBC (the `db` feature): the driver manager
//! (unixODBC, or Windows' own) loads whichever driver the connection string names, so SQL
//! Server, Oracle and PostgreSQL drivers all work. Errors name the table or column and the
//! database's own reason, one line, never the connection string or its password.

use crate::model::convert::{round_i64, to_u64};
use odbc_api::buffers::TextRowSet;
use odbc_api::{ConnectionOptions, Cursor, Environment, ResultSetMetadata};

use super::{Ask, DbOptions, sql};
use crate::count::inspect::{ColumnRef, FeedView, TableView};
use crate::count::rates::{RateReader, RateTallies};
use crate::count::{Counted, FeedRecord, FeedTally, MeasureCounts, RowDates};
use crate::input::detect::{ColumnChoices, Naming, Shape};
use crate::input::records::Row;
use crate::input::ssd::{SsdTable, TABLES};
use crate::model::error::{Error, Location, Result};
use crate::model::measure::Catalogue;
use crate::model::period::Month;

/// Rows fetched at a time when rows are streamed (for the rates).
const BATCH: usize = 5000;
/// The longest text kept of a streamed value (IDs and dates are far shorter).
const LONGEST: usize = 256;

/// A database's reason for refusing, from the driver's diagnostic, made safe to print by
/// [`super::redact`].
fn reason(error: &odbc_api::Error, secret: Option<&str>) -> String {
    let text = error.to_string();
    let message = text
        .split_once("Message: ")
        .map_or(text.as_str(), |(_, m)| m);
    super::redact(message, secret)
}

/// The SQLSTATE of an error, when the driver gave one.
fn state(error: &odbc_api::Error) -> Option<String> {
    match error {
        odbc_api::Error::Diagnostics { record, .. } => Some(record.state.as_str().to_string()),
        _ => None,
    }
}

/// How a table is named in notes, errors and the plan: `database table ssd.ssd_contacts`.
fn shown(table: &str) -> String {
    format!("database table {table}")
}

fn at_table(table: &str) -> Location {
    Location::file(shown(table))
}

/// An error from a query on `table`, in words: a timeout, a permission refused, or the
/// database's own reason.
fn query_error(table: &str, error: &odbc_api::Error, ask: &Query) -> Error {
    let why = reason(error, ask.secret);
    let state = state(error).unwrap_or_default();
    let lower = why.to_ascii_lowercase();
    let message = if state == "HYT00"
        || state == "HYT01"
        || lower.contains("timeout")
        || lower.contains("canceling statement")
    {
        format!(
            "the query took longer than {} seconds and was abandoned; allow more with --db-timeout",
            ask.timeout
        )
    } else if state == "42501"
        || lower.contains("permission denied")
        || lower.contains("permission was denied")
        || lower.contains("insufficient privileges")
    {
        format!(
            "the database refused to let this login read it ({why}); ask for SELECT on the SSD tables"
        )
    } else if state == "42703"
        || state == "42S22"
        || (lower.contains("column") && lower.contains("does not exist"))
        || lower.contains("invalid column name")
    {
        format!("no such column ({why}); check the table (--db-table) and the SSD version")
    } else if state == "42P01"
        || state == "42S02"
        || lower.contains("does not exist")
        || lower.contains("invalid object name")
    {
        format!(
            "no such table ({why}); name it with --db-table MEASURE=TABLE or the schema with --db-schema"
        )
    } else {
        format!("the query failed ({why})")
    };
    Error::input(at_table(table), message)
}

/// What every query needs: the connection, the timeout and the secret to keep out of errors.
struct Query<'a> {
    connection: &'a odbc_api::Connection<'a>,
    timeout: u32,
    secret: Option<&'a str>,
}

impl Query<'_> {
    /// The column names of `table`, from a query that returns no row (no buffer is bound).
    fn columns(&self, table: &str) -> Result<Vec<String>> {
        let fail = |e: odbc_api::Error| query_error(table, &e, self);
        let text = sql::columns(table);
        let Some(mut cursor) = self
            .connection
            .execute(&text, (), Some(self.timeout as usize))
            .map_err(fail)?
        else {
            return Ok(Vec::new());
        };
        cursor
            .column_names()
            .map_err(fail)?
            .collect::<std::result::Result<_, _>>()
            .map_err(fail)
    }

    /// Runs `text` against `table` and hands each batch of rows to `each` as text.
    fn rows(
        &self,
        table: &str,
        text: &str,
        mut each: impl FnMut(&TextRowSet) -> Result<()>,
    ) -> Result<()> {
        let fail = |e: odbc_api::Error| query_error(table, &e, self);
        let Some(mut cursor) = self
            .connection
            .execute(text, (), Some(self.timeout as usize))
            .map_err(fail)?
        else {
            return Ok(());
        };
        let mut buffer = TextRowSet::for_cursor(BATCH, &mut cursor, Some(LONGEST)).map_err(fail)?;
        let mut rows = cursor.bind_buffer(&mut buffer).map_err(fail)?;
        while let Some(batch) = rows.fetch().map_err(fail)? {
            each(batch)?;
        }
        Ok(())
    }
}

/// One fetched row, as the counting reads rows.
struct FetchedRow<'a> {
    batch: &'a TextRowSet,
    row: usize,
}

impl Row for FetchedRow<'_> {
    fn field(&self, i: usize) -> Option<&[u8]> {
        (i < self.batch.num_cols()).then(|| self.batch.at(i, self.row).unwrap_or_default())
    }

    fn is_blank(&self) -> bool {
        (0..self.batch.num_cols())
            .all(|i| self.field(i).unwrap_or_default().trim_ascii().is_empty())
    }
}

fn whole(bytes: Option<&[u8]>) -> Option<i64> {
    std::str::from_utf8(bytes?)
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .map(|n| round_i64(n.trunc()))
}

/// The plan of one table read from the database, as `inspect` shows a file's.
fn view(table: &str, ssd: &SsdTable, headers: &[String], by: Option<&str>) -> TableView {
    let at = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .map(|c| ColumnRef::of(headers, c))
    };
    TableView {
        file: shown(table),
        sheet: None,
        header_row: 0,
        last_row: None,
        layout: "ssd".to_string(),
        layout_name: ssd.describe(),
        evidence: format!("{} and {}", ssd.date, ssd.person),
        chosen_by: "layout",
        name_overruled: None,
        columns: headers.len(),
        rows: 0,
        feeds: vec![FeedView {
            measure: ssd.measure.to_string(),
            primary: true,
            date_column: at(ssd.date).unwrap_or(ColumnRef {
                number: 0,
                name: ssd.date.to_string(),
            }),
            child_id_column: at(ssd.person),
            source_column: None,
            event_id_column: None,
            by_column: by.and_then(at),
            blank_means_no_event: false,
            dated: 0,
            no_event: 0,
            repeats: 0,
            rejected: 0,
            first_month: None,
            last_month: None,
        }],
        context: Vec::new(),
        unrecognised_columns: Vec::new(),
    }
}

/// Counts the SSD tables in the database, with the plan of each table read.
pub(super) fn count(
    options: &DbOptions,
    ask: &Ask,
    catalogue: &Catalogue,
) -> Result<(Counted, Vec<TableView>)> {
    let password = options.password()?;
    let secret = password.as_deref();
    let mut connection_string = options.connection.clone();
    if let Some(password) = secret {
        let escaped = password.replace('}', "}}");
        connection_string = format!(
            "{};PWD={{{escaped}}}",
            connection_string.trim_end_matches(';')
        );
    }
    let cannot_connect = |e: odbc_api::Error| {
        Error::input(
            Location::file("database"),
            format!(
                "could not connect ({}); check the connection string, that the server is running and the password in {}",
                reason(&e, secret),
                super::PASSWORD_VARIABLE
            ),
        )
    };
    let environment = Environment::new().map_err(cannot_connect)?;
    let connection = environment
        .connect_with_connection_string(
            &connection_string,
            ConnectionOptions {
                login_timeout_sec: Some(options.timeout),
                packet_size: None,
            },
        )
        .map_err(cannot_connect)?;
    let query = Query {
        connection: &connection,
        timeout: options.timeout,
        secret,
    };
    let mut counted = Counted::default();
    let mut views = Vec::new();
    let mut rate_tallies = ask.rates.map(|_| RateTallies::default());
    let table_of = |ssd: &SsdTable| {
        let name = options
            .tables
            .iter()
            .find(|(m, _)| m == ssd.measure)
            .map_or(ssd.name, |(_, t)| t.as_str());
        sql::qualified(options.schema.as_deref(), name)
    };
    // A --by column no table has is a mistake, found before anything is counted: groups
    // would otherwise come out without a name.
    if let Some(wanted) = ask.by {
        let mut found = false;
        for ssd in TABLES
            .iter()
            .filter(|t| catalogue.by_id(t.measure).is_some())
        {
            let headers = query.columns(&table_of(ssd))?;
            found |= headers.iter().any(|h| h.eq_ignore_ascii_case(wanted));
        }
        if !found {
            return Err(Error::input(
                Location::file("database").column(wanted),
                "--by: no table read has this column; check the spelling against the tables' columns (cscstats inspect --db …)",
            ));
        }
    }
    for ssd in TABLES {
        let Some(measure) = catalogue.by_id(ssd.measure) else {
            continue;
        };
        let table = table_of(ssd);
        let headers = query.columns(&table)?;
        let column = |wanted: &str| {
            headers
                .iter()
                .find(|h| h.eq_ignore_ascii_case(wanted))
                .cloned()
        };
        let needed = |wanted: &str| {
            column(wanted).ok_or_else(|| {
                Error::input(
                    at_table(&table).column(wanted),
                    format!("no such column: the Standard Safeguarding Dataset's {} has one; check the table (--db-table) and the SSD version", ssd.name),
                )
            })
        };
        let date = needed(ssd.date)?;
        let person = needed(ssd.person)?;
        // A table without the column is counted without groups, as before; a column no
        // table has was refused before counting.
        let by = ask.by.and_then(column);
        if let Some(by) = &by {
            sql::identifier(by, "--by")?;
        }
        views.push(view(&table, ssd, &headers, by.as_deref()));
        let (counts, tally) = events(&query, &table, &date, &person, by.as_deref(), ask)?;
        counted.feeds.push(FeedRecord {
            identity: None,
            header_line: 0,
            last_line: None,
            covers: None,
            table: shown(&table),
            file: shown(&table),
            sheet: None,
            measure,
            date_column: date.clone(),
            by_column: by.clone(),
            shape: Shape::Ssd(ssd),
            unrecognised: Vec::new(),
            tally,
            as_at: None,
        });
        counted.measures.insert(measure, counts);
        if let (Some(calendar), Some(tallies)) = (ask.rates, rate_tallies.as_mut()) {
            rates(&query, &table, ssd, &headers, calendar, tallies, catalogue)?;
        }
    }
    if let (Some(calendar), Some(mut tallies)) = (ask.rates, rate_tallies) {
        tallies.finish(calendar);
        counted.rates = Some(tallies);
    }
    Ok((counted, views))
}

/// One measure's events by month (and group), and with `--count children` its distinct
/// people in each span asked for: aggregates only.
fn events(
    query: &Query,
    table: &str,
    date: &str,
    person: &str,
    by: Option<&str>,
    ask: &Ask,
) -> Result<(MeasureCounts, FeedTally)> {
    let mut counts = MeasureCounts::new(false, false);
    let mut tally = FeedTally::default();
    query.rows(table, &sql::events_by_month(table, date, by), |batch| {
        let count_at = if by.is_some() { 3 } else { 2 };
        for row in 0..batch.num_rows() {
            let n = to_u64(whole(batch.at(count_at, row)).unwrap_or(0).max(0));
            tally.rows_read += n;
            let month = whole(batch.at(0, row))
                .zip(whole(batch.at(1, row)))
                .and_then(|(y, m)| Month::new(i32::try_from(y).ok()?, u32::try_from(m).ok()?));
            let Some(month) = month else {
                tally.no_event += n; // a NULL date: no event to count
                continue;
            };
            let group = match by {
                Some(_) => Some(batch.at(2, row).unwrap_or_default().trim_ascii())
                    .filter(|g| !g.is_empty())
                    .unwrap_or(b"(blank)"),
                None => b"",
            };
            counts.add_events(group, month, n);
            tally.months.add_n(month, n);
        }
        Ok(())
    })?;
    if ask.children {
        for span in &ask.spans {
            let (start, end) = (span.start().index(), span.end().index());
            let text = sql::children_in(table, date, person, None, span);
            query.rows(table, &text, |batch| {
                for row in 0..batch.num_rows() {
                    let n = to_u64(whole(batch.at(0, row)).unwrap_or(0).max(0));
                    counts.set_children(None, start, end, n);
                }
                Ok(())
            })?;
            if by.is_some() {
                let text = sql::children_in(table, date, person, by, span);
                query.rows(table, &text, |batch| {
                    for row in 0..batch.num_rows() {
                        let group = Some(batch.at(0, row).unwrap_or_default().trim_ascii())
                            .filter(|g| !g.is_empty())
                            .unwrap_or(b"(blank)");
                        let n = to_u64(whole(batch.at(1, row)).unwrap_or(0).max(0));
                        counts.set_children(Some(group), start, end, n);
                    }
                    Ok(())
                })?;
            }
        }
    }
    Ok((counts, tally))
}

/// Streams one table's IDs, links and dates (nothing else) into the rates, read as an
/// extract of the same table is read.
fn rates(
    query: &Query,
    table: &str,
    ssd: &'static SsdTable,
    headers: &[String],
    calendar: &crate::model::calendar::Calendar,
    tallies: &mut RateTallies,
    catalogue: &Catalogue,
) -> Result<()> {
    let wanted: Vec<String> = ssd
        .rate_columns()
        .iter()
        .filter_map(|w| headers.iter().find(|h| h.eq_ignore_ascii_case(w)).cloned())
        .collect();
    let location = at_table(table);
    let Some(plan) = crate::input::detect::plan(
        &wanted,
        &location,
        Naming::Unnamed,
        &ColumnChoices::default(),
        catalogue,
    )?
    else {
        return Ok(());
    };
    let Some(reader) = RateReader::new(&wanted, &plan, catalogue, false) else {
        return Ok(());
    };
    let columns: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let no_dates = RowDates::default();
    query.rows(table, &sql::rows(table, &columns), |batch| {
        for row in 0..batch.num_rows() {
            reader.row(&FetchedRow { batch, row }, &no_dates, calendar, tallies);
        }
        Ok(())
    })?;
    Ok(())
}
