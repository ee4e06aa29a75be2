//! Committee-ready outputs: Excel, HTML (rendered in real Chromium), charts, small-number
//! suppression and rounding, the authority's own wording.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
use common::{Workdir, repo};

fn example() -> String {
    repo("examples/committee-2021").display().to_string()
}

/// Every cell of every sheet, as text.
fn workbook_cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// A file of the zip archive `bytes` (an .xlsx), as text.
fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn excel_workbook_of_the_committee_table() {
    let dir = Workdir::new();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "committee.xlsx",
        "-q",
        &example(),
    ])
    .ok();
    let bytes = std::fs::read(dir.path("committee.xlsx")).unwrap();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Cover",
            "Contents",
            "Notes",
            "Table 1",
            "Data",
            "Data quality",
            "About"
        ]
    );
    // The data-quality sheet names files without folders and words its rejected lines.
    let quality = book.worksheet_range("Data quality").unwrap();
    let q = |r: u32, c: u32| {
        quality
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(q(3, 0), "contacts.csv");
    assert_eq!(q(3, 8), "2");
    assert_eq!(q(3, 9), "lines 5002, 40002");
    // The About sheet: where the figures came from, file names without their folders.
    let about = book.worksheet_range("About").unwrap();
    let text = |r: u32, c: u32| {
        about
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(text(0, 0), "About these figures");
    assert_eq!(text(2, 0), "Made by");
    assert_eq!(text(5, 1), "none");
    assert_eq!(text(7, 0), "Input");
    assert_eq!(text(8, 0), "contacts.csv");
    assert_eq!(text(8, 1), "4523981");
    let table = book.worksheet_range("Table 1").unwrap();
    let cell = |r: u32, c: u32| table.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    // The title in A1 with its notes' markers; A2 says what the sheet holds.
    assert_eq!(
        cell(0, 0),
        Data::String("2020/21 Quarters 1 & 2 [note 1] [note 2]".into())
    );
    assert_eq!(
        cell(1, 0),
        Data::String(
            "This worksheet contains one table. Its notes are on the Notes worksheet.".into()
        )
    );
    let header: Vec<Data> = (0..4).map(|c| cell(2, c)).collect();
    assert_eq!(
        header,
        ["Measure", "2019", "2020", "+/-"].map(|h| Data::String(h.into()))
    );
    // Counts are numbers; the change is a real fraction, shown as a percentage.
    assert_eq!(
        (cell(3, 0), cell(3, 1), cell(3, 2)),
        (
            Data::String("Contacts".into()),
            Data::Float(11312.0),
            Data::Float(11015.0)
        )
    );
    assert_eq!(cell(9, 2), Data::Float(442.0));
    match cell(7, 3) {
        Data::Float(f) => assert!((f - 248.0 / 762.0).abs() < 1e-12, "{f}"),
        other => panic!("{other:?}"),
    }
    // An Excel Table over the figures (header row to the last measure) and one over the
    // tidy Data sheet.
    let table1 = zip_entry(&bytes, "xl/tables/table1.xml");
    assert!(table1.contains("ref=\"A3:E10\""), "{table1}");
    assert!(
        table1.contains(
            "<tableColumn id=\"1\" name=\"Measure\"/><tableColumn id=\"2\" name=\"2019\"/>"
        ),
        "{table1}"
    );
    let data = zip_entry(&bytes, "xl/tables/table2.xml");
    assert!(data.contains("name=\"Data\""), "{data}");
    assert!(
        data.contains("<tableColumn id=\"7\" name=\"value\"/>"),
        "{data}"
    );
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"#,##0\""), "{styles}");
    // The Analysis Function's front matter: a cover, contents that link every sheet, notes
    // the titles refer to; no filter buttons; the title, subject and language in the file.
    assert!(!table1.contains("<autoFilter"), "{table1}");
    let cover = book.worksheet_range("Cover").unwrap();
    let words: Vec<String> = cover.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert_eq!(
        words[..6],
        [
            "2020/21 Quarters 1 & 2",
            "What these figures are",
            "Children's social care activity: 2020 against 2019",
            "Period",
            "2020 is 2020-04-01 to 2020-09-30; 2019 is 2019-04-01 to 2019-09-30. Financial years run from 1 April to 31 March; quarter 1 is April to June.",
            "Source",
        ]
    );
    let contents = zip_entry(&bytes, "xl/worksheets/sheet2.xml");
    for (row, sheet) in [(4, "Notes"), (5, "Table 1"), (6, "Data"), (8, "About")] {
        assert!(
            contents.contains(&format!(
                "<hyperlink ref=\"A{row}\" location=\"'{sheet}'!A1\""
            )),
            "{contents}"
        );
    }
    let notes = book.worksheet_range("Notes").unwrap();
    let note = |r: u32, c: u32| {
        notes
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        (note(2, 0), note(2, 1)),
        ("Note number".into(), "Note text".into())
    );
    assert_eq!(note(3, 0), "note 1");
    assert!(note(3, 1).starts_with("Intervals at 95%"), "{}", note(3, 1));
    assert_eq!(note(4, 0), "note 2");
    let core = zip_entry(&bytes, "docProps/core.xml");
    for part in [
        "<dc:title>2020/21 Quarters 1 &amp; 2</dc:title>",
        "<dc:subject>Children's social care activity: 2020 against 2019</dc:subject>",
        "<dc:language>en-GB</dc:language>",
    ] {
        assert!(core.contains(part), "{core}");
    }
    assert!(styles.contains("formatCode=\"+0%;-0%;0%\""), "{styles}");
    // No frozen panes (the guidance leaves them to the reader); the header row repeats on
    // every printed page instead.
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet4.xml");
    assert!(!sheet.contains("<pane "), "{sheet}");
    assert!(
        zip_entry(&bytes, "xl/workbook.xml")
            .contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"3\">'Table 1'!$3:$3</definedName>"),
        "header row not repeated"
    );
    let quality = book.worksheet_range("Data quality").unwrap();
    assert_eq!(
        quality.get_value((3, 2)),
        Some(&Data::String("contacts".into()))
    );
    assert_eq!(quality.get_value((3, 4)), Some(&Data::Float(67574.0)));
}

