//! The measures catalogue: the measures a run counts, in table order — the built-in seven
//! (whose facts are one entry each in `model/measures.rs`) and any of the user's own — and
//! the rules for matching their columns and files.
//!
//! Headers and file stems are compared after [`normalize`], which ignores case, spaces and
//! punctuation (`Date of referral`, `DATE_OF_REFERRAL` and `date-of-referral` are one name).

use crate::model::measures::{BUILTIN, Builtin};

/// One measure as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Stable id used on the command line and in JSON/CSV (`s47-enquiries`).
    pub id: String,
    /// Label in tables, as committee papers write it (`Section 47`).
    pub label: String,
    /// Label where space is short (the wide monthly table): `ICPCs`.
    pub short_label: String,
    /// How a sentence names its events while the label is the catalogue's (`Section 47
    /// enquiries`); the label itself when empty.
    pub noun: String,
    /// Names of the event-date column, most specific first (compared loosely).
    pub date_headers: Vec<String>,
    /// Normalized file stems that mean this measure (`contacts`, `s47`, …).
    pub file_stems: Vec<String>,
    /// Names of the column saying where the event came from (contact or referral source),
    /// part of the de-duplication key where present.
    pub source_headers: Vec<String>,
    /// Date headers where a blank means the event did not happen (List 5's ICPC date is
    /// blank when no conference was held), rather than a bad row.
    pub optional_date_headers: Vec<String>,
    /// Names of the event's own identifier, most specific first (see `model/identity.rs`).
    pub event_id_headers: Vec<String>,
    /// Words that name the stage in an ID column's header (`CIN Referral No`).
    pub id_words: Vec<String>,
    /// Values of a workflow table's step-type column that mean the stage.
    pub stage_names: Vec<String>,
}

impl Measure {
    /// A built-in measure from its entry in `model/measures.rs`.
    fn of(b: &Builtin) -> Measure {
        let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        Measure {
            id: b.id.to_string(),
            label: b.label.to_string(),
            short_label: b.short_label.to_string(),
            noun: b.noun.to_string(),
            date_headers: b
                .date_headers
                .iter()
                .chain(GENERIC_DATE_HEADERS)
                .map(|h| h.to_string())
                .collect(),
            file_stems: [b.id, b.label]
                .iter()
                .chain(b.file_stems)
                .map(|s| normalize(s))
                .collect(),
            source_headers: strings(b.source_headers),
            optional_date_headers: strings(b.optional_date_headers),
            event_id_headers: strings(b.event_id_headers),
            id_words: strings(b.id_words),
            stage_names: strings(b.stage_names),
        }
    }
}

/// Index of a measure in its [`Catalogue`]; the order of ids is the order of table rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeasureId(usize);

/// Generic names an event date may have in any export; tried after a measure's own names.
const GENERIC_DATE_HEADERS: &[&str] = &["Event Date", "event_date", "Date"];

/// Names a child's identifier goes by, most specific first.
const ID_HEADERS: &[&str] = &[
    "Child Unique ID",
    "LAchildID",
    "Child ID",
    "Person ID",
    "Child Identifier",
    "Child Reference",
    "Person Reference",
    "Client ID",
    "Subject ID",
    // The Standard Safeguarding Dataset's person keys, table by table.
    "cont_person_id",
    "cine_person_id",
    "cina_person_id",
    "s47e_person_id",
    "icpc_person_id",
    "cppl_person_id",
];

/// Headers that are never an event date, even when named in `--date-column`.
const NEVER_EVENT_DATES: &[&str] = &["Date of Birth", "DOB", "PersonBirthDate", "Birth Date"];

/// A name's words, lower case: letters and digits only.
fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Lower-case ASCII letters and digits only: the form in which headers and stems are compared.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True for a header that holds a date of birth, which is never counted as an event.
pub(crate) fn is_birth_date(header: &str) -> bool {
    let n = normalize(header);
    NEVER_EVENT_DATES.iter().any(|h| normalize(h) == n)
}

/// Words that mark a column as identifying a person: never a breakdown (`--by`).
const PERSONAL_WORDS: &[&str] = &[
    "id",
    "identifier",
    "reference",
    "ref",
    "name",
    "forename",
    "surname",
    "firstname",
    "lastname",
    "birth",
    "dob",
    "postcode",
    "address",
    "street",
    "nhs",
    "upn",
    "ulns",
    "uln",
    "email",
    "phone",
    "telephone",
    "mobile",
    "ni",
    "nino",
    // People other than the child, named: workers, clients, carers.
    "worker",
    "client",
    "practitioner",
    "carer",
];

