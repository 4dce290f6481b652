//! Deserializers that give the records `'static` strings and slices.
//!
//! The build step reads `data/` once and then exits, so the records it reads may live for the
//! whole process: leaking them lets the build step, the tests and the fuzz targets use the very
//! types the library compiles into statics, instead of an owned twin of each.
//!
//! The fuzz target of the data parser reads millions of inputs in one process and checks that
//! nothing leaks; it runs the parser inside [`scope`], where what these deserializers would
//! leak is kept in an arena instead and freed when the scope ends.

use serde::{Deserialize, Deserializer};
use std::any::Any;
use std::cell::RefCell;
use std::ops::Deref;

/// What the deserializers of this module produced inside the innermost active [`scope`] on this
/// thread, in the order they produced it; `None` outside any scope.
type Arena = Option<Vec<Box<dyn Any>>>;

thread_local! {
    static ARENA: RefCell<Arena> = const { RefCell::new(None) };
}

/// An owner whose contents are on the heap, where moving the owner leaves them: `String` and
/// `Vec` (not `Box`, whose moves assert unique access to its contents).
trait HeapOwner: Deref + Any {}

impl HeapOwner for String {}

impl<T: 'static> HeapOwner for Vec<T> {}

/// `owned`'s contents for `'static`: leaked with `leak` outside a [`scope`], kept in the
/// scope's arena inside one.
fn keep<O: HeapOwner>(owned: O, leak: impl FnOnce(O) -> &'static O::Target) -> &'static O::Target {
    ARENA.with_borrow_mut(|arena| match arena {
        None => leak(owned),
        Some(arena) => {
            let contents: *const O::Target = &*owned;
            arena.push(Box::new(owned));
            // SAFETY: `contents` points into the heap buffer of the owner just moved into the
            // arena (a move leaves the buffer where it is, see `HeapOwner`); nothing mutates or
            // drops that owner before its scope ends (see `scope`), and the caller of `scope`
            // promises that no reference obtained inside it is used after.
            unsafe { &*contents }
        }
    })
}

/// Runs `f` with what the deserializers of this module produce on this thread kept in an arena
/// that is freed when `f` returns, instead of leaked. For the fuzz target of the data parser,
/// which must leak nothing per input; the build step does not use it.
///
/// Scopes nest: an inner scope frees only what was produced inside it. If `f` panics (or the
/// thread is already unwinding), nothing is freed: what it produced stays leaked, so a reference
/// that escapes with the unwinding, or that a caught panic leaves behind, never dangles.
///
/// # Safety
///
/// The `'static` strings and slices the deserializers return inside `f`, and every value holding
/// one (records, datasets, ...), must be unreachable once `f` returns: not in its result, not
/// stored in variables it captures, in statics or thread-locals, or sent to another thread. Owned
/// copies (`String`s, formatted messages, generated code) may leave. Deserializing on another
/// thread inside `f` is allowed; that thread's values are leaked as outside a scope.
///
/// # Examples
///
/// ```
/// use qiwi_errors_shared::Text;
///
/// // SAFETY: the text read inside the scope is compared and dropped inside it; only a bool leaves.
/// let english = unsafe {
///     qiwi_errors_shared::leak::scope(|| {
///         let t: Text = serde_json::from_str(r#"{"ru":"да","en":"yes"}"#).unwrap();
///         t.en == "yes"
///     })
/// };
/// assert!(english);
/// ```
#[doc(hidden)]
pub unsafe fn scope<R>(f: impl FnOnce() -> R) -> R {
    /// Puts the enclosing scope's arena back and frees this one's, on the way out of `scope`.
    struct Restore(Arena);

    impl Drop for Restore {
        fn drop(&mut self) {
            let Some(mut own) = ARENA.replace(self.0.take()) else {
                return;
            };
            if std::thread::panicking() {
                std::mem::forget(own);
                return;
            }
            // Newest first: a value holding references (a `Vec` of records) is always produced
            // after what it refers to, so no drop code sees freed memory.
            while let Some(value) = own.pop() {
                drop(value);
            }
        }
    }

    let _restore = Restore(ARENA.replace(Some(Vec::new())));
    f()
}

/// A string, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is not a string.
pub fn str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    String::deserialize(d).map(|s| keep(s, |s| &*s.leak()))
}

