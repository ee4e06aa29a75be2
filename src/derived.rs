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

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashSet;

use chrono::{Datelike, Months, NaiveDate};

use crate::calendar::Calendar;
use crate::count::MonthCounts;
use crate::date::{Ymd, parse_date};
use crate::input::detect::Plan;
use crate::input::table::Table;
use crate::measure::{Catalogue, find_column};
use crate::period::{Month, Period};

/// A derived measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rate {
    ReReferral,
    ReferralToAssessment,
    AssessmentWithin45,
    S47ToIcpc,
    IcpcWithin15,
    IcpcToPlan,
    RepeatPlan,
}

impl Rate {
    /// In chain order.
    pub const ALL: [Rate; 7] = [
        Rate::ReReferral,
        Rate::ReferralToAssessment,
        Rate::AssessmentWithin45,
        Rate::S47ToIcpc,
        Rate::IcpcWithin15,
        Rate::IcpcToPlan,
        Rate::RepeatPlan,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rate::ReReferral => "re-referral-pct",
            Rate::ReferralToAssessment => "referral-to-assessment-pct",
            Rate::AssessmentWithin45 => "assessment-within-45wd-pct",
            Rate::S47ToIcpc => "s47-to-icpc-pct",
            Rate::IcpcWithin15 => "icpc-within-15wd-pct",
            Rate::IcpcToPlan => "icpc-to-cp-plan-pct",
            Rate::RepeatPlan => "repeat-cp-plan-pct",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rate::ReReferral => "Re-referrals within 12 months",
            Rate::ReferralToAssessment => "Assessments per referral",
            Rate::AssessmentWithin45 => "Assessments within 45 working days",
            Rate::S47ToIcpc => "Section 47 enquiries leading to an ICPC",
            Rate::IcpcWithin15 => "ICPCs within 15 working days",
            Rate::IcpcToPlan => "ICPCs resulting in a plan",
            Rate::RepeatPlan => "Second or subsequent CP plans",
        }
    }

    pub fn from_id(id: &str) -> Option<Rate> {
        Rate::ALL.into_iter().find(|r| r.id() == id.trim())
    }
}

/// How a rate was worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// From each row's own dates or outcome.
    Linked,
    /// From each child's history in the inputs.
    History,
    /// From a column of the export (Annex A's "Number of Referrals in Last 12 Months").
    Column,
    /// One count over another, not linked row by row.
    Ratio,
}

/// Working-day bands DfE publishes for conference timeliness.
pub const BANDS: [&str; 4] = ["0-10", "11-15", "16-20", "21+"];

/// Numerator and denominator per month of the anchor date.
#[derive(Debug, Clone, Default)]
pub struct RateCounts {
    pub num: MonthCounts,
    pub den: MonthCounts,
    /// Working-day bands and counts per working day (timeliness only), per month.
    pub bands: [MonthCounts; 4],
    pub days: BTreeMap<i32, Vec<u64>>,
}

impl RateCounts {
    fn add(&mut self, month: Month, hit: bool) {
        self.den.add(month);
        if hit {
            self.num.add(month);
        }
    }

    fn add_days(&mut self, month: Month, days: u32, within: u32) {
        self.add(month, days <= within);
        let band = match days {
            0..=10 => 0,
            11..=15 => 1,
            16..=20 => 2,
            _ => 3,
        };
        if let Some(b) = self.bands.get_mut(band) {
            b.add(month);
        }
        let hist = self.days.entry(month.index()).or_default();
        let slot = days.min(400) as usize;
        if hist.len() <= slot {
            hist.resize(slot + 1, 0);
        }
        if let Some(n) = hist.get_mut(slot) {
            *n += 1;
        }
    }

    /// (numerator, denominator) over `period`.
    pub fn over(&self, period: &Period) -> (u64, u64) {
        (self.num.sum(period), self.den.sum(period))
    }

    pub fn bands_over(&self, period: &Period) -> [u64; 4] {
        let mut out = [0; 4];
        for (o, b) in out.iter_mut().zip(&self.bands) {
            *o = b.sum(period);
        }
        out
    }

