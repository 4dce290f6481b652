//! `lookup` must not allocate: counted with a global allocator wrapper.

use qiwi_errors::{entries, lookup, Family};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn lookup_does_not_allocate() {
    let keys: Vec<(Family, &str)> = entries().map(|e| (e.family(), e.code())).collect();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let mut found = 0;
    for (family, code) in &keys {
        found += usize::from(lookup(*family, code).is_some());
    }
    // Misses and range rows too.
    found += usize::from(lookup(Family::XmlPaymentStatus, "23").is_some());
    found += usize::from(lookup(Family::WalletError, "no such code").is_some());
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert_eq!(found, keys.len() + 1);
    assert_eq!(
        after - before,
        0,
        "lookup allocated {} times",
        after - before
    );
}
