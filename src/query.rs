//! Understanding what people type or paste: `QWPRC-220`, `qwprc 220`, `errorCode 220`,
//! `HTTP 429`, `429 Too Many Requests`, `psErrorCode 04`, `INVALID_STATE`, `ps-error:04`,
//! `ошибка QWPRC-1021 при переводе`.
//!
//! The query is normalised once (case, `ё`, dashes, spaces), then read as optional family hints
//! and one code token. There is no table of spellings: the keys stay as the APIs write them.

use crate::entry::Entry;
use crate::hints::{self, hint_of};
use crate::kinds::Family;
use std::borrow::Cow;

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

/// What a query was read as; borrows the normalised query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reading<'a> {
    /// Families named in the query, in the order named; empty if none.
    pub hints: Vec<&'static [Family]>,
    /// The code token, lowercased (keys are looked up in their documented case as well).
    pub code: Option<Cow<'a, str>>,
    /// `true` when the code was written as one (a number, `family:code`, a key name), not a
    /// plain word that happens to be a key.
    pub code_like: bool,
    /// The rest of the query's words, for text search.
    pub words: Vec<&'a str>,
    /// Families named by words that only narrow another family word (`payment` in
    /// `payment status`); they count only beside one of `hints`.
    pub modifiers: Vec<&'static [Family]>,
    /// Family words and brand words (`статус`, `кошелька`, `киви`): searched with `words`,
    /// but not what makes a query a phrase.
    pub context: Vec<&'a str>,
    /// The words of a key-shaped code (`card.expired` → `card`, `expired`), searched when the
    /// key is not one.
    pub key_words: Vec<&'a str>,
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
        code_like: false,
        words: Vec::new(),
        modifiers: Vec::new(),
        context: Vec::new(),
        key_words: Vec::new(),
    };
    let tokens: Vec<&'a str> = normalised
        .split(' ')
        .map(|raw| {
            raw.trim_end_matches(['.', ':', '-'])
                .trim_start_matches(':')
        })
        .filter(|t| !t.is_empty())
        .collect();
    // The best code so far and its strength: explicit (after `family:`) 4, a key written as a
    // code 3, code-shaped 2, a plain word that is a key 1, a filler word that is a key 0.
    let mut best: Option<(u8, Cow<'a, str>)> = None;
    let mut hint_words: Vec<&'a str> = Vec::new();
    let mut take = |token: &'a str, explicit: bool, reading: &mut Reading<'a>| {
        let mut offer = |strength: u8, code: Cow<'a, str>| {
            if best.as_ref().is_none_or(|(s, _)| strength > *s) {
                best = Some((strength, code));
            }
        };
        if explicit {
            offer(4, token.into());
        } else if let Some(hint) = hints::modifier_of(token) {
            reading.modifiers.push(hint);
            reading.context.push(token);
            hint_words.push(token);
        } else if let Some(hint) = hint_of(token) {
            reading.hints.push(hint);
            reading.context.push(token);
            hint_words.push(token);
        } else if hints::is_brand(token) {
            reading.context.push(token);
        } else if let Some(filler) = hints::fix_filler(token) {
            if is_known_code(filler) {
                offer(0, filler.into());
            }
        } else if let Some(digits) = misread_digits(token) {
            offer(2, digits.into());
        } else if looks_like_code(token) {
            offer(if is_known_code(token) { 3 } else { 2 }, token.into());
            reading.key_words.extend(code_words(token));
        } else if is_known_code(token) {
            offer(1, token.into());
            reading.words.push(token);
        } else {
            reading.words.push(token);
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        if let Some(hint) = tokens
            .get(i + 1)
            .and_then(|next| hints::joined_hint(token, next))
        {
            reading.hints.push(hint);
            reading.context.extend([token, tokens[i + 1]]);
            i += 2;
            continue;
        }
        // `700 рублей`, `сумма 1200`, `5 минут`: a number that counts money or time is not a
        // code, nor a word worth searching.
        let before = i.checked_sub(1).map(|p| tokens[p]);
        if is_quantity(token, before, tokens.get(i + 1).copied()) {
            i += 1;
            continue;
        }
        // `QWPRC-220`, `qwprc:220`, `ps-error:04`, `reasonCode=…` arrive glued to their prefix.
        match split_glued(token) {
            Some((head, tail)) => {
                take(head, false, &mut reading);
                let explicit = token.as_bytes().get(head.len()) == Some(&b':');
                take(tail, explicit, &mut reading);
            }
            None => take(token, false, &mut reading),
        }
        i += 1;
    }
    // A family word that is also a key (`PAYMENT`, `REFUND`) is the code when nothing else is.
    if best.is_none() {
        // The last one: the code follows its family words (`payment notification type PAYOUT`).
        if let Some(word) = hint_words.iter().rev().find(|w| is_known_code(w)) {
            best = Some((1, Cow::Borrowed(*word)));
        }
    }
    if let Some((strength, code)) = best {
        reading.code_like = strength >= 2;
        // The code's own word is not a search word as well.
        reading.words.retain(|w| *w != code.as_ref());
        reading.context.retain(|w| *w != code.as_ref());
        reading.code = Some(code);
    }
    // `429 Too Many Requests`: a three-digit status followed by English words is an HTTP
    // status line.
    if let (true, Some(code)) = (reading.hints.is_empty(), reading.code.as_deref()) {
        let http_like = code.len() == 3
            && matches!(code.as_bytes()[0], b'1'..=b'5')
            && code.bytes().all(|b| b.is_ascii_digit());
        let words_follow = !reading.words.is_empty()
            && reading.words.len() <= 4
            && reading
                .words
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()));
        if http_like && words_follow {
            reading.hints.push(hints::HTTP);
        }
    }
    reading
}

