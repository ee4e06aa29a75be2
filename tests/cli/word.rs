//! Word output read back: the document's parts, tables, styles, sections, picture and alt text
//! parsed from the .docx itself, and (where LibreOffice is installed, as in CI) the document
//! opened and converted by a real word processor.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use std::io::Read;

use common::{Workdir, repo};
use quick_xml::events::Event;

fn example() -> String {
    repo("examples/committee-2021").display().to_string()
}

/// An element of a parsed XML part: its name, attributes, children and own text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn parse(xml: &str) -> Node {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut stack = vec![Node::default()];
        let decoder = reader.decoder();
        let open = |e: &quick_xml::events::BytesStart| Node {
            name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    (
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.decode_and_unescape_value(decoder).unwrap().into_owned(),
                    )
                })
                .collect(),
            ..Node::default()
        };
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => stack.push(open(&e)),
                Event::Empty(e) => {
                    let node = open(&e);
                    stack.last_mut().unwrap().children.push(node);
                }
                Event::End(_) => {
                    let node = stack.pop().unwrap();
                    stack.last_mut().unwrap().children.push(node);
                }
                Event::Text(t) => stack
                    .last_mut()
                    .unwrap()
                    .text
                    .push_str(&t.xml10_content().unwrap()),
                Event::GeneralRef(r) => {
                    let name = String::from_utf8(r.to_vec()).unwrap();
                    let ch = match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("entity {other}"),
                    };
                    stack.last_mut().unwrap().text.push_str(ch);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        stack.pop().unwrap()
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every descendant named `name`, in document order.
    fn all<'a>(&'a self, name: &str) -> Vec<&'a Node> {
        let mut out = Vec::new();
        for child in &self.children {
            if child.name == name {
                out.push(child);
            }
            out.extend(child.all(name));
        }
        out
    }

    fn first(&self, name: &str) -> Option<&Node> {
        self.all(name).into_iter().next()
    }

    /// The text of every `w:t` below, joined.
    fn texts(&self) -> String {
        self.all("w:t").iter().map(|t| t.text.as_str()).collect()
    }
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn body(bytes: &[u8]) -> Node {
    Node::parse(&part(bytes, "word/document.xml"))
}

/// Each table as rows of cell texts.
fn tables(body: &Node) -> Vec<Vec<Vec<String>>> {
    body.all("w:tbl")
        .iter()
        .map(|t| {
            t.all("w:tr")
                .iter()
                .map(|r| r.all("w:tc").iter().map(|c| c.texts()).collect())
                .collect()
        })
        .collect()
}

/// The paragraphs of `style`, as text.
fn styled(body: &Node, style: &str) -> Vec<String> {
    body.all("w:p")
        .into_iter()
        .filter(|p| {
            p.first("w:pStyle")
                .is_some_and(|s| s.attr("w:val") == Some(style))
        })
        .map(|p| p.texts())
        .collect()
}

