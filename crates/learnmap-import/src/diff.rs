//! Comparing two versions of a data file by id: what `learnmap-data diff`
//! prints and what the workbench shows before publishing.
//!
//! Places are matched by id. A place is changed when its geometry or any
//! property differs; the changed properties are listed. When the number of
//! places drops by more than 20 %, [`Diff::drop_warning`] is set: a broken
//! upload is caught before it is published.

use crate::plural as count;
use learnmap_core::{Dataset, LearningSpace};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// A drop in places above this share of the old count is suspicious.
pub const DROP_PERCENT: usize = 20;

#[derive(Debug, Serialize)]
pub struct Side {
    pub path: String,
    pub features: usize,
    pub places: usize,
    pub skipped: usize,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct Place {
    pub id: String,
    pub name: String,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct Changed {
    pub id: String,
    pub name: String,
    /// `geometry` first, then the changed properties in sorted order.
    pub fields: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Diff {
    pub version: u32,
    pub old: Side,
    pub new: Side,
    pub added: Vec<Place>,
    pub removed: Vec<Place>,
    pub changed: Vec<Changed>,
    pub unchanged: usize,
    /// The change in places, in percent of the old count (one decimal);
    /// `null` when the old file has no places.
    pub change_percent: Option<f64>,
    /// The places drop by more than 20%.
    pub drop_warning: bool,
    pub allow_drop: bool,
}

/// What differs between two places with the same id.
pub fn changed_fields(old: &LearningSpace, new: &LearningSpace) -> Vec<String> {
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

fn side(path: &str, data: &Dataset) -> Side {
    Side {
        path: path.to_owned(),
        features: data.feature_count,
        places: data.spaces.len(),
        skipped: data.skipped(),
    }
}

/// Whether going from `old` to `new` places is a drop of more than 20%.
pub fn is_big_drop(old: usize, new: usize) -> bool {
    new < old && (old - new) * 100 > old * DROP_PERCENT
}

pub fn compare(old_path: &str, old: &Dataset, new_path: &str, new: &Dataset, allow: bool) -> Diff {
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

pub fn render_text(diff: &Diff) -> String {
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
pub fn drop_warning(diff: &Diff) -> String {
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
