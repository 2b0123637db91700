//! The details of one event (`event=` in the address), in the details
//! dialog: its title, description, place and distance, next sessions (those
//! called off said so), who and what it is for ("not stated" where the data
//! says nothing), "Add to calendar" and "Book".

use crate::components::detail::{detail_header, row};
use crate::i18n::{audience_label, distance, hh_mm, language_name, t, Lang, Msg};
use crate::state::{AppState, Places};
use crate::whats_on::Events;
use chrono::{Datelike, NaiveDateTime};
use learnmap_core::events::{Event, EventStatus};
use learnmap_core::{Fee, LonLat, MAX_AGE};
use leptos::html::Button;
use leptos::prelude::*;
use std::sync::Arc;

/// How many of the next sessions the details list.
const SESSIONS: usize = 6;

/// A session's day and time: "Sat 5 Jun 2027, 11:00–11:30".
pub fn session_text(lang: Lang, e: &Event, starts: NaiveDateTime) -> String {
    let day = format!(
        "{} {}",
        crate::i18n::short_date(lang, starts.date()),
        starts.year()
    );
    if e.all_day {
        return day;
    }
    if e.duration.is_zero() {
        return format!("{day}, {}", hh_mm(starts.time()));
    }
    let end = starts + e.duration;
    format!("{day}, {}–{}", hh_mm(starts.time()), hh_mm(end.time()))
}

/// The ages an event states, or "not stated".
fn ages_text(lang: Lang, e: &Event) -> String {
    match e.ages {
        None => t(lang, Msg::NotStated).to_owned(),
        Some((lo, hi)) if hi >= MAX_AGE => format!("{lo}+"),
        Some((lo, hi)) => format!("{lo}–{hi}"),
    }
}

/// A list of labels, or "not stated" when empty.
fn list_or_unknown(lang: Lang, labels: Vec<String>) -> String {
    if labels.is_empty() {
        t(lang, Msg::NotStated).to_owned()
    } else {
        labels.join(", ")
    }
}

/// The place an event is at: its index among the places, when the data has it.
fn place_of(places: Option<&Places>, e: &Event) -> Option<usize> {
    places.and_then(|p| p.find(e.place.as_deref()?))
}

