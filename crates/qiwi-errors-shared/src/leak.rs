//! Deserializers that give the records `'static` strings and slices.
//!
//! The build step reads `data/` once and then exits, so the records it reads may live for the
//! whole process: leaking them lets the build step, the tests and the fuzz targets use the very
//! types the library compiles into statics, instead of an owned twin of each.

use serde::{Deserialize, Deserializer};

/// A string, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is not a string.
pub fn str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    String::deserialize(d).map(|s| &*s.leak())
}

/// An optional string, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is neither null nor a string.
pub fn opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(|s| &*s.leak()))
}

/// A list, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is not a list of `T`.
pub fn slice<'de, D, T>(d: D) -> Result<&'static [T], D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Vec::<T>::deserialize(d).map(|v| &*v.leak())
}

/// A list of strings, leaked.
///
/// # Errors
///
/// Whatever the deserializer says of a value that is not a list of strings.
pub fn strs<'de, D: Deserializer<'de>>(d: D) -> Result<&'static [&'static str], D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    Ok(list
        .into_iter()
        .map(|s| &*s.leak())
        .collect::<Vec<_>>()
        .leak())
}
