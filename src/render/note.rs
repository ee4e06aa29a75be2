//! The data-quality note printed on standard error under the table: for every input, what was
//! read, counted, left outside the periods and rejected (by line number, never by value).

use super::Document;
use crate::compare::document::PeriodInfo;
use crate::model::period::financial_year;

/// The note, one line per input, then remarks (files passed over, duplicates dropped, …).
pub(crate) fn data_quality_note(document: Document) -> String {
    let (cur, base, quality, notes) = match document {
        Document::Compare(c) => (
            c.current.clone(),
            c.baseline.clone(),
            &c.data_quality,
            &c.notes,
        ),
        Document::Monthly(m) => (
            PeriodInfo {
                label: "shown".to_string(),
                from: m.from.clone(),
                to: m.to.clone(),
            },
            PeriodInfo {
                label: "year earlier".to_string(),
                from: m.previous_from.clone(),
                to: m.previous_to.clone(),
            },
            &m.data_quality,
            &m.notes,
        ),
        Document::Trend(t) => {
            return t.notes.iter().map(|n| format!("  {n}\n")).collect();
        }
        Document::Benchmark(b) if b.data_quality.is_empty() => {
            return b.notes.iter().map(|n| format!("  {n}\n")).collect();
        }
        Document::Benchmark(b) => (
            PeriodInfo {
                label: b.year_label.clone(),
                from: financial_year(b.year - 1).first_date().to_string(),
                to: financial_year(b.year - 1).last_date().to_string(),
            },
            PeriodInfo {
                label: b.previous_year_label.clone(),
                from: financial_year(b.year - 2).first_date().to_string(),
                to: financial_year(b.year - 2).last_date().to_string(),
            },
            &b.data_quality,
            &b.notes,
        ),
    };
    let mut out = format!(
        "Data quality ({} = {} to {}; {} = {} to {}):\n",
        cur.label, cur.from, cur.to, base.label, base.from, base.to
    );
    for q in quality {
        let sheet = q
            .sheet
            .as_ref()
            .map(|s| format!(", sheet \"{s}\""))
            .unwrap_or_default();
        let taken_as = q
            .taken_as
            .as_ref()
            .map(|t| format!(" as {t}"))
            .unwrap_or_default();
        let split = match (q.rows_current, q.rows_baseline, q.rows_outside) {
            // Withheld when suppressing: with the rows read it would give counts away.
            (None, None, None) => "split by period not shown (--suppress)".to_string(),
            (current, baseline, outside) => format!(
                "{} in {}, {} in {}, {} outside",
                shown(current),
                cur.label,
                shown(baseline),
                base.label,
                shown(outside)
            ),
        };
        out.push_str(&format!(
            "  {}{sheet} [{}, \"{}\"]{taken_as}: {} read; {split}",
            q.file,
            q.measure,
            q.date_column,
            q.rows_read
                .map_or("c rows".to_string(), |n| plural(n, "row")),
        ));
        if q.rows_no_event != Some(0) {
            out.push_str(&format!(
                ", {} with no event (blank date)",
                shown(q.rows_no_event)
            ));
        }
        if q.rows_rejected == Some(0) {
            out.push_str("; none rejected");
        } else if q.rows_rejected.is_none() {
            out.push_str("; c rejected");
        } else {
            let lines: Vec<String> = q.rejected_lines.iter().map(u64::to_string).collect();
            let rejected = q.rows_rejected.unwrap_or(0);
            let more = if (q.rejected_lines.len() as u64) < rejected {
                ", …"
            } else {
                ""
            };
            let reasons = match q.rejection_reasons() {
                reasons if reasons.is_empty() => String::new(),
                reasons => format!(" ({reasons})"),
            };
            let noun = if rejected == 1 { "line" } else { "lines" };
            out.push_str(&format!(
                "; {rejected} rejected{reasons} at {noun} {}{more}",
                lines.join(", "),
            ));
        }
        if q.duplicates != Some(0) {
            out.push_str(&format!("; {} dropped as duplicates", shown(q.duplicates)));
        }
        if q.rows_missing_id != Some(0) {
            out.push_str(&format!(
                "; {} without a child ID",
                shown(q.rows_missing_id)
            ));
        }
        out.push('\n');
    }
    for note in notes {
        out.push_str(&format!("  {note}\n"));
    }
    out
}

/// `--verbose`: how each input will be read. Headers and layouts only, never values.
pub(crate) fn plan_note(
    loaded: &crate::input::Loaded,
    catalogue: &crate::model::measure::Catalogue,
) -> String {
    let mut out = String::from("Reading:\n");
    for planned in &loaded.tables {
        let headers = &planned.table.headers;
        let header = |c: Option<usize>| c.and_then(|c| headers.get(c)).map(|h| format!("\"{h}\""));
        let shape = planned
            .plan
            .shape
            .describe()
            .unwrap_or_else(|| "an export".to_string());
        out.push_str(&format!("  {} as {shape}:", planned.table.name()));
        for feed in &planned.plan.feeds {
            out.push_str(&format!(
                " {} from {} (column {})",
                catalogue.get(feed.measure).id,
                header(Some(feed.date_column)).unwrap_or_default(),
                feed.date_column + 1
            ));
            for (what, column) in [
                ("child ID", feed.id_column),
                ("source", feed.source_column),
                ("by", feed.by_column),
            ] {
                if let Some(name) = header(column) {
                    out.push_str(&format!(", {what} {name}"));
                }
            }
            out.push(';');
        }
        out.push('\n');
    }
    for pre in &loaded.precounted {
        out.push_str(&format!(
            "  {} as pre-counted figures: {}\n",
            pre.file,
            catalogue.get(pre.measure).id
        ));
    }
    out
}

/// A count, or `c` when withheld.
fn shown(value: Option<u64>) -> String {
    value.map_or_else(|| "c".to_string(), |n| n.to_string())
}

/// `1 row`, `2 rows`.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn note_names_lines_not_values() {
        let mut c = fixtures::committee();
        c.notes
            .push("x/readme.txt: ignored (not a .csv file)".to_string());
        let note = data_quality_note(Document::Compare(
            &crate::compare::disclosure::Publish::default().compare(c.clone()),
        ));
        assert_eq!(
            note,
            "Data quality (2020 = 2020-04-01 to 2020-09-30; 2019 = 2019-04-01 to 2019-09-30):\n  \
             contacts.csv [contacts, \"Date of Contact\"]: 30000 rows read; 11015 in 2020, 11312 in 2019, \
             7670 outside; 3 rejected (2 blank, 1 unreadable) at lines 17, 2045, 9001\n  \
             x/readme.txt: ignored (not a .csv file)\n"
        );
    }
}
