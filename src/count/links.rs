//! Rates linked by the Standard Safeguarding Dataset's own IDs. An export links a Section 47
//! enquiry to its conference only by the dates on one row; the SSD's tables carry the links
//! themselves: a conference names its enquiry (`icpc_s47_enquiry_id`) and its plan
//! (`icpc_cp_plan_id`), a plan names its conference (`cppl_icpc_id`), an assessment its
//! referral (`cina_referral_id`). Each table's rows are gathered as small numbers (the IDs
//! interned per kind) and joined once every table has been read, so the rates are exact
//! whichever order the tables come in. An event seen twice (overlapping extracts) is the same
//! ID, counted once.

use chrono::{Datelike, NaiveDate};

use crate::count::intern::Ids;
use crate::count::rate_counts::RateCounts;
use crate::input::records::Row;
use crate::input::ssd::SsdTable;
use crate::model::calendar::Calendar;
use crate::model::measure::normalize;
use crate::model::period::Month;
use crate::model::rate::Rate;

/// What one SSD table's rows give the links, and the columns they come from.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// `ssd_cin_episodes`: a referral's ID.
    Referral { id: usize },
    /// `ssd_cin_assessments`: the referral an assessment follows.
    Assessment { referral: usize },
    /// `ssd_s47_enquiry`: an enquiry's ID.
    Enquiry { id: usize },
    /// `ssd_initial_cp_conference`: a conference's ID, its enquiry and its plan, where the
    /// table has those columns.
    Conference {
        id: usize,
        enquiry: Option<usize>,
        plan: Option<usize>,
        /// `icpc_icpc_outcome_cp_flag`: whether the conference resulted in a plan, where the
        /// link columns are absent or empty.
        flag: Option<usize>,
    },
    /// `ssd_cp_plans`: the conference a plan follows.
    Plan { conference: usize },
}

/// Reads the link columns of one SSD table's rows.
#[derive(Debug, Clone)]
pub(crate) struct IdReader {
    role: Role,
    /// The table's event date.
    pub date: usize,
}

impl IdReader {
    /// The reader for an SSD `table` with `headers`, its event date in column `date`; `None`
    /// when the table lacks the ID columns its links need.
    pub(crate) fn new(table: &SsdTable, headers: &[String], date: usize) -> Option<IdReader> {
        let at = |name: &str| {
            let name = normalize(name);
            headers.iter().position(|h| normalize(h) == name)
        };
        let role = match table.name {
            "ssd_cin_episodes" => Role::Referral {
                id: at("cine_referral_id")?,
            },
            "ssd_cin_assessments" => Role::Assessment {
                referral: at("cina_referral_id")?,
            },
            "ssd_s47_enquiry" => Role::Enquiry {
                id: at("s47e_s47_enquiry_id")?,
            },
            "ssd_initial_cp_conference" => Role::Conference {
                id: at("icpc_icpc_id")?,
                enquiry: at("icpc_s47_enquiry_id"),
                plan: at("icpc_cp_plan_id"),
                flag: at("icpc_icpc_outcome_cp_flag"),
            },
            // Before 2024 the plan's link to its conference was `cppl_initial_cp_conference_id`.
            "ssd_cp_plans" => Role::Plan {
                conference: at("cppl_icpc_id").or_else(|| at("cppl_initial_cp_conference_id"))?,
            },
            _ => return None,
        };
        Some(IdReader { role, date })
    }

    /// Offers one row to the links; `event` is its date in column [`IdReader::date`], read
    /// by the caller.
    pub(crate) fn row(&self, record: &impl Row, event: Option<NaiveDate>, links: &mut IdLinks) {
        let field = |c: usize| id_text(record.field(c).unwrap_or_default());
        let day = || event;
        match self.role {
            Role::Referral { id } => {
                links.has.referrals = true;
                if let (Some(id), Some(day)) = (field(id), day()) {
                    let id = links.referral_ids.id(id);
                    links.referrals.push((id, day));
                }
            }
            Role::Assessment { referral } => {
                links.has.assessments = true;
                if let Some(referral) = field(referral) {
                    let referral = links.referral_ids.id(referral);
                    links.assessed.push(referral);
                }
            }
            Role::Enquiry { id } => {
                links.has.enquiries = true;
                if let (Some(id), Some(day)) = (field(id), day()) {
                    let id = links.enquiry_ids.id(id);
                    links.enquiries.push((id, day));
                }
            }
            Role::Conference {
                id,
                enquiry,
                plan,
                flag,
            } => {
                links.has.conference_enquiries |= enquiry.is_some();
                // A plan column that is there but empty links nothing.
                let planned = plan.and_then(field).is_some();
                links.has.conference_plans |= planned;
                links.has.plan_column |= plan.is_some();
                let flagged = flag.and_then(field).and_then(yes_or_no);
                links.has.flags |= flagged.is_some();
                if let (Some(id), Some(day)) = (field(id), day()) {
                    let conference = Conference {
                        id: links.conference_ids.id(id),
                        day,
                        enquiry: enquiry.and_then(field).map(|e| links.enquiry_ids.id(e)),
                        planned,
                        flagged: flagged.unwrap_or(false),
                    };
                    links.conferences.push(conference);
                }
            }
            Role::Plan { conference } => {
                if let Some(conference) = field(conference) {
                    links.has.plans = true;
                    let conference = links.conference_ids.id(conference);
                    links.planned.push(conference);
                }
            }
        }
    }
}

