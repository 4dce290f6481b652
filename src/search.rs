//! Free-text search over the entries' and symptoms' texts, in Russian and English.
//!
//! The index (stemmed term → documents) is generated at build time; a search stems the query's
//! words, reads their posting lists and ranks the documents. Russian word forms meet because
//! both sides are stemmed the same way ("недостаточно средств" finds "недостаточно средств на
//! счёте" and "средства").

use crate::candidate::{Candidate, Found, MatchReason};
use crate::entry::Entry;
use crate::symptom::Symptom;
use crate::tables::generated::{DOCUMENTS, FIRST_SYMPTOM, INDEX, SYMPTOM_PHRASES, WORDING_TERMS};
use qiwi_errors_shared::terms::{Stemmers, MAX_WEIGHT, OFFICIAL, SAID};

/// The most candidates [`search`] returns.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{search, MAX_RESULTS};
///
/// assert!(search("ошибка платежа карта кошелек").len() <= MAX_RESULTS);
/// ```
pub const MAX_RESULTS: usize = 10;

/// The most query terms read; the rest of a long paste is ignored.
const MAX_TERMS: usize = 32;

/// The most unknown words of one query looked for as typos. Each costs about a millisecond
/// (every spelling one edit away is stemmed and looked up), so a paste of IDs and hashes would
/// otherwise block a page for seconds; a person's typos are few, and come early enough.
const MAX_RESPELLINGS: usize = 6;

/// The best text score before a phrase bonus; code matches rank above it.
pub(crate) const TOP_SCORE: f32 = 55.0;

/// Finds entries and symptoms whose texts match the words of `query`, best first, at most
/// [`MAX_RESULTS`].
///
/// Scores run up to 60, below any code named with its family; each candidate's
/// [`MatchReason::Text`] lists the query words it matched. An empty or word-less query gives
/// no candidates.
///
/// # Examples
///
/// ```
/// use qiwi_errors::{search, Family};
///
/// let hits = search("недостаточно средств");
/// let first = hits[0].found.entry().unwrap();
/// assert!(first.title().en.to_lowercase().contains("funds"));
///
/// let hits = search("SMS code does not arrive");
/// assert!(hits[0].found.symptom().is_some());
/// assert!(search("").is_empty());
/// ```
pub fn search(query: &str) -> Vec<Candidate> {
    let stemmers = Stemmers::new();
    let mut terms: Vec<(String, String)> = Vec::new();
    let mut respellings = 0;
    stemmers.for_each_term(query, |term, word| {
        if terms.len() >= MAX_TERMS {
            return;
        }
        // A word the index does not know may be misspelt or Russian typed in Latin letters.
        let term = if INDEX.get(&term).is_some() {
            term
        } else if respellings < MAX_RESPELLINGS {
            respellings += 1;
            crate::respell::respelt(&stemmers, word).unwrap_or(term)
        } else {
            term
        };
        if !terms.iter().any(|(t, _)| *t == term) {
            terms.push((term, word.to_string()));
        }
    });
    let mut hits = rank(&terms);
    // The whole phrase in a title ("too many requests" is 429's name) beats the same words
    // scattered over a text.
    let phrase: String = terms
        .iter()
        .map(|(_, w)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if terms.len() > 1 {
        for hit in &mut hits {
            let title = match hit.found {
                Found::Entry(e) => e.title(),
                Found::Symptom(s) => s.title(),
            };
            if [title.ru, title.en]
                .iter()
                .any(|t| fold(t).contains(&phrase))
            {
                hit.score = hit.score.saturating_add(PHRASE_BONUS);
            }
        }
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    }
    hits
}

/// Dice's coefficient of two sets of terms, from their sizes and how many they share.
fn dice(common: u32, query: u32, other: impl Into<u32>) -> f32 {
    let other = other.into();
    if other == 0 || query == 0 {
        return 0.0;
    }
    2.0 * common as f32 / (query + other) as f32
}

/// How a query compares with the closest of a symptom's phrases: the share of the query's
/// known terms that phrase holds, and Dice's coefficient of the two.
fn told(symptom: usize, terms: &[(String, String)], known: u32) -> (f32, f32) {
    let query = known.count_ones();
    let mut best = (0f32, 0f32);
    for phrase in SYMPTOM_PHRASES.get(symptom).copied().unwrap_or_default() {
        let common = terms
            .iter()
            .enumerate()
            .filter(|(bit, (t, _))| known & 1 << bit != 0 && phrase.contains(&t.as_str()))
            .count() as u32;
        let alike = dice(common, query, phrase.len() as u32);
        if alike > best.1 {
            best = (common as f32 / query.max(1) as f32, alike);
        }
    }
    best
}

/// What a title holding the query's whole phrase gains.
const PHRASE_BONUS: u8 = 5;

/// The text's words, folded and joined by single spaces, for phrase matching.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    Stemmers::words(text, |w| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    });
    out
}

