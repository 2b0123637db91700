//! The import's report: the problems in the input (by row) and in the
//! output (loaded again like `learnmap-data validate` loads a file), with
//! the words and codes the command-line tool prints. The workbench in the
//! browser shows the same [`ReportProblem`]s.

use crate::{Error, Imported, Result};
use learnmap_core::{Dataset, Problem, Severity};
use std::fmt::Write as _;

/// Codes the core only warns about (the app still shows the places) but
/// that a steward must fix before publishing: a repeated id breaks share
/// links (`sel=`), an age range given backwards breaks the age filter.
pub const STRICT_CODES: &[&str] = &["duplicate-id", "age-range-reversed"];

/// The severity a problem has for stewards (`validate`, `import`, the
/// workbench): the loader's, raised to an error for [`STRICT_CODES`].
pub fn strict_severity(problem: &Problem) -> Severity {
    if STRICT_CODES.contains(&problem.code) {
        Severity::Error
    } else {
        problem.severity
    }
}

/// Where a problem is.
#[derive(Clone, Debug, PartialEq)]
pub enum Where {
    /// In the input, at a 1-based line (a CSV row's line, the line where a
    /// GeoJSON feature or OSM element starts), or in no one line.
    Input {
        /// The line, when the problem has one.
        line: Option<usize>,
        /// The record (from 0, in input order), when it is about one.
        record: Option<usize>,
    },
    /// In the output, at a line and column, in a feature.
    Output {
        /// 1-based line in the output.
        line: usize,
        /// 1-based column in the output.
        column: usize,
        /// The feature's position in the output, from 0.
        feature_index: Option<usize>,
        /// The feature's id.
        feature_id: Option<String>,
        /// The input line the feature came from.
        input_line: Option<usize>,
        /// The input record the feature came from.
        record: Option<usize>,
    },
}

/// One problem of an import, as reported.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportProblem {
    /// Error or warning (for the output: [`strict_severity`]).
    pub severity: Severity,
    /// A stable code such as `no-coordinates`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// Where it is.
    pub at: Where,
}

impl ReportProblem {
    /// The input line the problem is tied to, in the input or through the
    /// output feature it is in.
    pub fn input_line(&self) -> Option<usize> {
        match &self.at {
            Where::Input { line, .. } => *line,
            Where::Output { input_line, .. } => *input_line,
        }
    }

    /// The input record the problem is about, if one.
    pub fn record(&self) -> Option<usize> {
        match &self.at {
            Where::Input { record, .. } | Where::Output { record, .. } => *record,
        }
    }

    /// The report's two lines for this problem, as `learnmap-data import`
    /// prints them.
    pub fn text(&self, input_name: &str, out_name: &str) -> String {
        match &self.at {
            Where::Input { line, .. } => {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                format!(
                    "{input_name}{at}: {}[{}]: {}\n  hint: {}",
                    self.severity, self.code, self.message, self.hint
                )
            }
            Where::Output {
                line,
                column,
                feature_id,
                ..
            } => {
                let id = feature_id
                    .as_deref()
                    .map(|id| format!(" (id \"{id}\")"))
                    .unwrap_or_default();
                let message = if self.message.is_empty() {
                    String::new()
                } else {
                    format!(": {}", self.message)
                };
                format!(
                    "{out_name}:{line}:{column}: {}[{}]{message}{id}\n  hint: {}",
                    self.severity, self.code, self.hint
                )
            }
        }
    }
}

/// The whole report of an import.
#[derive(Clone, Debug)]
pub struct Report {
    /// Problems in the input, then in the output.
    pub problems: Vec<ReportProblem>,
    /// Problems the loader found past its limit and did not list.
    pub omitted: usize,
    /// How many records the input had.
    pub records: usize,
    /// How many features were written.
    pub features: usize,
}

impl Report {
    /// How many problems have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// The records skipped.
    pub fn skipped(&self) -> usize {
        self.records - self.features
    }

    /// The report as `learnmap-data import` prints it on standard error:
    /// at most `max_problems` problems, then a summary line.
    pub fn text(
        &self,
        input_name: &str,
        out_name: &str,
        written: u64,
        max_problems: usize,
    ) -> String {
        let mut out = String::new();
        for p in self.problems.iter().take(max_problems) {
            let _ = writeln!(out, "{}", p.text(input_name, out_name));
        }
        let omitted = self.problems.len().saturating_sub(max_problems) + self.omitted;
        if omitted > 0 {
            let _ = writeln!(
                out,
                "... and {omitted} more problems not shown (--max-problems)"
            );
        }
        let _ = writeln!(
            out,
            "learnmap-data: imported {} of {} records from {} to {} ({}); {} skipped; {} errors, {} warnings",
            self.features,
            self.records,
            input_name,
            out_name,
            human_bytes(written),
            self.skipped(),
            self.count(Severity::Error),
            self.count(Severity::Warning)
        );
        out
    }
}

/// Loads the import's output again (as `validate` would) and gathers the
/// problems of the input and of the output.
pub fn report(imported: &Imported) -> Result<(Report, Dataset)> {
    let dataset = learnmap_core::load(&imported.text).map_err(|e| {
        Error::Input(format!(
            "the output does not load ({e}); this is a bug in the importer"
        ))
    })?;
    let mut problems: Vec<ReportProblem> = imported
        .problems
        .iter()
        .map(|p| ReportProblem {
            severity: p.severity,
            code: p.code,
            message: p.message.clone(),
            hint: p.hint.clone(),
            at: Where::Input {
                line: p.line,
                record: p.record,
            },
        })
        .collect();
    problems.extend(dataset.problems.iter().map(|p| {
        ReportProblem {
            severity: strict_severity(p),
            code: p.code,
            message: p.message.clone(),
            hint: p.hint.clone(),
            at: Where::Output {
                line: p.line,
                column: p.column,
                feature_index: p.feature_index,
                feature_id: p.feature_id.clone(),
                input_line: p
                    .feature_index
                    .and_then(|i| imported.feature_lines.get(i).copied()),
                record: p
                    .feature_index
                    .and_then(|i| imported.feature_records.get(i).copied()),
            },
        }
    }));
    let report = Report {
        problems,
        omitted: dataset.problems_omitted,
        records: imported.records,
        features: imported.features,
    };
    Ok((report, dataset))
}

/// A byte count for people: `612.3 kB`, `48.1 MB`.
pub fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_byte_counts() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(612_345), "612.3 kB");
        assert_eq!(human_bytes(48_100_000), "48.1 MB");
    }
}
