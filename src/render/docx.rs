//! Word documents for committee papers, built with docx-rust's typed model of WordprocessingML.
//!
//! A paper's parts in the order an officer pastes them: the title, the summary sentences,
//! each table (a numbered caption, Word's built-in "Table Grid" style, a header row that
//! repeats on every page, numbers right-aligned, sub-rows indented by paragraph indent), the
//! chart as a PNG with its text alternative, the notes, the data-quality note and the footer.
//! A table too wide for a portrait page gets a landscape section of its own. No clock time
//! and no random identifiers: the same figures give the same bytes.

use crate::model::convert::{to_isize, to_u32};
use std::borrow::Cow;
use std::io::Cursor;

use anyhow::{Context, Result};
use docx_rust::Docx;
use docx_rust::app::{App, AppNoApNamespace};
use docx_rust::content_type::DefaultContentType;
use docx_rust::core::{Core, CoreNamespace};
use docx_rust::document::{
    Blip, BlipFill, CNvPicPr, CNvPr, DocPr, Extent, Graphic, GraphicData, NvPicPr, Picture,
    PrstGeom, SpPr, Stretch, Xfrm,
};
use docx_rust::document::{
    BodyContent, Drawing, FieldChar, Inline, Paragraph, Run, RunContent, Table, TableCell,
    TableGrid, TableRow, Text, TextSpace,
};
use docx_rust::formatting::{
    Bold, CharacterProperty, Color, Indent, Justification, JustificationVal, KeepNext,
    OnOffOnlyType, PageMargin, PageSize, ParagraphProperty, ParagraphStyleId, SectionProperty,
    Size, Spacing, TableBorders, TableCellProperty, TableCellWidth, TableHeader, TableProperty,
    TableRowProperty, TableStyleId, TableWidth, TableWidthUnit,
};
use docx_rust::media::MediaType;
use docx_rust::rels::{Relationship, Relationships};
use docx_rust::styles::{BasedOn, Style, StyleName, StyleType, Styles};

use super::chart::Chart;
use super::paper::{Quality, footer};
use super::{Cell, Document, Render, RenderOptions, Sheet};

pub(super) struct DocxFormat(pub RenderOptions);

/// A4 in twentieths of a point, and 2 cm margins.
const A4_SHORT: isize = 11906;
const A4_LONG: isize = 16838;
const MARGIN: isize = 1134;
/// The height of a landscape page's text in pixels at 96 to the inch, less a line for the
/// figure's caption.
fn landscape_text_pixels() -> u32 {
    to_u32((A4_SHORT - 2 * MARGIN - CAPTION) * 96 / 1440)
}
/// Room for a caption under a figure, in twentieths of a point.
const CAPTION: isize = 600;
/// Columns beyond which a table is set on a landscape page.
const PORTRAIT_COLUMNS: usize = 7;
/// The chart's part name and relationship.
const CHART_PART: &str = "media/chart1.png";
const CHART_REL: &str = "rIdChart1";
const IMAGE_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
/// EMUs (English Metric Units) in a twentieth of a point, and in a pixel at 96 dpi.
const EMU_PER_TWIP: u64 = 635;
const EMU_PER_PIXEL: u64 = 9525;

