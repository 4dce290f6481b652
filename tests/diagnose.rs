//! `diagnose` on whole responses, and on malformed, huge and hostile input.
#![cfg(feature = "diagnose")]

use qiwi_errors::retry::RetryAction;
use qiwi_errors::{diagnose, BodyFormat, DiagnoseError, Family, MAX_BODY_LEN};

fn families(body: &str) -> Vec<(Family, String)> {
    diagnose(body)
        .unwrap_or_else(|e| panic!("{e}"))
        .findings
        .iter()
        .map(|f| {
            (
                f.family,
                f.entry.map(|e| e.code().to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn wallet_json_error() {
    let body = r#"{"serviceName":"payment-history","errorCode":"validation.wrong","userMessage":"Недостаточно средств","description":"Not enough funds","code":"QWPRC-220"}"#;
    let d = diagnose(body).unwrap();
    let wallet = d
        .findings
        .iter()
        .find(|f| f.family == Family::WalletError)
        .unwrap();
    assert_eq!(wallet.entry.unwrap().code(), "220");
    assert_eq!(d.messages.len(), 2);
    assert_eq!(d.advice.unwrap().action, RetryAction::AfterUserAction);
}

#[test]
fn wallet_numeric_error_code_and_webhook() {
    assert_eq!(
        families(r#"{"errorCode": 3}"#),
        vec![(Family::WalletError, "3".into())]
    );
    let hook =
        r#"{"hookId":"x","payment":{"txnId":"1","status":"ERROR","errorCode":"5","type":"OUT"}}"#;
    let found = families(hook);
    assert!(
        found.contains(&(Family::WalletTxnStatus, "ERROR".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Family::WalletError, "5".into())),
        "{found:?}"
    );
}

#[test]
fn payment_protocol_ps_error_is_read_with_its_reason() {
    let body = r#"{"paymentId":"1","status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}"#;
    let d = diagnose(body).unwrap();
    let ps = d
        .findings
        .iter()
        .find(|f| f.family == Family::PsError)
        .unwrap();
    assert_eq!(ps.entry.unwrap().code(), "04");
    assert_eq!(ps.with.unwrap().code(), "REATTEMPT_NOT_PERMITTED_BY_PS");
    assert!(ps.note.is_none());
    assert!(d.findings.iter().any(|f| f.family == Family::PaymentStatus));
    assert_eq!(d.main().unwrap().code(), "04");
    assert_eq!(d.advice.unwrap().action, RetryAction::Never);
}

#[test]
fn ps_error_as_a_number_keeps_its_leading_zero_with_a_note() {
    let d = diagnose(r#"{"status":{"value":"DECLINE","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":4}}"#).unwrap();
    let ps = d
        .findings
        .iter()
        .find(|f| f.family == Family::PsError)
        .unwrap();
    assert_eq!(ps.entry.unwrap().code(), "04");
    assert!(ps.note.as_deref().unwrap().contains("\"04\""));
}

#[test]
fn mismatched_reason_is_noted() {
    let d = diagnose(
        r#"{"status":{"value":"DECLINE","reasonCode":"INVALID_STATE","psErrorCode":"04"}}"#,
    )
    .unwrap();
    let ps = d
        .findings
        .iter()
        .find(|f| f.family == Family::PsError)
        .unwrap();
    assert!(ps.note.as_deref().unwrap().contains("another reason"));
}

#[test]
fn identification_api_error() {
    let body = r#"{"serviceName":"openapi-identification","errorCode":"validation.error","description":"Данные некорректны","userMessage":"Данные некорректны","cause":{"birthDate":["may not be null"]}}"#;
    assert_eq!(
        families(body),
        vec![(Family::IdentError, "validation.error".into())]
    );
}

#[test]
fn xml_request_result_with_fatal_flag() {
    let d = diagnose(r#"<?xml version="1.0" encoding="utf-8"?><response><result-code fatal="true">150</result-code></response>"#).unwrap();
    assert_eq!(d.format, BodyFormat::Xml);
    assert_eq!(d.fatal, Some(true));
    assert_eq!(d.findings[0].entry.unwrap().code(), "150");
    assert_eq!(d.advice.unwrap().action, RetryAction::Never);
}

#[test]
fn xml_payment_status_and_result() {
    let body = r#"<response><result-code fatal="false">0</result-code><payment status="-1" txn_id="1" transaction-number="1" result-code="300" final-status="false" fatal-error="false"/></response>"#;
    let d = diagnose(body).unwrap();
    let found: Vec<Family> = d.findings.iter().map(|f| f.family).collect();
    assert_eq!(
        found,
        vec![
            Family::XmlRequestResult,
            Family::XmlPaymentStatus,
            Family::XmlPaymentResult
        ]
    );
    assert!(matches!(
        d.advice.unwrap().action,
        RetryAction::After { .. }
    ));
}

#[test]
fn topup_only_codes_fall_back_to_their_family() {
    let d = diagnose(r#"<response><payment status="160" result-code="241"/></response>"#).unwrap();
    let result = d
        .findings
        .iter()
        .find(|f| f.field.ends_with("@result-code"))
        .unwrap();
    assert_eq!(result.family, Family::TopupResult);
    assert_eq!(d.advice.unwrap().action, RetryAction::Never);
}

#[test]
fn pasted_http_response_with_status_line() {
    let d = diagnose("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n\r\n{\"status\":{\"value\":\"WAITING\"}}").unwrap();
    assert_eq!(d.http_status, Some(500));
    assert_eq!(d.findings[0].family, Family::PaymentHttp);
    assert_eq!(d.advice.unwrap().action, RetryAction::CheckStatus);
    let empty = diagnose("HTTP/1.1 500 Internal Server Error\n\n").unwrap();
    assert_eq!(empty.format, BodyFormat::Empty);
    assert_eq!(empty.advice.unwrap().action, RetryAction::Now);
}

#[test]
fn success_needs_no_advice() {
    let d = diagnose(r#"{"payment":{"status":"SUCCESS","errorCode":"0"}}"#).unwrap();
    assert!(d.advice.is_none());
}

#[test]
fn bodies_without_codes_give_an_empty_answer() {
    let d = diagnose(r#"{"hello": "world", "list": [1, 2, 3]}"#).unwrap();
    assert!(d.findings.is_empty() && d.advice.is_none());
    assert!(diagnose("<a><b>text</b></a>").unwrap().findings.is_empty());
}

#[test]
fn malformed_input_gets_a_clear_error() {
    assert_eq!(diagnose(""), Err(DiagnoseError::Empty));
    assert_eq!(diagnose("just words"), Err(DiagnoseError::NotJsonOrXml));
    let err = diagnose("{\"errorCode\": 220,,}").unwrap_err();
    assert!(
        matches!(err, DiagnoseError::Json { line: 1, .. }),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("malformed JSON at line 1"));
    let err = diagnose("<response><result-code>13</result-code></wrong>").unwrap_err();
    assert!(matches!(err, DiagnoseError::Xml { .. }), "{err:?}");
}

#[test]
fn huge_input_is_refused_without_reading_it() {
    let big = "x".repeat(MAX_BODY_LEN + 1);
    assert_eq!(
        diagnose(&big),
        Err(DiagnoseError::TooLarge {
            len: MAX_BODY_LEN + 1
        })
    );
    // Just under the limit: a long but valid JSON array is read in bounded time.
    let items = vec![r#"{"errorCode":220}"#; 40_000].join(",");
    let d = diagnose(&format!("[{items}]")).unwrap();
    assert!(d.findings.len() <= 64);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(diagnose(&deep), Err(DiagnoseError::Json { .. })));
    let deep_xml = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    assert!(matches!(
        diagnose(&deep_xml),
        Err(DiagnoseError::Xml { .. })
    ));
}

#[test]
fn xml_entity_tricks_are_not_expanded() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><response><result-code>&lol2;</result-code></response>"#;
    // Custom entities are refused; nothing is expanded.
    assert!(matches!(diagnose(bomb), Err(DiagnoseError::Xml { .. })));
    let external = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><result-code>&x;</result-code></r>"#;
    assert!(matches!(diagnose(external), Err(DiagnoseError::Xml { .. })));
}

#[test]
fn binary_junk_and_control_characters() {
    for junk in [
        "\u{0}\u{1}\u{2}",
        "{\u{0}}",
        "<\u{7f}>",
        "\u{feff}",
        "[\"\\ud800\"]",
    ] {
        let _ = diagnose(junk); // an answer or an error, never a panic
    }
    assert_eq!(diagnose("\u{feff}  "), Err(DiagnoseError::Empty));
}

/// The payment protocol's own error body names its service: its `errorCode` is read in the
/// payin-core family, not as the invoice API's code of the same name.
#[test]
fn a_payin_core_body_is_read_in_its_own_family() {
    let d = qiwi_errors::diagnose(
        r#"{"serviceName":"payin-core","errorCode":"validation.error","description":"Validation error"}"#,
    )
    .unwrap();
    assert_eq!(d.main().unwrap().key(), "payin-error:validation.error");
    let d = qiwi_errors::diagnose(r#"{"errorCode":"payin.resource.not.found"}"#).unwrap();
    assert_eq!(
        d.main().unwrap().key(),
        "payin-error:payin.resource.not.found"
    );
}
