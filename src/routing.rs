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

/// How long a change of the view may wait before it is written into the
/// address: changes within this time are written together, once, after
/// the change has been drawn (`history.replaceState` costs the browser a
/// millisecond or two, and it limits how often a page may call it).
const ADDRESS_DELAY_MS: i32 = 150;

/// The address of `view`, keeping the parameters of the current address
/// that are not part of the view.
fn address_of(view: &ViewState) -> String {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let query = address_query(view, &search);
    let path = location.pathname().unwrap_or_default();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Replaces the current history entry's address with `view`'s, keeping
/// the mark of an entry pushed for the details while they are open (the
/// map moving to the place replaces the address too).
fn replace_address(view: &ViewState) {
    let history = window().history().expect("the window has a history");
    let entry = if view.sel.is_some() || view.event.is_some() {
        history.state().unwrap_or(JsValue::NULL)
    } else {
        JsValue::NULL
    };
    let _ = history.replace_state_with_url(&entry, "", Some(&address_of(view)));
}

/// A change of the view waiting to be written into the address.
#[derive(Default)]
struct Pending {
    /// The view to write.
    view: Option<ViewState>,
    /// The timer that writes it.
    timer: Option<i32>,
}

/// Set on the page's root element while a change waits to be written into
/// the address, so that tests can wait for the address to catch up (the
/// condition, not a guessed time).
pub const PENDING_ATTRIBUTE: &str = "data-address-pending";

fn mark_pending(pending: bool) {
    if let Some(root) = document().document_element() {
        let _ = if pending {
            root.set_attribute(PENDING_ATTRIBUTE, "")
        } else {
            root.remove_attribute(PENDING_ATTRIBUTE)
        };
    }
}

impl Pending {
    /// Forgets the waiting change without writing it.
    fn cancel(&mut self) {
        if let Some(timer) = self.timer.take() {
            window().clear_timeout_with_handle(timer);
        }
        self.view = None;
        mark_pending(false);
    }

    /// Writes the waiting change, if any, now.
    fn flush(&mut self) {
        if let Some(timer) = self.timer.take() {
            window().clear_timeout_with_handle(timer);
        }
        if let Some(view) = self.view.take() {
            replace_address(&view);
        }
        mark_pending(false);
    }
}

/// Writes the view into the address (a new history entry at once when the
/// details open, so back closes them; other changes replace the
/// address at most once per [`ADDRESS_DELAY_MS`]), and reads it back when
/// the user goes back or forward.
pub fn sync_address(state: AppState) {
    // what the details show: a place (`sel=`) or an event (`event=`)
    let shown = |v: &ViewState| v.sel.is_some() || v.event.is_some();
    let last_sel = StoredValue::new(shown(&state.view.get_untracked()));
    let from_history = StoredValue::new(false);
    let pending = StoredValue::new_local(Pending::default());
    // one timer callback for the life of the page: it writes what is waiting then
    let write_pending = Closure::<dyn Fn()>::new(move || {
        pending.update_value(|p| {
            p.timer = None;
            p.flush();
        })
    });
    let write_pending: js_sys::Function = write_pending.into_js_value().unchecked_into();
    Effect::new(move |_| {
        let view = state.view.get();
        if from_history.get_value() {
            from_history.set_value(false);
            last_sel.set_value(shown(&view));
            return;
        }
        // Opening the details is a new entry; going from one place to
        // another at the same spot ("Also here") is not, so that closing
        // them (a step back) closes them.
        // (nor is going from a place to one of its events, or back)
        let opened = !last_sel.get_value() && shown(&view);
        last_sel.set_value(shown(&view));
        if opened {
            // The entry being left gets the changes still waiting (they came
            // before the selection), then the selection is a new entry.
            pending.update_value(Pending::flush);
            let history = window().history().expect("the window has a history");
            let _ = history.push_state_with_url(
                &JsValue::from_str(SELECTION_ENTRY),
                "",
                Some(&address_of(&view)),
            );
        } else {
            pending.update_value(|p| {
                p.view = Some(view);
                if p.timer.is_none() {
                    mark_pending(true);
                    p.timer = window()
                        .set_timeout_with_callback_and_timeout_and_arguments_0(
                            &write_pending,
                            ADDRESS_DELAY_MS,
                        )
                        .ok();
                }
            });
        }
    });
    let on_pop = Closure::<dyn Fn()>::new(move || {
        // the browser has already left the entry a waiting change was for
        pending.update_value(Pending::cancel);
        let search = window().location().search().unwrap_or_default();
        from_history.set_value(true);
        state.view.set(ViewState::from_query(&search));
    });
    let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
    // a page being left (reloaded, closed, followed a link) writes what is waiting
    let on_hide = Closure::<dyn Fn()>::new(move || pending.update_value(Pending::flush));
    let _ = window().add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    on_hide.forget();
}
