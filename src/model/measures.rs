//! The seven built-in measures, each in one entry holding every fact about it: its label
//! and how sentences name it, the names of its date, source and ID columns, the file names
//! and workflow stage names that mean it. Adding a measure is adding an entry here (the
//! test `a_measure_added_to_the_catalogue_is_counted_and_shown` in `app/extending.rs` proves it).

/// Every fact about one built-in measure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Builtin {
    /// Stable id on the command line and in JSON/CSV (`s47-enquiries`).
    pub(crate) id: &'static str,
    /// Label in tables, as committee papers write it (`Section 47`).
    pub(crate) label: &'static str,
    /// Label where space is short (the wide monthly table): `ICPCs`.
    pub(crate) short_label: &'static str,
    /// How a sentence names its events while the label is this entry's: `Section 47
    /// enquiries`, `initial child protection conferences`.
    pub(crate) noun: &'static str,
    /// Names of the event-date column, most specific first (Annex A, CIN census, the
    /// Standard Safeguarding Dataset, common variants); compared loosely.
    pub(crate) date_headers: &'static [&'static str],
    /// File stems that mean the measure, besides its id and label (`s47`, `ssd-cp-plans`).
    pub(crate) file_stems: &'static [&'static str],
    /// Names of the column saying where the event came from: part of the de-duplication key.
    pub(crate) source_headers: &'static [&'static str],
    /// Date headers where a blank means the event did not happen (List 5's ICPC date is
    /// blank when no conference was held), rather than a bad row.
    pub(crate) optional_date_headers: &'static [&'static str],
    /// Names of the event's own identifier, most specific first (compared exactly after
    /// normalizing): two rows with one ID are one event.
    pub(crate) event_id_headers: &'static [&'static str],
    /// Words that name the stage in an ID column's header (`CIN Referral No`).
    pub(crate) id_words: &'static [&'static str],
    /// Values of a workflow table's step-type column that mean the stage (compared ignoring
    /// case, spaces and punctuation: `C&F Assessment` is `cfassessment`).
    pub(crate) stage_names: &'static [&'static str],
}

