//! `learnmap-data demo`: the fictional Hamburg demo set.

use crate::output::{human_bytes, write_to};
use learnmap_synth::{demo_city, DEMO_SEED};
use serde_json::Value;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `learnmap-data demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "The committed demo files are made with:\n  \
    learnmap-data demo --seed 2024 --out data/demo/learning-spaces.geojson --events data/demo/events.geojson")]
pub struct Args {
    /// The seed: the same seed always gives the same file.
    #[arg(long, value_name = "N", default_value_t = DEMO_SEED)]
    seed: u64,
    /// Where to write the GeoJSON (default: standard output).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Also write fictional events at the demo places (a festival weekend
    /// and weekly courses) to this file.
    #[arg(long, value_name = "PATH")]
    events: Option<PathBuf>,
}

/// Writes the demo set as GeoJSON with one feature per line, as `import`
/// and `synth` write theirs.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let collection = demo_city(args.seed);
    let count = collection["features"].as_array().map_or(0, Vec::len);
    let bytes = write_to(args.out.as_deref(), |out| {
        write_one_feature_per_line(out, &collection)
    })?;
    if let Some(path) = &args.out {
        eprintln!(
            "learnmap-data: wrote {count} fictional demo places (seed {}) to {} ({})",
            args.seed,
            path.display(),
            human_bytes(bytes)
        );
    }
    if let Some(path) = &args.events {
        let events = learnmap_synth::demo_events::demo_events(args.seed, &collection);
        let count = events["features"].as_array().map_or(0, Vec::len);
        let bytes = write_to(Some(path), |out| write_one_feature_per_line(out, &events))?;
        eprintln!(
            "learnmap-data: wrote {count} fictional demo events (seed {}) to {} ({})",
            args.seed,
            path.display(),
            human_bytes(bytes)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a FeatureCollection with its other members on the first line and
/// then one feature per line, compact, with a final newline.
///
/// The app downloads and reads this file on every first visit: pretty-printed
/// it was 441 KB (25.7 KB brotli) and is now 289 KB (24.3 KB brotli), and a
/// diff of two versions still shows each changed place on a line of its own.
fn write_one_feature_per_line(out: &mut dyn Write, collection: &Value) -> io::Result<()> {
    let Value::Object(members) = collection else {
        serde_json::to_writer(&mut *out, collection)?;
        return out.write_all(b"\n");
    };
    out.write_all(b"{")?;
    for (key, value) in members.iter().filter(|(key, _)| *key != "features") {
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b":")?;
        serde_json::to_writer(&mut *out, value)?;
        out.write_all(b",")?;
    }
    out.write_all(b"\"features\":[")?;
    let features = members.get("features").and_then(Value::as_array);
    for (i, feature) in features.into_iter().flatten().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, feature)?;
    }
    out.write_all(b"\n]}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_feature_per_line_is_the_same_json() {
        let collection = demo_city(7);
        let mut bytes = Vec::new();
        write_one_feature_per_line(&mut bytes, &collection).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), collection);
        let count = collection["features"].as_array().unwrap().len();
        // the members line, one line per feature, and the closing line
        assert_eq!(text.lines().count(), count + 2);
        assert!(text
            .lines()
            .skip(1)
            .take(count)
            .all(|l| l.starts_with("{\"geometry\":")));
        assert!(text.ends_with("\n]}\n"));
    }
}
