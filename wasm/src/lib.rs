//! WebAssembly bindings of `qiwi-errors`: the same lookups for web pages, returning plain JS
//! objects. Every error becomes a JS exception with a clear message; nothing panics across the
//! boundary (the release profile aborts on panic, and no code path here can panic on input).
//!
//! The module carries what every answer shows. What only developers read (the explanations,
//! steps, superseded meanings and family notes) is never referenced here, so the linker leaves
//! it out; the widget fetches it per family from `details/FAMILY.json`
//! (`qiwi-errors export-details`) when "Details for developers" opens.

use qiwi_errors::retry::{FailureInput, RetryPolicy};
use qiwi_errors::{Family, Lang, Retry, Words};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The TypeScript types of every value the bindings return; `tests/types.rs` checks them
/// against what the library serialises.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Lang = "ru" | "en";
export interface Text { ru: string; en: string }
export interface Source { file: string; section: string; lines?: string; url?: string; title?: string; docs?: string }
export type Retry =
  | { kind: "never" } | { kind: "now" } | { kind: "later" } | { kind: "after"; seconds: number }
  | { kind: "after-user-action" } | { kind: "check-status" }
  | { kind: "limited"; max: number; window_seconds: number };
export type Severity = "info" | "warning" | "error" | "critical";
export type Actor = "customer" | "merchant" | "qiwi-support" | "issuing-bank" | "recipient";
export type Provenance = "official" | "community" | "inferred";
export interface Entry {
  family: string; label: string; code: string; range?: [number, number | null];
  title: Text; customer: Text; severity: Severity; retry: Retry; actors: Actor[];
  final: boolean | null; related: string[]; sensitive: boolean; provenance: Provenance;
  generic?: boolean;
}
export interface Context { when: Text; meaning: Text }
export interface Superseded { meaning: Text; note: Text; edition?: string; date?: string; sources: Source[] }
export interface Pairing { with: string; edition: string; date: string; sources: Source[] }
export interface Conflict { about: Text; followed: Text; sources: Source[] }
export interface Details {
  developer: Text; steps: Text[]; contexts?: Context[]; superseded?: Superseded[]; sources: Source[];
  retry_source?: Source; pairings?: Pairing[]; wording?: Keywords; conflicts?: Conflict[];
}
/** `details/FAMILY.json`: what "Details for developers" shows, fetched on demand. */
export interface FamilyDetails { note: Text | null; entries: { [code: string]: Details } }
export interface Keywords { ru: string[]; en: string[] }
export interface Symptom {
  id: string; title: Text; summary: Text; keywords: Keywords;
  causes: Text[]; steps: Text[]; contact_support: Text; related: string[]; sources: Source[];
}
export type Found = { entry: Entry } | { symptom: Symptom };
export type MatchReason =
  | { kind: "code"; code: string; hinted: boolean; how: "exact" | "range" | "leading-zeros" | "near" }
  | { kind: "text"; words: string[] };
export interface Candidate { found: Found; score: number; reason: MatchReason }
export interface Explanation { candidates: Candidate[]; ambiguous: boolean; unknown: string | null }
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
export interface FailureInput {
  family?: string; code?: string; httpStatus?: number; httpFamily?: string;
  emptyBody?: boolean; fatal?: boolean; paymentStatus?: number;
}
export type Answer = ({ kind: "explanation" } & Explanation) | ({ kind: "diagnosis" } & Diagnosis);
export interface FamilyInfo { name: string; label_ru: string; label_en: string; entries: number }
/** Every fixed word of the widget and the CLI, in one language; `found` holds `{n}`. */
export interface Words {
  lang: Lang; family: string; details: string; details_for_developers: string; steps: string;
  severity: string; retry: string; actors: string; final_status: string; sensitive: string;
  provenance: string; superseded: string; paired_with: string; conflict: string; related: string;
  sources: string; causes: string;
  family_note: string; support: string; advice: string; heading: string; input_label: string;
  placeholder: string; submit: string; loading: string; loading_details: string;
  details_unavailable: string; ambiguous: string; nothing: string; found: string; also: string;
  read_with: string; severities: { [s in Severity]: string }; actor_names: { [a in Actor]: string };
  provenances: { [p in Provenance]: string }; yes_no: [string, string];
}
"#;

