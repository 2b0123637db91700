//! One component per file.

pub mod app;
pub mod map_view;
pub mod status_bar;
