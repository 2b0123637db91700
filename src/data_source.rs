//! Where the data comes from, and fetching it.

use crate::state::{AppState, DataState, Places};
use leptos::prelude::*;
use std::sync::Arc;

/// The bundled demo data, relative to the page.
pub const DEMO_DATA_URL: &str = "data/demo/learning-spaces.geojson";

/// The data URL for a page: the `data=` query parameter when it names a file
/// on the page's own origin, else the demo data. A `data=` on another origin
/// is refused (`Err` with a message) and nothing is requested.
pub fn data_url_for(page_href: &str) -> Result<String, String> {
    let page =
        web_sys::Url::new(page_href).map_err(|_| "the page address is not a URL".to_owned())?;
    let Some(wanted) = page.search_params().get("data") else {
        return Ok(DEMO_DATA_URL.to_owned());
    };
    match web_sys::Url::new_with_base(&wanted, page_href) {
        Ok(url) if url.origin() == page.origin() => Ok(url.href()),
        _ => Err(format!(
            "The data address \"{wanted}\" is not on this site, so it was not loaded."
        )),
    }
}

/// Fetches and loads the data at the state's URL, updating the state.
/// A failed load keeps any data already shown.
pub fn load_into(state: AppState) {
    let url = state.data_url.get_untracked();
    let had_data = matches!(state.data.get_untracked(), DataState::Ready(_));
    if !had_data {
        state.data.set(DataState::Loading);
    }
    leptos::task::spawn_local(async move {
        match fetch_places(&url).await {
            Ok(places) => state.data.set(DataState::Ready(Arc::new(places))),
            Err(message) if !had_data => state.data.set(DataState::Failed(message)),
            Err(message) => leptos::logging::warn!("{message}"),
        }
    });
}

async fn fetch_places(url: &str) -> Result<Places, String> {
    let failed = |why: String| format!("The learning spaces could not be loaded: {why}.");
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| failed(format!("the network request failed ({e})")))?;
    if !response.ok() {
        return Err(failed(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let text = response
        .text()
        .await
        .map_err(|e| failed(format!("the response could not be read ({e})")))?;
    let dataset =
        learnmap_core::load(&text).map_err(|e| failed(format!("the file is not usable ({e})")))?;
    Ok(Places::new(dataset))
}
