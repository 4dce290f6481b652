//! Compiles `data/` into phf maps; the work is done in `src/dataset.rs`.

#[path = "src/case.rs"]
mod case;
#[path = "src/dataset.rs"]
mod dataset;
#[path = "src/kinds.rs"]
#[allow(dead_code)]
mod kinds;
#[path = "src/packed.rs"]
mod packed;
#[path = "src/tokens.rs"]
mod tokens;

fn main() {
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=src/kinds.rs");
    println!("cargo:rerun-if-changed=src/dataset.rs");
    println!("cargo:rerun-if-changed=src/tokens.rs");
    println!("cargo:rerun-if-changed=src/case.rs");
    println!("cargo:rerun-if-changed=src/packed.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // `compact` stores the data compressed and unpacks it at first use (see src/compact.rs).
    let compact = std::env::var_os("CARGO_FEATURE_COMPACT").is_some();
    println!("cargo:rerun-if-env-changed=QIWI_ERRORS_TEXTS");
    let setting = std::env::var("QIWI_ERRORS_TEXTS").ok();
    let texts = dataset::Texts::from_setting(setting.as_deref()).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1);
    });
    match dataset::compile(std::path::Path::new("data"), &out, compact, texts) {
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
