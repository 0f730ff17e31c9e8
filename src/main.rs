use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use migcheck::Error;

/// mimalloc's `mi_option_purge_delay` (option 15 in mimalloc 2 and 3).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // By default mimalloc hands memory back to the system 10 ms after it is freed; a run
    // takes it again a moment later, zeroed afresh by the kernel each time. A process that
    // lives a second or two is faster keeping it (measured: up to a third of a big run).
    // SAFETY: called before any other thread exists, as mimalloc requires.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    let cli = match migcheck::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version go to standard output, usage errors to standard error (exit
        // 2); either lost to a write error is exit 2 too.
        Err(error) => {
            let code = error.exit_code();
            let written = error.print().and_then(|()| {
                std::io::stdout().flush()?;
                std::io::stderr().flush()
            });
            return match written {
                Ok(()) => ExitCode::from(code as u8),
                Err(error) => {
                    let _ = writeln!(std::io::stderr(), "migcheck: error: {error}");
                    ExitCode::from(2)
                }
            };
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = migcheck::run(cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`migcheck | head`): nothing more to say.
        Err(Error::Io(error)) if error.kind() == ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(error) => {
            // With standard error full too, exit 2 is all there is left to say.
            let _ = writeln!(std::io::stderr(), "migcheck: error: {error}");
            ExitCode::from(2)
        }
    }
}

// Parsing allocates many small nodes on several threads at once; mimalloc keeps up better
// than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