impl Render for DocxFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let options = self.0;
        // Fitted to a landscape page: 960 pixels wide at 96 to the inch, and no taller than
        // the page's text (a line chart's panels spread over more columns).
        let chart = Chart::of(document).map(|c| c.fitted(landscape_text_pixels()));
        let png = chart.as_ref().map(Chart::png).transpose()?;
        let sheets = Sheet::of(document, options);
        // The first page holds the first table: when that table is wide, the title and the
        // summary are set on its landscape page rather than alone on a portrait one.
        let mut body = Body {
            landscape: sheets
                .first()
                .is_some_and(|s| s.header.len() > PORTRAIT_COLUMNS),
            ..Body::default()
        };
        body.push(paragraph("Heading1", document.title()));
        if !document.summary().is_empty() {
            body.push(paragraph("Heading2", "Summary"));
            for sentence in document.summary() {
                body.push(paragraph("ListParagraph", sentence));
            }
        }
        for (i, sheet) in sheets.iter().enumerate() {
            let wide = sheet.header.len() > PORTRAIT_COLUMNS;
            body.orientation(wide);
            body.push(caption("Table", i + 1, &sheet.title));
            body.push(table(sheet, options, body.text_width()));
            for line in &sheet.footer {
                body.push(paragraph("Notes", line));
            }
        }
        if let (Some(chart), Some(_)) = (&chart, &png) {
            // On a landscape page the chart is placed at its own size (960 pixels, 10 inches
            // at 96 to the inch), so that its smallest text, 12 pixels, prints at 9 points.
            body.orientation(true);
            let (w, h) = chart.pixels();
            body.push(picture(chart, w, h, body.text_width()));
            let title = match chart {
                Chart::Bars(b) => &b.title,
                Chart::Lines(l) => &l.title,
            };
            let by = match document {
                Document::Compare(c) => c.by.is_some(),
                Document::Monthly(m) => m.by.is_some(),
                _ => false,
            };
            let title = if by {
                format!("{title}, the totals of Table 1 (its groups are in the table)")
            } else {
                title.clone()
            };
            body.push(caption("Figure", 1, &title));
        }
        body.orientation(false);
        if let Some(quality) = Quality::of(document, options.show_paths) {
            body.push(paragraph("Heading2", "Data quality"));
            if let Some(periods) = &quality.periods {
                body.push(paragraph("Notes", &format!("Periods: {periods}.")));
            }
            for line in &quality.lines {
                body.push(paragraph("Notes", line));
            }
        }
        if let Some(contact) = document.provenance().and_then(|p| p.contact.as_deref()) {
            body.push(paragraph("Heading2", "Contact"));
            body.push(paragraph("Notes", contact));
        }
        // The technical record last, on a page of its own, for the officer to keep or drop.
        if !options.no_appendix {
            let mut heading = styled("Heading2");
            heading.page_break_before =
                Some(docx_rust::formatting::PageBreakBefore { value: None });
            body.push(Paragraph {
                property: Some(heading),
                content: vec![
                    Run {
                        content: vec![text("About these figures")],
                        ..Run::default()
                    }
                    .into(),
                ],
                ..Paragraph::default()
            });
            for line in footer(document, options.show_paths) {
                body.push(paragraph("Notes", &line));
            }
        }

        let mut docx = Docx {
            styles: styles(),
            core: Some(Core::CoreNamespace(CoreNamespace {
                title: Some(
                    crate::model::text::xml_text(document.title())
                        .into_owned()
                        .into(),
                ),
                creator: Some("cscstats".into()),
                ..CoreNamespace::default()
            })),
            app: Some(App::AppNoApNamespace(AppNoApNamespace {
                application: Some(format!("cscstats {}", env!("CARGO_PKG_VERSION")).into()),
                ..AppNoApNamespace::default()
            })),
            ..Docx::default()
        };
        docx.document.body.content = body.finish();
        if let Some(png) = &png {
            docx.content_types.defaults.push(DefaultContentType {
                ext: "png".into(),
                ty: "image/png".into(),
            });
            docx.document_rels = Some(Relationships {
                relationships: vec![Relationship {
                    id: CHART_REL.into(),
                    target: CHART_PART.into(),
                    ty: IMAGE_RELATIONSHIP.into(),
                    target_mode: None,
                }],
            });
            docx.media
                .insert(CHART_PART.to_string(), (MediaType::Image, png));
        }
        let mut out = docx
            .write(Cursor::new(Vec::new()))
            .context("writing the Word document")?;
        finish(&std::mem::take(out.get_mut()))
    }
}

