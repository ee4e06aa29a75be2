//! CSV with stable column names and plain numbers, for scripts and spreadsheets:
//! `measure,label,baseline,current,change,change_pct` (change_pct empty for a zero baseline),
//! then the spans the row covers as ISO dates, so that appended runs keep their periods.

use anyhow::Result;

use super::Document;
use super::{Render, RenderOptions};
use crate::compare::document::Benchmark;
use crate::compare::document::Comparators;
use crate::compare::document::Monthly;
use crate::compare::document::Trend;
use crate::compare::document::{Comparison, NO_DATA_MARK, Status};
use crate::model::units::Unit;
use crate::model::units::Units;

pub(super) struct CsvFormat(pub RenderOptions);

impl Render for CsvFormat {
    fn render(&self, document: Document) -> Result<Vec<u8>> {
        let start: Vec<u8> = if self.0.bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        let mut writer = csv::Writer::from_writer(start);
        match (document, self.0.tidy) {
            (Document::Compare(c), true) => {
                super::tidy::write_csv(&mut writer, &super::tidy::compare(c))?;
            }
            (Document::Monthly(m), true) => {
                super::tidy::write_csv(&mut writer, &super::tidy::monthly(m))?;
            }
            (Document::Benchmark(b), true) => {
                super::tidy::write_csv(&mut writer, &super::tidy::benchmark(b))?;
            }
            (Document::Trend(t), true) => {
                super::tidy::write_csv(&mut writer, &super::tidy::trend(t))?;
            }
            (Document::Compare(c), false) => compare(&mut writer, c, self.0.intervals)?,
            (Document::Monthly(m), false) => monthly(&mut writer, m)?,
            (Document::Benchmark(b), false) => benchmark(&mut writer, b)?,
            (Document::Trend(t), false) => trend(&mut writer, t)?,
        }
        Ok(writer.into_inner()?)
    }
}

/// The leading columns every row has: measure, label, and group and unit when used.
fn key_columns(with_group: bool, with_unit: bool) -> Vec<&'static str> {
    let mut header = vec!["measure", "label"];
    header.extend(with_group.then_some("group"));
    header.extend(with_unit.then_some("unit"));
    header
}

fn key_values(
    (measure, label, group, unit): (&str, &str, Option<&str>, Option<Unit>),
    with_group: bool,
    with_unit: bool,
) -> Vec<String> {
    let mut record = vec![measure.to_string(), label.to_string()];
    if with_group {
        record.push(group.unwrap_or_default().to_string());
    }
    if with_unit {
        record.push(match unit {
            Some(Unit::Children) => "children".to_string(),
            _ => "events".to_string(),
        });
    }
    record
}

/// The key columns of a rate row: no group, and the unit `percent`.
fn rate_key(measure: &str, label: &str, with_group: bool) -> Vec<String> {
    let mut record = vec![measure.to_string(), label.to_string()];
    if with_group {
        record.push(String::new());
    }
    record.push("percent".to_string());
    record
}

fn pct(value: Option<f64>) -> String {
    value.map(|p| p.to_string()).unwrap_or_default()
}

/// A count: the number, or empty when there is none (withheld or no data: the status
/// columns say which). A numeric column holds numbers only.
fn count<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

/// A span's status beside its number: `c` withheld, `[x]` no data, `partial` when the inputs
/// cover it in part, else empty.
fn span_status(value: Option<u64>, no_data: bool, partial: bool) -> String {
    match (value, no_data) {
        (_, true) => NO_DATA_MARK.to_string(),
        (None, false) => "c".to_string(),
        (Some(_), false) if partial => "partial".to_string(),
        _ => String::new(),
    }
}

