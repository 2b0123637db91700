//! The results panel: a bottom sheet on phones (collapsed, half, full), a
//! side panel on wide screens, with a list/map toggle.

use crate::components::{
    clear_filters::ClearFilters, events_list::EventsList, filter_bar::FilterBar,
    locate_button::LocateButton, results_list::ResultsList, show_tabs::ShowTabs,
};
use crate::i18n::{t, Msg};
use crate::state::AppState;
use crate::url_state::{Show, View};
use leptos::prelude::*;

/// How far the sheet is pulled up on a phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Height {
    Collapsed,
    Half,
    Full,
}

impl Height {
    fn next(self) -> Self {
        match self {
            Height::Collapsed => Height::Half,
            Height::Half => Height::Full,
            Height::Full => Height::Collapsed,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Height::Collapsed => "collapsed",
            Height::Half => "half",
            Height::Full => "full",
        }
    }
}

/// The filters and results. `view=list` opens it fully.
#[component]
pub fn Sheet() -> impl IntoView {
    let state = AppState::expect();
    let ui = state.lang;
    let height = RwSignal::new(if state.view.get_untracked().view == View::List {
        Height::Full
    } else {
        Height::Half
    });
    // the list/map toggle and the sheet's height follow each other; only a
    // change of view=, not any change of the view (bug: a sheet pulled up to
    // full dropped back to half when the map settled or a search was typed)
    let list = Memo::new(move |_| state.view.read().view == View::List);
    // places or events: only a change of show= changes the list shown
    let show = Memo::new(move |_| state.view.read().show);
    Effect::new(move |_| {
        let list = list.get();
        height.update(|h| {
            if list {
                *h = Height::Full;
            } else if *h == Height::Full {
                *h = Height::Half;
            }
        });
    });
    let toggle_view = move |_| {
        state.view.update(|v| {
            v.view = match v.view {
                View::List => View::Map,
                View::Map => View::List,
            }
        })
    };
    view! {
        <section class="lm-sheet" data-height=move || height.get().name() aria-label=move || t(ui.get(), Msg::Results)>
            <div class="lm-sheet-bar">
                <ClearFilters/>
                <button
                    type="button"
                    class="lm-handle"
                    aria-expanded=move || if height.get() == Height::Collapsed { "false" } else { "true" }
                    aria-controls="lm-sheet-body"
                    on:click=move |_| {
                        // the list view is the sheet pulled up full: the
                        // handle keeps the two in step (bug: after "List",
                        // the handle showed the map while the toggle, and
                        // the address's view=list, still said list)
                        let next = height.get_untracked().next();
                        height.set(next);
                        let full = next == Height::Full;
                        if list.get_untracked() != full {
                            state.view.update(|v| v.view = if full { View::List } else { View::Map });
                        }
                    }
                >
                    <span class="lm-handle-grip" aria-hidden="true"></span>
                    <span class="lm-visually-hidden">{move || t(ui.get(), Msg::Results)}</span>
                </button>
                // its label says what it shows next; no pressed state, which
                // read "Map, pressed" while the list was showing
                <button type="button" class="lm-view-toggle" on:click=toggle_view>
                    {move || if state.view.read().view == View::List { t(ui.get(), Msg::ShowMap) } else { t(ui.get(), Msg::ShowList) }}
                </button>
            </div>
            <div id="lm-sheet-body" class="lm-sheet-body">
                // "Near me" and the places / What's on switch share a line:
                // the half-open sheet still shows the first result
                <div class="lm-sheet-top">
                    <LocateButton/>
                    <ShowTabs/>
                </div>
                <FilterBar/>
                {move || if show.get() == Show::Events {
                    view! { <EventsList/> }.into_any()
                } else {
                    view! { <ResultsList/> }.into_any()
                }}
            </div>
        </section>
    }
}
