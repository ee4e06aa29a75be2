//! Byte strings as small numbers: child IDs for distinct-child counts, duplicate keys and
//! referral and plan histories; `--by` groups and event sources, whose names are kept. Millions of rows look up a few hundred thousand IDs, so the lookup is kept
//! cheap: an ID of up to 15 bytes (nearly all of them) is stored inline as two `u64`s (not a
//! `u128`, whose 16-byte alignment would pad each entry of the table from 24 bytes to 32), and
//! the tables use a fast non-cryptographic hash (the keys come from our own inputs).

use crate::model::convert::{to_u8, to_usize};
use rustc_hash::FxHashMap;

/// Maps each distinct ID to a number, 0, 1, 2, … in order of first sight.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    short: FxHashMap<[u64; 2], u32>,
    long: FxHashMap<Box<[u8]>, u32>,
    /// Each ID's bytes by number, when they are wanted back (groups); `None` for child IDs,
    /// which are only ever compared.
    names: Option<Vec<Box<[u8]>>>,
}

impl Ids {
    /// Numbers that keep each ID's bytes, for [`Ids::names`].
    pub(crate) fn keeping_names() -> Ids {
        Ids {
            names: Some(Vec::new()),
            ..Ids::default()
        }
    }

    /// The ID's number, given it if new.
    pub(crate) fn id(&mut self, bytes: &[u8]) -> u32 {
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

    /// Where each of `other`'s numbers lands in `self`: the IDs `other` saw, given numbers
    /// here if new (in `other`'s order of first sight when it kept names, so that groups keep
    /// theirs). Indexed by `other`'s numbers.
    pub(crate) fn absorb(&mut self, other: &Ids) -> Vec<u32> {
        if self.is_empty() && self.names.is_some() == other.names.is_some() {
            // Numbered as `other` is: a copy, no lookups.
            self.clone_from(other);
            return (0..u32::try_from(other.len()).unwrap_or(u32::MAX)).collect();
        }
        let mut remap = vec![0u32; other.len()];
        if other.names.is_some() {
            for (i, name) in other.names().iter().enumerate() {
                let id = self.id(name);
                if let Some(slot) = remap.get_mut(i) {
                    *slot = id;
                }
            }
            return remap;
        }
        for (&key, &theirs) in &other.short {
            let next = u32::try_from(self.len()).unwrap_or(u32::MAX);
            let id = *self.short.entry(key).or_insert(next);
            if let Some(slot) = remap.get_mut(theirs as usize) {
                *slot = id;
            }
        }
        for (bytes, &theirs) in &other.long {
            let id = self.id(bytes);
            if let Some(slot) = remap.get_mut(theirs as usize) {
                *slot = id;
            }
        }
        remap
    }

    /// The bytes of each ID, by number; empty unless made by [`Ids::keeping_names`].
    pub(crate) fn names(&self) -> &[Box<[u8]>] {
        self.names.as_deref().unwrap_or_default()
    }

    /// How many distinct IDs have been seen.
    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Marks a child key that is an [`Ids`] number, not the ID's own bytes (see [`child_key`]).
pub(crate) const INTERNED: u64 = 0b10 << 62;
const LETTERS_DIGITS: u64 = 0b01 << 62;

/// A child key from another part of a file in this part's terms: a key that is the ID's own
/// bytes stays as it is; one that is a number of the other part's [`Ids`] is given this
/// part's number, by `remap` (from [`Ids::absorb`]). `None` for a number `remap` lacks.
pub(crate) fn renumber(key: u64, remap: &[u32]) -> Option<u64> {
    if key & INTERNED == 0 {
        return Some(key);
    }
    let id = remap.get(to_usize(key & u64::from(u32::MAX)))?;
    Some(INTERNED | u64::from(*id))
}

/// A child ID as one exact `u64`, with no table to look it up in: up to 7 bytes as they are
/// (with their length), or up to two ASCII letters then 1 to 13 digits (`LC00220249`, leading
/// zeros kept) as letters, digit count and number. `None` for any other ID, which is then
/// numbered by [`Ids`] and marked [`INTERNED`]. Different IDs never share a key.
pub(crate) fn child_key(bytes: &[u8]) -> Option<u64> {
    if bytes.len() <= 7 {
        let mut packed = [0u8; 8];
        packed.get_mut(..bytes.len())?.copy_from_slice(bytes);
        *packed.last_mut()? = to_u8(bytes.len());
        return Some(u64::from_le_bytes(packed));
    }
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = bytes.get(letters..)?;
    if letters > 2
        || digits.is_empty()
        || digits.len() > 13
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    // A letter as 1..=52, no letter as 0.
    let letter = |i: usize| -> u64 {
        bytes.get(i).filter(|_| i < letters).map_or(0, |&b| {
            if b.is_ascii_uppercase() {
                u64::from(b - b'A') + 1
            } else {
                u64::from(b - b'a') + 27
            }
        })
    };
    let number = digits
        .iter()
        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    Some(LETTERS_DIGITS | letter(0) << 54 | letter(1) << 48 | (digits.len() as u64) << 44 | number)
}

/// Up to 15 bytes and their length in one number; `None` when longer.
fn inline(bytes: &[u8]) -> Option<[u64; 2]> {
    if bytes.len() >= 16 {
        return None;
    }
    let mut packed = [0u8; 16];
    packed.get_mut(..bytes.len())?.copy_from_slice(bytes);
    *packed.last_mut()? = to_u8(bytes.len());
    let (low, high) = packed.split_at(8);
    Some([
        u64::from_le_bytes(low.try_into().ok()?),
        u64::from_le_bytes(high.try_into().ok()?),
    ])
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
    fn child_keys_are_exact() {
        let ids: [&[u8]; 12] = [
            b"",
            b"1",
            b"0000001",
            b"LC00220249",
            b"LC0220249",
            b"lc00220249",
            b"L00220249",
            b"00220249",
            b"AB9999999999999",
            b"1234567",
            b"12345678",
            b"Z1",
        ];
        let keys: Vec<u64> = ids.iter().map(|id| child_key(id).unwrap()).collect();
        let mut distinct = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), ids.len(), "{keys:x?}");
        assert!(keys.iter().all(|k| k & INTERNED == 0));
        // Too long, too many letters, or not letters then digits: numbered instead.
        for id in [
            &b"ABC12345678"[..],
            b"LC-0022024",
            b"A12345678901234",
            b"C1 2345678",
        ] {
            assert_eq!(child_key(id), None, "{}", String::from_utf8_lossy(id));
        }
    }

