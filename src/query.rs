//! Understanding what people type or paste: `QWPRC-220`, `qwprc 220`, `errorCode 220`,
//! `HTTP 429`, `429 Too Many Requests`, `psErrorCode 04`, `INVALID_STATE`, `ps-error:04`,
//! `ошибка QWPRC-1021 при переводе`.
//!
//! The query is normalised once (case, `ё`, dashes, spaces), then read as optional family hints
//! and one code token. There is no table of spellings: the keys stay as the APIs write them.

use crate::entry::Entry;
use crate::kinds::Family;

/// The longest query [`explain`](crate::explain) reads, in bytes; longer text is refused
/// rather than scanned (whole responses go to `diagnose`).
///
/// # Examples
///
/// ```
/// use qiwi_errors::{explain, ExplainError, MAX_QUERY_LEN};
///
/// let long = "4".repeat(MAX_QUERY_LEN + 1);
/// assert!(matches!(explain(&long), Err(ExplainError::TooLong { .. })));
/// ```
pub const MAX_QUERY_LEN: usize = 4096;

const HTTP: &[Family] = &[Family::PaymentHttp, Family::WalletHttp, Family::IdentHttp];
const STATUS: &[Family] = &[
    Family::PaymentStatus,
    Family::XmlPaymentStatus,
    Family::WalletTxnStatus,
    Family::IdentStatus,
    Family::BillStatus,
    Family::PullStatus,
    Family::QiwipayStatus,
    Family::BillRefundStatus,
    Family::PullRefundStatus,
];

/// Words that name a family (or a few), after normalisation. A hint narrows the candidates
/// to those families; a code found outside them still shows, ranked lower.
fn hint_of(word: &str) -> Option<&'static [Family]> {
    // Codes are the common case and no family word starts like one.
    if !word.starts_with(|c: char| c.is_alphabetic()) || word.ends_with('-') {
        return None;
    }
    Some(match word {
        "qwprc" => &[Family::WalletError],
        "errorcode" | "payment.errorcode" => {
            &[Family::WalletError, Family::IdentError, Family::BillError]
        }
        // The XML protocols write `result-code`; the invoice and Pull REST APIs `result_code`.
        "result-code" | "resultcode" => &[
            Family::XmlRequestResult,
            Family::XmlPaymentResult,
            Family::TopupResult,
        ],
        "result_code" => &[Family::PullError, Family::BillResult],
        "error_code" | "qiwipay" => &[Family::QiwipayError, Family::WalletError],
        "error.code" => &[Family::BillError],
        "bill" | "invoice" | "счет" | "счета" => {
            &[Family::BillError, Family::BillStatus, Family::BillResult]
        }
        "pull" => &[
            Family::PullError,
            Family::PullStatus,
            Family::PullRefundStatus,
            Family::PullNotify,
        ],
        "topup" | "пополнение" | "пополнения" => &[Family::TopupResult],
        "http" | "http/1.1" | "http/2" | "http-код" | "http-статус" | "status-code" => {
            HTTP
        }
        "reason" | "reasoncode" | "status.reason" | "status.reasoncode" | "reason_code" => {
            &[Family::PaymentReason]
        }
        "pserrorcode" | "status.pserrorcode" | "ps_error_code" | "pserror" => &[Family::PsError],
        "status" | "статус" | "applicationstatus" | "status.value" | "txn_status" => STATUS,
        "xml" => &[
            Family::XmlPaymentStatus,
            Family::XmlPaymentResult,
            Family::XmlRequestResult,
        ],
        "level" | "уровень" | "identificationlevel" => {
            &[Family::IdentLevel, Family::WalletIdentLevel]
        }
        _ => {
            let family = Family::from_name(word)?;
            let at = Family::ALL.iter().position(|f| *f == family)?;
            &Family::ALL[at..=at]
        }
    })
}

/// Words that say "this is an error code" without naming a family; they are skipped.
fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "код"
            | "кода"
            | "коду"
            | "ошибка"
            | "ошибки"
            | "ошибку"
            | "ошибкой"
            | "error"
            | "code"
            | "err"
            | "номер"
            | "no"
            | "n"
            | "#"
            | "№"
            | "статуса"
            | "получил"
            | "пишет"
            | "выдает"
            | "выдаёт"
            | "got"
            | "the"
            | "a"
            | "with"
            | "при"
            | "с"
            | "и"
            | "what"
            | "is"
            | "means"
            | "что"
            | "значит"
            | "означает"
    )
}

/// What a query was read as; borrows the normalised query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reading<'a> {
    /// Families named in the query, in the order named; empty if none.
    pub hints: Vec<&'static [Family]>,
    /// The code token, lowercased (keys are looked up in their documented case as well).
    pub code: Option<&'a str>,
    /// The rest of the query's words, for text search.
    pub words: Vec<&'a str>,
}

