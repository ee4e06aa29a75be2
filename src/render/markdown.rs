//! Markdown tables, padded so that they read aligned as plain text too; each table's title
//! as a heading.

use anyhow::Result;

use super::{Document, Render, RenderOptions, Sheet};

pub(super) struct MarkdownFormat(pub RenderOptions);

impl Render for MarkdownFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let mut options = self.0;
        let mut texts = draw_all(document, options);
        // A monthly table too wide for a page (pandoc and Word squeeze its columns to a
        // character each) is written one table per measure, unless --layout says otherwise.
        if let (Document::Monthly(_), false, super::Layout::Wide) =
            (document, options.layout_chosen, options.layout)
            && Sheet::of(document, options)
                .iter()
                .any(|s| natural_width(s, options) > PAGE_CHARS)
        {
            options.layout = super::Layout::Long;
            texts = draw_all(document, options);
        }
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

/// The widest line of a Markdown table that fits a portrait page.
const PAGE_CHARS: usize = 100;

fn draw_all(document: Document, options: RenderOptions) -> Vec<String> {
    Sheet::of(document, options)
        .iter()
        .map(|s| draw(s, options))
        .collect()
}

/// Row labels as Markdown keeps them: an indented sub-row (a group, the year before, the
/// change) names what it is under, since pandoc and Word drop leading spaces: `Contacts:
/// 2019/20`, `Contacts: 6: Police`, and a group's own rows `Contacts: 6: Police: change`.
fn labelled(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    // The label at each level of indent (two spaces a level), as written.
    let mut parents: Vec<String> = Vec::new();
    rows.into_iter()
        .map(|mut row| {
            if let Some(first) = row.first_mut() {
                let level = (first.len() - first.trim_start().len()) / 2;
                let sub = match first.trim() {
                    "+/-" if level > 0 => "change",
                    other => other,
                };
                let label = match level.checked_sub(1).and_then(|p| parents.get(p)) {
                    Some(parent) => format!("{parent}: {sub}"),
                    None => sub.to_string(),
                };
                parents.truncate(level);
                parents.push(label.clone());
                *first = label;
            }
            row
        })
        .collect()
}

/// The widest line pandoc lays out at its natural widths (its default `--columns`): a wider
/// table is spread over the page and its cells wrap, a sign on one line and its figure on
/// the next. Wider tables are split into parts that fit, each with the row labels.
const PANDOC_COLUMNS: usize = 72;

/// The sheet's columns in parts whose lines fit [`PANDOC_COLUMNS`]: each part the label
/// column and as many others as fit (at least one).
fn parts(widths: &[usize]) -> Vec<Vec<usize>> {
    let Some((&label, rest)) = widths.split_first() else {
        return vec![Vec::new()];
    };
    // `| a | b |`: 4 characters around the first cell, 3 more for each other.
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut width = label + 4;
    for (i, &w) in rest.iter().enumerate() {
        let col = i + 1;
        match parts.last_mut() {
            Some(part) if width + w + 3 <= PANDOC_COLUMNS => {
                part.push(col);
                width += w + 3;
            }
            _ => {
                parts.push(vec![0, col]);
                width = label + 4 + w + 3;
            }
        }
    }
    if parts.is_empty() {
        parts.push(vec![0]);
    }
    parts
}

/// The width of the sheet's table in one part: `| a | b |`.
fn natural_width(sheet: &Sheet, options: RenderOptions) -> usize {
    let widths = column_widths(sheet, &labelled(sheet.text_rows(options)));
    widths.iter().sum::<usize>() + 3 * widths.len() + 1
}

/// Each column's width: its widest cell, escaped, at least 3.
fn column_widths(text: &Sheet, rows: &[Vec<String>]) -> Vec<usize> {
    (0..text.header.len())
        .map(|col| {
            std::iter::once(&text.header)
                .chain(rows)
                .filter_map(|r| r.get(col))
                .map(|c| escape(c).chars().count())
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect()
}

fn draw(text: &Sheet, options: RenderOptions) -> String {
    let rows = labelled(text.text_rows(options));
    let widths = column_widths(text, &rows);
    let numeric = text.numeric_columns();
    let line = |cells: &[String], part: &[usize]| {
        let padded: Vec<String> = part
            .iter()
            .map(|&col| {
                let cell = cells.get(col).map_or("", String::as_str);
                let w = widths.get(col).copied().unwrap_or(3);
                match numeric.get(col).copied().unwrap_or(false) {
                    false => format!("{:<w$}", escape(cell)),
                    true => format!("{:>w$}", escape(cell)),
                }
            })
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let rule = |part: &[usize]| {
        let cells: Vec<String> = part
            .iter()
            .map(|&col| {
                let w = widths.get(col).copied().unwrap_or(3);
                match numeric.get(col).copied().unwrap_or(false) {
                    false => format!(":{}", "-".repeat(w - 1)),
                    true => format!("{}:", "-".repeat(w - 1)),
                }
            })
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let parts = parts(&widths);
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match parts.len() {
            1 => out.push_str(&format!("### {}\n\n", escape(&text.title))),
            n => out.push_str(&format!(
                "### {} (part {} of {n})\n\n",
                escape(&text.title),
                i + 1
            )),
        }
        out.push_str(&line(&text.header, part));
        out.push_str(&rule(part));
        for row in &rows {
            out.push_str(&line(row, part));
        }
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
/// HTML (`<img onerror=…>` stays text), control characters, and every character Markdown
/// reads as a link, an image, emphasis or code (`[ ] ( ) ! * _` and backticks), with the
/// backslash itself, so `![t](http://host/x.png)` is text that pandoc neither fetches nor
/// links; and bare addresses and `~`, which GitHub's Markdown links or strikes through.
fn escape(cell: &str) -> String {
    let flat = cell.replace(['\n', '\r'], " ");
    let shown = crate::model::text::printable(&flat, false);
    let mut out = String::with_capacity(shown.len() + 8);
    let mut rest = shown.as_ref();
    while let Some(c) = rest.chars().next() {
        let next = rest.get(c.len_utf8()..).unwrap_or_default();
        // GitHub's Markdown (and pandoc's gfm) also links bare addresses: `https://…`,
        // `www.…` and `name@host`; an escaped `:`, `.` or `@` breaks them, and `~` would strike
        // through.
        let autolink = (c == ':' && next.starts_with("//"))
            || (c == '.'
                && out
                    .get(out.len().saturating_sub(3)..)
                    .is_some_and(|w| w.eq_ignore_ascii_case("www")))
            || c == '@';
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' | '(' | ')' | '!' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if autolink => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn markup_in_a_value_is_text() {
        assert_eq!(
            escape("![t](http://host/x.png) [click](javascript:alert(1)) *a* _b_ `c` \\[ <i>|"),
            "\\!\\[t\\]\\(http\\://host/x.png\\) \\[click\\]\\(javascript:alert\\(1\\)\\) \\*a\\* \\_b\\_ \\`c\\` \\\\\\[ &lt;i&gt;\\|"
        );
    }

    #[test]
    fn bare_addresses_and_strikethrough_are_text() {
        assert_eq!(
            escape(
                "https://evil.example/p www.evil.example mail@evil.example ~~s~~ Contacts: 87.8"
            ),
            "https\\://evil.example/p www\\.evil.example mail\\@evil.example \\~\\~s\\~\\~ Contacts: 87.8"
        );
    }

    #[test]
    fn committee_markdown() {
        let c = fixtures::committee();
        let bytes = MarkdownFormat(RenderOptions::default())
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(c.clone()),
            ))
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
