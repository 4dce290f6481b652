//! The index layout round-trips any sorted set of terms and postings.
#![cfg(feature = "build")]

use proptest::prelude::*;
use qiwi_errors_shared::index::{encode, Index};
use std::collections::BTreeMap;

proptest! {
    #[test]
    fn any_index_reads_back(
        terms in prop::collection::btree_map(
            "[a-zа-я0-9]{1,12}",
            prop::collection::btree_map(0u16..2000, 1u8..=255, 1..20),
            0..200,
        ),
        probe in "[a-zа-я0-9]{1,12}",
    ) {
        let index: Vec<(String, Vec<(u16, u8)>)> = terms
            .iter()
            .map(|(t, p)| (t.clone(), p.iter().map(|(d, w)| (*d, *w)).collect()))
            .collect();
        let (blob, blocks) = encode(&index);
        let read = Index { blob: blob.leak(), blocks: blocks.leak() };
        for (term, postings) in &index {
            prop_assert_eq!(&read.get(term).unwrap().collect::<Vec<_>>(), postings);
        }
        let expected: Option<&BTreeMap<u16, u8>> = terms.get(&probe);
        prop_assert_eq!(read.get(&probe).is_some(), expected.is_some());
    }
}
