//! Plain-English sentences from the figures, in GOV.UK style, for the text around a table:
//! "Section 47 enquiries rose by 33%, from 762 to 1,010." Largest changes first; a change
//! within the "similar" band says so; a figure withheld by `--suppress`, or one whose inputs
//! do not cover its period, is never named.

use crate::compare::disclosure::Published;
use crate::compare::document::Monthly;
use crate::compare::document::RateRow;
use crate::compare::document::{AreaKind, Benchmark, BenchmarkRow};
use crate::compare::document::{Comparison, Row};
use crate::compare::significance::rate_ratio;
use crate::input::published::Figure;
use crate::model::measure::Catalogue;
use crate::model::number::thousands;
use crate::model::period::{Form, Period};
use crate::model::text::join_list;

/// The band within which a change reads as "similar" unless `--similar-within` says
/// otherwise, in percent.
pub(crate) const SIMILAR_WITHIN: f64 = 5.0;

/// The first letter in upper case, for the start of a sentence.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A percentage for a sentence, to the table's `decimals`: `33%`, rounded as the tables
/// round.
fn pct(p: f64, decimals: u32) -> String {
    crate::model::number::sentence_pct(p, decimals)
}

/// A count row's change as its table shows it, without the sign: `63%` for 80 → 130, the
/// same integers, decimals and rounding as the table's cell (the daily rates' when the spans
/// differ).
fn row_pct(row: &Row, decimals: u32) -> Option<String> {
    let (b, c) = row.change_pair()?;
    let shown = crate::model::number::format_change_pct(b, c, decimals);
    (shown != "n/a").then(|| shown.trim_start_matches(['+', '-']).to_string())
}

/// A rate in a sentence: one decimal, thousands separated (`1,088.3`).
fn rate_text(value: f64) -> String {
    crate::model::number::sentence_pct(value, 1)
        .trim_end_matches('%')
        .to_string()
}

/// The sentences for a comparison: one per measure (totals, not `--by` groups), then one per
/// rate, largest changes first.
pub(crate) fn compare(
    c: &Published<Comparison>,
    catalogue: &Catalogue,
    similar_within: f64,
    decimals: u32,
) -> Vec<String> {
    let label = &c.baseline.label;
    let last_year = if label.len() == 4 && label.chars().all(|ch| ch.is_ascii_digit()) {
        // Quarters or months, labelled by their year: "the same period of 2019".
        format!("in the same period of {label}")
    } else if label.chars().any(|ch| ch.is_ascii_digit()) {
        format!("in {label}")
    } else {
        "in the baseline period".to_string()
    };
    let mut ranked: Vec<(f64, String)> = Vec::new();
    let mut last: Vec<String> = Vec::new();
    for row in c.rows.iter().filter(|r| r.group.is_none()) {
        let words = Words {
            catalogue,
            similar_within,
            last_year: &last_year,
            rounded: c.rounded_to,
            decimals,
        };
        let Some((weight, mut text)) = count_sentence(row, &words) else {
            if let Some(text) = uncovered(row, catalogue)
                && !last.contains(&text)
            {
                last.push(text);
            }
            continue;
        };
        // What drove it, before the full stop: "…; half of the fall was in …".
        if let Some(d) = c
            .drivers
            .iter()
            .find(|d| d.measure == row.measure && d.unit == row.unit)
        {
            let clause = crate::compare::drivers::clause(d);
            if !clause.is_empty() && text.ends_with('.') {
                text.pop();
                text.push_str(&clause);
                text.push('.');
            }
        }
        ranked.push((weight, text));
    }
    for rate in &c.rates {
        if let Some(s) = rate_sentence(rate, similar_within) {
            ranked.push(s);
        } else if rate.is_suppressed() {
            last.push(format!(
                "{}: not described: a count behind it is withheld to protect children's identities.",
                sentence(&rate.label)
            ));
        }
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = ranked.into_iter().map(|(_, s)| s).chain(last).collect();
    out.extend(similar_rule(&out, similar_within, !c.rates.is_empty()));
    out
}

/// The rule behind "similar", said once after sentences that use it.
fn similar_rule(sentences: &[String], within: f64, rates: bool) -> Option<String> {
    sentences.iter().any(|s| s.contains("similar")).then(|| {
        let band = crate::model::number::sentence_pct(within, 1).replace(".0%", "%");
        let points = band.trim_end_matches('%');
        format!(
            "\u{201c}Similar\u{201d} means a change of less than {band}{} that chance alone could explain.",
            if rates {
                format!(" ({points} percentage points for a rate)")
            } else {
                String::new()
            }
        )
    })
}

/// ` (rounded to the nearest 10)` for counts rounded by `--round`; nothing otherwise.
fn rounded_words(step: Option<u64>) -> String {
    step.filter(|&n| n > 1).map_or_else(String::new, |n| {
        format!(" (rounded to the nearest {})", thousands(n))
    })
}

/// A zero as a sentence says it: "none" only for a true zero, "0" for a rounded one.
fn zero(step: Option<u64>) -> &'static str {
    if step.is_some_and(|n| n > 1) {
        "0"
    } else {
        "none"
    }
}

