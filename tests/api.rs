//! The public API against the real knowledge base.

use qiwi_errors::{
    entries, explain, family_entries, lookup, CodeHow, ExplainError, Family, Found, Lang,
    MatchReason, Retry, MAX_QUERY_LEN,
};
use std::collections::{HashMap, HashSet};

/// Each family with the least number of codes the sources document for it.
const FAMILY_MINIMUMS: &[(Family, usize)] = &[
    (Family::WalletHttp, 7),
    (Family::WalletError, 53),
    (Family::WalletTxnStatus, 3),
    (Family::WalletIdentLevel, 3),
    (Family::PaymentHttp, 11),
    (Family::PaymentReason, 41),
    (Family::PsError, 29),
    (Family::PaymentStatus, 6),
    (Family::PaymentOperationType, 4),
    (Family::XmlPaymentStatus, 10),
    (Family::XmlPaymentResult, 8),
    (Family::XmlRequestResult, 5),
    (Family::IdentHttp, 10),
    (Family::IdentError, 17),
    (Family::IdentReason, 15),
    (Family::IdentStatus, 6),
    (Family::IdentLevel, 3),
];

#[test]
fn every_family_is_present_with_its_count() {
    for family in Family::ALL {
        assert!(family_entries(*family).count() > 0, "{family} is empty");
    }
    for (family, least) in FAMILY_MINIMUMS {
        let count = family_entries(*family).count();
        assert!(
            count >= *least,
            "{family}: {count} entries, the sources document {least}"
        );
    }
}

#[test]
fn keys_are_unique_and_lookup_finds_every_entry() {
    let mut seen = HashSet::new();
    for e in entries() {
        assert!(seen.insert((e.family(), e.code())), "duplicate {}", e.key());
        assert!(lookup(e.family(), e.code()).unwrap() == e, "{}", e.key());
    }
}

#[test]
fn every_record_has_sources_and_both_languages() {
    for e in entries() {
        assert!(!e.sources().is_empty(), "{} has no source", e.key());
        for text in [e.title(), e.customer(), e.developer()]
            .iter()
            .chain(e.steps())
        {
            assert!(
                !text.ru.trim().is_empty() && !text.en.trim().is_empty(),
                "{}",
                e.key()
            );
        }
        assert_eq!(
            e.related().count(),
            e.related_keys().len(),
            "{} has a dangling link",
            e.key()
        );
    }
}

const COLLIDING: &[&str] = &[
    "0", "3", "4", "5", "13", "57", "150", "204", "220", "242", "300", "400", "401", "403", "404",
    "500",
];

#[test]
fn colliding_numbers_resolve_to_distinct_entries_per_family() {
    for code in COLLIDING {
        let answer = explain(code).unwrap();
        let mut by_family: HashMap<Family, &str> = HashMap::new();
        for e in answer.entries() {
            assert!(
                by_family.insert(e.family(), e.code()).is_none(),
                "{code}: {} twice",
                e.family()
            );
        }
        assert!(
            by_family.len() >= 2,
            "{code} resolves in only {by_family:?}"
        );
        let titles: HashSet<&str> = answer.entries().map(|e| e.title().en).collect();
        assert!(
            titles.len() >= 2,
            "{code}: every family tells the same story: {titles:?}"
        );
        assert!(
            answer.is_ambiguous(),
            "a bare {code} must not be a silent guess"
        );
    }
}

#[test]
fn typed_lookups_of_colliding_numbers_differ() {
    let wallet = lookup(Family::WalletError, "220").unwrap();
    let xml = lookup(Family::XmlPaymentResult, "220").unwrap();
    assert_ne!(wallet, xml);
    assert_ne!(
        lookup(Family::WalletHttp, "404").unwrap(),
        lookup(Family::PaymentHttp, "404").unwrap()
    );
}

