//! The map's parts that are not a component: the Leaflet adapter, the
//! layout arithmetic and the markers. `components/map_view.rs` puts them
//! together.

pub mod layout;
pub mod leaflet;
pub mod markers;