/// A flag's value: `Y`, `Yes`, `1`, `true` or their opposites; `None` for anything else.
fn yes_or_no(field: &[u8]) -> Option<bool> {
    match field.to_ascii_lowercase().as_slice() {
        b"y" | b"yes" | b"1" | b"true" => Some(true),
        b"n" | b"no" | b"0" | b"false" => Some(false),
        _ => None,
    }
}

/// An ID field, trimmed; `None` when blank or a database's `NULL` written out as text.
fn id_text(field: &[u8]) -> Option<&[u8]> {
    let text = field.trim_ascii();
    (!text.is_empty() && !text.eq_ignore_ascii_case(b"null")).then_some(text)
}

#[derive(Debug, Clone, Copy)]
struct Conference {
    id: u32,
    day: NaiveDate,
    enquiry: Option<u32>,
    /// Whether the conference's own row names a plan.
    planned: bool,
    /// Whether its outcome flag says it resulted in a plan.
    flagged: bool,
}

/// Which tables and link columns the inputs held: a rate is linked by ID only when both ends
/// of its link were read.
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    referrals: bool,
    assessments: bool,
    enquiries: bool,
    conference_enquiries: bool,
    conference_plans: bool,
    plans: bool,
    /// A conference table with a plan column (filled or not).
    plan_column: bool,
    /// Conferences' outcome flags, where any row has one.
    flags: bool,
}

impl Held {
    fn merge(&mut self, other: Held) {
        self.referrals |= other.referrals;
        self.assessments |= other.assessments;
        self.enquiries |= other.enquiries;
        self.conference_enquiries |= other.conference_enquiries;
        self.conference_plans |= other.conference_plans;
        self.plans |= other.plans;
        self.plan_column |= other.plan_column;
        self.flags |= other.flags;
    }
}

/// The SSD rows' IDs, gathered from every table, joined by [`IdLinks::rates`].
#[derive(Debug, Default)]
pub(crate) struct IdLinks {
    referral_ids: Ids,
    enquiry_ids: Ids,
    conference_ids: Ids,
    referrals: Vec<(u32, NaiveDate)>,
    /// Referrals an assessment names.
    assessed: Vec<u32>,
    enquiries: Vec<(u32, NaiveDate)>,
    conferences: Vec<Conference>,
    /// Conferences a plan names.
    planned: Vec<u32>,
    has: Held,
}

/// One rate worked out from the links, and how many of its links led nowhere.
#[derive(Debug)]
pub(crate) struct Linked {
    pub rate: Rate,
    pub counts: RateCounts,
    /// The columns the link joins, for the notes: `icpc_s47_enquiry_id to s47e_s47_enquiry_id`.
    pub link: &'static str,
    /// Links naming an event that is not in the inputs (a conference's enquiry that no
    /// enquiry row has).
    pub dangling: u64,
}

impl IdLinks {
    /// Whether any SSD table's rows were gathered.
    pub(crate) fn is_empty(&self) -> bool {
        let h = self.has;
        !(h.referrals
            || h.assessments
            || h.enquiries
            || h.conference_enquiries
            || h.conference_plans
            || h.plans)
            && self.conferences.is_empty()
    }

