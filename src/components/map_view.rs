//! The Leaflet map: matching places as markers, clustered when they crowd,
//! the selected place highlighted, and the user's position.

use crate::i18n::{count_places, number, t, Msg};
use crate::leaflet_ext::{marker_element, DivIcon};
use crate::state::{AppState, Locating, Places};
use leaflet::{
    CircleMarker, DivIconOptions, FeatureGroup, LatLng, LatLngBounds, LayerGroup, Map, MapOptions,
    Marker, MarkerOptions, PathOptions, Point, TileLayer, TileLayerOptions,
};
use learnmap_core::{BBox, LonLat};
use leptos::html::Div;
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// Hamburg, shown until the configuration or the data says where to look.
const START: (f64, f64, f64) = (53.55, 10.0, 11.0);
/// The zoom the map goes to for a selected place.
const PLACE_ZOOM: f64 = 16.0;
/// How many of the nearest results the map shows around where the user is.
const REVEAL_NEAREST: usize = 5;

struct Leaflet {
    map: Map,
    /// The markers of places and clusters; its one handler serves them all.
    places: FeatureGroup,
    here: LayerGroup,
    /// Shared by every place marker, and by every cluster.
    place_icon: DivIcon,
    cluster_icon: DivIcon,
    drawn: RefCell<Drawn>,
    /// The handler of `places`, alive as long as the map.
    _on_activate: Closure<dyn Fn(JsValue)>,
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
    // set once the map is made: the effects below wait for it (the data may
    // arrive first: boot.js fetches it while the app loads)
    let made = RwSignal::new(false);
    let sel = Memo::new(move |_| state.view.read().sel.clone());
    let here = Memo::new(move |_| state.view.read().at);
    let loaded = leaflet_loaded(state.map_failed);

    Effect::new(move |_| {
        let Some(element) = container.get() else {
            return;
        };
        if !loaded.get() {
            return;
        }
        if leaflet.with_value(Option::is_none) {
            let l = create_map(&element, state, moved, fitted, leaflet);
            leaflet.set_value(Some(l));
            made.set(true);
        }
    });

    // Fit the data (or the view from the address) once, when it arrives.
    Effect::new(move |_| {
        let Some(places) = state.data.read().places() else {
            return;
        };
        if fitted.get_value() || !made.get() {
            return;
        }
        fitted.set_value(true);
        let view = state.view.get_untracked();
        leaflet.with_value(|l| {
            let Some(l) = l else { return };
            // the header may have grown since the map was made (the status line)
            l.map.invalidate_size(false);
            // the address's view, else the place it names (the effect below
            // shows it), else the city's chosen start, else all the places
            let config = state.config.get_value();
            let named = view.sel.as_deref().and_then(|id| places.find(id)).is_some();
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
                None => fit(&l.map, &places),
            }
        });
        moved.update(|m| *m += 1);
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
                draw(l, &places, &filter, selected.as_deref(), lang, deepest);
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
            let Some(places) = state.data.read_untracked().places() else {
                return reveal;
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

/// Becomes true once Leaflet (`L`) is loaded. The page loads it after the
/// app's own files (public/boot.js), so that on a slow network it does not
/// share their bandwidth: the nearest places are listed first, and the map
/// follows. If it cannot load, `failed` is set (a notice says so) and the
/// list still works.
fn leaflet_loaded(failed: RwSignal<bool>) -> RwSignal<bool> {
    let global = js_sys::global();
    // its value, not the property: a page may define `L` before setting it
    let has_l = js_sys::Reflect::get(&global, &JsValue::from_str("L")).is_ok_and(|l| l.is_object());
    let loaded = RwSignal::new(has_l);
    if !has_l {
        let pending = js_sys::Reflect::get(&global, &JsValue::from_str("learnmapLeaflet"))
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        match pending {
            Some(pending) => leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(pending).await {
                    Ok(_) => loaded.set(true),
                    Err(e) => {
                        let why = e
                            .dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message()))
                            .unwrap_or_default();
                        leptos::logging::warn!("the map could not load: {why}");
                        failed.set(true);
                    }
                }
            }),
            None => {
                leptos::logging::warn!("the map needs Leaflet (L), and the page has none");
                failed.set(true);
            }
        }
    }
    loaded
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
    tiles.add_to(&map);

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
        places,
        here,
        place_icon: icon("lm-marker", 24.0),
        cluster_icon: icon("lm-cluster", 36.0),
        drawn: RefCell::new(Drawn::default()),
        _on_activate: on_activate,
    }
}