/// How a comparison's sentences are worded: the "similar" band, the baseline's name, the
/// step counts were rounded to, and the table's decimals.
struct Words<'a> {
    /// How each measure is named in a sentence.
    catalogue: &'a Catalogue,
    similar_within: f64,
    last_year: &'a str,
    rounded: Option<u64>,
    decimals: u32,
}

/// One count row's sentence and its weight (the size of its change), or `None` when a figure
/// is withheld or the inputs do not cover the period. Under `--round`, the figures are said
/// to be rounded and a zero is "0", not "none"; over spans of different lengths the change is
/// said to be per day, with each span's days.
fn count_sentence(row: &Row, words: &Words) -> Option<(f64, String)> {
    let Words {
        catalogue,
        similar_within,
        last_year,
        rounded,
        decimals,
    } = *words;
    if row.suppressed || row.coverage.as_ref().is_some_and(|c| c.is_partial()) {
        return None;
    }
    let (before, now) = (row.baseline?, row.current?);
    let unit = match row.unit {
        Some(crate::model::units::Unit::Children) => " (children)",
        _ => "",
    };
    let noun = catalogue.noun(&row.measure, &row.label);
    let round = rounded_words(rounded);
    let Some(change) = row.change_pct else {
        if now == 0 {
            let text = match rounded.filter(|&n| n > 1) {
                Some(_) => format!("There were 0 {noun}{unit}{round}, as {last_year}."),
                None => format!("There were no {noun}{unit}, as {last_year}."),
            };
            return Some((0.0, text));
        }
        let chance = if row.significant == Some(false) {
            ", a change that chance alone could explain"
        } else {
            ""
        };
        return Some((
            f64::MAX,
            format!(
                "There were {} {noun}{unit}, against {} {last_year}{round}{chance}.",
                thousands(now),
                zero(rounded)
            ),
        ));
    };
    let shown = row_pct(row, decimals).unwrap_or_else(|| pct(change, decimals));
    // Over spans of different lengths the change is the daily rate's: said so, with the days.
    let (per_day, from_to) = match row.rate_days {
        Some((now_days, before_days)) => (
            " per day",
            format!(
                "from {} in {before_days} days to {} in {now_days} days",
                thousands(before),
                thousands(now)
            ),
        ),
        None => (
            "",
            format!("from {} to {}", thousands(before), thousands(now)),
        ),
    };
    // "Similar" only for a change chance could explain: a significant one is named.
    if change.abs() < similar_within && row.significant != Some(true) {
        let direction = match change {
            c if c > 0.0 => format!("up {shown}{per_day}"),
            c if c < 0.0 => format!("down {shown}{per_day}"),
            _ => format!("no change{per_day}"),
        };
        return Some((
            0.0,
            format!(
                "{}{unit} were similar to {} ({direction}, {from_to}{}).",
                sentence(&noun),
                last_year.trim_start_matches("in "),
                round.replace(" (", ", ").trim_end_matches(')')
            ),
        ));
    }
    let verb = if change > 0.0 { "rose" } else { "fell" };
    let chance = if row.significant == Some(false) {
        ", a change that chance alone could explain"
    } else {
        ""
    };
    Some((
        change.abs(),
        format!(
            "{}{unit} {verb} by {shown}{per_day}, {from_to}{round}{chance}.",
            sentence(&noun),
        ),
    ))
}