fn compare(writer: &mut csv::Writer<Vec<u8>>, c: &Comparison, intervals: bool) -> Result<()> {
    let with_rates = !c.rates.is_empty();
    let (with_group, with_unit) = (c.by.is_some(), c.count != Units::Events || with_rates);
    let mut header = key_columns(with_group, with_unit);
    header.extend(["baseline", "current", "change", "change_pct"]);
    if with_rates {
        header.push("change_pp");
    }
    let with_published = c.rows.iter().any(|r| r.benchmark.is_some())
        || c.rates.iter().any(|r| r.benchmark.is_some());
    if intervals {
        header.extend(["change_low", "change_high", "significant"]);
    }
    if with_published {
        header.extend(PUBLISHED_COLUMNS);
    }
    header.extend(PERIOD_COLUMNS);
    // What `change_pct` is the change in: the counts, or their daily rates when the period
    // and its baseline differ in length.
    header.push("change_pct_basis");
    header.extend(["baseline_status", "current_status"]);
    write(writer, &header)?;
    let spans = [
        c.current.label.clone(),
        c.current.from.clone(),
        c.current.to.clone(),
        c.baseline.from.clone(),
        c.baseline.to.clone(),
    ];
    let basis = if c.per_day.is_some() {
        "daily rate"
    } else {
        "count"
    };
    let interval = |low: Option<f64>, high: Option<f64>, significant: Option<bool>| {
        vec![
            pct(low),
            pct(high),
            significant.map(|s| s.to_string()).unwrap_or_default(),
        ]
    };
    for row in &c.rows {
        let key = (
            row.measure.as_str(),
            row.label.as_str(),
            row.group.as_deref(),
            row.unit,
        );
        let mut record = key_values(key, with_group, with_unit);
        // No figure (withheld, or no data for its span): the cell is empty and the status
        // columns at the end say why.
        record.extend([
            count(row.baseline),
            count(row.current),
            count(row.change),
            pct(row.change_pct),
        ]);
        if with_rates {
            record.push(String::new());
        }
        if intervals {
            record.extend(interval(
                row.change_pct_low,
                row.change_pct_high,
                row.significant,
            ));
        }
        if with_published {
            record.extend(published_cells(row.benchmark.as_ref()));
        }
        record.extend(spans.iter().cloned());
        record.push(basis.to_string());
        let cover = row.coverage.as_ref();
        record.push(span_status(
            row.baseline,
            row.baseline_status == Some(Status::NoData),
            cover.is_some_and(|c| c.baseline == crate::count::coverage::Cover::Partial),
        ));
        record.push(span_status(
            row.current,
            row.current_status == Some(Status::NoData),
            cover.is_some_and(|c| c.current == crate::count::coverage::Cover::Partial),
        ));
        write(writer, &record)?;
    }
    for rate in &c.rates {
        let mut record = rate_key(&rate.measure, &rate.label, with_group);
        record.extend([
            pct(rate.baseline),
            pct(rate.current),
            String::new(),
            String::new(),
            pct(rate.change_pp),
        ]);
        if intervals {
            record.extend(interval(
                rate.change_pp_low,
                rate.change_pp_high,
                rate.significant,
            ));
        }
        if with_published {
            record.extend(published_cells(rate.benchmark.as_ref()));
        }
        record.extend(spans.iter().cloned());
        record.push(String::new());
        let withheld = if rate.is_suppressed() { "c" } else { "" };
        record.extend([withheld.to_string(), withheld.to_string()]);
        write(writer, &record)?;
    }
    Ok(())
}

/// The columns every comparison row ends with: the current period's label and both spans.
const PERIOD_COLUMNS: [&str; 5] = [
    "period",
    "period_start",
    "period_end",
    "baseline_start",
    "baseline_end",
];

/// Writes one record, every text field that Excel would take for a formula neutralised
/// (`'=…`); numbers, negative ones included, stay numbers.
fn write<I, T>(writer: &mut csv::Writer<Vec<u8>>, record: I) -> csv::Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<str>,
{
    let fields: Vec<String> = record
        .into_iter()
        .map(|f| {
            let f = f.as_ref();
            if f.parse::<f64>().is_ok() {
                f.to_string()
            } else {
                crate::model::text::csv_text(f).into_owned()
            }
        })
        .collect();
    writer.write_record(&fields)
}

/// The columns `compare --benchmark` adds.
const PUBLISHED_COLUMNS: [&str; 7] = [
    "per_10000",
    "published_year",
    "published_unit",
    "published_authority",
    "published_region",
    "published_england",
    "published_neighbours",
];

fn published_cells(c: Option<&Comparators>) -> Vec<String> {
    let one = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    match c {
        Some(c) => vec![
            one(c.per_10000),
            c.year.to_string(),
            c.unit.to_string(),
            one(c.authority),
            one(c.region),
            one(c.england),
            one(c.neighbours),
        ],
        None => vec![String::new(); PUBLISHED_COLUMNS.len()],
    }
}