/// A number written as an amount or a span of time: followed by a currency or a unit
/// (`700 рублей`, `50 usd`, `5 минут`, `3 times`) or preceded by a currency sign or a word for
/// an amount (`$ 50`, `сумма 1200`, `amount 300`).
fn is_quantity(token: &str, before: Option<&str>, after: Option<&str>) -> bool {
    const UNITS: &[&str] = &[
        "руб",
        "р",
        "₽",
        "rub",
        "rur",
        "rubles",
        "roubles",
        "коп",
        "usd",
        "eur",
        "евро",
        "$",
        "€",
        "dollars",
        "тенге",
        "тг",
        "kzt",
        "%",
        "percent",
        "шт",
        "мин",
        "сек",
        "час",
        "часа",
        "часов",
        "день",
        "дня",
        "дней",
        "суток",
        "раз",
        "раза",
        "minutes",
        "minute",
        "min",
        "mins",
        "seconds",
        "second",
        "sec",
        "secs",
        "hours",
        "hour",
        "days",
        "day",
        "weeks",
        "months",
        "times",
    ];
    // Russian units with their endings (`рублей`, `копейки`, `минуты`, `недели`).
    const STEMS: &[&str] = &[
        "рубл",
        "копе",
        "доллар",
        "процент",
        "минут",
        "секунд",
        "недел",
        "месяц",
    ];
    const AMOUNT_WORDS: &[&str] = &[
        "$",
        "₽",
        "€",
        "сумма",
        "сумму",
        "суммой",
        "суммы",
        "amount",
        "sum",
        "total",
        "итого",
    ];
    let is_unit = |word: &str| UNITS.contains(&word) || STEMS.iter().any(|s| word.starts_with(s));
    let number = token.strip_prefix('-').unwrap_or(token);
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && (after.is_some_and(is_unit) || before.is_some_and(|w| AMOUNT_WORDS.contains(&w)))
}

/// Digits typed with the letter O for zero (`7О5`, `2o4`): the digits meant.
fn misread_digits(token: &str) -> Option<String> {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    let letters = token.chars().filter(|c| matches!(c, 'o' | 'о')).count();
    let all = token.chars().count();
    (digits >= 1 && letters >= 1 && digits + letters == all && all >= 2).then(|| {
        token
            .chars()
            .map(|c| if c.is_ascii_digit() { c } else { '0' })
            .collect()
    })
}

/// The words of a key name (`card_expired` → `card`, `expired`), for text search when the key
/// is not one.
fn code_words(token: &str) -> Vec<&str> {
    if token.contains(['_', '.']) {
        token.split(['_', '.']).filter(|w| w.len() >= 3).collect()
    } else {
        Vec::new()
    }
}

/// A code written with a family's prefix glued on (`QWPRC-220`, `qwprc220`,
/// `error.code.api.invoice.not.found`, `ps-error:04`): the families the prefix names, and the
/// code as it was written.
#[cfg(feature = "diagnose")]
pub(crate) fn glued_code(value: &str) -> Option<(&'static [Family], &str)> {
    // ASCII lowercasing keeps every byte where it was, so the split applies to `value` too.
    let lower = value.to_ascii_lowercase();
    let (head, tail) = split_glued(&lower)?;
    let families = hint_of(head)?;
    let at = tail.as_ptr() as usize - lower.as_ptr() as usize;
    Some((families, &value[at..]))
}

