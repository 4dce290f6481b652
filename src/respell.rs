//! Unknown query words read as the index terms they were meant to be: Russian typed in Latin
//! letters, or one typo away.
//!
//! A word is respelt by stemming every spelling one edit away and keeping the commonest index
//! term among them: hundreds of spellings a word. Two things keep that cheap: a spelling that
//! no index term could be the stem of is ruled out before stemming ([`Walk`]), and answers are
//! remembered, since the same unknown words come back.

use crate::tables::generated::INDEX;
use qiwi_errors_shared::terms::{stem_start, Stemmers};
use std::sync::OnceLock;

/// How many respellings [`respelt`] keeps per thread before it starts afresh.
const REMEMBERED: usize = 512;

/// The index term a word not in the index stands for ([`worked_out`]), remembered: the same
/// unknown words come back again and again (the widget searches on every keystroke, a log
/// repeats its words, a support desk pastes the same message twice). The answer depends on the
/// word alone, so the memory is a bounded map per thread, emptied when full.
pub(crate) fn respelt(stemmers: &Stemmers, word: &str) -> Option<String> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static SEEN: RefCell<HashMap<Box<str>, Option<Box<str>>>> = RefCell::new(HashMap::new());
    }
    if let Some(known) = SEEN.with(|seen| seen.borrow().get(word).cloned()) {
        return known.map(String::from);
    }
    let term = worked_out(stemmers, word);
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.len() >= REMEMBERED {
            seen.clear();
        }
        seen.insert(word.into(), term.as_deref().map(Box::from));
    });
    term
}

/// The index term a word not in the index stands for, worked out: the word typed in Latin
/// letters for Cyrillic (`zablokirovan`), or one typo away (`средст`, `expierd`), the commonest
/// such term.
fn worked_out(stemmers: &Stemmers, word: &str) -> Option<String> {
    worked_out_with(stemmers, word, true)
}

/// [`worked_out`], ruling out spellings that cannot stem to a term before stemming them, or
/// (`rule_out` false, for the tests to compare) stemming them all.
fn worked_out_with(stemmers: &Stemmers, word: &str, rule_out: bool) -> Option<String> {
    if word.chars().count() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let cyrillic = crate::fuzzy::cyrillic(word);
    if let Some(term) = cyrillic.as_deref().and_then(|w| stemmers.term(w)) {
        if INDEX.get(&term).is_some() {
            return Some(term);
        }
    }
    // A typo in the word as typed, or in its reading in Cyrillic (`nedostatochno sredst`).
    let mut best: Option<(usize, String)> = None;
    for word in std::iter::once(word).chain(cyrillic.as_deref()) {
        let walk = Walk::along(word);
        crate::fuzzy::one_edit(word, |candidate, kept| {
            if rule_out && !walk.may_stem_to_a_term(candidate, kept) {
                return;
            }
            if let Some(term) = stemmers.term(candidate) {
                if let Some(postings) = INDEX.get(&term) {
                    let n = postings.count();
                    if best.as_ref().is_none_or(|(m, _)| n > *m) {
                        best = Some((n, term));
                    }
                }
            }
        });
    }
    best.map(|(_, term)| term)
}

/// What the words stemming to each index term start with ([`stem_start`]), sorted, without
/// repeats; read off the index on first use.
fn stem_starts() -> &'static [Box<str>] {
    static STARTS: OnceLock<Vec<Box<str>>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut starts = Vec::new();
        INDEX.for_each_term(|term| {
            if let Ok(term) = std::str::from_utf8(term) {
                starts.push(Box::from(stem_start(term)));
            }
        });
        starts.sort_unstable();
        starts.dedup();
        starts
    })
}

/// How the sorted starts narrow along a word, byte by byte: the spellings one edit from the
/// word share its first bytes, so each is only walked from its edit on.
struct Walk {
    /// After each of the word's first bytes (from none), the starts that begin like it.
    ranges: Vec<(usize, usize)>,
    /// After each of the word's first bytes, whether a start ends within them.
    ended: Vec<bool>,
}

impl Walk {
    fn along(word: &str) -> Walk {
        let starts = stem_starts();
        let mut walk = Walk {
            ranges: vec![(0, starts.len())],
            ended: vec![false],
        };
        for (at, &byte) in word.as_bytes().iter().enumerate() {
            let (range, ended) = narrow(walk.ranges[at], at, byte);
            walk.ranges.push(range);
            walk.ended.push(walk.ended[at] || ended);
        }
        walk
    }

