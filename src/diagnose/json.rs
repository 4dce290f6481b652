//! JSON bodies: the walk over every field, and how each field name and API read a value.

use super::report::{Diagnosis, Finding, MAX_DEPTH, MAX_FINDINGS};
use crate::entry::Entry;
use crate::kinds::Family;
use serde_json::Value;

/// Which API a body came from, to read `status` and `errorCode` in the right family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Api {
    Identification,
    Invoice,
    /// The payment protocol's own services (`payin-core`).
    Payin,
    /// The wallet API (`serviceName` `payment-history`, ..., or the host `edge.qiwi.com`).
    Wallet,
    Unknown,
}

impl Api {
    /// The API a body came from: its `serviceName` names it, else its fields do, else the URL
    /// the paste names (`named`).
    pub(super) fn of(root: &Value, named: Option<Api>) -> Api {
        let service = root
            .get("serviceName")
            .and_then(Value::as_str)
            .unwrap_or("");
        if service.contains("identification") || root.get("applicationStatus").is_some() {
            Api::Identification
        } else if service.contains("invoic")
            || root.get("billId").is_some()
            || root.get("bill").is_some()
        {
            Api::Invoice
        } else if service.starts_with("payin") {
            Api::Payin
        } else if !service.is_empty() {
            // The wallet API's services: payment-history, funding-sources, person-profile...
            Api::Wallet
        } else {
            // Nothing in the body says: the URL it was sent to, if the paste has one.
            named.unwrap_or(Api::Unknown)
        }
    }
}

pub(super) fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The longest field name kept in a finding's path; longer names are cut (at a character
/// boundary), so that a path costs at most `MAX_DEPTH` times this, whatever the body.
const MAX_NAME: usize = 64;

/// Appends `.key` (or `key` at the root) to `path`, the name cut to [`MAX_NAME`] bytes.
fn push_name(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    let mut end = key.len().min(MAX_NAME);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    path.push_str(&key[..end]);
}

