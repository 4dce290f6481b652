//! Fuzz target: see `checks::diagnose`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;
#[path = "../../src/kinds.rs"]
#[allow(dead_code)]
mod kinds;
#[path = "../../src/dataset.rs"]
#[allow(dead_code)]
mod dataset;
#[path = "../../src/packed.rs"]
#[allow(dead_code)]
mod packed;
#[path = "../../src/tokens.rs"]
#[allow(dead_code)]
mod tokens;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::diagnose(data));
