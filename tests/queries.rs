//! What people type and paste, and the first answer they must get.
#![cfg(all(feature = "search", feature = "diagnose"))]

use qiwi_errors::{diagnose, explain, search, Found};

fn first_key(found: Found) -> String {
    match found {
        Found::Entry(e) => e.key(),
        Found::Symptom(s) => format!("symptom:{}", s.id),
    }
}

/// (query, expected first candidate)
const QUERIES: &[(&str, &str)] = &[
    // Codes in many spellings.
    ("QWPRC-220", "wallet-error:220"),
    ("qwprc 220", "wallet-error:220"),
    ("QWPRC220", "wallet-error:220"),
    ("QWPRC – 1021", "wallet-error:1021"),
    ("ошибка QWPRC-1021 при переводе", "wallet-error:1021"),
    ("Код ошибки QWPRC-300", "wallet-error:300"),
    ("qwprc-7000", "wallet-error:7000"),
    ("errorCode 5", "wallet-error:5"),
    ("errorCode: 461", "wallet-error:461"),
    ("wallet-error:202", "wallet-error:202"),
    ("HTTP 429", "payment-http:429"),
    ("429 Too Many Requests", "payment-http:429"),
    ("http 401", "payment-http:401"),
    ("wallet-http 423", "wallet-http:423"),
    ("ident-http:422", "ident-http:422"),
    ("psErrorCode 04", "ps-error:04"),
    ("psErrorCode=51", "ps-error:51"),
    ("status.psErrorCode 61", "ps-error:61"),
    ("ps-error:CB", "ps-error:CB"),
    ("INVALID_STATE", "payment-reason:INVALID_STATE"),
    (
        "reasonCode ACQUIRING_INSUFFICIENT_FUNDS",
        "payment-reason:ACQUIRING_INSUFFICIENT_FUNDS",
    ),
    (
        "acquiring_expired_card",
        "payment-reason:ACQUIRING_EXPIRED_CARD",
    ),
    (
        "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
        "payment-reason:REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
    ),
    (
        "status.reason QW_SMS_CONFIRM_EXPIRED",
        "payment-reason:QW_SMS_CONFIRM_EXPIRED",
    ),
    ("result-code 13", "xml-request-result:13"),
    ("result-code 339", "xml-request-result:339"),
    ("xml-payment-status -1", "xml-payment-status:-1"),
    ("XML status 60", "xml-payment-status:60"),
    ("xml status 57", "xml-payment-status:50-59"),
    ("validation.error", "ident-error:validation.error"),
    ("errorCode internal.error", "ident-error:internal.error"),
    ("person.is.unreliable", "ident-reason:person.is.unreliable"),
    (
        "AWAITING_SIM_CONFIRMATION",
        "ident-status:AWAITING_SIM_CONFIRMATION",
    ),
    ("api.invoice.not.found", "bill-error:api.invoice.not.found"),
    (
        "error.code.api.invoice.not.found",
        "bill-error:api.invoice.not.found",
    ),
    ("qiwipay 8152", "qiwipay-error:8152"),
    ("1021", "wallet-error:1021"),
    ("7600", "wallet-error:7600"),
    // Phrases, Russian and English, with word forms.
    (
        "недостаточно средств",
        "payment-reason:ACQUIRING_INSUFFICIENT_FUNDS",
    ),
    ("не приходит смс", "symptom:sms-code-not-arriving"),
    (
        "не приходят СМС-коды от киви",
        "symptom:sms-code-not-arriving",
    ),
    ("SMS code does not arrive", "symptom:sms-code-not-arriving"),
    ("не могу войти в кошелёк", "symptom:cannot-log-in"),
    ("забыл пароль", "symptom:forgot-password"),
    ("кошелек заблокирован", "symptom:wallet-blocked"),
    ("wallet blocked how to unblock", "symptom:wallet-blocked"),
    (
        "ограничены исходящие платежи",
        "symptom:outgoing-payments-restricted",
    ),
    (
        "деньги не пришли на кошелек после пополнения",
        "symptom:top-up-not-credited",
    ),
    ("top-up not credited", "symptom:top-up-not-credited"),
    (
        "ошибка сертификата безопасности",
        "symptom:certificate-or-clock-error",
    ),
    ("неверный идентификатор счета", "symptom:invalid-bill-id"),
    (
        "перевел деньги не на тот кошелек",
        "symptom:money-sent-to-wrong-wallet",
    ),
    (
        "sent money to the wrong wallet",
        "symptom:money-sent-to-wrong-wallet",
    ),
    ("сайт киви не работает", "symptom:site-or-app-not-working"),
    (
        "платеж завис в обработке",
        "symptom:payment-stuck-processing",
    ),
    ("recipient card expired", "wallet-error:548"),
    ("method not allowed", "payment-http:405"),
    ("карта заблокирована", "ps-error:04"),
    ("неверный CVV", "payment-reason:ACQUIRING_INCORRECT_CVV"),
    (
        "превышен лимит на переводы в месяц",
        "symptom:limit-exceeded-identification",
    ),
];

