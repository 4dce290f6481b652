//! The search index's layout: one byte string, terms sorted in blocks, each term followed by
//! its postings.
//!
//! The build step writes it ([`encode`], with the `build` feature) and the library reads it in
//! place ([`Index::get`]): nothing is unpacked or allocated at run time. The layout is chosen
//! for size, since the WebAssembly widget downloads it: no pointer or offset per term (a block
//! table every [`BLOCK`] terms instead), terms front-coded within a block, and postings of
//! weight 1, the commonest, without their weight byte.
//!
//! A term's record: shared prefix length with the previous term of the block (`u8`), suffix
//! length (`u8`), the suffix, the postings' length in bytes (LEB128), the postings. A posting:
//! `(document distance from the previous posting) << 1 | (weight != 1)` in LEB128, then the
//! weight byte when the low bit says so. The layout does not read the byte; its meaning (a
//! weight, and the marks `OFFICIAL` and `SAID` in its top bits) is the `terms` module's.

/// Terms per block: the block table costs four bytes a block, a look-up scans one block.
pub const BLOCK: usize = 16;

/// The index as static data: the records, and where each block of [`BLOCK`] terms starts.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::index::{encode, Index};
///
/// let (blob, blocks) = encode(&[("card".into(), vec![(3, 6), (5, 1)]), ("cash".into(), vec![(4, 1)])]);
/// let index = Index { blob: blob.leak(), blocks: blocks.leak() };
/// let card: Vec<(u16, u8)> = index.get("card").unwrap().collect();
/// assert_eq!(card, [(3, 6), (5, 1)]);
/// assert_eq!(index.get("cash").unwrap().count(), 1);
/// assert!(index.get("cart").is_none());
/// ```
#[derive(Debug)]
pub struct Index {
    /// Every term's record, terms sorted.
    pub blob: &'static [u8],
    /// Where each block's first record starts in `blob`.
    pub blocks: &'static [u32],
}

impl Index {
    /// The postings of `term`, or `None` for a term no document has.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::index::Index;
    ///
    /// static EMPTY: Index = Index { blob: &[], blocks: &[] };
    /// assert!(EMPTY.get("card").is_none());
    /// ```
    pub fn get(&self, term: &str) -> Option<Postings<'static>> {
        let term = term.as_bytes();
        let first_term = |block: u32| {
            let at = block as usize;
            let len = usize::from(*self.blob.get(at + 1)?);
            self.blob.get(at + 2..at + 2 + len)
        };
        // The last block whose first term is not after `term`.
        let after = self
            .blocks
            .partition_point(|&b| first_term(b).is_some_and(|t| t <= term));
        let mut reader = Reader {
            bytes: self
                .blob
                .get(*self.blocks.get(after.checked_sub(1)?)? as usize..)?,
        };
        let mut current = [0u8; 256];
        for _ in 0..BLOCK {
            let shared = usize::from(reader.byte()?);
            let len = usize::from(reader.byte()?);
            let suffix = reader.take(len)?;
            let whole = shared + len;
            current.get_mut(shared..whole)?.copy_from_slice(suffix);
            let postings_len = reader.varint()? as usize;
            let postings = reader.take(postings_len)?;
            match current[..whole].cmp(term) {
                core::cmp::Ordering::Less => continue,
                core::cmp::Ordering::Equal => {
                    return Some(Postings {
                        bytes: postings,
                        doc: 0,
                    })
                }
                core::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
}

impl Index {
    /// Calls `f` with every term, in sorted order.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::index::{encode, Index};
    ///
    /// let (blob, blocks) = encode(&[("card".into(), vec![(1, 1)]), ("cash".into(), vec![(2, 1)])]);
    /// let index = Index { blob: blob.leak(), blocks: blocks.leak() };
    /// let mut terms = Vec::new();
    /// index.for_each_term(|t| terms.push(String::from_utf8(t.to_vec()).unwrap()));
    /// assert_eq!(terms, ["card", "cash"]);
    /// ```
    pub fn for_each_term(&self, mut f: impl FnMut(&[u8])) {
        let mut reader = Reader { bytes: self.blob };
        let mut current = [0u8; 256];
        while !reader.bytes.is_empty() {
            let record = (|| {
                let shared = usize::from(reader.byte()?);
                let len = usize::from(reader.byte()?);
                let suffix = reader.take(len)?;
                let whole = shared + len;
                current.get_mut(shared..whole)?.copy_from_slice(suffix);
                let postings_len = reader.varint()? as usize;
                reader.take(postings_len)?;
                Some(whole)
            })();
            match record {
                Some(whole) => f(&current[..whole]),
                None => return,
            }
        }
    }
}

struct Reader {
    bytes: &'static [u8],
}

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let (head, rest) = (self.bytes.get(..n)?, self.bytes.get(n..)?);
        self.bytes = rest;
        Some(head)
    }

