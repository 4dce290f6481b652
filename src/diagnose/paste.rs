//! What people paste around a body: an HTTP status line and headers (with or without the blank
//! line before the body, as QIWI's own docs print them), a request before the response, a log
//! line with a body inside, a JSON fragment without braces, a body printed by Python (`None`,
//! single quotes) or Ruby (`=>`, `:symbol`). Each is turned into the clean body it stands for.

use super::json::Api;
use std::borrow::Cow;

/// A pasted response taken apart: its HTTP status, where the status line says which API
/// answered (a `Host:` header), and the body.
pub(super) struct Pasted<'a> {
    pub status: Option<u16>,
    /// The API a URL, host or request line in the text names (`edge.qiwi.com`,
    /// `/partner/payin/`), if any.
    pub named: Option<Api>,
    pub body: &'a str,
}

/// The API a URL in the text belongs to: the wallet API's host and paths, the payment
/// protocol's, the invoice API's, the identification API's.
pub(super) fn api_named(text: &str) -> Option<Api> {
    const PATHS: &[(&str, Api)] = &[
        ("edge.qiwi.com", Api::Wallet),
        ("/payment-history/", Api::Wallet),
        ("/sinap/", Api::Wallet),
        ("/funding-sources/", Api::Wallet),
        ("/person-profile/", Api::Wallet),
        ("/partner/payin/", Api::Payin),
        ("/partner/bill/", Api::Invoice),
        ("/identification/", Api::Identification),
    ];
    PATHS
        .iter()
        .find(|(path, _)| text.contains(path))
        .map(|&(_, api)| api)
}

/// The response in `curl -v` output, whose lines carry `< ` (the response), `> ` (the request)
/// and `* ` (curl's own): the response's lines without their mark, the rest dropped. `None` for
/// text with no `< HTTP/` line.
pub(super) fn curl_response(text: &str) -> Option<String> {
    if !text.lines().any(|l| l.starts_with("< HTTP/")) {
        return None;
    }
    let mut response = String::with_capacity(text.len());
    for line in text.lines() {
        let kept = match line.strip_prefix('<') {
            Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
            None if line.starts_with(['>', '*', '$']) => continue,
            // curl's notes on the data it sent and received.
            None if line.starts_with("{ [") || line.starts_with("} [") => continue,
            None => line,
        };
        response.push_str(kept);
        response.push('\n');
    }
    Some(response)
}

/// Splits an HTTP response (or a request followed by its response) into the status and the
/// body; a text without a status line is all body.
pub(super) fn split_http(text: &str) -> Pasted<'_> {
    let named = api_named(text);
    let mut at = 0;
    let mut status_line = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if is_status_line(trimmed) {
            status_line = Some((at, line.len(), trimmed));
            break;
        }
        // Only a request line and its headers may come before the status line.
        let request = trimmed.ends_with("HTTP/1.1") || trimmed.ends_with("HTTP/1.0");
        if !(request || trimmed.is_empty() || is_header(trimmed)) || at == 0 && !request {
            break;
        }
        at += line.len();
    }
    let Some((start, len, line)) = status_line else {
        return Pasted {
            status: None,
            named: None,
            body: text,
        };
    };
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok());
    // Headers, then the body: after a blank line, or (QIWI's docs) right after the last header.
    let mut body = &text[start + len..];
    while let Some(line) = body.split_inclusive('\n').next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            body = &body[line.len()..];
            break;
        }
        if !is_header(trimmed) {
            break;
        }
        body = &body[line.len()..];
    }
    Pasted {
        status,
        named,
        body: body.trim(),
    }
}

