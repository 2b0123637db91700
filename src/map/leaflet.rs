//! The Leaflet adapter: bindings the `leaflet` crate lacks or gets wrong,
//! loading Leaflet, and the small conversions between Leaflet's objects and
//! ours. Nothing here decides what the map shows.

use leaflet::{DivIconOptions, Icon, Map, Marker, Point};
use learnmap_core::BBox;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `L.DivIcon`. The `leaflet` crate 0.5 binds its `DivIcon` to the
    /// constructor `L.Icon`, which throws "iconUrl not set" at run time.
    #[wasm_bindgen(extends = Icon, js_namespace = L, js_name = DivIcon)]
    #[derive(Debug, Clone)]
    pub type DivIcon;

    /// `new L.DivIcon(options)`.
    #[wasm_bindgen(constructor, js_namespace = L, js_class = DivIcon)]
    pub fn new(options: &DivIconOptions) -> DivIcon;

    /// A Leaflet marker, seen through the methods the `leaflet` crate lacks.
    type MarkerElement;

    /// `Marker.getElement()`: the marker's DOM element once it is on a map.
    #[wasm_bindgen(method, js_name = getElement)]
    fn get_element(this: &MarkerElement) -> Option<web_sys::HtmlElement>;
}

/// The DOM element of a marker that is on a map.
pub fn marker_element(marker: &Marker) -> Option<web_sys::HtmlElement> {
    marker.unchecked_ref::<MarkerElement>().get_element()
}

/// Becomes true once Leaflet (`L`) is loaded. The page loads it after the
/// app's own files (public/boot.js), so that on a slow network it does not
/// share their bandwidth: the nearest places are listed first, and the map
/// follows. If it cannot load, `failed` is set (a notice says so) and the
/// list still works.
pub fn leaflet_loaded(failed: RwSignal<bool>) -> RwSignal<bool> {
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

/// Turns Leaflet's mouse-wheel zoom handler on or off.
pub fn wheel_zoom(map: &Map, on: bool) {
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
pub fn attribution_html(tiles: &learnmap_core::config::Tiles) -> String {
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

/// Leaflet's options for a move without animation.
pub fn still() -> js_sys::Object {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"animate".into(), &false.into());
    options
}

/// A marker icon drawn by CSS: a `<div>` of class `class`, `size` pixels square.
pub fn icon(class: &str, size: f64) -> DivIcon {
    let options = DivIconOptions::default();
    options.set_class_name(class.to_owned());
    options.set_icon_size(Point::new(size, size));
    DivIcon::new(&options)
}

/// The box of what the map shows now.
pub fn view_bbox(map: &Map) -> BBox {
    let b = map.get_bounds();
    let (sw, ne) = (b.get_south_west(), b.get_north_east());
    BBox::new(sw.lng(), sw.lat(), ne.lng(), ne.lat())
}