/// The details of `events.events[index]`, measured from `at` (else the
/// places' centre), sessions from `now` (local, in the events' zone).
pub fn event_details_of(
    lang: Lang,
    events: &Arc<Events>,
    index: usize,
    places: Option<Arc<Places>>,
    at: Option<LonLat>,
    now: NaiveDateTime,
    close: NodeRef<Button>,
) -> impl IntoView {
    let state = AppState::expect();
    let e = &events.events[index];
    let title = e.title_in(lang.code()).to_owned();
    let description = e.description_in(lang.code()).map(str::to_owned);
    let place = place_of(places.as_deref(), e);
    let space = place.and_then(|i| places.as_ref().map(|p| &p.dataset.spaces[i]));
    let position = e.position.or(space.map(|s| s.position));
    let from = at.or(places.as_ref().map(|p| p.centre));
    let far = position
        .zip(from)
        .map(|(p, f)| distance(lang, learnmap_core::geo::haversine_m(f, p)));
    // the place's name as a button to its details; else the event's words
    let place_name = space.map(|s| (s.id().to_owned(), s.name_in(lang.code()).to_owned()));
    let location = e.location.clone();
    let where_words = match (&place_name, &location) {
        (Some((_, name)), Some(l)) => Some(format!("{name}, {l}")),
        (Some((_, name)), None) => Some(name.clone()),
        (None, l) => l.clone(),
    };
    let sessions = e
        .sessions(now, SESSIONS)
        .into_iter()
        .map(|s| {
            let text = session_text(lang, e, s.starts);
            let datetime = s.starts.format("%Y-%m-%dT%H:%M").to_string();
            let data_starts = datetime.clone();
            view! {
                <li class="lm-session" class:lm-session-cancelled=s.cancelled data-starts=data_starts data-cancelled=s.cancelled.then_some("true")>
                    {if s.cancelled {
                        view! { <s><time datetime=datetime>{text}</time></s> " · " <strong>{t(lang, Msg::EventCancelled)}</strong> }.into_any()
                    } else {
                        view! { <time datetime=datetime>{text}</time> }.into_any()
                    }}
                </li>
            }
        })
        .collect::<Vec<_>>();
    let no_sessions = sessions.is_empty();
    let status = match e.status {
        EventStatus::Cancelled => Some(t(lang, Msg::EventCancelled)),
        EventStatus::Full => Some(t(lang, Msg::EventFull)),
        EventStatus::Scheduled => None,
    };
    let areas = list_or_unknown(
        lang,
        e.learning_areas
            .iter()
            .map(|a| state.area_label(lang, a))
            .collect(),
    );
    let audiences = list_or_unknown(
        lang,
        e.audiences
            .iter()
            .map(|a| audience_label(lang, a).to_owned())
            .collect(),
    );
    let languages = list_or_unknown(
        lang,
        e.languages
            .iter()
            .map(|code| language_name(lang, code))
            .collect(),
    );
    let fee = match e.fee {
        None => t(lang, Msg::NotStated),
        Some(Fee::Free) => t(lang, Msg::FeeFree),
        Some(Fee::Paid) => t(lang, Msg::FeePaid),
        Some(Fee::Varies) => t(lang, Msg::FeeVaries),
    };
    let fee_note = e
        .fee_note
        .clone()
        .map(|note| view! { " (" <bdi>{note}</bdi> ")" });
    // the loader kept only http(s), mailto: and tel: links; checked again here
    let book = e
        .booking_url
        .as_deref()
        .and_then(learnmap_core::booking_href)
        .filter(|_| e.status != EventStatus::Cancelled);
    let external = book.as_deref().is_some_and(|h| h.contains("://"));
    let booking = e.booking_required.map(|required| {
        t(
            lang,
            if required {
                Msg::BookingRequired
            } else {
                Msg::BookingNotRequired
            },
        )
    });
    let website = e
        .website
        .as_deref()
        .and_then(|w| learnmap_core::link_href("website", w))
        .map(|href| {
            let text = href.clone();
            view! { <a href=href dir="ltr" target="_blank" rel="noopener noreferrer">{text}</a> }
        });
    let cancelled = e.status == EventStatus::Cancelled;
    let for_calendar = StoredValue::new((events.clone(), index, where_words.clone(), position));
    let add_to_calendar = move |_| {
        for_calendar.with_value(|(events, index, words, position)| {
            crate::calendar::download(
                &events.events[*index],
                lang.code(),
                events.zone.as_deref(),
                words.clone(),
                *position,
            );
        });
    };
    let place_row = match place_name {
        Some((id, name)) => view! {
            <button
                type="button"
                class="lm-link-button lm-event-place"
                dir="auto"
                on:click=move |_| state.select(Some(id.clone()))
            >
                {name}
            </button>
            {location.map(|l| view! { <span dir="auto">", " {l}</span> })}
        }
        .into_any(),
        None => view! { <span dir="auto">{location.unwrap_or_else(|| t(lang, Msg::NotStated).to_owned())}</span> }.into_any(),
    };
    view! {
        {detail_header(lang, title, close, false)}
        {status.map(|s| view! { <p class="lm-notice lm-event-status">{s}</p> })}
        {description.map(|d| view! { <p class="lm-description" dir="auto">{d}</p> })}
        <dl class="lm-facts lm-event-where">
            {row(t(lang, Msg::Place), view! { {place_row} {far.map(|f| view! { <span class="lm-distance">" · " <bdi>{f}</bdi></span> })} }, None)}
        </dl>
        <h3 class="lm-sessions-title">{t(lang, Msg::EventSessions)}</h3>
        {if no_sessions {
            view! { <p class="lm-empty">{t(lang, Msg::NoSessions)}</p> }.into_any()
        } else {
            view! { <ol class="lm-sessions">{sessions}</ol> }.into_any()
        }}
        <div class="lm-actions">
            {(!cancelled && !no_sessions).then(|| view! {
                <button type="button" class="lm-action lm-add-calendar" on:click=add_to_calendar>
                    {t(lang, Msg::AddToCalendar)}
                </button>
            })}
            {book.map(|href| view! {
                <a
                    class="lm-action lm-book"
                    href=href
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                >
                    {t(lang, Msg::Book)}
                </a>
            })}
        </div>
        {booking.map(|b| view! { <p class="lm-booking-required">{b}</p> })}
        <dl class="lm-facts">
            {row(t(lang, Msg::Ages), ages_text(lang, e), None)}
            {row(t(lang, Msg::LearningAreas), areas, None)}
            {row(t(lang, Msg::Audiences), audiences, None)}
            {row(t(lang, Msg::Fee), view! { {fee} {fee_note} }, None)}
            {row(t(lang, Msg::Languages), languages, None)}
            {website.map(|w| row(t(lang, Msg::Website), w, None))}
        </dl>
    }
}

/// The dialog while the events load, or when `event=` names none of them:
/// a title that says so, and the close button.
pub fn event_placeholder(lang: Lang, text: &'static str, close: NodeRef<Button>) -> impl IntoView {
    detail_header(lang, text, close, true)
}
