//! `diagnose` of 1 MB bodies of deep and wide shapes, beside serde_json's parse of the same
//! body in the same run: the walk must stay linear in the body, whatever its shape.
//!
//! `cargo bench --bench diagnose_size`; the ratio to the parse is the figure to read.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use qiwi_errors::{diagnose, MAX_BODY_LEN};

/// Just under the body limit.
const SIZE: usize = MAX_BODY_LEN - 1024;

/// One object with as many short fields as fit.
fn wide() -> String {
    let mut s = String::from("{");
    let mut i = 0;
    while s.len() < SIZE - 32 {
        s.push_str(&format!("\"field{i}\":{i},"));
        i += 1;
    }
    s.push_str("\"errorCode\":220}");
    s
}

/// 120 nested objects (serde_json's limit is 128), each with a long name and siblings.
fn deep() -> String {
    let levels = 120;
    let name = "n".repeat(SIZE / levels / 2);
    let mut s = String::new();
    for i in 0..levels {
        s.push_str(&format!(
            "{{\"s{i}\":\"{}\",\"{name}{i}\":",
            "v".repeat(SIZE / levels / 2 - 64)
        ));
    }
    s.push_str("{\"errorCode\":220}");
    for _ in 0..levels {
        s.push('}');
    }
    s
}

/// A parent with a very long name and many children: each child's path used to copy the
/// parent's, so this shape was quadratic.
fn long_parent() -> String {
    let name = "p".repeat(SIZE / 10);
    let mut s = format!("{{\"{name}\":{{");
    let mut i = 0;
    while s.len() < SIZE - 32 {
        s.push_str(&format!("\"c{i}\":1,"));
        i += 1;
    }
    s.push_str("\"errorCode\":220}}");
    s
}

/// XML: one element with many children, and a chain of nested elements with long names.
fn xml_wide() -> String {
    let mut s = String::from("<response>");
    let mut i = 0;
    while s.len() < SIZE - 64 {
        s.push_str(&format!("<e{i}>1</e{i}>"));
        i += 1;
    }
    s.push_str("<result-code fatal=\"false\">13</result-code></response>");
    s
}

fn xml_deep() -> String {
    let levels = 60;
    let name = "x".repeat(SIZE / levels / 3);
    let mut s = String::new();
    for i in 0..levels {
        s.push_str(&format!("<{name}{i}>"));
    }
    s.push_str("<result-code fatal=\"false\">13</result-code>");
    for i in (0..levels).rev() {
        s.push_str(&format!("</{name}{i}>"));
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("diagnose 1 MB");
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(3));
    for (shape, body) in [
        ("json wide", wide()),
        ("json deep", deep()),
        ("json long parent", long_parent()),
        ("xml wide", xml_wide()),
        ("xml deep", xml_deep()),
    ] {
        assert!(body.len() <= MAX_BODY_LEN, "{shape}: {}", body.len());
        assert!(
            diagnose(&body).is_ok(),
            "{shape}: {:?}",
            diagnose(&body).err()
        );
        g.bench_function(format!("{shape}: diagnose"), |b| {
            b.iter(|| diagnose(black_box(&body)))
        });
        if shape.starts_with("json") {
            g.bench_function(format!("{shape}: serde_json parse"), |b| {
                b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&body)))
            });
        } else {
            g.bench_function(format!("{shape}: quick-xml read"), |b| {
                b.iter(|| {
                    let mut r = quick_xml::Reader::from_str(black_box(&body));
                    let mut n = 0usize;
                    while !matches!(r.read_event(), Ok(quick_xml::events::Event::Eof) | Err(_)) {
                        n += 1;
                    }
                    n
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
