//! What drove each measure's change: its `--by` groups' changes as shares of the measure's,
//! from the figures as published. A withheld group (and the "Other" that `--by-max` folds)
//! is never named: its change goes into "other groups", which is the total's change less the
//! named groups', so nothing can be worked out that the table does not already show.

use crate::compare::disclosure::Published;
use crate::compare::document::{Comparison, Row};
pub(crate) use crate::compare::document::{Contribution, Drivers};
use crate::model::convert::round_i64;
use crate::model::number::thousands;

/// The most groups named as driving a change.
const MOST_NAMED: usize = 3;
/// A group is named as a driver when its share of the change is at least this…
const DRIVER_SHARE: f64 = 0.10;
/// …until the groups named hold this share of all the movement in the change's direction.
const ENOUGH: f64 = 2.0 / 3.0;
/// A group moving against the change is named when it is at least this share of it.
const AGAINST_SHARE: f64 = 0.20;

/// The drivers of every measure the comparison breaks down by group, from its rows as
/// published. None over spans of different lengths (their changes are per day), and none for
/// a measure whose total is withheld, partly covered or has no data.
pub(crate) fn of(c: &Published<Comparison>, similar_within: f64) -> Vec<Drivers> {
    let Some(column) = c.by.as_deref() else {
        return Vec::new();
    };
    // Over spans of different lengths (2020/21 against 2019/20, with its 29 February) each
    // baseline count is scaled to the period's length, so the groups' changes add up to the
    // change in the daily rate, in events.
    let scale = c.per_day.map_or(1.0, |(current, baseline)| {
        current as f64 / baseline.max(1) as f64
    });
    let mut out = Vec::new();
    for total in c.rows.iter().filter(|r| r.group.is_none()) {
        let Some(change) = shown_change(total, scale) else {
            continue;
        };
        if total.coverage.as_ref().is_some_and(|cov| cov.is_partial()) {
            continue;
        }
        let groups = c
            .rows
            .iter()
            .filter(|r| r.group.is_some() && r.measure == total.measure && r.unit == total.unit);
        let mut d = split(total, column, (change, scale), groups, similar_within);
        d.length_adjusted = c.per_day.is_some();
        out.push(d);
    }
    out
}

/// A row's change as its published figures give it, its baseline scaled by `scale` (the
/// period's days over the baseline's); `None` when a figure is withheld or missing.
fn shown_change(row: &Row, scale: f64) -> Option<f64> {
    if row.suppressed {
        return None;
    }
    let (b, c) = (row.baseline?, row.current?);
    Some(c as f64 - b as f64 * scale)
}

fn split<'a>(
    total: &Row,
    column: &str,
    (exact, scale): (f64, f64),
    rows: impl Iterator<Item = &'a Row>,
    similar_within: f64,
) -> Drivers {
    let change = round_i64(exact);
    // To four decimals, as percent changes are.
    let share =
        |delta: f64| (exact.abs() > 1e-9).then(|| (delta / exact * 10_000.0).round() / 10_000.0);
    let mut groups: Vec<Contribution> = Vec::new();
    let mut named_sum = 0.0;
    let mut hidden = 0usize;
    for row in rows {
        let published = row.group.as_deref().filter(|g| *g != "Other");
        if let (Some(group), Some(delta)) = (published, shown_change(row, scale)) {
            named_sum += delta;
            groups.push(Contribution {
                group: Some(group.to_string()),
                change: round_i64(delta),
                share: share(delta),
                named: false,
            });
        } else {
            hidden += 1;
        }
    }
    // Largest contribution first: along the change by size, then against it.
    let direction = change.signum();
    groups.sort_by(|a, b| {
        let key = |x: &Contribution| match direction {
            0 => -x.change.abs(),
            d => -(x.change * d),
        };
        key(a).cmp(&key(b)).then_with(|| a.group.cmp(&b.group))
    });
    let rest = exact - named_sum;
    let other_groups = (hidden > 0 || rest.abs() >= 0.5).then(|| Contribution {
        group: None,
        change: round_i64(rest),
        share: share(rest),
        named: false,
    });
    // A change that reads as similar, or that chance could explain, is not put down to its
    // groups: the sentence names the largest moves within it instead.
    let tentative = total.significant == Some(false)
        || total
            .change_pct
            .is_none_or(|p| p.abs() < similar_within && total.significant != Some(true));
    name(
        &mut groups,
        change,
        tentative,
        total.baseline.unwrap_or(0),
        similar_within,
    );
    Drivers {
        measure: total.measure.clone(),
        label: total.label.clone(),
        unit: total.unit,
        column: column.to_string(),
        change,
        groups,
        other_groups,
        tentative,
        length_adjusted: false,
    }
}