#[test]
fn charts_are_labelled_svg() {
    let dir = Workdir::new();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--chart",
        "bars.svg",
        "-q",
        &example(),
    ])
    .ok();
    let svg = dir.read("bars.svg");
    // The key sits above the plot at its left, under the subtitle (it was a box inside the
    // plot, at its top right, where it could cover a bar).
    assert!(
        svg.contains("<text x=\"130\" y=\"91\" dy=\"0.76em\" text-anchor=\"start\" font-family=\"sans-serif\" font-size=\"12.096774193548388\" opacity=\"1\" fill=\"#1D1D1B\">\n2019\n</text>"),
        "{svg}"
    );
    // A standalone SVG is one image with a title and a description of its figures.
    assert!(
        svg.starts_with(
            "<svg role=\"img\" aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\" width=\"960\" height=\"570\""
        ),
        "{}",
        &svg[..100]
    );
    assert!(svg.contains("<title id=\"chart-title\">2020/21 Quarters 1 &amp; 2</title>"));
    assert!(
        svg.contains("<desc id=\"chart-desc\">Bar chart. 2020 against 2019. Contacts: 2019 11312")
    );
    for label in [
        "2020/21 Quarters 1 &amp; 2",
        "2020 against 2019",
        "Contacts",
        "ICPCs",
        "CP Plan Starts",
        "Count",
        "Measure",
        "-3%",
        "+33%",
    ] {
        assert!(
            svg.contains(&format!(">\n{label}\n</text>")),
            "no label {label}"
        );
    }
    // Seven pairs of bars and a legend swatch for each period.
    assert_eq!(
        svg.matches("fill=\"#BEBEBE\" stroke=\"none\"/>").count(),
        7 + 1
    );
    assert_eq!(
        svg.matches("fill=\"#1D1D1B\" stroke=\"none\"/>").count(),
        7 + 1
    );
    dir.run(&[
        "monthly",
        "--year",
        "2020-21",
        "--chart",
        "lines.svg",
        "--chart",
        "lines.png",
        "-q",
        &example(),
    ])
    .ok();
    let lines = dir.read("lines.svg");
    for panel in [
        "Contacts",
        "Referrals",
        "ICPCs",
        "CP Plan Starts",
        "2019/20",
        "2020/21",
        "Apr",
        "Mar",
    ] {
        assert!(
            lines.contains(&format!(">\n{panel}\n</text>")),
            "no label {panel}"
        );
    }
    let png = std::fs::read(dir.path("lines.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let run = dir.run(&["compare", "-p", "2020", "--chart", "chart.gif", &example()]);
    assert_eq!(
        run.fails(2),
        "Error: --chart chart.gif: give a .svg or .png file"
    );
}

/// Events for the suppression tests: contacts are large (1,200 → 1,300); ICPCs are "small"
/// under --suppress 999 and distinctive (777 → 555), so a leak would be unmistakable.
fn suppression_fixture(dir: &Workdir) {
    let mut contacts = String::from("Child Unique ID,Date of Contact\n");
    for i in 0..1200 {
        contacts.push_str(&format!("A{i},{:02}/05/2019\n", i % 28 + 1));
    }
    for i in 0..1300 {
        contacts.push_str(&format!("B{i},{:02}/06/2020\n", i % 28 + 1));
    }
    dir.write("contacts.csv", contacts);
    let mut icpcs = String::from("Child Unique ID,ICPC Date\n");
    for i in 0..777 {
        icpcs.push_str(&format!("C{i},{:02}/07/2019\n", i % 28 + 1));
    }
    for i in 0..555 {
        icpcs.push_str(&format!("D{i},{:02}/08/2020\n", i % 28 + 1));
    }
    dir.write("icpcs.csv", icpcs);
}

#[test]
fn suppressed_values_never_appear_in_any_format() {
    let dir = Workdir::new();
    suppression_fixture(&dir);
    let base = [
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--suppress",
        "999",
        "contacts.csv",
        "icpcs.csv",
    ];
    // What a leak would look like: the counts, their change and the percentage.
    let secrets = ["777", "555", "222", "28.57", "28.6", "-29%"];
    let mut outputs: Vec<(String, String)> = Vec::new();
    for format in ["table", "csv", "markdown", "json", "html"] {
        let mut args = base.to_vec();
        args.extend(["-f", format]);
        let run = dir.run(&args);
        outputs.push((format!("{format} stdout"), run.csv().to_string()));
        outputs.push((format!("{format} stderr"), run.stderr.clone()));
    }
    let mut args = base.to_vec();
    args.extend(["-o", "paper.xlsx", "--chart", "paper.svg", "-q"]);
    dir.run(&args).csv();
    let xlsx = std::fs::read(dir.path("paper.xlsx")).unwrap();
    for (sheet, rows) in workbook_cells(&xlsx) {
        outputs.push((
            format!("xlsx {sheet}"),
            rows.iter()
                .map(|r| r.join("|"))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    outputs.push((
        "xlsx sheet xml".into(),
        zip_entry(&xlsx, "xl/worksheets/sheet1.xml"),
    ));
    outputs.push((
        "xlsx strings".into(),
        zip_entry(&xlsx, "xl/sharedStrings.xml"),
    ));
    outputs.push(("svg".into(), dir.read("paper.svg")));
    for (name, text) in &outputs {
        for secret in secrets {
            assert!(!text.contains(secret), "{name} shows {secret}:\n{text}");
        }
    }
    // The visible figures are there, and the hidden cells are marked.
    let csv = &outputs.iter().find(|(n, _)| n == "csv stdout").unwrap().1;
    assert_eq!(
        csv,
        "measure,label,baseline,current,change,change_pct\n\
         contacts,Contacts,1200,1300,100,8.3333\n\
         icpcs,Initial Child Protection Conferences,,,,\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&outputs.iter().find(|(n, _)| n == "json stdout").unwrap().1).unwrap();
    let icpcs = &json["rows"][1];
    assert_eq!(
        (
            &icpcs["baseline"],
            &icpcs["current"],
            &icpcs["change"],
            &icpcs["change_pct"],
            &icpcs["suppressed"]
        ),
        (
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::json!(true)
        )
    );
    assert!(json["rows"][0].get("suppressed").is_none());
    assert_eq!(
        json["footer"][0],
        "Counts from 1 to 999 are shown as c, as are changes that would reveal them, to protect children's identities; 0 is a true zero."
    );
}

#[test]
fn secondary_suppression_protects_group_totals() {
    let dir = Workdir::new();
    // Team A 3, team B 10, team C 20 (total 33) in 2020; nothing in 2019.
    let mut rows = String::from("Child Unique ID,Date of Contact,Team\n");
    for (team, n) in [("A", 3), ("B", 10), ("C", 20)] {
        for i in 0..n {
            rows.push_str(&format!("{team}{i},01/05/2020,{team}\n"));
        }
    }
    dir.write("contacts.csv", rows);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--by",
        "Team",
        "--suppress",
        "5",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    // A (3) is hidden; the total (33) would give it away from B and C, so B (the next
    // smallest) is hidden too. 2019 has no data at all: [x], not a count to withhold.
    assert_eq!(
        run.csv(),
        "measure,label,group,baseline,current,change,change_pct\n\
         contacts,Contacts,,,33,,\n\
         contacts,Contacts,A,,,,\n\
         contacts,Contacts,B,,,,\n\
         contacts,Contacts,C,,20,,\n"
    );
}

#[test]
fn monthly_suppression_withholds_running_totals() {
    let dir = Workdir::new();
    // 12 a month, except 3 in June 2020.
    let mut rows = String::from("Child Unique ID,Date of referral\n");
    for month in ["04/2019", "05/2019", "06/2019", "04/2020", "05/2020"] {
        for i in 0..12 {
            rows.push_str(&format!("X{i},{:02}/{month}\n", i + 1));
        }
    }
    for i in 0..3 {
        rows.push_str(&format!("Y{i},{:02}/06/2020\n", i + 1));
    }
    dir.write("referrals.csv", rows);
    let run = dir.run(&[
        "monthly",
        "--months",
        "2020-04..2020-06",
        "--suppress",
        "5",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    // June's 3 is hidden, and with it the running totals that would give it away (April to
    // June's YTD would be 27: less May's 24, June); April's and May's, sums of months shown,
    // are shown, as are the year earlier's (issue 28: no over-suppression).
    assert_eq!(
        run.csv(),
        "measure,label,month,count,previous_year_count,change,change_pct,ytd,ytd_previous_year,rolling_12,rolling_12_previous_year\n\
         referrals,Referrals,2020-04,12,12,0,0,12,12,36,12\n\
         referrals,Referrals,2020-05,12,12,0,0,24,24,36,24\n\
         referrals,Referrals,2020-06,,12,,,,36,,36\n"
    );
}

#[test]
fn rounding_wording_and_separators() {
    let dir = Workdir::new();
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--round",
        "10",
        "--thousands",
        "--label",
        "icpcs=ICPCs",
        "--title",
        "Front door and child protection: April to September",
        "-q",
        &example(),
    ]);
    let table = run.csv();
    assert!(
        table.starts_with("Front door and child protection: April to September\n"),
        "{table}"
    );
    assert!(
        table.contains("Contacts                      11,310  11,020   -3%"),
        "{table}"
    );
    assert!(
        table.contains("ICPCs                            410     480  +17%"),
        "{table}"
    );
    assert!(table.ends_with("Counts are rounded to the nearest 10 (so 0 may stand for a small count); changes and percentages are worked out from the rounded counts.\n"));
    // CSV keeps plain numbers (rounded), and the change from the rounded counts: nothing
    // unrounded is written (−297 and −2.6255% would pin the counts).
    let csv = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "--round",
        "10",
        "--thousands",
        "-f",
        "csv",
        "-q",
        &example(),
    ]);
    assert_eq!(
        csv.csv().lines().nth(1),
        Some("contacts,Contacts,11310,11020,-290,-2.5641")
    );
}

/// Headless Chromium, as installed by .ci/run (Debian's package). Without it the test is
/// skipped locally, but fails in CI, where it must run.
fn chromium() -> Option<std::path::PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Chromium for the HTML test (see .ci/run)"
        );
        eprintln!("skipping: no Chromium here (apt-get install chromium)");
    }
    found
}

