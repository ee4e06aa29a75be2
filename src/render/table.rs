//! The terminal table: each table's title, then the table with numbers right-aligned.

use anyhow::Result;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{Document, Render, RenderOptions, Sheet};

pub(super) struct TableFormat(pub RenderOptions);

impl Render for TableFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let mut options = self.0;
        let mut texts = draw_all(document, options);
        // A wide monthly table that would wrap in the terminal is shown one table per measure.
        if let (Some(width), Document::Monthly(_), super::Layout::Wide) =
            (options.fit_width, document, options.layout)
        {
            // The table's own width: its title and notes wrap, its columns cannot.
            let widest = Sheet::of(document, options)
                .iter()
                .map(|s| table_width(s, options))
                .max()
                .unwrap_or(0);
            if widest > width {
                options.layout = super::Layout::Long;
                texts = draw_all(document, options);
                texts.push(format!(
                    "(The table by month is {widest} characters wide, the terminal {width}:\n\
                     shown one table per measure. --layout wide shows it whole.)\n"
                ));
            }
        }
        if options.summary && !document.summary().is_empty() {
            let mut summary = String::from("Summary\n");
            for sentence in document.summary() {
                for line in wrap(sentence, options.fit_width.map(|w| w.saturating_sub(2))) {
                    summary.push_str(&format!("  {line}\n"));
                }
            }
            texts.push(summary);
        }
        // For the terminal: control characters in any value are shown, not obeyed.
        let text = texts.join("\n");
        Ok(crate::model::text::printable(&text, true)
            .into_owned()
            .into_bytes())
    }
}

fn draw_all(document: Document, options: RenderOptions) -> Vec<String> {
    Sheet::of(document, options)
        .iter()
        .filter(|s| !s.for_papers)
        .map(|s| draw(s, options))
        .collect()
}

/// `text` in lines of at most `width` characters, broken between words; one line when the
/// width is not known (not a terminal).
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    match width {
        Some(width) => crate::model::text::wrap_words(text, width),
        None => vec![text.to_string()],
    }
}

/// The widest line of the sheet's table, without its title and notes.
fn table_width(sheet: &Sheet, options: RenderOptions) -> usize {
    layout(sheet, options)
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0)
}

fn layout(sheet: &Sheet, options: RenderOptions) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(&sheet.header)
        .add_rows(sheet.text_rows(options));
    for (i, numeric) in sheet.numeric_columns().into_iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            column.set_padding((0, 2));
            column.set_cell_alignment(if numeric {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            });
        }
    }
    table
}

fn draw(sheet: &Sheet, options: RenderOptions) -> String {
    let mut out = format!("{}\n", sheet.title);
    for line in layout(sheet, options).lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    // Notes wrap between words at the terminal's width, never inside one.
    for note in &sheet.footer {
        for line in wrap(note, options.fit_width) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    fn render(document: Document, options: RenderOptions) -> String {
        String::from_utf8(TableFormat(options).render(document).unwrap()).unwrap()
    }

    #[test]
    fn committee_table() {
        let c = fixtures::committee();
        insta::assert_snapshot!(render(
            Document::Compare(&crate::compare::disclosure::Publish::default().compare(c.clone())),
            RenderOptions::default()
        ));
    }

    #[test]
    fn groups_and_both_counts() {
        let c = fixtures::by_source_both();
        insta::assert_snapshot!(render(
            Document::Compare(&crate::compare::disclosure::Publish::default().compare(c.clone())),
            RenderOptions::default()
        ));
    }

    #[test]
    fn decimals() {
        let c = fixtures::committee();
        let options = RenderOptions {
            decimals: 1,
            ..RenderOptions::default()
        };
        let with_commas = render(
            Document::Compare(&crate::compare::disclosure::Publish::default().compare(c.clone())),
            RenderOptions {
                thousands: Some(true),
                ..RenderOptions::default()
            },
        );
        assert!(with_commas.contains("11,312"), "{with_commas}");
        let text = render(
            Document::Compare(&crate::compare::disclosure::Publish::default().compare(c.clone())),
            options,
        );
        assert!(text.contains("-2.6%"), "{text}");
        assert!(text.contains("+32.5%"), "{text}");
    }
}