/// Marks the groups the summary names. A change that reads as a change: the largest groups
/// along it (each at least a tenth of it, at most three, until they hold two thirds of all
/// the movement its way), and those against it by a fifth or more (at most two). A change
/// that reads as similar, or that chance could explain: the largest rise and fall, when
/// either is at least the "similar" band of the baseline and ten events.
fn name(groups: &mut [Contribution], change: i64, similar: bool, baseline: u64, within: f64) {
    if similar || change == 0 {
        // At least ten events: a move of one or two is noise, however small the measure.
        let floor = (baseline as f64 * within / 100.0).max(10.0);
        for sign in [1, -1] {
            if let Some(g) = groups
                .iter_mut()
                .filter(|g| g.change.signum() == sign && g.change.abs() as f64 >= floor)
                .max_by_key(|g| g.change.abs())
            {
                g.named = true;
            }
        }
        return;
    }
    let along: i64 = groups
        .iter()
        .filter(|g| g.change.signum() == change.signum())
        .map(|g| g.change.abs())
        .sum();
    let mut held = 0i64;
    for (count, g) in groups.iter_mut().enumerate() {
        let share = g.share.unwrap_or(0.0);
        if share < DRIVER_SHARE || count == MOST_NAMED || held as f64 >= ENOUGH * along as f64 {
            break;
        }
        g.named = true;
        held += g.change.abs();
    }
    for (against, g) in groups.iter_mut().rev().enumerate() {
        if against == 2 || g.share.unwrap_or(0.0) > -AGAINST_SHARE {
            break;
        }
        g.named = true;
    }
}

/// The words the summary adds to the measure's sentence, from `; ` to before its full stop:
/// `; about three fifths of the fall was in Referral Source “Schools” (−210) and “Police”
/// (−60)`. Empty when no group is named.
pub(crate) fn clause(d: &Drivers) -> String {
    let named: Vec<&Contribution> = d.groups.iter().filter(|g| g.named).collect();
    if named.is_empty() {
        return String::new();
    }
    let along: Vec<&Contribution> = named
        .iter()
        .copied()
        .filter(|g| d.change != 0 && g.change.signum() == d.change.signum())
        .collect();
    let against: Vec<&Contribution> = named
        .iter()
        .copied()
        .filter(|g| d.change == 0 || g.change.signum() != d.change.signum())
        .collect();
    if along.is_empty() || d.tentative {
        // Similar, or a change chance could explain: the large moves within it, not causes.
        let rises: Vec<_> = named.iter().copied().filter(|g| g.change > 0).collect();
        let falls: Vec<_> = named.iter().copied().filter(|g| g.change < 0).collect();
        let mut parts = Vec::new();
        if !rises.is_empty() {
            parts.push(format!("{} rose", list(&d.column, &rises)));
        }
        if !falls.is_empty() {
            let column = if rises.is_empty() { &d.column } else { "" };
            parts.push(format!("{} fell", list(column, &falls)));
        }
        return format!("; within that, {}{}", parts.join(" and "), adjusted(d));
    }
    let noun = if d.change > 0 { "rise" } else { "fall" };
    let mut text = along_clause(d, &along, noun);
    if !against.is_empty() {
        let verb = if d.change > 0 { "fell" } else { "rose" };
        let held: i64 = along.iter().map(|g| g.change).sum();
        if held as f64 / d.change as f64 > 1.005 {
            let moves = match (d.change > 0, against.len()) {
                (true, 1) => "a fall in",
                (true, _) => "falls in",
                (false, 1) => "a rise in",
                (false, _) => "rises in",
            };
            text.push_str(&format!(
                ", offset in part by {moves} {}",
                list("", &against)
            ));
        } else {
            text.push_str(&format!(
                ", while {} {verb}",
                list("", &against).trim_start()
            ));
        }
    }
    text.push_str(&adjusted(d));
    text
}

