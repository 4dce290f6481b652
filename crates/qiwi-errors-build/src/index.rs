//! The search index over the dataset: which texts of a record or symptom are searched, and
//! how much each counts. Documents are the records, then the symptoms.

use crate::dataset::Dataset;
use qiwi_errors_shared::terms::{Indexer, Stemmers, TITLE};

/// Stemmed term -> `(document, weight)`, terms sorted.
pub(crate) fn build(dataset: &Dataset) -> Vec<(String, Vec<(u16, u8)>)> {
    let mut index = Indexer::new();
    for (doc, r) in dataset.records.iter().enumerate() {
        let (e, d) = (&r.entry, &r.details);
        let body = std::iter::once(&d.developer)
            .chain(d.steps)
            .chain(d.contexts.iter().flat_map(|c| [&c.when, &c.meaning]))
            .flat_map(|t| [t.ru, t.en]);
        index.add_entry(
            doc,
            [e.title.ru, e.title.en],
            [e.customer.ru, e.customer.en],
            body,
        );
        // A key name is words too: `ACQUIRING_EXPIRED_CARD` is found by `card expired`.
        if e.code.bytes().any(|b| b.is_ascii_alphabetic()) && e.code.contains(['_', '.']) {
            index.add(doc, &e.code.replace(['_', '.'], " "), TITLE);
        }
        if let Some(k) = &d.keywords {
            for phrase in k.ru.iter().chain(k.en) {
                index.add_keywords(doc, phrase);
            }
        }
        if let Some(w) = &d.wording {
            for term in w.ru.iter().chain(w.en) {
                index.add_wording(doc, term);
            }
        }
    }
    for (i, s) in dataset.symptoms.iter().enumerate() {
        let body = s.causes.iter().chain(s.steps).flat_map(|t| [t.ru, t.en]);
        index.add_symptom(
            dataset.records.len() + i,
            [s.title.ru, s.title.en],
            s.keywords.ru.iter().chain(s.keywords.en).copied(),
            [s.summary.ru, s.summary.en],
            body,
        );
    }
    index.finish()
}

/// The distinct search terms of `texts`, sorted.
fn term_set<'t>(stemmers: &Stemmers, texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    let mut terms = std::collections::BTreeSet::new();
    for text in texts {
        stemmers.for_each_term(text, |term, _| {
            terms.insert(term);
        });
    }
    terms.into_iter().collect()
}

/// How many distinct search terms each record's official wording has, `(Russian, English)`
/// (zeros without one): a search compares a pasted message with the wording by it.
pub(crate) fn wording_sizes(dataset: &Dataset) -> Vec<(u8, u8)> {
    let stemmers = Stemmers::new();
    let count = |words: &[&str]| term_set(&stemmers, words.iter().copied()).len().min(255) as u8;
    dataset
        .records
        .iter()
        .map(|r| match &r.details.wording {
            Some(w) => (count(w.ru), count(w.en)),
            None => (0, 0),
        })
        .collect()
}

/// Each symptom's phrases (its titles, then its keyword phrases), each as its sorted search
/// terms: a search compares a complaint with them as it compares a message with a code's
/// official wording.
pub(crate) fn symptom_phrases(dataset: &Dataset) -> Vec<Vec<Vec<String>>> {
    let stemmers = Stemmers::new();
    dataset
        .symptoms
        .iter()
        .map(|s| {
            [s.title.ru, s.title.en]
                .into_iter()
                .chain(s.keywords.ru.iter().chain(s.keywords.en).copied())
                .map(|phrase| term_set(&stemmers, [phrase]))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use qiwi_errors_shared::index::{encode, Index};

    /// Every term of the real data reads back with exactly its postings, and a term between
    /// two real ones reads as absent.
    #[test]
    fn the_encoded_index_reads_back_whole() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let built = super::build(&crate::load_dir(&data).unwrap());
        let (blob, blocks) = encode(&built);
        let index = Index {
            blob: blob.leak(),
            blocks: blocks.leak(),
        };
        for (term, postings) in &built {
            let read: Vec<(u16, u8)> = index.get(term).unwrap().collect();
            assert_eq!(&read, postings, "{term}");
            assert!(index.get(&format!("{term}\u{1}")).is_none());
        }
        assert!(index.get("").is_none());
    }
}
