//! `learnmap-data validate`: check data files and say what is wrong, where.
//!
//! Text output, one problem per diagnostic, in file order:
//!
//! ```text
//! places.geojson:12:7: error[null-geometry]: the place has no geometry, so it cannot be put on the map
//!   = feature 1, id "hh-2", at /features/1/geometry
//!   = help: add a Point geometry with [longitude, latitude] in WGS84
//! places.geojson: 3 features, 2 valid, 1 error, 0 warnings
//! ```
//!
//! `--format json` writes one JSON document (`"version": 1`) with a
//! `files` array (path, features, valid, errors, warnings, ok,
//! problems_omitted, file_error, problems) and a `total`; see the README.
//! Events files (`data/README.md`, "Events and courses") are found by their
//! content (features with a `start` and no `name`), or named with
//! `--kind events`; their problems read the same way, with the events'
//! codes, and `--places FILE` checks their `place` ids (`unknown-place`).
//!
//! Exit status: 0 without errors (warnings allowed), 1 with errors, 2 when a
//! file cannot be read or the command line is wrong. A repeated id and an
//! age range given backwards are errors here (share links and the age
//! filter break on them), although the app keeps showing both places:
//! `valid` counts the places the app shows.

use crate::exit::EXIT_USAGE_OR_IO;
use crate::output::write_to;
use crate::report::{count, load_file, read_text, FileError, Format};
use learnmap_core::events::{load_events, looks_like_events, EventIndex, EventSet};
use learnmap_core::{Dataset, LoadOptions, LonLat, Problem, Severity};
use learnmap_import::strict_severity;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What kind of data a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    /// Events and courses when the features have `start`s and no `name`s, else places.
    Auto,
    /// Learning spaces.
    Places,
    /// Events and courses (`data/README.md`, "Events and courses").
    Events,
}

/// Options of `learnmap-data validate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 without errors (warnings allowed), 1 with errors, \
    2 when a file cannot be read or on a usage error."
)]
pub struct Args {
    /// The GeoJSON files to check.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// List at most this many problems per file; the rest are counted.
    #[arg(long, value_name = "N", default_value_t = LoadOptions::default().max_problems)]
    max_problems: usize,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = LoadOptions::default().max_bytes)]
    max_bytes: usize,
    /// What the files hold: found from their content by default.
    #[arg(long, value_enum, default_value_t = Kind::Auto)]
    kind: Kind,
    /// With events: the places file(s) their `place` ids must be in
    /// (`unknown-place` otherwise).
    #[arg(long, value_name = "FILE")]
    places: Vec<PathBuf>,
}

/// The JSON report's format version; bump it on any incompatible change.
const JSON_VERSION: u32 = 1;

/// The report on one file, as written by `--format json`.
#[derive(Debug, Serialize)]
struct FileReport {
    path: String,
    features: usize,
    valid: usize,
    errors: usize,
    warnings: usize,
    /// No errors (warnings allowed).
    ok: bool,
    problems_omitted: usize,
    file_error: Option<FileError>,
    problems: Vec<ProblemReport>,
}

#[derive(Debug, Serialize)]
struct ProblemReport {
    severity: String,
    code: &'static str,
    message: String,
    line: usize,
    column: usize,
    feature_index: Option<usize>,
    feature_id: Option<String>,
    pointer: String,
    hint: String,
}

impl From<&Problem> for ProblemReport {
    fn from(p: &Problem) -> Self {
        ProblemReport {
            severity: p.severity.to_string(),
            code: p.code,
            message: p.message.clone(),
            line: p.line,
            column: p.column,
            feature_index: p.feature_index,
            feature_id: p.feature_id.clone(),
            pointer: p.pointer.clone(),
            hint: p.hint.clone(),
        }
    }
}

#[derive(Debug, Default, Serialize)]
struct Total {
    files: usize,
    features: usize,
    valid: usize,
    errors: usize,
    warnings: usize,
    ok: bool,
}

#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: &'a [FileReport],
    total: &'a Total,
}