    /// Whether `spelling`, which keeps the walked word's first `kept` bytes, could stem to some
    /// index term: some term's [`stem_start`] is a prefix of it.
    fn may_stem_to_a_term(&self, spelling: &str, kept: usize) -> bool {
        if self.ended[kept] {
            return true;
        }
        let mut range = self.ranges[kept];
        for (at, &byte) in spelling.as_bytes().iter().enumerate().skip(kept) {
            if range.0 == range.1 {
                return false;
            }
            let ended;
            (range, ended) = narrow(range, at, byte);
            if ended {
                return true;
            }
        }
        false
    }
}

/// The starts in `range` (which all begin with the same `at` bytes) whose next byte is `byte`,
/// and whether one of them ends right after it.
fn narrow((lo, hi): (usize, usize), at: usize, byte: u8) -> ((usize, usize), bool) {
    let starts = &stem_starts()[lo..hi];
    // A start no longer than `at` sorts first; the others in the order of their byte `at`.
    let next = |s: &str| s.as_bytes().get(at).copied();
    let first = starts.partition_point(|s| next(s).is_none_or(|b| b < byte));
    let end = starts.partition_point(|s| next(s).is_none_or(|b| b <= byte));
    let ended = starts.get(first).is_some_and(|s| s.len() == at + 1) && first < end;
    ((lo + first, lo + end), ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembering changes nothing but the cost: the answer is the same on the first call, on
    /// a repeat, and after the memory has been emptied for being full.
    #[test]
    fn remembered_respellings_are_the_respellings() {
        let stemmers = Stemmers::new();
        let words = [
            "zablokirovan",
            "expierd",
            "средст",
            "платжеж",
            "qwertyuiop",
            "картаа",
        ];
        let fresh: Vec<_> = words.iter().map(|w| worked_out(&stemmers, w)).collect();
        assert!(fresh.iter().any(Option::is_some) && fresh.iter().any(Option::is_none));
        for round in 0..3 {
            for (word, want) in words.iter().zip(&fresh) {
                assert_eq!(&respelt(&stemmers, word), want, "{word}, round {round}");
            }
            // Fill the memory past its bound with other words (with a digit: never respelt,
            // so cheap to work out).
            for n in 0..REMEMBERED + 7 {
                let _ = respelt(&stemmers, &format!("filler{n}"));
            }
        }
    }

    /// Ruling spellings out before stemming them changes no answer: misspelt index terms, with
    /// and without endings, respell exactly as when every spelling is stemmed.
    mod ruling_out {
        use super::*;
        use proptest::prelude::*;

        fn terms() -> &'static [String] {
            static TERMS: OnceLock<Vec<String>> = OnceLock::new();
            TERMS.get_or_init(|| {
                let mut terms = Vec::new();
                INDEX.for_each_term(|t| terms.push(String::from_utf8_lossy(t).into_owned()));
                terms
            })
        }

        #[test]
        fn starts_come_from_every_term() {
            assert!(terms().len() > 1000);
            assert!(stem_starts().windows(2).all(|w| w[0] < w[1]));
            let may = |spelling: &str| Walk::along("").may_stem_to_a_term(spelling, 0);
            for term in terms() {
                assert!(may(term), "{term}");
                // Walked from any byte of the term itself, as the spellings of a typo are.
                let walk = Walk::along(term);
                assert!((0..=term.len()).all(|kept| walk.may_stem_to_a_term(term, kept)));
            }
            assert!(!may("щщщщ"));
            assert!(!may("zqxjv"));
        }

        proptest! {
            #[test]
            fn same_respellings(
                which in any::<prop::sample::Index>(),
                at in any::<prop::sample::Index>(),
                edit in 0..4usize,
                letter in "[a-zа-я]",
                ending in "(|s|ed|ing|ly|ation|а|ы|ой|ами|ей|ость|ующий)",
            ) {
                let term = which.get(terms());
                let mut chars: Vec<char> = term.chars().collect();
                let at = at.index(chars.len() + 1);
                let letter = letter.chars().next().unwrap();
                match edit {
                    0 if at < chars.len() => { chars.remove(at); }
                    1 if at < chars.len() => chars[at] = letter,
                    2 if at + 1 < chars.len() => chars.swap(at, at + 1),
                    _ => chars.insert(at, letter),
                }
                let word: String = chars.into_iter().collect::<String>() + &ending;
                let stemmers = Stemmers::new();
                prop_assert_eq!(
                    worked_out_with(&stemmers, &word, true),
                    worked_out_with(&stemmers, &word, false),
                    "{}", word
                );
            }
        }
    }
}
