//! Lints over data/: rules a record's texts and verdicts must keep, beyond what the build step
//! checks. Each problem is reported as `data/FILE.json:LINE: field: reason`, all at once.

use qiwi_errors::{Actor, Family, Retry, Text};
use qiwi_errors_build::{load_dir, Dataset, Record};
use std::collections::BTreeMap;
use std::path::Path;

fn dataset() -> Dataset {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn at(r: &Record, field: &str, reason: impl std::fmt::Display) -> String {
    let file = Path::new(&r.file);
    let file = file
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(file)
        .display();
    format!(
        "{file}:{}: entries (code {}).{field}: {reason}",
        r.line, r.entry.code
    )
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every text of a record, with the field it is in.
fn texts(r: &Record) -> Vec<(&'static str, Text)> {
    let d = &r.details;
    let mut out = vec![
        ("title", r.entry.title),
        ("customer", r.entry.customer),
        ("developer", d.developer),
    ];
    out.extend(d.steps.iter().map(|t| ("steps", *t)));
    for c in d.contexts {
        out.extend([("contexts", c.when), ("contexts", c.meaning)]);
    }
    for s in d.superseded {
        out.extend([("superseded", s.meaning), ("superseded", s.note)]);
    }
    for c in d.conflicts {
        out.extend([("conflicts", c.about), ("conflicts", c.followed)]);
    }
    out
}

/// Phrases that ask the customer to try again, in either language (lowercased).
const INVITES_RETRY: &[&str] = &[
    "попробуйте ещё раз",
    "попробуйте еще раз",
    "попробуйте снова",
    "попробуйте позже",
    "повторите попытку",
    "повторите платёж",
    "повторите оплату",
    "повторите позже",
    "через несколько минут",
    "через пару минут",
    "повторная попытка",
    "повторную попытку",
    "повторной попытки",
    "ещё одна попытка",
    "ещё одну попытку",
    "еще одна попытка",
    "еще одну попытку",
    "try again",
    "try later",
    "retry",
    "in a few minutes",
    "in a couple of minutes",
    "another attempt",
    "one more attempt",
    "new attempt",
    "attempt again",
    "try once more",
];

#[test]
fn a_never_record_does_not_invite_a_retry() {
    let mut problems = Vec::new();
    for r in dataset().records {
        if r.entry.retry != Retry::Never {
            continue;
        }
        for lang in [r.entry.customer.ru, r.entry.customer.en] {
            let lower = lang.to_lowercase();
            if let Some(p) = INVITES_RETRY.iter().find(|p| lower.contains(*p)) {
                problems.push(at(
                    &r,
                    "customer",
                    format!("retry is `never`, but the text says \"{p}\""),
                ));
            }
        }
    }
    report(problems);
}

#[test]
fn a_wallet_users_own_error_does_not_send_them_to_the_merchant() {
    let mut problems = Vec::new();
    for r in dataset().records {
        if r.family == Family::WalletError && r.entry.actors.contains(&Actor::Merchant) {
            problems.push(at(
                &r,
                "actors",
                "a wallet user's error names the merchant as the one to act",
            ));
        }
    }
    report(problems);
}

/// A seed file's name (`002_9a27a85263fb548a.txt`, "источник 002", "копии в 000") is ours, not
/// a reader's: it belongs in `sources[].file` only.
fn names_a_seed(text: &str) -> bool {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let hashed = bytes.windows(21).any(|w| {
        w[..3].iter().all(u8::is_ascii_digit)
            && w[3] == b'_'
            && w[4..20].iter().all(|b| b.is_ascii_hexdigit())
    });
    hashed
        || [
            "источник 00",
            "источнике 00",
            "копии в 00",
            "копия 00",
            "seed 00",
            "source 00",
            "seed file",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

#[test]
fn no_text_names_a_seed_file() {
    let data = dataset();
    let mut problems = Vec::new();
    for r in &data.records {
        for (field, t) in texts(r) {
            if names_a_seed(t.ru) || names_a_seed(t.en) {
                problems.push(at(
                    r,
                    field,
                    "names a seed file; cite it in `sources` instead",
                ));
            }
        }
    }
    for (family, note) in &data.notes {
        if names_a_seed(note.ru) || names_a_seed(note.en) {
            problems.push(format!("data/{family}.json:1: note: names a seed file"));
        }
    }
    for s in &data.symptoms {
        let all = [s.title, s.summary, s.contact_support]
            .into_iter()
            .chain(s.causes.iter().copied())
            .chain(s.steps.iter().copied());
        for t in all {
            if names_a_seed(t.ru) || names_a_seed(t.en) {
                problems.push(format!("data/symptoms.json:1: {}: names a seed file", s.id));
            }
        }
    }
    report(problems);
}

/// Words whose spelling without ё is not another word: the knowledge base writes them with ё.
const WITH_YO: &[(&str, &str)] = &[
    ("еще", "ещё"),
    ("кошелек", "кошелёк"),
    ("платеж", "платёж"),
    ("счет", "счёт"),
    ("отклонен", "отклонён"),
    ("подтвержден", "подтверждён"),
    ("заполнен", "заполнён"),
    ("зачтен", "зачтён"),
    ("учтен", "учтён"),
    ("выполнен", "выполнен"),
];

#[test]
fn one_yo_policy_yo_is_written() {
    let mut problems = Vec::new();
    for r in dataset().records {
        for (field, t) in texts(&r) {
            let lower = t.ru.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphabetic()) {
                if let Some((_, right)) = WITH_YO
                    .iter()
                    .find(|(bare, right)| word == *bare && bare != right)
                {
                    problems.push(at(&r, field, format!("write `{right}`, not `{word}`")));
                }
            }
        }
    }
    report(problems);
}

#[test]
fn a_customer_text_shared_by_more_than_three_codes_is_marked_generic() {
    let records = dataset().records;
    let mut shared: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in &records {
        shared.entry(r.entry.customer.en).or_default().push(r);
    }
    let mut problems = Vec::new();
    for (_, users) in shared.iter().filter(|(_, users)| users.len() > 3) {
        for r in users.iter().filter(|r| !r.entry.generic) {
            problems.push(at(
                r,
                "customer",
                format!(
                    "shared by {} codes; write one for this code or mark the record `generic`",
                    users.len()
                ),
            ));
        }
    }
    report(problems);
}

#[test]
fn every_record_cites_a_page_a_person_can_open() {
    let mut problems = Vec::new();
    for r in dataset().records {
        if !r
            .details
            .sources
            .iter()
            .any(|s| s.url.is_some_and(|u| u.starts_with("https://")))
        {
            problems.push(at(&r, "sources", "no source has an https `url`"));
        }
    }
    report(problems);
}

#[test]
fn every_retry_figure_has_a_source() {
    let mut problems = Vec::new();
    for r in dataset().records {
        let figure = matches!(r.entry.retry, Retry::After { .. } | Retry::Limited { .. });
        let sourced = r.details.retry_source.is_some_and(|s| s.url.is_some());
        if figure && !sourced {
            problems.push(at(&r, "retry", format!("{:?} needs a `retry_source` with a `url` that states the figure; where the source says \"later\", use `later`", r.entry.retry)));
        }
    }
    report(problems);
}

/// Official wording is kept as facts about the message, not the message: each language a
/// sorted set of single search words (lowercase, `е` for `ё`, no stop words, no bare numbers,
/// which would collide with codes).
#[test]
fn wording_is_a_sorted_set_of_words() {
    let stemmers = qiwi_errors_shared::terms::Stemmers::new();
    let mut problems = Vec::new();
    for r in dataset().records {
        let Some(w) = r.details.wording else { continue };
        if w.ru.is_empty() && w.en.is_empty() {
            problems.push(at(&r, "wording", "both languages are empty; leave it out"));
        }
        for (lang, terms) in [("ru", w.ru), ("en", w.en)] {
            if !terms.windows(2).all(|p| p[0] < p[1]) {
                problems.push(at(&r, "wording", format!("{lang}: not sorted and unique")));
            }
            for term in terms {
                let mut words = Vec::new();
                qiwi_errors_shared::terms::Stemmers::words(term, |w| words.push(w.to_string()));
                let one_word = words.len() == 1 && words[0] == *term;
                let bare_number = term.bytes().all(|b| b.is_ascii_digit());
                if !one_word || bare_number || stemmers.term(term).is_none() {
                    problems.push(at(
                        &r,
                        "wording",
                        format!("{lang}: `{term}` is not one search word (lowercase, `е` for `ё`, not a stop word or a number)"),
                    ));
                }
            }
        }
    }
    report(problems);
}

/// Keywords are our own phrases for a code: lowercase, each unique, and never a copy of the
/// official wording's word list (that is what `wording` is for).
#[test]
fn keywords_are_lowercase_unique_phrases() {
    let mut problems = Vec::new();
    for r in dataset().records {
        let Some(k) = r.details.keywords else {
            continue;
        };
        for (lang, phrases) in [("ru", k.ru), ("en", k.en)] {
            let mut seen = std::collections::BTreeSet::new();
            for phrase in phrases {
                if phrase.trim().is_empty() || *phrase != phrase.to_lowercase() {
                    problems.push(at(
                        &r,
                        "keywords",
                        format!("{lang}: `{phrase}` must be lowercase and not empty"),
                    ));
                }
                if !seen.insert(*phrase) {
                    problems.push(at(
                        &r,
                        "keywords",
                        format!("{lang}: `{phrase}` is listed twice"),
                    ));
                }
            }
        }
    }
    report(problems);
}

/// Where a clause of a step tells the reader to send the same thing again. A clause whose verb
/// is negated ("do not repeat", "не повторяйте") forbids a repeat instead and is not counted.
fn tells_to_repeat(step: &str) -> Option<&'static str> {
    /// (verb, words one of which must follow it in the clause; empty: the verb alone).
    const REPEATS: &[(&str, &[&str])] = &[
        ("повторите", &[]),
        ("повторяйте", &[]),
        (
            "отправьте",
            &["снова", "заново", "ещё раз", "еще раз", "повторно"],
        ),
        ("попробуйте", &["снова", "заново", "ещё раз", "еще раз"]),
        ("repeat the", &[]),
        ("repeat it", &[]),
        ("retry the", &[]),
        ("retry it", &[]),
        ("resend", &[]),
        ("try again", &[]),
        ("send", &[" again"]),
    ];
    const NEGATIONS: &[&str] = &["не ", "do not ", "don't ", "never ", "not "];
    let lower = step.to_lowercase();
    for clause in lower.split(['.', ';', '!', '?']) {
        for (verb, after) in REPEATS {
            let Some(at) = clause.find(verb) else {
                continue;
            };
            let before = &clause[..at];
            if NEGATIONS.iter().any(|n| before.ends_with(n)) {
                continue;
            }
            let rest = &clause[at + verb.len()..];
            if after.is_empty() || after.iter().any(|w| rest.contains(w)) {
                return Some(verb);
            }
        }
    }
    None
}

/// `never` says no repeat helps; steps that say "fix it and send it again" describe a repeat
/// after the user acts (`after-user-action`), which is what the kind must then say.
#[test]
fn a_never_record_does_not_tell_to_repeat_in_its_steps() {
    let mut problems = Vec::new();
    for r in dataset().records {
        if r.entry.retry != Retry::Never {
            continue;
        }
        for step in r.details.steps {
            for text in [step.ru, step.en] {
                if let Some(verb) = tells_to_repeat(text) {
                    problems.push(at(
                        &r,
                        "steps",
                        format!("retry is `never`, but a step says \"{verb}\": {text:?}; a repeat after a fix is `after-user-action`"),
                    ));
                }
            }
        }
    }
    report(problems);
}

/// A `related` link between a reasonCode and a psErrorCode says that the API sends them
/// together (the diagnosis reads it so): some edition must pair them (the psErrorCode's
/// `pairings`). Codes that are merely alike are not linked this way.
#[test]
fn a_reason_and_a_ps_error_are_related_only_where_an_edition_pairs_them() {
    let data = dataset();
    let ps_errors: BTreeMap<&str, &Record> = data
        .records
        .iter()
        .filter(|r| r.family == Family::PsError)
        .map(|r| (r.entry.code, r))
        .collect();
    let mut problems = Vec::new();
    for r in &data.records {
        for key in r.entry.related {
            let (ps, reason) = match (r.family, key.split_once(':')) {
                (Family::PsError, Some(("payment-reason", _))) => (Some(r), key.to_string()),
                (Family::PaymentReason, Some(("ps-error", code))) => (
                    ps_errors.get(code).copied(),
                    format!("payment-reason:{}", r.entry.code),
                ),
                _ => continue,
            };
            let paired = ps.is_some_and(|ps| ps.details.pairings.iter().any(|p| p.with == reason));
            if !paired {
                problems.push(at(
                    r,
                    "related",
                    format!("`{key}`: no edition pairs these codes (see the psErrorCode's `pairings`); remove the link"),
                ));
            }
        }
    }
    report(problems);
}

/// The data's own field names, which a reader of a text does not see.
const FIELD_NAMES: &[&str] = &[
    "conflicts",
    "contexts",
    "pairings",
    "superseded",
    "provenance",
    "wording",
    "keywords",
    "retry_source",
    "related",
    "sources",
];

/// Words about our data rather than about the payment: the record itself, how the pages were
/// copied, our file names. Matched on word boundaries, lowercased.
const META_PHRASES: &[&str] = &[
    "the record",
    "this record",
    "our record",
    "each record",
    "every record",
    "code's record",
    "the records",
    "scraped",
    "seed",
    "seeds",
    "data/",
    "скачанн",
    "скопированн",
    "копии страницы",
    "копия страницы",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Every place `needle` stands in `text` as a whole word (or, for a needle ending in a letter,
/// as the start of a word: `скачанн` finds `скачанной`).
fn word_hits<'t>(text: &'t str, needle: &str, prefix: bool) -> impl Iterator<Item = usize> + 't {
    let needle = needle.to_string();
    text.match_indices(needle.as_str())
        .map(|(at, _)| at)
        .collect::<Vec<_>>()
        .into_iter()
        .filter(move |&at| {
            let start_ok = !text[..at].chars().next_back().is_some_and(is_word_char)
                || !needle.starts_with(is_word_char);
            let end = at + needle.len();
            let end_ok = prefix
                || !text[end..].chars().next().is_some_and(is_word_char)
                || !needle.ends_with(is_word_char);
            start_ok && end_ok
        })
}

/// What in `text` speaks about our data model instead of the payment, if anything.
fn meta_word(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for field in FIELD_NAMES {
        for see in ["see ", "см. "] {
            let phrase = format!("{see}{field}");
            if word_hits(&lower, &phrase, false).next().is_some() {
                return Some(phrase);
            }
        }
    }
    for phrase in META_PHRASES {
        let prefix = phrase.starts_with(|c: char| matches!(c, 'а'..='я'));
        if word_hits(&lower, phrase, prefix).next().is_some() {
            return Some(phrase.to_string());
        }
    }
    // A family's name ("xml-payment-result", "family topup-result", "bill-result:GENERAL_ERROR")
    // is our name for a table; say which table or protocol in words.
    for family in Family::ALL {
        if word_hits(&lower, family.as_str(), false).next().is_some() {
            return Some(family.as_str().to_string());
        }
    }
    // «запись» is the record (ours) unless it is an account («учётная запись»).
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if matches!(*w, "запись" | "записи" | "записью" | "записей" | "записям")
        {
            let account =
                i > 0 && (words[i - 1].starts_with("учётн") || words[i - 1].starts_with("учетн"));
            if !account {
                return Some(w.to_string());
            }
        }
    }
    None
}

/// Texts talk to the reader about the payment. Our field names ("see conflicts"), the record
/// itself ("the record keeps it"), how the pages were copied ("the scraped copy") and family
/// names ("(family xml-payment-result)") mean nothing to them. Conflict texts say which claim
/// "the record" follows by design and are not checked.
#[test]
fn texts_do_not_speak_of_our_data_model() {
    let mut problems = Vec::new();
    for r in dataset().records {
        for (field, t) in texts(&r) {
            if field == "conflicts" {
                continue;
            }
            for text in [t.ru, t.en] {
                if let Some(word) = meta_word(text) {
                    problems.push(at(
                        &r,
                        field,
                        format!(
                            "says \"{word}\", a word about our data, not the payment: {text:?}"
                        ),
                    ));
                }
            }
        }
    }
    report(problems);
}

/// The search terms of a text (stemmed, stop words dropped).
fn terms_of(stemmers: &qiwi_errors_shared::terms::Stemmers, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    stemmers.for_each_term(text, |term, _| out.push(term));
    out.sort();
    out.dedup();
    out
}

/// Whether `term` is one of `set`, allowing for a stem that the stemmer cut differently in
/// another form of the word (`плат` of «платить» and `платеж` of «платёж»).
fn term_in(term: &str, set: &[String]) -> bool {
    set.iter().any(|w| {
        w == term
            || (term.chars().count() >= 4 && w.starts_with(term))
            || (w.chars().count() >= 4 && term.starts_with(w.as_str()))
    })
}

/// A keyword is our phrase for this code. A phrase that is another code's official message
/// sends a pasted message to the wrong code. A phrase counts as the message of a code of
/// another family (one not linked to this code by `related`) when it has at least three words,
/// all of them are in that code's `wording` and they make up at least a third of it, it borrows
/// from that message a word none of this code's own texts use, and at most half of its words
/// are in this code's own `wording`.
#[test]
fn a_keyword_is_not_another_codes_official_message() {
    let stemmers = qiwi_errors_shared::terms::Stemmers::new();
    let records = dataset().records;
    let terms_of_all = |texts: &mut dyn Iterator<Item = &str>| {
        let mut out: Vec<String> = texts.flat_map(|t| terms_of(&stemmers, t)).collect();
        out.sort();
        out.dedup();
        out
    };
    // Per record and language (ru, en): the terms of its official wording, and of everything
    // it says itself (its texts and its wording).
    let wordings: Vec<[Vec<String>; 2]> = records
        .iter()
        .map(|r| {
            let w = r.details.wording;
            [
                terms_of_all(&mut w.iter().flat_map(|w| w.ru.iter().copied())),
                terms_of_all(&mut w.iter().flat_map(|w| w.en.iter().copied())),
            ]
        })
        .collect();
    let own_words: Vec<[Vec<String>; 2]> = records
        .iter()
        .zip(&wordings)
        .map(|(r, wording)| {
            let texts: Vec<Text> = texts(r).into_iter().map(|(_, t)| t).collect();
            let mut ru = terms_of_all(&mut texts.iter().map(|t| t.ru));
            let mut en = terms_of_all(&mut texts.iter().map(|t| t.en));
            ru.extend(wording[0].iter().cloned());
            en.extend(wording[1].iter().cloned());
            [ru, en]
        })
        .collect();
    let mut problems = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let Some(k) = r.details.keywords else {
            continue;
        };
        let mine = format!("{}:{}", r.family, r.entry.code);
        for (lang, phrases) in [(0, k.ru), (1, k.en)] {
            for phrase in phrases {
                let terms = terms_of(&stemmers, phrase);
                let own_message = terms.iter().filter(|t| term_in(t, &wordings[i][lang]));
                if terms.len() < 3 || 2 * own_message.count() > terms.len() {
                    continue;
                }
                let Some(borrowed) = terms.iter().find(|t| !term_in(t, &own_words[i][lang])) else {
                    continue;
                };
                for (j, other) in records.iter().enumerate() {
                    let theirs = format!("{}:{}", other.family, other.entry.code);
                    let message = &wordings[j][lang];
                    if other.family == r.family
                        || r.entry.related.contains(&theirs.as_str())
                        || other.entry.related.contains(&mine.as_str())
                        || !terms.iter().all(|t| term_in(t, message))
                    {
                        continue;
                    }
                    let said = message
                        .iter()
                        .filter(|w| terms.iter().any(|t| term_in(t, std::slice::from_ref(*w))))
                        .count();
                    if 3 * said >= message.len() {
                        problems.push(at(
                            r,
                            "keywords",
                            format!("`{phrase}` is the official message of {theirs} (its words are in that code's `wording`; `{borrowed}` is in none of this code's texts), not a paraphrase of this code"),
                        ));
                    }
                }
            }
        }
    }
    report(problems);
}
