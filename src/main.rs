use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use migcheck::Error;

fn main() -> ExitCode {
    let cli = migcheck::cli::Cli::parse();
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
            eprintln!("migcheck: error: {error}");
            ExitCode::from(2)
        }
    }
}

// Parsing allocates many small nodes on several threads at once; mimalloc keeps up better
// than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
