//! `learnmap-data synth`: large synthetic sets for benchmarks.

use crate::output::{human_bytes, write_to};
use learnmap_synth::write_synthetic;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Options of `learnmap-data synth`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Large sets belong in target/ and are never committed, e.g.\n  \
    cargo run --release -p learnmap-data -- synth --count 100k --out target/synth/places-100k.geojson"
)]
pub struct Args {
    /// How many places: a whole number, optionally with a k or M suffix (100k, 1M).
    #[arg(long, value_name = "N", value_parser = parse_count)]
    count: usize,
    /// The seed: the same count and seed always give the same file.
    #[arg(long, value_name = "N", default_value_t = 2024)]
    seed: u64,
    /// Where to write the GeoJSON (default: standard output).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// Streams the synthetic set, one feature per line.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let bytes = write_to(args.out.as_deref(), |out| {
        write_synthetic(out, args.count, args.seed)
    })?;
    if let Some(path) = &args.out {
        eprintln!(
            "learnmap-data: wrote {} synthetic places (seed {}) to {} ({}) in {:.1} s",
            args.count,
            args.seed,
            path.display(),
            human_bytes(bytes),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses `100000`, `100_000`, `100k` or `1M`.
fn parse_count(text: &str) -> Result<usize, String> {
    let cleaned = text.trim().replace('_', "");
    let (digits, factor) = match cleaned.char_indices().last() {
        Some((i, 'k' | 'K')) => (&cleaned[..i], 1_000),
        Some((i, 'm' | 'M')) => (&cleaned[..i], 1_000_000),
        _ => (&cleaned[..], 1),
    };
    let bad = || format!("\"{text}\" is not a count such as 10000, 100k or 1M");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn counts() {
        assert_eq!(parse_count("10000"), Ok(10_000));
        assert_eq!(parse_count("100_000"), Ok(100_000));
        assert_eq!(parse_count("100k"), Ok(100_000));
        assert_eq!(parse_count("1M"), Ok(1_000_000));
        assert_eq!(parse_count("0"), Ok(0));
        for bad in ["", "k", "-5", "1.5k", "ten", "1G"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }
}
