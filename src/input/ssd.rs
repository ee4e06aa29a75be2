//! The Standard Safeguarding Dataset (Data to Insight's SSD): the tables of the sector's
//! standard reporting schema, as CSV extracts. Each is recognised by its own event-date and
//! person columns, whatever the file is called, and feeds one measure. (Field names from the
//! SSD data model's object definitions, `ssd_*.yml`.)

use crate::model::measure::normalize;

/// One SSD table: its name, its event-date column and the measure it holds.
#[derive(Debug, PartialEq, Eq)]
pub struct SsdTable {
    pub name: &'static str,
    pub date: &'static str,
    pub person: &'static str,
    pub measure: &'static str,
    /// The table's own ID, its links to other tables and the other columns the rates read.
    pub links: &'static [&'static str],
}

impl SsdTable {
    /// The columns the rates read from the table: person, event date and links.
    pub fn rate_columns(&self) -> Vec<&'static str> {
        let mut columns = vec![self.person, self.date];
        columns.extend_from_slice(self.links);
        columns
    }

    /// `Standard Safeguarding Dataset table ssd_contacts`.
    pub fn describe(&self) -> String {
        format!("Standard Safeguarding Dataset table {}", self.name)
    }
}

pub(crate) const TABLES: &[SsdTable] = &[
    SsdTable {
        name: "ssd_contacts",
        date: "cont_contact_date",
        person: "cont_person_id",
        measure: "contacts",
        links: &[],
    },
    SsdTable {
        name: "ssd_cin_episodes",
        date: "cine_referral_date",
        person: "cine_person_id",
        measure: "referrals",
        links: &["cine_referral_id"],
    },
    SsdTable {
        name: "ssd_cin_assessments",
        date: "cina_assessment_start_date",
        person: "cina_person_id",
        measure: "assessments",
        links: &["cina_referral_id", "cina_assessment_auth_date"],
    },
    SsdTable {
        name: "ssd_s47_enquiry",
        date: "s47e_s47_start_date",
        person: "s47e_person_id",
        measure: "s47-enquiries",
        links: &["s47e_s47_enquiry_id"],
    },
    SsdTable {
        name: "ssd_initial_cp_conference",
        date: "icpc_icpc_date",
        person: "icpc_person_id",
        measure: "icpcs",
        links: &[
            "icpc_icpc_id",
            "icpc_s47_enquiry_id",
            "icpc_cp_plan_id",
            "icpc_icpc_outcome_cp_flag",
        ],
    },
    SsdTable {
        name: "ssd_cp_plans",
        date: "cppl_cp_plan_start_date",
        person: "cppl_person_id",
        measure: "cp-plan-starts",
        links: &["cppl_icpc_id"],
    },
];

/// The SSD table whose date and person columns are both among `headers`.
pub(crate) fn detect(headers: &[String]) -> Option<&'static SsdTable> {
    let names: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    TABLES
        .iter()
        .find(|t| names.contains(&normalize(t.date)) && names.contains(&normalize(t.person)))
}

/// Columns the SSD renamed in 2024, as (current name, earlier name): a `--by` naming either
/// finds the other in an extract that has it.
const RENAMED: &[(&str, &str)] = &[
    ("cont_contact_source_code", "cont_contact_source"),
    ("cine_referral_source_code", "cine_referral_source"),
    ("cine_referral_team_name", "cine_referral_team"),
    ("cppl_icpc_id", "cppl_initial_cp_conference_id"),
];

/// The other name of a column the SSD renamed, if `name` is one.
pub(crate) fn other_name(name: &str) -> Option<&'static str> {
    let name = crate::model::measure::normalize(name);
    RENAMED.iter().find_map(|(now, then)| {
        if crate::model::measure::normalize(now) == name {
            Some(*then)
        } else if crate::model::measure::normalize(then) == name {
            Some(*now)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_known_by_their_columns() {
        let headers: Vec<String> = ["icpc_icpc_id", "icpc_person_id", "icpc_icpc_date"]
            .map(String::from)
            .to_vec();
        assert_eq!(detect(&headers).map(|t| t.measure), Some("icpcs"));
        let other: Vec<String> = ["icpc_icpc_date"].map(String::from).to_vec();
        assert_eq!(detect(&other), None);
    }
}
