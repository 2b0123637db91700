//! The app's state, provided once through context.

use crate::clock::minute_clock;
use crate::i18n::Lang;
use crate::load_failure::LoadFailure;
use crate::query::filter_of;
use crate::url_state::ViewState;
use learnmap_core::config::{DataSource, SiteConfig};
use learnmap_core::{Dataset, Facets, Filter, Hit, LonLat, PlaceIds, SpaceIndex};
use leptos::prelude::*;
use std::sync::Arc;

/// Learning spaces that loaded, with their index.
#[derive(Debug)]
pub struct Places {
    /// What the loader gave: places and problems.
    pub dataset: Dataset,
    /// The spatial index over `dataset.spaces`.
    pub index: SpaceIndex,
    /// The middle of the data: where results are measured from until the
    /// user says where they are.
    pub centre: LonLat,
    /// Every language offered somewhere in the data, sorted.
    pub languages: Vec<String>,
    /// Data sources that could not be loaded while others could.
    pub failed: Vec<LoadFailure>,
    /// The places by id (`sel=`).
    pub ids: PlaceIds,
    /// When the oldest saved copy shown in place of a file that could not
    /// be loaded was saved (ms since 1970; see [`crate::saved`]).
    pub saved_at: Option<f64>,
}

impl Places {
    /// Indexes a loaded dataset; `failed` names the sources that are missing from it.
    pub fn new(dataset: Dataset, failed: Vec<LoadFailure>) -> Self {
        let index = SpaceIndex::new(&dataset.spaces);
        Places::indexed(dataset, index, failed)
    }

    /// [`Places::new`] with the index already built (start-up builds it in
    /// a task of its own: src/data_source.rs).
    pub fn indexed(dataset: Dataset, index: SpaceIndex, failed: Vec<LoadFailure>) -> Self {
        let centre = crate::query::centre_of(&dataset.spaces);
        let mut languages: Vec<String> = dataset
            .spaces
            .iter()
            .flat_map(|s| s.languages().map(|l| l.to_ascii_lowercase()))
            .collect();
        languages.sort_unstable();
        languages.dedup();
        let ids = PlaceIds::new(&dataset.spaces);
        Places {
            ids,
            dataset,
            index,
            centre,
            languages,
            failed,
            saved_at: None,
        }
    }

    /// The place with this id, as an index into `dataset.spaces`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.ids.find(&self.dataset.spaces, id)
    }
}

/// Where loading the data stands.
#[derive(Clone, Debug, Default)]
pub enum DataState {
    /// Nothing asked for yet.
    #[default]
    Idle,
    /// A request is under way.
    Loading,
    /// The data loaded (perhaps with skipped features).
    Ready(Arc<Places>),
    /// No data could be loaded; the failure says why.
    Failed(LoadFailure),
}

impl DataState {
    /// The places, when loaded.
    pub fn places(&self) -> Option<Arc<Places>> {
        match self {
            DataState::Ready(places) => Some(places.clone()),
            _ => None,
        }
    }
}

/// How finding the user's position goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Locating {
    /// Not asked.
    #[default]
    Idle,
    /// Waiting for the browser.
    Busy,
    /// The browser gave the user's position.
    Located,
    /// Refused, unavailable or blocked: the user may tap the map instead.
    Failed,
    /// The user chose a point on the map; further taps move it.
    Picked,
}

/// How many results the list shows at first, and adds per "Show more".
pub const PAGE: usize = 10;