    /// The median number of working days over `period` (the mean of the middle two for an
    /// even count).
    pub fn median_days(&self, period: &Period) -> Option<f64> {
        let mut hist: Vec<u64> = Vec::new();
        for month in period.months() {
            for (d, n) in self
                .days
                .get(&month.index())
                .into_iter()
                .flatten()
                .enumerate()
            {
                if hist.len() <= d {
                    hist.resize(d + 1, 0);
                }
                if let Some(h) = hist.get_mut(d) {
                    *h += n;
                }
            }
        }
        let total: u64 = hist.iter().sum();
        if total == 0 {
            return None;
        }
        let nth = |k: u64| -> f64 {
            let mut seen = 0;
            for (d, n) in hist.iter().enumerate() {
                seen += n;
                if seen > k {
                    return d as f64;
                }
            }
            0.0
        };
        Some(if total % 2 == 1 {
            nth(total / 2)
        } else {
            (nth(total / 2 - 1) + nth(total / 2)) / 2.0
        })
    }
}

/// Everything the rates need, gathered from the inputs.
#[derive(Debug, Default)]
pub struct RateTallies {
    /// Linked and column-based counts, by rate and method.
    pub counts: HashMap<(Rate, Method), RateCounts>,
    /// Each child's referral dates and plan starts, for the history-based rates: (child,
    /// day) pairs, sorted once every table has been read.
    referrals: Vec<(u32, NaiveDate)>,
    plans: Vec<(u32, NaiveDate)>,
    children: crate::intern::Ids,
    /// (rate, child, day) of the rows already counted, when dropping repeats from
    /// overlapping extracts.
    seen: FxHashSet<(Rate, u32, NaiveDate)>,
    /// The earliest referral seen: whether the history reaches 12 months before the baseline.
    pub first_referral: Option<NaiveDate>,
}

fn to_date(d: Ymd) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

/// A yes in an outcome column: `a) Yes`, `Yes`, `Y`, `true`, `1`, `Plan`.
/// Compared as [`crate::measure::normalize`] compares headers (letters and digits, lower case), without
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
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "ICPC Result in Plan",
    "ICPC Outcome",
    "Conference Outcome",
    "Outcome",
];
const AUTHORISED: &[&str] = &[
    "Continuous Assessment Date of Authorisation",
    "AssessmentAuthorisationDate",
    "Assessment Authorisation Date",
    "Date of Authorisation",
    "Assessment Completion Date",
];
const REFERRALS_IN_12_MONTHS: &[&str] = &["Number of Referrals in Last 12 Months"];
const PREVIOUS_PLANS: &[&str] = &[
    "Number of Previous Child Protection Plans",
    "Previous CP Plans",
];

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    find_column(
        &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        headers,
    )
}

