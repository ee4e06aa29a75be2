//! The `--db` options: checked, and turned into [`DbOptions`], before anything connects.

use crate::app::cli::InputArgs;
use crate::count::db::DbOptions;
use crate::model::convert::to_u32;
use crate::model::error::{Error, Result};
use crate::model::measure::Catalogue;

/// The database to read, when `--db` is given. Input files and `--db` are one or the other
/// (`inputs_given`); the options that go with `--db` need it; the options only reading files
/// uses are refused with it rather than ignored.
pub(super) fn options(
    args: &InputArgs,
    inputs_given: bool,
    catalogue: &Catalogue,
) -> Result<Option<DbOptions>> {
    let Some(connection) = &args.db else {
        let companions = [
            (args.db_schema.is_some(), "--db-schema"),
            (!args.db_tables.is_empty(), "--db-table"),
            (args.db_password_file.is_some(), "--db-password-file"),
            (args.db_timeout.is_some(), "--db-timeout"),
        ];
        return match first_given(companions) {
            Some(option) => Err(Error::usage(format!(
                "{option} goes with --db CONNECTION, which is not given"
            ))),
            None => Ok(None),
        };
    };
    if inputs_given {
        return Err(Error::usage(
            "--db reads the Standard Safeguarding Dataset from the database; give input files or --db, not both",
        ));
    }
    let file_only = [
        (!args.measures.is_empty(), "--measure"),
        (!args.date_columns.is_empty(), "--date-column"),
        (!args.context_columns.is_empty(), "--context-column"),
        (!args.count_columns.is_empty(), "--count-column"),
        (!args.id_columns.is_empty(), "--id-column"),
        (!args.event_id_columns.is_empty(), "--event-id-column"),
        (args.dedupe || args.no_dedupe, "--dedupe"),
        (args.include_hidden, "--include-hidden"),
        (args.header_row.is_some(), "--header-row"),
        (args.type_column.is_some(), "--type-column"),
        (!args.types.is_empty(), "--type"),
        (args.date_order.is_some(), "--date-order"),
    ];
    if let Some(option) = first_given(file_only) {
        return Err(Error::usage(format!(
            "{option} is for reading files; with --db the SSD's own columns are read, one row per event"
        )));
    }
    DbOptions::new(
        connection,
        args.db_schema.as_deref(),
        &args.db_tables,
        args.db_password_file.clone(),
        args.db_timeout
            .map(|n| crate::app::checked::within("--db-timeout", n.into(), 1..=86_400).map(to_u32))
            .transpose()?,
        catalogue,
    )
    .map(Some)
}

/// The first option of `options` that was given.
fn first_given<const N: usize>(options: [(bool, &'static str); N]) -> Option<&'static str> {
    options
        .into_iter()
        .find_map(|(given, option)| given.then_some(option))
}
