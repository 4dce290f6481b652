//! `explain` of the worst inputs up to the query limit: 4 KB of words the index does not know
//! (IDs, hashes, made-up words in Latin and Cyrillic letters), beside a plain code's explain in
//! the same run. Issue 24's bound: any input within 20 ms natively.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
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
    for (name, text) in [
        ("4 KB of unknown Latin words", words(&latin, 7)),
        ("4 KB of unknown Cyrillic words", words(&cyrillic, 11)),
        ("4 KB of hex IDs", words(&hex, 13)),
    ] {
        assert!(text.len() <= MAX_QUERY_LEN);
        g.bench_function(name, |b| b.iter(|| explain(black_box(&text))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
