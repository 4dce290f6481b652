//! WebAssembly bindings of `qiwi-errors`: the same lookups for web pages, returning plain JS
//! objects. Every error becomes a JS exception with a clear message; nothing panics across the
//! boundary (the release profile aborts on panic, and no code path here can panic on input).

use qiwi_errors::retry::{Failure, RetryPolicy};
use qiwi_errors::Family;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Lang = "ru" | "en";
export interface Text { ru: string; en: string }
export interface Source { file: string; section: string; lines?: string }
export type Retry =
  | { kind: "never" } | { kind: "now" } | { kind: "after"; seconds: number }
  | { kind: "after-user-action" } | { kind: "check-status" }
  | { kind: "limited"; max: number; window_seconds: number };
export interface Entry {
  family: string; code: string; range?: [number, number | null];
  title: Text; customer: Text;
  /** Absent, and `steps` empty, in the widget's build (`QIWI_ERRORS_TEXTS=customer`). */
  developer?: Text; steps: Text[];
  severity: "info" | "warning" | "error" | "critical"; retry: Retry;
  actors: ("customer" | "merchant" | "qiwi-support" | "issuing-bank" | "recipient")[];
  final: boolean | null; related: string[]; sensitive: boolean;
  provenance: "official" | "community" | "inferred";
  contexts?: { when: Text; meaning: Text }[];
  superseded?: { meaning: Text; note: Text; sources: Source[] }[];
  sources: Source[];
}
export interface Symptom {
  id: string; title: Text; summary: Text; keywords_ru: string[]; keywords_en: string[];
  causes: Text[]; steps: Text[]; contact_support: Text; related: string[]; sources: Source[];
}
export type Found = { entry: Entry } | { symptom: Symptom };
export type MatchReason =
  | { kind: "code"; code: string; hinted: boolean; how: "exact" | "range" | "leading-zeros" }
  | { kind: "text"; words: string[] };
export interface Candidate { found: Found; score: number; reason: MatchReason; label?: string }
export interface Explanation { candidates: Candidate[]; ambiguous: boolean }
export interface RetryDecision {
  action: "never" | "now" | "after" | "check-status" | "after-user-action";
  seconds?: number; reason: string; attempt: number;
}
export interface Finding {
  field: string; value: string; family: string; entry: Entry | null; with: Entry | null; note: string | null;
}
export interface Diagnosis {
  format: "json" | "xml" | "empty"; http_status: number | null; findings: Finding[];
  messages: string[]; fatal: boolean | null; advice: RetryDecision | null;
}
export interface RetryInput {
  family?: string; code?: string; httpStatus?: number; httpFamily?: string;
  emptyBody?: boolean; fatal?: boolean; paymentStatus?: number;
}
export type Answer = { kind: "explanation" } & Explanation | { kind: "diagnosis" } & Diagnosis;
"#;

// Through JSON text and the browser's `JSON.parse` rather than serde-wasm-bindgen's
// serializer: the same plain objects, and serde_json is in the module already (for
// `diagnose`), while serde-wasm-bindgen's per-type serializers cost about 6 KB gzipped.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("cannot convert the answer: {e}")))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("cannot convert the answer"))
}

fn family(name: &str) -> Result<Family, JsError> {
    Family::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
        JsError::new(&format!(
            "unknown family `{name}`; the families are: {}",
            names.join(", ")
        ))
    })
}

/// Explains a code or phrase: `QWPRC-220`, `HTTP 429`, `psErrorCode 04`, `недостаточно средств`.
#[wasm_bindgen(js_name = explain, unchecked_return_type = "Explanation")]
pub fn explain(query: &str) -> Result<JsValue, JsError> {
    let answer = qiwi_errors::explain(query).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&answer)
}

/// The entry of `code` in `family`, or `null`.
#[wasm_bindgen(js_name = lookup, unchecked_return_type = "Entry | null")]
pub fn lookup(family_name: &str, code: &str) -> Result<JsValue, JsError> {
    match qiwi_errors::lookup(family(family_name)?, code) {
        Some(entry) => to_js(entry),
        None => Ok(JsValue::NULL),
    }
}

/// Free-text search in Russian and English; best first.
#[wasm_bindgen(js_name = search, unchecked_return_type = "Candidate[]")]
pub fn search(query: &str) -> Result<JsValue, JsError> {
    to_js(&qiwi_errors::search(query))
}

