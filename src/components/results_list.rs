//! The results: nearest first, with distance and opening state.
//!
//! The list is keyed: a row is kept between changes as long as everything it
//! shows is the same, so a filter change only builds the rows that are new.
//! The selection is not part of a row's key: each row follows it through its
//! own memo, so selecting a place or moving the map rebuilds no row.

use crate::components::show_more::ShowMore;
use crate::i18n::{distance, open_state, place_type_label, t, unstated_ages, Msg};
use crate::state::AppState;
use leptos::prelude::*;

/// What one row shows; also its key, so that a row whose text changes
/// (another language, another distance, the opening state moving on) is
/// built anew while every other row is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    /// `data-distance-m`: the distance in metres with one decimal.
    distance_m: String,
    name: String,
    /// The distance as shown, in the interface language.
    distance: String,
    kind: Option<&'static str>,
    hours: Option<String>,
    open_class: &'static str,
}

/// The list of matching places, nearest first. Each item carries
/// `data-space-id` and `data-distance-m`, in rank order.
#[component]
pub fn ResultsList() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    // only the selection: the view also changes whenever the map moves
    let sel = Memo::new(move |_| state.view.read().sel.clone());
    let rows = Memo::new(move |_| {
        let Some(places) = state.data.read().places() else {
            return Vec::new();
        };
        let now = state.now.get();
        let lang = ui.get();
        state
            .results
            .read()
            .iter()
            .map(|hit| {
                let space = &places.dataset.spaces[hit.index];
                let open = space.opening_hours.as_ref().map(|h| h.is_open(now));
                Row {
                    id: space.id().to_owned(),
                    distance_m: learnmap_core::number::fixed(hit.distance_m, 1),
                    name: space.name_in(lang.code()).to_owned(),
                    distance: distance(lang, hit.distance_m),
                    kind: space.place_type.map(|p| place_type_label(lang, p)),
                    hours: space
                        .opening_hours
                        .as_ref()
                        .map(|h| open_state(lang, h.state_at(now), now)),
                    open_class: match open {
                        Some(true) => "lm-open",
                        Some(false) => "lm-closed",
                        None => "",
                    },
                }
            })
            .collect::<Vec<_>>()
    });
    let row = move |row: Row| {
        let Row {
            id,
            distance_m,
            name,
            distance,
            kind,
            hours,
            open_class,
        } = row;
        let selected = {
            let id = id.clone();
            Memo::new(move |_| sel.read().as_deref() == Some(id.as_str()))
        };
        let select_id = id.clone();
        view! {
            <li
                class="lm-result"
                class:lm-selected=move || selected.get()
                data-space-id=id
                data-distance-m=distance_m
            >
                <button
                    type="button"
                    class="lm-result-button"
                    aria-current=move || selected.get().then_some("true")
                    on:click=move |_| state.select(Some(select_id.clone()))
                >
                    // the data's name, laid out in its own direction
                    <span class="lm-result-name" dir="auto">{name}</span>
                    <span class="lm-result-meta">
                        <bdi class="lm-distance">{distance}</bdi>
                        {kind.map(|k| view! { <span class="lm-kind">" · " {k}</span> })}
                    </span>
                    {hours.map(|h| view! { <span class=format!("lm-hours {open_class}")>{h}</span> })}
                </button>
            </li>
        }
    };
    let empty = move || state.data.read().places().is_some() && state.results.read().is_empty();
    let more = move || state.results.read().len() >= state.limit.get();
    // With an age filter, the places that do not say which ages they serve
    // are kept apart (never shown as suitable for every age): counted here,
    // shown on request (`unstated=1`).
    let unstated = move || {
        let n = state.facets.read().unstated_ages;
        (state.filter.read().ages.is_some() && n > 0).then_some(n)
    };
    let shown = move || state.view.read().unstated;
    view! {
        <section class="lm-results" aria-labelledby="lm-results-title">
            <h2 id="lm-results-title" class="lm-visually-hidden">{move || t(ui.get(), Msg::Results)}</h2>
            <Show when=empty>
                <p class="lm-empty">{move || t(ui.get(), Msg::NoResults)}</p>
            </Show>
            <ol class="lm-result-list">
                <For each=move || rows.get() key=|row| row.clone() children=row />
            </ol>
            <ShowMore more=more/>
            {move || unstated().map(|n| view! {
                <p class="lm-unstated">
                    {unstated_ages(ui.get(), n)} " "
                    <button
                        type="button"
                        class="lm-link-button"
                        aria-pressed=move || if shown() { "true" } else { "false" }
                        on:click=move |_| state.update_view(|v| v.unstated = !v.unstated)
                    >
                        {move || t(ui.get(), if shown() { Msg::HideThem } else { Msg::ShowThem })}
                    </button>
                </p>
            })}
        </section>
    }
}
