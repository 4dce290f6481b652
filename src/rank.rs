//! Ranking what a query was read as ([`crate::query::Reading`]): the code in the families the
//! query names, the same code elsewhere, keys one typo away, the closest real codes to an
//! unknown number, and text matches, in one list by relevance.

use crate::candidate::{Candidate, CodeHow, Found, MatchReason};
use crate::entry::Entry;
use crate::kinds::{Family, Provenance};
use crate::query::{self, CodeMatch, Reading};

/// The ranked candidates of a reading, and the code no family has (when the query named one).
pub(crate) struct Ranked {
    pub candidates: Vec<Candidate>,
    pub unknown: Option<String>,
    pub named: Vec<Family>,
}

/// Ranks a reading's candidates, best first.
pub(crate) fn rank(reading: &Reading<'_>) -> Ranked {
    let mut hints = reading.hints.clone();
    if !hints.is_empty() {
        hints.extend(reading.modifiers.iter().copied());
    }
    let ranked_named = named_families(&hints);
    let named: Vec<Family> = ranked_named.iter().map(|n| n.family).collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut unknown = None;
    // A phrase with a code-shaped word in it is still a phrase: `card expired` is not the
    // status `EXPIRED`, `Превышен лимит 5 000 RUB` is not the code 5.
    // Nor is `Payment type unavailable for your country` the operation type `PAYMENT`, though
    // it names that family: a plain word that is a key, among three other words, is a word.
    let phrase = reading.code.is_some()
        && !reading.words.is_empty()
        && (named.is_empty() && (!reading.code_like || reading.words.len() >= 3)
            || !reading.code_like && reading.words.len() >= 3);

    if let Some(code) = reading.code.as_deref() {
        let any_named = !named.is_empty();
        let code_like = reading.code_like;
        let mut push = |entry: Entry, how: CodeMatch, hinted: bool| {
            if candidates.iter().any(|c| c.found == Found::Entry(entry)) {
                return;
            }
            let mut score = code_score(entry.family(), code, how, hinted, &ranked_named);
            if phrase && code_like {
                score = score.min(30 + query::family_weight(entry.family(), code) / 2);
            } else if phrase {
                // A plain word that is a key: what the phrase says decides, not the key.
                score = score.min(20);
            }
            // A code only an official sample shows gives way to the same number in a table.
            if entry.provenance() == Provenance::Example {
                score = score.saturating_sub(10);
            }
            candidates.push(code_candidate(entry, code, hinted, how.into(), score));
        };
        // The families the query names, then every family: a hint that names the wrong API
        // should still let the right entry show, ranked lower. Once the query named a family,
        // only exact keys elsewhere are worth showing, not ranges or other leading zeros.
        query::find_code(&named, code, false, |e, how| push(e, how, true));
        query::find_code(Family::ALL, code, any_named, |e, how| push(e, how, false));

        let answered = candidates.iter().any(|c| {
            matches!(
                c.reason,
                MatchReason::Code {
                    how: CodeHow::Exact,
                    ..
                } | MatchReason::Code {
                    how: CodeHow::Range | CodeHow::LeadingZeros,
                    hinted: true,
                    ..
                }
            )
        });
        if !answered && !phrase {
            let typos = near_keys(code, &named, &mut candidates);
            if !typos && reading.code_like {
                unknown = Some(code.to_string());
                near_numbers(code, &named, &mut candidates);
            }
        }
    } else if !named.is_empty() {
        // `bill status expierd`: a word one typo from a key of the named families.
        for word in reading.words.iter().filter(|w| w.len() >= 5) {
            near_keys(word, &named, &mut candidates);
        }
    }

    #[cfg(feature = "search")]
    {
        let mut words: Vec<&str> = reading.words.clone();
        if !words.is_empty() || reading.code.is_none() {
            words.extend(reading.context.iter().copied());
        }
        // In a phrase the code-shaped word is a word like the others (`card expired`).
        if let Some(code) = reading.code.as_deref().filter(|_| phrase) {
            words.push(code);
        }
        if unknown.is_some() || reading.code.is_some() && candidates.is_empty() {
            words.extend(reading.key_words.iter().copied());
        }
        // A plain word that happens to be a key (`payment`) is only a word of the phrase: its
        // entry gains nothing for agreeing with the rest of it.
        let agreeing_code = phrase && reading.code_like;
        search_into(&words, phrase, agreeing_code, &mut candidates);
    }
    candidates.sort_by_key(|c| std::cmp::Reverse(c.score));
    Ranked {
        candidates,
        unknown,
        named,
    }
}