// Through JSON text and the browser's `JSON.parse` rather than serde-wasm-bindgen's
// serializer: the same plain objects, and serde_json is in the module already (for
// `diagnose`), while serde-wasm-bindgen's per-type serializers cost about 6 KB gzipped.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("cannot convert the answer: {e}")))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("cannot convert the answer"))
}

/// A JS value read as `T` through its JSON text, so that serde's own checks (unknown fields,
/// types) apply.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("bad {what}: not a plain object")))?;
    serde_json::from_str(&json).map_err(|e| {
        // The position serde_json adds is in a JSON text the caller never wrote.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        JsError::new(&format!("bad {what}: {message}"))
    })
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

/// `ru*` is Russian, anything else English.
fn lang(tag: &str) -> Lang {
    if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ru")) {
        Lang::Ru
    } else {
        Lang::En
    }
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

/// What the widget's search box calls: a pasted response is diagnosed, anything else
/// explained (the library's `answer`).
#[wasm_bindgen(js_name = answer, unchecked_return_type = "Answer")]
pub fn answer(input: &str) -> Result<JsValue, JsError> {
    let a = qiwi_errors::answer(input).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&a)
}

/// The retry decision for one failure, as a fresh operation's first failure.
#[wasm_bindgen(js_name = retryDecision, unchecked_return_type = "RetryDecision")]
pub fn retry_decision(
    #[wasm_bindgen(unchecked_param_type = "FailureInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: FailureInput = from_js(&input, "retry input")?;
    let failure = input
        .to_failure()
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&RetryPolicy::new().decide(&failure, std::time::Duration::ZERO))
}

/// Every fixed word of the widget in the language of the BCP 47 tag `lang_tag` (`ru*` is
/// Russian, anything else English).
#[wasm_bindgen(js_name = words, unchecked_return_type = "Words")]
pub fn words(lang_tag: &str) -> Result<JsValue, JsError> {
    to_js(Words::of(lang(lang_tag)))
}

/// A code's retry advice as a sentence in the language of `lang_tag`.
#[wasm_bindgen(js_name = retryAdvice)]
pub fn retry_advice(
    #[wasm_bindgen(unchecked_param_type = "Retry")] retry: JsValue,
    lang_tag: &str,
) -> Result<String, JsError> {
    let retry: Retry = from_js(&retry, "retry advice")?;
    Ok(Words::of(lang(lang_tag)).retry_advice(retry))
}

#[derive(Serialize)]
struct FamilyInfo {
    name: &'static str,
    label_ru: &'static str,
    label_en: &'static str,
    entries: usize,
}

/// Every family with its labels and number of entries.
#[wasm_bindgen(js_name = families, unchecked_return_type = "FamilyInfo[]")]
pub fn families() -> Result<JsValue, JsError> {
    let list: Vec<FamilyInfo> = Family::ALL
        .iter()
        .map(|f| FamilyInfo {
            name: f.as_str(),
            label_ru: f.label(Lang::Ru),
            label_en: f.label(Lang::En),
            entries: qiwi_errors::family_entries(*f).count(),
        })
        .collect();
    to_js(&list)
}

/// How a code is labelled for people (`QWPRC-220`, `HTTP 404`).
#[wasm_bindgen(js_name = label)]
pub fn label(family_name: &str, code: &str) -> Result<String, JsError> {
    let entry = qiwi_errors::lookup(family(family_name)?, code)
        .ok_or_else(|| JsError::new(&format!("no code `{code}` in {family_name}")))?;
    Ok(entry.label().to_string())
}

#[cfg(test)]
mod types;