/// Splits `qwprc-220` / `ps-error:04` / `reasoncode=x` into a known prefix and the rest.
/// Underscores split only a family word from digits (`QWPRC_1018`): elsewhere they belong to keys
/// like `QW_SMS_CONFIRM_EXPIRED`.
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
    for sep in [':', '-', '=', '#', '_'] {
        let mut from = 0;
        while let Some(pos) = token[from..].find(sep).map(|p| p + from) {
            let (head, tail) = (&token[..pos], &token[pos + 1..]);
            // After `family:` anything is the code; after other glue it must look like one.
            let code_like = sep == ':' || looks_like_code(tail) || is_known_code(tail);
            // Underscores glue only a family word to digits (`QWPRC_1018`).
            let code_like = code_like && (sep != '_' || tail.bytes().all(|b| b.is_ascii_digit()));
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
    // A dotted name may hold hyphens (`validation.wrong-method`, `payin.incorrect-method`).
    let dotted = token.contains('.');
    let word = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || (b == b'-' && dotted));
    // Two letters (`cb`, `ts`) only when some family has them: `in`, `of` are words.
    let short = token.len() == 2 && is_known_code(token);
    word && (token.contains('_') || token.contains('.') || short)
        && token.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A word that is some family's key as typed or in upper case (`waiting`, `full`).
fn is_known_code(token: &str) -> bool {
    !crate::lookup::positions_of(token).is_empty()
        || upper_spelling(token).is_some_and(|u| !crate::lookup::positions_of(&u).is_empty())
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
    let weight = family.bare_weight();
    if family.is_http() && !http_range {
        weight.saturating_sub(14)
    } else {
        weight
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
    mut found: impl FnMut(Entry, CodeMatch),
) {
    // One probe of the code index per spelling; then each family takes its best kind of match:
    // the key itself, else a range row, else the other leading zeros.
    let bit = |f: Family| 1u64 << (f as u32);
    let wanted = families.iter().fold(0u64, |mask, f| mask | bit(*f));
    let mut answered = 0u64;
    let mut take = |entry: Entry, how| {
        let b = bit(entry.family());
        if wanted & b != 0 && answered & b == 0 {
            answered |= b;
            found(entry, how);
        }
    };
    let upper = upper_spelling(code).map_or(&[][..], |u| crate::lookup::positions_of(&u));
    for entry in crate::lookup::entries_at(crate::lookup::positions_of(code))
        .chain(crate::lookup::entries_at(upper))
    {
        take(entry, CodeMatch::Exact);
    }
    if exact_only {
        return;
    }
    if let Some(n) = code.parse::<i64>().ok().filter(|_| code.len() <= 18) {
        for entry in crate::lookup::ranges_holding(n) {
            take(entry, CodeMatch::Range);
        }
    }
    if let Some(zeros) = other_zeros(code) {
        for entry in crate::lookup::entries_at(crate::lookup::positions_of(&zeros)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(query: &str) -> Option<String> {
        read(&normalise(query)).code.map(|c| c.into_owned())
    }

    /// Money and time are counted in numbers that are not codes, whatever the unit's ending.
    #[test]
    fn amounts_and_spans_are_not_codes() {
        for query in [
            "перевёл 500 рублей а деньги не дошли",
            "оплатил 300 руб., статус ошибка",
            "списали 1200 р с карты",
            "payment of 250 rub failed",
            "charged 40 usd twice",
            "жду уже 15 минут",
            "пробовал 3 раза",
            "tried 5 times",
            "сумма 1500 не проходит",
            "amount 700 declined",
            "комиссия 2 процента",
        ] {
            let code = code_of(query);
            assert!(
                code.as_deref()
                    .is_none_or(|c| !c.bytes().any(|b| b.is_ascii_digit())),
                "{query}: {code:?}"
            );
        }
    }

    /// A number beside a word that only starts like a unit is still a code.
    #[test]
    fn codes_beside_unit_like_words_stay_codes() {
        for (query, code) in [
            ("ошибка 220 разблокировать кошелек", "220"),
            ("код 500 минимальная сумма", "500"),
            ("HTTP 429 Too Many Requests", "429"),
            ("ошибка 7 при оплате", "7"),
        ] {
            assert_eq!(code_of(query).as_deref(), Some(code), "{query}");
        }
    }
}
