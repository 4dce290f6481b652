//! XML bodies: the top-up/payout protocol's `result-code` and `<payment>` attributes, and the
//! other XML protocols' elements.

use super::json::{first_having, push};
use super::report::{parse_bool, DiagnoseError, Diagnosis, MAX_DEPTH, MAX_FINDINGS};
use crate::kinds::Family;
use std::fmt;

pub(super) fn read_xml(text: &str, d: &mut Diagnosis) -> Result<(), DiagnoseError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    // The open elements' names (cut to MAX_NAME bytes), and the same path joined with `/`,
    // kept as one buffer: each event costs its own size, so the walk is linear in the body.
    let mut path: Vec<String> = Vec::new();
    let mut joined = String::new();
    let mut fatal: Option<String> = None;
    let xml_error = |reader: &quick_xml::Reader<&[u8]>, e: &dyn fmt::Display| DiagnoseError::Xml {
        position: reader.buffer_position(),
        message: e.to_string(),
    };
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&reader, &e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = cut(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
                let mut attrs: Vec<(String, String)> = Vec::new();
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| xml_error(&reader, &e))?;
                    let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
                    let value = attr
                        .unescape_value()
                        .map_err(|e| xml_error(&reader, &e))?
                        .into_owned();
                    attrs.push((key, value));
                }
                let parent = joined.len();
                if !joined.is_empty() {
                    joined.push('/');
                }
                joined.push_str(&name);
                let here = joined.clone();
                joined.truncate(parent);
                if name == "result-code" {
                    fatal = attrs
                        .iter()
                        .find(|(k, _)| k == "fatal")
                        .map(|(_, v)| v.clone());
                    d.fatal = fatal.as_deref().and_then(parse_bool).or(d.fatal);
                    if let Some((_, message)) = attrs.iter().find(|(k, _)| k == "message") {
                        d.messages.push(message.clone());
                    }
                }
                if name == "payment" {
                    read_payment_attrs(&here, &attrs, d);
                }
                if matches!(event, Event::Start(_)) {
                    if path.len() >= MAX_DEPTH {
                        return Err(DiagnoseError::Xml {
                            position: reader.buffer_position(),
                            message: format!("nested deeper than {MAX_DEPTH} elements"),
                        });
                    }
                    if !joined.is_empty() {
                        joined.push('/');
                    }
                    joined.push_str(&name);
                    path.push(name);
                }
            }
            Event::End(_) => {
                if let Some(name) = path.pop() {
                    let len = joined
                        .len()
                        .saturating_sub(name.len() + usize::from(!path.is_empty()));
                    joined.truncate(len);
                }
            }
            Event::Text(t) => {
                let Some(name) = path.last() else { continue };
                let Some(order) = element_families(name, &path) else {
                    continue;
                };
                let value = t
                    .unescape()
                    .map_err(|e| xml_error(&reader, &e))?
                    .trim()
                    .to_string();
                // `<error>0</error>` beside a bill's status says nothing went wrong.
                if name == "error" && value == "0" {
                    continue;
                }
                let family = first_having(order, &value);
                let entry = crate::lookup::lookup(family, &value);
                let mut notes: Vec<String> = Vec::new();
                if name == "result-code" {
                    if let Some(f) = &fatal {
                        notes.push(format!("fatal={f}"));
                    }
                }
                if family != order[0] && entry.is_some() {
                    notes.push(format!(
                        "not a {} code; read as {}",
                        order[0].as_str(),
                        family.as_str()
                    ));
                }
                let note = (!notes.is_empty()).then(|| notes.join("; "));
                push(d, joined.clone(), value, family, entry, note);
            }
            Event::Eof => break,
            _ => {}
        }
        if d.findings.len() >= MAX_FINDINGS {
            break;
        }
    }
    Ok(())
}

/// The longest element name kept in a path; longer names are cut at a character boundary.
const MAX_NAME: usize = 64;

fn cut(mut name: String) -> String {
    if name.len() > MAX_NAME {
        let mut end = MAX_NAME;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
    }
    name
}

/// The families an element's text belongs to, first the likeliest: the XML protocols'
/// `result-code` (a payment result code when the request result has no such code), the
/// invoice and Pull REST APIs' `result_code` (the notification reply when the root is
/// `<result>`), and a Pull bill's or refund's `status` and `error`.
fn element_families(name: &str, path: &[String]) -> Option<&'static [Family]> {
    let refund = path.iter().any(|p| p == "refund");
    Some(match name {
        "result-code" => &[
            Family::XmlRequestResult,
            Family::XmlPaymentResult,
            Family::TopupResult,
        ],
        "result_code" if path.first().is_some_and(|p| p == "result") => {
            &[Family::PullNotify, Family::PullError]
        }
        "result_code" => &[Family::PullError, Family::BillResult, Family::PullNotify],
        "status" if refund => &[Family::PullRefundStatus, Family::PullStatus],
        "status" => &[
            Family::PullStatus,
            Family::PullRefundStatus,
            Family::BillStatus,
        ],
        "error" => &[Family::PullError],
        _ => return None,
    })
}

fn read_payment_attrs(here: &str, attrs: &[(String, String)], d: &mut Diagnosis) {
    let get = |k: &str| {
        attrs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if let Some(status) = get("status") {
        let entry = crate::lookup::lookup(Family::XmlPaymentStatus, &status);
        let note = get("final-status").map(|f| format!("final-status={f}"));
        push(
            d,
            format!("{here}@status"),
            status,
            Family::XmlPaymentStatus,
            entry,
            note,
        );
    }
    if let Some(code) = get("result-code") {
        let family = first_having(&[Family::XmlPaymentResult, Family::TopupResult], &code);
        let entry = crate::lookup::lookup(family, &code);
        let fatal = get("fatal-error");
        d.fatal = fatal.as_deref().and_then(parse_bool).or(d.fatal);
        let note = fatal.map(|f| format!("fatal-error={f}"));
        push(d, format!("{here}@result-code"), code, family, entry, note);
    }
}
