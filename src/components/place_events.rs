//! A place's upcoming events, in its details: the next few, soonest first,
//! each opening the event's details.

use crate::components::event_detail::session_text;
use crate::i18n::{t, Msg};
use crate::state::AppState;
use crate::whats_on::{EventsState, WhatsOn};
use chrono::Duration;
use learnmap_core::events::events_at;
use leptos::prelude::*;

/// How many of a place's events its details list.
const AT_MOST: usize = 5;

/// How far ahead a place's details look for its events.
const AHEAD_DAYS: i64 = 365;

/// The events at the place `id` with a session (not called off) in the
/// coming year; nothing when it has none or the events are not loaded.
#[component]
pub fn PlaceEvents(id: String) -> impl IntoView {
    let state = AppState::expect();
    let whats_on = WhatsOn::expect();
    let lang = state.lang;
    let rows = Memo::new(move |_| {
        let EventsState::Ready(events) = whats_on.state.get() else {
            return Vec::new();
        };
        let now = whats_on.now.get();
        let lang = lang.get();
        events_at(
            &events.events,
            &id,
            now,
            now + Duration::days(AHEAD_DAYS),
            AT_MOST,
        )
        .into_iter()
        .map(|hit| {
            let e = &events.events[hit.index];
            (
                e.id.clone(),
                e.title_in(lang.code()).to_owned(),
                session_text(lang, e, hit.starts),
                hit.starts.format("%Y-%m-%dT%H:%M").to_string(),
            )
        })
        .collect::<Vec<_>>()
    });
    move || {
        let rows = rows.get();
        (!rows.is_empty()).then(|| {
            let items = rows
                .into_iter()
                .map(|(id, title, when, starts)| {
                    let open = id.clone();
                    let datetime = starts.clone();
                    view! {
                        <li class="lm-place-event" data-event-id=id data-starts=starts>
                            <button
                                type="button"
                                class="lm-link-button"
                                on:click=move |_| state.select_event(open.clone())
                            >
                                <span class="lm-event-title" dir="auto">{title}</span>
                            </button>
                            " "
                            <time datetime=datetime>{when}</time>
                        </li>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <h3 id="lm-place-events" class="lm-place-events-title">{t(lang.get_untracked(), Msg::PlaceEvents)}</h3>
                <ul class="lm-place-events" aria-labelledby="lm-place-events">{items}</ul>
            }
        })
    }
}
