//! The search index's layout: every term in one string, every posting list in one byte string.
//!
//! The build step writes it ([`encode`], with the `build` feature) and the library reads it in
//! place ([`Index::get`]): nothing is unpacked or allocated at run time, and the layout costs
//! about two bytes a posting, where a table of `(u16, u8)` pairs would cost four.

/// The index as static data: terms sorted and concatenated; for term `i`, `ends[i]` holds the
/// end of its text in `terms` and the end of its postings in `postings`. A posting is the
/// distance from the previous posting's document (LEB128) followed by a weight byte.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::index::Index;
///
/// static INDEX: Index = Index { terms: "cardfund", ends: &[(4, 4), (8, 6)], postings: &[3, 6, 2, 1, 5, 3] };
/// let card: Vec<(u16, u8)> = INDEX.get("card").unwrap().collect();
/// assert_eq!(card, [(3, 6), (5, 1)]);
/// assert!(INDEX.get("cash").is_none());
/// ```
#[derive(Debug)]
pub struct Index {
    /// Every term, sorted, without separators.
    pub terms: &'static str,
    /// Per term: where its text and its postings end.
    pub ends: &'static [(u32, u32)],
    /// Every posting list, one after another.
    pub postings: &'static [u8],
}

impl Index {
    /// The postings of `term`, or `None` for a term no document has.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::index::Index;
    ///
    /// static EMPTY: Index = Index { terms: "", ends: &[], postings: &[] };
    /// assert!(EMPTY.get("card").is_none());
    /// ```
    pub fn get(&self, term: &str) -> Option<Postings<'static>> {
        let at = self.find(term)?;
        let from = if at == 0 { 0 } else { self.ends[at - 1].1 };
        let to = self.ends[at].1;
        Some(Postings {
            bytes: self.postings.get(from as usize..to as usize)?,
            doc: 0,
        })
    }

    fn find(&self, term: &str) -> Option<usize> {
        let text = |i: usize| {
            let from = if i == 0 { 0 } else { self.ends[i - 1].0 } as usize;
            self.terms.get(from..self.ends[i].0 as usize).unwrap_or("")
        };
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match text(mid).cmp(term) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// How many terms the index holds.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::index::Index;
    ///
    /// static ONE: Index = Index { terms: "card", ends: &[(4, 2)], postings: &[0, 1] };
    /// assert_eq!(ONE.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the index holds no term.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_shared::index::Index;
    ///
    /// static EMPTY: Index = Index { terms: "", ends: &[], postings: &[] };
    /// assert!(EMPTY.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// One term's postings, `(document, weight)` in document order; made by [`Index::get`].
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::index::Index;
///
/// static ONE: Index = Index { terms: "card", ends: &[(4, 4)], postings: &[1, 2, 1, 3] };
/// assert_eq!(ONE.get("card").unwrap().count(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct Postings<'a> {
    bytes: &'a [u8],
    doc: u16,
}

impl Iterator for Postings<'_> {
    type Item = (u16, u8);

    fn next(&mut self) -> Option<(u16, u8)> {
        let mut delta = 0u32;
        let mut shift = 0;
        loop {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            delta |= u32::from(byte & 0x7F) << shift;
            shift += 7;
            if byte & 0x80 == 0 || shift > 14 {
                break;
            }
        }
        let (&weight, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        self.doc = self.doc.wrapping_add(delta as u16);
        Some((self.doc, weight))
    }
}

/// Lays out `index` (terms sorted, postings in document order) as [`Index`] wants it:
/// `(terms, ends, postings)`.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::index::encode;
///
/// let (terms, ends, postings) = encode(&[("card".into(), vec![(3, 6), (5, 1)])]);
/// assert_eq!((terms.as_str(), ends, postings), ("card", vec![(4, 4)], vec![3, 6, 2, 1]));
/// ```
#[cfg(feature = "build")]
pub fn encode(index: &[(String, Vec<(u16, u8)>)]) -> (String, Vec<(u32, u32)>, Vec<u8>) {
    let mut terms = String::new();
    let mut ends = Vec::with_capacity(index.len());
    let mut postings = Vec::new();
    for (term, list) in index {
        terms.push_str(term);
        let mut last = 0u16;
        for &(doc, weight) in list {
            let mut delta = u32::from(doc - last);
            last = doc;
            loop {
                let byte = (delta & 0x7F) as u8;
                delta >>= 7;
                if delta == 0 {
                    postings.push(byte);
                    break;
                }
                postings.push(byte | 0x80);
            }
            postings.push(weight);
        }
        ends.push((terms.len() as u32, postings.len() as u32));
    }
    (terms, ends, postings)
}
