//! The one judgment of an answer (`qiwi_errors::retry::judge`), and the caps that follow the
//! 2024 edition's pairings on every path.
#![cfg(feature = "diagnose")]

use qiwi_errors::retry::{judge, Failure, Outcome, Reply, RetryAction, RetryPolicy};
use qiwi_errors::{diagnose, lookup, Api, Family, Retry};
use std::time::{Duration, SystemTime};

const DAY: Duration = Duration::from_secs(86_400);

/// The reasons the 2024 edition pairs only with capped psErrorCodes, with those codes.
const CAPPED_PAIRS: &[(&str, &str)] = &[
    ("ACQUIRING_ISSUER_NOT_AVAILABLE", "91"),
    ("ACQUIRING_AUTH_TECHNICAL_ERROR", "88"),
    ("ACQUIRING_ACQUIRER_ERROR", "CB"),
    ("ACQUIRING_INSUFFICIENT_FUNDS", "51"),
];

fn declined(reason: &str, ps: Option<&str>) -> String {
    match ps {
        Some(ps) => format!(
            r#"{{"status": {{"value": "DECLINED", "reasonCode": "{reason}", "psErrorCode": "{ps}"}}}}"#
        ),
        None => format!(r#"{{"status": {{"value": "DECLINED", "reasonCode": "{reason}"}}}}"#),
    }
}

#[test]
fn a_reason_alone_keeps_the_cap_of_the_ps_error_codes_it_always_comes_with() {
    for (reason, ps) in CAPPED_PAIRS {
        let entry = lookup(Family::PaymentReason, reason).unwrap();
        let (cap, from) = entry.cap().unwrap_or_else(|| panic!("{reason} has no cap"));
        assert_eq!(from.code(), *ps, "{reason}");
        let Retry::Limited {
            max,
            window_seconds,
        } = cap
        else {
            panic!("{reason}: {cap:?}")
        };
        for with_ps in [None, Some(*ps)] {
            let body = declined(reason, with_ps);
            let mut policy = RetryPolicy::new();
            let mut repeats = 0;
            let mut now = Duration::ZERO;
            // Decline after decline: the policy allows `max` repeats within the window.
            for _ in 0..5 {
                let j = policy.judge(&Reply::new(200, &body).api(Api::PaymentProtocol), now);
                match j.decision.unwrap().action {
                    a if a.is_retry() => {
                        repeats += 1;
                        now += a.delay().unwrap();
                    }
                    _ => break,
                }
            }
            assert!(
                repeats <= max,
                "{reason} with psErrorCode {with_ps:?}: {repeats} repeats, cap {max}"
            );
            assert!(now < Duration::from_secs(window_seconds.into()));
        }
    }
}

#[test]
fn the_cli_retry_path_keeps_the_cap_of_a_reason_alone() {
    let failure = Failure::code(Family::PaymentReason, "ACQUIRING_ISSUER_NOT_AVAILABLE");
    let mut policy = RetryPolicy::new();
    let first = policy.decide(&failure, Duration::ZERO);
    assert!(first.action.is_retry(), "{first:?}");
    assert!(first.reason.contains("psErrorCode 91"), "{}", first.reason);
    let second = policy.decide(&failure, Duration::from_secs(300));
    assert_eq!(second.action, RetryAction::Never, "{}", second.reason);
}

#[test]
fn the_cap_holds_across_a_day_boundary() {
    // The window runs from the first capped decline: a calendar day's end does not reset it.
    // One operation's policy spends the budget once; a day later the application starts a
    // new operation (and a new policy) if it tries again.
    let body = declined("ACQUIRING_ISSUER_NOT_AVAILABLE", Some("91"));
    let reply = Reply::new(200, &body).api(Api::PaymentProtocol);
    let before_midnight = Duration::from_secs(23 * 3600 + 59 * 60);
    let mut policy = RetryPolicy::new();
    assert!(policy
        .judge(&reply, before_midnight)
        .decision
        .unwrap()
        .action
        .is_retry());
    let after_midnight = before_midnight + Duration::from_secs(600);
    assert_eq!(
        policy
            .judge(&reply, after_midnight)
            .decision
            .unwrap()
            .action,
        RetryAction::Never
    );
    let next_day = before_midnight + DAY;
    assert_eq!(
        policy.judge(&reply, next_day).decision.unwrap().action,
        RetryAction::Never
    );
    let mut next_operation = RetryPolicy::new();
    assert!(next_operation
        .judge(&reply, next_day)
        .decision
        .unwrap()
        .action
        .is_retry());
}

#[test]
fn when_both_codes_are_present_the_stricter_verdict_wins() {
    // psErrorCode 51 allows a reattempt a day; REATTEMPT_NOT_PERMITTED_BY_PS forbids any.
    let body = declined("REATTEMPT_NOT_PERMITTED_BY_PS", Some("51"));
    let j = judge(&Reply::new(200, &body).api(Api::PaymentProtocol));
    let d = j.decision.unwrap();
    assert_eq!(d.action, RetryAction::Never, "{}", d.reason);
    assert_eq!(j.outcome, Outcome::Failed);
}

#[test]
fn an_unknown_error_code_is_never_a_success() {
    let body = r#"{"serviceName": "payin-core", "errorCode": "payin.incorrect-method-invocation", "description": "x"}"#;
    let j = judge(&Reply::new(200, body).api(Api::PaymentProtocol));
    assert_ne!(j.outcome, Outcome::Succeeded);
    let d = diagnose(&format!("HTTP/1.1 200 OK\r\n\r\n{body}")).unwrap();
    assert!(d.failure().is_some());
    assert_ne!(d.advice.unwrap().action, RetryAction::Now);
}

#[test]
fn a_proxy_page_after_a_possible_commit_is_never_repeated_blindly() {
    for status in [500, 502, 503, 504] {
        for body in [
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
            "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
            "Service Unavailable",
        ] {
            for api in [Api::PaymentProtocol, Api::Wallet, Api::Xml] {
                let j = judge(&Reply::new(status, body).api(api));
                assert_eq!(j.outcome, Outcome::Unknown, "{status} {api} {body}");
                let action = j.decision.unwrap().action;
                assert!(!action.is_retry(), "{status} {api} {body}: {action:?}");
            }
        }
    }
}

#[test]
fn an_empty_500_is_repeated_only_where_the_docs_say_so() {
    let payment = judge(&Reply::new(500, "").api(Api::PaymentProtocol));
    assert_eq!(payment.decision.unwrap().action, RetryAction::Now);
    let xml = judge(&Reply::new(500, "").api(Api::Xml));
    assert_eq!(xml.decision.unwrap().action, RetryAction::CheckStatus);
    assert_eq!(xml.outcome, Outcome::Unknown);
    // A client with a status probe checks first even where the docs allow the repeat.
    let mut careful = RetryPolicy::with_config(qiwi_errors::retry::RetryConfig {
        trust_idempotence: false,
        ..Default::default()
    });
    let j = careful.judge(
        &Reply::new(500, "").api(Api::PaymentProtocol),
        Duration::ZERO,
    );
    assert_eq!(j.decision.unwrap().action, RetryAction::CheckStatus);
}

#[test]
fn retry_after_in_both_forms_holds_every_repeat() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let date = httpdate(now + Duration::from_secs(120));
    for value in ["120", date.as_str()] {
        let mut policy = RetryPolicy::new();
        let reply = Reply::new(429, "")
            .api(Api::PaymentProtocol)
            .retry_after(value, now);
        let d = policy.judge(&reply, Duration::ZERO).decision.unwrap();
        assert_eq!(d.action, RetryAction::After { seconds: 120 }, "{value}");
        // After a status check that found nothing, the repeat still waits for it.
        let mut policy = RetryPolicy::new();
        let reply = Reply::new(500, "{\"errorCode\": \"internal.error\"}")
            .api(Api::PaymentProtocol)
            .retry_after(value, now);
        let d = policy.judge(&reply, Duration::ZERO).decision.unwrap();
        assert_eq!(d.action, RetryAction::CheckStatus);
        let after_check = policy.repeat_after_check(Duration::from_secs(1));
        assert_eq!(
            after_check.action,
            RetryAction::After { seconds: 119 },
            "{value}"
        );
    }
}