/// `HTTP/1.1 500 ...`, `HTTP/2 401`.
pub(super) fn is_status_line(line: &str) -> bool {
    let Some(rest) = line.get(..5).filter(|p| p.eq_ignore_ascii_case("http/")) else {
        return false;
    };
    let _ = rest;
    line.split_whitespace()
        .nth(1)
        .is_some_and(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
}

/// `Content-Type: text/xml`: a token, a colon, a value.
fn is_header(line: &str) -> bool {
    let Some((name, _)) = line.split_once(':') else {
        return false;
    };
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The body inside a log line or other text (`... payment failed: {"errorCode":705}`,
/// `[payin] status={...}`), from its first `{` or `<` to the end; `None` if there is none. A
/// status object printed after its field's name (`status={...}`, `status: {...}`) is put back
/// under it: alone, `{"value":"DECLINED",...}` would read as a status fragment, where under
/// `status` its codes are read as a payment's.
pub(super) fn embedded(text: &str) -> Option<Cow<'_, str>> {
    let at = text.find(['{', '<'])?;
    let rest = &text[at..];
    let end = if rest.starts_with('{') {
        rest.rfind('}')? + 1
    } else {
        rest.rfind('>')? + 1
    };
    let body = &rest[..end];
    let name = text[..at]
        .trim_end()
        .strip_suffix(['=', ':'])
        .map(|before| before.trim_end().trim_end_matches(['"', '\'']))
        .and_then(|before| {
            before
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
        })
        .filter(|name| name.eq_ignore_ascii_case("status"));
    Some(match name {
        Some(_) if body.starts_with('{') => format!("{{\"status\": {body}}}").into(),
        _ => body.into(),
    })
}

/// The text after a bracketed log prefix (`[2024-05-01 12:00:01] ERROR ...`, `[worker-3] ...`):
/// a `[` whose matching `]` (brackets inside quotes aside) is followed by more text, which a
/// JSON array never is. `None` when the text is not one.
pub(super) fn after_bracketed_prefix(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let rest = text[at + 1..].trim_start();
                    return (!rest.is_empty()).then_some(rest);
                }
            }
            (None, _) => {}
        }
    }
    None
}

/// The field names that make `key=value` text a response: error codes and statuses.
const ERROR_FIELDS: &[&str] = &[
    "errorcode",
    "error_code",
    "code",
    "status",
    "statuscode",
    "status_code",
    "reasoncode",
    "reason",
    "pserrorcode",
    "resultcode",
    "result_code",
    "result-code",
    "error",
    "errorid",
];

/// Fields written as `key=value` or `key: value` (logfmt and Go logs, exception messages,
/// form-urlencoded notifications: `status=400 errorCode=validation.error`,
/// `bill_id=1&status=rejected&error=0`), as one JSON object; `None` unless there are two or more
/// and one names an error code or a status.
pub(super) fn fields(text: &str) -> Option<String> {
    let mut object = serde_json::Map::new();
    let mut rest = text;
    let (mut known, mut count) = (false, 0);
    while !rest.is_empty() {
        let Some((key, value, after)) = field(rest) else {
            // Skip to the next place a key may start.
            let skip = rest
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || matches!(c, '&' | ',' | ';' | '(' | '{' | '['))
                .map_or(rest.len(), |(at, c)| at + c.len_utf8());
            rest = &rest[skip..];
            continue;
        };
        let name = key.rsplit('.').next().unwrap_or(key);
        known |= ERROR_FIELDS.contains(&name.to_ascii_lowercase().as_str());
        insert(&mut object, key, value);
        count += 1;
        rest = after;
    }
    (known && count >= 2).then(|| serde_json::Value::Object(object).to_string())
}

/// Puts `value` at the dotted `key` (`payment.errorCode=7600` is `{"payment":{"errorCode":..}}`),
/// or under the whole key where a part of it already holds a value.
fn insert(object: &mut serde_json::Map<String, serde_json::Value>, key: &str, value: &str) {
    let nested = key
        .split_once('.')
        .filter(|(head, tail)| !head.is_empty() && !tail.is_empty());
    if let Some((head, tail)) = nested {
        let inner = object
            .entry(head.to_string())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(inner) = inner {
            return insert(inner, tail, value);
        }
    }
    object.insert(
        key.to_string(),
        serde_json::Value::String(value.to_string()),
    );
}

