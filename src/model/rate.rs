//! The derived rates by name: what each one is, how it was worked out, and the timeliness
//! bands DfE publishes. Counted in `count::rates`, compared in `compare::rates`.
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

    /// The measures (numerator, denominator) of a rate worked out as one count over another
    /// when the inputs do not link them row by row; `None` for a rate that needs links.
    pub fn ratio_of(self) -> Option<(&'static str, &'static str)> {
        match self {
            Rate::ReferralToAssessment => Some(("assessments", "referrals")),
            Rate::S47ToIcpc => Some(("icpcs", "s47-enquiries")),
            Rate::IcpcToPlan => Some(("cp-plan-starts", "icpcs")),
            _ => None,
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
    /// By the IDs one table's rows give another's (the Standard Safeguarding Dataset's
    /// links: a conference's `icpc_s47_enquiry_id`), exact where dates on one row are not.
    #[serde(rename = "id-linked")]
    Id,
}
