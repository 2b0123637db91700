//! Leaflet bindings the `leaflet` crate lacks or gets wrong.

use leaflet::{DivIconOptions, Icon, Marker};
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