/// Reads `table` again for the rates it can feed. Only called when rates are asked for.
/// False when the table cannot be read again (standard input).
pub fn tally_table(
    table: &mut Table,
    plan: &Plan,
    catalogue: &Catalogue,
    calendar: &Calendar,
    dedupe: bool,
    tallies: &mut RateTallies,
) -> crate::error::Result<bool> {
    let headers = table.headers.clone();
    let fed = |id: &str| {
        catalogue
            .by_id(id)
            .and_then(|m| plan.feeds.iter().find(|f| f.measure == m))
    };
    // The child-ID column the counts use (`--id-column` or the one recognised).
    let id_col = plan.feeds.iter().find_map(|f| f.id_column);
    let s47 = fed("s47-enquiries").map(|f| f.date_column);
    let icpc = catalogue
        .by_id("icpcs")
        .and_then(|m| catalogue.find_date_column(m, &headers))
        .filter(|_| fed("icpcs").is_some() || fed("s47-enquiries").is_some());
    let outcome = icpc.and(column(&headers, OUTCOME));
    let assessment = fed("assessments").map(|f| f.date_column);
    let authorised = assessment.and(column(&headers, AUTHORISED));
    let referral = fed("referrals").map(|f| f.date_column);
    let in_12 = referral.and(column(&headers, REFERRALS_IN_12_MONTHS));
    let plan_start = fed("cp-plan-starts").map(|f| f.date_column);
    let previous = plan_start.and(column(&headers, PREVIOUS_PLANS));
    let wanted = s47.is_some()
        || icpc.is_some()
        || assessment.is_some()
        || referral.is_some()
        || plan_start.is_some();
    if !wanted {
        return Ok(true);
    }
    if !table.rewind() {
        return Ok(false);
    }
    let mut record = csv::ByteRecord::new();
    while table.read(&mut record)? {
        let field = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(<[u8]>::trim_ascii)
                .unwrap_or_default()
        };
        let date = |c: Option<usize>| {
            if c.is_some() {
                parse_date(field(c)).ok().and_then(to_date)
            } else {
                None
            }
        };
        let month = |d: NaiveDate| Month::new(d.year(), d.month());
        // The child, looked up once: for the histories and for dropping repeated rows.
        let child = field(id_col);
        let id = (!child.is_empty() && (dedupe || referral.is_some() || plan_start.is_some()))
            .then(|| tallies.children.id(child));
        // Whether the row's event is new: false for a repeat (same child and day) when
        // dropping duplicates; a row without a child ID always counts.
        let fresh = |tallies: &mut RateTallies, rate: Rate, day: NaiveDate| {
            !dedupe || id.is_none_or(|id| tallies.seen.insert((rate, id, day)))
        };
        let held = date(icpc);
        // Section 47 to ICPC, and conference timeliness.
        if let Some(start) = date(s47)
            && fresh(tallies, Rate::S47ToIcpc, start)
        {
            if let (Some(m), true) = (month(start), icpc.is_some()) {
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
        if let (Some(held), Some(_)) = (held, outcome)
            && let Some(m) = month(held)
            && fresh(tallies, Rate::IcpcToPlan, held)
        {
            tallies
                .linked(Rate::IcpcToPlan, Method::Linked)
                .add(m, is_yes(field(outcome)));
        }
        // Assessments authorised within 45 working days of starting.
        if let (Some(start), Some(done)) = (date(assessment), date(authorised))
            && let (Some(days), Some(m)) = (calendar.working_days(start, done), month(done))
            && fresh(tallies, Rate::AssessmentWithin45, start)
        {
            tallies
                .linked(Rate::AssessmentWithin45, Method::Linked)
                .add(m, days <= 45);
        }
        // Referrals: history by child, and Annex A's count of referrals in the last year.
        if let Some(day) = date(referral) {
            tallies.first_referral = Some(tallies.first_referral.map_or(day, |f| f.min(day)));
            if let Some(id) = id {
                tallies.referrals.push((id, day));
            }
            if let (Some(_), Some(m)) = (in_12, month(day))
                && fresh(tallies, Rate::ReReferral, day)
            {
                tallies
                    .linked(Rate::ReReferral, Method::Column)
                    .add(m, is_positive(field(in_12)));
            }
        }
        // Plans: history by child, and the export's count of previous plans.
        if let Some(day) = date(plan_start) {
            if let Some(id) = id {
                tallies.plans.push((id, day));
            }
            if let (Some(_), Some(m)) = (previous, month(day))
                && fresh(tallies, Rate::RepeatPlan, day)
            {
                tallies
                    .linked(Rate::RepeatPlan, Method::Column)
                    .add(m, is_positive(field(previous)));
            }
        }
    }
    table.release();
    Ok(true)
}

impl RateTallies {
    /// The counts of a rate worked out row by row.
    fn linked(&mut self, rate: Rate, method: Method) -> &mut RateCounts {
        self.counts.entry((rate, method)).or_default()
    }

    /// Works out the history-based rates once every table has been read.
    pub fn finish(&mut self) {
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

/// A rate's line in a comparison: percentages to one decimal and their change in percentage
/// points (never a percent of a percent). Serialized among the count rows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RateRow {
    pub measure: String,
    pub label: String,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    /// Always `null`: a rate's change is `change_pp`.
    pub change: Option<i64>,
    pub change_pct: Option<f64>,
    pub unit: &'static str,
    pub change_pp: Option<f64>,
    pub method: Method,
    pub baseline_numerator: Option<u64>,
    pub baseline_denominator: Option<u64>,
    pub current_numerator: Option<u64>,
    pub current_denominator: Option<u64>,
    /// Why a figure is not shown (a zero or withheld denominator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    /// Timeliness: conferences by working days taken (0-10, 11-15, 16-20, 21+), and the median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_bands: Option<[u64; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_bands: Option<[u64; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_median_days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_median_days: Option<f64>,
}

impl RateRow {
    /// Withholds every figure of the row, saying why (`--suppress n`).
    pub fn suppress_all(&mut self, n: u64) {
        self.baseline = None;
        self.current = None;
        self.change_pp = None;
        self.baseline_numerator = None;
        self.baseline_denominator = None;
        self.current_numerator = None;
        self.current_denominator = None;
        self.baseline_bands = None;
        self.current_bands = None;
        self.baseline_median_days = None;
        self.current_median_days = None;
        self.withheld = Some(format!("withheld: a count behind it is from 1 to {n}"));
    }
}

/// `num ÷ den × 100` to one decimal, half up; `None` for a zero denominator.
pub fn percent(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| {
        crate::compare::div_round_half_away(i128::from(num) * 1000, i128::from(den)) as f64 / 10.0
    })
}

/// The change in percentage points between two exact rates, to one decimal.
fn points((bn, bd): (u64, u64), (cn, cd): (u64, u64)) -> Option<f64> {
    (bd > 0 && cd > 0).then(|| {
        // (cn/cd - bn/bd) × 100, exactly, in tenths of a point.
        let num = (i128::from(cn) * i128::from(bd) - i128::from(bn) * i128::from(cd)) * 1000;
        crate::compare::div_round_half_away(num, i128::from(bd) * i128::from(cd)) as f64 / 10.0
    })
}

/// The rows for `rates`, in chain order, over `current` against `baseline`.
pub fn rate_rows(
    catalogue: &Catalogue,
    counted: &crate::count::Counted,
    rates: &[Rate],
    current: &Period,
    baseline: &Period,
    notes: &mut Vec<String>,
) -> Vec<RateRow> {
    let empty = RateTallies::default();
    let tallies = counted.rates.as_ref().unwrap_or(&empty);
    let events = |id: &str, p: &Period| -> u64 {
        catalogue
            .by_id(id)
            .and_then(|m| counted.measures.get(&m))
            .map_or(0, |c| c.events(None, p))
    };
    let has_input = |id: &str| {
        catalogue.by_id(id).is_some_and(|m| {
            counted.measures.contains_key(&m) || counted.precounted.iter().any(|p| p.measure == m)
        })
    };
    // A ratio needs both counts: a measure with no input is not a zero.
    let ratio = |num: &str, den: &str, p: &Period| {
        (has_input(num) && has_input(den)).then(|| (events(num, p), events(den, p)))
    };
    let mut wanted: Vec<Rate> = rates.to_vec();
    wanted.sort();
    wanted.dedup();
    let mut rows = Vec::new();
    for rate in wanted {
        let linked = |method: Method| tallies.counts.get(&(rate, method));
        let year_before = baseline.from_date().checked_sub_months(Months::new(12));
        let (method, counts): (Method, Option<&RateCounts>) = match rate {
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
                (Method::Ratio, _) => match rate {
                    Rate::ReferralToAssessment => ratio("assessments", "referrals", p),
                    Rate::S47ToIcpc => ratio("icpcs", "s47-enquiries", p),
                    _ => ratio("cp-plan-starts", "icpcs", p),
                },
                (_, Some(c)) => Some(c.over(p)),
                (_, None) => None,
            }
        };
        let (b, c) = (over(baseline), over(current));
        let withheld = match (b, c) {
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
        });
    }
    rows
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
