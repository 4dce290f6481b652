//! Words to search terms: fold case and `ё`, split, drop stop words, stem (Snowball Russian for
//! Cyrillic words, Snowball English for Latin ones).
//!
//! The build step indexes the texts with these functions and the library reads queries with
//! them, so both sides always make the same terms.

use crate::case::lowercase;
use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to tell entries apart.
const STOP_WORDS: &[&str] = &[
    "и",
    "в",
    "во",
    "не",
    "на",
    "с",
    "со",
    "по",
    "к",
    "ко",
    "за",
    "из",
    "от",
    "для",
    "а",
    "но",
    "или",
    "что",
    "как",
    "это",
    "он",
    "она",
    "оно",
    "они",
    "вы",
    "я",
    "мы",
    "у",
    "о",
    "об",
    "же",
    "ли",
    "бы",
    "при",
    "до",
    "ваш",
    "вас",
    "вам",
    "мой",
    "мне",
    "меня",
    "так",
    "уже",
    "его",
    "ее",
    "их",
    "если",
    "то",
    "чтобы",
    "есть",
    "был",
    "была",
    "было",
    "быть",
    "да",
    "все",
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "for",
    "is",
    "are",
    "be",
    "and",
    "or",
    "with",
    "it",
    "this",
    "that",
    "your",
    "my",
    "i",
    "you",
    "me",
    "was",
    "were",
    "by",
    "at",
    "as",
    "from",
    "has",
    "have",
    "not",
    "no",
    "do",
    "does",
    "can",
    "will",
    "its",
    "if",
    "then",
    "there",
];

/// What every word that stems to `term` starts with, so that a spelling can be ruled out
/// without stemming it.
///
/// The Russian stemmer only cuts endings off, so a Russian term is a prefix of each word that
/// stems to it; so is an English term, unless the stemmer rewrote the last letters it kept.
/// Such a term ends in `e` or `i` (`hoping` → `hope`, `happy` → `happi`), in `bl`
/// (`sensibility` → `sensibl`), where all but its last letter begin the word, or in `le`
/// (`ability` → `able`), where all but its last two do. Four of the English stemmer's
/// exceptions go further: `skies` → `sky`, `dying` → `die`, `lying` → `lie`, `tying` → `tie`.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::terms::{stem_start, Stemmers};
///
/// assert_eq!(stem_start("платеж"), "платеж");
/// assert_eq!(stem_start("payment"), "payment");
/// assert_eq!(stem_start("pay"), "pay");
/// assert_eq!(stem_start("happi"), "happ");
/// assert_eq!(stem_start("able"), "ab");
/// assert_eq!(stem_start("die"), "d");
/// let stemmers = Stemmers::new();
/// for word in ["платежей", "happy", "dying", "hoping", "paying"] {
///     let term = stemmers.term(word).unwrap();
///     assert!(word.starts_with(stem_start(&term)), "{word} → {term}");
/// }
/// ```
pub fn stem_start(term: &str) -> &str {
    const EXCEPTIONS: &[(&str, &str)] = &[("sky", "sk"), ("die", "d"), ("lie", "l"), ("tie", "t")];
    if let Some(&(_, start)) = EXCEPTIONS.iter().find(|(t, _)| *t == term) {
        return start;
    }
    if term.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
        return term;
    }
    let rewritten = if term.ends_with("le") {
        2
    } else if term.ends_with(['e', 'i']) || term.ends_with("bl") {
        1
    } else {
        return term;
    };
    let keep = term.chars().count().saturating_sub(rewritten).max(1);
    let end = term.char_indices().nth(keep).map_or(term.len(), |(i, _)| i);
    &term[..end]
}

/// The two stemmers, made once per call site (creating one costs nothing at run time).
pub struct Stemmers {
    ru: Stemmer,
    en: Stemmer,
}

impl Stemmers {
    /// Russian and English Snowball stemmers.
    pub fn new() -> Self {
        Stemmers {
            ru: Stemmer::create(Algorithm::Russian),
            en: Stemmer::create(Algorithm::English),
        }
    }

    /// Calls `f(term, word)` for each search term of `text` with the folded word it came from.
    pub fn for_each_term(&self, text: &str, mut f: impl FnMut(String, &str)) {
        Stemmers::words(text, |word| {
            if let Some(term) = self.term(word) {
                f(term, word);
            }
        });
    }

    /// The search term of one folded word (as [`Stemmers::words`] gives them), or `None` for a
    /// stop word or a single letter.
    pub fn term(&self, word: &str) -> Option<String> {
        if word.chars().count() < 2 || STOP_WORDS.contains(&word) {
            return None;
        }
        let cyrillic = word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
        let stemmer = if cyrillic { &self.ru } else { &self.en };
        Some(stemmer.stem(word).into_owned())
    }

