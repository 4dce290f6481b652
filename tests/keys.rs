//! `CodeKey`: the `family:code` form parses back into the key it was printed from.

use proptest::prelude::*;
use qiwi_errors::{entries, CodeKey, Family};

#[test]
fn every_entry_key_parses_back_to_its_entry() {
    for e in entries() {
        let key: CodeKey = e.key().parse().unwrap();
        assert_eq!(key, CodeKey::from(e));
        assert_eq!(key.to_string(), e.key());
        assert_eq!(key.entry(), Some(e), "{}", e.key());
    }
}

#[test]
fn every_related_key_in_the_data_parses() {
    for e in entries() {
        for related in e.related_keys() {
            let key: CodeKey = related.parse().unwrap();
            assert_eq!(key.to_string(), *related);
        }
    }
}

#[test]
fn the_error_keeps_the_input() {
    for bad in ["", "ps-error", "ps-error:", "nope:04", ":04", "PS-ERROR:04"] {
        let err = bad.parse::<CodeKey>().unwrap_err();
        assert_eq!(err.input(), bad);
        assert!(err.to_string().contains(&format!("`{bad}`")));
    }
}

proptest! {
    #[test]
    fn printed_keys_parse_back(family in 0..Family::ALL.len(), code in "\\PC{1,24}") {
        let key = CodeKey::new(Family::ALL[family], code);
        let text = key.to_string();
        prop_assert_eq!(text.parse::<CodeKey>().unwrap(), key);
    }

    #[test]
    fn parsed_keys_print_back(text in "[a-z-]{0,20}:?\\PC{0,12}") {
        if let Ok(key) = text.parse::<CodeKey>() {
            prop_assert_eq!(key.to_string(), text);
        }
    }
}
