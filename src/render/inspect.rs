//! `inspect` as text (for people, and `--explain` on standard error) and as JSON (the
//! contract in the README).

use crate::count::inspect::{ColumnRef, FeedView, Inspection, TableView};
use crate::model::text;

/// Control characters shown, not obeyed.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    text::printable(s, false)
}

/// The inspection as JSON, pretty-printed, with a final newline.
pub fn json(inspection: &Inspection) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(inspection)?;
    text.push('\n');
    Ok(text)
}

/// The inspection as indented text.
pub fn text(inspection: &Inspection) -> String {
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
    out.push_str(&format!(
        "  {}{evidence}; header row {}, {} columns, {} data row{}\n",
        table.layout_name,
        table.header_row,
        table.columns,
        table.rows,
        if table.rows == 1 { "" } else { "s" }
    ));
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
    if let (Some(a), Some(b)) = (feed.first_month, feed.last_month) {
        facts.push(format!("events {a} to {b}"));
    }
    for (what, c) in [
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

fn chosen_by_words(chosen_by: &str) -> &'static str {
    match chosen_by {
        "explicit" => "MEASURE=PATH",
        "layout" => "its layout",
        "name" => "its name",
        _ => "the earliest stage whose date it has",
    }
}

/// `"Date of Contact" (column 2)`.
fn column(c: &ColumnRef) -> String {
    format!("\"{}\" (column {})", printable(&c.name), c.number)
}