fn rank(terms: &[(String, String)]) -> Vec<Candidate> {
    if terms.is_empty() {
        return Vec::new();
    }
    let documents = DOCUMENTS as f32;
    let mut score = vec![0f32; DOCUMENTS];
    let mut matched = vec![0u32; DOCUMENTS];
    // The query terms each document's official wording holds.
    let mut official = vec![0u32; DOCUMENTS];
    // The query terms each code's keyword phrases hold.
    let mut said_by_people = vec![0u32; DOCUMENTS];
    let mut known_terms = 0usize;
    let mut known = 0u32;
    for (bit, (term, _)) in terms.iter().enumerate() {
        let Some(postings) = INDEX.get(term) else {
            continue;
        };
        known_terms += 1;
        known |= 1 << bit;
        let idf = ((documents + 1.0) / (postings.clone().count() as f32 + 0.5)).ln();
        for (doc, weight) in postings {
            let doc = usize::from(doc);
            score[doc] += idf * (1.0 + f32::from(weight & MAX_WEIGHT).ln());
            matched[doc] |= 1 << bit;
            if weight & OFFICIAL != 0 {
                official[doc] |= 1 << bit;
            }
            if weight & SAID != 0 {
                said_by_people[doc] |= 1 << bit;
            }
        }
    }
    if known_terms == 0 {
        return Vec::new();
    }
    let best = score.iter().copied().fold(0f32, f32::max);
    // Half the words known to the index must match: one stray word must not pull in everything.
    let mut needed = known_terms.div_ceil(2) as u32;
    // A long complaint may share only a third of its words with the right text; when fewer
    // than three texts share half, those sharing a third are shown after them.
    let half = (0..DOCUMENTS)
        .filter(|&doc| matched[doc].count_ones() >= needed)
        .count();
    if half < 3 && known_terms >= 4 {
        needed = known_terms.div_ceil(3) as u32;
    }
    // Which known terms are Russian, to compare a message with the wording in its language.
    let cyrillic: u32 = known
        & terms
            .iter()
            .enumerate()
            .filter(|(_, (t, _))| !t.is_ascii())
            .fold(0, |bits, (bit, _)| bits | 1 << bit);
    let latin = known.count_ones() - cyrillic.count_ones();
    let mut hits: Vec<(usize, f32)> = (0..DOCUMENTS)
        .filter(|&doc| matched[doc].count_ones() >= needed)
        .map(|doc| {
            let share = |bits: u32| bits.count_ones() as f32 / known_terms as f32;
            let coverage = share(matched[doc]);
            let (said, alike) = match doc.checked_sub(FIRST_SYMPTOM) {
                // A complaint is a symptom's title or keyword phrase, whole or in part.
                Some(symptom) => told(symptom, terms, known),
                // A pasted message is its code's official wording, whole or in part: the share
                // of the query that the wording or the phrases people use for the code say,
                // and how alike the message and the wording are (Dice's coefficient), in the
                // message's language.
                None => {
                    let said = share(official[doc]).max(share(said_by_people[doc]));
                    let (ru, en) = WORDING_TERMS.get(doc).copied().unwrap_or((0, 0));
                    let alike = f32::max(
                        dice(
                            (official[doc] & cyrillic).count_ones(),
                            cyrillic.count_ones(),
                            ru,
                        ),
                        dice((official[doc] & !cyrillic).count_ones(), latin, en),
                    );
                    (said, alike)
                }
            };
            let s = 0.4 * coverage + 0.3 * score[doc] / best + 0.15 * said + 0.15 * alike;
            (doc, TOP_SCORE * s)
        })
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.truncate(MAX_RESULTS);
    hits.into_iter()
        .map(|(doc, s)| Candidate {
            found: if doc < FIRST_SYMPTOM {
                Found::Entry(Entry::at(doc as u16))
            } else {
                Found::Symptom(Symptom::at((doc - FIRST_SYMPTOM) as u16))
            },
            score: s.round().clamp(1.0, TOP_SCORE) as u8,
            reason: MatchReason::Text {
                words: terms
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| matched[doc] & (1 << bit) != 0)
                    .map(|(_, (_, word))| word.clone())
                    .collect(),
            },
        })
        .collect()
}