fn benchmark(writer: &mut csv::Writer<Vec<u8>>, b: &Benchmark) -> Result<()> {
    write(
        writer,
        [
            "measure",
            "label",
            "area",
            "area_kind",
            "previous",
            "current",
            "change",
            "change_pct",
            "previous_rate",
            "current_rate",
            "rank",
            "ranked",
            "unit",
            "previous_pct",
            "current_pct",
            "change_pp",
            "band_0_10",
            "band_11_15",
            "band_16_20",
            "band_21_plus",
            "median_days",
            "previous_status",
            "current_status",
            "bands_status",
        ],
    )?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    let one = |v: Option<f64>| opt(v.map(|r| format!("{r:.1}")));
    for row in &b.rows {
        let kind = serde_json::to_value(row.area_kind)?;
        let bands: Vec<String> = match &row.bands {
            Some(bands) => bands.iter().map(|b| b.number()).collect(),
            None => vec![String::new(); 4],
        };
        // DfE's symbols, out of the numeric columns: `c;c;x;c` for the four bands.
        let bands_status = row.bands.as_ref().map_or_else(String::new, |bands| {
            let symbols: Vec<String> = bands.iter().map(|b| b.status()).collect();
            if symbols.iter().all(String::is_empty) {
                String::new()
            } else {
                symbols.join(";")
            }
        });
        let mut record = vec![
            row.measure.clone(),
            row.label.clone(),
            row.area.clone(),
            kind.as_str().unwrap_or_default().to_string(),
            row.previous.number(),
            row.current.number(),
            opt(row.change.map(|c| c.to_string())),
            pct(row.change_pct),
            opt(row.previous_rate.map(|r| format!("{r:.1}"))),
            opt(row.current_rate.map(|r| format!("{r:.1}"))),
            opt(row.rank.map(|r| r.to_string())),
            opt(row.ranked.map(|r| r.to_string())),
            row.unit.unwrap_or("count").to_string(),
            one(row.previous_pct),
            one(row.current_pct),
            one(row.change_pp),
        ];
        record.extend(bands);
        record.push(opt(row.median_days.as_ref().map(|m| m.number())));
        record.extend([row.previous.status(), row.current.status(), bands_status]);
        write(writer, &record)?;
    }
    Ok(())
}

/// A trend, long: one row per measure, area and year.
fn trend(writer: &mut csv::Writer<Vec<u8>>, t: &Trend) -> Result<()> {
    write(
        writer,
        [
            "measure",
            "label",
            "unit",
            "area",
            "area_kind",
            "year",
            "year_label",
            "count",
            "value",
            "rank",
            "ranked",
            "neighbours",
            "count_status",
        ],
    )?;
    let opt = |v: Option<usize>| v.map(|n| n.to_string()).unwrap_or_default();
    for series in &t.series {
        let kind = serde_json::to_value(series.area_kind)?;
        for (point, label) in series.points.iter().zip(&t.year_labels) {
            write(
                writer,
                [
                    series.measure.clone(),
                    series.label.clone(),
                    series.unit.to_string(),
                    series.area.clone(),
                    kind.as_str().unwrap_or_default().to_string(),
                    point.year.to_string(),
                    label.clone(),
                    point.count.as_ref().map(|c| c.number()).unwrap_or_default(),
                    point.value.map(|v| format!("{v:.1}")).unwrap_or_default(),
                    opt(point.rank),
                    opt(point.ranked),
                    opt(point.neighbours),
                    point.count.as_ref().map(|c| c.status()).unwrap_or_default(),
                ],
            )?;
        }
    }
    Ok(())
}

/// The status column of each count of a monthly row, in the order of its counts.
const STATUS_COLUMNS: [&str; 6] = [
    "count_status",
    "previous_year_count_status",
    "ytd_status",
    "ytd_previous_year_status",
    "rolling_12_status",
    "rolling_12_previous_year_status",
];

