//! A Markdown table, padded so that it reads aligned as plain text too.

use anyhow::Result;

use super::{Align, Render, RenderOptions, TextTable};
use crate::compare::Comparison;

pub struct MarkdownFormat(pub RenderOptions);

impl Render for MarkdownFormat {
    fn render(&self, comparison: &Comparison) -> Result<Vec<u8>> {
        let text = TextTable::comparison(comparison, self.0);
        let widths: Vec<usize> = text.widths().iter().map(|w| (*w).max(3)).collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .zip(&text.align)
                .map(|((cell, &w), align)| match align {
                    Align::Left => format!("{:<w$}", escape(cell)),
                    Align::Right => format!("{:>w$}", escape(cell)),
                })
                .collect();
            format!("| {} |\n", padded.join(" | "))
        };
        let rule: Vec<String> = widths
            .iter()
            .zip(&text.align)
            .map(|(&w, align)| match align {
                Align::Left => format!(":{}", "-".repeat(w - 1)),
                Align::Right => format!("{}:", "-".repeat(w - 1)),
            })
            .collect();

        let mut out = format!("### {}\n\n", escape(&comparison.title));
        out.push_str(&line(&text.header));
        out.push_str(&format!("| {} |\n", rule.join(" | ")));
        for row in &text.rows {
            out.push_str(&line(row));
        }
        Ok(out.into_bytes())
    }
}

/// Escapes the characters that would break a table cell.
fn escape(cell: &str) -> String {
    cell.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn committee_markdown() {
        let bytes = MarkdownFormat(RenderOptions::default())
            .render(&fixtures::committee())
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
