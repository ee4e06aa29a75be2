//! Rates along the chain, timeliness and repeats: the questions committees and Ofsted ask
//! beyond "how many". Each rate is a numerator over a denominator per calendar month of its
//! anchor date, so any period can be answered, and it is worked out from the rows themselves
//! where an input links the two (a List 5 row holds its Section 47 and its conference), and
//! otherwise as a ratio of two counts, labelled as such.
//!
//! Definitions (DfE, "Children in need" statistics and their guidance):
//! - re-referral: a referral within 12 months of a previous referral for the same child;
//! - S47 to ICPC: Section 47 enquiries started in the period that led to an initial child
//!   protection conference;
//! - ICPC within 15 working days: conferences in the period held within 15 working days of
//!   the Section 47 enquiry starting (a conference dated before its enquiry is left out);
//! - ICPC to plan: conferences in the period that resulted in a child protection plan;
//! - assessments within 45 working days: assessments authorised in the period within 45
//!   working days of starting;
//! - repeat plan: plans starting in the period that are a child's second or subsequent plan,
//!   however long ago the previous one.

use crate::compare::document::RateRow;
use chrono::Months;

use crate::count::rate_counts::RateCounts;
use crate::count::rates::RateTallies;
use crate::model::measure::Catalogue;
use crate::model::number::{percent, points};
use crate::model::period::Period;
use crate::model::rate::{Method, Rate};
use crate::model::units::Unit;

