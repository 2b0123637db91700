//! The Leaflet map: matching places as markers, clustered when they crowd,
//! the selected place highlighted, and the user's position. This component
//! wires the state to the map; the Leaflet adapter, the layout arithmetic
//! and the markers are in `crate::map`.

use crate::i18n::{t, Msg};
use crate::map::layout::{fit_points, show_view, shown_view, shows_point};
use crate::map::leaflet::{attribution_html, icon, leaflet_loaded, wheel_zoom};
use crate::map::markers::{Action, Markers, CLUSTER_SIZE, PLACE_SIZE};
use crate::state::{AppState, Locating};
use leaflet::{
    CircleMarker, FeatureGroup, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, PathOptions,
    TileLayer, TileLayerOptions,
};
use learnmap_core::LonLat;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Hamburg, shown until the configuration or the data says where to look.
const START: (f64, f64, f64) = (53.55, 10.0, 11.0);

/// The zoom the map goes to for a selected place.
const PLACE_ZOOM: f64 = 16.0;

/// How many of the nearest results the map shows around where the user is.
const REVEAL_NEAREST: usize = 5;

struct Leaflet {
    map: Map,
    /// The markers of places and clusters; their layer's one handler serves them all.
    markers: Markers,
    here: LayerGroup,
    /// The map's tiles: on the map once it has been put where it starts
    /// ([`Leaflet::show_tiles`]).
    tiles: TileLayer,
    tiles_shown: std::cell::Cell<bool>,
    /// The handler of `places`, alive as long as the map.
    _on_activate: Closure<dyn Fn(JsValue)>,
}

impl Leaflet {
    /// Puts the tiles on the map, once. Not before the map is where it
    /// starts (the data's extent, the address's view): tiles of the
    /// placeholder view were downloaded for nothing and competed with the
    /// data on a slow network (demo data: eight tiles at zoom 11, then the
    /// twelve of the fitted view at zoom 10; issue 19).
    fn show_tiles(&self) {
        if !self.tiles_shown.replace(true) {
            self.tiles.add_to(&self.map);
        }
    }
}

