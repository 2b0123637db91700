//! The learnmap web app (Leptos, client-side rendered).
//!
//! `main.rs` only calls [`mount`]. State lives in [`state`] and reaches the
//! components through context; logic lives in `learnmap-core`.

pub mod calendar;
pub mod clock;
pub mod components;
pub mod crash;
pub mod data_source;
pub mod embed;
pub mod i18n;
pub mod load_failure;
pub mod map;
pub mod query;
pub mod routing;
pub mod saved;
pub mod state;
pub mod timing;
pub mod url_state;
pub mod whats_on;

/// Reads the site's configuration (`config.json`, preloaded by the page)
/// and the interface texts in the page's language, then mounts the app into the page's `<body>`. Without a `config.json`
/// the defaults apply; its problems go to the console.
pub fn mount() {
    crash::install();
    // before mounting there is no Leptos executor yet: wasm-bindgen's own runs this
    wasm_bindgen_futures::spawn_local(async {
        // the texts public/boot.js fetched in the chosen language, as the configuration comes in
        let ((config, problems), early) =
            futures::future::join(data_source::fetch_config(), i18n::install_early()).await;
        let lang = match early {
            Some(lang) => lang,
            None => {
                let address = leptos::prelude::window()
                    .location()
                    .search()
                    .unwrap_or_default();
                let wanted = web_sys::UrlSearchParams::new_with_str(&address)
                    .ok()
                    .and_then(|p| p.get("lang"));
                let lang = i18n::page_language(wanted.as_deref(), config.language.as_deref());
                match i18n::load(lang).await {
                    Ok(()) => lang,
                    Err(why) => {
                        leptos::logging::warn!("{why}; the texts are shown in English");
                        let _ = i18n::load(i18n::Lang::En).await;
                        i18n::Lang::En
                    }
                }
            }
        };
        i18n::set_chosen(lang);
        for problem in &problems {
            leptos::logging::warn!("{problem}");
        }
        timing::mark("learnmap:config");
        let config = std::sync::Arc::new(config);
        let problems = problems.len();
        // the page in a task of its own, after the configuration's
        state::next_task().await;
        // the page's "loading" notice (public/boot.js), now that the app is in
        if let Some(notice) = leptos::prelude::document().get_element_by_id("lm-boot") {
            notice.remove();
        }
        leptos::mount::mount_to_body(move || {
            leptos::prelude::view! { <components::app::App config=config problems=problems/> }
        });
        timing::mark("learnmap:mounted");
        crash::test_trigger();
    });
}
