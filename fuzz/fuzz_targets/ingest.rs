//! Arbitrary bytes as a CSV export: sniffing, decoding, header detection, planning, counting.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cscstats::fuzzing::ingest(data);
});