/// One `key=value` or `key: value` at the start of `text`: the key, the value (a quoted one
/// without its quotes) and the text after it.
fn field(text: &str) -> Option<(&str, &str, &str)> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '&' || c == ',');
    let key_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(text.len());
    let key = &text[..key_len];
    if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_key = &text[key_len..];
    let (value, colon) = match after_key.strip_prefix('=') {
        Some(value) => (value, false),
        None => (after_key.strip_prefix(':')?.trim_start(), true),
    };
    if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        // A body cut off inside a quoted value (`errorCode="validation.err`): the value runs to
        // the end of the text.
        return Some(match value[1..].find(quote) {
            Some(len) => (key, &value[1..len + 1], &value[len + 2..]),
            None => (key, &value[1..], ""),
        });
    }
    let end = value
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '&' | ';' | ')' | '}' | ']'))
        .unwrap_or(value.len());
    // `Exception: errorCode=220`: the name before the colon is not a field of `errorCode=220`.
    let bare = &value[..end];
    (end > 0 && !(colon && bare.contains('='))).then(|| (key, bare, &value[end..]))
}

/// A fragment of JSON fields without the braces around them (`"errorCode": 220`,
/// `"status":{"value":"EXPIRED"`): the object it came from.
pub(super) fn braced(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(',');
    if !(t.starts_with('"') || t.starts_with('\'')) {
        return None;
    }
    let opened = t.matches('{').count();
    let closed = t.matches('}').count();
    let missing = "}".repeat(opened.saturating_sub(closed));
    Some(format!("{{{t}{missing}}}"))
}

