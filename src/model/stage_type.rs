//! Event types in a long workflow table: one row per step, a column such as `Step Type` saying
//! which stage it is (Contact, Referral, S47, ICPC, …). The values of such a column are
//! categories, not personal data, so the unmapped ones can be listed in the note.

use std::collections::HashMap;

use crate::model::error::{Error, Result};
use crate::model::measure::{Catalogue, MeasureId, normalize};

/// Headers that name an event-type column, for a table given no `--type-column`.
pub(crate) const TYPE_HEADERS: &[&str] = &[
    "Step Type",
    "Workflow Step Type",
    "Step Name",
    "Step Description",
    "Event Type",
    "Activity Type",
    "Workflow Step",
    "Workflow Type",
    "Stage",
    "Step",
];

/// Headers that hold a workflow table's step date, most specific first.
pub(crate) const STEP_DATE_HEADERS: &[&str] = &[
    "Step Start Date",
    "Step Date",
    "Event Date",
    "Activity Date",
    "Start Date",
    "Date",
];

/// Which measure each event-type value means.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TypeMap {
    by_name: HashMap<String, MeasureId>,
}

impl TypeMap {
    /// Each measure's stage names (its catalogue entry), plus `MEASURE=VALUE` pairs from
    /// `--type`.
    pub(crate) fn new(extra: &[String], catalogue: &Catalogue) -> Result<TypeMap> {
        let mut map = TypeMap::default();
        for m in catalogue.ids() {
            for name in &catalogue.get(m).stage_names {
                map.by_name.insert(normalize(name), m);
            }
        }
        for pair in extra {
            let (id, value) = pair.split_once('=').ok_or_else(|| {
                Error::usage(format!(
                    "--type {pair}: write MEASURE=VALUE, for example --type assessments=\"Social Work Assessment\""
                ))
            })?;
            let m = catalogue.by_id(id.trim()).ok_or_else(|| {
                Error::usage(format!(
                    "--type {pair}: '{id}' is not a measure; measures are {}",
                    catalogue.id_list()
                ))
            })?;
            if normalize(value).is_empty() {
                return Err(Error::usage(format!(
                    "--type {pair}: give the value after ="
                )));
            }
            map.by_name.insert(normalize(value), m);
        }
        Ok(map)
    }

    /// The measure a value means, if any.
    pub(crate) fn measure(&self, value: &[u8]) -> Option<MeasureId> {
        let text = String::from_utf8_lossy(value);
        self.by_name.get(&normalize(&text)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_additions() {
        let c = Catalogue::builtin();
        let map = TypeMap::new(&["assessments=Social Work Assessment".to_string()], &c).unwrap();
        let id = |v: &str| map.measure(v.as_bytes()).map(|m| c.get(m).id.clone());
        assert_eq!(id("C&F Assessment").as_deref(), Some("assessments"));
        assert_eq!(id("social work assessment").as_deref(), Some("assessments"));
        assert_eq!(id(" Section 47 Enquiry ").as_deref(), Some("s47-enquiries"));
        assert_eq!(
            id("Strategy Meeting").as_deref(),
            Some("strategy-discussions")
        );
        assert_eq!(
            id("Initial Child Protection Conference").as_deref(),
            Some("icpcs")
        );
        assert_eq!(id("Review"), None);
        assert!(TypeMap::new(&["assessment=X".to_string()], &c).is_err());
        assert!(TypeMap::new(&["assessments".to_string()], &c).is_err());
    }
}