#[test]
fn realistic_queries_get_the_expected_first_answer() {
    let mut failures = Vec::new();
    for (query, expected) in QUERIES {
        match explain(query) {
            Ok(answer) => {
                let got = first_key(answer.best().found);
                if got != *expected {
                    let others: Vec<String> = answer
                        .candidates()
                        .iter()
                        .take(4)
                        .map(|c| format!("{} ({})", first_key(c.found), c.score))
                        .collect();
                    failures.push(format!(
                        "{query:?}: expected {expected}, got {}",
                        others.join(", ")
                    ));
                }
            }
            Err(e) => failures.push(format!("{query:?}: expected {expected}, got error {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries:\n{}",
        failures.len(),
        QUERIES.len(),
        failures.join("\n")
    );
}

/// Whole bodies, and the main finding they must lead to.
const BODIES: &[(&str, &str)] = &[
    (
        r#"{"errorCode": 220, "userMessage": "Недостаточно средств"}"#,
        "wallet-error:220",
    ),
    (
        r#"{"code":"QWPRC-3","message":"Техническая ошибка"}"#,
        "wallet-error:3",
    ),
    (
        r#"{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}"#,
        "ps-error:04",
    ),
    (
        r#"{"paymentId":"x","status":{"value":"DECLINE","reason":"ACQUIRING_INSUFFICIENT_FUNDS"}}"#,
        "payment-reason:ACQUIRING_INSUFFICIENT_FUNDS",
    ),
    (
        r#"{"serviceName":"openapi-identification","errorCode":"confirmation.session.expired"}"#,
        "ident-error:confirmation.session.expired",
    ),
    (
        r#"<response><result-code fatal="false">13</result-code></response>"#,
        "xml-request-result:13",
    ),
    (
        r#"<response><result-code fatal="false">0</result-code><payment status="160" result-code="220"/></response>"#,
        "xml-payment-result:220",
    ),
];

#[test]
fn realistic_bodies_lead_to_the_expected_finding() {
    for (body, expected) in BODIES {
        let d = diagnose(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(
            d.main().map(|e| e.key()).as_deref(),
            Some(*expected),
            "{body}"
        );
    }
    assert!(QUERIES.len() + BODIES.len() >= 60);
}

#[test]
fn search_ranks_russian_word_forms_together() {
    let a: Vec<String> = search("недостаточно средств")
        .iter()
        .take(3)
        .map(|c| first_key(c.found))
        .collect();
    let b: Vec<String> = search("недостаточно средства")
        .iter()
        .take(3)
        .map(|c| first_key(c.found))
        .collect();
    assert_eq!(a, b);
    assert!(search("zzzzqqq").is_empty());
}