/// Turns Leaflet's mouse-wheel zoom handler on or off.
fn wheel_zoom(map: &Map, on: bool) {
    let Ok(handler) = js_sys::Reflect::get(map, &"scrollWheelZoom".into()) else {
        return;
    };
    let method = if on { "enable" } else { "disable" };
    if let Ok(f) = js_sys::Reflect::get(&handler, &method.into()) {
        if let Some(f) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&f) {
            let _ = f.call0(&handler);
        }
    }
}

/// Leaflet shows the attribution as HTML: the configured credit is escaped
/// and its link is an `http(s)` address checked by the core.
fn attribution_html(tiles: &learnmap_core::config::Tiles) -> String {
    let text = escape_html(&tiles.attribution);
    match &tiles.attribution_url {
        Some(url) => format!(
            "<a href=\"{}\" target=\"_blank\" rel=\"noopener\">{text}</a>",
            escape_html(url)
        ),
        None => text,
    }
}

/// Escapes text for an HTML text node or quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn fit(map: &Map, places: &Places) {
    let points: Vec<LonLat> = places.dataset.spaces.iter().map(|s| s.position).collect();
    fit_points(map, &points, None, false);
}

/// Leaflet's options for a move without animation.
fn still() -> js_sys::Object {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"animate".into(), &false.into());
    options
}

/// The centre of the part of the map the resident sees (to five decimals,
/// as the address has it) and the zoom: the address's `center`. On phones
/// that is the middle of the map above the sheet, on wide screens of the
/// whole map (bug: it was the middle of the whole map, on a phone the
/// sheet's top edge, so a link copied on a phone showed its place at the
/// top edge of a desktop's map).
fn shown_view(map: &Map) -> (LonLat, f64) {
    let zoom = map.get_zoom();
    let c = shifted(map, &map.get_center(), zoom, -covered_below(map) / 2.0);
    let center = LonLat {
        lat: (c.lat() * 1e5).round() / 1e5,
        lon: (c.lng() * 1e5).round() / 1e5,
    };
    (center, zoom)
}

/// Puts the map at `zoom` with `center` in the middle of the part the
/// resident sees, without animation: the reverse of [`shown_view`].
fn show_view(map: &Map, center: LonLat, zoom: f64) {
    let c = LatLng::new(center.lat, center.lon);
    let c = shifted(map, &c, zoom, covered_below(map) / 2.0);
    map.set_view_with_options(&c, zoom, &still());
}

/// The point `dy` pixels below `at` on the map at `zoom`.
fn shifted(map: &Map, at: &LatLng, zoom: f64, dy: f64) -> LatLng {
    let p = map.project_with_zoom(at, zoom);
    map.unproject_with_zoom(&Point::new(p.x(), p.y() + dy), zoom)
}

/// How many pixels at the bottom of the map the sheet covers: on phones
/// half of it, or more on short phones (the style sheet), measured unless
/// the list fills the screen; none on wide screens, where the list is
/// beside the map. The layout switches on the window's width (the style
/// sheet's 900px breakpoint), not the map's: beside the side panel the map
/// is narrower (bug: between 900 and 1280 px the places were fitted into
/// the top half).
fn covered_below(map: &Map) -> f64 {
    let height = f64::from(map.get_container().offset_height());
    if wide() {
        return 0.0;
    }
    document()
        .query_selector(".lm-sheet:not([data-height=full])")
        .ok()
        .flatten()
        .and_then(|sheet| sheet.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(height * 0.5, |sheet| {
            (height - f64::from(sheet.offset_top())).clamp(0.0, height * 0.8)
        })
}

/// Whether the window is wide enough for the side panel (the style
/// sheet's breakpoint).
fn wide() -> bool {
    window()
        .match_media("(min-width: 900px)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// How many pixels at the left and at the right of the map the details
/// dialog covers on wide screens, where it stands over the map beside the
/// side panel: the rest is the wider part beside it (bug: at 1024 px a
/// selected place was centred on the map, under the dialog). None on
/// phones, where the details are a sheet of their own, or with no dialog.
fn covered_sides(map: &Map) -> (f64, f64) {
    let dialog = document()
        .query_selector("div.lm-detail[role=dialog]")
        .ok()
        .flatten();
    let Some(dialog) = dialog.filter(|_| wide()) else {
        return (0.0, 0.0);
    };
    let d = dialog.get_bounding_client_rect();
    let m = map.get_container().get_bounding_client_rect();
    let (free_left, free_right) = (d.left() - m.left(), m.right() - d.right());
    if free_left >= free_right {
        (0.0, (m.width() - free_left).max(0.0))
    } else {
        ((m.width() - free_right).max(0.0), 0.0)
    }
}

/// Fits the map to some points, above the sheet on phones, zoomed in at
/// most to `max_zoom`; animated or not. The first placement of the map is
/// not: a move made while Leaflet animates a zoom is undone when the
/// animation ends (bug: "Near me" pressed as the map first zoomed to the
/// data left the map on the whole city).
fn fit_points(map: &Map, points: &[LonLat], max_zoom: Option<f64>, animate: bool) {
    let Some((first, rest)) = points.split_first() else {
        return;
    };
    let corner = LatLng::new(first.lat, first.lon);
    let bounds = LatLngBounds::new(&corner, &corner);
    for p in rest {
        bounds.extend(&LatLng::new(p.lat, p.lon));
    }
    // On phones the sheet covers the lower part: fit the places above it;
    // on wide screens beside the details.
    let below = covered_below(map);
    let (left, right) = covered_sides(map);
    let options = if animate {
        js_sys::Object::new()
    } else {
        still()
    };
    let corner = |x: f64, y: f64| js_sys::Array::of2(&x.into(), &y.into());
    let _ = js_sys::Reflect::set(
        &options,
        &"paddingTopLeft".into(),
        &corner(left + 16.0, 16.0),
    );
    let _ = js_sys::Reflect::set(
        &options,
        &"paddingBottomRight".into(),
        &corner(right + 16.0, below + 16.0),
    );
    if let Some(zoom) = max_zoom {
        let _ = js_sys::Reflect::set(&options, &"maxZoom".into(), &zoom.into());
    }
    map.fit_bounds_with_options(&bounds, &options);
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
            // in view means above the sheet on phones (bug: the place was
            // put in the middle of the map, on the sheet's top edge), and
            // beside the details on wide screens
            let on_screen = l.map.lat_lng_to_container_point(&LatLng::new(p.lat, p.lon));
            let size = l.map.get_size();
            let (left, right) = covered_sides(&l.map);
            let visible = on_screen.x() >= left
                && on_screen.x() <= size.x() - right
                && on_screen.y() >= 0.0
                && on_screen.y() <= size.y() - covered_below(&l.map);
            let zoom = l.map.get_zoom();
            if !visible || zoom < PLACE_ZOOM {
                fit_points(&l.map, &[p], Some(zoom.max(PLACE_ZOOM)), true);
            }
        }
    });
}

