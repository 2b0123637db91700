//! "What's on": the events and courses beside the places (`show=events`),
//! loaded when first shown, and the answers for the view: those matching the
//! filters with a session in the `when=` window, nearest first.

use crate::data_source::{events_sources_for, fetch_events, LoadFailure};
use crate::state::{AppState, DataState};
use crate::url_state::{Show, When};
use learnmap_core::events::{Event, EventFilter, EventHit, EventIndex, Order};
use learnmap_core::{age_range_of, LonLat};
use leptos::prelude::*;
use std::sync::Arc;

/// Events that loaded, and their time zone.
#[derive(Debug)]
pub struct Events {
    /// The events of every source, in order.
    pub events: Vec<Event>,
    /// The zone of their local times (the file's, the source's or the
    /// site's), when known.
    pub zone: Option<String>,
}

/// Where loading the events stands.
#[derive(Clone, Debug, Default)]
pub enum EventsState {
    /// Not asked for yet ("What's on" not shown).
    #[default]
    Idle,
    /// Under way.
    Loading,
    /// Loaded.
    Ready(Arc<Events>),
    /// Could not be loaded (or `events=` was refused).
    Failed(LoadFailure),
}

/// The events indexed with the places they are at (positions by place id).
#[derive(Clone, Debug)]
pub struct Indexed(pub Arc<Events>, pub Arc<EventIndex>);

impl PartialEq for Indexed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) && Arc::ptr_eq(&self.1, &other.1)
    }
}

/// "What's on", in context beside [`AppState`].
#[derive(Clone, Copy, Debug)]
pub struct WhatsOn {
    /// The events and how loading them goes.
    pub state: RwSignal<EventsState>,
    /// The events with their positions, once the places are in.
    pub indexed: Memo<Option<Indexed>>,
    /// The answers for the view, nearest first, up to the list's limit.
    pub results: Memo<Vec<EventHit>>,
    /// The local time in the events' zone, to the minute.
    pub now: Memo<chrono::NaiveDateTime>,
}

/// The events filter for the view's filters that events have.
fn filter_of(view: &crate::url_state::ViewState) -> EventFilter {
    EventFilter {
        ages: match (view.age, view.ages.is_empty()) {
            (Some(age), _) => Some((age, age)),
            (None, false) => Some(age_range_of(view.ages)),
            (None, true) => None,
        },
        learning_areas: view.areas,
        audiences: view.audiences,
        free: view.free,
        language: view.speaks.clone(),
        text: view.q.clone(),
        ..EventFilter::default()
    }
}

impl WhatsOn {
    /// Makes "What's on" for the app's state and provides it.
    pub fn provide(app: AppState) -> Self {
        let state = RwSignal::new(EventsState::Idle);
        let show = Memo::new(move |_| app.view.read().show);
        // loaded the first time it is shown, or an event's details or a
        // place's (which lists its upcoming events) are opened
        // (and during a festival, for its programme)
        let wanted = Memo::new(move |_| {
            let view = app.view.read();
            view.show == Show::Events
                || view.event.is_some()
                || view.sel.is_some()
                || app.festival_today().is_some()
        });
        Effect::new(move |_| {
            if wanted.get() && matches!(state.get_untracked(), EventsState::Idle) {
                load(app, state);
            }
        });
        let indexed = Memo::new(move |_| {
            let EventsState::Ready(events) = state.get() else {
                return None;
            };
            // an event at a place of the data needs the places for its position:
            // while they load, nothing is listed (bug: an events file that came
            // first was listed without distances, then reordered under the finger)
            let places = match &*app.data.read() {
                DataState::Loading => return None,
                data => data.places(),
            };
            let by_id: rustc_hash::FxHashMap<&str, LonLat> = places
                .iter()
                .flat_map(|p| p.dataset.spaces.iter().map(|s| (s.id(), s.position)))
                .collect();
            let index = EventIndex::new(&events.events, |id| by_id.get(id).copied());
            Some(Indexed(events, Arc::new(index)))
        });
        // the events' own zone when it is not the places'
        let now = Memo::new(move |_| {
            let places_now = app.now.get();
            let zone = match state.read().clone() {
                EventsState::Ready(e) => e.zone.clone(),
                _ => None,
            };
            match zone {
                Some(z)
                    if app
                        .time_zone
                        .with_value(|p| p.as_deref() != Some(z.as_str())) =>
                {
                    crate::clock::now_in(Some(&z))
                }
                _ => places_now,
            }
        });
        let filter = Memo::new(move |_| filter_of(&app.view.read()));
        let when = Memo::new(move |_| app.view.read().when.unwrap_or(When::Week));
        let at = Memo::new(move |_| app.view.read().at);
        let results = Memo::new(move |_| {
            let Some(Indexed(events, index)) = indexed.get() else {
                return Vec::new();
            };
            if show.get() != Show::Events {
                return Vec::new();
            }
            let origin = at
                .get()
                .or_else(|| app.data.read().places().map(|p| p.centre));
            let (from, to) = when.get().window(now.get());
            index.query(
                &events.events,
                &filter.read(),
                origin,
                from,
                to,
                app.limit.get(),
                Order::Nearest,
            )
        });
        let whats_on = WhatsOn {
            state,
            indexed,
            results,
            now,
        };
        provide_context(whats_on);
        whats_on
    }

    /// "What's on" from context.
    ///
    /// # Panics
    /// When no ancestor called [`WhatsOn::provide`].
    pub fn expect() -> Self {
        expect_context::<WhatsOn>()
    }
}

/// Fetches every events source (the address's `events=`, else the site's).
fn load(app: AppState, state: RwSignal<EventsState>) {
    let href = window().location().href().unwrap_or_default();
    let wanted = app.view.with_untracked(|v| v.events.clone());
    let config = app.config.get_value();
    let sources = match events_sources_for(&href, &config, wanted.as_deref()) {
        Ok(sources) => sources,
        Err(refused) => {
            state.set(EventsState::Failed(refused));
            return;
        }
    };
    state.set(EventsState::Loading);
    leptos::task::spawn_local(async move {
        let mut all = Events {
            events: Vec::new(),
            zone: None,
        };
        let mut failed = None;
        for source in &sources {
            match fetch_events(source).await {
                Ok(set) => {
                    // the file's zone, else the source's, else the site's
                    let zone = set
                        .time_zone
                        .clone()
                        .or_else(|| config.zone_of(source).map(str::to_owned));
                    all.zone = all.zone.or(zone);
                    all.events.extend(set.events);
                }
                Err(why) => {
                    leptos::logging::warn!("{why}");
                    failed.get_or_insert(why);
                }
            }
        }
        match failed {
            Some(why) if all.events.is_empty() => state.set(EventsState::Failed(why)),
            _ => state.set(EventsState::Ready(Arc::new(all))),
        }
    });
}
