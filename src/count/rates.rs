//! The rates' tallies, gathered in the same pass as the counts: for each row, whether it
//! starts a rate's denominator (a Section 47, a conference, an assessment, a referral, a
//! plan) and whether it also meets its numerator, per calendar month of the anchor date; and
//! each child's referral and plan dates for the history-based rates.

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::{Datelike, Months, NaiveDate};

use crate::count::RowDates;
use crate::count::intern::Ids;
use crate::count::links::{IdLinks, IdReader};
use crate::count::rate_counts::RateCounts;
use crate::input::detect::Plan;
use crate::input::records::Row;
use crate::model::calendar::Calendar;
use crate::model::date::{DateOrder, Ymd, parse_date_in};
use crate::model::measure::{Catalogue, find_column};
use crate::model::period::Month;
use crate::model::rate::{Method, Rate};

/// Everything the rates need, gathered from the inputs.
#[derive(Debug, Default)]
pub struct RateTallies {
    /// Linked and column-based counts, by rate and method.
    pub counts: FxHashMap<(Rate, Method), RateCounts>,
    /// Each child's referral dates and plan starts, for the history-based rates: (child,
    /// day) pairs, sorted once every table has been read.
    referrals: Vec<(u32, NaiveDate)>,
    plans: Vec<(u32, NaiveDate)>,
    children: Ids,
    /// (rate, child, day) of the rows already counted, when dropping repeats from
    /// overlapping extracts.
    seen: FxHashSet<(Rate, u32, NaiveDate)>,
    /// The earliest referral seen: whether the history reaches 12 months before the baseline.
    pub first_referral: Option<NaiveDate>,
    /// The Standard Safeguarding Dataset's ID links between tables.
    links: IdLinks,
    /// The rates [`IdLinks`] gave: each one's link and how many links led nowhere.
    pub id_links: Vec<(Rate, &'static str, u64)>,
}

fn to_date(d: Ymd) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

/// A yes in an outcome column: `a) Yes`, `Yes`, `Y`, `true`, `1`, `Plan`.
/// Compared as [`crate::model::measure::normalize`] compares headers (letters and digits, lower case), without
/// allocating: it runs for every conference.
fn is_yes(field: &[u8]) -> bool {
    let mut text = [0u8; 8];
    let mut len = 0;
    for b in field.iter().filter(|b| b.is_ascii_alphanumeric()) {
        match text.get_mut(len) {
            Some(slot) => *slot = b.to_ascii_lowercase(),
            None => return false,
        }
        len += 1;
    }
    matches!(
        text.get(..len),
        Some(b"ayes" | b"yes" | b"y" | b"true" | b"1" | b"plan" | b"cpplan")
    )
}

/// A positive whole number (`Number of Previous Child Protection Plans` > 0).
fn is_positive(field: &[u8]) -> bool {
    std::str::from_utf8(field)
        .ok()
        .and_then(|t| t.trim().parse::<f64>().ok())
        .is_some_and(|n| n > 0.0)
}

const OUTCOME: &[&str] = &[
    "icpc_icpc_outcome_cp_flag",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "ICPC Result in Plan",
    "ICPC Outcome",
    "Conference Outcome",
    "Outcome",
];
const AUTHORISED: &[&str] = &[
    "cina_assessment_auth_date",
    "Continuous Assessment Date of Authorisation",
    "AssessmentAuthorisationDate",
    "Assessment Authorisation Date",
    "Date of Authorisation",
    "Assessment Completion Date",
];
const REFERRALS_IN_12_MONTHS: &[&str] = &["Number of Referrals in Last 12 Months"];
const PREVIOUS_PLANS: &[&str] = &[
    "Number of Previous Child Protection Plans",
    "NumberOfPreviousCPP",
    "Previous CP Plans",
];

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    find_column(
        &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        headers,
    )
}

/// Where one table's rows feed the rates: its columns, found once from the headers, and the
/// rules for repeats. [`RateReader::row`] is called for every row in the counting pass.
#[derive(Debug, Clone)]
pub(crate) struct RateReader {
    /// How the table's numeric dates are read.
    date_order: DateOrder,
    /// The child-ID column the counts use (`--id-column` or the one recognised).
    id: Option<usize>,
    s47: Option<usize>,
    icpc: Option<usize>,
    outcome: Option<usize>,
    assessment: Option<usize>,
    authorised: Option<usize>,
    referral: Option<usize>,
    in_12: Option<usize>,
    plan_start: Option<usize>,
    previous: Option<usize>,
    /// Whether repeated rows (same child and day) are dropped, as the counts drop them.
    dedupe: bool,
    /// An SSD table's ID links.
    ids: Option<IdReader>,
}