/// Explains every code in a whole API response (JSON or XML, optionally with the HTTP status
/// line and headers).
#[wasm_bindgen(js_name = diagnose, unchecked_return_type = "Diagnosis")]
pub fn diagnose(body: &str) -> Result<JsValue, JsError> {
    let d = qiwi_errors::diagnose(body).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&d)
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Answer {
    Explanation(qiwi_errors::Explanation),
    Diagnosis(qiwi_errors::Diagnosis),
}

/// What the widget's search box calls: a pasted response (`{`, `<`, `HTTP/`) is diagnosed,
/// anything else is explained.
#[wasm_bindgen(js_name = answer, unchecked_return_type = "Answer")]
pub fn answer(input: &str) -> Result<JsValue, JsError> {
    let trimmed = input.trim_start();
    let body_like = trimmed.starts_with('{')
        || trimmed.starts_with('<')
        || trimmed
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("http/"));
    if body_like {
        let d = qiwi_errors::diagnose(input).map_err(|e| JsError::new(&e.to_string()))?;
        return to_js(&Answer::Diagnosis(d));
    }
    let e = qiwi_errors::explain(input).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&Answer::Explanation(e))
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RetryInput {
    family: Option<String>,
    code: Option<String>,
    http_status: Option<u16>,
    http_family: Option<String>,
    empty_body: Option<bool>,
    fatal: Option<bool>,
    payment_status: Option<i64>,
}

/// The retry decision for one failure, as a fresh operation's first failure.
#[wasm_bindgen(js_name = retryDecision, unchecked_return_type = "RetryDecision")]
pub fn retry_decision(
    #[wasm_bindgen(unchecked_param_type = "RetryInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    // serde-wasm-bindgen reads only the fields it knows, so a misspelt one would pass unseen.
    const FIELDS: &[&str] = &[
        "family",
        "code",
        "httpStatus",
        "httpFamily",
        "emptyBody",
        "fatal",
        "paymentStatus",
    ];
    if input.is_object() {
        for key in js_sys::Object::keys(input.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !FIELDS.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "bad retry input: unknown field `{key}`, expected one of {}",
                    FIELDS.join(", ")
                )));
            }
        }
    }
    let input: RetryInput = serde_wasm_bindgen::from_value(input).map_err(|e| {
        // Its errors are JS `Error`s, whose text starts with their class name.
        let message = e.to_string();
        let message = message.strip_prefix("Error: ").unwrap_or(&message);
        JsError::new(&format!("bad retry input: {message}"))
    })?;
    let mut failure = match (&input.family, &input.code) {
        (Some(f), Some(code)) => {
            let failure = Failure::code(family(f)?, code);
            if failure.entry.is_none() {
                return Err(JsError::new(&format!("no code `{code}` in {f}")));
            }
            failure
        }
        (None, None) => Failure::new(),
        _ => return Err(JsError::new("give both `family` and `code`, or neither")),
    };
    if let Some(status) = input.http_status {
        let http_family = family(input.http_family.as_deref().unwrap_or("payment-http"))?;
        let with_http = Failure::http(http_family, status);
        failure.http_status = with_http.http_status;
        failure.http_family = with_http.http_family;
        failure.entry = failure.entry.or(with_http.entry);
    }
    failure.empty_body = input.empty_body;
    failure.fatal = input.fatal;
    failure.payment_status = input.payment_status;
    to_js(&RetryPolicy::new().decide(&failure, std::time::Duration::ZERO))
}

#[derive(Serialize)]
struct FamilyInfo {
    name: &'static str,
    label_ru: &'static str,
    label_en: &'static str,
    entries: usize,
}

/// Every family with its labels and number of entries.
#[wasm_bindgen(js_name = families, unchecked_return_type = "{ name: string; label_ru: string; label_en: string; entries: number }[]")]
pub fn families() -> Result<JsValue, JsError> {
    let list: Vec<FamilyInfo> = Family::ALL
        .iter()
        .map(|f| FamilyInfo {
            name: f.as_str(),
            label_ru: f.label(qiwi_errors::Lang::Ru),
            label_en: f.label(qiwi_errors::Lang::En),
            entries: qiwi_errors::family_entries(*f).count(),
        })
        .collect();
    to_js(&list)
}

/// How a candidate is labelled for people (`QWPRC-220`, `HTTP 404`), or the symptom's id.
#[wasm_bindgen(js_name = label)]
pub fn label(family_name: &str, code: &str) -> Result<String, JsError> {
    let entry = qiwi_errors::lookup(family(family_name)?, code)
        .ok_or_else(|| JsError::new(&format!("no code `{code}` in {family_name}")))?;
    Ok(entry.label().to_string())
}
