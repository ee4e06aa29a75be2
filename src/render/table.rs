//! The terminal table: each table's title, then the table with numbers right-aligned.

use anyhow::Result;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{Align, Document, Render, RenderOptions, TextTable};

pub struct TableFormat(pub RenderOptions);

impl Render for TableFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let tables = TextTable::of(document, self.0, self.0.layout);
        let texts: Vec<String> = tables.iter().map(draw).collect();
        Ok(texts.join("\n").into_bytes())
    }
}

fn draw(text: &TextTable) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(&text.header)
        .add_rows(&text.rows);
    for (i, align) in text.align.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            column.set_padding((0, 2));
            column.set_cell_alignment(match align {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
        }
    }
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
        let text = render(Document::Compare(&c), options);
        assert!(text.contains("-2.6%"), "{text}");
        assert!(text.contains("+32.5%"), "{text}");
    }
}