    #[test]
    fn absorbing_another_table_renumbers_its_ids() {
        let mut mine = Ids::default();
        mine.id(b"C1");
        let mut theirs = Ids::default();
        theirs.id(b"C2");
        theirs.id(b"C1");
        theirs.id(b"0123456789abcdef-long");
        assert_eq!(mine.absorb(&theirs), [1, 0, 2]);
        assert_eq!(mine.len(), 3);
        // Groups keep their order of first sight.
        let mut groups = Ids::keeping_names();
        groups.id(b"Police");
        let mut other = Ids::keeping_names();
        other.id(b"School");
        other.id(b"Police");
        assert_eq!(groups.absorb(&other), [1, 0]);
        assert_eq!(groups.names().get(1).map(|n| &n[..]), Some(&b"School"[..]));
    }

    #[test]
    fn an_empty_table_absorbs_another_numbered_as_it_is() {
        let mut theirs = Ids::default();
        theirs.id(b"0123456789abcdef-long");
        theirs.id(b"C2");
        let mut mine = Ids::default();
        assert_eq!(mine.absorb(&theirs), [0, 1]);
        assert_eq!(mine.id(b"C2"), 1);
        assert_eq!(mine.id(b"0123456789abcdef-long"), 0);
        assert_eq!(mine.id(b"C3"), 2);
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
