//! "Show more" under a list (the places, or What's on): the next page.

use crate::i18n::{t, Msg};
use crate::state::{AppState, PAGE};
use leptos::prelude::*;

/// Shown while `more` (the list holds as many rows as the limit allows);
/// a press raises the limit by a page.
#[component]
pub fn ShowMore(more: impl Fn() -> bool + Send + Sync + 'static) -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    view! {
        <Show when=more>
            <button type="button" class="lm-more" on:click=move |_| state.limit.update(|l| *l += PAGE)>
                {move || t(ui.get(), Msg::ShowMore)}
            </button>
        </Show>
    }
}