/// Lowercases and folds the query: `ё`→`е`, every dash to `-`, separators to spaces.
pub(crate) fn normalise(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        let c = match c {
            'ё' | 'Ё' => 'е',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | '\'' | '«' | '»' | '`' | '='
            | '!' | '?' | '\u{a0}' => ' ',
            c if c.is_ascii() => {
                out.push(if c.is_ascii_control() || c.is_ascii_whitespace() {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                });
                continue;
            }
            'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            c if c.is_control() || c.is_whitespace() => ' ',
            c => qiwi_errors_shared::lowercase(c),
        };
        out.push(c);
    }
    out
}

/// Reads a normalised query.
pub(crate) fn read<'a>(normalised: &'a str) -> Reading<'a> {
    let mut reading = Reading {
        hints: Vec::new(),
        code: None,
        words: Vec::new(),
    };
    // A filler word that is also a key (`error` is a wallet status): the code if no other is.
    let mut filler_code = None;
    // `explicit`: the token followed `family:`, so it is the code even if it reads like a word.
    let mut take = |token: &'a str, explicit: bool| {
        if explicit && reading.code.is_none() {
            reading.code = Some(token);
        } else if let Some(hint) = hint_of(token) {
            reading.hints.push(hint);
        } else if is_filler(token) {
            if filler_code.is_none() && is_known_code(token) {
                filler_code = Some(token);
            }
        } else if reading.code.is_none() && (looks_like_code(token) || is_known_code(token)) {
            reading.code = Some(token);
        } else {
            reading.words.push(token);
        }
    };
    for raw in normalised.split(' ') {
        let token = raw
            .trim_end_matches(['.', ':', '-'])
            .trim_start_matches(':');
        if token.is_empty() {
            continue;
        }
        // `QWPRC-220`, `qwprc:220`, `ps-error:04`, `reasonCode=…` arrive glued to their prefix.
        match split_glued(token) {
            Some((head, tail)) => {
                take(head, false);
                take(tail, token.as_bytes().get(head.len()) == Some(&b':'));
            }
            None => take(token, false),
        }
    }
    reading.code = reading.code.or(filler_code);
    // `429 Too Many Requests`: a three-digit status followed by English words is an HTTP
    // status line.
    if let (true, Some(code)) = (reading.hints.is_empty(), reading.code) {
        let http_like = code.len() == 3
            && matches!(code.as_bytes()[0], b'1'..=b'5')
            && code.bytes().all(|b| b.is_ascii_digit());
        let words_follow = !reading.words.is_empty()
            && reading
                .words
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()));
        if http_like && words_follow {
            reading.hints.push(HTTP);
        }
    }
    reading
}

/// A code written with a family's prefix glued on (`QWPRC-220`, `qwprc220`,
/// `error.code.api.invoice.not.found`, `ps-error:04`): the families the prefix names, and the
/// code as it was written.
pub(crate) fn glued_code(value: &str) -> Option<(&'static [Family], &str)> {
    // ASCII lowercasing keeps every byte where it was, so the split applies to `value` too.
    let lower = value.to_ascii_lowercase();
    let (head, tail) = split_glued(&lower)?;
    let families = hint_of(head)?;
    let at = tail.as_ptr() as usize - lower.as_ptr() as usize;
    Some((families, &value[at..]))
}

/// Splits `qwprc-220` / `ps-error:04` / `reasoncode=x` into a known prefix and the rest.
/// Underscores never split: they belong to keys like `QW_SMS_CONFIRM_EXPIRED`.
fn split_glued(token: &str) -> Option<(&str, &str)> {
    // The invoice API's 2017 tables write `error.code.api.invoice.not.found`.
    if let Some(rest) = token.strip_prefix("error.code.") {
        return (!rest.is_empty()).then_some(("error.code", rest));
    }
    // `qwprc220`: a family word glued to the digits.
    if let Some(pos) = token.find(|c: char| c.is_ascii_digit()).filter(|&p| p > 0) {
        let (head, tail) = token.split_at(pos);
        if hint_of(head).is_some() && looks_like_code(tail) {
            return Some((head, tail));
        }
    }
    for sep in [':', '-', '=', '#'] {
        let mut from = 0;
        while let Some(pos) = token[from..].find(sep).map(|p| p + from) {
            let (head, tail) = (&token[..pos], &token[pos + 1..]);
            // After `family:` anything is the code; after other glue it must look like one.
            let code_like = sep == ':' || looks_like_code(tail) || is_known_code(tail);
            if !tail.is_empty() && code_like && hint_of(head).is_some() {
                return Some((head, tail));
            }
            from = pos + 1;
        }
    }
    None
}

