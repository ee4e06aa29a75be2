//! Tables in the DfE children in need (CIN) census layout: `LAchildID` and the census's event
//! dates. Each date column present feeds its measure; a blank date means the event did not
//! happen for that row's episode.

use crate::model::measure::normalize;

/// Census date columns and the measures they feed.
pub(crate) const DATE_COLUMNS: &[(&str, &str)] = &[
    ("CINreferralDate", "referrals"),
    ("AssessmentActualStartDate", "assessments"),
    ("S47ActualStartDate", "s47-enquiries"),
    ("DateOfInitialCPC", "icpcs"),
    ("CPPstartDate", "cp-plan-starts"),
];

/// The stage the census records in either of two places (the Section47 module, or
/// CINdetails): never a module's own measure, and each conference counted once.
pub(crate) const IN_TWO_PLACES: &str = "icpcs";

/// True when the headers are a CIN census table: `LAchildID` and at least one census date.
pub(crate) fn detect(headers: &[String]) -> bool {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let has = |name: &str| normalized.contains(&normalize(name));
    has("LAchildID") && DATE_COLUMNS.iter().any(|(column, _)| has(column))
}

/// The measures (ids) whose census date column is among the headers.
pub(crate) fn measures(headers: &[String]) -> Vec<&'static str> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    DATE_COLUMNS
        .iter()
        .filter(|(column, _)| normalized.contains(&normalize(column)))
        .map(|(_, measure)| *measure)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_tables() {
        let s47: Vec<String> = [
            "LAchildID",
            "CINreferralDate",
            "S47ActualStartDate",
            "DateOfInitialCPC",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert!(detect(&s47));
        assert_eq!(measures(&s47), ["referrals", "s47-enquiries", "icpcs"]);
        assert!(!detect(&[
            "Child ID".to_string(),
            "CPPstartDate".to_string()
        ]));
    }
}
