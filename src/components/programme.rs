//! The festival's printable programme: hidden on screen, the whole page in
//! print (`public/style.css`, `@media print`): by day, then place, then time.

use crate::i18n::{hh_mm, short_date, t, Msg};
use crate::state::AppState;
use crate::whats_on::{EventsState, WhatsOn};
use chrono::Datelike;
use learnmap_core::events::{programme, EventStatus};
use leptos::prelude::*;

/// The programme of the festival on today, once the events are in.
#[component]
pub fn Programme() -> impl IntoView {
    let state = AppState::expect();
    let whats_on = WhatsOn::expect();
    move || {
        let festival = state.festival_today()?;
        let EventsState::Ready(events) = whats_on.state.get() else {
            return None;
        };
        let lang = state.lang.get();
        let places = state.data.read().places();
        let place_name = |e: &learnmap_core::events::Event| {
            e.place
                .as_deref()
                .and_then(|id| {
                    let p = places.as_ref()?;
                    Some(
                        p.dataset.spaces[p.find(id)?]
                            .name_in(lang.code())
                            .to_owned(),
                    )
                })
                .or_else(|| e.location.clone())
                .unwrap_or_else(|| t(lang, Msg::NotStated).to_owned())
        };
        let days = programme(
            &events.events,
            festival.tag.as_deref(),
            festival.from,
            festival.to,
            place_name,
        );
        let day_text = |d: chrono::NaiveDate| format!("{} {}", short_date(lang, d), d.year());
        let dates = format!("{} – {}", day_text(festival.from), day_text(festival.to));
        let days = days
            .into_iter()
            .map(|day| {
                let places = day
                    .places
                    .into_iter()
                    .map(|place| {
                        let sessions = place
                            .sessions
                            .into_iter()
                            .map(|(starts, i)| {
                                let e = &events.events[i];
                                let time = if e.all_day {
                                    String::new()
                                } else if e.duration.is_zero() {
                                    hh_mm(starts.time())
                                } else {
                                    format!("{}–{}", hh_mm(starts.time()), hh_mm((starts + e.duration).time()))
                                };
                                let full = (e.status == EventStatus::Full).then(|| t(lang, Msg::EventFull));
                                view! {
                                    <li data-event-id=e.id.clone() data-starts=starts.format("%Y-%m-%dT%H:%M").to_string()>
                                        <time datetime=starts.format("%Y-%m-%dT%H:%M").to_string()>{time}</time>
                                        " "
                                        <span dir="auto">{e.title_in(lang.code()).to_owned()}</span>
                                        {full.map(|f| view! { " (" {f} ")" })}
                                    </li>
                                }
                            })
                            .collect::<Vec<_>>();
                        view! {
                            <h3 dir="auto">{place.name}</h3>
                            <ul>{sessions}</ul>
                        }
                    })
                    .collect::<Vec<_>>();
                view! {
                    <section class="lm-programme-day" data-day=day.day.format("%Y-%m-%d").to_string()>
                        <h2>{day_text(day.day)}</h2>
                        {places}
                    </section>
                }
            })
            .collect::<Vec<_>>();
        Some(view! {
            <section class="lm-programme" aria-labelledby="lm-programme-title">
                <h1 id="lm-programme-title" dir="auto">{festival.name.clone()}</h1>
                <p>{dates}</p>
                {days}
            </section>
        })
    }
}
