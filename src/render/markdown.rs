//! Markdown tables, padded so that they read aligned as plain text too; each table's title
//! as a heading.

use anyhow::Result;

use super::{Align, Document, Render, RenderOptions, TextTable};

pub struct MarkdownFormat(pub RenderOptions);

impl Render for MarkdownFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let tables = TextTable::of(document, self.0, self.0.layout);
        let texts: Vec<String> = tables.iter().map(draw).collect();
        Ok(texts.join("\n").into_bytes())
    }
}

fn draw(text: &TextTable) -> String {
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
    let mut out = format!("### {}\n\n", escape(&text.title));
    out.push_str(&line(&text.header));
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &text.rows {
        out.push_str(&line(row));
    }
    if !text.footer.is_empty() {
        out.push('\n');
        for note in &text.footer {
            out.push_str(&format!("{note}  \n"));
        }
    }
    out
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
        let c = fixtures::committee();
        let bytes = MarkdownFormat(RenderOptions::default())
            .render(Document::Compare(&c))
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
