//! The TypeScript types shipped with the package against what the library serialises: every
//! key a value has is declared, and every key declared as required is there.

use super::FamilyInfo;
use qiwi_errors::retry::{FailureInput, RetryPolicy};
use qiwi_errors::{Family, Lang};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The text of the `typescript_custom_section` in lib.rs (the attribute takes the constant).
fn ts_types() -> &'static str {
    let lib = include_str!("lib.rs");
    let start = lib.find("const TS_TYPES: &'static str = r#\"").unwrap();
    let text = &lib[start..];
    &text[..text.find("\"#;").unwrap()]
}

/// `interface` name -> field -> optional.
fn interfaces() -> BTreeMap<String, BTreeMap<String, bool>> {
    let mut out = BTreeMap::new();
    let mut rest = ts_types();
    while let Some(at) = rest.find("export interface ") {
        rest = &rest[at + "export interface ".len()..];
        let name_end = rest.find([' ', '{']).unwrap();
        let name = rest[..name_end].to_string();
        let open = rest.find('{').unwrap();
        let (mut depth, mut end) = (0, open);
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = open + i;
                break;
            }
        }
        let mut fields = BTreeMap::new();
        let (mut depth, mut start) = (0, 0);
        let body = &rest[open + 1..end];
        for (i, c) in body.char_indices().chain([(body.len(), ';')]) {
            match c {
                '{' | '[' | '(' => depth += 1,
                '}' | ']' | ')' => depth -= 1,
                ';' if depth == 0 => {
                    let field = body[start..i].trim();
                    let field = field.rsplit("*/").next().unwrap().trim();
                    if let Some((key, _)) = field.split_once(':') {
                        let optional = key.ends_with('?');
                        fields.insert(key.trim_end_matches('?').trim().to_string(), optional);
                    }
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.insert(name, fields);
        rest = &rest[end..];
    }
    out
}

fn check(types: &BTreeMap<String, BTreeMap<String, bool>>, name: &str, value: &Value) {
    let declared = types
        .get(name)
        .unwrap_or_else(|| panic!("no interface {name}"));
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{name}: {value}"));
    for key in object.keys() {
        assert!(
            declared.contains_key(key),
            "{name}: `{key}` is not declared"
        );
    }
    for (key, optional) in declared {
        assert!(
            *optional || object.contains_key(key),
            "{name}: required `{key}` is missing from {value}"
        );
    }
}

#[test]
fn the_typescript_types_match_the_serialised_values() {
    let types = interfaces();
    let to = |v: &dyn erased::Ser| v.json();
    let wallet = qiwi_errors::lookup(Family::WalletError, "220").unwrap();
    let range = qiwi_errors::lookup(Family::XmlPaymentStatus, "0-49").unwrap();
    let contexts = qiwi_errors::lookup(Family::WalletHttp, "404").unwrap();
    let superseded = qiwi_errors::lookup(Family::WalletError, "202").unwrap();
    for e in [wallet, range, contexts, superseded] {
        check(&types, "Entry", &to(&e));
        check(&types, "Details", &to(e.details()));
        for s in e.sources() {
            check(&types, "Source", &to(s));
        }
    }
    assert!(range.range().is_some() && !contexts.contexts().is_empty());
    // Every optional part that any record has, checked wherever it occurs.
    for e in qiwi_errors::entries() {
        let d = e.details();
        check(&types, "Entry", &to(&e));
        check(&types, "Details", &to(d));
        d.pairings
            .iter()
            .for_each(|p| check(&types, "Pairing", &to(p)));
        d.conflicts
            .iter()
            .for_each(|c| check(&types, "Conflict", &to(c)));
        d.superseded
            .iter()
            .for_each(|s| check(&types, "Superseded", &to(s)));
        d.retry_source
            .iter()
            .for_each(|s| check(&types, "Source", &to(s)));
    }
    check(&types, "Context", &to(&contexts.contexts()[0]));
    check(&types, "Superseded", &to(&superseded.superseded()[0]));
    check(&types, "Text", &to(&wallet.title()));
    check(
        &types,
        "FamilyDetails",
        &to(&qiwi_errors::family_details(Family::WalletError)),
    );
    let symptom = &qiwi_errors::symptoms().next().unwrap();
    check(&types, "Symptom", &to(symptom));
    check(&types, "Keywords", &to(&symptom.keywords()));

    let explanation = qiwi_errors::explain("QWPRC-220").unwrap();
    check(&types, "Explanation", &to(&explanation));
    check(&types, "Candidate", &to(explanation.best()));

    let body = r#"{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}"#;
    let diagnosis = qiwi_errors::diagnose(body).unwrap();
    check(&types, "Diagnosis", &to(&diagnosis));
    check(&types, "Finding", &to(&diagnosis.findings[0]));
    check(
        &types,
        "RetryDecision",
        &to(diagnosis.advice.as_ref().unwrap()),
    );
    let after = RetryPolicy::new().decide(
        &qiwi_errors::retry::Failure::code(Family::XmlRequestResult, "13"),
        std::time::Duration::ZERO,
    );
    check(&types, "RetryDecision", &to(&after));

    let input = FailureInput {
        family: Some(Family::PsError),
        code: Some("04".into()),
        http_status: Some(500),
        http_family: Some(Family::PaymentHttp),
        empty_body: Some(false),
        fatal: Some(true),
        payment_status: Some(-1),
    };
    check(&types, "FailureInput", &to(&input));
    check(&types, "Words", &to(qiwi_errors::Words::of(Lang::Ru)));
    check(
        &types,
        "FamilyInfo",
        &to(&FamilyInfo {
            name: "ps-error",
            label_ru: "",
            label_en: "",
            entries: 1,
        }),
    );
    // The answer is an explanation or a diagnosis with a `kind`.
    let answer = serde_json::to_value(qiwi_errors::answer("QWPRC-220").unwrap()).unwrap();
    assert_eq!(answer["kind"], json!("explanation"));

    // Every error the bindings throw carries one of the declared kinds and declared fields.
    let kinds = error_kinds();
    let long = "4".repeat(qiwi_errors::MAX_QUERY_LEN + 1);
    let large = format!("{{\"a\":\"{}\"}}", "x".repeat(qiwi_errors::MAX_BODY_LEN));
    for input in [
        "",
        long.as_str(),
        "QWPRC-99999",
        large.as_str(),
        // A status line with plain text is read as the status alone; a broken body is an error.
        "HTTP/1.1 500 Internal Server Error\r\n\r\n{\"a\":",
        "{oops",
        "<a></b>",
        "\u{89}PNG\0",
    ] {
        let error = qiwi_errors::answer(input).unwrap_err();
        let value = serde_json::to_value(&error).unwrap();
        check(&types, "QiwiError", &value);
        let kind = value["kind"].as_str().unwrap().to_string();
        assert!(kinds.contains(&kind), "`{kind}` is not a declared kind");
    }
    // The bindings add the limit to the two length errors.
    let mut limited = to(&qiwi_errors::ExplainError::TooLong { len: 5000 });
    limited["limit"] = json!(4096);
    check(&types, "QiwiError", &limited);
    for own in [
        to(&super::BadInput { message: "m" }),
        to(&super::UnknownFamily { name: "x" }),
        to(&super::NoCode {
            family: "ps-error",
            code: "1",
        }),
    ] {
        check(&types, "QiwiError", &own);
        assert!(kinds.contains(&own["kind"].as_str().unwrap().to_string()));
    }
    // A diagnosis answer says which finding is the main one.
    let qiwi_errors::Answer::Diagnosis(d) = qiwi_errors::answer(body).unwrap() else {
        panic!("not a diagnosis")
    };
    let main = super::main_index(&d).unwrap();
    assert_eq!(d.findings[main].entry.unwrap().code(), "04");
    assert!(ts_types().contains("kind: \"diagnosis\"; main: number | null"));
}

/// The string literals of `QiwiError.kind`.
fn error_kinds() -> Vec<String> {
    let text = ts_types();
    let start = text.find("export interface QiwiError").unwrap();
    let text = &text[start..];
    let kind = &text[text.find("kind:").unwrap()..text.find(';').unwrap()];
    kind.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Serialising any value to JSON, behind one object-safe trait for the list above.
mod erased {
    pub trait Ser {
        fn json(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}
