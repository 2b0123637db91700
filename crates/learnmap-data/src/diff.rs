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
use crate::report::{count, load_file, Format};
use learnmap_core::{Dataset, LearningSpace, LoadOptions};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
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

/// A drop in places above this share of the old count is suspicious.
const DROP_PERCENT: usize = 20;

#[derive(Debug, Serialize)]
struct Side {
    path: String,
    features: usize,
    places: usize,
    skipped: usize,
}

#[derive(Debug, PartialEq, Serialize)]
struct Place {
    id: String,
    name: String,
}

#[derive(Debug, PartialEq, Serialize)]
struct Changed {
    id: String,
    name: String,
    /// `geometry` first, then the changed properties in sorted order.
    fields: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Diff {
    version: u32,
    old: Side,
    new: Side,
    added: Vec<Place>,
    removed: Vec<Place>,
    changed: Vec<Changed>,
    unchanged: usize,
    /// The change in places, in percent of the old count (one decimal);
    /// `null` when the old file has no places.
    change_percent: Option<f64>,
    /// The places drop by more than 20%.
    drop_warning: bool,
    allow_drop: bool,
}

/// What differs between two places with the same id.
fn changed_fields(old: &LearningSpace, new: &LearningSpace) -> Vec<String> {
    let mut fields = Vec::new();
    if old.position != new.position {
        fields.push("geometry".to_owned());
    }
    // as the model holds them (unknown properties as given); sorted
    let (old, new) = (old.to_properties(), new.to_properties());
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        if old.get(key) != new.get(key) {
            fields.push(key.clone());
        }
    }
    fields
}

fn place(space: &LearningSpace) -> Place {
    Place {
        id: space.id().to_owned(),
        name: space.name().to_owned(),
    }
}

fn side(path: &Path, data: &Dataset) -> Side {
    Side {
        path: path.display().to_string(),
        features: data.feature_count,
        places: data.spaces.len(),
        skipped: data.skipped(),
    }
}

/// Whether going from `old` to `new` places is a drop of more than 20%.
fn is_big_drop(old: usize, new: usize) -> bool {
    new < old && (old - new) * 100 > old * DROP_PERCENT
}

fn compare(old_path: &Path, old: &Dataset, new_path: &Path, new: &Dataset, allow: bool) -> Diff {
    let old_by_id: HashMap<&str, &LearningSpace> = old.spaces.iter().map(|s| (s.id(), s)).collect();
    let new_ids: BTreeSet<&str> = new.spaces.iter().map(|s| s.id()).collect();
    let removed = old
        .spaces
        .iter()
        .filter(|s| !new_ids.contains(s.id()))
        .map(place)
        .collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for space in &new.spaces {
        match old_by_id.get(space.id()) {
            None => added.push(place(space)),
            Some(before) => {
                let fields = changed_fields(before, space);
                if fields.is_empty() {
                    unchanged += 1;
                } else {
                    changed.push(Changed {
                        id: space.id().to_owned(),
                        name: space.name().to_owned(),
                        fields,
                    });
                }
            }
        }
    }
    let (o, n) = (old.spaces.len(), new.spaces.len());
    Diff {
        version: 1,
        old: side(old_path, old),
        new: side(new_path, new),
        added,
        removed,
        changed,
        unchanged,
        change_percent: (o > 0).then(|| ((n as f64 - o as f64) * 1000.0 / o as f64).round() / 10.0),
        drop_warning: is_big_drop(o, n),
        allow_drop: allow,
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn render_side(marker: &str, side: &Side) -> String {
    let mut line = format!(
        "{marker} {}: {} ({}",
        side.path,
        count(side.places, "place", "places"),
        count(side.features, "feature", "features")
    );
    if side.skipped > 0 {
        let _ = write!(line, ", {} skipped with errors", side.skipped);
    }
    line.push_str(")\n");
    line
}

fn render_text(diff: &Diff) -> String {
    let mut out = render_side("---", &diff.old);
    out.push_str(&render_side("+++", &diff.new));
    for p in &diff.removed {
        let _ = writeln!(out, "- {} {}", p.id, quoted(&p.name));
    }
    for p in &diff.added {
        let _ = writeln!(out, "+ {} {}", p.id, quoted(&p.name));
    }
    for c in &diff.changed {
        let _ = writeln!(out, "~ {}: {}", c.id, c.fields.join(", "));
    }
    let change = diff
        .change_percent
        .map_or_else(|| "new".to_owned(), |p| format!("{p:+.1}%"));
    let _ = writeln!(
        out,
        "{} added, {} removed, {} changed, {} unchanged; places {} -> {} ({change})",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len(),
        diff.unchanged,
        diff.old.places,
        diff.new.places,
    );
    out
}

/// The loud block on stderr when places drop by more than 20%.
fn drop_warning(diff: &Diff) -> String {
    let mut out = String::from("\n");
    let drop = -diff.change_percent.unwrap_or_default();
    let lines = [
        format!(
            "The number of places drops by {drop:.1}%, from {} to {}.",
            diff.old.places, diff.new.places
        ),
        format!("A drop of more than {DROP_PERCENT}% usually means a broken or partial file."),
        format!(
            "Check it with `learnmap-data validate {}` before publishing it.",
            diff.new.path
        ),
        if diff.allow_drop {
            "The drop is allowed by --allow-drop.".to_owned()
        } else {
            "If the drop is intended, run again with --allow-drop.".to_owned()
        },
    ];
    for line in lines {
        let _ = writeln!(out, "WARNING: {line}");
    }
    out.push('\n');
    out
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
    let diff = compare(&args.old, &old, &args.new, &new, args.allow_drop);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_over_twenty_percent_are_big() {
        assert!(!is_big_drop(100, 80), "exactly 20% is allowed");
        assert!(is_big_drop(100, 79));
        assert!(!is_big_drop(5, 4));
        assert!(is_big_drop(5, 3));
        assert!(!is_big_drop(0, 0));
        assert!(!is_big_drop(10, 50));
        assert!(is_big_drop(1, 0));
    }

    fn space(text: &str) -> LearningSpace {
        let collection = format!("{{\"type\": \"FeatureCollection\", \"features\": [{text}]}}");
        learnmap_core::load(&collection).unwrap().spaces.remove(0)
    }

    #[test]
    fn changed_fields_list_geometry_then_sorted_properties() {
        let a = space(
            r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.9, 53.5]},
                "properties": {"id": "a", "name": "A", "website": "https://a.example", "z": 1}}"#,
        );
        let b = space(
            r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.9, 53.6]},
                "properties": {"id": "a", "name": "A", "phone": "+49 40 1", "z": 2}}"#,
        );
        assert_eq!(
            changed_fields(&a, &b),
            ["geometry", "phone", "website", "z"]
        );
        assert!(changed_fields(&a, &a).is_empty());
    }
}
