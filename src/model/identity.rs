//! What makes two rows one event: the event's own ID column, by measure (the names each
//! measure's ID goes by are in its catalogue entry, `model/measures.rs`). A referral's ID on
//! every contact that led to it, an episode's ID on every step of it, a CIN census
//! `CINdetailsID` on every assessment of the episode: each names the event its date belongs
//! to, so the date counts once per ID.
//!
//! Names are compared exactly after [`normalize`](crate::model::measure::normalize)
//! (`Referral ID`, `ReferralID` and `referral_id` are one name), never loosely: `Referral ID`
//! must not match `Referral Date`.

use crate::model::measure::{HeaderIndex, Measure};

/// The names of a workflow step's own identifier: in a table of one row per step, the
/// step's ID is every typed event's identity.
const STEP_ID_HEADERS: &[&str] = &[
    "Step ID",
    "Workflow Step ID",
    "WorkflowStepID",
    "Step Reference",
    "Activity ID",
    "Event ID",
];

/// The words that say a column is an identifier: `ID`, `Ref`, `Reference`, `No`, `Number`.
const ID_WORDS: &[&str] = &[
    "id",
    "ref",
    "reference",
    "no",
    "number",
    "key",
    "identifier",
];

/// Words that say a column is something else about the event (its date, its child, who
/// handled it), however it ends.
const NOT_ID_WORDS: &[&str] = &[
    "date", "child", "person", "client", "worker", "team", "source", "type", "status", "count",
    "previous", "parent", "linked",
];

/// The column among `headers` holding the own ID of events of `measure`: one of its
/// `event_id_headers` exactly, or else a header whose words are one of its `id_words` and an
/// ID word (`CIN Referral No`, `Referral Reference Number`).
pub(crate) fn event_id_column(measure: &Measure, headers: &[String]) -> Option<usize> {
    let index = HeaderIndex::of(headers);
    let exact = measure
        .event_id_headers
        .iter()
        .find_map(|name| index.exact(name));
    exact.or_else(|| by_words(&measure.id_words, headers))
}

fn by_words(stage: &[String], headers: &[String]) -> Option<usize> {
    let matches = |header: &String| {
        let words: Vec<String> = header
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words.iter().any(|w| stage.contains(w))
            && words.last().is_some_and(|w| ID_WORDS.contains(&w.as_str()))
            && !words.iter().any(|w| NOT_ID_WORDS.contains(&w.as_str()))
    };
    let found: Vec<usize> = (0..headers.len())
        .filter(|&i| headers.get(i).is_some_and(matches))
        .collect();
    // Two such columns (`Referral ID` and `Referral Number`) leave it open: none is taken.
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The column among `headers` holding a workflow step's own ID.
pub(crate) fn step_id_column(headers: &[String]) -> Option<usize> {
    first_exact(STEP_ID_HEADERS, headers)
}

/// The first of `names` a header has exactly (after `normalize`), never loosely.
fn first_exact(names: &[&str], headers: &[String]) -> Option<usize> {
    let index = HeaderIndex::of(headers);
    names.iter().find_map(|name| index.exact(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn own_ids_by_measure_exactly_never_loosely() {
        let catalogue = crate::model::measure::Catalogue::builtin();
        let m = |id: &str| catalogue.get(catalogue.by_id(id).unwrap());
        let h = headers(&[
            "Contact ID",
            "Child ID",
            "Contact Date",
            "Referral Date",
            "referral_id",
        ]);
        assert_eq!(event_id_column(m("contacts"), &h), Some(0));
        assert_eq!(event_id_column(m("referrals"), &h), Some(4));
        assert_eq!(event_id_column(m("assessments"), &h), None);
        // A date is not an ID, however alike the words.
        assert_eq!(
            event_id_column(m("referrals"), &headers(&["Referral Date"])),
            None
        );
        assert_eq!(
            event_id_column(m("referrals"), &headers(&["LAchildID", "CINdetailsID"])),
            Some(1)
        );
        assert_eq!(
            step_id_column(&headers(&["Episode ID", "Step ID"])),
            Some(1)
        );
        // By its words: the stage's and an ID word last; never a date or a child's.
        let h = headers(&[
            "Child ID",
            "CIN Referral No",
            "Referral Date",
            "Previous Referral ID",
        ]);
        assert_eq!(event_id_column(m("referrals"), &h), Some(1));
        assert_eq!(
            event_id_column(m("referrals"), &headers(&["Referral Reference Number"])),
            Some(0)
        );
        assert_eq!(
            event_id_column(m("referrals"), &headers(&["Referral Team ID"])),
            None
        );
        assert_eq!(
            event_id_column(m("contacts"), &headers(&["Child ID"])),
            None
        );
    }
}