/// True when `text` is the name of an event-date column (`Assessment Start Date`,
/// `CINreferralDate`, `Date`): a header's cell, not a date.
pub(crate) fn names_a_date(text: &str) -> bool {
    let text = normalize(text);
    !text.is_empty()
        && BUILTIN
            .iter()
            .flat_map(|b| b.date_headers.iter())
            .chain(GENERIC_DATE_HEADERS)
            .any(|h| normalize(h) == text)
}

/// True when a header is a generic date name (`Date`, `Event Date`), not a stage's own.
pub(crate) fn is_generic_date(header: &str) -> bool {
    let name = normalize(header);
    GENERIC_DATE_HEADERS.iter().any(|g| normalize(g) == name)
}

/// True when a header names personal data (a child or person ID, a name, a date of birth, a
/// postcode or address, an NHS number or UPN, contact details): by its words, so that
/// `Child Unique ID`, `Surname`, `DOB`, `Home Postcode` and `UPN` all count.
pub(crate) fn is_personal(header: &str) -> bool {
    if is_birth_date(header) {
        return true;
    }
    let lower = header.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = normalize(header);
    words.iter().any(|w| PERSONAL_WORDS.contains(w))
        || [
            "childid",
            "personid",
            "lachildid",
            "dateofbirth",
            "nhsnumber",
            "knownas",
        ]
        .iter()
        .any(|k| joined.contains(k))
}

