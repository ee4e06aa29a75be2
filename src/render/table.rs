//! The terminal table: the title, then the table with numbers right-aligned.

use anyhow::Result;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};

use super::{Align, Render, RenderOptions, TextTable};
use crate::compare::Comparison;

pub struct TableFormat(pub RenderOptions);

impl Render for TableFormat {
    fn render(&self, comparison: &Comparison) -> Result<Vec<u8>> {
        let text = TextTable::comparison(comparison, self.0);
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
                if *align == Align::Right {
                    column.set_constraint(ColumnConstraint::LowerBoundary(
                        comfy_table::Width::Fixed(5),
                    ));
                }
            }
        }
        let mut out = format!("{}\n", comparison.title);
        for line in table.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn committee_table() {
        let bytes = TableFormat(RenderOptions::default())
            .render(&fixtures::committee())
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }

    #[test]
    fn groups_and_both_counts() {
        let bytes = TableFormat(RenderOptions::default())
            .render(&fixtures::by_source_both())
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }

    #[test]
    fn decimals() {
        let bytes = TableFormat(RenderOptions { decimals: 1 })
            .render(&fixtures::committee())
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("-2.6%"), "{text}");
        assert!(text.contains("+32.5%"), "{text}");
    }
}
