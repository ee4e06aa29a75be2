//! The Standard Safeguarding Dataset read straight from the reporting database (`--db`).
//!
//! What is asked of the database, and what leaves it:
//! - per table, one `SELECT * … WHERE 1 = 0`: the column names only, no row;
//! - per measure, one aggregate of the events by year and month (and `--by` group): counts;
//! - per measure and span, with `--count children`, one `COUNT(DISTINCT person)`: counts;
//! - with `--rates`, each table's IDs, links and dates (nothing else), for the links to be
//!   joined here as they are for extracts.
//!
//! Only `SELECT`s are issued. The SQL is in [`sql`] (tested without a database); talking to
//! the database through ODBC is in `odbc`, behind the `db` cargo feature.

pub mod sql;

#[cfg(feature = "db")]
mod odbc;

use std::path::PathBuf;

use crate::count::Counted;
use crate::count::inspect::TableView;
use crate::model::calendar::Calendar;
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;
use crate::model::period::Period;

/// The environment variable the database password comes from.
pub const PASSWORD_VARIABLE: &str = "CSCSTATS_DB_PASSWORD";

/// How to reach the database, from `--db` and its companions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbOptions {
    /// The ODBC connection string (a bare DSN name becomes `DSN=name`), without a password.
    pub connection: String,
    pub schema: Option<String>,
    /// Tables named by `--db-table MEASURE=TABLE`, by measure id.
    pub tables: Vec<(String, String)>,
    pub password_file: Option<PathBuf>,
    /// Seconds for the login and for each query.
    pub timeout: u32,
}

impl DbOptions {
    /// Checks the options: a password in the connection string is refused (it would be on
    /// the command line, in the shell's history and in the provenance record), and schema and
    /// table names must be plain identifiers.
    pub fn new(
        connection: &str,
        schema: Option<&str>,
        tables: &[String],
        password_file: Option<PathBuf>,
        timeout: Option<u32>,
        catalogue: &Catalogue,
    ) -> Result<DbOptions> {
        if let Some(key) = password_key(connection) {
            return Err(Error::usage(format!(
                "--db: the connection string holds a password ({key}=); leave it out and put the password in {PASSWORD_VARIABLE} or a file named by --db-password-file"
            )));
        }
        let connection = if connection.contains('=') {
            connection.trim().to_string()
        } else {
            format!("DSN={}", connection.trim())
        };
        if let Some(schema) = schema {
            sql::identifier(schema, "--db-schema")?;
        }
        let mut named = Vec::new();
        for spec in tables {
            let Some((measure, table)) = spec.split_once('=') else {
                return Err(Error::usage(format!(
                    "--db-table {spec}: write MEASURE=TABLE, as in contacts=ssd_contacts"
                )));
            };
            let measure = measure.trim();
            if catalogue.by_id(measure).is_none() {
                return Err(Error::usage(format!(
                    "--db-table {spec}: {measure} is not a measure; measures are {}",
                    catalogue.id_list()
                )));
            }
            sql::identifier(table.trim(), "--db-table")?;
            named.push((measure.to_string(), table.trim().to_string()));
        }
        Ok(DbOptions {
            connection,
            schema: schema.map(str::to_string),
            tables: named,
            password_file,
            timeout: timeout.unwrap_or(300),
        })
    }

    /// The password, from `--db-password-file` (its first line) or the environment; `None`
    /// when neither gives one (a DSN or trusted connection that needs none).
    pub fn password(&self) -> Result<Option<String>> {
        if let Some(file) = &self.password_file {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::io(file, "cannot read the --db-password-file", e))?;
            let first = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_end_matches('\r');
            return Ok(Some(first.to_string()));
        }
        Ok(std::env::var(PASSWORD_VARIABLE)
            .ok()
            .filter(|p| !p.is_empty()))
    }
}

/// The key of a password attribute in an ODBC connection string (`PWD`, `Password`), if it
/// holds one.
fn password_key(connection: &str) -> Option<String> {
    connection.split(';').find_map(|attribute| {
        let (key, _) = attribute.split_once('=')?;
        let key = key.trim();
        ["pwd", "password"]
            .contains(&key.to_ascii_lowercase().as_str())
            .then(|| key.to_string())
    })
}

/// A database's reason for refusing, made safe to print: one line, the password taken out
/// (should a driver repeat it), and any quoted or bracketed value taken out too, since a
/// driver may quote a value from a row (PostgreSQL: `invalid input syntax for type date:
/// "31/02/2020"`; a key's `=(…)`). The error names the table or column itself.
pub fn redact(message: &str, secret: Option<&str>) -> String {
    let mut text = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(secret) = secret.filter(|s| !s.is_empty()) {
        text = text.replace(secret, "…");
    }
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    let mut previous = ' ';
    for c in text.chars() {
        match closing {
            Some(end) if c == end => {
                out.push(c);
                closing = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                let opens = match c {
                    '"' => Some('"'),
                    '\'' => Some('\''),
                    '(' if previous == '=' => Some(')'),
                    _ => None,
                };
                if let Some(end) = opens {
                    out.push('…');
                    closing = Some(end);
                }
            }
        }
        previous = c;
    }
    out
}

