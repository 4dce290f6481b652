//! Near spellings: one typo (an insertion, a deletion, a substitution or two letters swapped),
//! keys with a typo in each part (`REATEMPT_NOT_PERMITED_BY_PS`), and Russian typed in Latin
//! letters (`nedostatochno sredstv`).

/// At most one edit apart (optimal string alignment: a swap of neighbours is one edit).
///
/// # Examples (crate-internal)
///
/// `within_one("expired", "expierd")`, `within_one("error", "eror")`.
pub(crate) fn within_one(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Without allocating: it runs for every word of a query against every filler word.
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let (mut pa, mut pb) = (0, 0);
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            break;
        }
        pa += x.len_utf8();
        pb += y.len_utf8();
    }
    let (a, b) = (&a[pa..], &b[pb..]);
    fn rest(s: &str) -> &str {
        let mut chars = s.chars();
        chars.next();
        chars.as_str()
    }
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => {
            if rest(a) == rest(b) {
                return true;
            }
            let (mut ca, mut cb) = (a.chars(), b.chars());
            match (ca.next(), ca.next(), cb.next(), cb.next()) {
                (Some(a0), Some(a1), Some(b0), Some(b1)) => {
                    a0 == b1 && a1 == b0 && ca.as_str() == cb.as_str()
                }
                _ => false,
            }
        }
        std::cmp::Ordering::Greater => rest(a) == b,
        std::cmp::Ordering::Less => a == rest(b),
    }
}

/// `typed` is `key` with at most one typo in each part between `_` or `.` (parts of four
/// letters or more), at least one part right, compared case-insensitively.
pub(crate) fn near_key(key: &str, typed: &str) -> bool {
    if key.len().abs_diff(typed.len()) > 4 || key.eq_ignore_ascii_case(typed) {
        return false;
    }
    let key = key.to_ascii_lowercase();
    let typed = typed.to_ascii_lowercase();
    let split =
        |s: &str| -> Vec<String> { s.split(['_', '.']).map(str::to_string).collect::<Vec<_>>() };
    let (k, t) = (split(&key), split(&typed));
    if k.len() != t.len() {
        // One part may be glued or split; compare the whole keys then.
        return k.len().abs_diff(t.len()) <= 1 && key.len() >= 8 && within_one(&key, &typed);
    }
    let mut exact = 0;
    for (kp, tp) in k.iter().zip(&t) {
        if kp == tp {
            exact += 1;
        } else if kp.len() < 4 || !within_one(kp, tp) {
            return false;
        }
    }
    exact >= 1 || k.len() == 1 && key.len() >= 5
}

/// Calls `f` with every spelling one edit from `word` (a swap, a deletion, a substitution or
/// an insertion of a letter of the word's alphabet), and how many of `word`'s first bytes the
/// spelling keeps before the edit. Search respells unknown words with it.
#[cfg(feature = "search")]
pub(crate) fn one_edit(word: &str, mut f: impl FnMut(&str, usize)) {
    let cyrillic = word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    let alphabet = if cyrillic { 'а'..='я' } else { 'a'..='z' };
    // Each spelling is three slices of `word` and letters around the edit, copied as bytes.
    let mut buf = String::with_capacity(word.len() + 4);
    let mut emit = |parts: &[&str]| {
        buf.clear();
        parts.iter().for_each(|part| buf.push_str(part));
        f(&buf, parts[0].len());
    };
    let mut letter = [0u8; 4];
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    for (n, pair) in bounds.windows(2).enumerate() {
        let (at, next) = (pair[0], pair[1]);
        let this = &word[at..next];
        if let Some(&after) = bounds.get(n + 2) {
            emit(&[&word[..at], &word[next..after], this, &word[after..]]);
        }
        emit(&[&word[..at], &word[next..]]);
        for c in alphabet.clone() {
            let c = &*c.encode_utf8(&mut letter);
            if c != this {
                emit(&[&word[..at], c, &word[next..]]);
            }
        }
    }
    for &at in &bounds {
        for c in alphabet.clone() {
            emit(&[&word[..at], c.encode_utf8(&mut letter), &word[at..]]);
        }
    }
}

