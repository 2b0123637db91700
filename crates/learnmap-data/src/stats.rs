//! `learnmap-data stats`: what a data file holds, and how complete it is.
//!
//! Counts the places (the features that load) per place type, age group,
//! learning area, audience, delivery, fee and wheelchair access, and the
//! share of places that give opening hours, a website, a phone or e-mail,
//! wheelchair and fee information, languages, a description, an address and
//! a `last_verified` date. Text tables by default; `--format json` for
//! machines. Exit status: 0, 1 when the file cannot be loaded at all, 2 on an
//! I/O or usage error.

use crate::output::write_to;
use crate::report::{count, load_file, percent, share, table, Align, Format};
use learnmap_core::{
    AgeGroup, Ages, Audience, Delivery, EnumSet, Fee, LearningArea, LearningSpace, LoadOptions,
    PlaceType, Vocabulary, Wheelchair,
};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `learnmap-data stats`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Features with errors are not counted: run `learnmap-data validate` \
    to see them.\nExit status: 0; 1 when the file cannot be loaded at all; 2 when it cannot \
    be read or on a usage error."
)]
pub struct Args {
    /// The GeoJSON file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// The label of places that do not say, in text tables.
const NOT_GIVEN: &str = "(not stated)";
/// The label of places whose ages are only typical of their place type.
const TYPICAL: &str = "(typical for type)";

/// How many places have each value of one vocabulary.
#[derive(Debug, PartialEq, Serialize)]
pub struct Counts {
    /// The vocabulary's field name, e.g. `place_type`.
    #[serde(skip)]
    field: &'static str,
    /// Places per value (every value of the vocabulary, zeros included).
    values: BTreeMap<&'static str, usize>,
    /// Places that give no (valid) value: not stated.
    not_given: usize,
    /// Age groups only: places that state no ages, counted by the usual
    /// ages of their place type (not in `values`, not in `not_given`).
    #[serde(skip_serializing_if = "Option::is_none")]
    typical_for_type: Option<usize>,
    /// The values in schema order, for text tables.
    #[serde(skip)]
    order: Vec<&'static str>,
}

impl Counts {
    fn new<T: Vocabulary>() -> Self {
        Counts {
            field: T::FIELD,
            values: T::ALL.iter().map(|v| (v.as_str(), 0)).collect(),
            not_given: 0,
            typical_for_type: None,
            order: T::ALL.iter().map(|v| v.as_str()).collect(),
        }
    }