fn view_bbox(map: &Map) -> BBox {
    let b = map.get_bounds();
    let (sw, ne) = (b.get_south_west(), b.get_north_east());
    BBox::new(sw.lng(), sw.lat(), ne.lng(), ne.lat())
}

/// What a marker on the map stands for: a place (its index in the data)
/// or a cluster (its cell at its zoom). Kept between draws under this key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Place(usize),
    Cluster { zoom: u8, cell: (u32, u32) },
}

/// What activating a marker does.
#[derive(Clone, Debug)]
enum Action {
    /// Open a place's details.
    Select(String),
    /// Zoom in on a cluster until it splits.
    Zoom { lat: f64, lon: f64, zoom: f64 },
}

/// A marker on the map.
struct Mark {
    marker: Marker,
    element: Option<web_sys::HtmlElement>,
    action: Action,
    /// The draw that last wanted it; markers not wanted by the latest draw go.
    seen: u64,
    /// For a place: whether it is shown as selected.
    selected: bool,
    /// For a cluster: what it shows.
    count: usize,
    position: LonLat,
}

/// The markers on the map, by what they stand for.
#[derive(Default)]
struct Drawn {
    /// The data and language the markers were made for: when either
    /// changes, every marker goes.
    data: Option<Arc<Places>>,
    lang: Option<crate::i18n::Lang>,
    draw: u64,
    marks: rustc_hash::FxHashMap<Key, Mark>,
}

