//! Places or "What's on" (`show=`): two buttons above the filters.

use crate::i18n::{t, Msg};
use crate::state::AppState;
use crate::url_state::Show;
use leptos::prelude::*;

/// The choice between the places and the events.
#[component]
pub fn ShowTabs() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let show = Memo::new(move |_| state.view.read().show);
    let tab = move |which: Show, msg: Msg, name: &'static str| {
        view! {
            <button
                type="button"
                class="lm-show-tab"
                data-show=name
                aria-pressed=move || if show.get() == which { "true" } else { "false" }
                on:click=move |_| state.update_view(|v| v.show = which)
            >
                {move || t(ui.get(), msg)}
            </button>
        }
    };
    view! {
        <div class="lm-show-tabs" role="group">
            {tab(Show::Places, Msg::PlacesTab, "places")}
            {tab(Show::Events, Msg::WhatsOn, "events")}
        </div>
    }
}
