//! The CIN census XML return itself (README, "The CIN census"): the file every local
//! authority submits to DfE, `Message/Children/Child/CINdetails/…`, pretty-printed or on
//! one line. Read as it streams (quick-xml) into the census's module tables — CINdetails,
//! Assessments, Section47, ChildProtectionPlans — which are then read like module CSVs: a
//! folder of several years' returns counts an episode open at 31 March (in two returns)
//! once, by its `CINdetailsID`.

use std::path::Path;

use quick_xml::events::Event;

use crate::input::reader::InputPath;
use crate::input::table::Table;
use crate::model::error::{Error, Location, Result};

/// The module tables and their columns, in the census's own names.
const MODULES: &[(&str, &[&str])] = &[
    (
        "CINdetails",
        &[
            "LAchildID",
            "CINdetailsID",
            "CINreferralDate",
            "ReferralSource",
            "DateOfInitialCPC",
            "CINclosureDate",
        ],
    ),
    (
        "Assessments",
        &[
            "LAchildID",
            "CINdetailsID",
            "CINreferralDate",
            "AssessmentActualStartDate",
            "AssessmentAuthorisationDate",
        ],
    ),
    (
        "Section47",
        &[
            "LAchildID",
            "CINdetailsID",
            "CINreferralDate",
            "S47ActualStartDate",
            "InitialCPCtarget",
            "DateOfInitialCPC",
        ],
    ),
    (
        "ChildProtectionPlans",
        &[
            "LAchildID",
            "CINdetailsID",
            "CINreferralDate",
            "CPPstartDate",
            "CPPendDate",
            "NumberOfPreviousCPP",
        ],
    ),
];

/// True when `path` is named as XML, or its first bytes are an XML declaration.
pub(crate) fn is_xml(path: &Path) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
    {
        return true;
    }
    let mut head = [0u8; 5];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"<?xml")
}

/// One record being gathered: the element names of its fields and their text.
#[derive(Default)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn set(&mut self, name: &'static str, text: String) {
        self.0.push((name, text));
    }

    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, t)| t.as_str())
    }
}

