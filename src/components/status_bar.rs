//! The status line: how many places, what was skipped, what failed.

use crate::data_source::load_into;
use crate::state::{AppState, DataState};
use leptos::prelude::*;

/// Says how many learning spaces are shown, and any trouble with the data
/// or the map background. A failed load offers a retry.
#[component]
pub fn StatusBar() -> impl IntoView {
    let state = AppState::expect();
    let data_view = move || {
        match state.data.get() {
        DataState::Idle | DataState::Loading => view! {
            <p class="lm-status" role="status" aria-live="polite" aria-busy="true">"Loading learning spaces…"</p>
        }
        .into_any(),
        DataState::Ready(places) => {
            let shown = places.dataset.spaces.len();
            let skipped = places.dataset.skipped();
            let name = places.dataset.name.clone();
            view! {
                <p class="lm-status" role="status" aria-live="polite">
                    <span class="lm-count" data-count=shown>{count_text(shown)}</span>
                    {name.map(|n| view! { <span class="lm-dataset-name">" · " {n}</span> })}
                </p>
                {(skipped > 0).then(|| view! {
                    <p class="lm-notice lm-skipped">{skipped_text(skipped)}</p>
                })}
            }
            .into_any()
        }
        DataState::Failed(message) => {
            let can_retry = !state.data_url.get().is_empty();
            view! {
                <div class="lm-error" role="alert">
                    <p>{message}</p>
                    {can_retry.then(|| view! {
                        <button type="button" class="lm-retry" on:click=move |_| load_into(state)>"Try again"</button>
                    })}
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="lm-status-bar">
            {data_view}
            <Show when=move || state.tiles_failed.get()>
                <p class="lm-notice lm-tiles-failed">"The map background could not load; the places are still shown."</p>
            </Show>
        </div>
    }
}

/// "1 learning space", "300 learning spaces".
pub fn count_text(n: usize) -> String {
    match n {
        1 => "1 learning space".to_owned(),
        n => format!("{n} learning spaces"),
    }
}

/// The notice for features skipped because of errors in the data.
pub fn skipped_text(n: usize) -> String {
    match n {
        1 => "1 entry in the data has errors and is not shown.".to_owned(),
        n => format!("{n} entries in the data have errors and are not shown."),
    }
}