/// The measures cscstats knows, in table order.
#[derive(Debug, Clone)]
pub struct Catalogue {
    measures: Vec<Measure>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Catalogue {
    /// The seven built-in measures.
    pub fn builtin() -> Self {
        Catalogue::of(BUILTIN)
    }

    /// The measures of `entries`, in their order: the built-in ones are `BUILTIN`'s.
    pub(crate) fn of(entries: &[Builtin]) -> Self {
        Catalogue {
            measures: entries.iter().map(Measure::of).collect(),
        }
    }

    /// How a sentence names the events of the measure `id` shown as `label`: its noun while
    /// the label is the catalogue's, else the label (`--label`, or a measure of the user's own).
    pub(crate) fn noun(&self, id: &str, label: &str) -> String {
        match self.by_id(id).map(|m| self.get(m)) {
            Some(m) if m.label == label && !m.noun.is_empty() => m.noun.clone(),
            _ => label.to_string(),
        }
    }

    /// The catalogue with a measure of the user's own (`--measure ID=PATH`): counted,
    /// compared, broken down and published like the built-in seven, after them. Its dates come
    /// from a column named `Date` or `Event Date`, or `--date-column ID=HEADER`.
    pub fn with_custom(mut self, id: &str) -> Result<Catalogue, String> {
        let valid = !id.is_empty()
            && id.len() <= 40
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            return Err(format!(
                "'{id}' is not a measure id: use lower-case letters, digits and hyphens, such as fostering-enquiries"
            ));
        }
        if self.by_id(id).is_some() {
            return Ok(self); // a built-in measure, or one already added
        }
        self.measures.push(Measure {
            id: id.to_string(),
            label: id.to_string(),
            short_label: id.to_string(),
            noun: String::new(),
            date_headers: GENERIC_DATE_HEADERS.iter().map(|h| h.to_string()).collect(),
            file_stems: vec![normalize(id)],
            source_headers: Vec::new(),
            optional_date_headers: Vec::new(),
            event_id_headers: Vec::new(),
            id_words: Vec::new(),
            stage_names: Vec::new(),
        });
        Ok(self)
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "a MeasureId is only ever made by this catalogue, from a position in it"
    )]
    pub fn get(&self, id: MeasureId) -> &Measure {
        &self.measures[id.0]
    }

    pub fn ids(&self) -> impl Iterator<Item = MeasureId> + '_ {
        (0..self.measures.len()).map(MeasureId)
    }

    /// The measure with this exact id (`s47-enquiries`), ignoring case.
    pub fn by_id(&self, id: &str) -> Option<MeasureId> {
        self.measures
            .iter()
            .position(|m| m.id.eq_ignore_ascii_case(id.trim()))
            .map(MeasureId)
    }

    /// The measure a file stem names (`contacts`, `Section 47`, `cp_plans`), if any.
    pub fn by_file_stem(&self, stem: &str) -> Option<MeasureId> {
        let n = normalize(stem);
        self.measures
            .iter()
            .position(|m| m.file_stems.contains(&n))
            .map(MeasureId)
    }

    /// The measure a file or sheet is named after, read loosely: `Assessments report
    /// 2021-04-05`, `CP plan starts Q1`, `section_47s`. A run of the name's words (singular
    /// or plural) must spell one of a measure's names; the longest wins, and a name that
    /// spells two measures names none.
    pub fn by_file_name(&self, name: &str) -> Option<MeasureId> {
        if let Some(exact) = self.by_file_stem(name) {
            return Some(exact);
        }
        self.named_run(&words_of(name)).map(|(m, _, _)| m)
    }

    /// The longest run of `words` (at most five) that spells one of a measure's names, singular
    /// or plural: the measure and where the run starts and ends. `None` when none does, or
    /// when the longest runs spell two measures.
    fn named_run(&self, words: &[String]) -> Option<(MeasureId, usize, usize)> {
        let singular = |s: &str| s.strip_suffix('s').unwrap_or(s).to_string();
        let mut best: Option<(usize, MeasureId, usize, usize)> = None;
        let mut tied = false;
        for start in 0..words.len() {
            for end in start + 1..=words.len().min(start + 5) {
                let run: String = words.get(start..end).unwrap_or_default().concat();
                let found = self.measures.iter().position(|m| {
                    m.file_stems
                        .iter()
                        .any(|stem| singular(stem) == singular(&run))
                });
                if let Some(i) = found {
                    let len = run.len();
                    match best {
                        Some((l, m, _, _)) if l == len && m != MeasureId(i) => tied = true,
                        Some((l, _, _, _)) if l >= len => {}
                        _ => {
                            best = Some((len, MeasureId(i), start, end));
                            tied = false;
                        }
                    }
                }
            }
        }
        // A name that spells two measures in separate words (`Contacts and Referrals`) names
        // neither: its content decides.
        let other_measure = |(_, best_m, from, to): (usize, MeasureId, usize, usize)| {
            (0..words.len()).any(|start| {
                (start + 1..=words.len().min(start + 5)).any(|end| {
                    let run: String = words.get(start..end).unwrap_or_default().concat();
                    (end <= from || start >= to)
                        && self.measures.iter().enumerate().any(|(i, m)| {
                            MeasureId(i) != best_m
                                && m.file_stems.iter().any(|s| singular(s) == singular(&run))
                        })
                })
            })
        };
        best.filter(|b| !tied && !other_measure(*b))
            .map(|(_, m, start, end)| (m, start, end))
    }

    /// The measure a pre-counted figure's name means (`contacts`, `Referrals to CSC`, `ICPCs`,
    /// `CP Plans Started`, `No. of S47 enquiries`): its id or one of its names, with only words
    /// that say "how many" besides. A name with any other word is not the measure's count of
    /// events (`Referrals from police`, `Assessments completed`, `Children on CP plans`,
    /// `% Re-referrals within 12 months`): it is not read, rather than read as the wrong thing.
    pub fn by_figure_name(&self, name: &str) -> Option<MeasureId> {
        if let Some(m) = self.by_id(name).or_else(|| self.by_file_stem(name)) {
            return Some(m);
        }
        // Besides the measure's name, only words that say "how many": never a subset
        // (`Referrals from police`), a stage's other date (`Assessments completed`), a stock
        // (`Children on CP plans`) or a rate (`% Re-referrals`).
        const HOW_MANY: &[&str] = &[
            "number",
            "no",
            "of",
            "total",
            "new",
            "started",
            "starts",
            "start",
            "received",
            "to",
            "csc",
            "cs",
            "s",
            "childrens",
            "social",
            "care",
            "service",
            "services",
            "count",
            "all",
            "the",
            "a",
            "held",
            "enquiries",
            "enquiry",
            "monthly",
            "in",
            "month",
        ];
        if name.contains('%') {
            return None;
        }
        let words = words_of(name);
        let (measure, start, end) = self.named_run(&words)?;
        let rest_ok = words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < start || *i >= end)
            .all(|(_, w)| HOW_MANY.contains(&w.as_str()));
        rest_ok.then_some(measure)
    }

    /// Comma-separated ids, for error messages.
    pub fn id_list(&self) -> String {
        self.measures
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The position of the event-date column for `measure` among `headers`: the first of the
    /// measure's known names (in catalogue order) that a header matches, exactly or loosely
    /// (see `HeaderIndex::similar`). Dates of birth never match.
    pub fn find_date_column(&self, measure: MeasureId, headers: &[String]) -> Option<usize> {
        find_column(&self.get(measure).date_headers, headers)
            .filter(|&i| headers.get(i).is_some_and(|h| !is_birth_date(h)))
    }

    /// Like [`Catalogue::find_date_column`], but only the measure's own names, not the generic
    /// `Date` or `Event Date`: evidence that a table holds this measure.
    pub fn find_specific_date_column(
        &self,
        measure: MeasureId,
        headers: &[String],
    ) -> Option<usize> {
        let own: Vec<String> = self
            .get(measure)
            .date_headers
            .iter()
            .filter(|h| !GENERIC_DATE_HEADERS.contains(&h.as_str()))
            .cloned()
            .collect();
        find_column(&own, headers).filter(|&i| headers.get(i).is_some_and(|h| !is_birth_date(h)))
    }

    /// True when a blank in this date column means the event did not happen.
    pub fn is_optional_date(&self, measure: MeasureId, header: &str) -> bool {
        let header = normalize(header);
        self.get(measure)
            .optional_date_headers
            .iter()
            .any(|h| normalize(h) == header)
    }

    /// The column holding the event's source (contact or referral source), if any.
    pub fn find_source_column(&self, measure: MeasureId, headers: &[String]) -> Option<usize> {
        find_column(&self.get(measure).source_headers, headers)
    }
}

