//! `learnmap-data`: the data stewards' command-line tool for learnmap.
//!
//! Run `learnmap-data --help` for the subcommands. Every subcommand lives in
//! its own module and is wired up in [`cli`].

mod cli;
mod config;
mod demo;
mod diff;
mod exit;
mod ical;
mod import;
mod output;
mod report;
mod stats;
mod synth;
mod validate;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("learnmap-data: error: {error:#}");
            ExitCode::from(exit::EXIT_USAGE_OR_IO)
        }
    }
}