#[test]
fn html_renders_in_chromium() {
    let dir = Workdir::new();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-o",
        "paper.html",
        "-q",
        &example(),
    ])
    .ok();
    let html = dir.read("paper.html");
    assert!(
        html.contains(
            "<caption id=\"table-1-caption\">Table 1: 2020/21 Quarters 1 &amp; 2</caption>"
        )
    );
    assert!(!html.contains("<script"));
    let Some(chromium) = chromium() else { return };
    let url = format!("file://{}", dir.path("paper.html").display());
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let profile = format!("--user-data-dir={}", dir.path("profile").display());
    let dom = std::process::Command::new(&chromium)
        .args(flags)
        .arg(&profile)
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    // The browser built the table and the chart from the page.
    for figure in [
        "<th scope=\"row\">Contacts</th><td>11,312</td><td>11,015</td><td>-3%</td>",
        "<th scope=\"row\">Initial Child Protection Conferences</th><td>410</td><td>483</td><td>+18%</td>",
        "<desc id=\"chart-desc\">Bar chart. 2020 against 2019.",
    ] {
        assert!(
            dom.contains(figure),
            "Chromium's DOM lacks {figure}:\n{dom}"
        );
    }
    let shot = dir.path("paper.png");
    let out = std::process::Command::new(&chromium)
        .args(flags)
        .arg(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .args(["--window-size=1000,1400", &url])
        .output()
        .unwrap();
    let png = std::fs::read(&shot).unwrap_or_default();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // At 320 CSS pixels (WCAG 1.4.10) the page renders too; the table and the chart scroll in
    // their own regions.
    let narrow = dir.path("narrow.png");
    std::process::Command::new(&chromium)
        .args(flags)
        .arg(&profile)
        .arg(format!("--screenshot={}", narrow.display()))
        .args(["--window-size=320,1400", &url])
        .output()
        .unwrap();
    let png = std::fs::read(&narrow).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG"), "no narrow screenshot");
    assert!(html.contains(".table-wrap, .chart-wrap { overflow-x: auto; }"));
}

/// axe-core, as `.ci/run` installs it (`npm ci` in `.ci/axe`). Skipped locally without it,
/// required in CI.
fn axe_core() -> Option<String> {
    let path = repo(".ci/axe/node_modules/axe-core/axe.min.js");
    let found = std::fs::read_to_string(&path).ok();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install axe-core (npm ci in .ci/axe; see .ci/run)"
        );
        eprintln!("skipping: no axe-core here (cd .ci/axe && npm ci)");
    }
    found
}

/// axe-core's violations on `html` in headless Chromium at `width` CSS pixels: rule ids with
/// the elements they name; and `page-scrolls-sideways` when the page is wider than the window
/// (WCAG 1.4.10: a wide table or chart scrolls in its own region, never the page).
fn axe_violations(chromium: &std::path::Path, axe: &str, html: &str, width: u32) -> String {
    let dir = Workdir::new();
    let runner = format!(
        "<script>{axe}</script><script>\n\
         axe.run(document, {{ resultTypes: ['violations'] }}).then(function (r) {{\n\
           var pre = document.createElement('pre'); pre.id = 'axe-result';\n\
           var found = r.violations.map(function (v) {{\n\
             return v.id + ' ' + v.nodes.map(function (n) {{ return n.target.join(' '); }}).join(', ');\n\
           }});\n\
           var page = document.documentElement;\n\
           if (page.scrollWidth > page.clientWidth) {{\n\
             found.push('page-scrolls-sideways ' + page.scrollWidth + ' > ' + page.clientWidth);\n\
           }}\n\
           pre.textContent = JSON.stringify(found);\n\
           document.body.appendChild(pre);\n\
         }});\n</script>"
    );
    dir.write(
        "page.html",
        html.replace("</body>", &format!("{runner}</body>")),
    );
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--virtual-time-budget=30000",
        ])
        .arg(format!("--user-data-dir={}", dir.path("profile").display()))
        .arg(format!("--window-size={width},1400"))
        .arg("--dump-dom")
        .arg(format!("file://{}", dir.path("page.html").display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"axe-result\">").unwrap_or_else(|| {
        panic!(
            "axe did not report: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let rest = &dom[start + "<pre id=\"axe-result\">".len()..];
    rest[..rest.find("</pre>").unwrap()].to_string()
}

/// Every HTML page (comparison, monthly table, benchmark) passes axe-core with no violations,
/// at 1280 and at 320 CSS pixels (WCAG 1.4.10 reflow). A page with a known fault fails, so
/// the check can fail.
#[test]
fn html_passes_axe_at_1280_and_320_pixels() {
    let Some(chromium) = chromium() else { return };
    let Some(axe) = axe_core() else { return };
    let dir = Workdir::new();
    let dfe = repo("testdata/dfe").display().to_string();
    let runs: [&[&str]; 4] = [
        &[
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "-o",
            "compare.html",
            "-q",
            &example(),
        ],
        // With --spc, so that its marks' words (hidden from the eye) are in the page too.
        &[
            "monthly",
            "--year",
            "2020-21",
            "--spc",
            "-o",
            "monthly.html",
            "-q",
            &example(),
        ],
        &[
            "benchmark",
            "--la",
            "Leicestershire",
            "--year",
            "2021",
            "-o",
            "benchmark.html",
            "-q",
            &dfe,
        ],
        &[
            "benchmark",
            "--la",
            "Leicestershire",
            "--years",
            "2016..2025",
            "-o",
            "trend.html",
            "-q",
            &dfe,
        ],
    ];
    for args in runs {
        dir.run(args).ok();
    }
    for page in [
        "compare.html",
        "monthly.html",
        "benchmark.html",
        "trend.html",
    ] {
        let html = dir.read(page);
        for width in [1280, 320] {
            assert_eq!(
                axe_violations(&chromium, &axe, &html, width),
                "[]",
                "{page} at {width} px"
            );
        }
    }
    let faulty = dir
        .read("compare.html")
        .replace("<main>", "<main><img src=\"x.png\">");
    let found = axe_violations(&chromium, &axe, &faulty, 1280);
    assert!(found.contains("image-alt"), "{found}");
    // A word no line can break, as a file name in a footer once was, makes the page scroll.
    let faulty = dir
        .read("trend.html")
        .replace(
            "footer, .notes, .quality, .summary, figcaption { overflow-wrap: anywhere; }",
            "",
        )
        .replace("<footer>", &format!("<footer><p>{}</p>", "x".repeat(120)));
    let found = axe_violations(&chromium, &axe, &faulty, 320);
    assert!(found.contains("page-scrolls-sideways"), "{found}");
}

#[test]
fn the_summary_names_no_withheld_figure_and_follows_the_band() {
    let dir = Workdir::new();
    // 13 contacts in 2019/20 and 12 in 2020/21; referrals too few to show.
    let mut csv = String::from("Child ID,Date of Contact\n");
    // One contact a month from April 2019 to March 2021, and a 13th in April 2019; the last
    // on 31 March 2021, so that the inputs cover 2020/21 to its last day.
    for i in 0..25 {
        let (year, month) = (2019 + (3 + i % 24) / 12, (3 + i % 24) % 12 + 1);
        let day = if (year, month) == (2021, 3) { 31 } else { 15 };
        csv.push_str(&format!("C{i},{day}/{month:02}/{year}\n"));
    }
    dir.write("contacts.csv", &csv);
    dir.write(
        "referrals.csv",
        "Child ID,Referral Date\nA,01/04/2019\nB,01/05/2019\nC,01/03/2020\nD,01/04/2020\nE,01/05/2020\nF,01/06/2020\nG,31/03/2021\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--summary",
        "--suppress",
        "5",
        "-q",
        "contacts.csv",
        "referrals.csv",
    ]);
    let text = run.ok();
    assert!(
        text.ends_with(
            "Summary\n  Contacts fell by 7% per day, from 13 in 366 days to 12 in 365 days, a change that chance alone could explain.\n  \
             Referrals are not described: a figure is withheld to protect children's identities.\n"
        ),
        "{text}"
    );
    // A wider band: similar.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--summary",
        "--similar-within",
        "10",
        "-q",
        "-f",
        "json",
        "contacts.csv",
    ]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        value["summary"][0],
        "Contacts were similar to 2019/20 (down 7% per day, from 13 in 366 days to 12 in 365 days)."
    );
    // HTML has the summary without being asked.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-q",
        "-f",
        "html",
        "contacts.csv",
    ]);
    assert!(
        run.ok()
            .contains("<h2>Summary</h2>\n<ul>\n<li>Contacts fell by 7% per day, from 13 in 366 days to 12 in 365 days, a change that chance alone could explain.</li>"),
        "{}",
        run.stdout
    );
}