/// The interactive map. Markers and clusters are keyboard-focusable Leaflet
/// elements whose accessible names are set as text, never as HTML.
#[component]
pub fn MapView() -> impl IntoView {
    let state = AppState::expect();
    let container = NodeRef::<Div>::new();
    let leaflet = StoredValue::new_local(None::<Leaflet>);
    // bumped by Leaflet after every move or zoom
    let moved = RwSignal::new(0u32);
    // whether the map has been put where the address (or the data) says
    let fitted = StoredValue::new(false);
    // the extent the map was fitted to, and the view that gave: while the
    // view is still that, a wider extent (the places, when the files'
    // stated bbox left some out) fits the map again
    let fitted_to = StoredValue::new(None::<(learnmap_core::BBox, (LonLat, f64))>);
    // set once the map is made: the effects below wait for it (the data may
    // arrive first: boot.js fetches it while the app loads)
    let made = RwSignal::new(false);
    let sel = Memo::new(move |_| state.view.read().sel.clone());
    let here = Memo::new(move |_| state.view.read().at);
    let loaded = leaflet_loaded(state.map_failed);

    // The map is made in a task of its own, not in the page's first
    // render: Leaflet's set-up took ~140 ms of a 350 ms task at 4x CPU
    // (issue 19, bench/startup.mjs).
    let making = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(element) = container.get() else {
            return;
        };
        if !loaded.get() || making.get_value() {
            return;
        }
        making.set_value(true);
        leptos::task::spawn_local(async move {
            crate::state::next_task().await;
            if leaflet.try_with_value(Option::is_none) != Some(true) {
                return;
            }
            let l = create_map(&element, state, moved, fitted, leaflet);
            leaflet.set_value(Some(l));
            made.set(true);
            crate::timing::mark("learnmap:map-made");
        });
    });

    // Fit the data (or the view from the address) once, when it arrives:
    // as soon as the places' extent is known, before they are indexed and
    // listed (their tiles then download meanwhile), unless the address
    // names a place, which only the indexed places can find.
    Effect::new(move |_| {
        let extent = state.extent.get();
        let places = state.data.read().places();
        if extent.is_none() && places.is_none() {
            return;
        }
        if !made.get() {
            return;
        }
        if fitted.get_value() {
            let Some((extent, (before, view))) = extent.zip(fitted_to.get_value()) else {
                return;
            };
            if extent == before {
                return;
            }
            leaflet.with_value(|l| {
                let Some(l) = l else { return };
                // not if the resident has moved the map since
                if shown_view(&l.map) == view {
                    fitted_to.set_value(Some(fit_extent(&l.map, extent)));
                }
            });
            return;
        }
        let view = state.view.get_untracked();
        if places.is_none() && view.sel.is_some() && view.center.zip(view.zoom).is_none() {
            return;
        }
        fitted.set_value(true);
        // "Near me" pressed before the data came: the effect below puts the
        // map there (bug: the whole city was fitted over it)
        if view.at.is_some() && state.reveal.get_untracked() > 0 {
            leaflet.with_value(|l| l.as_ref().map(Leaflet::show_tiles));
            moved.update(|m| *m += 1);
            return;
        }
        leaflet.with_value(|l| {
            let Some(l) = l else { return };
            // the header may have grown since the map was made (the status line)
            l.map.invalidate_size(false);
            // the address's view, else the place it names (the effect below
            // shows it), else the city's chosen start, else all the places
            let config = state.config.get_value();
            let named = view
                .sel
                .as_deref()
                .zip(places.as_ref())
                .and_then(|(id, places)| places.find(id))
                .is_some();
            let start = match (view.center, view.zoom) {
                (Some(c), Some(z)) => Some((c, z)),
                _ if named => None,
                _ => config.center.zip(config.zoom),
            };
            match start {
                Some((c, z)) => {
                    let c = config.bounds.map_or(c, |b| b.clamp(c));
                    show_view(&l.map, c, z.min(config.tiles.max_zoom));
                }
                None if named => {}
                None => {
                    // the extent from loading, else (places set without it) theirs
                    let extent = extent.or_else(|| {
                        let places = places.as_ref()?;
                        learnmap_core::BBox::around(
                            places.dataset.spaces.iter().map(|s| s.position),
                        )
                    });
                    if let Some(extent) = extent {
                        fitted_to.set_value(Some(fit_extent(&l.map, extent)));
                    }
                }
            }
            l.show_tiles();
        });
        crate::timing::mark("learnmap:fitted");
        moved.update(|m| *m += 1);
    });

    // No data to fit: the tiles all the same, where the map is.
    Effect::new(move |_| {
        if made.get() && matches!(*state.data.read(), crate::state::DataState::Failed(_)) {
            leaflet.with_value(|l| l.as_ref().map(Leaflet::show_tiles));
        }
    });

    // Draw the matching places for the current view.
    let deepest = state.deepest_zoom();
    Effect::new(move |_| {
        moved.track();
        made.track();
        let filter = state.filter.get();
        let selected = sel.get();
        let lang = state.lang.get();
        let Some(places) = state.data.read().places() else {
            return;
        };
        leaflet.with_value(|l| {
            if let Some(l) = l {
                l.markers
                    .draw(&l.map, &places, &filter, selected.as_deref(), lang, deepest);
                crate::timing::mark("learnmap:markers");
            }
        });
    });

    // Show where the user is; when they said so through "Near me" or a
    // starting point (not a tap on the map), with the nearest results around it.
    // (The effect returns the last "reveal" it showed.)
    Effect::new(move |shown: Option<u32>| {
        let at = here.get();
        let reveal = state.reveal.get();
        made.track();
        let shown = shown.unwrap_or(0);
        leaflet.with_value(|l| {
            let Some(l) = l else { return shown };
            l.here.clear_layers();
            let Some(at) = at else { return shown };
            let options = PathOptions::default();
            options.set_class_name("lm-here".to_owned());
            options.set_interactive(false);
            let marker = CircleMarker::new_with_options(&LatLng::new(at.lat, at.lon), &options);
            marker.set_radius(8.0);
            marker.add_to_layer_group(&l.here);
            if reveal == shown {
                return shown;
            }
            // before the data the nearest are not known: shown when it comes
            // (bug: the reveal counted as shown and the map stayed on the city)
            let Some(places) = state.data.read().places() else {
                return shown;
            };
            let mut points = vec![at];
            state.results.with_untracked(|r| {
                for hit in r.iter().take(REVEAL_NEAREST) {
                    points.push(places.dataset.spaces[hit.index].position);
                }
            });
            fit_points(&l.map, &points, Some(PLACE_ZOOM), true);
            reveal
        })
    });

    // Go where the address says when it changes other than by the map
    // moving: Back and Forward. (Bug: closing a place's details goes back
    // to the entry before them, whose address had the map's earlier view,
    // but the map stayed zoomed in on the place: the address no longer said
    // what the screen showed, and the place sat half under the sheet.)
    let wanted = Memo::new(move |_| {
        let view = state.view.read();
        view.center.zip(view.zoom)
    });
    Effect::new(move |_| {
        let Some((center, zoom)) = wanted.get() else {
            return;
        };
        if !made.get() || !fitted.get_value() {
            return;
        }
        leaflet.with_value(|l| {
            let Some(l) = l else { return };
            if shown_view(&l.map) != (center, zoom) {
                show_view(&l.map, center, zoom);
            }
        });
    });

    // Bring the selected place into view.
    Effect::new(move |_| {
        let Some(id) = sel.get() else { return };
        // also when the data arrives after the address named a place (the
        // first fit then leaves the view to this; a centre and zoom in the
        // address still win, as the link asked for them)
        if state.data.read().places().is_none() || !made.get() {
            return;
        }
        // a frame later: the details dialog, which the place must not be
        // under, may not be drawn yet
        request_animation_frame(move || {
            if sel.get_untracked().as_ref() == Some(&id) {
                bring_into_view(&id, state, leaflet);
            }
        });
    });

    view! {
        <div
            node_ref=container
            class="lm-map"
            role="region"
            aria-label=move || t(state.lang.get(), Msg::MapLabel)
        ></div>
    }
}

