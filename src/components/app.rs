//! The whole app: state, address, data loading, and the page's parts.

use crate::components::{
    detail::Detail, festival_banner::FestivalBanner, map_view::MapView, programme::Programme,
    sheet::Sheet, status_bar::StatusBar,
};
use crate::data_source::{load_into, sources_for};
use crate::i18n::{t, Lang, Msg};
use crate::routing::sync_address;
use crate::state::{AppState, DataState};
use crate::url_state::ViewState;
use learnmap_core::config::SiteConfig;
use leptos::prelude::*;
use std::sync::Arc;

/// The interface language: the one the page started with (`lib.rs`, whose
/// texts are in), else as [`crate::i18n::page_language`] chooses.
fn initial_lang(view: &ViewState, config: &SiteConfig) -> Lang {
    crate::i18n::chosen().unwrap_or_else(|| {
        crate::i18n::page_language(view.lang.as_deref(), config.language.as_deref())
    })
}

/// The language picker; the choice goes into the address.
#[component]
fn LanguagePicker() -> impl IntoView {
    let state = AppState::expect();
    let options = Lang::ALL
        .iter()
        .map(|&l| {
            view! {
                <option value=l.code() lang=l.code() selected=move || state.lang.get() == l>
                    {l.native_name()}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="lm-lang">
            <span class="lm-visually-hidden">{move || t(state.lang.get(), Msg::Interface)}</span>
            <select
                name="lang"
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        // the language's texts are fetched first, then shown at once
                        leptos::task::spawn_local(async move {
                            if let Err(why) = crate::i18n::load(lang).await {
                                leptos::logging::warn!("{why}");
                                state.lang.set(state.lang.get_untracked());
                                return;
                            }
                            state.lang.set(lang);
                            state.view.update(|v| v.lang = Some(lang.code().to_owned()));
                        });
                    }
                }
            >
                {options}
            </select>
        </label>
    }
}

/// The root component, mounted once the site's configuration is known
/// (see [`crate::mount`]); `problems` counts what was wrong in it.
#[component]
pub fn App(config: Arc<SiteConfig>, problems: usize) -> impl IntoView {
    let href = window().location().href().unwrap_or_default();
    let search = window().location().search().unwrap_or_default();
    let view_state = ViewState::from_query(&search);
    let lang = initial_lang(&view_state, &config);
    let state = match sources_for(&href, &config) {
        Ok(sources) => AppState::new(config.clone(), problems, sources).provide(),
        Err(refused) => {
            let state = AppState::new(config.clone(), problems, Vec::new()).provide();
            state.data.set(DataState::Failed(refused));
            state
        }
    };
    state.lang.set(lang);
    let mut view_state = view_state;
    if let Some(festival) = config.festival.as_ref() {
        view_state.open_on_festival(festival, state.now.get_untracked().date(), &search);
    }
    state.view.set(view_state);
    crate::whats_on::WhatsOn::provide(state);
    load_into(state);
    sync_address(state);
    let embed = crate::embed::Embed::from_query(&search);
    if let Some(root) = document().document_element() {
        // the address's colour, else the site's
        if let Some(accent) = embed.accent.as_ref().or(config.accent.as_ref()) {
            // through the CSS object model, which a strict CSP allows
            let style = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&root).style();
            let _ = style.set_property("--lm-accent", accent);
        }
        if embed.compact {
            let _ = root.class_list().add_1("lm-embed");
        }
    }
    let title = config.title.clone();
    let logo = config.logo.clone();
    let compact = embed.compact;
    // The page's language and direction follow the interface language (Arabic is right to left).
    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
            let _ = root.set_attribute("dir", lang.dir());
        }
        let name = title.clone().unwrap_or_else(|| "learnmap".to_owned());
        document().set_title(&format!("{} · {name}", t(lang, Msg::AppTitle)));
    });
    view! {
        <header class="lm-header">
            <div class="lm-header-row">
                <h1 class="lm-title">
                    {logo.map(|src| view! { <img class="lm-logo" src=src alt=""/> })}
                    {config.title.clone().unwrap_or_else(|| "learnmap".to_owned())}
                </h1>
                {compact.then(|| view! {
                    <a
                        class="lm-full-map"
                        target="_blank"
                        rel="noopener"
                        href=move || {
                            // from the view itself: the address is written after this runs
                            let location = window().location();
                            let query = crate::routing::address_query(
                                &state.view.read(),
                                &location.search().unwrap_or_default(),
                            );
                            let page = format!(
                                "{}{}?{query}",
                                location.origin().unwrap_or_default(),
                                location.pathname().unwrap_or_default()
                            );
                            crate::embed::Embed::full_map_url(&page)
                        }
                    >
                        {move || t(state.lang.get(), Msg::OpenFullMap)}
                    </a>
                })}
                <LanguagePicker/>
            </div>
            <FestivalBanner/>
            <StatusBar/>
        </header>
        <main class="lm-main" data-view=move || if state.view.read().view == crate::url_state::View::List { "list" } else { "map" }>
            <Sheet/>
            <MapView/>
        </main>
        <Detail/>
        <Programme/>
    }
}
