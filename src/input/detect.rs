//! What a table holds: its `Shape` (and the facts each shape answers for the later stages),
//! which measures it feeds and from which columns. Headers that prove a layout win over a
//! name; otherwise a table is taken as the measure its name (or `MEASURE=`) gives; otherwise
//! as every measure whose own date header it has (see [`plan`]).

use std::collections::HashMap;

use crate::input::{annex_a, census};
use crate::model::date::DateOrder;
use crate::model::error::{Error, Location, Result};
use crate::model::identity::{event_id_column, step_id_column};
use crate::model::measure::{
    Catalogue, MeasureId, find_column, find_id_column, is_birth_date, is_generic_date,
};
use crate::model::stage_type::{STEP_DATE_HEADERS, TYPE_HEADERS, TypeMap};

/// What kind of export a table looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An export with no recognised layout (a case-management report).
    Export,
    AnnexA(&'static annex_a::List),
    CinCensus,
    /// A long workflow table: one row per step, the stage in a type column.
    Workflow,
    /// A table of the Standard Safeguarding Dataset.
    Ssd(&'static crate::input::ssd::SsdTable),
}

impl Shape {
    /// Annex A lists and CIN census tables come in overlapping extracts.
    pub fn overlaps_when_merged(self) -> bool {
        !matches!(self, Shape::Export | Shape::Workflow | Shape::Ssd(_))
    }

    pub fn describe(self) -> Option<String> {
        match self {
            Shape::Export => None,
            Shape::AnnexA(list) => Some(list.describe()),
            Shape::CinCensus => Some("CIN census table".to_string()),
            Shape::Workflow => Some("workflow table".to_string()),
            Shape::Ssd(table) => Some(table.describe()),
        }
    }

    /// The layout's name in `inspect` (`annex-a-list-5`, `workflow`, `ssd`, …).
    pub(crate) fn layout(self) -> String {
        match self {
            Shape::Export => "export".to_string(),
            Shape::AnnexA(list) => format!("annex-a-list-{}", list.number),
            Shape::CinCensus => "cin-census".to_string(),
            Shape::Workflow => "workflow".to_string(),
            Shape::Ssd(_) => "ssd".to_string(),
        }
    }

    /// What in `headers` showed the layout, for `inspect` (a workflow table's type column is
    /// its plan's, given by the caller).
    pub(crate) fn evidence(self, headers: &[String]) -> String {
        match self {
            Shape::Export | Shape::Workflow => String::new(),
            Shape::AnnexA(list) => annex_a::evidence(list, headers),
            Shape::CinCensus => "LAchildID and the census date columns".to_string(),
            Shape::Ssd(table) => format!("{} and {}", table.date, table.person),
        }
    }

    /// A list of open cases (Annex A's lists of children in need, on plans, …): earlier
    /// starts appear only for cases still open in its window.
    pub(crate) fn lists_open_cases(self) -> bool {
        matches!(self, Shape::AnnexA(list) if list.open_cases.is_some())
    }

    /// One row per later stage, each carrying its episode's referral date (the CIN census):
    /// a (child, date) pair repeats by the table's grain, not because events repeat.
    pub(crate) fn repeats_by_grain(self) -> bool {
        self == Shape::CinCensus
    }

    /// An Annex A list: a whole return never has strategy discussions.
    pub(crate) fn is_annex_a(self) -> bool {
        matches!(self, Shape::AnnexA(_))
    }

    /// The Standard Safeguarding Dataset table, whose ID columns link it to the others.
    pub(crate) fn ssd_table(self) -> Option<&'static crate::input::ssd::SsdTable> {
        match self {
            Shape::Ssd(table) => Some(table),
            _ => None,
        }
    }
}

