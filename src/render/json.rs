//! The JSON contract (see the README): pretty-printed, keys in a fixed order.

use anyhow::Result;

use super::Render;
use crate::compare::Comparison;

pub struct JsonFormat;

impl Render for JsonFormat {
    fn render(&self, comparison: &Comparison) -> Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(comparison)?;
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
        let bytes = JsonFormat.render(&fixtures::committee()).unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
    }
}