/// The census return at `path` as its module tables (a module with no rows is left out);
/// `Ok(Err(root))` when the file is XML of another kind, with its root element.
pub(crate) fn read(path: &Path) -> Result<std::result::Result<Vec<Table>, String>> {
    let here = || Location::file(path.display().to_string());
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot open", e))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    reader.config_mut().trim_text(true);
    let mut rows: Vec<Vec<Vec<String>>> = vec![Vec::new(); MODULES.len()];
    let mut stack: Vec<String> = Vec::new();
    let (mut child, mut episode) = (String::new(), Fields::default());
    // Each module record of the episode, waiting for the episode's own fields.
    let mut pending: Vec<(usize, Fields)> = Vec::new();
    let mut record: Option<(usize, Fields)> = None;
    let mut reference_date: Option<chrono::NaiveDate> = None;
    let mut children = 0u64;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            Error::input(
                here(),
                format!(
                    "not well-formed XML near byte {} ({}); export the return again",
                    reader.buffer_position(),
                    xml_reason(&e)
                ),
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                if stack.is_empty() && name != "Message" {
                    return Ok(Err(name));
                }
                match name.as_str() {
                    "Child" => {
                        children += 1;
                        child.clear();
                    }
                    "CINdetails" => {
                        episode = Fields::default();
                        pending.clear();
                    }
                    "Assessments" | "Section47" | "ChildProtectionPlans" => {
                        let module = MODULES.iter().position(|(m, _)| *m == name).unwrap_or(0);
                        record = Some((module, Fields::default()));
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::Empty(e) if stack.is_empty() => {
                return Ok(Err(local(e.name().as_ref())));
            }
            Event::Text(t) => {
                let text = String::from_utf8_lossy(t.as_ref()).trim().to_string();
                let (Some(field), Some(parent)) = (stack.last(), stack.iter().rev().nth(1)) else {
                    continue;
                };
                match (parent.as_str(), field.as_str()) {
                    ("ChildIdentifiers", "LAchildID") => child = text,
                    ("CollectionDetails", "ReferenceDate") => {
                        reference_date = crate::model::date::parse_date(text.as_bytes())
                            .ok()
                            .and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day));
                    }
                    ("CINdetails", name) => {
                        if let Some(name) = column_name(0, name) {
                            episode.set(name, text);
                        }
                    }
                    (_, name) => {
                        if let Some((module, fields)) = &mut record
                            && let Some(name) = column_name(*module, name)
                        {
                            fields.set(name, text);
                        }
                    }
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                stack.pop();
                match name.as_str() {
                    "Assessments" | "Section47" | "ChildProtectionPlans" => {
                        pending.extend(record.take());
                    }
                    "CINdetails" => {
                        episode.set("LAchildID", child.clone());
                        let row = |module: usize, fields: &Fields| -> Vec<String> {
                            let columns = MODULES.get(module).map_or(&[][..], |m| m.1);
                            columns
                                .iter()
                                .map(|c| match *c {
                                    "LAchildID" => child.clone(),
                                    "CINdetailsID" | "CINreferralDate" if module > 0 => {
                                        episode.get(c).to_string()
                                    }
                                    other => fields.get(other).to_string(),
                                })
                                .collect()
                        };
                        if let Some(table) = rows.get_mut(0) {
                            table.push(row(0, &episode));
                        }
                        for (module, fields) in pending.drain(..) {
                            let line = row(module, &fields);
                            if let Some(table) = rows.get_mut(module) {
                                table.push(line);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if children == 0 {
        return Err(Error::input(
            here(),
            "a CIN census return with no Children/Child in it; export the return again with its children",
        ));
    }
    let mut tables = Vec::new();
    for ((module, columns), rows) in MODULES.iter().zip(rows) {
        if rows.is_empty() {
            continue;
        }
        let mut out = csv::Writer::from_writer(Vec::new());
        let written = out
            .write_record(*columns)
            .and_then(|()| rows.iter().try_for_each(|r| out.write_record(r)));
        let bytes = written
            .map_err(|e| Error::input(here(), format!("cannot hold the return's rows ({e})")))
            .and_then(|()| {
                out.into_inner()
                    .map_err(|_| Error::input(here(), "cannot hold the return's rows"))
            })?;
        let mut table = Table::from_bytes(bytes, &path.display().to_string())?;
        table.path = InputPath::File(path.to_path_buf());
        table.sheet = Some((*module).to_string());
        table.as_at = reference_date;
        // A return covers its collection year, to its reference date.
        table.covers = reference_date.and_then(|to| {
            let from = to.checked_sub_months(chrono::Months::new(12))?.succ_opt()?;
            Some((from, to))
        });
        table.empty_is_none = true;
        tables.push(table);
    }
    Ok(Ok(tables))
}

/// The column a module's element fills, in the census's spelling.
fn column_name(module: usize, element: &str) -> Option<&'static str> {
    MODULES
        .get(module)?
        .1
        .iter()
        .copied()
        .find(|c| *c == element)
}

/// An element's name without its namespace prefix.
fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    name.rsplit(':').next().unwrap_or_default().to_string()
}

/// What is wrong with the XML, in a few words (never its text).
fn xml_reason(error: &quick_xml::Error) -> &'static str {
    match error {
        quick_xml::Error::Syntax(_) => "a broken tag",
        quick_xml::Error::IllFormed(_) => "tags that do not match",
        quick_xml::Error::Io(_) => "cannot be read",
        _ => "cannot be parsed",
    }
}

/// Why an XML file that is not a census return is not read: what it is instead.
pub(crate) fn not_census(root: &str) -> String {
    format!(
        "an XML file, but not a CIN census return: its root element is <{}>, where a return's is <Message> \
         (Message/Children/Child/CINdetails); cscstats reads the census return and CSV or Excel exports",
        crate::input::detect::capped(root)
    )
}
