//! Compiles `data/` into the library's statics and maps; the work is in `qiwi-errors-build`.

fn main() {
    qiwi_errors_build::main();
}