    /// Calls `f` with each word of `text`, lowercased, `ё` folded to `е`.
    pub fn words(text: &str, mut f: impl FnMut(&str)) {
        let mut word = String::new();
        for c in text.chars() {
            match fold_char(c) {
                Some(c) => word.push(c),
                None if word.is_empty() => {}
                None => {
                    f(&word);
                    word.clear();
                }
            }
        }
        if !word.is_empty() {
            f(&word);
        }
    }
}

/// A word character lowercased with `ё` as `е`, or `None` between words. ASCII and Russian
/// letters take a fast path; the Unicode tables are only asked about other scripts.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        'a'..='z' | '0'..='9' | 'а'..='я' => Some(c),
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        'А'..='Я' => char::from_u32(c as u32 + 0x20),
        'ё' | 'Ё' => Some('е'),
        c if c.is_ascii() => None,
        c if c.is_alphanumeric() => Some(lowercase(c)),
        _ => None,
    }
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers::new()
    }
}

/// How much a word counts, by the field it is in: names and the phrases people type count most.
pub const TITLE: u32 = 6;
/// Weight of the distinctive words of a code's official message: a pasted message must find
/// its code before any paraphrase does.
pub const WORDING: u32 = 10;
/// A mark in a posting's weight byte: the term is one of the code's official wording terms.
/// The low bits are the weight, capped at [`MAX_WEIGHT`].
pub const OFFICIAL: u8 = 0x80;
/// A mark in a posting's weight byte: the term is in one of the code's keyword phrases, the
/// words people use for it.
pub const SAID: u8 = 0x40;
/// The most a term's weight in one document can be; the two top bits are marks.
pub const MAX_WEIGHT: u8 = 0x3F;
/// Weight of a symptom's keyword phrases.
pub const KEYWORD: u32 = 5;
/// Weight of a customer text or a symptom's summary.
pub const SUMMARY: u32 = 3;
/// Weight of developer texts, steps, contexts and causes.
pub const BODY: u32 = 1;

/// Builds the search index: stemmed term -> (document, weight). The build step runs it over
/// `data/` and writes the result in the layout of [`crate::index`].
pub struct Indexer {
    stemmers: Stemmers,
    /// Term -> (document, weight, marks), documents in the order they were added.
    terms: std::collections::BTreeMap<String, Vec<(usize, u32, u8)>>,
}

impl Default for Indexer {
    fn default() -> Self {
        Indexer::new()
    }
}

impl Indexer {
    /// An empty index.
    pub fn new() -> Self {
        Indexer {
            stemmers: Stemmers::new(),
            terms: Default::default(),
        }
    }

    /// Adds the words of `text` to document `doc` with `weight`. Documents come in order (all
    /// of one, then all of the next), so a term's postings stay sorted by document.
    pub fn add(&mut self, doc: usize, text: &str, weight: u32) {
        self.add_marked(doc, text, weight, 0);
    }

    /// Adds the terms of a code's official wording to document `doc`: weighted [`WORDING`]
    /// and marked [`OFFICIAL`], so that a search can tell how much of a query the official
    /// message covers.
    pub fn add_wording(&mut self, doc: usize, term: &str) {
        self.add_marked(doc, term, WORDING, OFFICIAL);
    }

    /// Adds one of a code's keyword phrases to document `doc`: weighted [`KEYWORD`] and marked
    /// [`SAID`].
    pub fn add_keywords(&mut self, doc: usize, phrase: &str) {
        self.add_marked(doc, phrase, KEYWORD, SAID);
    }

    fn add_marked(&mut self, doc: usize, text: &str, weight: u32, mark: u8) {
        let terms = &mut self.terms;
        self.stemmers.for_each_term(text, |term, _| {
            let postings = terms.entry(term).or_default();
            match postings.last_mut() {
                Some((last, w, o)) if *last == doc => {
                    *w += weight;
                    *o |= mark;
                }
                _ => {
                    debug_assert!(postings.last().is_none_or(|(last, _, _)| *last < doc));
                    postings.push((doc, weight, mark));
                }
            }
        });
    }