/// The state shared by every component.
#[derive(Clone, Copy, Debug)]
pub struct AppState {
    /// The learning spaces and how loading them went.
    pub data: RwSignal<DataState>,
    /// The south-west and north-east corners of the places being loaded,
    /// known a step before they are indexed and shown: the map goes there
    /// first, so its tiles download while the results are worked out.
    pub extent: RwSignal<Option<learnmap_core::BBox>>,
    /// The site's configuration (`config.json`).
    pub config: StoredValue<Arc<SiteConfig>>,
    /// How many problems `config.json` has (listed in the console).
    pub config_problems: usize,
    /// Where the data comes from (absolute addresses).
    pub sources: RwSignal<Vec<DataSource>>,
    /// Whether map tiles failed to load (the map stays usable without them).
    pub tiles_failed: RwSignal<bool>,
    /// Whether the map itself (Leaflet) could not load (the list still works).
    pub map_failed: RwSignal<bool>,
    /// The interface language.
    pub lang: RwSignal<Lang>,
    /// What the address carries: place, filters, selection, map view.
    pub view: RwSignal<ViewState>,
    /// How many results the list shows.
    pub limit: RwSignal<usize>,
    /// Finding the user's position.
    pub locating: RwSignal<Locating>,
    /// Bumped when the user says where they are through "Near me" or the
    /// list of starting points: the map then shows that point with its
    /// nearest results. (A tap on the map leaves the map where it is.)
    pub reveal: RwSignal<u32>,
    /// The places' time zone (IANA), when the site names one and the
    /// browser knows it; `None`: the viewer's own.
    pub time_zone: StoredValue<Option<String>>,
    /// The local time to the minute in the places' time zone (for "open
    /// now" and opening states).
    pub now: RwSignal<chrono::NaiveDateTime>,
    /// The core filter for the current view. It changes only when the
    /// filter does: moving the map or selecting a place leaves it (and so
    /// the results, counts and markers) alone.
    pub filter: Memo<Filter>,
    /// The nearest matching places, nearest first, up to `limit`.
    pub results: Memo<Vec<Hit>>,
    /// The filter the counts are for: `filter`, a frame late, so that a
    /// change paints its results and markers first, then the counts.
    pub counted: RwSignal<Filter>,
    /// The counts under `counted`, from the core: how many places match
    /// (`total`, in the status line) and each chip's count.
    pub facets: Memo<Facets>,
}

