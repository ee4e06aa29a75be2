//! Ofsted Annex A lists, recognised by their headers. The column names are the Ofsted
//! template's (see `shared/domain.md`); authorities change case, spacing, punctuation and
//! small words, so columns are compared with `similar`.

use crate::model::measure::HeaderIndex;

/// The five columns every child-level list starts with.
const LEADING: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
];

/// The measure Annex A has no list for: a whole return never holds strategy discussions.
pub(crate) const NOT_LISTED: &str = "strategy-discussions";

/// One Annex A list.
#[derive(Debug, PartialEq, Eq)]
pub struct List {
    pub number: u8,
    pub title: &'static str,
    /// The column that identifies the list.
    pub key: &'static str,
    /// The list's columns after the leading five.
    pub columns: &'static [&'static str],
    /// The cscstats measures the list holds, by id.
    pub measures: &'static [&'static str],
    /// For a list of cases open at the extract or in the months before it (children in need,
    /// child protection plans): the column of a case's end date. Such a list's earlier starts
    /// are those of cases still open then — unless it holds a case closed before its window.
    pub open_cases: Option<&'static str>,
}

impl List {
    /// `Annex A List 5 (Section 47 enquiries and ICPCs)`.
    pub fn describe(&self) -> String {
        format!("Annex A List {} ({})", self.number, self.title)
    }

    fn template(&self) -> impl Iterator<Item = &&'static str> {
        LEADING.iter().chain(self.columns)
    }
}

pub(crate) const LISTS: &[List] = &[
    List {
        number: 1,
        title: "contacts",
        key: "Date of Contact",
        columns: &["Date of Contact", "Contact Source"],
        measures: &["contacts"],
        open_cases: None,
    },
    List {
        number: 2,
        title: "early help",
        key: "Organisation completing assessment",
        columns: &[
            "Assessment start date",
            "Assessment completion date",
            "Organisation completing assessment",
        ],
        measures: &[],
        open_cases: None,
    },
    List {
        number: 3,
        title: "referrals",
        key: "Date of referral",
        columns: &[
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
        ],
        measures: &["referrals"],
        open_cases: None,
    },
    List {
        number: 4,
        title: "assessments",
        key: "Continuous Assessment Start Date",
        columns: &[
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            "Allocated Team",
            "Allocated Worker",
        ],
        measures: &["assessments"],
        open_cases: None,
    },
    List {
        number: 5,
        title: "Section 47 enquiries and ICPCs",
        key: "Strategy discussion initiating Section 47 Enquiry Start Date",
        columns: &[
            "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            "Allocated Team",
            "Allocated Worker",
        ],
        measures: &["s47-enquiries", "icpcs"],
        open_cases: None,
    },
    List {
        number: 6,
        title: "children in need",
        key: "CIN Start Date",
        columns: &[
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            "Allocated Team",
            "Allocated Worker",
        ],
        measures: &[],
        open_cases: Some("CIN Closure Date"),
    },
    List {
        number: 7,
        title: "child protection",
        key: "Child Protection Plan Start Date",
        columns: &[
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            "Allocated Team",
            "Allocated Worker",
        ],
        measures: &["cp-plan-starts"],
        open_cases: Some("Child Protection Plan End Date"),
    },
];

/// The list these headers are: its key column is present and at least half of its template
/// columns are.
pub(crate) fn detect(headers: &[String]) -> Option<&'static List> {
    let index = HeaderIndex::of(headers);
    LISTS.iter().find(|list| {
        let has_key = index.similar(list.key).is_some();
        let template: Vec<&&str> = list.template().collect();
        let matched = template
            .iter()
            .filter(|t| index.similar(t).is_some())
            .count();
        has_key && matched * 2 >= template.len()
    })
}

/// Which headers prove `list`, in words: `key column "Date of Contact" and 7 of 7 template
/// columns`.
pub(crate) fn evidence(list: &List, headers: &[String]) -> String {
    let index = HeaderIndex::of(headers);
    let template: Vec<&&str> = list.template().collect();
    let matched = template
        .iter()
        .filter(|t| index.similar(t).is_some())
        .count();
    format!(
        "key column \"{}\" and {matched} of {} template columns",
        list.key,
        template.len()
    )
}

/// Headers that are not columns of `list` (reported, not fatal).
pub(crate) fn unrecognised(list: &List, headers: &[String]) -> Vec<String> {
    let template: Vec<String> = list.template().map(|t| t.to_string()).collect();
    let index = HeaderIndex::new(&template);
    headers
        .iter()
        .filter(|h| index.similar(h).is_none())
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lists_are_recognised_by_their_headers() {
        for list in LISTS {
            let all: Vec<String> = list.template().map(|s| s.to_string()).collect();
            assert_eq!(detect(&all), Some(list), "List {}", list.number);
        }
    }

    #[test]
    fn small_wording_changes_are_allowed() {
        let list5 = headers(&[
            "CHILD UNIQUE ID",
            "gender",
            "Ethnicity",
            "Date of birth",
            "Age of child (years)",
            "Disability?",
            "Strategy discussion initiating S47 enquiry start date",
            "Was an ICPC deemed unnecessary",
            "Date of the Initial CP Conference",
            "Did the ICPC result in a CP plan",
            "Locality",
        ]);
        assert_eq!(detect(&list5).map(|l| l.number), Some(5));
        assert_eq!(
            unrecognised(detect(&list5).unwrap(), &list5),
            ["Disability?", "Locality"]
        );
    }

    #[test]
    fn a_key_column_alone_is_not_a_list() {
        assert_eq!(detect(&headers(&["ID", "Date of referral", "Team"])), None);
        assert_eq!(detect(&headers(LEADING)), None);
    }
}
