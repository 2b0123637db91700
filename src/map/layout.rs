//! The map's layout arithmetic: which part of the map the resident sees
//! (above the sheet on phones, beside the details on wide screens), and
//! putting places and views into that part.

use super::leaflet::still;
use leaflet::{LatLng, LatLngBounds, Map, Point};
use learnmap_core::LonLat;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The parts of the map's container that something else covers, in
/// pixels: the sheet at the bottom on phones, the details dialog at a side
/// on wide screens. The rest is the part the resident sees.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Covered {
    /// Pixels covered at the left.
    pub left: f64,
    /// Pixels covered at the right.
    pub right: f64,
    /// Pixels covered at the bottom.
    pub below: f64,
    /// The height of the map's controls at the bottom edge of the part
    /// the resident sees (the tiles' attribution and its links).
    pub controls_below: f64,
}

impl Covered {
    /// What covers the map on the page now.
    pub fn of(map: &Map) -> Self {
        let (left, right) = covered_sides(map);
        Covered {
            left,
            right,
            below: covered_below(map),
            controls_below: controls_below(map),
        }
    }

    /// The covered parts of a container `(width, height)`, as boxes that
    /// reach beyond its edges: a marker that overlaps one is partly hidden.
    pub fn boxes(&self, (width, height): (f64, f64)) -> Vec<PixelBox> {
        let (far, near) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut boxes = Vec::new();
        if self.below > 0.0 {
            boxes.push(PixelBox {
                left: near,
                top: height - self.below,
                right: far,
                bottom: far,
            });
        }
        if self.left > 0.0 {
            boxes.push(PixelBox {
                left: near,
                top: near,
                right: self.left,
                bottom: far,
            });
        }
        if self.right > 0.0 {
            boxes.push(PixelBox {
                left: width - self.right,
                top: near,
                right: far,
                bottom: far,
            });
        }
        boxes
    }

    /// Whether the point `(x, y)` of a container `(width, height)` (from its
    /// top left corner) is in the part the resident sees, edges included.
    pub fn shows(&self, (x, y): (f64, f64), (width, height): (f64, f64)) -> bool {
        (self.left..=width - self.right).contains(&x) && (0.0..=height - self.below).contains(&y)
    }

    /// Leaflet's `paddingTopLeft` and `paddingBottomRight` (each `(x, y)`)
    /// that fit places into the part the resident sees, `margin` from its
    /// edges and above the controls at its bottom (bug: a marker fitted
    /// under the attribution's links was partly covered, too small a
    /// target to tap: Lighthouse's `target-size`).
    pub fn padding(&self, margin: f64) -> ((f64, f64), (f64, f64)) {
        (
            (self.left + margin, margin),
            (
                self.right + margin,
                self.below + self.controls_below + margin,
            ),
        )
    }
}

/// Whether `p` is on the map in the part the resident sees: above the
/// sheet on phones (bug: a place was put in the middle of the map, on the
/// sheet's top edge), and beside the details on wide screens.
pub fn shows_point(map: &Map, p: LonLat) -> bool {
    let on_screen = map.lat_lng_to_container_point(&LatLng::new(p.lat, p.lon));
    let size = map.get_size();
    Covered::of(map).shows((on_screen.x(), on_screen.y()), (size.x(), size.y()))
}

