//! Inputs: which files hold which measures, and one reader per input shape.
//!
//! An INPUT is `MEASURE=PATH`, a file named after a measure (`contacts.csv`), any other CSV or
//! workbook whose headers show what it is (an Annex A list, a CIN census table, a counts file,
//! an export with a known date column), or a folder of such files.

pub(crate) mod annex_a;
pub(crate) mod as_at;
pub(crate) mod budget;
pub(crate) mod cell;
pub(crate) mod census;
pub(crate) mod census_xml;
pub(crate) mod counts;
pub(crate) mod detect;
pub(crate) mod preflight;
pub(crate) mod published;
pub(crate) mod reader;
pub(crate) mod records;
pub(crate) mod sections;
pub(crate) mod ssd;
pub(crate) mod stream;
pub(crate) mod table;
pub(crate) mod workbook;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::model::error::{Error, Location, Result};
use crate::model::measure::{Catalogue, MeasureId};
use counts::Precounted;
use detect::{ColumnChoices, Naming, Plan, header_list};
pub(crate) use reader::InputPath;
use reader::{FileKind, HeaderAt};
use table::Table;

/// One INPUT as written, checked against the catalogue but not yet looked for on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InputSpec {
    pub measure: Option<MeasureId>,
    pub path: InputPath,
    /// This input's header row (from 0), given in a report file; else `--header-row`.
    pub header_row: Option<usize>,
    /// This input's date order, given in a report file; else `--date-order`.
    pub date_order: Option<crate::model::date::DateOrder>,
}

impl InputSpec {
    /// Reads `MEASURE=PATH` or `PATH`. A prefix before `=` that is not a measure is an error,
    /// unless the whole argument is an existing path (file names may contain `=`).
    pub(crate) fn parse(
        arg: impl AsRef<std::ffi::OsStr>,
        catalogue: &Catalogue,
    ) -> Result<InputSpec> {
        let given = arg.as_ref();
        let Some(arg) = given.to_str() else {
            return Ok(InputSpec::not_utf8(given, catalogue));
        };
        if let Some((prefix, path)) = arg.split_once('=') {
            if let Some(measure) = catalogue.by_id(prefix) {
                if path.is_empty() {
                    return Err(Error::usage(format!(
                        "input '{arg}' names no file; write {prefix}=PATH"
                    )));
                }
                return Ok(InputSpec {
                    measure: Some(measure),
                    path: InputPath::from_arg(path),
                    header_row: None,
                    date_order: None,
                });
            }
            if !Path::new(arg).exists() {
                return Err(Error::usage(format!(
                    "input '{arg}': '{prefix}' is not a measure; measures are {}",
                    catalogue.id_list()
                )));
            }
        }
        if arg == "-" {
            return Err(stdin_needs_a_measure());
        }
        Ok(InputSpec::plain(InputPath::from_arg(arg)))
    }

    /// A path with no measure named.
    fn plain(path: InputPath) -> InputSpec {
        InputSpec {
            measure: None,
            path,
            header_row: None,
            date_order: None,
        }
    }

    /// An argument that is not UTF-8 (a Latin-1 file name): `MEASURE=PATH` when its start is a
    /// measure's name and `=`, else a path.
    fn not_utf8(given: &std::ffi::OsStr, catalogue: &Catalogue) -> InputSpec {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = given.as_bytes();
            if let Some(at) = bytes.iter().position(|&b| b == b'=')
                && let Some(measure) = bytes
                    .get(..at)
                    .and_then(|p| std::str::from_utf8(p).ok())
                    .and_then(|p| catalogue.by_id(p))
                && let Some(path) = bytes.get(at + 1..).filter(|p| !p.is_empty())
            {
                return InputSpec {
                    measure: Some(measure),
                    path: InputPath::File(PathBuf::from(std::ffi::OsStr::from_bytes(path))),
                    header_row: None,
                    date_order: None,
                };
            }
        }
        #[cfg(not(unix))]
        let _ = catalogue;
        InputSpec::plain(InputPath::File(PathBuf::from(given)))
    }
}