    /// Adds an entry: its title, customer text, and the body (developer text, steps, contexts),
    /// each given in both languages.
    pub fn add_entry<'t>(
        &mut self,
        doc: usize,
        title: [&str; 2],
        customer: [&str; 2],
        body: impl Iterator<Item = &'t str>,
    ) {
        for t in title {
            self.add(doc, t, TITLE);
        }
        for t in customer {
            self.add(doc, t, SUMMARY);
        }
        for t in body {
            self.add(doc, t, BODY);
        }
    }

    /// Adds a symptom: its title, keyword phrases, summary, and the body (causes and steps).
    pub fn add_symptom<'t>(
        &mut self,
        doc: usize,
        title: [&str; 2],
        keywords: impl Iterator<Item = &'t str>,
        summary: [&str; 2],
        body: impl Iterator<Item = &'t str>,
    ) {
        for t in title {
            self.add(doc, t, TITLE);
        }
        for k in keywords {
            self.add(doc, k, KEYWORD);
        }
        for t in summary {
            self.add(doc, t, SUMMARY);
        }
        for t in body {
            self.add(doc, t, BODY);
        }
    }

    /// Terms in order, each with its postings; weights saturate at [`MAX_WEIGHT`] so that a
    /// word repeated in a long text does not outweigh a title, and carry their marks
    /// ([`OFFICIAL`], [`SAID`]).
    pub fn finish(self) -> Vec<(String, Vec<(u16, u8)>)> {
        self.terms
            .into_iter()
            .map(|(term, postings)| {
                let list = postings
                    .into_iter()
                    .map(|(doc, w, mark)| {
                        let w = w.min(u32::from(MAX_WEIGHT)) as u8;
                        (u16::try_from(doc).unwrap_or(u16::MAX), w | mark)
                    })
                    .collect();
                (term, list)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn starts_as_its_term(stemmers: &Stemmers, word: &str) -> Result<(), String> {
        match stemmers.term(word) {
            Some(term) if !word.starts_with(stem_start(&term)) => Err(format!(
                "{word} stems to {term}, which needs {:?}",
                stem_start(&term)
            )),
            _ => Ok(()),
        }
    }

    /// Words whose stems rewrite their ends: every suffix rule of Porter2 that replaces letters,
    /// its exceptions, and Russian endings of each kind.
    #[test]
    fn rewritten_endings() {
        let stemmers = Stemmers::new();
        let words = [
            "happy",
            "cries",
            "cried",
            "ties",
            "hoping",
            "hopping",
            "dying",
            "lying",
            "tying",
            "skies",
            "ugly",
            "early",
            "only",
            "idly",
            "gently",
            "singly",
            "news",
            "relational",
            "conditional",
            "valenci",
            "hesitancy",
            "reasonably",
            "possibly",
            "organization",
            "organizer",
            "operator",
            "feudalism",
            "decisiveness",
            "hopefulness",
            "callousness",
            "formality",
            "sensitivity",
            "sensibility",
            "radically",
            "differently",
            "analogy",
            "vilely",
            "triplicate",
            "formative",
            "formalize",
            "electricity",
            "electrical",
            "agreed",
            "bled",
            "sized",
            "rated",
            "caresses",
            "ponies",
            "tiny",
            "sky",
            "spying",
            "платежей",
            "оплатившийся",
            "карточками",
            "заблокированный",
            "длиннейший",
            "нужно",
            "подождите",
            "ошибкой",
            "средств",
            "отказано",
            "истекла",
            "смс",
            "банковской",
        ];
        for word in words {
            starts_as_its_term(&stemmers, word).unwrap();
        }
    }

    proptest! {
        #[test]
        fn latin_words_start_as_their_terms(word in "[a-z]{2,16}") {
            starts_as_its_term(&Stemmers::new(), &word).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn cyrillic_words_start_as_their_terms(word in "[а-я]{2,16}") {
            starts_as_its_term(&Stemmers::new(), &word).map_err(TestCaseError::fail)?;
        }

        /// Suffixes the stemmers act on, after random stems, hit the rewriting rules far more
        /// often than random letters do.
        #[test]
        fn suffixed_words_start_as_their_terms(
            stem in "[a-z]{1,8}",
            suffix in "(y|ys|yed|ying|yingly|ies|ied|ing|ed|ly|ation|ational|ization|iviti|biliti|enci|anci|abli|ator|alism|fulness|ousness|iveness|aliti|ousli|entli|eli|alli|ogi|li|icate|ative|alize|ical|ful|ness|eed|eedly|ingly|edly|s|sses|us|ss)",
        ) {
            starts_as_its_term(&Stemmers::new(), &format!("{stem}{suffix}")).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn russian_endings_start_as_their_terms(
            stem in "[а-я]{1,8}",
            suffix in "(ейше|ейш|нн|ь|ость|ост|ивши|ывши|ившись|ся|сь|ими|ыми|ого|ему|ая|яя|ую|ющ|ем|ал|ила|ыла|ено|ует|уют|ит|ыт|ов|ев|ей|ий|ию|ия|ях|ами|иями)",
        ) {
            starts_as_its_term(&Stemmers::new(), &format!("{stem}{suffix}")).map_err(TestCaseError::fail)?;
        }
    }
}
