//! The fuzz targets' checks on the committed seed corpus and on random input, in every test
//! run; `scripts/test-fuzz.sh` runs the coverage-guided fuzzer itself.

use proptest::prelude::*;
use qiwi_errors_checks as checks;
use std::path::Path;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| std::fs::read(f.unwrap().path()).unwrap())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{target}: empty corpus");
    inputs
}

#[test]
fn explain_corpus() {
    corpus("explain").iter().for_each(|i| checks::explain(i));
}

#[test]
fn search_corpus() {
    corpus("search").iter().for_each(|i| checks::search(i));
}

#[test]
fn diagnose_corpus() {
    corpus("diagnose").iter().for_each(|i| checks::diagnose(i));
}

#[test]
fn dataset_corpus() {
    corpus("dataset").iter().for_each(|i| checks::dataset(i));
}

#[test]
fn megabyte_inputs_are_answered_in_bounded_time() {
    let start = std::time::Instant::now();
    let mega = "QWPRC-220 недостаточно средств ".repeat(40_000);
    checks::explain(mega.as_bytes());
    checks::search(mega.as_bytes());
    checks::diagnose(mega.as_bytes());
    checks::diagnose(format!("{{\"a\":\"{}\"}}", "x".repeat(1 << 19)).as_bytes());
    // Not a timing assertion on speed, a guard against runaway work: seconds, not minutes.
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn control_characters_and_invalid_utf8() {
    for input in [
        &b"\xff\xfe\x00QWPRC-220"[..],
        b"\x1b[31m404\x1b[0m",
        b"{\"errorCode\":\"\x07\"}",
        b"\xc3\x28",
    ] {
        checks::explain(input);
        checks::search(input);
        checks::diagnose(input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text(text in ".{0,200}") {
        checks::explain(text.as_bytes());
        checks::search(text.as_bytes());
        checks::diagnose(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        checks::explain(&bytes);
        checks::diagnose(&bytes);
        checks::dataset(&bytes);
    }

    #[test]
    fn json_shaped_input(key in "(errorCode|code|status|psErrorCode|reasonCode|result_code|error_code)", value in "[A-Za-z0-9_.\\-]{0,12}") {
        let body = format!("{{\"{key}\":\"{value}\",\"status\":{{\"value\":\"{value}\",\"psErrorCode\":\"{value}\"}}}}");
        checks::diagnose(body.as_bytes());
    }
}