fn stdin_needs_a_measure() -> Error {
    Error::usage("standard input needs a measure: write MEASURE=- (for example contacts=-)")
}

/// A table and how it will be read.
pub(crate) struct PlannedTable {
    pub table: Table,
    pub plan: Plan,
}

/// Everything the inputs hold, ready to count.
#[derive(Default)]
pub(crate) struct Loaded {
    pub tables: Vec<PlannedTable>,
    pub precounted: Vec<Precounted>,
    /// Files and sheets passed over, and other remarks for the data-quality note.
    pub notes: Vec<String>,
}

impl Loaded {
    /// The input files, to keep an output from overwriting one.
    pub(crate) fn files(&self) -> Vec<&Path> {
        self.tables
            .iter()
            .filter_map(|t| t.table.path.as_file())
            .chain(self.precounted.iter().map(|p| Path::new(p.file.as_str())))
            .collect()
    }
}

/// One file to look at: where it came from decides whether not recognising it is an error.
struct Item {
    path: InputPath,
    measure: Option<MeasureId>,
    /// Found by listing a folder (passed over with a note if not recognised).
    from_folder: bool,
    /// Per-input options from a report file.
    header_row: Option<usize>,
    date_order: Option<crate::model::date::DateOrder>,
}

/// Opens every input, reads its headers and plans how to read it. Data rows are not read yet.
pub(crate) fn load(
    specs: &[InputSpec],
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut seen = HashSet::new();
    // Regular files read so far, with their sizes: a copy of one (`Referrals - Copy.csv`) is
    // read once.
    let mut read: Vec<(u64, PathBuf)> = Vec::new();
    for item in expand(specs, &mut loaded.notes)? {
        let key = (item.measure, identity(&item.path));
        if !seen.insert(key) {
            loaded.notes.push(format!(
                "{}: given more than once; read once",
                item.path.display()
            ));
            continue;
        }
        if let Some(file) = item.path.as_file()
            && reader::kind_of(file) == FileKind::Regular
            && let Ok(size) = file.metadata().map(|m| m.len())
        {
            if let Some((_, original)) = read
                .iter()
                .find(|(n, earlier)| *n == size && same_bytes(earlier, file))
            {
                loaded.notes.push(format!(
                    "{}: the same bytes as {}; read once",
                    file.display(),
                    original.display()
                ));
                continue;
            }
            read.push((size, file.to_path_buf()));
        }
        if item.from_folder
            && let Some(file) = item.path.as_file()
            && reader::kind_of(file) == FileKind::Regular
            && is_ledger(file)
        {
            loaded.notes.push(format!(
                "{}: a cscstats disclosure ledger, not an export; skipped",
                file.display()
            ));
            continue;
        }
        if item.header_row.is_some() || item.date_order.is_some() {
            let mut own = choices.clone();
            own.header_row = item.header_row.or(choices.header_row);
            own.date_order = item.date_order.unwrap_or(choices.date_order);
            load_item(item, &own, catalogue, &mut loaded)?;
        } else {
            load_item(item, choices, catalogue, &mut loaded)?;
        }
    }
    drop_context_feeds(&mut loaded, catalogue);
    check_columns_named(&loaded, choices, catalogue)?;
    if loaded.tables.is_empty() && loaded.precounted.is_empty() {
        let why = loaded
            .notes
            .iter()
            .find(|n| n.contains("ignored") || n.contains("skipped"))
            .cloned()
            .unwrap_or_default();
        return Err(Error::input(
            Location::file(
                specs
                    .iter()
                    .map(|s| s.path.display())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            format!(
                "nothing to count: no input is named after a measure or recognised by its headers ({why})"
            ),
        ));
    }
    for measure in catalogue.ids() {
        let precounted = loaded.precounted.iter().any(|p| p.measure == measure);
        let events = loaded
            .tables
            .iter()
            .any(|t| t.plan.feeds.iter().any(|f| f.measure == measure));
        if precounted && events {
            return Err(Error::usage(format!(
                "{} has both event exports and pre-counted figures; give one or the other",
                catalogue.get(measure).id
            )));
        }
    }
    Ok(loaded)
}

/// Whether `file` is a cscstats disclosure ledger: its first line is the ledger's header.
fn is_ledger(file: &Path) -> bool {
    use std::io::Read;
    let mut start = [0u8; 128];
    let Ok(n) = std::fs::File::open(file).and_then(|mut f| f.read(&mut start)) else {
        return false;
    };
    let header = crate::model::provenance::LEDGER_HEADER.as_bytes();
    start.get(..n).is_some_and(|s| {
        s.starts_with(header) && matches!(s.get(header.len()), Some(b'\r' | b'\n') | None)
    })
}

fn load_item(
    item: Item,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
    loaded: &mut Loaded,
) -> Result<()> {
    let Item {
        path,
        measure,
        from_folder,
        ..
    } = item;
    if let InputPath::File(file) = &path {
        match reader::kind_of(file) {
            FileKind::Device => {
                let why =
                    "is a device or socket, not a file; save the export to a file and name that";
                if from_folder {
                    loaded
                        .notes
                        .push(format!("{}: ignored ({why})", file.display()));
                    return Ok(());
                }
                return Err(Error::input(
                    Location::file(file.display().to_string()),
                    why,
                ));
            }
            FileKind::Pipe if from_folder => {
                loaded.notes.push(format!(
                    "{}: ignored (a pipe in a folder of exports; name it on its own to read it)",
                    file.display()
                ));
                return Ok(());
            }
            FileKind::Pipe if workbook::named_like_workbook(file) => {
                return Err(Error::input(
                    Location::file(file.display().to_string()),
                    "a workbook cannot be read through a pipe; save it to a file and name that",
                ));
            }
            FileKind::Pipe => {
                // Read once, in order: no sniffing, no second pass, no parallel parts.
                let table = Table::csv(
                    path,
                    choices.header_row.map_or(HeaderAt::First, HeaderAt::Given),
                )?;
                let naming = naming_of(measure, None, catalogue);
                return add_table(table, naming, false, choices, catalogue, loaded);
            }
            _ => {}
        }
    }
    if let InputPath::File(file) = &path
        && census_xml::is_xml(file)
    {
        match census_xml::read(file)? {
            Ok(tables) => {
                for table in tables {
                    add_table(table, Naming::Unnamed, true, choices, catalogue, loaded)?;
                }
            }
            Err(root) if from_folder => loaded.notes.push(format!(
                "{}: ignored ({})",
                file.display(),
                census_xml::not_census(&root)
            )),
            Err(root) => {
                return Err(Error::input(
                    Location::file(file.display().to_string()),
                    census_xml::not_census(&root),
                ));
            }
        }
        return Ok(());
    }
    if let InputPath::File(file) = &path
        && workbook::is_workbook(file)
    {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        // The sheet's name, else the workbook's.
        let sheet_naming = |sheet: Option<&str>| {
            let naming = naming_of(measure, sheet, catalogue);
            if naming == Naming::Unnamed {
                naming_of(measure, stem.as_deref(), catalogue)
            } else {
                naming
            }
        };
        let is_header = |sheet: &str, row: &[String]| {
            accepts(sheet_naming(Some(sheet)), choices, catalogue, row)
        };
        let max_cells = match choices.max_cells {
            0 => workbook::DEFAULT_MAX_CELLS,
            n => n,
        };
        let limits = workbook::SheetLimits {
            max_cells,
            include_hidden: choices.include_hidden,
            header_row: choices.header_row,
        };
        let (tables, notes) = workbook::open_workbook(file, &is_header, limits)?;
        loaded.notes.extend(notes);
        let any = !tables.is_empty();
        for table in tables {
            let naming = sheet_naming(table.sheet.as_deref());
            add_table(table, naming, true, choices, catalogue, loaded)?;
        }
        if !any && !from_folder {
            return Err(Error::input(
                Location::file(file.display().to_string()),
                "no sheet of this workbook holds a recognisable list (an Annex A list, a CIN census table, \
                 or a table with an event-date column such as Date of Contact); check the header rows",
            ));
        }
        return Ok(());
    }
    let stem = path
        .as_file()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned());
    let naming = naming_of(measure, stem.as_deref(), catalogue);
    let accept = |row: &[String]| accepts(naming, choices, catalogue, row);
    let header = match choices.header_row {
        Some(row) => HeaderAt::Given(row),
        None => HeaderAt::Find(&accept),
    };
    let table = Table::csv(path, header)?;
    add_table(table, naming, from_folder, choices, catalogue, loaded)
}