#[test]
fn ps_error_04_is_not_a_bare_4() {
    let ps = explain("psErrorCode 04").unwrap();
    assert_eq!(ps.entry().unwrap().family(), Family::PsError);
    assert_eq!(ps.entry().unwrap().code(), "04");
    assert!(!ps.is_ambiguous());

    let bare = explain("4").unwrap();
    assert_ne!(bare.entry().unwrap().family(), Family::PsError);
    // The two-digit spelling is offered only as a weak candidate.
    let padded = bare
        .candidates()
        .iter()
        .find(|c| {
            c.found
                .entry()
                .is_some_and(|e| e.family() == Family::PsError)
        })
        .expect("ps-error 04 is listed for a bare 4");
    assert!(matches!(
        padded.reason,
        MatchReason::Code {
            how: CodeHow::LeadingZeros,
            ..
        }
    ));
    assert!(padded.score < bare.best().score);
    assert!(lookup(Family::PsError, "4").is_none());
}

#[test]
fn qwprc_spellings_resolve_to_wallet_error() {
    for query in [
        "QWPRC-220",
        "qwprc 220",
        "qwprc220",
        "QWPRC–220",
        "errorCode 220",
        "errorCode: 220",
        "ошибка QWPRC-220",
        "код ошибки QWPRC-220",
        "  QWPRC - 220  ",
        "wallet-error:220",
    ] {
        let answer = explain(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        let entry = answer.entry().unwrap();
        assert_eq!(
            (entry.family(), entry.code()),
            (Family::WalletError, "220"),
            "{query}"
        );
        assert_eq!(answer.best().score, 100, "{query}");
    }
}

#[test]
fn common_forms_are_understood() {
    let cases: &[(&str, Family, &str)] = &[
        ("HTTP 429", Family::PaymentHttp, "429"),
        ("429 Too Many Requests", Family::PaymentHttp, "429"),
        ("psErrorCode 04", Family::PsError, "04"),
        ("ps-error:CB", Family::PsError, "CB"),
        ("INVALID_STATE", Family::PaymentReason, "INVALID_STATE"),
        ("invalid_state", Family::PaymentReason, "INVALID_STATE"),
        (
            "reasonCode REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
            Family::PaymentReason,
            "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
        ),
        ("validation.error", Family::IdentError, "validation.error"),
        ("result-code 13", Family::XmlRequestResult, "13"),
        ("XML status 23", Family::XmlPaymentStatus, "0-49"),
        ("xml-payment-status -1", Family::XmlPaymentStatus, "-1"),
        (
            "ошибка QWPRC-1021 при переводе",
            Family::WalletError,
            "1021",
        ),
    ];
    for (query, family, code) in cases {
        let entry = explain(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"))
            .entry()
            .unwrap();
        assert_eq!((entry.family(), entry.code()), (*family, *code), "{query}");
    }
}

#[test]
fn http_404_is_ambiguous_across_apis_and_wallet_404_has_contexts() {
    let answer = explain("HTTP 404").unwrap();
    assert!(answer.is_ambiguous());
    let families: HashSet<Family> = answer.entries().map(|e| e.family()).collect();
    assert!(families.contains(&Family::WalletHttp) && families.contains(&Family::PaymentHttp));
    assert!(lookup(Family::WalletHttp, "404").unwrap().contexts().len() >= 4);
}

#[test]
fn bad_queries_get_clear_errors() {
    assert_eq!(explain(""), Err(ExplainError::Empty));
    assert_eq!(explain(" \t\n"), Err(ExplainError::Empty));
    let long = "1".repeat(MAX_QUERY_LEN + 1);
    assert_eq!(
        explain(&long),
        Err(ExplainError::TooLong {
            len: MAX_QUERY_LEN + 1
        })
    );
    let err = explain("QWPRC-99999").unwrap_err();
    assert_eq!(err.to_string(), "no code `99999` in wallet-error");
}

#[test]
fn ranges_and_named_statuses() {
    assert_eq!(lookup(Family::XmlPaymentStatus, "50").unwrap().code(), "50");
    assert_eq!(
        lookup(Family::XmlPaymentStatus, "55").unwrap().code(),
        "50-59"
    );
    assert_eq!(
        lookup(Family::XmlPaymentStatus, "150").unwrap().code(),
        "150"
    );
    assert_eq!(
        lookup(Family::XmlPaymentStatus, "777").unwrap().code(),
        ">100"
    );
    assert_eq!(
        lookup(Family::XmlPaymentStatus, "-1").unwrap().is_final(),
        Some(false)
    );
    assert!(lookup(Family::XmlPaymentStatus, "99999999999999999999999").is_none());
}

#[test]
fn documented_retry_rules_are_in_the_data() {
    assert_eq!(
        lookup(Family::XmlRequestResult, "13").unwrap().retry(),
        Retry::After { seconds: 60 }
    );
    assert_eq!(
        lookup(
            Family::PaymentReason,
            "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY"
        )
        .unwrap()
        .retry(),
        Retry::Limited {
            max: 1,
            window_seconds: 86400
        }
    );
    assert_eq!(
        lookup(Family::PaymentHttp, "500").unwrap().retry(),
        Retry::CheckStatus
    );
    assert_eq!(
        lookup(Family::XmlPaymentStatus, "60").unwrap().retry(),
        Retry::Never
    );
}

#[test]
fn final_statuses_are_never_retried_by_the_data() {
    for e in entries() {
        if e.is_final() == Some(true) && e.severity() == qiwi_errors::Severity::Info {
            assert_eq!(
                e.retry(),
                Retry::Never,
                "{} succeeded finally but advises a retry",
                e.key()
            );
        }
    }
}

#[test]
fn sensitive_reasons_are_flagged_and_customer_text_is_neutral() {
    let fraud = lookup(Family::PaymentReason, "DECLINED_BY_FRAUD").unwrap();
    assert!(fraud.is_sensitive());
    for e in entries().filter(|e| e.is_sensitive()) {
        let text = e.customer().ru.to_lowercase() + &e.customer().en.to_lowercase();
        for word in ["фрод", "мошен", "fraud", "blacklist", "чёрн", "черн"] {
            assert!(
                !text.contains(word),
                "{}: customer text says `{word}`",
                e.key()
            );
        }
    }
}

#[test]
fn wallet_202_keeps_both_meanings() {
    let e = lookup(Family::WalletError, "202").unwrap();
    assert!(!e.superseded().is_empty());
    assert!(e.superseded().iter().all(|s| !s.sources.is_empty()));
}

#[test]
fn community_codes_are_marked() {
    let e = lookup(Family::WalletError, "1021").unwrap();
    assert_eq!(e.provenance(), qiwi_errors::Provenance::Community);
}

#[test]
fn display_and_serialize() {
    let e = lookup(Family::WalletError, "220").unwrap();
    let line = e.to_string();
    assert_eq!(line, format!("wallet-error:220 — {}", e.title().ru));
    let ru = e.display(Lang::Ru).to_string();
    assert!(ru.starts_with("QWPRC-220 — "));
    assert!(ru.contains("Что делать:"));
    let en = e.display(Lang::En).to_string();
    assert!(en.contains("What to do:") && en.contains("Retry:"));
    let json = serde_json::to_value(explain("QWPRC-220").unwrap()).unwrap();
    assert_eq!(
        json["candidates"][0]["found"]["entry"]["family"],
        "wallet-error"
    );
    assert_eq!(json["candidates"][0]["found"]["entry"]["code"], "220");
    assert_eq!(json["candidates"][0]["reason"]["kind"], "code");
}

#[test]
fn found_symptom_and_entry_accessors() {
    let answer = explain("QWPRC-220").unwrap();
    assert!(matches!(answer.best().found, Found::Entry(_)));
}

#[test]
fn every_entry_is_reachable_through_explain_by_typed_and_bare_key() {
    for e in entries() {
        let typed = format!("{}:{}", e.family(), e.code());
        let answer = explain(&typed).unwrap_or_else(|err| panic!("{typed}: {err}"));
        assert_eq!(answer.entry(), Some(e), "{typed}");
        let bare = explain(e.code()).unwrap_or_else(|err| panic!("bare {}: {err}", e.key()));
        assert!(
            bare.entries().any(|found| found == e),
            "bare `{}` does not list {}",
            e.code(),
            e.key()
        );
    }
}