    fn varint(&mut self) -> Option<u32> {
        varint(&mut self.bytes)
    }
}

/// A LEB128 number of at most four bytes, read off the front of `bytes`.
fn varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for shift in [0, 7, 14, 21] {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u32::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// One term's postings, `(document, weight)` in document order; made by [`Index::get`].
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::index::{encode, Index};
///
/// let (blob, blocks) = encode(&[("card".into(), vec![(1, 2), (300, 1)])]);
/// let index = Index { blob: blob.leak(), blocks: blocks.leak() };
/// assert_eq!(index.get("card").unwrap().collect::<Vec<_>>(), [(1, 2), (300, 1)]);
/// ```
#[derive(Clone, Debug)]
pub struct Postings<'a> {
    bytes: &'a [u8],
    doc: u16,
}

impl Iterator for Postings<'_> {
    type Item = (u16, u8);

    fn next(&mut self) -> Option<(u16, u8)> {
        let step = varint(&mut self.bytes)?;
        let weight = if step & 1 == 1 {
            let (&w, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            w
        } else {
            1
        };
        self.doc = self.doc.wrapping_add((step >> 1) as u16);
        Some((self.doc, weight))
    }
}

/// Lays out `index` (terms sorted and unique, postings in document order) as [`Index`] wants
/// it: `(blob, blocks)`. A term longer than 255 bytes cannot be stored and is left out.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::index::encode;
///
/// let (blob, blocks) = encode(&[("card".into(), vec![(3, 6), (5, 1)])]);
/// assert_eq!(blocks, [0]);
/// assert_eq!(blob, [0, 4, b'c', b'a', b'r', b'd', 3, 7, 6, 4]);
/// ```
#[cfg(feature = "build")]
pub fn encode(index: &[(String, Vec<(u16, u8)>)]) -> (Vec<u8>, Vec<u32>) {
    fn push_varint(out: &mut Vec<u8>, mut v: u32) {
        loop {
            let byte = (v & 0x7F) as u8;
            v >>= 7;
            if v == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    let mut blob = Vec::new();
    let mut blocks = Vec::new();
    let mut previous: &[u8] = &[];
    let terms = index.iter().filter(|(t, _)| t.len() <= 255);
    for (i, (term, list)) in terms.enumerate() {
        let term = term.as_bytes();
        let shared = if i % BLOCK == 0 {
            blocks.push(blob.len() as u32);
            0
        } else {
            term.iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count()
        };
        blob.push(shared as u8);
        blob.push((term.len() - shared) as u8);
        blob.extend_from_slice(&term[shared..]);
        let mut postings = Vec::new();
        let mut last = 0u16;
        for &(doc, weight) in list {
            let step = u32::from(doc - last) << 1 | u32::from(weight != 1);
            last = doc;
            push_varint(&mut postings, step);
            if weight != 1 {
                postings.push(weight);
            }
        }
        push_varint(&mut blob, postings.len() as u32);
        blob.extend(postings);
        previous = term;
    }
    (blob, blocks)
}
