//! The markers of places and clusters, kept in step with the matching
//! places in view: markers that stay are kept (and updated when their
//! selection or count changed); only the others are added or removed.

use super::leaflet::{marker_element, view_bbox, DivIcon};
use crate::i18n::{count_places, number};
use crate::state::Places;
use leaflet::{FeatureGroup, LatLng, Map, Marker, MarkerOptions};
use learnmap_core::LonLat;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The width and height of a place's marker, in pixels.
pub const PLACE_SIZE: f64 = 24.0;
/// The width and height of a cluster's marker, in pixels.
pub const CLUSTER_SIZE: f64 = 36.0;

/// What a marker on the map stands for: a place (its index in the data)
/// or a cluster (its cell at its zoom). Kept between draws under this key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Place(usize),
    Cluster { zoom: u8, cell: (u32, u32) },
}

/// What activating a marker does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
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
    /// Where it is drawn ([`learnmap_core::Cluster::marker_position`]).
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

/// The markers of places and clusters on a map: their layer (whose one
/// handler serves them all), their icons, and what is drawn.
pub struct Markers {
    layer: FeatureGroup,
    /// Shared by every place marker, and by every cluster.
    place_icon: DivIcon,
    cluster_icon: DivIcon,
    drawn: RefCell<Drawn>,
}

impl Markers {
    /// Markers drawn on `layer` (already on the map) with these icons.
    pub fn new(layer: FeatureGroup, place_icon: DivIcon, cluster_icon: DivIcon) -> Self {
        Markers {
            layer,
            place_icon,
            cluster_icon,
            drawn: RefCell::new(Drawn::default()),
        }
    }

    /// What activating the marker `layer` (a Leaflet event's `layer`) does.
    pub fn action_of(&self, layer: &JsValue) -> Option<Action> {
        self.drawn
            .borrow()
            .marks
            .values()
            .find(|m| AsRef::<JsValue>::as_ref(&m.marker) == layer)
            .map(|m| m.action.clone())
    }

    /// Brings the markers in line with the places matching `filter` in the
    /// map's current view: markers that stay are kept (and updated when their
    /// selection or count changed), only the others are added or removed.
    pub fn draw(
        &self,
        map: &Map,
        places: &Arc<Places>,
        filter: &learnmap_core::Filter,
        selected: Option<&str>,
        lang: crate::i18n::Lang,
        deepest: u8,
    ) {
        draw(self, map, places, filter, selected, lang, deepest)
    }
}

/// What a cluster from the index should be on the map: its key, what
/// activating it does, and (for a place) whether it is shown as selected.
/// `first_id` is the id of the cluster's first place, `selected` the
/// selected place's, `deepest` the map's deepest zoom.
fn wanted(
    cluster: &learnmap_core::Cluster,
    first_id: &str,
    selected: Option<&str>,
    deepest: u8,
) -> (Key, Action, bool) {
    let (key, wanted_selected) = if cluster.is_point() {
        let is_selected = selected == Some(first_id);
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
        _ => Action::Select(first_id.to_owned()),
    };
    (key, action, wanted_selected)
}

