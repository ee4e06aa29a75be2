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

#![cfg_attr(
    not(feature = "db"),
    allow(
        dead_code,
        reason = "without the db feature, --db's options are still checked but never run"
    )
)]

pub(crate) mod sql;

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
pub(crate) const PASSWORD_VARIABLE: &str = "CSCSTATS_DB_PASSWORD";

/// How to reach the database, from `--db` and its companions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DbOptions {
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
    pub(crate) fn new(
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
    pub(crate) fn password(&self) -> Result<Option<String>> {
        if let Some(file) = &self.password_file {
            let text = read_password_file(file)?;
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

/// The most a password file may hold: a password is a line, not a file to read until memory
/// runs out (`/dev/zero`).
const PASSWORD_FILE_BYTES: u64 = 4096;

/// A password file's text: at most [`PASSWORD_FILE_BYTES`] (a pipe such as `<(pass show db)`
/// is welcome, `/dev/zero` is not); a warning on standard error when others may read it
/// (never its content).
fn read_password_file(file: &std::path::Path) -> Result<String> {
    use std::io::Read;
    let cannot = |e| Error::io(file, "cannot read the --db-password-file", e);
    let opened = std::fs::File::open(file).map_err(cannot)?;
    #[cfg(unix)]
    let others_can_read = {
        use std::os::unix::fs::PermissionsExt;
        let metadata = opened.metadata().map_err(cannot)?;
        metadata.is_file() && metadata.permissions().mode() & 0o077 != 0
    };
    let shown = file.display();
    let mut text = String::new();
    let read = opened
        .take(PASSWORD_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(cannot)?;
    if read as u64 > PASSWORD_FILE_BYTES {
        return Err(Error::usage(format!(
            "--db-password-file {shown}: more than {PASSWORD_FILE_BYTES} bytes; it should hold the password on its first line and nothing else"
        )));
    }
    #[cfg(unix)]
    if others_can_read {
        eprintln!(
            "warning: --db-password-file {shown}: others can read it; restrict it with chmod 600 {shown}"
        );
    }
    Ok(text)
}

/// The attributes of an ODBC connection string: `key=value` pairs apart by `;`, a value in
/// braces (`{…}`, `}}` for a brace) holding `;` and `=` of its own.
pub(crate) fn attributes(connection: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = connection.chars().peekable();
    loop {
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.trim().is_empty() && chars.peek().is_none() {
            return out;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'{') {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '}' {
                    if chars.peek() == Some(&'}') {
                        chars.next();
                        value.push('}');
                        continue;
                    }
                    break;
                }
                value.push(c);
            }
            // Anything up to the next `;` belongs to no value.
            for c in chars.by_ref() {
                if c == ';' {
                    break;
                }
            }
        } else {
            value = chars.by_ref().take_while(|c| *c != ';').collect();
        }
        out.push((key.trim().to_string(), value.trim().to_string()));
        if chars.peek().is_none() {
            return out;
        }
    }
}

/// The key of an attribute of an ODBC connection string that carries a secret, if any: a
/// password-like key in any casing (`PWD`, `Password`, `passwd`, a token or secret), or a
/// value that holds one (`pqopt={password=…}`).
fn password_key(connection: &str) -> Option<String> {
    attributes(connection).into_iter().find_map(|(key, value)| {
        let (k, v) = (folded(&key), folded(&value));
        let secret_key = ["pwd", "pass", "secret", "token"]
            .iter()
            .any(|s| k.contains(s));
        let secret_value = ["password=", "pwd=", "passwd=", "pass=", "token="]
            .iter()
            .any(|s| v.contains(s));
        (secret_key || secret_value).then_some(key)
    })
}

/// Text as a driver might read a key: without spaces, tabs, line breaks or invisible
/// characters anywhere (`password\t=`, `P\u{ad}WD`), full-width letters as ASCII (`ＰＷＤ`),
/// lower case.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !crate::model::text::is_invisible(*c))
        .map(|c| match u32::from(c) {
            0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The connection string as a record may name it: the driver, DSN and database only (never
/// a server, user or secret).
pub(crate) fn shown_connection(connection: &str) -> String {
    let kept: Vec<String> = attributes(connection)
        .into_iter()
        .filter(|(key, _)| {
            ["driver", "dsn", "database"].contains(&key.to_ascii_lowercase().as_str())
        })
        .map(|(key, value)| {
            if value.contains([';', '=', '{', '}']) || key.eq_ignore_ascii_case("driver") {
                format!("{key}={{{}}}", value.replace('}', "}}"))
            } else {
                format!("{key}={value}")
            }
        })
        .collect();
    if kept.is_empty() && !connection.contains('=') {
        return format!("DSN={}", connection.trim());
    }
    kept.join(";")
}

/// A database's reason for refusing, made safe to print: one line, the password taken out
/// (should a driver repeat it), and any quoted or bracketed value taken out too, since a
/// driver may quote a value from a row (PostgreSQL: `invalid input syntax for type date:
/// "31/02/2020"`; a key's `=(…)`). The error names the table or column itself.
pub(crate) fn redact(message: &str, secret: Option<&str>) -> String {
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
pub(crate) struct Ask<'a> {
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
pub(crate) fn count(
    options: &DbOptions,
    ask: &Ask,
    catalogue: &Catalogue,
) -> Result<(Counted, Vec<TableView>)> {
    odbc::count(options, ask, catalogue)
}

/// Without the `db` feature, `--db` says how to get it.
#[cfg(not(feature = "db"))]
pub(crate) fn count(
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
            "Driver={PostgreSQL Unicode};Server=db;pqopt={password=secret}",
            "Driver={x};pqopt={ Password = secret }",
            "DSN=ssd;AccessToken=secret",
            "DSN=ssd;PassWord={sec;ret}",
            // Any whitespace around `=`, invisible characters, full-width letters.
            "Driver={x};pqopt={password\t=secret}",
            "Driver={x};pqopt={password\r\n=secret}",
            "DSN=ssd;P\u{ad}WD=secret",
            "DSN=ssd;\u{ff30}\u{ff37}\u{ff24}=secret",
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
        // A record names the driver and database only.
        assert_eq!(
            shown_connection(
                "Driver={PostgreSQL Unicode};Server=db.internal;Database=ssd;Uid=jsmith"
            ),
            "Driver={PostgreSQL Unicode};Database=ssd"
        );
        assert_eq!(shown_connection("ssd"), "DSN=ssd");
        assert_eq!(
            attributes("A=1; B = {x;=}}y} ;C=3"),
            [
                ("A".to_string(), "1".to_string()),
                ("B".to_string(), "x;=}y".to_string()),
                ("C".to_string(), "3".to_string())
            ]
        );
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
