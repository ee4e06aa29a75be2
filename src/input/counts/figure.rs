//! Figures as pre-counted tables write them.

/// A figure: a whole number, with thousands separators or not (`1,234`). `Ok(None)` for a
/// cell that gives no figure: blank, `-`, `..`, or a symbol for a figure not published
/// (`c`, `x`, `[c]`, `[x]`, `n/a`). `Err(())` for anything else.
pub(crate) fn figure(text: &str) -> Result<Option<u64>, ()> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let symbol = lower.trim_start_matches('[').trim_end_matches(']');
    let withheld = symbol.starts_with('<') || symbol.chars().all(|c| c == '*');
    if t.is_empty()
        || withheld
        || matches!(
            symbol,
            "-" | "–" | ".." | "c" | "x" | "z" | "u" | "n/a" | "na"
        )
    {
        return Ok(None);
    }
    let t = t.strip_suffix(".0").unwrap_or(t);
    // Thousands separators only where they belong: `1,234`, `12,345,678`; not `12,34`.
    let mut groups = t.split(',');
    let head = groups.next().unwrap_or_default();
    let grouped = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let head_ok = !head.is_empty() && (t.len() == head.len() || head.len() <= 3);
    if !grouped || !head_ok || !head.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    t.replace(',', "").parse().map(Some).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        assert_eq!(figure("1,234"), Ok(Some(1234)));
        assert_eq!(figure(" 17 "), Ok(Some(17)));
        assert_eq!(figure("12.0"), Ok(Some(12)));
        assert_eq!(figure("12,345,678"), Ok(Some(12_345_678)));
        for empty in ["", " ", "-", "..", "c", "[x]", "n/a", "<5", "*", "**"] {
            assert_eq!(figure(empty), Ok(None), "{empty}");
        }
        for bad in [
            "0.15", "12%", "-3", "abc", "12,34", "1,23,4", "1,234,", "1234,567",
        ] {
            assert_eq!(figure(bad), Err(()), "{bad}");
        }
    }
}