/// A sentence for a measure the summary does not describe, saying why: its inputs do not
/// cover its period, or a figure is withheld (never which, or what it is).
fn uncovered(row: &Row, catalogue: &Catalogue) -> Option<String> {
    let noun = sentence(&catalogue.noun(&row.measure, &row.label));
    if row.coverage.as_ref().is_some_and(|c| c.is_partial()) {
        return Some(format!(
            "{noun} are not compared: the inputs do not cover the whole period."
        ));
    }
    row.suppressed.then(|| {
        format!("{noun} are not described: a figure is withheld to protect children's identities.")
    })
}

/// A rate's sentence, in percentage points: `ICPCs resulting in a plan: up 5.8 percentage
/// points, from 45.3% to 51.1%.` (rate labels are noun phrases of any number, so a colon).
fn rate_sentence(rate: &RateRow, similar_within: f64) -> Option<(f64, String)> {
    if rate.withheld.is_some() {
        return None;
    }
    let (before, now, pp) = (rate.baseline?, rate.current?, rate.change_pp?);
    let label = sentence(&rate.label);
    let (now_text, before_text) = (rate_text(now), rate_text(before));
    // A rate's band is in points: the same number as the count band's percent. "Similar"
    // only for a change chance could explain.
    if pp.abs() < similar_within && rate.significant != Some(true) {
        return Some((
            0.0,
            format!("{label}: similar, {now_text}% against {before_text}%."),
        ));
    }
    let direction = if pp > 0.0 { "up" } else { "down" };
    let chance = if rate.significant == Some(false) {
        ", a change that chance alone could explain"
    } else {
        ""
    };
    Some((
        pp.abs(),
        format!(
            "{label}: {direction} {} percentage points, from {before_text}% to {now_text}%{chance}.",
            rate_text(pp)
        ),
    ))
}

/// The confidence level at which a monthly sentence asks whether chance could explain a
/// change (a monthly table shows no intervals of its own).
const MONTHLY_CONFIDENCE: f64 = 0.95;