/// What docx-rust's model cannot say, said in the XML it wrote: landscape sections marked
/// `w:orient` (Word and LibreOffice read a wide page without it as portrait), rows that never
/// split across pages, the language (`en-GB`) for every run and in the core properties, and
/// the core properties found where Word looks for them.
fn finish(package: &[u8]) -> Result<Vec<u8>> {
    super::ooxml::rewrite(package, |part, xml| {
        match part {
        "word/document.xml" => xml
            .replace(
                &format!("<w:pgSz w:w=\"{A4_LONG}\" w:h=\"{A4_SHORT}\"/>"),
                &format!("<w:pgSz w:w=\"{A4_LONG}\" w:h=\"{A4_SHORT}\" w:orient=\"landscape\"/>"),
            )
            .replace("<w:tr><w:trPr/>", "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            .replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit/>")
            .replace("<w:tr><w:tc>", "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>"),
        "word/styles.xml" => match xml.find('>').and_then(|i| xml[i + 1..].find('>').map(|j| i + j + 2)) {
            Some(end) if !xml.contains("<w:docDefaults>") => {
                let mut xml = xml;
                xml.insert_str(
                    end,
                    &format!(
                        "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault></w:docDefaults>",
                        super::ooxml::LANGUAGE
                    ),
                );
                xml
            }
            _ => xml,
        },
        "docProps/core.xml" => super::ooxml::add_language(xml),
        // docx-rust names the core properties' relationship in the wrong namespace, so that
        // Word and python-docx never find the title.
        "_rels/.rels" => xml.replace(
            "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        ),
        _ => xml,
    }
    })
}

/// The body as it is built: content in sections, each portrait or landscape. A paragraph
/// that carries section properties ends the section before it.
#[derive(Default)]
struct Body<'a> {
    content: Vec<BodyContent<'a>>,
    landscape: bool,
}

impl<'a> Body<'a> {
    fn push(&mut self, item: impl Into<BodyContent<'a>>) {
        self.content.push(item.into());
    }

    /// Starts a landscape or a portrait section, if that is not the current one.
    fn orientation(&mut self, landscape: bool) {
        if landscape != self.landscape {
            let end = section(self.landscape);
            self.push(Paragraph {
                property: Some(ParagraphProperty {
                    section_property: Some(end),
                    ..ParagraphProperty::default()
                }),
                ..Paragraph::default()
            });
            self.landscape = landscape;
        }
    }

    /// The width between the margins of the current section, in twentieths of a point.
    fn text_width(&self) -> isize {
        let page = if self.landscape { A4_LONG } else { A4_SHORT };
        page - 2 * MARGIN
    }

    fn finish(mut self) -> Vec<BodyContent<'a>> {
        let last = section(self.landscape);
        self.content.push(BodyContent::SectionProperty(last));
        self.content
    }
}

fn section<'a>(landscape: bool) -> SectionProperty<'a> {
    let (w, h) = if landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    SectionProperty {
        page_size: Some(PageSize {
            weight: w,
            height: h,
        }),
        page_margin: Some(PageMargin {
            top: Some(MARGIN),
            right: Some(MARGIN),
            bottom: Some(MARGIN),
            left: Some(MARGIN),
            header: Some(709),
            footer: Some(709),
            gutter: Some(0),
        }),
        ..SectionProperty::default()
    }
}

/// A run's text, without the characters XML 1.0 forbids (a `--by` value or a label can hold
/// a control character; Word refuses a document that does).
fn text<'a>(content: impl Into<Cow<'a, str>>) -> RunContent<'a> {
    let content = content.into();
    let text = match crate::model::text::xml_text(&content) {
        Cow::Borrowed(_) => content,
        Cow::Owned(clean) => Cow::Owned(clean),
    };
    RunContent::Text(Text {
        space: Some(TextSpace::Preserve),
        text,
    })
}

fn styled<'a>(style: &'a str) -> ParagraphProperty<'a> {
    ParagraphProperty {
        style_id: Some(ParagraphStyleId {
            value: style.into(),
        }),
        ..ParagraphProperty::default()
    }
}

/// A paragraph of one run in `style`.
fn paragraph<'a>(style: &'a str, content: &str) -> Paragraph<'a> {
    Paragraph {
        property: Some(styled(style)),
        content: vec![
            Run {
                content: vec![text(content.to_string())],
                ..Run::default()
            }
            .into(),
        ],
        ..Paragraph::default()
    }
}

