//! Byte strings as small numbers: child IDs for distinct-child counts, duplicate keys and
//! referral and plan histories; `--by` groups and event sources, whose names are kept. Millions of rows look up a few hundred thousand IDs, so the lookup is kept
//! cheap: an ID of up to 15 bytes (nearly all of them) is stored inline as one `u128`, and the
//! tables use a fast non-cryptographic hash (the keys come from our own inputs).

use rustc_hash::FxHashMap;

/// Maps each distinct ID to a number, 0, 1, 2, … in order of first sight.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<[u8]>, u32>,
    /// Each ID's bytes by number, when they are wanted back (groups); `None` for child IDs,
    /// which are only ever compared.
    names: Option<Vec<Box<[u8]>>>,
}

impl Ids {
    /// Numbers that keep each ID's bytes, for [`Ids::names`].
    pub fn keeping_names() -> Ids {
        Ids {
            names: Some(Vec::new()),
            ..Ids::default()
        }
    }

    /// The ID's number, given it if new.
    pub fn id(&mut self, bytes: &[u8]) -> u32 {
        let next = u32::try_from(self.len()).unwrap_or(u32::MAX);
        let id = match inline(bytes) {
            Some(key) => *self.short.entry(key).or_insert(next),
            None => match self.long.get(bytes) {
                Some(&id) => id,
                None => {
                    self.long.insert(bytes.into(), next);
                    next
                }
            },
        };
        if id == next
            && let Some(names) = &mut self.names
        {
            names.push(bytes.into());
        }
        id
    }

    /// The bytes of each ID, by number; empty unless made by [`Ids::keeping_names`].
    pub fn names(&self) -> &[Box<[u8]>] {
        self.names.as_deref().unwrap_or_default()
    }

    /// How many distinct IDs have been seen.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Up to 15 bytes and their length in one number; `None` when longer.
fn inline(bytes: &[u8]) -> Option<u128> {
    if bytes.len() >= 16 {
        return None;
    }
    let mut packed = [0u8; 16];
    packed.get_mut(..bytes.len())?.copy_from_slice(bytes);
    *packed.last_mut()? = bytes.len() as u8;
    Some(u128::from_le_bytes(packed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_ids_get_distinct_numbers() {
        let mut ids = Ids::default();
        assert_eq!(ids.id(b"C1"), 0);
        assert_eq!(ids.id(b"C2"), 1);
        assert_eq!(ids.id(b"C1"), 0);
        // Same bytes but for trailing NULs, and an ID too long to keep inline.
        assert_eq!(ids.id(b"C1\0"), 2);
        assert_eq!(ids.id(b""), 3);
        assert_eq!(ids.id(b"0123456789abcdef-long"), 4);
        assert_eq!(ids.id(b"0123456789abcde"), 5);
        assert_eq!(ids.id(b"0123456789abcdef-long"), 4);
        assert_eq!(ids.len(), 6);
        assert!(ids.names().is_empty());
    }

    #[test]
    fn names_are_kept_in_order_of_first_sight() {
        let mut groups = Ids::keeping_names();
        assert_eq!(groups.id(b"Police"), 0);
        assert_eq!(groups.id(b"a source name longer than sixteen bytes"), 1);
        assert_eq!(groups.id(b"Police"), 0);
        assert_eq!(groups.id(b""), 2);
        let names: Vec<&[u8]> = groups.names().iter().map(|n| &n[..]).collect();
        assert_eq!(
            names,
            [
                &b"Police"[..],
                b"a source name longer than sixteen bytes",
                b""
            ]
        );
    }
}