impl RateReader {
    /// Whether a file read in parts can have its rates tallied part by part: not when
    /// repeats are dropped, since a repeat's first sight may be in an earlier part.
    pub(crate) fn splits(&self) -> bool {
        !self.dedupe
    }
}

impl RateReader {
    /// The reader for a table with `headers` planned as `plan`; `None` when it feeds no rate.
    pub(crate) fn new(
        headers: &[String],
        plan: &Plan,
        catalogue: &Catalogue,
        dedupe: bool,
    ) -> Option<RateReader> {
        let fed = |id: &str| {
            catalogue
                .by_id(id)
                .and_then(|m| plan.feeds.iter().find(|f| f.measure == m))
        };
        let s47 = fed("s47-enquiries").map(|f| f.date_column);
        let icpc = catalogue
            .by_id("icpcs")
            .and_then(|m| catalogue.find_date_column(m, headers))
            .filter(|_| fed("icpcs").is_some() || fed("s47-enquiries").is_some());
        let assessment = fed("assessments").map(|f| f.date_column);
        let referral = fed("referrals").map(|f| f.date_column);
        let plan_start = fed("cp-plan-starts").map(|f| f.date_column);
        let wanted = s47.is_some()
            || icpc.is_some()
            || assessment.is_some()
            || referral.is_some()
            || plan_start.is_some();
        wanted.then(|| RateReader {
            date_order: plan.feeds.first().map(|f| f.date_order).unwrap_or_default(),
            id: plan.feeds.iter().find_map(|f| f.id_column),
            s47,
            icpc,
            outcome: icpc.and(column(headers, OUTCOME)),
            assessment,
            authorised: assessment.and(column(headers, AUTHORISED)),
            referral,
            in_12: referral.and(column(headers, REFERRALS_IN_12_MONTHS)),
            plan_start,
            previous: plan_start.and(column(headers, PREVIOUS_PLANS)),
            ids: plan
                .shape
                .ssd_table()
                .zip(plan.feeds.first())
                .and_then(|(table, feed)| IdReader::new(table, headers, feed.date_column)),
            dedupe,
        })
    }

    /// Offers one data row to the rates; `dates` holds those the counts already read.
    pub(crate) fn row(
        &self,
        record: &impl Row,
        dates: &RowDates,
        calendar: &Calendar,
        tallies: &mut RateTallies,
    ) {
        let field = |c: Option<usize>| {
            c.and_then(|c| record.field(c))
                .map(<[u8]>::trim_ascii)
                .unwrap_or_default()
        };
        let parse = |c: Option<usize>| {
            c.and_then(|column| {
                dates
                    .get(column, self.date_order)
                    .unwrap_or_else(|| parse_date_in(field(c), self.date_order).ok())
            })
            .and_then(to_date)
        };
        // An SSD table's event date, read once for its links and for the rates below.
        let event = self
            .ids
            .as_ref()
            .map(|ids| (ids.date, parse(Some(ids.date))));
        let date = |c: Option<usize>| match event {
            Some((column, day)) if c == Some(column) => day,
            _ => parse(c),
        };
        if let (Some(ids), Some((_, day))) = (&self.ids, event) {
            ids.row(record, day, &mut tallies.links);
        }
        let month = |d: NaiveDate| Month::new(d.year(), d.month());
        let dedupe = self.dedupe;
        // The child, looked up once: for the histories and for dropping repeated rows.
        let child = field(self.id);
        let id = (!child.is_empty()
            && (dedupe || self.referral.is_some() || self.plan_start.is_some()))
        .then(|| tallies.children.id(child));
        // Whether the row's event is new: false for a repeat (same child and day) when
        // dropping duplicates; a row without a child ID always counts.
        let fresh = |tallies: &mut RateTallies, rate: Rate, day: NaiveDate| {
            !dedupe || id.is_none_or(|id| tallies.seen.insert((rate, id, day)))
        };
        let held = date(self.icpc);
        // Section 47 to ICPC, and conference timeliness.
        if let Some(start) = date(self.s47)
            && fresh(tallies, Rate::S47ToIcpc, start)
        {
            if let (Some(m), true) = (month(start), self.icpc.is_some()) {
                tallies
                    .linked(Rate::S47ToIcpc, Method::Linked)
                    .add(m, held.is_some());
            }
            if let Some((held, m)) = held.and_then(|h| Some((h, month(h)?)))
                && let Some(days) = calendar.working_days(start, held)
            {
                tallies
                    .linked(Rate::IcpcWithin15, Method::Linked)
                    .add_days(m, days, 15);
            }
        }
        if let (Some(held), Some(_)) = (held, self.outcome)
            && let Some(m) = month(held)
            && fresh(tallies, Rate::IcpcToPlan, held)
        {
            tallies
                .linked(Rate::IcpcToPlan, Method::Linked)
                .add(m, is_yes(field(self.outcome)));
        }
        // Assessments authorised within 45 working days of starting.
        if let (Some(start), Some(done)) = (date(self.assessment), date(self.authorised))
            && let (Some(days), Some(m)) = (calendar.working_days(start, done), month(done))
            && fresh(tallies, Rate::AssessmentWithin45, start)
        {
            tallies
                .linked(Rate::AssessmentWithin45, Method::Linked)
                .add(m, days <= 45);
        }
        // Referrals: history by child, and Annex A's count of referrals in the last year.
        if let Some(day) = date(self.referral) {
            tallies.first_referral = Some(tallies.first_referral.map_or(day, |f| f.min(day)));
            if let Some(id) = id {
                tallies.referrals.push((id, day));
            }
            if let (Some(_), Some(m)) = (self.in_12, month(day))
                && fresh(tallies, Rate::ReReferral, day)
            {
                tallies
                    .linked(Rate::ReReferral, Method::Column)
                    .add(m, is_positive(field(self.in_12)));
            }
        }
        // Plans: history by child, and the export's count of previous plans.
        if let Some(day) = date(self.plan_start) {
            if let Some(id) = id {
                tallies.plans.push((id, day));
            }
            if let (Some(_), Some(m)) = (self.previous, month(day))
                && fresh(tallies, Rate::RepeatPlan, day)
            {
                tallies
                    .linked(Rate::RepeatPlan, Method::Column)
                    .add(m, is_positive(field(self.previous)));
            }
        }
    }
}

