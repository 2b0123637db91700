//! "Clear all": the one control that clears every filter.

use crate::i18n::{t, Msg};
use crate::state::AppState;
use leptos::prelude::*;

/// Clears every filter and keeps the place. It sits in the sheet's bar, so
/// it is at hand whatever part of the list or filters is in view, and it
/// takes no line of the half-open sheet, where the first results must show
/// (bug: on a 390×844 phone the filters filled the half-open sheet and no
/// result could be seen without scrolling).
#[component]
pub fn ClearFilters() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let has_filters = Memo::new(move |_| state.view.read().has_filters());
    // Always there, and only marked unavailable while no filter is on:
    // removing it took the keyboard focus away with it (bug: after
    // "clear all", focus fell back to the page), and made the filters
    // jump each time it came and went.
    view! {
        <button
            type="button"
            class="lm-clear"
            aria-disabled=move || (!has_filters.get()).then_some("true")
            on:click=move |_| {
                if has_filters.get_untracked() {
                    state.update_view(|v| *v = v.without_filters());
                }
            }
        >
            {move || t(ui.get(), Msg::ClearAll)}
        </button>
    }
}
