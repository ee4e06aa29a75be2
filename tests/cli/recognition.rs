//! Which file feeds which measure: one rule (README, "Which file feeds which measure"). A
//! month-end folder of case-management reports carries each earlier stage's date as context;
//! those dates must not be counted again. Each case runs on CSV and on an .xlsx copy.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use common::Workdir;

/// Writes `rows` as `name.csv`, or as one sheet of `name.xlsx` (a sheet named `Report`).
fn write(dir: &Workdir, name: &str, rows: &[&str], xlsx: bool) {
    if !xlsx {
        dir.write(&format!("{name}.csv"), rows.join("\n") + "\n");
        return;
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Report").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    dir.write(&format!("{name}.xlsx"), book.save_to_buffer().unwrap());
}

fn csv_rows(dir: &Workdir, args: &[&str]) -> Vec<String> {
    let mut all = vec!["compare", "-p", "2020-21", "-f", "csv", "-q"];
    all.extend_from_slice(args);
    dir.run(&all)
        .csv()
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn context_dates_in_a_folder_of_reports_are_not_counted() {
    for xlsx in [false, true] {
        let dir = Workdir::new();
        // Two referrals; the assessments report carries each referral's date as context.
        write(
            &dir,
            "reports/Referrals 2021-03-31",
            &[
                "Child ID,Referral Date,Source",
                "A,01/05/2020,Police",
                "B,02/06/2020,School",
            ],
            xlsx,
        );
        write(
            &dir,
            "reports/Assessments report 2021-03-31",
            &[
                "Child ID,Referral Date,Assessment Start Date,Team",
                "A,01/05/2020,03/05/2020,North",
                "B,02/06/2020,04/06/2020,North",
                "B,02/06/2020,10/07/2020,South",
            ],
            xlsx,
        );
        // An S47 report with its strategy discussion (upstream: context) and ICPC
        // (downstream: counted, as no other input holds ICPCs).
        write(
            &dir,
            "reports/S47 report",
            &[
                "Child ID,Strategy Discussion Date,S47 Start Date,ICPC Date",
                "A,04/05/2020,05/05/2020,20/05/2020",
                "B,05/06/2020,06/06/2020,",
            ],
            xlsx,
        );
        // A CP plans report with the ICPC date: upstream of plans, context.
        write(
            &dir,
            "reports/CP plans",
            &[
                "Child ID,ICPC Date,Plan Start Date",
                "A,20/05/2020,20/05/2020",
            ],
            xlsx,
        );
        let rows = csv_rows(&dir, &["reports"]);
        assert_eq!(
            rows,
            [
                "referrals,Referrals,,2,,",
                "assessments,Assessments,,3,,",
                "s47-enquiries,Section 47,,2,,",
                "icpcs,Initial Child Protection Conferences,,1,,",
                "cp-plan-starts,Child Protection Plan Starts,,1,,",
            ],
            "xlsx: {xlsx}"
        );
        // The note says which dates were context.
        let run = dir.run(&["compare", "-p", "2020-21", "reports"]);
        for note in [
            "CP plans.csv: \"ICPC Date\" is context here, not counted: an earlier stage (icpcs) than the table's own",
            "S47 report.csv: \"Strategy Discussion Date\" is context here, not counted: an earlier stage (strategy-discussions) than the table's own",
            "Assessments report 2021-03-31.csv: \"Referral Date\" is context here, not counted: an earlier stage (referrals) than the table's own",
            // A later stage's blank date is no event, not a rejected row.
            "1 with no event (blank date); none rejected",
        ] {
            let note = if xlsx {
                note.replace(".csv:", ".xlsx, sheet \"Report\":")
            } else {
                note.to_string()
            };
            assert!(run.stderr.contains(&note), "{note}\n{}", run.stderr);
        }
    }
}

#[test]
fn headers_that_prove_a_layout_win_over_a_name() {
    // An Annex A List 5 saved as "Section 47.csv" still gives its ICPCs.
    let list5 = [
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Does the Child have a Disability,\
         Strategy discussion initiating Section 47 Enquiry Start Date,\
         Was an Initial Child Protection Conference deemed unnecessary?,\
         Date of Initial Child Protection Conference,\
         Did the Initial Child Protection Conference Result in a Child Protection Plan,\
         Number of Section 47 Enquiries in the last 12 months,Number of ICPCs in the last 12 months,\
         Allocated Team,Allocated Worker",
        "A,a) Male,WBRI,01/01/2015,5,b) No,05/05/2020,b) No,20/05/2020,a) Yes,1,1,North,W1",
        "B,a) Male,WBRI,01/01/2015,5,b) No,06/06/2020,a) Yes,,,1,0,North,W1",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "Section 47", &list5, xlsx);
        let file = if xlsx {
            "Section 47.xlsx"
        } else {
            "Section 47.csv"
        };
        assert_eq!(
            csv_rows(&dir, &[file]),
            [
                "s47-enquiries,Section 47,,2,,",
                "icpcs,Initial Child Protection Conferences,,1,,",
            ],
            "xlsx: {xlsx}"
        );
    }
}

#[test]
fn hidden_sheets_are_skipped_with_a_note() {
    let dir = Workdir::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, hidden, date) in [
        ("Contacts", false, "01/05/2020"),
        ("Old copy", true, "02/05/2020"),
    ] {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        sheet.write_string(0, 0, "Child ID").unwrap();
        sheet.write_string(0, 1, "Date of Contact").unwrap();
        sheet.write_string(1, 0, "A").unwrap();
        sheet.write_string(1, 1, date).unwrap();
        if hidden {
            sheet.set_hidden(true);
        }
    }
    dir.write("book.xlsx", book.save_to_buffer().unwrap());
    let run = dir.run(&["compare", "-p", "2020-21", "-f", "csv", "book.xlsx"]);
    assert_eq!(run.csv().lines().nth(1), Some("contacts,Contacts,,1,,"));
    assert!(
        run.stderr.contains(
            "book.xlsx, sheet \"Old copy\": hidden; skipped (pass --include-hidden to count hidden sheets)"
        ),
        "{}",
        run.stderr
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "-f",
        "csv",
        "-q",
        "--include-hidden",
        "book.xlsx",
    ]);
    assert_eq!(run.csv().lines().nth(1), Some("contacts,Contacts,,2,,"));
}

