//! Runs one query many times, for profiling with callgrind: `prof_explain [QUERY] [search]`.

fn main() {
    let q = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "QWPRC-220".into());
    let search = std::env::args().nth(2).is_some();
    for _ in 0..std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
    {
        if search {
            std::hint::black_box(qiwi_errors::search(std::hint::black_box(&q)));
        } else {
            std::hint::black_box(qiwi_errors::explain(std::hint::black_box(&q)).ok());
        }
    }
}
