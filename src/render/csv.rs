//! CSV with stable column names and plain numbers, for scripts and spreadsheets:
//! `measure,label,baseline,current,change,change_pct` (change_pct empty for a zero baseline).

use anyhow::Result;

use super::Render;
use crate::compare::{Comparison, CountKind};
use crate::config::CountMode;

pub struct CsvFormat;

impl Render for CsvFormat {
    fn render(&self, comparison: &Comparison) -> Result<Vec<u8>> {
        let with_group = comparison.by.is_some();
        let with_count = comparison.count != CountMode::Events;
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["measure", "label"];
        header.extend(with_group.then_some("group"));
        header.extend(with_count.then_some("count"));
        header.extend(["baseline", "current", "change", "change_pct"]);
        writer.write_record(&header)?;
        for row in &comparison.rows {
            let mut record = vec![row.measure.clone(), row.label.clone()];
            if with_group {
                record.push(row.group.clone().unwrap_or_default());
            }
            if with_count {
                record.push(match row.count {
                    Some(CountKind::Children) => "children".to_string(),
                    _ => "events".to_string(),
                });
            }
            record.extend([
                row.baseline.to_string(),
                row.current.to_string(),
                row.change.to_string(),
                row.change_pct.map(|p| p.to_string()).unwrap_or_default(),
            ]);
            writer.write_record(&record)?;
        }
        Ok(writer.into_inner()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn committee_csv() {
        let bytes = CsvFormat.render(&fixtures::committee()).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "measure,label,baseline,current,change,change_pct\n\
             contacts,Contacts,11312,11015,-297,-2.6255\n\
             s47-enquiries,Section 47,762,1010,248,32.5459\n\
             icpcs,Initial Child Protection Conferences,0,4,4,\n"
        );
    }

    #[test]
    fn groups_and_counts_get_their_own_columns() {
        let bytes = CsvFormat.render(&fixtures::by_source_both()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().take(4).collect();
        assert_eq!(
            lines,
            [
                "measure,label,group,count,baseline,current,change,change_pct",
                "contacts,Contacts,,events,20,25,5,25",
                "contacts,Contacts,,children,12,12,0,0",
                "contacts,Contacts,2A: Schools,events,5,0,-5,-100",
            ]
        );
    }
}
