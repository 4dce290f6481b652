//! Lookup, explain, search and diagnose, each beside baselines on the same data in the same
//! run: `HashMap`s built at start-up (std's SipHash and rustc's Fx hash), a linear scan over the
//! entry slice, and (for lookup) a `match` over one family's codes.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use qiwi_errors::{diagnose, entries, explain, lookup, search, Entry, Family};
use std::collections::HashMap;
use std::process::Command;

/// Keys that exist, spread over families, plus one miss.
const KEYS: &[(Family, &str)] = &[
    (Family::WalletError, "220"),
    (Family::PsError, "04"),
    (
        Family::PaymentReason,
        "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
    ),
    (Family::XmlRequestResult, "13"),
    (Family::IdentError, "validation.error"),
    (Family::PaymentHttp, "429"),
    (Family::WalletError, "99999"),
];

fn hashmap_baseline() -> HashMap<(Family, &'static str), Entry> {
    entries().map(|e| ((e.family(), e.code()), e)).collect()
}

fn fx_baseline() -> rustc_hash::FxHashMap<(Family, &'static str), Entry> {
    entries().map(|e| ((e.family(), e.code()), e)).collect()
}

fn linear(family: Family, code: &str) -> Option<Entry> {
    entries().find(|e| e.family() == family && e.code() == code)
}

/// What a generated `match` over the codes would do, for the wallet family's codes used above.
fn by_match(family: Family, code: &str) -> Option<usize> {
    match (family, code) {
        (Family::WalletError, "0") => Some(0),
        (Family::WalletError, "3") => Some(1),
        (Family::WalletError, "4") => Some(2),
        (Family::WalletError, "5") => Some(3),
        (Family::WalletError, "220") => Some(4),
        (Family::PsError, "04") => Some(5),
        (Family::PaymentReason, "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY") => Some(6),
        (Family::XmlRequestResult, "13") => Some(7),
        (Family::IdentError, "validation.error") => Some(8),
        (Family::PaymentHttp, "429") => Some(9),
        _ => None,
    }
}

fn bench_lookup(c: &mut Criterion) {
    let map = hashmap_baseline();
    let fx = fx_baseline();
    let mut g = c.benchmark_group("lookup");
    g.bench_function("phf (ours)", |b| {
        b.iter(|| {
            for (f, code) in KEYS {
                black_box(lookup(black_box(*f), black_box(code)));
            }
        })
    });
    g.bench_function("HashMap built at start-up", |b| {
        b.iter(|| {
            for (f, code) in KEYS {
                black_box(map.get(&(black_box(*f), black_box(*code))));
            }
        })
    });
    g.bench_function("FxHashMap built at start-up", |b| {
        b.iter(|| {
            for (f, code) in KEYS {
                black_box(fx.get(&(black_box(*f), black_box(*code))));
            }
        })
    });
    // What phf cannot go below: PtrHash's SipHash-1-3 with a 64-bit finish over each typed key,
    // before any table is read.
    let seed = 0x5eed_u64;
    g.bench_function("phf's hash of the typed key alone (the floor)", |b| {
        b.iter(|| {
            for (f, code) in KEYS {
                let key = qiwi_errors_shared::Key::new(black_box(*f), black_box(code));
                black_box(phf_shared::ptrhash::hash(&key, &seed));
            }
        })
    });
    g.bench_function("linear scan", |b| {
        b.iter(|| {
            for (f, code) in KEYS {
                black_box(linear(black_box(*f), black_box(code)));
            }
        })
    });
    g.bench_function("match (10 keys only)", |b| {
        b.iter(|| {
            for (f, code) in KEYS {
                black_box(by_match(black_box(*f), black_box(code)));
            }
        })
    });
    g.bench_function("HashMap build (start-up cost)", |b| {
        b.iter(|| black_box(hashmap_baseline()))
    });
    g.finish();
}

fn bench_explain(c: &mut Criterion) {
    let mut g = c.benchmark_group("explain");
    for query in ["QWPRC-220", "429", "psErrorCode 04", "недостаточно средств"] {
        g.bench_with_input(BenchmarkId::new("ours", query), query, |b, q| {
            b.iter(|| black_box(explain(black_box(q))))
        });
    }
    // Baseline: find the code by scanning every entry for the digits after the prefix.
    g.bench_function("linear scan baseline/QWPRC-220", |b| {
        b.iter(|| {
            let q = black_box("QWPRC-220");
            let code = q.trim_start_matches("QWPRC-");
            black_box(entries().filter(|e| e.code() == code).collect::<Vec<_>>())
        })
    });
    g.finish();
}

fn bench_search(c: &mut Criterion) {
    let mut g = c.benchmark_group("search");
    for query in [
        "недостаточно средств",
        "sms code not arriving",
        "карта заблокирована банком",
    ] {
        g.bench_with_input(
            BenchmarkId::new("ours (index built at compile time)", query),
            query,
            |b, q| b.iter(|| black_box(search(black_box(q)))),
        );
    }
    // Baseline: lowercase every title and customer text and look for each query word.
    g.bench_function(
        "linear substring scan baseline/недостаточно средств",
        |b| {
            b.iter(|| {
                let words = ["недостаточно", "средств"];
                black_box(
                    entries()
                        .filter(|e| {
                            let text =
                                format!("{} {}", e.title().ru, e.customer().ru).to_lowercase();
                            words.iter().all(|w| text.contains(w))
                        })
                        .count(),
                )
            })
        },
    );
    g.finish();
}

const JSON_BODY: &str = r#"{"paymentId":"a1","status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"},"amount":{"value":100,"currency":"RUB"}}"#;
const XML_BODY: &str = r#"<?xml version="1.0" encoding="utf-8"?><response><result-code fatal="false">0</result-code><payment status="160" txn_id="1" transaction-number="17" result-code="220" final-status="true" fatal-error="true" txn-date="02.03.2011 14:35:46"/></response>"#;

fn bench_diagnose(c: &mut Criterion) {
    let mut g = c.benchmark_group("diagnose");
    g.bench_function("ours/json", |b| {
        b.iter(|| black_box(diagnose(black_box(JSON_BODY))))
    });
    g.bench_function("ours/xml", |b| {
        b.iter(|| black_box(diagnose(black_box(XML_BODY))))
    });
    // Baseline: only parsing the JSON, the least any diagnosis must do.
    g.bench_function("serde_json parse only (floor)/json", |b| {
        b.iter(|| {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(
                JSON_BODY,
            )))
        })
    });
    g.finish();
}

/// A fresh process doing one lookup, beside one that does nothing: the difference is all the
/// start-up work a first call pays (there is no lazy index to build).
fn bench_fresh_process(c: &mut Criterion) {
    let exe = |name: &str| {
        let mut path = std::env::current_exe().unwrap();
        path.pop();
        path.pop();
        path.push("examples");
        path.push(name);
        path
    };
    let (first, empty) = (exe("first_call"), exe("empty_main"));
    if !first.exists() || !empty.exists() {
        eprintln!("skipping fresh-process bench: build the examples first (cargo build --release --examples)");
        return;
    }
    let mut g = c.benchmark_group("fresh process");
    g.sample_size(30);
    g.bench_function("first lookup + explain + search", |b| {
        b.iter(|| assert!(Command::new(&first).status().unwrap().success()))
    });
    g.bench_function("empty main (baseline)", |b| {
        b.iter(|| assert!(Command::new(&empty).status().unwrap().success()))
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_lookup,
    bench_explain,
    bench_search,
    bench_diagnose,
    bench_fresh_process
);
criterion_main!(benches);
