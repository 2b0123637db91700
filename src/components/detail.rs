//! The details of one place, as a dialog: everything a resident needs to go.

use crate::components::event_detail::{event_details_of, event_placeholder};
use crate::components::place_events::PlaceEvents;
use crate::i18n::{
    age_group_label, distance, hh_mm, language_name, open_state, place_type_label, t, weekday,
    Lang, Msg,
};
use crate::state::{AppState, Places};
use crate::whats_on::{EventsState, WhatsOn};
use chrono::{Datelike, Duration, NaiveDateTime};
use learnmap_core::{Ages, Fee, LearningSpace, LonLat, Text, Wheelchair};
use leptos::html::Button;
use leptos::prelude::*;
use std::sync::Arc;

/// A link target that is safe to put in `href`: only `http(s):`, `mailto:`
/// and `tel:`, whatever the data says.
///
/// ```
/// use learnmap::components::detail::safe_href;
/// assert_eq!(safe_href("website", " https://example.org/x ").as_deref(), Some("https://example.org/x"));
/// assert_eq!(safe_href("website", "JavaScript:alert(1)"), None);
/// assert_eq!(safe_href("email", "info@example.org").as_deref(), Some("mailto:info@example.org"));
/// assert_eq!(safe_href("phone", "+49 40 123 45").as_deref(), Some("tel:+494012345"));
/// assert_eq!(safe_href("phone", "data:text/html,x"), None);
/// ```
pub fn safe_href(kind: &str, value: &str) -> Option<String> {
    // the core's rules, the same the loader applies
    learnmap_core::link_href(kind, value)
}

/// The ages served: as stated; or the usual range of the place type, said
/// to be such; or "not stated" (never "every age" for a place that says nothing).
fn ages_text(lang: Lang, space: &LearningSpace) -> String {
    let range = |min: u8, max: u8| {
        if max >= learnmap_core::MAX_AGE {
            format!("{min}+")
        } else {
            format!("{min}–{max}")
        }
    };
    match space.ages {
        Ages::Stated { min: 0, max } if max >= learnmap_core::MAX_AGE => space
            .age_groups
            .iter()
            .map(|g| age_group_label(lang, g))
            .collect::<Vec<_>>()
            .join(", "),
        Ages::Stated { min, max } => range(min, max),
        Ages::Typical { min, max } => {
            format!("{} ({})", range(min, max), t(lang, Msg::AgesTypical))
        }
        Ages::NotStated => t(lang, Msg::AgesNotStated).to_owned(),
    }
}