#[test]
fn workbooks_are_repeatable_and_print_one_page_wide() {
    let dir = Workdir::new();
    let example = common::repo("examples/committee-2021")
        .display()
        .to_string();
    let make = || {
        dir.run(&[
            "monthly", "--year", "2020-21", "-q", "-o", "m.xlsx", &example,
        ])
        .ok();
        dir.read_bytes("m.xlsx")
    };
    let (a, b) = (make(), make());
    assert_eq!(a, b, "the same run writes the same bytes");
    let part = |bytes: &[u8], name: &str| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    assert!(part(&a, "docProps/core.xml").contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>"
    ));
    // The wide monthly sheet (after the cover, contents and notes) prints landscape on A4, one
    // page wide, its header on every page; every sheet has its print setup.
    for n in 1..=6 {
        let sheet = part(&a, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>")
                && sheet.contains("<pageSetup paperSize=\"9\""),
            "sheet {n}: {sheet}"
        );
        // No frozen panes and no filter buttons anywhere, as the guidance asks.
        assert!(!sheet.contains("<pane "), "sheet {n}: {sheet}");
    }
    let sheet = part(&a, "xl/worksheets/sheet4.xml");
    assert!(
        sheet.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
        "{sheet}"
    );
    assert!(part(&a, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
    // SOURCE_DATE_EPOCH gives the document's time: 1 June 2021 here.
    dir.run_with_env(
        &[
            "monthly", "--year", "2020-21", "-q", "-o", "m.xlsx", &example,
        ],
        "SOURCE_DATE_EPOCH",
        "1622505600",
    )
    .ok();
    assert!(
        part(&dir.read_bytes("m.xlsx"), "docProps/core.xml")
            .contains(">2021-06-01T00:00:00Z</dcterms:created>")
    );
}

#[test]
fn tidy_csv_has_fixed_columns_and_numbers_stay_numbers() {
    let dir = Workdir::new();
    let example = common::repo("examples/committee-2021")
        .display()
        .to_string();
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-q",
        "-f",
        "csv",
        "--csv-layout",
        "tidy",
        &example,
    ]);
    let text = run.ok();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "measure,label,group,unit,period_start,period_end,value,status,period_label,span,\
             compared_with,change,change_pct,change_pct_low,change_pct_high,significant,\
             spc_centre,spc_lower,spc_upper,spc_signal",
            "contacts,Contacts,,events,2019-04-01,2019-09-30,11312,,2019,baseline,,,,,,,,,,",
            "contacts,Contacts,,events,2020-04-01,2020-09-30,11015,,2020,period,11312,-297,\
             -2.6255,-5.1557,-0.0281,true,,,,",
        ]
    );
    assert_eq!(lines.len(), 1 + 7 * 2);
    // Withheld: the value empty, `c` in status; every other value a number.
    dir.write(
        "contacts.csv",
        "Child ID,Date of Contact\nA,01/04/2019\nB,01/03/2020\nC,01/04/2020\nD,01/03/2021\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-q",
        "-f",
        "csv",
        "--csv-layout",
        "tidy",
        "--suppress",
        "5",
        "--bom",
        "contacts.csv",
    ]);
    assert_eq!(
        run.stdout,
        "\u{feff}measure,label,group,unit,period_start,period_end,value,status,period_label,span,\
         compared_with,change,change_pct,change_pct_low,change_pct_high,significant,spc_centre,\
         spc_lower,spc_upper,spc_signal\n\
         contacts,Contacts,,events,2019-04-01,2020-03-31,,c,2019/20,baseline,,,,,,,,,,\n\
         contacts,Contacts,,events,2020-04-01,2021-03-31,,c,2020/21,period,,,,,,,,,,\n"
    );
    // Monthly: each month and the same month a year earlier, then the year to date and the
    // rolling year to the month, each with the same span a year earlier; the later row of
    // each pair carries the change. The rolling year to April 2019 starts before the data.
    let run = dir.run(&[
        "monthly",
        "--months",
        "2020-04..2020-05",
        "-q",
        "-f",
        "csv",
        "--csv-layout",
        "tidy",
        "contacts.csv",
    ]);
    assert_eq!(
        run.ok(),
        "measure,label,group,unit,period_start,period_end,value,status,period_label,span,\
         compared_with,change,change_pct,change_pct_low,change_pct_high,significant,spc_centre,\
         spc_lower,spc_upper,spc_signal\n\
         contacts,Contacts,,events,2019-04-01,2019-04-30,1,,Apr 2019,month,,,,,,,,,,\n\
         contacts,Contacts,,events,2020-04-01,2020-04-30,1,,Apr 2020,month,1,0,0.0000,,,,,,,\n\
         contacts,Contacts,,events,2019-04-01,2019-04-30,1,,Apr 2019,year_to_date,,,,,,,,,,\n\
         contacts,Contacts,,events,2020-04-01,2020-04-30,1,,Apr 2020,year_to_date,1,0,0.0000,,,,,,,\n\
         contacts,Contacts,,events,2018-05-01,2019-04-30,1,partial,May 2018 to Apr 2019,rolling_12,,,,,,,,,,\n\
         contacts,Contacts,,events,2019-05-01,2020-04-30,2,,May 2019 to Apr 2020,rolling_12,1,1,100.0000,,,,,,,\n\
         contacts,Contacts,,events,2019-05-01,2019-05-31,0,,May 2019,month,,,,,,,,,,\n\
         contacts,Contacts,,events,2020-05-01,2020-05-31,0,,May 2020,month,0,0,,,,,,,,\n\
         contacts,Contacts,,events,2019-04-01,2019-05-31,1,,Apr 2019 to May 2019,year_to_date,,,,,,,,,,\n\
         contacts,Contacts,,events,2020-04-01,2020-05-31,1,,Apr 2020 to May 2020,year_to_date,1,0,0.0000,,,,,,,\n\
         contacts,Contacts,,events,2018-06-01,2019-05-31,1,partial,Jun 2018 to May 2019,rolling_12,,,,,,,,,,\n\
         contacts,Contacts,,events,2019-06-01,2020-05-31,2,,Jun 2019 to May 2020,rolling_12,1,1,100.0000,,,,,,,\n"
    );
}