/// The sentences for a monthly table: for each measure, the latest month, the year to date
/// and the rolling year against a year earlier.
pub(crate) fn monthly(
    m: &Published<Monthly>,
    catalogue: &Catalogue,
    similar_within: f64,
    decimals: u32,
) -> Vec<String> {
    let Some(&latest) = m.months.last() else {
        return Vec::new();
    };
    let month = format!("{} {}", latest.name(), latest.year());
    let a_year_earlier = format!("{} {}", latest.name(), latest.year() - 1);
    let mut out = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    for row in m
        .rows
        .iter()
        .filter(|r| r.month == latest && r.group.is_none() && r.unit.is_none())
    {
        let noun = catalogue.noun(&row.measure, &row.label);
        if row
            .coverage
            .as_ref()
            .is_some_and(crate::count::coverage::Coverage::is_partial)
        {
            left_out.push(format!(
                "{} are not compared: the inputs do not cover the whole month.",
                sentence(&noun)
            ));
            continue;
        }
        // The month and the same month a year earlier must both be shown; a year to date or
        // rolling year withheld is only left out of the sentence.
        let (Some(now), Some(before)) = (row.count, row.previous_year_count) else {
            if row.suppressed {
                left_out.push(format!(
                    "{} are not described: a figure is withheld to protect children's identities.",
                    sentence(&noun)
                ));
            }
            continue;
        };
        let spans = row.spans();
        // The change over the span of count `k` (0 the month, 2 the year to date, 4 the
        // rolling year) against the same span a year earlier, in words; "similar" only for a
        // change chance could explain, and one it could explain says so.
        let against = |now: u64, before: u64, then: &str, k: usize| -> String {
            // "against none in March 2020", "against none a year earlier".
            let when = if then.starts_with(|c: char| c.is_ascii_uppercase()) {
                format!("in {then}")
            } else {
                then.to_string()
            };
            let significant = spans.get(k).and_then(|&(from, to)| {
                let span = Period::new(from, to, Form::Months)?;
                let days = |p: &Period| ((p.last_date() - p.first_date()).num_days() + 1) as f64;
                let earlier = span.year_earlier();
                rate_ratio(now, days(&span), before, days(&earlier), MONTHLY_CONFIDENCE)
                    .map(|i| i.significant())
            });
            let chance = if significant == Some(false) {
                ", a change that chance alone could explain"
            } else {
                ""
            };
            match crate::model::number::change_pct(before, now) {
                None if now == 0 => format!("as {when}"),
                None => format!("against {} {when}{chance}", zero(m.rounded_to)),
                Some(c) if c.abs() < similar_within && significant != Some(true) => {
                    format!("similar to {then} ({})", thousands(before))
                }
                Some(c) if c > 0.0 => format!(
                    "up {} on {then} ({}){chance}",
                    pct(c, decimals),
                    thousands(before)
                ),
                Some(c) => format!(
                    "down {} on {then} ({}){chance}",
                    pct(c, decimals),
                    thousands(before)
                ),
            }
        };
        let mut text = format!(
            "{}{}: {} in {month}, {}",
            sentence(&noun),
            rounded_words(m.rounded_to),
            thousands(now),
            against(now, before, &a_year_earlier, 0)
        );
        // A span the inputs cover in part is shown, marked, but not described.
        let whole = |a: usize, b: usize| {
            !row.partial.get(a).copied().unwrap_or(true)
                && !row.partial.get(b).copied().unwrap_or(true)
        };
        // In April the year to date is the month.
        let ytd_is_month = spans.first() == spans.get(2);
        if let (Some(ytd), Some(ytd_before), true, false) =
            (row.ytd, row.ytd_previous_year, whole(2, 3), ytd_is_month)
        {
            text.push_str(&format!(
                "; {} in the year to date, {}",
                thousands(ytd),
                against(ytd, ytd_before, "a year earlier", 2)
            ));
        }
        // In the last month of the year the rolling year is the year to date.
        if let (Some(r12), Some(r12_before), true) =
            (row.rolling_12, row.rolling_12_previous_year, whole(4, 5))
            && (Some(r12), Some(r12_before)) != (row.ytd, row.ytd_previous_year)
        {
            text.push_str(&format!(
                "; {} in the last 12 months, {}",
                thousands(r12),
                against(r12, r12_before, "a year earlier", 4)
            ));
        }
        text.push('.');
        out.push(text);
    }
    out.extend(left_out);
    out.extend(similar_rule(&out, similar_within, false));
    out
}