#[test]
fn a_footer_or_total_line_is_left_out_with_a_note() {
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        "Child ID,Date of Contact,Source\nA,01/05/2020,Police\nB,02/05/2020,School\nTotal contacts: 2\n\n",
    );
    let run = dir.run(&["compare", "-p", "2020-21", "-f", "csv", "contacts.csv"]);
    assert_eq!(run.csv().lines().nth(1), Some("contacts,Contacts,,2,,"));
    assert!(
        run.stderr.contains(
            "contacts.csv: line 4 has 1 field where the header has 3: left out as a footer or total line"
        ),
        "{}",
        run.stderr
    );
    // A short row with a date in it, or one followed by more rows, is data: an error.
    dir.write(
        "contacts.csv",
        "Child ID,Date of Contact,Source\nA,01/05/2020,Police\nB,02/05/2020\n",
    );
    let run = dir.run(&["compare", "-p", "2020-21", "contacts.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    dir.write(
        "contacts.csv",
        "Child ID,Date of Contact,Source\nTotal: 2\nA,01/05/2020,Police\n",
    );
    let run = dir.run(&["compare", "-p", "2020-21", "contacts.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn the_header_row_is_found_below_title_rows_and_never_in_the_data() {
    // A report with eleven rows of title and parameters above its header (row 12).
    let mut rows: Vec<String> = vec![
        "Children's Services - Referrals report".to_string(),
        "Run by,Performance team".to_string(),
        "Run on,31/03/2021".to_string(),
    ];
    rows.extend((4..12).map(|i| format!("Parameter {i},value")));
    rows.push("Child ID,Referral Date (DD/MM/YYYY),Referral Source".to_string());
    rows.push("A,01/05/2020,Police".to_string());
    rows.push("B,02/06/2020,School".to_string());
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "report", &rows, xlsx);
        let file = if xlsx { "report.xlsx" } else { "report.csv" };
        assert_eq!(
            csv_rows(&dir, &[file]),
            ["referrals,Referrals,,2,,"],
            "xlsx: {xlsx}"
        );
        // --header-row names it outright.
        assert_eq!(
            csv_rows(&dir, &["--header-row", "12", file]),
            ["referrals,Referrals,,2,,"],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&["inspect", "--format", "json", file]);
        assert!(run.csv().contains("\"header_row\": 12"), "{}", run.stdout);
    }
    // A workflow sheet whose own header is not one cscstats knows, with a cell "S47" in each
    // data row: with --date-column the header is found; a data row is never taken for it.
    let rows = [
        "Case,Step,Started",
        "LC001,S47,01/05/2020",
        "LC002,S47,02/06/2020",
        "LC003,S47,03/06/2019",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "steps", &rows, xlsx);
        let file = if xlsx { "steps.xlsx" } else { "steps.csv" };
        let input = format!("s47-enquiries={file}");
        assert_eq!(
            csv_rows(
                &dir,
                &["--date-column", "s47-enquiries=Started", input.as_str()]
            ),
            ["s47-enquiries,Section 47,1,2,1,100.5479"],
            "xlsx: {xlsx}"
        );
        // Not told the column, the file is refused; the data row is not its header.
        let run = dir.run(&["compare", "-p", "2020-21", file]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stderr.contains("LC00"), "{}", run.stderr);
    }
}

#[test]
fn a_partial_extract_is_marked_in_every_format_and_refused_under_strict() {
    // One contact a month from April 2019 to October 2020: the extract ends in October.
    let mut rows = vec!["Child ID,Date of Contact,Contact Source".to_string()];
    for i in 0..19 {
        let (year, month) = (2019 + (3 + i) / 12, (3 + i) % 12 + 1);
        rows.push(format!("C{i},15/{month:02}/{year},Police"));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "contacts", &rows, xlsx);
        let file = if xlsx {
            "contacts.xlsx"
        } else {
            "contacts.csv"
        };
        let run = dir.run(&["compare", "-p", "2020-21", file]);
        assert_eq!(
            run.ok(),
            "2020/21\nMeasure     2019/20  2020/21   +/-\nContacts †       12        7  -42%\n\
             The period and its baseline differ in length (365 and 366 days): each % change is the change in the daily rate.\n\
             † The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).\n",
            "xlsx: {xlsx}"
        );
        assert!(
            run.stderr.contains(
                "contacts: † partial coverage: the inputs span 2019-04-01 to 2020-10-15; no data for 2020-10-16 to 2021-03-31 \
                 (Apr 2020–Mar 2021 partial, Apr 2019–Mar 2020 full)"
            ),
            "{}",
            run.stderr
        );
        // Markdown keeps the mark; HTML says it in words to a screen reader too.
        let out = dir.run(&["compare", "-p", "2020-21", "-q", "-f", "markdown", file]);
        assert!(out.ok().contains("Contacts †"), "{}", out.stdout);
        let out = dir.run(&["compare", "-p", "2020-21", "-q", "-f", "html", file]);
        assert!(
            out.ok().contains(
                "Contacts <span aria-hidden=\"true\">†</span><span class=\"visually-hidden\"> \
                 (the inputs cover this span only in part)</span>"
            ),
            "{}",
            out.stdout
        );
        let json = dir.run(&["compare", "-p", "2020-21", "-q", "-f", "json", file]);
        let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
        assert_eq!(value["rows"][0]["coverage"]["current"], "partial");
        assert_eq!(value["rows"][0]["coverage"]["baseline"], "full");
        // Missing months include October, cut short on the 15th; the days say exactly.
        assert_eq!(value["rows"][0]["coverage"]["missing"][0], "2020-10");
        assert_eq!(
            value["rows"][0]["coverage"]["missing_days"][0],
            serde_json::json!({"from": "2020-10-16", "to": "2021-03-31"})
        );
        // A baseline before the data starts: none.
        let json = dir.run(&[
            "compare", "-p", "2019-20", "-b", "2017-18", "-q", "-f", "json", file,
        ]);
        let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
        assert_eq!(value["rows"][0]["coverage"]["baseline"], "none");
        assert_eq!(value["rows"][0]["coverage"]["current"], "full");
        let strict = dir.run(&["compare", "-p", "2020-21", "--strict", file]);
        assert!(
            strict.fails(1).ends_with(
                "the inputs for contacts do not cover the whole period and baseline (no data for 2020-10-16 to 2021-03-31); \
                 choose a period they cover, or drop --strict to show the figure marked as partial"
            ),
            "{}",
            strict.stderr
        );
    }
}

