//! WebAssembly bindings of `qiwi-errors`: the same lookups for web pages, returning plain JS
//! objects. Every error becomes a JS `Error` with a message for developers (English) and the
//! library's error as data: `error.kind` and `error.detail` (`{kind, ...}`, the `QiwiError`
//! type), which a page maps to its own words. Nothing panics across the boundary (the release
//! profile aborts on panic, and no code path here can panic on input).
//!
//! The module carries what every answer shows. What only developers read (the explanations,
//! steps, superseded meanings and family notes) is never referenced here, so the linker leaves
//! it out; the widget fetches it per family from `details/FAMILY.json`
//! (`qiwi-errors export-details`) when "Details for developers" opens.

use qiwi_errors::retry::{FailureInput, RetryPolicy};
use qiwi_errors::{AnswerError, Family, Lang, Retry, Words};
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
export type Provenance = "official" | "community" | "inferred" | "example";
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
  retry_source?: Source; pairings?: Pairing[]; keywords?: Keywords; wording?: Keywords; conflicts?: Conflict[];
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
/** `main`: the index in `findings` of the most serious known code, or `null`. */
export type Answer =
  | ({ kind: "explanation" } & Explanation)
  | ({ kind: "diagnosis"; main: number | null } & Diagnosis);
/**
 * What every thrown `Error` carries as `error.detail` (and its `kind` as `error.kind`):
 * `empty`, `too-long` (a query; `len` and `limit` in bytes), `not-found` (`code`, `families`),
 * `too-large` (a response; `len`, `limit`), `not-json-or-xml`, `json` (`line`, `column`,
 * `message`), `xml` (`position`, `message`), `not-text` (control characters, undecodable
 * bytes), `unknown-family` (`name`), `no-code` (`family`, `code`), `bad-input` (`message`).
 */
export interface QiwiError {
  kind: "empty" | "too-long" | "not-found" | "too-large" | "not-json-or-xml" | "json" | "xml"
    | "not-text" | "unknown-family" | "no-code" | "bad-input";
  len?: number; limit?: number; code?: string | null; families?: string[]; line?: number;
  column?: number; position?: number; message?: string; name?: string; family?: string;
}
export interface FamilyInfo { name: string; label_ru: string; label_en: string; entries: number }
/**
 * Every fixed word of the widget and the CLI, in one language; `found`, `more_items` and
 * `too_large` hold `{n}`, `unknown_code` holds `{code}`.
 */
export interface Words {
  lang: Lang; family: string; details: string; details_for_developers: string; steps: string;
  severity: string; retry: string; actors: string; final_status: string; sensitive: string;
  provenance: string; superseded: string; paired_with: string; conflict: string; related: string;
  sources: string; causes: string;
  family_note: string; support: string; advice: string; heading: string; input_label: string;
  placeholder: string; submit: string; loading: string; loading_details: string;
  details_unavailable: string; ambiguous: string; nothing: string; found: string; also: string;
  read_with: string; language: string; show_more: string; more_items: string;
  api_message: string; unknown_code: string; too_long: string; too_large: string;
  malformed: string; not_response: string; not_text: string; unavailable: string; severities: { [s in Severity]: string }; actor_names: { [a in Actor]: string };
  provenances: { [p in Provenance]: string }; yes_no: [string, string];
}
"#;

// Through JSON text and the browser's `JSON.parse` rather than serde-wasm-bindgen's
// serializer: the same plain objects, and serde_json is in the module already (for
// `diagnose`), while serde-wasm-bindgen's per-type serializers cost about 6 KB gzipped.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|_| {
        fail(&BadInput {
            message: "cannot convert the answer",
        })
    })?;
    js_sys::JSON::parse(&json)
}

/// The one way errors leave the bindings: a JS `Error` whose message is the error's text (for
/// developers, in English), with the error itself as data: `kind`, and `detail`, the error
/// serialised (`{kind, ...}`), so that a page shows its own words, never this text.
fn fail<E: Serialize + std::fmt::Display>(error: &E) -> JsValue {
    fail_with(error, None)
}

/// [`fail`] with one more field in `detail` (a limit the library's error does not carry).
fn fail_with<E: Serialize + std::fmt::Display>(error: &E, extra: Option<(&str, f64)>) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let detail = serde_json::to_string(error)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL);
    // Setting a property on a fresh object cannot fail.
    if let Some((key, value)) = extra {
        let _ = js_sys::Reflect::set(&detail, &key.into(), &value.into());
    }
    let kind = js_sys::Reflect::get(&detail, &"kind".into()).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&js, &"kind".into(), &kind);
    let _ = js_sys::Reflect::set(&js, &"detail".into(), &detail);
    js.into()
}

/// An answer error as the bindings throw it: the library's error, and for a length error the
/// limit it broke (the library's errors carry the length only).
fn answer_error(e: &AnswerError) -> JsValue {
    use qiwi_errors::{DiagnoseError, ExplainError};
    let limit = match e {
        AnswerError::Explain(ExplainError::TooLong { .. }) => Some(qiwi_errors::MAX_QUERY_LEN),
        AnswerError::Diagnose(DiagnoseError::TooLarge { .. }) => Some(qiwi_errors::MAX_BODY_LEN),
        _ => None,
    };
    fail_with(e, limit.map(|l| ("limit", l as f64)))
}

/// Input the bindings themselves reject (not a plain object, wrong types); `kind: "bad-input"`.
#[derive(Serialize)]
#[serde(tag = "kind", rename = "bad-input")]
struct BadInput<M> {
    message: M,
}

