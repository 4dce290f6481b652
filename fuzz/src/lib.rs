//! The fuzz targets' checks live in `qiwi-errors-checks`, which the corpus tests share.

pub use qiwi_errors_checks as checks;
