//! CSV with stable column names and plain numbers, for scripts and spreadsheets:
//! `measure,label,baseline,current,change,change_pct` (change_pct empty for a zero baseline).

use anyhow::Result;

use super::Render;
use crate::compare::Comparison;

pub struct CsvFormat;

impl Render for CsvFormat {
    fn render(&self, comparison: &Comparison) -> Result<Vec<u8>> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
            "measure",
            "label",
            "baseline",
            "current",
            "change",
            "change_pct",
        ])?;
        for row in &comparison.rows {
            writer.write_record([
                row.measure.clone(),
                row.label.clone(),
                row.baseline.to_string(),
                row.current.to_string(),
                row.change.to_string(),
                row.change_pct.map(|p| p.to_string()).unwrap_or_default(),
            ])?;
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
}