impl Drawn {
    /// What activating the marker `layer` does.
    fn action_of(&self, layer: &JsValue) -> Option<Action> {
        self.marks
            .values()
            .find(|m| AsRef::<JsValue>::as_ref(&m.marker) == layer)
            .map(|m| m.action.clone())
    }
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
                let action = l.drawn.borrow().action_of(&layer)?;
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

fn icon(class: &str, size: f64) -> DivIcon {
    let options = DivIconOptions::default();
    options.set_class_name(class.to_owned());
    options.set_icon_size(Point::new(size, size));
    DivIcon::new(&options)
}

/// Brings the markers in line with the places matching `filter` in the
/// current view: markers that stay are kept (and updated when their
/// selection or count changed), only the others are added or removed.
fn draw(
    l: &Leaflet,
    places: &Arc<Places>,
    filter: &learnmap_core::Filter,
    selected: Option<&str>,
    lang: crate::i18n::Lang,
    deepest: u8,
) {
    let mut drawn = l.drawn.borrow_mut();
    let same_data = drawn.data.as_ref().is_some_and(|d| Arc::ptr_eq(d, places));
    if !same_data || drawn.lang != Some(lang) {
        l.places.clear_layers();
        drawn.marks.clear();
        drawn.data = Some(places.clone());
        drawn.lang = Some(lang);
    }
    drawn.draw += 1;
    let this_draw = drawn.draw;
    let spaces = &places.dataset.spaces;
    let zoom = l.map.get_zoom().round().clamp(0.0, 28.0) as u8;
    let clusters = places
        .index
        .clusters(spaces, view_bbox(&l.map), zoom, filter);
    for cluster in clusters {
        let (key, wanted_selected) = if cluster.is_point() {
            let is_selected = selected == Some(spaces[cluster.first].id());
            (Key::Place(cluster.first), is_selected)
        } else {
            (
                Key::Cluster {
                    zoom: cluster.zoom,
                    cell: cluster.cell,
                },
                false,
            )
        };
        let action = match (cluster.is_point(), cluster.expansion_zoom) {
            (false, Some(z)) if z <= deepest => Action::Zoom {
                lat: cluster.position.lat,
                lon: cluster.position.lon,
                zoom: f64::from(z),
            },
            // a place, or places at one spot that do not split at the map's
            // deepest zoom (bug: a few metres apart, they asked for a zoom
            // the map cannot reach, and nothing happened): show the first of
            // them, whose details name the others
            _ => Action::Select(spaces[cluster.first].id().to_owned()),
        };
        if let Some(mark) = drawn.marks.get_mut(&key) {
            mark.seen = this_draw;
            mark.action = action;
            match key {
                Key::Place(_) => {
                    if mark.selected != wanted_selected {
                        mark.selected = wanted_selected;
                        show_selected(mark, wanted_selected);
                    }
                }
                Key::Cluster { .. } => {
                    if mark.position != cluster.position {
                        mark.position = cluster.position;
                        mark.marker
                            .set_lat_lng(&LatLng::new(cluster.position.lat, cluster.position.lon));
                    }
                    if mark.count != cluster.count {
                        mark.count = cluster.count;
                        label_cluster(mark, lang);
                    }
                }
            }
            continue;
        }
        let at = LatLng::new(cluster.position.lat, cluster.position.lon);
        let options = MarkerOptions::default();
        options.set_keyboard(true);
        let space_id = if cluster.is_point() {
            let space = &spaces[cluster.first];
            let name = space.name_in(lang.code()).to_owned();
            options.set_icon(l.place_icon.clone().into());
            options.set_title(name.clone());
            options.set_alt(name);
            Some(space.id())
        } else {
            options.set_icon(l.cluster_icon.clone().into());
            None
        };
        let marker = Marker::new_with_options(&at, &options);
        marker.add_to_layer_group(&l.places);
        let element = marker_element(&marker);
        if let (Some(element), Some(id)) = (&element, space_id) {
            let _ = element.set_attribute("data-space-id", id);
        }
        let mut mark = Mark {
            marker,
            element,
            action,
            seen: this_draw,
            selected: false,
            count: if cluster.is_point() { 1 } else { cluster.count },
            position: cluster.position,
        };
        if cluster.is_point() {
            if wanted_selected {
                mark.selected = true;
                show_selected(&mark, true);
            }
        } else {
            label_cluster(&mark, lang);
        }
        drawn.marks.insert(key, mark);
    }
    let places_layer = &l.places;
    drawn.marks.retain(|_, mark| {
        let keep = mark.seen == this_draw;
        if !keep {
            places_layer.remove_layer(&mark.marker);
        }
        keep
    });
}

/// Marks a place's marker as selected or not (in front of the others when it is).
fn show_selected(mark: &Mark, selected: bool) {
    if let Some(element) = &mark.element {
        let _ = element
            .class_list()
            .toggle_with_force("lm-marker-selected", selected);
    }
    mark.marker
        .set_z_index_offset(if selected { 1000.0 } else { 0.0 });
}

/// Writes a cluster's count: as text, in `data-count`, and in its accessible
/// name, which must contain the number it shows (so there without the
/// thousands separator of [`count_places`]: "1000 learning spaces").
fn label_cluster(mark: &Mark, lang: crate::i18n::Lang) {
    let Some(element) = &mark.element else { return };
    let digits = mark.count.to_string();
    // the digits as shown: the bubble has no room for a thousands separator
    let label = count_places(lang, mark.count).replacen(&number(lang, mark.count), &digits, 1);
    let label = if label.contains(&digits) {
        label
    } else {
        format!("{digits} · {label}")
    };
    // a new count changes the text in place, keeping the text node
    match element.first_child() {
        Some(text) => text.set_node_value(Some(&digits)),
        None => element.set_text_content(Some(&digits)),
    }
    let _ = element.set_attribute("data-count", &digits);
    let _ = element.set_attribute("aria-label", &label);
    let _ = element.set_attribute("title", &label);
}
