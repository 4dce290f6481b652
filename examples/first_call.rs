//! One lookup, one explain and one search in a fresh process (used by the fresh-process bench).

fn main() {
    let entry = qiwi_errors::lookup(qiwi_errors::Family::WalletError, "220").expect("220 exists");
    let answer = qiwi_errors::explain("QWPRC-220").expect("explains");
    let hits = qiwi_errors::search("недостаточно средств");
    assert!(entry == answer.entry().unwrap() && !hits.is_empty());
}
