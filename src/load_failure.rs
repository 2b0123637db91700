//! Why data could not be loaded: what the state keeps and the interface
//! says, apart from where the data comes from (`data_source`), so the state
//! does not depend on the fetching.

/// Why data could not be loaded; the interface says it in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadFailure {
    /// `data=` names an origin that is neither the page's nor an allowed one:
    /// nothing was requested.
    Refused {
        /// The address as given.
        address: String,
    },
    /// The request failed (offline, blocked, refused by the server's CORS).
    Network {
        /// The source's label.
        source: String,
    },
    /// The server answered with an error status.
    Status {
        /// The source's label.
        source: String,
        /// The HTTP status, e.g. 404.
        status: u16,
    },
    /// The file arrived but is not usable GeoJSON; `detail` is the
    /// loader's located message, for the data steward.
    Unusable {
        /// The source's label.
        source: String,
        /// What the loader said.
        detail: String,
    },
}

/// For the console (the interface says it through `i18n`).
impl std::fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadFailure::Refused { address } => {
                write!(f, "data={address} was refused: its origin is not allowed")
            }
            LoadFailure::Network { source } => write!(f, "{source}: the request failed"),
            LoadFailure::Status { source, status } => {
                write!(f, "{source}: the server answered {status}")
            }
            LoadFailure::Unusable { source, detail } => write!(f, "{source}: {detail}"),
        }
    }
}