fn monthly(writer: &mut csv::Writer<Vec<u8>>, m: &Monthly) -> Result<()> {
    let with_rates = !m.rates.is_empty();
    let (with_group, with_unit) = (m.by.is_some(), m.count != Units::Events || with_rates);
    let mut header = key_columns(with_group, with_unit);
    header.extend([
        "month",
        "count",
        "previous_year_count",
        "change",
        "change_pct",
        "ytd",
        "ytd_previous_year",
        "rolling_12",
        "rolling_12_previous_year",
    ]);
    if with_rates {
        header.extend(["change_pp", "ytd_change_pp", "rolling_12_change_pp"]);
    }
    header.push("month_start");
    let with_spc = m.rows.iter().any(|r| r.spc.is_some());
    if with_spc {
        header.extend(["spc_centre", "spc_lower", "spc_upper", "spc_signal"]);
    }
    header.extend(STATUS_COLUMNS);
    write(writer, &header)?;
    for row in &m.rows {
        let key = (
            row.measure.as_str(),
            row.label.as_str(),
            row.group.as_deref(),
            row.unit,
        );
        let mut record = key_values(key, with_group, with_unit);
        // No figure (withheld, or no data for its span): the cell is empty and its status
        // column says why.
        let counts = row.counts();
        let cell = |i: usize| count(counts.get(i).copied().flatten());
        record.extend([
            row.month.to_string(),
            cell(0),
            cell(1),
            count(row.change),
            pct(row.change_pct),
            cell(2),
            cell(3),
            cell(4),
            cell(5),
        ]);
        if with_rates {
            record.extend([String::new(), String::new(), String::new()]);
        }
        record.push(row.month.first_day().to_string());
        if with_spc {
            let spc = row.spc.as_ref();
            let line = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
            record.extend([
                line(spc.map(|s| s.centre)),
                line(spc.map(|s| s.lower)),
                line(spc.map(|s| s.upper)),
                spc.and_then(|s| s.signal).unwrap_or_default().to_string(),
            ]);
        }
        for (i, value) in counts.iter().enumerate() {
            record.push(span_status(
                *value,
                row.gaps.get(i).copied().unwrap_or(false),
                row.partial.get(i).copied().unwrap_or(false),
            ));
        }
        write(writer, &record)?;
    }
    // Rate rows: percents where the counts go, changes in percentage points at the end.
    for rate in &m.rates {
        let mut record = rate_key(&rate.one.measure, &rate.one.label, with_group);
        record.extend([
            rate.month.to_string(),
            pct(rate.one.current),
            pct(rate.one.baseline),
            String::new(),
            String::new(),
            pct(rate.ytd.current),
            pct(rate.ytd.baseline),
            pct(rate.rolling_12.current),
            pct(rate.rolling_12.baseline),
            pct(rate.one.change_pp),
            pct(rate.ytd.change_pp),
            pct(rate.rolling_12.change_pp),
            rate.month.first_day().to_string(),
        ]);
        if with_spc {
            record.extend(std::iter::repeat_n(String::new(), 4));
        }
        let withheld = [
            &rate.one,
            &rate.one,
            &rate.ytd,
            &rate.ytd,
            &rate.rolling_12,
            &rate.rolling_12,
        ]
        .map(|r| if r.is_suppressed() { "c" } else { "" }.to_string());
        record.extend(withheld);
        write(writer, &record)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn committee_csv() {
        let c = fixtures::committee();
        let bytes = CsvFormat(RenderOptions::default())
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(c.clone()),
            ))
            .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "measure,label,baseline,current,change,change_pct,\
             period,period_start,period_end,baseline_start,baseline_end,change_pct_basis,\
             baseline_status,current_status\n\
             contacts,Contacts,11312,11015,-297,-2.6255,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,\n\
             s47-enquiries,Section 47,762,1010,248,32.5459,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,\n\
             icpcs,Initial Child Protection Conferences,0,4,4,,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,\n"
        );
        // Over spans of different lengths the change is the daily rate's, and says so.
        let mut leap = c.clone();
        leap.per_day = Some((29, 28));
        let bytes = CsvFormat(RenderOptions::default())
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(leap.clone()),
            ))
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.lines().skip(1).all(|l| l.ends_with(",daily rate,,")),
            "{text}"
        );
    }

    #[test]
    fn groups_and_counts_get_their_own_columns() {
        let c = fixtures::by_source_both();
        let bytes = CsvFormat(RenderOptions::default())
            .render(Document::Compare(
                &crate::compare::disclosure::Publish::default().compare(c.clone()),
            ))
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().take(4).collect();
        assert_eq!(
            lines,
            [
                "measure,label,group,unit,baseline,current,change,change_pct,period,period_start,period_end,baseline_start,baseline_end,change_pct_basis,baseline_status,current_status",
                "contacts,Contacts,,events,20,25,5,25,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,",
                "contacts,Contacts,,children,12,12,0,0,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,",
                "contacts,Contacts,2A: Schools,events,5,0,-5,-100,2020,2020-04-01,2020-09-30,2019-04-01,2019-09-30,count,,",
            ]
        );
    }
}
