//! The `compact` representation: the data ships bzip2-compressed in the binary and is unpacked
//! once, at first use, into the same static types the default representation builds at
//! compile time. The lookup tables (phf maps of codes to positions) stay compile-time in both.
//!
//! This trades a one-time start-up cost (measured in BENCHMARKS.md) for a binary a fraction of
//! the size, which is what a WebAssembly widget needs.

use crate::entry::{Context, Entry, Source, Superseded, Symptom, Text};
use crate::kinds::Family;
use crate::packed::{retry_from_parts, Reader, ACTORS, PROVENANCES, SEVERITIES};
// std's LazyLock rather than once_cell's Lazy: the same thing, now in std, and 1 KB smaller
// gzipped in the widget, whose std is built without threads.
use std::sync::LazyLock;

pub(crate) struct Store {
    pub entries: &'static [Entry],
    pub symptoms: &'static [Symptom],
    pub notes: Vec<(Family, Text)>,
    #[cfg(feature = "search")]
    pub terms: Vec<(String, Vec<(u16, u8)>)>,
}

pub(crate) static STORE: LazyLock<Store> = LazyLock::new(|| {
    let bytes = unzip(crate::generated::BLOB).expect("the data compiled into this binary unpacks");
    // Unpacked once per process and kept for its lifetime, like the default's statics.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    unpack(bytes).expect("the data compiled into this binary unpacks")
});

/// The blob is the unpacked length (`u32`, little-endian), then one bzip2 stream.
fn unzip(blob: &[u8]) -> Option<Vec<u8>> {
    let (len, stream) = blob.split_first_chunk::<4>()?;
    let mut out = Vec::with_capacity(u32::from_le_bytes(*len) as usize);
    match bzip2::Decompress::new(false).decompress_vec(stream, &mut out) {
        Ok(bzip2::Status::StreamEnd) => Some(out),
        _ => None,
    }
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

fn text(r: &mut Reader<'static>) -> Option<Text> {
    Some(Text {
        ru: r.s()?,
        en: r.s()?,
    })
}

fn texts(r: &mut Reader<'static>) -> Option<&'static [Text]> {
    let n = r.n()?;
    Some(leak((0..n).map(|_| text(r)).collect::<Option<Vec<_>>>()?))
}

fn strings(r: &mut Reader<'static>) -> Option<&'static [&'static str]> {
    let n = r.n()?;
    Some(leak((0..n).map(|_| r.s()).collect::<Option<Vec<_>>>()?))
}

fn sources(r: &mut Reader<'static>) -> Option<&'static [Source]> {
    let n = r.n()?;
    let list = (0..n)
        .map(|_| {
            Some(Source {
                file: r.s()?,
                section: r.s()?,
                lines: r.opt_s()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(leak(list))
}

/// Reads the fields in the order `dataset::pack` writes them.
fn unpack(bytes: &'static [u8]) -> Option<Store> {
    let mut r = Reader::new(bytes)?;
    let count = r.n()?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let family = *Family::ALL.get(r.n()?)?;
        let code = r.s()?;
        let range = match r.u()? {
            0 => None,
            1 => Some((r.i()?, None)),
            _ => Some((r.i()?, Some(r.i()?))),
        };
        let title = text(&mut r)?;
        let customer = text(&mut r)?;
        let developer = text(&mut r)?;
        let steps = texts(&mut r)?;
        let severity = *SEVERITIES.get(r.n()?)?;
        let retry = retry_from_parts([r.u()?, r.u()?, r.u()?])?;
        let n = r.n()?;
        let actors = leak(
            (0..n)
                .map(|_| ACTORS.get(r.n()?).copied())
                .collect::<Option<Vec<_>>>()?,
        );
        let is_final = match r.u()? {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        };
        let related = strings(&mut r)?;
        let sensitive = r.u()? != 0;
        let provenance = *PROVENANCES.get(r.n()?)?;
        let n = r.n()?;
        let contexts = leak(
            (0..n)
                .map(|_| {
                    Some(Context {
                        when: text(&mut r)?,
                        meaning: text(&mut r)?,
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        );
        let n = r.n()?;
        let superseded = leak(
            (0..n)
                .map(|_| {
                    Some(Superseded {
                        meaning: text(&mut r)?,
                        note: text(&mut r)?,
                        sources: sources(&mut r)?,
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        );
        let sources = sources(&mut r)?;
        entries.push(Entry {
            family,
            code,
            range,
            title,
            customer,
            developer,
            steps,
            severity,
            retry,
            actors,
            is_final,
            related,
            sensitive,
            provenance,
            contexts,
            superseded,
            sources,
        });
    }
    let count = r.n()?;
    let mut symptoms = Vec::with_capacity(count);
    for _ in 0..count {
        symptoms.push(Symptom {
            id: r.s()?,
            title: text(&mut r)?,
            summary: text(&mut r)?,
            keywords_ru: strings(&mut r)?,
            keywords_en: strings(&mut r)?,
            causes: texts(&mut r)?,
            steps: texts(&mut r)?,
            contact_support: text(&mut r)?,
            related: strings(&mut r)?,
            sources: sources(&mut r)?,
        });
    }
    let count = r.n()?;
    let mut notes = Vec::with_capacity(count);
    for _ in 0..count {
        notes.push((*Family::ALL.get(r.n()?)?, text(&mut r)?));
    }
    if !r.at_end() {
        return None;
    }
    let entries = leak(entries);
    let symptoms = leak(symptoms);
    Some(Store {
        #[cfg(feature = "search")]
        terms: crate::search::index(entries, symptoms),
        entries,
        symptoms,
        notes,
    })
}
