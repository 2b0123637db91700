//! `learnmap-data config`: checks a site's `config.json` as the app reads it.

use anyhow::Context;
use learnmap_core::config::{parse_config, DataParameter};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `learnmap-data config`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The config.json to check.
    pub file: PathBuf,
}

/// Prints each problem as `FILE POINTER: message`, then a summary; exit 1
/// when there are problems (the app would use defaults for those options).
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (config, mut problems) = parse_config(&text);
    // the core checks the form of time zone names; the database is here
    let zones = std::iter::once(("/time_zone".to_owned(), config.time_zone.as_deref())).chain(
        config
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("/sources/{i}/time_zone"), s.time_zone.as_deref())),
    );
    for (pointer, zone) in zones {
        if let Some(zone) = zone.filter(|z| z.parse::<chrono_tz::Tz>().is_err()) {
            problems.push(learnmap_core::config::ConfigProblem {
                pointer,
                message: format!("\"{zone}\" is not in the IANA time zone database, so browsers use the viewer's own time zone"),
            });
        }
    }
    let file = args.file.display();
    for p in &problems {
        let at = if p.pointer.is_empty() {
            "(file)"
        } else {
            p.pointer.as_str()
        };
        println!("{file} {at}: {}", p.message);
    }
    let sources = if config.sources.is_empty() {
        "the bundled demo data".to_owned()
    } else {
        config
            .sources
            .iter()
            .map(|s| format!("\"{}\" <{}>", s.label, s.url))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let data_parameter = match &config.data_parameter {
        DataParameter::Allowed if config.allowed_data_origins.is_empty() => {
            "data= from this site".to_owned()
        }
        DataParameter::Allowed => format!(
            "data= from this site and {}",
            config.allowed_data_origins.join(", ")
        ),
        DataParameter::Off => "data= off".to_owned(),
        DataParameter::Only(origins) if origins.is_empty() => "data= from nowhere".to_owned(),
        DataParameter::Only(origins) => format!(
            "data= only from {}",
            origins
                .iter()
                .map(|o| if o == "self" { "this site" } else { o })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    println!(
        "{file}: {} problem{}; data from {sources}; {data_parameter}; tiles from {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        match config.tiles.origin() {
            "" => "this site",
            origin => origin,
        }
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
