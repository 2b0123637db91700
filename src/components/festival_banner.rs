//! The festival's banner (`config.json` `festival`), during its days: its
//! words, and a button that prints its programme.

use crate::i18n::{t, Msg};
use crate::state::AppState;
use leptos::prelude::*;

/// The banner, shown while the festival is on (in the city's time).
#[component]
pub fn FestivalBanner() -> impl IntoView {
    let state = AppState::expect();
    move || {
        let festival = state.festival_today()?;
        let lang = state.lang.get();
        let text = festival.banner_in(lang.code()).to_owned();
        Some(view! {
            <div class="lm-festival" role="region" aria-label=festival.name.clone()>
                <p class="lm-festival-banner" dir="auto">{text}</p>
                <button
                    type="button"
                    class="lm-link-button lm-print-programme"
                    on:click=move |_| {
                        let _ = window().print();
                    }
                >
                    {t(lang, Msg::Programme)}
                </button>
            </div>
        })
    }
}