#[test]
fn a_month_first_export_is_refused_unless_asked_for() {
    // A US-locale export: mm/dd/yyyy. 05/25/2020 is impossible day first.
    let rows = [
        "Child ID,Date of Contact",
        "A,04/13/2020",
        "B,05/25/2020",
        "C,06/02/2020",
        "D,07/30/2020",
        "E,04/15/2019",
        "F,2020-08-01",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "contacts", &rows, xlsx);
        let file = if xlsx {
            "contacts.xlsx"
        } else {
            "contacts.csv"
        };
        let run = dir.run(&["compare", "-p", "2020-21", file]);
        let error = run.fails(1);
        assert!(
            error.ends_with(
                "column \"Date of Contact\": 4 of 6 dates are impossible day first (a month above 12) but valid month first: \
                 the export looks month-first (US order); pass --date-order month-first to read it so, or export the dates day first"
            ),
            "{error}"
        );
        assert!(!error.contains("04/13"), "{error}");
        // Read month first, 06/02/2020 is 2 June; the ISO date reads the same either way.
        assert_eq!(
            csv_rows(&dir, &["--date-order", "month-first", file]),
            ["contacts,Contacts,1,5,4,401.3699"],
            "xlsx: {xlsx}"
        );
    }
}

#[test]
fn a_flat_census_table_counts_each_child_and_date_once() {
    // One row per assessment or S47 within an episode: the referral date repeats.
    let rows = [
        "LAchildID,CINreferralDate,AssessmentActualStartDate,S47ActualStartDate",
        "C1,01/05/2020,03/05/2020,",
        "C1,01/05/2020,20/06/2020,",
        "C1,01/05/2020,,10/05/2020",
        "C2,02/06/2020,04/06/2020,",
        "C2,02/06/2020,,04/06/2020",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "census", &rows, xlsx);
        let file = if xlsx { "census.xlsx" } else { "census.csv" };
        assert_eq!(
            csv_rows(&dir, &[file]),
            [
                "referrals,Referrals,,2,,",
                "assessments,Assessments,,3,,",
                "s47-enquiries,Section 47,,2,,",
            ],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&["compare", "-p", "2020-21", "-o", "t.csv", file]);
        assert!(
            run.stderr.contains(
                "referrals: 3 duplicate events dropped (same child and date), counted once"
            ),
            "{}",
            run.stderr
        );
        // --no-dedupe counts every row.
        assert_eq!(
            csv_rows(&dir, &["--no-dedupe", file])[0],
            "referrals,Referrals,,5,,",
            "xlsx: {xlsx}"
        );
    }
    // A contact-level front-door report: each contact carries the referral it led to.
    let dir = Workdir::new();
    dir.write(
        "front door.csv",
        "Child ID,Date of Contact,Referral Date\nA,01/05/2020,02/05/2020\nA,02/05/2020,02/05/2020\nB,03/05/2020,\n",
    );
    assert_eq!(
        csv_rows(&dir, &["front door.csv"]),
        ["contacts,Contacts,,3,,", "referrals,Referrals,,1,,"]
    );
}