fn create_map(
    element: &web_sys::HtmlDivElement,
    state: AppState,
    moved: RwSignal<u32>,
    fitted: StoredValue<bool>,
    leaflet: StoredValue<Option<Leaflet>, LocalStorage>,
) -> Leaflet {
    let config = state.config.get_value();
    let options = MapOptions::default();
    options.set_max_zoom(config.tiles.max_zoom);
    if let Some(b) = config.bounds {
        let bounds =
            LatLngBounds::new(&LatLng::new(b.south, b.west), &LatLng::new(b.north, b.east));
        options.set_max_bounds(bounds);
        options.set_max_bounds_viscosity(0.8);
    }
    // In an iframe the wheel scrolls the host page until the visitor clicks
    // the map (no scroll trap); leaving the map gives the wheel back.
    let embedded = document()
        .document_element()
        .is_some_and(|root| root.class_list().contains("lm-embed"));
    if embedded {
        options.set_scroll_wheel_zoom(false);
    }
    let map = Map::new_with_element(element, &options).expect("Leaflet is loaded (leaflet_loaded)");
    if embedded {
        for (event, on) in [("click", true), ("mouseout", false)] {
            let target = map.clone();
            let toggle = Closure::<dyn Fn()>::new(move || wheel_zoom(&target, on));
            map.on(event, toggle.as_ref());
            toggle.forget(); // once per map, which lives as long as the page
        }
    }
    let start = config.center.or(config.bounds.map(|b| b.centre()));
    let (lat, lon) = start.map_or((START.0, START.1), |c| (c.lat, c.lon));
    show_view(&map, LonLat { lat, lon }, config.zoom.unwrap_or(START.2));
    let tile_options = TileLayerOptions::default();
    tile_options.set_attribution(attribution_html(&config.tiles));
    tile_options.set_max_zoom(config.tiles.max_zoom);
    let tiles = TileLayer::new_options(&config.tiles.url, &tile_options);
    let on_error = Closure::<dyn Fn()>::new(move || state.tiles_failed.set(true));
    tiles.on("tileerror", on_error.as_ref());
    on_error.forget();

    let on_move = {
        let map = map.clone();
        Closure::<dyn Fn()>::new(move || {
            moved.update(|m| *m += 1);
            // Until the map has been put where the address (or the data)
            // says, its moves (a resize, say) are not the user's view (bug:
            // the start view overwrote the `center` and `zoom` of a link).
            if !fitted.get_value() {
                return;
            }
            let (center, zoom) = shown_view(&map);
            state.view.update(|v| {
                v.center = Some(center);
                v.zoom = Some(zoom);
            });
        })
    };
    map.on("moveend", on_move.as_ref());
    on_move.forget();

    // The sheet's height changes, and the controls at the bottom follow it
    // on phones (the style sheet): once they have moved, the markers are
    // drawn again, clear of them (markers.rs).
    let controls_moved = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let moved_over_map = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| {
                let classes = t.class_list();
                classes.contains("leaflet-bottom") || classes.contains("lm-sheet")
            });
        if moved_over_map {
            moved.update(|m| *m += 1);
        }
    });
    let _ = document()
        .add_event_listener_with_callback("transitionend", controls_moved.as_ref().unchecked_ref());
    controls_moved.forget(); // once per map, which lives as long as the page

    // When the position is not available, a tap on the map says where the user is.
    map.on_mouse_click(Box::new(move |e| {
        if matches!(
            state.locating.get_untracked(),
            Locating::Failed | Locating::Picked
        ) {
            let p = e.lat_lng();
            state.locating.set(Locating::Picked);
            state.update_view(|v| {
                v.at = Some(LonLat {
                    lat: p.lat(),
                    lon: p.lng(),
                })
            });
        }
    }));

    let places = FeatureGroup::new();
    let on_activate = on_activate(leaflet, state);
    // Enter on a focused marker reaches Leaflet as a `keypress` of the marker
    places.on("click keypress", on_activate.as_ref());
    places.add_to(&map);
    let here = LayerGroup::new();
    here.add_to(&map);
    Leaflet {
        map,
        markers: Markers::new(
            places,
            icon("lm-marker", PLACE_SIZE),
            icon("lm-cluster", CLUSTER_SIZE),
        ),
        here,
        tiles,
        tiles_shown: std::cell::Cell::new(false),
        _on_activate: on_activate,
    }
}