/// The sentences for a benchmark: for each measure, the authority's rate (or percentage) in
/// the year, against England, its region and its statistical neighbours, grouped as higher,
/// lower or similar (within `similar_within` percent of the comparator's figure); measures
/// furthest from England first. A withheld or unpublished figure is never named.
pub(crate) fn benchmark(
    b: &Published<Benchmark>,
    catalogue: &Catalogue,
    similar_within: f64,
) -> Vec<String> {
    let mut measures: Vec<&str> = Vec::new();
    for row in &b.rows {
        if !measures.contains(&row.measure.as_str()) {
            measures.push(&row.measure);
        }
    }
    let mut ranked: Vec<(f64, String)> = Vec::new();
    for measure in measures {
        let rows: Vec<&BenchmarkRow> = b.rows.iter().filter(|r| r.measure == measure).collect();
        let Some(own) = rows.iter().find(|r| r.area_kind == AreaKind::Authority) else {
            continue;
        };
        let percent = own.unit == Some("percent");
        let value = |r: &BenchmarkRow| {
            let withheld = matches!(r.current.0, Some(Figure::Missing(_)));
            if withheld {
                None
            } else if percent {
                r.current_pct
            } else {
                r.current_rate
            }
        };
        let previous = |r: &BenchmarkRow| {
            if percent {
                r.previous_pct
            } else {
                r.previous_rate
            }
        };
        let Some(mine) = value(own) else { continue };
        let shown = |v: f64| {
            if percent {
                format!("{v:.1}%")
            } else {
                format!("{v:.1}")
            }
        };
        // England, then the region, then the neighbours; each relation in the order its first
        // comparator comes.
        let mut comparators: Vec<&&BenchmarkRow> = rows.iter().collect();
        comparators.sort_by_key(|r| match r.area_kind {
            AreaKind::England => 0,
            AreaKind::Region => 1,
            AreaKind::Neighbours => 2,
            AreaKind::Authority => 3,
        });
        let mut relations: Vec<(&str, Vec<String>)> = Vec::new();
        let mut weight = 0.0;
        for row in comparators {
            let name = match row.area_kind {
                AreaKind::Authority => continue,
                AreaKind::England => "England".to_string(),
                AreaKind::Region => region_name(&row.area),
                AreaKind::Neighbours => "its statistical neighbours".to_string(),
            };
            let Some(theirs) = value(row).filter(|v| *v > 0.0) else {
                continue;
            };
            let difference = (mine - theirs) / theirs * 100.0;
            if row.area_kind == AreaKind::England {
                weight = difference.abs();
            }
            let item = format!("{name} ({})", shown(theirs));
            let words = match difference {
                d if d.abs() < similar_within => "similar to",
                d if d > 0.0 => "higher than",
                _ => "lower than",
            };
            match relations.iter_mut().find(|(w, _)| *w == words) {
                Some((_, items)) => items.push(item),
                None => relations.push((words, vec![item])),
            }
        }
        if relations.is_empty() {
            continue;
        }
        let relations: Vec<String> = relations
            .into_iter()
            .map(|(words, items)| format!("{words} {}", join_list(&items, " and ")))
            .collect();
        let relations = join_list(&relations, ", and ");
        let before = previous(own)
            .filter(|_| !matches!(own.previous.0, Some(Figure::Missing(_))))
            .map(|v| format!(" ({} in {})", shown(v), b.previous_year_label))
            .unwrap_or_default();
        let year = &b.year_label;
        let subject = if percent {
            format!(
                "{} in {} were {} in {year}{before}",
                own.label,
                b.authority.name,
                shown(mine)
            )
        } else {
            format!(
                "{}'s rate of {} was {} per 10,000 children in {year}{before}",
                b.authority.name,
                catalogue.noun(&own.measure, &own.label),
                shown(mine)
            )
        };
        ranked.push((weight, format!("{subject}: {relations}.")));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().map(|(_, s)| s).collect()
}

/// A region as a sentence names it: "the East Midlands", but "London" and "Yorkshire and
/// The Humber".
fn region_name(name: &str) -> String {
    if name == "London" || name.starts_with("Yorkshire") {
        name.to_string()
    } else {
        format!("the {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_nouns() {
        let catalogue = Catalogue::builtin();
        assert_eq!(
            catalogue.noun("s47-enquiries", "Section 47"),
            "Section 47 enquiries"
        );
        assert_eq!(catalogue.noun("s47-enquiries", "S47s"), "S47s");
        assert_eq!(catalogue.noun("fostering", "Fostering"), "Fostering");
        assert_eq!(sentence("initial child"), "Initial child");
        assert_eq!(pct(62.5, 0), "63%");
        assert_eq!(pct(-2408.2, 0), "2,408%");
        assert_eq!(rate_text(1088.25), "1,088.3");
    }
}
