//! Markdown tables, padded so that they read aligned as plain text too; each table's title
//! as a heading.

use anyhow::Result;

use super::{Document, Render, RenderOptions, Sheet};

pub struct MarkdownFormat(pub RenderOptions);

impl Render for MarkdownFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let sheets = Sheet::of(document, self.0);
        let mut texts: Vec<String> = sheets.iter().map(|s| draw(s, self.0)).collect();
        if self.0.summary && !document.summary().is_empty() {
            let mut summary = String::from("**Summary**\n\n");
            for sentence in document.summary() {
                summary.push_str(&format!("- {}\n", escape(sentence)));
            }
            texts.push(summary);
        }
        Ok(texts.join("\n").into_bytes())
    }
}

fn draw(text: &Sheet, options: RenderOptions) -> String {
    let widths: Vec<usize> = text.widths(options).iter().map(|w| (*w).max(3)).collect();
    let numeric = text.numeric_columns();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(&numeric)
            .map(|((cell, &w), right)| match right {
                false => format!("{:<w$}", escape(cell)),
                true => format!("{:>w$}", escape(cell)),
            })
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let rule: Vec<String> = widths
        .iter()
        .zip(&numeric)
        .map(|(&w, right)| match right {
            false => format!(":{}", "-".repeat(w - 1)),
            true => format!("{}:", "-".repeat(w - 1)),
        })
        .collect();
    let mut out = format!("### {}\n\n", escape(&text.title));
    out.push_str(&line(&text.header));
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &text.text_rows(options) {
        out.push_str(&line(row));
    }
    if !text.footer.is_empty() {
        out.push('\n');
        for note in &text.footer {
            out.push_str(&format!("{}  \n", escape(note)));
        }
    }
    out
}

/// Escapes what would break a table cell or reach a reader as markup: `|`, line breaks,
/// HTML (`<img onerror=…>` stays text) and control characters.
fn escape(cell: &str) -> String {
    let flat = cell.replace(['\n', '\r'], " ");
    crate::model::text::printable(&flat, false)
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn committee_markdown() {
        let c = fixtures::committee();
        let bytes = MarkdownFormat(RenderOptions::default())
            .render(Document::Compare(&c))
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
