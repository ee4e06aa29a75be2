//! How report-file values deserialize into the command-line structs: a key takes the value
//! its option takes, in the forms TOML writes naturally. A text option takes a string, a
//! number or a date (`year = 2021`, `as-of = 2021-01-19`); a repeatable option takes one value
//! or a list; a `MEASURE=VALUE` option also takes a table (`date-column = { contacts = "…" }`).
//! Anything else is a type error, reported at the key's line and column.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// One scalar as text.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Whole(i64),
    Number(f64),
    Date(toml::value::Datetime),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(t) => t,
            Scalar::Whole(n) => n.to_string(),
            Scalar::Number(n) => n.to_string(),
            Scalar::Date(d) => d.to_string(),
        }
    }
}

/// A text option: a string, a number or a date.
pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Scalar::deserialize(d)
        .map(Scalar::into_text)
        .map_err(|_| de::Error::custom("expected text, a number or a date"))
}

/// A whole number (`decimals = 1`).
pub(super) fn whole<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<T, D::Error> {
    let n =
        i64::deserialize(d).map_err(|_| de::Error::custom("expected a whole number, such as 1"))?;
    T::try_from(n).map_err(|_| de::Error::custom(format!("{n} is out of range")))
}

/// An optional whole number (`suppress = 5`).
pub(super) fn whole_opt<'de, D: Deserializer<'de>, T: TryFrom<i64>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    whole(d).map(Some)
}

/// A number (`confidence = 0.99`).
pub(super) fn number_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    number(d).map(Some)
}

pub(super) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    f64::deserialize(d).map_err(|_| de::Error::custom("expected a number, such as 0.95"))
}

/// The confidence level when a report does not give one.
pub(super) fn default_confidence() -> f64 {
    0.95
}

/// The cell limit when a report does not give one.
pub(super) fn default_max_cells() -> u64 {
    crate::input::workbook::DEFAULT_MAX_CELLS
}

/// An optional text option.
pub(super) fn text_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

/// An optional path.
pub(super) fn path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    text(d).map(|t| Some(PathBuf::from(t)))
}

/// One path or a list of them.
pub(super) fn paths<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    list(d).map(|items| items.into_iter().map(PathBuf::from).collect())
}

/// A list whose items may also be written `a,b` in one string, as on the command line.
pub(super) fn comma_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(list(d)?
        .iter()
        .flat_map(|item| item.split(','))
        .map(str::to_string)
        .collect())
}

/// [`list`] as paths the system may name in any bytes (inputs).
pub(super) fn os_list<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<std::ffi::OsString>, D::Error> {
    Ok(list(d)?.into_iter().map(std::ffi::OsString::from).collect())
}

/// A repeatable option: one value, a list of values, or a table of `KEY = VALUE` pairs,
/// which become `KEY=VALUE` items as on the command line.
pub(super) fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(ListVisitor)
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a list of strings or a table of KEY = \"VALUE\" pairs")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(vec![v.to_string()])
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(vec![v.to_string()])
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(vec![v.to_string()])
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Scalar>()? {
            items.push(item.into_text());
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Scalar>()? {
            items.push(format!("{key}={}", value.into_text()));
        }
        Ok(items)
    }
}
