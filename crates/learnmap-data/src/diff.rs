//! `learnmap-data diff`: what changes between two versions of a data file.
//!
//! Places are matched by id. A place is changed when its geometry or any
//! property differs; the changed properties are listed:
//!
//! ```text
//! --- old.geojson: 5 places (5 features)
//! +++ new.geojson: 5 places (5 features)
//! - hh-3 "Stadtteilschule Nord"
//! + hh-7 "Lernwerkstatt Süd"
//! ~ hh-2: geometry, opening_hours, website
//! 1 added, 1 removed, 1 changed, 3 unchanged; places 5 -> 5 (+0.0%)
//! ```
//!
//! When the number of places drops by more than 20 %, a WARNING block goes
//! to stderr and the exit status is 1 unless `--allow-drop` is given: a
//! broken upload is caught before it is published. Features with errors do
//! not load, so they count as missing. Exit status: 0; 1 on a drop over
//! 20 % without `--allow-drop` or when a file cannot be loaded; 2 when a
//! file cannot be read or on a usage error.

use crate::output::write_to;
use crate::report::{load_file, Format};
use learnmap_core::{Dataset, LoadOptions};
use learnmap_import::diff::{compare, drop_warning, render_text};
use learnmap_import::plural as count;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `learnmap-data diff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0; 1 when the number of places drops by more than 20% \
    (unless --allow-drop) or a file cannot be loaded; 2 when a file cannot be read or on a \
    usage error."
)]
pub struct Args {
    /// The published version.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The version to publish.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 0 even when the number of places drops by more than 20%.
    #[arg(long)]
    allow_drop: bool,
}

/// Notes on places matched by position rather than by a real id.
fn id_notes(path: &Path, data: &Dataset) -> Option<String> {
    let missing = data
        .problems
        .iter()
        .filter(|p| p.code == "missing-id")
        .count();
    let duplicate = data
        .problems
        .iter()
        .filter(|p| p.code == "duplicate-id")
        .count();
    (missing + duplicate > 0).then(|| {
        format!(
            "learnmap-data: note: {} has {} without an id and {} with a duplicate id; \
             they are matched by their position in the file, so they may show as added and removed",
            path.display(),
            count(missing, "place", "places"),
            duplicate
        )
    })
}

/// Compares the two files and writes the differences on stdout.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let options = LoadOptions {
        max_problems: usize::MAX,
        ..LoadOptions::default()
    };
    let old = load_file(&args.old, &options)?;
    let new = load_file(&args.new, &options)?;
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for (path, result) in [(&args.old, old), (&args.new, new)] {
                if let Err(error) = result {
                    eprint!("{}", error.render(path));
                }
            }
            return Ok(ExitCode::from(1));
        }
    };
    for note in [id_notes(&args.old, &old), id_notes(&args.new, &new)]
        .into_iter()
        .flatten()
    {
        eprintln!("{note}");
    }
    let diff = compare(
        &args.old.display().to_string(),
        &old,
        &args.new.display().to_string(),
        &new,
        args.allow_drop,
    );
    let text = match args.format {
        Format::Text => render_text(&diff),
        Format::Json => serde_json::to_string_pretty(&diff)? + "\n",
    };
    write_to(None, |out| out.write_all(text.as_bytes()))?;
    if diff.drop_warning {
        eprint!("{}", drop_warning(&diff));
        if !diff.allow_drop {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