#[test]
fn provenance_beside_a_csv_names_inputs_and_their_hashes() {
    let dir = Workdir::new();
    dir.write(
        "exports/contacts.csv",
        "Child ID,Date of Contact\nA,01/04/2019\nB,01/03/2020\nC,01/04/2020\nD,01/03/2021\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-q",
        "-o",
        "t.csv",
        "--provenance",
        "t.json",
        "--hash-inputs",
        "--suppress",
        "5",
        "exports",
    ]);
    run.ok();
    let record: serde_json::Value = serde_json::from_str(&dir.read("t.json")).unwrap();
    assert_eq!(
        record["command"],
        "cscstats compare -p 2020-21 -q -o t.csv --provenance t.json --hash-inputs --suppress 5 exports"
    );
    assert_eq!(record["inputs"][0]["file"], "contacts.csv");
    assert_eq!(record["inputs"][0]["bytes"], 77);
    // The SHA-256 of the file's bytes (as `sha256sum` gives it).
    assert_eq!(
        record["inputs"][0]["sha256"],
        "f10bbd40fc35bbbd286d07b11fe1e5d5bb60280ea65ecc465c6c4c41ddeac797"
    );
    assert_eq!(record["disclosure"], "--suppress 5");
    // --show-paths keeps the folders.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-q",
        "-f",
        "json",
        "--show-paths",
        "exports",
    ]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        value["provenance"]["inputs"][0]["file"],
        "exports/contacts.csv"
    );
}

#[test]
fn a_chart_of_a_breakdown_says_it_shows_totals() {
    let dir = Workdir::new();
    let list = common::repo("testdata/annex-a/lists/List 1 - Contacts.csv")
        .display()
        .to_string();
    dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1-Q2",
        "-q",
        "--by",
        "Contact Source",
        "--chart",
        "b.svg",
        "-o",
        "t.html",
        &list,
    ])
    .ok();
    let svg = dir.read("b.svg");
    assert!(
        svg.contains("2020 against 2019; totals (the table breaks them down by Contact Source)"),
        "{svg}"
    );
    let html = dir.read("t.html");
    assert!(html.contains(
        "<figcaption>Figure 1: 2020/21 Quarters 1 &amp; 2, the totals of Table 1 as a chart (its groups are in the table).</figcaption>"
    ));
}

/// The wide CSV says which spans each row covers, as ISO dates a loader types as dates, so
/// that appended runs keep their periods: compare rows end with the period and both spans,
/// monthly rows with the month's first day.
#[test]
fn csv_rows_carry_their_spans_as_dates() {
    let dir = Workdir::new();
    let compare = dir
        .run(&[
            "compare",
            "-p",
            "2020-21:Q1-Q2",
            "--count",
            "both",
            "-f",
            "csv",
            "-q",
            &example(),
        ])
        .ok()
        .to_string();
    let mut lines = compare.lines();
    assert_eq!(
        lines.next(),
        Some(
            "measure,label,unit,baseline,current,change,change_pct,\
             period,period_start,period_end,baseline_start,baseline_end,change_pct_basis,\
             baseline_status,current_status"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "contacts,Contacts,events,11312,11015,-297,-2.6255,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,"
        )
    );
    // Every row, rates and children too, ends with the same spans (a rate's change is in
    // points, so it has no basis for a percent).
    assert!(compare.lines().skip(1).all(|l| {
        l.ends_with(",2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,")
            || l.ends_with(",2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,,,")
    }));

    let monthly = dir
        .run(&[
            "monthly",
            "--year",
            "2020-21",
            "-f",
            "csv",
            "-q",
            &example(),
        ])
        .ok()
        .to_string();
    let header: Vec<&str> = monthly.lines().next().unwrap().split(',').collect();
    // The month's first day, then a status for each of the row's six counts.
    assert_eq!(header[header.len() - 7], "month_start");
    assert_eq!(header.last(), Some(&"rolling_12_previous_year_status"));
    let month = header.iter().position(|h| *h == "month").unwrap();
    for line in monthly.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let start = chrono::NaiveDate::parse_from_str(fields[fields.len() - 7], "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("not a date: {line}"));
        assert_eq!(start.format("%Y-%m").to_string(), fields[month]);
    }
    assert!(monthly.contains(
        "\ncontacts,Contacts,2020-04,1432,1885,-453,-24.0318,1432,1885,21989,22518,2020-04-01,,,,,,\n"
    ));
}

/// Referrals: 6 on the 5th and the 15th of every month from April 2019 to March 2021 (12 a
/// month), save May 2020: one on the 4th, 12th and 20th (3).
fn ledger_fixture(dir: &Workdir) {
    let mut csv = String::from("Child ID,Referral Date\n");
    let mut id = 0;
    let mut day = chrono::NaiveDate::from_ymd_opt(2019, 4, 1).unwrap();
    while day <= chrono::NaiveDate::from_ymd_opt(2021, 3, 31).unwrap() {
        use chrono::Datelike;
        let may_2020 = (day.year(), day.month()) == (2020, 5);
        let n = match (may_2020, day.day()) {
            (true, 4 | 12 | 20) => 1,
            (false, 5 | 15) => 6,
            _ => 0,
        };
        for _ in 0..n {
            id += 1;
            csv.push_str(&format!("C{id},{}\n", day.format("%d/%m/%Y")));
        }
        day = day.succ_opt().unwrap();
    }
    dir.write("referrals.csv", csv);
}