fn httpdate(t: SystemTime) -> String {
    // RFC 9110's IMF-fixdate, written here so the test does not share the parser it checks.
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let days = secs / 86_400;
    let (h, m, s) = (secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!("{weekday}, {d:02} {name} {year} {h:02}:{m:02}:{s:02} GMT")
}

#[test]
fn a_cut_off_or_unreadable_success_body_is_unknown_where_the_body_decides() {
    let cut = r#"{"paymentId": "p-1", "status": {"value": "DECLI"#;
    for api in [Api::PaymentProtocol, Api::Xml] {
        let j = judge(&Reply::new(200, cut).api(api));
        assert_eq!(j.outcome, Outcome::Unknown, "{api}");
        let whole_but_cut = judge(&Reply::new(200, "{}").api(api).truncated());
        assert_eq!(whole_but_cut.outcome, Outcome::Unknown, "{api}");
        assert_eq!(
            judge(&Reply::new(200, "").api(api)).outcome,
            Outcome::Unknown
        );
    }
    // The wallet API's 2xx bodies carry data, never an error: they are not read.
    assert_eq!(
        judge(&Reply::new(200, cut).api(Api::Wallet)).outcome,
        Outcome::Succeeded
    );
}

#[test]
fn xml_request_errors_and_payments_in_progress_are_unknown_not_failed() {
    let fatal = r#"<response><result-code fatal="true">150</result-code></response>"#;
    let j = judge(&Reply::new(200, fatal).api(Api::Xml));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert!(!j.decision.unwrap().action.is_retry());
    let processing = r#"<response><result-code fatal="false">0</result-code><payment status="50" transaction-number="1" txn_id="2" result-code="0" final-status="false" fatal-error="false" txn-date="2024-01-01T00:00:00"></payment></response>"#;
    let j = judge(&Reply::new(200, processing).api(Api::Xml));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.decision.unwrap().action, RetryAction::CheckStatus);
    let done = processing
        .replace("status=\"50\"", "status=\"60\"")
        .replace("final-status=\"false\"", "final-status=\"true\"");
    assert_eq!(
        judge(&Reply::new(200, &done).api(Api::Xml)).outcome,
        Outcome::Succeeded
    );
    let no_result = "<response></response>";
    assert_eq!(
        judge(&Reply::new(200, no_result).api(Api::Xml)).outcome,
        Outcome::Unknown
    );
}

