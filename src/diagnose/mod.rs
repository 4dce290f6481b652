//! [`diagnose`]: explain every code in a whole API response, as the APIs return it.
//!
//! JSON bodies are read with `serde_json`, XML bodies with `quick-xml`; nothing is matched with
//! regular expressions. A pasted HTTP response (`HTTP/1.1 500 ...`, headers, blank line, body)
//! is read as status line plus body, so the payment protocol's 500 rule can look at the body.

mod json;
mod paste;
mod report;
mod xml;

use crate::kinds::Family;
use crate::retry_rules::{RetryDecision, RetryPolicy};
use json::{walk_json, Api};
use report::{default_http_family, MAX_FINDINGS};
pub use report::{BodyFormat, DiagnoseError, Diagnosis, Finding, MAX_BODY_LEN};
use serde_json::Value;
use xml::read_xml;

/// Explains every code in a whole API response: wallet JSON errors (`errorCode`, `code` like
/// `QWPRC-3`), payment-protocol operations (`status` with `reasonCode` and `psErrorCode`),
/// identification API errors, invoice and QIWI PAY fields, and XML top-up/payout responses
/// (`result-code` with `fatal`, `<payment status=...>`). A pasted HTTP status line and headers
/// before the body are understood too.
///
/// A body that parses but holds no known field gives a diagnosis without findings.
///
/// # Errors
///
/// [`DiagnoseError::Empty`], [`DiagnoseError::TooLarge`] above [`MAX_BODY_LEN`],
/// [`DiagnoseError::NotJsonOrXml`], or the parser's complaint for malformed JSON or XML.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{diagnose, Family};
/// use qiwi_errors::retry::RetryAction;
///
/// let xml = r#"<response><result-code fatal="false">13</result-code></response>"#;
/// let d = diagnose(xml).unwrap();
/// assert_eq!(d.findings[0].family, Family::XmlRequestResult);
/// assert_eq!(d.advice.unwrap().action, RetryAction::After { seconds: 60 });
///
/// let d = diagnose("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n").unwrap();
/// assert_eq!(d.advice.unwrap().action, RetryAction::Now);
/// ```
pub fn diagnose(body: &str) -> Result<Diagnosis, DiagnoseError> {
    if body.len() > MAX_BODY_LEN {
        return Err(DiagnoseError::TooLarge { len: body.len() });
    }
    let text = body.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(DiagnoseError::Empty);
    }
    // `curl -v`: the response is in the lines marked `< `; the URL stays in the text it names.
    let curl = paste::curl_response(text);
    let mut pasted = paste::split_http(curl.as_deref().unwrap_or(text));
    pasted.named = pasted.named.or_else(|| paste::api_named(text));
    let http_status = pasted.status;
    let mut d = Diagnosis {
        format: BodyFormat::Empty,
        http_status,
        findings: Vec::new(),
        messages: Vec::new(),
        fatal: None,
        advice: None,
    };
    // A fragment without braces, or a body inside a log line, stands for the whole body.
    let mut body: std::borrow::Cow<'_, str> = pasted.body.into();
    let mut fragment = false;
    if !body.is_empty() && !body.starts_with(['{', '[', '<']) {
        if let Some(whole) = paste::braced(&body) {
            body = whole.into();
            fragment = true;
        } else if let Some(inner) = paste::embedded(pasted.body) {
            body = inner.into_owned().into();
        } else if let Some(object) = paste::fields(pasted.body) {
            body = object.into();
        } else if http_status.is_none() {
            return Err(DiagnoseError::NotJsonOrXml);
        } else {
            body = "".into();
        }
    }
    // `[2024-05-01 12:00:01] ERROR {...}`: a bracketed log prefix, not a JSON array.
    if let Some(inner) = paste::after_bracketed_prefix(&body).and_then(paste::embedded) {
        body = inner.into_owned().into();
    }
    let text = body.as_ref();
    let mut json_root = None;
    if text.starts_with('{') || text.starts_with('[') {
        d.format = BodyFormat::Json;
        let value = parse_json(text)?;
        let api = Api::of(&value, pasted.named);
        if fragment {
            read_fragment_root(&value, &mut d);
        }
        walk_json(&value, &mut String::new(), api, 0, &mut d);
        // `{"value": "DECLINED"}`: a status object pasted without its `status` key.
        if !fragment && d.findings.is_empty() {
            read_fragment_root(&value, &mut d);
        }
        json_root = Some((value, api));
    } else if text.starts_with('<') {
        d.format = BodyFormat::Xml;
        read_xml(text, &mut d)?;
    }
    if let Some(status) = http_status {
        let api = json_root.as_ref().map(|(_, api)| *api);
        let api = api.or(pasted.named);
        let code = status.to_string();
        let family = http_family(api, &d);
        // The API's own table first; a status it does not list is read in the other APIs'.
        let mut order = vec![family];
        order.extend(crate::hints::HTTP.iter().filter(|f| **f != family));
        let found = json::first_having(&order, &code);
        let entry = crate::lookup::lookup(found, &code);
        let note = (found != family && entry.is_some()).then(|| {
            format!(
                "{} does not list HTTP {code}; read as {}",
                family.as_str(),
                found.as_str()
            )
        });
        d.findings.insert(
            0,
            Finding {
                field: "HTTP status".into(),
                value: code,
                family: found,
                entry,
                with: None,
                note,
            },
        );
    }
    d.findings.truncate(MAX_FINDINGS);
    d.advice = advise(&d);
    Ok(d)
}

/// Whether `text` is fields written as `key=value` (a log line, an exception message, a
/// form-urlencoded notification) that name an error code or a status: a response to diagnose.
pub(crate) fn has_fields(text: &str) -> bool {
    paste::fields(text).is_some()
}

/// JSON as pasted: strict first, then as Python or Ruby print it.
fn parse_json(text: &str) -> Result<Value, DiagnoseError> {
    serde_json::from_str(text).or_else(|e| {
        let repaired = paste::as_json(text);
        match repaired {
            std::borrow::Cow::Owned(json) => serde_json::from_str(&json).ok(),
            std::borrow::Cow::Borrowed(_) => None,
        }
        .ok_or(DiagnoseError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    })
}

/// A fragment's `"value": "CREATED"` is a status value, its object cut off.
fn read_fragment_root(value: &Value, d: &mut Diagnosis) {
    if let Some(text) = value.get("value").and_then(json::value_text) {
        let family = json::status_family(&text, Api::Unknown, "status");
        let entry = crate::lookup::lookup(family, &text);
        json::push(d, "value".into(), text, family, entry, None);
    }
}

fn http_family(api: Option<Api>, d: &Diagnosis) -> Family {
    match api {
        Some(Api::Identification) => Family::IdentHttp,
        Some(Api::Wallet) => Family::WalletHttp,
        _ => default_http_family(d),
    }
}

fn advise(d: &Diagnosis) -> Option<RetryDecision> {
    d.failure()
        .map(|failure| RetryPolicy::new().decide(&failure, std::time::Duration::ZERO))
}