/// Fits the map to `extent`, at once; the extent and the view that gave.
fn fit_extent(map: &Map, extent: learnmap_core::BBox) -> (learnmap_core::BBox, (LonLat, f64)) {
    fit_points(map, &extent.corners(), None, false);
    (extent, shown_view(map))
}

/// Moves the map to a place when it is out of view, or zooms in on it.
fn bring_into_view(id: &str, state: AppState, leaflet: StoredValue<Option<Leaflet>, LocalStorage>) {
    let Some(places) = state.data.read_untracked().places() else {
        return;
    };
    let Some(i) = places.find(id) else { return };
    let p = places.dataset.spaces[i].position;
    leaflet.with_value(|l| {
        if let Some(l) = l {
            let zoom = l.map.get_zoom();
            if !shows_point(&l.map, p) || zoom < PLACE_ZOOM {
                fit_points(&l.map, &[p], Some(zoom.max(PLACE_ZOOM)), true);
            }
        }
    });
}

/// One handler for the clicks (mouse, touch, or Enter on a focused marker)
/// of every marker, on their group: markers carry no closures of their own,
/// so nothing is left behind when a marker goes.
fn on_activate(
    leaflet: StoredValue<Option<Leaflet>, LocalStorage>,
    state: AppState,
) -> Closure<dyn Fn(JsValue)> {
    Closure::new(move |e: JsValue| {
        let get = |o: &JsValue, k: &str| {
            js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
        };
        // Leaflet passes a marker's key presses on as `keypress`; Enter activates it
        if get(&e, "type").as_string().as_deref() == Some("keypress")
            && get(&get(&e, "originalEvent"), "key").as_string().as_deref() != Some("Enter")
        {
            return;
        }
        let layer = get(&e, "layer");
        let found = leaflet.with_value(|l| {
            l.as_ref().and_then(|l| {
                let action = l.markers.action_of(&layer)?;
                Some((action, l.map.clone()))
            })
        });
        match found {
            Some((Action::Select(id), _)) => state.select(Some(id)),
            Some((Action::Zoom { lat, lon, zoom }, map)) => {
                // The cluster's marker goes with the zoom: focus on it stays
                // in the map (bug: Enter on a cluster left the keyboard on
                // the page's body, back at its start).
                let container = map.get_container();
                if document()
                    .active_element()
                    .is_some_and(|a| container.contains(Some(&a)))
                {
                    let _ = container.focus();
                }
                map.set_view(&LatLng::new(lat, lon), zoom);
            }
            None => {}
        }
    })
}