#[test]
fn a_ledger_keeps_suppression_consistent_across_three_papers() {
    let dir = Workdir::new();
    ledger_fixture(&dir);
    let paper = |args: &[&str]| -> String {
        let mut all = args.to_vec();
        all.extend([
            "--suppress",
            "5",
            "--ledger",
            "ledger.csv",
            "-f",
            "csv",
            "-q",
        ]);
        all.push("referrals.csv");
        dir.run_with_env(&all, "SOURCE_DATE_EPOCH", "1607299200")
            .csv()
    };
    // Paper 1, April to June: May's 3 is withheld, and the running totals that would give it
    // away; April's year to date (April alone) and rolling year are shown.
    assert_eq!(
        paper(&["monthly", "--months", "2020-04..2020-06"]),
        "measure,label,month,count,previous_year_count,change,change_pct,ytd,ytd_previous_year,rolling_12,rolling_12_previous_year\n\
         referrals,Referrals,2020-04,12,12,0,0,12,12,144,12\n\
         referrals,Referrals,2020-05,,12,,,,24,,24\n\
         referrals,Referrals,2020-06,12,12,0,0,,36,,36\n"
    );
    // Paper 2, the quarter: 27 is not small, but less April and June (paper 1) it is May.
    assert_eq!(
        paper(&["compare", "-p", "2020-21:Q1"]),
        "measure,label,baseline,current,change,change_pct\nreferrals,Referrals,36,,,\n"
    );
    // Paper 3, July to September: every year to date holds May beside months published.
    let third = paper(&["monthly", "--months", "2020-07..2020-09"]);
    assert_eq!(
        third.lines().nth(1),
        Some("referrals,Referrals,2020-07,12,12,0,0,,48,,48")
    );
    // The ledger: one line per figure, the same figure once; withheld ones as c.
    let ledger = dir.read("ledger.csv");
    assert_eq!(
        ledger.lines().next(),
        Some("paper,recorded,measure,unit,by,group,from,to,value")
    );
    assert!(
        ledger
            .contains("April–June 2020 by month,2020-12-07,referrals,events,,,2020-05,2020-05,c\n")
    );
    assert!(ledger.contains(
        "July–September 2020 by month,2020-12-07,referrals,events,,,2020-04,2020-07,c\n"
    ));
    assert_eq!(ledger.lines().count(), 1 + 16 + 18);
    // Without the ledger the quarter would be shown: nothing in paper 2 alone gives May.
    let alone = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--suppress",
        "5",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    assert_eq!(
        alone.csv(),
        "measure,label,baseline,current,change,change_pct\nreferrals,Referrals,36,27,-9,-25\n"
    );
    // Running paper 1 again adds nothing and shows the same.
    paper(&["monthly", "--months", "2020-04..2020-06"]);
    assert_eq!(dir.read("ledger.csv"), ledger);
}

#[test]
fn a_bad_ledger_is_named_and_never_replaced() {
    let dir = Workdir::new();
    ledger_fixture(&dir);
    let run = |ledger: &str| {
        dir.run(&[
            "compare",
            "-p",
            "2020-21:Q1",
            "--suppress",
            "5",
            "--ledger",
            ledger,
            "-q",
            "referrals.csv",
        ])
    };
    dir.write("notes.csv", "Some notes,of my own\n");
    assert_eq!(
        run("notes.csv").fails(1),
        "Error: notes.csv, line 1: not a cscstats ledger: expected the header paper,recorded,measure,unit,by,group,from,to,value; give a new file name to start one"
    );
    assert_eq!(dir.read("notes.csv"), "Some notes,of my own\n");
    dir.write(
        "bad.csv",
        "paper,recorded,measure,unit,by,group,from,to,value\nP,2020-12-01,referrals,events,,,2020-04,2020-04,twelve\n",
    );
    assert_eq!(
        run("bad.csv").fails(1),
        "Error: bad.csv, line 2, column \"value\": expected a count or c"
    );
    // A ledger without --suppress is a usage error; so is one that is an input.
    let usage = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--ledger",
        "l.csv",
        "referrals.csv",
    ]);
    assert_eq!(usage.code, 2);
    assert!(
        run("referrals.csv")
            .fails(2)
            .contains("that is one of the inputs")
    );
}

#[test]
fn a_report_s_papers_share_their_ledger() {
    // The ledger of a report resolves against the report's folder, and its second paper
    // sees the first's figures although both are written at the end.
    let dir = Workdir::new();
    ledger_fixture(&dir);
    std::fs::create_dir_all(dir.path("papers")).unwrap();
    std::fs::rename(dir.path("referrals.csv"), dir.path("papers/referrals.csv")).unwrap();
    dir.write(
        "papers/report.toml",
        "inputs = [\"referrals.csv\"]\n\n\
         [[monthly]]\nmonths = \"2020-04..2020-06\"\nsuppress = 5\nledger = \"ledger.csv\"\noutput = \"months.csv\"\n\n\
         [[compare]]\nperiod = \"2020-21:Q1\"\nsuppress = 5\nledger = \"ledger.csv\"\noutput = \"quarter.csv\"\n",
    );
    dir.run(&["run", "papers/report.toml", "-q"]).ok();
    assert!(
        dir.read("papers/quarter.csv")
            .starts_with("measure,label,baseline,current,change,change_pct,period,period_start,period_end,baseline_start,baseline_end,change_pct_basis,baseline_status,current_status\nreferrals,Referrals,36,,,,"),
        "{}",
        dir.read("papers/quarter.csv")
    );
    assert_eq!(dir.read("papers/ledger.csv").lines().count(), 17);
}

#[test]
fn a_ratio_s_parts_are_the_counts_the_ledger_protects() {
    // Assessments per referral is assessments over referrals: its denominator for the
    // quarter is the referrals count the ledger withholds, so the rate goes with it.
    let dir = Workdir::new();
    ledger_fixture(&dir);
    let mut assessments = String::from("Child ID,Assessment Start Date\n");
    for (i, month) in [
        "04/2019", "05/2019", "06/2019", "04/2020", "05/2020", "06/2020",
    ]
    .iter()
    .enumerate()
    {
        for k in 0..10 {
            assessments.push_str(&format!("A{i}-{k},{:02}/{month}\n", k + 1));
        }
    }
    assessments.push_str("A-last,31/03/2021\n");
    dir.write("assessments.csv", assessments);
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend([
            "--suppress",
            "5",
            "--ledger",
            "ledger.csv",
            "-f",
            "json",
            "-q",
            "referrals.csv",
            "assessments.csv",
        ]);
        let out: serde_json::Value = serde_json::from_str(dir.run(&all).ok()).unwrap();
        out
    };
    run(&["monthly", "--months", "2020-04..2020-06"]);
    let quarter = run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--rates",
        "referral-to-assessment-pct",
    ]);
    let rows = quarter["rows"].as_array().unwrap();
    let referrals = rows.iter().find(|r| r["measure"] == "referrals").unwrap();
    assert_eq!(referrals["current"], serde_json::Value::Null);
    let rate = rows
        .iter()
        .find(|r| r["measure"] == "referral-to-assessment-pct")
        .unwrap();
    assert_eq!(rate["current_denominator"], serde_json::Value::Null);
    assert_eq!(rate["current"], serde_json::Value::Null);
    // Alone, the quarter and its rate are shown: 30 assessments over 27 referrals.
    let alone = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--rates",
        "referral-to-assessment-pct",
        "--suppress",
        "5",
        "-f",
        "json",
        "-q",
        "referrals.csv",
        "assessments.csv",
    ]);
    let alone: serde_json::Value = serde_json::from_str(alone.ok()).unwrap();
    let rate = alone["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"] == "referral-to-assessment-pct")
        .unwrap()
        .clone();
    assert_eq!(
        (
            rate["current_numerator"].clone(),
            rate["current_denominator"].clone()
        ),
        (serde_json::json!(30), serde_json::json!(27))
    );
}

