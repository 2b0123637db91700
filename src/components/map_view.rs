//! The Leaflet map: matching places as markers, clustered when they crowd,
//! the selected place highlighted, and the user's position.

use crate::i18n::{count_places, t, Msg};
use crate::leaflet_ext::{marker_element, DivIcon};
use crate::state::{AppState, Locating, Places};
use leaflet::{
    CircleMarker, DivIconOptions, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, Marker,
    MarkerOptions, PathOptions, Point, TileLayer, TileLayerOptions,
};
use learnmap_core::{BBox, LonLat};
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// Hamburg, shown until the configuration or the data says where to look.
const START: (f64, f64, f64) = (53.55, 10.0, 11.0);
/// The zoom the map goes to for a selected place.
const PLACE_ZOOM: f64 = 16.0;

struct Leaflet {
    map: Map,
    places: LayerGroup,
    here: LayerGroup,
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
    let fitted = StoredValue::new(false);
    let sel = Memo::new(move |_| state.view.read().sel.clone());
    let here = Memo::new(move |_| state.view.read().at);

    Effect::new(move |_| {
        let Some(element) = container.get() else {
            return;
        };
        if leaflet.with_value(Option::is_none) {
            leaflet.set_value(Some(create_map(&element, state, moved)));
        }
    });

    // Fit the data (or the view from the address) once, when it arrives.
    Effect::new(move |_| {
        let Some(places) = state.data.read().places() else {
            return;
        };
        if fitted.get_value() || leaflet.with_value(Option::is_none) {
            return;
        }
        fitted.set_value(true);
        let view = state.view.get_untracked();
        leaflet.with_value(|l| {
            let Some(l) = l else { return };
            // the header may have grown since the map was made (the status line)
            l.map.invalidate_size(false);
            // the address's view, else the city's chosen start, else all the places
            let config = state.config.get_value();
            match (view.center, view.zoom, config.center, config.zoom) {
                (Some(c), Some(z), ..) | (_, _, Some(c), Some(z)) => {
                    let c = config.bounds.map_or(c, |b| b.clamp(c));
                    l.map
                        .set_view(&LatLng::new(c.lat, c.lon), z.min(config.tiles.max_zoom));
                }
                _ => fit(&l.map, &places),
            }
        });
        moved.update(|m| *m += 1);
    });

    // Draw the matching places for the current view.
    Effect::new(move |_| {
        moved.track();
        let filter = state.filter.get();
        let selected = sel.get();
        let lang = state.lang.get();
        let Some(places) = state.data.read().places() else {
            return;
        };
        leaflet.with_value(|l| {
            if let Some(l) = l {
                draw(l, &places, &filter, selected.as_deref(), lang, state);
            }
        });
    });

    // Show where the user is.
    Effect::new(move |_| {
        let at = here.get();
        leaflet.with_value(|l| {
            let Some(l) = l else { return };
            l.here.clear_layers();
            if let Some(at) = at {
                let options = PathOptions::default();
                options.set_class_name("lm-here".to_owned());
                options.set_interactive(false);
                let marker = CircleMarker::new_with_options(&LatLng::new(at.lat, at.lon), &options);
                marker.set_radius(8.0);
                marker.add_to_layer_group(&l.here);
            }
        });
    });

