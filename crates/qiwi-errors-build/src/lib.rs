//! The build step of `qiwi-errors`: reads `data/`, validates it and compiles it into Rust
//! statics and `phf` maps for the library to include.
//!
//! The library's `build.rs` calls [`compile`]; the tests call [`load`] on broken fixtures and
//! [`generate`] to check the output; the fuzz targets call [`load`] on random input. Every
//! problem in the data is collected, not only the first, and reported as
//! `data/FILE.json:LINE: FIELD: reason`, so one build shows everything to fix.
//!
//! The records are read into the very types the library compiles (`qiwi-errors-shared`), so a
//! field added to the data is declared once, there.
//!
//! # Examples
//!
//! ```
//! let dir = std::env::temp_dir().join("qiwi-errors-build-doc");
//! std::fs::create_dir_all(&dir).unwrap();
//! let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
//! let dataset = qiwi_errors_build::compile(&data, &dir).unwrap();
//! assert!(dataset.records.len() > 300);
//! assert!(dir.join("codes.rs").exists());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod check;
mod dataset;
mod error;
mod fields;
mod generate;
mod index;
mod load;

pub use dataset::{parse_key, Dataset, Record, SYMPTOMS_FILE};
pub use error::DataError;
pub use generate::{generate, paired_caps};
pub use load::{load, load_dir};
/// Runs `f` with what the loader reads freed when `f` returns, instead of leaked: for the fuzz
/// target of the data parser alone. See `qiwi_errors_shared::leak::scope`, whose safety contract
/// the caller keeps: no record, dataset or other value holding what was read inside `f` may be
/// reachable once it returns (owned copies, such as [`DataError`]s and generated code, may).
#[doc(hidden)]
pub use qiwi_errors_shared::leak::scope as leak_scope;

use std::path::Path;

/// Reads `data_dir`, validates it and writes `codes.rs` into `out_dir`.
///
/// Returns the dataset, so that the caller can list the files it depends on.
///
/// # Errors
///
/// Every problem found in the data, or the one that kept `codes.rs` from being written.
///
/// # Examples
///
/// ```
/// let out = std::env::temp_dir();
/// let errors = qiwi_errors_build::compile("/no/such/dir".as_ref(), &out).unwrap_err();
/// assert!(errors[0].to_string().contains("cannot read the file"));
/// ```
pub fn compile(data_dir: &Path, out_dir: &Path) -> Result<Dataset, Vec<DataError>> {
    let dataset = load_dir(data_dir)?;
    let path = out_dir.join("codes.rs");
    std::fs::write(&path, generate(&dataset)).map_err(|e| {
        vec![DataError::whole_file(
            path.display(),
            0,
            format!("cannot write the generated code: {e}"),
        )]
    })?;
    Ok(dataset)
}

/// What `build.rs` does: [`compile`] `data/` into `OUT_DIR`, tell cargo which files to watch,
/// and on bad data print every problem and exit with an error.
///
/// # Examples
///
/// `build.rs` is this one call:
///
/// ```no_run
/// qiwi_errors_build::main();
/// ```
pub fn main() {
    println!("cargo:rerun-if-changed=data");
    let Some(out) = std::env::var_os("OUT_DIR") else {
        eprintln!("error: OUT_DIR is not set; run this from a build script");
        std::process::exit(1);
    };
    match compile(Path::new("data"), Path::new(&out)) {
        Ok(dataset) => {
            for file in dataset.files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("error: {error}");
            }
            eprintln!("{} problem(s) in data/; the build stops here", errors.len());
            std::process::exit(1);
        }
    }
}