#[test]
fn no_answer_is_unknown_and_asks_for_the_status() {
    let j = judge(&Reply::none().api(Api::PaymentProtocol));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.decision.unwrap().action, RetryAction::CheckStatus);
}

#[test]
fn every_family_is_whole_in_the_family_table() {
    // A family cannot be half-added: the macro needs every column, and these hold across them.
    for family in Family::ALL {
        assert!((1..=4).contains(&family.specificity()), "{family}");
        assert!(family.bare_weight() <= 20, "{family}");
        assert!(family.api().families().any(|f| f == *family));
        assert_eq!(
            family.is_http(),
            family.label_prefix() == "HTTP ",
            "{family}"
        );
        if family.is_http() {
            assert_eq!(family.api().http_family(), Some(*family));
        }
    }
}

/// The decision for one scenario, in the table's words.
fn said(action: RetryAction) -> String {
    match action {
        RetryAction::Never => "no repeat".into(),
        RetryAction::Now => "repeat now".into(),
        RetryAction::After { seconds } => format!("repeat after {seconds} s"),
        RetryAction::CheckStatus => "check status".into(),
        RetryAction::AfterUserAction => "after the user acts".into(),
    }
}

/// The table of docs/RELIABILITY.md "## Caps": every capped psErrorCode with every reason an
/// edition pairs it with, judged with and without the psErrorCode in the body, for a first
/// decline at 23:59 and a second one (after the repeat) at 00:09 the next calendar day.
fn caps_table() -> String {
    let mut rows = vec![
        "| psErrorCode | cap | reasonCode (edition) | both, 23:59 | both, 00:09 | reason alone, 23:59 | reason alone, 00:09 |".to_string(),
        "|---|---|---|---|---|---|---|".to_string(),
    ];
    let before = Duration::from_secs(23 * 3600 + 59 * 60);
    let after = before + Duration::from_secs(600);
    for ps in qiwi_errors::family_entries(Family::PsError) {
        let Retry::Limited {
            max,
            window_seconds,
        } = ps.retry()
        else {
            continue;
        };
        for pairing in ps.details().pairings {
            let reason = pairing
                .with
                .strip_prefix("payment-reason:")
                .unwrap_or(pairing.with);
            let mut cells = Vec::new();
            for with_ps in [Some(ps.code()), None] {
                let body = declined(reason, with_ps);
                let reply = Reply::new(200, &body).api(Api::PaymentProtocol);
                let mut policy = RetryPolicy::new();
                cells.push(said(policy.judge(&reply, before).decision.unwrap().action));
                cells.push(said(policy.judge(&reply, after).decision.unwrap().action));
            }
            rows.push(format!(
                "| {} | {max} per {window_seconds} s | {reason} ({}) | {} |",
                ps.code(),
                pairing.edition,
                cells.join(" | ")
            ));
        }
    }
    rows.join("\n")
}

#[test]
fn the_caps_table_in_the_docs_is_what_the_library_decides() {
    let table = caps_table();
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/RELIABILITY.md"))
        .unwrap_or_default();
    if std::env::var_os("PRINT_CAPS_TABLE").is_some() {
        println!("{table}");
    }
    assert!(
        docs.contains(&table),
        "docs/RELIABILITY.md must hold this table (run with PRINT_CAPS_TABLE=1 --nocapture):\n{table}"
    );
    // No row lets a second capped decline be repeated within the window.
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row.split(" | ").collect();
        assert!(!cells[4].starts_with("repeat"), "{row}");
        assert!(
            !cells[6].trim_end_matches(" |").starts_with("repeat"),
            "{row}"
        );
    }
}
