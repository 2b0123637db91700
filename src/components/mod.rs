//! One component per file.

pub mod app;
pub mod clear_filters;
pub mod detail;
pub mod event_detail;
pub mod events_list;
pub mod festival_banner;
pub mod filter_bar;
pub mod locate_button;
pub mod map_view;
pub mod place_events;
pub mod programme;
pub mod results_list;
pub mod sheet;
pub mod show_more;
pub mod show_tabs;
pub mod status_bar;
