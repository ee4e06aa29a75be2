//! The JSON contracts (see the README): pretty-printed, keys in a fixed order.

use anyhow::Result;

use super::{Document, Render};

pub struct JsonFormat;

impl Render for JsonFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let mut bytes = match document {
            Document::Compare(c) => serde_json::to_vec_pretty(c)?,
            Document::Monthly(m) => serde_json::to_vec_pretty(m)?,
            Document::Benchmark(b) => serde_json::to_vec_pretty(b)?,
            Document::Trend(t) => serde_json::to_vec_pretty(t)?,
        };
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
        let bytes = JsonFormat.render(Document::Compare(&c)).unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
