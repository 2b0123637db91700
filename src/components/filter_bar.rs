//! The filters: text search and chips with live counts ("clear all" is
//! in the sheet's bar: `clear_filters.rs`).

use crate::i18n::{
    age_group_label, audience_label, language_name, number, open_at, place_type_label, t, Msg,
};
use crate::state::{after_next_paint, AppState};
use crate::url_state::OpenWhen;
use learnmap_core::config::FilterControl as F;
use learnmap_core::{AgeGroup, Audience, EnumSet, LearningArea, PlaceType, Vocabulary};
use leptos::prelude::*;

/// One toggle chip: a button with `aria-pressed`, its label and a count.
///
/// Every prop is type-erased (signals, a callback), so the app carries one
/// copy of the chip's code for all its chips: with `impl Fn()` for
/// `on_toggle`, each of the seven places that make chips compiled a chip,
/// and a list of chips, of its own.
#[component]
fn Chip(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pressed: Signal<bool>,
    #[prop(into, optional)] count: Option<Signal<usize>>,
    #[prop(into)] name: String,
    #[prop(into)] on_toggle: Callback<()>,
    /// Hidden when the site's configuration leaves this filter out.
    #[prop(optional)]
    hidden: bool,
) -> impl IntoView {
    let ui = AppState::expect().lang;
    view! {
        <button
            type="button"
            class="lm-chip"
            hidden=hidden
            data-filter=name
            aria-pressed=move || if pressed.get() { "true" } else { "false" }
            on:click=move |_| on_toggle.run(())
        >
            <span class="lm-chip-label">{move || label.get()}</span>
            // grouped as the interface language writes numbers (bug: "(12000)")
            {count.map(|c| view! { <span class="lm-chip-count">" (" {move || number(ui.get(), c.get())} ")"</span> })}
        </button>
    }
}

fn toggled<T: Vocabulary>(mut set: EnumSet<T>, value: T) -> EnumSet<T> {
    if set.contains(value) {
        set = set.iter().filter(|v| *v != value).collect();
    } else {
        set.insert(value);
    }
    set
}