#[test]
fn a_workflow_table_is_counted_by_its_type_column() {
    let rows = [
        "Workflow steps extract",
        "Person ID,Step Type,Step Start Date,Team",
        "P1,Contact,01/05/2020,North",
        "P1,Referral,02/05/2020,North",
        "P1,C&F Assessment,03/05/2020,North",
        "P2,Contact,04/05/2020,South",
        "P2,Strategy Meeting,05/05/2020,South",
        "P2,Section 47 Enquiry,06/05/2020,South",
        "P2,Initial Child Protection Conference,20/05/2020,South",
        "P2,Child Protection Plan,20/05/2020,South",
        "P3,Review,01/06/2020,North",
        "P3,Visit,02/06/2020,North",
        "P3,Visit,03/06/2020,North",
        "P4,Contact,04/05/2019,North",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "steps", &rows, xlsx);
        let file = if xlsx { "steps.xlsx" } else { "steps.csv" };
        // Detected from its Step Type column.
        assert_eq!(
            csv_rows(&dir, &[file]),
            [
                "contacts,Contacts,1,2,1,100.5479",
                "referrals,Referrals,0,1,1,",
                "assessments,Assessments,0,1,1,",
                "strategy-discussions,Strategy Discussions,0,1,1,",
                "s47-enquiries,Section 47,0,1,1,",
                "icpcs,Initial Child Protection Conferences,0,1,1,",
                "cp-plan-starts,Child Protection Plan Starts,0,1,1,",
            ],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&["compare", "-p", "2020-21", "-o", "t.csv", file]);
        assert!(
            run.stderr.contains(
                "3 rows (2 distinct values of \"Step Type\") name no stage and are not counted; cscstats inspect --show-type-values"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("[contacts, \"Step Start Date\"] as workflow table: 3 rows read; 2 in 2020/21, 1 in 2019/20"),
            "{}",
            run.stderr
        );
        // --type adds a name; MEASURE=PATH with --type-column counts only that stage.
        let input = format!("contacts={file}");
        assert_eq!(
            csv_rows(
                &dir,
                &[
                    "--type-column",
                    "Step Type",
                    "--type",
                    "contacts=Visit",
                    input.as_str()
                ]
            ),
            ["contacts,Contacts,1,4,3,301.0959"],
            "xlsx: {xlsx}"
        );
        // MEASURE=PATH without --type-column counts every dated row.
        assert_eq!(
            csv_rows(
                &dir,
                &["--date-column", "contacts=Step Start Date", input.as_str()]
            ),
            ["contacts,Contacts,1,11,10,1003.0137"],
            "xlsx: {xlsx}"
        );
        let inspect = dir.run(&["inspect", file]);
        assert!(
            inspect.csv().contains("workflow table, recognised by its type column \"Step Type\" (column 2); header row 2"),
            "{}",
            inspect.stdout
        );
    }
    // Beside a referrals export, the workflow's referral rows are not counted again; stages
    // no row names are left out, not shown as zero.
    let dir = Workdir::new();
    dir.write(
        "in/steps.csv",
        "Person ID,Step Type,Step Start Date
P1,Referral,02/05/2020
P1,S47,06/05/2020
",
    );
    dir.write(
        "in/referrals.csv",
        "Child ID,Referral Date
P1,02/05/2020
P2,03/05/2020
",
    );
    assert_eq!(
        csv_rows(&dir, &["in"]),
        ["referrals,Referrals,,2,,", "s47-enquiries,Section 47,,1,,"]
    );
    let run = dir.run(&["compare", "-p", "2020-21", "-o", "t.csv", "in"]);
    assert!(
        run.stderr.contains(
            "in/steps.csv: rows whose type is referrals are not counted: another input holds referrals"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn context_and_count_columns_move_a_column_across_the_line() {
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(
            &dir,
            "reports/Assessments",
            &[
                "Child ID,Referral Date,Assessment Start Date",
                "A,01/05/2020,03/05/2020",
                "B,02/06/2020,04/06/2020",
            ],
            xlsx,
        );
        write(
            &dir,
            "reports/S47 report",
            &[
                "Child ID,S47 Start Date,ICPC Date",
                "A,05/05/2020,20/05/2020",
            ],
            xlsx,
        );
        assert_eq!(
            csv_rows(&dir, &["reports"]),
            [
                "assessments,Assessments,,2,,",
                "s47-enquiries,Section 47,,1,,",
                "icpcs,Initial Child Protection Conferences,,1,,",
            ],
            "xlsx: {xlsx}"
        );
        assert_eq!(
            csv_rows(
                &dir,
                &[
                    "--count-column",
                    "referrals=Referral Date",
                    "--context-column",
                    "ICPC Date",
                    "reports"
                ]
            ),
            [
                "referrals,Referrals,,2,,",
                "assessments,Assessments,,2,,",
                "s47-enquiries,Section 47,,1,,",
            ],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&[
            "inspect",
            "--context-column",
            "ICPC Date",
            "-f",
            "json",
            "reports",
        ]);
        let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
        assert_eq!(value["tables"][1]["context"][0]["why"], "--context-column");
        // A column no input has is reported, not ignored.
        for (option, value, shown) in [
            (
                "--context-column",
                "Visit Date",
                "--context-column \"Visit Date\"",
            ),
            (
                "--count-column",
                "referrals=Ref Date",
                "--count-column referrals=\"Ref Date\"",
            ),
            ("--type-column", "Step Kind", "--type-column \"Step Kind\""),
        ] {
            let run = dir.run(&["compare", "-p", "2020-21", option, value, "reports"]);
            assert_eq!(
                run.fails(2),
                format!(
                    "Error: {shown}: no input has a column of that name; check the spelling against the header rows \
                     (cscstats inspect shows them)"
                )
            );
        }
    }
}

#[test]
fn standard_safeguarding_dataset_extracts_are_recognised_by_their_columns() {
    let tables: [(&str, &[&str]); 6] = [
        (
            "ssd_contacts",
            &[
                "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code",
                "1,P1,2020-05-01,1A",
                "2,P2,2019-05-02,6",
                "3,P1,2020-06-03,6",
            ],
        ),
        (
            "ssd_cin_episodes",
            &[
                "cine_referral_id,cine_person_id,cine_referral_date,cine_referral_source_code",
                "R1,P1,2020-05-02,6",
                "R2,P2,2019-05-03,1A",
            ],
        ),
        (
            "ssd_cin_assessments",
            &[
                "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date",
                "A1,P1,R1,2020-05-04",
            ],
        ),
        (
            "ssd_s47_enquiry",
            &[
                "s47e_s47_enquiry_id,s47e_referral_id,s47e_person_id,s47e_s47_start_date",
                "S1,R1,P1,2020-05-06",
            ],
        ),
        (
            "ssd_initial_cp_conference",
            &[
                "icpc_icpc_id,icpc_s47_enquiry_id,icpc_person_id,icpc_cp_plan_id,icpc_icpc_date",
                "I1,S1,P1,C1,2020-05-25",
            ],
        ),
        (
            "ssd_cp_plans",
            &[
                "cppl_cp_plan_id,cppl_icpc_id,cppl_person_id,cppl_cp_plan_start_date",
                "C1,I1,P1,2020-05-25",
            ],
        ),
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        // Named after the tables or not: recognised by their columns either way.
        for (i, (_, rows)) in tables.iter().enumerate() {
            write(&dir, &format!("ssd/extract {i}"), rows, xlsx);
        }
        assert_eq!(
            csv_rows(&dir, &["ssd"]),
            [
                "contacts,Contacts,1,2,1,100.5479",
                "referrals,Referrals,1,1,0,0.274",
                "assessments,Assessments,,1,,",
                "s47-enquiries,Section 47,,1,,",
                "icpcs,Initial Child Protection Conferences,,1,,",
                "cp-plan-starts,Child Protection Plan Starts,,1,,",
            ],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&["inspect", "-f", "json", "ssd"]);
        let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
        assert_eq!(value["tables"][0]["layout"], "ssd");
        assert_eq!(
            value["tables"][0]["layout_name"],
            "Standard Safeguarding Dataset table ssd_contacts"
        );
        assert_eq!(
            value["tables"][0]["feeds"][0]["child_id_column"]["name"],
            "cont_person_id"
        );
    }
}

/// An Annex A List 7 holds the plans open at its extract or in the six months before: plan
/// starts before that window are only those of plans still open, so a span before it is
/// partial (said in the note); a span inside it is full up to the extract date a title row
/// states. A list that holds a plan closed before the window is a full history: complete.
#[test]
fn an_open_cases_list_is_partial_before_its_window() {
    const HEADER: &str = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),\
        Does the Child have a Disability,Child Protection Plan Start Date,Initial Category of Abuse,\
        Latest Category of Abuse,Date of the Last Statutory Visit,Was the Child Seen Alone?,\
        Date of latest review conference,Child Protection Plan End Date,\
        Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N),\
        Number of Previous Child Protection Plans,Allocated Team,Allocated Worker";
    let plan = |id: &str, start: &str, end: &str| {
        format!(
            "{id},a) Male,WBRI,01/01/2015,8,b) No,{start},a) Neglect,a) Neglect,,a) Yes,,{end},b) No,0,Team A,W1"
        )
    };
    let open = [
        plan("P1", "15/06/2021", ""),
        plan("P2", "15/02/2023", ""),
        plan("P3", "15/11/2023", ""),
        plan("P4", "15/02/2024", ""),
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        let mut rows = vec!["Child protection: data correct as at 31/03/2024", HEADER];
        rows.extend(open.iter().map(String::as_str));
        write(&dir, "list7", &rows, xlsx);
        let file = if xlsx { "list7.xlsx" } else { "list7.csv" };
        let run = dir.run(&["compare", "-p", "2023-24:Q4", file]);
        assert_eq!(
            run.ok(),
            "2023/24 Quarter 4\nMeasure                         2023  2024  +/-\n\
             Child Protection Plan Starts †     1     1  -1%\n\
             The period and its baseline differ in length (91 and 90 days): each % change is the change in the daily rate.\n\
             † The inputs do not cover the whole period or baseline for this measure: the figure counts part of it only (see the notes).\n",
            "xlsx: {xlsx}"
        );
        assert!(
            run.stderr.contains(
                "cp-plan-starts: † partial coverage: the inputs span 2021-06 to 2024-03; 2023-01 to 2023-03 held in part only: \
                 an Annex A list of open cases holds earlier events only where the case was still open in the 6 months before \
                 its extract (Jan–Mar 2024 full, Jan–Mar 2023 partial)"
            ),
            "xlsx: {xlsx}: {}",
            run.stderr
        );
        // One plan closed before the window: the list is a full history.
        let closed = plan("P0", "15/06/2021", "01/01/2022");
        let mut rows = vec![
            "Child protection: data correct as at 31/03/2024",
            HEADER,
            &closed,
        ];
        rows.extend(open.iter().map(String::as_str));
        write(&dir, "list7", &rows, xlsx);
        let run = dir.run(&["compare", "-p", "2023-24:Q4", "--strict", file]);
        assert_eq!(
            run.ok(),
            "2023/24 Quarter 4\nMeasure                       2023  2024  +/-\n\
             Child Protection Plan Starts     1     1  -1%\n\
             The period and its baseline differ in length (91 and 90 days): each % change is the change in the daily rate.\n",
            "xlsx: {xlsx}"
        );
    }
}

