//! The app's state, provided once through context.

use learnmap_core::{Dataset, SpaceIndex};
use leptos::prelude::*;
use std::sync::Arc;

/// Learning spaces that loaded, with their index.
#[derive(Debug)]
pub struct Places {
    /// What the loader gave: places and problems.
    pub dataset: Dataset,
    /// The spatial index over `dataset.spaces`.
    pub index: SpaceIndex,
}

impl Places {
    /// Indexes a loaded dataset.
    pub fn new(dataset: Dataset) -> Self {
        let index = SpaceIndex::new(&dataset.spaces);
        Places { dataset, index }
    }
}

/// Where loading the data stands.
#[derive(Clone, Debug, Default)]
pub enum DataState {
    /// Nothing asked for yet.
    #[default]
    Idle,
    /// A request is under way.
    Loading,
    /// The data loaded (perhaps with skipped features).
    Ready(Arc<Places>),
    /// The data could not be loaded; the message says why.
    Failed(String),
}

/// The state shared by every component.
#[derive(Clone, Copy, Debug)]
pub struct AppState {
    /// The learning spaces and how loading them went.
    pub data: RwSignal<DataState>,
    /// The URL the data comes from.
    pub data_url: RwSignal<String>,
    /// Whether map tiles failed to load (the map stays usable without them).
    pub tiles_failed: RwSignal<bool>,
}

impl AppState {
    /// Fresh state for data at `data_url`.
    pub fn new(data_url: String) -> Self {
        AppState {
            data: RwSignal::new(DataState::Idle),
            data_url: RwSignal::new(data_url),
            tiles_failed: RwSignal::new(false),
        }
    }

    /// Puts the state into context for the components below.
    pub fn provide(self) -> Self {
        provide_context(self);
        self
    }

    /// The state from context.
    ///
    /// # Panics
    /// When no ancestor called [`AppState::provide`].
    pub fn expect() -> Self {
        expect_context::<AppState>()
    }
}
