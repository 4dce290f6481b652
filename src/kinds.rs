//! The vocabularies, as the shared crate declares them for the build step and the library.

pub use qiwi_errors_shared::{
    Actor, Api, Family, Lang, ParseApiError, ParseFamilyError, ParseLangError, Provenance, Retry,
    Severity,
};