/// Lets the browser run what waits (input, paint, other tasks) before the
/// caller goes on, in a task of its own: the steps of starting up (the
/// configuration, the page, reading the data, indexing it, the first
/// results) are then several short tasks instead of one long one that
/// blocks a phone for a third of a second (Lighthouse's total blocking
/// time, issue 19).
///
/// A task posted with `scheduler.postTask` where the browser has it
/// (Chromium 94 and later), at the priority of any other task, so the map's
/// script and the network's answers take their turns; `setTimeout`
/// elsewhere, which browsers hold back 4 ms once five are nested (reading
/// 10,000 places takes dozens of such steps on a phone).
pub async fn next_task() {
    use wasm_bindgen::JsCast;
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into())
        .ok()
        .filter(|s| s.is_object());
    let post_task = scheduler.as_ref().and_then(|s| {
        js_sys::Reflect::get(s, &"postTask".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let posted = match (&scheduler, &post_task) {
            (Some(s), Some(post)) => post.call1(s, &resolve).is_ok(),
            _ => false,
        };
        if !posted {
            let _ = window().set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The time zone the places' opening hours are read in: the sources' own
/// (`config.json` `time_zone`, or a source's) when they agree, else the
/// site's. `None` (the viewer's zone) without one, or when the browser does
/// not know it (said in the console).
fn places_zone(config: &SiteConfig, sources: &[DataSource]) -> Option<String> {
    let mut zones = sources.iter().map(|s| config.zone_of(s));
    let first = zones.next().flatten();
    let zone = if zones.all(|z| z == first) {
        first
    } else {
        leptos::logging::warn!(
            "config.json: the sources name different time zones; opening hours are read in the site's ({})",
            config.time_zone.as_deref().unwrap_or("the viewer's")
        );
        config.time_zone.as_deref()
    }
    .or(config.time_zone.as_deref())?;
    if crate::clock::zone_known(zone) {
        Some(zone.to_owned())
    } else {
        leptos::logging::warn!(
            "config.json: this browser does not know the time zone \"{zone}\", so opening hours are read in the viewer's"
        );
        None
    }
}

/// Runs `f` in a task of its own once the next frame has been painted.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

impl AppState {
    /// Fresh state for a site's configuration and data sources.
    pub fn new(config: Arc<SiteConfig>, config_problems: usize, sources: Vec<DataSource>) -> Self {
        let data = RwSignal::new(DataState::Idle);
        let view = RwSignal::new(ViewState::default());
        let limit = RwSignal::new(PAGE);
        let time_zone = places_zone(&config, &sources);
        let now = minute_clock(time_zone.clone());
        // `now` to the minute: with `open=now`, a clock read to the second made
        // every view change (each map move) a new filter, and recomputed the
        // results, filter counts and markers (bug; tests/web.rs names it)
        let filter = Memo::new(move |_| filter_of(&view.read(), now.get()));
        // only where the user is, not the whole view (a map move changes the view)
        let at = Memo::new(move |_| view.read().at);
        let results = Memo::new(move |_| {
            let Some(places) = data.read().places() else {
                return Vec::new();
            };
            let origin = at.get().unwrap_or(places.centre);
            places
                .index
                .nearest(&places.dataset.spaces, origin, limit.get(), &filter.read())
        });
        // The counts follow the filter a frame late: a change shows its results
        // and markers first, then the counts. Laying out and painting some forty
        // chips' new counts took a sixth of a change's frame at 10k places
        // (bench/README.md).
        let counted = RwSignal::new(filter.get_untracked());
        Effect::new(move |_| {
            let filter = filter.get();
            after_next_paint(move || {
                if counted.try_with_untracked(|c| *c != filter) == Some(true) {
                    counted.set(filter);
                }
            });
        });
        // "Open now" counts at the address's time (open=...), else the clock's;
        // which places are open then follows that time and the data only, so it
        // is worked out once per minute, not at each filter change.
        let open_time = Memo::new(move |_| counted.read().open_at.unwrap_or_else(|| now.get()));
        let open_now = Memo::new(move |_| {
            let at = open_time.get();
            data.read()
                .places()
                .map(|p| learnmap_core::open_places(&p.dataset.spaces, at))
                .unwrap_or_default()
        });
        // one pass over the places per counted filter, for the chips and the
        // status line alike
        let facets = Memo::new(move |_| {
            data.read()
                .places()
                .map(|p| {
                    p.index
                        .facets(&p.dataset.spaces, &counted.read(), Some(&open_now.read()))
                })
                .unwrap_or_default()
        });
        AppState {
            data,
            extent: RwSignal::new(None),
            config: StoredValue::new(config),
            config_problems,
            sources: RwSignal::new(sources),
            tiles_failed: RwSignal::new(false),
            map_failed: RwSignal::new(false),
            lang: RwSignal::new(Lang::En),
            view,
            limit,
            locating: RwSignal::new(Locating::Idle),
            reveal: RwSignal::new(0),
            time_zone: StoredValue::new(time_zone),
            now,
            filter,
            results,
            counted,
            facets,
        }
    }

    /// Puts the state into context for the components below.
    pub fn provide(self) -> Self {
        provide_context(self);
        self
    }

    /// The state from context.
    ///
    /// # Panics
    /// When no ancestor called [`AppState::provide`].
    pub fn expect() -> Self {
        expect_context::<AppState>()
    }

    /// Changes the view (and so the address).
    pub fn update_view(&self, change: impl FnOnce(&mut ViewState)) {
        self.view.update(change);
        self.limit.set(PAGE);
    }

    /// A learning area's label: the city's own (from `config.json`) when it
    /// has one for this language, else the app's.
    pub fn area_label(&self, lang: Lang, area: learnmap_core::LearningArea) -> String {
        self.config
            .with_value(|c| c.area_label(area, lang.code()).map(str::to_owned))
            .unwrap_or_else(|| crate::i18n::area_label(lang, area).to_owned())
    }

    /// The deepest zoom the map offers (`config.json` `tiles.max_zoom`), as a
    /// cluster zoom: places in one cluster there are one spot to a resident
    /// (the map opens them as one, the details name the others).
    pub fn deepest_zoom(&self) -> u8 {
        self.config
            .with_value(|c| c.tiles.max_zoom)
            .clamp(0.0, f64::from(learnmap_core::cluster::MAX_ZOOM)) as u8
    }

    /// Whether the site shows this filter control (`config.json` `filters`).
    pub fn shows(&self, control: learnmap_core::config::FilterControl) -> bool {
        self.config.with_value(|c| c.shows(control))
    }

    /// The user said where they are ("Near me", or a starting point they
    /// picked): distances are measured from `at`, and the map shows it with
    /// its nearest results.
    pub fn start_at(&self, at: learnmap_core::LonLat, how: Locating) {
        self.locating.set(how);
        self.update_view(|v| v.at = Some(at));
        self.reveal.update(|n| *n += 1);
    }

    /// The festival of `config.json`, when today (in the city's time) is
    /// one of its days.
    pub fn festival_today(&self) -> Option<learnmap_core::config::Festival> {
        let today = self.now.get().date();
        self.config
            .with_value(|c| c.festival.clone())
            .filter(|f| f.is_on(today))
    }

    /// Selects a place (opens its details), or none (closes the details,
    /// a place's or an event's).
    pub fn select(&self, id: Option<String>) {
        self.view.update(|v| {
            v.event = None;
            v.sel = id;
        });
    }

    /// Opens an event's details (`event=`), in place of a place's.
    pub fn select_event(&self, id: String) {
        self.view.update(|v| {
            v.sel = None;
            v.event = Some(id);
        });
    }
}