/// `Table 1: title`, the number a SEQ field so that Word renumbers and lists it.
fn caption<'a>(what: &'a str, n: usize, title: &str) -> Paragraph<'a> {
    let run = |content: RunContent<'a>| -> docx_rust::document::ParagraphContent<'a> {
        Run {
            content: vec![content],
            ..Run::default()
        }
        .into()
    };
    let mut property = styled("Caption");
    property.keep_next = Some(KeepNext { value: None });
    Paragraph {
        property: Some(property),
        content: vec![
            run(text(format!("{what} "))),
            run(RunContent::FieldChar(FieldChar::from(
                docx_rust::document::CharType::Begin,
            ))),
            run(RunContent::InstrText(
                format!("SEQ {what} \\* ARABIC").into(),
            )),
            run(RunContent::FieldChar(FieldChar::from(
                docx_rust::document::CharType::Separate,
            ))),
            run(text(n.to_string())),
            run(RunContent::FieldChar(FieldChar::from(
                docx_rust::document::CharType::End,
            ))),
            run(text(format!(": {title}"))),
        ],
        ..Paragraph::default()
    }
}

/// Each column's width: its widest cell (a header by its longest word, since headers wrap),
/// at about 125 twips a character plus the cell margins, the first column at most two fifths
/// of the page; scaled down to the text width when the total is wider.
fn widths(sheet: &Sheet, options: RenderOptions, text_width: isize) -> Vec<isize> {
    let columns = sheet.header.len();
    let mut chars: Vec<usize> = sheet
        .header
        .iter()
        .map(|h| {
            h.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1)
        })
        .collect();
    for row in &sheet.rows {
        for (col, cell) in row.iter().enumerate().take(columns) {
            let n = cell.text(options).trim().chars().count() + 2 * indent_level(cell);
            if let Some(c) = chars.get_mut(col) {
                *c = (*c).max(n);
            }
        }
    }
    let mut widths: Vec<isize> = chars
        .iter()
        .map(|&c| to_isize(c.max(4)) * 125 + 230)
        .collect();
    if let Some(first) = widths.first_mut() {
        *first = (*first).min(text_width * 2 / 5);
    }
    // Too wide: the labels' column gives way first (labels wrap between words; a signed
    // percentage must never wrap), down to a fifth of the page; then every column.
    let total: isize = widths.iter().sum();
    if total > text_width
        && let Some(first) = widths.first_mut()
    {
        *first = (*first - (total - text_width)).max(text_width / 5);
    }
    let total: isize = widths.iter().sum();
    if total > text_width {
        for w in &mut widths {
            *w = *w * text_width / total;
        }
    }
    widths
}

/// How far a row label is indented: two leading spaces a level.
fn indent_level(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) => (t.len() - t.trim_start().len()) / 2,
        _ => 0,
    }
}

/// A sheet as a Word table.
fn table<'a>(sheet: &Sheet, options: RenderOptions, text_width: isize) -> Table<'a> {
    let widths = widths(sheet, options, text_width);
    let mut grid = TableGrid::default();
    for w in &widths {
        grid = grid.push_column(*w);
    }
    let mut table = Table {
        property: TableProperty {
            style_id: Some(TableStyleId::from("TableGrid")),
            width: Some(TableWidth::from((
                widths.iter().sum::<isize>(),
                TableWidthUnit::Dxa,
            ))),
            ..TableProperty::default()
        },
        grids: grid,
        rows: Vec::new(),
    };
    // The header row, repeated at the top of every page the table runs onto.
    let mut header = TableRow {
        property: TableRowProperty {
            table_header: Some(TableHeader::from(OnOffOnlyType::On)),
            ..TableRowProperty::default()
        },
        cells: Vec::new(),
    };
    for (col, heading) in sheet.header.iter().enumerate() {
        let align = if col == 0 {
            JustificationVal::Left
        } else {
            JustificationVal::Right
        };
        header = header.push_cell(cell(heading, align, 0, true, widths.get(col)));
    }
    table.rows.push(header);
    for (i, row) in sheet.rows.iter().enumerate() {
        let bold = sheet.headings.contains(&i);
        // A measure's row is kept on the page of the groups under it (and each group with
        // the next), so that a page break never parts a "+/-" from its measure.
        let keep = sheet
            .rows
            .get(i + 1)
            .and_then(|next| next.first())
            .is_some_and(|label| indent_level(label) > 0);
        let mut tr = TableRow::default();
        for (col, value) in row.iter().enumerate() {
            let shown = value.text(options);
            let (align, level) = if col == 0 || !value.is_number() {
                (JustificationVal::Left, indent_level(value))
            } else {
                (JustificationVal::Right, 0)
            };
            let mut c = cell(shown.trim(), align, level, bold, widths.get(col));
            if keep {
                for content in &mut c.content {
                    if let docx_rust::document::TableCellContent::Paragraph(p) = content
                        && let Some(property) = p.property.as_mut()
                    {
                        property.keep_next = Some(KeepNext { value: None });
                    }
                }
            }
            tr = tr.push_cell(c);
        }
        table.rows.push(tr);
    }
    table
}

