//! Entry points for the fuzz targets in `fuzz/` (`cargo fuzz run ingest`, `cargo fuzz run
//! period`): each drives the real code path on arbitrary input. Any error is a fine answer;
//! a panic is a bug.

use crate::count::{MeasureCounts, tally_table};
use crate::input::detect::{ColumnChoices, plan};
use crate::input::table::Table;
use crate::model::error::Location;
use crate::model::measure::Catalogue;
use crate::model::period::Period;

/// CSV bytes through sniffing, decoding, header detection, planning and counting: first as a
/// file named after a measure (contacts), then as an unnamed file recognised by its headers.
pub fn ingest(bytes: &[u8]) {
    let catalogue = Catalogue::builtin();
    for named in [catalogue.by_id("contacts"), None] {
        let Ok(mut table) = Table::from_bytes(bytes.to_vec(), "fuzz.csv") else {
            return;
        };
        let choices = ColumnChoices::default();
        let naming = match named {
            Some(m) => crate::input::detect::Naming::Name(m),
            None => crate::input::detect::Naming::Unnamed,
        };
        let Ok(Some(planned)) = plan(
            &table.headers,
            &Location::file("fuzz.csv"),
            naming,
            &choices,
            &catalogue,
        ) else {
            continue;
        };
        let mut counters: Vec<MeasureCounts> = planned
            .feeds
            .iter()
            .map(|_| MeasureCounts::new(true, true))
            .collect();
        let mut refs: Vec<&mut MeasureCounts> = counters.iter_mut().collect();
        if let Ok(tallies) = tally_table(&mut table, &planned.feeds, &mut refs, None, None) {
            let period: Period = "2020-21"
                .parse()
                .unwrap_or_else(|_| crate::model::period::financial_year(2020));
            for (counter, tally) in counters.iter().zip(&tallies) {
                // Every dated row is in some month; nothing is counted twice.
                let dated: u64 = tally.months.total();
                assert!(counter.events(None, &period) <= dated);
                assert!(tally.rejected.total + dated + tally.no_event <= tally.rows_read);
            }
        }
    }
}

/// Arbitrary bytes as a workbook of each kind (.xlsx, .xlsb, .xls, .ods), through opening,
/// the cell limit, header search and reading every row. Any error is a fine answer; a panic
/// or an abort (an allocation the limits should have prevented) is a bug.
pub fn workbook(bytes: &[u8]) {
    let catalogue = Catalogue::builtin();
    let is_header =
        |_: &str, headers: &[String]| crate::input::detect::recognise(headers, &catalogue);
    quiet_caught_panics();
    for name in ["fuzz.xlsx", "fuzz.xlsb", "fuzz.xls", "fuzz.ods"] {
        let path = std::path::Path::new(name);
        let Ok((tables, _)) = crate::input::workbook::read_workbook(
            path,
            bytes,
            &is_header,
            crate::input::workbook::SheetLimits {
                max_cells: 100_000,
                include_hidden: true,
                header_row: None,
            },
        ) else {
            continue;
        };
        for mut table in tables {
            let mut record = csv::ByteRecord::new();
            while let Ok(true) = table.read(&mut record) {}
        }
    }
}

/// The fuzzer's panic hook (which aborts) is kept for every panic but a reader's that the
/// program catches and reports as a damaged file, as `main` does.
fn quiet_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !crate::model::error::panic_is_caught() {
                previous(info);
            }
        }));
    });
}

/// A period (and a date) from arbitrary text, with everything derived from it.
pub fn period(text: &str) {
    let _ = crate::model::date::parse_date(text.as_bytes());
    if let Ok(period) = text.parse::<Period>() {
        let earlier = period.year_earlier();
        assert_eq!(earlier.len_months(), period.len_months());
        assert!(period.first_date() <= period.last_date());
        let _ = (period.title(), period.column_label(), period.span_label());
        let _ = crate::model::period::column_labels(&period, &earlier);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::convert::to_u8;

    /// A bounded fuzz run inside `cargo test`: the shipped workbooks with random bytes
    /// changed, inserted or cut, each read as every kind of workbook. The same seed each run,
    /// so a failure repeats.
    #[test]
    fn mutated_workbooks_never_crash() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let seeds: Vec<Vec<u8>> = [
            "annex-a/annex-a.xlsx",
            "bad/no-lists.xlsx",
            "workbooks/valid.xlsb",
            "workbooks/xlwt.xls",
            "workbooks/libreoffice.xls",
            "workbooks/libreoffice.ods",
        ]
        .iter()
        .filter_map(|f| std::fs::read(dir.join(f)).ok())
        .collect();
        assert_eq!(seeds.len(), 6);
        let mut state: u64 = 0x5eed_cafe;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n.max(1)
        };
        for round in 0..240 {
            let mut bytes = seeds[round % seeds.len()].clone();
            for _ in 0..1 + next(8) {
                let at = next(bytes.len());
                match next(3) {
                    0 => bytes[at] = to_u8(next(256)),
                    1 => bytes.insert(at, to_u8(next(256))),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            super::workbook(&bytes);
        }
    }

    /// Every input the fuzzers kept (and any crash reproducer) runs again with each test run.
    fn each_file(folder: &str, check: impl Fn(&[u8])) -> usize {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        // A file can vanish while a fuzzer is running and reducing the corpus: skip it.
        for bytes in files.iter().filter_map(|f| std::fs::read(f).ok()) {
            check(&bytes);
        }

        files.len()
    }

    #[test]
    fn the_fuzz_corpora_still_pass() {
        let ingest = each_file("corpus/ingest", super::ingest);
        let period = each_file("corpus/period", |bytes| {
            if let Ok(text) = std::str::from_utf8(bytes) {
                super::period(text);
            }
        });
        assert!(
            ingest >= 20 && period >= 10,
            "corpora missing: {ingest} and {period} files"
        );
        each_file("artifacts/ingest", super::ingest);
        each_file("corpus/workbook", super::workbook);
        each_file("artifacts/workbook", super::workbook);
        each_file("artifacts/period", |bytes| {
            super::period(&String::from_utf8_lossy(bytes))
        });
    }
}