fn address_text(space: &LearningSpace) -> Option<String> {
    let street = [space.text(Text::Street), space.text(Text::HouseNumber)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let city = [space.text(Text::Postcode), space.text(Text::City)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let lines: Vec<String> = [street, city]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// The week's opening hours, today marked.
fn week_table(lang: Lang, space: &LearningSpace, now: NaiveDateTime) -> Option<impl IntoView> {
    let hours = space.opening_hours.clone()?;
    let today = now.date();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let rows = (0..7)
        .map(|i| {
            let day = monday + Duration::days(i);
            let spans = hours.day(day);
            let text = if spans.is_empty() {
                t(lang, Msg::ClosedAllDay).to_owned()
            } else {
                spans
                    .iter()
                    .map(|(from, to)| {
                        let to = to.map(hh_mm).unwrap_or_else(|| "24:00".into());
                        format!("{}–{to}", hh_mm(*from))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let is_today = day == today;
            view! {
                <tr class:lm-today=is_today aria-current=is_today.then_some("date")>
                    <th scope="row">
                        {weekday(lang, day.weekday())}
                        {is_today.then(|| format!(" ({})", t(lang, Msg::Today)))}
                    </th>
                    <td>{text}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <p class="lm-hours-now">{open_state(lang, hours.state_at(now), now)}</p>
        <table class="lm-week">
            <caption class="lm-visually-hidden">{t(lang, Msg::OpeningHours)}</caption>
            <tbody>{rows}</tbody>
        </table>
        <p class="lm-hours-source"><code>{hours.source().to_owned()}</code></p>
    })
}

/// A fact of the place. `dir` is `Some("auto")` when the value is text from
/// the data, so that it is laid out in its own direction: a German address or
/// note keeps its order in the Arabic interface, and an Arabic one in the others.
pub(crate) fn row(
    label: &'static str,
    value: impl IntoView,
    dir: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="lm-fact">
            <dt>{label}</dt>
            <dd dir=dir>{value}</dd>
        </div>
    }
}

/// [`row`] for text from the data.
fn data_row(label: &'static str, value: String) -> impl IntoView {
    row(label, value, Some("auto"))
}

/// A phone number, e-mail address or web address, as a link. These read left
/// to right in every language, so the link is isolated as such: in Arabic
/// "+49 40 0072 7566" would otherwise show as "7566 0072 40 49+".
fn link_row(lang: Lang, label: Msg, key: Text, space: &LearningSpace) -> Option<impl IntoView> {
    let text = space.text(key)?.trim().to_owned();
    let href = safe_href(key.key(), &text)?;
    let external = key == Text::Website || key == Text::BookingUrl;
    Some(row(
        t(lang, label),
        view! {
            <a
                href=href
                dir="ltr"
                target=external.then_some("_blank")
                rel=external.then_some("noopener noreferrer")
            >
                {text}
            </a>
        },
        None,
    ))
}

/// The buttons of the other places at the same spot, `(id, name)`: each
/// opens its place (the list's one click handler reads the id from the
/// button's value), the name as text. Made here rather than as a list of
/// `view!`s, whose code made the app's download 0.3 KB larger.
fn also_here_buttons(list: &web_sys::HtmlDivElement, places: Vec<(String, String)>) {
    // the same element when the dialog goes from place to place: its buttons go
    list.set_text_content(None);
    for (id, name) in places {
        let Ok(button) = document().create_element("button") else {
            return;
        };
        for (key, value) in [
            ("type", "button"),
            ("class", "lm-action"),
            ("dir", "auto"),
            ("value", id.as_str()),
        ] {
            let _ = button.set_attribute(key, value);
        }
        button.set_text_content(Some(&name));
        let _ = list.append_child(&button);
    }
}

fn share(url: String, copied: RwSignal<bool>) {
    let navigator = window().navigator();
    let can_share = js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false);
    if can_share {
        let data = web_sys::ShareData::new();
        data.set_url(&url);
        let _ = navigator.share_with_data(&data);
    } else {
        let _ = navigator.clipboard().write_text(&url);
        copied.set(true);
    }
}

fn details_of(
    lang: Lang,
    places: &Places,
    index: usize,
    at: Option<LonLat>,
    copied: RwSignal<bool>,
    close: NodeRef<Button>,
) -> impl IntoView {
    let state = AppState::expect();
    let space = &places.dataset.spaces[index];
    let name = space.name_in(lang.code()).to_owned();
    let description = space.description_in(lang.code()).map(str::to_owned);
    let kind = space.place_type.map(|p| place_type_label(lang, p));
    let areas = space
        .learning_areas
        .iter()
        .map(|a| view! { <li>{state.area_label(lang, a)}</li> })
        .collect_view();
    let from = at.unwrap_or(places.centre);
    let far = distance(lang, learnmap_core::geo::haversine_m(from, space.position));
    let coord = |x: f64| learnmap_core::number::fixed(x, 6);
    let (lat, lon) = (coord(space.position.lat), coord(space.position.lon));
    // from where the resident said they are, else from nowhere (not from `from`,
    // which falls back to the city centre)
    let directions = learnmap_core::directions_url(at, space.position);
    let geo = format!("geo:{lat},{lon}");
    let fee = space.fee.map(|f| {
        let text = match f {
            Fee::Free => t(lang, Msg::FeeFree),
            Fee::Paid => t(lang, Msg::FeePaid),
            Fee::Varies => t(lang, Msg::FeeVaries),
        };
        // the note is the data's words, in their own direction
        let note = space
            .text(Text::FeeNote)
            .map(|note| view! { " (" <bdi>{note.to_owned()}</bdi> ")" });
        view! { {text} {note} }
    });
    let access = space.wheelchair.map(|w| match w {
        Wheelchair::Yes => t(lang, Msg::AccessYes),
        Wheelchair::Limited => t(lang, Msg::AccessLimited),
        Wheelchair::No => t(lang, Msg::AccessNo),
    });
    let languages = space.languages().next().is_some().then(|| {
        space
            .languages()
            .map(|code| language_name(lang, code))
            .collect::<Vec<_>>()
            .join(", ")
    });
    // the data's free tags of what one learns there, `_` read as a space (as the search does)
    let subjects = space
        .subjects()
        .map(|s| s.replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ");
    let verified = space.text(Text::LastVerified).map(str::to_owned);
    let closed = space.status == Some(learnmap_core::Status::TemporarilyClosed);
    let share_url = window().location().href().unwrap_or_default();
    // where the city takes reports of wrong data (config.json `report_error`)
    let report = state
        .config
        .with_value(|c| c.report_url(space.id(), space.name()));
    // The other places at this spot: the map shows them as one marker that
    // does not split at its deepest zoom and opens one of them (bug: the
    // others could not be reached from the map; places a few metres apart
    // asked for a zoom the map cannot reach). Those the filters show, as the
    // map counts them.
    let spaces = &places.dataset.spaces;
    let also_here: Vec<(String, String)> = state
        .filter
        .with(|f| {
            places
                .index
                .same_spot(spaces, index, f, state.deepest_zoom())
        })
        .into_iter()
        .map(|i| {
            (
                spaces[i].id().to_owned(),
                spaces[i].name_in(lang.code()).to_owned(),
            )
        })
        .collect();
    // one handler for the list: a button's value is the place it opens
    let open_other = move |ev: web_sys::MouseEvent| {
        let id = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest("button").ok().flatten())
            .and_then(|b| b.get_attribute("value"));
        if id.is_some() {
            state.select(id);
            focus_later(close);
        }
    };
    view! {
        {detail_header(lang, name, close, false)}
        <p class="lm-detail-kind">
            {kind}
            <span class="lm-distance">" · " <bdi>{far}</bdi></span>
        </p>
        {closed.then(|| view! { <p class="lm-notice">{t(lang, Msg::TemporarilyClosed)}</p> })}
        <ul class="lm-areas" aria-label=t(lang, Msg::LearningAreas)>{areas}</ul>
        {description.map(|d| view! { <p class="lm-description" dir="auto">{d}</p> })}
        <div class="lm-actions">
            <a class="lm-action" href=directions target="_blank" rel="noopener noreferrer">{t(lang, Msg::Directions)}</a>
            <a class="lm-action lm-geo" href=geo>{t(lang, Msg::MapApp)}</a>
            <button type="button" class="lm-action" on:click=move |_| share(share_url.clone(), copied)>
                {t(lang, Msg::Share)}
            </button>
            <Show when=move || copied.get()>
                <span role="status" class="lm-copied">{t(lang, Msg::LinkCopied)}</span>
            </Show>
        </div>
        {(!also_here.is_empty()).then(|| {
            let list = NodeRef::<leptos::html::Div>::new();
            list.on_load(move |list| also_here_buttons(&list, also_here));
            view! {
                <h3 id="lm-also-here" class="lm-also-here-title">{t(lang, Msg::AlsoHere)}</h3>
                <div node_ref=list class="lm-actions lm-also-here" role="group" aria-labelledby="lm-also-here" on:click=open_other></div>
            }
        })}
        <PlaceEvents id=space.id().to_owned()/>
        {week_table(lang, space, state.now.get_untracked())}
        {space.text(Text::OpeningHoursNote).map(|note| data_row(t(lang, Msg::OpeningHours), note.to_owned()))}
        <dl class="lm-facts">
            {row(t(lang, Msg::Ages), ages_text(lang, space), None)}
            {(!subjects.is_empty()).then(|| data_row(t(lang, Msg::Subjects), subjects))}
            {address_text(space).map(|a| data_row(t(lang, Msg::Address), a))}
            {link_row(lang, Msg::Phone, Text::Phone, space)}
            {link_row(lang, Msg::Email, Text::Email, space)}
            {link_row(lang, Msg::Website, Text::Website, space)}
            {link_row(lang, Msg::Booking, Text::BookingUrl, space)}
            {access.map(|a| row(t(lang, Msg::Accessibility), a, None))}
            {languages.map(|l| row(t(lang, Msg::Languages), l, None))}
            {fee.map(|f| row(t(lang, Msg::Fee), f, None))}
            {verified.map(|v| row(t(lang, Msg::LastVerified), v, None))}
        </dl>
        {report.map(|href| view! {
            <p class="lm-report">
                <a href=href target="_blank" rel="noopener noreferrer">{t(lang, Msg::ReportError)}</a>
            </p>
        })}
    }
}

/// Moves the focus to the dialog's close button once it is drawn: when the
/// dialog opens, and when it shows another place (the button that asked for
/// it is gone).
pub(crate) fn focus_later(close: NodeRef<Button>) {
    request_animation_frame(move || {
        if let Some(button) = close.get_untracked() {
            let _ = button.focus();
        }
    });
}

/// What can take focus inside the dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input, select, [tabindex]:not([tabindex='-1'])";

/// The dialog of the selected place (`sel=` in the address). Escape or
/// the close button closes it, and focus returns to where it was.
/// The dialog's header: its title (`lm-detail-title`, which names the
/// dialog) and the close button, for a place, an event, or while an event
/// is looked for (`waiting`: the title is announced as a status).
pub fn detail_header(
    lang: Lang,
    title: impl IntoView + 'static,
    close: NodeRef<Button>,
    waiting: bool,
) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <header class="lm-detail-header">
            <h2 id="lm-detail-title" dir="auto" role=waiting.then_some("status")>{title}</h2>
            <button
                type="button"
                class="lm-close"
                node_ref=close
                aria-label=t(lang, Msg::Close)
                on:click=move |_| crate::routing::close_details(state)
            >
                "×"
            </button>
        </header>
    }
}

#[component]
pub fn Detail() -> impl IntoView {
    let state = AppState::expect();
    let copied = RwSignal::new(false);
    let close = NodeRef::<Button>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let opener_place = StoredValue::new(None::<(&'static str, String)>);
    let selected = Memo::new(move |_| {
        let places: Arc<Places> = state.data.read().places()?;
        let id = state.view.read().sel.clone()?;
        places.find(&id)
    });
    let whats_on = WhatsOn::expect();
    // an event's details (`event=`) take the dialog in place of a place's
    let event_id = Memo::new(move |_| state.view.read().event.clone());
    let is_open = Memo::new(move |_| selected.read().is_some() || event_id.read().is_some());
    // Focus moves into the dialog when it opens and back when it closes: to
    // the element that opened it, or, when the list was redrawn meanwhile,
    // to the same place's entry in the list (or on the map).
    Effect::new(move |was_open: Option<bool>| {
        let open = is_open.get();
        if open && was_open != Some(true) {
            copied.set(false);
            let active = document().active_element();
            // the place's or the event's entry the focus came from
            let place = active.as_ref().and_then(|e| {
                ["data-space-id", "data-event-id"].iter().find_map(|attr| {
                    let entry = e.closest(&format!("[{attr}]")).ok().flatten()?;
                    Some((*attr, entry.get_attribute(attr)?))
                })
            });
            opener.set_value(active.and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok()));
            opener_place.set_value(place);
            focus_later(close);
        } else if !open && was_open == Some(true) {
            request_animation_frame(move || {
                let connected =
                    opener.with_value(|e| e.as_ref().filter(|e| e.is_connected()).cloned());
                let target = connected.or_else(|| {
                    let (attr, id) = opener_place.get_value()?;
                    let id = id.replace('\\', "\\\\").replace('"', "\\\"");
                    [
                        format!(".lm-result[{attr}=\"{id}\"] button"),
                        format!(".lm-event[{attr}=\"{id}\"] button"),
                        format!("[{attr}=\"{id}\"]"),
                    ]
                    .iter()
                    .find_map(|sel| document().query_selector(sel).ok().flatten())
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                });
                if let Some(e) = target {
                    let _ = e.focus();
                }
            });
        }
        open
    });
    let dialog = NodeRef::<leptos::html::Div>::new();
    // Escape closes; Tab and Shift+Tab stay inside the dialog
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => crate::routing::close_details(state),
        "Tab" => {
            let Some(dialog) = dialog.get_untracked() else {
                return;
            };
            let Ok(found) = dialog.query_selector_all(FOCUSABLE) else {
                return;
            };
            let items: Vec<web_sys::HtmlElement> = (0..found.length())
                .filter_map(|i| found.item(i))
                .filter_map(|n| wasm_bindgen::JsCast::dyn_into(n).ok())
                .collect();
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = document().active_element();
            let at = |e: &web_sys::HtmlElement| {
                active
                    .as_ref()
                    .is_some_and(|a| a == e.as_ref() as &web_sys::Element)
            };
            let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
            if ev.shift_key() && (at(first) || !inside) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && (at(last) || !inside) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    // the page behind the dialog is inert while it is open
    Effect::new(move |_| {
        let open = is_open.get();
        for selector in [".lm-header", ".lm-main"] {
            if let Ok(Some(e)) = document().query_selector(selector) {
                let _ = if open {
                    e.set_attribute("inert", "")
                } else {
                    e.remove_attribute("inert")
                };
            }
        }
    });
    view! {
        <Show when=move || is_open.get()>
            <div class="lm-detail-backdrop" on:click=move |_| crate::routing::close_details(state)></div>
            <div
                node_ref=dialog
                class="lm-detail"
                role="dialog"
                aria-modal="true"
                aria-labelledby="lm-detail-title"
                on:keydown=on_key
            >
                {move || {
                    if let Some(id) = event_id.get() {
                        let lang = state.lang.get();
                        return Some(match whats_on.state.get() {
                            EventsState::Ready(events) => {
                                match events.events.iter().position(|e| e.id == id) {
                                    Some(i) => event_details_of(
                                        lang,
                                        &events,
                                        i,
                                        state.data.read().places(),
                                        state.view.read().at,
                                        whats_on.now.get_untracked(),
                                        close,
                                    )
                                    .into_any(),
                                    None => event_placeholder(lang, t(lang, Msg::EventMissing), close)
                                        .into_any(),
                                }
                            }
                            EventsState::Failed(_) => {
                                event_placeholder(lang, t(lang, Msg::EventsFailed), close).into_any()
                            }
                            EventsState::Idle | EventsState::Loading => {
                                event_placeholder(lang, t(lang, Msg::EventsLoading), close).into_any()
                            }
                        });
                    }
                    let index = selected.get()?;
                    let places = state.data.read().places()?;
                    let at = state.view.read().at;
                    Some(details_of(state.lang.get(), &places, index, at, copied, close).into_any())
                }}
            </div>
        </Show>
    }
}