    // Bring the selected place into view.
    Effect::new(move |_| {
        let Some(id) = sel.get() else { return };
        // also when the data arrives after the address named a place
        let Some(places) = state.data.read().places() else {
            return;
        };
        if leaflet.with_value(Option::is_none) {
            return;
        }
        let Some(i) = places.find(&id) else { return };
        let p = places.dataset.spaces[i].position;
        leaflet.with_value(|l| {
            if let Some(l) = l {
                let at = LatLng::new(p.lat, p.lon);
                let zoom = l.map.get_zoom().max(PLACE_ZOOM);
                if !l.map.get_bounds().contains(&at) || l.map.get_zoom() < PLACE_ZOOM {
                    l.map.set_view(&at, zoom);
                }
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

fn create_map(element: &web_sys::HtmlDivElement, state: AppState, moved: RwSignal<u32>) -> Leaflet {
    let config = state.config.get_value();
    let options = MapOptions::default();
    options.set_max_zoom(config.tiles.max_zoom);
    if let Some(b) = config.bounds {
        let bounds =
            LatLngBounds::new(&LatLng::new(b.south, b.west), &LatLng::new(b.north, b.east));
        options.set_max_bounds(bounds);
        options.set_max_bounds_viscosity(0.8);
    }
    let map = Map::new_with_element(element, &options).expect("Leaflet is loaded before the app");
    let start = config.center.or(config.bounds.map(|b| b.centre()));
    let (lat, lon) = start.map_or((START.0, START.1), |c| (c.lat, c.lon));
    map.set_view(&LatLng::new(lat, lon), config.zoom.unwrap_or(START.2));
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
            let c = map.get_center();
            let zoom = map.get_zoom();
            state.view.update(|v| {
                v.center = Some(LonLat {
                    lat: (c.lat() * 1e5).round() / 1e5,
                    lon: (c.lng() * 1e5).round() / 1e5,
                });
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

    let places = LayerGroup::new();
    places.add_to(&map);
    let here = LayerGroup::new();
    here.add_to(&map);
    Leaflet { map, places, here }
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
    let mut spaces = places.dataset.spaces.iter();
    let Some(first) = spaces.next() else { return };
    let corner = LatLng::new(first.position.lat, first.position.lon);
    let bounds = LatLngBounds::new(&corner, &corner);
    for s in spaces {
        bounds.extend(&LatLng::new(s.position.lat, s.position.lon));
    }
    // On phones the sheet covers the lower half: fit the places above it.
    let container = map.get_container();
    let (width, height) = (
        f64::from(container.offset_width()),
        f64::from(container.offset_height()),
    );
    let below = if width < 900.0 { height * 0.5 } else { 0.0 };
    let options = js_sys::Object::new();
    let corner = |x: f64, y: f64| js_sys::Array::of2(&x.into(), &y.into());
    let _ = js_sys::Reflect::set(&options, &"paddingTopLeft".into(), &corner(16.0, 16.0));
    let _ = js_sys::Reflect::set(
        &options,
        &"paddingBottomRight".into(),
        &corner(16.0, below + 16.0),
    );
    map.fit_bounds_with_options(&bounds, &options);
}

fn view_bbox(map: &Map) -> BBox {
    let b = map.get_bounds();
    let (sw, ne) = (b.get_south_west(), b.get_north_east());
    BBox::new(sw.lng(), sw.lat(), ne.lng(), ne.lat())
}

fn icon(class: &str, size: f64) -> DivIcon {
    let options = DivIconOptions::default();
    options.set_class_name(class.to_owned());
    options.set_icon_size(Point::new(size, size));
    DivIcon::new(&options)
}

fn draw(
    l: &Leaflet,
    places: &Arc<Places>,
    filter: &learnmap_core::Filter,
    selected: Option<&str>,
    lang: crate::i18n::Lang,
    state: AppState,
) {
    l.places.clear_layers();
    let spaces = &places.dataset.spaces;
    let zoom = l.map.get_zoom().round().clamp(0.0, 28.0) as u8;
    let clusters = places
        .index
        .clusters(spaces, view_bbox(&l.map), zoom, filter);
    for cluster in clusters {
        let at = LatLng::new(cluster.position.lat, cluster.position.lon);
        let options = MarkerOptions::default();
        options.set_keyboard(true);
        if cluster.is_point() {
            let space = &spaces[cluster.first];
            let name = space.name_in(lang.code()).to_owned();
            let is_selected = selected == Some(space.id.as_str());
            let class = if is_selected {
                "lm-marker lm-marker-selected"
            } else {
                "lm-marker"
            };
            options.set_icon(icon(class, 24.0).into());
            options.set_title(name.clone());
            options.set_alt(name);
            options.set_z_index_offset(if is_selected { 1000.0 } else { 0.0 });
            let marker = Marker::new_with_options(&at, &options);
            let id = space.id.clone();
            let on_click = Closure::<dyn Fn()>::new(move || state.select(Some(id.clone())));
            marker.on("click", on_click.as_ref());
            on_click.forget();
            marker.add_to_layer_group(&l.places);
            if let Some(element) = marker_element(&marker) {
                let _ = element.set_attribute("data-space-id", &space.id);
            }
        } else {
            let label = count_places(lang, cluster.count);
            // the accessible name must contain the number the cluster shows
            let digits = cluster.count.to_string();
            let label = if label.contains(&digits) {
                label
            } else {
                format!("{digits} · {label}")
            };
            options.set_icon(icon("lm-cluster", 36.0).into());
            options.set_title(label.clone());
            let marker = Marker::new_with_options(&at, &options);
            let map = l.map.clone();
            let first = spaces[cluster.first].id.clone();
            let split = cluster.expansion_zoom;
            let on_click = Closure::<dyn Fn()>::new(move || match split {
                Some(z) => {
                    map.set_view(&at, f64::from(z));
                }
                // places at one spot never split: show the first of them
                None => state.select(Some(first.clone())),
            });
            marker.on("click", on_click.as_ref());
            on_click.forget();
            marker.add_to_layer_group(&l.places);
            if let Some(element) = marker_element(&marker) {
                element.set_text_content(Some(&cluster.count.to_string()));
                let _ = element.set_attribute("data-count", &cluster.count.to_string());
                let _ = element.set_attribute("aria-label", &label);
            }
        }
    }
}