/// What the comparison needs from the database.
pub struct Ask<'a> {
    pub children: bool,
    /// The `--by` column.
    pub by: Option<&'a str>,
    /// The spans whose distinct children are wanted.
    pub spans: Vec<Period>,
    /// The calendar, when rates are asked for.
    pub rates: Option<&'a Calendar>,
}

impl crate::count::MeasureCounts {
    /// Adds `n` events in `month` to `group` (b"" without `--by`), as the database counted
    /// them.
    pub fn add_events(&mut self, group: &[u8], month: crate::model::period::Month, n: u64) {
        let g = self.groups.id(group) as usize;
        if self.events.len() <= g {
            self.events
                .resize(g + 1, crate::count::MonthCounts::default());
        }
        if let Some(counts) = self.events.get_mut(g) {
            counts.add_n(month, n);
        }
    }

    /// Records the distinct children the database counted in months `start..=end` (month
    /// indexes), for `group` or for all (`None`).
    pub fn set_children(&mut self, group: Option<&[u8]>, start: i32, end: i32, n: u64) {
        let group = group.map(|g| self.groups.id(g));
        self.counted_children.push((group, start, end, n));
    }
}

/// Counts the SSD tables in the database, with the plan of each table read (for
/// `inspect`).
#[cfg(feature = "db")]
pub fn count(
    options: &DbOptions,
    ask: &Ask,
    catalogue: &Catalogue,
) -> Result<(Counted, Vec<TableView>)> {
    odbc::count(options, ask, catalogue)
}

/// Without the `db` feature, `--db` says how to get it.
#[cfg(not(feature = "db"))]
pub fn count(
    _options: &DbOptions,
    _ask: &Ask,
    _catalogue: &Catalogue,
) -> Result<(Counted, Vec<TableView>)> {
    Err(Error::usage(
        "--db: this cscstats was built without database support; install the unixODBC driver manager (Debian: apt install unixodbc-dev) and build with `cargo install --path . --features db`",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(connection: &str) -> Result<DbOptions> {
        DbOptions::new(
            connection,
            Some("ssd"),
            &["contacts=ssd_contacts_2026".to_string()],
            None,
            None,
            &Catalogue::builtin(),
        )
    }

    #[test]
    fn a_password_on_the_command_line_is_refused() {
        for connection in [
            "Driver={PostgreSQL Unicode};Server=db;Uid=me;Pwd=secret",
            "DSN=ssd; password = secret",
            "PWD=x",
        ] {
            let error = options(connection).unwrap_err().to_string();
            assert!(error.contains("holds a password"), "{error}");
            assert!(
                !error.contains("secret") && !error.contains("=x"),
                "{error}"
            );
        }
        let ok = options("Driver={PostgreSQL Unicode};Server=db;Uid=pwd_reader").unwrap();
        assert_eq!(
            ok.connection,
            "Driver={PostgreSQL Unicode};Server=db;Uid=pwd_reader"
        );
        assert_eq!(options("ssd").unwrap().connection, "DSN=ssd");
        assert_eq!(
            ok.tables,
            [("contacts".to_string(), "ssd_contacts_2026".to_string())]
        );
        assert_eq!(ok.timeout, 300);
    }

    #[test]
    fn no_value_or_secret_survives_a_driver_message() {
        assert_eq!(
            redact(
                "ERROR: invalid input syntax for type date: \"31/02/2020\";\nError while executing the query",
                None
            ),
            "ERROR: invalid input syntax for type date: \"…\"; Error while executing the query"
        );
        assert_eq!(
            redact(
                "relation 'ssd.x' does not exist; Key (id)=(LC123) exists",
                None
            ),
            "relation '…' does not exist; Key (id)=(…) exists"
        );
        assert_eq!(
            redact(
                "password authentication failed (hunter2) for user",
                Some("hunter2")
            ),
            "password authentication failed (…) for user"
        );
        // An unclosed quote takes the rest out.
        assert_eq!(redact("bad value \"LC1234 rest", None), "bad value \"…");
    }

    #[test]
    fn names_must_be_identifiers() {
        let catalogue = Catalogue::builtin();
        for (schema, table) in [
            ("ssd; DROP TABLE x", "contacts=ssd_contacts"),
            ("ssd", "contacts=ssd_contacts --"),
            ("ssd", "visits=ssd_contacts"),
            ("ssd", "ssd_contacts"),
        ] {
            let made = DbOptions::new(
                "DSN=ssd",
                Some(schema),
                &[table.to_string()],
                None,
                None,
                &catalogue,
            );
            assert!(made.is_err(), "{schema} {table}");
        }
    }
}