/// One measure read from one table, and the columns it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Feed {
    pub measure: MeasureId,
    /// The table's own measure (from its layout, its name, an explicit `MEASURE=PATH`, or its
    /// earliest date in the chain), rather than a later stage's date it carries.
    pub primary: bool,
    pub date_column: usize,
    /// A blank date means the event did not happen (not a bad row).
    pub blank_is_none: bool,
    /// Day first (the default) or, by `--date-order month-first`, month first.
    pub date_order: DateOrder,
    pub id_column: Option<usize>,
    /// The event's own ID (a referral's ID, an episode's, a workflow step's): two rows with
    /// one ID and date are one event (README, "One event, counted once").
    pub event_column: Option<usize>,
    /// Where the event came from (contact or referral source): part of the duplicate key.
    pub source_column: Option<usize>,
    /// The `--by` column.
    pub by_column: Option<usize>,
    /// In a workflow table: the type column and what its values mean. A row counts for this
    /// measure only when its type says so.
    pub type_filter: Option<TypeFilter>,
    /// In a list of open cases (Annex A Lists 6 and 7): the column of the case's end date.
    pub closed_column: Option<usize>,
}

/// A workflow table's type column and the names of each stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeFilter {
    pub column: usize,
    /// Named by `--type-column` (not found by its header): a column none of whose values
    /// names a stage is then a mistake, not a table to pass over.
    pub asked: bool,
    pub map: std::sync::Arc<TypeMap>,
}

/// What decided a table's primary measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChosenBy {
    /// `MEASURE=PATH`.
    Explicit,
    /// Its headers prove a layout (an Annex A list, a CIN census table).
    Layout,
    /// The file's or sheet's name.
    Name,
    /// The earliest stage in the chain whose date column it has.
    EarliestDate,
    /// A type column says each row's stage.
    TypeColumn,
}

impl ChosenBy {
    /// As `inspect` JSON writes it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ChosenBy::Explicit => "explicit",
            ChosenBy::Layout => "layout",
            ChosenBy::Name => "name",
            ChosenBy::EarliestDate => "earliest-date",
            ChosenBy::TypeColumn => "type-column",
        }
    }
}

/// A stage's date column a table carries but does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Context {
    pub measure: MeasureId,
    pub column: usize,
    pub why: ContextWhy,
}

/// Why a stage's date column is context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContextWhy {
    /// An earlier stage than the table's own.
    Upstream,
    /// A later stage left to another input that holds the stage as its own.
    HeldElsewhere,
    /// `--context-column`.
    Asked,
    /// A stage's date on every row of a workflow table, counted by its type column.
    ByType,
}

impl Context {
    pub(crate) fn why(&self) -> &'static str {
        match self.why {
            ContextWhy::Upstream => "an earlier stage than the table's own",
            ContextWhy::HeldElsewhere => "another input holds this stage",
            ContextWhy::Asked => "--context-column",
            ContextWhy::ByType => {
                "a workflow table is counted by its type column, one event per step"
            }
        }
    }
}

/// How a table will be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub shape: Shape,
    /// What decided the primary measure.
    pub chosen_by: ChosenBy,
    pub feeds: Vec<Feed>,
    /// Stages' date columns the table carries as context, not counted.
    pub context: Vec<Context>,
    /// Headers of an Annex A list that are not in the Ofsted template.
    pub unrecognised: Vec<String>,
    /// The measure the file's or sheet's name gave, where the content decided otherwise
    /// (a layout, a type column): content before names.
    pub overruled_name: Option<MeasureId>,
}

/// Column choices made on the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColumnChoices {
    /// `--date-column`, by measure.
    pub dates: HashMap<MeasureId, String>,
    /// `--id-column`, by measure.
    pub ids: HashMap<MeasureId, String>,
    /// `--event-id-column`, by measure.
    pub event_ids: HashMap<MeasureId, String>,
    /// `--by`.
    pub by: Option<String>,
    /// Counting children needs a child-ID column in every table.
    pub need_id: bool,
    /// The most cells a worksheet may span (`--max-cells`); 0 is the default.
    pub max_cells: u64,
    /// Read hidden worksheets too (`--include-hidden`).
    pub include_hidden: bool,
    /// `--header-row N`, from 0: the header row of every table, instead of finding it.
    pub header_row: Option<usize>,
    /// `--date-order`: how numeric dates are read.
    pub date_order: DateOrder,
    /// `--context-column`: columns never counted, in any table.
    pub context_columns: Vec<String>,
    /// `--count-column MEASURE=HEADER`: columns counted for a measure wherever they are.
    pub count_columns: HashMap<MeasureId, String>,
    /// `--type-column`: the column of a workflow table that says each row's stage.
    pub type_column: Option<String>,
    /// The stage names for type columns, built in and from `--type`.
    pub types: std::sync::Arc<TypeMap>,
}

