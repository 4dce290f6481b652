//! Case folding without Unicode's case tables, shared by the query reader and the search
//! index (and so by `build.rs`). Uses only `core`.

/// `c` lowercased if it is a capital of ASCII, Latin-1, Latin Extended-A, the Greek alphabet or
/// Cyrillic (with its supplement); any other character is returned as it is.
///
/// `char::to_lowercase` would do every script, but it links Unicode's case tables (about
/// 14 KB), which the WebAssembly widget cannot afford for letters no code or text uses.
pub fn lowercase(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            u + 0x20
        }
        0x400..=0x40F => u + 0x50,
        0x178 => 0xFF,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 63,
        0x4C0 => 0x4CF,
        // Latin Extended-A and the Cyrillic supplements pair each capital with the next code.
        0x100..=0x137 | 0x14A..=0x177 | 0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F
            if u % 2 == 0 =>
        {
            u + 1
        }
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if u % 2 == 1 => u + 1,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::lowercase;

    /// Agrees with Unicode's own lowercase, wherever that is one character, over the blocks
    /// it claims; leaves everything else alone.
    #[test]
    fn agrees_with_unicode_on_its_blocks() {
        let claimed = (0..0x180).chain(0x370..0x3B0).chain(0x400..0x530);
        let mut differ = Vec::new();
        for c in claimed.filter_map(char::from_u32) {
            let mut unicode = c.to_lowercase();
            if let (Some(one), None) = (unicode.next(), unicode.next()) {
                if lowercase(c) != one {
                    differ.push(c);
                }
            }
        }
        assert_eq!(differ, ['Ͱ', 'Ͳ', 'Ͷ', 'Ϳ']);
        for c in ['ǅ', 'Ɓ', 'Ա', 'Ⴀ', 'Ａ', '€', '中'] {
            assert_eq!(lowercase(c), c);
        }
    }
}
