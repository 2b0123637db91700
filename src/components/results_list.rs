//! The results: nearest first, with distance and opening state.

use crate::clock::local_now;
use crate::i18n::{distance, open_state, place_type_label, t, Msg};
use crate::state::{AppState, PAGE};
use leptos::prelude::*;

/// The list of matching places, nearest first. Each item carries
/// `data-space-id` and `data-distance-m`, in rank order.
#[component]
pub fn ResultsList() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let rows = move || {
        let places = state.data.read().places()?;
        let now = local_now();
        let lang = ui.get();
        let selected = state.view.read().sel.clone();
        let items = state
            .results
            .get()
            .into_iter()
            .map(|hit| {
                let space = &places.dataset.spaces[hit.index];
                let id = space.id.clone();
                let is_selected = selected.as_deref() == Some(id.as_str());
                let kind = space.place_type.map(|p| place_type_label(lang, p));
                let hours = space
                    .opening_hours
                    .as_ref()
                    .map(|h| open_state(lang, h.state_at(now), now));
                let open_class = match space.opening_hours.as_ref().map(|h| h.is_open(now)) {
                    Some(true) => "lm-open",
                    Some(false) => "lm-closed",
                    None => "",
                };
                let name = space.name_in(lang.code()).to_owned();
                let select_id = id.clone();
                view! {
                    <li
                        class="lm-result"
                        class:lm-selected=is_selected
                        data-space-id=id.clone()
                        data-distance-m=format!("{:.1}", hit.distance_m)
                    >
                        <button
                            type="button"
                            class="lm-result-button"
                            aria-current=is_selected.then_some("true")
                            on:click=move |_| state.select(Some(select_id.clone()))
                        >
                            <span class="lm-result-name">{name}</span>
                            <span class="lm-result-meta">
                                <bdi class="lm-distance">{distance(lang, hit.distance_m)}</bdi>
                                {kind.map(|k| view! { <span class="lm-kind">" · " {k}</span> })}
                            </span>
                            {hours.map(|h| view! { <span class=format!("lm-hours {open_class}")>{h}</span> })}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(items)
    };
    let empty = move || state.data.read().places().is_some() && state.results.read().is_empty();
    let more = move || state.results.read().len() >= state.limit.get();
    view! {
        <section class="lm-results" aria-labelledby="lm-results-title">
            <h2 id="lm-results-title" class="lm-visually-hidden">{move || t(ui.get(), Msg::Results)}</h2>
            <Show when=empty>
                <p class="lm-empty">{move || t(ui.get(), Msg::NoResults)}</p>
            </Show>
            <ol class="lm-result-list">{rows}</ol>
            <Show when=more>
                <button type="button" class="lm-more" on:click=move |_| state.limit.update(|l| *l += PAGE)>
                    {move || t(ui.get(), Msg::ShowMore)}
                </button>
            </Show>
        </section>
    }
}