/// The filters, bound to the view in the address.
#[component]
pub fn FilterBar() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let view = state.view;
    // Inputs follow only their own value: a view change elsewhere (the map
    // moving, say) must not reset what the user is typing (bug: an exact age
    // typed while the map settled was wiped before it was committed).
    let q_value = Memo::new(move |_| view.read().q.clone());
    let age_value = Memo::new(move |_| view.read().age);
    let speaks_value = Memo::new(move |_| view.read().speaks.clone());
    // the time the address gives for "open" (`open=2026-12-07T10:00`), if any
    let open_time_asked = Memo::new(move |_| match &view.read().open {
        Some(OpenWhen::At(when)) => crate::query::local_datetime(when),
        _ => None,
    });
    // The languages offered are named by the browser (`Intl.DisplayNames`),
    // whose first use costs ~65 ms at 4x CPU while it loads its names: the
    // codes stand in until the page with the first results has been painted
    // (bug: naming them within the first render held the first results back).
    // (bug: since the start-up runs in short tasks the page is painted before
    // the data is in, and a paint at mount no longer meant "with results")
    let named = RwSignal::new(false);
    Effect::new(move |_| {
        if !named.get_untracked() && state.data.read().places().is_some() {
            after_next_paint(move || _ = named.try_set(true));
        }
    });
    // the counts, a frame after the results (state.rs)
    let facets = state.facets;
    let languages = Memo::new(move |_| {
        state
            .data
            .read()
            .places()
            .map(|p| p.languages.clone())
            .unwrap_or_default()
    });
    // The language options: the data's, and the one the address asks for
    // when none of them is it, with whether the data offers it at all (bug:
    // with `speaks=zz` nothing matched while the select read "Any language",
    // so the filter could be neither seen nor undone).
    let language_options = Memo::new(move |_| {
        let languages = languages.read();
        let mut options: Vec<(String, bool)> =
            languages.iter().map(|l| (l.clone(), true)).collect();
        if let Some(asked) = speaks_value.read().as_deref().map(str::to_ascii_lowercase) {
            if !languages.contains(&asked) {
                let offered = learnmap_core::offers_language(&languages, &asked);
                let at = options.partition_point(|(l, _)| *l < asked);
                options.insert(at, (asked, offered));
            }
        }
        options
    });

    let area_chips = LearningArea::ALL
        .iter()
        .map(|&area| {
            view! {
                <Chip
                    name=format!("area:{area}")
                    label=Signal::derive(move || state.area_label(ui.get(), area))
                    pressed=Signal::derive(move || view.read().areas.contains(area))
                    count=Signal::derive(move || facets.read().learning_area(area))
                    on_toggle=move || state.update_view(|v| v.areas = toggled(v.areas, area))
                />
            }
        })
        .collect_view();
    // made at once when the address sets one of its filters (a shared link
    // with `ages=adults`, say), so the filters on are on the page
    let in_panel = view.with_untracked(|v| {
        !v.ages.is_empty()
            || v.age.is_some()
            || !v.audiences.is_empty()
            || !v.types.is_empty()
            || v.speaks.is_some()
    });
    let more_opened = RwSignal::new(in_panel);
    let more_filters = move || {
        let age_chips = AgeGroup::ALL
            .iter()
            .map(|&group| {
                view! {
                    <Chip
                        name=format!("ages:{group}")
                        label=Signal::derive(move || age_group_label(ui.get(), group).to_owned())
                        pressed=Signal::derive(move || view.read().ages.contains(group))
                        count=Signal::derive(move || facets.read().age_group(group))
                        on_toggle=move || state.update_view(|v| {
                            v.ages = toggled(v.ages, group);
                            v.age = None;
                        })
                    />
                }
            })
            .collect_view();
        let audience_chips = Audience::ALL
            .iter()
            .map(|&audience| {
                view! {
                    <Chip
                        name=format!("for:{audience}")
                        label=Signal::derive(move || audience_label(ui.get(), audience).to_owned())
                        pressed=Signal::derive(move || view.read().audiences.contains(audience))
                        count=Signal::derive(move || facets.read().audience(audience))
                        on_toggle=move || state.update_view(|v| v.audiences = toggled(v.audiences, audience))
                    />
                }
            })
            .collect_view();
        let type_chips = PlaceType::ALL
            .iter()
            .map(|&place_type| {
                view! {
                    <Chip
                        name=format!("type:{place_type}")
                        label=Signal::derive(move || place_type_label(ui.get(), place_type).to_owned())
                        pressed=Signal::derive(move || view.read().types.contains(place_type))
                        count=Signal::derive(move || facets.read().place_type(place_type))
                        on_toggle=move || state.update_view(|v| v.types = toggled(v.types, place_type))
                    />
                }
            })
            .collect_view();
        view! {
            <fieldset class="lm-group" hidden=!state.shows(F::Age)>
                <legend>{move || t(ui.get(), Msg::Age)}</legend>
                <div class="lm-chip-row">{age_chips}</div>
                <label class="lm-field">
                    <span>{move || t(ui.get(), Msg::ExactAge)}</span>
                    <input
                        type="number"
                        name="age"
                        min="0"
                        max="120"
                        inputmode="numeric"
                        prop:value=move || age_value.get().map(|a| a.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let age = learnmap_core::number::decimal(event_target_value(&ev).trim());
                            state.update_view(|v| {
                                v.age = age.filter(|a| a.is_finite()).map(|a| a.clamp(0.0, 120.0) as u8);
                                if v.age.is_some() {
                                    v.ages = EnumSet::empty();
                                }
                            });
                        }
                    />
                </label>
            </fieldset>
            <fieldset class="lm-group" hidden=!state.shows(F::For)>
                <legend>{move || t(ui.get(), Msg::Audiences)}</legend>
                <div class="lm-chip-row">{audience_chips}</div>
            </fieldset>
            <fieldset class="lm-group" hidden=!state.shows(F::Type)>
                <legend>{move || t(ui.get(), Msg::PlaceTypes)}</legend>
                <div class="lm-chip-row">{type_chips}</div>
            </fieldset>
            <label class="lm-field" hidden=!state.shows(F::Speaks)>
                <span>{move || t(ui.get(), Msg::LanguageOffered)}</span>
                <select
                    name="speaks"
                    on:change=move |ev| {
                        let lang = event_target_value(&ev);
                        state.update_view(|v| v.speaks = (!lang.is_empty()).then_some(lang));
                    }
                >
                    <option value="" selected=move || speaks_value.read().is_none()>
                        {move || t(ui.get(), Msg::AnyLanguage)}
                    </option>
                    <For each=move || language_options.get() key=|o| o.clone() let:option>
                        {
                            let (lang, offered) = option;
                            let (code, value) = (lang.clone(), lang.clone());
                            let selected = move || {
                                speaks_value.read().as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&value))
                            };
                            view! {
                                <option value=lang selected=selected>
                                    {move || {
                                        if named.get() { language_name(ui.get(), &code) } else { code.clone() }
                                    }}
                                    // none of the data's places offers it
                                    {(!offered).then_some(" (0)")}
                                </option>
                            }
                        }
                    </For>
                </select>
            </label>
        }
    };
    let more = [F::Age, F::For, F::Type, F::Speaks]
        .into_iter()
        .any(|f| state.shows(f));
    view! {
        <div class="lm-filters" role="search">
            <label class="lm-search" hidden=!state.shows(F::Q)>
                <span class="lm-visually-hidden">{move || t(ui.get(), Msg::Search)}</span>
                <input
                    type="search"
                    name="q"
                    placeholder=move || t(ui.get(), Msg::Search)
                    prop:value=move || q_value.get()
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        state.update_view(|v| v.q = q);
                    }
                />
            </label>
            // on a phone, one line that scrolls sideways: the quick chips, then
            // the learning areas (public/style.css)
            <div class="lm-chip-line">
                <div class="lm-chip-row" role="group" aria-label=move || t(ui.get(), Msg::Filters)>
                    <Chip
                        hidden=!state.shows(F::Open)
                        name="open"
                        // the time asked for, when the address gives one (bug: it
                        // read "Open now" and nothing showed that time)
                        label=Signal::derive(move || match open_time_asked.get() {
                            Some(at) => open_at(ui.get(), at),
                            None => t(ui.get(), Msg::OpenNow).to_owned(),
                        })
                        pressed=Signal::derive(move || view.read().open.is_some())
                        count=Signal::derive(move || facets.read().open)
                        on_toggle=move || state.update_view(|v| {
                            v.open = if v.open.is_some() { None } else { Some(OpenWhen::Now) }
                        })
                    />
                    <Chip
                        hidden=!state.shows(F::Free)
                        name="free"
                        label=Signal::derive(move || t(ui.get(), Msg::Free).to_owned())
                        pressed=Signal::derive(move || view.read().free)
                        count=Signal::derive(move || facets.read().free)
                        on_toggle=move || state.update_view(|v| v.free = !v.free)
                    />
                    <Chip
                        hidden=!state.shows(F::Wheelchair)
                        name="wheelchair"
                        label=Signal::derive(move || t(ui.get(), Msg::WheelchairAccessible).to_owned())
                        pressed=Signal::derive(move || view.read().wheelchair)
                        count=Signal::derive(move || facets.read().wheelchair)
                        on_toggle=move || state.update_view(|v| v.wheelchair = !v.wheelchair)
                    />
                </div>
                <fieldset class="lm-group" hidden=!state.shows(F::Area)>
                    <legend>{move || t(ui.get(), Msg::LearningAreas)}</legend>
                    <div class="lm-chip-row">{area_chips}</div>
                </fieldset>
            </div>
            // The panel's contents are made when it first opens: a closed
            // panel's chips and fields were a sixth of the page's first render
            // (issue 19, bench/startup.mjs), and most residents never open it.
            <details class="lm-more-filters" hidden=!more on:toggle=move |_| more_opened.set(true)>
                <summary on:click=move |_| more_opened.set(true)>{move || t(ui.get(), Msg::Filters)}</summary>
                <Show when=move || more_opened.get()>
                    {more_filters()}
                </Show>
            </details>
        </div>
    }
}