#[test]
fn committee_paper_as_a_word_document() {
    let dir = Workdir::new();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "paper.docx",
        "-q",
        &example(),
    ])
    .ok();
    let bytes = dir.read_bytes("paper.docx");
    let doc = body(&bytes);

    // The table, figure for figure, as a real Word table.
    let tables = tables(&doc);
    assert_eq!(tables.len(), 1);
    let expected: Vec<Vec<&str>> = vec![
        vec!["Measure", "2019", "2020", "+/-"],
        vec!["Contacts", "11,312", "11,015", "-3%"],
        vec!["Referrals", "2,958", "2,514", "-15%"],
        vec!["Assessments", "2,577", "2,321", "-10%"],
        vec!["Strategy Discussions", "1,038", "1,269", "+22%"],
        vec!["Section 47", "762", "1,010", "+33%"],
        vec!["Initial Child Protection Conferences", "410", "483", "+18%"],
        vec!["Child Protection Plan Starts", "358", "442", "+23%"],
    ];
    let got: Vec<Vec<&str>> = tables[0]
        .iter()
        .map(|r| r.iter().map(|c| c.as_str()).take(4).collect())
        .collect();
    assert_eq!(got, expected);

    let table = doc.first("w:tbl").unwrap();
    // Word's built-in Table Grid style, defined under its built-in name.
    assert_eq!(
        table.first("w:tblStyle").unwrap().attr("w:val"),
        Some("TableGrid")
    );
    let styles = Node::parse(&part(&bytes, "word/styles.xml"));
    let grid = styles
        .all("w:style")
        .into_iter()
        .find(|s| s.attr("w:styleId") == Some("TableGrid"))
        .unwrap();
    assert_eq!(grid.attr("w:type"), Some("table"));
    assert_eq!(
        grid.first("w:name").unwrap().attr("w:val"),
        Some("Table Grid")
    );
    // The header row repeats on every page; no other row does.
    let rows = table.all("w:tr");
    assert!(rows[0].first("w:tblHeader").is_some());
    assert!(rows[1..].iter().all(|r| r.first("w:tblHeader").is_none()));
    // Numbers right-aligned, labels left.
    let aligns: Vec<&str> = rows[1]
        .all("w:jc")
        .iter()
        .map(|j| j.attr("w:val").unwrap())
        .collect();
    assert_eq!(aligns[..4], ["left", "right", "right", "right"]);

    // Numbered captions, the number a SEQ field Word can renumber.
    assert_eq!(
        styled(&doc, "Caption"),
        [
            "Table 1: 2020/21 Quarters 1 & 2",
            "Figure 1: 2020/21 Quarters 1 & 2"
        ]
    );
    assert!(
        doc.all("w:instrText")
            .iter()
            .any(|i| i.text == "SEQ Table \\* ARABIC")
    );

    // The summary sentences, largest change first.
    let summary = styled(&doc, "ListParagraph");
    assert_eq!(
        summary.first().map(String::as_str),
        Some("Section 47 enquiries rose by 33%, from 762 to 1,010.")
    );
    assert!(summary.contains(
        // A significant fall is never "similar" (issue 28), however small.
        &"Contacts fell by 3%, from 11,312 to 11,015.".to_string()
    ));

    // The chart as a PNG with its text alternative.
    let picture = doc.first("wp:docPr").unwrap();
    assert_eq!(
        picture.attr("name"),
        Some("Figure 1: 2020/21 Quarters 1 & 2")
    );
    let alt = picture.attr("descr").unwrap();
    assert!(
        alt.starts_with("Bar chart. 2020 against 2019. Contacts: 2019 11312, 2020 11015 (-3%)"),
        "{alt}"
    );
    let rels = Node::parse(&part(&bytes, "word/_rels/document.xml.rels"));
    let image = rels
        .all("Relationship")
        .into_iter()
        .find(|r| r.attr("Target") == Some("media/chart1.png"))
        .unwrap();
    assert_eq!(
        doc.first("a:blip").unwrap().attr("r:embed"),
        image.attr("Id")
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut png = Vec::new();
    archive
        .by_name("word/media/chart1.png")
        .unwrap()
        .read_to_end(&mut png)
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(part(&bytes, "[Content_Types].xml").contains("Extension=\"png\""));

    // The data-quality note and the footer, with file names but no folders.
    let notes = styled(&doc, "Notes").join("\n");
    assert!(
        notes.contains("contacts.csv [contacts, \"Date of Contact\"] as Annex A List 1"),
        "{notes}"
    );
    assert!(!notes.contains("examples/"), "{notes}");
    assert!(
        notes.contains(
            "Periods: 2020 is 2020-04-01 to 2020-09-30; 2019 is 2019-04-01 to 2019-09-30."
        )
    );
    assert!(notes.contains("Produced by cscstats "));
    assert_eq!(
        styled(&doc, "Heading2"),
        ["Summary", "Data quality", "About these figures"]
    );
    // Portrait A4 for the paper; the chart on a landscape page of its own, marked so (Word
    // reads a wide page without `w:orient` as portrait), where it is placed at its own size.
    let sections: Vec<(&str, &str, Option<&str>)> = doc
        .all("w:pgSz")
        .iter()
        .map(|s| {
            (
                s.attr("w:w").unwrap(),
                s.attr("w:h").unwrap(),
                s.attr("w:orient"),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("11906", "16838", None),
            ("16838", "11906", Some("landscape")),
            ("11906", "16838", None)
        ]
    );
}

#[test]
fn word_document_bytes_repeat() {
    let dir = Workdir::new();
    let mut runs = Vec::new();
    for _ in 0..2 {
        dir.run(&[
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "--count",
            "both",
            "-o",
            "paper.docx",
            "-q",
            &example(),
        ])
        .ok();
        runs.push(dir.read_bytes("paper.docx"));
    }
    let a = &runs[0];
    assert!(a.len() > 10_000);
    assert!(*a == runs[1], "the bytes differ between runs");
    // No clock time anywhere in the package.
    assert!(!part(a, "docProps/core.xml").contains("dcterms:created"));
}

#[test]
fn sub_rows_are_indented_by_paragraph_indent() {
    let dir = Workdir::new();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--by",
        "Contact Source",
        "-o",
        "by.docx",
        "-q",
        &format!("{}/contacts.csv", example()),
    ])
    .ok();
    let doc = body(&dir.read_bytes("by.docx"));
    let table = doc.first("w:tbl").unwrap();
    let rows = table.all("w:tr");
    let label = |i: usize| rows[i].first("w:tc").unwrap();
    assert_eq!(label(1).texts(), "Contacts");
    assert!(label(1).first("w:ind").is_none());
    // A group under its measure: no leading spaces, a paragraph indent instead.
    assert_eq!(label(2).texts(), "1A: Individual - family member");
    assert_eq!(label(2).first("w:ind").unwrap().attr("w:left"), Some("284"));
}

