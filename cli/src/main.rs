//! `mep`: the admin CLI.

mod args;
mod commands;
mod csvio;
mod db;
mod error;
mod output;
mod schema;

use std::process::ExitCode;

use clap::Parser;

use args::Cli;
use output::Out;

fn main() -> ExitCode {
    // A panic is a bug, but the user still gets one line, not a backtrace; a closed pipe
    // (`mep rejected | head`) is not an error at all.
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        eprintln!("error: internal error ({message}); please report it");
    }));
    let cli = Cli::parse();
    let out = Out::new(cli.format, cli.color);
    match commands::run(&cli, &out) {
        Ok(code) => code,
        Err(error) => {
            let label = if Out::stderr_color(cli.color) {
                "\x1b[1;31merror:\x1b[0m"
            } else {
                "error:"
            };
            eprintln!("{label} {error}");
            ExitCode::FAILURE
        }
    }
}