/// A body as Python, Ruby or JavaScript print it, as JSON: strings in single quotes,
/// `None`/`nil`/`undefined`, `True`/`False`, `=>` between key and value, `:symbol` keys, keys
/// without quotes. JSON passes unchanged.
pub(super) fn as_json(text: &str) -> Cow<'_, str> {
    let needs = text.contains('\'')
        || text.contains("=>")
        || text.contains("None")
        || text.contains("nil")
        || text.contains("True")
        || text.contains("False")
        || text.contains(':');
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                out.push('"');
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            if let Some(next) = chars.next() {
                                if !(next == '\'' && c == '\'') {
                                    out.push('\\');
                                }
                                out.push(next);
                            }
                        }
                        '"' if c == '\'' => out.push_str("\\\""),
                        s if s == c => break,
                        s => out.push(s),
                    }
                }
                out.push('"');
            }
            '=' if chars.peek() == Some(&'>') => {
                chars.next();
                out.push(':');
            }
            ':' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '_') =>
            {
                // A Ruby symbol key: `:status=>` is `"status":`.
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push('"');
                out.push_str(&name);
                out.push('"');
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        word.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                // A key without quotes, as JavaScript prints objects: `{ status: 400 }`.
                let opens = out.trim_end().ends_with(['{', ',']);
                if opens && chars.clone().find(|n| !n.is_whitespace()) == Some(':') {
                    out.push('"');
                    out.push_str(&word);
                    out.push('"');
                    continue;
                }
                out.push_str(match word.as_str() {
                    "None" | "nil" | "undefined" => "null",
                    "True" => "true",
                    "False" => "false",
                    w => w,
                });
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_and_ruby() {
        assert_eq!(
            as_json("{'errorCode': 220, 'description': None}"),
            r#"{"errorCode": 220, "description": null}"#
        );
        assert_eq!(as_json(r#"{"errorCode"=>220}"#), r#"{"errorCode":220}"#);
        assert_eq!(
            as_json(r#"{:status=>{:value=>"DECLINED"}}"#),
            r#"{"status":{"value":"DECLINED"}}"#
        );
        assert_eq!(as_json(r#"{"a": "it's"}"#), r#"{"a": "it's"}"#);
    }

    #[test]
    fn headers_without_blank_line() {
        let p = split_http("HTTP/1.1 500\nContent-Type: text/xml\n<response/>");
        assert_eq!(p.status, Some(500));
        assert_eq!(p.body, "<response/>");
        let p = split_http("GET /payment-history/v2 HTTP/1.1\nHost: edge.qiwi.com\n\nHTTP/1.1 401 Unauthorized\nContent-Length: 0");
        assert_eq!(p.status, Some(401));
        assert_eq!(p.named, Some(Api::Wallet));
        assert_eq!(p.body, "");
    }

    #[test]
    fn curl_verbose() {
        let text = "$ curl -v https://edge.qiwi.com/person-profile/v1/profile/current\n\
                    * Connected to edge.qiwi.com\n\
                    > GET /person-profile/v1/profile/current HTTP/1.1\n\
                    > Host: edge.qiwi.com\n\
                    >\n\
                    < HTTP/1.1 401 Unauthorized\n\
                    < Content-Length: 0\n\
                    <\n";
        let response = curl_response(text).unwrap();
        assert_eq!(response, "HTTP/1.1 401 Unauthorized\nContent-Length: 0\n\n");
        assert_eq!(split_http(&response).status, Some(401));
        assert_eq!(api_named(text), Some(Api::Wallet));
        assert_eq!(curl_response("HTTP/1.1 401 Unauthorized"), None);
        assert_eq!(
            api_named("PUT https://api.qiwi.com/partner/payin/v1/sites/s/payments/1"),
            Some(Api::Payin)
        );
        assert_eq!(api_named("HTTP/1.1 401"), None);
    }

    #[test]
    fn key_value_fields() {
        let logfmt = "time=2024-05-01T12:00:01Z level=error msg=\"qiwi failed\" status=400 errorCode=validation.error";
        let object: serde_json::Value = serde_json::from_str(&fields(logfmt).unwrap()).unwrap();
        assert_eq!(object["errorCode"], "validation.error");
        assert_eq!(object["msg"], "qiwi failed");
        assert_eq!(object["time"], "2024-05-01T12:00:01Z");
        let form = fields("bill_id=123&status=rejected&error=0").unwrap();
        assert_eq!(form, r#"{"bill_id":"123","error":"0","status":"rejected"}"#);
        let dotted = fields("payment.errorCode=7600 payment.status=ERROR a.b=1 a.b.c=2").unwrap();
        assert_eq!(
            dotted,
            r#"{"a":{"b":"1","b.c":"2"},"payment":{"errorCode":"7600","status":"ERROR"}}"#
        );
        let exception = fields("QiwiException: errorCode=QWPRC-220, message=нет денег").unwrap();
        assert!(
            exception.contains(r#""errorCode":"QWPRC-220""#),
            "{exception}"
        );
        // One field alone is a query; fields that name no code or status are not a response.
        assert_eq!(fields("errorCode=220"), None);
        assert_eq!(fields("user=ivan page=2"), None);
        assert_eq!(fields("Ошибка: 220 при оплате"), None);
        // A body cut off inside a quoted value.
        let cut = fields("status=400 errorCode=\"validation.err").unwrap();
        assert_eq!(cut, r#"{"errorCode":"validation.err","status":"400"}"#);
        // Separators of more than one byte.
        assert_eq!(
            fields("a\u{85}status=1\u{2003}code=2").unwrap(),
            r#"{"code":"2","status":"1"}"#
        );
    }

    #[test]
    fn javascript_objects() {
        let js =
            "{ response: { status: 400, data: { errorCode: 'validation.error', x: undefined } } }";
        let object: serde_json::Value = serde_json::from_str(&as_json(js)).unwrap();
        assert_eq!(object["response"]["data"]["errorCode"], "validation.error");
        assert_eq!(object["response"]["status"], 400);
    }

    #[test]
    fn bracketed_log_prefixes() {
        assert_eq!(
            after_bracketed_prefix("[2024-05-01 12:00:01] ERROR {\"errorCode\":1}"),
            Some("ERROR {\"errorCode\":1}")
        );
        assert_eq!(after_bracketed_prefix("[w-3] [qiwi] x"), Some("[qiwi] x"));
        for array in [
            "[1, 2]",
            "[[1], [2]]",
            "[{\"a\": \"]\"}, {\"b\": 1}]",
            "['x]', 'y']",
            "[1",
        ] {
            assert_eq!(after_bracketed_prefix(array), None, "{array}");
        }
    }

    #[test]
    fn fragments() {
        assert_eq!(
            braced(r#""errorCode": 220"#).unwrap(),
            r#"{"errorCode": 220}"#
        );
        assert_eq!(
            braced(r#""status":{"value":"EXPIRED""#).unwrap(),
            r#"{"status":{"value":"EXPIRED"}}"#
        );
        assert_eq!(embedded("x: {\"a\":1} y").unwrap(), "{\"a\":1}");
        assert_eq!(embedded("failed - {\"a\":1}").unwrap(), "{\"a\":1}");
        assert_eq!(
            embedded("[payin] status={\"value\":\"DECLINED\"}").unwrap(),
            "{\"status\": {\"value\":\"DECLINED\"}}"
        );
    }
}