/// True when `row` is a header row cscstats can read for a table so named: a layout it
/// knows, a counts table, the named measure's date column (the generic `Date` too), or a
/// column named by `--date-column`.
fn accepts(naming: Naming, choices: &ColumnChoices, catalogue: &Catalogue, row: &[String]) -> bool {
    let named = match naming {
        Naming::Explicit(m) | Naming::Name(m) | Naming::Loose(m) => {
            catalogue.find_date_column(m, row).is_some()
        }
        Naming::Unnamed => false,
    };
    let type_column = match &choices.type_column {
        Some(h) => crate::model::measure::find_column(std::slice::from_ref(h), row).is_some(),
        None => {
            let names = |list: &[&str]| list.iter().map(|h| h.to_string()).collect::<Vec<_>>();
            crate::model::measure::find_column(&names(crate::model::stage_type::TYPE_HEADERS), row)
                .is_some()
                && crate::model::measure::find_column(
                    &names(crate::model::stage_type::STEP_DATE_HEADERS),
                    row,
                )
                .is_some()
        }
    };
    named
        || type_column
        || detect::recognise(row, catalogue)
        || counts::recognise(row, catalogue).is_some()
        || choices
            .dates
            .values()
            .any(|h| crate::model::measure::find_column(std::slice::from_ref(h), row).is_some())
}

