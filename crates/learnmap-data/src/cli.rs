//! Parsing the command line and handing over to a subcommand.
//!
//! To add a subcommand: write a module with an `Args` struct (deriving
//! [`clap::Args`]) and a `run(&Args) -> anyhow::Result<ExitCode>`, then add
//! a variant to [`Command`] and a line to [`run`].

use crate::exit::EXIT_USAGE_OR_IO;
use crate::{config, demo, diff, import, stats, synth, validate};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

/// The data stewards' tool for learnmap.
#[derive(Debug, Parser)]
#[command(
    name = "learnmap-data",
    version,
    about = "The data stewards' tool for learnmap: validate, inspect, compare, import and generate learning-space data",
    after_help = "Exit status: 0 on success, 1 when the data has errors (or diff sees a large drop), 2 on a usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the fictional Hamburg demo set (about 300 places) as GeoJSON, one feature per line.
    Demo(demo::Args),
    /// Stream a large synthetic set of places around the world, for benchmarks.
    Synth(synth::Args),
    /// Check data files: every problem with FILE:LINE:COL, feature, id and a hint.
    Validate(validate::Args),
    /// Count places per type, age group, learning area...; and how complete the data is.
    Stats(stats::Args),
    /// Compare two versions of a data file by id; warn when places drop by more than 20%.
    Diff(diff::Args),
    /// Import CSV, GeoJSON or OpenStreetMap JSON into canonical GeoJSON, driven by a TOML mapping file.
    Import(import::Args),
    /// Check a site's config.json: every problem with its JSON pointer (exit 1 if any).
    Config(config::Args),
}

/// Parses `args` (including the program name) and runs the subcommand.
///
/// Usage errors are printed here and give exit code 2; `--help` and
/// `--version` give 0. Errors returned are I/O errors, which `main` prints.
pub fn run<I, T>(args: I) -> anyhow::Result<ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE_OR_IO
            } else {
                0
            };
            // If even this cannot be printed, there is nothing better to do.
            let _ = error.print();
            return Ok(ExitCode::from(code));
        }
    };
    match &cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Import(args) => import::run(args),
        Command::Config(args) => config::run(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