#[test]
fn wide_monthly_table_on_a_landscape_section() {
    let dir = Workdir::new();
    dir.run(&[
        "monthly",
        "--year",
        "2020-21",
        "-o",
        "monthly.docx",
        "-q",
        &example(),
    ])
    .ok();
    let bytes = dir.read_bytes("monthly.docx");
    let doc = body(&bytes);
    let t = tables(&doc);
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0][0],
        [
            "Measure",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
            "Jan",
            "Feb",
            "Mar",
            "YTD",
            "12 months"
        ]
    );
    // Two sections: the title, summary, table and chart on landscape pages (so the first page
    // holds the table), then the notes portrait.
    let sizes: Vec<(&str, &str)> = doc
        .all("w:pgSz")
        .iter()
        .map(|s| (s.attr("w:w").unwrap(), s.attr("w:h").unwrap()))
        .collect();
    assert_eq!(sizes, [("16838", "11906"), ("11906", "16838")]);
    // The chart fits a landscape page's text with its caption (its panels spread over more
    // columns): never clipped at the foot of the page.
    let extent = doc.first("wp:extent").unwrap();
    let cy: i64 = extent.attr("cy").unwrap().parse().unwrap();
    assert!(cy <= (11906 - 2 * 1134 - 600) * 635, "{cy}");
    // The table fits between the landscape margins.
    let width: i64 = doc
        .first("w:tblW")
        .unwrap()
        .attr("w:w")
        .unwrap()
        .parse()
        .unwrap();
    assert!(width <= 16838 - 2 * 1134, "{width}");
    // The summary covers the latest month, the year to date and the rolling year.
    assert!(!styled(&doc, "ListParagraph").is_empty());
}