/// The column holding a child's identifier, if any.
pub(crate) fn find_id_column(headers: &[String]) -> Option<usize> {
    let known: Vec<String> = ID_HEADERS.iter().map(|h| h.to_string()).collect();
    find_column(&known, headers)
}

/// The first of `known` (names in order of preference) that one of `headers` matches:
/// exact matches (after [`normalize`]) first, then loose ones (see [`HeaderIndex::similar`]).
pub(crate) fn find_column(known: &[String], headers: &[String]) -> Option<usize> {
    let index = HeaderIndex::of(headers);
    known
        .iter()
        .find_map(|k| index.exact(k))
        .or_else(|| known.iter().find_map(|k| index.similar(k)))
}

/// A header row indexed once, so that looking a name up costs the same however many columns
/// there are: normalized names by position, and each meaningful word's columns.
#[derive(Debug, Default)]
pub(crate) struct HeaderIndex {
    exact: std::collections::HashMap<String, usize>,
    tokens: Vec<Vec<String>>,
    by_word: std::collections::HashMap<String, Vec<usize>>,
}

thread_local! {
    /// The last header row indexed: a table's headers are looked up many times in a row.
    static LAST: std::cell::RefCell<Option<(Vec<String>, std::rc::Rc<HeaderIndex>)>> =
        const { std::cell::RefCell::new(None) };
}