impl<M: std::fmt::Display> std::fmt::Display for BadInput<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message.fmt(f)
    }
}

/// A JS value read as `T` through its JSON text, so that serde's own checks (unknown fields,
/// types) apply.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            fail(&BadInput {
                message: format!("bad {what}: not a plain object"),
            })
        })?;
    serde_json::from_str(&json).map_err(|e| {
        // The position serde_json adds is in a JSON text the caller never wrote.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        fail(&BadInput {
            message: format!("bad {what}: {message}"),
        })
    })
}

/// A family name the bindings do not know; `kind: "unknown-family"`.
#[derive(Serialize)]
#[serde(tag = "kind", rename = "unknown-family")]
struct UnknownFamily<'a> {
    name: &'a str,
}

impl std::fmt::Display for UnknownFamily<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
        write!(
            f,
            "unknown family `{}`; the families are: {}",
            self.name,
            names.join(", ")
        )
    }
}

/// A code its family does not have; `kind: "no-code"`.
#[derive(Serialize)]
#[serde(tag = "kind", rename = "no-code")]
struct NoCode<'a> {
    family: &'a str,
    code: &'a str,
}

impl std::fmt::Display for NoCode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no code `{}` in {}", self.code, self.family)
    }
}

fn family(name: &str) -> Result<Family, JsValue> {
    Family::from_name(name).ok_or_else(|| fail(&UnknownFamily { name }))
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
pub fn explain(query: &str) -> Result<JsValue, JsValue> {
    let answer = qiwi_errors::explain(query).map_err(|e| answer_error(&AnswerError::Explain(e)))?;
    to_js(&answer)
}

/// The entry of `code` in `family`, or `null`.
#[wasm_bindgen(js_name = lookup, unchecked_return_type = "Entry | null")]
pub fn lookup(family_name: &str, code: &str) -> Result<JsValue, JsValue> {
    match qiwi_errors::lookup(family(family_name)?, code) {
        Some(entry) => to_js(&entry),
        None => Ok(JsValue::NULL),
    }
}

/// Free-text search in Russian and English; best first.
#[wasm_bindgen(js_name = search, unchecked_return_type = "Candidate[]")]
pub fn search(query: &str) -> Result<JsValue, JsValue> {
    to_js(&qiwi_errors::search(query))
}

/// Explains every code in a whole API response (JSON or XML, optionally with the HTTP status
/// line and headers).
#[wasm_bindgen(js_name = diagnose, unchecked_return_type = "Diagnosis")]
pub fn diagnose(body: &str) -> Result<JsValue, JsValue> {
    let d = qiwi_errors::diagnose(body).map_err(|e| answer_error(&AnswerError::Diagnose(e)))?;
    to_js(&d)
}

/// What the widget's search box calls: a pasted response is diagnosed, anything else
/// explained (the library's `answer`). A diagnosis says which finding is the main one.
#[wasm_bindgen(js_name = answer, unchecked_return_type = "Answer")]
pub fn answer(input: &str) -> Result<JsValue, JsValue> {
    let a = qiwi_errors::answer(input).map_err(|e| answer_error(&e))?;
    match &a {
        qiwi_errors::Answer::Diagnosis(d) => {
            let js = to_js(&a)?;
            let main = main_index(d).map_or(JsValue::NULL, |i| JsValue::from(i as f64));
            js_sys::Reflect::set(&js, &"main".into(), &main)?;
            Ok(js)
        }
        _ => to_js(&a),
    }
}

/// The index of the diagnosis's main finding (its most serious known code).
fn main_index(d: &qiwi_errors::Diagnosis) -> Option<usize> {
    let main = d.main()?;
    d.findings
        .iter()
        .position(|f| f.entry.is_some_and(|e| e == main))
}

/// The retry decision for one failure, as a fresh operation's first failure.
#[wasm_bindgen(js_name = retryDecision, unchecked_return_type = "RetryDecision")]
pub fn retry_decision(
    #[wasm_bindgen(unchecked_param_type = "FailureInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: FailureInput = from_js(&input, "retry input")?;
    let failure = input.to_failure().map_err(|e| {
        fail(&BadInput {
            message: e.to_string(),
        })
    })?;
    to_js(&RetryPolicy::new().decide(&failure, std::time::Duration::ZERO))
}

/// Every fixed word of the widget in the language of the BCP 47 tag `lang_tag` (`ru*` is
/// Russian, anything else English).
#[wasm_bindgen(js_name = words, unchecked_return_type = "Words")]
pub fn words(lang_tag: &str) -> Result<JsValue, JsValue> {
    to_js(Words::of(lang(lang_tag)))
}

/// A code's retry advice as a sentence in the language of `lang_tag`.
#[wasm_bindgen(js_name = retryAdvice)]
pub fn retry_advice(
    #[wasm_bindgen(unchecked_param_type = "Retry")] retry: JsValue,
    lang_tag: &str,
) -> Result<String, JsValue> {
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
pub fn families() -> Result<JsValue, JsValue> {
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
pub fn label(family_name: &str, code: &str) -> Result<String, JsValue> {
    let entry = qiwi_errors::lookup(family(family_name)?, code).ok_or_else(|| {
        fail(&NoCode {
            family: family_name,
            code,
        })
    })?;
    Ok(entry.label().to_string())
}

#[cfg(test)]
mod types;