fn cell<'a>(
    content: &str,
    align: JustificationVal,
    level: usize,
    bold: bool,
    width: Option<&isize>,
) -> TableCell<'a> {
    let mut property = styled("TableText");
    property.justification = Some(Justification::from(align));
    if level > 0 {
        property.indent = Some(Indent {
            left: Some(284 * to_isize(level)),
            ..Indent::default()
        });
    }
    let run = Run {
        property: bold.then(|| CharacterProperty {
            bold: Some(Bold { value: None }),
            ..CharacterProperty::default()
        }),
        content: vec![text(content.to_string())],
        ..Run::default()
    };
    let mut cell = TableCell::paragraph(Paragraph {
        property: Some(property),
        content: vec![run.into()],
        ..Paragraph::default()
    });
    cell.property = TableCellProperty {
        wide: width.map(|w| TableCellWidth {
            value: Some(*w),
            unit: Some(TableWidthUnit::Dxa),
        }),
        ..TableCellProperty::default()
    };
    cell
}

/// The chart, inline, sized to the text width, with its description as alt text.
fn picture<'a>(chart: &Chart, w: u32, h: u32, text_width: isize) -> Paragraph<'a> {
    let natural = u64::from(w) * EMU_PER_PIXEL;
    let room = text_width.unsigned_abs() as u64 * EMU_PER_TWIP;
    // As wide as it is drawn, or the text; and never taller than the landscape page's text,
    // less a line for the caption (a chart of more than 8 panels is scaled down to fit).
    let tall = u64::from(h) * EMU_PER_PIXEL;
    let height_room = (A4_SHORT - 2 * MARGIN - CAPTION).unsigned_abs() as u64 * EMU_PER_TWIP;
    let cx = natural.min(room).min(natural * height_room / tall.max(1));
    let cy = tall * cx / natural.max(1);
    let title = match chart {
        Chart::Bars(b) => b.title.clone(),
        Chart::Lines(l) => l.title.clone(),
    };
    let description = crate::model::text::xml_text(&chart.description()).into_owned();
    let drawing = Drawing {
        anchor: None,
        inline: Some(Inline {
            dist_t: Some(0),
            dist_b: Some(0),
            dist_l: Some(0),
            dist_r: Some(0),
            extent: Some(Extent { cx, cy }),
            doc_property: DocPr {
                id: Some(1),
                name: Some(
                    crate::model::text::xml_text(&format!("Figure 1: {title}"))
                        .into_owned()
                        .into(),
                ),
                descr: Some(description.clone().into()),
            },
            graphic: Some(Graphic {
                a: "http://schemas.openxmlformats.org/drawingml/2006/main".into(),
                data: GraphicData {
                    uri: "http://schemas.openxmlformats.org/drawingml/2006/picture".into(),
                    children: vec![Picture {
                        a: "http://schemas.openxmlformats.org/drawingml/2006/picture".into(),
                        nv_pic_pr: NvPicPr {
                            c_nv_pr: Some(CNvPr {
                                id: Some(1),
                                name: Some("chart1.png".into()),
                                descr: Some(description.into()),
                            }),
                            c_nv_pic_pr: Some(CNvPicPr {}),
                        },
                        fill: BlipFill {
                            blip: Blip {
                                embed: CHART_REL.into(),
                                cstate: None,
                            },
                            stretch: Some(Stretch {
                                fill_rect: Some(docx_rust::document::FillRect {}),
                            }),
                        },
                        sp_pr: SpPr {
                            xfrm: Some(Xfrm {
                                offset: Some(docx_rust::document::Offset {
                                    x: Some(0),
                                    y: Some(0),
                                }),
                                ext: Some(docx_rust::document::Ext {
                                    cx: Some(to_isize(cx)),
                                    cy: Some(to_isize(cy)),
                                }),
                            }),
                            prst_geom: Some(PrstGeom {
                                prst: Some("rect".into()),
                                av_lst: Some(docx_rust::document::AvList {}),
                            }),
                        },
                    }],
                },
            }),
            ..Inline::default()
        }),
    };
    let mut property = styled("Figure");
    property.keep_next = Some(KeepNext { value: None });
    Paragraph {
        property: Some(property),
        content: vec![
            Run {
                content: vec![RunContent::Drawing(drawing)],
                ..Run::default()
            }
            .into(),
        ],
        ..Paragraph::default()
    }
}

