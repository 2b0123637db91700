//! The errors that stop a whole file from loading.

/// Why a whole file could not be loaded. Problems with single features are
/// not errors: they are [`crate::Problem`]s beside the features that loaded.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum Error {
    /// The text is not JSON.
    #[error("{line}:{column}: not valid JSON: {message}")]
    NotJson {
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column (in characters) of the fault.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The JSON is not a GeoJSON FeatureCollection.
    #[error("{line}:{column}: not a GeoJSON FeatureCollection: {message}")]
    NotFeatureCollection {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is larger than the loader accepts.
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The file's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
}

impl Error {
    /// The error of a top level that `serde_json` could not read as an
    /// object: not JSON at all, or JSON that is no FeatureCollection.
    pub(crate) fn of_top_level(e: &serde_json::Error) -> Error {
        // serde_json says column 0 at the start of a line; ours are 1-based
        let (line, column) = (e.line(), e.column().max(1));
        match e.classify() {
            serde_json::error::Category::Data => Error::NotFeatureCollection {
                line,
                column,
                message: "the top level must be a JSON object with \"type\": \"FeatureCollection\""
                    .into(),
            },
            _ => Error::NotJson {
                line,
                column,
                message: e.to_string(),
            },
        }
    }

    /// Where the error is, as 1-based (line, column), when it has a place.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            Error::NotJson { line, column, .. }
            | Error::NotFeatureCollection { line, column, .. } => Some((*line, *column)),
            Error::TooLarge { .. } => None,
        }
    }
}