/// True when a row of headers is one cscstats can read without being told the measure:
/// used to find the header row of a worksheet.
pub(crate) fn recognise(headers: &[String], catalogue: &Catalogue) -> bool {
    annex_a::detect(headers).is_some()
        || census::detect(headers)
        || catalogue
            .ids()
            .any(|m| catalogue.find_specific_date_column(m, headers).is_some())
}

/// The shape of a table from its headers.
pub(crate) fn shape(headers: &[String]) -> Shape {
    match annex_a::detect(headers) {
        Some(list) => Shape::AnnexA(list),
        None if census::detect(headers) => Shape::CinCensus,
        None => match crate::input::ssd::detect(headers) {
            Some(table) => Shape::Ssd(table),
            None => Shape::Export,
        },
    }
}

/// Plans how to read a table with `headers` at `location`. `measure` is the measure its name
/// or `MEASURE=` gives, if any. `None` when nothing in it is recognised.
/// How a table's measure was named, if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// `MEASURE=PATH`: that measure, every dated row, whatever the headers say.
    Explicit(MeasureId),
    /// The file's or sheet's name: its primary measure, unless its headers prove a layout.
    Name(MeasureId),
    /// A name that reads loosely as a measure (`Assessments report 2021-04-05`): as `Name`
    /// when the table has that measure's date column, else as if unnamed.
    Loose(MeasureId),
    Unnamed,
}

