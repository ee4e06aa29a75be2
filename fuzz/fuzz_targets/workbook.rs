//! Arbitrary bytes as a workbook (.xlsx, .xlsb, .xls, .ods): opening, limits, header search,
//! reading every row. Seed with fuzz/corpus/workbook (the shipped workbooks).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cscstats::fuzzing::workbook(data);
});
