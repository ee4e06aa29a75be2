//! One self-contained HTML page for a committee paper: inline CSS and SVG, no scripts and no
//! external fetches. Real `<table>` markup (caption, `th scope`) that pastes into Word as a
//! table; a chart per table with a text alternative; the data-quality note; a footer naming
//! the inputs and the period definitions. Prints on A4. Text contrast passes WCAG AA.

use anyhow::Result;

use super::chart::Chart;
use super::{Cell, Document, Render, RenderOptions, Sheet};

pub(super) struct HtmlFormat(pub RenderOptions);

const STYLE: &str = "
:root { color: #0b0c0c; background: #ffffff; font-family: Arial, Helvetica, sans-serif; }
body { margin: 2rem auto; max-width: 62rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 1.2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 1.1rem; padding: 0 0 .5rem; }
th, td { padding: .35rem .7rem; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; text-align: right; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: normal; }
tbody th.group { padding-left: 1.6rem; }
tr.heading th { font-weight: bold; }
td { text-align: right; white-space: nowrap; }
.notes, footer, .quality { color: #505a5f; font-size: .92rem; }
.notes p { margin: .2rem 0; }
figure { margin: 1.2rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
.table-wrap, .chart-wrap { overflow-x: auto; }
.table-wrap:focus, .chart-wrap:focus { outline: 3px solid #0b0c0c; outline-offset: 2px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); border: 0; white-space: nowrap; }
footer, .notes, .quality, .summary, figcaption { overflow-wrap: anywhere; }
.table-wrap, .chart-wrap { position: relative; }
@media (max-width: 40rem) {
  /* Reflow (WCAG 1.4.10): the page stays one column; a wide table or chart scrolls in its
     own region, and chart text keeps a readable size. */
  body { margin: 1rem auto; }
  .chart-wrap svg { max-width: none; width: 40rem; }
}
figcaption { color: #505a5f; font-size: .92rem; }
footer { border-top: 1px solid #b1b4b6; margin-top: 2.5rem; padding-top: .8rem; }
@page { size: A4; margin: 15mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  /* On paper nothing scrolls: a wide table gets a landscape page and smaller type, so that
     every column prints; header rows repeat on each page; a row never splits. */
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  .table-wrap, .chart-wrap { overflow: visible; }
  section.wide { page: wide; }
  section.wide table { font-size: 7.5pt; width: 100%; }
  section.wider table { font-size: 6pt; }
  section.wide th, section.wide td { padding: .12rem .25rem; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  thead th { white-space: normal; }
  figure { break-inside: avoid; page: wide; }
  figure svg { max-width: 100%; width: 100%; }
}
";

impl Render for HtmlFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let title = document.title();
        let page_title = format!("{}: {} – cscstats", title, what_it_is(document));
        let mut page = format!(
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"cscstats {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
            env!("CARGO_PKG_VERSION"),
            escape(&page_title),
            escape(title)
        );
        // The sentences first, as a paper puts them above its table.
        if !document.summary().is_empty() {
            page.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n");
            for sentence in document.summary() {
                page.push_str(&format!("<li>{}</li>\n", escape(sentence)));
            }
            page.push_str("</ul>\n</section>\n");
        }
        for (i, sheet) in Sheet::of(document, self.0).iter().enumerate() {
            page.push_str(&table(sheet, i, self.0));
        }
        if let Some(chart) = Chart::of(document) {
            let by = match document {
                Document::Compare(c) => c.by.is_some(),
                Document::Monthly(m) => m.by.is_some(),
                _ => false,
            };
            page.push_str(&figure(&chart, by)?);
        }
        page.push_str(&quality(document, self.0.show_paths));
        page.push_str(&footer(document, self.0.show_paths));
        page.push_str("</main>\n</body>\n</html>\n");
        Ok(page.into_bytes())
    }
}

/// What a page holds, for its `<title>`.
fn what_it_is(document: Document) -> String {
    match document {
        Document::Compare(c) => format!(
            "children's social care activity against {}",
            c.baseline.label
        ),
        Document::Monthly(_) => "children's social care activity by month".to_string(),
        Document::Benchmark(_) => {
            "benchmark against England, the region and statistical neighbours".to_string()
        }
        Document::Trend(_) => "trend against England and the region".to_string(),
    }
}

/// A table, numbered, in a region of its own that scrolls sideways on a narrow screen (so the
/// page never does). Each measure's rows are a row group headed by the measure, so that its
/// sub-rows and groups are announced with it.
fn table(sheet: &Sheet, index: usize, options: RenderOptions) -> String {
    let n = index + 1;
    // Columns beyond which a table prints on a landscape page, and beyond which in small type.
    let class = match sheet.header.len() {
        0..=7 => "",
        8..=16 => " class=\"wide\"",
        _ => " class=\"wide wider\"",
    };
    let mut out = format!(
        "<section{class}>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"table-{n}-caption\" tabindex=\"0\">\n\
         <table id=\"table-{n}\">\n<caption id=\"table-{n}-caption\">Table {n}: {}</caption>\n<thead>\n<tr>",
        escape(&sheet.title)
    );
    for heading in &sheet.header {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(heading)));
    }
    out.push_str("</tr>\n</thead>\n");
    // Where each row group starts: a row that is not indented under the one before.
    let texts: Vec<String> = sheet
        .rows
        .iter()
        .map(|row| row.first().map(|c| c.text(options)).unwrap_or_default())
        .collect();
    let starts_group = |i: usize| !texts.get(i).is_some_and(|t| t.starts_with("  "));
    let mut open = false;
    for (i, row) in sheet.rows.iter().enumerate() {
        if starts_group(i) {
            if open {
                out.push_str("</tbody>\n");
            }
            out.push_str("<tbody>\n");
            open = true;
        }
        let has_members = starts_group(i) && !starts_group(i + 1) && i + 1 < sheet.rows.len();
        let class = if sheet.headings.contains(&i) {
            " class=\"heading\""
        } else {
            ""
        };
        out.push_str(&format!("<tr{class}>"));
        for (col, cell) in row.iter().enumerate() {
            let text = cell.text(options);
            if col == 0 {
                let (scope, group) = match (text.starts_with("  "), has_members) {
                    (true, _) => ("row", " class=\"group\""),
                    (false, true) => ("rowgroup", ""),
                    (false, false) => ("row", ""),
                };
                out.push_str(&format!(
                    "<th scope=\"{scope}\"{group}>{}</th>",
                    marked(text.trim())
                ));
            } else if matches!(cell, Cell::Count(None) | Cell::Change(None)) {
                out.push_str(
                    "<td><abbr title=\"withheld to protect children's identities\">c</abbr></td>",
                );
            } else {
                out.push_str(&format!("<td>{}</td>", marked(&text)));
            }
        }
        out.push_str("</tr>\n");
    }
    if open {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</div>\n");
    if !sheet.footer.is_empty() {
        out.push_str("<div class=\"notes\">\n");
        for line in &sheet.footer {
            out.push_str(&format!("<p>{}</p>\n", escape(line)));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The chart's SVG inline, as an image with a title and a text alternative.
fn figure(chart: &Chart, by_groups: bool) -> Result<String> {
    let svg = chart.svg()?;
    let title = match chart {
        Chart::Bars(b) => &b.title,
        Chart::Lines(l) => &l.title,
    };
    let what = if by_groups {
        "the totals of Table 1 as a chart (its groups are in the table)"
    } else {
        "Table 1 as a chart"
    };
    Ok(format!(
        "<figure>\n<div class=\"chart-wrap\" role=\"region\" aria-label=\"Figure 1, scrolls sideways on a narrow screen\" tabindex=\"0\">\n{svg}\n</div>\n\
         <figcaption>Figure 1: {}, {what}.</figcaption>\n</figure>\n",
        escape(title)
    ))
}

fn quality(document: Document, show_paths: bool) -> String {
    let Some(quality) = super::paper::Quality::of(document, show_paths) else {
        return String::new();
    };
    let mut out = String::from("<section class=\"quality\">\n<h2>Data quality</h2>\n");
    if let Some(periods) = &quality.periods {
        out.push_str(&format!("<p>Periods: {}.</p>\n", escape(periods)));
    }
    out.push_str("<ul>\n");
    for line in &quality.lines {
        out.push_str(&format!("<li>{}</li>\n", escape(line)));
    }
    out.push_str("</ul>\n</section>\n");
    out
}

fn footer(document: Document, show_paths: bool) -> String {
    let mut out = String::from("<footer>\n");
    for line in super::paper::footer(document, show_paths) {
        out.push_str(&format!("<p>{}</p>\n", escape(&line)));
    }
    out.push_str("</footer>\n");
    out
}

/// A cell's text with each mark (▲ ▼ †) shown to the eye and said in words to a screen
/// reader, which would otherwise read "black up-pointing triangle" or nothing.
fn marked(text: &str) -> String {
    const WORDS: [(&str, &str); 3] = [
        (
            "▲",
            "high: a signal on its control chart, or above its expected range",
        ),
        (
            "▼",
            "low: a signal on its control chart, or below its expected range",
        ),
        (
            crate::compare::document::PARTIAL_MARK,
            "the inputs cover this span only in part",
        ),
    ];
    let mut out = String::new();
    for ch in text.chars() {
        let mut buf = [0u8; 4];
        let s: &str = ch.encode_utf8(&mut buf);
        match WORDS.iter().find(|(mark, _)| *mark == s) {
            Some((mark, words)) => out.push_str(&format!(
                "<span aria-hidden=\"true\">{mark}</span><span class=\"visually-hidden\"> ({words})</span>"
            )),
            None => out.push_str(&escape(s)),
        }
    }
    out
}

/// Text safe inside HTML elements and attributes.
fn escape(text: &str) -> String {
    crate::model::text::markup_text(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn accessible_self_contained_page() {
        let c = fixtures::committee();
        let page = String::from_utf8(
            HtmlFormat(RenderOptions {
                thousands: Some(true),
                ..RenderOptions::default()
            })
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(c.clone()),
            ))
            .unwrap(),
        )
        .unwrap();
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
        assert!(page.contains(
            "<title>2020/21 Quarters 1 &amp; 2: children&#39;s social care activity against 2019 – cscstats</title>"
        ));
        // The table in a region of its own that scrolls sideways on a narrow screen.
        assert!(page.contains(
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"table-1-caption\" tabindex=\"0\">"
        ));
        assert!(page.contains(
            "<caption id=\"table-1-caption\">Table 1: 2020/21 Quarters 1 &amp; 2</caption>"
        ));
        assert!(page.contains("<th scope=\"col\">2019</th>"));
        assert!(page.contains(
            "<tr><th scope=\"row\">Contacts</th><td>11,312</td><td>11,015</td><td>-3%</td></tr>"
        ));
        assert!(page.contains(
            "<svg role=\"img\" aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\""
        ));
        // The caption does not repeat the description a screen reader already gives.
        assert!(page.contains(
            "<figcaption>Figure 1: 2020/21 Quarters 1 &amp; 2, Table 1 as a chart.</figcaption>"
        ));
        assert!(page.contains("<desc id=\"chart-desc\">Bar chart. 2020 against 2019. Contacts: 2019 11312, 2020 11015 (-3%)"));
        assert!(!page.contains("<script"), "no scripts");
        // The only address on the page is the SVG namespace.
        assert_eq!(
            page.matches("http").count(),
            page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );

        assert!(!page.contains("https://"), "no external fetches");
        assert!(page.contains(
            "<p>Periods: 2020 is 2020-04-01 to 2020-09-30; 2019 is 2019-04-01 to 2019-09-30."
        ));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
