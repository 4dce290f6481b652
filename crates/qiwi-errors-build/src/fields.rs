//! Reading one record field by field, generically: every bad field is reported, not only the
//! first, without a hand-written parser per field.

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// A problem with one field of a record.
#[derive(Debug)]
pub(crate) struct FieldError {
    /// The path inside the record (`retry.kind`, `sources[0].file`).
    pub path: String,
    pub reason: String,
}

/// Reads a `T` from a record's fields. On a bad field, the error is kept, the field set aside,
/// and the rest read again, so one pass reports every bad field; a missing field ends it (the
/// derive reports one at a time).
pub(crate) fn read<T: DeserializeOwned>(
    fields: &Map<String, Value>,
) -> (Option<T>, Vec<FieldError>) {
    let mut fields = fields.clone();
    let mut errors = Vec::new();
    let mut set_aside: Vec<String> = Vec::new();
    for _ in 0..=fields.len() {
        match serde_path_to_error::deserialize::<_, T>(Value::Object(fields.clone())) {
            Ok(value) => return (errors.is_empty().then_some(value), errors),
            Err(e) => {
                let path = e.path().to_string();
                let reason = e.into_inner().to_string();
                if let Some(name) = missing_field(&reason) {
                    if !set_aside.iter().any(|f| f == name) {
                        errors.push(FieldError {
                            path: name.to_string(),
                            reason: "missing required field".into(),
                        });
                    }
                    break;
                }
                let top = top_of(&path).to_string();
                errors.push(FieldError { path, reason });
                if fields.remove(&top).is_none() {
                    break;
                }
                set_aside.push(top);
            }
        }
    }
    (None, errors)
}

fn missing_field(reason: &str) -> Option<&str> {
    reason.strip_prefix("missing field `")?.split('`').next()
}

/// `sources[0].file` -> `sources`.
fn top_of(path: &str) -> &str {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    &path[..end]
}

/// The field names a derived `Deserialize` of a struct accepts, asked from the derive itself so
/// that no list of them is kept by hand.
pub(crate) fn names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut found));
    found
}

struct FieldNames<'a>(&'a mut &'static [&'static str]);

#[derive(Debug)]
struct Asked;

impl fmt::Display for Asked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field names asked")
    }
}

impl std::error::Error for Asked {}

impl de::Error for Asked {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Asked
    }
}

impl<'de> de::Deserializer<'de> for FieldNames<'_> {
    type Error = Asked;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
        Err(Asked)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Asked> {
        *self.0 = fields;
        Err(Asked)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use qiwi_errors_shared::{Details, EntryData};

    #[test]
    fn names_come_from_the_derive() {
        let entry = super::names::<EntryData>();
        assert!(entry.contains(&"code") && entry.contains(&"final") && entry.contains(&"retry"));
        let details = super::names::<Details>();
        assert_eq!(
            details,
            [
                "developer",
                "steps",
                "contexts",
                "superseded",
                "sources",
                "retry_source",
                "pairings",
                "keywords",
                "wording",
                "conflicts"
            ]
        );
    }
}
