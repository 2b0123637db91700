//! The whole app: state, data loading, the map and the status bar.

use crate::components::{map_view::MapView, status_bar::StatusBar};
use crate::data_source::{data_url_for, load_into};
use crate::state::{AppState, DataState};
use leptos::prelude::*;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let href = window().location().href().unwrap_or_default();
    let state = match data_url_for(&href) {
        Ok(url) => {
            let state = AppState::new(url).provide();
            load_into(state);
            state
        }
        Err(message) => {
            let state = AppState::new(String::new()).provide();
            state.data.set(DataState::Failed(message));
            state
        }
    };
    let _ = state;
    view! {
        <header class="lm-header">
            <h1 class="lm-title">"learnmap"</h1>
            <StatusBar/>
        </header>
        <main class="lm-main">
            <MapView/>
        </main>
    }
}
