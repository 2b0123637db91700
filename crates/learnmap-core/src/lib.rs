//! # learnmap-core
//!
//! The pure core of learnmap, a map of learning provision: the learning-space
//! model, GeoJSON loading with located problems, and the spatial index. It
//! knows nothing of browsers or files, so the app, the stewards' tool and the
//! benchmarks all share it.
//!
//! ```
//! let text = r#"{"type": "FeatureCollection", "features": [
//!   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.99, 53.55]},
//!    "properties": {"id": "hh-1", "name": "Bücherhalle Zentralbibliothek",
//!                   "place_type": "library", "age_groups": ["children", "seniors"]}}
//! ]}"#;
//! let data = learnmap_core::load(text).unwrap();
//! assert_eq!(data.spaces[0].name(), "Bücherhalle Zentralbibliothek");
//! assert_eq!(data.spaces[0].ages.range(), Some((6, 120)));
//! assert!(data.problems.is_empty());
//! ```
//!
//! ## Features
//!
//! - `messages` (default): the sentences of each [`Problem`]'s `message`
//!   and `hint`, for data stewards. The app builds the core without it: it
//!   only counts the features it skips, so the words stay out of the
//!   residents' download (problems keep their code, severity and place in
//!   the file; an [`Error`] that stops a load keeps its message).
//! - `extras` (default): properties outside the schema are kept with each
//!   place as their JSON text ([`LearningSpace::extras`]), for the stewards'
//!   tool to compare and round-trip. The app leaves them out.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bbox;
pub mod cluster;
pub mod config;
pub mod coverage;
pub mod districts;
mod error;
pub mod events;
mod facets;
mod filter;
pub mod geo;
mod geometry;
mod head;
mod hours;
pub mod ics;
mod index;
mod links;
mod load;
mod model;
pub mod number;
pub mod params;
mod problem;
mod raw;
pub mod recur;
mod scan;
pub mod sort;
mod start;
pub mod suggest;
pub mod text;
mod vocab;

pub use bbox::BBox;
pub use cluster::Cluster;
pub use error::Error;
pub use facets::Facets;
pub use filter::{offers_language, open_places, Filter};
pub use head::stated_extent;
pub use hours::{OpenState, OpeningHours};
pub use index::{Hit, SpaceIndex};
pub use links::{booking_href, directions_url, link_href};
pub use load::{load, load_with, Dataset, LoadOptions, Loading, Scanned, SCHEMA_PROPERTIES};
pub use model::{
    age_range_of, typical_ages, Ages, Extra, LearningSpace, LonLat, PlaceIds, Text, Texts,
};
pub use problem::{problem_code, Problem, ProblemCode, ProblemKind, Severity, PROBLEM_CODES};
pub use start::{starting_points, StartingPoint, StartingPoints};
pub use vocab::{
    AgeGroup, Audience, Delivery, EnumSet, Fee, LearningArea, PlaceType, Status, Vocabulary,
    Wheelchair, MAX_AGE,
};