    /// Adds the links of another part of the same file (or another table): its IDs are
    /// renumbered into this one's.
    pub(crate) fn merge(&mut self, other: IdLinks) {
        let referral = self.referral_ids.absorb(&other.referral_ids);
        let enquiry = self.enquiry_ids.absorb(&other.enquiry_ids);
        let conference = self.conference_ids.absorb(&other.conference_ids);
        let map = |remap: &[u32], id: u32| remap.get(id as usize).copied();
        self.referrals.extend(
            other
                .referrals
                .iter()
                .filter_map(|&(id, day)| Some((map(&referral, id)?, day))),
        );
        self.assessed
            .extend(other.assessed.iter().filter_map(|&id| map(&referral, id)));
        self.enquiries.extend(
            other
                .enquiries
                .iter()
                .filter_map(|&(id, day)| Some((map(&enquiry, id)?, day))),
        );
        self.conferences
            .extend(other.conferences.iter().filter_map(|c| {
                Some(Conference {
                    id: map(&conference, c.id)?,
                    enquiry: match c.enquiry {
                        Some(e) => Some(map(&enquiry, e)?),
                        None => None,
                    },
                    ..*c
                })
            }));
        self.planned
            .extend(other.planned.iter().filter_map(|&id| map(&conference, id)));
        self.has.merge(other.has);
    }