/// Walks a JSON value once. `path` is one buffer for the whole walk: each field's name is
/// appended and cut off again, and a path is copied only into a finding, so the walk is
/// linear in the body.
pub(super) fn walk_json(
    value: &Value,
    path: &mut String,
    api: Api,
    depth: usize,
    d: &mut Diagnosis,
) {
    if depth > MAX_DEPTH || d.findings.len() >= MAX_FINDINGS {
        return;
    }
    match value {
        Value::Object(map) => {
            let api = if map.contains_key("billId") {
                Api::Invoice
            } else {
                api
            };
            let refund = map.contains_key("refundId") || path.ends_with("refund");
            let mut reason: Option<Entry> = None;
            let parent = path.len();
            for (key, v) in map {
                path.truncate(parent);
                push_name(path, key);
                let lower = key.to_ascii_lowercase();
                if matches!(
                    lower.as_str(),
                    "description" | "usermessage" | "message" | "errormessage"
                ) {
                    if let Some(text) = v.as_str().filter(|t| !t.trim().is_empty()) {
                        if d.messages.len() < MAX_FINDINGS {
                            d.messages.push(text.chars().take(500).collect());
                        }
                    }
                    continue;
                }
                if v.is_object() || v.is_array() {
                    if lower == "status" {
                        read_status_object(v, path, d);
                    }
                    walk_json(v, path, api, depth + 1, d);
                    continue;
                }
                let Some(text) = value_text(v) else { continue };
                let within = &path[..parent];
                let found = match lower.as_str() {
                    "errorcode" => Some(error_code(&text, api)),
                    "type" => [Family::WalletIdentLevel, Family::PaymentOperationType]
                        .into_iter()
                        .find(|f| crate::lookup::lookup(*f, &text).is_some())
                        .map(|f| (f, text.clone())),
                    "code" => match crate::query::glued_code(&text) {
                        Some((named, n)) if named == [Family::WalletError] => {
                            Some((Family::WalletError, n.to_string()))
                        }
                        _ => text.contains('.').then(|| error_code(&text, api)),
                    },
                    "reasoncode" | "reason" if within.ends_with("status") => {
                        Some((Family::PaymentReason, text.clone()))
                    }
                    "identificationlevelreasoncode" | "productidentificationlevelreason" => {
                        Some((Family::IdentReason, text.clone()))
                    }
                    "applicationstatus" => Some((Family::IdentStatus, text.clone())),
                    "identificationlevel" | "productidentificationlevel" => Some((
                        first_having(&[Family::IdentLevel, Family::WalletIdentLevel], &text),
                        text.clone(),
                    )),
                    "status" if refund => Some((
                        first_having(&[Family::BillRefundStatus, Family::PullRefundStatus], &text),
                        text.clone(),
                    )),
                    "status" => Some((status_family(&text, api, within), text.clone())),
                    "value" if within.ends_with("status") => {
                        Some((status_family(&text, api, within), text.clone()))
                    }
                    "result_code" => Some((
                        first_having(&[Family::PullError, Family::BillResult], &text),
                        text.clone(),
                    )),
                    "error_code" => Some((Family::QiwipayError, text.clone())),
                    "txn_status" => Some((Family::QiwipayStatus, text.clone())),
                    "restrictioncode" => Some((Family::WalletRestriction, text.clone())),
                    _ => None,
                };
                if let Some((family, code)) = found {
                    let entry = crate::lookup::lookup(family, &code);
                    if family == Family::PaymentReason {
                        reason = entry.or(reason);
                    }
                    let note = (entry.is_some() && code != text)
                        .then(|| format!("`{text}` read as {} {code}", family.as_str()));
                    push(d, path.clone(), text, family, entry, note);
                }
            }
            path.truncate(parent);
            if let Some(reason) = reason {
                let len = path.len();
                push_name(path, "psErrorCode");
                link_ps_error(d, path, reason);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            let parent = path.len();
            for (i, item) in items.iter().enumerate().take(MAX_FINDINGS) {
                path.truncate(parent);
                // `[i]` after the parent's name, as `items[0]`.
                let _ = std::fmt::Write::write_fmt(path, format_args!("[{i}]"));
                walk_json(item, path, api, depth + 1, d);
            }
            path.truncate(parent);
        }
        _ => {}
    }
}

/// `status: {value, reason/reasonCode, psErrorCode}` of the payment protocol.
pub(super) fn read_status_object(v: &Value, field: &str, d: &mut Diagnosis) {
    let Some(map) = v.as_object() else { return };
    let Some(ps) = map.get("psErrorCode") else {
        return;
    };
    // A number loses its leading zero (`4` for `04`); the documented key is a string.
    let (code, note) = match ps {
        Value::Number(n) => {
            let raw = n.to_string();
            let padded = if raw.len() == 1 {
                format!("0{raw}")
            } else {
                raw.clone()
            };
            let note = (padded != raw).then(|| {
                format!("psErrorCode came as the number {raw}; it is the string \"{padded}\" that the protocol documents")
            });
            (padded, note)
        }
        other => match value_text(other) {
            Some(s) => (s, None),
            None => return,
        },
    };
    let entry = crate::lookup::lookup(Family::PsError, &code);
    push(
        d,
        format!("{field}.psErrorCode"),
        code,
        Family::PsError,
        entry,
        note,
    );
}

/// Reads a psErrorCode together with the reason it came with, and says when they disagree
/// with the documented pairing.
pub(super) fn link_ps_error(d: &mut Diagnosis, field: &str, reason: Entry) {
    for f in d.findings.iter_mut().filter(|f| f.field == field) {
        f.with = Some(reason);
        if let Some(ps) = f.entry {
            let documented = ps.related().any(|r| r == reason);
            if !documented {
                f.note.get_or_insert_with(|| {
                    format!("documented with another reason than {}", reason.code())
                });
            }
        }
    }
}

pub(super) fn push(
    d: &mut Diagnosis,
    field: String,
    value: String,
    family: Family,
    entry: Option<Entry>,
    note: Option<String>,
) {
    if d.findings.len() >= MAX_FINDINGS || d.findings.iter().any(|f| f.field == field) {
        return;
    }
    let note = note.or_else(|| {
        entry
            .is_none()
            .then(|| format!("`{value}` is not a known {} code", family.as_str()))
    });
    let with = if family == Family::PsError && entry.is_some() {
        entry.and_then(|e| e.related().next())
    } else {
        None
    };
    d.findings.push(Finding {
        field,
        value,
        family,
        entry,
        with,
        note,
    });
}

/// The family and code of an `errorCode` value: `220` and `QWPRC-220` are the wallet's,
/// `error.code.api.invoice.not.found` the invoice API's; other names go to the API's own
/// family first. The spellings are the query reader's ([`crate::query::glued_code`]).
pub(super) fn error_code(text: &str, api: Api) -> (Family, String) {
    let (named, code) = match crate::query::glued_code(text) {
        Some((families, code)) => (families, code),
        None => (&[][..], text),
    };
    if named == [Family::WalletError] || code.bytes().all(|b| b.is_ascii_digit()) {
        return (Family::WalletError, code.to_string());
    }
    if api == Api::Wallet {
        if let Some(status) = wallet_http_status(code) {
            return (Family::WalletHttp, status.to_string());
        }
    }
    let order: &[Family] = match api {
        Api::Identification => &[Family::IdentError, Family::BillError, Family::PayinError],
        Api::Payin => &[Family::PayinError, Family::BillError, Family::IdentError],
        _ => &[Family::BillError, Family::IdentError, Family::PayinError],
    };
    (first_having(order, code), code.to_string())
}

/// The wallet API names its HTTP errors in `errorCode` (`auth.forbidden`): the status whose
/// standard reason phrase (RFC 9110) the name spells.
fn wallet_http_status(code: &str) -> Option<u16> {
    let last = code.rsplit('.').next()?;
    match last {
        "unauthorized" => Some(401),
        "forbidden" => Some(403),
        _ if code.ends_with("not.found") => Some(404),
        _ => None,
    }
}

pub(super) fn status_family(text: &str, api: Api, path: &str) -> Family {
    let order: &[Family] = match api {
        Api::Invoice => &[Family::BillStatus, Family::PaymentStatus],
        Api::Identification => &[Family::IdentStatus],
        // The wallet's payment history and webhooks carry `payment.status`.
        _ if path.ends_with("payment") || path.contains("data") => &[
            Family::WalletTxnStatus,
            Family::PaymentStatus,
            Family::BillStatus,
        ],
        _ => &[
            Family::PaymentStatus,
            Family::WalletTxnStatus,
            Family::BillStatus,
            Family::PullStatus,
        ],
    };
    first_having(order, text)
}

/// The first family whose table has `code`, else the first that shows it at all (a code only
/// an official sample shows), or the first family when none has it.
pub(super) fn first_having(order: &[Family], code: &str) -> Family {
    let having = |table: bool| {
        order.iter().copied().find(|f| {
            crate::lookup::lookup(*f, code)
                .is_some_and(|e| !table || e.provenance() != crate::kinds::Provenance::Example)
        })
    };
    having(true).or_else(|| having(false)).unwrap_or(order[0])
}
