//! `explain` of the worst inputs up to the query limit: 4 KB of words the index does not know
//! (IDs, hashes, made-up words in Latin and Cyrillic letters), beside a plain code's explain in
//! the same run. Issue 24's bound: any input within 20 ms natively.
//!
//! Search remembers the respellings of the last few hundred unknown words, so each iteration
//! reads a text of its own (new words from a new seed) and pays for working every word out;
//! the same text read again is measured beside it.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use qiwi_errors::{explain, MAX_QUERY_LEN};

/// A deterministic stream of pseudo-random numbers (xorshift), so every run reads the same text.
fn words(alphabet: &[char], seed: u64) -> String {
    let mut x = seed;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut s = String::new();
    loop {
        let len = 4 + (next() % 9) as usize;
        let word: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        if s.len() + word.len() + 1 > MAX_QUERY_LEN {
            return s;
        }
        s.push_str(&word);
        s.push(' ');
    }
}

fn bench(c: &mut Criterion) {
    let latin: Vec<char> = ('a'..='z').collect();
    let cyrillic: Vec<char> = ('а'..='я').collect();
    let hex: Vec<char> = "0123456789abcdef".chars().collect();
    let mut g = c.benchmark_group("explain worst case");
    g.sample_size(10);
    g.bench_function("a plain code (QWPRC-220)", |b| {
        b.iter(|| explain(black_box("QWPRC-220")))
    });
    for (name, alphabet) in [
        ("4 KB of unknown Latin words", &latin),
        ("4 KB of unknown Cyrillic words", &cyrillic),
        ("4 KB of hex IDs", &hex),
    ] {
        let mut seed = 7;
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    seed += 1;
                    words(alphabet, seed)
                },
                |text| explain(black_box(&text)),
                BatchSize::SmallInput,
            )
        });
        let text = words(alphabet, 7);
        assert!(text.len() <= MAX_QUERY_LEN);
        g.bench_function(format!("{name}, read again"), |b| {
            b.iter(|| explain(black_box(&text)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