    /// The rates the links give, once every table has been read: each event counted once
    /// by its ID, in the month of its own date.
    pub(crate) fn rates(&mut self, calendar: &Calendar) -> Vec<Linked> {
        let month = |d: NaiveDate| Month::new(d.year(), d.month());
        // Each ID once, on its earliest date.
        for list in [&mut self.referrals, &mut self.enquiries] {
            list.sort_unstable();
            list.dedup_by_key(|(id, _)| *id);
        }
        self.conferences.sort_unstable_by_key(|c| (c.id, c.day));
        self.conferences.dedup_by_key(|c| c.id);
        for list in [&mut self.assessed, &mut self.planned] {
            list.sort_unstable();
            list.dedup();
        }
        let mut out = Vec::new();
        if self.has.referrals && self.has.assessments {
            let mut counts = RateCounts::default();
            for &(id, day) in &self.referrals {
                if let Some(m) = month(day) {
                    counts.add(m, self.assessed.binary_search(&id).is_ok());
                }
            }
            let known = |id: &u32| self.referrals.binary_search_by_key(id, |r| r.0).is_ok();
            out.push(Linked {
                rate: Rate::ReferralToAssessment,
                counts,
                link: "cina_referral_id to cine_referral_id",
                dangling: self.assessed.iter().filter(|id| !known(id)).count() as u64,
            });
        }
        if self.has.enquiries && self.has.conference_enquiries {
            let mut linked: Vec<u32> = self.conferences.iter().filter_map(|c| c.enquiry).collect();
            linked.sort_unstable();
            linked.dedup();
            let mut counts = RateCounts::default();
            for &(id, day) in &self.enquiries {
                if let Some(m) = month(day) {
                    counts.add(m, linked.binary_search(&id).is_ok());
                }
            }
            // Conference timeliness: working days from the enquiry's start.
            let mut timely = RateCounts::default();
            let mut dangling = 0;
            for c in &self.conferences {
                let Some(enquiry) = c.enquiry else { continue };
                let start = self
                    .enquiries
                    .binary_search_by_key(&enquiry, |e| e.0)
                    .ok()
                    .and_then(|i| self.enquiries.get(i));
                match start {
                    Some(&(_, start)) => {
                        if let (Some(days), Some(m)) =
                            (calendar.working_days(start, c.day), month(c.day))
                        {
                            timely.add_days(m, days, 15);
                        }
                    }
                    None => dangling += 1,
                }
            }
            let link = "icpc_s47_enquiry_id to s47e_s47_enquiry_id";
            out.push(Linked {
                rate: Rate::S47ToIcpc,
                counts,
                link,
                dangling,
            });
            out.push(Linked {
                rate: Rate::IcpcWithin15,
                counts: timely,
                link,
                dangling,
            });
        }
        let linked = self.has.conference_plans || self.has.plans;
        if !self.conferences.is_empty() && !linked && self.has.flags {
            let mut counts = RateCounts::default();
            for c in &self.conferences {
                if let Some(m) = month(c.day) {
                    counts.add(m, c.flagged);
                }
            }
            out.push(Linked {
                rate: Rate::IcpcToPlan,
                counts,
                link: if self.has.plan_column {
                    "icpc_icpc_outcome_cp_flag (the plan link columns are empty)"
                } else {
                    "icpc_icpc_outcome_cp_flag (no plan link columns)"
                },
                dangling: 0,
            });
        }
        if !self.conferences.is_empty() && linked {
            let mut counts = RateCounts::default();
            for c in &self.conferences {
                if let Some(m) = month(c.day) {
                    counts.add(m, c.planned || self.planned.binary_search(&c.id).is_ok());
                }
            }
            let known = |id: &u32| self.conferences.binary_search_by_key(id, |c| c.id).is_ok();
            out.push(Linked {
                rate: Rate::IcpcToPlan,
                counts,
                link: match (self.has.conference_plans, self.has.plans) {
                    (true, true) => "icpc_cp_plan_id, and cppl_icpc_id to icpc_icpc_id",
                    (true, false) => "icpc_cp_plan_id",
                    _ => "cppl_icpc_id to icpc_icpc_id",
                },
                dangling: self.planned.iter().filter(|id| !known(id)).count() as u64,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ssd::TABLES;

    fn reader(name: &str, headers: &str) -> IdReader {
        let table = TABLES.iter().find(|t| t.name == name).unwrap();
        let headers: Vec<String> = headers.split(',').map(String::from).collect();
        let date = headers.iter().position(|h| h == table.date).unwrap();
        IdReader::new(table, &headers, date).unwrap()
    }

    /// (rate, numerator and denominator in April 2020, dangling links).
    fn figures(links: &mut IdLinks) -> Vec<(Rate, u64, u64, u64)> {
        let calendar = Calendar::england_and_wales();
        let april: crate::model::period::Period = "2020-04".parse().unwrap();
        links
            .rates(&calendar)
            .into_iter()
            .map(|l| {
                let (num, den) = l.counts.over(&april);
                (l.rate, num, den, l.dangling)
            })
            .collect()
    }

    /// Rows read in parts (a file counted on several threads) and merged give what one
    /// reader gives, whichever part each ID turns up in first.
    #[test]
    fn parts_merge_to_the_whole() {
        let enquiries = reader(
            "ssd_s47_enquiry",
            "s47e_s47_enquiry_id,s47e_person_id,s47e_s47_start_date",
        );
        let conferences = reader(
            "ssd_initial_cp_conference",
            "icpc_icpc_id,icpc_s47_enquiry_id,icpc_person_id,icpc_cp_plan_id,icpc_icpc_date",
        );
        let plans = reader(
            "ssd_cp_plans",
            "cppl_cp_plan_id,cppl_icpc_id,cppl_person_id,cppl_cp_plan_start_date",
        );
        let rows: Vec<(&IdReader, &str)> = vec![
            (&enquiries, "S1,P1,2020-04-01"),
            (&enquiries, "S2,P2,2020-04-02"),
            (&conferences, "I1,S1,P1,,2020-04-15"),
            (&enquiries, "S3,P3,2020-04-03"),
            (&conferences, "I2,S3,P3,C2,2020-04-20"),
            (&conferences, "I3,S9,P9,NULL,2020-04-21"),
            (&plans, "C1,I1,P1,2020-04-15"),
            (&enquiries, "S1,P1,2020-04-01"),
        ];
        let record = |text: &str| csv::ByteRecord::from(text.split(',').collect::<Vec<_>>());
        // Each row's date is its last field.
        let day = |text: &str| NaiveDate::parse_from_str(text.rsplit(',').next()?, "%Y-%m-%d").ok();
        let mut whole = IdLinks::default();
        for (reader, text) in &rows {
            reader.row(&record(text), day(text), &mut whole);
        }
        let expected = figures(&mut whole);
        assert_eq!(
            expected,
            [
                // S1 and S3 of S1–S3 (S1 twice, once) led to a conference.
                (Rate::S47ToIcpc, 2, 3, 1),
                // I1: 1 to 15 April 2020 is 8 working days (Easter); I2: 3 to 20 April, 9.
                (Rate::IcpcWithin15, 2, 2, 1),
                // I1 by plan C1's link, I2 by its own; I3 names none.
                (Rate::IcpcToPlan, 2, 3, 0),
            ]
        );
        for split in 1..rows.len() {
            let mut first = IdLinks::default();
            let mut second = IdLinks::default();
            for (i, (reader, text)) in rows.iter().enumerate() {
                let part = if i < split { &mut first } else { &mut second };
                reader.row(&record(text), day(text), part);
            }
            first.merge(second);
            assert_eq!(figures(&mut first), expected, "split at {split}");
        }
    }
}
