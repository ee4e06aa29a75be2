//! Month and weekday names in English, as exports write them (`Apr`, `APRIL`, `Sept`,
//! `Wed`, `Wednesday,`), and the other spellings around a written date.

use crate::model::convert::to_u32;

/// `Apr`, `April`, `APR`, `Sept` (any case) at the start of `s`: the month and the bytes after
/// it.
pub(super) fn month_name(s: &[u8]) -> Option<(u32, &[u8])> {
    const NAMES: [&[u8]; 12] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
    ];
    let n = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if !(3..=9).contains(&n) {
        return None;
    }
    let (word, rest) = s.split_at_checked(n)?;
    let word = word.to_ascii_lowercase();
    if word == b"sept" {
        return Some((9, rest));
    }
    NAMES
        .iter()
        .position(|name| word.len() == 3 && name.starts_with(&word) || *name == word.as_slice())
        .map(|i| (to_u32(i) + 1, rest))
}

/// A weekday's name at the start of `s` (`Wed`, `Weds`, `wednesday`, `Thurs`), with the comma,
/// full stop and spaces after it: the weekday (Monday = 0) and the date after it.
pub(super) fn weekday_prefix(s: &[u8]) -> Option<(u32, &[u8])> {
    const DAYS: [(&[u8], &[&[u8]]); 7] = [
        (b"monday", &[b"mon"]),
        (b"tuesday", &[b"tue", b"tues"]),
        (b"wednesday", &[b"wed", b"weds"]),
        (b"thursday", &[b"thu", b"thur", b"thurs"]),
        (b"friday", &[b"fri"]),
        (b"saturday", &[b"sat"]),
        (b"sunday", &[b"sun"]),
    ];
    let n = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (word, rest) = s.split_at_checked(n)?;
    let word = word.to_ascii_lowercase();
    let day = DAYS
        .iter()
        .position(|(full, short)| *full == word.as_slice() || short.contains(&word.as_slice()))?;
    let stripped = rest.strip_prefix(b".").unwrap_or(rest);
    let stripped = stripped.strip_prefix(b",").unwrap_or(stripped);
    let after = stripped.trim_ascii_start();
    // A weekday is followed by a comma, a full stop or a space, and then the date itself.
    let separated = after.len() < rest.len();
    (separated && after.first().is_some_and(u8::is_ascii_alphanumeric))
        .then_some((to_u32(day), after))
}

/// An ordinal's suffix after a day (`1st`, `2nd`, `23rd`, `4th`), dropped.
pub(super) fn without_ordinal(s: &[u8]) -> &[u8] {
    for suffix in [b"st", b"nd", b"rd", b"th"] {
        if let Some(prefix) = s.get(..2)
            && prefix.eq_ignore_ascii_case(suffix)
            && !s.get(2).is_some_and(u8::is_ascii_alphabetic)
        {
            return s.get(2..).unwrap_or_default();
        }
    }
    s
}

/// The field with every Unicode space (no-break, narrow no-break, thin, ideographic, …) turned
/// into an ASCII space and the invisible marks (zero-width space and joiners, word joiner,
/// byte-order mark) taken out; `None` when there is none to change. A lone byte `A0` (a
/// no-break space in Windows-1252 that was never decoded) counts as a space too.
pub(super) fn plain_spaces(field: &[u8]) -> Option<Vec<u8>> {
    if field.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(field.len());
    let mut rest = field;
    while let Some((&b, tail)) = rest.split_first() {
        if b.is_ascii() {
            out.push(b);
            rest = tail;
            continue;
        }
        let width = utf8_width(b).min(rest.len());
        let (bytes, tail) = rest.split_at(width);
        match std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.chars().next())
        {
            Some(c) if is_invisible(c) => {}
            Some(c) if c.is_whitespace() => out.push(b' '),
            Some(_) => out.extend_from_slice(bytes),
            None if b == 0xA0 => out.push(b' '),
            None => out.push(b),
        }
        rest = if std::str::from_utf8(bytes).is_ok() {
            tail
        } else {
            rest.get(1..).unwrap_or_default()
        };
    }
    Some(out)
}

fn utf8_width(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Characters with no width that copy-and-paste leaves in a cell.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays() {
        assert_eq!(
            weekday_prefix(b"Wed 01/04/2020"),
            Some((2, &b"01/04/2020"[..]))
        );
        assert_eq!(
            weekday_prefix(b"Wednesday, 1 April 2020"),
            Some((2, &b"1 April 2020"[..]))
        );
        assert_eq!(
            weekday_prefix(b"THURS. 2 Apr 2020"),
            Some((3, &b"2 Apr 2020"[..]))
        );
        assert_eq!(weekday_prefix(b"Wed01/04/2020"), None);
        assert_eq!(weekday_prefix(b"April 1, 2020"), None);
        assert_eq!(weekday_prefix(b"Sun"), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(without_ordinal(b"st April"), b" April");
        assert_eq!(without_ordinal(b"th"), b"");
        assert_eq!(without_ordinal(b"stApril"), b"stApril");
    }

    #[test]
    fn spaces() {
        assert_eq!(plain_spaces(b"01/04/2020"), None);
        assert_eq!(
            plain_spaces("\u{A0}01/04/2020\u{202F}".as_bytes()).as_deref(),
            Some(&b" 01/04/2020 "[..])
        );
        assert_eq!(
            plain_spaces("1\u{A0}April\u{2009}2020\u{200B}".as_bytes()).as_deref(),
            Some(&b"1 April 2020"[..])
        );
        assert_eq!(
            plain_spaces(b"\xA001/04/2020").as_deref(),
            Some(&b" 01/04/2020"[..])
        );
        assert_eq!(
            plain_spaces("\u{FEFF}2020-04-01\u{3000}".as_bytes()).as_deref(),
            Some(&b"2020-04-01 "[..])
        );
    }
}