/// A token that could be a key: digits (maybe negative), a range row, an upper-snake name, a
/// dotted name, or a short letter code like `cb`.
fn looks_like_code(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token);
    if !digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if token.starts_with('>')
        || (token.contains('-') && token.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    {
        return token.len() > 1;
    }
    let word = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    word && (token.contains('_') || token.contains('.') || token.len() == 2)
        && token.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A word that is some family's key as typed or in upper case (`waiting`, `full`).
fn is_known_code(token: &str) -> bool {
    !crate::positions_of(token).is_empty()
        || upper_spelling(token).is_some_and(|u| !crate::positions_of(&u).is_empty())
}

/// The upper-case spelling of a lowercased token, when it differs (`invalid_state` →
/// `INVALID_STATE`); keys keep the case the API documents.
fn upper_spelling(code: &str) -> Option<String> {
    code.bytes()
        .any(|b| b.is_ascii_lowercase())
        .then(|| code.to_ascii_uppercase())
}

/// How much a family is worth for a bare code, 0–20: the families people paste most rank
/// first, and HTTP families win for 4xx/5xx numbers.
pub(crate) fn family_weight(family: Family, code: &str) -> u8 {
    let http_range = code.len() == 3 && matches!(code.as_bytes()[0], b'4' | b'5');
    match family {
        Family::WalletHttp | Family::PaymentHttp | Family::IdentHttp if http_range => {
            20 - http_rank(family)
        }
        Family::WalletError => 16,
        Family::PaymentReason | Family::IdentError | Family::IdentReason => 15,
        Family::PsError => 12,
        Family::XmlRequestResult => 11,
        Family::XmlPaymentResult => 10,
        Family::XmlPaymentStatus => 9,
        Family::PaymentStatus | Family::WalletTxnStatus | Family::IdentStatus => 8,
        Family::TopupResult => 10,
        Family::BillError | Family::PullError | Family::QiwipayError | Family::BillResult => 9,
        Family::IdentLevel | Family::WalletIdentLevel | Family::PaymentOperationType => 7,
        Family::BillStatus
        | Family::BillRefundStatus
        | Family::PullStatus
        | Family::PullRefundStatus
        | Family::PullNotify
        | Family::QiwipayStatus => 7,
        Family::WalletHttp | Family::PaymentHttp | Family::IdentHttp => 6 - http_rank(family),
        // `Family` is non-exhaustive for the crate's users, so this match needs an arm for
        // families added later; they rank with the status tables until weighed here.
        _ => 7,
    }
}

fn http_rank(family: Family) -> u8 {
    match family {
        Family::PaymentHttp => 0,
        Family::WalletHttp => 1,
        _ => 2,
    }
}

/// Finds entries for one code in the given families: exact key, then range rows, then the
/// other spelling of leading zeros (`4` ↔ `04`), each marked with how it matched.
///
/// The exact keys of every family come from one probe of the code index, not one per family.
pub(crate) fn find_code(
    families: &[Family],
    code: &str,
    exact_only: bool,
    mut found: impl FnMut(&'static Entry, CodeMatch),
) {
    // One probe of the code index per spelling; then each family takes its best kind of match:
    // the key itself, else a range row, else the other leading zeros.
    let bit = |f: Family| 1u64 << (f as u32);
    let wanted = families.iter().fold(0u64, |mask, f| mask | bit(*f));
    let mut answered = 0u64;
    let mut take = |entry: &'static Entry, how| {
        let b = bit(entry.family());
        if wanted & b != 0 && answered & b == 0 {
            answered |= b;
            found(entry, how);
        }
    };
    let upper = upper_spelling(code).map_or(&[][..], |u| crate::positions_of(&u));
    for entry in crate::entries_at(crate::positions_of(code)).chain(crate::entries_at(upper)) {
        take(entry, CodeMatch::Exact);
    }
    if exact_only {
        return;
    }
    if let Some(n) = code.parse::<i64>().ok().filter(|_| code.len() <= 18) {
        for entry in crate::ranges_holding(n) {
            take(entry, CodeMatch::Range);
        }
    }
    if let Some(zeros) = other_zeros(code) {
        for entry in crate::entries_at(crate::positions_of(&zeros)) {
            take(entry, CodeMatch::LeadingZeros);
        }
    }
}

/// `4` → `04`, `04` → `4`: the other spelling of a short number, which is a different key.
fn other_zeros(code: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !code.bytes().all(|b| b.is_ascii_digit()) || code.is_empty() {
        return None;
    }
    if code.len() == 1 {
        Some(format!("0{code}").into())
    } else {
        code.strip_prefix('0')
            .filter(|rest| !rest.is_empty())
            .map(Into::into)
    }
}

/// How a code matched an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CodeMatch {
    Exact,
    Range,
    LeadingZeros,
}
