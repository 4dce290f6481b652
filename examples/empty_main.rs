//! The baseline of the fresh-process bench: a process that does nothing.

fn main() {}