/// Adds the text matches of `words`: a candidate the words agree with rises above its
/// namesakes; in a phrase, the text decides.
#[cfg(feature = "search")]
fn search_into(words: &[&str], phrase: bool, agreeing: bool, candidates: &mut Vec<Candidate>) {
    if words.is_empty() {
        return;
    }
    {
        for hit in crate::search::search(&words.join(" ")) {
            match candidates.iter_mut().find(|c| c.found == hit.found) {
                // The words agree with the code: that candidate rises above its namesakes.
                Some(c) if agreeing => c.score = hit.score.saturating_add(20).min(99).max(c.score),
                Some(c) if phrase => c.score = hit.score.max(c.score),
                Some(c) => c.score = c.score.saturating_add(hit.score / 6).min(100),
                None => candidates.push(hit),
            }
        }
    }
}

fn code_candidate(entry: Entry, code: &str, hinted: bool, how: CodeHow, score: u8) -> Candidate {
    Candidate {
        found: Found::Entry(entry),
        score,
        reason: MatchReason::Code {
            code: code.to_string(),
            hinted,
            how,
        },
    }
}

/// Keys one typo away from `typed` (in each part of a dotted or underscored key); `true` if
/// any was found.
fn near_keys(typed: &str, named: &[Family], out: &mut Vec<Candidate>) -> bool {
    if typed.len() < 5 || typed.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut found = false;
    for entry in crate::lookup::entries() {
        if !crate::fuzzy::near_key(entry.code(), typed) {
            continue;
        }
        let hinted = named.contains(&entry.family());
        if out.iter().any(|c| c.found == Found::Entry(entry)) {
            continue;
        }
        let score = if hinted {
            88
        } else {
            70 + query::family_weight(entry.family(), typed) / 2
        };
        out.push(code_candidate(entry, typed, hinted, CodeHow::Near, score));
        found = true;
    }
    found
}

/// The real codes closest to an unknown number: same number of digits, in the named families
/// (or any), nearest first.
fn near_numbers(code: &str, named: &[Family], out: &mut Vec<Candidate>) {
    let Some(n) = code.parse::<i64>().ok().filter(|_| code.len() <= 18) else {
        return;
    };
    let families: &[Family] = if named.is_empty() { Family::ALL } else { named };
    let mut near: Vec<(i64, u8, Entry)> = crate::lookup::entries()
        .filter(|e| families.contains(&e.family()) && e.code().len() == code.len())
        .filter_map(|e| {
            let m = e.code().parse::<i64>().ok()?;
            Some(((m - n).abs(), query::family_weight(e.family(), code), e))
        })
        .filter(|(d, _, _)| *d <= 10i64.pow(code.len().saturating_sub(1).min(9) as u32))
        .collect();
    near.sort_by_key(|(d, w, _)| (*d, std::cmp::Reverse(*w)));
    for (i, (_, _, entry)) in near.into_iter().take(3).enumerate() {
        let hinted = named.contains(&entry.family());
        // Weaker than any real match, range rows included.
        out.retain(|c| {
            !matches!(
                c.reason,
                MatchReason::Code {
                    how: CodeHow::Range,
                    hinted: false,
                    ..
                }
            )
        });
        let score = 40u8.saturating_sub(2 * i as u8) + if hinted { 5 } else { 0 };
        out.push(code_candidate(entry, code, hinted, CodeHow::Near, score));
    }
}

/// The families a query names, most named first: where several words each name a set (`XML`
/// and `status`), a family named by more of them ranks before one named by fewer; ties keep
/// the order named.
pub(crate) fn named_families(hints: &[&'static [Family]]) -> Vec<Named> {
    let mut counted: Vec<(Family, usize)> = Vec::new();
    for hint in hints {
        for family in hint.iter() {
            match counted.iter_mut().find(|(f, _)| f == family) {
                Some((_, n)) => *n += 1,
                None => counted.push((*family, 1)),
            }
        }
    }
    counted.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let most = counted.first().map_or(0, |(_, n)| *n);
    counted
        .into_iter()
        .map(|(f, n)| Named {
            family: f,
            fewer: (most - n).min(5) as u8,
        })
        .collect()
}

/// A family the query names, and by how many fewer family words than the most named one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Named {
    pub family: Family,
    pub fewer: u8,
}

/// Named families rank by how much and how early the query named them; others by how often
/// people meet that family.
fn code_score(family: Family, code: &str, how: CodeMatch, hinted: bool, named: &[Named]) -> u8 {
    if hinted {
        let at = named.iter().position(|n| n.family == family).unwrap_or(0);
        let fewer = named.get(at).map_or(0, |n| n.fewer);
        let position = at.min(10) as u8 + 4 * fewer;
        match how {
            CodeMatch::Exact => 100 - 2 * position,
            CodeMatch::LeadingZeros => 90 - 2 * position,
            // A range row is the family's answer only when nothing in it matches exactly.
            CodeMatch::Range => 80 - position,
        }
    } else {
        let weight = query::family_weight(family, code);
        match how {
            CodeMatch::Exact => 50 + weight,
            CodeMatch::LeadingZeros => 25 + weight,
            // Ranges are weak: a number the query did not tie to the family.
            CodeMatch::Range => 20 + weight / 4,
        }
    }
}
