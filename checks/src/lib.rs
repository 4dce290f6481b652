//! What every fuzz target asserts, shared by the cargo-fuzz targets (`fuzz/`) and by
//! `tests/corpus.rs`, which replays the committed corpus in every test run.

use std::time::Duration;

/// `explain` and the retry policy: an answer or a clear error, never a panic.
pub fn explain(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match qiwi_errors::explain(&text) {
        Ok(answer) => {
            assert!(!answer.candidates().is_empty());
            assert!(answer
                .candidates()
                .windows(2)
                .all(|w| w[0].score >= w[1].score));
            for entry in answer.entries() {
                let failure = qiwi_errors::retry::Failure::entry(entry);
                let _ = qiwi_errors::retry::RetryPolicy::new().decide(&failure, Duration::ZERO);
                let _ = entry.display(qiwi_errors::Lang::En).to_string();
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// `search`: bounded, ranked results.
pub fn search(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let hits = qiwi_errors::search(&text);
    assert!(hits.len() <= qiwi_errors::MAX_RESULTS);
    assert!(hits.iter().all(|h| (1..=60).contains(&h.score)));
}

/// `diagnose`: JSON, XML, HTTP responses or junk.
pub fn diagnose(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match qiwi_errors::diagnose(&text) {
        Ok(d) => assert!(d.findings.len() <= 64),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The data parser and validator build.rs runs: a dataset, or errors that each name a line
/// inside the file and say what is wrong.
///
/// The loader leaks what it reads (the build step keeps it for the whole process); here it runs
/// in a leak scope that frees it after each input, so the fuzzer's leak detection stays on.
pub fn dataset(data: &[u8]) {
    // SAFETY: what the loader reads stays inside the closure: the dataset, its records and the
    // errors are dropped in it, the generated code is an owned `String` dropped in it, the
    // assertions format their messages into owned strings, and the closure returns `()`.
    unsafe { qiwi_errors_build::leak_scope(|| dataset_in_scope(data)) }
}

fn dataset_in_scope(data: &[u8]) {
    use qiwi_errors::Family;
    let text = String::from_utf8_lossy(data);
    let family = Family::ALL[data.first().copied().unwrap_or(0) as usize % Family::ALL.len()];
    let inputs = [
        (Some(family), "data/fuzz.json", text.as_ref()),
        (None, "data/symptoms.json", text.as_ref()),
    ];
    match qiwi_errors_build::load(&inputs) {
        Ok(d) => {
            let _ = qiwi_errors_build::generate(&d);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(!e.reason.is_empty());
                assert!(e.line <= text.lines().count() + 1, "{e}");
            }
        }
    }
}
