//! Arbitrary text as a period (and as a date).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        cscstats::fuzzing::period(text);
    }
});