impl HeaderIndex {
    /// The index of `headers`, reusing the last one built when it is for the same row.
    pub(crate) fn of(headers: &[String]) -> std::rc::Rc<HeaderIndex> {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if let Some((row, index)) = last.as_ref()
                && row.as_slice() == headers
            {
                return index.clone();
            }
            let index = std::rc::Rc::new(HeaderIndex::new(headers));
            *last = Some((headers.to_vec(), index.clone()));
            index
        })
    }

    pub(crate) fn new(headers: &[String]) -> HeaderIndex {
        let mut index = HeaderIndex::default();
        for (i, header) in headers.iter().enumerate() {
            index.exact.entry(normalize(header)).or_insert(i);
            let words = tokens(header);
            for word in &words {
                index.by_word.entry(word.clone()).or_default().push(i);
            }
            index.tokens.push(words);
        }
        index
    }

    /// The first column whose name normalizes to `name`'s.
    pub(crate) fn exact(&self, name: &str) -> Option<usize> {
        self.exact.get(&normalize(name)).copied()
    }

    /// The first column whose name is similar to `name`: the same normalized name, or
    /// the same meaningful words (checked only among columns sharing a word with it).
    pub(crate) fn similar(&self, name: &str) -> Option<usize> {
        let wanted = tokens(name);
        let mut candidates: Vec<usize> = wanted
            .iter()
            .filter_map(|w| self.by_word.get(w))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let by_words = candidates.into_iter().find(|&i| {
            self.tokens
                .get(i)
                .is_some_and(|t| similar_tokens(t, &wanted))
        });
        match (self.exact(name), by_words) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Words that carry no meaning in a header.
/// A format hint after a header (`Start Date (DD/MM/YYYY)`) is no word of its name.
const STOP_WORDS: &[&str] = &[
    "the", "of", "a", "an", "in", "was", "for", "to", "on", "date", "dd", "mm", "yy", "yyyy",
    "ddmmyyyy", "ddmmyy", "format",
];

/// Abbreviations that authorities use in place of the Annex A wording.
const EXPANSIONS: &[(&str, &[&str])] = &[
    ("s47", &["section", "47"]),
    ("cp", &["child", "protection"]),
    ("cpp", &["child", "protection", "plan"]),
    ("icpc", &["initial", "child", "protection", "conference"]),
    ("cin", &["child", "in", "need"]),
    ("dob", &["birth"]),
    ("yrs", &["years"]),
];

/// The meaningful words of a header, lower case, abbreviations expanded, stop words dropped,
/// sorted and unique. `date` is a stop word: every candidate is a date, so it carries nothing;
/// a header must still say *which* date.
pub(crate) fn tokens(header: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = raw.to_lowercase();
        match EXPANSIONS.iter().find(|(short, _)| *short == word) {
            Some((_, long)) => words.extend(long.iter().map(|w| w.to_string())),
            None => words.push(word),
        }
    }
    words.retain(|w| !STOP_WORDS.contains(&w.as_str()));
    words.sort();
    words.dedup();
    words
}

/// Two headers say the same thing: the same meaningful words, or all but one of five or more.
#[cfg(test)]
fn similar(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b) || similar_tokens(&tokens(a), &tokens(b))
}

