//! What the fuzz targets share: the library's data modules (src/ via `#[path]`, for the
//! `dataset` target) and the checks each target makes.

#[path = "../checks.rs"]
pub mod checks;
#[path = "../../src/dataset.rs"]
mod dataset;
#[path = "../../src/kinds.rs"]
#[allow(dead_code)]
mod kinds;
#[path = "../../src/packed.rs"]
mod packed;
#[path = "../../src/case.rs"]
mod case;
#[path = "../../src/tokens.rs"]
#[allow(dead_code)]
mod tokens;