/// Pre-counted figures in the shapes people keep, written by an independent tester from the
/// issue alone (testdata/precounted-27, figures in its EXPECTED.md): every file gives the
/// same figures, whatever its shape — long with first-of-month dates, month names, `Apr-20`,
/// `Qtr 1` beside a financial year, `Q1 2020-21`; a column per measure; a scorecard with
/// measures down and months across (date cells or text), its totals, YTD and rates left out.
#[test]
fn pre_counted_figures_in_every_shape_give_the_same_table() {
    let all = [
        "contacts,Contacts,4265,3654",
        "referrals,Referrals,1234,920",
        "assessments,Assessments,1076,828",
        "strategy-discussions,Strategy Discussions,362,415",
        "s47-enquiries,Section 47,277,298",
        "icpcs,Initial Child Protection Conferences,116,130",
        "cp-plan-starts,Child Protection Plan Starts,110,115",
    ];
    let dir = Workdir::new();
    let q1_rows = |file: &str| -> Vec<String> {
        dir.run(&["compare", "-p", "2020-21:Q1", "-f", "csv", "-q", file])
            .csv()
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    for (file, measures) in [
        ("powerbi_first_of_month.csv", 7),
        ("month_names.csv", 7),
        ("apr20.csv", 7),
        ("quarters_long.csv", 7),
        ("quarters_long.xlsx", 7),
        ("quarters_label.csv", 7),
        ("measures_across.csv", 3),
        ("measures_across.xlsx", 7),
        ("long_date_cells.xlsx", 7),
        ("scorecard_wide.xlsx", 7),
        ("scorecard_wide.csv", 7),
    ] {
        let path = common::repo(&format!("testdata/precounted-27/{file}"));
        let rows = q1_rows(&path.display().to_string());
        let got: Vec<String> = rows
            .iter()
            .map(|r| r.split(',').take(4).collect::<Vec<_>>().join(","))
            .collect();
        assert_eq!(got, all[..measures], "{file}");
    }
    let scorecard = common::repo("testdata/precounted-27/scorecard_wide.csv")
        .display()
        .to_string();
    // Filled to September 2020: its third quarter has no figure, not 0.
    let run = dir.run(&["compare", "-p", "2020-21:Q3", &scorecard]);
    assert!(
        run.ok()
            .contains("Contacts                              4058   [x]  [x]\n")
    );
    assert!(run.stderr.contains(
        "scorecard_wide.csv: columns left out (totals, year to date, repeated or other periods, or not a measure counted): \"2019/20 Total\", \"YTD\", \"Total\""
    ));
    let monthly = dir.run(&[
        "monthly",
        "--months",
        "2020-04..2020-09",
        "-f",
        "csv",
        "-q",
        &scorecard,
    ]);
    assert_eq!(
        monthly.csv().lines().nth(1),
        Some("contacts,Contacts,2020-04,1021,1366,-345,-25.2562,1021,1366,16137,1366")
    );
    // Counts for 2020-21 only: every 2019 figure is [x].
    let current = common::repo("testdata/precounted-27/counts_current_year_only.csv")
        .display()
        .to_string();
    let rows = q1_rows(&current);
    assert_eq!(
        rows.first()
            .map(String::as_str)
            .unwrap_or_default()
            .split(',')
            .take(6)
            .collect::<Vec<_>>(),
        ["contacts", "Contacts", "", "3654", "", ""]
    );
    // And in a monthly table: the year before has no figures, and no change; the rolling
    // year (July 2019 to June 2020) is covered in part, and marked.
    let run = dir.run(&["monthly", "--months", "2020-04..2020-06", "-q", &current]);
    assert!(
        run.ok().starts_with(
            "April–June 2020 by month\nMeasure                Apr   May   Jun   YTD  12 months\n\
         Contacts              1021  1117  1516  3654     3654 †\n\
         \x20 Year earlier         [x]   [x]   [x]   [x]        [x]\n\
         \x20 +/-                  [x]   [x]   [x]   [x]        [x]\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("[x] No data: the inputs hold nothing for this span, so there is no figure (it is not zero) and no change.\n"));
    // Quarterly figures cannot be split into months.
    let quarters = common::repo("testdata/precounted-27/quarters_long.csv")
        .display()
        .to_string();
    let refused = dir.run(&["monthly", "--months", "2020-04..2020-09", "-q", &quarters]);
    assert!(refused.fails(2).contains("reaches outside April 2020"));
    // Counted figures in no accepted shape: a message naming the shapes.
    dir.write("kpis.csv", "Measure,Value\nContacts,1234\n");
    let run = dir.run(&["compare", "-p", "2020-21:Q1", "kpis.csv"]);
    assert!(
        run.fails(1)
            .contains("this looks like figures already counted, but in no shape cscstats reads; write it as measure,period,count"),
        "{}",
        run.stderr
    );
}

/// Pre-counted figures as they come out of real spreadsheets: a blank month is a gap (the
/// figure is partial, never a sum with a 0 in it, never an error that loses the table), a
/// total row is left out, a month beside a year column, a short financial year, a breakdown
/// added up, `<5` and `*` as withheld figures; separators where they do not belong refused.
#[test]
fn pre_counted_figures_as_spreadsheets_hold_them() {
    let dir = Workdir::new();
    let q1 = |file: &str| {
        let run = dir.run(&["compare", "-p", "2020-21:Q1", "-f", "csv", "-q", file]);
        run.csv()
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // A blank May 2019: the 2019 quarter is partial (100 + 120), the 2020 one whole.
    dir.write(
        "sc.csv",
        "Measure,Apr-19,May-19,Jun-19,Apr-20,May-20,Jun-20\nContacts,100,,120,130,140,150\n",
    );
    let run = dir.run(&["compare", "-p", "2020-21:Q1", "sc.csv"]);
    assert!(
        run.ok().contains("Contacts †   220   420  +91%"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("no data for 2019-05 (Apr–Jun 2020 full, Apr–Jun 2019 partial)")
    );
    // A total row, a year column beside month names.
    dir.write(
        "ym.csv",
        "Year,Month,Contacts,Referrals\n2019,April,\"1,000\",50\n2019,May,900,40\n2019,June,800,30\n\
         2020,April,700,20\n2020,May,600,10\n2020,June,500,<5\nTotal,,\"4,500\",150\n",
    );
    assert_eq!(
        q1("ym.csv"),
        [
            "contacts,Contacts,2700,1800,-900,-33.3333",
            "referrals,Referrals,120,30,-90,-75"
        ]
    );
    // June 2020's referrals are withheld (<5): the 2020 quarter has two of its three months,
    // so its figure is partial, marked and said so.
    let run = dir.run(&["compare", "-p", "2020-21:Q1", "ym.csv"]);
    assert!(
        run.stdout.contains("Referrals †   120    30  -75%"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains(
        "referrals: † partial coverage: the inputs span 2019-04 to 2019-06, 2020-04 to 2020-05; no data for 2020-06"
    ));
    assert!(
        run.stderr
            .contains("ym.csv: 1 total or year-to-date row(s) left out (they add up the others)")
    );
    // Short financial years, and a breakdown by team added up.
    dir.write(
        "teams.csv",
        "FY,Quarter,Team,Measure,Count\n19/20,Qtr 1,North,Referrals,100\n19/20,Qtr 1,South,Referrals,50\n\
         20/21,Qtr 1,North,Referrals,90\n20/21,Qtr 1,South,Referrals,*\n",
    );
    assert_eq!(q1("teams.csv"), ["referrals,Referrals,150,90,-60,-40"]);
    let run = dir.run(&["compare", "-p", "2020-21:Q1", "teams.csv"]);
    assert!(run.stderr.contains(
        "teams.csv: figures for one measure and period added up across \"Team\" (1 row added to another)"
    ));
    // A thousands separator out of place is not a number.
    dir.write(
        "bad.csv",
        "measure,period,count\ncontacts,2020-04,\"12,34\"\n",
    );
    let run = dir.run(&["compare", "-p", "2020-04", "bad.csv"]);
    assert!(
        run.fails(1)
            .contains("bad.csv, line 2, column \"count\": not a whole number of events")
    );
}

/// Issue 26: one event, counted once, whatever the export's shape. Each case runs on CSV and
/// on an .xlsx copy, as messy as the real thing: title lines, a footer, context columns.
#[test]
fn a_report_named_for_two_measures_counts_each_event_once_by_its_id() {
    let rows = [
        "LCS Contacts and Referrals report",
        "Run by: Performance Team",
        "Contact ID,Child ID,Contact Date,Contact Source,Referral ID,Referral Date,Worker",
        "K1,C1,01/05/2020,Police,R1,03/05/2020,North",
        "K2,C1,02/05/2020,School,R1,03/05/2020,North",
        "K3,C2,04/05/2020,Police,,,South",
        "K4,C3,05/05/2020,Health,R2,06/05/2020,South",
        "K5,C3,05/05/2020,Health,R3,06/05/2020,South",
        "K6,C4,06/05/2019,Police,R4,07/05/2019,North",
        "Total rows: 6",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "LCS - Contacts and Referrals (All) v2", &rows, xlsx);
        let file = format!(
            "LCS - Contacts and Referrals (All) v2.{}",
            if xlsx { "xlsx" } else { "csv" }
        );
        // Two contacts of one referral are one referral; two referrals of one child on one
        // day (R2, R3) are two.
        assert_eq!(
            csv_rows(&dir, &[&file]),
            [
                "contacts,Contacts,1,5,4,401.3699",
                "referrals,Referrals,1,3,2,200.8219"
            ],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&["compare", "-p", "2020-21", "-o", "t.csv", &file]);
        assert!(
            run.stderr
                .contains("referrals keyed by Referral ID: 5 dated rows → 4 referrals"),
            "{}",
            run.stderr
        );
        let inspect = dir.run(&["inspect", &file]);
        assert!(
            inspect.ok().contains(
                "  referrals  events 2019-05 to 2020-05; keyed by Referral ID: 5 dated rows → 4 referrals"
            ),
            "{}",
            inspect.stdout
        );
        // --no-dedupe counts rows.
        assert_eq!(
            csv_rows(&dir, &["--no-dedupe", &file])[1],
            "referrals,Referrals,1,4,3,301.0959"
        );
    }
}

#[test]
fn a_step_export_carrying_the_episode_date_is_counted_by_its_step_type() {
    let rows = [
        "Mosaic workflow steps",
        "Person ID,Episode ID,Referral Date,Step ID,Step Type,Step Start Date,Step",
        "P1,E1,01/05/2020,S1,Referral,01/05/2020,Referral received",
        "P1,E1,01/05/2020,S2,Case Note,02/05/2020,Visit - Brown family",
        "P1,E1,01/05/2020,S3,Single Assessment,04/05/2020,Assessment",
        "P1,E1,01/05/2020,S4,Strategy Discussion,20/05/2020,Strategy",
        "P1,E1,01/05/2020,S5,Case Note,21/05/2020,Phone call to Mrs Patel",
        "P2,E2,02/05/2019,S6,Referral,02/05/2019,Referral received",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        // Named after one measure, it is still counted by its type column.
        write(&dir, "Referrals steps", &rows, xlsx);
        let file = format!("Referrals steps.{}", if xlsx { "xlsx" } else { "csv" });
        assert_eq!(
            csv_rows(&dir, &[&file]),
            [
                "referrals,Referrals,1,1,0,0.274",
                "assessments,Assessments,0,1,1,",
                "strategy-discussions,Strategy Discussions,0,1,1,"
            ],
            "xlsx: {xlsx}"
        );
        let run = dir.run(&["compare", "-p", "2020-21", "-o", "t.csv", &file]);
        assert!(
            run.stderr.contains(
                "\"Referral Date\" is context here, not counted: the table has a row per step, counted by its type column"
            ),
            "{}",
            run.stderr
        );
        for value in ["Brown", "Patel"] {
            assert!(!run.stderr.contains(value));
        }
    }
}

#[test]
fn tables_within_a_file_are_read_one_by_one() {
    let rows = [
        "Front Door Activity",
        "Referral ID,Child ID,Referral Date,Source,Team",
        "R1,C1,01/05/2020,Police,North",
        "R2,C2,02/05/2020,School,South",
        "R3,C3,03/05/2019,Police,North",
        "",
        "Assessments",
        "Assessment ID,Child ID,Assessment Start Date,Authorised Date,Team",
        "A1,C1,04/05/2020,20/05/2020,North",
        "A2,C9,05/05/2019,21/05/2019,South",
    ];
    for xlsx in [false, true] {
        let dir = Workdir::new();
        write(&dir, "SSRS report", &rows, xlsx);
        let file = format!("SSRS report.{}", if xlsx { "xlsx" } else { "csv" });
        assert_eq!(
            csv_rows(&dir, &[&file]),
            [
                "referrals,Referrals,1,2,1,100.5479",
                "assessments,Assessments,1,1,0,0.274"
            ],
            "xlsx: {xlsx}"
        );
        let text = dir.run(&["inspect", &file]).ok().to_string();
        assert!(
            text.contains("holds 2 tables, read one by one (header rows on lines 2, 8)"),
            "{text}"
        );
        assert_eq!(text.matches("an export; header row").count(), 2, "{text}");
    }
    // A sectioned report repeating its own header per team is one table.
    let dir = Workdir::new();
    dir.write(
        "webi.csv",
        "Referrals by team\nTeam: North\nReferral ID,Child ID,Referral Date\nR1,C1,01/05/2020\n\nTeam: South\nReferral ID,Child ID,Referral Date\nR2,C2,02/05/2020\nR3,C3,02/05/2019\n",
    );
    assert_eq!(
        csv_rows(&dir, &["webi.csv"]),
        ["referrals,Referrals,1,2,1,100.5479"]
    );
}

#[test]
fn the_same_data_twice_is_counted_once() {
    let dir = Workdir::new();
    let referrals = "Child ID,Referral Date,Referral Source\nC1,01/05/2020,Police\nC2,02/05/2020,School\nC3,03/05/2019,Police\n";
    dir.write("share/Referrals.csv", referrals);
    dir.write("share/Referrals - Copy.csv", referrals);
    let run = dir.run(&["compare", "-p", "2020-21", "-f", "csv", "share"]);
    assert_eq!(
        common::without_spans(&run.stdout).lines().nth(1),
        Some("referrals,Referrals,1,2,1,100.5479")
    );
    assert!(
        run.stderr.contains(
            "share/Referrals - Copy.csv: the same bytes as share/Referrals.csv; read once"
        ),
        "{}",
        run.stderr
    );
    // A workbook whose Data sheet has the export pasted in beside it: the same events, once.
    let mut book = rust_xlsxwriter::Workbook::new();
    for name in ["Export", "Data"] {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        for (r, row) in referrals.lines().enumerate() {
            for (c, cell) in row.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    dir.write("tracker.xlsx", book.save_to_buffer().unwrap());
    let run = dir.run(&["compare", "-p", "2020-21", "-f", "csv", "tracker.xlsx"]);
    assert_eq!(
        common::without_spans(&run.stdout).lines().nth(1),
        Some("referrals,Referrals,1,2,1,100.5479")
    );
    assert!(
        run.stderr.contains(
            "tracker.xlsx, sheet \"Data\": 3 of its 3 dated referrals rows repeat events already read (in tracker.xlsx, sheet \"Export\"): an overlapping extract, each event counted once"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_ssd_extract_with_the_earlier_column_names_breaks_down_by_either() {
    let dir = Workdir::new();
    dir.write(
        "ssd_contacts.csv",
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source\nK1,P1,2020-05-01,Police\nK2,P2,2020-05-02,School\nK3,P3,2019-05-02,Police\n",
    );
    let rows = csv_rows(
        &dir,
        &["--by", "cont_contact_source_code", "ssd_contacts.csv"],
    );
    assert_eq!(
        rows,
        [
            "contacts,Contacts,,1,2,1,100.5479",
            "contacts,Contacts,Police,1,1,0,0.274",
            "contacts,Contacts,School,0,1,1,"
        ]
    );
}

#[test]
fn a_header_row_is_never_read_as_data() {
    // Too large to be searched for a second table, the file is refused where the second
    // table's header is read as data: never a count of its rows as referrals.
    let mut text = String::from("Referral ID,Child ID,Referral Date,Source\n");
    let mut n = 0;
    while text.len() <= (16 << 20) {
        n += 1;
        text.push_str(&format!("R{n},C{n},01/05/2020,Police\n"));
    }
    text.push_str("\nAssessment ID,Child ID,Assessment Start Date,Team\nA1,C1,02/05/2020,North\n");
    let dir = Workdir::new();
    dir.write("big report.csv", &text);
    let run = dir.run(&["compare", "-p", "2020-21", "big report.csv"]);
    assert_eq!(
        run.fails(1),
        format!(
            "Error: big report.csv, line {}: a header row inside the data: its \"Referral Date\" cell holds a column's name, not a date, \
             so another table starts here; save each table as a file of its own (cscstats splits files of up to 16 MB itself)",
            n + 3
        )
    );
}

#[test]
fn review_of_issue_26_id_words_event_id_column_padded_reports_and_type_columns() {
    let dir = Workdir::new();
    // An ID column known by its words (`CIN Referral No`), or named with --event-id-column.
    dir.write(
        "front door.csv",
        "Contact ID,Child ID,Contact Date,CIN Referral No,Referral Date,Ref\n\
         K1,C1,01/05/2020,R1,03/05/2020,X1\nK2,C1,02/05/2020,R1,03/05/2020,X1\n\
         K3,C2,04/05/2020,R2,05/05/2020,X2\nK4,C2,04/05/2020,R3,05/05/2020,X3\nK5,C3,06/05/2019,,,\n",
    );
    assert_eq!(
        csv_rows(&dir, &["front door.csv"])[1],
        "referrals,Referrals,0,3,3,"
    );
    assert_eq!(
        csv_rows(
            &dir,
            &["--event-id-column", "referrals=Ref", "front door.csv"]
        )[1],
        "referrals,Referrals,0,3,3,"
    );
    // A report saved from Excel: every line padded to the table's width, titles, repeated
    // headers and a total at the foot.
    dir.write(
        "by team.csv",
        "Referrals by team,,,\nTeam: North,,,\nReferral ID,Child ID,Referral Date,Source\n\
         R1,C1,01/05/2020,Police\nR2,C2,02/05/2019,School\n,,,\nTeam: South,,,\n\
         Referral ID,Child ID,Referral Date,Source\nR3,C3,03/05/2020,Police\nGrand total: 3,,,\n",
    );
    let run = dir.run(&["compare", "-p", "2020-21", "-f", "csv", "by team.csv"]);
    assert_eq!(
        common::without_spans(&run.stdout).lines().nth(1),
        Some("referrals,Referrals,1,2,1,100.5479")
    );
    assert!(run.stderr.contains("none rejected"), "{}", run.stderr);
    // A type column known by another name, a date never taken for it.
    dir.write(
        "steps.csv",
        "Person ID,Workflow Step Type,Step Date,Step ID,Allocated Worker\n\
         P1,Referral,01/05/2020,S1,Jo Bloggs\nP1,Single Assessment,02/05/2020,S2,Jo Bloggs\n",
    );
    assert_eq!(
        csv_rows(&dir, &["steps.csv"]),
        ["referrals,Referrals,,1,,", "assessments,Assessments,,1,,"]
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--type-column",
        "Allocated Worker",
        "steps.csv",
    ]);
    assert!(
        run.fails(2)
            .starts_with("Error: --type-column Allocated Worker: that column holds personal data")
    );
    dir.write(
        "teams.csv",
        "Person ID,Step Type,Step Date,Team\nP1,Referral,01/05/2020,North\nP2,Referral,02/05/2020,South\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-21",
        "--type-column",
        "Team",
        "teams.csv",
    ]);
    assert_eq!(
        run.fails(1),
        "Error: teams.csv: --type-column \"Team\": none of its 2 rows names a stage (2 distinct values), so it is not the column \
         that says each row's stage; name that column, or map its values with --type MEASURE=VALUE (cscstats inspect \
         --show-type-values lists them on a terminal)"
    );
    assert!(!run.stderr.contains("North"));
}

#[test]
fn events_keyed_by_their_id_still_count_children_by_child() {
    // Three contacts of two children, each contact once by its ID: with --by too.
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        "Contact ID,Child ID,Contact Date,Contact Source\nK1,C1,01/05/2020,Police\nK2,C1,02/05/2020,Police\nK2,C1,02/05/2020,Police\nK3,C2,03/05/2020,School\nK4,C9,03/05/2019,School\n",
    );
    for by in [&[][..], &["--by", "Contact Source"]] {
        let mut args = vec![
            "compare", "-p", "2020-21", "-f", "csv", "-q", "--count", "both",
        ];
        args.extend_from_slice(by);
        args.push("contacts.csv");
        let csv = dir.run(&args).csv();
        let total: Vec<&str> = csv.lines().skip(1).take(2).collect();
        assert_eq!(
            total,
            if by.is_empty() {
                [
                    "contacts,Contacts,events,1,3,2,200.8219",
                    "contacts,Contacts,children,1,2,1,100.5479",
                ]
            } else {
                [
                    "contacts,Contacts,,events,1,3,2,200.8219",
                    "contacts,Contacts,,children,1,2,1,100.5479",
                ]
            },
            "{by:?}"
        );
    }
}
