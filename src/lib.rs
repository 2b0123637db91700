//! The learnmap web app (Leptos, client-side rendered).
//!
//! `main.rs` only calls [`mount`]. State lives in [`state`] and reaches the
//! components through context; logic lives in `learnmap-core`.

pub mod clock;
pub mod components;
pub mod data_source;
pub mod embed;
pub mod i18n;
pub mod leaflet_ext;
pub mod query;
pub mod routing;
pub mod state;
pub mod url_state;

/// Mounts the app into the page's `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}
