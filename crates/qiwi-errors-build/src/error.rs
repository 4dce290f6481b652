//! Problems found in the data, and where they are.

use std::fmt;

/// One problem found in a data file.
///
/// # Examples
///
/// ```
/// use qiwi_errors_build::DataError;
///
/// let e = DataError { file: "data/ps-error.json".into(), line: 7, field: "code".into(),
///                     reason: "must be non-empty".into() };
/// assert_eq!(e.to_string(), "data/ps-error.json:7: code: must be non-empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file, as given to the loader (for example `data/ps-error.json`).
    pub file: String,
    /// 1-based line of the offending field, or of its record when the field is missing.
    pub line: usize,
    /// The field at fault (`entries[3] (code 04).retry`), or `-` for the file as a whole.
    pub field: String,
    /// What is wrong, and where possible how to fix it.
    pub reason: String,
}

impl DataError {
    /// A problem with a file as a whole (unreadable, not JSON, unwritable).
    pub(crate) fn whole_file(file: impl fmt::Display, line: usize, reason: String) -> Self {
        DataError {
            file: file.to_string(),
            line,
            field: "-".into(),
            reason,
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.reason
        )
    }
}

impl std::error::Error for DataError {}

/// Byte offset of `part` (a slice of `whole`) inside `whole`.
pub(crate) fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

/// The 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The keys of a JSON object's top level with their byte offsets, found by a scan that skips
/// strings and nested values (serde_json keeps no positions).
pub(crate) fn top_level_keys(raw: &str) -> Vec<(String, usize)> {
    let bytes = raw.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 1 {
                    let rest = raw[(i + 1).min(raw.len())..].trim_start();
                    if rest.starts_with(':') {
                        keys.push((raw[start + 1..i.min(raw.len())].to_string(), start));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// The line of a top-level key of a whole file (1 when the key is absent).
pub(crate) fn key_line(text: &str, key: &str) -> usize {
    top_level_keys(text)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, at)| line_at(text, at))
        .unwrap_or(1)
}

/// Where `text` (JSON) escapes a NUL: a `\u0000` whose backslash is not itself escaped.
pub(crate) fn nul_escape(text: &str) -> Option<usize> {
    text.match_indices("u0000").map(|(at, _)| at).find(|&at| {
        let backslashes = text[..at].bytes().rev().take_while(|&b| b == b'\\').count();
        backslashes % 2 == 1
    })
}
