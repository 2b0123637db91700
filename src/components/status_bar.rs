//! The status line: how many places, what was skipped, what failed.

use crate::data_source::load_into;
use crate::i18n::{count_matching, count_places, count_skipped, format, t, Arg, Lang, Msg};
use crate::load_failure::LoadFailure;
use crate::state::{AppState, DataState};
use leptos::prelude::*;

/// Says how many learning spaces there are (with a filter on, how many of
/// them match: bug, it kept saying "300 learning spaces" whatever matched),
/// and any trouble with the data or the map background. A failed load
/// offers a retry. The line is a polite live region: a new count is read
/// out without taking the focus.
#[component]
pub fn StatusBar() -> impl IntoView {
    let state = AppState::expect();
    let ui_lang = state.lang;
    let data_view = move || match state.data.get() {
        DataState::Idle | DataState::Loading => view! {
            <p class="lm-status" role="status" aria-live="polite" aria-busy="true">
                {move || t(ui_lang.get(), Msg::Loading)}
            </p>
        }
        .into_any(),
        DataState::Ready(places) => {
            let shown = places.dataset.spaces.len();
            let skipped = places.dataset.skipped();
            let name = places.dataset.name.clone();
            let failed = places.failed.clone();
            let saved_at = places.saved_at;
            // the core's count under the filter the chips count for (a frame
            // after the results), none while no filter is on
            let (counted, facets) = (state.counted, state.facets);
            let matching =
                Memo::new(move |_| (!counted.read().is_empty()).then(|| facets.read().total));
            view! {
                <p class="lm-status" role="status" aria-live="polite">
                    <span
                        class="lm-count"
                        data-count=shown
                        data-matching=move || matching.get().map(|n| n.to_string())
                    >
                        {move || match matching.get() {
                            Some(n) => count_matching(ui_lang.get(), n, shown),
                            None => count_places(ui_lang.get(), shown),
                        }}
                    </span>
                    {name.map(|n| view! { <span class="lm-dataset-name">" · " {n}</span> })}
                </p>
                {saved_at.map(|at| saved_note(at, ui_lang))}
                {(skipped > 0).then(|| view! {
                    <p class="lm-notice lm-skipped">{move || count_skipped(ui_lang.get(), skipped)}</p>
                })}
                {(!failed.is_empty()).then(|| view! {
                    <div class="lm-notice lm-sources-failed">
                        <p>{move || t(ui_lang.get(), Msg::SomeSourcesFailed)}</p>
                        <ul>
                            {failed.into_iter().map(|f| view! {
                                <li>{move || load_failure(ui_lang.get(), &f)}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                })}
            }
            .into_any()
        }
        DataState::Failed(failure) => {
            let can_retry =
                !matches!(failure, LoadFailure::Refused { .. }) && !state.sources.read().is_empty();
            view! {
                <div class="lm-error" role="alert">
                    <p>{move || load_failure(ui_lang.get(), &failure)}</p>
                    {can_retry.then(|| view! {
                        <button type="button" class="lm-retry" on:click=move |_| load_into(state)>
                            {move || t(ui_lang.get(), Msg::TryAgain)}
                        </button>
                    })}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class="lm-status-bar">
            {data_view}
            {(state.config_problems > 0).then(|| view! {
                <p class="lm-notice lm-config-problems">{move || t(ui_lang.get(), Msg::ConfigProblems)}</p>
            })}
            <Show when=move || state.map_failed.get()>
                <p class="lm-notice lm-map-failed">{move || t(ui_lang.get(), Msg::MapFailed)}</p>
            </Show>
            <Show when=move || state.tiles_failed.get()>
                <p class="lm-notice lm-tiles-failed">{move || t(ui_lang.get(), Msg::TilesFailed)}</p>
            </Show>
        </div>
    }
}

/// Why no data could be loaded, in `lang`. A file's own errors (for the
/// data steward) follow in the loader's words.
/// What went wrong loading a file, in the interface language (the status line and "What's on" say it).
pub(crate) fn load_failure(lang: Lang, failure: &LoadFailure) -> String {
    let failed = |source: &str| {
        if source.is_empty() {
            t(lang, Msg::LoadFailed).to_owned()
        } else {
            format(lang, "load_failed_from", &[("source", Arg::Str(source))])
        }
    };
    match failure {
        LoadFailure::Refused { .. } => t(lang, Msg::OffSiteData).to_owned(),
        LoadFailure::Network { source } => format(
            lang,
            "load_network",
            &[("failed", Arg::Str(&failed(source)))],
        ),
        LoadFailure::Status { source, status } => format(
            lang,
            "load_status",
            &[
                ("failed", Arg::Str(&failed(source))),
                ("status", Arg::Str(&status.to_string())),
            ],
        ),
        LoadFailure::Unusable { source, detail } => format(
            lang,
            "load_unusable",
            &[
                ("failed", Arg::Str(&failed(source))),
                ("detail", Arg::Str(detail)),
            ],
        ),
    }
}

/// Says that a saved copy is shown, and how old it is: its sentence comes from
/// the page's texts (`public/locales/*/boot.json`, see [`crate::saved`]).
fn saved_note(saved_at: f64, ui_lang: RwSignal<crate::i18n::Lang>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let lang = ui_lang.get();
        leptos::task::spawn_local(async move {
            if let Some(note) = crate::saved::note(saved_at, lang.code()).await {
                text.set(note);
            }
        });
    });
    view! { <p class="lm-notice lm-saved" data-saved-at=(saved_at as u64).to_string()>{text}</p> }
}