fn draw(
    l: &Markers,
    map: &Map,
    places: &Arc<Places>,
    filter: &learnmap_core::Filter,
    selected: Option<&str>,
    lang: crate::i18n::Lang,
    deepest: u8,
) {
    let mut drawn = l.drawn.borrow_mut();
    let same_data = drawn.data.as_ref().is_some_and(|d| Arc::ptr_eq(d, places));
    if !same_data || drawn.lang != Some(lang) {
        l.layer.clear_layers();
        drawn.marks.clear();
        drawn.data = Some(places.clone());
        drawn.lang = Some(lang);
    }
    drawn.draw += 1;
    let this_draw = drawn.draw;
    let spaces = &places.dataset.spaces;
    let zoom = map.get_zoom().round().clamp(0.0, 28.0) as u8;
    let clusters = places.index.clusters(spaces, view_bbox(map), zoom, filter);
    // The map's controls (the attribution's links, the zoom buttons) and
    // the sheet lie over it: a marker partly under them is too small a
    // target to tap (WCAG 2.2 target size, bug: Lighthouse's `target-size`
    // with 10k places), and one under the sheet was reached by the keyboard
    // unseen (focus not obscured). Such markers are left out until the map
    // or the sheet moves them clear; the selected place is always drawn.
    let controls = super::layout::obstacles(map);
    for cluster in clusters {
        // WCAG 2.2 target size: markers 24 px or more apart
        let drawn_at = cluster.marker_position();
        let (key, action, wanted_selected) =
            wanted(&cluster, spaces[cluster.first].id(), selected, deepest);
        if !controls.is_empty() && !wanted_selected {
            let p = map.lat_lng_to_container_point(&LatLng::new(drawn_at.lat, drawn_at.lon));
            let size = if cluster.is_point() {
                PLACE_SIZE
            } else {
                CLUSTER_SIZE
            };
            if controls
                .iter()
                .any(|c| c.overlaps_target((p.x(), p.y()), size))
            {
                continue;
            }
        }
        if let Some(mark) = drawn.marks.get_mut(&key) {
            mark.seen = this_draw;
            mark.action = action;
            // a place's marker moves with its cell as the zoom changes (target size)
            if mark.position != drawn_at {
                mark.position = drawn_at;
                mark.marker
                    .set_lat_lng(&LatLng::new(drawn_at.lat, drawn_at.lon));
            }
            match key {
                Key::Place(_) => {
                    if mark.selected != wanted_selected {
                        mark.selected = wanted_selected;
                        show_selected(mark, wanted_selected);
                    }
                }
                Key::Cluster { .. } => {
                    if mark.count != cluster.count {
                        mark.count = cluster.count;
                        label_cluster(mark, lang);
                    }
                }
            }
            continue;
        }
        let at = LatLng::new(drawn_at.lat, drawn_at.lon);
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
        marker.add_to_layer_group(&l.layer);
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
            position: drawn_at,
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
    let places_layer = &l.layer;
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

#[cfg(test)]
mod tests {
    use super::*;
    use learnmap_core::Cluster;

    fn cluster(count: usize, expansion_zoom: Option<u8>) -> Cluster {
        Cluster {
            position: LonLat {
                lon: 9.99,
                lat: 53.55,
            },
            count,
            zoom: 14,
            cell: (7, 9),
            expansion_zoom,
            first: 3,
        }
    }

    #[test]
    fn a_place_selects_itself_and_shows_whether_it_is_selected() {
        let (key, action, selected) = wanted(&cluster(1, None), "hh-3", Some("hh-3"), 19);
        assert_eq!(key, Key::Place(3));
        assert_eq!(action, Action::Select("hh-3".into()));
        assert!(selected);
        assert!(!wanted(&cluster(1, None), "hh-3", Some("hh-4"), 19).2);
    }

    #[test]
    fn a_cluster_zooms_in_until_it_splits() {
        let (key, action, selected) = wanted(&cluster(5, Some(17)), "hh-3", None, 19);
        assert_eq!(
            key,
            Key::Cluster {
                zoom: 14,
                cell: (7, 9)
            }
        );
        assert_eq!(
            action,
            Action::Zoom {
                lat: 53.55,
                lon: 9.99,
                zoom: 17.0
            }
        );
        assert!(!selected);
    }

    /// bug: places a few metres apart asked for a zoom the map cannot
    /// reach, and activating their cluster did nothing.
    #[test]
    fn a_cluster_that_splits_beyond_the_deepest_zoom_opens_its_first_place() {
        let (_, action, _) = wanted(&cluster(2, Some(21)), "hh-3", None, 19);
        assert_eq!(action, Action::Select("hh-3".into()));
        let (_, action, _) = wanted(&cluster(2, None), "hh-3", None, 19);
        assert_eq!(action, Action::Select("hh-3".into()));
    }
}