/// How a table is named: `MEASURE=PATH` first, then its file's or sheet's name (exactly a
/// measure's, or loosely).
fn naming_of(explicit: Option<MeasureId>, name: Option<&str>, catalogue: &Catalogue) -> Naming {
    match (explicit, name) {
        (Some(m), _) => Naming::Explicit(m),
        (None, Some(name)) => match catalogue.by_file_stem(name) {
            Some(m) => Naming::Name(m),
            None => catalogue
                .by_file_name(name)
                .map_or(Naming::Unnamed, Naming::Loose),
        },
        (None, None) => Naming::Unnamed,
    }
}

/// A column named by `--type-column`, `--context-column` or `--count-column` that no input
/// has is a mistake to report, not an option to ignore silently.
fn check_columns_named(
    loaded: &Loaded,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Result<()> {
    let has = |name: &str| {
        loaded.tables.iter().any(|t| {
            crate::model::measure::find_column(&[name.to_string()], &t.table.headers).is_some()
        })
    };
    let mut named: Vec<(String, &str)> = Vec::new();
    if let Some(column) = &choices.type_column {
        named.push((format!("--type-column \"{column}\""), column));
    }
    for column in &choices.context_columns {
        named.push((format!("--context-column \"{column}\""), column));
    }
    for (measure, column) in &choices.count_columns {
        named.push((
            format!("--count-column {}=\"{column}\"", catalogue.get(*measure).id),
            column,
        ));
    }
    match named.into_iter().find(|(_, column)| !has(column)) {
        Some((option, _)) => Err(Error::usage(format!(
            "{option}: no input has a column of that name; check the spelling against the header rows (cscstats inspect shows them)"
        ))),
        None => Ok(()),
    }
}

/// A stage's date in a table that is not that stage's own counts only where no table holds
/// the stage as its own: otherwise it is context, and the note says so.
fn drop_context_feeds(loaded: &mut Loaded, catalogue: &Catalogue) {
    let primaries: HashSet<MeasureId> = loaded
        .tables
        .iter()
        .flat_map(|t| &t.plan.feeds)
        .filter(|f| f.primary)
        .map(|f| f.measure)
        .collect();
    for planned in &mut loaded.tables {
        let table = planned.table.name();
        let headers = planned.table.headers.clone();
        // In a census module, an earlier stage's date on each row (the episode's referral
        // date) goes without saying: only the module's own stage and later ones are news.
        let own = planned
            .plan
            .feeds
            .iter()
            .filter(|f| f.primary)
            .map(|f| f.measure)
            .min();
        let routine = |m: MeasureId| {
            planned.plan.shape == detect::Shape::CinCensus && own.is_some_and(|own| m < own)
        };
        let context = &mut planned.plan.context;
        planned.plan.feeds.retain(|f| {
            let keep = f.primary || !primaries.contains(&f.measure);
            if !keep {
                context.push(detect::Context {
                    measure: f.measure,
                    column: f.date_column,
                    why: detect::ContextWhy::HeldElsewhere,
                });
                let column = headers.get(f.date_column).map_or("", String::as_str);
                let id = &catalogue.get(f.measure).id;
                if routine(f.measure) {
                    return keep;
                }
                loaded.notes.push(if f.type_filter.is_some() {
                    format!(
                        "{table}: rows whose type is {id} are not counted: another input holds {id}"
                    )
                } else {
                    format!(
                        "{table}: \"{}\" is context here, not counted: another input holds {id}",
                        detect::capped(column)
                    )
                });
            }
            keep
        });
    }
}

/// Plans one table; one nothing in which is recognised is an error, or (`lenient`: listed from
/// a folder, or a sheet of a workbook) a note.
fn add_table(
    table: Table,
    naming: Naming,
    lenient: bool,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
    loaded: &mut Loaded,
) -> Result<()> {
    let parts = if choices.header_row.is_some() {
        vec![table]
    } else {
        // Any row a table's header could be: the layouts cscstats knows, whatever the name.
        let accept = |row: &[String]| accepts(Naming::Unnamed, choices, catalogue, row);
        sections::split(table, &accept)?
    };
    if parts.len() > 1 {
        let lines: Vec<String> = parts.iter().map(|t| t.header_line.to_string()).collect();
        loaded.notes.push(format!(
            "{}: holds {} tables, read one by one (header rows on lines {})",
            parts
                .first()
                .map(|t| t.location().to_string())
                .unwrap_or_default(),
            parts.len(),
            lines.join(", ")
        ));
    }
    // With several tables in it, a file's name says nothing of each: their content does.
    let naming = match naming {
        Naming::Name(_) | Naming::Loose(_) if parts.len() > 1 => Naming::Unnamed,
        other => other,
    };
    for part in parts {
        add_one_table(part, naming, lenient, choices, catalogue, loaded)?;
    }
    Ok(())
}

fn add_one_table(
    mut table: Table,
    naming: Naming,
    lenient: bool,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
    loaded: &mut Loaded,
) -> Result<()> {
    // Counts are known by their layout, whatever the file is called; `MEASURE=PATH` says
    // the rows are events.
    if !matches!(naming, Naming::Explicit(_))
        && let Some(layout) = counts::recognise(&table.headers, catalogue)
    {
        let read = counts::read(&mut table, &layout, catalogue)?;
        loaded.notes.extend(read.notes);
        loaded.precounted.extend(read.figures);
        return Ok(());
    }
    match detect::plan(
        &table.headers,
        &table.location(),
        naming,
        choices,
        catalogue,
    )? {
        Some(plan) => {
            loaded.notes.extend(header_notes(&table));
            table.empty_is_none |= plan.shape == detect::Shape::CinCensus;
            for context in &plan.context {
                let (measure, column) = (&context.measure, context.column);
                let header = table.headers.get(column).map_or("", String::as_str);
                if context.why == detect::ContextWhy::ByType {
                    loaded.notes.push(format!(
                        "{}: \"{}\" is context here, not counted: the table has a row per step, counted by its type column",
                        table.name(),
                        detect::capped(header),
                    ));
                    continue;
                }
                loaded.notes.push(format!(
                    "{}: \"{}\" is context here, not counted: an earlier stage ({}) than the table's own",
                    table.name(),
                    detect::capped(header),
                    catalogue.get(*measure).id
                ));
            }
            table.release();
            loaded.tables.push(PlannedTable { table, plan });
        }
        None => {
            if let Some(list) = annex_a::detect(&table.headers) {
                loaded.notes.push(format!(
                    "{}: {} holds no measure cscstats counts; skipped",
                    table.name(),
                    list.describe()
                ));
            } else if lenient {
                loaded.notes.push(format!(
                    "{}: ignored (not named after a measure, and its headers are not an Annex A list, a CIN census \
                     table or an export with a known event-date column)",
                    table.name()
                ));
            } else if counts::looks_counted(&table.headers) {
                return Err(Error::input(
                    table.location(),
                    format!(
                        "this looks like figures already counted, but in no shape cscstats reads; write it as {}",
                        counts::SHAPES
                    ),
                ));
            } else {
                return Err(Error::input(
                    table.location(),
                    format!(
                        "cannot tell which measure this file holds: {}, and its header is not an Annex A list's, \
                         a CIN census table's or an export's with a known event-date column; name the file after a measure \
                         (contacts.csv, …) or write MEASURE={}",
                        header_list(&table.headers),
                        table.path.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Remarks on a header row: columns with no name, names that appear twice.
fn header_notes(table: &Table) -> Vec<String> {
    let mut notes = Vec::new();
    let blank: Vec<String> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.is_empty())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !blank.is_empty() {
        let plural = if blank.len() == 1 { "" } else { "s" };
        notes.push(format!(
            "{}: {} column{plural} with no header name (column{plural} {}), not used",
            table.name(),
            blank.len(),
            blank.join(", ")
        ));
    }
    // In order of first sight, found by name: linear however many columns there are.
    let mut seen: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, header) in table
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
    {
        let key = crate::model::measure::normalize(header);
        match at.get(&key).and_then(|&k| seen.get_mut(k)) {
            Some((_, columns)) => columns.push(i + 1),
            None => {
                at.insert(key.clone(), seen.len());
                seen.push((key, vec![i + 1]));
            }
        }
    }
    for (_, columns) in seen.iter().filter(|(_, c)| c.len() > 1) {
        let first = columns.first().copied().unwrap_or(1);
        let name = table.headers.get(first - 1).cloned().unwrap_or_default();
        let list: Vec<String> = columns.iter().map(usize::to_string).collect();
        notes.push(format!(
            "{}: the header \"{name}\" appears in columns {}; the first is used",
            table.name(),
            list.join(" and ")
        ));
    }
    notes
}

/// Expands folders into their files, in name order.
fn expand(specs: &[InputSpec], notes: &mut Vec<String>) -> Result<Vec<Item>> {
    let mut items = Vec::new();
    for spec in specs {
        match &spec.path {
            InputPath::Stdin => {
                let measure = spec.measure.ok_or_else(stdin_needs_a_measure)?;
                items.push(Item {
                    path: InputPath::Stdin,
                    measure: Some(measure),
                    from_folder: false,
                    header_row: spec.header_row,
                    date_order: spec.date_order,
                });
            }
            InputPath::File(path) if path.is_dir() => {
                items.extend(expand_folder(path, spec, notes)?);
            }
            InputPath::File(path) if !path.exists() => {
                return Err(Error::input(
                    Location::file(path.display().to_string()),
                    "no such file; check the path (run from the folder the path is relative to)",
                ));
            }
            InputPath::File(_) => items.push(Item {
                path: spec.path.clone(),
                measure: spec.measure,
                from_folder: false,
                header_row: spec.header_row,
                date_order: spec.date_order,
            }),
        }
    }
    Ok(items)
}

/// The same file reached by two spellings is read once.
/// True when a file's name says it is a copy of another: `… - Copy`, `Copy of …`, `… (1)`.
fn is_copy_name(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    stem.contains("copy")
        || stem
            .rsplit_once(" (")
            .is_some_and(|(_, n)| n.trim_end_matches(')').parse::<u32>().is_ok())
}

/// True when two files hold the same bytes (compared as they are read; false when either
/// cannot be read).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(mut a), Ok(mut b)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let (Ok(n), Ok(m)) = (read_full(&mut a, &mut x), read_full(&mut b, &mut y)) else {
            return false;
        };
        if n != m || x.get(..n) != y.get(..m) {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

/// Reads until `buf` is full or the file ends: how many bytes were read.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
        match file.read(rest)? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn identity(path: &InputPath) -> PathBuf {
    match path {
        InputPath::File(p) => p.canonicalize().unwrap_or_else(|_| p.clone()),
        InputPath::Stdin => PathBuf::from("-"),
    }
}

/// Text exports read from a folder: comma, semicolon or tab separated, as the file says.
const TEXT_EXTENSIONS: &[&str] = &["csv", "tsv", "txt"];

fn is_readable_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        TEXT_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t))
            || e.eq_ignore_ascii_case("xml")
            || workbook::EXTENSIONS
                .iter()
                .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// A `.txt` file in a folder whose first lines hold no comma, semicolon or tab: notes, not a
/// table.
fn is_prose(path: &Path) -> bool {
    use std::io::Read;
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok() && !head.iter().any(|b| matches!(b, b',' | b';' | b'\t'))
}

/// The `*.csv` files and workbooks of a folder (not its sub-folders), in name order.
fn expand_folder(folder: &Path, spec: &InputSpec, notes: &mut Vec<String>) -> Result<Vec<Item>> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, "cannot list", e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']))
        })
        .collect();
    // In name order, copies (`Referrals - Copy.csv`, `Referrals (1).csv`) after the rest, so
    // that a copy is the one passed over as the same bytes.
    paths.sort_by_key(|p| (is_copy_name(p), p.clone()));
    let mut items = Vec::new();
    for path in paths {
        if path.is_dir() || !is_readable_file(&path) || is_prose(&path) {
            let what = if path.is_dir() {
                "a folder"
            } else if is_readable_file(&path) {
                "a text file with no separated columns, not an export"
            } else {
                "not a .csv, .tsv or .txt export or a workbook"
            };
            notes.push(format!("{}: ignored ({what})", path.display()));
            continue;
        }
        items.push(Item {
            path: InputPath::File(path),
            measure: spec.measure,
            from_folder: true,
            header_row: spec.header_row,
            date_order: spec.date_order,
        });
    }
    if items.is_empty() {
        return Err(Error::input(
            Location::file(folder.display().to_string()),
            "this folder holds no .csv, .tsv or .txt exports or workbooks; point at the folder of exports, or at the files themselves",
        ));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_specs() {
        let c = Catalogue::builtin();
        let spec = InputSpec::parse("icpcs=data/list5.csv", &c).unwrap();
        assert_eq!(spec.measure, c.by_id("icpcs"));
        assert_eq!(spec.path, InputPath::File("data/list5.csv".into()));
        let spec = InputSpec::parse("contacts=-", &c).unwrap();
        assert_eq!(spec.path, InputPath::Stdin);
        let err = InputSpec::parse("contact=x.csv", &c)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "input 'contact=x.csv': 'contact' is not a measure; measures are contacts, referrals, \
             assessments, strategy-discussions, s47-enquiries, icpcs, cp-plan-starts"
        );
        assert!(
            InputSpec::parse("-", &c)
                .unwrap_err()
                .to_string()
                .contains("MEASURE=-")
        );
        assert_eq!(InputSpec::parse("x.csv", &c).unwrap().measure, None);
    }
}