/// The rows for `rates`, in chain order, over `current` against `baseline`.
pub(crate) fn rate_rows(
    catalogue: &Catalogue,
    counted: &crate::count::Counted,
    rates: &[Rate],
    current: &Period,
    baseline: &Period,
    notes: &mut Vec<String>,
) -> Vec<RateRow> {
    let empty = RateTallies::default();
    let tallies = counted.rates.as_ref().unwrap_or(&empty);
    // A measure's events over `p`, from its exports or its pre-counted figures; `None` where
    // it has no input, or none that reaches `p` (no data is not a zero).
    let events = |id: &str, p: &Period| -> Option<u64> {
        let measure = catalogue.by_id(id)?;
        let span = crate::count::coverage::span(counted, measure);
        if crate::count::coverage::span_cover(span.as_ref(), p)
            == crate::count::coverage::Cover::None
        {
            return None;
        }
        counted
            .figure(measure, id, Unit::Events, None, p)
            .ok()
            .flatten()
    };
    let has_input = |id: &str| {
        catalogue.by_id(id).is_some_and(|m| {
            counted.measures.contains_key(&m) || counted.precounted.iter().any(|p| p.measure == m)
        })
    };
    // A ratio needs both counts.
    let ratio = |num: &str, den: &str, p: &Period| Some((events(num, p)?, events(den, p)?));
    let mut wanted: Vec<Rate> = rates.to_vec();
    wanted.sort();
    wanted.dedup();
    let mut rows = Vec::new();
    for rate in wanted {
        let linked = |method: Method| tallies.counts.get(&(rate, method));
        let year_before = baseline.first_date().checked_sub_months(Months::new(12));
        let by_id = linked(Method::Id);
        let (method, counts): (Method, Option<&RateCounts>) = match rate {
            Rate::ReferralToAssessment
            | Rate::S47ToIcpc
            | Rate::IcpcWithin15
            | Rate::IcpcToPlan
                if by_id.is_some() =>
            {
                if let Some((_, link, dangling)) = tallies.id_links.iter().find(|l| l.0 == rate) {
                    notes.push(id_link_note(rate, link, *dangling));
                }
                (Method::Id, by_id)
            }
            Rate::ReferralToAssessment => (Method::Ratio, None),
            Rate::S47ToIcpc | Rate::IcpcToPlan => match linked(Method::Linked) {
                Some(c) => (Method::Linked, Some(c)),
                None => (Method::Ratio, None),
            },
            Rate::IcpcWithin15 | Rate::AssessmentWithin45 => {
                (Method::Linked, linked(Method::Linked))
            }
            Rate::ReReferral => {
                let enough = tallies
                    .first_referral
                    .zip(year_before)
                    .is_some_and(|(f, y)| f <= y);
                match (linked(Method::History), linked(Method::Column)) {
                    (Some(h), _) if enough => (Method::History, Some(h)),
                    (_, Some(c)) => (Method::Column, Some(c)),
                    (h, None) => {
                        if h.is_some() {
                            notes.push(format!(
                                "{}: the referrals in the inputs do not go back to {}, 12 months before the baseline starts, so earlier referrals are missed and the rate is understated",
                                rate.id(),
                                year_before.map(|d| d.to_string()).unwrap_or_default()
                            ));
                        }
                        (Method::History, h)
                    }
                }
            }
            Rate::RepeatPlan => match (linked(Method::Column), linked(Method::History)) {
                (Some(c), _) => (Method::Column, Some(c)),
                (None, h) => {
                    if h.is_some() {
                        notes.push(format!(
                            "{}: counted from the plans in the inputs; plans before the inputs start are missed, so the rate may be understated",
                            rate.id()
                        ));
                    }
                    (Method::History, h)
                }
            },
        };
        let over = |p: &Period| -> Option<(u64, u64)> {
            match (method, counts) {
                (Method::Ratio, _) => rate
                    .ratio_of()
                    .and_then(|(numerator, denominator)| ratio(numerator, denominator, p)),
                (_, Some(c)) => Some(c.over(p)),
                (_, None) => None,
            }
        };
        let (b, c) = (over(baseline), over(current));
        let withheld = match (b, c) {
            (None, _) | (_, None)
                if method == Method::Ratio
                    && rate
                        .ratio_of()
                        .is_some_and(|(n, d)| has_input(n) && has_input(d)) =>
            {
                Some("the inputs hold no data for one of the periods".to_string())
            }
            (None, _) | (_, None) => Some(format!("no input holds the dates {} needs", rate.id())),
            (Some((_, 0)), _) | (_, Some((_, 0))) => {
                Some("no denominator in one of the periods".to_string())
            }
            _ => None,
        };
        let timely = matches!(rate, Rate::IcpcWithin15)
            .then_some(counts)
            .flatten();
        let label = if method == Method::Ratio {
            format!("{} (ratio)", rate.label())
        } else {
            rate.label().to_string()
        };
        rows.push(RateRow {
            measure: rate.id().to_string(),
            label,
            baseline: b.and_then(|(n, d)| percent(n, d)),
            current: c.and_then(|(n, d)| percent(n, d)),
            change: None,
            change_pct: None,
            unit: "percent",
            change_pp: b.zip(c).and_then(|(b, c)| points(b, c)),
            method,
            baseline_numerator: b.map(|(n, _)| n),
            baseline_denominator: b.map(|(_, d)| d),
            current_numerator: c.map(|(n, _)| n),
            current_denominator: c.map(|(_, d)| d),
            withheld,
            baseline_bands: timely.map(|t| t.bands_over(baseline)),
            current_bands: timely.map(|t| t.bands_over(current)),
            baseline_median_days: timely.and_then(|t| t.median_days(baseline)),
            current_median_days: timely.and_then(|t| t.median_days(current)),
            change_pp_low: None,
            change_pp_high: None,
            significant: None,
            benchmark: None,
        });
    }
    rows
}

/// How a rate was linked by ID, and how many of its links named an event the inputs lack.
fn id_link_note(rate: Rate, link: &str, dangling: u64) -> String {
    let mut note = format!(
        "{}: linked by the Standard Safeguarding Dataset's IDs ({link})",
        rate.id()
    );
    if dangling > 0 {
        let links = if dangling == 1 {
            "link names"
        } else {
            "links name"
        };
        note.push_str(&format!(
            "; {dangling} {links} a record not in the inputs (an earlier event, or an extract that stops short)"
        ));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_and_points_round_half_up() {
        assert_eq!(percent(6, 7), Some(85.7));
        assert_eq!(percent(1, 8), Some(12.5));
        assert_eq!(percent(1, 0), None);
        // 1/3 to 2/3 is 33.3…% to 66.6…%: +33.3 pp from the exact rates, not 66.7 - 33.3.
        assert_eq!(points((1, 3), (2, 3)), Some(33.3));
        assert_eq!(points((6, 7), (1, 1)), Some(14.3));
        assert_eq!(points((0, 0), (1, 1)), None);
    }
}