/// LibreOffice opens the document and converts it: the table's figures come through as text.
/// CI installs LibreOffice (`.ci/run`); elsewhere the test says it was not run.
#[test]
fn libreoffice_reads_the_document() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (libreoffice-writer-nogui)"
        );
        eprintln!("LibreOffice is not installed: not run");
        return;
    };
    let dir = Workdir::new();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "paper.docx",
        "-q",
        &example(),
    ])
    .ok();
    let profile = dir.path("lo-profile");
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path("out"))
        .arg(dir.path("paper.docx"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let text = std::fs::read_to_string(dir.path("out/paper.txt")).unwrap();
    assert!(text.contains("2020/21 Quarters 1 & 2"), "{text}");
    assert!(text.contains("Table 1: 2020/21 Quarters 1 & 2"), "{text}");
    assert!(text.contains("11,312"), "{text}");
    assert!(text.contains("+33%"), "{text}");
    assert!(text.contains("Section 47 enquiries rose by 33%, from 762 to 1,010."));
}

/// In a monthly table broken down by a column, a group's own year-before and change rows
/// sit under the group, not under the measure: indented a level deeper in the terminal and
/// in Word, and named after the group in Markdown.
#[test]
fn a_groups_rows_nest_under_the_group() {
    let dir = Workdir::new();
    let contacts = format!("{}/contacts.csv", example());
    let args = |extra: &[&str]| {
        let mut all = vec![
            "monthly",
            "--year",
            "2020-21",
            "--by",
            "Contact Source",
            "--layout",
            "wide",
            "-q",
        ];
        all.extend_from_slice(extra);
        all.push(&contacts);
        all.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let owned = args(extra);
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        dir.run(&refs).ok().to_string()
    };
    let text = run(&[]);
    let lines: Vec<&str> = text.lines().skip(5).take(3).collect();
    assert!(
        lines[0].starts_with("  1A: Individual - family member "),
        "{text}"
    );
    assert!(lines[1].starts_with("    2019/20 "), "{text}");
    assert!(lines[2].starts_with("    +/- "), "{text}");
    let markdown = run(&["-f", "markdown"]);
    assert!(
        markdown.contains("| Contacts: 1A: Individual - family member: 2019/20 |"),
        "{markdown}"
    );
    assert!(markdown.contains("| Contacts: 1A: Individual - family member: change  |"));
    dir.run(
        &args(&["-o", "by.docx"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .ok();
    let doc = body(&dir.read_bytes("by.docx"));
    let rows = doc.first("w:tbl").unwrap().all("w:tr");
    let label = |i: usize| rows[i].first("w:tc").unwrap();
    assert_eq!(label(4).texts(), "1A: Individual - family member");
    assert_eq!(label(4).first("w:ind").unwrap().attr("w:left"), Some("284"));
    assert_eq!(label(5).texts(), "2019/20");
    assert_eq!(label(5).first("w:ind").unwrap().attr("w:left"), Some("568"));
}

/// A value that holds a character XML forbids (a control character in a `--by` column)
/// reaches the document without it, so that Word opens the file.
#[test]
fn characters_xml_forbids_are_left_out() {
    let dir = Workdir::new();
    let mut csv = String::from("Child ID,Date of Contact,Contact Source\n");
    for i in 0..40 {
        csv.push_str(&format!("C{i},0{}/05/2020,Police\x0bteam\n", i % 9 + 1));
    }
    dir.write("contacts.csv", &csv);
    dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--by",
        "Contact Source",
        "-o",
        "odd.docx",
        "-q",
        "contacts.csv",
    ])
    .ok();
    let bytes = dir.read_bytes("odd.docx");
    let xml = part(&bytes, "word/document.xml");
    assert!(!xml.contains('\u{b}'));
    let doc = Node::parse(&xml);
    let labels: Vec<String> = doc
        .first("w:tbl")
        .unwrap()
        .all("w:tr")
        .iter()
        .map(|r| r.first("w:tc").unwrap().texts())
        .collect();
    assert_eq!(
        labels,
        ["Measure / Contact Source", "Contacts †", "Policeteam"]
    );
}

/// A paper that prints (issue 29): British English for every run and in the core properties
/// (found where Word and python-docx look), rows that never split across pages, a measure's
/// row kept with its groups, the technical "About these figures" last on a page of its own
/// (or left out with --no-appendix), the contact under its heading, and what drove each
/// change in a table of its own.
#[test]
fn a_paper_that_prints_with_its_drivers() {
    let dir = Workdir::new();
    let referrals = format!("referrals={}/referrals.csv", example());
    let paper = |extra: &[&str]| {
        let mut args = vec![
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "-q",
            "--by",
            "Referral Source",
            "--contact",
            "Performance Team, performance@example.gov.uk",
            "-o",
            "paper.docx",
            &referrals,
        ];
        args.extend(extra);
        dir.run(&args).ok();
        dir.read_bytes("paper.docx")
    };
    let bytes = paper(&[]);
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(
            "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/>"
        ),
        "{styles}"
    );
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>2020/21 Quarters 1 &amp; 2</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
    let rels = part(&bytes, "_rels/.rels");
    assert!(
        rels.contains("Target=\"docProps/core.xml\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\""),
        "{rels}"
    );
    let doc = body(&bytes);
    // Every row of every table: never split across pages.
    let rows = doc.all("w:tr");
    assert!(rows.len() > 10);
    assert!(rows.iter().all(|r| r.first("w:cantSplit").is_some()));
    // The measure's row is kept with the first of its groups below it.
    let first = tables(&doc)[0][1].clone();
    assert_eq!(first[0], "Referrals");
    assert!(
        rows[1]
            .all("w:p")
            .iter()
            .all(|p| p.first("w:keepNext").is_some())
    );
    // What drove the change: Table 2.
    let drivers = &tables(&doc)[1];
    assert_eq!(
        drivers[..3],
        [
            vec!["Measure / Referral Source", "Change", "Share of change"],
            vec!["Referrals", "-444", "100.0%"],
            vec!["8: Other", "-93", "20.9%"],
        ]
    );
    // The summary says so in words.
    let summary = styled(&doc, "ListParagraph");
    assert!(
        summary[0]
            == "Referrals fell by 15%, from 2,958 to 2,514; about half of the fall was in Referral Source \u{201c}8: Other\u{201d} (\u{2212}93), \u{201c}3A: Health services - GP\u{201d} (\u{2212}79) and \u{201c}2A: Schools\u{201d} (\u{2212}55).",
        "{summary:?}"
    );
    let headings = styled(&doc, "Heading2");
    assert_eq!(
        headings,
        ["Summary", "Data quality", "Contact", "About these figures"]
    );
    let about = doc
        .all("w:p")
        .into_iter()
        .find(|p| p.texts() == "About these figures")
        .unwrap();
    assert!(about.first("w:pageBreakBefore").is_some());
    // --no-appendix: the paper ends with its contact.
    let doc = body(&paper(&["--no-appendix"]));
    assert_eq!(
        styled(&doc, "Heading2"),
        ["Summary", "Data quality", "Contact"]
    );
    assert!(!doc.texts().contains("Produced by cscstats"));
}