#[test]
fn notes_that_count_lose_their_counts_beside_a_withheld_figure() {
    // 33 referrals in the months compared, 30 of them in 2019: the note's 33 would give
    // 2020's withheld 3 away; so would the rows read, and the footer's line number.
    let dir = Workdir::new();
    let mut csv = String::from("Referral ID,Child ID,Referral Date\n");
    let mut id = 0;
    for (day, n) in [
        ("01/04/2019", 10),
        ("10/06/2019", 20),
        ("10/06/2020", 3),
        ("31/03/2021", 10),
    ] {
        for _ in 0..n {
            id += 1;
            csv.push_str(&format!("R{id},C{id},{day}\n"));
        }
    }
    csv.push_str("Total: 43\n");
    dir.write("referrals.csv", csv);
    let args = ["compare", "-p", "2020-21:Q1", "referrals.csv"];
    let plain = dir.run(&args);
    plain.ok();
    for line in [
        "  referrals.csv: line 45 has 1 field where the header has 3: left out as a footer or total line\n",
        "  referrals keyed by Referral ID: 33 dated rows → 33 referrals in the months compared\n",
    ] {
        assert!(plain.stderr.contains(line), "{}", plain.stderr);
    }
    let mut suppressed = args.to_vec();
    suppressed.extend(["--suppress", "5"]);
    let run = dir.run(&suppressed);
    run.ok();
    for line in [
        "  referrals.csv [referrals, \"Referral Date\"]: c rows read; split by period not shown (--suppress); none rejected\n",
        "  referrals.csv: a line near its end has 1 field where the header has 3: left out as a footer or total line\n",
        "  referrals keyed by Referral ID: each ID and date counted once\n",
    ] {
        assert!(run.stderr.contains(line), "{}", run.stderr);
    }
    assert!(!run.stderr.contains("33"), "{}", run.stderr);
}

/// A referrals file of `per_month` events in each month from `from` (inclusive, year and
/// month) for `months` months, save `small` (year, month, count).
fn monthly_events(
    from: (i32, u32),
    months: u32,
    per_month: usize,
    small: &[(i32, u32, usize)],
) -> String {
    let mut csv = String::from("Child ID,Referral Date\n");
    let mut id = 0;
    for k in 0..months {
        let (year, month) = (
            from.0 + ((from.1 - 1 + k) / 12) as i32,
            (from.1 - 1 + k) % 12 + 1,
        );
        let n = small
            .iter()
            .find(|(y, m, _)| (*y, *m) == (year, month))
            .map_or(per_month, |s| s.2);
        let last = k == months - 1;
        for i in 0..n {
            id += 1;
            // The last month's events end on its last day, so that the inputs reach it.
            let day = if last && i + 1 == n { 28 } else { 1 + i % 27 };
            csv.push_str(&format!("C{id},{day:02}/{month:02}/{year}\n"));
        }
    }
    csv
}

#[test]
fn counts_behind_the_figures_are_protected_shown_or_not() {
    let dir = Workdir::new();
    let csv = |args: &[&str], file: &str| -> String {
        let mut all = args.to_vec();
        all.extend(["--suppress", "5", "-f", "csv", "-q", file]);
        dir.run(&all).csv()
    };
    // Months before the inputs start hold nothing: with them, a rolling year of 63 less the
    // five months shown (60) would be July's 3.
    dir.write(
        "start.csv",
        monthly_events((2019, 4), 12, 12, &[(2019, 7, 3)]),
    );
    let out = csv(&["monthly", "--months", "2019-04..2019-09"], "start.csv");
    assert_eq!(
        out.lines().nth(6),
        Some("referrals,Referrals,2019-09,12,,,,,,,")
    );
    // A month only inside a rolling year a year earlier: May 2018's 2 is May 2019 (20) less
    // the difference of two rolling years a year earlier (240 − 222).
    dir.write(
        "roll.csv",
        monthly_events((2018, 4), 36, 20, &[(2018, 5, 2)]),
    );
    let out = csv(&["monthly", "--months", "2020-04..2020-06"], "roll.csv");
    assert_eq!(
        out.lines().nth(1),
        Some("referrals,Referrals,2020-04,20,20,0,0,20,20,240,")
    );
    // A paper of April and May (15) and then one of April (12): May's 3 was never shown,
    // and the second paper withholds April.
    dir.write(
        "pair.csv",
        monthly_events((2019, 4), 24, 12, &[(2020, 5, 3)]),
    );
    let ledger = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--ledger", "pair-ledger.csv"]);
        csv(&all, "pair.csv")
    };
    assert_eq!(
        ledger(&["compare", "-p", "2020-04..2020-05"])
            .lines()
            .nth(1),
        Some("referrals,Referrals,24,15,-9,-37.5")
    );
    assert_eq!(
        ledger(&["compare", "-p", "2020-04"]).lines().nth(1),
        Some("referrals,Referrals,12,,,")
    );
}

#[test]
fn a_ledger_kept_in_the_folder_of_exports_is_passed_over() {
    let dir = Workdir::new();
    ledger_fixture(&dir);
    std::fs::create_dir_all(dir.path("share")).unwrap();
    std::fs::rename(dir.path("referrals.csv"), dir.path("share/referrals.csv")).unwrap();
    let args = [
        "compare",
        "-p",
        "2020-21:Q1",
        "--suppress",
        "5",
        "--ledger",
        "share/ledger.csv",
        "share",
    ];
    dir.run(&args).ok();
    let again = dir.run(&args);
    again.ok();
    assert!(
        again
            .stderr
            .contains("share/ledger.csv: a cscstats disclosure ledger, not an export; skipped"),
        "{}",
        again.stderr
    );
    // A path that cannot be the ledger names the option.
    let folder = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--suppress",
        "5",
        "--ledger",
        "share",
        "share",
    ]);
    assert!(
        folder
            .fails(2)
            .starts_with("Error: --ledger share: that is a folder"),
        "{}",
        folder.stderr
    );
}

#[test]
fn explain_and_suppress_are_not_run_together() {
    let dir = Workdir::new();
    ledger_fixture(&dir);
    for command in [["compare", "-p"], ["monthly", "--months"]] {
        let period = if command[0] == "compare" {
            "2020-21:Q1"
        } else {
            "2020-04..2020-06"
        };
        let run = dir.run(&[
            command[0],
            command[1],
            period,
            "--suppress",
            "5",
            "--explain",
            "referrals.csv",
        ]);
        assert_eq!(
            run.fails(2),
            "Error: --explain prints the inputs' row and event counts, which could give a count --suppress withholds away; run --explain (or cscstats inspect) without --suppress to check the inputs"
        );
    }
}

/// Referrals in May of each of `years`: Team A 30, one child each; Team B 27; Team C 2; and
/// one on 1 April 2019 and 30 June 2020, so that the inputs reach both first quarters.
fn teams_fixture(dir: &Workdir, years: &[i32]) {
    let mut csv = String::from("Child ID,Referral Date,Team\n");
    for (team, n) in [("A", 30), ("B", 27), ("C", 2)] {
        for i in 0..n {
            for year in years {
                csv.push_str(&format!(
                    "{team}{i},{:02}/05/{year},Team {team}\n",
                    1 + i % 28
                ));
            }
        }
    }
    csv.push_str("Z1,01/04/2019,Team A\nZ2,30/06/2020,Team A\n");
    dir.write("referrals.csv", csv);
}

