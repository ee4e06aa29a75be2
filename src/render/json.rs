//! The JSON contracts (see the README): pretty-printed, keys in a fixed order.

use anyhow::Result;

use super::{Document, Render, RenderOptions};
use crate::model::provenance::shown_path;

pub(super) struct JsonFormat(pub RenderOptions);

impl Render for JsonFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let mut value = match document {
            Document::Compare(c) => serde_json::to_value(c)?,
            Document::Monthly(m) => serde_json::to_value(m)?,
            Document::Benchmark(b) => serde_json::to_value(b)?,
            Document::Trend(t) => serde_json::to_value(t)?,
        };
        // The files read, by name alone unless --show-paths: folders name shares and people.
        if let Some(rows) = value
            .get_mut("data_quality")
            .and_then(serde_json::Value::as_array_mut)
        {
            for file in rows.iter_mut().filter_map(|row| row.get_mut("file")) {
                if let Some(path) = file.as_str() {
                    *file = shown_path(path, self.0.show_paths).into();
                }
            }
        }
        let mut bytes = serde_json::to_vec_pretty(&value)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn committee_json() {
        let c = fixtures::committee();
        let bytes = JsonFormat(RenderOptions::default())
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(c.clone()),
            ))
            .unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