/// The centre of the part of the map the resident sees (to five decimals,
/// as the address has it) and the zoom: the address's `center`. On phones
/// that is the middle of the map above the sheet, on wide screens of the
/// whole map (bug: it was the middle of the whole map, on a phone the
/// sheet's top edge, so a link copied on a phone showed its place at the
/// top edge of a desktop's map).
pub fn shown_view(map: &Map) -> (LonLat, f64) {
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
pub fn show_view(map: &Map, center: LonLat, zoom: f64) {
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

/// The height of the controls at the bottom right of the map (the tiles'
/// attribution), which stand above the sheet on phones (the style sheet).
fn controls_below(map: &Map) -> f64 {
    map.get_container()
        .query_selector(".leaflet-bottom.leaflet-right")
        .ok()
        .flatten()
        .map_or(0.0, |c| c.get_bounding_client_rect().height())
}

/// A box on the map's container, in pixels from its top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelBox {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl PixelBox {
    /// Whether a square target `size` pixels wide centred on `(x, y)`
    /// overlaps this box by more than half a pixel (Leaflet places markers
    /// at sub-pixel positions).
    pub fn overlaps_target(&self, (x, y): (f64, f64), size: f64) -> bool {
        let half = size / 2.0;
        let dx = (x + half).min(self.right) - (x - half).max(self.left);
        let dy = (y + half).min(self.bottom) - (y - half).max(self.top);
        dx > 0.5 && dy > 0.5
    }
}

/// What lies over the map where a marker would be partly hidden, in pixels
/// from the container's top left corner: the map's own controls (the
/// tiles' attribution and its links, the zoom buttons) and the parts that
/// something else covers ([`Covered`]: the sheet on phones, the details
/// beside the list on wide screens).
pub fn obstacles(map: &Map) -> Vec<PixelBox> {
    let size = map.get_size();
    let mut boxes = Covered::of(map).boxes((size.x(), size.y()));
    boxes.extend(control_boxes(map));
    boxes
}

/// The boxes of the map's own controls that lie over it; hidden ones (no
/// size) left out.
fn control_boxes(map: &Map) -> Vec<PixelBox> {
    let container = map.get_container();
    let origin = container.get_bounding_client_rect();
    let Ok(controls) = container.query_selector_all(".leaflet-control") else {
        return Vec::new();
    };
    (0..controls.length())
        .filter_map(|i| controls.item(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|c| c.get_bounding_client_rect())
        .filter(|r| r.width() > 0.0 && r.height() > 0.0)
        .map(|r| PixelBox {
            left: r.left() - origin.left(),
            top: r.top() - origin.top(),
            right: r.right() - origin.left(),
            bottom: r.bottom() - origin.top(),
        })
        .collect()
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
pub fn fit_points(map: &Map, points: &[LonLat], max_zoom: Option<f64>, animate: bool) {
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
    let ((left, top), (right, bottom)) = Covered::of(map).padding(16.0);
    let options = if animate {
        js_sys::Object::new()
    } else {
        still()
    };
    let corner = |x: f64, y: f64| js_sys::Array::of2(&x.into(), &y.into());
    let _ = js_sys::Reflect::set(&options, &"paddingTopLeft".into(), &corner(left, top));
    let _ = js_sys::Reflect::set(
        &options,
        &"paddingBottomRight".into(),
        &corner(right, bottom),
    );
    if let Some(zoom) = max_zoom {
        let _ = js_sys::Reflect::set(&options, &"maxZoom".into(), &zoom.into());
    }
    map.fit_bounds_with_options(&bounds, &options);
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: (f64, f64) = (390.0, 700.0);

    /// bug: a place under the sheet's top edge counted as in view, so
    /// selecting it left it half hidden.
    #[test]
    fn under_the_sheet_is_not_in_view() {
        let sheet = Covered {
            below: 350.0,
            ..Covered::default()
        };
        assert!(sheet.shows((195.0, 100.0), PHONE));
        assert!(sheet.shows((195.0, 350.0), PHONE));
        assert!(!sheet.shows((195.0, 351.0), PHONE));
        assert!(!sheet.shows((-1.0, 100.0), PHONE));
    }

    /// bug: at 1024 px a selected place was centred on the map, under the
    /// details dialog beside the side panel.
    #[test]
    fn under_the_details_is_not_in_view() {
        let dialog = Covered {
            right: 400.0,
            ..Covered::default()
        };
        let map = (700.0, 800.0);
        assert!(dialog.shows((299.0, 400.0), map));
        assert!(!dialog.shows((301.0, 400.0), map));
        assert_eq!(dialog.padding(16.0), ((16.0, 16.0), (416.0, 16.0)));
        let sheet = Covered {
            below: 350.0,
            ..Covered::default()
        };
        assert_eq!(sheet.padding(16.0), ((16.0, 16.0), (16.0, 366.0)));
    }

    /// bug (issue 19, Lighthouse `target-size` with 10k places): clusters
    /// drawn partly under the attribution's links were targets smaller
    /// than 24 px; a marker that overlaps a control is not drawn there.
    #[test]
    fn a_target_overlapping_a_control_is_found() {
        let credit = PixelBox {
            left: 183.0,
            top: 447.0,
            right: 412.0,
            bottom: 463.0,
        };
        // the cluster of the Lighthouse report: 36 px at (186, 443)
        assert!(credit.overlaps_target((186.0, 443.0), 36.0));
        // just above it, and just left of it: clear
        assert!(!credit.overlaps_target((186.0, 429.0), 36.0));
        assert!(!credit.overlaps_target((165.0, 455.0), 36.0));
        // half a pixel is Leaflet's rounding, not an overlap
        assert!(!credit.overlaps_target((186.0, 429.5), 36.0));
        // a 24 px place marker can come closer than a 36 px cluster
        assert!(!credit.overlaps_target((170.0, 455.0), 24.0));
        assert!(credit.overlaps_target((172.0, 455.0), 24.0));
    }

    /// bug: markers under the sheet were drawn, hidden from sight but
    /// reached by the keyboard, and those at its edge were partly covered.
    #[test]
    fn the_covered_parts_are_boxes_a_marker_must_keep_clear_of() {
        let sheet = Covered {
            below: 350.0,
            ..Covered::default()
        };
        let boxes = sheet.boxes(PHONE);
        assert_eq!(boxes.len(), 1);
        assert!(boxes[0].overlaps_target((195.0, 345.0), 24.0));
        assert!(!boxes[0].overlaps_target((195.0, 337.0), 24.0));
        // however far right or down
        assert!(boxes[0].overlaps_target((5000.0, 9000.0), 24.0));
        let dialog = Covered {
            right: 400.0,
            ..Covered::default()
        };
        let boxes = dialog.boxes((700.0, 800.0));
        assert_eq!(boxes.len(), 1);
        assert!(boxes[0].overlaps_target((295.0, 10.0), 24.0));
        assert!(!boxes[0].overlaps_target((287.0, 10.0), 24.0));
        assert!(Covered::default().boxes(PHONE).is_empty());
    }

    /// bug: a marker fitted at the bottom edge lay partly under the tiles'
    /// attribution (Lighthouse's `target-size`): the fit keeps above it.
    #[test]
    fn places_are_fitted_above_the_attribution() {
        let sheet = Covered {
            below: 350.0,
            controls_below: 18.0,
            ..Covered::default()
        };
        assert_eq!(sheet.padding(16.0), ((16.0, 16.0), (16.0, 384.0)));
    }
}
