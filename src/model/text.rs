//! Text from inputs made safe for where it goes: a terminal, a CSV file opened in Excel, a
//! Markdown table, an XML document. Group values, labels and headers come from files and the
//! command line, and can hold anything.

use std::borrow::Cow;

/// Control characters shown, not obeyed: `ESC` becomes `\x1b`, a carriage return `\r`, so no
/// escape sequence (colours, hyperlinks, a cleared screen, a window title) reaches the
/// terminal. Newlines and tabs are kept when `keep_lines` is set. Invisible format characters
/// are shown too (`\u{202e}`): bidirectional overrides and isolates, which would reorder
/// what follows them on the line, and zero-width characters, which would make two different
/// values look the same.
pub(crate) fn printable(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let bad =
        |c: char| (c.is_control() && !(keep_lines && (c == '\n' || c == '\t'))) || is_invisible(c);
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' if bad(c) => out.push_str("\\r"),
            '\n' if bad(c) => out.push_str("\\n"),
            '\t' if bad(c) => out.push_str("\\t"),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c if bad(c) => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Bidirectional controls (embeddings, overrides, isolates, marks), zero-width and other
/// invisible characters (soft hyphen, Hangul fillers, tag characters), and the line and
/// paragraph separators some terminals break on.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// A text cell for CSV: one that Excel would read as a formula (starting `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading `'`, as OWASP recommends.
pub(crate) fn csv_text(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// `text` in lines of at most `width` characters, broken at spaces, never inside a word (a
/// word longer than the width has a line of its own). A width under 20 leaves it whole.
pub(crate) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    if width < 20 {
        return vec![text.to_string()];
    }
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Items as a sentence lists them: `a`, `a and b`, `a, b and c` with `last` = `" and "`
/// (or `" or "`, or `", and "` between clauses).
pub(crate) fn join_list(items: &[String], last: &str) -> String {
    match items.split_last() {
        Some((final_item, rest)) if !rest.is_empty() => {
            format!("{}{last}{final_item}", rest.join(", "))
        }
        _ => items.concat(),
    }
}

/// Text without the characters XML 1.0 forbids (every control character but tab, newline
/// and carriage return).
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if text.chars().any(bad) {
        Cow::Owned(text.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Text safe inside XML or HTML elements and attributes: `&`, `<`, `>`, `"` and `'` as
/// entities, and the control characters XML forbids dropped.
pub(crate) fn markup_text(text: &str) -> String {
    let text = xml_text(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            markup_text("<a & \"b\" 'c'>\u{1}"),
            "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;"
        );
    }

    #[test]
    fn terminal_escapes_are_shown_not_obeyed() {
        assert_eq!(printable("Police", false), "Police");
        assert_eq!(
            printable("\u{1b}]8;;http://x\u{7}link", false),
            "\\x1b]8;;http://x\\x07link"
        );
        assert_eq!(printable("a\rb\nc", false), "a\\rb\\nc");
        assert_eq!(printable("a\nb\u{1b}[2J", true), "a\nb\\x1b[2J");
        // A right-to-left override and a zero-width space are shown, not obeyed.
        assert_eq!(
            printable("Police\u{202e}lacoL\u{200b}", true),
            "Police\\u{202e}lacoL\\u{200b}"
        );
        assert_eq!(printable("Ysgol Gymraeg", false), "Ysgol Gymraeg");
        assert_eq!(
            printable("a\u{2028}b\u{ad}c\u{e0041}", false),
            "a\\u{2028}b\\u{ad}c\\u{e0041}"
        );
    }

    #[test]
    fn formulas_are_neutralised_in_csv() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for start in ["+1", "-1", "@SUM", "\tx", "\rx"] {
            assert!(csv_text(start).starts_with('\''), "{start:?}");
        }
        assert_eq!(csv_text("Police"), "Police");
        assert_eq!(csv_text(""), "");
    }

    #[test]
    fn lists_in_sentences() {
        let items = |n: usize| -> Vec<String> {
            ["a", "b", "c"][..n].iter().map(|s| s.to_string()).collect()
        };
        assert_eq!(join_list(&items(0), " and "), "");
        assert_eq!(join_list(&items(1), " and "), "a");
        assert_eq!(join_list(&items(2), " or "), "a or b");
        assert_eq!(join_list(&items(3), ", and "), "a, b, and c");
    }

    #[test]
    fn xml_forbidden_characters_are_dropped() {
        assert_eq!(xml_text("Front\u{1}door\u{b}"), "Frontdoor");
        assert_eq!(xml_text("a\tb\nc"), "a\tb\nc");
    }
}
