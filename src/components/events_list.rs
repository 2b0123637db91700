//! "What's on": when-chips and the events with a session in those days,
//! nearest first, each with its next session, its place and its distance.

use crate::components::show_more::ShowMore;
use crate::components::status_bar::load_failure;
use crate::i18n::{distance, hh_mm, t, weekday, Msg};
use crate::state::AppState;
use crate::url_state::When;
use crate::whats_on::{EventsState, Indexed, WhatsOn};
use chrono::Datelike;
use learnmap_core::events::EventStatus;
use leptos::prelude::*;

/// One row: also its key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    /// `data-starts`: the session shown, local `YYYY-MM-DDTHH:MM`.
    starts: String,
    /// `data-distance-m`, one decimal; empty without a position.
    distance_m: String,
    title: String,
    when: String,
    place: Option<String>,
    distance: Option<String>,
    full: bool,
}

/// The when-chips and the list of events.
#[component]
pub fn EventsList() -> impl IntoView {
    let state = AppState::expect();
    let whats_on = WhatsOn::expect();
    let ui = state.lang;
    let when = Memo::new(move |_| state.view.read().when.unwrap_or(When::Week));
    let chip = move |w: When, msg: Msg| {
        view! {
            <button
                type="button"
                class="lm-chip lm-when-chip"
                data-when=w.to_param()
                aria-pressed=move || if when.get() == w { "true" } else { "false" }
                on:click=move |_| state.update_view(|v| v.when = Some(w))
            >
                {move || t(ui.get(), msg)}
            </button>
        }
    };
    let rows = Memo::new(move |_| {
        let Some(Indexed(events, _)) = whats_on.indexed.get() else {
            return Vec::new();
        };
        let places = state.data.read().places();
        let lang = ui.get();
        whats_on
            .results
            .read()
            .iter()
            .map(|hit| {
                let e = &events.events[hit.index];
                let end = hit.starts + e.duration;
                let time = if e.all_day {
                    String::new()
                } else if e.duration.is_zero() {
                    format!(" {}", hh_mm(hit.starts.time()))
                } else {
                    format!(" {}–{}", hh_mm(hit.starts.time()), hh_mm(end.time()))
                };
                let place = e
                    .place
                    .as_deref()
                    .and_then(|id| {
                        places.as_ref().and_then(|p| {
                            p.find(id)
                                .map(|i| p.dataset.spaces[i].name_in(lang.code()).to_owned())
                        })
                    })
                    .or_else(|| e.location.clone());
                Row {
                    id: e.id.clone(),
                    starts: hit.starts.format("%Y-%m-%dT%H:%M").to_string(),
                    distance_m: hit
                        .distance_m
                        .map(|m| learnmap_core::number::fixed(m, 1))
                        .unwrap_or_default(),
                    title: e.title_in(lang.code()).to_owned(),
                    when: format!(
                        "{} {}{time}",
                        weekday(lang, hit.starts.weekday()),
                        hit.starts.format("%Y-%m-%d")
                    ),
                    place,
                    distance: hit.distance_m.map(|m| distance(lang, m)),
                    full: e.status == EventStatus::Full,
                }
            })
            .collect::<Vec<_>>()
    });
    let row = move |row: Row| {
        let Row {
            id,
            starts,
            distance_m,
            title,
            when,
            place,
            distance,
            full,
        } = row;
        let datetime = starts.clone();
        let open = id.clone();
        view! {
            <li class="lm-event" data-event-id=id data-starts=starts data-distance-m=distance_m>
                <button type="button" class="lm-event-button" on:click=move |_| state.select_event(open.clone())>
                    <span class="lm-event-title" dir="auto">{title}</span>
                    <time class="lm-event-when" datetime=datetime>{when}</time>
                    <span class="lm-event-meta">
                        {distance.map(|d| view! { <bdi class="lm-distance">{d}</bdi> })}
                        {place.map(|p| view! { <span class="lm-event-place" dir="auto">" · " {p}</span> })}
                    </span>
                    {full.then(|| view! { <span class="lm-event-full">{move || t(ui.get(), Msg::EventFull)}</span> })}
                </button>
            </li>
        }
    };
    let status = move || match whats_on.state.get() {
        EventsState::Idle | EventsState::Loading => {
            Some(t(ui.get(), Msg::EventsLoading).to_owned())
        }
        EventsState::Failed(why) => Some(format!(
            "{}: {}",
            t(ui.get(), Msg::EventsFailed),
            load_failure(ui.get(), &why)
        )),
        EventsState::Ready(_) if whats_on.results.read().is_empty() => {
            Some(t(ui.get(), Msg::NoEvents).to_owned())
        }
        EventsState::Ready(_) => None,
    };
    let more = move || whats_on.results.read().len() >= state.limit.get();
    view! {
        <section class="lm-events" aria-labelledby="lm-events-title">
            <h2 id="lm-events-title" class="lm-visually-hidden">{move || t(ui.get(), Msg::WhatsOn)}</h2>
            <div class="lm-when" role="group" aria-label=move || t(ui.get(), Msg::WhenLabel)>
                {chip(When::Today, Msg::WhenToday)}
                {chip(When::Weekend, Msg::WhenWeekend)}
                {chip(When::Week, Msg::WhenWeek)}
            </div>
            {move || status().map(|s| view! { <p class="lm-empty" role="status">{s}</p> })}
            <ol class="lm-event-list">
                <For each=move || rows.get() key=|row| row.clone() children=row />
            </ol>
            <ShowMore more=more/>
        </section>
    }
}
