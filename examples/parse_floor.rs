//! The floor under any check that parses every file it checks: reads each `.py` file under
//! the given directories and parses it with the parser, reader and allocator migcheck uses,
//! on every core, and does nothing else. `scripts/bench` times it beside a full audit.
//!
//! Usage: `cargo run --release --example parse_floor -- DIR...`

use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, set as migcheck's `main` sets it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // SAFETY: called before any other thread exists, as mimalloc requires.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    let mut paths = Vec::new();
    for dir in std::env::args_os().skip(1) {
        for entry in ignore::WalkBuilder::new(dir).build().flatten() {
            let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
            if is_file && entry.path().extension().is_some_and(|ext| ext == "py") {
                paths.push(entry.into_path());
            }
        }
    }
    let (parsed, failed) = paths
        .par_iter()
        .map(|path| {
            let parses = migcheck::read_file(path).ok().and_then(|bytes| {
                let text = std::str::from_utf8(&bytes).ok()?;
                ruff_python_parser::parse_module(text).ok().map(drop)
            });
            (usize::from(parses.is_some()), usize::from(parses.is_none()))
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{parsed} files parsed, {failed} not");
    std::process::ExitCode::SUCCESS
}