#[test]
fn events_and_children_guard_each_other() {
    // Q1 2020: Team A 30 referrals of 30 children, Team B 27 of 27, Team C 2 of 2; children
    // are no more than events, so B's events withheld beside its children shown (27) would
    // leave C's events at most 59 − 30 − 27 = 2. A count withheld in one unit is withheld in
    // the other.
    let dir = Workdir::new();
    teams_fixture(&dir, &[2019, 2020]);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--by",
        "Team",
        "--count",
        "both",
        "--suppress",
        "5",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    let current: Vec<(String, String)> = common::records(run.ok())
        .iter()
        .map(|r| {
            (
                format!("{} {}", r["group"], r["unit"]),
                format!("{}/{}", r["current"], r["current_status"]),
            )
        })
        .collect();
    for team in ["Team B", "Team C"] {
        let cells: Vec<&String> = current
            .iter()
            .filter(|(k, _)| k.starts_with(team))
            .map(|(_, v)| v)
            .collect();
        assert_eq!(cells, [&"/c".to_string(), &"/c".to_string()], "{current:?}");
    }
}

#[test]
fn a_year_to_date_of_children_that_grows_by_a_few_is_withheld() {
    // 12 children referred each month from April 2019, the same twelve each month, save
    // May 2020: 3 of them and 3 new ones. The year to date to May 2020 would be 15, 3 more
    // than April's 12: the new children of May.
    let dir = Workdir::new();
    let mut csv = String::from("Child ID,Referral Date\n");
    for k in 0..24 {
        let (year, month) = (2019 + (3 + k) / 12, (3 + k) % 12 + 1);
        let ids: Vec<String> = if (year, month) == (2020, 5) {
            (0..3)
                .map(|i| format!("C{i}"))
                .chain((0..3).map(|i| format!("N{i}")))
                .collect()
        } else {
            (0..12).map(|i| format!("C{i}")).collect()
        };
        let day = if k == 23 { 31 } else { 10 };
        for id in ids {
            csv.push_str(&format!("{id},{day:02}/{month:02}/{year}\n"));
        }
    }
    dir.write("referrals.csv", csv);
    let run = dir.run(&[
        "monthly",
        "--months",
        "2020-04..2020-06",
        "--count",
        "children",
        "--suppress",
        "5",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    let rows = common::records(run.ok());
    let may = rows.iter().find(|r| r["month"] == "2020-05").unwrap();
    // The count, then the year to date: withheld, its cell empty and `c` in its status.
    assert_eq!(
        (
            may["count"].as_str(),
            may["ytd"].as_str(),
            may["ytd_status"].as_str()
        ),
        ("6", "", "c")
    );
}

#[test]
fn children_by_group_get_secondary_suppression() {
    // Q1 2020: 30 children in Team A, 27 in B, 2 in C; the total less A and B gives C.
    let dir = Workdir::new();
    teams_fixture(&dir, &[2020]);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21:Q1",
        "--by",
        "Team",
        "--count",
        "children",
        "--suppress",
        "5",
        "-f",
        "csv",
        "-q",
        "referrals.csv",
    ]);
    let current: Vec<(String, String)> = common::records(run.ok())
        .iter()
        .map(|r| (r["current"].clone(), r["current_status"].clone()))
        .collect();
    // Total, A, B, C: B (the smallest other group) goes with C.
    let withheld = || (String::new(), "c".to_string());
    assert_eq!(
        current,
        [
            ("60".to_string(), String::new()),
            ("31".to_string(), String::new()),
            withheld(),
            withheld()
        ]
    );
}

/// A wide monthly page printed to PDF by headless Chromium (A4) shows every column: its
/// table gets a landscape page and smaller type, so nothing is clipped at "De…" (issue 29).
/// The PDF's text is read with pdftotext (Debian's poppler-utils, installed by .ci/run).
#[test]
fn a_wide_page_prints_every_column() {
    let dir = Workdir::new();
    dir.run(&[
        "monthly",
        "--year",
        "2020-21",
        "-q",
        "-o",
        "m.html",
        &example(),
    ])
    .ok();
    let html = dir.read("m.html");
    // The focus ring is dark on white (over 3:1), and each mark is said in words.
    assert!(html.contains(".table-wrap:focus, .chart-wrap:focus { outline: 3px solid #0b0c0c;"));
    assert!(html.contains("<section class=\"wide\">"), "{html}");
    let Some(chromium) = chromium() else { return };
    let pdftotext = std::path::Path::new("/usr/bin/pdftotext");
    if !pdftotext.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install poppler-utils (see .ci/run)"
        );
        eprintln!("skipping: no pdftotext here (apt-get install poppler-utils)");
        return;
    }
    let pdf = dir.path("m.pdf");
    let out = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.path("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", dir.path("m.html").display()))
        .output()
        .unwrap();
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::process::Command::new(pdftotext)
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("Measure"))
        .unwrap_or_else(|| panic!("no table header in the PDF:\n{text}"));
    let columns: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        columns,
        [
            "Measure", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb",
            "Mar", "YTD", "12", "months"
        ],
        "{text}"
    );
    // The last column's figures print whole too.
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("Contacts") && l.trim_end().ends_with("22,600")),
        "{text}"
    );
}

/// In a workbook a cell holds a number or the guidance's symbol, never both and never
/// nothing: a month's signal on its control chart is in a Signals column (`▲ Jun, Jul`), and
/// a figure that does not apply (a median has no count) is `[z]`.
#[test]
fn workbook_cells_hold_a_number_or_a_symbol() {
    let dir = Workdir::new();
    dir.run(&[
        "monthly",
        "--year",
        "2020-21",
        "--spc",
        "-q",
        "-o",
        "m.xlsx",
        &example(),
    ])
    .ok();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(dir.read_bytes("m.xlsx"))).unwrap();
    let table = book.worksheet_range("Table 1").unwrap();
    let width = table.width() as u32;
    let cell = |r: u32, c: u32| {
        table
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(2, width - 1), "Signals");
    let signals: Vec<String> = (3..table.height() as u32)
        .map(|r| cell(r, width - 1))
        .filter(|s| !s.is_empty())
        .collect();
    assert!(!signals.is_empty());
    assert!(
        signals
            .iter()
            .all(|s| s.starts_with('▲') || s.starts_with('▼')),
        "{signals:?}"
    );
    // Every month's count is a number.
    for r in 3..table.height() as u32 {
        for c in 1..width - 1 {
            assert!(
                !matches!(table.get_value((r, c)), Some(Data::String(s)) if s.contains(['▲', '▼'])),
                "({r}, {c})"
            );
        }
    }
    dir.run(&[
        "benchmark",
        "--la",
        "Leicestershire",
        "--year",
        "2021",
        "-q",
        "-o",
        "b.xlsx",
        &repo("testdata/dfe").display().to_string(),
    ])
    .ok();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(dir.read_bytes("b.xlsx"))).unwrap();
    let table = book.worksheet_range("Table 1").unwrap();
    let empty = table
        .used_cells()
        .filter(|(r, c, v)| *r > 2 && *c > 0 && matches!(v, Data::Empty))
        .count();
    assert_eq!(empty, 0);
    let neighbours = (3..table.height() as u32)
        .find(|&r| {
            table
                .get_value((r, 0))
                .is_some_and(|v| v.to_string().contains("neighbours"))
        })
        .unwrap();
    assert_eq!(
        table.get_value((neighbours, 1)).map(|v| v.to_string()),
        Some("[z]".to_string())
    );
}
