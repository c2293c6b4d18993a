//! The `riposte` command: parse the command line, set up logging, dispatch.

use std::process::ExitCode;

use clap::Parser;

/// Extraction makes many small, short-lived allocations (words, names,
/// spans); mimalloc serves them markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = riposte::cli::Cli::parse();
    riposte::cli::init_tracing(cli.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("riposte: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(riposte::cli::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("riposte: {e:#}");
            ExitCode::FAILURE
        }
    }
}
