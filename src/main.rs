//! The `cscstats` binary: parse the command line, run, report errors, set the exit code.

use std::process::ExitCode;

use clap::Parser;
use cscstats::process::{EXIT_INTERNAL, EXIT_USAGE, exit_code, is_broken_pipe};

fn main() -> ExitCode {
    // A bug must not dump a backtrace (or anything else) at a user: say so and exit 70.
    std::panic::set_hook(Box::new(|info| {
        // A workbook reader's panic on a damaged file is caught and reported as such.
        if cscstats::process::panic_is_caught() {
            return;
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()));
        // Written as it can be: an unwritable standard error must not panic in the panic hook.
        cscstats::process::to_stderr(&format!(
            "Error: internal error{}; please report it\n",
            at.unwrap_or_default()
        ));
    }));
    cscstats::process::remove_temp_files_on_signals();
    let cli = match cscstats::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match std::panic::catch_unwind(|| cscstats::run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            cscstats::process::to_stderr(&format!("Error: {err:#}\n"));
            ExitCode::from(exit_code(&err))
        }
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}