    fn add<T: Vocabulary>(&mut self, values: impl IntoIterator<Item = T>) {
        let mut any = false;
        for v in values {
            *self.values.entry(v.as_str()).or_default() += 1;
            any = true;
        }
        if !any {
            self.not_given += 1;
        }
    }
}

/// How many places give one kind of information.
#[derive(Debug, PartialEq, Serialize)]
struct Completeness {
    /// What is counted: `opening_hours`, `website`, ...
    #[serde(skip)]
    what: &'static str,
    count: usize,
    /// `count / places`, four decimals; `null` without places.
    share: Option<f64>,
}

/// The statistics of one file.
#[derive(Debug, Serialize)]
struct Stats {
    version: u32,
    path: String,
    features: usize,
    places: usize,
    skipped: usize,
    counts: BTreeMap<&'static str, Counts>,
    completeness: BTreeMap<&'static str, Completeness>,
}

/// Whether a place gives one kind of information (the place, and its
/// properties as the model holds them: `LearningSpace::to_properties`).
type Gives = fn(&LearningSpace, &Properties) -> bool;

type Properties = serde_json::Map<String, Value>;

/// The completeness checks, in report order, with what each looks for.
const COMPLETENESS: &[(&str, Gives)] = &[
    ("ages", |s, _| matches!(s.ages, Ages::Stated { .. })),
    ("opening_hours", |s, _| s.opening_hours.is_some()),
    ("website", |_, p| {
        has(p, "website") || has(p, "contact:website")
    }),
    ("phone_or_email", |_, p| {
        ["phone", "email", "contact:phone", "contact:email"]
            .iter()
            .any(|k| has(p, k))
    }),
    ("wheelchair", |s, _| s.wheelchair.is_some()),
    ("fee", |s, _| s.fee.is_some()),
    ("languages", |s, _| s.languages().next().is_some()),
    ("description", |_, p| {
        p.iter()
            .any(|(k, v)| (k == "description" || k.starts_with("description:")) && given(v))
    }),
    ("address", |_, p| {
        p.iter()
            .any(|(k, v)| (k.starts_with("addr:") || k == "address") && given(v))
    }),
    ("last_verified", |_, p| has(p, "last_verified")),
];

/// Whether the property is there and not empty.
fn has(properties: &Properties, key: &str) -> bool {
    properties.get(key).is_some_and(given)
}

/// Not null, not an empty or blank string, not an empty array or object.
fn given(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

fn set<T: Vocabulary>(set: EnumSet<T>) -> Vec<T> {
    set.iter().collect()
}

fn compute(path: String, features: usize, spaces: &[LearningSpace]) -> Stats {
    let mut place_type = Counts::new::<PlaceType>();
    let mut age_groups = Counts::new::<AgeGroup>();
    let mut learning_areas = Counts::new::<LearningArea>();
    let mut audiences = Counts::new::<Audience>();
    let mut delivery = Counts::new::<Delivery>();
    let mut fee = Counts::new::<Fee>();
    let mut wheelchair = Counts::new::<Wheelchair>();
    let mut typical = 0;
    for s in spaces {
        place_type.add(s.place_type);
        // only ages the data states; those typical of the type apart
        match s.ages {
            Ages::Stated { .. } => age_groups.add(set(s.age_groups)),
            Ages::Typical { .. } => typical += 1,
            Ages::NotStated => age_groups.not_given += 1,
        }
        learning_areas.add(set(s.learning_areas));
        audiences.add(set(s.audiences));
        delivery.add(s.delivery);
        fee.add(s.fee);
        wheelchair.add(s.wheelchair);
    }
    age_groups.typical_for_type = Some(typical);
    let counts = [
        place_type,
        age_groups,
        learning_areas,
        audiences,
        delivery,
        fee,
        wheelchair,
    ]
    .into_iter()
    .map(|c| (c.field, c))
    .collect();
    let properties: Vec<Properties> = spaces.iter().map(LearningSpace::to_properties).collect();
    let completeness = COMPLETENESS
        .iter()
        .map(|(what, test)| {
            let n = spaces
                .iter()
                .zip(&properties)
                .filter(|(s, p)| test(s, p))
                .count();
            (
                *what,
                Completeness {
                    what,
                    count: n,
                    share: share(n, spaces.len()),
                },
            )
        })
        .collect();
    Stats {
        version: 1,
        path,
        features,
        places: spaces.len(),
        skipped: features - spaces.len(),
        counts,
        completeness,
    }
}

/// The order of the count tables in text output.
const TABLES: &[&str] = &[
    "place_type",
    "age_groups",
    "learning_areas",
    "audiences",
    "delivery",
    "fee",
    "wheelchair",
];

fn render_text(stats: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}, {} loaded, {} skipped with errors",
        stats.path,
        count(stats.features, "feature", "features"),
        stats.places,
        stats.skipped
    );
    if stats.skipped > 0 {
        let _ = writeln!(
            out,
            "(skipped features are not counted: run `learnmap-data validate {}` to see why)",
            stats.path
        );
    }
    let whole = stats.places;
    for name in TABLES {
        let Some(counts) = stats.counts.get(name) else {
            continue;
        };
        let mut rows: Vec<Vec<String>> = counts
            .order
            .iter()
            .map(|v| {
                let n = counts.values[v];
                vec![(*v).to_owned(), n.to_string(), percent(n, whole)]
            })
            .collect();
        if let Some(n) = counts.typical_for_type {
            rows.push(vec![TYPICAL.to_owned(), n.to_string(), percent(n, whole)]);
        }
        rows.push(vec![
            NOT_GIVEN.to_owned(),
            counts.not_given.to_string(),
            percent(counts.not_given, whole),
        ]);
        out.push('\n');
        out.push_str(&table(
            &[name, "places", "share"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        ));
    }
    let rows: Vec<Vec<String>> = COMPLETENESS
        .iter()
        .map(|(what, _)| {
            let c = &stats.completeness[what];
            vec![
                (*what).to_owned(),
                c.count.to_string(),
                percent(c.count, whole),
            ]
        })
        .collect();
    out.push('\n');
    out.push_str(&table(
        &["completeness", "places", "share"],
        &[Align::Left, Align::Right, Align::Right],
        &rows,
    ));
    out
}

/// Loads the file and writes its statistics on stdout.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let options = LoadOptions {
        max_problems: 0,
        ..LoadOptions::default()
    };
    let dataset = match load_file(&args.file, &options)? {
        Ok(dataset) => dataset,
        Err(error) => {
            eprint!("{}", error.render(&args.file));
            return Ok(ExitCode::from(1));
        }
    };
    let stats = compute(
        args.file.display().to_string(),
        dataset.feature_count,
        &dataset.spaces,
    );
    let text = match args.format {
        Format::Text => render_text(&stats),
        Format::Json => serde_json::to_string_pretty(&stats)? + "\n",
    };
    write_to(None, |out| out.write_all(text.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn given_ignores_blank_values() {
        assert!(!given(&json!(null)));
        assert!(!given(&json!("  ")));
        assert!(!given(&json!([])));
        assert!(given(&json!("x")));
        assert!(given(&json!(0)));
    }

    #[test]
    fn counts_cover_every_value_and_the_missing() {
        let mut c = Counts::new::<Fee>();
        c.add(Some(Fee::Free));
        c.add(Some(Fee::Free));
        c.add(None::<Fee>);
        assert_eq!(c.values["free"], 2);
        assert_eq!(c.values["paid"], 0);
        assert_eq!(c.not_given, 1);
        assert_eq!(c.order, ["free", "paid", "varies"]);
    }
}
