//! Writes `testdata/annex-a/annex-a.xlsx`: the synthetic Annex A lists of
//! `testdata/annex-a/lists/` as one workbook, the way authorities send them — a cover sheet,
//! one sheet per list, a title row above one header, real date cells on some sheets and
//! dd/mm/yyyy text on others. The tests check that it counts exactly like the CSV lists.
//!
//! Run: `cargo run --example annex-a-workbook` (or with a folder of CSV lists and an output
//! path, to make a large workbook for timing: `-- examples/committee-2021 /tmp/big.xlsx`).

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lists = Path::new(
        args.first()
            .map_or("testdata/annex-a/lists", String::as_str),
    );
    let out = args
        .get(1)
        .map_or("testdata/annex-a/annex-a.xlsx", String::as_str);
    let mut names: Vec<_> = std::fs::read_dir(lists)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();

    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let cover = workbook.add_worksheet().set_name("Cover")?;
    cover.write_string_with_format(
        0,
        0,
        "Ofsted Annex A return (synthetic: no real child)",
        &bold,
    )?;
    cover.write_string(2, 0, "Extract date: 19/10/2020")?;

    for path in names {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sheet_name = stem.split(" - ").next().unwrap_or(&stem).to_string();
        // Lists 1, 5 and 7 hold real date cells; Lists 3 and 4 keep dates as text.
        let real_dates = !["List 3", "List 4"].contains(&sheet_name.as_str());
        let sheet = workbook.add_worksheet().set_name(&sheet_name)?;
        let mut row = 0;
        if sheet_name == "List 1" {
            sheet.write_string_with_format(0, 0, "Annex A List 1: Contacts", &bold)?;
            row = 2;
        }
        let mut reader = csv::Reader::from_path(&path)?;
        // Byte records, so that a Windows-1252 list still converts (lossily: this is test data).
        for (col, header) in reader.byte_headers()?.iter().enumerate() {
            let header = String::from_utf8_lossy(header);
            sheet.write_string_with_format(row, u16::try_from(col)?, header.as_ref(), &bold)?;
        }
        for record in reader.byte_records() {
            row += 1;
            for (col, value) in record?.iter().enumerate() {
                let value = String::from_utf8_lossy(value);
                let value = value.as_ref();

                let col = u16::try_from(col)?;
                match dmy(value) {
                    Some((y, m, d)) if real_dates && ExcelDateTime::from_ymd(y, m, d).is_ok() => {
                        let cell = ExcelDateTime::from_ymd(y, m, d)?;
                        sheet.write_datetime_with_format(row, col, cell, &date)?;
                    }

                    _ => {
                        match value.parse::<f64>() {
                            Ok(n) => sheet.write_number(row, col, n)?,
                            Err(_) => sheet.write_string(row, col, value)?,
                        };
                    }
                }
            }
        }
    }
    workbook.save(out)?;
    println!("wrote {out}");
    if !args.is_empty() {
        return Ok(());
    }

    // A workbook with nothing cscstats can read, for the error tests.
    let mut other = Workbook::new();
    let sheet = other.add_worksheet().set_name("Budget")?;
    sheet.write_string(0, 0, "Cost centre")?;
    sheet.write_string(0, 1, "SECRET-MARKER")?;
    sheet.write_number(1, 1, 1250.0)?;
    other.save("testdata/bad/no-lists.xlsx")?;
    println!("wrote testdata/bad/no-lists.xlsx");

    Ok(())
}

/// `dd/mm/yyyy` as (year, month, day).
fn dmy(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}