/// The seven front-door and child-protection measures, in the committee table's order.
pub(crate) const BUILTIN: &[Builtin] = &[
    Builtin {
        id: "contacts",
        label: "Contacts",
        short_label: "Contacts",
        noun: "contacts",
        date_headers: &[
            "Date of Contact",
            "Contact Date",
            "Contact Start Date",
            "Date Contact Received",
            "cont_contact_date",
        ],
        file_stems: &["contact", "ssd-contacts"],
        source_headers: &[
            "Contact Source",
            "Source of Contact",
            "cont_contact_source_code",
            "cont_contact_source",
        ],
        optional_date_headers: &[],
        event_id_headers: &[
            "Contact ID",
            "Contact Reference",
            "Contact Ref",
            "Contact Number",
            "Contact Record ID",
            "cont_contact_id",
        ],
        id_words: &["contact"],
        stage_names: &["Contact", "Contacts", "Contact Record"],
    },
    Builtin {
        id: "referrals",
        label: "Referrals",
        short_label: "Referrals",
        noun: "referrals",
        date_headers: &[
            "Date of referral",
            "Referral Date",
            "CINreferralDate",
            "CIN Referral Date",
            "Referral Start Date",
            "Date Referral Received",
            "cine_referral_date",
        ],
        file_stems: &["referral", "ssd-cin-episodes"],
        source_headers: &[
            "Referral Source",
            "ReferralSource",
            "Source of Referral",
            "cine_referral_source_code",
            "cine_referral_source",
        ],
        optional_date_headers: &[],
        event_id_headers: &[
            "Referral ID",
            "Referral Reference",
            "Referral Ref",
            "Referral Number",
            "CINdetailsID",
            "CIN Details ID",
            "CIN Episode ID",
            "Episode ID",
            "Referral Episode ID",
            "Involvement ID",
            "cine_referral_id",
        ],
        id_words: &["referral", "episode", "cindetails"],
        stage_names: &["Referral", "Referrals", "CIN Referral"],
    },
    Builtin {
        id: "assessments",
        label: "Assessments",
        short_label: "Assessments",
        noun: "assessments",
        date_headers: &[
            "Continuous Assessment Start Date",
            "AssessmentActualStartDate",
            "Assessment Actual Start Date",
            "Assessment Start Date",
            "Single Assessment Start Date",
            "Date of Assessment",
            "Assessment Date",
            "cina_assessment_start_date",
        ],
        file_stems: &["assessment", "ssd-cin-assessments"],
        source_headers: &[],
        optional_date_headers: &[],
        event_id_headers: &[
            "Assessment ID",
            "Assessment Reference",
            "Assessment Ref",
            "Single Assessment ID",
            "AssessmentID",
            "cina_assessment_id",
        ],
        id_words: &["assessment"],
        stage_names: &[
            "Assessment",
            "Single Assessment",
            "C&F Assessment",
            "Child and Family Assessment",
            "Continuous Assessment",
        ],
    },
    Builtin {
        id: "strategy-discussions",
        label: "Strategy Discussions",
        short_label: "Strategy Discussions",
        noun: "strategy discussions",
        date_headers: &[
            "Strategy Discussion Date",
            "Date of Strategy Discussion",
            "Strategy Discussion Start Date",
            "Strategy Meeting Date",
            "Date of Strategy Meeting",
        ],
        file_stems: &["strategy-discussion", "strategy", "strategy-meetings"],
        source_headers: &[],
        optional_date_headers: &[],
        event_id_headers: &[
            "Strategy Discussion ID",
            "Strategy Meeting ID",
            "Strategy ID",
        ],
        id_words: &["strategy"],
        stage_names: &["Strategy Discussion", "Strategy Meeting", "Strategy"],
    },
    Builtin {
        id: "s47-enquiries",
        label: "Section 47",
        short_label: "Section 47",
        noun: "Section 47 enquiries",
        date_headers: &[
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "S47ActualStartDate",
            "S47 Actual Start Date",
            "S47 Start Date",
            "S47 Enquiry Start Date",
            "Section 47 Start Date",
            "Section 47 Enquiry Start Date",
            "Date of Section 47 Enquiry",
            "S47 Date",
            "s47e_s47_start_date",
        ],
        file_stems: &[
            "ssd-s47-enquiry",
            "s47",
            "s47s",
            "section47",
            "section-47-enquiries",
            "s47-enquiry",
        ],
        source_headers: &[],
        optional_date_headers: &[],
        event_id_headers: &[
            "S47 ID",
            "S47 Enquiry ID",
            "Section 47 ID",
            "Section 47 Enquiry ID",
            "Enquiry ID",
            "S47ID",
            "s47e_s47_enquiry_id",
        ],
        id_words: &["s47", "enquiry"],
        stage_names: &["S47", "S47 Enquiry", "Section 47", "Section 47 Enquiry"],
    },
    Builtin {
        id: "icpcs",
        label: "Initial Child Protection Conferences",
        short_label: "ICPCs",
        noun: "initial child protection conferences",
        date_headers: &[
            "Date of Initial Child Protection Conference",
            "DateOfInitialCPC",
            "ICPC Date",
            "Date of ICPC",
            "Initial Child Protection Conference Date",
            "Initial CP Conference Date",
            "Date of Initial CP Conference",
            "icpc_icpc_date",
        ],
        file_stems: &[
            "icpc",
            "initial-child-protection-conferences",
            "initial-cp-conferences",
            "initial-conferences",
            "ssd-initial-cp-conference",
        ],
        source_headers: &[],
        optional_date_headers: &[
            "Date of Initial Child Protection Conference",
            "DateOfInitialCPC",
        ],
        event_id_headers: &[
            "ICPC ID",
            "Conference ID",
            "Initial Conference ID",
            "CP Conference ID",
            "Initial CP Conference ID",
            "icpc_icpc_id",
        ],
        id_words: &["icpc", "conference"],
        stage_names: &[
            "ICPC",
            "Initial Child Protection Conference",
            "Initial CP Conference",
        ],
    },
    Builtin {
        id: "cp-plan-starts",
        label: "Child Protection Plan Starts",
        short_label: "CP Plan Starts",
        noun: "child protection plan starts",
        date_headers: &[
            "Child Protection Plan Start Date",
            "CPPstartDate",
            "CP Plan Start Date",
            "CPP Start Date",
            "Plan Start Date",
            "Date CP Plan Started",
            "cppl_cp_plan_start_date",
        ],
        file_stems: &[
            "ssd-cp-plans",
            "cp-plans",
            "cp-plan-start",
            "cpp-starts",
            "child-protection-plan-starts",
        ],
        source_headers: &[],
        optional_date_headers: &[],
        event_id_headers: &[
            "CP Plan ID",
            "Plan ID",
            "CPP ID",
            "Child Protection Plan ID",
            "cppl_cp_plan_id",
        ],
        id_words: &["plan", "cpp"],
        stage_names: &[
            "CP Plan",
            "Child Protection Plan",
            "CP Plan Start",
            "Child Protection Plan Start",
        ],
    },
];
