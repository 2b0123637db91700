//! Keeps the address in step with the view: a shared link reproduces the
//! view, and the browser's back button undoes a selection.

use crate::state::AppState;
use crate::url_state::ViewState;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Parameters that are not part of the view but must survive in the address.
const KEPT: &[&str] = &["data", "embed", "theme"];

/// The query for `view`, keeping the [`KEPT`] parameters of `current`.
///
/// ```
/// use learnmap::{routing::address_query, url_state::ViewState};
/// let view = ViewState::from_query("area=digital");
/// assert_eq!(address_query(&view, "?data=x.geojson&area=health&bogus=1"), "area=digital&data=x.geojson");
/// ```
pub fn address_query(view: &ViewState, current: &str) -> String {
    let mut query = view.to_query();
    let kept = form_urlencoded::parse(current.trim_start_matches('?').as_bytes())
        .filter(|(k, _)| KEPT.contains(&k.as_ref()));
    let mut extra = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in kept {
        extra.append_pair(&k, &v);
        any = true;
    }
    if any {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&extra.finish());
    }
    query
}

/// The history state of an entry pushed for opening a place's details.
const SELECTION_ENTRY: &str = "learnmap:selection";

/// Closes the details. When opening them added a history entry, this goes
/// back instead, so that closing by hand and the Back button agree and
/// leave no extra step in the history.
pub fn close_details(state: AppState) {
    let history = window().history().expect("the window has a history");
    let pushed = history
        .state()
        .ok()
        .and_then(|s| s.as_string())
        .is_some_and(|s| s == SELECTION_ENTRY);
    if pushed && history.back().is_ok() {
        return;
    }
    state.select(None);
}

/// Writes the view into the address on every change (a new history entry
/// when the selection changes, so back closes the details), and reads it
/// back when the user goes back or forward.
pub fn sync_address(state: AppState) {
    let last_sel = StoredValue::new(state.view.get_untracked().sel);
    let from_history = StoredValue::new(false);
    Effect::new(move |_| {
        let view = state.view.get();
        if from_history.get_value() {
            from_history.set_value(false);
            last_sel.set_value(view.sel.clone());
            return;
        }
        let location = window().location();
        let search = location.search().unwrap_or_default();
        let query = address_query(&view, &search);
        let path = location.pathname().unwrap_or_default();
        let url = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let history = window().history().expect("the window has a history");
        let sel_changed = last_sel.with_value(|s| *s != view.sel);
        last_sel.set_value(view.sel.clone());
        let _ = if sel_changed && view.sel.is_some() {
            history.push_state_with_url(&JsValue::from_str(SELECTION_ENTRY), "", Some(&url))
        } else {
            // keep the mark of an entry pushed for the details while they are open
            // (the map moving to the place replaces the address too)
            let entry = if view.sel.is_some() {
                history.state().unwrap_or(JsValue::NULL)
            } else {
                JsValue::NULL
            };
            history.replace_state_with_url(&entry, "", Some(&url))
        };
    });
    let on_pop = Closure::<dyn Fn()>::new(move || {
        let search = window().location().search().unwrap_or_default();
        from_history.set_value(true);
        state.view.set(ViewState::from_query(&search));
    });
    let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
}