/// `` or ` (changes in events, the baseline scaled to the period's length)``.
fn adjusted(d: &Drivers) -> String {
    if d.length_adjusted {
        " (changes in events, the baseline scaled to the period's length)".to_string()
    } else {
        String::new()
    }
}

/// `; about half of the fall was in Referral Source “A” (−93) and “B” (−79)`.
fn along_clause(d: &Drivers, along: &[&Contribution], noun: &str) -> String {
    let held: i64 = along.iter().map(|g| g.change).sum();
    let share = held as f64 / d.change as f64;
    if share > 1.005 {
        format!("; the {noun} was in {}", list(&d.column, along))
    } else {
        format!(
            "; {} of the {noun} was in {}",
            share_words(share),
            list(&d.column, along)
        )
    }
}

/// `Referral Source “Schools” (−210) and “Police” (−60)`.
fn list(column: &str, groups: &[&Contribution]) -> String {
    let items: Vec<String> = groups
        .iter()
        .map(|g| {
            format!(
                "\u{201c}{}\u{201d} ({})",
                g.group.as_deref().unwrap_or("other groups"),
                signed(g.change)
            )
        })
        .collect();
    let joined = crate::model::text::join_list(&items, " and ");
    if column.is_empty() {
        joined
    } else {
        format!("{column} {joined}")
    }
}

/// `+45`, `−1,210` (a true minus sign, as print uses).
pub(crate) fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{}", thousands(n.unsigned_abs())),
        n if n < 0 => format!("\u{2212}{}", thousands(n.unsigned_abs())),
        _ => "0".to_string(),
    }
}

/// A share as a paper writes it: `half`, `about three fifths`, `all`, else `57%`.
pub(crate) fn share_words(share: f64) -> String {
    const WORDS: [(f64, &str); 10] = [
        (1.0 / 5.0, "a fifth"),
        (1.0 / 4.0, "a quarter"),
        (1.0 / 3.0, "a third"),
        (2.0 / 5.0, "two fifths"),
        (1.0 / 2.0, "half"),
        (3.0 / 5.0, "three fifths"),
        (2.0 / 3.0, "two thirds"),
        (3.0 / 4.0, "three quarters"),
        (4.0 / 5.0, "four fifths"),
        (1.0, "all"),
    ];
    for (value, words) in WORDS {
        let gap = (share - value).abs();
        if gap < 0.0005 {
            return words.to_string();
        }
        if gap <= 0.02 {
            return match words {
                "all" if share < 1.0 => "nearly all".to_string(),
                "all" => "all".to_string(),
                _ => format!("about {words}"),
            };
        }
    }
    format!("{}%", (share * 100.0).round())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_in_words() {
        assert_eq!(share_words(0.6), "three fifths");
        assert_eq!(share_words(0.608), "about three fifths");
        assert_eq!(share_words(0.5), "half");
        assert_eq!(share_words(0.57), "57%");
        assert_eq!(share_words(0.995), "nearly all");
        assert_eq!(share_words(1.0), "all");
        assert_eq!(share_words(0.123), "12%");
    }

    #[test]
    fn signs() {
        assert_eq!(signed(-1210), "\u{2212}1,210");
        assert_eq!(signed(45), "+45");
        assert_eq!(signed(0), "0");
    }
}
