//! `inspect` as text (for people, and `--explain` on standard error) and as JSON (the
//! contract in the README).

use crate::count::inspect::{ColumnRef, FeedView, Inspection, MeasureView, TableView};
use crate::model::number::thousands;
use crate::model::text;

/// Control characters shown, not obeyed.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    text::printable(s, false)
}

/// The inspection as JSON, pretty-printed, with a final newline.
pub(crate) fn json(inspection: &Inspection) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(inspection)?;
    text.push('\n');
    Ok(text)
}

/// The inspection as indented text.
pub(crate) fn text(inspection: &Inspection) -> String {
    let mut out = String::new();
    match &inspection.period {
        Some(p) => out.push_str(&format!(
            "Inputs for {} ({} to {}; baseline {} to {})\n",
            p.title, p.current.start, p.current.end, p.baseline.start, p.baseline.end
        )),
        None => out.push_str("Inputs\n"),
    }
    for table in &inspection.tables {
        out.push('\n');
        table_text(table, &mut out);
    }
    for pre in &inspection.precounted {
        out.push_str(&format!(
            "\n{}\n  pre-counted figures for {} ({} rows)\n",
            printable(&pre.file),
            pre.measure,
            pre.figures
        ));
    }
    if !inspection.measures.is_empty() {
        out.push_str("\nMeasures\n");
        let width = inspection
            .measures
            .iter()
            .map(|m| m.measure.len())
            .max()
            .unwrap_or(0);
        for m in &inspection.measures {
            let span = match (m.first_month, m.last_month) {
                (Some(a), Some(b)) => format!("events {a} to {b}"),
                _ => "no dated events".to_string(),
            };
            out.push_str(&format!("  {:<width$}  {span}", m.measure));
            if let Some(c) = &m.coverage {
                out.push_str(&format!(
                    "; period {}, baseline {}",
                    c.current.name(),
                    c.baseline.name()
                ));
                if !c.missing.is_empty() {
                    out.push_str(&format!(" (no data for {})", c.missing_text()));
                }
            }
            out.push_str(&format!("; {}", identity_text(m)));
            out.push('\n');
        }
    }
    if !inspection.notes.is_empty() {
        out.push_str("\nNotes\n");
        for note in &inspection.notes {
            out.push_str(&format!("  {}\n", printable(note)));
        }
    }
    out
}

fn table_text(table: &TableView, out: &mut String) {
    let name = match &table.sheet {
        Some(sheet) => format!("{}, sheet \"{}\"", table.file, sheet),
        None => table.file.clone(),
    };
    out.push_str(&printable(&name));
    out.push('\n');
    let evidence = if table.evidence.is_empty() {
        String::new()
    } else {
        format!(", recognised by its {}", table.evidence)
    };
    let rows_to = table
        .last_row
        .map(|last| {
            format!(
                " (one of the tables in it: lines {} to {last})",
                table.header_row
            )
        })
        .unwrap_or_default();
    out.push_str(&format!(
        "  {}{evidence}; header row {}{rows_to}, {} column{}, {} data row{}\n",
        table.layout_name,
        table.header_row,
        table.columns,
        if table.columns == 1 { "" } else { "s" },
        table.rows,
        if table.rows == 1 { "" } else { "s" }
    ));
    if let Some(named) = &table.name_overruled {
        out.push_str(&format!(
            "  named like {named}, but read by its content ({})\n",
            chosen_by_words(table.chosen_by)
        ));
    }
    for feed in &table.feeds {
        feed_text(feed, table.chosen_by, out);
    }
    for context in &table.context {
        out.push_str(&format!(
            "  context, not counted: {} ({}: {})\n",
            column(&context.column),
            context.measure,
            context.why
        ));
    }
    if !table.unrecognised_columns.is_empty() {
        out.push_str(&format!(
            "  not in the Ofsted template: {}\n",
            printable(&table.unrecognised_columns.join(", "))
        ));
    }
}

fn feed_text(feed: &FeedView, chosen_by: &str, out: &mut String) {
    let role = if chosen_by == "type-column" {
        "the rows whose type names it".to_string()
    } else if feed.primary {
        format!("its own measure, by {}", chosen_by_words(chosen_by))
    } else {
        "a later stage whose date it carries".to_string()
    };
    out.push_str(&format!(
        "  {} from {}: {role}\n",
        feed.measure,
        column(&feed.date_column)
    ));
    let mut facts = vec![format!("{} dated", feed.dated)];
    if feed.no_event > 0 {
        facts.push(format!("{} blank (no event)", feed.no_event));
    }
    if feed.rejected > 0 {
        facts.push(format!("{} rejected", feed.rejected));
    }
    if feed.repeats > 0 {
        facts.push(format!(
            "{} repeat{} counted once",
            feed.repeats,
            if feed.repeats == 1 { "" } else { "s" }
        ));
    }
    if let (Some(a), Some(b)) = (feed.first_month, feed.last_month) {
        facts.push(format!("events {a} to {b}"));
    }
    for (what, c) in [
        ("event ID", &feed.event_id_column),
        ("child ID", &feed.child_id_column),
        ("source", &feed.source_column),
        ("by", &feed.by_column),
    ] {
        if let Some(c) = c {
            facts.push(format!("{what} {}", column(c)));
        }
    }
    out.push_str(&format!("    {}\n", facts.join("; ")));
}

/// What makes two rows one event, and what that did: `keyed by Referral ID: 1,612 dated rows
/// → 466 referrals`.
fn identity_text(m: &MeasureView) -> String {
    let key = match m.identity {
        "own-id" => format!("keyed by {}", printable(&m.identity_columns.join(" / "))),
        "child-date-source" => "keyed by child, date and source".to_string(),
        "child-date" => "keyed by child and date".to_string(),
        _ => "each row an event".to_string(),
    };
    format!(
        "{key}: {} dated row{} → {}",
        thousands(m.dated_rows),
        if m.dated_rows == 1 { "" } else { "s" },
        crate::compare::comparison::events_of(m.events, &m.measure)
    )
}

fn chosen_by_words(chosen_by: &str) -> &'static str {
    match chosen_by {
        "explicit" => "MEASURE=PATH",
        "layout" => "its layout",
        "type-column" => "its type column",
        "name" => "its name",
        _ => "the earliest stage whose date it has",
    }
}

/// `"Date of Contact" (column 2)`.
fn column(c: &ColumnRef) -> String {
    format!("\"{}\" (column {})", printable(&c.name), c.number)
}

/// The type values that name no stage, table by table, most rows first: for
/// `inspect --show-type-values` on a terminal only.
pub(crate) fn type_values(tables: &[crate::count::TypeValues]) -> String {
    let mut out = String::from("\nType values that name no stage (row values: not for sharing)\n");
    if tables.is_empty() {
        out.push_str("  none\n");
    }
    for table in tables {
        out.push_str(&format!(
            "  {}, column \"{}\"\n",
            printable(&table.table),
            printable(&table.column)
        ));
        let mut values = table.values.clone();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (value, rows) in values {
            let value = if value.is_empty() {
                "(blank)".to_string()
            } else {
                value
            };
            out.push_str(&format!("    {rows:>7}  {}\n", printable(&value)));
        }
        if table.more_rows > 0 {
            out.push_str(&format!(
                "    {:>7}  (other values, not kept)\n",
                table.more_rows
            ));
        }
    }
    out
}
