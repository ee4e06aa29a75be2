//! The terminal table: each table's title, then the table with numbers right-aligned.

use anyhow::Result;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{Document, Render, RenderOptions, Sheet};

pub struct TableFormat(pub RenderOptions);

impl Render for TableFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let mut options = self.0;
        let mut texts = draw_all(document, options);
        // A wide monthly table that would wrap in the terminal is shown one table per measure.
        if let (Some(width), Document::Monthly(_), super::Layout::Wide) =
            (options.fit_width, document, options.layout)
        {
            let widest = texts
                .iter()
                .flat_map(|t| t.lines())
                .map(|l| l.chars().count())
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
                summary.push_str(&format!("  {sentence}\n"));
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
        .map(|s| draw(s, options))
        .collect()
}

fn draw(sheet: &Sheet, options: RenderOptions) -> String {
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
    let text = sheet;
    let mut out = format!("{}\n", text.title);
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for line in &text.footer {
        out.push_str(line);
        out.push('\n');
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
        insta::assert_snapshot!(render(Document::Compare(&c), RenderOptions::default()));
    }

    #[test]
    fn groups_and_both_counts() {
        let c = fixtures::by_source_both();
        insta::assert_snapshot!(render(Document::Compare(&c), RenderOptions::default()));
    }

    #[test]
    fn decimals() {
        let c = fixtures::committee();
        let options = RenderOptions {
            decimals: 1,
            ..RenderOptions::default()
        };
        let with_commas = render(
            Document::Compare(&c),
            RenderOptions {
                thousands: Some(true),
                ..RenderOptions::default()
            },
        );
        assert!(with_commas.contains("11,312"), "{with_commas}");
        let text = render(Document::Compare(&c), options);
        assert!(text.contains("-2.6%"), "{text}");
        assert!(text.contains("+32.5%"), "{text}");
    }
}
