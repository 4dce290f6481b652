//! The `qiwi-errors` binary: output, exit codes and bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qiwi-errors"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

#[test]
fn explain_prints_russian_by_default_and_english_on_request() {
    let out = run(&["explain", "QWPRC-220"], b"");
    assert!(out.status.success());
    let ru = text(&out.stdout);
    assert!(
        ru.starts_with("QWPRC-220 — ") && ru.contains("Что делать:"),
        "{ru}"
    );
    let en = text(&run(&["explain", "QWPRC-220", "--lang", "en"], b"").stdout);
    assert!(en.contains("What to do:") && en.contains("Retry:"), "{en}");
}

#[test]
fn ambiguous_numbers_list_candidates() {
    let out = text(&run(&["explain", "404", "--lang", "en"], b"").stdout);
    assert!(out.contains("exists in several APIs"), "{out}");
    assert!(out.matches("HTTP 404").count() >= 3, "{out}");
}

#[test]
fn json_output_is_valid_json() {
    for args in [
        &["explain", "psErrorCode 04", "--json"][..],
        &["search", "недостаточно", "средств", "--json"],
        &["retry", "result-code", "13", "--json"],
        &["list", "--family", "ps-error", "--json"],
        &["families", "--json"],
    ] {
        let out = run(args, b"");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        assert!(!value.is_null(), "{args:?}");
    }
}

#[test]
fn diagnose_reads_stdin() {
    let body = br#"{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}"#;
    let out = run(&["diagnose", "--lang", "en"], body);
    assert!(out.status.success());
    let shown = text(&out.stdout);
    assert!(
        shown.contains("psErrorCode 04") && shown.contains("Read together with"),
        "{shown}"
    );
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_code() {
    let out = run(&["diagnose"], b"\xff\xfe{\"errorCode\": 3}");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not UTF-8"));

    let out = run(&["diagnose"], b"{\"errorCode\": ");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("malformed JSON"));

    let out = run(&["explain", "QWPRC-99999"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no code `99999`"));

    let out = run(&["explain"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["frobnicate"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["explain", "220", "--lang", "de"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown language"));
    let out = run(&["list", "--family", "nope"], b"");
    assert_eq!(out.status.code(), Some(2));

    let huge = vec![b'x'; qiwi_errors::MAX_BODY_LEN + 10];
    let out = run(&["diagnose"], &huge);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("limit"));
}

#[test]
fn retry_answers_the_500_rule() {
    let out = text(&run(&["retry", "--http-status", "500", "--empty-body"], b"").stdout);
    assert!(out.starts_with("Now:"), "{out}");
    let out = text(&run(&["retry", "--http-status", "500"], b"").stdout);
    assert!(out.starts_with("CheckStatus:"), "{out}");
}

#[test]
fn words_prints_the_table_of_one_language_as_json() {
    let out = run(&["words", "--lang", "en"], b"");
    assert!(out.status.success());
    let en: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(en["lang"], "en");
    assert_eq!(en["submit"], "Explain");
    let ru: serde_json::Value = serde_json::from_slice(&run(&["words"], b"").stdout).unwrap();
    assert_eq!(ru["lang"], "ru");
    assert!(ru["unavailable"].as_str().unwrap().contains("недоступен"));
}