/// Which measures a table feeds, in one rule (README, "Which file feeds which measure"):
/// - headers that prove a layout win over a name: an Annex A list feeds its measures whatever
///   it is called; a CIN census module named after one of its measures feeds that one and the
///   later stages it holds;
/// - otherwise the primary measure is the one named (explicitly, or by the file's name), or
///   the earliest stage in the chain whose date column the table has;
/// - besides its primary measure a table feeds only stages *downstream* in the chain whose
///   dates it carries (an S47 report's ICPC date); upstream dates are context;
/// - an explicit `MEASURE=PATH` feeds only that measure.
///
/// Across tables, [`crate::input::load`] then drops a downstream feed wherever another table
/// holds that measure as its primary.
pub(crate) fn plan(
    headers: &[String],
    location: &Location,
    naming: Naming,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Result<Option<Plan>> {
    let shape = shape(headers);
    let dated: Vec<MeasureId> = catalogue
        .ids()
        .filter(|&m| {
            choices.dates.contains_key(&m)
                || catalogue.find_specific_date_column(m, headers).is_some()
        })
        .collect();
    let type_column = type_column(headers, naming, shape, &dated, choices, catalogue);
    if let Some(column) = type_column {
        let mut plan = workflow_plan(headers, location, naming, column, choices, catalogue)?;
        plan.context = dated
            .iter()
            .filter_map(|&m| {
                catalogue
                    .find_specific_date_column(m, headers)
                    .map(|c| (m, c))
            })
            .filter(|&(_, c)| plan.feeds.first().is_none_or(|f| f.date_column != c))
            .map(|(measure, column)| Context {
                measure,
                column,
                why: ContextWhy::ByType,
            })
            .collect();
        return Ok(Some(plan));
    }
    let naming = settle_naming(naming, headers, choices, catalogue);
    let (primary, measures) = primary_and_measures(naming, shape, headers, &dated, catalogue);
    if measures.is_empty() {
        return Ok(None);
    }
    let feeds = measures
        .iter()
        .map(|&m| {
            let mut f = feed(headers, location, m, shape, choices, catalogue)?;
            f.primary = primary.contains(&m);
            // A later stage's blank date means it has not happened: no event, not a bad row.
            f.blank_is_none |= !f.primary;
            Ok(f)
        })
        .collect::<Result<Vec<_>>>()?;
    let context = if shape == Shape::Export {
        dated
            .iter()
            .filter(|m| !measures.contains(m))
            .filter_map(|&m| {
                Some(Context {
                    measure: m,
                    column: catalogue.find_date_column(m, headers)?,
                    why: ContextWhy::Upstream,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let (feeds, context) =
        move_across_the_line(feeds, context, headers, location, shape, choices, catalogue)?;
    let unrecognised = match shape {
        Shape::AnnexA(list) => annex_a::unrecognised(list, headers),
        _ => Vec::new(),
    };
    let chosen_by = ChosenBy::of(naming, shape);
    let overruled_name = match (naming, chosen_by) {
        (Naming::Name(m), ChosenBy::Layout) if !primary.contains(&m) => Some(m),
        _ => None,
    };
    Ok(Some(Plan {
        shape,
        chosen_by,
        feeds,
        context,
        unrecognised,
        overruled_name,
    }))
}

/// The column that says each row's stage, making the table a workflow table: asked for by
/// `--type-column`, or in a table of no known layout with a type column and a step date of
/// its own (not a stage's date), whatever it is called: content before names. A stage's date
/// on every step (the episode's referral date) is then context.
fn type_column(
    headers: &[String],
    naming: Naming,
    shape: Shape,
    dated: &[MeasureId],
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Option<usize> {
    match &choices.type_column {
        Some(name) => find_column(std::slice::from_ref(name), headers),
        None if !matches!(naming, Naming::Explicit(_))
            && shape == Shape::Export
            && step_date_column(headers, None, dated, choices, catalogue).is_some() =>
        {
            let known: Vec<String> = TYPE_HEADERS.iter().map(|h| h.to_string()).collect();
            // A date is never the type column, however loosely `Step` matches `Step Date`.
            let undated: Vec<String> = headers
                .iter()
                .map(|h| {
                    if crate::model::measure::tokens(h).iter().any(|w| w == "date") {
                        String::new()
                    } else {
                        h.clone()
                    }
                })
                .collect();
            find_column(&known, &undated)
        }
        None => None,
    }
}

/// A loose name (`Assessments report 2021-04-05`) counts as a name when the table has that
/// measure's date column, else as no name.
fn settle_naming(
    naming: Naming,
    headers: &[String],
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Naming {
    match naming {
        Naming::Loose(m)
            if choices.dates.contains_key(&m)
                || catalogue.find_date_column(m, headers).is_some() =>
        {
            Naming::Name(m)
        }
        Naming::Loose(_) => Naming::Unnamed,
        other => other,
    }
}

/// The rule of [`plan`]'s comment: the table's primary measures, and every measure it feeds
/// (`dated` are the measures whose own date columns it has, in chain order).
fn primary_and_measures(
    naming: Naming,
    shape: Shape,
    headers: &[String],
    dated: &[MeasureId],
    catalogue: &Catalogue,
) -> (Vec<MeasureId>, Vec<MeasureId>) {
    let layout = |ids: Vec<MeasureId>| (ids.clone(), ids);
    match (naming, shape) {
        (Naming::Explicit(m), _) => (vec![m], vec![m]),
        (_, Shape::AnnexA(list)) => layout(
            list.measures
                .iter()
                .filter_map(|id| catalogue.by_id(id))
                .collect(),
        ),
        (_, Shape::Ssd(table)) => layout(catalogue.by_id(table.measure).into_iter().collect()),
        // A CIN census module named after its measure (Section47.csv): that measure, and the
        // later stages it holds; the referral date repeated on each row is context.
        (Naming::Name(m), Shape::CinCensus) => {
            let held: Vec<MeasureId> = census::measures(headers)
                .iter()
                .filter_map(|id| catalogue.by_id(id))
                .collect();
            if held.contains(&m) {
                (vec![m], held.into_iter().filter(|h| *h >= m).collect())
            } else {
                layout(held)
            }
        }
        // A census module's own measure is its latest stage but the conference: the
        // census records an ICPC in either of two places (Section47, or CINdetails), so
        // neither holds ICPCs as its own and both count, each conference once.
        (Naming::Unnamed | Naming::Loose(_), Shape::CinCensus) => {
            let held: Vec<MeasureId> = census::measures(headers)
                .iter()
                .filter_map(|id| catalogue.by_id(id))
                .collect();
            let icpc = catalogue.by_id(census::IN_TWO_PLACES);
            let own = held.iter().copied().filter(|&m| Some(m) != icpc).max();
            (own.into_iter().collect(), held)
        }
        (Naming::Name(m), Shape::Export | Shape::Workflow) => {
            let mut measures = vec![m];
            measures.extend(dated.iter().copied().filter(|d| *d > m));
            (vec![m], measures)
        }
        (Naming::Unnamed | Naming::Loose(_), Shape::Export | Shape::Workflow) => {
            match dated.first() {
                Some(&first) => (vec![first], dated.to_vec()),
                None => (Vec::new(), Vec::new()),
            }
        }
    }
}

impl ChosenBy {
    /// How a table's primary measure was chosen: by `MEASURE=`, by a layout its headers
    /// prove, by its name, or as its earliest date.
    fn of(naming: Naming, shape: Shape) -> ChosenBy {
        match (naming, shape) {
            (Naming::Explicit(_), _) => ChosenBy::Explicit,
            (_, Shape::AnnexA(_) | Shape::CinCensus | Shape::Ssd(_)) => ChosenBy::Layout,
            (Naming::Name(_), _) => ChosenBy::Name,
            _ => ChosenBy::EarliestDate,
        }
    }
}

/// `--context-column` makes a counted column context; `--count-column MEASURE=HEADER` counts a
/// column that would be context (or not read) for that measure, as the table's own.
fn move_across_the_line(
    mut feeds: Vec<Feed>,
    mut context: Vec<Context>,
    headers: &[String],
    location: &Location,
    shape: Shape,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Result<(Vec<Feed>, Vec<Context>)> {
    for name in &choices.context_columns {
        let Some(column) = find_column(std::slice::from_ref(name), headers) else {
            continue;
        };
        while let Some(at) = feeds.iter().position(|f| f.date_column == column) {
            let f = feeds.remove(at);
            context.push(Context {
                measure: f.measure,
                column,
                why: ContextWhy::Asked,
            });
        }
    }
    for (&measure, name) in &choices.count_columns {
        let Some(column) = find_column(std::slice::from_ref(name), headers) else {
            continue;
        };
        if feeds.iter().any(|f| f.measure == measure) {
            continue;
        }
        context.retain(|c| c.column != column);
        let mut f = feed(headers, location, measure, shape, choices, catalogue).or_else(|_| {
            let mut only = ColumnChoices {
                need_id: choices.need_id,
                by: choices.by.clone(),
                ..ColumnChoices::default()
            };
            only.dates.insert(measure, name.clone());
            feed(headers, location, measure, shape, &only, catalogue)
        })?;
        f.date_column = column;
        f.primary = true;
        f.blank_is_none = true;
        f.date_order = choices.date_order;
        feeds.push(f);
    }
    Ok((feeds, context))
}

/// The plan for a workflow table whose type column is `type_column`: one feed per stage (or
/// only the `MEASURE=` one), all from the step date, each row counted for the stage its type
/// names.
fn workflow_plan(
    headers: &[String],
    location: &Location,
    naming: Naming,
    type_column: usize,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Result<Plan> {
    let date_column = step_date_column(headers, Some(type_column), &[], choices, catalogue)
        .ok_or_else(|| {
            Error::input(
                location.clone(),
                format!(
                    "a workflow table (by its type column) with no step date column found ({}); pass --date-column MEASURE=HEADER, or name the type column with --type-column HEADER",
                    header_list(headers)
                ),
            )
        })?;
    let measures: Vec<MeasureId> = match naming {
        Naming::Explicit(m) => vec![m],
        _ => catalogue.ids().collect(),
    };
    let by_column = match &choices.by {
        Some(header) => Some(find_column(std::slice::from_ref(header), headers).ok_or_else(
            || {
                Error::input(
                    location.clone(),
                    format!(
                        "--by \"{header}\": no such column ({}); check the spelling against the header row",
                        header_list(headers)
                    ),
                )
            },
        )?),
        None => None,
    };
    let id_column = find_id_column(headers);
    if choices.need_id && id_column.is_none() {
        return Err(Error::input(
            location.clone(),
            format!(
                "no child-ID column found to count children ({}); pass --id-column MEASURE=HEADER",
                header_list(headers)
            ),
        ));
    }
    let filter = TypeFilter {
        column: type_column,
        asked: choices.type_column.is_some(),
        map: choices.types.clone(),
    };
    Ok(Plan {
        shape: Shape::Workflow,
        chosen_by: ChosenBy::TypeColumn,
        feeds: measures
            .into_iter()
            .map(|measure| Feed {
                measure,
                // A stage's rows here count unless another input holds the stage as its own
                // (then they are context, as a later stage's date in a report would be).
                primary: false,
                date_column,
                blank_is_none: false,
                date_order: choices.date_order,
                id_column: choices
                    .ids
                    .get(&measure)
                    .and_then(|h| find_column(std::slice::from_ref(h), headers))
                    .or(id_column),
                source_column: None,
                event_column: choices
                    .event_ids
                    .get(&measure)
                    .and_then(|h| find_column(std::slice::from_ref(h), headers))
                    .or_else(|| step_id_column(headers))
                    .or_else(|| event_id_column(catalogue.get(measure), headers)),
                by_column,
                type_filter: Some(filter.clone()),
                closed_column: None,
            })
            .collect(),
        context: Vec::new(),
        unrecognised: Vec::new(),
        overruled_name: match naming {
            Naming::Name(m) | Naming::Loose(m) => Some(m),
            _ => None,
        },
    })
}

/// A workflow table's step date: the column `--date-column` names, else one of the step-date
/// names — never the type column, a date of birth, or (when `dated` lists stages) one of
/// those stages' own date columns.
fn step_date_column(
    headers: &[String],
    type_column: Option<usize>,
    dated: &[MeasureId],
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Option<usize> {
    let stage_dates: Vec<usize> = dated
        .iter()
        .filter_map(|&m| catalogue.find_specific_date_column(m, headers))
        .collect();
    // The type column and the stages' own dates are never the step date, however loosely
    // their names match.
    let others: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if Some(i) == type_column || stage_dates.contains(&i) {
                String::new()
            } else {
                h.clone()
            }
        })
        .collect();
    let dates: Vec<String> = STEP_DATE_HEADERS.iter().map(|h| h.to_string()).collect();
    choices
        .dates
        .values()
        .find_map(|h| find_column(std::slice::from_ref(h), &others))
        .or_else(|| find_column(&dates, &others))
        .filter(|&c| headers.get(c).is_some_and(|h| !is_birth_date(h)))
}

fn feed(
    headers: &[String],
    location: &Location,
    measure: MeasureId,
    shape: Shape,
    choices: &ColumnChoices,
    catalogue: &Catalogue,
) -> Result<Feed> {
    let id = &catalogue.get(measure).id;
    let named = |flag: &str, header: &str| -> Result<usize> {
        find_column(&[header.to_string()], headers)
            .or_else(|| column_number(header, headers))
            .ok_or_else(|| {
            Error::input(
                location.clone(),
                format!(
                    "{flag}\"{header}\": no such column ({}); check the spelling against the header row",
                    header_list(headers)
                ),
            )
        })
    };
    let date_column = match choices.dates.get(&measure) {
        Some(header) => named(&format!("--date-column {id}="), header)?,
        None => {
            let column = catalogue.find_date_column(measure, headers);
            let generic: Vec<usize> = (0..headers.len())
                .filter(|&c| headers.get(c).is_some_and(|h| is_generic_date(h)))
                .collect();
            if let (Some(column), [first, second, ..]) = (column, generic.as_slice())
                && generic.contains(&column)
            {
                let at = |c: usize| {
                    format!(
                        "\"{}\" (column {})",
                        capped(headers.get(c).map_or("", String::as_str)),
                        c + 1
                    )
                };
                return Err(Error::input(
                    location.clone(),
                    format!(
                        "{} and {} could each be the {id} date; pass --date-column {id}=N with the right column's number (or its name, if the names differ)",
                        at(*first),
                        at(*second)
                    ),
                ));
            }
            column.ok_or_else(|| {
                Error::input(
                    location.clone(),
                    format!(
                        "no event-date column for {id} found ({}); pass --date-column {id}=HEADER",
                        header_list(headers)
                    ),
                )
            })?
        }
    };
    let id_column = match choices.ids.get(&measure) {
        Some(header) => Some(named(&format!("--id-column {id}="), header)?),
        None => find_id_column(headers),
    };
    if choices.need_id && id_column.is_none() {
        return Err(Error::input(
            location.clone(),
            format!(
                "no child-ID column found to count children ({}); pass --id-column {id}=HEADER",
                header_list(headers)
            ),
        ));
    }
    let by_column = match &choices.by {
        // A column the SSD renamed is found by either name.
        Some(header) => Some(named("--by ", header).or_else(|e| {
            crate::input::ssd::other_name(header)
                .and_then(|other| find_column(&[other.to_string()], headers))
                .ok_or(e)
        })?),

        None => None,
    };
    let date_header = headers.get(date_column).map_or("", String::as_str);
    Ok(Feed {
        measure,
        primary: true,
        date_column,
        date_order: choices.date_order,
        blank_is_none: shape == Shape::CinCensus
            || catalogue.is_optional_date(measure, date_header),
        id_column,
        source_column: catalogue.find_source_column(measure, headers),
        event_column: match choices.event_ids.get(&measure) {
            Some(header) => Some(named(&format!("--event-id-column {id}="), header)?),
            None => event_id_column(catalogue.get(measure), headers),
        },
        by_column,
        type_filter: None,
        // An open-cases list's end date: a case closed before the list's window shows that
        // the list holds closed cases too (it is complete before its window).
        closed_column: match shape {
            Shape::AnnexA(list) => list
                .open_cases
                .and_then(|key| find_column(&[key.to_string()], headers)),
            _ => None,
        },
    })
}

/// A column given by its number (from 1) where no header has that name: two columns both
/// headed `Date` can only be told apart so.
fn column_number(given: &str, headers: &[String]) -> Option<usize> {
    let n: usize = given.trim().trim_start_matches('#').parse().ok()?;
    (1..=headers.len()).contains(&n).then(|| n - 1)
}

/// How many rows from the top of a sheet or CSV are searched for its header row.
pub(crate) const HEADER_SEARCH_ROWS: usize = 50;

/// The header row among the top `rows` of a table (README, "Which row is the header"): the
/// first row that `accept`s — one cscstats can read, by the layouts it knows, the measure the
/// table is named after or the columns named on the command line — and that does not look like
/// data (dates, numbers, IDs: a data row holding a cell such as "S47" is not a header). Among
/// several, one directly above a row of data is preferred. `None` when no row is.
pub(crate) fn choose_header(
    rows: &[Vec<String>],
    accept: &dyn Fn(&[String]) -> bool,
) -> Option<usize> {
    let candidates: Vec<usize> = rows
        .iter()
        .enumerate()
        .take(HEADER_SEARCH_ROWS)
        .filter(|(_, row)| {
            // A scorecard's header is a measure column and periods, often date cells.
            (!looks_like_data(row) || names_periods(row)) && accept(row)
        })
        .map(|(i, _)| i)
        .collect();
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
    // The next row with data in it; below a header of several columns, a row of one cell is
    // a section heading (`Front Door` in a scorecard), passed over.
    let above_data = |&i: &usize| {
        let width = rows.get(i).map_or(0, filled).min(2);
        rows.iter()
            .skip(i + 1)
            .find(|r| filled(r) >= width.max(1))
            .is_some_and(|next| looks_like_data(next))
    };
    candidates
        .iter()
        .copied()
        .find(above_data)
        .or_else(|| candidates.first().copied())
}

/// True when `row` reads as a scorecard's header: a name first (not a date or a number),
/// then at least two periods (`Apr-20`, first-of-month date cells, `2020-21 Q1`).
pub(crate) fn names_periods(row: &[String]) -> bool {
    let Some((first, rest)) = row.split_first() else {
        return false;
    };
    let named = !first.trim().is_empty() && !looks_like_data(std::slice::from_ref(first));
    named
        && rest
            .iter()
            .filter(|h| crate::model::period_label::period_label(h, None).is_some())
            .count()
            >= 2
}

/// The header row for a message: how many columns it has, and whether it looks like data —
/// never its cells. A first row mistaken for headers holds a child's details (an ID, a name,
/// an address), in whatever encoding the guess decoded it with, so no guessed header is
/// ever printed; the user has the file and knows its columns.
pub(crate) fn header_list(headers: &[String]) -> String {
    let n = headers.len();
    let columns = if n == 1 {
        "1 column".to_string()
    } else {
        format!("{n} columns")
    };
    if looks_like_data(headers) {
        return format!(
            "its first row has {columns} and looks like data, not headers: is the header row missing?"
        );
    }
    format!("its first row has {columns}")
}

/// True when a row is data, not a header row: a cell holds a whole date (no header does), or
/// most cells are dates, numbers or ID-like codes (letters with digits, no spaces: `P1`,
/// `LC00012345`).
pub(crate) fn looks_like_data(row: &[String]) -> bool {
    let cells: Vec<&str> = row
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let is_date = |c: &&&str| crate::model::date::parse_date(c.as_bytes()).is_ok();
    if cells.iter().any(|c| is_date(&c)) {
        return true;
    }
    let data = cells
        .iter()
        .filter(|c| {
            c.parse::<f64>().is_ok()
                || (c.len() >= 2
                    && !c.contains(' ')
                    // Digits are at least 3 in 10 of an ID (`P1`, `LC00012345`), unlike a
                    // header that names a stage (`S47ActualStartDate`).
                    && c.chars().filter(char::is_ascii_digit).count() * 10 >= c.chars().count() * 3
                    && c.chars().any(|ch| ch.is_alphabetic())
                    && c.chars()
                        .all(|ch| ch.is_alphanumeric() || "-_/.".contains(ch)))
        })
        .count();
    !cells.is_empty() && data * 2 >= cells.len()
}

/// The longest a header is shown in a message, in characters.
const HEADER_SHOWN_CHARS: usize = 60;

/// A header as a message shows it: at most `HEADER_SHOWN_CHARS` characters.
pub(crate) fn capped(header: &str) -> String {
    match header.char_indices().nth(HEADER_SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", header.get(..end).unwrap_or(header)),
        None => header.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn plan_of(names: &[&str], measure: Option<&str>) -> Option<Plan> {
        let c = Catalogue::builtin();
        plan(
            &headers(names),
            &Location::file("t.csv"),
            match measure.and_then(|m| c.by_id(m)) {
                Some(m) => Naming::Name(m),
                None => Naming::Unnamed,
            },
            &ColumnChoices::default(),
            &c,
        )
        .unwrap()
    }

    #[test]
    fn list_5_feeds_two_measures_and_its_icpc_blanks_mean_none() {
        let p = plan_of(
            &[
                "Child Unique ID",
                "Gender",
                "Ethnicity",
                "Date of Birth",
                "Age of Child (Years)",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Date of Initial Child Protection Conference",
            ],
            None,
        )
        .unwrap();
        assert_eq!(
            p.shape.describe().unwrap(),
            "Annex A List 5 (Section 47 enquiries and ICPCs)"
        );
        let c = Catalogue::builtin();
        let got: Vec<(&str, usize, bool, Option<usize>)> = p
            .feeds
            .iter()
            .map(|f| {
                (
                    c.get(f.measure).id.as_str(),
                    f.date_column,
                    f.blank_is_none,
                    f.id_column,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("s47-enquiries", 5, false, Some(0)),
                ("icpcs", 6, true, Some(0))
            ]
        );
    }

    #[test]
    fn exports_feed_every_measure_whose_own_date_they_hold() {
        let p = plan_of(
            &[
                "Person ID",
                "Strategy Discussion Date",
                "S47 Start Date",
                "Date",
            ],
            None,
        )
        .unwrap();
        assert_eq!(p.shape, Shape::Export);
        assert_eq!(p.feeds.len(), 2);
        assert_eq!(plan_of(&["ID", "Date", "Date of Birth"], None), None);
        // Named, a generic `Date` is enough.
        assert_eq!(
            plan_of(&["ID", "Date"], Some("contacts")).unwrap().feeds[0].date_column,
            1
        );
    }

    #[test]
    fn header_rows_are_described_never_shown() {
        let many: Vec<String> = (1..=14).map(|i| format!("Col {i}")).collect();
        assert_eq!(header_list(&many), "its first row has 14 columns");
        assert_eq!(header_list(&["a".into()]), "its first row has 1 column");
        // A data row taken for headers is described, never shown.
        let row: Vec<String> = ["LC00012345", "Smith", "01/05/2014", "12/05/2020"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            header_list(&row),
            "its first row has 4 columns and looks like data, not headers: is the header row missing?"
        );
        assert!(!looks_like_data(
            &["Child Unique ID", "Date of Contact", "Contact Source", "Q1"].map(String::from)
        ));
        assert!(!looks_like_data(
            &["UPN", "S47ActualStartDate"].map(String::from)
        ));
        assert!(looks_like_data(
            &["P1", "LC0002", "North"].map(String::from)
        ));
    }
}
