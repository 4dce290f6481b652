//! Fuzz target: see `checks::diagnose`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qiwi_errors_fuzz::checks::diagnose(data));
