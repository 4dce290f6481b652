//! The byte layout of the `compact` representation: a string table, then varints.
//!
//! Shared verbatim by `build.rs` (which writes it from `data/` and compresses it) and by the
//! library's `compact` feature (which reads it once at first use), so the two sides cannot
//! drift apart. Uses only `std`.

#![allow(dead_code)]

use crate::kinds::{Actor, Provenance, Retry, Severity};
use std::collections::HashMap;

/// The closed vocabularies by position: the packed form stores the index.
pub const SEVERITIES: [Severity; 4] = [
    Severity::Info,
    Severity::Warning,
    Severity::Error,
    Severity::Critical,
];
pub const ACTORS: [Actor; 5] = [
    Actor::Customer,
    Actor::Merchant,
    Actor::QiwiSupport,
    Actor::IssuingBank,
    Actor::Recipient,
];
pub const PROVENANCES: [Provenance; 3] = [
    Provenance::Official,
    Provenance::Community,
    Provenance::Inferred,
];

/// Position of `value` in `all`.
pub fn position<T: PartialEq>(all: &[T], value: &T) -> u64 {
    all.iter().position(|x| x == value).unwrap_or(0) as u64
}

/// A retry advice as (kind, first number, second number).
pub fn retry_parts(retry: Retry) -> [u64; 3] {
    match retry {
        Retry::Never => [0, 0, 0],
        Retry::Now => [1, 0, 0],
        Retry::After { seconds } => [2, u64::from(seconds), 0],
        Retry::AfterUserAction => [3, 0, 0],
        Retry::CheckStatus => [4, 0, 0],
        Retry::Limited {
            max,
            window_seconds,
        } => [5, u64::from(max), u64::from(window_seconds)],
    }
}

/// The inverse of [`retry_parts`].
pub fn retry_from_parts([kind, a, b]: [u64; 3]) -> Option<Retry> {
    let a = u32::try_from(a).ok()?;
    let b = u32::try_from(b).ok()?;
    Some(match kind {
        0 => Retry::Never,
        1 => Retry::Now,
        2 => Retry::After { seconds: a },
        3 => Retry::AfterUserAction,
        4 => Retry::CheckStatus,
        5 => Retry::Limited {
            max: a,
            window_seconds: b,
        },
        _ => return None,
    })
}

/// Writes values; strings are stored once and referred to by number.
#[derive(Default)]
pub struct Writer {
    strings: Vec<String>,
    ids: HashMap<String, u64>,
    body: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// An unsigned number, 7 bits a byte.
    pub fn u(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.body.push(byte);
                return;
            }
            self.body.push(byte | 0x80);
        }
    }

    /// A signed number, zigzag-encoded.
    pub fn i(&mut self, n: i64) {
        self.u(((n << 1) ^ (n >> 63)) as u64);
    }

    /// A string: 0 if it is the next new one in the table, else 1 + its number. Most strings
    /// are new where they appear, so the values come out as runs of zeros that pack well.
    pub fn s(&mut self, s: &str) {
        match self.ids.get(s) {
            Some(&id) => self.u(id + 1),
            None => {
                self.ids.insert(s.to_string(), self.strings.len() as u64);
                self.strings.push(s.to_string());
                self.u(0);
            }
        }
    }

    /// An optional string: 0 for none, else 1 + its number.
    pub fn opt_s(&mut self, s: Option<&str>) {
        match s {
            None => self.u(0),
            Some(s) => {
                self.u(1);
                self.s(s);
            }
        }
    }

    /// The string table (count, then each string ended by NUL: the texts stay together for the
    /// compressor, and a separator packs to almost nothing where lengths would not), then the
    /// values. The data's loader rejects NUL inside strings.
    pub fn finish(self) -> Vec<u8> {
        let mut head = Writer::new();
        head.u(self.strings.len() as u64);
        for s in &self.strings {
            head.body.extend_from_slice(s.as_bytes());
            head.body.push(0);
        }
        head.body.extend_from_slice(&self.body);
        head.body
    }
}

/// Reads what a [`Writer`] wrote. Every read returns `None` past the end or on a malformed
/// value instead of panicking.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    strings: Vec<&'a str>,
    /// How many strings the values have introduced so far.
    seen: usize,
}

impl<'a> Reader<'a> {
    /// Reads the string table; the values follow.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        let mut r = Reader {
            data,
            pos: 0,
            strings: Vec::new(),
            seen: 0,
        };
        let count = r.n()?;
        for _ in 0..count {
            let rest = r.data.get(r.pos..)?;
            let len = rest.iter().position(|&b| b == 0)?;
            r.strings.push(std::str::from_utf8(&rest[..len]).ok()?);
            r.pos += len + 1;
        }
        Some(r)
    }

    pub fn u(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.data.get(self.pos)?;
            self.pos += 1;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    /// A small number: a count, an index or an enum's position.
    pub fn n(&mut self) -> Option<usize> {
        usize::try_from(self.u()?).ok()
    }

    pub fn i(&mut self) -> Option<i64> {
        let z = self.u()?;
        Some((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    pub fn s(&mut self) -> Option<&'a str> {
        let id = match self.n()? {
            0 => {
                self.seen += 1;
                self.seen - 1
            }
            n => n - 1,
        };
        self.strings.get(id).copied()
    }

    pub fn opt_s(&mut self) -> Option<Option<&'a str>> {
        match self.u()? {
            0 => Some(None),
            _ => self.s().map(Some),
        }
    }

    /// `true` once every value was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::new();
        w.u(0);
        w.u(300);
        w.i(-1);
        w.i(i64::MIN);
        w.s("ошибка");
        w.s("ошибка");
        w.opt_s(None);
        w.opt_s(Some("x"));
        let bytes = w.finish();
        let mut r = Reader::new(&bytes).unwrap();
        assert_eq!(r.u(), Some(0));
        assert_eq!(r.u(), Some(300));
        assert_eq!(r.i(), Some(-1));
        assert_eq!(r.i(), Some(i64::MIN));
        assert_eq!(r.s(), Some("ошибка"));
        assert_eq!(r.s(), Some("ошибка"));
        assert_eq!(r.opt_s(), Some(None));
        assert_eq!(r.opt_s(), Some(Some("x")));
        assert!(r.at_end());
        assert_eq!(r.u(), None);
    }

    #[test]
    fn truncated_input_gives_none() {
        assert!(Reader::new(&[5]).is_none());
        assert!(Reader::new(&[1, 200]).is_none());
    }
}
