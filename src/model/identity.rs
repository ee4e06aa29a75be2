//! What makes two rows one event: the event's own ID column, by measure (README, "One event,
//! counted once"). A referral's ID on every contact that led to it, an episode's ID on every
//! step of it, a CIN census `CINdetailsID` on every assessment of the episode: each names the
//! event its date belongs to, so the date counts once per ID.
//!
//! Names are compared exactly after [`normalize`](crate::model::measure::normalize) (`Referral ID`, `ReferralID` and
//! `referral_id` are one name), never loosely: `Referral ID` must not match `Referral Date`.

use crate::model::measure::HeaderIndex;

/// The names an event's own identifier goes by, by measure id, most specific first: Annex A
/// and case-management exports, the CIN census, the Standard Safeguarding Dataset.
const EVENT_ID_HEADERS: &[(&str, &[&str])] = &[
    (
        "contacts",
        &[
            "Contact ID",
            "Contact Reference",
            "Contact Ref",
            "Contact Number",
            "Contact Record ID",
            "cont_contact_id",
        ],
    ),
    (
        "referrals",
        &[
            "Referral ID",
            "Referral Reference",
            "Referral Ref",
            "Referral Number",
            "CINdetailsID",
            "CIN Details ID",
            "CIN Episode ID",
            "Episode ID",
            "Referral Episode ID",
            "Involvement ID",
            "cine_referral_id",
        ],
    ),
    (
        "assessments",
        &[
            "Assessment ID",
            "Assessment Reference",
            "Assessment Ref",
            "Single Assessment ID",
            "AssessmentID",
            "cina_assessment_id",
        ],
    ),
    (
        "strategy-discussions",
        &[
            "Strategy Discussion ID",
            "Strategy Meeting ID",
            "Strategy ID",
        ],
    ),
    (
        "s47-enquiries",
        &[
            "S47 ID",
            "S47 Enquiry ID",
            "Section 47 ID",
            "Section 47 Enquiry ID",
            "Enquiry ID",
            "S47ID",
            "s47e_s47_enquiry_id",
        ],
    ),
    (
        "icpcs",
        &[
            "ICPC ID",
            "Conference ID",
            "Initial Conference ID",
            "CP Conference ID",
            "Initial CP Conference ID",
            "icpc_icpc_id",
        ],
    ),
    (
        "cp-plan-starts",
        &[
            "CP Plan ID",
            "Plan ID",
            "CPP ID",
            "Child Protection Plan ID",
            "cppl_cp_plan_id",
        ],
    ),
];

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

/// The words that name each stage in an ID column's header (`CIN Referral No`).
const STAGE_WORDS: &[(&str, &[&str])] = &[
    ("contacts", &["contact"]),
    ("referrals", &["referral", "episode", "cindetails"]),
    ("assessments", &["assessment"]),
    ("strategy-discussions", &["strategy"]),
    ("s47-enquiries", &["s47", "enquiry"]),
    ("icpcs", &["icpc", "conference"]),
    ("cp-plan-starts", &["plan", "cpp"]),
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

/// The column among `headers` holding the own ID of events of the measure `measure_id`: a
/// known name exactly, or else a header whose words are the stage's and an ID word
/// (`CIN Referral No`, `Referral Reference Number`).
pub(crate) fn event_id_column(measure_id: &str, headers: &[String]) -> Option<usize> {
    let names = EVENT_ID_HEADERS
        .iter()
        .find(|(m, _)| *m == measure_id)
        .map_or(&[][..], |(_, names)| names);
    first_exact(names, headers).or_else(|| by_words(measure_id, headers))
}

fn by_words(measure_id: &str, headers: &[String]) -> Option<usize> {
    let stage = STAGE_WORDS
        .iter()
        .find(|(m, _)| *m == measure_id)
        .map_or(&[][..], |(_, words)| words);
    let matches = |header: &String| {
        let words: Vec<String> = header
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words.iter().any(|w| stage.contains(&w.as_str()))
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
        let h = headers(&[
            "Contact ID",
            "Child ID",
            "Contact Date",
            "Referral Date",
            "referral_id",
        ]);
        assert_eq!(event_id_column("contacts", &h), Some(0));
        assert_eq!(event_id_column("referrals", &h), Some(4));
        assert_eq!(event_id_column("assessments", &h), None);
        // A date is not an ID, however alike the words.
        assert_eq!(
            event_id_column("referrals", &headers(&["Referral Date"])),
            None
        );
        assert_eq!(
            event_id_column("referrals", &headers(&["LAchildID", "CINdetailsID"])),
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
        assert_eq!(event_id_column("referrals", &h), Some(1));
        assert_eq!(
            event_id_column("referrals", &headers(&["Referral Reference Number"])),
            Some(0)
        );
        assert_eq!(
            event_id_column("referrals", &headers(&["Referral Team ID"])),
            None
        );
        assert_eq!(event_id_column("contacts", &headers(&["Child ID"])), None);
    }
}
