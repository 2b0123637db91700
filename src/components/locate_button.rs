//! "Near me": the browser's position, or a clear way on when it is refused.

use crate::i18n::{t, Msg};
use crate::state::{AppState, Locating};
use learnmap_core::LonLat;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Asks the browser where the user is. When that is refused, unavailable or
/// blocked (as inside an iframe without `allow="geolocation"`), says so and
/// lets the user tap the map instead.
#[component]
pub fn LocateButton() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let locate = move |_| {
        let Ok(geolocation) = window().navigator().geolocation() else {
            state.locating.set(Locating::Failed);
            return;
        };
        state.locating.set(Locating::Busy);
        let found = Closure::once_into_js(move |position: web_sys::Position| {
            let c = position.coords();
            let at = LonLat {
                lat: c.latitude(),
                lon: c.longitude(),
            };
            state.start_at(at, Locating::Located);
        });
        let failed = Closure::once_into_js(move |_: web_sys::PositionError| {
            state.locating.set(Locating::Failed);
        });
        let options = web_sys::PositionOptions::new();
        options.set_timeout(10_000);
        options.set_maximum_age(60_000);
        if geolocation
            .get_current_position_with_error_callback_and_options(
                found.unchecked_ref(),
                Some(failed.unchecked_ref()),
                &options,
            )
            .is_err()
        {
            state.locating.set(Locating::Failed);
        }
    };
    view! {
        <div class="lm-locate">
            <button
                type="button"
                class="lm-near-me"
                aria-busy=move || (state.locating.get() == Locating::Busy).then_some("true")
                on:click=locate
            >
                {move || t(ui.get(), Msg::NearMe)}
            </button>
            <p class="lm-origin" role="status" aria-live="polite">
                {move || match state.locating.get() {
                    Locating::Busy => t(ui.get(), Msg::Locating),
                    Locating::Failed => t(ui.get(), Msg::LocationUnavailable),
                    Locating::Picked => t(ui.get(), Msg::FromHere),
                    // the browser's position, unless the view moved off it (Back)
                    Locating::Located if state.view.read().at.is_some() => t(ui.get(), Msg::FromYou),
                    Locating::Idle if state.view.read().at.is_some() => t(ui.get(), Msg::FromHere),
                    Locating::Idle | Locating::Located => t(ui.get(), Msg::FromCentre),
                }}
            </p>
            <Show when=move || matches!(state.locating.get(), Locating::Failed | Locating::Picked)>
                <PlacePicker/>
            </Show>
        </div>
    }
}

/// At most this many starting points are offered at once, those whose label
/// contains what is typed (`learnmap_core::StartingPoints`).
const OFFERED: usize = 50;

/// Another way to say where one is: a postcode, a district or a place from
/// the data (`learnmap_core::starting_points`), offered as the resident
/// types (bug: every place at once, 10,000 options, held a phone for 0.6 s).
#[component]
fn PlacePicker() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let points = Memo::new(move |_| {
        let lang = ui.get();
        state
            .data
            .read()
            .places()
            .map(|p| learnmap_core::StartingPoints::new(&p.dataset.spaces, lang.code()))
            .unwrap_or_default()
    });
    // what was entered matched no starting point
    let unmatched = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let options = move || {
        points
            .read()
            .matching(&typed.read(), OFFERED)
            .map(|p| view! { <option value=p.label.clone()></option> })
            .collect_view()
    };
    // a suggestion picked, or text entered: the starting point it means
    // (`StartingPoints::best`), whose label then fills the field
    let choose = move |ev: web_sys::Event| {
        let typed = event_target_value(&ev);
        let chosen =
            points.with_untracked(|p| p.best(&typed).map(|p| (p.label.clone(), p.position)));
        unmatched.set(chosen.is_none() && !typed.trim().is_empty());
        if let Some((label, position)) = chosen {
            if let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value(&label);
            }
            state.start_at(position, Locating::Picked);
        }
    };
    view! {
        <label class="lm-field lm-pick">
            <span>{move || t(ui.get(), Msg::PickPlace)}</span>
            <input
                type="text"
                name="from"
                list="lm-place-names"
                autocomplete="off"
                on:input=move |ev| typed.set(event_target_value(&ev))
                on:change=choose
            />
        </label>
        <datalist id="lm-place-names">{options}</datalist>
        <p class="lm-pick-none" role="status">
            {move || unmatched.get().then(|| t(ui.get(), Msg::NoStartingPoint))}
        </p>
    }
}