/// The styles the document uses: Word's built-in ones by their built-in names (so Word shows
/// them as "Heading 1", "Caption", "Table Grid"), in Arial, GOV.UK's sizes.
fn styles<'a>() -> Styles<'a> {
    let run = |size: isize, bold: bool, color: Option<&'a str>| CharacterProperty {
        fonts: Some(
            docx_rust::formatting::Fonts::default()
                .ascii("Arial")
                .h_ansi("Arial"),
        ),
        bold: bold.then_some(Bold { value: None }),
        color: color.map(Color::from),
        size: Some(Size::from(size)),
        ..CharacterProperty::default()
    };
    let spacing = |before: isize, after: isize| Spacing {
        before: Some(before),
        after: Some(after),
        ..Spacing::default()
    };
    let paragraph_style = |id: &'a str, name: &'a str, size, bold, color, before, after| {
        let mut style = Style::new(StyleType::Paragraph, id)
            .name(StyleName { value: name.into() })
            .paragraph(ParagraphProperty {
                spacing: Some(spacing(before, after)),
                ..ParagraphProperty::default()
            })
            .character(run(size, bold, color));
        if id != "Normal" {
            style.base = Some(BasedOn {
                value: "Normal".into(),
            });
        }
        style
    };
    let mut styles = Styles::new();
    let mut normal = paragraph_style("Normal", "Normal", 22, false, None, 0, 120);
    normal.default = Some(true);
    styles.push(normal);
    let mut h1 = paragraph_style("Heading1", "heading 1", 36, true, None, 0, 240);
    h1.paragraph = h1.paragraph.map(|p| ParagraphProperty {
        keep_next: Some(KeepNext { value: None }),
        outline_lvl: Some(docx_rust::formatting::OutlineLvl { value: 0 }),
        ..p
    });
    styles.push(h1);
    let mut h2 = paragraph_style("Heading2", "heading 2", 28, true, None, 360, 120);
    h2.paragraph = h2.paragraph.map(|p| ParagraphProperty {
        keep_next: Some(KeepNext { value: None }),
        outline_lvl: Some(docx_rust::formatting::OutlineLvl { value: 1 }),
        ..p
    });
    styles.push(h2);
    styles.push(paragraph_style(
        "Caption", "caption", 22, true, None, 240, 120,
    ));
    styles.push(paragraph_style(
        "ListParagraph",
        "List Paragraph",
        22,
        false,
        None,
        0,
        80,
    ));
    styles.push(paragraph_style(
        "Notes",
        "Notes",
        19,
        false,
        Some("505A5F"),
        0,
        60,
    ));
    styles.push(paragraph_style(
        "TableText",
        "Table Text",
        19,
        false,
        None,
        0,
        0,
    ));
    styles.push(paragraph_style(
        "Figure", "Figure", 22, false, None, 120, 60,
    ));
    // Table Grid: a single grey rule round every cell.
    let mut grid = Style::new(StyleType::Table, "TableGrid").name(StyleName {
        value: "Table Grid".into(),
    });
    // Every border the same thin grey rule; each edge is its own type in the model.
    macro_rules! rule {
        ($edge:ident) => {
            Some(docx_rust::formatting::$edge {
                style: docx_rust::formatting::BorderStyle::Single,
                size: Some(4),
                color: Some("B1B4B6".into()),
                ..Default::default()
            })
        };
    }
    grid.table = Some(TableProperty {
        borders: Some(TableBorders {
            top: rule!(TopBorder),
            left: rule!(LeftBorder),
            bottom: rule!(BottomBorder),
            right: rule!(RightBorder),
            inside_horizon: rule!(InsideHorizonBorder),
            inside_vertical: rule!(InsideVerticalBorder),
        }),
        ..TableProperty::default()
    });
    styles.push(grid);
    styles
}
