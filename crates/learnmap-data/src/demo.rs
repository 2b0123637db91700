//! `learnmap-data demo`: the fictional Hamburg demo set.

use crate::output::{human_bytes, write_to};
use learnmap_core::synth::{demo_city, DEMO_SEED};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `learnmap-data demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "The committed demo file is made with:\n  \
    learnmap-data demo --seed 2024 --out data/demo/learning-spaces.geojson")]
pub struct Args {
    /// The seed: the same seed always gives the same file.
    #[arg(long, value_name = "N", default_value_t = DEMO_SEED)]
    seed: u64,
    /// Where to write the GeoJSON (default: standard output).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// Writes the demo set as pretty-printed GeoJSON with a final newline.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let collection = demo_city(args.seed);
    let count = collection["features"].as_array().map_or(0, Vec::len);
    let bytes = write_to(args.out.as_deref(), |out| {
        serde_json::to_writer_pretty(&mut *out, &collection)?;
        out.write_all(b"\n")
    })?;
    if let Some(path) = &args.out {
        eprintln!(
            "learnmap-data: wrote {count} fictional demo places (seed {}) to {} ({})",
            args.seed,
            path.display(),
            human_bytes(bytes)
        );
    }
    Ok(ExitCode::SUCCESS)
}
