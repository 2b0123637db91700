//! `learnmap-data import`: CSV, GeoJSON or OpenStreetMap JSON to canonical
//! learning-space GeoJSON, driven by a TOML mapping file
//! (`data/mappings/README.md` documents the format). The work is done in
//! memory by the `learnmap-import` library, which the workbench in the
//! browser uses too; this module reads and writes the files.

use crate::output::write_to;
use anyhow::Context;
use learnmap_import::mapping::{Format, Mapping};
use learnmap_import::{format_from_extension, import, report, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

/// The input formats, as `--format` names them.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FormatArg {
    /// Comma-, semicolon- or tab-separated values with a header row.
    Csv,
    /// Any GeoJSON FeatureCollection (or single Feature).
    Geojson,
    /// OpenStreetMap data: Overpass JSON, or a GeoJSON export of it.
    Osm,
    /// iCalendar (.ics): events and courses, imported without a mapping (`crate::ical`).
    Ics,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Geojson => Format::Geojson,
            FormatArg::Osm => Format::Osm,
            FormatArg::Ics => unreachable!("iCalendar files are imported by crate::ical"),
        }
    }
}

/// Options of `learnmap-data import`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    learnmap-data import --mapping data/mappings/nyc-libraries.toml \\\n    \
    ../shared/data/real/nyc-cultural-institutions/map-libraries.geojson --out target/nyc-libraries.geojson\n  \
    learnmap-data import --mapping data/mappings/osm-overpass.toml overpass.json --out places.geojson\n\n\
    The report lists problems in the input (INPUT:ROW) and in the output (OUT:LINE:COLUMN).\n\
    Exit status: 0 when nothing was skipped and the output has no errors, 1 otherwise, 2 on a usage or I/O error.")]
pub struct Args {
    /// The mapping file (TOML), e.g. data/mappings/nyc-libraries.toml
    /// (optional for iCalendar .ics files: see data/mappings/README.md).
    #[arg(long, value_name = "PATH")]
    mapping: Option<PathBuf>,
    /// The input's format (default: the mapping's [input] format, else the file extension).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// The file to import.
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// Where to write the GeoJSON (default: standard output).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Show at most this many problems (the rest are counted).
    #[arg(long, value_name = "N", default_value_t = 50)]
    max_problems: usize,
}

fn format_of(args: &Args, mapping: &Mapping) -> anyhow::Result<Format> {
    if let Some(f) = args.format.map(Format::from).or(mapping.input.format) {
        return Ok(f);
    }
    let name = args.input.file_name().unwrap_or_default().to_string_lossy();
    format_from_extension(&name).with_context(|| {
        format!(
            "cannot tell the format of {} from its extension; give --format csv|geojson|osm or format = \"...\" in the mapping's [input]",
            args.input.display()
        )
    })
}

/// Runs the import and prints the report.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if matches!(args.format, Some(FormatArg::Ics)) || crate::ical::is_ical_path(&args.input) {
        return crate::ical::run(
            &args.input,
            args.mapping.as_deref(),
            args.out.as_deref(),
            args.max_problems,
        );
    }
    let Some(mapping_path) = &args.mapping else {
        anyhow::bail!("importing {} needs --mapping FILE (see data/mappings/README.md); only iCalendar (.ics) files import without one", args.input.display());
    };
    let mapping_text = std::fs::read_to_string(mapping_path)
        .with_context(|| format!("cannot read the mapping {}", mapping_path.display()))?;
    let mapping = Mapping::parse(&mapping_text)
        .with_context(|| format!("the mapping {} is not usable", mapping_path.display()))?;
    let format = format_of(args, &mapping)?;
    let bytes = std::fs::read(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let imported = import(&bytes, format, &mapping)
        .with_context(|| format!("cannot import {}", args.input.display()))?;
    let written = write_to(args.out.as_deref(), |out| {
        out.write_all(imported.text.as_bytes())
    })?;
    let out_name = args
        .out
        .as_deref()
        .map_or_else(|| "<stdout>".to_owned(), |p| p.display().to_string());
    let (report, _) = report(&imported)?;
    let input_name = args.input.display().to_string();
    eprint!(
        "{}",
        report.text(&input_name, &out_name, written, args.max_problems)
    );
    Ok(if report.count(Severity::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