impl RateTallies {
    /// Adds the tallies of the next part of the same file, read without dropping repeats
    /// (a file whose repeats are dropped is read by one reader): counts add up, and the
    /// histories are renumbered into this one's children.
    pub fn merge_part(&mut self, part: RateTallies) {
        for (key, counts) in &part.counts {
            self.counts.entry(*key).or_default().merge(counts);
        }
        // Renumbered in place, the part's children let go first and the histories grown
        // once: with 10 million referrals these are the largest things held.
        let remap = self.children.absorb(&part.children);
        drop(part.children);
        let renumber = |mine: &mut Vec<(u32, NaiveDate)>, mut theirs: Vec<(u32, NaiveDate)>| {
            theirs.retain_mut(|(child, _)| match remap.get(*child as usize) {
                Some(&id) => {
                    *child = id;
                    true
                }
                None => false,
            });
            mine.reserve_exact(theirs.len());
            mine.extend_from_slice(&theirs);
        };
        renumber(&mut self.referrals, part.referrals);
        renumber(&mut self.plans, part.plans);
        self.first_referral = match (self.first_referral, part.first_referral) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.links.merge(part.links);
    }

    /// The counts of a rate worked out row by row.
    fn linked(&mut self, rate: Rate, method: Method) -> &mut RateCounts {
        self.counts.entry((rate, method)).or_default()
    }

    /// Works out the history-based rates and those the SSD's IDs link, once every table
    /// has been read.
    pub fn finish(&mut self, calendar: &Calendar) {
        if !self.links.is_empty() {
            for linked in self.links.rates(calendar) {
                if linked.counts.den.total() > 0 {
                    self.id_links
                        .push((linked.rate, linked.link, linked.dangling));
                    self.counts.insert((linked.rate, Method::Id), linked.counts);
                }
            }
        }
        for (rate, history) in [
            (Rate::ReReferral, &mut self.referrals),
            (Rate::RepeatPlan, &mut self.plans),
        ] {
            let mut counts = RateCounts::default();
            // By child, then day: each event follows the same child's one before it.
            history.sort_unstable();
            history.dedup();
            let mut before: Option<(u32, NaiveDate)> = None;
            for &(child, day) in history.iter() {
                let earlier = before.filter(|(c, _)| *c == child).map(|(_, d)| d);
                before = Some((child, day));
                let Some(m) = Month::new(day.year(), day.month()) else {
                    continue;
                };
                let hit = match rate {
                    // Within 12 months: on or after the same day a year earlier.
                    Rate::ReReferral => earlier.is_some_and(|p| {
                        day.checked_sub_months(Months::new(12))
                            .is_some_and(|y| p >= y)
                    }),
                    _ => earlier.is_some(),
                };
                counts.add(m, hit);
            }
            if counts.den.total() > 0 {
                self.counts.insert((rate, Method::History), counts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_answers() {
        for yes in ["a) Yes", "Yes", "Y", " y ", "TRUE", "1", "Plan", "CP Plan"] {
            assert!(is_yes(yes.as_bytes()), "{yes}");
        }
        for no in [
            "b) No",
            "No",
            "N",
            "",
            "0",
            "false",
            "Yes please, a longer answer",
        ] {
            assert!(!is_yes(no.as_bytes()), "{no}");
        }
    }
}
