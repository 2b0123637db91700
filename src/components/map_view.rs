//! The Leaflet map with a marker per learning space.

use crate::leaflet_ext::{marker_element, DivIcon};
use crate::state::{AppState, DataState, Places};
use leaflet::{
    DivIconOptions, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, Marker, MarkerOptions,
    Point, TileLayer, TileLayerOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Tiles from OpenStreetMap; the map works on a plain background without them.
const TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const TILE_ATTRIBUTION: &str =
    "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";
/// Hamburg, shown until the data says where its places are.
const START: (f64, f64, f64) = (53.55, 10.0, 11.0);

/// The interactive map. Markers are Leaflet elements with the place's name
/// as their accessible name (set as text, never as HTML).
#[component]
pub fn MapView() -> impl IntoView {
    let state = AppState::expect();
    let container = NodeRef::<Div>::new();
    let map = StoredValue::new_local(None::<(Map, LayerGroup)>);

    Effect::new(move |_| {
        let Some(element) = container.get() else {
            return;
        };
        if map.with_value(Option::is_none) {
            map.set_value(Some(create_map(&element, state)));
        }
        if let DataState::Ready(places) = state.data.get() {
            map.with_value(|m| {
                if let Some((map, layer)) = m {
                    show_places(map, layer, &places);
                }
            });
        }
    });

    view! {
        <div node_ref=container class="lm-map" role="region" aria-label="Map of learning spaces"></div>
    }
}

fn create_map(element: &web_sys::HtmlDivElement, state: AppState) -> (Map, LayerGroup) {
    let options = MapOptions::default();
    let map = Map::new_with_element(element, &options).expect("Leaflet is loaded before the app");
    map.set_view(&LatLng::new(START.0, START.1), START.2);
    let tile_options = TileLayerOptions::default();
    tile_options.set_attribution(TILE_ATTRIBUTION.to_owned());
    tile_options.set_max_zoom(19.0);
    let tiles = TileLayer::new_options(TILE_URL, &tile_options);
    let on_error = Closure::<dyn Fn()>::new(move || state.tiles_failed.set(true));
    tiles.on("tileerror", on_error.as_ref());
    on_error.forget();
    tiles.add_to(&map);
    let layer = LayerGroup::new();
    layer.add_to(&map);
    (map, layer)
}

fn show_places(map: &Map, layer: &LayerGroup, places: &Places) {
    layer.clear_layers();
    let icon_options = DivIconOptions::default();
    icon_options.set_class_name("lm-marker".to_owned());
    icon_options.set_icon_size(Point::new(16.0, 16.0));
    let icon = DivIcon::new(&icon_options);
    let mut bounds: Option<LatLngBounds> = None;
    for space in &places.dataset.spaces {
        let at = LatLng::new(space.position.lat, space.position.lon);
        let options = MarkerOptions::default();
        options.set_icon(icon.clone().into());
        options.set_title(space.name.clone());
        options.set_alt(space.name.clone());
        options.set_keyboard(true);
        let marker = Marker::new_with_options(&at, &options);
        marker.add_to_layer_group(layer);
        // Tests and assistive tools find places by id; set as an attribute, never as HTML.
        if let Some(element) = marker_element(&marker) {
            let _ = element.set_attribute("data-space-id", &space.id);
        }
        match &bounds {
            Some(b) => {
                b.extend(&at);
            }
            None => bounds = Some(LatLngBounds::new(&at, &at)),
        }
    }
    if let Some(bounds) = bounds {
        map.fit_bounds(&bounds);
    }
}