/// Russian typed in Latin letters, back in Cyrillic (`zablokirovan` → `заблокирован`), for
/// a word of Latin letters only; `None` for anything else.
#[cfg(feature = "search")]
pub(crate) fn cyrillic(word: &str) -> Option<String> {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    const PAIRS: &[(&str, &str)] = &[
        ("shch", "щ"),
        ("sch", "щ"),
        ("zh", "ж"),
        ("kh", "х"),
        ("ts", "ц"),
        ("ch", "ч"),
        ("sh", "ш"),
        ("ya", "я"),
        ("yu", "ю"),
        ("yo", "е"),
        ("ye", "е"),
        ("ja", "я"),
        ("ju", "ю"),
        ("x", "кс"),
    ];
    const ONE: &[(u8, char)] = &[
        (b'a', 'а'),
        (b'b', 'б'),
        (b'v', 'в'),
        (b'g', 'г'),
        (b'd', 'д'),
        (b'e', 'е'),
        (b'z', 'з'),
        (b'i', 'и'),
        (b'j', 'й'),
        (b'k', 'к'),
        (b'l', 'л'),
        (b'm', 'м'),
        (b'n', 'н'),
        (b'o', 'о'),
        (b'p', 'п'),
        (b'r', 'р'),
        (b's', 'с'),
        (b't', 'т'),
        (b'u', 'у'),
        (b'f', 'ф'),
        (b'h', 'х'),
        (b'c', 'ц'),
        (b'w', 'в'),
        (b'q', 'к'),
    ];
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len() * 2);
    let mut i = 0;
    while i < bytes.len() {
        if let Some((latin, cyr)) = PAIRS.iter().find(|(l, _)| word[i..].starts_with(l)) {
            out.push_str(cyr);
            i += latin.len();
            continue;
        }
        let b = bytes[i];
        if b == b'y' {
            // `y` after a vowel is `й`, elsewhere `ы`.
            let after_vowel = i > 0 && b"aeiouy".contains(&bytes[i - 1]);
            out.push(if after_vowel { 'й' } else { 'ы' });
        } else if let Some((_, c)) = ONE.iter().find(|(l, _)| *l == b) {
            out.push(*c);
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spellings one edit away, letter by letter: the definition `one_edit` must give, in
    /// the same order (the typo search keeps the first of equally common terms).
    #[cfg(feature = "search")]
    fn one_edit_by_letters(word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let cyrillic = chars.iter().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
        let alphabet: Vec<char> = if cyrillic {
            ('а'..='я').collect()
        } else {
            ('a'..='z').collect()
        };
        let join = |parts: &[&[char]]| parts.iter().flat_map(|p| p.iter()).collect::<String>();
        let mut out = Vec::new();
        for i in 0..chars.len() {
            if i + 1 < chars.len() {
                out.push(join(&[
                    &chars[..i],
                    &[chars[i + 1], chars[i]],
                    &chars[i + 2..],
                ]));
            }
            out.push(join(&[&chars[..i], &chars[i + 1..]]));
            for &c in alphabet.iter().filter(|&&c| c != chars[i]) {
                out.push(join(&[&chars[..i], &[c], &chars[i + 1..]]));
            }
        }
        for i in 0..=chars.len() {
            for &c in &alphabet {
                out.push(join(&[&chars[..i], &[c], &chars[i..]]));
            }
        }
        out
    }

    #[cfg(feature = "search")]
    mod spellings {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn one_edit_is_every_spelling_one_edit_away(word in "[a-zа-яё1é_]{0,10}") {
                let mut spellings = Vec::new();
                crate::fuzzy::one_edit(&word, |s, kept| {
                    assert_eq!(s.as_bytes()[..kept], word.as_bytes()[..kept]);
                    spellings.push(s.to_string());
                });
                prop_assert_eq!(spellings, one_edit_by_letters(&word));
            }
        }
    }

    #[test]
    fn one_edit() {
        assert!(within_one("expired", "expierd"));
        assert!(within_one("error", "eror"));
        assert!(within_one("qwprc", "qwprs"));
        assert!(!within_one("error", "errors2"));
        assert!(!within_one("abc", "xyz"));
        assert!(within_one("", "a"));
    }

    #[test]
    fn keys_with_typos() {
        assert!(near_key(
            "REATTEMPT_NOT_PERMITTED_BY_PS",
            "REATEMPT_NOT_PERMITED_BY_PS"
        ));
        assert!(near_key("api.invoice.not.found", "api.invoce.not.found"));
        assert!(near_key(
            "QW_SMS_CONFIRM_EXPIRED",
            "qw_sms_confirm_expiered"
        ));
        assert!(!near_key("INVALID_STATE", "INVALID_AMOUNT"));
    }

    #[test]
    #[cfg(feature = "search")]
    fn translit() {
        assert_eq!(cyrillic("zablokirovan").unwrap(), "заблокирован");
        assert_eq!(cyrillic("sluzhboy").unwrap(), "службой");
        assert_eq!(cyrillic("tranzakciya").unwrap(), "транзакция");
        assert!(cyrillic("ёж").is_none());
    }
}