/// An optional string, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is neither null nor a string.
pub fn opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(|s| keep(s, |s| &*s.leak())))
}

/// A list, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is not a list of `T`.
pub fn slice<'de, D, T>(d: D) -> Result<&'static [T], D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + 'static,
{
    Vec::<T>::deserialize(d).map(|v| keep(v, |v| &*v.leak()))
}

/// A list of strings, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is not a list of strings.
pub fn strs<'de, D: Deserializer<'de>>(d: D) -> Result<&'static [&'static str], D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    let list: Vec<&'static str> = list.into_iter().map(|s| keep(s, |s| &*s.leak())).collect();
    Ok(keep(list, |list| &*list.leak()))
}

#[cfg(test)]
mod tests {
    use super::{scope, ARENA};
    use crate::{Keywords, Source, Text};

    /// How many values the innermost scope on this thread keeps; `None` outside any.
    fn kept() -> Option<usize> {
        ARENA.with_borrow(|arena| arena.as_ref().map(Vec::len))
    }

    const SOURCES: &str = r#"{"file":"f.txt","section":"s","lines":"1-2"}"#;

    #[test]
    fn a_scope_keeps_what_is_read_in_it_and_frees_it_at_its_end() {
        // SAFETY: every record read in the scope is dropped in it; owned copies leave.
        let (inside, copy) = unsafe {
            scope(|| {
                let k: Keywords = serde_json::from_str(r#"{"ru":["а","б"],"en":["c"]}"#).unwrap();
                let s: Vec<Source> = serde_json::from_str(&format!("[{SOURCES}]")).unwrap();
                assert_eq!(
                    (k.ru, k.en, s[0].lines),
                    (&["а", "б"][..], &["c"][..], Some("1-2"))
                );
                (kept(), format!("{}{}", k.ru[1], s[0].file))
            })
        };
        // Keywords: 3 strings and 2 lists; the source: 3 strings.
        assert_eq!((inside, copy.as_str()), (Some(8), "бf.txt"));
        assert_eq!(kept(), None);
    }

    #[test]
    fn scopes_nest_and_the_inner_frees_only_its_own() {
        // SAFETY: `outer` is read after the inner scope and dropped in its own scope.
        unsafe {
            scope(|| {
                let outer: Text = serde_json::from_str(r#"{"ru":"да","en":"yes"}"#).unwrap();
                scope(|| {
                    let inner: Text = serde_json::from_str(r#"{"ru":"нет","en":"no"}"#).unwrap();
                    assert_eq!((inner.en, kept()), ("no", Some(2)));
                });
                assert_eq!((outer.ru, outer.en, kept()), ("да", "yes", Some(2)));
            });
        }
    }

    #[test]
    fn a_panic_leaves_what_the_scope_read_valid() {
        let mut escaped: Option<Text> = None;
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: not kept: `escaped` outlives the scope. That is the point of this test,
            // which only runs `f` to a panic, where `scope` frees nothing.
            unsafe {
                scope(|| {
                    escaped = Some(serde_json::from_str(r#"{"ru":"да","en":"yes"}"#).unwrap());
                    panic!("on purpose");
                })
            }
        }));
        assert!(caught.is_err());
        assert_eq!(kept(), None);
        assert_eq!(escaped.map(|t| t.en), Some("yes"));
    }

    #[test]
    fn outside_a_scope_values_are_leaked() {
        let t: Text = serde_json::from_str(r#"{"ru":"да","en":"yes"}"#).unwrap();
        assert_eq!((t.en, kept()), ("yes", None));
    }
}