fn similar_tokens(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    // Jaccard ≥ 0.8: equal sets, or one extra word among five or more.
    shared * 5 >= union * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn files_named_loosely_after_a_measure() {
        let c = Catalogue::builtin();
        let id = |name: &str| c.by_file_name(name).map(|m| c.get(m).id.clone());
        assert_eq!(
            id("Assessments report 2021-04-05").as_deref(),
            Some("assessments")
        );
        assert_eq!(id("referrals").as_deref(), Some("referrals"));
        assert_eq!(id("Contact").as_deref(), Some("contacts"));
        assert_eq!(id("monthly extract").as_deref(), None);
    }

    #[test]
    fn personal_columns_are_recognised_by_their_words() {
        for header in [
            "Child Unique ID",
            "LAchildID",
            "Surname",
            "Forename",
            "DOB",
            "Date of Birth",
            "Home Postcode",
            "Address Line 1",
            "NHS Number",
            "UPN",
            "Person Reference",
        ] {
            assert!(is_personal(header), "{header}");
        }
        for header in [
            "Contact Source",
            "Allocated Team",
            "Ethnicity",
            "Gender",
            "Outcome",
        ] {
            assert!(!is_personal(header), "{header}");
        }
    }

    #[test]
    fn labels_and_order_match_the_committee_table() {
        let c = Catalogue::builtin();
        let labels: Vec<&str> = c.ids().map(|id| c.get(id).label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Contacts",
                "Referrals",
                "Assessments",
                "Strategy Discussions",
                "Section 47",
                "Initial Child Protection Conferences",
                "Child Protection Plan Starts"
            ]
        );
        assert_eq!(
            c.id_list(),
            "contacts, referrals, assessments, strategy-discussions, s47-enquiries, icpcs, cp-plan-starts"
        );
    }

    #[test]
    fn headers_match_ignoring_case_spaces_and_punctuation() {
        let c = Catalogue::builtin();
        let referrals = c.by_id("referrals").unwrap();
        let h = headers(&[
            "Child Unique ID",
            "Date of Birth",
            "DATE_OF_REFERRAL",
            "Referral Source",
        ]);
        assert_eq!(c.find_date_column(referrals, &h), Some(2));
        let census = headers(&["LAchildID", "CINreferralDate"]);
        assert_eq!(c.find_date_column(referrals, &census), Some(1));
    }

    #[test]
    fn specific_names_win_over_generic_ones_and_birth_dates_never_match() {
        let c = Catalogue::builtin();
        let icpcs = c.by_id("icpcs").unwrap();
        let list5 = headers(&[
            "Date",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Date of Initial Child Protection Conference",
        ]);
        assert_eq!(c.find_date_column(icpcs, &list5), Some(2));
        let s47 = c.by_id("s47-enquiries").unwrap();
        assert_eq!(c.find_date_column(s47, &list5), Some(1));
        let only_dob = headers(&["Child Unique ID", "Date of Birth"]);
        assert_eq!(c.find_date_column(s47, &only_dob), None);
        let sd = c.by_id("strategy-discussions").unwrap();
        assert_eq!(c.find_date_column(sd, &list5[1..2]), None);
    }

    #[test]
    fn loose_matching_takes_small_wording_changes_only() {
        assert!(similar("Date of Contact", "Contact date"));
        assert!(similar(
            "Strategy discussion initiating S47 enquiry start date",
            "Strategy discussion initiating Section 47 Enquiry Start Date"
        ));
        assert!(similar(
            "ICPC date",
            "Date of Initial Child Protection Conference"
        ));
        assert!(similar(
            "Date of the Initial CP Conference",
            "Date of Initial Child Protection Conference"
        ));
        assert!(!similar(
            "Child Protection Plan End Date",
            "Child Protection Plan Start Date"
        ));
        assert!(!similar(
            "Continuous Assessment Date of Authorisation",
            "Continuous Assessment Start Date"
        ));
        assert!(!similar("Referral End Date", "Referral Date"));
        assert!(!similar("Date", "Date of Contact"));
        let c = Catalogue::builtin();
        let s47 = c.by_id("s47-enquiries").unwrap();
        let h = headers(&[
            "Child Unique ID",
            "Date of Birth",
            "S47 enquiry start date (strategy discussion initiating)",
        ]);
        assert_eq!(c.find_date_column(s47, &h), Some(2));
        assert_eq!(find_id_column(&headers(&["x", "LA Child ID"])), Some(1));
        assert_eq!(
            c.find_source_column(
                c.by_id("contacts").unwrap(),
                &headers(&["Source of contact"])
            ),
            Some(0)
        );
        assert!(c.is_optional_date(
            c.by_id("icpcs").unwrap(),
            "DATE OF INITIAL CHILD PROTECTION CONFERENCE"
        ));
        assert!(!c.is_optional_date(c.by_id("icpcs").unwrap(), "ICPC Date"));
    }

    #[test]
    fn figure_names_are_the_measure_and_nothing_else() {
        let c = Catalogue::builtin();
        let id = |name: &str| c.by_figure_name(name).map(|m| c.get(m).id.clone());
        for (name, want) in [
            ("Contacts", "contacts"),
            ("Referrals to CSC", "referrals"),
            ("No. of contacts received", "contacts"),
            ("S47 Enquiries", "s47-enquiries"),
            ("ICPCs", "icpcs"),
            ("Initial CP conferences", "icpcs"),
            ("CP Plans Started", "cp-plan-starts"),
            ("Strategy Discussions", "strategy-discussions"),
            ("cp-plan-starts", "cp-plan-starts"),
        ] {
            assert_eq!(id(name).as_deref(), Some(want), "{name}");
        }
        for name in [
            "% Re-referrals within 12 months",
            "Children on CP plans",
            "Assessments completed",
            "Assessments in progress",
            "Section 47 enquiries completed",
            "Referrals from police",
            "Referrals NFA",
            "CP plans lasting 2 years or more",
            "Rate of referrals per 10,000",
            "Contact Source",
        ] {
            assert_eq!(id(name), None, "{name}");
        }
    }

    #[test]
    fn file_stems_and_ids() {
        let c = Catalogue::builtin();
        let s47 = c.by_id("s47-enquiries").unwrap();
        for stem in ["s47-enquiries", "S47_Enquiries", "section 47", "s47"] {
            assert_eq!(c.by_file_stem(stem), Some(s47), "{stem}");
        }
        assert_eq!(
            c.by_file_stem("Initial Child Protection Conferences"),
            c.by_id("icpcs")
        );
        assert_eq!(c.by_file_stem("children_in_care"), None);
        assert_eq!(c.by_id("CONTACTS"), c.by_id("contacts"));
        assert_eq!(c.by_id("contact"), None);
    }
}
