//! The `qiwi-errors` binary: output, exit codes and bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_with(args, stdin, &[])
}

/// Runs the binary with a locale of no language (as `C`) plus `env`, so that the outcome does
/// not depend on the machine's locale or colour settings.
fn run_with(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qiwi-errors"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
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
fn the_language_follows_the_locale_unless_given() {
    let first_line = |env: &[(&str, &str)], args: &[&str]| {
        let out = run_with(args, b"", env);
        text(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let explain = ["explain", "QWPRC-220"];
    assert!(first_line(&[("LANG", "en_US.UTF-8")], &explain).contains("Insufficient funds"));
    assert!(first_line(&[("LANG", "ru_RU.UTF-8")], &explain).contains("Недостаточно"));
    assert!(first_line(&[("LANG", "C.UTF-8")], &explain).contains("Недостаточно"));
    assert!(first_line(&[("LANG", "de_DE.UTF-8")], &explain).contains("Insufficient"));
    assert!(first_line(
        &[("LC_ALL", "ru_RU.UTF-8"), ("LANG", "en_US.UTF-8")],
        &explain
    )
    .contains("Недостаточно"));
    let given = ["explain", "QWPRC-220", "--lang", "en"];
    assert!(first_line(&[("LANG", "ru_RU.UTF-8")], &given).contains("Insufficient"));
    // Global options go before the command too.
    let before = ["--lang", "en", "explain", "QWPRC-220"];
    assert!(first_line(&[], &before).contains("Insufficient"));
}

#[test]
fn colour_only_where_wanted() {
    let esc = |out: &Output| out.stdout.contains(&0x1b);
    // Not a terminal: no colour.
    assert!(!esc(&run(&["explain", "QWPRC-220"], b"")));
    assert!(esc(&run_with(
        &["explain", "QWPRC-220"],
        b"",
        &[("CLICOLOR_FORCE", "1")]
    )));
    let both = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert!(!esc(&run_with(&["explain", "QWPRC-220"], b"", &both)));
    assert!(esc(&run(
        &["explain", "QWPRC-220", "--color", "always"],
        b""
    )));
    assert!(!esc(&run(
        &["--json", "explain", "QWPRC-220", "--color", "always"],
        b""
    )));
}

#[test]
fn version_help_and_completions() {
    let out = run(&["--version"], b"");
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("qiwi-errors "));
    for command in [
        "explain",
        "search",
        "diagnose",
        "retry",
        "list",
        "families",
        "export-details",
        "export",
        "site",
        "completions",
    ] {
        let out = run(&[command, "--help"], b"");
        assert!(out.status.success(), "{command}");
        assert!(
            text(&out.stdout).contains("Usage: qiwi-errors"),
            "{command}"
        );
    }
    assert!(text(&run(&["--help"], b"").stdout).contains("Exit codes:"));
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef qiwi-errors"),
        ("fish", "complete -c qiwi-errors"),
    ] {
        let out = run(&["completions", shell], b"");
        assert!(out.status.success(), "{shell}");
        let script = text(&out.stdout);
        assert!(
            script.contains(marker) && script.contains("export-details"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "tcsh"], b"").status.code(), Some(2));
}

#[test]
fn every_old_flag_still_works() {
    for args in [
        &["retry", "--http-status", "429"][..],
        &["retry", "xml-payment-status", "-1", "--fatal"],
        &["retry", "--http-status", "200", "--payment-status", "150"],
        &["list", "-f", "wallet-error"],
        &["list"],
        &["families", "--lang", "en"],
    ] {
        let out = run(args, b"");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn exports_for_help_desks() {
    let out = run(&["export", "--format", "jsonl"], b"");
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), qiwi_errors::entries().len());
    assert!(lines
        .iter()
        .all(|l| l["steps"].is_array() && l["label"].is_string()));

    let out = run(&["export", "--format", "csv"], b"");
    assert!(out.status.success());
    let csv = text(&out.stdout);
    assert!(csv.starts_with("family,code,label,title_ru,title_en,"));
    assert!(csv.contains("wallet-error,220,QWPRC-220,"));
    assert_eq!(
        run(&["export", "--format", "xml"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn files_that_cannot_be_read_or_written_exit_3() {
    let out = run(&["diagnose", "/nonexistent/response.json"], b"");
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("/nonexistent/response.json"));
    let out = run(&["export-details", "/proc/qiwi-errors-test"], b"");
    assert_eq!(out.status.code(), Some(3));
    let out = run(&["site", "/proc/qiwi-errors-test"], b"");
    assert_eq!(out.status.code(), Some(3));
    let out = run(
        &["site", "/tmp/x", "--base-url", "support.example.com"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
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

/// Issue 15's table, as a new user tries it: `explain TEXT --json`, first answer. A pasted
/// response is diagnosed; its `main` entry is the answer.
#[test]
fn pasted_texts_get_the_right_first_answer() {
    let rows: &[(&str, &[&str])] = &[
        ("ps error 51", &["ps-error:51"]),
        ("payment status 150", &["xml-payment-status:150"]),
        ("код ошибки 8170", &["qiwipay-error:8170"]),
        (
            "card expired",
            &["payment-reason:ACQUIRING_EXPIRED_CARD", "ps-error:54", "wallet-error:548", "qiwipay-error:8028"],
        ),
        (r#"<response><result-code fatal="true">220</result-code></response>"#, &["xml-payment-result:220"]),
        // The message of wallet errorCodes 704 and 705 (qiwi-wallet-personal-docs _error_ru.html.md:57-58).
        (
            "Превышен ежемесячный лимит по вашему кошельку. Чтобы снять ограничения, повысьте статус кошелька в Профиле",
            &["wallet-error:704", "wallet-error:705"],
        ),
        (
            "HTTP/1.1 500 Internal Server Error\nContent-Type: text/xml\n<response>\n<result_code>150</result_code>\n</response>",
            &["pull-error:150"],
        ),
        ("{'errorCode': 220, 'description': None}", &["wallet-error:220"]),
        (r#"{"errorCode"=>220}"#, &["wallet-error:220"]),
        (r#"{"serviceName":"payment-history","errorCode":"auth.forbidden","userMessage":"Access denied"}"#, &["wallet-http:403"]),
    ];
    for (text, keys) in rows {
        let out = run(&["explain", text, "--json"], b"");
        assert!(out.status.success(), "{text}: {}", text_of(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let first = match json.get("candidates") {
            Some(c) => {
                let found = &c[0]["found"];
                let e = &found["entry"];
                format!(
                    "{}:{}",
                    e["family"].as_str().unwrap(),
                    e["code"].as_str().unwrap()
                )
            }
            None => json["main"].as_str().unwrap().to_string(),
        };
        assert!(
            keys.contains(&first.as_str()),
            "{text}: first answer {first}"
        );
        if *text == "card expired" {
            assert_eq!(
                json["ambiguous"], false,
                "a phrase is not a code several APIs share"
            );
        }
    }
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
