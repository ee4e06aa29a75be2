//! `cscstats inspect`: the plan for every input and what its rows span, on standard output.

use anyhow::Result;

use crate::app::config::InputConfig;
use crate::app::output::Output;
use crate::model::error::Error;
use crate::model::measure::Catalogue;
use crate::model::period::Period;

/// Prints the plan and the spans; row values only with `--show-type-values`, to a terminal.
pub(crate) fn inspect(args: &crate::app::cli::InspectArgs, catalogue: &Catalogue) -> Result<()> {
    use std::io::IsTerminal;
    // Row values go to a person at a terminal, never into a file or a pipe.
    if args.show_type_values && !std::io::stdout().is_terminal() {
        return Err(Error::usage(
            "--show-type-values prints row values, so only to a terminal: run it without redirecting or piping the output",
        )
        .into());
    }
    let input = InputConfig::from_args(&args.input, &Default::default(), catalogue)?;
    let catalogue = &input.catalogue;
    let periods = match &args.period {
        Some(period) => {
            let current: Period = period.parse().map_err(Error::Usage)?;
            let baseline = match &args.baseline {
                Some(text) => text.parse().map_err(Error::Usage)?,
                None => current.year_earlier(),
            };
            Some((current, baseline))
        }
        None => None,
    };
    let (counted, plan) = match &input.db {
        Some(db) => {
            let ask = crate::count::db::Ask {
                children: false,
                by: input.columns.by.as_deref(),
                spans: Vec::new(),
                rates: None,
            };
            crate::count::db::count(db, &ask, catalogue)?
        }
        None => {
            let loaded = crate::input::load(&input.inputs, &input.columns, catalogue)?;
            let plan = crate::count::inspect::plan(&loaded, catalogue);
            let ask = crate::count::CountAsk {
                dedupe: input.dedupe,
                children: false,
                threads: input.threads,
                rates: None,
                window: None,
            };
            let counted = crate::count::count_all(loaded, &ask, catalogue)?;
            (counted, plan)
        }
    };
    let mut inspection = crate::count::inspect::inspection(
        plan,
        &counted,
        periods.as_ref().map(|(c, b)| (c, b)),
        catalogue,
    );
    if let Some(column) = crate::count::month_first_column(&counted) {
        inspection
            .notes
            .push(column.month_first_error().to_string());
    }
    if let Some(column) = crate::count::dateless_column(&counted) {
        inspection.notes.push(column.dateless_error().to_string());
    }
    let mut text = match args.format {
        crate::app::cli::InspectFormat::Table => crate::render::inspect::text(&inspection),
        crate::app::cli::InspectFormat::Json => crate::render::inspect::json(&inspection)?,
    };
    if args.show_type_values {
        text.push_str(&crate::render::inspect::type_values(&counted.type_values));
    }
    Output::Stdout.write(text.as_bytes())
}