/// Checks every file and writes the report on stdout.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Load without a limit so the counts are exact; list only the first N.
    let options = LoadOptions {
        max_bytes: args.max_bytes,
        max_problems: usize::MAX,
    };
    let mut reports = Vec::with_capacity(args.files.len());
    let mut io_failed = false;
    // the places events may name, when given
    let mut place_ids: Option<HashMap<String, LonLat>> = None;
    for path in &args.places {
        match load_file(path, &options) {
            Ok(Ok(dataset)) => place_ids.get_or_insert_with(HashMap::new).extend(
                dataset
                    .spaces
                    .iter()
                    .map(|s| (s.id().to_owned(), s.position)),
            ),
            Ok(Err(error)) => {
                eprintln!(
                    "learnmap-data: error: the places file {} cannot be read: {}",
                    path.display(),
                    error.message
                );
                return Ok(ExitCode::from(EXIT_USAGE_OR_IO));
            }
            Err(error) => {
                eprintln!("learnmap-data: error: {error:#}");
                return Ok(ExitCode::from(EXIT_USAGE_OR_IO));
            }
        }
    }
    for path in &args.files {
        let report = match read_text(path, options.max_bytes) {
            Ok(Ok(text)) => {
                let events = match args.kind {
                    Kind::Places => false,
                    Kind::Events => true,
                    Kind::Auto => looks_like_events(&text),
                };
                if events {
                    match load_events(&text) {
                        Ok(set) => report_events(path, set, place_ids.as_ref(), args.max_problems),
                        Err(error) => report_file_error(path, FileError::from_core(&error)),
                    }
                } else {
                    match learnmap_core::load_with(&text, &options) {
                        Ok(mut dataset) => {
                            // A repeated id and an age range given backwards are errors
                            // here, although the app still shows those places.
                            for p in &mut dataset.problems {
                                p.severity = strict_severity(p);
                            }
                            report_dataset(path, &dataset, args.max_problems)
                        }
                        Err(error) => report_file_error(path, FileError::from_core(&error)),
                    }
                }
            }
            Ok(Err(error)) => report_file_error(path, error),
            Err(error) => {
                eprintln!("learnmap-data: error: {error:#}");
                io_failed = true;
                report_file_error(path, FileError::io(&error))
            }
        };
        reports.push(report);
    }
    let total = Total {
        files: reports.len(),
        features: reports.iter().map(|r| r.features).sum(),
        valid: reports.iter().map(|r| r.valid).sum(),
        errors: reports.iter().map(|r| r.errors).sum(),
        warnings: reports.iter().map(|r| r.warnings).sum(),
        ok: reports.iter().all(|r| r.ok),
    };
    let text = match args.format {
        Format::Text => render_text(&reports, &total),
        Format::Json => {
            let report = JsonReport {
                version: JSON_VERSION,
                files: &reports,
                total: &total,
            };
            serde_json::to_string_pretty(&report)? + "\n"
        }
    };
    write_to(None, |out| out.write_all(text.as_bytes()))?;
    Ok(if io_failed {
        ExitCode::from(EXIT_USAGE_OR_IO)
    } else if total.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report_dataset(path: &Path, dataset: &Dataset, max_problems: usize) -> FileReport {
    let errors = dataset.count(Severity::Error);
    let warnings = dataset.count(Severity::Warning);
    let listed = dataset.problems.len().min(max_problems);
    FileReport {
        path: path.display().to_string(),
        features: dataset.feature_count,
        valid: dataset.spaces.len(),
        errors,
        warnings,
        ok: errors == 0,
        // With no limit on the loader, it omits nothing; count it anyway.
        problems_omitted: dataset.problems.len() - listed + dataset.problems_omitted,
        file_error: None,
        problems: dataset.problems[..listed]
            .iter()
            .map(ProblemReport::from)
            .collect(),
    }
}

/// The report on an events file, in the places' words and codes; the
/// `place` ids checked against `places` when given.
fn report_events(
    path: &Path,
    mut set: EventSet,
    places: Option<&HashMap<String, LonLat>>,
    max_problems: usize,
) -> FileReport {
    if let Some(places) = places {
        let index = EventIndex::new(&set.events, |id| places.get(id).copied());
        set.problems.extend(index.place_problems(&set.events));
        set.problems
            .sort_by_key(|p| (p.line, p.column, p.feature_index));
    }
    for p in &mut set.problems {
        p.severity = strict_severity(p);
    }
    let errors = set
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = set.problems.len() - errors;
    let listed = set.problems.len().min(max_problems);
    FileReport {
        path: path.display().to_string(),
        features: set.feature_count,
        valid: set.events.len(),
        errors,
        warnings,
        ok: errors == 0,
        problems_omitted: set.problems.len() - listed + set.problems_omitted,
        file_error: None,
        problems: set.problems[..listed]
            .iter()
            .map(ProblemReport::from)
            .collect(),
    }
}

fn report_file_error(path: &Path, error: FileError) -> FileReport {
    FileReport {
        path: path.display().to_string(),
        features: 0,
        valid: 0,
        errors: 1,
        warnings: 0,
        ok: false,
        problems_omitted: 0,
        file_error: Some(error),
        problems: Vec::new(),
    }
}

fn render_text(reports: &[FileReport], total: &Total) -> String {
    let mut out = String::new();
    for report in reports {
        let path = Path::new(&report.path);
        match &report.file_error {
            // Already on stderr.
            Some(error) if error.code == "io-error" => continue,
            Some(error) => out.push_str(&error.render(path)),
            None => {}
        }
        for problem in &report.problems {
            render_problem(&mut out, &report.path, problem);
        }
        if report.problems_omitted > 0 {
            let _ = writeln!(
                out,
                "{}: {} not listed; raise --max-problems to see them",
                report.path,
                count(report.problems_omitted, "more problem", "more problems")
            );
        }
        let _ = writeln!(out, "{}: {}", report.path, summary(report));
    }
    if reports.len() > 1 {
        let _ = writeln!(
            out,
            "total: {}, {}, {} valid, {}, {}",
            count(total.files, "file", "files"),
            count(total.features, "feature", "features"),
            total.valid,
            count(total.errors, "error", "errors"),
            count(total.warnings, "warning", "warnings"),
        );
    }
    out
}

fn summary(report: &FileReport) -> String {
    format!(
        "{}, {} valid, {}, {}",
        count(report.features, "feature", "features"),
        report.valid,
        count(report.errors, "error", "errors"),
        count(report.warnings, "warning", "warnings"),
    )
}

/// `FILE:LINE:COL: severity[code]: message`, then `= feature ...` and
/// `= help: ...` lines.
fn render_problem(out: &mut String, path: &str, p: &ProblemReport) {
    let _ = writeln!(
        out,
        "{path}:{}:{}: {}[{}]: {}",
        p.line, p.column, p.severity, p.code, p.message
    );
    let place = match (p.feature_index, &p.feature_id) {
        (Some(i), Some(id)) => Some(format!("feature {i}, id {}", quoted(id))),
        (Some(i), None) => Some(format!("feature {i} (no id)")),
        (None, _) => None,
    };
    match (place, p.pointer.is_empty()) {
        (Some(place), false) => {
            let _ = writeln!(out, "  = {place}, at {}", p.pointer);
        }
        (Some(place), true) => {
            let _ = writeln!(out, "  = {place}");
        }
        (None, false) => {
            let _ = writeln!(out, "  = at {}", p.pointer);
        }
        (None, true) => {}
    }
    if !p.hint.is_empty() {
        let _ = writeln!(out, "  = help: {}", p.hint);
    }
}

/// A string in double quotes, JSON-escaped so control characters in ids
/// cannot break the one-line format.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> ProblemReport {
        ProblemReport {
            severity: "error".into(),
            code: "null-geometry",
            message: "the place has no geometry".into(),
            line: 4,
            column: 5,
            feature_index: Some(1),
            feature_id: Some("hh-2".into()),
            pointer: "/features/1/geometry".into(),
            hint: "add a Point".into(),
        }
    }

    #[test]
    fn problems_render_like_rustc() {
        let mut out = String::new();
        render_problem(&mut out, "a.geojson", &problem());
        assert_eq!(
            out,
            "a.geojson:4:5: error[null-geometry]: the place has no geometry\n  \
             = feature 1, id \"hh-2\", at /features/1/geometry\n  \
             = help: add a Point\n"
        );
    }

    #[test]
    fn problems_outside_features_and_without_ids() {
        let mut out = String::new();
        let p = ProblemReport {
            feature_index: None,
            feature_id: None,
            pointer: "/crs".into(),
            hint: String::new(),
            ..problem()
        };
        render_problem(&mut out, "a.geojson", &p);
        assert_eq!(
            out,
            "a.geojson:4:5: error[null-geometry]: the place has no geometry\n  = at /crs\n"
        );
        let mut out = String::new();
        let p = ProblemReport {
            feature_id: None,
            ..problem()
        };
        render_problem(&mut out, "a.geojson", &p);
        assert!(out.contains("  = feature 1 (no id), at"), "{out}");
    }

    #[test]
    fn ids_with_control_characters_stay_on_one_line() {
        assert_eq!(quoted("a\nb\"c"), "\"a\\nb\\\"c\"");
    }
}
