//! The three ways the program grows (ARCHITECTURE.md, "Where a change goes"), each proved by
//! doing it: a measure added to the catalogue is counted, deduplicated, named in sentences and
//! shown in every format; every output format the `Format` table lists is reachable by name,
//! by extension and from a report file, and renders every kind of document; and every input
//! shape answers what the later stages ask of it.

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::app::cli::{Cli, Command};
use crate::app::config::CompareConfig;
use crate::input::detect::{ColumnChoices, Naming, Shape, plan};
use crate::model::error::Location;
use crate::model::measure::Catalogue;
use crate::model::measures::{BUILTIN, Builtin};
use crate::model::stage_type::TypeMap;
use crate::render::Format;

/// A fresh temporary folder, removed when dropped.
struct Folder(tempfile::TempDir);

impl Folder {
    fn new() -> Folder {
        Folder(tempfile::tempdir().unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// Runs `cscstats compare …` in-process with `catalogue`, writing to `output`.
fn compare(catalogue: &Catalogue, args: &[&str], output: &Path) -> String {
    let mut argv = vec!["cscstats", "compare"];
    argv.extend(args);
    let output_text = output.display().to_string();
    argv.extend(["--quiet", "--output", &output_text]);
    let cli = Cli::try_parse_from(argv).unwrap();
    let Command::Compare(args) = cli.command else {
        panic!("not a compare command");
    };
    let config = CompareConfig::from_args(&args, catalogue).unwrap();
    crate::app::commands::compare(&config)
        .unwrap()
        .commit()
        .unwrap();
    std::fs::read_to_string(output).unwrap_or_default()
}

/// A measure is one entry in `model/measures.rs`: given only that, its export is found by
/// its file name and date column, its own ID makes two rows one event, a workflow table's
/// step names feed it, its row follows the built-in seven, and its sentence uses its noun.
#[test]
fn a_measure_added_to_the_catalogue_is_counted_and_shown() {
    let family_help = Builtin {
        id: "family-help",
        label: "Family Help Requests",
        short_label: "Family Help",
        noun: "requests for family help",
        date_headers: &["Family Help Request Date", "Date of Family Help Request"],
        file_stems: &["family-help-requests", "fh-requests"],
        source_headers: &["Request Source"],
        optional_date_headers: &[],
        event_id_headers: &["Family Help Request ID"],
        id_words: &["request"],
        stage_names: &["Family Help Request", "FH Request"],
    };
    let mut entries: Vec<Builtin> = BUILTIN.to_vec();
    entries.push(family_help);
    let catalogue = Catalogue::of(&entries);

    let folder = Folder::new();
    let inputs = folder.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    // An export with a title row, a context column and one request on two rows (one ID).
    std::fs::write(
        inputs.join("FH Requests Apr 2019 - Sep 2020.csv"),
        "Family Help requests report,,,,\n\
         Family Help Request ID,Child ID,Team,Date of Family Help Request,Request Source\n\
         FH1,C1,North,03/04/2019,School\n\
         FH2,C2,South,15/05/2019,Health\n\
         FH3,C3,North,20/06/2019,School\n\
         FH4,C4,North,01/04/2020,Police\n\
         FH4,C4,North,01/04/2020,Police\n\
         FH5,C5,South,30/09/2020,School\n",
    )
    .unwrap();
    let input = inputs.display().to_string();
    let json = compare(
        &catalogue,
        &[
            "--period",
            "2020-21:Q1-Q2",
            &input,
            "--summary",
            "--format",
            "json",
        ],
        &folder.path().join("out.json"),
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = value["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["measure"] == "family-help").unwrap();
    assert_eq!(row["label"], "Family Help Requests");
    // 2019 Q1-Q2: FH1, FH2, FH3; 2020: FH4 once (its two rows are one event), FH5.
    assert_eq!(row["baseline"], 3);
    assert_eq!(row["current"], 2);
    // The new measure's row comes after the built-in seven that have data.
    assert_eq!(rows.last().unwrap()["measure"], "family-help");
    let summary: Vec<&str> = value["summary"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        summary
            .iter()
            .any(|s| s.starts_with("Requests for family help fell by 33%, from 3 to 2")),
        "{summary:?}"
    );
    // A workflow table's step names for the stage feed it.
    let steps = folder.write(
        "workflow steps.csv",
        "Step ID,Person ID,Step Type,Step Start Date\n\
         S1,C9,FH Request,12/07/2020\n\
         S2,C9,Contact,12/07/2020\n\
         S3,C8,Family Help Request,13/07/2020\n",
    );
    let json = compare(
        &catalogue,
        &[
            "--period",
            "2020-21:Q1-Q2",
            &steps.display().to_string(),
            "--format",
            "json",
        ],
        &folder.path().join("steps.json"),
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = value["rows"].as_array().unwrap();
    let current = |id: &str| {
        rows.iter()
            .find(|r| r["measure"] == id)
            .map(|r| r["current"].clone())
    };
    assert_eq!(current("family-help"), Some(2.into()));
    assert_eq!(current("contacts"), Some(1.into()));
    // Every format shows it under its label (the wide monthly table under its short one).
    for format in Format::ALL.into_iter().filter(|f| !f.is_binary()) {
        let out = folder.path().join(format!("out.{}", format.extension()));
        let text = compare(
            &catalogue,
            &[
                "--period",
                "2020-21:Q1-Q2",
                &input,
                "--format",
                format.name(),
            ],
            &out,
        );
        assert!(
            text.contains("Family Help Requests"),
            "{}: {text}",
            format.name()
        );
    }
}

/// Runs a whole command line in-process, as `main` does.
fn run(argv: &[&str]) {
    let cli = Cli::try_parse_from(argv).unwrap();
    crate::app::run(cli).unwrap();
}

/// A format is one variant of `Format` with its name, help line and extension, and its
/// renderer: each one listed in `Format::ALL` is reachable by `--format`, by an output's
/// extension and from a report file, is named in the messages that list formats, and
/// renders a comparison and a monthly table.
#[test]
fn every_format_is_reachable_and_renders_every_document() {
    // Every variant, named in an exhaustive match (a new one fails to compile here until it
    // is given its place): ALL must list each exactly once.
    let place = |f: Format| match f {
        Format::Table => 0,
        Format::Csv => 1,
        Format::Markdown => 2,
        Format::Json => 3,
        Format::Xlsx => 4,
        Format::Html => 5,
        Format::Docx => 6,
    };
    let mut places: Vec<usize> = Format::ALL.iter().map(|&f| place(f)).collect();
    places.sort_unstable();
    places.dedup();
    assert_eq!(places, (0..=6).collect::<Vec<usize>>());
    let folder = Folder::new();
    let input = folder.write(
        "referrals.csv",
        "Child ID,Referral Date\nC1,01/04/2019\nC2,02/05/2019\nC3,01/04/2020\nC4,03/03/2021\n",
    );
    let input = input.display().to_string();
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
        assert!(format.help().is_some_and(|h| !h.is_empty()));
        assert!(Format::names().contains(format.name()));
        assert!(Format::extensions().contains(&format!(".{}", format.extension())));
        let written = |name: &str| {
            let bytes = std::fs::read(folder.path().join(name)).unwrap();
            assert!(bytes.len() > 20, "{name}: {} bytes", bytes.len());
        };
        // By its extension, for each command that writes documents.
        let by_extension = format!("by-extension.{}", format.extension());
        let path = folder.path().join(&by_extension).display().to_string();
        run(&[
            "cscstats", "compare", "--period", "2020-21", &input, "-q", "-o", &path,
        ]);
        written(&by_extension);
        let monthly = format!("monthly.{}", format.extension());
        let path = folder.path().join(&monthly).display().to_string();
        run(&[
            "cscstats", "monthly", "--year", "2020-21", &input, "-q", "-o", &path,
        ]);
        written(&monthly);
        // By name, to a file whose extension says nothing.
        let by_name = format!("by-name-{}.out", format.name());
        let path = folder.path().join(&by_name).display().to_string();
        let args = [
            "--period",
            "2020-21",
            &input,
            "-q",
            "--format",
            format.name(),
            "-o",
            &path,
        ];
        run(&[&["cscstats", "compare"][..], &args[..]].concat());
        written(&by_name);
        // From a report file's output key.
        let report = folder.write(
            "report.toml",
            &format!(
                "inputs = [\"referrals.csv\"]\nquiet = true\n[[compare]]\nperiod = \"2020-21\"\n\
                 output = [{{ path = \"report-{0}.out\", format = \"{0}\" }}]\n",
                format.name()
            ),
        );
        run(&["cscstats", "run", &report.display().to_string()]);
        written(&format!("report-{}.out", format.name()));
    }
}

/// A shape is one variant of `Shape` with its recognition in `input/detect.rs`: each is
/// recognised from its headers and answers every question the count and compare stages ask
/// of a shape (they never match on shapes themselves).
#[test]
fn every_shape_is_recognised_and_answers_the_stages() {
    let headers = |names: &str| -> Vec<String> { names.split(',').map(str::to_string).collect() };
    let cases = [
        (
            "Case ID,Child ID,Contact Date,Team",
            "export",
            None,
            [false, false, false, false],
        ),
        (
            "Child Unique ID,Gender,Ethnicity,Date of Contact,Contact Source",
            "annex-a-list-1",
            Some("Annex A List 1 (contacts)"),
            [true, false, false, false],
        ),
        (
            "Child Unique ID,Gender,Does the Child have a Disability,\
             Child Protection Plan Start Date,Initial Category of Abuse,Latest Category of Abuse,\
             Date of the Last Statutory Visit,Was the Child Seen Alone?,\
             Date of latest review conference,Child Protection Plan End Date,\
             Number of Previous Child Protection Plans,Allocated Team,Allocated Worker",
            "annex-a-list-7",
            Some("Annex A List 7 (child protection)"),
            [true, true, false, false],
        ),
        (
            "LAchildID,CINreferralDate,ReferralSource,AssessmentActualStartDate",
            "cin-census",
            Some("CIN census table"),
            [true, false, true, false],
        ),
        (
            "Step ID,Person ID,Step Type,Step Start Date",
            "workflow",
            Some("workflow table"),
            [false, false, false, false],
        ),
        (
            "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code",
            "ssd",
            Some("Standard Safeguarding Dataset table ssd_contacts"),
            [false, false, false, true],
        ),
    ];
    let catalogue = Catalogue::builtin();
    let choices = ColumnChoices {
        types: std::sync::Arc::new(TypeMap::new(&[], &catalogue).unwrap()),
        ..ColumnChoices::default()
    };
    let mut seen = Vec::new();
    for (names, layout, described, [overlaps, open_cases, by_grain, linked]) in cases {
        let location = Location::file("table.csv".to_string());
        let found = plan(
            &headers(names),
            &location,
            Naming::Unnamed,
            &choices,
            &catalogue,
        )
        .unwrap()
        .unwrap()
        .shape;
        assert_eq!(found.layout(), layout, "{names}");
        assert_eq!(found.describe().as_deref(), described, "{names}");
        assert_eq!(found.overlaps_when_merged(), overlaps, "{names}");
        assert_eq!(found.lists_open_cases(), open_cases, "{names}");
        assert_eq!(found.repeats_by_grain(), by_grain, "{names}");
        assert_eq!(found.ssd_table().is_some(), linked, "{names}");
        // Adding a variant fails to compile here until a case above recognises it.
        seen.push(match found {
            Shape::Export => 0,
            Shape::AnnexA(list) => list.number,
            Shape::CinCensus => 20,
            Shape::Workflow => 30,
            Shape::Ssd(_) => 40,
        });
    }
    // Export, Annex A lists 1 and 7, the CIN census, workflow, SSD.
    assert_eq!(seen, [0, 1, 7, 20, 30, 40]);
}
